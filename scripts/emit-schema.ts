// Writes schema/agentperf.schema.json and schema/fabric.schema.json from the zod schemas that validate
// suites and simulator fabrics.
import { writeFileSync } from 'node:fs';
import { suiteJsonSchema } from '../src/config/index.js';
import { simFabricJsonSchema } from '../src/sim/index.js';

writeFileSync('schema/agentperf.schema.json', `${JSON.stringify(suiteJsonSchema(), null, 2)}\n`);
writeFileSync('schema/fabric.schema.json', `${JSON.stringify(simFabricJsonSchema(), null, 2)}\n`);
console.log('wrote schema/agentperf.schema.json and schema/fabric.schema.json');
