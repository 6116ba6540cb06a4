// Writes docs/commands.md from the CLI's own --help, so the reference never
// drifts from what the parser accepts: `npm run docs:commands`.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const COMMANDS = [
  'run',
  'sim',
  'report',
  'compare',
  'history',
  'scorecard',
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

${sections.join('\n\n')}
`,
);
console.log('wrote docs/commands.md');
