import { UsageError } from '../errors.js';
import type { FabricConfig } from './endpoint-schema.js';
import type { LoadedSuite } from './load-suite.js';
import type { LevelConfig, SuiteConfig } from './suite-schema.js';

/** One load point, fully resolved. */
export interface ResolvedLevel {
  /** "c16" for 16 agents in closed loop, "r2.5" for 2.5 arrivals/s in open loop. */
  label: string;
  mode: 'closed' | 'open';
  concurrency: number | null;
  rate: number | null;
  process: 'poisson' | 'constant' | null;
  /** Open loop: cap on tasks in flight (arrivals beyond it wait, and the wait counts). */
  maxInFlight: number | null;
  /** Measured executions (warm-up excluded); null when the level is bounded by time. */
  tasks: number | null;
  /** Time bound in seconds; null when bounded by count. */
  durationS: number | null;
  warmupTasks: number;
}

/** The one canonical configuration the runner consumes and the store saves. */
export interface ResolvedRun {
  suiteName: string;
  suiteFile: string | null;
  fabricName: string;
  fabric: FabricConfig;
  levels: ResolvedLevel[];
  seed: number;
  taskTimeoutMs: number;
  thresholds: string[];
  /** Task names the run executes (all of the suite's unless --task narrowed it). */
  taskNames: string[];
}

/** Command-line shortcuts that override the suite file. */
export interface RunOverrides {
  fabric?: string;
  levels?: string;
  rate?: string;
  arrival?: 'poisson' | 'constant';
  tasks?: number;
  duration?: string;
  warmup?: number;
  seed?: number;
  thresholds?: string[];
  /** Enough executions per level for a stable p99 (~1,000 measured). */
  full?: boolean;
  /** Only these tasks. */
  only?: string[];
}

/**
 * Most agents one closed-loop level may run in one process
 * (docs/reliability.md): a guard against a mistyped level (`--levels
 * 1,100000`), set above the 10,000 idle agents the harness is benchmarked
 * with (docs/performance.md). Whether a level this large measured the
 * harness rather than the system is the harness monitor's to say, per level.
 */
export const MAX_AGENTS_PER_LEVEL = 65_536;

/** Executions needed for a usable p99 (see docs/metrics.md). */
export const FULL_TASKS_PER_LEVEL = 1000;

/**
 * Folds command-line shortcuts into the suite's settings. Never mutates the
 * suite; every problem is a UsageError saying which flag and what to write.
 */
export function resolveRun(suite: LoadedSuite, overrides: RunOverrides): ResolvedRun {
  const config = suite.config;
  const fabricName = overrides.fabric ?? config.fabric ?? Object.keys(config.fabrics)[0]!;
  const fabric = config.fabrics[fabricName];
  if (fabric === undefined) {
    throw new UsageError(
      `--fabric ${fabricName}: the suite has no such fabric`,
      `use one of: ${Object.keys(config.fabrics).join(', ')}`,
    );
  }
  const levelConfigs = levelsFrom(config, overrides);
  const taskCount = overrides.only?.length ?? suite.tasks.length;
  const durationS = overrides.duration !== undefined ? parseDuration(overrides.duration) : config.durationS;
  const explicitTasks = overrides.tasks ?? config.tasksPerLevel;
  const levels = levelConfigs.map((level) => {
    const resolved = resolveLevel(level, overrides.arrival);
    let tasks: number | null = null;
    if (overrides.full) tasks = Math.max(FULL_TASKS_PER_LEVEL, explicitTasks ?? 0);
    else if (explicitTasks !== undefined) tasks = explicitTasks;
    else if (durationS === undefined) tasks = defaultTasks(resolved, taskCount);
    const warmupSetting = overrides.warmup ?? config.warmupTasks;
    if (typeof warmupSetting === 'number' && (!Number.isInteger(warmupSetting) || warmupSetting < 0))
      throw new UsageError(
        `--warmup ${warmupSetting}: warm-up executions cannot be negative`,
        'write e.g. --warmup 0',
      );
    const warmupTasks =
      warmupSetting === 'auto'
        ? resolved.mode === 'closed'
          ? (resolved.concurrency ?? 1)
          : 0
        : warmupSetting;
    return { ...resolved, tasks, durationS: tasks === null ? (durationS ?? null) : null, warmupTasks };
  });
  const taskNames = suite.tasks.map((task) => task.name);
  for (const name of overrides.only ?? []) {
    if (!taskNames.includes(name))
      throw new UsageError(
        `--task ${name}: no such task in the suite`,
        `use one of: ${taskNames.join(', ')}`,
      );
  }
  return {
    suiteName: config.name,
    suiteFile: suite.file,
    fabricName,
    fabric,
    levels,
    seed: overrides.seed ?? config.seed,
    taskTimeoutMs: config.taskTimeoutS * 1000,
    thresholds: [...config.thresholds, ...(overrides.thresholds ?? [])],
    taskNames: overrides.only ?? taskNames,
  };
}

/**
 * Default measured executions per level: every task several times, and at
 * least two per agent so each agent runs measured work after its warm-up.
 */
function defaultTasks(
  level: Omit<ResolvedLevel, 'tasks' | 'durationS' | 'warmupTasks'>,
  taskCount: number,
): number {
  const perAgent = level.mode === 'closed' ? 2 * (level.concurrency ?? 1) : Math.ceil(10 * (level.rate ?? 1));
  return Math.max(5 * taskCount, perAgent);
}

function levelsFrom(config: SuiteConfig, overrides: RunOverrides): LevelConfig[] {
  const levels: LevelConfig[] = [];
  if (overrides.levels !== undefined) {
    for (const part of overrides.levels.split(',')) {
      const value = Number(part.trim());
      if (!Number.isInteger(value) || value <= 0) {
        throw new UsageError(
          `--levels "${overrides.levels}": "${part}" is not a positive whole number of agents`,
          'write e.g. --levels 1,16,64',
        );
      }
      if (value > MAX_AGENTS_PER_LEVEL) {
        throw new UsageError(
          `--levels "${overrides.levels}": ${value} agents is above the ceiling of ${MAX_AGENTS_PER_LEVEL.toLocaleString('en')} per level`,
          'split the load across machines (shards) or use an open-loop --rate',
        );
      }
      levels.push(value);
    }
  }
  if (overrides.rate !== undefined) {
    for (const part of overrides.rate.split(',')) {
      const value = Number(part.trim());
      if (!Number.isFinite(value) || value <= 0) {
        throw new UsageError(
          `--rate "${overrides.rate}": "${part}" is not a positive number of tasks per second`,
          'write e.g. --rate 2 or --rate 0.5,1,2',
        );
      }
      levels.push({ rate: value, process: overrides.arrival ?? 'poisson' });
    }
  }
  return levels.length > 0 ? levels : config.levels;
}

function resolveLevel(
  level: LevelConfig,
  arrival: 'poisson' | 'constant' | undefined,
): Omit<ResolvedLevel, 'tasks' | 'durationS' | 'warmupTasks'> {
  if (typeof level === 'number') return closed(level);
  if ('concurrency' in level) return closed(level.concurrency);
  return {
    label: `r${level.rate}`,
    mode: 'open',
    concurrency: null,
    rate: level.rate,
    process: arrival ?? level.process,
    maxInFlight: level.maxInFlight ?? null,
  };
}

function closed(concurrency: number): Omit<ResolvedLevel, 'tasks' | 'durationS' | 'warmupTasks'> {
  return {
    label: `c${concurrency}`,
    mode: 'closed',
    concurrency,
    rate: null,
    process: null,
    maxInFlight: null,
  };
}

/** Parses "90", "90s", "1500ms", "2m" into seconds. */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!match) throw new UsageError(`duration "${text}" is not understood`, 'write e.g. 30s, 2m or 1500ms');
  const value = Number(match[1]);
  const unit = match[2] ?? 's';
  const seconds =
    unit === 'ms' ? value / 1000 : unit === 'm' ? value * 60 : unit === 'h' ? value * 3600 : value;
  if (seconds <= 0) throw new UsageError(`duration "${text}" must be positive`, 'write e.g. 30s');
  return seconds;
}
