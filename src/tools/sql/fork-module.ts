import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Starts a child Node process running the module `name` beside `from`
 * (pass import.meta.url). Built code runs the .js file; under tsx or vitest
 * the module is TypeScript, so the child loads tsx's ESM hooks first. The
 * environment is empty: the child needs none, and API keys must not reach it.
 */
export function forkModule(name: string, from: string): ChildProcess {
  const typescript = from.endsWith('.ts');
  const path = fileURLToPath(new URL(`./${name}.${typescript ? 'ts' : 'js'}`, from));
  return fork(path, [], {
    execArgv: typescript ? ['--import', import.meta.resolve('tsx/esm')] : [],
    env: {},
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
}
