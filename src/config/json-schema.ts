import { z } from 'zod';
import { suiteSchema } from './suite-schema.js';

/** The JSON Schema of agentperf.yaml, for editors (generated from the same zod schema that validates). */
export function suiteJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(suiteSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return { ...schema, title: 'agentperf suite (agentperf.yaml)' };
}
