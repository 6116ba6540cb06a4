import { describe, expect, it } from 'vitest';
import { Replica } from '../../src/sim/engine/replica.js';
import type { SequenceRequest } from '../../src/sim/engine/sequence.js';
import { loadSimFabric, stepTimeMs, VirtualClock } from '../../src/sim/index.js';
import { Random } from '../../src/sim/random.js';
import { smallChatFabric } from './helpers.js';

/** A token as the replica emitted it: which request, which output index, in which engine step. */
interface Emitted {
  name: string;
  index: number;
  step: number;
}

/**
 * A replica with the given serving on virtual time, so which step a token
 * lands in never depends on how busy the machine is (on the live clock a
 * slow test runner let two prompts submitted together meet in one step);
 * the API server is off unless `serving` sets it (these tests are about steps).
 */
function replicaWith(serving: string): Replica {
  const withoutApiServer = serving.replace('{', '{ apiServerMsPerRequest: 0,');
  const deployment = loadSimFabric(smallChatFabric(withoutApiServer)).deployments[0]!;
  const clock = new VirtualClock();
  const replica = new Replica(deployment, new Random(1), undefined, clock);
  clocks.set(replica, clock);
  return replica;
}

const clocks = new WeakMap<Replica, VirtualClock>();

/** Runs the replica's virtual time until nothing is queued, then lets the requests' promises settle. */
async function settle(replica: Replica, ...requests: Promise<void>[]): Promise<void> {
  clocks.get(replica)!.run();
  await Promise.all(requests);
}

/** Submits a request whose tokens are logged with the step that produced them; resolves when it finishes. */
function submit(
  replica: Replica,
  log: Emitted[],
  name: string,
  promptTokens: number,
  outputTokens: number,
  onToken?: (index: number) => void,
): Promise<void> {
  return new Promise((resolve) => {
    const request: SequenceRequest = {
      promptTokens,
      outputTokens,
      promptBoundaries: [],
      completionBoundaries: [],
      onToken: (index) => {
        log.push({ name, index, step: replica.counters.steps });
        onToken?.(index);
      },
      onFinish: resolve,
    };
    replica.submit(request);
  });
}

const stepsOf = (log: Emitted[], name: string) =>
  log.filter((token) => token.name === name).map((token) => token.step);
const firstTokenStep = (log: Emitted[], name: string) =>
  log.find((token) => token.name === name && token.index === 0)!.step;

/** A decodes; after its 5th token B (a long prompt) arrives. Returns the emission log. */
async function promptArrivesDuringDecode(replica: Replica): Promise<Emitted[]> {
  const log: Emitted[] = [];
  let late: Promise<void> | undefined;
  // Submitted from A's token callback: B reaches the busy engine between two steps.
  const first = submit(replica, log, 'A', 20, 40, (index) => {
    if (index === 4) late = submit(replica, log, 'B', 1500, 3);
  });
  try {
    await settle(replica, first);
    await late;
  } finally {
    replica.stop();
  }
  return log;
}

describe('step scheduling policy', () => {
  it('defaults to v1-chunked: a new prompt prefills in the same step as running decodes', async () => {
    const deployment = loadSimFabric(smallChatFabric('{ jitter: 0 }')).deployments[0]!;
    expect(deployment.serving.scheduler).toBe('v1-chunked');
    const log = await promptArrivesDuringDecode(replicaWith('{ maxBatchedTokens: 2048, jitter: 0 }'));
    const prefillStep = firstTokenStep(log, 'B');
    expect(stepsOf(log, 'A')).toContain(prefillStep);
    expect(stepsOf(log, 'A')).toHaveLength(40);
  });

  it('v0-prefill-first pauses a decode in progress while a new prompt prefills', async () => {
    const log = await promptArrivesDuringDecode(
      replicaWith('{ scheduler: v0-prefill-first, maxBatchedTokens: 2048, jitter: 0 }'),
    );
    const prefillStep = firstTokenStep(log, 'B');
    const decodeSteps = stepsOf(log, 'A');
    expect(decodeSteps).toHaveLength(40);
    expect(decodeSteps).not.toContain(prefillStep);
    // A was decoding right before B's prefill step and resumes right after it.
    expect(decodeSteps).toContain(prefillStep - 1);
    expect(decodeSteps).toContain(prefillStep + 1);
  });

  it('v0-prefill-first prefills whole prompts, FIFO, up to the token budget, before any decode', async () => {
    const replica = replicaWith('{ scheduler: v0-prefill-first, maxBatchedTokens: 2048, jitter: 0 }');
    const log: Emitted[] = [];
    try {
      // X starts a step at once; C1 and C2 wait. 1500 + 1500 exceed the budget, so they take a step each.
      const all = [
        submit(replica, log, 'X', 10, 5),
        submit(replica, log, 'C1', 1500, 3),
        submit(replica, log, 'C2', 1500, 3),
      ];
      await settle(replica, ...all);
    } finally {
      replica.stop();
    }
    expect(firstTokenStep(log, 'X')).toBe(1);
    expect(firstTokenStep(log, 'C1')).toBe(2);
    expect(firstTokenStep(log, 'C2')).toBe(3);
    // X's second token waits for both prefill-only steps; then everyone decodes together.
    expect(stepsOf(log, 'X')).toEqual([1, 4, 5, 6, 7]);
    expect(log.filter((token) => token.step === 4).map((token) => token.name)).toEqual(['X', 'C1', 'C2']);
  });

  it('v1-chunked splits the same prompts into chunks beside the decode', async () => {
    const replica = replicaWith('{ maxBatchedTokens: 2048, jitter: 0 }');
    const log: Emitted[] = [];
    try {
      await settle(
        replica,
        submit(replica, log, 'X', 10, 5),
        submit(replica, log, 'C1', 1500, 3),
        submit(replica, log, 'C2', 1500, 3),
      );
    } finally {
      replica.stop();
    }
    // Step 2: X's decode, all of C1 and a first chunk of C2; step 3 finishes C2.
    expect(stepsOf(log, 'X').slice(0, 3)).toEqual([1, 2, 3]);
    expect(firstTokenStep(log, 'C1')).toBe(2);
    expect(firstTokenStep(log, 'C2')).toBe(3);
  });

  it('v0-prefill-first rejects a prompt longer than the token budget (it could never be scheduled whole)', () => {
    const prefillFirst = replicaWith('{ scheduler: v0-prefill-first, maxBatchedTokens: 512, jitter: 0 }');
    const chunked = replicaWith('{ maxBatchedTokens: 512, jitter: 0 }');
    const request: SequenceRequest = {
      promptTokens: 600,
      outputTokens: 1,
      promptBoundaries: [],
      completionBoundaries: [],
      onToken: () => {},
      onFinish: () => {},
    };
    try {
      expect(() => prefillFirst.submit(request)).toThrow(RangeError);
      expect(() => chunked.submit(request)).not.toThrow();
    } finally {
      prefillFirst.stop();
      chunked.stop();
    }
  });

  it('streamInterval sends the first token at once, then every N tokens, and the rest at the end', async () => {
    const replica = replicaWith('{ streamInterval: 4, jitter: 0 }');
    const log: Emitted[] = [];
    try {
      await settle(replica, submit(replica, log, 'A', 20, 10));
    } finally {
      replica.stop();
    }
    expect(stepsOf(log, 'A')).toEqual([1, 5, 5, 5, 5, 9, 9, 9, 9, 10]);
    expect(log.filter((token) => token.name === 'A').map((token) => token.index)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
  });

  it('numSchedulerSteps runs decode rounds whose tokens arrive together at the round end', async () => {
    const replica = replicaWith(
      '{ scheduler: v0-prefill-first, maxBatchedTokens: 2048, numSchedulerSteps: 4, jitter: 0 }',
    );
    const log: Emitted[] = [];
    try {
      await settle(replica, submit(replica, log, 'A', 20, 12));
    } finally {
      replica.stop();
    }
    // Prefill step 1 (first token at once), rounds of 4 decode steps: 2-5, 6-9, 10-13. A ends at step 12, but
    // vLLM V0 processes a round's outputs at its end, so A's last tokens come with step 13 (as in Lambda's vLLM
    // 0.6.0 runs with 10 steps, where a 3-token reply gets its last 2 tokens one round after its first).
    expect(stepsOf(log, 'A')).toEqual([1, 5, 5, 5, 5, 9, 9, 9, 9, 13, 13, 13]);
  });

  it('numSchedulerSteps keeps a sequence that ends mid-round in the batch until the round ends', async () => {
    const replica = replicaWith(
      '{ scheduler: v0-prefill-first, maxBatchedTokens: 2048, numSchedulerSteps: 4, jitter: 0 }',
    );
    const log: Emitted[] = [];
    try {
      await settle(replica, submit(replica, log, 'short', 20, 3), submit(replica, log, 'long', 20, 12));
    } finally {
      replica.stop();
    }
    // (No API server here: 'short' prefills alone in step 1, 'long' in step 2.) The round of steps 3-6 makes the
    // short reply's tokens 2 and 3 in steps 3 and 4, and holds them until step 6.
    expect(stepsOf(log, 'short')).toEqual([1, 6, 6]);
    expect(stepsOf(log, 'long').slice(0, 5)).toEqual([2, 6, 6, 6, 6]);
  });

  it('numSchedulerSteps holds a prompt that arrives mid-round until the round ends', async () => {
    const lateComer = async (steps: number) => {
      const replica = replicaWith(
        `{ scheduler: v0-prefill-first, maxBatchedTokens: 2048, numSchedulerSteps: ${steps}, jitter: 0 }`,
      );
      const log: Emitted[] = [];
      let arrivedAfter = 0;
      try {
        const first = submit(replica, log, 'A', 20, 30);
        // B arrives once step 3 is done: inside the first decode round (steps 2-9) when N = 8. Virtual time
        // advances in slices much shorter than a step, so B comes in right after the step that reached 3.
        const clock = clocks.get(replica)!;
        for (let untilMs = 0; replica.counters.steps < 3; untilMs += 0.05) clock.run(untilMs);
        arrivedAfter = replica.counters.steps;
        const late = submit(replica, log, 'B', 200, 2);
        await settle(replica, first, late);
      } finally {
        replica.stop();
      }
      return { arrivedAfter, firstToken: firstTokenStep(log, 'B') };
    };
    // Every step scheduled: B's prefill runs at most one planned step after it arrives.
    const everyStep = await lateComer(1);
    expect(everyStep.firstToken).toBeLessThanOrEqual(everyStep.arrivedAfter + 2);
    // Rounds of 8 decode steps (2-9): B waits for the round to end, whenever in it it arrived.
    const rounds = await lateComer(8);
    expect(rounds.arrivedAfter).toBeLessThan(9);
    expect(rounds.firstToken).toBe(10);
  });

  it('overlapSchedule admits a prompt that arrives mid-step one step later, about one decode step later in time', async () => {
    /** A decodes; B arrives while step 3 runs. Returns the step and the time of B's first token after it arrived. */
    const lateComer = async (serving: string) => {
      const replica = replicaWith(serving);
      const clock = clocks.get(replica)!;
      const log: Emitted[] = [];
      let arrivedAfter = 0;
      let sentAt = 0;
      let firstAt = 0;
      try {
        const first = submit(replica, log, 'A', 20, 30);
        for (let untilMs = 0; replica.counters.steps < 2; untilMs += 0.05) clock.run(untilMs);
        // Half a decode step into step 3 (an 8B decode step on an H100 takes a few ms).
        clock.run(clock.now() + 1);
        arrivedAfter = replica.counters.steps;
        sentAt = clock.now();
        const late = new Promise<void>((resolve) => {
          replica.submit({
            promptTokens: 200,
            outputTokens: 2,
            promptBoundaries: [],
            completionBoundaries: [],
            onToken: (index, atMs) => {
              if (index === 0) {
                firstAt = atMs;
                log.push({ name: 'B', index, step: replica.counters.steps });
              }
            },
            onFinish: resolve,
          });
        });
        await settle(replica, first, late);
      } finally {
        replica.stop();
      }
      return { arrivedAfter, step: firstTokenStep(log, 'B'), ttftMs: firstAt - sentAt };
    };
    for (const scheduler of ['v0-prefill-first', 'v1-chunked']) {
      const serving = `{ scheduler: ${scheduler}, maxBatchedTokens: 2048, jitter: 0 }`;
      const plain = await lateComer(serving);
      const overlap = await lateComer(serving.replace('{', '{ overlapSchedule: true,'));
      expect(plain.arrivedAfter).toBe(2);
      expect(overlap.arrivedAfter).toBe(2);
      // Without overlap B prefills in the step after the running one; with it, one step later still.
      expect(plain.step).toBe(4);
      expect(overlap.step).toBe(5);
      const deployment = loadSimFabric(smallChatFabric(serving)).deployments[0]!;
      const decodeStepMs = stepTimeMs(deployment.model, deployment.hardware, 1, {
        tokens: 1,
        contextTokensRead: 25,
        attendedPairs: 25,
        sequences: 1,
      });
      expect(overlap.ttftMs - plain.ttftMs).toBeGreaterThan(0.8 * decodeStepMs);
      expect(overlap.ttftMs - plain.ttftMs).toBeLessThan(1.5 * decodeStepMs);
    }
  });

  it('overlapSchedule does not delay a request that reaches an idle engine', async () => {
    const firstTokenMs = (serving: string) => loneFirstTokenMs(serving, 2);
    const plain = await firstTokenMs('{ scheduler: v0-prefill-first, jitter: 0 }');
    expect(plain).toBeGreaterThan(0);
    expect(await firstTokenMs('{ scheduler: v0-prefill-first, overlapSchedule: true, jitter: 0 }')).toBe(
      plain,
    );
  });

  it("asyncOutputProcessing returns a single step's tokens with the next step's, and flushes before a round", async () => {
    const prefills = async (serving: string) => {
      const replica = replicaWith(serving);
      const log: Emitted[] = [];
      try {
        // Two whole prompts that cannot share the 2,048-token budget: C1 prefills in step 1, C2 in step 2.
        await settle(replica, submit(replica, log, 'C1', 1500, 3), submit(replica, log, 'C2', 1500, 3));
      } finally {
        replica.stop();
      }
      return log;
    };
    const base = '{ scheduler: v0-prefill-first, maxBatchedTokens: 2048, jitter: 0';
    const plain = await prefills(`${base} }`);
    expect(stepsOf(plain, 'C1')).toEqual([1, 3, 4]);
    expect(stepsOf(plain, 'C2')).toEqual([2, 3, 4]);
    // Every step single: each token comes back when the next step's outputs do; the last ones once the engine
    // has nothing left to run (after its output processing, still counted in step 4).
    const lagged = await prefills(`${base}, asyncOutputProcessing: true }`);
    expect(stepsOf(lagged, 'C1')).toEqual([2, 4, 4]);
    expect(stepsOf(lagged, 'C2')).toEqual([3, 4, 4]);
    // Multi-step rounds do not overlap output processing: C1's first token comes with step 2 (C2's prefill), and
    // C2's is flushed before the decode round starts, so it is counted in step 2 too.
    const rounds = await prefills(`${base}, numSchedulerSteps: 4, asyncOutputProcessing: true }`);
    expect(firstTokenStep(rounds, 'C1')).toBe(2);
    expect(firstTokenStep(rounds, 'C2')).toBe(2);
  });

  it('asyncOutputProcessing delays a lone first token by outputProcessingMs before a multi-step round', async () => {
    const serving = (extra: string) =>
      `{ scheduler: v0-prefill-first, numSchedulerSteps: 4, jitter: 0${extra} }`;
    const plain = await loneFirstTokenMs(serving(''), 8);
    expect(await loneFirstTokenMs(serving(', asyncOutputProcessing: true'), 8)).toBeCloseTo(plain + 5, 6);
    expect(
      await loneFirstTokenMs(serving(', asyncOutputProcessing: true, outputProcessingMs: 12'), 8),
    ).toBeCloseTo(plain + 12, 6);
  });

  it('asyncOutputProcessing on the wall clock delivers every token and finishes', async () => {
    const serving =
      '{ scheduler: v0-prefill-first, apiServerMsPerRequest: 0, numSchedulerSteps: 3, asyncOutputProcessing: true }';
    const deployment = loadSimFabric(smallChatFabric(serving)).deployments[0]!;
    const replica = new Replica(deployment, new Random(1));
    const tokens: number[] = [];
    try {
      await new Promise<void>((resolve) => {
        replica.submit({
          promptTokens: 50,
          outputTokens: 7,
          promptBoundaries: [],
          completionBoundaries: [],
          onToken: (index) => tokens.push(index),
          onFinish: resolve,
        });
      });
    } finally {
      replica.stop();
    }
    expect(tokens).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('a tensor-parallel prefill step lasts as long as the roofline says for a step with prompt tokens', async () => {
    const firstTokenMs = async (tensorParallel: number) => {
      const serving = `{ tensorParallel: ${tensorParallel}, jitter: 0 }`;
      const at = await loneFirstTokenMs(serving, 1);
      const deployment = loadSimFabric(smallChatFabric(serving)).deployments[0]!;
      const shape = { tokens: 200, contextTokensRead: 200, attendedPairs: 200 * 100, sequences: 1 };
      return {
        at,
        asPrefill: stepTimeMs(deployment.model, deployment.hardware, tensorParallel, {
          ...shape,
          prefill: true,
        }),
        asDecode: stepTimeMs(deployment.model, deployment.hardware, tensorParallel, shape),
      };
    };
    const tp4 = await firstTokenMs(4);
    expect(tp4.asPrefill - tp4.asDecode).toBeGreaterThan(1);
    expect(tp4.at).toBeCloseTo(tp4.asPrefill, 6);
    const tp1 = await firstTokenMs(1);
    expect(tp1.at).toBeCloseTo(tp1.asDecode, 6);
  });
});

/** When the first token of one 200-token prompt, alone on a replica with this serving config, comes out. */
async function loneFirstTokenMs(serving: string, outputTokens: number): Promise<number> {
  const replica = replicaWith(serving);
  let at = -1;
  try {
    await settle(
      replica,
      new Promise<void>((resolve) => {
        replica.submit({
          promptTokens: 200,
          outputTokens,
          promptBoundaries: [],
          completionBoundaries: [],
          onToken: (index, atMs) => {
            if (index === 0) at = atMs;
          },
          onFinish: resolve,
        });
      }),
    );
  } finally {
    replica.stop();
  }
  return at;
}
