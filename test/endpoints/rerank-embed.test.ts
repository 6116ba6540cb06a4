import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { endpointFrom } from './support/endpoints.js';
import { type LoopbackServer, sendJson, startServer } from './support/loopback-server.js';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function answering(body: unknown): Promise<LoopbackServer> {
  const server = await startServer((_seen, response) => sendJson(response, 200, body));
  servers.push(server);
  return server;
}

const documents = ['cats', 'dogs', 'birds'];
const scored = [
  { index: 0, relevance_score: 0.1 },
  { index: 2, relevance_score: 0.9 },
  { index: 1, relevance_score: 0.5 },
];

describe('rerank shapes', () => {
  it('Cohere v1: posts documents with top_n, reads relevance scores and search units', async () => {
    const server = await answering({ id: 'r', results: scored, meta: { billed_units: { search_units: 1 } } });
    const adapter = endpointFrom('cohere', {
      type: 'rerank',
      shape: 'cohere-v1',
      baseUrl: `${server.origin}/v1`,
    });
    const result = await adapter.rerank!('rerank-v3.5', 'q', documents, { clock: systemClock, topN: 2 });
    expect(server.requests[0]?.path).toBe('/v1/rerank');
    expect(JSON.parse(server.requests[0]!.body)).toEqual({
      model: 'rerank-v3.5',
      query: 'q',
      documents,
      top_n: 2,
      return_documents: false,
    });
    expect(result.results).toEqual([
      { index: 2, score: 0.9 },
      { index: 1, score: 0.5 },
    ]);
    expect(result.usage.searchUnits).toBe(1);
    await adapter.close();
  });

  it('Cohere v2: string documents, tokens from meta', async () => {
    const server = await answering({
      results: scored,
      meta: { billed_units: { search_units: 2 }, tokens: { input_tokens: 17 } },
    });
    const adapter = endpointFrom('cohere2', {
      type: 'rerank',
      shape: 'cohere-v2',
      baseUrl: `${server.origin}/v2`,
    });
    const result = await adapter.rerank!('rerank-v3.5', 'q', documents, { clock: systemClock });
    expect(server.requests[0]?.path).toBe('/v2/rerank');
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ model: 'rerank-v3.5', query: 'q', documents });
    expect(result.results.map((item) => item.index)).toEqual([2, 1, 0]);
    expect(result.usage).toEqual({ inputTokens: 17, searchUnits: 2 });
    await adapter.close();
  });

  it('Jina: reads usage.total_tokens and the reported model', async () => {
    const server = await answering({
      model: 'jina-reranker-v2',
      usage: { total_tokens: 12 },
      results: scored,
    });
    const adapter = endpointFrom('jina', { type: 'rerank', shape: 'jina', baseUrl: `${server.origin}/v1` });
    const result = await adapter.rerank!('jina-reranker-v2', 'q', documents, { clock: systemClock });
    expect(result.model).toBe('jina-reranker-v2');
    expect(result.usage.inputTokens).toBe(12);
    expect(result.results[0]).toEqual({ index: 2, score: 0.9 });
    await adapter.close();
  });

  it('TEI: posts {query, texts}, reads [{index, score}], truncates to topN on the client', async () => {
    const server = await answering([
      { index: 1, score: 0.5 },
      { index: 0, score: 0.7 },
      { index: 2, score: 0.2 },
    ]);
    const adapter = endpointFrom('tei', { type: 'rerank', shape: 'tei', baseUrl: server.origin });
    const result = await adapter.rerank!('bge-reranker', 'q', documents, { clock: systemClock, topN: 1 });
    const sent = JSON.parse(server.requests[0]!.body);
    expect(server.requests[0]?.path).toBe('/rerank');
    expect(sent.query).toBe('q');
    expect(sent.texts).toEqual(documents);
    expect(result.results).toEqual([{ index: 0, score: 0.7 }]);
    await adapter.close();
  });
});

describe('embeddings', () => {
  it('reads float vectors in index order and reported usage', async () => {
    const server = await answering({
      model: 'emb',
      data: [
        { index: 1, embedding: [3, 4] },
        { index: 0, embedding: [1, 2] },
      ],
      usage: { prompt_tokens: 5, total_tokens: 5 },
    });
    const adapter = endpointFrom('emb', { type: 'openai', baseUrl: `${server.origin}/v1` });
    const result = await adapter.embed!('emb', ['a', 'b'], { clock: systemClock });
    expect(server.requests[0]?.path).toBe('/v1/embeddings');
    expect(result.vectors.map((vector) => Array.from(vector))).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(result.vectors[0]).toBeInstanceOf(Float32Array);
    expect(result.usage.inputTokens).toBe(5);
    expect(result.usageReported).toBe(true);
    await adapter.close();
  });

  it('decodes base64 vectors and estimates usage when none is sent', async () => {
    const encoded = Buffer.from(new Float32Array([0.5, -1.25]).buffer).toString('base64');
    const server = await answering({ data: [{ index: 0, embedding: encoded }] });
    const adapter = endpointFrom('emb', { type: 'openai', baseUrl: server.origin });
    const result = await adapter.embed!('emb', ['abcdefgh'], { clock: systemClock });
    expect(Array.from(result.vectors[0]!)).toEqual([0.5, -1.25]);
    expect(result.usageReported).toBe(false);
    expect(result.usage.inputTokens).toBe(2);
    await adapter.close();
  });
});
