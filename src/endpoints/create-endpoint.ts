import type { EndpointConfig } from '../config/endpoint-schema.js';
import { ConfigError } from '../errors.js';
import type { EndpointAdapter } from '../spec/index.js';
import { createAnthropicAdapter } from './anthropic-adapter.js';
import { readApiKey } from './api-key.js';
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

/** OpenAI's public API, where an endpoint without a baseUrl goes when OPENAI_BASE_URL is unset. */
const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/**
 * Where an OpenAI-compatible endpoint goes and which key variable it sends,
 * with the defaults the OpenAI SDKs use (OPENAI_BASE_URL, OPENAI_API_KEY).
 * The default key goes only to the default URL: an endpoint that names its
 * own server sends a key only when it names the variable.
 */
export function openaiTarget(
  baseUrl: string | undefined,
  apiKeyEnv: string | undefined,
  env: NodeJS.ProcessEnv,
): { baseUrl: string; apiKeyEnv: string | undefined } {
  if (baseUrl !== undefined) return { baseUrl, apiKeyEnv };
  const fromEnv = env.OPENAI_BASE_URL;
  if (fromEnv === undefined || fromEnv === '') {
    return { baseUrl: OPENAI_DEFAULT_BASE_URL, apiKeyEnv: apiKeyEnv ?? 'OPENAI_API_KEY' };
  }
  if (!URL.canParse(fromEnv)) {
    throw new ConfigError(
      [
        {
          file: 'environment',
          path: 'OPENAI_BASE_URL',
          message: `OPENAI_BASE_URL is not a URL: "${fromEnv}"`,
        },
      ],
      'set OPENAI_BASE_URL to a base URL with its version path, e.g. http://127.0.0.1:8000/v1',
    );
  }
  const keySet = env.OPENAI_API_KEY !== undefined && env.OPENAI_API_KEY !== '';
  return { baseUrl: fromEnv, apiKeyEnv: apiKeyEnv ?? (keySet ? 'OPENAI_API_KEY' : undefined) };
}
