import { AgentperfError } from '../../errors.js';
import type { TaskDefinition } from '../../spec/index.js';
import { createSandbox } from '../../tools/index.js';
import { codeFixAgent } from './agent.js';
import { type CodeFixCase, codeFixCases } from './cases.js';
import { gradeCodeFix } from './grader.js';
import { codeFixReference } from './reference.js';
import type { CodeFixShared, CodeFixState } from './state.js';
import { codeFixTools } from './tools.js';

/**
 * Small buggy functions with visible and hidden unit tests, run in the
 * sandbox (separate processes, no file system or network, time and memory
 * limits). prepare() starts the pool; the shared object's close() stops it.
 */
export const codeFixTask: TaskDefinition<CodeFixCase, CodeFixState, string, CodeFixShared> = {
  name: 'code-fix',
  description: 'Fix a buggy JavaScript function until its tests pass in a sandbox; graded on hidden tests.',
  roles: ['worker'],
  cases: codeFixCases,
  caseId: (theCase) => theCase.id,
  tools: codeFixTools,
  async prepare() {
    const sandbox = createSandbox({ poolSize: 2, memoryMb: 64, defaultTimeoutMs: 2_000 });
    return { sandbox, close: () => sandbox.close() };
  },
  setup(theCase, shared) {
    if (shared === undefined)
      throw new AgentperfError('internal', 'code-fix needs prepare() to start its sandbox');
    return { sandbox: shared.sandbox, visibleTests: theCase.visibleTests };
  },
  agent: codeFixAgent,
  grade: gradeCodeFix,
  reference: codeFixReference,
  timeoutMs: 60_000,
};

export type { CodeFixCase } from './cases.js';
export type { CodeFixShared, CodeFixState } from './state.js';
export { codeFixCases } from './cases.js';
export { gradeCodeFix } from './grader.js';
export { codeFixReference, fixedAnswer } from './reference.js';
export { codeFixTools } from './tools.js';
