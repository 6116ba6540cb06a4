/**
 * Bytes a level keeps per task while it runs: synthetic executions (one
 * planner chat, embed, retrieval, four tool calls) folded into a
 * SpanCollector (task and span digests) as the runner folds them, heap used
 * after a full GC at each step. Run with `node --expose-gc --import tsx
 * bench/harness/digest-memory.ts [tasks]` (default 400,000).
 */
import { SpanCollector } from '../../src/metrics/index.js';
import { syntheticExecutions } from '../../test/report/support/synthetic-run.js';

const TASKS = Number(process.argv[2] ?? 400_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
const heapAfterGc = () => {
  gc();
  return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
};

const collector = new SpanCollector();
const base = heapAfterGc();
let folded = 0;
const marks: string[] = [];
for (const { task, spans } of syntheticExecutions({
  seed: 3,
  concurrencies: [64],
  tasksPerLevel: TASKS,
  extraToolSteps: 3,
})) {
  for (const span of spans) collector.addSpan(span);
  collector.addTask(task);
  folded++;
  if (folded % (TASKS / 4) === 0) {
    const bytes = heapAfterGc() - base;
    marks.push(
      `${folded.toLocaleString('en')} tasks: ${(bytes / 2 ** 20).toFixed(1)} MiB kept, ${(bytes / folded).toFixed(0)} B a task`,
    );
  }
}
for (const mark of marks) console.log(mark);
