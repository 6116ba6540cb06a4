import type { HardwareProfile, ModelProfile } from './profiles/schemas.js';

/** What one engine step does, summed over the batch. */
export interface StepShape {
  /** Tokens processed (decode tokens + prefill chunk tokens). */
  tokens: number;
  /** KV tokens read by attention (each sequence's context). */
  contextTokensRead: number;
  /** Σ over processed tokens of the context each attends to (attention FLOPs). */
  attendedPairs: number;
  /**
   * Sequences in the step (per-sequence engine overhead: scheduling,
   * sampling, detokenising). Each also gets one row of logits from the LM
   * head: engines compute logits only at the position they sample.
   */
  sequences: number;
}

/**
 * Parameters of the vocabulary matrices: the input embedding (a table
 * lookup, not a matrix multiply, and only the looked-up rows are read) and
 * the LM head (a multiply, but only at sampled positions). Tied models
 * share one matrix. 0 when the profile does not give vocabulary and width.
 */
export function vocabularyParams(model: ModelProfile): { embedding: number; head: number } {
  if (!model.vocabSize || !model.hiddenSize) return { embedding: 0, head: 0 };
  const matrix = model.vocabSize * model.hiddenSize;
  return model.tiedEmbeddings ? { embedding: 0, head: matrix } : { embedding: matrix, head: matrix };
}

/** KV cache bytes one token occupies: K and V, every layer, every KV head. */
export function kvBytesPerToken(model: ModelProfile): number {
  return 2 * model.layers * model.kvHeads * model.headDim * model.kvBytesPerElement;
}

/**
 * Weight bytes read in a step of `tokens` tokens. Dense models read all
 * weights once. MoE models read the shared part plus the experts the
 * batch touches: with k of E experts per token, a random expert is idle
 * for all T tokens with probability (1 - k/E)^T.
 */
export function weightBytesRead(model: ModelProfile, tokens: number): number {
  // The input embedding is gathered row by row (tokens × width bytes), not streamed whole.
  const total = (model.parameters - vocabularyParams(model).embedding) * model.bytesPerWeight;
  if (!model.experts || !model.expertsPerToken || !model.activeParameters) return total;
  const share = model.expertsPerToken / model.experts;
  const expertParams = (model.parameters - model.activeParameters) / (1 - share);
  const sharedParams = model.parameters - expertParams;
  const touched = 1 - (1 - share) ** Math.max(tokens, 1);
  return (sharedParams - vocabularyParams(model).embedding + expertParams * touched) * model.bytesPerWeight;
}

/**
 * Step time = fixed overhead (per step, plus per sequence) + max(compute
 * time, memory time): a roofline.
 * Compute: 2 × active parameters outside the vocabulary matrices per
 * token, 2 × LM-head parameters per sampled sequence, plus 4 × layers ×
 * heads × head dim per attended (query, key) pair. Memory: weights once
 * (less the embedding table, which is gathered) plus every KV token
 * attention reads. Tensor parallelism divides both, at the
 * interconnect's efficiency.
 */
export function stepTimeMs(
  model: ModelProfile,
  hardware: HardwareProfile,
  tensorParallel: number,
  shape: StepShape,
): number {
  const vocabulary = vocabularyParams(model);
  const perToken = (model.activeParameters ?? model.parameters) - vocabulary.embedding - vocabulary.head;
  const attentionWidth = model.attentionHeads * model.headDim;
  const flops =
    2 * perToken * shape.tokens +
    2 * vocabulary.head * Math.min(shape.sequences, shape.tokens) +
    4 * model.layers * attentionWidth * shape.attendedPairs;
  const bytes = weightBytesRead(model, shape.tokens) + kvBytesPerToken(model) * shape.contextTokensRead;
  const scale = tensorParallel > 1 ? tensorParallel * hardware.interconnectEfficiency : 1;
  const computeS = flops / (hardware.denseFlopsPerS * hardware.computeEfficiency * scale);
  const memoryS = bytes / (hardware.memoryBandwidthBytesPerS * hardware.bandwidthEfficiency * scale);
  const overheadMs = hardware.stepOverheadMs + hardware.perSequenceOverheadMs * shape.sequences;
  return overheadMs + Math.max(computeS, memoryS) * 1000;
}

/** KV cache capacity of one replica, in tokens: usable memory minus the weights. Negative when they do not fit. */
export function kvCapacityTokens(
  model: ModelProfile,
  hardware: HardwareProfile,
  tensorParallel: number,
  memoryUtilization: number,
): number {
  const usable = hardware.memoryBytes * tensorParallel * memoryUtilization;
  const weights = model.parameters * model.bytesPerWeight;
  return Math.floor((usable - weights) / kvBytesPerToken(model));
}
