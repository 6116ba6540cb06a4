import type { TaskDefinition } from '../spec/index.js';
import type { SuiteInput, TaskRef } from './suite-schema.js';

/** A suite written in TypeScript: like agentperf.yaml, but tasks may be task objects. */
export interface SuiteDefinition extends Omit<SuiteInput, 'tasks'> {
  // biome-ignore lint/suspicious/noExplicitAny: tasks of any case/state/answer types may share a suite
  tasks: Array<TaskDefinition<any, any, any, any> | TaskRef>;
}

const SUITE_BRAND = Symbol.for('agentperf.suite');

/** Declares a suite in a TypeScript module: `export default defineSuite({...})`. */
export function defineSuite(suite: SuiteDefinition): SuiteDefinition {
  Object.defineProperty(suite, SUITE_BRAND, { value: true, enumerable: false });
  return suite;
}

/** True for objects made by defineSuite. */
export function isSuiteDefinition(value: unknown): value is SuiteDefinition {
  return (
    typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[SUITE_BRAND] === true
  );
}

/**
 * Declares a task: cases + agent + grader. An identity function that gives
 * the task's case, state and answer types to the agent and grader.
 */
export function defineTask<Case, State = undefined, Answer = string, Shared = undefined>(
  task: TaskDefinition<Case, State, Answer, Shared>,
): TaskDefinition<Case, State, Answer, Shared> {
  return task;
}
