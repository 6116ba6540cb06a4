import { ConfigError } from '../errors.js';

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
