import type { LoopbackService, ServiceClient } from '../services/index.js';

/** What prepare() builds once: the hybrid index over the embedded corpus, served as a remote vector store. */
export interface DocsShared {
  /** Passages in the store. */
  size: number;
  /** The vector store on loopback. */
  store: LoopbackService;
  client: ServiceClient;
  close(): Promise<void>;
}

/** Per execution: the vector store client and what this execution retrieved, for the grader. */
export interface DocsState {
  store: ServiceClient;
  retrievedIds: string[];
}
