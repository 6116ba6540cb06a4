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
    interconnectEfficiency: z
      .number()
      .min(0.01)
      .max(1)
      .default(0.85)
      .describe('Scaling efficiency of tensor parallelism across devices.'),
  })
  .strict();

export type LengthDistribution = z.infer<typeof lengthSchema>;
export type Behaviour = z.infer<typeof behaviourSchema>;
export type ModelProfile = z.infer<typeof modelProfileSchema>;
export type HardwareProfile = z.infer<typeof hardwareProfileSchema>;
