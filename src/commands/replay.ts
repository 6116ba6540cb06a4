import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type FabricConfig, fabricSchema } from '../config/index.js';
import { UsageError } from '../errors.js';
import { buildReportModel, htmlOfModel, markdownOfModel, renderSummaryTable } from '../report/index.js';
import { readTrace, replayTrace, rolesOf } from '../replay/index.js';
import { DEFAULT_SUITE } from './default-suite.js';
import { jsonLinesText, parseRoleModels } from './run-directory-files.js';

export interface ReplayCommandArgs {
  /** A run directory, a proxy recording (.jsonl) or a Mooncake trace (.jsonl). */
  trace: string;
  /** A fabric of the recorded (bundled) suite, builtin:NAME, a simulator fabric YAML file, or an OpenAI-compatible base URL. */
  fabric: string;
  /** ROLE=MODEL bindings (a proxy or Mooncake trace's roles are its recorded model names, or `model`). */
  models?: string[];
  /** With a base URL: the environment variable holding its API key. */
  apiKeyEnv?: string;
  /** Open-loop arrivals this many times faster than recorded. */
  timeScale?: number;
  out?: string;
  seed?: number;
  quiet?: boolean;
}

/**
 * `agentperf replay TRACE --fabric F`: re-issues a recorded trace's model
 * calls against a real or simulated fabric at the recorded structure and
 * arrival pattern, with tool and agent gaps as recorded, and writes the
 * result as a run directory.
 */
export async function replayCommand(args: ReplayCommandArgs, runsDir: string): Promise<number> {
  const trace = readTrace(resolve(args.trace));
  if (args.timeScale !== undefined && !(args.timeScale > 0)) {
    throw new UsageError(
      `--time-scale ${args.timeScale} is not positive`,
      'e.g. --time-scale 2 replays twice as fast',
    );
  }
  const overrides = parseRoleModels(args.models ?? []);
  const fabric = fabricFor(args, trace.suite === DEFAULT_SUITE.name, rolesOf(trace), overrides);
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  const write = (text: string) => {
    if (!args.quiet) process.stderr.write(text);
  };
  write(`replaying ${trace.tasks.length} recorded executions (${trace.format}) against ${args.fabric}\n`);
  let replayed: Awaited<ReturnType<typeof replayTrace>>;
  try {
    replayed = await replayTrace(trace, {
      fabricName: args.fabric,
      fabric,
      ...(args.timeScale === undefined ? {} : { timeScale: args.timeScale }),
      seed: args.seed ?? trace.results?.seed ?? 1,
      env: process.env,
      signal: controller.signal,
      onLevel: (level) => write(`  ${level.label}: ${level.tasksCompleted} tasks replayed\n`),
    });
  } finally {
    process.off('SIGINT', interrupt);
  }
  const directory = join(resolve(args.out ?? runsDir), replayed.results.runId);
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, 'results.json'), `${JSON.stringify(replayed.results, null, 2)}\n`);
  writeFileSync(join(directory, 'tasks.jsonl'), jsonLinesText(replayed.tasks));
  writeFileSync(join(directory, 'spans.jsonl'), jsonLinesText(replayed.spans));
  const model = buildReportModel(replayed);
  writeFileSync(join(directory, 'report.md'), markdownOfModel(model));
  writeFileSync(join(directory, 'report.html'), htmlOfModel(model));
  if (!args.quiet) {
    process.stdout.write(
      `${renderSummaryTable(replayed.results, { color: false, width: process.stdout.columns ?? 100 }).trimEnd()}\n`,
    );
    process.stdout.write(`results: ${directory}/results.json · report: ${directory}/report.html\n`);
  }
  return controller.signal.aborted ? 130 : 0;
}

function fabricFor(
  args: ReplayCommandArgs,
  bundled: boolean,
  roles: Map<string, string>,
  overrides: Record<string, string>,
): FabricConfig {
  const bundledFabric = bundled ? DEFAULT_SUITE.fabrics?.[args.fabric] : undefined;
  if (bundledFabric !== undefined) {
    const parsed = fabricSchema.parse(bundledFabric);
    for (const [role, model] of Object.entries(overrides)) {
      const binding = parsed.roles[role];
      if (binding !== undefined) binding.model = model;
    }
    return parsed;
  }
  let endpoint: Record<string, unknown>;
  if (/^https?:\/\//.test(args.fabric)) {
    endpoint = {
      type: 'openai',
      baseUrl: args.fabric,
      ...(args.apiKeyEnv ? { apiKeyEnv: args.apiKeyEnv } : {}),
    };
  } else if (args.fabric.startsWith('builtin:') || /\.ya?ml$/i.test(args.fabric)) {
    endpoint = {
      type: 'simulator',
      fabric: args.fabric.startsWith('builtin:') ? args.fabric : resolve(args.fabric),
    };
  } else {
    throw new UsageError(
      `--fabric ${args.fabric} is not a fabric replay can reach`,
      'give builtin:NAME, a simulator fabric .yaml file, an OpenAI-compatible base URL (http://…/v1), or a fabric of the bundled suite',
    );
  }
  const parsed = fabricSchema.safeParse({
    endpoints: { target: endpoint },
    roles: Object.fromEntries(
      [...roles].map(([role, recordedModel]) => [
        role,
        { endpoint: 'target', model: overrides[role] ?? recordedModel },
      ]),
    ),
  });
  if (!parsed.success) {
    throw new UsageError(
      `--fabric ${args.fabric}: ${parsed.error.issues[0]?.message ?? 'not a valid endpoint'}`,
      'give an http(s) base URL including the version path, e.g. http://127.0.0.1:8000/v1',
    );
  }
  return parsed.data;
}
