import { describe, expect, it } from 'vitest';
import { Replica } from '../../src/sim/engine/replica.js';
import type { Sequence, SequenceRequest } from '../../src/sim/engine/sequence.js';
import { loadSimFabric, VirtualClock } from '../../src/sim/index.js';
import { Random } from '../../src/sim/random.js';
import { smallChatFabric } from './helpers.js';

interface Outcome {
  name: string;
  submittedAtMs: number;
  /** Intended time (the simulator's timeline, not the timer's) and engine step of the first token. */
  firstTokenAtMs: number;
  firstTokenStep: number;
  tokens: number;
}

const clocks = new WeakMap<Replica, VirtualClock>();

/** A replica on virtual time: which step a request lands in must not depend on how busy the test machine is. */
function replicaWith(serving: string): Replica {
  const deployment = loadSimFabric(smallChatFabric(serving)).deployments[0]!;
  const clock = new VirtualClock();
  const replica = new Replica(deployment, new Random(1), undefined, clock);
  clocks.set(replica, clock);
  return replica;
}

/** Runs the replica's virtual time until nothing is queued. */
function drain(replica: Replica): void {
  clocks.get(replica)!.run();
}

/** Submits a request; resolves with when and in which step its first token came. */
function submit(
  replica: Replica,
  name: string,
  promptTokens: number,
  outputTokens = 2,
): { done: Promise<Outcome>; sequence: Sequence } {
  let resolve!: (outcome: Outcome) => void;
  const done = new Promise<Outcome>((settle) => {
    resolve = settle;
  });
  const outcome: Outcome = {
    name,
    submittedAtMs: clocks.get(replica)!.now(),
    firstTokenAtMs: -1,
    firstTokenStep: -1,
    tokens: 0,
  };
  const request: SequenceRequest = {
    promptTokens,
    outputTokens,
    promptBoundaries: [],
    completionBoundaries: [],
    onToken: (index, intendedAtMs) => {
      outcome.tokens++;
      if (index === 0) {
        outcome.firstTokenAtMs = intendedAtMs;
        outcome.firstTokenStep = replica.counters.steps;
      }
    },
    onFinish: () => resolve(outcome),
  };
  return { done, sequence: replica.submit(request) };
}

describe('API server in front of an engine replica (serving.apiServerMsPerRequest)', () => {
  it('is on by default (the calibrated figures: test/sim/calibrated-physics.test.ts)', () => {
    const deployment = loadSimFabric(smallChatFabric('{ jitter: 0 }')).deployments[0]!;
    expect(deployment.serving.apiServerMsPerRequest).toBeGreaterThan(0);
  });

  it('ingests a burst whole before the engine sees any of it, so the first step packs the burst', async () => {
    // Without an API server, X (arriving first) would start a step alone and C1 would wait for the next.
    const replica = replicaWith(
      '{ scheduler: v0-prefill-first, maxBatchedTokens: 2048, apiServerMsPerRequest: 10, jitter: 0 }',
    );
    try {
      const burst = [submit(replica, 'X', 10), submit(replica, 'C1', 1500), submit(replica, 'C2', 1500)];
      drain(replica);
      const [x, c1, c2] = await Promise.all(burst.map((request) => request.done));
      expect(x!.firstTokenStep).toBe(1);
      expect(c1!.firstTokenStep).toBe(1);
      expect(c2!.firstTokenStep).toBe(2);
      // No token before all three were ingested (3 × 10 ms on the simulator's timeline).
      expect(x!.firstTokenAtMs - x!.submittedAtMs).toBeGreaterThanOrEqual(30);
    } finally {
      replica.stop();
    }
  });

  it('without an API server the first arrival starts a step alone (the contrast to the test above)', async () => {
    const replica = replicaWith(
      '{ scheduler: v0-prefill-first, maxBatchedTokens: 2048, apiServerMsPerRequest: 0, jitter: 0 }',
    );
    try {
      const burst = [submit(replica, 'X', 10), submit(replica, 'C1', 1500), submit(replica, 'C2', 1500)];
      drain(replica);
      const [x, c1] = await Promise.all(burst.map((request) => request.done));
      expect(x!.firstTokenStep).toBe(1);
      expect(c1!.firstTokenStep).toBe(2);
    } finally {
      replica.stop();
    }
  });

  it('hands over at most maxRunningSequences at a time, so sustained load cannot starve the engine', async () => {
    const replica = replicaWith('{ maxRunningSequences: 2, apiServerMsPerRequest: 20, jitter: 0 }');
    try {
      const burst = ['A', 'B', 'C', 'D', 'E'].map((name) => submit(replica, name, 10, 1));
      drain(replica);
      const outcomes = await Promise.all(burst.map((request) => request.done));
      const [a, b] = outcomes;
      // A and B go to the engine after the second ingest (40 ms), long before all five are in (100 ms).
      expect(a!.firstTokenStep).toBe(b!.firstTokenStep);
      expect(a!.firstTokenAtMs - a!.submittedAtMs).toBeGreaterThanOrEqual(40);
      expect(a!.firstTokenAtMs).toBeLessThan(outcomes[4]!.firstTokenAtMs - 40);
    } finally {
      replica.stop();
    }
  });

  it('drops a request cancelled while it is being ingested; the rest are served', async () => {
    const replica = replicaWith('{ apiServerMsPerRequest: 10, jitter: 0 }');
    try {
      const kept = submit(replica, 'kept', 10);
      const dropped = submit(replica, 'dropped', 10);
      let droppedTokens = 0;
      void dropped.done.then((outcome) => {
        droppedTokens = outcome.tokens;
      });
      expect(dropped.sequence.state).toBe('ingesting');
      replica.cancel(dropped.sequence);
      drain(replica);
      const outcome = await kept.done;
      expect(outcome.tokens).toBe(2);
      expect(droppedTokens).toBe(0);
      expect(dropped.sequence.state).toBe('cancelled');
      expect(replica.counters.promptTokens).toBe(10);
    } finally {
      replica.stop();
    }
  });
});
