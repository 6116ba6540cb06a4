import type { ReferenceTrajectory } from '../../spec/index.js';
import type { ResearchCase } from './cases.js';

/** The conversation names of the fan-out: one plan, one per worker, one merge. */
export const PLAN_CONVERSATION = 'planner-plan';
export const MERGE_CONVERSATION = 'planner-merge';
export function workerConversation(index: number): string {
  return `worker-${index}`;
}

/** The merged briefing a correct planner writes from correct worker summaries. */
export function mergedBriefing(theCase: ResearchCase): string {
  return `Briefing on ${theCase.organisation}: ${theCase.parts.map((part) => part.sentence).join(' ')}`;
}

/** Plan (JSON), then each worker searches and summarises, then the merge. */
export function researchReference(theCase: ResearchCase): Record<string, ReferenceTrajectory> {
  const conversations: Record<string, ReferenceTrajectory> = {
    [PLAN_CONVERSATION]: {
      turns: [{ answer: JSON.stringify({ subquestions: theCase.parts.map((part) => part.subquestion) }) }],
    },
    [MERGE_CONVERSATION]: { turns: [{ answer: mergedBriefing(theCase) }] },
  };
  theCase.parts.forEach((part, index) => {
    conversations[workerConversation(index)] = {
      turns: [
        { toolCalls: [{ name: 'search', arguments: { query: part.subquestion } }] },
        { answer: part.sentence },
      ],
    };
  });
  return conversations;
}
