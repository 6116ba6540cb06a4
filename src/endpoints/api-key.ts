import type { EndpointConfig, FabricConfig } from '../config/index.js';
import { ConfigError, type ConfigIssue } from '../errors.js';
import { openaiTarget } from './openai-target.js';
import { registerSecret } from '../redact.js';

/**
 * Reads an endpoint's API key from its environment variable, before any
 * request. A missing or empty variable is a config error naming the
 * endpoint and the variable, never a value. The key is registered with
 * redact() so no error message can carry it.
 */
export function readApiKey(
  endpoint: string,
  variable: string,
  env: NodeJS.ProcessEnv,
  source: string,
): string {
  const value = env[variable];
  if (value === undefined || value === '') {
    throw new ConfigError(
      [
        {
          file: source,
          path: `endpoints.${endpoint}.apiKeyEnv`,
          message: `endpoint "${endpoint}" reads its API key from the environment variable ${variable}, which is not set`,
        },
      ],
      `set ${variable} in the environment before the run (it is never written anywhere)`,
    );
  }
  registerSecret(value);
  return value;
}

/** The environment variable an endpoint reads its key from, when it needs one. */
export function apiKeyVariableOf(config: EndpointConfig, env: NodeJS.ProcessEnv): string | undefined {
  switch (config.type) {
    case 'openai':
      return openaiTarget(config.baseUrl, config.apiKeyEnv, env).apiKeyEnv;
    case 'anthropic':
    case 'rerank':
      return config.apiKeyEnv;
    default:
      return undefined;
  }
}

/**
 * Every API key a run on these fabrics will need and the environment lacks,
 * as config issues, so a run over several fabrics fails before the first
 * one starts rather than after it has finished.
 */
export function missingApiKeys(
  fabrics: Array<{ name: string; fabric: FabricConfig }>,
  env: NodeJS.ProcessEnv,
  source: string,
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const { name, fabric } of fabrics) {
    const used = new Set(Object.values(fabric.roles).map((binding) => binding.endpoint));
    for (const endpoint of used) {
      const config = fabric.endpoints[endpoint];
      const variable = config === undefined ? undefined : apiKeyVariableOf(config, env);
      if (variable === undefined || (env[variable] ?? '') !== '') continue;
      issues.push({
        file: source,
        path: `fabrics.${name}.endpoints.${endpoint}.apiKeyEnv`,
        message: `endpoint "${endpoint}" of fabric "${name}" reads its API key from ${variable}, which is not set`,
      });
    }
  }
  return issues;
}
