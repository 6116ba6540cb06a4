import { register } from 'node:module';

let registered = false;

/**
 * Lets suite and task modules `import ... from 'agentperf'` wherever they
 * live, resolving to this running copy of agentperf, so a scaffolded suite
 * runs as generated (no local install needed) and its tasks share the
 * runner's module instances. A tiny Node resolve hook, registered once.
 */
export function registerSelfResolve(): void {
  if (registered) return;
  registered = true;
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  const targets = {
    agentperf: new URL(`../index.${extension}`, import.meta.url).href,
    'agentperf/task': new URL(`../task.${extension}`, import.meta.url).href,
  };
  const hooks = `
let targets;
export async function initialize(data) { targets = data.targets; }
export async function resolve(specifier, context, next) {
  const url = Object.hasOwn(targets, specifier) ? targets[specifier] : undefined;
  if (url !== undefined) return { url, shortCircuit: true };
  return next(specifier, context);
}`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { targets } });
}
