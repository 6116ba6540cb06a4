export { scaffoldSuiteYaml } from './suite-yaml.js';
export { SCAFFOLD_TASK_MODULE } from './task-module.js';
