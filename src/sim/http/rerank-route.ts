import type { ServerResponse } from 'node:http';
import type { Deployment } from '../deployment.js';
import { batchDeploymentOf } from './batch-deployment-of.js';
import { estimateTokens } from '../tokens.js';
import { cosine, lexicalVector } from './lexical-vectors.js';
import { delay, HttpProblem, sendError, sendJson } from './respond.js';

const SCORE_DIMENSION = 512;

/** POST /v1/rerank: Cohere/Jina shape ({model, query, documents, top_n} -> {results: [{index, relevance_score}]}). */
export async function handleRerank(
  body: Record<string, unknown>,
  response: ServerResponse,
  deployments: Map<string, Deployment>,
): Promise<void> {
  const deployment = batchDeploymentOf(body, deployments, 'rerank');
  if (typeof body.query !== 'string')
    throw new HttpProblem(400, '`query` must be a string', 'invalid_request_error', null, 'query');
  if (!Array.isArray(body.documents))
    throw new HttpProblem(400, '`documents` must be an array', 'invalid_request_error', null, 'documents');
  const documents = body.documents.map((item) =>
    typeof item === 'string'
      ? item
      : item && typeof item === 'object' && typeof (item as { text?: unknown }).text === 'string'
        ? (item as { text: string }).text
        : JSON.stringify(item),
  );
  const fault = deployment.faults.plan(1, false);
  if (fault.rateLimitedRetryAfterS !== null) {
    sendError(response, new HttpProblem(429, 'rate limit reached (simulated)', 'rate_limit_error'), {
      'retry-after': String(fault.rateLimitedRetryAfterS),
    });
    return;
  }
  if (fault.serverError)
    throw new HttpProblem(500, 'internal server error (simulated fault)', 'server_error');
  const queryTokens = estimateTokens(body.query);
  const limit = deployment.config.model.contextLength;
  const pairTokens = documents.map((document) => Math.min(limit, queryTokens + estimateTokens(document) + 3));
  await delay(deployment.config.placement.rttMs);
  if (pairTokens.length > 0) await deployment.run(pairTokens);
  const queryVector = lexicalVector(body.query, SCORE_DIMENSION);
  const scored = documents.map((document, index) => ({
    index,
    relevance_score:
      Math.round(((1 + cosine(queryVector, lexicalVector(document, SCORE_DIMENSION))) / 2) * 1e6) / 1e6,
    ...(body.return_documents === true ? { document: { text: document } } : {}),
  }));
  scored.sort((left, right) => right.relevance_score - left.relevance_score || left.index - right.index);
  const topN = typeof body.top_n === 'number' && body.top_n > 0 ? Math.floor(body.top_n) : scored.length;
  const total = pairTokens.reduce((sum, count) => sum + count, 0);
  sendJson(response, 200, {
    id: `rerank-${Date.now().toString(36)}`,
    model: deployment.config.name,
    results: scored.slice(0, topN),
    meta: { billed_units: { search_units: 1 }, tokens: { input_tokens: total, output_tokens: 0 } },
    usage: { total_tokens: total },
  });
}
