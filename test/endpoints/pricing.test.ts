import { describe, expect, it } from 'vitest';
import { bundledPrices, costOf, resolvePrices } from '../../src/endpoints/pricing.js';

describe('prices', () => {
  it('finds well-known models in the bundled offline table', () => {
    const gpt = bundledPrices('gpt-4o');
    expect(gpt?.inputPerMTok).toBeGreaterThan(0);
    expect(gpt?.outputPerMTok).toBeGreaterThan(gpt?.inputPerMTok ?? Number.POSITIVE_INFINITY);
    expect(bundledPrices('openai/text-embedding-3-small')?.inputPerMTok).toBeGreaterThan(0);
    expect(bundledPrices('claude-sonnet-4-6', 'anthropic')?.cachedInputPerMTok).toBeGreaterThan(0);
  });

  it('lets endpoint prices override the table and role prices override both, field by field', () => {
    const bundled = bundledPrices('gpt-4o')!;
    const prices = resolvePrices('gpt-4o', { 'gpt-4o': { inputPerMTok: 1 } }, { outputPerMTok: 2 });
    expect(prices).toEqual({ ...bundled, inputPerMTok: 1, outputPerMTok: 2 });
  });

  it('knows nothing about a private model without user prices', () => {
    expect(resolvePrices('my-finetune-xyz')).toBeNull();
    expect(resolvePrices('my-finetune-xyz', { other: { inputPerMTok: 1 } })).toBeNull();
    expect(resolvePrices('my-finetune-xyz', { 'my-finetune-xyz': { inputPerMTok: 1 } })).toEqual({
      inputPerMTok: 1,
    });
  });
});

describe('costOf', () => {
  const usage = {
    inputTokens: 1_000_000,
    cachedInputTokens: 400_000,
    outputTokens: 100_000,
    reasoningTokens: 0,
  };

  it('prices uncached, cached and output tokens separately', () => {
    expect(costOf(usage, { inputPerMTok: 2, cachedInputPerMTok: 0.5, outputPerMTok: 10 })).toBeCloseTo(
      1.2 + 0.2 + 1,
      12,
    );
    // Cached input defaults to the input price.
    expect(costOf(usage, { inputPerMTok: 2, outputPerMTok: 10 })).toBeCloseTo(2 + 1, 12);
  });

  it('is null, never 0, when a consumed quantity has no price', () => {
    expect(costOf(usage, null)).toBeNull();
    expect(costOf(usage, { inputPerMTok: 2 })).toBeNull();
    expect(costOf({ ...usage, outputTokens: 0 }, { inputPerMTok: 2 })).toBeCloseTo(2, 12);
  });

  it('prices per-call and per-search-unit APIs by calls and units', () => {
    expect(costOf({ inputTokens: 500 }, { perCall: 0.001 }, 3)).toBeCloseTo(0.003, 12);
    expect(costOf({ inputTokens: 500, searchUnits: 4 }, { perKSearchUnits: 2 })).toBeCloseTo(0.008, 12);
    expect(costOf({ inputTokens: 500 }, { inputPerMTok: 0.02 })).toBeCloseTo(0.00001, 12);
  });
});
