import type { RerankResult } from '../spec/index.js';

/** The rerank wire shapes agentperf speaks (see rerankEndpointSchema.shape). */
export type RerankShape = 'cohere-v1' | 'cohere-v2' | 'jina' | 'tei';

interface ScoredResults {
  results?: Array<{ index: number; relevance_score: number }>;
  meta?: { billed_units?: { search_units?: number }; tokens?: { input_tokens?: number } };
  usage?: { total_tokens?: number; prompt_tokens?: number };
  model?: string;
}

/** The request body of one rerank call in a shape. Every shape posts to `{baseUrl}/rerank`. */
export function rerankBody(
  shape: RerankShape,
  model: string,
  query: string,
  documents: string[],
  topN: number | undefined,
): Record<string, unknown> {
  switch (shape) {
    case 'tei':
      // TEI serves one model and has no top_n: truncation happens client-side.
      return { query, texts: documents, raw_scores: false, return_text: false };
    case 'cohere-v2':
      return topN === undefined ? { model, query, documents } : { model, query, documents, top_n: topN };
    case 'cohere-v1':
    case 'jina':
      return topN === undefined
        ? { model, query, documents, return_documents: false }
        : { model, query, documents, top_n: topN, return_documents: false };
  }
}

/** A rerank response in a shape, as results by descending score. */
export function fromRerankResponse(
  shape: RerankShape,
  model: string,
  parsed: unknown,
  topN: number | undefined,
): RerankResult {
  let results: Array<{ index: number; score: number }>;
  let inputTokens = 0;
  let searchUnits = 0;
  let reportedModel = model;
  if (shape === 'tei') {
    results = (parsed as Array<{ index: number; score: number }>).map((item) => ({
      index: item.index,
      score: item.score,
    }));
  } else {
    const scored = parsed as ScoredResults;
    results = (scored.results ?? []).map((item) => ({ index: item.index, score: item.relevance_score }));
    searchUnits = scored.meta?.billed_units?.search_units ?? 0;
    inputTokens =
      scored.meta?.tokens?.input_tokens ?? scored.usage?.prompt_tokens ?? scored.usage?.total_tokens ?? 0;
    reportedModel = scored.model ?? model;
  }
  results.sort((left, right) => right.score - left.score);
  if (topN !== undefined && results.length > topN) results.length = topN;
  return { results, usage: { inputTokens, searchUnits }, model: reportedModel };
}
