import type { EndpointConfig } from '../config/index.js';

/**
 * The OpenTelemetry GenAI `gen_ai.provider.name` of an endpoint, from its
 * wire protocol, the way the conventions' client instrumentations set it:
 * an OpenAI-compatible client reports `openai` whatever server answers.
 * Well-known values where the conventions list one; the simulator gets a
 * name of its own so simulated spans never pass for a vendor's.
 */
export function providerNameOf(config: EndpointConfig): string {
  switch (config.type) {
    case 'openai':
      return 'openai';
    case 'anthropic':
      return 'anthropic';
    case 'rerank':
      return config.shape === 'cohere-v1' || config.shape === 'cohere-v2'
        ? 'cohere'
        : config.shape === 'jina'
          ? 'jina'
          : 'huggingface';
    default:
      return 'agentperf.simulator';
  }
}

/** Endpoint name → provider id for every endpoint of a fabric. */
export function providerNames(endpoints: Record<string, EndpointConfig>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(endpoints).map(([name, config]) => [name, providerNameOf(config)]),
  );
}
