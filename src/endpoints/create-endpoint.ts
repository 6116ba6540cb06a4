import type { EndpointConfig } from '../config/endpoint-schema.js';
import { ConfigError } from '../errors.js';
import type { EndpointAdapter } from '../spec/index.js';
import { createAnthropicAdapter } from './anthropic-adapter.js';
import { readApiKey } from './api-key.js';
import { openaiTarget } from './openai-target.js';
import { HttpClient } from './http-client.js';
import { createOpenAIAdapter } from './openai-adapter.js';
import { createRerankAdapter } from './rerank-adapter.js';

/** What createEndpoint needs besides the endpoint's own config. */
export interface EndpointDeps {
  /** Where API keys are read from (process.env in production). */
  env: NodeJS.ProcessEnv;
  /** The running simulator, required for endpoints of type "simulator". */
  simulator?: { baseUrl: string; placementOf(model: string): string };
  /** The file the endpoint was declared in, for error messages (default "fabric"). */
  source?: string;
  /** Randomness for retry jitter; injected by tests. */
  random?: () => number;
}

/**
 * The adapter for one configured endpoint. Reads the API key now, so a
 * missing key fails before the run starts; opens no connection until the
 * first call.
 */
export function createEndpoint(name: string, config: EndpointConfig, deps: EndpointDeps): EndpointAdapter {
  const source = deps.source ?? 'fabric';
  const placementOf = (): string => config.placement ?? name;
  const clientOf = (baseUrl: string, auth: Record<string, string>): HttpClient =>
    new HttpClient({
      endpoint: name,
      baseUrl,
      headers: { ...config.headers, ...auth },
      timeouts: config.timeouts,
      retry: config.retry,
      maxConcurrency: config.maxConcurrency,
      ...(deps.random === undefined ? {} : { random: deps.random }),
    });
  const bearer = (variable: string | undefined): Record<string, string> =>
    variable === undefined ? {} : { authorization: `Bearer ${readApiKey(name, variable, deps.env, source)}` };

  switch (config.type) {
    case 'openai': {
      const target = openaiTarget(config.baseUrl, config.apiKeyEnv, deps.env);
      return createOpenAIAdapter({
        name,
        client: clientOf(target.baseUrl, bearer(target.apiKeyEnv)),
        simulated: false,
        placementOf,
      });
    }
    case 'anthropic': {
      const key = readApiKey(name, config.apiKeyEnv, deps.env, source);
      return createAnthropicAdapter({
        name,
        client: clientOf(config.baseUrl, { 'x-api-key': key, 'anthropic-version': config.anthropicVersion }),
        placementOf,
      });
    }
    case 'rerank':
      return createRerankAdapter({
        name,
        client: clientOf(config.baseUrl, bearer(config.apiKeyEnv)),
        shape: config.shape,
        placementOf,
      });
    case 'simulator': {
      const simulator = deps.simulator;
      if (simulator === undefined) {
        throw new ConfigError([
          {
            file: source,
            path: `endpoints.${name}`,
            message: `endpoint "${name}" is of type simulator, but no simulator was started for this run`,
          },
        ]);
      }
      return createOpenAIAdapter({
        name,
        client: clientOf(simulator.baseUrl, {}),
        simulated: true,
        placementOf: (model) => simulator.placementOf(model),
        rerankShape: 'cohere-v1',
      });
    }
  }
}
