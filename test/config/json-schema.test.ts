import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { suiteJsonSchema } from '../../src/config/index.js';
import { simFabricJsonSchema } from '../../src/sim/index.js';

describe('the JSON Schema for editors', () => {
  it('is committed as generated (run `npm run schema` after changing the config schema)', () => {
    const committed = JSON.parse(readFileSync('schema/agentperf.schema.json', 'utf8'));
    expect(committed).toEqual(suiteJsonSchema());
  });

  it('has an $id, and init points editors at the schema the package ships', async () => {
    expect(suiteJsonSchema().$id).toBe('https://unpkg.com/agentperf/schema/agentperf.schema.json');
    const { scaffoldSuiteYaml } = await import('../../src/suites/index.js');
    expect(scaffoldSuiteYaml('x').split('\n')[0]).toBe(
      '# yaml-language-server: $schema=./node_modules/agentperf/schema/agentperf.schema.json',
    );
  });

  it('accepts a valid suite and rejects a misspelt field, like the loader does', () => {
    const validate = new Ajv2020({ strict: false }).compile(suiteJsonSchema());
    const good = parse(`name: s
tasks: [{ use: support }]
fabrics:
  f:
    endpoints: { sim: { type: simulator, fabric: "builtin:gpu-pool" } }
    roles: { worker: { endpoint: sim, model: llama-3.1-8b } }
levels: [1, { rate: 2 }]
`);
    expect(validate(good)).toBe(true);
    expect(validate({ ...good, levelz: [1] })).toBe(false);
    expect(validate({ ...good, levels: [0] })).toBe(false);
  });
});

describe('the JSON Schema of simulator fabrics', () => {
  it('is committed as generated (run `npm run schema` after changing the fabric schema)', () => {
    const committed = JSON.parse(readFileSync('schema/fabric.schema.json', 'utf8'));
    expect(committed).toEqual(simFabricJsonSchema());
  });

  it('accepts a bundled fabric and rejects a misspelt serving knob, like the loader does', () => {
    const validate = new Ajv2020({ strict: false }).compile(simFabricJsonSchema());
    const fabric = parse(readFileSync('src/sim/fabrics/gpu-pool.yaml', 'utf8'));
    expect(validate(fabric)).toBe(true);
    const [name, deployment] = Object.entries(
      fabric.deployments as Record<string, Record<string, unknown>>,
    )[0]!;
    const misspelt = { ...deployment, serving: { apiServerMsPerReqest: 3 } };
    expect(validate({ ...fabric, deployments: { ...fabric.deployments, [name]: misspelt } })).toBe(false);
  });
});
