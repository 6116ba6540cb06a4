import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCapacity, realProbe } from '../../src/capacity/index.js';
import { parseThreshold } from '../../src/metrics/index.js';
import type { CapacityEntry } from '../../src/spec/index.js';
import { type LoopbackServer, startLoopbackServer } from '../../src/testing/index.js';
import { loopbackDemoSuite } from '../support/suites.js';
import { tempDir } from '../support/temp-dir.js';

// 4 slots of 50 ms, two calls a task: the server saturates at 40 tasks/s. Below that Poisson arrivals
// still queue now and then (an M/D/4 queue), so the p95 task misses 200 ms somewhere under 40/s.
// (A queued call costs no more than a free one here: a costlier queue collapses for good at any rate.)
const SATURATION_PER_S = 40;

describe('capacity in rate mode (open-loop Poisson arrivals)', () => {
  let server: LoopbackServer;
  const dir = tempDir();
  let entry: CapacityEntry;

  beforeAll(async () => {
    server = await startLoopbackServer({
      outputTokens: 2,
      serviceCurve: { servers: 4, serviceMs: 50, queuedServiceMs: 50 },
    });
    const suite = await loopbackDemoSuite('rate-knee', 'knee', server.baseUrl);
    const slos = [parseThreshold('e2e.p95<200ms')];
    entry = await findCapacity(
      realProbe({
        suite,
        fabric: 'knee',
        mode: 'rate',
        slos,
        probeTasks: 400,
        probeDuration: null,
        seed: 7,
        confidence: 0.95,
        outDir: join(dir.path, 'probes'),
        storePath: join(dir.path, 'probes', 'agentperf.db'),
        signal: new AbortController().signal,
      }),
      { fabric: 'knee', mode: 'rate', slos, search: { min: 10, max: 80, resolution: 5, integer: false } },
    );
  }, 240_000);

  afterAll(async () => {
    await server.close();
    dir.remove();
  });

  it('probes arrival rates as open-loop levels and answers in tasks per second', () => {
    expect(entry.mode).toBe('rate');
    // Open-loop levels are labelled by their rate ("r20"), never by agents ("c20").
    for (const probe of entry.probes) expect(probe.label).toBe(`r${probe.load}`);
    expect(entry.answer).toMatch(/tasks\/s/);
  });

  it('brackets a knee below saturation: every met rate lies below every missed one', (context) => {
    const starved = entry.probes.filter((probe) => probe.verdict === 'undecided');
    // A probe the harness could not drive is undecided, never a miss; the search stops above it.
    for (const probe of starved) expect(probe.note).toContain('harness warned');
    const met = entry.probes.filter((probe) => probe.verdict === 'met').map((probe) => probe.load);
    const missed = entry.probes.filter((probe) => probe.verdict === 'missed').map((probe) => probe.load);
    if (starved.length > 0 && missed.length === 0)
      context.skip('the harness warned before any rate missed (a starved machine): no bracket to check');
    // Far above saturation the queue grows without bound: that probe must be a miss, whatever the machine.
    expect(missed.length).toBeGreaterThan(0);
    expect(Math.min(...missed)).toBeLessThanOrEqual(2 * SATURATION_PER_S);
    if (met.length > 0) {
      expect(Math.max(...met)).toBeLessThan(Math.min(...missed));
      expect(entry.capacity).toBe(Math.max(...met));
      expect(entry.bracket[1]).toBe(Math.min(...missed.filter((load) => load > entry.capacity!)));
    } else {
      expect(entry.status).toBe('min-not-met');
    }
  });
});
