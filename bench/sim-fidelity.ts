/**
 * Fidelity points: replays published serving benchmarks against the
 * simulator under the same conditions (model, hardware, engine token budget
 * and sequence limit, per-request input/output lengths, arrival pattern) and
 * prints what `vllm bench serve` reports (median TTFT, median TPOT, output
 * throughput), beside the published figures and what llm-d-inference-sim's
 * linear load factor would give.
 *
 *   node --import tsx bench/sim-fidelity.ts [point label] [--scheduler=v1-chunked|v0-prefill-first] [--api-server-ms=N]
 *
 * `--scheduler` runs every point under that policy instead of its source's
 * (to see what the policy alone changes); `--api-server-ms` overrides
 * `serving.apiServerMsPerRequest` (0 turns the API server off). With
 * FIDELITY_TTFTS=1 each point's per-request TTFTs (sorted) go to stderr, to
 * compare with the source's `ttfts`.
 *
 * The simulator runs in its own worker thread, as in `agentperf run`; every
 * client first sends one warm-up request (as `vllm bench serve` sends a test
 * prompt), so its connection is open when the clock starts.
 *
 * Each point also runs its source engine's step policy: vLLM V0 without
 * chunked prefill (prefill-only steps) for the vLLM 0.6 points, V1 (chunked
 * prefill beside decodes) for the vLLM 0.23 points.
 *
 * Two arrival patterns, each as its source ran it:
 * - burst: every request sent at once (`--request-rate inf`, no concurrency
 *   cap), with the per-request lengths the source recorded;
 * - closed loop: C clients, each sending its next request when the last ends
 *   (`--max-concurrency C --request-rate inf`), fixed lengths.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostSimulator } from '../src/runner/simulator-host.js';
import { loadSimFabric, stepTimeMs } from '../src/sim/index.js';
import { Agent, request } from 'undici';

// undici's request() costs a fraction of fetch()'s CPU per call, so a burst leaves this process within a few hundred microseconds.
const dispatcher = new Agent({ connections: 256 });

interface Published {
  ttftMs?: number;
  tpotMs?: number;
  outputTokPerS?: number;
}

interface Point {
  label: string;
  model: string;
  hardware: string;
  /** The source engine's max_num_batched_tokens and max_num_seqs. */
  maxBatchedTokens: number;
  maxRunningSequences: number;
  memoryUtilization: number;
  /** The source engine's step policy (see `serving.scheduler`). */
  scheduler: 'v1-chunked' | 'v0-prefill-first';
  arrival:
    | { kind: 'burst'; inputs: number[]; outputs: number[] }
    | { kind: 'closed'; concurrency: number; requests: number; input: number; output: number };
  published: Published;
}

// Lambda vllm-benchmark, results/prompt_{10,40,80}/1xH100-80GB-SXM/Meta-Llama-3-8B-Instruct_tp1_len2048.json:
// ShareGPT prompts (fixed seed) all sent at once; input_lens and output_lens are the per-request counts recorded there.
const lambdaInputs80 = [
  13, 25, 27, 10, 329, 29, 399, 328, 4, 205, 16, 372, 403, 9, 12, 770, 227, 8, 14, 390, 659, 59, 76, 744, 619,
  279, 344, 9, 10, 45, 11, 4, 80, 768, 317, 40, 619, 8, 298, 16, 17, 696, 575, 11, 7, 281, 12, 147, 481, 770,
  336, 6, 331, 9, 45, 222, 802, 481, 93, 641, 22, 15, 16, 77, 32, 689, 178, 9, 628, 480, 42, 336, 24, 515,
  761, 112, 113, 348, 82, 467,
];
const lambdaOutputs10 = [120, 429, 233, 194, 101, 741, 9, 3, 6, 31];
const lambdaOutputs40 = [
  120, 393, 233, 194, 101, 741, 9, 3, 6, 31, 392, 84, 396, 45, 291, 9, 173, 277, 334, 37, 587, 372, 36, 135,
  26, 45, 450, 118, 226, 4, 5, 146, 59, 11, 567, 192, 478, 130, 13, 223,
];
const lambdaOutputs80 = [
  120, 447, 233, 194, 101, 741, 9, 3, 6, 31, 392, 84, 396, 45, 291, 9, 173, 277, 334, 37, 587, 345, 36, 135,
  26, 45, 450, 118, 226, 4, 5, 146, 59, 11, 567, 192, 478, 130, 13, 223, 188, 16, 35, 276, 202, 492, 239, 129,
  26, 79, 17, 204, 11, 207, 78, 340, 17, 9, 123, 6, 559, 5, 316, 26, 417, 206, 151, 42, 25, 18, 159, 0, 25,
  267, 19, 12, 768, 67, 628, 11,
];
// Same repository, results/prompt_{10,40,80}/1xH100-80GB-SXM/Mistral-7B-Instruct-v0.3_tp1_len2048.json (same server,
// client and dates): a second model, never used to set any parameter, so all its points are out of sample.
const mistralInputs80 = [
  14, 30, 28, 12, 375, 29, 487, 369, 5, 236, 4, 18, 494, 518, 10, 14, 277, 8, 17, 493, 776, 64, 87, 879, 776,
  341, 455, 9, 12, 48, 12, 5, 88, 865, 386, 42, 716, 9, 323, 18, 19, 837, 725, 13, 10, 312, 13, 153, 569, 921,
  431, 7, 391, 9, 53, 300, 958, 577, 99, 759, 22, 16, 18, 84, 33, 196, 11, 722, 559, 46, 391, 24, 569, 838,
  123, 121, 457, 91, 588, 299,
];
const mistralOutputs10 = [129, 883, 273, 169, 0, 928, 10, 26, 8, 57];
const mistralOutputs40 = [
  129, 888, 273, 165, 0, 928, 10, 26, 8, 57, 10, 477, 95, 493, 49, 344, 192, 302, 409, 47, 748, 326, 168, 105,
  39, 49, 571, 132, 251, 7, 8, 169, 63, 14, 814, 231, 20, 135, 0, 260,
];
const mistralOutputs80 = [
  129, 883, 273, 184, 0, 928, 10, 26, 8, 57, 10, 504, 95, 493, 49, 322, 157, 302, 409, 47, 748, 326, 168, 105,
  39, 49, 571, 132, 251, 7, 8, 169, 63, 14, 814, 231, 20, 135, 0, 260, 219, 18, 39, 314, 225, 562, 281, 120,
  28, 235, 19, 233, 11, 224, 92, 240, 0, 11, 143, 7, 664, 5, 343, 28, 344, 185, 46, 26, 0, 183, 0, 27, 301,
  11, 14, 1028, 76, 819, 13, 0,
];
// vLLM 0.6 (V0) with --max-model-len 2048 and chunked prefill off: max_num_batched_tokens = max(2048, max_model_len),
// and V0's default scheduler (prefill-only steps of whole prompts, decoding paused while prompts wait).
const lambdaEngine = {
  maxBatchedTokens: 2048,
  maxRunningSequences: 1024,
  memoryUtilization: 0.95,
  scheduler: 'v0-prefill-first' as const,
};
// vLLM 0.23 (V1) API-server defaults on a GPU under 70 GiB (or any A100): 2048 batched tokens, 256 sequences.
const musgraveEngine = {
  maxBatchedTokens: 2048,
  maxRunningSequences: 256,
  memoryUtilization: 0.9,
  scheduler: 'v1-chunked' as const,
};

/** One Lambda burst point on a 1×H100 SXM: the first `outputs.length` recorded prompts, sent at once. */
function lambdaBurst(
  label: string,
  model: string,
  inputs: number[],
  outputs: number[],
  published: Published,
): Point {
  return {
    label,
    model,
    hardware: 'h100-sxm',
    ...lambdaEngine,
    arrival: { kind: 'burst', inputs: inputs.slice(0, outputs.length), outputs },
    published,
  };
}

const allPoints: Point[] = [
  lambdaBurst('8B H100 burst10', 'llama-3.1-8b-instruct', lambdaInputs80, lambdaOutputs10, {
    ttftMs: 62.19,
    tpotMs: 7.56,
    outputTokPerS: 347.9,
  }),
  lambdaBurst('8B H100 burst40', 'llama-3.1-8b-instruct', lambdaInputs80, lambdaOutputs40, {
    ttftMs: 254.68,
    tpotMs: 8.78,
    outputTokPerS: 1294.1,
  }),
  lambdaBurst('8B H100 burst80', 'llama-3.1-8b-instruct', lambdaInputs80, lambdaOutputs80, {
    ttftMs: 522.34,
    tpotMs: 9.94,
    outputTokPerS: 2098.1,
  }),
  lambdaBurst('Mistral 7B H100 burst10', 'mistral-7b-instruct-v0.3', mistralInputs80, mistralOutputs10, {
    ttftMs: 67.99,
    tpotMs: 7.06,
    outputTokPerS: 388.1,
  }),
  lambdaBurst('Mistral 7B H100 burst40', 'mistral-7b-instruct-v0.3', mistralInputs80, mistralOutputs40, {
    ttftMs: 234.15,
    tpotMs: 8.24,
    outputTokPerS: 1275.5,
  }),
  lambdaBurst('Mistral 7B H100 burst80', 'mistral-7b-instruct-v0.3', mistralInputs80, mistralOutputs80, {
    ttftMs: 498.66,
    tpotMs: 10.02,
    outputTokPerS: 1913.6,
  }),
  {
    label: '8B A100-40GB c1',
    model: 'llama-3.1-8b-instruct',
    hardware: 'a100-40gb',
    ...musgraveEngine,
    arrival: { kind: 'closed', concurrency: 1, requests: 20, input: 1024, output: 128 },
    published: { outputTokPerS: 75 },
  },
  {
    label: '8B A100-40GB c8',
    model: 'llama-3.1-8b-instruct',
    hardware: 'a100-40gb',
    ...musgraveEngine,
    arrival: { kind: 'closed', concurrency: 8, requests: 160, input: 1024, output: 128 },
    published: { outputTokPerS: 75 * 6.6 },
  },
];
const schedulerFlag = '--scheduler=';
const override = process.argv
  .find((argument) => argument.startsWith(schedulerFlag))
  ?.slice(schedulerFlag.length);
if (override !== undefined && override !== 'v1-chunked' && override !== 'v0-prefill-first') {
  throw new Error(`--scheduler must be v1-chunked or v0-prefill-first, not ${override}`);
}
const apiServerFlag = '--api-server-ms=';
const apiServerOverride = process.argv
  .find((argument) => argument.startsWith(apiServerFlag))
  ?.slice(apiServerFlag.length);
const only = process.argv.slice(2).find((argument) => !argument.startsWith('--'));
const points = (only ? allPoints.filter((point) => point.label === only) : allPoints).map((point) =>
  override ? { ...point, scheduler: override } : point,
);

const median = (values: number[]) => {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = (sorted.length - 1) / 2;
  return (sorted[Math.floor(middle)]! + sorted[Math.ceil(middle)]!) / 2;
};

/** Chat template overhead of one user message (src/sim/prompt.ts): the content makes up the rest of the input. */
const TEMPLATE_TOKENS = 4;

interface Outcome {
  ttftMs: number;
  latencyMs: number;
  output: number;
}

async function send(baseUrl: string, index: number, input: number, output: number): Promise<Outcome> {
  const contentChars = Math.max(0, input - TEMPLATE_TOKENS) * 4;
  const content = `${index} ${'p'.repeat(contentChars)}`.slice(0, contentChars);
  // A zero-length output (the source has one) still costs its prefill: ask for one token and leave it out of the stats.
  const answer = 'x'.repeat(Math.max(1, output) * 4);
  const sent = performance.now();
  const response = await request(`${baseUrl}/chat/completions`, {
    dispatcher,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'm',
      stream: true,
      messages: [{ role: 'user', content }],
      agentperf_reference: { turns: [{ answer }] },
    }),
  });
  let first = -1;
  for await (const chunk of response.body) {
    if (first < 0 && Buffer.from(chunk as Uint8Array).includes('"content"')) first = performance.now();
  }
  const end = performance.now();
  return { ttftMs: first - sent, latencyMs: end - sent, output };
}

for (const point of points) {
  const dir = mkdtempSync(join(tmpdir(), 'agentperf-fidelity-'));
  const fabric = join(dir, 'fabric.yaml');
  writeFileSync(
    fabric,
    `deployments:
  m:
    model: ${point.model}
    hardware: ${point.hardware}
    serving: { scheduler: ${point.scheduler},${apiServerOverride === undefined ? '' : ` apiServerMsPerRequest: ${Number(apiServerOverride)},`} maxRunningSequences: ${point.maxRunningSequences}, maxBatchedTokens: ${point.maxBatchedTokens}, memoryUtilization: ${point.memoryUtilization}, prefixCaching: false }
    placement: { label: ${point.hardware}, rttMs: 0 }
    behaviour: { wrongAnswerRate: 0 }
`,
  );
  const deployment = loadSimFabric(fabric).deployments[0]!;
  // In its own thread, as in `agentperf run`, so the clients' work does not delay it.
  const simulator = await hostSimulator(fabric, 1);
  // vllm bench serve sends one test prompt before it starts the clock. We send one per client at once, so each
  // client has an open keep-alive connection: TCP setup and this process's warm-up on a shared 2-core machine
  // would otherwise spread the arrivals of a burst over tens of milliseconds.
  const clients = point.arrival.kind === 'burst' ? point.arrival.inputs.length : point.arrival.concurrency;
  await Promise.all(
    Array.from({ length: clients }, (_, index) => send(simulator.baseUrl, -1 - index, 16, 2)),
  );
  const outcomes: Outcome[] = [];
  const started = performance.now();
  const arrival = point.arrival;
  if (arrival.kind === 'burst') {
    outcomes.push(
      ...(await Promise.all(
        arrival.inputs.map((input, index) => send(simulator.baseUrl, index, input, arrival.outputs[index]!)),
      )),
    );
  } else {
    let next = 0;
    await Promise.all(
      Array.from({ length: arrival.concurrency }, async () => {
        while (next < arrival.requests) {
          const index = next++;
          outcomes.push(await send(simulator.baseUrl, index, arrival.input, arrival.output));
        }
      }),
    );
  }
  const durationS = (performance.now() - started) / 1000;
  if (process.env.FIDELITY_TTFTS)
    console.error(
      outcomes
        .map((outcome) => outcome.ttftMs.toFixed(0))
        .sort((a, b) => +a - +b)
        .join(' '),
    );
  await simulator.close();

  // vllm bench serve's definitions: TPOT = (latency - TTFT) / (output - 1) over requests with output > 1. A request
  // that produced no token keeps its TTFT at 0 there and still counts in the median; so it does here.
  const counted = outcomes.filter((outcome) => outcome.output > 0);
  const ttft = median(outcomes.map((outcome) => (outcome.output > 0 ? outcome.ttftMs : 0)));
  const tpot = median(
    counted
      .filter((outcome) => outcome.output > 1)
      .map((outcome) => (outcome.latencyMs - outcome.ttftMs) / (outcome.output - 1)),
  );
  const outputTokens = counted.reduce((sum, outcome) => sum + outcome.output, 0);
  const throughput = outputTokens / durationS;

  // llm-d-inference-sim: TTFT and ITL are its single-request parameters times
  // 1 + (F - 1)(running - 1)/(max-num-seqs - 1), with F = 2.0 (its example profile) and max-num-seqs the
  // source engine's. Its single-request parameters are set to our roofline's single-request figures for
  // the same model, hardware and lengths (API server + a prefill step of the prompt; a one-sequence decode step), so
  // the contrast isolates how load is modelled.
  const running = arrival.kind === 'burst' ? arrival.inputs.length : arrival.concurrency;
  const factor = 1 + ((2.0 - 1) * (running - 1)) / (point.maxRunningSequences - 1);
  const single = (input: number) => ({
    // A lone request's TTFT: the API server's ingest, then one prefill step.
    ttftMs:
      deployment.serving.apiServerMsPerRequest +
      stepTimeMs(deployment.model, deployment.hardware, 1, {
        tokens: input,
        contextTokensRead: input,
        attendedPairs: (input * input) / 2,
        sequences: 1,
      }),
    itlMs: stepTimeMs(deployment.model, deployment.hardware, 1, {
      tokens: 1,
      contextTokensRead: input,
      attendedPairs: input,
      sequences: 1,
    }),
  });
  const requests =
    arrival.kind === 'burst'
      ? arrival.inputs.map((input, index) => ({ input, output: arrival.outputs[index]! }))
      : [{ input: arrival.input, output: arrival.output }];
  const linear = requests
    .filter((request) => request.output > 0)
    .map((request) => {
      const base = single(request.input);
      const ttftMs = base.ttftMs * factor;
      const itlMs = base.itlMs * factor;
      return { ttftMs, itlMs, output: request.output, latencyMs: ttftMs + (request.output - 1) * itlMs };
    });
  const linearTtft = median(
    requests.map((request) => (request.output > 0 ? single(request.input).ttftMs * factor : 0)),
  );
  const linearTpot = median(linear.filter((request) => request.output > 1).map((request) => request.itlMs));
  const linearThroughput =
    arrival.kind === 'burst'
      ? (linear.reduce((sum, request) => sum + request.output, 0) * 1000) /
        Math.max(...linear.map((request) => request.latencyMs))
      : (arrival.concurrency * arrival.output * 1000) / linear[0]!.latencyMs;

  const versus = (simulated: number, published: number | undefined) =>
    published === undefined
      ? undefined
      : `${simulated >= published ? '+' : ''}${Math.round((simulated / published - 1) * 100)}%`;
  console.log(
    JSON.stringify({
      point: point.label,
      scheduler: point.scheduler,
      published: point.published,
      simulated: {
        ttftMsP50: +ttft.toFixed(1),
        tpotMsP50: +tpot.toFixed(2),
        outputTokPerS: Math.round(throughput),
        error: {
          ttft: versus(ttft, point.published.ttftMs),
          tpot: versus(tpot, point.published.tpotMs),
          throughput: versus(throughput, point.published.outputTokPerS),
        },
      },
      linearLoadFactor: {
        factor: +factor.toFixed(3),
        ttftMsP50: +linearTtft.toFixed(1),
        tpotMsP50: +linearTpot.toFixed(2),
        outputTokPerS: Math.round(linearThroughput),
        error: {
          ttft: versus(linearTtft, point.published.ttftMs),
          tpot: versus(linearTpot, point.published.tpotMs),
          throughput: versus(linearThroughput, point.published.outputTokPerS),
        },
      },
    }),
  );
}
