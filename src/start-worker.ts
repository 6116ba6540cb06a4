import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread from a module beside `from` (pass import.meta.url).
 * Built code runs the .js file; under tsx or vitest the module is
 * TypeScript, so the worker first registers tsx's loader and then imports
 * the .ts file (workers cannot take --import in execArgv on Node 20).
 */
export function startWorker(name: string, from: string, options: WorkerOptions = {}): Worker {
  if (!from.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, from), options);
  const target = new URL(`./${name}.ts`, from).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `(async () => { const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(target)}); })().catch((error) => { throw error; });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
