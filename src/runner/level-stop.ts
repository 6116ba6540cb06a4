import type { ResolvedLevel } from '../config/index.js';
import type { LevelStopRecord, TaskRecord } from '../spec/index.js';

/**
 * A rule that may end a level before its tasks or duration run out
 * (`run --until`, capacity probes). The level driver consults it after each
 * recorded task; tasks already in flight finish and count.
 */
export interface LevelStopRule {
  /** The rule as the user wrote it (saved in results.json). */
  rule: string;
  /**
   * Called after each record with every record of the level so far
   * (warm-up included; the rule skips it). A sentence saying why the level
   * may end, or null to go on. Keep it cheap: it runs on the per-task path.
   */
  check(records: readonly TaskRecord[]): string | null;
  /** Why the level ended without the rule holding (its budget ran out): a sentence for the results. */
  describeBudgetEnd?(records: readonly TaskRecord[]): string;
}

/** Gives each level its stop rule, or null for a level that runs its full budget. */
export type LevelStopFactory = (level: ResolvedLevel) => LevelStopRule | null;

/** Tracks one level's rule: whether it fired, and what to record about it. */
export class LevelStopWatch {
  private reason: string | null = null;

  constructor(private readonly rule: LevelStopRule | null) {}

  /** True when the level has a rule (which reads the level's records as they come). */
  get ruled(): boolean {
    return this.rule !== null;
  }

  /** True once the rule has fired. */
  get fired(): boolean {
    return this.reason !== null;
  }

  /** Consults the rule after a record; true when the level should start nothing more. */
  consult(records: readonly TaskRecord[]): boolean {
    if (this.rule === null || this.reason !== null) return this.reason !== null;
    this.reason = this.rule.check(records);
    return this.reason !== null;
  }

  /** What results.json records about the stop; undefined when the level had no rule. */
  record(records: readonly TaskRecord[], interrupted: boolean): LevelStopRecord | undefined {
    if (this.rule === null) return undefined;
    const measured = records.filter((record) => !record.warmup).length;
    if (this.reason !== null)
      return { rule: this.rule.rule, by: 'rule', detail: this.reason, measuredTasks: measured };
    return {
      rule: this.rule.rule,
      by: interrupted ? 'interrupted' : 'budget',
      detail: this.rule.describeBudgetEnd?.(records) ?? 'the level ran its whole budget',
      measuredTasks: measured,
    };
  }
}
