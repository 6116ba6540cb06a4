import type { ResolvedRun } from '../config/index.js';

/**
 * The resolved configuration as saved with a run: header values are
 * replaced, since users sometimes put credentials there despite apiKeyEnv.
 * (API keys themselves are never in the configuration, only their
 * variable names.)
 */
export function savedConfig(run: ResolvedRun): ResolvedRun {
  const endpoints = Object.fromEntries(
    Object.entries(run.fabric.endpoints).map(([name, endpoint]) => [
      name,
      endpoint.headers === undefined
        ? endpoint
        : {
            ...endpoint,
            headers: Object.fromEntries(
              Object.keys(endpoint.headers).map((header) => [header, '[redacted]']),
            ),
          },
    ]),
  );
  return { ...run, fabric: { ...run.fabric, endpoints } };
}
