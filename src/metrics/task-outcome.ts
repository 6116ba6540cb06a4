import type { TaskRecord } from '../spec/index.js';

/** A task passed when the grader said so and it produced an answer: an errored task never passes. */
export function isPassed(task: TaskRecord): boolean {
  return task.passed && task.error === null;
}
