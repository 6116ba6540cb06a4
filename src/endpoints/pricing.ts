import { calcPrice, type ModelPrice } from '@pydantic/genai-prices';
import type { Prices, TokenUsage } from '../spec/index.js';

/** Bundled table lookups by model (and provider hint); matching walks every provider, so it is done once. */
const bundledCache = new Map<string, Prices | null>();

/**
 * Prices of a model from the offline table bundled in @pydantic/genai-prices
 * (no network: the table ships inside the package). A "provider/model"
 * name, or providerId, narrows the lookup; names some providers' matchers
 * miss (e.g. embeddings) are found that way. Tiered prices use the base
 * tier (prompts under the tier threshold, usually 200k tokens).
 */
export function bundledPrices(model: string, providerId?: string): Prices | null {
  const key = `${providerId ?? ''}\u0000${model}`;
  const cached = bundledCache.get(key);
  if (cached !== undefined) return cached;
  let found = lookup(model, providerId);
  const slash = model.indexOf('/');
  if (found === null && slash > 0) found = lookup(model.slice(slash + 1), model.slice(0, slash));
  bundledCache.set(key, found);
  return found;
}

function lookup(model: string, providerId: string | undefined): Prices | null {
  let calculation: ReturnType<typeof calcPrice>;
  try {
    calculation = calcPrice(
      { input_tokens: 0 },
      model,
      providerId === undefined ? undefined : { providerId },
    );
  } catch {
    return null;
  }
  if (calculation === null) return null;
  const prices: Prices = {};
  const input = base(calculation.model_price, 'input_mtok');
  const cached = base(calculation.model_price, 'cache_read_mtok');
  const output = base(calculation.model_price, 'output_mtok');
  const perCall = base(calculation.model_price, 'requests_kcount');
  const perKSearchUnits = base(calculation.model_price, 'rerank_searches_kcount');
  if (input !== undefined) prices.inputPerMTok = input;
  if (cached !== undefined) prices.cachedInputPerMTok = cached;
  if (output !== undefined) prices.outputPerMTok = output;
  if (perCall !== undefined) prices.perCall = perCall / 1000;
  if (perKSearchUnits !== undefined) prices.perKSearchUnits = perKSearchUnits;
  return Object.keys(prices).length > 0 ? prices : null;
}

function base(price: ModelPrice, field: string): number | undefined {
  const value = price[field];
  if (typeof value === 'number') return value;
  if (value !== undefined && typeof value === 'object' && typeof value.base === 'number') return value.base;
  return undefined;
}

/**
 * The prices that apply to one model, field by field: the bundled table,
 * overridden by the endpoint's prices for that model, overridden by the
 * role's prices. Null when nothing is known (the report says "unpriced";
 * a missing price is never 0).
 *
 * @param endpointPrices the endpoint config's `prices` (per model name)
 * @param rolePrices the role binding's `prices`
 * @param providerId a genai-prices provider id ("openai", "anthropic", …) to narrow the bundled lookup
 */
export function resolvePrices(
  model: string,
  endpointPrices?: Record<string, Prices>,
  rolePrices?: Prices,
  providerId?: string,
): Prices | null {
  const merged: Prices = {
    ...bundledPrices(model, providerId),
    ...defined(endpointPrices?.[model]),
    ...defined(rolePrices),
  };
  return Object.keys(merged).length > 0 ? merged : null;
}

function defined(prices: Prices | undefined): Prices {
  const out: Prices = {};
  if (prices === undefined) return out;
  for (const [field, value] of Object.entries(prices) as Array<[keyof Prices, number | undefined]>) {
    if (value !== undefined) out[field] = value;
  }
  return out;
}

/** What a call consumed: full token usage for chat, input tokens (and search units) for embed and rerank. */
export type PricedUsage =
  | TokenUsage
  | { inputTokens: number; cachedInputTokens?: number; outputTokens?: number; searchUnits?: number };

/**
 * Cost in USD of `calls` calls that consumed `usage` in total. Null when a
 * non-zero quantity has no price. When the prices are per call or per
 * search unit only (rerank, some embeddings), tokens are covered by them.
 */
export function costOf(usage: PricedUsage, prices: Prices | null, calls = 1): number | null {
  if (prices === null) return null;
  const cached = usage.cachedInputTokens ?? 0;
  const uncached = usage.inputTokens - cached;
  const output = usage.outputTokens ?? 0;
  const searchUnits = 'searchUnits' in usage ? (usage.searchUnits ?? 0) : 0;
  const hasTokenPrices =
    prices.inputPerMTok !== undefined ||
    prices.cachedInputPerMTok !== undefined ||
    prices.outputPerMTok !== undefined;
  const hasRequestPrices = prices.perCall !== undefined || prices.perKSearchUnits !== undefined;
  let cost = 0;
  if (hasTokenPrices || !hasRequestPrices) {
    const cachedPrice = prices.cachedInputPerMTok ?? prices.inputPerMTok;
    const parts: Array<[number, number | undefined]> = [
      [uncached, prices.inputPerMTok],
      [cached, cachedPrice],
      [output, prices.outputPerMTok],
    ];
    for (const [quantity, pricePerMTok] of parts) {
      if (quantity === 0) continue;
      if (pricePerMTok === undefined) return null;
      cost += (quantity * pricePerMTok) / 1_000_000;
    }
  }
  if (prices.perCall !== undefined) cost += prices.perCall * calls;
  if (searchUnits > 0) {
    if (prices.perKSearchUnits === undefined) {
      if (prices.perCall === undefined && !hasTokenPrices) return null;
    } else cost += (searchUnits * prices.perKSearchUnits) / 1000;
  }
  return cost;
}
