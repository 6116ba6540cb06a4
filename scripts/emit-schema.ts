// Writes schema/agentperf.schema.json from the zod schema that validates suites.
import { writeFileSync } from 'node:fs';
import { suiteJsonSchema } from '../src/config/index.js';

writeFileSync('schema/agentperf.schema.json', `${JSON.stringify(suiteJsonSchema(), null, 2)}\n`);
console.log('wrote schema/agentperf.schema.json');
