import { parseUntilRule, type UntilRule, type UntilState, untilState } from '../metrics/index.js';
import type { TaskRecord } from '../spec/index.js';
import type { LevelStopFactory, LevelStopRule } from './level-stop.js';

/** Recompute the intervals only when the sample has grown this much: sorting per task would be quadratic. */
const RECHECK_GROWTH = 1.05;

/**
 * `run --until`: each level stops once every rule's interval is tight
 * enough. Bad expressions are usage errors, raised here before anything runs.
 */
export function untilStopFactory(expressions: readonly string[]): LevelStopFactory | undefined {
  if (expressions.length === 0) return undefined;
  const rules = expressions.map((expression) => parseUntilRule(expression));
  return () => untilStopRule(rules);
}

function untilStopRule(rules: readonly UntilRule[]): LevelStopRule {
  let nextCheckAt = 1;
  const describe = (states: UntilState[]): string =>
    states
      .map((state, index) => {
        const rule = rules[index]!;
        const name = `${rule.task === null ? '' : `task=${rule.task}:`}${rule.metric}.${rule.statistic}`;
        return state.relativeHalfWidth === null
          ? `${name} has no 95% interval yet (${state.samples} samples)`
          : `${name} interval ±${(state.relativeHalfWidth * 100).toFixed(1)}% after ${state.samples} samples`;
      })
      .join('; ');
  return {
    rule: rules.map((rule) => rule.expression).join(' and '),
    check(records: readonly TaskRecord[]): string | null {
      if (records.length < nextCheckAt) return null;
      nextCheckAt = Math.ceil(records.length * RECHECK_GROWTH);
      const states = rules.map((rule) => untilState(rule, records));
      return states.every((state) => state.satisfied) ? describe(states) : null;
    },
    describeBudgetEnd: (records) =>
      `budget ran out first: ${describe(rules.map((rule) => untilState(rule, records)))}`,
  };
}
