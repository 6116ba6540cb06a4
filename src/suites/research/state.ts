import type { SearchIndex } from '../../tools/index.js';
import type { LoopbackService, ServiceClient } from '../services/index.js';

/** What prepare() builds once: a BM25 index over the notes, served by the bundled web service. */
export interface ResearchShared {
  index: SearchIndex;
  /** The search API and page store on loopback. */
  web: LoopbackService;
  client: ServiceClient;
  close(): Promise<void>;
}

/** Per execution: the web client and what the agent's workers reported, for the grader. */
export interface ResearchState {
  web: ServiceClient;
  plan: string[];
  summaries: string[];
}
