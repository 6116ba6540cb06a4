import { z } from 'zod';
import { fabricSchema } from './endpoint-schema.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** One load point: closed loop (N agents) or open loop (arrivals per second). */
export const levelSchema = z.union([
  z.number().int().positive().describe('Closed loop with this many agents (shorthand for {concurrency: N}).'),
  z
    .object({
      concurrency: z
        .number()
        .int()
        .positive()
        .describe('Closed loop: this many agents, each starting its next task when its last ends.'),
    })
    .strict(),
  z
    .object({
      rate: z
        .number()
        .positive()
        .describe(
          'Open loop: tasks arrive at this many per second; latency counts from the scheduled arrival.',
        ),
      process: z.enum(['poisson', 'constant']).default('poisson').describe('Arrival process.'),
      maxInFlight: z
        .number()
        .int()
        .positive()
        .optional()
        .describe('Cap on tasks in flight; arrivals beyond it wait (and the wait counts as latency).'),
    })
    .strict(),
]);

/** A task of the suite: a bundled one by name, or a TypeScript/JavaScript module. */
export const taskRefSchema = z.union([
  z
    .object({
      use: z
        .string()
        .min(1)
        .describe('Name of a bundled task: support, docs-qa, sql-analyst, code-fix, research.'),
      maxCases: z.number().int().positive().optional().describe('Use only the first N cases.'),
    })
    .strict(),
  z
    .object({
      module: z.string().min(1).describe('Path (relative to the suite file) of a module exporting a task.'),
      export: z
        .string()
        .default('default')
        .describe('Name of the export holding the task (default: default).'),
      maxCases: z.number().int().positive().optional().describe('Use only the first N cases.'),
    })
    .strict(),
]);

/** Everything in a suite file except the tasks' code. */
export const suiteSchema = z
  .object({
    $schema: z.string().optional().describe('Path or URL of this JSON Schema, for editors.'),
    name: z
      .string()
      .regex(NAME, 'letters, digits, ".", "_" or "-"')
      .describe('Suite name: keys the history.'),
    description: z.string().optional().describe('What the suite represents, shown in reports.'),
    tasks: z
      .array(taskRefSchema)
      .min(1)
      .describe('The representative tasks (three to five is the methodology).'),
    fabrics: z
      .record(z.string().regex(NAME, 'letters, digits, ".", "_" or "-"'), fabricSchema)
      .refine((fabrics) => Object.keys(fabrics).length > 0, 'at least one fabric')
      .describe('Fabrics by name: which endpoint serves each role.'),
    fabric: z
      .string()
      .optional()
      .describe('The fabric a run uses unless --fabric says otherwise (default: the first).'),
    levels: z
      .array(levelSchema)
      .min(1)
      .default([1, 16, 64])
      .describe('Load levels, run in order (default: closed loop at 1, 16 and 64 agents).'),
    tasksPerLevel: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Measured task executions per level, all tasks together (warm-up excluded).'),
    durationS: z
      .number()
      .positive()
      .optional()
      .describe('Alternatively, how long each level runs, seconds. tasksPerLevel wins when both are set.'),
    warmupTasks: z
      .union([z.literal('auto'), z.number().int().nonnegative()])
      .default('auto')
      .describe(
        'Executions per level recorded but excluded from metrics. auto: one per agent (closed loop), none (open loop).',
      ),
    seed: z
      .number()
      .int()
      .default(1)
      .describe('Seed for case order, simulator sampling and generated datasets.'),
    taskTimeoutS: z
      .number()
      .positive()
      .default(300)
      .describe('An execution running longer is aborted and counted as errored.'),
    thresholds: z
      .array(z.string())
      .default([])
      .describe(
        "Pass/fail criteria, e.g. 'e2e.p95<20s', 'passRate>=0.9@16'. A failed one makes the run exit 1.",
      ),
  })
  .strict();

export type LevelConfig = z.infer<typeof levelSchema>;
export type TaskRef = z.infer<typeof taskRefSchema>;
export type SuiteConfig = z.infer<typeof suiteSchema>;
export type SuiteInput = z.input<typeof suiteSchema>;
