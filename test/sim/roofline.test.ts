import { describe, expect, it } from 'vitest';
import { stepTimeMs } from '../../src/sim/index.js';
import { allReduceMs, stepTime } from '../../src/sim/roofline.js';
import { BUILTIN_HARDWARE } from '../../src/sim/profiles/builtin-hardware.js';
import { BUILTIN_MODELS } from '../../src/sim/profiles/builtin-models.js';
import { hardwareProfileSchema, modelProfileSchema } from '../../src/sim/profiles/schemas.js';

const llama8b = modelProfileSchema.parse(BUILTIN_MODELS['llama-3.1-8b-instruct']);
const h100 = hardwareProfileSchema.parse({
  ...BUILTIN_HARDWARE['h100-sxm'],
  stepOverheadMs: 0,
  perSequenceOverheadMs: 0,
  perLayerOverheadMs: 0,
});
const withoutVocabulary = { ...llama8b, vocabSize: undefined, hiddenSize: undefined };

const prefill = (tokens: number, sequences: number) => ({
  tokens,
  contextTokensRead: tokens,
  attendedPairs: 0,
  sequences,
});

describe('roofline', () => {
  it('a tensor-parallel step that runs prompt tokens pays the interconnect prefill-step cost; TP 1 and decode steps do not', () => {
    const extra = h100.interconnect!.prefillStepOverheadMs;
    expect(extra).toBeGreaterThan(0);
    const promptStep = { ...prefill(1024, 4), prefill: true };
    const asDecodeShape = prefill(1024, 4);
    const tp4 = stepTime(llama8b, h100, 4, promptStep);
    expect(tp4.totalMs - stepTime(llama8b, h100, 4, asDecodeShape).totalMs).toBeCloseTo(extra, 9);
    expect(tp4.overheadMs).toBeCloseTo(extra, 9);
    expect(stepTimeMs(llama8b, h100, 1, promptStep)).toBeCloseTo(
      stepTimeMs(llama8b, h100, 1, asDecodeShape),
      9,
    );
    // A profile without the figure (or without an interconnect) has no such cost.
    const bare = hardwareProfileSchema.parse({
      ...BUILTIN_HARDWARE['h100-sxm'],
      interconnect: { ...BUILTIN_HARDWARE['h100-sxm']!.interconnect!, prefillStepOverheadMs: undefined },
    });
    expect(stepTimeMs(llama8b, bare, 4, promptStep)).toBeCloseTo(
      stepTimeMs(llama8b, bare, 4, asDecodeShape),
      9,
    );
  });

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

  it('charges a fixed cost per layer, so a deeper model pays more per step at equal bytes', () => {
    const withLayers = hardwareProfileSchema.parse({
      ...BUILTIN_HARDWARE['h100-sxm'],
      perLayerOverheadMs: 0.05,
    });
    const decode = { tokens: 1, contextTokensRead: 0, attendedPairs: 0, sequences: 1 };
    const shallow = stepTime(llama8b, withLayers, 1, decode);
    const deep = stepTime({ ...llama8b, layers: 64 }, withLayers, 1, decode);
    expect(deep.overheadMs - shallow.overheadMs).toBeCloseTo(32 * 0.05, 9);
    expect(deep.memoryMs).toBeCloseTo(shallow.memoryMs, 9);
  });

  it('tensor parallelism splits both roofs exactly and pays two all-reduces per layer', () => {
    // NCCL's ring model alone: without the measured small-message kernel.
    const bundled = BUILTIN_HARDWARE['h100-sxm']!;
    const h100Tp = hardwareProfileSchema.parse({
      ...bundled,
      interconnect: { ...bundled.interconnect!, smallAllReduce: undefined },
    });
    const decode = { tokens: 8, contextTokensRead: 8000, attendedPairs: 8000, sequences: 8 };
    const one = stepTime(llama8b, h100Tp, 1, decode);
    const four = stepTime(llama8b, h100Tp, 4, decode);
    expect(one.communicationMs).toBe(0);
    expect(four.memoryMs).toBeCloseTo(one.memoryMs / 4, 9);
    expect(four.computeMs).toBeCloseTo(one.computeMs / 4, 9);
    // 8 tokens × 4096 width × 2 bytes per all-reduce, 2 per layer, 32 layers.
    const link = h100Tp.interconnect!;
    const latencyMs = (link.allReduceBaseLatencyUs + 6 * link.allReduceStepLatencyUs) / 1000;
    const transferMs = ((1.5 * 8 * 4096 * 2) / link.bandwidthBytesPerS) * 1000;
    expect(four.communicationMs).toBeCloseTo(64 * (latencyMs + transferMs), 9);
    // A decode step's all-reduces are latency-bound: more devices cost more latency.
    expect(allReduceMs(h100Tp, 8, 65536)).toBeGreaterThan(allReduceMs(h100Tp, 2, 65536));
    // A prefill step's are bandwidth-bound: a slower link (PCIe, L4) costs more per byte.
    const l4 = hardwareProfileSchema.parse(BUILTIN_HARDWARE.l4);
    expect(allReduceMs(l4, 4, 64e6) / allReduceMs(h100Tp, 4, 64e6)).toBeGreaterThan(10);
  });

  it("costs a small all-reduce at the published kernel's latency, and a large one or an unmeasured size by NCCL's model", () => {
    const measured = hardwareProfileSchema.parse(BUILTIN_HARDWARE['h100-sxm']);
    const bundled = BUILTIN_HARDWARE['h100-sxm']!;
    const ncclOnly = hardwareProfileSchema.parse({
      ...bundled,
      interconnect: { ...bundled.interconnect!, smallAllReduce: undefined },
    });
    // 64 KiB at TP 4 lies between the published 32 KiB (9.2 µs) and 256 KiB (20.6 µs) points.
    const between = 9.2 + ((65536 - 32768) / (262144 - 32768)) * (20.6 - 9.2);
    expect(allReduceMs(measured, 4, 65536) * 1000).toBeCloseTo(between, 9);
    // Below the smallest point: the smallest point's latency, not less.
    expect(allReduceMs(measured, 4, 64) * 1000).toBeCloseTo(9.1, 9);
    // Each tensor-parallel size has its own curve.
    expect(allReduceMs(measured, 8, 1048576) * 1000).toBeCloseTo(45.0, 9);
    // Just past the largest measured message, never less than it costs; far past it (a prefill
    // step's) and at an unmeasured size, NCCL's ring.
    expect(allReduceMs(measured, 4, 2 * 1048576) * 1000).toBeCloseTo(40.2, 9);
    expect(allReduceMs(ncclOnly, 4, 2 * 1048576) * 1000).toBeLessThan(40.2);
    expect(allReduceMs(measured, 4, 32e6)).toBeCloseTo(allReduceMs(ncclOnly, 4, 32e6), 12);
    expect(allReduceMs(measured, 3, 65536)).toBeCloseTo(allReduceMs(ncclOnly, 3, 65536), 12);
    // Measurements out of order are refused, naming where.
    const unordered = hardwareProfileSchema.safeParse({
      ...bundled,
      interconnect: {
        ...bundled.interconnect!,
        smallAllReduce: {
          source: 's',
          kernel: 'k',
          latencyUsByDevices: {
            '4': [
              [4096, 9],
              [512, 8],
            ],
          },
        },
      },
    });
    expect(unordered.success).toBe(false);
    expect(unordered.error?.issues[0]?.path).toEqual([
      'interconnect',
      'smallAllReduce',
      'latencyUsByDevices',
      '4',
    ]);
    // At decode sizes the measured kernel costs more than the ring model says.
    expect(allReduceMs(measured, 4, 163840)).toBeGreaterThan(2 * allReduceMs(ncclOnly, 4, 163840));
  });

  it('keeps the older efficiency scaling for a profile without an interconnect', () => {
    const noLink = hardwareProfileSchema.parse({ ...BUILTIN_HARDWARE['h100-sxm'], interconnect: undefined });
    const decode = { tokens: 1, contextTokensRead: 0, attendedPairs: 0, sequences: 1 };
    const one = stepTime(llama8b, noLink, 1, decode);
    const four = stepTime(llama8b, noLink, 4, decode);
    expect(four.communicationMs).toBe(0);
    expect(four.memoryMs).toBeCloseTo(one.memoryMs / (4 * noLink.interconnectEfficiency), 9);
  });
});
