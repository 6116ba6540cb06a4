import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LoadedSuite, loadSuiteObject } from '../../src/config/index.js';
import { demoTask } from '../../src/testing/index.js';

/** Validates an in-memory suite the way a suite file is validated (no bundled tasks). */
export function testSuite(input: Record<string, unknown>): Promise<LoadedSuite> {
  return loadSuiteObject(input, '(test suite)', process.cwd(), async () => undefined);
}

/** The demo task on one priced loopback fabric named `fabric` (model "loopback" as the worker role). */
export function loopbackDemoSuite(name: string, fabric: string, baseUrl: string): Promise<LoadedSuite> {
  return testSuite({
    name,
    tasks: [demoTask],
    fabrics: {
      [fabric]: {
        endpoints: {
          api: { type: 'openai', baseUrl, prices: { loopback: { inputPerMTok: 1, outputPerMTok: 1 } } },
        },
        roles: { worker: { endpoint: 'api', model: 'loopback' } },
      },
    },
  });
}

/** The records of a JSONL file. */
export function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);
}

/**
 * Writes `suite.yaml` (and the module it loads) into `directory`: the demo
 * task on one OpenAI-compatible loopback endpoint, with `rest` (levels,
 * tasksPerLevel, seed, …) appended as YAML lines. Returns the suite's path.
 */
export function writeLoopbackSuite(directory: string, name: string, baseUrl: string, rest: string): string {
  const taskModule = join(directory, 'demo-task.ts');
  writeFileSync(
    taskModule,
    `export { demoTask } from ${JSON.stringify(join(process.cwd(), 'src/testing/index.ts'))};\n`,
  );
  const path = join(directory, 'suite.yaml');
  writeFileSync(
    path,
    `name: ${name}
tasks:
  - module: ${taskModule}
    export: demoTask
fabrics:
  local:
    endpoints:
      api: { type: openai, baseUrl: "${baseUrl}", prices: { loopback: { inputPerMTok: 1, outputPerMTok: 1 } } }
    roles:
      worker: { endpoint: api, model: loopback }
${rest}`,
  );
  return path;
}
