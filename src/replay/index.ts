/** Trace replay: re-issue a recorded agent's model calls against a fabric, at the recorded structure. */
export { readTrace, type Trace } from './trace-formats.js';
export { replayTrace, rolesOf, type ReplayOptions } from './replay-trace.js';
