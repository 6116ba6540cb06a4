import { createWriteStream, type WriteStream } from 'node:fs';
import { colorsFor } from '../report/index.js';
import { UsageError } from '../errors.js';
import { startRecordingProxy } from '../ingest/index.js';
import type { ProxyCall } from '../ingest/index.js';
import { untilStopped } from '../lifecycle/index.js';
import type { ProxyLogLine } from '../spec/index.js';

/**
 * `agentperf proxy --upstream URL`: a standalone recording proxy on
 * loopback. Prints its base URL on stderr and writes one JSON line per
 * model call to `out` (a file) or stdout, until SIGINT/SIGTERM or `signal`.
 */
export async function proxyCommand(options: {
  upstream: string;
  port?: number;
  out?: string;
  signal?: AbortSignal;
}): Promise<void> {
  if (!URL.canParse(options.upstream) || !/^https?:$/.test(new URL(options.upstream).protocol)) {
    throw new UsageError(
      `--upstream "${options.upstream}" is not an http(s) URL`,
      'write the base URL of the real API, e.g. --upstream http://127.0.0.1:8000/v1',
    );
  }
  const sink: WriteStream | NodeJS.WriteStream =
    options.out === undefined ? process.stdout : createWriteStream(options.out, { flags: 'a' });
  const proxy = await startRecordingProxy({
    upstream: options.upstream,
    port: options.port ?? 0,
    retainCalls: false,
    onCall: (call) => sink.write(`${JSON.stringify(logLine(call))}\n`),
  });
  const pc = colorsFor(process.stderr);
  // Listening for Ctrl-C before the banner: a signal sent the moment the banner is read must stop, not kill.
  const stopped = untilStopped(options.signal);
  process.stderr.write(`${pc.bold('agentperf proxy')} ${pc.cyan(proxy.baseUrl)} → ${options.upstream}\n`);
  process.stderr.write(
    `set your agent's base URL to it; calls are attributed by traceparent or an x-agentperf-task header (Ctrl-C to stop)\n`,
  );
  await stopped;
  await proxy.close();
  if (sink !== process.stdout) await new Promise<void>((resolve) => (sink as WriteStream).end(resolve));
}

/** A call as a log line: wall-clock start, durations relative to it. */
export function logLine(call: ProxyCall): ProxyLogLine {
  const step = call.step;
  return {
    taskKey: call.taskKey,
    method: call.method,
    path: call.path,
    status: call.status,
    startedAt: new Date(performance.timeOrigin + step.startAt).toISOString(),
    kind: step.kind,
    model: step.model ?? null,
    durationMs: step.endAt - step.startAt,
    ttftMs:
      step.firstTokenAt === undefined || step.firstTokenAt === null ? null : step.firstTokenAt - step.startAt,
    inputTokens: step.inputTokens ?? 0,
    cachedInputTokens: step.cachedInputTokens ?? 0,
    outputTokens: step.outputTokens ?? 0,
    error: step.error ?? null,
  };
}
