import type { SearchIndex } from '../../tools/index.js';

/** What prepare() builds once: a BM25 index over the research notes. */
export interface ResearchShared {
  index: SearchIndex;
  close(): void;
}

/** Per execution: the shared index and what the agent's workers reported, for the grader. */
export interface ResearchState {
  index: SearchIndex;
  plan: string[];
  summaries: string[];
}
