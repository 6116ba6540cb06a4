import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/sim/engine/virtual-clock.js';
import { Replica } from '../../src/sim/engine/replica.js';
import { loadSimFabric } from '../../src/sim/index.js';
import { BUILTIN_HARDWARE } from '../../src/sim/profiles/builtin-hardware.js';
import { BUILTIN_MODELS } from '../../src/sim/profiles/builtin-models.js';
import { hardwareProfileSchema, modelProfileSchema } from '../../src/sim/profiles/schemas.js';
import { Random } from '../../src/sim/random.js';
import { stepTime } from '../../src/sim/roofline.js';
import { smallChatFabric } from './helpers.js';

const nemo = modelProfileSchema.parse(BUILTIN_MODELS['mistral-nemo-12b-instruct']);

describe('calibrated simulator physics (docs/simulator.md, Fidelity)', () => {
  it('an H100 prefills a 2,048-token-budget step of the Nemo calibration run in the published ~68 ms', () => {
    // Lambda's Nemo burst of 80, each group returned with the next step's outputs: from the first group (344.3 ms)
    // to the second-last (1,026.1 ms), the 10 steps after the first two prefill 20,419 - 1,865 - 1,929 tokens.
    const h100 = hardwareProfileSchema.parse(BUILTIN_HARDWARE['h100-sxm']);
    const tokens = (20419 - 1865 - 1929) / 10;
    const publishedStepMs = (1026.1 - 344.3) / 10;
    const step = stepTime(nemo, h100, 1, {
      tokens,
      contextTokensRead: tokens,
      attendedPairs: (tokens * 250) / 2,
      sequences: 7,
    });
    expect(step.computeMs).toBeGreaterThan(step.memoryMs);
    expect(step.totalMs).toBeGreaterThan(publishedStepMs * 0.97);
    expect(step.totalMs).toBeLessThan(publishedStepMs * 1.03);
  });

  it('charges the API server per request and per prompt token before the engine sees a burst', () => {
    const firstTokenAt = (serving: string, prompts: number[]): number => {
      const deployment = loadSimFabric(smallChatFabric(serving)).deployments[0]!;
      const clock = new VirtualClock();
      const replica = new Replica(deployment, new Random(1), undefined, clock);
      let first = Number.POSITIVE_INFINITY;
      for (const promptTokens of prompts) {
        replica.submit({
          promptTokens,
          outputTokens: 1,
          promptBoundaries: [],
          completionBoundaries: [],
          onToken: (_, atMs) => {
            first = Math.min(first, atMs);
          },
          onFinish: () => {},
        });
      }
      clock.run();
      replica.stop();
      return first;
    };
    const base = '{ scheduler: v0-prefill-first, maxBatchedTokens: 2048, apiServerMsPerRequest: 1, jitter: 0';
    const withoutTokens = firstTokenAt(`${base}, apiServerMsPerPromptToken: 0 }`, [1000, 10]);
    const withTokens = firstTokenAt(`${base}, apiServerMsPerPromptToken: 0.01 }`, [1000, 10]);
    // The same single prefill step either way; only the ingest differs, by 0.01 ms × 1,010 prompt tokens.
    expect(withTokens - withoutTokens).toBeCloseTo(10.1, 6);
    // And the per-request part: a third request adds 1 ms (+ its 5 tokens × 0.01) plus its share of the step.
    const three = firstTokenAt(`${base}, apiServerMsPerPromptToken: 0.01 }`, [1000, 10, 5]);
    expect(three - withTokens).toBeGreaterThan(1.05);
  });

  it('defaults to the two-point calibration: 1.47 ms per request and 3.2 µs per prompt token', () => {
    const deployment = loadSimFabric(smallChatFabric('{ jitter: 0 }')).deployments[0]!;
    expect(deployment.serving.apiServerMsPerRequest).toBe(1.47);
    expect(deployment.serving.apiServerMsPerPromptToken).toBe(0.0032);
    // Lambda's calibration bursts: 10 requests of 1,369 prompt tokens, 80 of 20,419 (ms before the first step).
    const ingest = (requests: number, tokens: number) =>
      requests * deployment.serving.apiServerMsPerRequest +
      tokens * deployment.serving.apiServerMsPerPromptToken;
    expect(ingest(10, 1369)).toBeCloseTo(19.1, 0);
    expect(ingest(80, 20419)).toBeCloseTo(182.9, 0);
  });

  it('charges the per-sequence engine work once per multi-step round, not once per step', () => {
    // Time of each sequence's token 4: made in step 5 (prefill in step 1, decodes from step 2), delivered at its end.
    const fourthTokenAt = (steps: number): number => {
      const deployment = loadSimFabric(
        smallChatFabric(`{ scheduler: v0-prefill-first, numSchedulerSteps: ${steps}, jitter: 0 }`),
      ).deployments[0]!;
      const clock = new VirtualClock();
      const replica = new Replica(deployment, new Random(1), undefined, clock);
      let at = -1;
      for (let index = 0; index < 8; index++) {
        replica.submit({
          promptTokens: 100,
          outputTokens: 20,
          promptBoundaries: [],
          completionBoundaries: [],
          onToken: (token, atMs) => {
            if (token === 4) at = atMs;
          },
          onFinish: () => {},
        });
      }
      clock.run();
      replica.stop();
      return at;
    };
    const perSequenceMs = hardwareProfileSchema.parse(BUILTIN_HARDWARE['h100-sxm']).perSequenceOverheadMs;
    // Rounds of 4 (steps 2-5): steps 3, 4 and 5 skip the per-sequence work of the 8 sequences.
    expect(fourthTokenAt(1) - fourthTokenAt(4)).toBeCloseTo(3 * 8 * perSequenceMs, 6);
  });
});
