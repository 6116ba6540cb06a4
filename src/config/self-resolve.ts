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
  const target = new URL(import.meta.url.endsWith('.ts') ? '../index.ts' : '../index.js', import.meta.url)
    .href;
  const hooks = `
let target;
export async function initialize(data) { target = data.target; }
export async function resolve(specifier, context, next) {
  if (specifier === 'agentperf') return { url: target, shortCircuit: true };
  return next(specifier, context);
}`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { target } });
}
