/**
 * Timing error of the simulator itself: how late tokens leave the engine
 * against the time the step schedule intended, at 1,000 concurrent
 * streams (clients in the same process, as with `agentperf run`).
 *
 *   node --import tsx bench/sim-timing.ts [streams] [tokensPerStream]
 *
 * SIM_MODULE=path/to/dist/sim/index.js runs another build's simulator (a
 * before/after comparison in one script). CPU per token is the whole
 * process's (simulator and clients) over the tokens streamed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Agent, fetch } from 'undici';

const { startSimulator } = (await import(
  process.env.SIM_MODULE ?? '../src/sim/index.js'
)) as typeof import('../src/sim/index.js');

const streams = Number(process.argv[2] ?? 1000);
const tokensPerStream = Number(process.argv[3] ?? 100);

const dir = mkdtempSync(join(tmpdir(), 'agentperf-bench-'));
const fabric = join(dir, 'fabric.yaml');
writeFileSync(
  fabric,
  `deployments:
  bench:
    model: llama-3.1-8b-instruct
    hardware: h100-sxm
    serving: { replicas: 4, maxRunningSequences: 256, maxBatchedTokens: 8192 }
    placement: { label: h100, rttMs: 0 }
    behaviour: { wrongAnswerRate: 0 }
`,
);

const lateness: number[] = [];
const simulator = await startSimulator({ fabric, seed: 1, onTokenTiming: (lateMs) => lateness.push(lateMs) });
const dispatcher = new Agent({ connections: streams + 10 });
const answer = 'x'.repeat(tokensPerStream * 4);
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
const started = performance.now();
const cpuStart = process.cpuUsage();
let received = 0;
await Promise.all(
  Array.from({ length: streams }, async (_, index) => {
    const response = await fetch(`${simulator.baseUrl}/chat/completions`, {
      method: 'POST',
      dispatcher,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'bench',
        stream: true,
        messages: [{ role: 'user', content: `stream ${index}` }],
        agentperf_reference: { turns: [{ answer }] },
      }),
    });
    for await (const chunk of response.body!) received += (chunk as Uint8Array).length;
  }),
);
const wallS = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStart);
loop.disable();
await simulator.close();
await dispatcher.close();

lateness.sort((left, right) => left - right);
const at = (fraction: number) =>
  lateness[Math.min(lateness.length - 1, Math.floor(fraction * lateness.length))]!;
console.log(
  JSON.stringify(
    {
      streams,
      tokens: lateness.length,
      wallS: Number(wallS.toFixed(2)),
      tokensPerS: Math.round(lateness.length / wallS),
      cpuUsPerToken: Number(((cpu.user + cpu.system) / lateness.length).toFixed(1)),
      bytesReceived: received,
      latenessMs: { p50: +at(0.5).toFixed(2), p99: +at(0.99).toFixed(2), max: +at(1).toFixed(2) },
      eventLoopDelayMs: { p99: +(loop.percentile(99) / 1e6).toFixed(1), max: +(loop.max / 1e6).toFixed(1) },
    },
    null,
    2,
  ),
);
