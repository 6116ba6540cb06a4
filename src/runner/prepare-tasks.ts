import { AgentperfError } from '../errors.js';
import type { RoleRoute } from '../context/index.js';
import type { Clock, PrepareContext } from '../spec/index.js';
import { type PlannedTask, taskDataSeed } from './case-plan.js';

/**
 * Runs each task's one-off prepare() (index building and the like), timed
 * and reported apart from task latency.
 */
export async function prepareTasks(
  tasks: PlannedTask[],
  options: {
    routes: ReadonlyMap<string, RoleRoute>;
    clock: Clock;
    seed: number;
    signal: AbortSignal;
    onProgress(task: string, done: number, total: number, what: string): void;
  },
): Promise<Record<string, number>> {
  const timings: Record<string, number> = {};
  for (const planned of tasks) {
    const task = planned.task;
    if (task.prepare === undefined) continue;
    const context: PrepareContext = {
      seed: taskDataSeed(options.seed, task.name),
      signal: options.signal,
      embed: async (role, texts) => {
        const route = options.routes.get(role);
        if (route?.adapter.embed === undefined) {
          throw new AgentperfError(
            'config',
            `task "${task.name}" prepares with role "${role}", which no embedding endpoint serves`,
            {
              hint: `serve "${role}" with an embeddings endpoint in the fabric`,
            },
          );
        }
        return route.adapter.embed(route.model, texts, { clock: options.clock, signal: options.signal });
      },
      progress: (done, total, what) => options.onProgress(task.name, done, total, what),
    };
    const start = options.clock.now();
    planned.shared = await task.prepare(context);
    timings[task.name] = Math.round(options.clock.now() - start);
  }
  return timings;
}

/** Releases what prepare() built (sandbox pools, indexes) when it has a close(). */
export async function releaseShared(tasks: PlannedTask[]): Promise<void> {
  for (const planned of tasks) {
    const shared = planned.shared as { close?: () => unknown } | undefined;
    if (typeof shared?.close === 'function') {
      try {
        await shared.close();
      } catch {
        // Releasing is best effort; the measurements are already written.
      }
    }
  }
}
