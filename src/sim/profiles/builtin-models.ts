import type { z } from 'zod';
import type { modelProfileSchema } from './schemas.js';

type ModelInput = z.input<typeof modelProfileSchema>;

/**
 * Bundled model profiles. Architecture figures come from each model's
 * config.json / model card (URLs in `source`, cited in docs/simulator.md).
 * The behaviour blocks are simulated assumptions, not measurements.
 */
export const BUILTIN_MODELS: Record<string, ModelInput> = {
  'llama-3.1-8b-instruct': {
    kind: 'chat',
    displayName: 'Llama 3.1 8B Instruct',
    source: 'https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct/blob/main/config.json',
    parameters: 8.03e9,
    layers: 32,
    attentionHeads: 32,
    kvHeads: 8,
    headDim: 128,
    contextLength: 131072,
    behaviour: {
      wrongArgumentsRate: 0.12,
      skippedStepRate: 0.05,
      wrongAnswerRate: 0.1,
      recoveryRate: 0.6,
      outputTokens: { median: 180, sigma: 0.6, max: 2048 },
    },
  },
  'llama-3.1-70b-instruct': {
    kind: 'chat',
    displayName: 'Llama 3.1 70B Instruct',
    source: 'https://huggingface.co/meta-llama/Llama-3.1-70B-Instruct/blob/main/config.json',
    parameters: 70.6e9,
    layers: 80,
    attentionHeads: 64,
    kvHeads: 8,
    headDim: 128,
    contextLength: 131072,
    behaviour: {
      wrongArgumentsRate: 0.03,
      skippedStepRate: 0.01,
      wrongAnswerRate: 0.03,
      recoveryRate: 0.9,
      outputTokens: { median: 220, sigma: 0.6, max: 2048 },
    },
  },
  'mixtral-8x7b-instruct': {
    kind: 'chat',
    displayName: 'Mixtral 8x7B Instruct v0.1',
    source: 'https://huggingface.co/mistralai/Mixtral-8x7B-Instruct-v0.1/blob/main/config.json',
    parameters: 46.7e9,
    activeParameters: 12.9e9,
    experts: 8,
    expertsPerToken: 2,
    layers: 32,
    attentionHeads: 32,
    kvHeads: 8,
    headDim: 128,
    contextLength: 32768,
    behaviour: {
      wrongArgumentsRate: 0.08,
      skippedStepRate: 0.03,
      wrongAnswerRate: 0.07,
      recoveryRate: 0.7,
      outputTokens: { median: 200, sigma: 0.6, max: 2048 },
    },
  },
  'qwen3-30b-a3b': {
    kind: 'chat',
    displayName: 'Qwen3 30B A3B (thinking)',
    source: 'https://huggingface.co/Qwen/Qwen3-30B-A3B/blob/main/config.json',
    parameters: 30.5e9,
    activeParameters: 3.3e9,
    experts: 128,
    expertsPerToken: 8,
    layers: 48,
    attentionHeads: 32,
    kvHeads: 4,
    headDim: 128,
    contextLength: 32768,
    behaviour: {
      wrongArgumentsRate: 0.05,
      skippedStepRate: 0.02,
      wrongAnswerRate: 0.05,
      recoveryRate: 0.8,
      outputTokens: { median: 250, sigma: 0.6, max: 4096 },
      reasoningTokens: { median: 400, sigma: 0.7, max: 8192 },
    },
  },
  'bge-large-en-v1.5': {
    kind: 'embed',
    displayName: 'BAAI bge-large-en-v1.5',
    source: 'https://huggingface.co/BAAI/bge-large-en-v1.5/blob/main/config.json',
    parameters: 335e6,
    layers: 24,
    attentionHeads: 16,
    kvHeads: 16,
    headDim: 64,
    contextLength: 512,
    embeddingDimension: 1024,
  },
  'bge-reranker-large': {
    kind: 'rerank',
    displayName: 'BAAI bge-reranker-large',
    source: 'https://huggingface.co/BAAI/bge-reranker-large/blob/main/config.json',
    parameters: 560e6,
    layers: 24,
    attentionHeads: 16,
    kvHeads: 16,
    headDim: 64,
    contextLength: 512,
  },
};
