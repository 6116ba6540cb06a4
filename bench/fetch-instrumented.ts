/**
 * CPU cost of instrumentFetch per call, against plain fetch (issue 5: under
 * 5%). The server runs in a child process so only the client's CPU is
 * counted. Each call streams a chat completion (200 content chunks + usage)
 * over loopback. Two consumers: the raw body read to the end (the worst
 * case: nothing else costs CPU), and the openai SDK iterating the stream
 * (what a user's agent does).
 *
 *   npx tsx bench/fetch-instrumented.ts [calls-per-round] [rounds]
 */
import { spawn } from 'node:child_process';
import OpenAI from 'openai';
import { once } from 'node:events';
import { systemClock } from '../src/clock.js';
import { instrumentFetch } from '../src/endpoints/index.js';

const callsPerRound = Number(process.argv[2] ?? 200);
const rounds = Number(process.argv[3] ?? 6);

const serverSource = `
const http = require('node:http');
const chunk = (delta, finish) => 'data: ' + JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-bench', choices: [{ index: 0, delta, finish_reason: finish ?? null }] }) + '\\n\\n';
let body = chunk({ role: 'assistant', content: '' });
for (let i = 0; i < 200; i++) body += chunk({ content: ' token' + i });
body += chunk({}, 'stop');
body += 'data: ' + JSON.stringify({ id: 'c', choices: [], usage: { prompt_tokens: 500, completion_tokens: 200 } }) + '\\n\\n' + 'data: [DONE]\\n\\n';
const pieces = [];
for (let i = 0; i < body.length; i += 1024) pieces.push(body.slice(i, i + 1024));
http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const piece of pieces) res.write(piece);
    res.end();
  });
}).listen(0, '127.0.0.1', function () { process.stdout.write(String(this.address().port) + '\\n'); });
`;

const child = spawn(process.execPath, ['-e', serverSource], { stdio: ['ignore', 'pipe', 'inherit'] });
const [portLine] = (await once(child.stdout!, 'data')) as [Buffer];
const url = `http://127.0.0.1:${portLine.toString().trim()}/v1/chat/completions`;
const requestBody = JSON.stringify({
  model: 'gpt-bench',
  stream: true,
  messages: [{ role: 'user', content: 'hi' }],
});

let recorded = 0;
const instrumented = instrumentFetch(globalThis.fetch, {
  clock: systemClock,
  onEnd: (record) => {
    if (record.usage !== null) recorded += 1;
  },
});

type Consumer = (fetchImpl: typeof fetch) => Promise<void>;

const rawBody: Consumer = async (fetchImpl) => {
  const response = await fetchImpl(url, { method: 'POST', body: requestBody });
  await response.arrayBuffer();
};

const sdkClients = new Map<typeof fetch, OpenAI>();
const viaSdk: Consumer = async (fetchImpl) => {
  let client = sdkClients.get(fetchImpl);
  if (client === undefined) {
    client = new OpenAI({
      baseURL: url.replace('/chat/completions', ''),
      apiKey: 'local',
      fetch: fetchImpl,
      maxRetries: 0,
    });
    sdkClients.set(fetchImpl, client);
  }
  const stream = await client.chat.completions.create({ model: 'gpt-bench', messages: [], stream: true });
  for await (const _chunk of stream) {
    // The agent would use the tokens here.
  }
};

async function round(consumer: Consumer, fetchImpl: typeof fetch): Promise<number> {
  const before = process.cpuUsage();
  for (let call = 0; call < callsPerRound; call++) await consumer(fetchImpl);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / callsPerRound;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

for (const [name, consumer] of [
  ['raw body', rawBody],
  ['openai SDK', viaSdk],
] as const) {
  await round(consumer, globalThis.fetch);
  await round(consumer, instrumented);
  const plain: number[] = [];
  const measured: number[] = [];
  // Alternate so drift in machine load hits both sides alike.
  for (let index = 0; index < rounds; index++) {
    plain.push(await round(consumer, globalThis.fetch));
    measured.push(await round(consumer, instrumented));
  }
  const plainUs = median(plain);
  const instrumentedUs = median(measured);
  console.log(`${name}: ${callsPerRound} calls x ${rounds} rounds each`);
  console.log(`  plain fetch:        ${plainUs.toFixed(0)} µs CPU per call (median of rounds)`);
  console.log(`  instrumented fetch: ${instrumentedUs.toFixed(0)} µs CPU per call (median of rounds)`);
  console.log(`  overhead: ${(((instrumentedUs - plainUs) / plainUs) * 100).toFixed(1)}%`);
}
console.log(`calls recorded with usage: ${recorded}`);
child.kill();
