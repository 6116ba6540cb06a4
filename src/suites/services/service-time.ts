import type { SeededRandom } from '../shared/index.js';

/** A lognormal component: median ms and log-space sigma. */
export interface LognormalMs {
  medianMs: number;
  sigma: number;
}

/**
 * The modelled service time of a bundled remote service: a lognormal body,
 * optionally mixed with a rarer, slower tail component (a published p99 far
 * above what the body's p95 implies). Each model names the measurement it
 * follows; docs/suite.md shows its quantiles beside the source's.
 */
export interface ServiceTimeModel {
  name: string;
  /** Where the figures come from, in a line. */
  source: string;
  /** The source's published quantiles, ms, as the docs show them. */
  published: Partial<Record<'p50' | 'p75' | 'p95' | 'p99', number>>;
  body: LognormalMs;
  tail?: LognormalMs & { probability: number };
}

/**
 * Web search API. Brave Search API p50 250 ms / p95 700 ms (Scavio, "Search
 * API latency budget", 2026: the fastest of the six providers it lists;
 * Serper 400/1,100, Exa 600/1,800, Tavily 800/2,200, SerpAPI 1,200/3,500).
 * sigma = ln(700/250)/1.645.
 */
export const SEARCH_API: ServiceTimeModel = {
  name: 'search API',
  source: 'Brave Search API, p50 250 ms / p95 700 ms (scavio.dev glossary "Search API Latency Budget", 2026)',
  published: { p50: 250, p95: 700 },
  body: { medianMs: 250, sigma: Math.log(700 / 250) / 1.645 },
};

/**
 * Fetching a web page: time to first byte as Chrome users see it (CrUX via
 * web.dev/ttfb: "good" is a p75 at or under 800 ms, "poor" starts at
 * 1,800 ms). A lognormal placed on those thresholds (p75 = 800 ms,
 * p95 = 1,800 ms): a good origin whose slowest 5 % reach "poor". This is a
 * construction on published thresholds, not a fit to a measured
 * distribution; it is labelled so in docs/suite.md.
 */
export const PAGE_FETCH: ServiceTimeModel = (() => {
  const sigma = Math.log(1800 / 800) / (1.645 - 0.674);
  return {
    name: 'page fetch',
    source:
      'CrUX TTFB thresholds (web.dev/ttfb): good p75 ≤ 800 ms, poor ≥ 1,800 ms; lognormal with p75 = 800, p95 = 1,800',
    published: { p75: 800, p95: 1800 },
    body: { medianMs: 800 / Math.exp(0.674 * sigma), sigma },
  };
})();

/**
 * A managed vector database query, server side. Pinecone serverless,
 * 550 k × 1024-d vectors, top-k at concurrency 1, service time from the
 * x-envoy-upstream-service-time header: p50 14 ms, p95 20 ms, p99 57 ms
 * (github.com/unrealshape/bachelor-db-benchmark, results/
 * 2026-06-21T11-20-55Z_pinecone-S0-topk). A lognormal body fits p50/p95;
 * 1.5 % of queries from a slower component (median 70 ms) give the p99.
 */
export const VECTOR_STORE: ServiceTimeModel = {
  name: 'vector store',
  source:
    'Pinecone serverless, 550k x 1024-d, top-k, concurrency 1, server-side: p50 14 / p95 20 / p99 57 ms (unrealshape/bachelor-db-benchmark)',
  published: { p50: 14, p95: 20, p99: 57 },
  body: { medianMs: 14, sigma: Math.log(20 / 14) / 1.645 },
  tail: { probability: 0.015, medianMs: 70, sigma: 0.5 },
};

/** One draw of a model's service time, ms. */
export function sampleServiceMs(model: ServiceTimeModel, random: SeededRandom): number {
  const component =
    model.tail !== undefined && random.next() < model.tail.probability ? model.tail : model.body;
  return component.medianMs * Math.exp(component.sigma * standardNormal(random));
}

function standardNormal(random: SeededRandom): number {
  const u = Math.max(random.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}
