import type { ServerResponse } from 'node:http';
import type { Deployment } from '../deployment.js';
import { batchDeploymentOf } from './batch-deployment-of.js';
import { estimateTokens } from '../tokens.js';
import { lexicalVector } from './lexical-vectors.js';
import { delay, HttpProblem, sendError, sendJson } from './respond.js';

/** POST /v1/embeddings (OpenAI shape; float or base64 encoding). */
export async function handleEmbeddings(
  body: Record<string, unknown>,
  response: ServerResponse,
  deployments: Map<string, Deployment>,
): Promise<void> {
  const deployment = batchDeploymentOf(body, deployments, 'embed');
  const input = body.input;
  const texts =
    typeof input === 'string'
      ? [input]
      : Array.isArray(input)
        ? input.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)))
        : null;
  if (!texts || texts.length === 0)
    throw new HttpProblem(
      400,
      '`input` must be a string or a non-empty array',
      'invalid_request_error',
      null,
      'input',
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
  const limit = deployment.config.model.contextLength;
  const tokens = texts.map((text) => Math.min(limit, Math.max(1, estimateTokens(text))));
  await delay(deployment.config.placement.rttMs);
  await deployment.run(tokens);
  const dimension = deployment.config.model.embeddingDimension ?? 1024;
  const base64 = body.encoding_format === 'base64';
  const data = texts.map((text, index) => {
    const vector = lexicalVector(text, dimension);
    return {
      object: 'embedding',
      index,
      embedding: base64
        ? Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64')
        : Array.from(vector),
    };
  });
  const total = tokens.reduce((sum, count) => sum + count, 0);
  sendJson(response, 200, {
    object: 'list',
    data,
    model: deployment.config.name,
    usage: { prompt_tokens: total, total_tokens: total },
  });
}
