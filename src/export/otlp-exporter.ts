import { AgentperfError } from '../errors.js';
import { redact } from '../redact.js';
import type { SpanRecord, TaskRecord } from '../spec/index.js';
import { resolveOtlpTarget } from './otlp-environment.js';
import { type OtlpJsonSpan, stepSpan, taskSpan } from './otlp-json.js';

export interface OtlpSpanExporterOptions {
  /** Extra request headers (e.g. a collector's auth header); added to OTEL_EXPORTER_OTLP_HEADERS. Never logged. */
  headers?: Record<string, string>;
  /** The resource's service.name (default $OTEL_SERVICE_NAME, else "agentperf"). */
  serviceName?: string;
  /** Spans per request (default 512). */
  maxBatchSpans?: number;
  /** Time allowed per request, ms (default $OTEL_EXPORTER_OTLP_TIMEOUT, else 10,000). */
  timeoutMs?: number;
  /** Endpoint name → GenAI provider id (`openai`, …) for gen_ai.provider.name. */
  providers?: Readonly<Record<string, string>>;
  /** Where the OTEL_EXPORTER_OTLP_* variables are read (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Attempts per request when the collector answers 429/502/503/504 or cannot be reached (default 5). */
  maxAttempts?: number;
  /** Waits between attempts; injected by tests. */
  sleep?: (ms: number) => Promise<void>;
}

/** The OTLP/HTTP spec's retryable answers: the collector is throttling or briefly away. */
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 8_000;

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
 * (http://host:4318) gets /v1/traces appended; without one (undefined or
 * empty) the standard OTEL_EXPORTER_OTLP_* variables say where. Throttling
 * and brief outages (429, 502-504, no answer) are retried with exponential
 * backoff, honouring Retry-After.
 */
export function createOtlpSpanExporter(
  url: string | undefined,
  options: OtlpSpanExporterOptions = {},
): OtlpSpanExporter {
  const target = resolveOtlpTarget(url, options.env ?? process.env, {
    ...(options.headers === undefined ? {} : { headers: options.headers }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.serviceName === undefined ? {} : { serviceName: options.serviceName }),
  });
  const tracesUrl = target.tracesUrl;
  const maxBatch = options.maxBatchSpans ?? 512;
  const maxAttempts = options.maxAttempts ?? 5;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const providers = options.providers ?? {};
  const resource = {
    attributes: [{ key: 'service.name', value: { stringValue: target.serviceName } }],
  };
  let closed = false;

  async function send(batch: OtlpJsonSpan[]): Promise<void> {
    const body = JSON.stringify({
      resourceSpans: [{ resource, scopeSpans: [{ scope: { name: 'agentperf' }, spans: batch }] }],
    });
    for (let attempt = 1; ; attempt++) {
      const backoff = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (attempt - 1));
      let response: Response;
      try {
        response = await fetch(tracesUrl, {
          method: 'POST',
          headers: { ...target.headers, 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(target.timeoutMs),
        });
      } catch (error) {
        if (attempt < maxAttempts) {
          await sleep(backoff);
          continue;
        }
        throw exportError(
          `could not reach ${tracesUrl} (${attempt} attempts): ${(error as Error).message}`,
          error,
        );
      }
      const text = await response.text();
      if (response.ok) return;
      if (RETRYABLE_STATUS.has(response.status) && attempt < maxAttempts) {
        await sleep(retryAfterMs(response.headers.get('retry-after')) ?? backoff);
        continue;
      }
      throw exportError(
        `${tracesUrl} answered HTTP ${response.status}${attempt > 1 ? ` after ${attempt} attempts` : ''}: ${text.slice(0, 200)}`,
      );
    }
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
        if (task !== undefined)
          await add(
            stepSpan(
              span,
              task,
              runEpochWallMs,
              span.endpoint === null ? undefined : providers[span.endpoint],
            ),
          );
      }
      if (batch.length > 0) await send(batch);
    },
    async close() {
      closed = true;
    },
  };
}

/** Retry-After in seconds or as an HTTP date, capped so one answer cannot stall the run. */
function retryAfterMs(header: string | null): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(0, ms), 30_000) : null;
}

function exportError(message: string, cause?: unknown): AgentperfError {
  return new AgentperfError('internal', `OTLP export failed: ${redact(message)}`, {
    hint: 'check the --otlp URL (or OTEL_EXPORTER_OTLP_ENDPOINT) and that the collector accepts OTLP/HTTP JSON',
    ...(cause === undefined ? {} : { cause }),
  });
}
