import { endpointSchema } from '../../../src/config/endpoint-schema.js';
import { createEndpoint, type EndpointDeps } from '../../../src/endpoints/index.js';
import type { EndpointAdapter } from '../../../src/spec/index.js';

/** An adapter from a raw endpoint config, with the schema's defaults applied as in a real run. */
export function endpointFrom(
  name: string,
  raw: Record<string, unknown>,
  deps: Partial<EndpointDeps> = {},
): EndpointAdapter {
  return createEndpoint(name, endpointSchema.parse(raw), { env: {}, ...deps });
}

/** Runs fn and returns what it threw (fails when it did not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<Error> {
  try {
    await fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}
