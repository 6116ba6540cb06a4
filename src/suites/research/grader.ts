import type { Grade } from '../../spec/index.js';
import type { ResearchCase } from './cases.js';
import type { ResearchState } from './state.js';

function mentions(text: string, fact: string): boolean {
  return text.toLowerCase().includes(fact.toLowerCase());
}

/**
 * Passes when the merged briefing states every requested fact and each of
 * them was found by some worker: a fact no worker reported is not research,
 * whatever the planner wrote.
 */
export function gradeResearch(input: { case: ResearchCase; answer: string; state: ResearchState }): Grade {
  const answer = typeof input.answer === 'string' ? input.answer : '';
  const parts = input.case.parts;
  const missing = parts.filter((part) => !mentions(answer, part.fact));
  const unfound = parts.filter(
    (part) => !input.state.summaries.some((summary) => mentions(summary, part.fact)),
  );
  const good = parts.length - new Set([...missing, ...unfound]).size;
  if (missing.length === 0 && unfound.length === 0) return { passed: true, score: 1 };
  const reasons = [
    ...(missing.length > 0 ? [`briefing lacks ${missing.map((part) => part.kind).join(', ')}`] : []),
    ...(unfound.length > 0 ? [`no worker found ${unfound.map((part) => part.kind).join(', ')}`] : []),
  ];
  return { passed: false, score: good / parts.length, reason: reasons.join('; ') };
}
