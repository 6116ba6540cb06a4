/**
 * agentperf as a library: define suites and tasks in TypeScript, run them,
 * and read the records. The CLI is a thin layer over these.
 */
export type * from './spec/index.js';
export { WORK_STEP_KINDS } from './spec/index.js';
export {
  defineSuite,
  defineTask,
  type SuiteDefinition,
  loadSuiteFile,
  resolveRun,
  suiteJsonSchema,
} from './config/index.js';
export { runToolLoop, type ToolLoopOptions, type ToolLoopResult } from './context/index.js';
export { runSuite, type RunSuiteOptions, type RunOutcome, type ProgressSink } from './runner/index.js';
export { AgentperfError, ApiCallError, ConfigError, ToolError, UsageError } from './errors.js';
export { startLoopbackServer, demoTask } from './testing/index.js';
export { defineHttpAgentTask, startOtlpReceiver, startRecordingProxy } from './ingest/index.js';
export { createOtlpSpanExporter } from './export/index.js';
export {
  connectMcp,
  createSandbox,
  createSearchIndex,
  defineTool,
  functionTool,
  httpTool,
  sqlQueryTool,
  cloneDatabase,
} from './tools/index.js';
