/**
 * The bundled representative suite: five agent tasks wired to real tools.
 * Each is also a template to copy (see docs/writing-tasks.md).
 */
import type { TaskDefinition } from '../spec/index.js';
import { codeFixTask } from './code-fix/index.js';
import { docsQaTask } from './docs-qa/index.js';
import { researchTask } from './research/index.js';
import { sqlAnalystTask } from './sql-analyst/index.js';
import { supportTask } from './support/index.js';

export { codeFixTask } from './code-fix/index.js';
export { docsQaTask } from './docs-qa/index.js';
export { researchTask } from './research/index.js';
export { sqlAnalystTask } from './sql-analyst/index.js';
export { supportTask } from './support/index.js';

/** The five bundled tasks, in the order reports list them. */
export function bundledTasks(): TaskDefinition[] {
  return [supportTask, docsQaTask, sqlAnalystTask, codeFixTask, researchTask] as unknown as TaskDefinition[];
}

export { SCAFFOLD_TASK_MODULE, scaffoldSuiteYaml } from './scaffold/index.js';
