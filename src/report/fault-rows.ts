import type { FaultCount, LevelResult } from '../spec/index.js';
import { formatPercent, formatUsd } from './format.js';

/** One row of the "why tasks failed" table: a fault class at a level, for a task or for the level's steps. */
export interface FaultRow {
  level: string;
  /** A task name, or `steps` for the level's failed steps. */
  scope: string;
  fault: string;
  count: number;
  example: string;
}

/** Errored tasks per level and task, then the level's failed steps, per fault class. */
export function faultRows(levels: readonly LevelResult[]): FaultRow[] {
  const rows: FaultRow[] = [];
  const add = (level: string, scope: string, faults: readonly FaultCount[] | undefined): void => {
    for (const fault of faults ?? []) rows.push({ level, scope, ...fault });
  };
  for (const level of levels) {
    for (const [name, block] of Object.entries(level.byTask)) add(level.label, name, block.faults);
    add(level.label, 'steps', level.stepFaults);
  }
  return rows;
}

/** "c4: 12 errored (HTTP 500 ×8, timeout ×4)", one per level with errored tasks. */
export function faultSummaries(levels: readonly LevelResult[]): string[] {
  return levels
    .filter((level) => level.tasksErrored > 0)
    .map(
      (level) =>
        `${level.label}: ${level.tasksErrored} errored (${(level.faults ?? [])
          .map((fault) => `${fault.fault} ×${fault.count}`)
          .join(', ')})`,
    );
}

/** One sentence per level whose cost rests partly on estimated usage; empty when none does. */
export function estimateWarnings(levels: readonly LevelResult[]): string[] {
  return levels
    .filter((level) => level.estimatedUsage !== undefined)
    .map((level) => {
      const estimated = level.estimatedUsage!;
      const share =
        estimated.costShare === null ? 'no priced cost' : `${formatPercent(estimated.costShare)} of its cost`;
      return (
        `${level.label}: ${share} (${formatUsd(estimated.costUsd)}) rests on estimated token counts: ` +
        `${estimated.steps} step(s) whose server reported no usage`
      );
    });
}
