import type { LoopbackService, ServiceClient } from '../services/index.js';

/** What prepare() builds once: the bundled web service (BM25 over the notes, in its own thread). */
export interface ResearchShared {
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
