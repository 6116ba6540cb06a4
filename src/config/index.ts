/** Suite and fabric configuration: schemas, loading, validation and resolution. */
export * from './endpoint-schema.js';
export * from './suite-schema.js';
export * from './placement-schema.js';
export { defineSuite, defineTask, isSuiteDefinition, type SuiteDefinition } from './define.js';
export {
  loadSuiteFile,
  loadSuiteObject,
  importModule,
  type LoadedSuite,
  type BundledTaskResolver,
} from './load-suite.js';
export {
  resolveRun,
  parseDuration,
  FULL_TASKS_PER_LEVEL,
  MAX_AGENTS_PER_LEVEL,
  type ResolvedLevel,
  type ResolvedRun,
  type RunOverrides,
} from './resolve.js';
export { suiteJsonSchema } from './json-schema.js';
export { discoverSuiteFile, SUITE_FILE_NAMES } from './discover-suite.js';
