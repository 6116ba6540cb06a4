import { ensureBuilt } from './built-cli.js';

/** Vitest global setup: tests of the built CLI spawn dist/cli.js, so build it once, before any file runs. */
export default function setup(): void {
  ensureBuilt();
}
