/**
 * `npm run bench -- run-memory`: peak RSS of runs of 100,000 and 1,000,000
 * tasks (see harness/run-memory.ts). RUN_TASKS, RUN_REPS, CONCURRENCY.
 */
import { runMemory } from './harness/run-memory.js';

await runMemory();
