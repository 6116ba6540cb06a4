#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import { reportError } from './cli-errors.js';
import { exitWhenDone } from './lifecycle/index.js';
import { packageVersion } from './runner/index.js';

/** The CLI only parses arguments and calls a command; the library does the work. */
function positiveInt(flag: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed <= 0)
      throw new InvalidArgumentError(`${flag} takes a positive whole number, got "${value}"`);
    return parsed;
  };
}

function fraction(flag: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < 0 || parsed >= 1)
      throw new InvalidArgumentError(`${flag} takes a fraction from 0 to below 1, e.g. 0.15, got "${value}"`);
    return parsed;
  };
}

function integer(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw new InvalidArgumentError(`expected a whole number, got "${value}"`);
  return parsed;
}

function port(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535)
    throw new InvalidArgumentError(`--port takes 0 (any free port) to 65535, got "${value}"`);
  return parsed;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

const jsonOption = ['--json', 'print one JSON document on stdout (human output goes to stderr)'] as const;

let exitCode = 0;
const program = new Command()
  .name('agentperf')
  .description(
    'Benchmark AI agents the way their users feel them: end-to-end latency, steps/s, cost per task and quality-conditioned latency under concurrency.',
  )
  .version(packageVersion())
  .option('--debug', 'print stack traces with errors')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

program
  .command('run')
  .description(
    'Run a suite (default: the bundled five-task suite on the simulated fabric) at each load level and report the four numbers.',
  )
  .argument('[suite]', 'suite file: agentperf.yaml or a TypeScript module exporting defineSuite(...)')
  .option('--fabric <name>', 'fabric to run on; a comma list or "all" runs each in turn (one run per fabric)')
  .option('--levels <list>', 'closed-loop levels: agents per level, e.g. 1,16,64')
  .option('--rate <list>', 'open-loop levels: task arrivals per second, e.g. 2 or 0.5,1,2')
  .addOption(new Option('--arrival <process>', 'open-loop arrival process').choices(['poisson', 'constant']))
  .option('--tasks <n>', 'measured task executions per level (warm-up excluded)', positiveInt('--tasks'))
  .option('--duration <time>', 'run each level for this long instead, e.g. 30s or 2m')
  .option(
    '--warmup <n>',
    'executions per level recorded but excluded from metrics (default: one per agent)',
    integer,
  )
  .option('--full', 'run ~1,000 measured tasks per level: enough for a stable p99')
  .option('--task <name>', 'only this task (repeatable)', collect, [] as string[])
  .option('--seed <n>', 'seed for case order, arrivals and the simulator', integer)
  .option(
    '--threshold <expr>',
    "fail (exit 1) unless this holds, e.g. 'e2e.p95<20s', 'passRate>=0.9@16' (repeatable)",
    collect,
    [] as string[],
  )
  .option(
    '--until <rule>',
    "keep each level running until this 95% interval is tight, e.g. 'ci(e2e.p95)<=5%' (repeatable; --tasks/--duration cap it, default 1,000 tasks)",
    collect,
    [] as string[],
  )
  .option('--out <dir>', 'where run directories go', 'agentperf-runs')
  .option(
    '--store <file|url>',
    'run store: a SQLite file or postgres://… URL (default: AGENTPERF_STORE, else <out>/agentperf.db)',
  )
  .option(
    '--otlp [url]',
    'also send every span to this OpenTelemetry collector (OTLP/HTTP JSON), with GenAI attributes; without a URL, OTEL_EXPORTER_OTLP_ENDPOINT says where',
  )
  .option('--single-call', 'also measure lone requests per chat role (TTFT, tokens/s) for the scorecard')
  .option(
    '--repeat <k>',
    'run each fabric K times (seeds seed..seed+K-1, fabrics interleaved) and record the repeats as one group for compare; 5, with at least 30 tasks a level, is what the measured detection and false-alarm rates rest on (docs/metrics.md)',
    positiveInt('--repeat'),
  )
  .option(
    '--shard <i/N>',
    'run shard i (0-based) of N: its share of agents, arrivals and cases (default: JOB_COMPLETION_INDEX/JOB_COMPLETIONS)',
  )
  .option(
    '--start-at <time>',
    'start the first level at this time (ISO 8601 or Unix seconds), so shards start together',
  )
  .option('--rendezvous', 'shards meet in the shared --store before every level and start it together')
  .option(
    '--sequential',
    'run several fabrics one after another (default: at once when they share no endpoint, never more agents at a time than the largest level)',
  )
  .option(
    '--workers <n>',
    "agent worker threads, 1..256: each runs its share of every level's agents (default: the cores less one, 2 on a 2-core machine, at most 16)",
  )
  .option('--quiet', 'print nothing but errors')
  .option(...jsonOption)
  .option(
    '--resume <runDir>',
    'continue a partial or killed run: keep its finished tasks, run only what is missing (same suite and flags)',
  )
  .action(async (suite: string | undefined, flags: Record<string, unknown>) => {
    const { runCommand } = await import('./commands/run.js');
    const only = flags.task as string[];
    const thresholds = flags.threshold as string[];
    const until = flags.until as string[];
    exitCode = await runCommand({
      ...(until.length > 0 ? { until } : {}),
      ...(suite === undefined ? {} : { suite }),
      out: flags.out as string,
      ...(flags.store === undefined ? {} : { store: flags.store as string }),
      quiet: flags.quiet === true,
      json: flags.json === true,
      ...(flags.singleCall === true ? { singleCall: true } : {}),
      ...(flags.otlp === undefined ? {} : { otlp: flags.otlp === true ? '' : (flags.otlp as string) }),
      ...(flags.resume === undefined ? {} : { resume: flags.resume as string }),
      ...(flags.fabric === undefined ? {} : { fabric: flags.fabric as string }),
      ...(flags.levels === undefined ? {} : { levels: flags.levels as string }),
      ...(flags.rate === undefined ? {} : { rate: flags.rate as string }),
      ...(flags.arrival === undefined ? {} : { arrival: flags.arrival as 'poisson' | 'constant' }),
      ...(flags.tasks === undefined ? {} : { tasks: flags.tasks as number }),
      ...(flags.duration === undefined ? {} : { duration: flags.duration as string }),
      ...(flags.warmup === undefined ? {} : { warmup: flags.warmup as number }),
      ...(flags.seed === undefined ? {} : { seed: flags.seed as number }),
      ...(flags.repeat === undefined ? {} : { repeat: flags.repeat as number }),
      full: flags.full === true,
      ...(only.length > 0 ? { only } : {}),
      ...(flags.shard === undefined ? {} : { shard: flags.shard as string }),
      ...(flags.startAt === undefined ? {} : { startAt: flags.startAt as string }),
      ...(flags.rendezvous === true ? { rendezvous: true } : {}),
      ...(flags.sequential === true ? { sequential: true } : {}),
      ...(flags.workers === undefined ? {} : { workers: flags.workers as string }),
      thresholds,
    });
  });

function positiveNumber(flag: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed <= 0)
      throw new InvalidArgumentError(`${flag} takes a positive number, got "${value}"`);
    return parsed;
  };
}

program
  .command('capacity')
  .description(
    'Find the most agents (or tasks/s) each fabric sustains while every SLO holds: growth then bisection, each probe stopped as soon as its verdict is settled with 95% confidence',
  )
  .argument('[suite]', 'suite file (default: the bundled suite on the simulated fabric)')
  .option(
    '--slo <expr>',
    "an SLO every probe must meet, e.g. 'e2e.p95<8s', 'passRate>=0.9' (repeatable, required)",
    collect,
    [] as string[],
  )
  .addOption(
    new Option('--mode <mode>', 'closed loop (agents) or open loop (Poisson tasks/s)')
      .choices(['agents', 'rate'])
      .default('agents'),
  )
  .option('--fabric <names>', 'fabric to search; a comma list searches each, side by side')
  .option('--min <n>', 'lowest load to try (default 1)', positiveNumber('--min'))
  .option('--max <n>', 'highest load to try (default 256 agents or 64 tasks/s)', positiveNumber('--max'))
  .option(
    '--resolution <n>',
    'stop bisecting when the bracket is this narrow (default 1 agent, or 10% of --min for rates)',
    positiveNumber('--resolution'),
  )
  .option('--budget <time>', 'wall-clock budget per fabric, e.g. 10m', '10m')
  .option(
    '--probe-tasks <n>',
    'most measured tasks per probe (early stopping usually needs fewer)',
    positiveInt('--probe-tasks'),
    1000,
  )
  .option('--probe-duration <time>', 'bound each probe by time instead, e.g. 60s')
  .option('--task <name>', 'only this task (repeatable)', collect, [] as string[])
  .option('--warmup <n>', 'warm-up executions per probe (default: one per agent)', integer)
  .option(
    '--seed <n>',
    'seed for case order, arrivals and the simulator (each probe derives its own)',
    integer,
  )
  .option('--out <dir>', 'where the capacity directory goes', 'agentperf-runs')
  .option('--quiet', 'print nothing but errors')
  .action(async (suite: string | undefined, flags: Record<string, unknown>) => {
    const { capacityCommand } = await import('./commands/capacity.js');
    const only = flags.task as string[];
    exitCode = await capacityCommand({
      ...(suite === undefined ? {} : { suite }),
      slo: flags.slo as string[],
      mode: flags.mode as 'agents' | 'rate',
      budget: flags.budget as string,
      probeTasks: flags.probeTasks as number,
      out: flags.out as string,
      quiet: flags.quiet === true,
      ...(flags.fabric === undefined ? {} : { fabric: flags.fabric as string }),
      ...(flags.min === undefined ? {} : { min: flags.min as number }),
      ...(flags.max === undefined ? {} : { max: flags.max as number }),
      ...(flags.resolution === undefined ? {} : { resolution: flags.resolution as number }),
      ...(flags.probeDuration === undefined ? {} : { probeDuration: flags.probeDuration as string }),
      ...(flags.warmup === undefined ? {} : { warmup: flags.warmup as number }),
      ...(flags.seed === undefined ? {} : { seed: flags.seed as number }),
      ...(only.length > 0 ? { only } : {}),
    });
  });

/** The store and runs directory the analysis commands read. */
async function analysisDeps(flags: Record<string, unknown>) {
  const { resolve } = await import('node:path');
  const { openStore, storeReference } = await import('./store/index.js');
  const runsDir = resolve((flags.runs as string | undefined) ?? 'agentperf-runs');
  const reference = storeReference(flags.store as string | undefined, runsDir, process.env);
  // Markdown printed to a terminal is read, not rendered: undo its escapes there (never in JSON or a pipe).
  const json = flags.json === true || flags.format === 'json';
  const { markdownForTerminal } = await import('./report/index.js');
  const write =
    process.stdout.isTTY === true && !json
      ? (text: string) => process.stdout.write(markdownForTerminal(text))
      : undefined;
  return { store: await openStore(reference), runsDir, ...(write === undefined ? {} : { write }) };
}

const runsOption = ['--runs <dir>', 'directory of run directories', 'agentperf-runs'] as const;
const storeOption = [
  '--store <file|url>',
  'run store: a SQLite file or postgres://… URL (default: AGENTPERF_STORE, else <runs>/agentperf.db)',
] as const;

program
  .command('sim')
  .description(
    'Start the simulated inference fabric as a standalone OpenAI-compatible server on loopback (simulated: no model runs)',
  )
  .option('--port <n>', 'port (default: any free port)', port)
  .option('--host <address>', 'loopback address to listen on', '127.0.0.1')
  .option('--allow-remote', 'allow a --host that is not loopback (the simulator has no authentication)')
  .option(
    '--fabric <ref>',
    'simulator fabric: builtin:gpu-pool, builtin:heterogeneous or a YAML file',
    'builtin:gpu-pool',
  )
  .option('--seed <n>', 'seed for jitter and sampled outputs', integer)
  .action(async (flags: Record<string, unknown>) => {
    const { simCommand } = await import('./commands/sim.js');
    await simCommand({
      host: flags.host as string,
      allowRemote: flags.allowRemote === true,
      fabric: flags.fabric as string,
      ...(flags.port === undefined ? {} : { port: flags.port as number }),
      ...(flags.seed === undefined ? {} : { seed: flags.seed as number }),
    });
  });

program
  .command('report')
  .description('Write report.html and report.md for a run (a run id in the store, or a run directory)')
  .argument('<run>', 'run id or run directory')
  .option('--out <dir>', "directory to write into (default: the run's directory)")
  .addOption(new Option('--format <format>', 'which reports').choices(['html', 'md', 'both']).default('both'))
  .option(...runsOption)
  .option(...storeOption)
  .action(async (run: string, flags: Record<string, unknown>) => {
    const { reportCommand } = await import('./commands/report.js');
    const deps = await analysisDeps(flags);
    try {
      exitCode = await reportCommand(
        {
          run,
          format: flags.format as 'html' | 'md' | 'both',
          ...(flags.out === undefined ? {} : { out: flags.out as string }),
        },
        deps,
      );
    } finally {
      await deps.store?.close();
    }
  });

program
  .command('whatif')
  .description(
    'Predict a recorded run on another simulated fabric (placement, hardware, replicas, batching) by discrete-event replay of its task graphs: seconds, no tasks run; writes a run directory labelled predicted',
  )
  .argument('<run>', 'run id or run directory of a measured run')
  .requiredOption(
    '--fabric <fabric>',
    'target: a fabric of the recorded suite (e.g. sim-heterogeneous), builtin:NAME, or a simulator fabric YAML file',
  )
  .option('--levels <list>', 'closed-loop levels to predict, e.g. 1,16,64 (default: the recorded levels)')
  .option('--model <role=model>', 'serve ROLE with MODEL on the target fabric (repeatable)', collect, [])
  .option('--seed <n>', "simulator seed (default: the recorded run's)", integer)
  .option('--out <dir>', 'where the predicted run directory goes (default: the runs directory)')
  .option(...runsOption)
  .option(...storeOption)
  .action(async (run: string, flags: Record<string, unknown>) => {
    const { whatifCommand } = await import('./commands/whatif.js');
    const deps = await analysisDeps(flags);
    try {
      exitCode = await whatifCommand(
        {
          run,
          fabric: flags.fabric as string,
          models: flags.model as string[],
          ...(flags.levels === undefined ? {} : { levels: flags.levels as string }),
          ...(flags.seed === undefined ? {} : { seed: flags.seed as number }),
          ...(flags.out === undefined ? {} : { out: flags.out as string }),
        },
        deps,
      );
    } finally {
      deps.store?.close();
    }
  });

program
  .command('replay')
  .description(
    'Replay a recorded trace (a run directory, an agentperf proxy recording, or a Mooncake trace) against a real or simulated fabric: model calls re-issued for real with the recorded token counts and structure, tool gaps as recorded',
  )
  .argument('<trace>', 'run directory, proxy recording (.jsonl) or Mooncake trace (.jsonl)')
  .requiredOption(
    '--fabric <fabric>',
    'builtin:NAME, a simulator fabric YAML file, an OpenAI-compatible base URL (http://host/v1), or a fabric of the bundled suite',
  )
  .option(
    '--model <role=model>',
    'serve ROLE with MODEL (repeatable; proxy traces name roles by their recorded model)',
    collect,
    [],
  )
  .option('--api-key-env <name>', 'with a base URL: the environment variable holding its API key')
  .option('--time-scale <x>', 'replay recorded arrivals x times faster (2 = twice the rate)', Number)
  .option('--seed <n>', 'simulator seed', integer)
  .option('--out <dir>', 'where the run directory goes', 'agentperf-runs')
  .option('--quiet', 'print nothing but errors')
  .action(async (trace: string, flags: Record<string, unknown>) => {
    const { replayCommand } = await import('./commands/replay.js');
    exitCode = await replayCommand(
      {
        trace,
        fabric: flags.fabric as string,
        models: flags.model as string[],
        ...(flags.apiKeyEnv === undefined ? {} : { apiKeyEnv: flags.apiKeyEnv as string }),
        ...(flags.timeScale === undefined ? {} : { timeScale: flags.timeScale as number }),
        ...(flags.seed === undefined ? {} : { seed: flags.seed as number }),
        ...(flags.quiet === true ? { quiet: true } : {}),
      },
      flags.out as string,
    );
  });

program
  .command('compare')
  .description(
    'Compare two runs or groups of repeats: each metric with its change, a 95% interval that includes run-to-run variance, a verdict, and which step kind moved',
  )
  .argument('[a]', 'baseline: run id or directory, group id, or the --out directory of a `run --repeat`')
  .argument('[b]', 'candidate, in the same forms')
  .option(
    '--baseline-last <n>',
    "baseline = the N latest earlier runs of the candidate's suite and fabric in the store (name only the candidate)",
    positiveInt('--baseline-last'),
  )
  .option('--fail-on-regression', 'exit 1 when any metric got significantly worse')
  .option('--include-impaired', 'keep runs whose harness warned (excluded by default)')
  .option(
    '--allow-different-suites',
    'compare runs of different suites or task sets anyway (refused otherwise), with a banner saying so',
  )
  .option(
    '--noise-floor <fraction>',
    'one run a side: relative change that counts as a regression (default 0.15, see docs/metrics.md)',
    fraction('--noise-floor'),
  )
  .addOption(
    new Option(
      '--correction <method>',
      'multiple-testing adjustment over every metric and level: bh (false-discovery rate, default) or holm (family-wise, stricter)',
    )
      .choices(['bh', 'holm'])
      .default('bh'),
  )
  .option('--out <file>', 'also write the comparison to this file')
  .addOption(new Option('--format <format>', 'output format').choices(['md', 'json']).default('md'))
  .option(...jsonOption)
  .option('--seed <n>', 'bootstrap seed', integer)
  .option('--resamples <n>', 'bootstrap resamples', positiveInt('--resamples'))
  .option(...runsOption)
  .option(...storeOption)
  .action(async (a: string | undefined, b: string | undefined, flags: Record<string, unknown>) => {
    const { compareCommand } = await import('./commands/compare.js');
    const deps = await analysisDeps(flags);
    try {
      exitCode = await compareCommand(
        {
          ...(a === undefined ? {} : { a }),
          ...(b === undefined ? {} : { b }),
          failOnRegression: flags.failOnRegression === true,
          includeImpaired: flags.includeImpaired === true,
          allowDifferentSuites: flags.allowDifferentSuites === true,
          format: flags.json === true ? 'json' : (flags.format as 'md' | 'json'),
          ...(flags.baselineLast === undefined ? {} : { baselineLast: flags.baselineLast as number }),
          ...(flags.noiseFloor === undefined ? {} : { noiseFloor: flags.noiseFloor as number }),
          correction: flags.correction as 'bh' | 'holm',
          ...(flags.out === undefined ? {} : { out: flags.out as string }),
          ...(flags.seed === undefined ? {} : { seed: flags.seed as number }),
          ...(flags.resamples === undefined ? {} : { resamples: flags.resamples as number }),
        },
        deps,
      );
    } finally {
      await deps.store?.close();
    }
  });

program
  .command('history')
  .description(
    "A suite's runs over time: each metric as a series, change points, and which metric moved first",
  )
  .option('--suite <name>', 'suite name (optional when the store holds one suite)')
  .option('--fabric <name>', 'only runs on this fabric')
  .option('--limit <n>', 'most recent runs to analyse', positiveInt('--limit'))
  .option('--out <dir>', 'where history.html and history.md go (default: the runs directory)')
  .addOption(new Option('--format <format>', 'which outputs').choices(['html', 'md', 'both']).default('both'))
  .option(...jsonOption)
  .option(
    '--fail-on-regression',
    'exit 1 when the latest run is a significant regression against the runs before it',
  )
  .option('--include-impaired', 'keep runs whose harness warned (excluded by default)')
  .option(...runsOption)
  .option(...storeOption)
  .action(async (flags: Record<string, unknown>) => {
    const { historyCommand } = await import('./commands/history.js');
    const deps = await analysisDeps(flags);
    try {
      exitCode = await historyCommand(
        {
          format: flags.format as 'html' | 'md' | 'both',
          json: flags.json === true,
          failOnRegression: flags.failOnRegression === true,
          includeImpaired: flags.includeImpaired === true,
          ...(flags.suite === undefined ? {} : { suite: flags.suite as string }),
          ...(flags.fabric === undefined ? {} : { fabric: flags.fabric as string }),
          ...(flags.limit === undefined ? {} : { limit: flags.limit as number }),
          ...(flags.out === undefined ? {} : { out: flags.out as string }),
        },
        deps,
      );
    } finally {
      await deps.store?.close();
    }
  });

program
  .command('scorecard')
  .description(
    'Rank runs of one suite on several fabrics by e2e p95, cost per passed task and quality-conditioned latency, beside the single-call ranking',
  )
  .argument(
    '<runs...>',
    'two or more runs or groups (run ids or directories, group ids, `run --repeat` --out directories)',
  )
  .option('--out <file>', 'also write the scorecard to this file')
  .addOption(new Option('--format <format>', 'output format').choices(['md', 'json']).default('md'))
  .option('--role <role>', 'chat role whose single-call probe is ranked (default: the first probed role)')
  .option(...jsonOption)
  .option('--include-impaired', 'keep runs whose harness warned (excluded by default)')
  .option(...runsOption)
  .option(...storeOption)
  .action(async (runs: string[], flags: Record<string, unknown>) => {
    const { scorecardCommand } = await import('./commands/scorecard.js');
    const deps = await analysisDeps(flags);
    try {
      exitCode = await scorecardCommand(
        {
          runs,
          format: flags.json === true ? 'json' : (flags.format as 'md' | 'json'),
          includeImpaired: flags.includeImpaired === true,
          ...(flags.role === undefined ? {} : { role: flags.role as string }),
          ...(flags.out === undefined ? {} : { out: flags.out as string }),
        },
        deps,
      );
    } finally {
      await deps.store?.close();
    }
  });

program
  .command('runs')
  .description('List the runs in the store: id, suite, fabric, status, date and e2e p95 per level')
  .option('--suite <name>', 'only runs of this suite')
  .option('--fabric <name>', 'only runs on this fabric')
  .addOption(
    new Option('--status <status>', 'only runs in this state').choices([
      'complete',
      'partial',
      'failed',
      'running',
    ]),
  )
  .option('--since <date>', 'only runs started at or after this date or time, e.g. 2026-11-01')
  .option('--limit <n>', 'the most recent N matching runs', positiveInt('--limit'))
  .option(...jsonOption)
  .option(...runsOption)
  .option(...storeOption)
  .action(async (flags: Record<string, unknown>) => {
    const { runsCommand } = await import('./commands/runs.js');
    const deps = await analysisDeps(flags);
    try {
      exitCode = await runsCommand(
        {
          json: flags.json === true,
          ...(flags.suite === undefined ? {} : { suite: flags.suite as string }),
          ...(flags.fabric === undefined ? {} : { fabric: flags.fabric as string }),
          ...(flags.status === undefined ? {} : { status: flags.status as 'complete' }),
          ...(flags.since === undefined ? {} : { since: flags.since as string }),
          ...(flags.limit === undefined ? {} : { limit: flags.limit as number }),
        },
        deps,
      );
    } finally {
      deps.store?.close();
    }
  });

program
  .command('merge')
  .description(
    'Merge run directories of one suite (shards from several machines) into one run, recomputing every metric',
  )
  .argument('<runs...>', 'two or more runs: run directories, or run ids in the runs directory or store')
  .requiredOption('--out <dir>', 'directory for the merged run')
  .option(...runsOption)
  .option(...storeOption)
  .action(async (dirs: string[], flags: Record<string, unknown>) => {
    const { mergeCommand } = await import('./commands/merge.js');
    const deps = await analysisDeps(flags);
    try {
      exitCode = await mergeCommand({ dirs, out: flags.out as string }, deps);
    } finally {
      await deps.store?.close();
    }
  });

program
  .command('k8s')
  .description(
    'Write Kubernetes manifests for a sharded run: the suite as a ConfigMap, an Indexed Job of shards starting together, a merge Job',
  )
  .argument('<suite>', 'suite file (agentperf.yaml) the shards run')
  .requiredOption('--shards <n>', "number of shards (the Indexed Job's completions)", positiveInt('--shards'))
  .requiredOption('--image <image>', 'container image with agentperf (see the Dockerfile)')
  .option('--store <url>', 'shared postgres:// store, without a password (put it in a Secret)')
  .option('--store-secret <name>', 'Secret holding the whole store URL under key "url"')
  .option(
    '--secret <name>',
    'Secret whose keys become environment variables in every pod (repeatable)',
    collect,
    [] as string[],
  )
  .option('--name <name>', 'base name of the objects (default: agentperf-<suite>)')
  .option('--namespace <namespace>', 'namespace of the objects')
  .option('--start-at <time>', 'when the shards start their first level (default: 10 minutes from now)')
  .option('--seed <n>', 'seed every shard runs with', integer)
  .option(
    '--run-args <flags>',
    'more `agentperf run` flags for every shard, e.g. "--levels 16,64 --duration 2m"',
  )
  .option('--cpu <cpu>', 'CPU request and limit per shard', '2')
  .option('--memory <memory>', 'memory request and limit per shard', '2Gi')
  .option('--volume-size <size>', 'size of the shared run volume', '1Gi')
  .option('--storage-class <name>', 'storage class of the shared volume (must offer ReadWriteMany)')
  .option('--out <file>', 'write the YAML here instead of stdout')
  .action(async (suite: string, flags: Record<string, unknown>) => {
    const { k8sCommand } = await import('./commands/k8s.js');
    const optional = (key: string) => (flags[key] === undefined ? {} : { [key]: flags[key] });
    exitCode = await k8sCommand({
      suite,
      shards: flags.shards as number,
      image: flags.image as string,
      secrets: flags.secret as string[],
      cpu: flags.cpu as string,
      memory: flags.memory as string,
      volumeSize: flags.volumeSize as string,
      ...optional('store'),
      ...optional('storeSecret'),
      ...optional('name'),
      ...optional('namespace'),
      ...optional('startAt'),
      ...optional('seed'),
      ...optional('runArgs'),
      ...optional('storageClass'),
      ...optional('out'),
    });
  });

program
  .command('proxy')
  .description(
    'Run a recording OpenAI-compatible pass-through: every call, its timing and tokens, as one JSON line (attributed by traceparent or x-agentperf-task)',
  )
  .requiredOption('--upstream <url>', 'the real OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1')
  .option('--port <n>', 'port to listen on (default: any free port)', port)
  .option('--out <file>', 'append the JSON lines to this file instead of stdout')
  .action(async (flags: Record<string, unknown>) => {
    const { proxyCommand } = await import('./commands/proxy.js');
    await proxyCommand({
      upstream: flags.upstream as string,
      ...(flags.port === undefined ? {} : { port: flags.port as number }),
      ...(flags.out === undefined ? {} : { out: flags.out as string }),
    });
  });

program
  .command('init')
  .description('Scaffold a suite (agentperf.yaml and one TypeScript task) that runs as generated')
  .argument('[dir]', 'directory to create', 'agentperf-suite')
  .option('--force', 'overwrite existing files')
  .action(async (dir: string, flags: Record<string, unknown>) => {
    const { initCommand } = await import('./commands/init.js');
    exitCode = await initCommand({ dir, force: flags.force === true });
  });

program
  .command('schema')
  .description('Print the JSON Schema of agentperf.yaml (for editors)')
  .action(async () => {
    const { suiteJsonSchema } = await import('./config/index.js');
    process.stdout.write(`${JSON.stringify(suiteJsonSchema(), null, 2)}\n`);
  });

async function main(): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    const commanderError = error as { code?: string; exitCode?: number };
    if (typeof commanderError.code === 'string' && commanderError.code.startsWith('commander.')) {
      // Help and version exit 0; every other commander complaint is a usage error.
      exitCode =
        commanderError.code === 'commander.helpDisplayed' || commanderError.code === 'commander.version'
          ? 0
          : 2;
      if (commanderError.code === 'commander.help') exitCode = 0;
    } else {
      exitCode = reportError(error, process.stderr, { debug: process.argv.includes('--debug') });
    }
  }
  await exitWhenDone(exitCode, process.stderr);
}

await main();
