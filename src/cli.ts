#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import { reportError } from './cli-errors.js';
import { UsageError } from './errors.js';
import { packageVersion } from './runner/index.js';

/** The CLI only parses arguments and calls a command; the library does the work. */
function positiveInt(flag: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError(`${flag} takes a positive whole number, got "${value}"`);
    return parsed;
  };
}

function integer(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw new InvalidArgumentError(`expected a whole number, got "${value}"`);
  return parsed;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

let exitCode = 0;
const program = new Command()
  .name('agentperf')
  .description('Benchmark AI agents the way their users feel them: end-to-end latency, steps/s, cost per task and quality-conditioned latency under concurrency.')
  .version(packageVersion())
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

program
  .command('run')
  .description('Run a suite (default: the bundled five-task suite on the simulated fabric) at each load level and report the four numbers.')
  .argument('[suite]', 'suite file: agentperf.yaml or a TypeScript module exporting defineSuite(...)')
  .option('--fabric <name>', 'fabric to run on; a comma list or "all" runs each in turn (one run per fabric)')
  .option('--levels <list>', 'closed-loop levels: agents per level, e.g. 1,16,64')
  .option('--rate <list>', 'open-loop levels: task arrivals per second, e.g. 2 or 0.5,1,2')
  .addOption(new Option('--arrival <process>', 'open-loop arrival process').choices(['poisson', 'constant']))
  .option('--tasks <n>', 'measured task executions per level (warm-up excluded)', positiveInt('--tasks'))
  .option('--duration <time>', 'run each level for this long instead, e.g. 30s or 2m')
  .option('--warmup <n>', 'executions per level recorded but excluded from metrics (default: one per agent)', integer)
  .option('--full', 'run ~1,000 measured tasks per level: enough for a stable p99')
  .option('--task <name>', 'only this task (repeatable)', collect, [] as string[])
  .option('--seed <n>', 'seed for case order, arrivals and the simulator', integer)
  .option('--threshold <expr>', "fail (exit 1) unless this holds, e.g. 'e2e.p95<20s', 'passRate>=0.9@16' (repeatable)", collect, [] as string[])
  .option('--out <dir>', 'where run directories go', 'agentperf-runs')
  .option('--store <file>', 'SQLite run store (default: <out>/agentperf.db)')
  .option('--single-call', 'also measure lone requests per chat role (TTFT, tokens/s) for the scorecard')
  .option('--quiet', 'print nothing but errors')
  .action(async (suite: string | undefined, flags: Record<string, unknown>) => {
    const { runCommand } = await import('./commands/run.js');
    const only = flags.task as string[];
    const thresholds = flags.threshold as string[];
    exitCode = await runCommand({
      ...(suite === undefined ? {} : { suite }),
      out: flags.out as string,
      ...(flags.store === undefined ? {} : { store: flags.store as string }),
      quiet: flags.quiet === true,
      singleCall: flags.singleCall === true,
      ...(flags.fabric === undefined ? {} : { fabric: flags.fabric as string }),
      ...(flags.levels === undefined ? {} : { levels: flags.levels as string }),
      ...(flags.rate === undefined ? {} : { rate: flags.rate as string }),
      ...(flags.arrival === undefined ? {} : { arrival: flags.arrival as 'poisson' | 'constant' }),
      ...(flags.tasks === undefined ? {} : { tasks: flags.tasks as number }),
      ...(flags.duration === undefined ? {} : { duration: flags.duration as string }),
      ...(flags.warmup === undefined ? {} : { warmup: flags.warmup as number }),
      ...(flags.seed === undefined ? {} : { seed: flags.seed as number }),
      full: flags.full === true,
      ...(only.length > 0 ? { only } : {}),
      thresholds,
    });
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
      exitCode = commanderError.code === 'commander.helpDisplayed' || commanderError.code === 'commander.version' ? 0 : 2;
      if (commanderError.code === 'commander.help') exitCode = 0;
    } else {
      exitCode = reportError(error, process.stderr);
    }
  }
  process.exitCode = exitCode;
}

await main();
