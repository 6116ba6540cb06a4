import { z } from 'zod';
import { suiteSchema } from './suite-schema.js';

/** Where the published package serves the schema; editors key their cache on it. */
export const SUITE_SCHEMA_ID = 'https://unpkg.com/agentperf/schema/agentperf.schema.json';

/** The JSON Schema of agentperf.yaml, for editors (generated from the same zod schema that validates). */
export function suiteJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(suiteSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return { ...schema, $id: SUITE_SCHEMA_ID, title: 'agentperf suite (agentperf.yaml)' };
}
