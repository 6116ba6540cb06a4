import type { Random } from './random.js';

/** A value that satisfies a (simple) JSON Schema: what a model's call of an offered tool looks like. */
export function sampleFromSchema(schema: unknown, random: Random, depth = 0): unknown {
  const node = (schema && typeof schema === 'object' ? schema : {}) as Record<string, unknown>;
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[random.int(node.enum.length)];
  if ('const' in node) return node.const;
  const type = Array.isArray(node.type) ? node.type[0] : node.type;
  switch (type) {
    case 'integer':
    case 'number': {
      const minimum = typeof node.minimum === 'number' ? node.minimum : 1;
      const maximum = typeof node.maximum === 'number' ? node.maximum : minimum + 9;
      const value = minimum + random.next() * (maximum - minimum);
      return type === 'integer' ? Math.round(value) : Math.round(value * 100) / 100;
    }
    case 'boolean':
      return random.next() < 0.5;
    case 'array':
      return depth > 4 ? [] : [sampleFromSchema(node.items, random, depth + 1)];
    case 'object': {
      const properties = (node.properties ?? {}) as Record<string, unknown>;
      const required = Array.isArray(node.required) ? (node.required as string[]) : Object.keys(properties);
      const result: Record<string, unknown> = {};
      if (depth > 4) return result;
      for (const key of required) result[key] = sampleFromSchema(properties[key], random, depth + 1);
      return result;
    }
    default:
      return 'example';
  }
}
