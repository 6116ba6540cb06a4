import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UsageError } from '../errors.js';
import type { SpanRecord, TaskRecord } from '../spec/index.js';

/** What one level already has on disk when a run is resumed. */
export interface LevelProgress {
  /** Execution numbers n (taskExecId `<level>-<n>`) with a task record. */
  done: ReadonlySet<number>;
  /** First execution number after every recorded one (time-bounded levels continue from here). */
  nextN: number;
  /** Wall time the level already ran: from its first scheduled start to its last end, ms. */
  elapsedMs: number;
  tasks: TaskRecord[];
  spans: SpanRecord[];
}

/** A partial or killed run directory, read back for `run --resume`. */
export interface ResumeState {
  runId: string;
  runDir: string;
  /** Kept records, and their lines exactly as they were on disk. */
  tasks: TaskRecord[];
  spans: SpanRecord[];
  taskLines: Array<{ level: string; task: string; line: string }>;
  spanLines: Array<{ taskExecId: string; line: string }>;
  levels: ReadonlyMap<string, LevelProgress>;
  /** Latest end of any kept record, ms since the run's start: the resumed part continues from here. */
  endMs: number;
  /** What was dropped and why, for the user. */
  warnings: string[];
}

/** Splits taskExecId `<level>-<n>` into its execution number. */
function executionNumber(taskExecId: string): number | null {
  const at = taskExecId.lastIndexOf('-');
  const n = Number(taskExecId.slice(at + 1));
  return at < 0 || !Number.isInteger(n) ? null : n;
}

/**
 * Parses a JSONL file a killed run left: every line must be JSON except
 * the last, which may have been cut mid-write; that one is dropped.
 */
function readLines<T>(path: string, warnings: string[]): Array<{ record: T; line: string }> {
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'utf8').split('\n');
  const kept: Array<{ record: T; line: string }> = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      kept.push({ record: JSON.parse(line) as T, line });
    } catch {
      const last = lines.slice(index + 1).every((rest) => rest.trim() === '');
      if (!last) {
        throw new UsageError(
          `${path}:${index + 1} is not valid JSON and is not the last line: the run directory is damaged`,
          'resume only run directories agentperf wrote; start a fresh run',
        );
      }
      warnings.push(`dropped a torn last line of ${basename(path)} (cut mid-write when the run stopped)`);
    }
  });
  return kept;
}

/** Rewrites a file atomically (write a sibling, rename it over). */
function replaceFile(path: string, lines: string[]): void {
  const next = `${path}.resume-tmp`;
  writeFileSync(next, lines.length === 0 ? '' : `${lines.join('\n')}\n`);
  renameSync(next, path);
}

/**
 * Reads what a partial or killed run finished, so `run --resume` runs only
 * what is missing. Keeps every task record; keeps a span only when its task
 * was recorded (the spans of an execution cut off mid-task are dropped: that
 * execution runs again under the same id). Rewrites both JSONL files to
 * exactly the kept lines, so nothing is duplicated after the resume.
 */
export function readResumeState(runDir: string): ResumeState {
  if (!existsSync(join(runDir, 'tasks.jsonl'))) {
    throw new UsageError(
      `${runDir} is not a run directory: tasks.jsonl is missing`,
      'pass the directory `agentperf run` printed (agentperf-runs/<runId>)',
    );
  }
  const warnings: string[] = [];
  const taskEntries = readLines<TaskRecord>(join(runDir, 'tasks.jsonl'), warnings);
  const spanEntries = readLines<SpanRecord>(join(runDir, 'spans.jsonl'), warnings);
  const seen = new Set<string>();
  const keptTasks = taskEntries.filter(({ record }) => {
    if (seen.has(record.taskExecId)) return false;
    seen.add(record.taskExecId);
    return true;
  });
  const keptSpans = spanEntries.filter(({ record }) => seen.has(record.taskExecId));
  const orphans = spanEntries.length - keptSpans.length;
  if (orphans > 0)
    warnings.push(`dropped ${orphans} span(s) of executions that had not finished (they run again)`);
  replaceFile(
    join(runDir, 'tasks.jsonl'),
    keptTasks.map((entry) => entry.line),
  );
  replaceFile(
    join(runDir, 'spans.jsonl'),
    keptSpans.map((entry) => entry.line),
  );

  const levels = new Map<string, LevelProgress & { done: Set<number>; firstMs: number; lastMs: number }>();
  let endMs = 0;
  for (const { record } of keptTasks) {
    endMs = Math.max(endMs, record.endMs);
    const n = executionNumber(record.taskExecId);
    let level = levels.get(record.level);
    if (level === undefined) {
      level = {
        done: new Set(),
        nextN: 0,
        elapsedMs: 0,
        tasks: [],
        spans: [],
        firstMs: Number.POSITIVE_INFINITY,
        lastMs: 0,
      };
      levels.set(record.level, level);
    }
    level.tasks.push(record);
    if (n !== null) {
      level.done.add(n);
      level.nextN = Math.max(level.nextN, n + 1);
    }
    level.firstMs = Math.min(level.firstMs, record.scheduledAtMs);
    level.lastMs = Math.max(level.lastMs, record.endMs);
    level.elapsedMs = level.lastMs - level.firstMs;
  }
  const levelOfExec = new Map(keptTasks.map(({ record }) => [record.taskExecId, record.level]));
  for (const { record } of keptSpans) levels.get(levelOfExec.get(record.taskExecId)!)?.spans.push(record);
  return {
    runId: basename(runDir),
    runDir,
    tasks: keptTasks.map((entry) => entry.record),
    spans: keptSpans.map((entry) => entry.record),
    taskLines: keptTasks.map(({ record, line }) => ({ level: record.level, task: record.task, line })),
    spanLines: keptSpans.map(({ record, line }) => ({ taskExecId: record.taskExecId, line })),
    levels,
    endMs,
    warnings,
  };
}
