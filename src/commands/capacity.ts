import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  type CapacityProbe,
  capacityEntry,
  findCapacity,
  realProbe,
  summarizeSearch,
} from '../capacity/index.js';
import { type LoadedSuite, loadSuiteFile, MAX_AGENTS_PER_LEVEL, parseDuration } from '../config/index.js';
import { UsageError } from '../errors.js';
import { parseThreshold, type Threshold } from '../metrics/index.js';
import { renderCapacityHtml, renderCapacityMarkdown, renderCapacityTerminal } from '../report/index.js';
import { defaultStorePath } from '../store/index.js';
import type { CapacityEntry, CapacityFile } from '../spec/index.js';
import { bundledTask, loadDefaultSuite } from './default-suite.js';

/** Options of `agentperf capacity`, as parsed from the command line. */
export interface CapacityCommandOptions {
  suite?: string;
  /** One fabric or a comma list: each gets its own search, shown side by side. */
  fabric?: string;
  slo: string[];
  mode: 'agents' | 'rate';
  min?: number;
  max?: number;
  /** Bisection stops when the bracket is this narrow (default 1 agent, or 10% of the lower end for rates). */
  resolution?: number;
  /** Wall-clock budget per fabric, e.g. "10m". */
  budget: string;
  /** Most measured tasks per probe. */
  probeTasks: number;
  probeDuration?: string;
  seed?: number;
  warmup?: number;
  only?: string[];
  out: string;
  quiet?: boolean;
}

const CONFIDENCE = 0.95;

/**
 * `agentperf capacity [SUITE]`: the largest load (agents, or tasks/s) each
 * fabric sustains while every SLO holds. Exit 0 when every search settled,
 * 1 when a fabric met no load tried, 2 bad input, 130 interrupted.
 */
export async function capacityCommand(options: CapacityCommandOptions): Promise<number> {
  const slos = parseSlos(options.slo);
  const bounds = checkBounds(options);
  const budgetMs = parseDuration(options.budget) * 1000;
  const suite: LoadedSuite =
    options.suite === undefined ? await loadDefaultSuite() : await loadSuiteFile(options.suite, bundledTask);
  const fabrics =
    options.fabric === undefined
      ? [suite.config.fabric ?? Object.keys(suite.config.fabrics)[0]!]
      : options.fabric.split(',').map((name) => name.trim());
  for (const fabric of fabrics) {
    if (suite.config.fabrics[fabric] === undefined) {
      throw new UsageError(
        `--fabric ${fabric}: the suite has no such fabric`,
        `use one of: ${Object.keys(suite.config.fabrics).join(', ')}`,
      );
    }
  }
  const seed = options.seed ?? suite.config.seed;
  const startedAt = new Date();
  const dir = resolve(options.out, `capacity-${stamp(startedAt)}-${slug(suite.config.name)}`);
  const probesDir = join(dir, 'probes');
  mkdirSync(probesDir, { recursive: true });

  const interrupt = new AbortController();
  const onSignal = (): void => {
    if (interrupt.signal.aborted) process.exit(130);
    process.stderr.write(
      '\nagentperf: stopping the search: finished probes are kept in capacity.json (Ctrl-C again to quit now)\n',
    );
    interrupt.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const entries: CapacityEntry[] = [];
  const file = (running: CapacityEntry | null): CapacityFile => ({
    schemaVersion: 1,
    suite: suite.config.name,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    seed,
    confidence: CONFIDENCE,
    status: interrupt.signal.aborted || running !== null ? 'partial' : 'complete',
    fabrics: running === null ? entries : [...entries, running],
  });
  const say = (line: string): void => {
    if (!options.quiet) process.stderr.write(`${line}\n`);
  };
  try {
    for (const fabric of fabrics) {
      if (interrupt.signal.aborted) break;
      const began = performance.now();
      const finished: CapacityProbe[] = [];
      say(
        `capacity of ${fabric}: ${options.mode === 'agents' ? 'agents' : 'tasks/s'} from ${bounds.min} to ${bounds.max}, SLO ${options.slo.join(' and ')}`,
      );
      const probe = realProbe({
        suite,
        fabric,
        mode: options.mode,
        slos,
        probeTasks: options.probeDuration === undefined ? options.probeTasks : null,
        probeDuration: options.probeDuration ?? null,
        seed,
        confidence: CONFIDENCE,
        ...(options.only === undefined ? {} : { only: options.only }),
        ...(options.warmup === undefined ? {} : { warmup: options.warmup }),
        outDir: probesDir,
        storePath: defaultStorePath(probesDir),
        signal: interrupt.signal,
        remainingMs: () => budgetMs - (performance.now() - began),
      });
      const entry = await findCapacity(probe, {
        fabric,
        mode: options.mode,
        slos,
        search: {
          ...bounds,
          integer: options.mode === 'agents',
          stopReason: () => {
            if (interrupt.signal.aborted) return 'interrupted (Ctrl-C)';
            const spent = performance.now() - began;
            return spent >= budgetMs ? `the --budget of ${options.budget} was spent` : null;
          },
        },
        onProbe: (done) => {
          finished.push(done);
          say(`  ${probeLine(done, slos)}`);
          // Written after every probe, so an interrupted search loses nothing it finished.
          const soFar = capacityEntry(summarizeSearch(finished, 'stopped', 'search in progress'), {
            fabric,
            mode: options.mode,
            slos,
          });
          writeFileSync(join(dir, 'capacity.json'), `${JSON.stringify(file(soFar), null, 2)}\n`);
        },
      });
      entries.push(entry);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const result = file(null);
  writeFileSync(join(dir, 'capacity.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(dir, 'report.md'), renderCapacityMarkdown(result));
  writeFileSync(join(dir, 'report.html'), renderCapacityHtml(result));
  if (!options.quiet) {
    process.stdout.write(renderCapacityTerminal(result));
    process.stdout.write(`\ncapacity: ${join(dir, 'capacity.json')} · report: ${join(dir, 'report.html')}\n`);
  }
  if (interrupt.signal.aborted) return 130;
  return entries.some((entry) => entry.capacity === null) ? 1 : 0;
}

function parseSlos(expressions: readonly string[]): Threshold[] {
  if (expressions.length === 0) {
    throw new UsageError(
      'capacity needs at least one --slo',
      "write e.g. --slo 'e2e.p95<8s' --slo 'passRate>=0.9'",
    );
  }
  return expressions.map((expression) => {
    const slo = parseThreshold(expression);
    if (slo.level !== null) {
      throw new UsageError(
        `--slo "${expression}": an SLO applies to every load the search tries`,
        `drop "@${slo.level}"`,
      );
    }
    return slo;
  });
}

/** Bounds the search may use; refuses ones a probe could not measure. */
function checkBounds(options: CapacityCommandOptions): { min: number; max: number; resolution: number } {
  const agents = options.mode === 'agents';
  const min = options.min ?? 1;
  const max = options.max ?? (agents ? 256 : 64);
  for (const [flag, value] of [
    ['--min', min],
    ['--max', max],
  ] as const) {
    if (!(value > 0) || (agents && !Number.isInteger(value))) {
      throw new UsageError(
        `${flag} ${value}: ${agents ? 'agents are a positive whole number' : 'a rate is a positive number of tasks/s'}`,
        agents ? `write e.g. ${flag} 4` : `write e.g. ${flag} 0.5`,
      );
    }
  }
  if (min > max) throw new UsageError(`--min ${min} is above --max ${max}`, 'swap them');
  if (agents && max > MAX_AGENTS_PER_LEVEL) {
    // The same ceiling `run --levels` enforces: one harness process cannot drive more agents faithfully.
    throw new UsageError(
      `--max ${max} agents is above the ceiling of ${MAX_AGENTS_PER_LEVEL} one harness process can drive`,
      `lower --max to at most ${MAX_AGENTS_PER_LEVEL}, or shard the load across machines`,
    );
  }
  // Each agent runs one warm-up task and needs measured ones after it, or the probe measures fewer agents than it claims.
  if (agents && options.probeDuration === undefined && options.probeTasks < 2 * max) {
    throw new UsageError(
      `--max ${max} agents cannot be measured with --probe-tasks ${options.probeTasks}: each agent needs at least two measured tasks`,
      `raise --probe-tasks to ${2 * max} or lower --max`,
    );
  }
  const resolution = options.resolution ?? (agents ? 1 : Math.max(0.01, Number((min * 0.1).toPrecision(2))));
  if (!(resolution > 0))
    throw new UsageError(`--resolution ${resolution} must be positive`, 'write e.g. --resolution 2');
  return { min, max, resolution };
}

function probeLine(probe: CapacityProbe, slos: readonly Threshold[]): string {
  const shown = probe.slos.map((slo, index) => `${slos[index]!.expression} ${slo.verdict}`).join(', ');
  const ended = probe.endedBy === 'rule' ? 'stopped early' : probe.endedBy;
  return `${probe.label}: ${probe.verdict.toUpperCase()} after ${probe.samples} tasks (${ended}) · ${shown}${probe.note ? ` · ${probe.note}` : ''}`;
}

function stamp(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 40);
}
