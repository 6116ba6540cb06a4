import { AgentperfError } from '../errors.js';
import type { TaskDefinition } from '../spec/index.js';
import { deriveSeed, seededRandom, shuffledIndices } from './random.js';

/** A task with its cases loaded once per run. */
export interface PlannedTask {
  task: TaskDefinition;
  cases: unknown[];
  caseIds: string[];
  /** Case visiting order, seeded. */
  order: number[];
  /** What the task's prepare() returned. */
  shared: unknown;
}

/** What execution n of a level runs. */
export interface PlannedExecution {
  planned: PlannedTask;
  caseIndex: number;
  caseId: string;
  seed: number;
}

/**
 * The seed a task's generated data comes from. cases() and prepare() get
 * the same one, so a dataset built in either matches the other.
 */
export function taskDataSeed(runSeed: number, taskName: string): number {
  return deriveSeed(runSeed, taskName, 'data');
}

/** Loads each task's cases (generated from the seed when the task says so) and fixes their order. */
export async function loadCases(tasks: TaskDefinition[], seed: number): Promise<PlannedTask[]> {
  const planned: PlannedTask[] = [];
  for (const task of tasks) {
    const cases = Array.isArray(task.cases) ? task.cases : await task.cases(taskDataSeed(seed, task.name));
    if (cases.length === 0) {
      throw new AgentperfError('config', `task "${task.name}" has no cases`, {
        hint: 'give the task at least one case',
      });
    }
    const caseIds = cases.map((theCase, index) =>
      task.caseId ? task.caseId(theCase, index) : String(index),
    );
    const order = shuffledIndices(cases.length, seededRandom(deriveSeed(seed, task.name, 'order')));
    planned.push({ task, cases, caseIds, order, shared: undefined });
  }
  return planned;
}

/**
 * Execution n of any level: tasks interleave round-robin (a mixed workload,
 * as real fleets see), and each task walks its shuffled cases. Every level
 * and every fabric sees the same sequence, so they compare like for like.
 */
export function planExecution(tasks: PlannedTask[], n: number, runSeed: number): PlannedExecution {
  const planned = tasks[n % tasks.length]!;
  const round = Math.floor(n / tasks.length);
  const caseIndex = planned.order[round % planned.order.length]!;
  const caseId = planned.caseIds[caseIndex]!;
  return { planned, caseIndex, caseId, seed: deriveSeed(runSeed, planned.task.name, caseId) };
}
