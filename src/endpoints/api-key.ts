import { ConfigError } from '../errors.js';
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
