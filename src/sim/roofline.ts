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
  /**
   * Whether the step runs prompt tokens (a whole prompt or a chunk): with
   * tensor parallelism such a step pays the interconnect's
   * `prefillStepOverheadMs`. Absent: a decode-only step.
   */
  prefill?: boolean;
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

/** Bytes of one activation element that tensor-parallel all-reduces move (BF16/FP16 activations). */
const ACTIVATION_BYTES = 2;
/** All-reduces per layer in Megatron-style tensor parallelism: after attention's output projection and after the MLP (or MoE) down projection. */
const ALL_REDUCES_PER_LAYER = 2;

/** Where a step's time goes, in milliseconds; `totalMs` is their sum (compute and memory overlap: only the larger counts). */
export interface StepTime {
  /** Per-step, per-sequence and per-layer fixed costs. */
  overheadMs: number;
  /** Tensor-parallel all-reduces (0 without tensor parallelism or without an interconnect profile). */
  communicationMs: number;
  computeMs: number;
  memoryMs: number;
  totalMs: number;
}

/**
 * One all-reduce of `bytes` over `devices` devices on `hardware`'s
 * interconnect, in milliseconds. Where the profile has published
 * measurements of the small-message kernel at this many devices and the
 * message is within them, the measured latency (past them, at least the
 * largest measured one); otherwise NCCL's ring cost model, latency = base +
 * 2(p − 1) × per-step latency, plus the ring's traffic, 2(p − 1)/p ×
 * bytes, at the link's per-direction bandwidth.
 */
export function allReduceMs(hardware: HardwareProfile, devices: number, bytes: number): number {
  const link = hardware.interconnect;
  if (!link || devices <= 1) return 0;
  const steps = 2 * (devices - 1);
  const latencyUs = link.allReduceBaseLatencyUs + steps * link.allReduceStepLatencyUs;
  const transferS = ((steps / devices) * bytes) / link.bandwidthBytesPerS;
  const ringMs = latencyUs / 1000 + transferS * 1000;
  const measured = link.smallAllReduce?.latencyUsByDevices[String(devices)];
  if (measured === undefined) return ringMs;
  const largest = measured[measured.length - 1]!;
  if (bytes <= largest[0]) return measuredLatencyUs(measured, bytes) / 1000;
  // Past the measurements a larger message never costs less than the
  // largest measured one: the ring model takes over once it costs more.
  return Math.max(ringMs, largest[1] / 1000);
}

/** Latency at `bytes` on a measured curve (linear between points, the first point's below it). */
function measuredLatencyUs(points: ReadonlyArray<readonly [number, number]>, bytes: number): number {
  if (bytes <= points[0]![0]) return points[0]![1];
  for (let index = 1; index < points.length; index++) {
    const [upper, upperUs] = points[index]!;
    if (bytes > upper) continue;
    const [lower, lowerUs] = points[index - 1]!;
    return lowerUs + ((bytes - lower) / (upper - lower)) * (upperUs - lowerUs);
  }
  return points[points.length - 1]![1];
}

/**
 * Step time as a breakdown: fixed costs (per step, per sequence, per
 * layer, and with tensor parallelism per step that runs prompt tokens) +
 * tensor-parallel communication + max(compute, memory), a
 * roofline. A pure function of the batch's shape: no clock is read.
 * Compute: 2 × active parameters outside the vocabulary matrices per
 * token, 2 × LM-head parameters per sampled sequence, plus 4 × layers ×
 * heads × head dim per attended (query, key) pair. Memory: weights once
 * (less the embedding table, which is gathered) plus every KV token
 * attention reads. Tensor parallelism splits both roofs across the
 * devices; with an interconnect profile it splits them exactly and every
 * layer pays two all-reduces of tokens × width activations, without one
 * it scales them by `interconnectEfficiency` (the older model).
 */
export function stepTime(
  model: ModelProfile,
  hardware: HardwareProfile,
  tensorParallel: number,
  shape: StepShape,
): StepTime {
  const vocabulary = vocabularyParams(model);
  const perToken = (model.activeParameters ?? model.parameters) - vocabulary.embedding - vocabulary.head;
  const attentionWidth = model.attentionHeads * model.headDim;
  const flops =
    2 * perToken * shape.tokens +
    2 * vocabulary.head * Math.min(shape.sequences, shape.tokens) +
    4 * model.layers * attentionWidth * shape.attendedPairs;
  const bytes = weightBytesRead(model, shape.tokens) + kvBytesPerToken(model) * shape.contextTokensRead;
  let scale = 1;
  let communicationMs = 0;
  if (tensorParallel > 1) {
    if (hardware.interconnect) {
      scale = tensorParallel;
      const width = model.hiddenSize ?? attentionWidth;
      const messageBytes = shape.tokens * width * ACTIVATION_BYTES;
      communicationMs =
        ALL_REDUCES_PER_LAYER * model.layers * allReduceMs(hardware, tensorParallel, messageBytes);
    } else {
      scale = tensorParallel * hardware.interconnectEfficiency;
    }
  }
  const computeMs = (flops / (hardware.denseFlopsPerS * hardware.computeEfficiency * scale)) * 1000;
  const memoryMs =
    (bytes / (hardware.memoryBandwidthBytesPerS * hardware.bandwidthEfficiency * scale)) * 1000;
  const overheadMs =
    hardware.stepOverheadMs +
    hardware.perSequenceOverheadMs * shape.sequences +
    hardware.perLayerOverheadMs * model.layers +
    (tensorParallel > 1 && shape.prefill ? (hardware.interconnect?.prefillStepOverheadMs ?? 0) : 0);
  return {
    overheadMs,
    communicationMs,
    computeMs,
    memoryMs,
    totalMs: overheadMs + communicationMs + Math.max(computeMs, memoryMs),
  };
}

/** Step time in milliseconds (see `stepTime` for the terms). */
export function stepTimeMs(
  model: ModelProfile,
  hardware: HardwareProfile,
  tensorParallel: number,
  shape: StepShape,
): number {
  return stepTime(model, hardware, tensorParallel, shape).totalMs;
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
