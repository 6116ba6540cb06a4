/**
 * Tool placement on the real call path (issue 17), two parts:
 *
 * 1. The network relay: a function tool placed behind the loopback tool host,
 *    with links of 0, 20 and 40 ms round trip (no jitter) and 40 ms ± 4 ms,
 *    against the same tool called in process. Per link: the network part of
 *    each call as the span records it (min / median / max of N calls), the
 *    same minus the modelled round trip (the relay's and loopback's own
 *    overhead: timers, sockets, HTTP), and whole calls against in-process
 *    ones. Placed and in-process calls alternate one by one, so load on the
 *    shared machine hits both alike.
 * 2. The bundled services' modelled service times: quantiles of 200,000
 *    seeded draws of each model beside the published figures it follows
 *    (docs/suite.md shows this table).
 *
 *   npx tsx bench/tool-network.ts [calls-per-link]
 */
import type { NetworkLink } from '../src/config/index.js';
import { placeTools } from '../src/runner/index.js';
import { SeededRandom } from '../src/suites/shared/index.js';
import { PAGE_FETCH, SEARCH_API, VECTOR_STORE, sampleServiceMs } from '../src/suites/services/index.js';
import type { ToolImplementation } from '../src/spec/index.js';
import { functionTool } from '../src/tools/index.js';

const calls = Number(process.argv[2] ?? 40);
const echo = functionTool({
  name: 'echo',
  description: 'Echoes its argument.',
  parameters: { type: 'object', properties: { text: { type: 'string' } } },
  run: (args: { text?: string }) => ({ echoed: args.text ?? '' }),
});
const task = { name: 'bench', tools: [echo] } as never;
const env = { state: undefined, signal: new AbortController().signal, caseId: '0', taskExecId: 'bench' };
const links: Array<[string, NetworkLink]> = [
  ['rtt 0', { rttMs: 0, jitterMs: 0 }],
  ['rtt 20', { rttMs: 20, jitterMs: 0 }],
  ['rtt 40', { rttMs: 40, jitterMs: 0 }],
  ['rtt 40 ± 4', { rttMs: 40, jitterMs: 4 }],
];
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  return sorted[low]! + (sorted[Math.ceil(position)]! - sorted[low]!) * (position - low);
};
const triple = (values: number[]) =>
  `${quantile(values, 0).toFixed(2)} / ${quantile(values, 0.5).toFixed(2)} / ${quantile(values, 1).toFixed(2)}`;

console.log(`${calls} calls per link; ms as min / median / max\n`);
console.log('| link | network part (span) | network − modelled rtt | placed call | in-process call |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const [name, link] of links) {
  const placed = await placeTools(
    [{ task } as never],
    { agent: 'bench', tools: { echo: { host: 'far', network: link } } },
    7,
  );
  const remote = placed.byTask.get('bench')![0] as ToolImplementation;
  const network: number[] = [];
  const whole: number[] = [];
  const local: number[] = [];
  for (let call = 0; call < calls; call++) {
    const order = call % 2 === 0 ? ['placed', 'local'] : ['local', 'placed'];
    for (const side of order) {
      const startedAt = performance.now();
      if (side === 'placed') {
        const outcome = await remote.placed!.call({ text: 'x' }, env);
        whole.push(performance.now() - startedAt);
        network.push(outcome.networkMs ?? 0);
      } else {
        await echo.call({ text: 'x' }, env);
        local.push(performance.now() - startedAt);
      }
    }
  }
  await placed.close();
  const overhead = network.map((value) => value - link.rttMs);
  console.log(`| ${name} | ${triple(network)} | ${triple(overhead)} | ${triple(whole)} | ${triple(local)} |`);
}

console.log('\nModelled service times: 200,000 seeded draws per model, ms\n');
console.log('| service | p50 | p75 | p95 | p99 | published |');
console.log('| --- | ---: | ---: | ---: | ---: | --- |');
for (const model of [SEARCH_API, PAGE_FETCH, VECTOR_STORE]) {
  const random = new SeededRandom(1);
  const draws = Array.from({ length: 200_000 }, () => sampleServiceMs(model, random));
  const published = Object.entries(model.published)
    .map(([key, value]) => `${key} ${value}`)
    .join(', ');
  console.log(
    `| ${model.name} | ${[0.5, 0.75, 0.95, 0.99].map((q) => quantile(draws, q).toFixed(1)).join(' | ')} | ${published} |`,
  );
}
