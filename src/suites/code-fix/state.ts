import type { Sandbox } from '../../tools/index.js';
import type { TestSnippet } from './cases.js';

/** What prepare() builds once: a pool of warm sandbox processes. */
export interface CodeFixShared {
  sandbox: Sandbox;
  /** Stops the pool's processes. */
  close(): Promise<void>;
}

/** Per execution: the shared pool (each sandbox run gets a fresh context) and the case's visible tests. */
export interface CodeFixState {
  sandbox: Sandbox;
  visibleTests: TestSnippet[];
}
