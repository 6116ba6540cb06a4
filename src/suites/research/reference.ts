import type { ReferenceTrajectory } from '../../spec/index.js';
import { memoBySeed } from '../shared/index.js';
import type { ResearchCase } from './cases.js';
import { researchCorpus } from './corpus.js';

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

/** The page that states each fact sentence, per corpus seed. */
const pageIdsBySentence = memoBySeed((seed: number): Map<string, string> => {
  const pages = new Map<string, string>();
  for (const passage of researchCorpus(seed).passages) {
    const sentence = /^[^.]*\./.exec(passage.text)?.[0];
    if (sentence !== undefined && !pages.has(sentence)) pages.set(sentence, passage.id);
  }
  return pages;
});

/** Plan (JSON), then each worker searches, reads the page that states its fact, and summarises; then the merge. */
export function researchReference(theCase: ResearchCase): Record<string, ReferenceTrajectory> {
  const conversations: Record<string, ReferenceTrajectory> = {
    [PLAN_CONVERSATION]: {
      turns: [{ answer: JSON.stringify({ subquestions: theCase.parts.map((part) => part.subquestion) }) }],
    },
    [MERGE_CONVERSATION]: { turns: [{ answer: mergedBriefing(theCase) }] },
  };
  const pages = pageIdsBySentence(theCase.seed);
  theCase.parts.forEach((part, index) => {
    conversations[workerConversation(index)] = {
      turns: [
        { toolCalls: [{ name: 'search', arguments: { query: part.subquestion } }] },
        { toolCalls: [{ name: 'fetch_page', arguments: { id: pages.get(part.sentence) ?? 'note-1' } }] },
        { answer: part.sentence },
      ],
    };
  });
  return conversations;
}
