// Writes docs/commands.md from the CLI's own --help, so the reference never
// drifts from what the parser accepts: `npm run docs:commands`.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const COMMANDS = [
  'run',
  'capacity',
  'sim',
  'report',
  'compare',
  'history',
  'scorecard',
  'runs',
  'merge',
  'k8s',
  'whatif',
  'replay',
  'proxy',
  'init',
  'schema',
];

function help(args: string[]): string {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args, '--help'], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', COLUMNS: '100' },
  });
  return result.stdout.trimEnd();
}

const sections = COMMANDS.map(
  (command) => `## agentperf ${command}\n\n\`\`\`text\n${help([command])}\n\`\`\``,
);
writeFileSync(
  'docs/commands.md',
  `# Commands

Generated from \`--help\` (\`npm run docs:commands\`). Every command exits 0 on
success, 1 when a threshold (or, for \`compare --fail-on-regression\`, a
significant regression) failed, 2 for bad input or usage with a one-line
reason on stderr and no stack trace, 3 for an internal error, and 130 when
\`run\` was interrupted (Ctrl-C): the finished tasks are kept and the run is
marked partial.

Thresholds (\`--threshold\`, or \`thresholds:\` in the suite) are
\`[task=NAME:]METRIC[.STAT] OP VALUE[UNIT][@LEVEL]\`, for example
\`e2e.p95<20s\`, \`passedE2e.p99<=45s@64\`, \`passRate>=0.9\`,
\`costPerTask.mean<0.05\`, \`costPerPassedTask<$0.10\`, \`stepsPerSecond>10@c16\`,
\`goodput>=1/s\`, \`task=support:e2e.p95<15s\`. Latencies take ms, s or m (a bare
number is ms). A threshold without \`@\` applies to every level.

\`capacity\` takes SLOs in the same language (\`--slo\`, without \`@\`) and
searches for the largest load meeting all of them: it grows the load from
\`--min\` (doubling) until a probe does not meet, then bisects the bracket
down to \`--resolution\`. Each probe is a real one-level run, stopped as soon
as every SLO is met, or one is missed, with 95% confidence (distribution-free;
see docs/metrics.md, Early stopping); a probe whose budget ends first is
undecided, and so is one the harness warned about twice (never a miss). It
writes \`capacity-<time>-<suite>/\` under \`--out\` with \`capacity.json\`
(\`fabrics\`: one entry per fabric with \`fabric\`, \`mode\`, \`slo\`,
\`capacity\`, \`bracket\` [highest load met, lowest load missed], \`answer\`,
\`atCapacity\` and \`probes\`), \`report.md\` and \`report.html\` (each SLO
metric against load, its interval, the bound and the answer), and the probe
runs under \`probes/\` (\`agentperf report RUN --runs .../probes\`).
capacity.json is rewritten after every probe, so Ctrl-C keeps every finished
probe. Exit 0, 1 when a fabric met no load tried, 2 bad input, 130
interrupted.

\`run\` on several fabrics (\`--fabric a,b\` or \`all\`; the bundled run uses all
three) runs them at the same time when they share no endpoint URL (simulated
fabrics never do: each run starts its own simulator), each line of progress
prefixed with its fabric. The levels share one budget of agents: the largest
level plus the smallest level of each other fabric (64 + 1 + 1 for the bundled
suite), first come first served, so the one-agent levels overlap and the
64-agent levels take turns; every level's harness health is measured as
always. Fabrics that share an endpoint, shards and \`--start-at\` runs go one
after another, as does \`--sequential\`.

\`run --until 'ci(e2e.p95)<=5%'\` keeps each level running until that interval
is tight (or \`--tasks\`/\`--duration\` runs out) and records which in
\`results.json\` (\`levels[].stop\`).

\`run --workers N\` runs the agents of every level in N worker threads (1 to
256; default: the machine's cores less one, but 2 on a 2-core machine, 1 on
one core, at most 16: see docs/performance.md, Agents on every core). Each
worker loads the suite from its file itself (task modules, tools and MCP
servers start once per worker: see docs/writing-tasks.md, Worker threads),
runs \`prepare()\` and has its own HTTP clients; closed-loop agents and
executions are split as shards split them, open-loop arrivals follow one
schedule of which each worker runs every N-th arrival (latency still counts
from the scheduled time). The simulator stays in its own thread, so every
worker hits one simulated fabric; the main thread only schedules, gathers
the records and shows progress. Harness health is measured in each worker and
the worst is reported (\`levels[].harness.workers\` says how many). A suite
built in code (no file) runs with \`--workers 1\` only.
What workers buy on a small machine (docs/performance.md, measured on 2
cores): the main thread's own cost per step falls from ~250–350 µs to
~40–80 µs, so it keeps up with many agents (10,000 idle agents, or the
bundled suite at 64). The process spends about twice the CPU in all, and
against a zero-latency server, where the client's CPU is the whole load,
TTFT readings were less accurate with two workers than with one. When a
level's harness warns, try more workers; when the machine's cores are all
busy, try fewer.

Conventions every command follows: \`--json\` (on \`run\`, \`compare\`, \`history\`,
\`scorecard\` and \`runs\`) prints one JSON document on stdout and sends everything
meant for people to stderr; \`NO_COLOR\` (any non-empty value) turns colour off,
\`FORCE_COLOR\` turns it on off a terminal (\`FORCE_COLOR=0\` off); \`run\` with no
suite runs \`agentperf.yaml\` (or \`.yml\`, \`agentperf.config.ts\`) in the current
directory when there is one, else the bundled suite.

${sections.join('\n\n')}
`,
);
console.log('wrote docs/commands.md');
