import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import type { JsonSchema } from '../spec/index.js';

/** Checks a tool's arguments; returns every problem found, or an empty list. */
export type ArgumentValidator = (args: unknown) => string[];

// ajv-formats is CommonJS; its default export arrives as the module object under NodeNext.
const addFormats = ((formatsModule as unknown as { default?: unknown }).default ??
  formatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

let shared: Ajv2020 | null = null;

/** One ajv instance for all tools: compiled validators are cached by schema. */
function ajv(): Ajv2020 {
  if (shared === null) {
    // strict: false because tool schemas come from many generators (zod, MCP
    // servers, hand-written) and carry keywords ajv does not know.
    shared = new Ajv2020({ allErrors: true, strict: false, logger: false, validateFormats: true });
    addFormats(shared);
  }
  return shared;
}

/**
 * Compiles a JSON Schema once into a validator of tool arguments. Schemas of
 * draft-07 and 2020-12 both work: the `$schema` marker is dropped because the
 * keywords tools use mean the same in both.
 */
export function compileArgumentValidator(schema: JsonSchema): ArgumentValidator {
  const { $schema: _ignored, ...body } = schema;
  const validate: ValidateFunction = ajv().compile(body);
  return (args: unknown) => {
    if (validate(args)) return [];
    return describeErrors(validate.errors ?? []);
  };
}

function describeErrors(errors: ErrorObject[]): string[] {
  const messages = new Set<string>();
  for (const error of errors) messages.add(describeError(error));
  return [...messages];
}

function describeError(error: ErrorObject): string {
  const path = pointerToPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `argument '${join(path, String(params.missingProperty))}': is required`;
    case 'additionalProperties':
      return `argument '${join(path, String(params.additionalProperty))}': is not an allowed argument`;
    case 'enum':
      return `${subject(path)}: must be one of ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
    case 'const':
      return `${subject(path)}: must be ${JSON.stringify(params.allowedValue)}`;
    default:
      return `${subject(path)}: ${error.message ?? 'is invalid'}`;
  }
}

function subject(path: string): string {
  return path === '' ? 'arguments' : `argument '${path}'`;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** "/items/0/qty" → "items[0].qty" */
function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  let path = '';
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path += /^\d+$/.test(segment) ? `[${segment}]` : path === '' ? segment : `.${segment}`;
  }
  return path;
}
