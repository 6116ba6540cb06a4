import { availableParallelism } from 'node:os';
import { UsageError } from '../errors.js';

/** Most agent worker threads one run may start (`run --workers`). */
export const MAX_WORKERS = 256;

/**
 * Worker threads a run uses when none is asked for: one per core the
 * machine can spare (the main thread, the simulator and the writer need
 * about one between them), at most 16 (beyond that the main thread's
 * gathering of records, not the agents, limits a level). A 2-core machine
 * gets 2, not 1: measured on one (docs/performance.md, "Agents on every
 * core"), 2 workers had less harness lag and lower e2e at 64 agents than 1.
 * A 1-core machine gets 1.
 */
export function defaultWorkers(cores: number = availableParallelism()): number {
  return Math.max(1, Math.min(16, Math.max(Math.min(2, cores), cores - 1)));
}

/** Parses `--workers N` (a whole number 1..256); bad input is a UsageError (exit 2). */
export function parseWorkers(text: string): number {
  const value = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isInteger(value) || value < 1 || value > MAX_WORKERS)
    throw new UsageError(
      `--workers must be a whole number from 1 to ${MAX_WORKERS}, got "${text}" (e.g. --workers 2; leave it out for ${defaultWorkers()} on this machine)`,
    );
  return value;
}
