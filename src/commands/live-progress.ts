import { colorsFor } from '../report/index.js';
import type { ResolvedLevel } from '../config/index.js';
import type { ProgressSink } from '../runner/index.js';
import type { LevelResult, TaskRecord } from '../spec/index.js';

/** Redraw period of the live line: often enough to feel live, rarely enough to cost nothing. */
const REDRAW_MS = 250;

/**
 * Progress on the terminal: a live line per level on a TTY (completed /
 * target, in flight, running p95, pass rate, ETA), plain lines otherwise,
 * nothing with --quiet. With a `label` (several fabrics run at once) every
 * line carries it and nothing is redrawn in place, so runs do not overwrite
 * each other's lines.
 */
export function createProgress(
  stream: NodeJS.WriteStream,
  options: { quiet: boolean; label?: string },
): ProgressSink & { stop(): void } {
  const tty = stream.isTTY === true && !options.quiet && options.label === undefined;
  const pc = colorsFor(stream);
  const prefix = options.label === undefined ? '' : `${pc.dim(`[${options.label}]`)} `;
  let level: ResolvedLevel | null = null;
  let levelStart = 0;
  let completed = 0;
  let measured = 0;
  let passed = 0;
  let inFlight = 0;
  let latencies: number[] = [];
  let timer: NodeJS.Timeout | null = null;
  const write = (text: string): void => {
    if (options.quiet) return;
    stream.write(prefix === '' ? text : text.replace(/^(?=.)/gm, prefix));
  };
  const target = (): number | null =>
    level?.tasks === null || level === null ? null : level.tasks + level.warmupTasks;
  const line = (): string => {
    if (level === null) return '';
    const elapsedS = (performance.now() - levelStart) / 1000;
    const total = target();
    const p95 = runningP95(latencies);
    const rate = measured === 0 ? '–' : `${Math.round((passed / measured) * 100)}%`;
    let eta = '';
    if (total !== null && completed > 0)
      eta = ` · ETA ${formatSeconds((elapsedS / completed) * (total - completed))}`;
    else if (level.durationS !== null)
      eta = ` · ${formatSeconds(Math.max(0, level.durationS - elapsedS))} left`;
    return `  ${pc.bold(level.label.padEnd(6))} ${completed}/${total ?? '∞'} done · ${inFlight} in flight · p95 ${p95 === null ? '–' : `${(p95 / 1000).toFixed(2)} s`} · pass ${rate}${eta}`;
  };
  const redraw = (): void => {
    stream.write(`\r\x1b[2K${line()}`);
  };
  return {
    runStarted(info) {
      write(
        `${pc.bold('agentperf')} run ${info.runId}\n  suite ${info.suite} · fabric ${info.fabric}${info.simulated ? pc.yellow(' · SIMULATED endpoints') : ''}\n  writing ${info.runDir}\n`,
      );
    },
    message(text) {
      if (tty) stream.write('\r\x1b[2K');
      write(`  ${pc.yellow('!')} ${text}\n`);
    },
    prepareProgress(task, done, total, what) {
      if (tty) stream.write(`\r\x1b[2K  preparing ${task}: ${what} ${done}/${total}`);
      else if (done === total) write(`  prepared ${task}: ${what} ${done}/${total}\n`);
    },
    levelStarted(next) {
      if (tty) stream.write('\r\x1b[2K');
      level = next;
      levelStart = performance.now();
      completed = 0;
      measured = 0;
      passed = 0;
      inFlight = 0;
      latencies = [];
      if (tty) {
        timer = setInterval(redraw, REDRAW_MS);
        timer.unref();
      } else {
        write(`  level ${next.label}: started\n`);
      }
    },
    taskStarted() {
      inFlight += 1;
    },
    taskFinished(_level, record: TaskRecord) {
      inFlight -= 1;
      completed += 1;
      if (record.warmup) return;
      measured += 1;
      if (record.passed) passed += 1;
      latencies.push(record.e2eMs);
    },
    levelFinished(finished: ResolvedLevel, result: LevelResult) {
      if (timer) clearInterval(timer);
      timer = null;
      if (tty) stream.write(`\r\x1b[2K${line()}\n`);
      else {
        const p95 = result.e2eMs.p95;
        write(
          `  level ${finished.label}: ${result.tasksCompleted} tasks, p95 ${p95 === null ? '–' : `${(p95 / 1000).toFixed(2)} s`}, pass ${result.passRate === null ? '–' : `${Math.round(result.passRate * 100)}%`}\n`,
        );
      }
      for (const warning of result.harness.warnings) write(`  ${pc.yellow('!')} ${warning}\n`);
    },
    singleCallStarted(phase) {
      if (tty) stream.write('\r\x1b[2K');
      write(`  single-call probe: lone requests per chat model, ${phase}\n`);
    },
    singleCallFinished(probes) {
      const first = Object.values(probes)[0];
      const seconds = first?.windowMs === undefined ? null : (first.windowMs[1] - first.windowMs[0]) / 1000;
      write(
        `  single-call probe: ${Object.keys(probes).length} role(s)${seconds === null ? '' : ` in ${seconds.toFixed(1)} s`}\n`,
      );
      for (const warning of first?.harness?.warnings ?? [])
        write(`  ${pc.yellow('!')} single-call probe: ${warning}\n`);
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

/** p95 of what finished so far (live display only; results use the exact definition). */
function runningP95(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(0.95 * (sorted.length - 1)))]!;
}

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  return `${Math.floor(seconds / 60)} m ${Math.round(seconds % 60)} s`;
}
