import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { type AgentperfError, ConfigError } from '../../src/errors.js';
import { openaiTarget } from '../../src/endpoints/index.js';
import type { ChatRequest } from '../../src/spec/index.js';
import { endpointFrom } from './support/endpoints.js';
import { type LoopbackServer, sendJson, startServer } from './support/loopback-server.js';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function completionServer(): Promise<LoopbackServer> {
  const server = await startServer((seen, response) => {
    if (seen.path.endsWith('/rerank')) {
      sendJson(response, 200, { results: [{ index: 0, relevance_score: 1 }] });
      return;
    }
    sendJson(response, 200, {
      model: 'm',
      choices: [{ message: { content: 'ok' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 3, completion_tokens: 1 },
    });
  });
  servers.push(server);
  return server;
}

const request: ChatRequest = {
  messages: [{ role: 'user', content: 'hi' }],
  stream: false,
  reference: { turns: [{ answer: '42' }] },
  seed: 7,
};

describe('createEndpoint', () => {
  it('fails before any request when the API key variable is unset, naming endpoint and variable', () => {
    let error: unknown;
    try {
      endpointFrom('vendor-a', {
        type: 'openai',
        baseUrl: 'http://127.0.0.1:9/v1',
        apiKeyEnv: 'VENDOR_A_KEY',
      });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('vendor-a');
    expect((error as ConfigError).message).toContain('VENDOR_A_KEY');
    expect((error as AgentperfError).userFixable).toBe(true);
    // Anthropic reads ANTHROPIC_API_KEY by default; an empty value counts as unset.
    expect(() => endpointFrom('claude', { type: 'anthropic' }, { env: { ANTHROPIC_API_KEY: '' } })).toThrow(
      /ANTHROPIC_API_KEY/,
    );
  });

  it('sends the simulator reference and seed only to simulator endpoints', async () => {
    const server = await completionServer();
    const real = endpointFrom('real', { type: 'openai', baseUrl: `${server.origin}/v1` });
    const simulated = endpointFrom(
      'sim',
      { type: 'simulator' },
      { simulator: { baseUrl: `${server.origin}/v1`, placementOf: (model) => `asic/${model}` } },
    );
    await real.chat!('m', request, { clock: systemClock });
    await simulated.chat!('m', request, { clock: systemClock });
    const [toReal, toSimulator] = server.requests.map((seen) => JSON.parse(seen.body));
    expect(toReal).not.toHaveProperty('agentperf_reference');
    expect(toReal).not.toHaveProperty('seed');
    expect(toSimulator.agentperf_reference).toEqual({ turns: [{ answer: '42' }] });
    expect(toSimulator.seed).toBe(7);
    expect(real.simulated).toBe(false);
    expect(simulated.simulated).toBe(true);
    expect(simulated.placementOf('llama')).toBe('asic/llama');
    await Promise.all([real.close(), simulated.close()]);
  });

  it('gives the simulator rerank in the Cohere v1 shape at {baseUrl}/rerank', async () => {
    const server = await completionServer();
    const simulated = endpointFrom(
      'sim',
      { type: 'simulator' },
      { simulator: { baseUrl: `${server.origin}/v1`, placementOf: () => 'gpu' } },
    );
    const result = await simulated.rerank!('reranker', 'q', ['a'], { clock: systemClock });
    expect(server.requests[0]?.path).toBe('/v1/rerank');
    expect(result.results).toEqual([{ index: 0, score: 1 }]);
    await simulated.close();
  });

  it('places models by the configured placement, else the endpoint name, and sends configured headers', async () => {
    const server = await completionServer();
    const placed = endpointFrom('a', {
      type: 'openai',
      baseUrl: server.origin,
      placement: 'vendor-a/h100',
      headers: { 'x-team': 'bench' },
    });
    expect(placed.placementOf('any')).toBe('vendor-a/h100');
    expect(endpointFrom('b', { type: 'openai', baseUrl: server.origin }).placementOf('any')).toBe('b');
    await placed.preflight!('m', 'chat', { clock: systemClock });
    expect(server.requests[0]?.headers['x-team']).toBe('bench');
    expect(JSON.parse(server.requests[0]!.body).max_tokens).toBe(1);
    await placed.close();
  });

  it('authenticates to Anthropic with x-api-key and anthropic-version at /v1/messages', async () => {
    const server = await startServer((_seen, response) =>
      sendJson(response, 200, {
        model: 'claude',
        content: [{ type: 'text', text: 'p' }],
        stop_reason: 'max_tokens',
        usage: { input_tokens: 1, output_tokens: 1 },
      }),
    );
    servers.push(server);
    const adapter = endpointFrom(
      'claude',
      { type: 'anthropic', baseUrl: server.origin, apiKeyEnv: 'MY_CLAUDE_KEY' },
      { env: { MY_CLAUDE_KEY: 'sk-ant-0123456789' } },
    );
    await adapter.preflight!('claude-x', 'chat', { clock: systemClock });
    const seen = server.requests[0]!;
    expect(seen.path).toBe('/v1/messages');
    expect(seen.headers['x-api-key']).toBe('sk-ant-0123456789');
    expect(seen.headers['anthropic-version']).toBe('2023-06-01');
    expect(seen.headers.authorization).toBeUndefined();
    expect(JSON.parse(seen.body)).toMatchObject({ model: 'claude-x', max_tokens: 1, stream: false });
    await adapter.close();
  });

  it('preflight of a capability the endpoint type lacks names the endpoint', async () => {
    const adapter = endpointFrom(
      'claude',
      { type: 'anthropic' },
      { env: { ANTHROPIC_API_KEY: 'sk-ant-0123456789' } },
    );
    await expect(adapter.preflight!('m', 'embed', { clock: systemClock })).rejects.toThrow(
      /"claude" cannot serve embed/,
    );
    await adapter.close();
  });
});

describe('openaiTarget', () => {
  it('defaults to api.openai.com with OPENAI_API_KEY required', () => {
    expect(openaiTarget(undefined, undefined, {})).toEqual({
      baseUrl: 'https://api.openai.com/v1',
      apiKeyEnv: 'OPENAI_API_KEY',
    });
  });

  it('takes OPENAI_BASE_URL, with OPENAI_API_KEY only when it is set', () => {
    const local = 'http://127.0.0.1:8000/v1';
    expect(openaiTarget(undefined, undefined, { OPENAI_BASE_URL: local })).toEqual({
      baseUrl: local,
      apiKeyEnv: undefined,
    });
    expect(
      openaiTarget(undefined, undefined, { OPENAI_BASE_URL: local, OPENAI_API_KEY: 'k' }).apiKeyEnv,
    ).toBe('OPENAI_API_KEY');
    expect(() => openaiTarget(undefined, undefined, { OPENAI_BASE_URL: 'not a url' })).toThrow(
      /OPENAI_BASE_URL/,
    );
  });

  it('sends no default key to a baseUrl the suite names itself', () => {
    expect(openaiTarget('http://10.0.0.1/v1', undefined, { OPENAI_API_KEY: 'k' }).apiKeyEnv).toBeUndefined();
    expect(openaiTarget('http://10.0.0.1/v1', 'MY_KEY', { OPENAI_API_KEY: 'k' }).apiKeyEnv).toBe('MY_KEY');
  });
});
