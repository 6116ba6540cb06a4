// Writes docs/config.md (suites) and docs/fabric.md (simulator fabrics) from their JSON Schemas, so
// the references always match what the loaders accept: `npm run docs:config`.
import { writeFileSync } from 'node:fs';
import { suiteJsonSchema } from '../src/config/index.js';
import { simFabricJsonSchema } from '../src/sim/index.js';

type Schema = Record<string, unknown>;
let lines: string[] = [];

function typeOf(schema: Schema): string {
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (Array.isArray(schema.enum))
    return schema.enum.map((value) => `\`${JSON.stringify(value)}\``).join(' \\| ');
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as Schema[]).map(typeOf).join(' \\| ');
  if (Array.isArray(schema.oneOf)) return (schema.oneOf as Schema[]).map(typeOf).join(' \\| ');
  if (schema.type === 'array') return `list of ${typeOf((schema.items as Schema) ?? {})}`;
  if (
    schema.type === 'object' &&
    schema.additionalProperties &&
    typeof schema.additionalProperties === 'object'
  )
    return 'map';
  if (typeof schema.type === 'string') return schema.type === 'integer' ? 'whole number' : schema.type;
  return 'value';
}

function walk(schema: Schema, path: string, variant = ''): void {
  const properties = schema.properties as Record<string, Schema> | undefined;
  if (properties) {
    const required = new Set((schema.required as string[] | undefined) ?? []);
    for (const [name, child] of Object.entries(properties)) {
      const full = path === '' ? name : `${path}.${name}`;
      const fallback = child.default === undefined ? '' : ` Default: \`${JSON.stringify(child.default)}\`.`;
      const need = required.has(name) && child.default === undefined ? ' **Required.**' : '';
      // A field of one endpoint type says which, so `baseUrl` of openai and of anthropic each keep their own meaning.
      const which = variant !== '' && name !== 'type' ? `(${variant}) ` : '';
      lines.push(
        `| \`${full}\` | ${typeOf(child)} | ${which}${String(child.description ?? '').replace(/\|/g, '\\|')}${fallback}${need} |`,
      );
      walk(child, full);
    }
  }
  const record = schema.additionalProperties;
  if (record && typeof record === 'object') walk(record as Schema, `${path}.<name>`);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const variants = schema[key] as Schema[] | undefined;
    for (const option of variants ?? []) {
      const kind = (option.properties as Record<string, Schema> | undefined)?.type?.const;
      walk(option, path, typeof kind === 'string' ? `type: ${kind}` : variant);
    }
  }
  if (schema.type === 'array' && schema.items) walk(schema.items as Schema, `${path}[]`);
}

/**
 * One table row per field, each field once: a field every endpoint type
 * shares is listed once without a type, one that differs once per type.
 */
function fieldRows(schema: Schema): string[] {
  lines = [];
  walk(schema, '');
  const rows: string[] = [];
  const seen = new Map<string, number>();
  for (const line of lines) {
    const shared = line.replace(/\((type: [^)]*)\) /, '');
    const at = seen.get(shared);
    if (at === undefined) {
      seen.set(shared, rows.length);
      rows.push(line);
    } else {
      rows[at] = shared;
    }
  }
  return rows;
}

const unique = fieldRows(suiteJsonSchema());
writeFileSync(
  'docs/config.md',
  `# Suite file reference (agentperf.yaml)

Generated from the schema the loader validates with (\`npm run docs:config\`); the same
schema is in \`schema/agentperf.schema.json\` for editors: add
\`# yaml-language-server: $schema=./node_modules/agentperf/schema/agentperf.schema.json\`
at the top of your suite file. A TypeScript suite (\`export default defineSuite({...})\`)
takes the same fields, and its \`tasks\` may also be task objects made with \`defineTask\`.

Every problem in a file is reported at once, with the file, line, path and what was
expected, and the command exits 2. Command-line flags (\`--levels\`, \`--rate\`, \`--tasks\`,
\`--duration\`, \`--seed\`, \`--threshold\`, \`--fabric\`) override these fields for one run;
the resolved configuration is saved with the run.

| field | type | meaning |
| --- | --- | --- |
${unique.join('\n')}

## Example

\`\`\`yaml
name: my-agents
tasks:
  - use: support            # a bundled task
  - module: ./triage.ts     # your own task: export default defineTask({...})
fabrics:
  vendor-a:
    endpoints:
      api: { type: openai, baseUrl: https://api.vendor-a.example/v1, apiKeyEnv: VENDOR_A_KEY, placement: vendor-a/h100 }
      rerank: { type: rerank, shape: cohere-v2, baseUrl: https://api.rerank.example, apiKeyEnv: RERANK_KEY }
    roles:
      planner: { endpoint: api, model: big-model, prices: { inputPerMTok: 2.5, outputPerMTok: 10 } }
      worker: { endpoint: api, model: small-model }
      reranker: { endpoint: rerank, model: rerank-v3 }
levels: [1, 16, 64]
tasksPerLevel: 200
thresholds: ['e2e.p95<30s', 'passRate>=0.9']
\`\`\`
`,
);
console.log(`wrote docs/config.md (${unique.length} fields)`);

const fabricRows = fieldRows(simFabricJsonSchema());
writeFileSync(
  'docs/fabric.md',
  `# Simulator fabric reference (fabric.yaml)

Generated from the schema the simulator's loader validates with (\`npm run docs:config\`); the same
schema is in \`schema/fabric.schema.json\` for editors. A fabric file is what \`agentperf sim --fabric\`
and a suite's \`{ type: simulator, fabric: ... }\` endpoint take; the bundled ones are
\`builtin:gpu-pool\`, \`builtin:heterogeneous\` and \`builtin:gpu-pool-large-worker\`. What each knob
does to the simulated physics, and where the profiles' figures come from, is in
[simulator.md](simulator.md).

| field | type | meaning |
| --- | --- | --- |
${fabricRows.join('\n')}
`,
);
console.log(`wrote docs/fabric.md (${fabricRows.length} fields)`);
