/** The TaskContext agents receive, the span recorder behind it, and the standard tool loop. */
export { Execution, type ExecutionInit } from './execution.js';
export { ExecutionContext } from './task-context.js';
export type { RoleRoute } from './route.js';
export { runToolLoop, type ToolLoopOptions, type ToolLoopResult } from './tool-loop.js';
export { toolFailed, toolOk, toolResultText } from './tool-text.js';
export { summarizeGaps } from './inter-token.js';
