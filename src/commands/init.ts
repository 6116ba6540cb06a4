import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { packageVersion } from '../runner/index.js';
import path from 'node:path';
import { SCAFFOLD_TASK_MODULE, scaffoldSuiteYaml } from '../suites/index.js';

/** Arguments of `agentperf init [DIR]`. */
export interface InitArguments {
  /** Directory to create the suite in (created when missing). */
  dir: string;
  /** Overwrite existing agentperf.yaml / task.ts. */
  force?: boolean;
}

/** A suite name from a directory name: lower-case letters, digits and dashes. */
function suiteName(dir: string): string {
  const base = path
    .basename(path.resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return base === '' ? 'my-suite' : base;
}

function scaffoldPackageJson(name: string): string {
  const manifest = {
    name,
    private: true,
    type: 'module',
    devDependencies: { agentperf: `^${packageVersion()}` },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * Scaffolds a suite: agentperf.yaml (the task, the simulated fabric, levels
 * 1 and 4) and task.ts (cases, agent, grader, reference). Returns the exit
 * code: 0 written, 2 when a file exists and force is not set.
 */
export async function initCommand(args: InitArguments): Promise<number> {
  const files = [
    { name: 'agentperf.yaml', content: scaffoldSuiteYaml(suiteName(args.dir)) },
    { name: 'task.ts', content: SCAFFOLD_TASK_MODULE },
    // ESM, so task.ts's `import { defineTask } from 'agentperf'` resolves to the agentperf that runs it.
    { name: 'package.json', content: scaffoldPackageJson(suiteName(args.dir)) },
  ];
  const existing = files.filter((file) => existsSync(path.join(args.dir, file.name)));
  if (existing.length > 0 && args.force !== true) {
    process.stderr.write(
      `agentperf init: ${existing.map((file) => path.join(args.dir, file.name)).join(', ')} already exists; use --force to overwrite\n`,
    );
    return 2;
  }
  await mkdir(args.dir, { recursive: true });
  for (const file of files) await writeFile(path.join(args.dir, file.name), file.content);
  process.stdout.write(
    `Created ${files.map((file) => path.join(args.dir, file.name)).join(', ')}.\nRun it: npx agentperf run ${path.join(args.dir, 'agentperf.yaml')} (inside ${args.dir}: npx agentperf run)\n`,
  );
  return 0;
}
