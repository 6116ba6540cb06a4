import type { TaskDefinition } from '../../spec/index.js';
import { createSearchIndex } from '../../tools/index.js';
import { researchAgent } from './agent.js';
import { type ResearchCase, researchCases } from './cases.js';
import { researchCorpus } from './corpus.js';
import { gradeResearch } from './grader.js';
import { researchReference } from './reference.js';
import type { ResearchShared, ResearchState } from './state.js';
import { researchTools } from './tools.js';

/** Fan-out research: planner plans, parallel workers search and summarise, planner merges. */
export const researchTask: TaskDefinition<ResearchCase, ResearchState, string, ResearchShared> = {
  name: 'research',
  description:
    'Planner splits a briefing into sub-questions, small-model workers research them in parallel, planner merges.',
  roles: ['planner', 'worker'],
  cases: researchCases,
  caseId: (theCase) => theCase.id,
  tools: researchTools,
  async prepare(ctx) {
    const index = createSearchIndex();
    index.add(researchCorpus(ctx.seed).passages);
    return { index, close: () => index.close() };
  },
  setup: (_theCase, shared) => ({ index: shared.index, plan: [], summaries: [] }),
  agent: researchAgent,
  grade: gradeResearch,
  reference: researchReference,
  timeoutMs: 90_000,
};

export type { ResearchCase } from './cases.js';
export type { ResearchShared, ResearchState } from './state.js';
export { researchCases } from './cases.js';
export { researchCorpus } from './corpus.js';
export { gradeResearch } from './grader.js';
export { parsePlan } from './plan.js';
export { researchReference, mergedBriefing } from './reference.js';
export { researchTools } from './tools.js';
