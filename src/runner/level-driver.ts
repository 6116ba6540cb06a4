import type { ResolvedLevel } from '../config/index.js';
import { SampleColumn } from '../metrics/index.js';
import type { Clock, TaskRecord } from '../spec/index.js';
import { type PlannedTask, planExecution } from './case-plan.js';
import { type ExecutionEnvironment, prepareExecution, runExecution } from './execute-task.js';
import type { LevelProgress } from './resume-state.js';

/** Runs executions of one level; the closed and open loops decide when. */
export class LevelDriver {
  readonly level: ResolvedLevel;
  private readonly environment: ExecutionEnvironment;
  private readonly tasks: PlannedTask[];
  private readonly seed: number;
  private readonly onRecord: (record: TaskRecord) => void;
  private readonly onStart: () => void;
  /** Longest setup() seen so far: the open loop starts setup this far ahead of an arrival. */
  longestSetupMs = 0;
  inFlight = 0;
  /**
   * Open loop: how late each arrival was started by the harness (before any
   * slot wait). A column, not an array: bounded however long the level runs.
   */
  readonly startLagsMs = new SampleColumn();
  /** Closed-loop starts the start pacer queued (HarnessHealth.pacedStarts). */
  pacedStarts = 0;
  /** Set when the level's stop rule fired: start nothing more, let what is in flight finish. */
  stopRequested = false;
  /** Resuming: what this level already recorded (those executions are skipped); null on a fresh run. */
  readonly resumed: LevelProgress | null;

  constructor(init: {
    level: ResolvedLevel;
    environment: ExecutionEnvironment;
    tasks: PlannedTask[];
    seed: number;
    onRecord(record: TaskRecord): void;
    onStart(): void;
    resumed?: LevelProgress | null;
  }) {
    this.resumed = init.resumed ?? null;
    this.level = init.level;
    this.environment = init.environment;
    this.tasks = init.tasks;
    this.seed = init.seed;
    this.onRecord = init.onRecord;
    this.onStart = init.onStart;
  }

  /** True when execution n is already on record (a resumed run). */
  isDone(n: number): boolean {
    return this.resumed?.done.has(n) ?? false;
  }

  /** Where a time-bounded level starts numbering, and how much of its duration is left, ms. */
  timeBudget(durationS: number): { firstN: number; remainingMs: number } {
    return {
      firstN: this.resumed?.nextN ?? 0,
      remainingMs: Math.max(0, durationS * 1000 - (this.resumed?.elapsedMs ?? 0)),
    };
  }

  get clock(): Clock {
    return this.environment.clock;
  }

  get signal(): AbortSignal {
    return this.environment.runSignal;
  }

  /** True when the loops should start no more executions (run interrupted, or the stop rule fired). */
  get stopping(): boolean {
    return this.stopRequested || this.environment.runSignal.aborted;
  }

  /**
   * Execution n: setup, then (open loop) wait until it is due, then run and
   * record. scheduledAt null means "due when setup is done" (closed loop).
   * Resolves true when beforeStart ran (its slot must be released).
   */
  async execute(n: number, dueAt: number | null, beforeStart?: () => Promise<void>): Promise<boolean> {
    const plan = planExecution(this.tasks, n, this.seed);
    const taskExecId = `${this.level.label}-${n}`;
    const setupStart = this.clock.now();
    const prepared = await prepareExecution(plan, taskExecId);
    this.longestSetupMs = Math.max(this.longestSetupMs, this.clock.now() - setupStart);
    if (dueAt !== null) {
      await untilDue(this.clock, dueAt, this.signal);
      // How late the harness itself woke for this arrival; a wait for a
      // maxInFlight slot after this is the system's queue, not harness lag.
      // Never negative: untilDue does not return before the due time.
      this.startLagsMs.push(this.clock.now() - dueAt);
    }
    if (this.signal.aborted) return false;
    const scheduledAt = dueAt ?? this.clock.now();
    if (beforeStart) await beforeStart();
    const acquired = beforeStart !== undefined;
    if (this.signal.aborted) return acquired;
    this.inFlight += 1;
    this.onStart();
    const slot = { level: this.level.label, taskExecId, warmup: n < this.level.warmupTasks, scheduledAt };
    const record = await runExecution(this.environment, slot, prepared);
    this.inFlight -= 1;
    // An execution cut short by an interrupted run is not a measurement.
    if (!(this.signal.aborted && record.error !== null)) this.onRecord(record);
    return acquired;
  }
}

/**
 * Sleeps until the clock reads at least dueAt. A timer alone can fire up to
 * a millisecond early (libuv's loop time is whole milliseconds, read at the
 * start of the loop's turn), so the last stretch is re-checked on
 * setImmediate turns: a task never starts before its scheduled time.
 */
async function untilDue(clock: Clock, dueAt: number, signal: AbortSignal): Promise<void> {
  for (;;) {
    const wait = dueAt - clock.now();
    if (wait <= 0 || signal.aborted) return;
    if (wait > 1) await clock.sleep(wait - 1, signal).catch(() => undefined);
    else {
      await new Promise<void>((resolve) => setImmediate(resolve));
      // An injected clock that only moves when slept on.
      if (clock.now() === dueAt - wait) await clock.sleep(wait, signal).catch(() => undefined);
    }
  }
}
