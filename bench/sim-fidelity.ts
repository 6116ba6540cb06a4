/**
 * Fidelity points: runs the simulator the way `vllm bench serve` runs a
 * server (closed loop, fixed input/output lengths, no shared prefixes) and
 * prints median TTFT, median TPOT and output throughput per point, beside
 * what llm-d-inference-sim's linear load factor would give.
 *
 *   node --import tsx bench/sim-fidelity.ts
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../src/sim/index.js';

interface Point {
  label: string;
  model: string;
  hardware: string;
  tensorParallel: number;
  concurrency: number;
  inputTokens: number;
  outputTokens: number;
}

const only = process.argv[2];
const allPoints: Point[] = [
  {
    label: '8B A100-40GB c1',
    model: 'llama-3.1-8b-instruct',
    hardware: 'a100-40gb',
    tensorParallel: 1,
    concurrency: 1,
    inputTokens: 1024,
    outputTokens: 128,
  },
  {
    label: '8B A100-40GB c8',
    model: 'llama-3.1-8b-instruct',
    hardware: 'a100-40gb',
    tensorParallel: 1,
    concurrency: 8,
    inputTokens: 1024,
    outputTokens: 128,
  },
  {
    label: '8B H100 c1',
    model: 'llama-3.1-8b-instruct',
    hardware: 'h100-sxm',
    tensorParallel: 1,
    concurrency: 1,
    inputTokens: 256,
    outputTokens: 128,
  },
  {
    label: '8B H100 c4',
    model: 'llama-3.1-8b-instruct',
    hardware: 'h100-sxm',
    tensorParallel: 1,
    concurrency: 4,
    inputTokens: 256,
    outputTokens: 128,
  },
  {
    label: '8B H100 c16',
    model: 'llama-3.1-8b-instruct',
    hardware: 'h100-sxm',
    tensorParallel: 1,
    concurrency: 16,
    inputTokens: 256,
    outputTokens: 128,
  },
  {
    label: '8B decode-asic c1',
    model: 'llama-3.1-8b-instruct',
    hardware: 'decode-asic',
    tensorParallel: 1,
    concurrency: 1,
    inputTokens: 256,
    outputTokens: 128,
  },
];
const points = only ? allPoints.filter((point) => point.label === only) : allPoints;

/** Single-stream simulated figures per hardware: the llm-d-inference-sim parameters of the contrast column. */
const singleStream = new Map<string, { ttft: number; tpot: number }>();

const median = (values: number[]) => {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = (sorted.length - 1) / 2;
  return (sorted[Math.floor(middle)]! + sorted[Math.ceil(middle)]!) / 2;
};

for (const point of points) {
  const dir = mkdtempSync(join(tmpdir(), 'agentperf-fidelity-'));
  const fabric = join(dir, 'fabric.yaml');
  writeFileSync(
    fabric,
    `deployments:
  m:
    model: ${point.model}
    hardware: ${point.hardware}
    serving: { tensorParallel: ${point.tensorParallel}, maxRunningSequences: 256, maxBatchedTokens: 8192, prefixCaching: false }
    placement: { label: ${point.hardware}, rttMs: 0 }
    behaviour: { wrongAnswerRate: 0 }
`,
  );
  const simulator = await startSimulator({ fabric, seed: 1 });
  const requests = point.concurrency * 6;
  const ttfts: number[] = [];
  const tpots: number[] = [];
  let next = 0;
  // 4 chat-template tokens per message: the content makes up the rest of the input.
  const promptChars = (point.inputTokens - 4) * 4;
  const answer = 'x'.repeat(point.outputTokens * 4);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: point.concurrency }, async () => {
      while (next < requests) {
        const index = next++;
        const sent = performance.now();
        const response = await fetch(`${simulator.baseUrl}/chat/completions`, {
          method: 'POST',
          body: JSON.stringify({
            model: 'm',
            stream: true,
            messages: [
              { role: 'user', content: `${index} ${'p'.repeat(promptChars)}`.slice(0, promptChars) },
            ],
            agentperf_reference: { turns: [{ answer }] },
          }),
        });
        let first = -1;
        for await (const chunk of response.body!) {
          if (first < 0 && Buffer.from(chunk as Uint8Array).includes('"content"')) first = performance.now();
        }
        const end = performance.now();
        ttfts.push(first - sent);
        tpots.push((end - first) / (point.outputTokens - 1));
      }
    }),
  );
  const durationS = (performance.now() - started) / 1000;
  await simulator.close();
  const ttft = median(ttfts);
  const tpot = median(tpots);
  const throughput = (requests * point.outputTokens) / durationS;
  if (point.concurrency === 1) singleStream.set(point.hardware, { ttft, tpot });
  // llm-d-inference-sim: TTFT and ITL are its single-stream parameters (here: our c1 figures on the
  // same hardware) times 1 + (F - 1)(running - 1)/(max-num-seqs - 1), with F = 2.0 (its example
  // profile) and max-num-seqs = 256 (vLLM's default).
  const loadFactor = 1 + ((2.0 - 1) * (point.concurrency - 1)) / (256 - 1);
  const base = singleStream.get(point.hardware)!;
  const linearTtft = base.ttft * loadFactor;
  const linearTpot = base.tpot * loadFactor;
  const linearThroughput =
    (point.concurrency * point.outputTokens * 1000) / (linearTtft + (point.outputTokens - 1) * linearTpot);
  console.log(
    JSON.stringify({
      point: point.label,
      simulated: {
        ttftMsP50: +ttft.toFixed(1),
        tpotMsP50: +tpot.toFixed(2),
        outputTokPerS: Math.round(throughput),
      },
      linearLoadFactor: {
        factor: +loadFactor.toFixed(3),
        ttftMs: +linearTtft.toFixed(1),
        tpotMs: +linearTpot.toFixed(2),
        outputTokPerS: Math.round(linearThroughput),
      },
    }),
  );
}
