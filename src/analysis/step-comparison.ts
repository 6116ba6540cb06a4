import { meanDifference, moments } from './mean-difference.js';
import type { LevelStepFigures, StepFigures } from './step-statistics.js';

/** The figures compared per step kind and role. */
export const STEP_FIGURES: readonly { name: keyof StepFigures; label: string; unit: 'ms' | 'fraction' }[] = [
  { name: 'p50Ms', label: 'p50', unit: 'ms' },
  { name: 'p95Ms', label: 'p95', unit: 'ms' },
  { name: 'criticalPathMsPerTask', label: 'critical path/task', unit: 'ms' },
  { name: 'criticalPathShare', label: 'critical-path share', unit: 'fraction' },
  { name: 'waitMsPerStep', label: 'queue+retry wait/step', unit: 'ms' },
];

/** One figure of one step kind ("kind tool") or role ("role planner") at one level. */
export interface StepComparison {
  level: string;
  /** "kind chat", "kind tool", "role planner", ... */
  subject: string;
  figure: keyof StepFigures;
  label: string;
  unit: 'ms' | 'fraction';
  baseline: number | null;
  candidate: number | null;
  change: number | null;
  relativeChange: number | null;
  /** Between-run t-interval of the change; null with one run a side. */
  ci95: [number, number] | null;
  /** True when the interval excludes zero and the change passes the effect floor: this figure moved. */
  moved: boolean;
}

/** What explains one level's change in mean end-to-end latency. */
export interface LevelExplanation {
  level: string;
  /** Change in mean e2e latency, ms (the critical-path deltas of the kinds sum to it). */
  e2eMeanChangeMs: number | null;
  /** Each kind's critical-path change per task and its share of the total change, largest contribution first. */
  contributions: { kind: string; changeMs: number; share: number; ci95: [number, number] | null }[];
  /** The kind(s) whose critical-path change explains the e2e change (share ≥ 25%, in its direction). */
  named: string[];
}

/** Step-kind and role rows of one level. */
export function compareSteps(
  level: string,
  baseline: readonly LevelStepFigures[],
  candidate: readonly LevelStepFigures[],
  options: { paired: boolean; minRelativeChange: number },
): StepComparison[] {
  const subjects = new Set<string>();
  for (const figures of [...baseline, ...candidate]) for (const key of figures.keys()) subjects.add(key);
  const rows: StepComparison[] = [];
  const repeated = baseline.length >= 2 || candidate.length >= 2;
  for (const subject of [...subjects].sort(bySubject)) {
    for (const figure of STEP_FIGURES) {
      if (figure.name === 'criticalPathShare' && !subject.startsWith('kind ')) continue;
      const read = (figures: LevelStepFigures) => figures.get(subject)?.[figure.name] ?? 0;
      const left = baseline.map(read);
      const right = candidate.map(read);
      const before = moments(left).mean;
      const after = moments(right).mean;
      const change = after - before;
      const estimate = repeated ? meanDifference(left, right, options.paired) : null;
      const relativeChange = before === 0 ? null : change / Math.abs(before);
      const ci95 = estimate?.ci95 ?? null;
      rows.push({
        level,
        subject,
        figure: figure.name,
        label: figure.label,
        unit: figure.unit,
        baseline: before,
        candidate: after,
        change,
        relativeChange,
        ci95,
        moved:
          ci95 !== null &&
          (ci95[0] > 0 || ci95[1] < 0) &&
          (relativeChange === null || Math.abs(relativeChange) >= options.minRelativeChange),
      });
    }
  }
  return rows;
}

/** Kinds before roles, then by name. */
function bySubject(left: string, right: string): number {
  const rank = (subject: string) => (subject.startsWith('kind ') ? 0 : 1);
  return rank(left) - rank(right) || left.localeCompare(right);
}

/**
 * Splits the change in mean e2e latency into the step kinds' critical-path
 * changes (they sum to it: each task's critical path sums to its e2e) and
 * names the kinds that carry at least a quarter of it in its direction.
 */
export function explainLevel(
  level: string,
  rows: readonly StepComparison[],
  baselineE2eMeans: readonly number[],
  candidateE2eMeans: readonly number[],
  paired: boolean,
): LevelExplanation {
  const total = moments(candidateE2eMeans).mean - moments(baselineE2eMeans).mean;
  const kinds = rows.filter(
    (row) => row.figure === 'criticalPathMsPerTask' && row.subject.startsWith('kind '),
  );
  const contributions = kinds
    .map((row) => ({
      kind: row.subject.slice('kind '.length),
      changeMs: row.change ?? 0,
      share: Number.isFinite(total) && total !== 0 ? (row.change ?? 0) / total : 0,
      ci95: row.ci95,
    }))
    .sort((left, right) => right.share - left.share);
  const repeated = baselineE2eMeans.length >= 2 || candidateE2eMeans.length >= 2;
  const e2e = repeated ? meanDifference(baselineE2eMeans, candidateE2eMeans, paired) : null;
  const e2eMoved = !repeated || (e2e !== null && (e2e.ci95[0] > 0 || e2e.ci95[1] < 0));
  const named =
    Number.isFinite(total) && total !== 0 && e2eMoved
      ? contributions.filter((entry) => entry.share >= 0.25).map((entry) => entry.kind)
      : [];
  return { level, e2eMeanChangeMs: Number.isFinite(total) ? total : null, contributions, named };
}
