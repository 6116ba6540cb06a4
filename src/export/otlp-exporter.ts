import { AgentperfError } from '../errors.js';
import { redact } from '../redact.js';
import type { SpanRecord, TaskRecord } from '../spec/index.js';
import { type OtlpJsonSpan, stepSpan, taskSpan } from './otlp-json.js';

export interface OtlpSpanExporterOptions {
  /** Extra request headers (e.g. a collector's auth header). Never logged. */
  headers?: Record<string, string>;
  /** The resource's service.name (default "agentperf"). */
  serviceName?: string;
  /** Spans per request (default 512). */
  maxBatchSpans?: number;
  /** Time allowed per request, ms (default 10,000). */
  timeoutMs?: number;
}

/** Sends a run's spans to an OpenTelemetry collector. */
export interface OtlpSpanExporter {
  /**
   * Exports the given task executions, one trace each: the task as root
   * span (from its scheduled start), its steps as children. Spans of tasks
   * not in `tasks` are skipped: their trace has no root to hang from.
   * `runEpochWallMs` is the wall-clock time (epoch ms) of the run's time zero.
   */
  export(spans: readonly SpanRecord[], tasks: readonly TaskRecord[], runEpochWallMs: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * An exporter of agentperf's spans as OTLP/HTTP JSON with GenAI semantic
 * convention attributes, so a run can be browsed in Jaeger, Tempo or any
 * OTel backend. `url` is the collector's traces endpoint; a bare base URL
 * (http://host:4318) gets /v1/traces appended.
 */
export function createOtlpSpanExporter(url: string, options: OtlpSpanExporterOptions = {}): OtlpSpanExporter {
  const tracesUrl = /\/v1\/traces\/?$/.test(url) ? url : `${url.replace(/\/+$/, '')}/v1/traces`;
  const maxBatch = options.maxBatchSpans ?? 512;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const resource = {
    attributes: [{ key: 'service.name', value: { stringValue: options.serviceName ?? 'agentperf' } }],
  };
  let closed = false;

  async function send(batch: OtlpJsonSpan[]): Promise<void> {
    const body = JSON.stringify({
      resourceSpans: [{ resource, scopeSpans: [{ scope: { name: 'agentperf' }, spans: batch }] }],
    });
    let response: Response;
    try {
      response = await fetch(tracesUrl, {
        method: 'POST',
        headers: { ...options.headers, 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw exportError(`could not reach ${tracesUrl}: ${(error as Error).message}`, error);
    }
    const text = await response.text();
    if (!response.ok)
      throw exportError(`${tracesUrl} answered HTTP ${response.status}: ${text.slice(0, 200)}`);
  }

  return {
    async export(spans, tasks, runEpochWallMs) {
      if (closed) throw new AgentperfError('usage', 'the OTLP exporter was closed');
      const byExecId = new Map(tasks.map((task) => [task.taskExecId, task]));
      let batch: OtlpJsonSpan[] = [];
      const add = async (span: OtlpJsonSpan) => {
        batch.push(span);
        if (batch.length >= maxBatch) {
          const full = batch;
          batch = [];
          await send(full);
        }
      };
      for (const task of tasks) await add(taskSpan(task, runEpochWallMs));
      for (const span of spans) {
        const task = byExecId.get(span.taskExecId);
        if (task !== undefined) await add(stepSpan(span, task, runEpochWallMs));
      }
      if (batch.length > 0) await send(batch);
    },
    async close() {
      closed = true;
    },
  };
}

function exportError(message: string, cause?: unknown): AgentperfError {
  return new AgentperfError('internal', `OTLP export failed: ${redact(message)}`, {
    hint: 'check the --otlp URL and that the collector accepts OTLP/HTTP JSON',
    ...(cause === undefined ? {} : { cause }),
  });
}
