import {
  LookSchedule,
  type SloEvaluation,
  type Threshold,
  evaluateSlo,
  measuredTasks,
} from '../metrics/index.js';
import type { LevelResult, TaskRecord } from '../spec/index.js';

/**
 * Early stopping for one probe: at each look of a geometric schedule, every
 * SLO is judged with its share of the look's error; the level ends as soon
 * as one SLO is missed or all are met. Keeps the records it saw so the
 * probe can be judged once more when it ends.
 */
export class SloStopRule {
  readonly rule: string;
  private readonly looks: LookSchedule;
  private records: readonly TaskRecord[] = [];
  /** Verdicts at the look that ended the level, if one did. */
  private deciding: SloEvaluation[] | null = null;

  constructor(
    private readonly slos: readonly Threshold[],
    confidence: number,
  ) {
    this.rule = slos.map((slo) => slo.expression).join(' and ');
    this.looks = new LookSchedule(1 - confidence);
  }

  check(records: readonly TaskRecord[]): string | null {
    this.records = records;
    let measured = 0;
    for (const record of records) if (!record.warmup) measured++;
    if (!this.looks.due(measured)) return null;
    const evaluations = this.judge(false);
    const missed = evaluations.find((evaluation) => evaluation.verdict === 'missed');
    if (missed !== undefined || evaluations.every((evaluation) => evaluation.verdict === 'met')) {
      this.deciding = evaluations;
      return missed === undefined
        ? `every SLO met with confidence after ${measured} tasks`
        : `${missed.expression} missed with confidence after ${measured} tasks`;
    }
    return null;
  }

  /**
   * The probe's verdicts once the level has ended: those of the deciding
   * look (the numbers shown use every record), or a last look over all of
   * them when the budget ran out first.
   */
  conclude(level: LevelResult | undefined): SloEvaluation[] {
    const final = this.judge(true, level);
    if (this.deciding === null) return final;
    const decided = this.deciding;
    return final.map((evaluation, index) => ({
      ...evaluation,
      verdict: decided[index]!.verdict,
      note: decided[index]!.note,
    }));
  }

  /** Measured records seen so far. */
  get samples(): number {
    return measuredTasks(this.records).length;
  }

  private judge(final: boolean, level?: LevelResult): SloEvaluation[] {
    if (final) this.looks.due(Number.POSITIVE_INFINITY);
    // Bonferroni across SLOs: a probe is met only when all are, so the error is split between them.
    const alpha = this.looks.alphaNow / this.slos.length;
    return this.slos.map((slo) =>
      evaluateSlo(slo, this.records, { alpha, final, ...(level === undefined ? {} : { block: level }) }),
    );
  }
}
