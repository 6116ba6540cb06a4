import { AgentperfError } from '../errors.js';
import type { RoleRoute } from '../context/index.js';
import type { Clock, PrepareContext } from '../spec/index.js';
import type { PlannedTask } from './case-plan.js';
import { deriveSeed } from './random.js';

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
      seed: deriveSeed(options.seed, task.name, 'prepare'),
      signal: options.signal,
      embed: async (role, texts) => {
        const route = options.routes.get(role);
        if (route?.adapter.embed === undefined) {
          throw new AgentperfError('config', `task "${task.name}" prepares with role "${role}", which no embedding endpoint serves`, {
            hint: `serve "${role}" with an embeddings endpoint in the fabric`,
          });
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
