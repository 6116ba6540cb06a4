import { describe, expect, it } from 'vitest';
import { stepTimeMs } from '../../src/sim/index.js';
import { BUILTIN_HARDWARE } from '../../src/sim/profiles/builtin-hardware.js';
import { BUILTIN_MODELS } from '../../src/sim/profiles/builtin-models.js';
import { hardwareProfileSchema, modelProfileSchema } from '../../src/sim/profiles/schemas.js';

const llama8b = modelProfileSchema.parse(BUILTIN_MODELS['llama-3.1-8b-instruct']);
const h100 = hardwareProfileSchema.parse({
  ...BUILTIN_HARDWARE['h100-sxm'],
  stepOverheadMs: 0,
  perSequenceOverheadMs: 0,
});
const withoutVocabulary = { ...llama8b, vocabSize: undefined, hiddenSize: undefined };

const prefill = (tokens: number, sequences: number) => ({
  tokens,
  contextTokensRead: tokens,
  attendedPairs: 0,
  sequences,
});

describe('roofline', () => {
  it('charges the LM head once per sequence, not once per prompt token', () => {
    // Compute-bound prefill: 4096 tokens of one prompt vs the same tokens spread over 16 prompts.
    const onePrompt = stepTimeMs(llama8b, h100, 1, prefill(4096, 1));
    const sixteenPrompts = stepTimeMs(llama8b, h100, 1, prefill(4096, 16));
    expect(sixteenPrompts).toBeGreaterThan(onePrompt);
    // Without vocabulary figures every token pays the full 2 × parameters, as before.
    const legacy = stepTimeMs(withoutVocabulary, h100, 1, prefill(4096, 1));
    const flopsPerToken = 2 * (llama8b.parameters - 2 * 128256 * 4096);
    const expected =
      (4096 * flopsPerToken + 2 * 128256 * 4096) / (h100.denseFlopsPerS * h100.computeEfficiency);
    expect(onePrompt).toBeCloseTo(expected * 1000, 6);
    expect(legacy / onePrompt).toBeCloseTo(llama8b.parameters / (llama8b.parameters - 2 * 128256 * 4096), 2);
  });

  it('does not stream the input embedding table in a memory-bound decode step', () => {
    const decode = { tokens: 1, contextTokensRead: 0, attendedPairs: 0, sequences: 1 };
    const withTable = stepTimeMs(withoutVocabulary, h100, 1, decode);
    const gathered = stepTimeMs(llama8b, h100, 1, decode);
    const tableMs = ((128256 * 4096 * 2) / (h100.memoryBandwidthBytesPerS * h100.bandwidthEfficiency)) * 1000;
    expect(withTable - gathered).toBeCloseTo(tableMs, 6);
  });
});
