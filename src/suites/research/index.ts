import type { TaskDefinition } from '../../spec/index.js';
import { serviceClient, startServiceThread } from '../services/index.js';
import { researchAgent } from './agent.js';
import { type ResearchCase, researchCases } from './cases.js';
import { researchCorpus } from './corpus.js';
import { gradeResearch } from './grader.js';
import { researchReference } from './reference.js';
import type { ResearchShared, ResearchState } from './state.js';
import { researchTools } from './tools.js';

/**
 * The research task; `modelledServiceTime: false` answers the search API and
 * page store as soon as their work is done (for tests).
 *
 * Fan-out research: planner plans, parallel workers search the bundled web
 * service, read a page and summarise, planner merges.
 */
export function createResearchTask(
  options: { modelledServiceTime?: boolean } = {},
): TaskDefinition<ResearchCase, ResearchState, string, ResearchShared> {
  return {
    name: 'research',
    description:
      'Planner splits a briefing into sub-questions, small-model workers search and read pages in parallel (remote search API and page store), planner merges.',
    roles: ['planner', 'worker'],
    cases: researchCases,
    caseId: (theCase) => theCase.id,
    tools: researchTools,
    async prepare(ctx) {
      const web = await startServiceThread('web', researchCorpus(ctx.seed).passages, {
        seed: ctx.seed,
        ...options,
      });
      const client = serviceClient(web.baseUrl);
      return {
        web,
        client,
        close: async () => {
          await client.close();
          await web.close();
        },
      };
    },
    setup: (_theCase, shared) => ({ web: shared.client, plan: [], summaries: [] }),
    agent: researchAgent,
    grade: gradeResearch,
    reference: researchReference,
    timeoutMs: 90_000,
  };
}

/** The bundled research task, its remote services held to their published service times. */
export const researchTask = createResearchTask();

export type { ResearchCase } from './cases.js';
export type { ResearchShared, ResearchState } from './state.js';
export { researchCases } from './cases.js';
export { researchCorpus } from './corpus.js';
export { gradeResearch } from './grader.js';
export { parsePlan } from './plan.js';
export { researchReference, mergedBriefing } from './reference.js';
export { researchTools } from './tools.js';
