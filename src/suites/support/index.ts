import type { TaskDefinition } from '../../spec/index.js';
import { cloneDatabase } from '../../tools/index.js';
import { supportAgent } from './agent.js';
import { type SupportCase, supportCases } from './cases.js';
import { baseStoreDatabase } from './database.js';
import { gradeSupport } from './grader.js';
import { supportReference } from './reference.js';
import type { SupportState } from './state.js';
import { supportTools } from './tools.js';

/**
 * Customer-support operations in the spirit of tau-bench's retail domain:
 * a real SQLite store, tools that read and write it, and a grader that
 * inspects the store the agent left behind.
 */
export const supportTask: TaskDefinition<SupportCase, SupportState, string, void> = {
  name: 'support',
  description:
    'Customer support over a real SQLite store: refunds, address changes, emails (tool cost per email).',
  roles: ['worker'],
  cases: supportCases,
  caseId: (theCase) => theCase.id,
  tools: supportTools,
  async prepare(ctx) {
    baseStoreDatabase(ctx.seed);
  },
  // Each execution writes to its own copy, so concurrent executions cannot see each other's refunds.
  setup: (theCase) => ({ db: cloneDatabase(baseStoreDatabase(theCase.seed)) }),
  teardown: (state) => {
    state.db.close();
  },
  agent: supportAgent,
  grade: gradeSupport,
  reference: supportReference,
  timeoutMs: 120_000,
};

export type { SupportCase } from './cases.js';
export type { SupportState } from './state.js';
export { supportCases } from './cases.js';
export { supportReference, referenceAnswer as supportReferenceAnswer } from './reference.js';
export { gradeSupport } from './grader.js';
export { supportTools } from './tools.js';
export { baseStoreDatabase } from './database.js';
