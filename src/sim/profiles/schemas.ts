import { z } from 'zod';

/** Length distribution of generated text: lognormal with a median and a log-space sigma, capped. */
export const lengthSchema = z
  .object({
    median: z.number().positive().describe('Median tokens.'),
    sigma: z.number().nonnegative().default(0.5).describe('Log-space standard deviation.'),
    max: z.number().int().positive().default(4096).describe('Hard cap on a draw.'),
  })
  .strict();

/**
 * How a simulated chat model behaves as an agent. These are assumptions
 * (labelled simulated), not measurements: they set how often it errs so the
 * quality/latency trade-off of small vs large models shows up in a run.
 */
export const behaviourSchema = z
  .object({
    wrongArgumentsRate: z.number().min(0).max(1).describe('Chance a tool call carries a perturbed argument.'),
    skippedStepRate: z.number().min(0).max(1).describe('Chance the model skips the next reference step.'),
    wrongAnswerRate: z.number().min(0).max(1).describe('Chance the final answer is perturbed.'),
    recoveryRate: z
      .number()
      .min(0)
      .max(1)
      .describe('Chance the model re-emits the correct call after a tool error (otherwise it errs again).'),
    outputTokens: lengthSchema.describe('Length of free-text answers (no reference).'),
    reasoningTokens: lengthSchema
      .optional()
      .describe('Hidden reasoning tokens before each reply (reasoning models).'),
  })
  .strict();

/** A model as its model card and config.json describe it. */
export const modelProfileSchema = z
  .object({
    kind: z
      .enum(['chat', 'embed', 'rerank'])
      .describe('What the model serves: chat completions, embeddings or reranking.'),
    displayName: z.string().describe('Name shown in reports.'),
    source: z.string().describe('Where the figures come from (model card / config.json URL).'),
    parameters: z.number().positive().describe('Total parameters.'),
    activeParameters: z
      .number()
      .positive()
      .optional()
      .describe('Parameters used per token (MoE); defaults to parameters.'),
    experts: z.number().int().positive().optional().describe('Routed experts per MoE layer.'),
    expertsPerToken: z.number().int().positive().optional().describe('Experts each token is routed to.'),
    layers: z.number().int().positive().describe('Transformer layers (num_hidden_layers).'),
    attentionHeads: z.number().int().positive().describe('Query heads per layer (num_attention_heads).'),
    kvHeads: z.number().int().positive().describe('Key/value heads per layer (num_key_value_heads; GQA).'),
    headDim: z.number().int().positive().describe('Width of one attention head (head_dim).'),
    hiddenSize: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Model width (hidden_size); with vocabSize, separates the embedding and output matrices.'),
    vocabSize: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Vocabulary size (vocab_size): rows of the input embedding and the output (LM head) matrix.'),
    tiedEmbeddings: z
      .boolean()
      .default(false)
      .describe('Input embedding and LM head share one matrix (tie_word_embeddings).'),
    bytesPerWeight: z.number().positive().default(2).describe('2 for BF16/FP16, 1 for FP8.'),
    kvBytesPerElement: z
      .number()
      .positive()
      .default(2)
      .describe('Bytes per KV-cache element: 2 for BF16, 1 for FP8.'),
    contextLength: z
      .number()
      .int()
      .positive()
      .describe('Longest prompt + output the model accepts (tokens).'),
    embeddingDimension: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Output vector size (embedding models).'),
    behaviour: behaviourSchema.optional().describe('Agent behaviour (chat models).'),
  })
  .strict();

/**
 * A device-to-device interconnect as its published figures describe it:
 * per-direction bandwidth from the vendor's sheet, all-reduce latency from
 * NCCL's own cost model (`src/graph/tuning.cc`: a base latency plus a
 * per-step latency, over the 2 × (devices − 1) steps of a ring all-reduce).
 */
export const interconnectSchema = z
  .object({
    name: z.string().describe('Link generation, as reports show it (e.g. NVLink 4, PCIe Gen5 x16).'),
    source: z.string().describe('Where the bandwidth figure comes from (spec sheet URL).'),
    bandwidthBytesPerS: z
      .number()
      .positive()
      .describe('Per-direction bandwidth of one device onto the link (bytes/s).'),
    allReduceBaseLatencyUs: z
      .number()
      .nonnegative()
      .describe('Fixed latency of one all-reduce (microseconds), NCCL ring/LL base latency.'),
    allReduceStepLatencyUs: z
      .number()
      .nonnegative()
      .describe(
        'Latency of each of the 2 × (devices − 1) ring steps (microseconds), NCCL per-hop latency of this link.',
      ),
    smallAllReduce: z
      .object({
        source: z.string().describe('Where the measurements come from (repository and page, or URL).'),
        kernel: z.string().describe('The all-reduce kernel measured (e.g. vLLM custom all-reduce).'),
        latencyUsByDevices: z
          .record(
            z.string().regex(/^[0-9]+$/, 'a tensor-parallel size, e.g. "4"'),
            z
              .array(
                z.tuple([
                  z.number().positive().describe('message bytes'),
                  z.number().positive().describe('latency, microseconds'),
                ]),
              )
              .min(2)
              .refine(
                (points) => points.every((point, index) => index === 0 || point[0] > points[index - 1]![0]),
                'list the [bytes, µs] pairs by increasing message size',
              ),
          )
          .describe(
            'Per tensor-parallel size, measured [message bytes, latency µs] pairs in increasing size.',
          ),
      })
      .strict()
      .optional()
      .describe(
        "Published latencies of the all-reduce kernel an engine uses for small messages (a decode step's): at a measured tensor-parallel size and up to its largest measured message, an all-reduce costs the measured latency (linear between points; the smallest point's below it; past the largest, at least its latency) instead of the NCCL ring model.",
      ),
    prefillStepOverheadMs: z
      .number()
      .nonnegative()
      .default(0)
      .describe(
        'Fixed extra cost (ms) of an engine step that runs prompt tokens when tensorParallel > 1: prefill runs eagerly (CUDA graphs cover decode only), so every kernel launch of its lock-stepped ranks and the synchronisation at each all-reduce add up, a cost the roofline and the all-reduce model do not have and a one-device step does not pay. Measured, not derived: see the bundled profiles and docs/simulator.md, Fidelity. 0 (the default): no such cost.',
      ),
  })
  .strict();

/** An accelerator (or CPU server) as its vendor's spec sheet describes it. */
export const hardwareProfileSchema = z
  .object({
    displayName: z.string().describe('Name shown in reports.'),
    source: z.string().describe('Spec sheet URL.'),
    memoryBytes: z.number().positive().describe('Device memory per device.'),
    memoryBandwidthBytesPerS: z.number().positive().describe('Peak memory bandwidth per device.'),
    denseFlopsPerS: z.number().positive().describe('Peak dense BF16/FP16 FLOP/s per device (no sparsity).'),
    computeEfficiency: z
      .number()
      .min(0.0001)
      .max(1)
      .describe('Fraction of peak FLOP/s a serving engine reaches.'),
    bandwidthEfficiency: z
      .number()
      .min(0.0001)
      .max(1)
      .describe('Fraction of peak bandwidth a serving engine reaches.'),
    stepOverheadMs: z
      .number()
      .nonnegative()
      .describe('Fixed cost of one engine step (scheduling, kernel launches).'),
    perSequenceOverheadMs: z
      .number()
      .nonnegative()
      .default(0)
      .describe('Engine cost per sequence in a step (scheduling, sampling, detokenising, streaming).'),
    perLayerOverheadMs: z
      .number()
      .nonnegative()
      .default(0)
      .describe(
        "Fixed cost per transformer layer in every step (the few small kernels of a layer, each with a minimum duration and launch gap however little data it touches); scales with the model's layer count.",
      ),
    interconnectEfficiency: z
      .number()
      .min(0.01)
      .max(1)
      .default(0.85)
      .describe(
        'Scaling efficiency of tensor parallelism across devices; used only when the profile gives no `interconnect` (then tensor parallelism has no communication term).',
      ),
    interconnect: interconnectSchema
      .optional()
      .describe(
        'The device-to-device link tensor parallelism all-reduces over. With it, each layer pays two all-reduces (latency + bytes / bandwidth) and the roofs divide by the device count exactly.',
      ),
  })
  .strict();

export type LengthDistribution = z.infer<typeof lengthSchema>;
export type Behaviour = z.infer<typeof behaviourSchema>;
export type ModelProfile = z.infer<typeof modelProfileSchema>;
export type HardwareProfile = z.infer<typeof hardwareProfileSchema>;
export type Interconnect = z.infer<typeof interconnectSchema>;
