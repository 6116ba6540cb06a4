import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes `<dir>/<name>.yaml`: the demo task on one loopback fabric, as a
 * user's suite file (the task module re-exports src/testing). Returns the file name.
 */
export function writeDemoSuiteFile(dir: string, name: string, baseUrl: string, extra = ''): string {
  const taskModule = join(dir, 'demo-task.ts');
  writeFileSync(
    taskModule,
    `export { demoTask } from ${JSON.stringify(join(process.cwd(), 'src/testing/index.ts'))};\n`,
  );
  const file = `${name}.yaml`;
  writeFileSync(
    join(dir, file),
    `name: ${name}
tasks:
  - module: ${taskModule}
    export: demoTask
fabrics:
  ${name}:
    endpoints:
      api: { type: openai, baseUrl: "${baseUrl}", prices: { loopback: { inputPerMTok: 1, outputPerMTok: 1 } } }
    roles:
      worker: { endpoint: api, model: loopback }
${extra}`,
  );
  return file;
}
