import type { SearchIndex } from '../../tools/index.js';

/** What prepare() builds once: the hybrid index over the embedded corpus. */
export interface DocsShared {
  index: SearchIndex;
  close(): void;
}

/** Per execution: the shared index (read-only) and what this execution retrieved, for the grader. */
export interface DocsState {
  index: SearchIndex;
  retrievedIds: string[];
}
