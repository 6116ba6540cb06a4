import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { blankSpan } from '../context/blank-span.js';
import { UsageError } from '../errors.js';
import type { ProxyLogLine, RunResults, SpanRecord, TaskRecord } from '../spec/index.js';

/** A recorded trace as task and span records, whatever file it came from. */
export interface Trace {
  format: 'agentperf-run' | 'agentperf-proxy' | 'mooncake';
  /** The recorded levels: a run's own, or one open-loop level at the recorded arrivals. */
  levels: Array<{ label: string; mode: 'closed' | 'open'; concurrency?: number }>;
  tasks: TaskRecord[];
  spans: SpanRecord[];
  /** The recorded run's results, for run directories. */
  results?: RunResults;
  suite: string;
  /** Mooncake: each execution's prompt block hashes (512 tokens a block), so replayed prompts share what the recorded ones shared. */
  promptBlocks?: ReadonlyMap<string, string[]>;
}

/** The level a request-level trace is replayed as: its arrivals as recorded. */
const TRACE_LEVEL = 'trace';

/**
 * Reads a trace: an agentperf run directory (tasks.jsonl + spans.jsonl), a
 * recording of `agentperf proxy` (one JSON line per model call, grouped
 * into tasks by their task key), or a Mooncake trace (one JSON line per
 * request: timestamp in ms, input_length, output_length, hash_ids of
 * 512-token prompt blocks), the format the Mooncake, GuideLLM and
 * inference-perf replays read.
 */
export function readTrace(path: string): Trace {
  if (existsSync(path) && statSync(path).isDirectory()) return readRunDirectory(path);
  if (!existsSync(path))
    throw new UsageError(
      `no trace at ${path}`,
      'give a run directory, a proxy recording or a Mooncake trace (.jsonl)',
    );
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => line !== '');
  if (lines.length === 0) throw new UsageError(`${path} is empty`, 'record a trace first');
  const records = lines.map(({ line, number }) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new UsageError(
        `${path}:${number} is not a JSON line`,
        'traces are JSON lines, one record a line',
      );
    }
  });
  const first = records[0]!;
  if ('input_length' in first && 'output_length' in first) return readMooncake(records, path);
  if ('taskKey' in first && 'durationMs' in first) return readProxy(records, path);
  throw new UsageError(
    `${path} is neither an agentperf proxy recording nor a Mooncake trace`,
    'proxy lines have taskKey, startedAt and durationMs; Mooncake lines have timestamp, input_length and output_length',
  );
}

function readRunDirectory(dir: string): Trace {
  const jsonLines = <T>(file: string): T[] => {
    const path = join(dir, file);
    if (!existsSync(path))
      throw new UsageError(`${dir} has no ${file}`, 'give a run directory written by agentperf run');
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    const out: T[] = [];
    lines.forEach((line, index) => {
      try {
        out.push(JSON.parse(line) as T);
      } catch {
        // A torn last line (a killed run) is dropped; anything else is not a run's file.
        if (index !== lines.length - 1)
          throw new UsageError(
            `${path}:${index + 1} is not a JSON line`,
            'give a run directory written by agentperf run',
          );
      }
    });
    return out;
  };
  const resultsPath = join(dir, 'results.json');
  const results = existsSync(resultsPath)
    ? (JSON.parse(readFileSync(resultsPath, 'utf8')) as RunResults)
    : undefined;
  const tasks = jsonLines<TaskRecord>('tasks.jsonl');
  const spans = jsonLines<SpanRecord>('spans.jsonl');
  const levels =
    results?.levels.map((level) => ({
      label: level.label,
      mode: level.mode,
      ...(level.concurrency === undefined ? {} : { concurrency: level.concurrency }),
    })) ?? [...new Set(tasks.map((task) => task.level))].map((label) => ({ label, mode: 'open' as const }));
  return {
    format: 'agentperf-run',
    levels,
    tasks,
    spans,
    ...(results ? { results } : {}),
    suite: results?.suite ?? 'trace',
  };
}

/** Proxy calls grouped by task key; a call without one is a task of its own. The gaps between calls are the agent's own time (its tools and code). */
function readProxy(records: Array<Record<string, unknown>>, path: string): Trace {
  const calls = records as unknown as ProxyLogLine[];
  const epoch = Math.min(...calls.map((call) => Date.parse(call.startedAt)));
  if (!Number.isFinite(epoch))
    throw new UsageError(
      `${path} has a line without a valid startedAt`,
      'record it again with agentperf proxy',
    );
  const groups = new Map<string, ProxyLogLine[]>();
  calls.forEach((call, index) => {
    const key = call.taskKey ?? `call-${index}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [call]);
    else group.push(call);
  });
  const tasks: TaskRecord[] = [];
  const spans: SpanRecord[] = [];
  let index = 0;
  for (const [key, group] of [...groups].sort((a, b) => startOf(a[1], epoch) - startOf(b[1], epoch))) {
    const taskExecId = `${TRACE_LEVEL}-${index++}`;
    let start = Number.POSITIVE_INFINITY;
    let end = 0;
    group.forEach((call, callIndex) => {
      const startMs = Date.parse(call.startedAt) - epoch;
      const endMs = startMs + call.durationMs;
      start = Math.min(start, startMs);
      end = Math.max(end, endMs);
      const kind = call.kind === 'embed' || call.kind === 'rerank' ? call.kind : 'chat';
      spans.push({
        ...blankSpan({
          spanId: `${taskExecId}.${callIndex + 1}`,
          taskExecId,
          parentId: null,
          kind,
          name: call.model ?? 'model',
          startMs,
          endMs,
        }),
        role: call.model ?? 'model',
        ttftMs: call.ttftMs,
        inputTokens: call.inputTokens,
        cachedInputTokens: call.cachedInputTokens,
        outputTokens: call.outputTokens,
        costUsd: null,
        status: call.error === null && (call.status === null || call.status < 400) ? 'ok' : 'error',
        error: call.error,
        itlMs: call.ttftMs === null ? null : [0, 0, 0, 0],
      });
    });
    tasks.push(traceTask(taskExecId, key, start, end, group.length));
  }
  return {
    format: 'agentperf-proxy',
    levels: [{ label: TRACE_LEVEL, mode: 'open' }],
    tasks,
    spans,
    suite: 'proxy-trace',
  };
}

function startOf(group: ProxyLogLine[], epoch: number): number {
  return Math.min(...group.map((call) => Date.parse(call.startedAt) - epoch));
}

/** Mooncake: every request is a one-step task arriving at its timestamp; hash_ids say which prompt blocks it shares. */
function readMooncake(records: Array<Record<string, unknown>>, path: string): Trace {
  const tasks: TaskRecord[] = [];
  const spans: SpanRecord[] = [];
  const promptBlocks = new Map<string, string[]>();
  const first = Number(records[0]!.timestamp ?? 0);
  records.forEach((record, index) => {
    const at = Number(record.timestamp ?? 0) - first;
    const input = Number(record.input_length);
    const output = Number(record.output_length);
    if (!Number.isFinite(at) || !(input > 0) || !(output >= 0)) {
      throw new UsageError(
        `${path}:${index + 1} has no usable timestamp, input_length or output_length`,
        'Mooncake lines need numbers there',
      );
    }
    const taskExecId = `${TRACE_LEVEL}-${index}`;
    const hashIds = Array.isArray(record.hash_ids) ? record.hash_ids.map(String) : [];
    spans.push({
      ...blankSpan({
        spanId: `${taskExecId}.1`,
        taskExecId,
        parentId: null,
        kind: 'chat',
        name: 'model',
        startMs: at,
        endMs: at,
      }),
      role: 'model',
      inputTokens: input,
      outputTokens: Math.max(1, output),
      costUsd: null,
      ttftMs: 0,
      itlMs: [0, 0, 0, 0],
    });
    promptBlocks.set(taskExecId, hashIds);
    tasks.push(traceTask(taskExecId, String(index), at, at, 1));
  });
  return {
    format: 'mooncake',
    levels: [{ label: TRACE_LEVEL, mode: 'open' }],
    tasks,
    spans,
    suite: 'mooncake-trace',
    promptBlocks,
  };
}

/** Tokens in one Mooncake hash block. */
export const MOONCAKE_BLOCK_TOKENS = 512;

function traceTask(
  taskExecId: string,
  caseId: string,
  start: number,
  end: number,
  steps: number,
): TaskRecord {
  return {
    runId: 'trace',
    level: TRACE_LEVEL,
    task: 'trace',
    caseId,
    taskExecId,
    fabric: 'recorded',
    warmup: false,
    scheduledAtMs: start,
    startMs: start,
    endMs: end,
    e2eMs: end - start,
    passed: true,
    score: 1,
    error: null,
    gradeReason: null,
    costUsd: null,
    pricedCostUsd: 0,
    steps,
    inputTokens: 0,
    cachedInputTokens: 0,
    outputTokens: 0,
  };
}
