/**
 * Fidelity set: replays published serving benchmarks against the simulator
 * under the same conditions (model, hardware, tensor parallelism, engine
 * token budget and sequence limit, step policy, per-request input/output
 * lengths, arrival pattern) and prints what `vllm bench serve` reports
 * (median TTFT, median TPOT, output throughput) beside the published
 * figures and what llm-d-inference-sim's linear load factor would give.
 * Every point is marked `calibration` (a parameter was set on it) or
 * `validation` (nothing was set on it); both tables are printed, with the
 * median absolute error and the signs of the errors per metric.
 *
 *   node --import tsx bench/sim-fidelity.ts [point label] [--runs=N] [--http] [--write-band]
 *        [--scheduler=v1-chunked|v0-prefill-first] [--api-server-ms=N] [--api-server-ms-per-token=N]
 *        [--per-layer-ms=N] [--tp-prefill-ms=N] [--compute-efficiency=N] [--no-async-output]
 *
 * `--runs=N` replays each point N times and reports the per-metric median
 * (and the TTFT range; on the engine replay the runs agree, it is
 * deterministic); `--write-band` writes the validation table's
 * median absolute errors to src/sim/fidelity-band.json, which reports
 * quote beside the simulated banner. `--scheduler`, `--api-server-ms`,
 * `--api-server-ms-per-token`, `--per-layer-ms`, `--tp-prefill-ms` and
 * `--compute-efficiency` override the policy, `serving.apiServerMsPerRequest`
 * and `apiServerMsPerPromptToken`, the GPU per-layer cost, the
 * interconnect's `prefillStepOverheadMs` and the GPU's prefill compute
 * efficiency for every point, and `--no-async-output` turns
 * `serving.asyncOutputProcessing` off on the points whose source ran it (to
 * see what one parameter alone changes). With FIDELITY_TTFTS=1 each point's per-request TTFTs
 * (sorted) go to stderr.
 *
 * By default each point replays on the engine (the replica and its API
 * server, on a virtual clock; times are the step ends the engine stamps on
 * tokens), which no machine load disturbs: the figures are deterministic. `--http` replays it end
 * to end instead: the simulator in its own worker thread, as in `agentperf
 * run`, clients over HTTP/SSE, every client first sending one warm-up
 * request (as `vllm bench serve` sends a test prompt).
 *
 * Three arrival patterns, each as its source ran it:
 * - burst: every request sent at once (`--request-rate inf`, no concurrency
 *   cap), with the per-request lengths the source recorded;
 * - closed loop: C clients, each sending its next request when the last ends
 *   (`--max-concurrency C --request-rate inf`), fixed lengths;
 * - Poisson: requests at exponential gaps of mean 1/rate (seeded), lengths
 *   as the point states.
 */
import { writeFileSync as writeFile } from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostSimulator } from '../src/runner/simulator-host.js';
import { loadSimFabric, stepTimeMs } from '../src/sim/index.js';
import { BUILTIN_HARDWARE } from '../src/sim/profiles/builtin-hardware.js';
import { Replica } from '../src/sim/engine/replica.js';
import { VirtualClock } from '../src/sim/engine/virtual-clock.js';
import { Random } from '../src/sim/random.js';
import { Agent, request } from 'undici';

// undici's request() costs a fraction of fetch()'s CPU per call, so a burst leaves this process within a few hundred microseconds.
const dispatcher = new Agent({ connections: 512 });

interface Published {
  ttftMs?: number;
  tpotMs?: number;
  outputTokPerS?: number;
}

type Scheduler = 'v1-chunked' | 'v0-prefill-first';

interface Point {
  label: string;
  /** Which source it replays (key of SOURCES). */
  source: keyof typeof SOURCES;
  /** `calibration`: a simulator parameter was set on this point; `validation`: nothing was. */
  role: 'calibration' | 'validation';
  model: string;
  hardware: string;
  tensorParallel: number;
  /** The source engine's max_num_batched_tokens and max_num_seqs. */
  maxBatchedTokens: number;
  maxRunningSequences: number;
  memoryUtilization: number;
  /** The source engine's step policy (see `serving.scheduler`). */
  scheduler: Scheduler;
  /** The source engine's `--num-scheduler-steps` (vLLM V0 multi-step; 1 = off). */
  numSchedulerSteps: number;
  /** Whether the source engine ran SGLang's overlap scheduler (`serving.overlapSchedule`). */
  overlapSchedule?: boolean;
  /** Whether the source engine processed outputs asynchronously (vLLM 0.6 V0, `serving.asyncOutputProcessing`). */
  asyncOutputProcessing?: boolean;
  arrival:
    | { kind: 'burst'; inputs: number[]; outputs: number[] }
    | { kind: 'closed'; concurrency: number; requests: number; input: number; output: number }
    | { kind: 'poisson'; rate: number; inputs: number[]; outputs: number[] };
  /** The workload in words, as the tables print it. */
  workload: string;
  published: Published;
  /** Published figures left out of the comparison, and why. */
  excluded?: string;
}

/** Where the published figures come from (repository and commit, or page). */
const SOURCES = {
  lambda: {
    name: 'Lambda, vLLM 0.6.0 (V0) benchmark results',
    where:
      'github.com/LambdaLabsML/vllm-benchmark @ a4f9f4371a1ccac781293837fce2bce0cc6d25cc, results/prompt_{10,40,80}/{1,4}xH100-80GB-SXM/*_len2048.json (per-request lengths and TTFTs)',
  },
  musgrave: {
    name: 'J. Musgrave, vLLM 0.23 (V1) throughput-latency sweep',
    where: 'https://johnmusgrave.com/p/vllm-throughput-latency-sweep-on',
  },
  datacrunch: {
    name: 'DataCrunch, SGLang on 4x H200 (Llama 3.1 70B, TP 4)',
    where:
      'github.com/datacrunch-research/h200-benchmarks @ 80368ba44a6bd5eba21059ee2b805166381b477d, sglang/README.md (online table); token totals from sglang/outputs/llama_3_3_70b_online_output.jsonl @ c091ef530a525d2e788bc41c39a4450b09c9f2ad',
  },
} as const;

// Lambda vllm-benchmark, results/prompt_{10,40,80}/1xH100-80GB-SXM/Meta-Llama-3-8B-Instruct_tp1_len2048.json:
// ShareGPT prompts (fixed seed) all sent at once; input_lens and output_lens are the per-request counts recorded there.
// Llama 3 70B shares the tokenizer, so its files record the same input_lens.
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
// Same repository, .../1xH100-80GB-SXM/Mistral-7B-Instruct-v0.3_tp1_len2048.json (same server, client and dates).
// Mixtral 8x7B's files (4xH100) record the same input_lens: the two tokenizers count these prompts alike.
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
// .../4xH100-80GB-SXM/Meta-Llama-3-70B-Instruct_tp4_len2048.json: the 70B's own output lengths.
const llama70bOutputs10 = [120, 661, 233, 194, 101, 741, 0, 0, 6, 35];
const llama70bOutputs40 = [
  120, 723, 233, 194, 101, 741, 0, 0, 6, 35, 392, 30, 396, 45, 291, 9, 173, 277, 334, 0, 587, 372, 14, 89, 0,
  0, 450, 118, 226, 4, 5, 146, 45, 11, 0, 192, 230, 130, 0, 223,
];
const llama70bOutputs80 = [
  120, 723, 233, 194, 101, 741, 0, 0, 6, 35, 392, 30, 396, 45, 291, 9, 173, 277, 334, 0, 587, 372, 14, 89, 0,
  0, 450, 118, 226, 4, 5, 146, 59, 11, 0, 192, 230, 130, 0, 223, 188, 0, 0, 276, 202, 492, 239, 89, 0, 31, 17,
  204, 11, 207, 78, 311, 9, 0, 0, 6, 559, 5, 316, 0, 417, 207, 151, 42, 25, 0, 159, 0, 25, 171, 0, 12, 768,
  67, 628, 0,
];
// .../4xH100-80GB-SXM/Meta-Llama-3-8B-Instruct_tp4_len2048.json: the 8B at TP 4 (same host and day as the 70B), its
// own output lengths (its input_lens are lambdaInputs80's).
const llama8bTp4Outputs10 = [120, 414, 233, 194, 101, 741, 9, 3, 6, 31];
const llama8bTp4Outputs40 = [
  120, 427, 233, 194, 101, 741, 9, 3, 6, 38, 392, 84, 396, 45, 291, 9, 173, 277, 334, 37, 587, 372, 36, 135,
  26, 45, 450, 118, 226, 4, 5, 146, 59, 11, 567, 192, 478, 130, 13, 223,
];
const llama8bTp4Outputs80 = [
  120, 482, 233, 194, 101, 741, 9, 3, 6, 31, 392, 84, 396, 45, 291, 9, 173, 277, 334, 37, 587, 372, 36, 135,
  26, 45, 450, 118, 226, 4, 5, 146, 59, 11, 567, 192, 382, 130, 13, 223, 188, 16, 35, 276, 202, 492, 239, 129,
  26, 79, 17, 204, 11, 207, 78, 340, 21, 9, 123, 6, 559, 5, 316, 26, 417, 206, 151, 42, 25, 18, 159, 0, 25,
  267, 19, 12, 768, 67, 628, 11,
];
// .../4xH100-80GB-SXM/Mixtral-8x7B-Instruct-v0.1_tp4_len2048.json.
const mixtralOutputs10 = [129, 529, 273, 207, 118, 928, 0, 26, 9, 49];
const mixtralOutputs40 = [
  129, 466, 273, 207, 118, 928, 0, 26, 9, 49, 10, 494, 95, 493, 49, 344, 31, 301, 409, 0, 749, 404, 168, 98,
  0, 0, 571, 132, 251, 7, 8, 169, 63, 14, 814, 231, 20, 135, 0, 175,
];

/**
 * ShareGPT-like lengths for the SGLang Poisson points. The source publishes
 * only totals (1,200 requests: 269,081 input and 226,901 output tokens, so
 * means of 224 and 189), not per-request lengths. Stand-in: Lambda's 80
 * recorded ShareGPT (input, output) pairs from the same dataset, filtered as
 * SGLang's bench_serving filters (both lengths at least 4), scaled to those
 * means and cycled.
 */
function shareGptLike(count: number): { inputs: number[]; outputs: number[] } {
  const pairs = lambdaInputs80
    .map((input, index) => [input, lambdaOutputs80[index]!] as const)
    .filter(([input, output]) => input >= 4 && output >= 4);
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const inScale = 224 / mean(pairs.map(([input]) => input));
  const outScale = 189 / mean(pairs.map(([, output]) => output));
  const inputs: number[] = [];
  const outputs: number[] = [];
  for (let index = 0; index < count; index++) {
    const [input, output] = pairs[index % pairs.length]!;
    inputs.push(Math.max(4, Math.round(input * inScale)));
    outputs.push(Math.max(4, Math.round(output * outScale)));
  }
  return { inputs, outputs };
}

// vLLM 0.6 (V0) with --max-model-len 2048 and chunked prefill off: max_num_batched_tokens = max(2048, max_model_len),
// and V0's default scheduler (prefill-only steps of whole prompts, decoding paused while prompts wait).
// Multi-step scheduling with 10 steps: the source's report (benchmark_v0.md, "vLLM v0.5.4 v.s. v0.6.0") credits its
// v0.6.0 figures to `num-scheduler-steps=10`, and the per-request `itls` of these very files show it: after the first
// token, tokens arrive in chunks of 10 (a 120-token reply has 12 gaps; a 3-token reply gets its last 2 tokens
// together, one ~73 ms round after its first).
const lambdaEngine = {
  maxBatchedTokens: 2048,
  maxRunningSequences: 1024,
  memoryUtilization: 0.95,
  scheduler: 'v0-prefill-first' as const,
  numSchedulerSteps: 10,
  // vLLM 0.6.0 turned asynchronous output processing on by default, and these files show it: a burst's last two
  // prefill groups get their first tokens 4-7 ms apart although its last prefill step takes 30-90 ms, i.e. a step's
  // first tokens come back when the next step's outputs do (docs/simulator.md, Fidelity).
  asyncOutputProcessing: true,
};
// vLLM 0.23 (V1) API-server defaults on a GPU under 70 GiB (or any A100): 2048 batched tokens, 256 sequences.
const musgraveEngine = {
  maxBatchedTokens: 2048,
  maxRunningSequences: 256,
  memoryUtilization: 0.9,
  scheduler: 'v1-chunked' as const,
  numSchedulerSteps: 1,
};
// SGLang's defaults of that time: prefill batches and decode batches run separately, prefill first (no mixed
// chunks unless --enable-mixed-chunk), chunked_prefill_size 8192; the ShareGPT prompts (at most 1,024 tokens) never
// chunk, so `v0-prefill-first` with an 8,192-token budget is its policy. mem_fraction_static ≈ 0.88 at TP 4.
// Overlap scheduling on: the source states no version, but its December 2024 commits run `lmsysorg/sglang:latest`,
// and every release from v0.3.6 (22 Nov 2024; sgl-project/sglang PR #2067 made the overlap scheduler the default)
// has it on. The version is inferred, not recorded.
const sglangEngine = {
  maxBatchedTokens: 8192,
  maxRunningSequences: 1024,
  memoryUtilization: 0.88,
  scheduler: 'v0-prefill-first' as const,
  numSchedulerSteps: 1,
  overlapSchedule: true,
};

/** One Lambda burst point: the first `outputs.length` recorded prompts, sent at once. */
function lambdaBurst(
  label: string,
  role: Point['role'],
  model: string,
  tensorParallel: number,
  inputs: number[],
  outputs: number[],
  published: Published,
  excluded?: string,
): Point {
  const sent = inputs.slice(0, outputs.length);
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  return {
    label,
    source: 'lambda',
    role,
    model,
    hardware: 'h100-sxm',
    tensorParallel,
    ...lambdaEngine,
    arrival: { kind: 'burst', inputs: sent, outputs },
    workload: `burst of ${outputs.length} ShareGPT prompts at once (${sum(sent)} in / ${sum(outputs)} out), TP ${tensorParallel}`,
    published,
    ...(excluded ? { excluded } : {}),
  };
}

/** One SGLang Poisson point on 4x H200: the first `requests` of the source's run, at its rate. */
function sglangPoisson(label: string, rate: number, requests: number, published: Published): Point {
  const { inputs, outputs } = shareGptLike(requests);
  return {
    label,
    source: 'datacrunch',
    role: 'validation',
    model: 'llama-3.1-70b-instruct',
    hardware: 'h200-sxm',
    tensorParallel: 4,
    ...sglangEngine,
    arrival: { kind: 'poisson', rate, inputs, outputs },
    workload: `Poisson ${rate} req/s, ShareGPT-like lengths (means 224 in / 189 out), first ${requests} of the source's ${rate * 300} requests, TP 4`,
    published,
  };
}

const MIXTRAL_STALL =
  'TTFT and throughput: every request of the burst gets its first token at the same instant, 1.6 s (burst 10) and 4.3 s (burst 40) in, a one-time stall of the MoE kernels on first use that a serving model does not have; only TPOT is compared';

// Same repository, .../1xH100-80GB-SXM/Mistral-Nemo-Instruct-2407_tp1_len2048.json (same server, client and day):
// the run that set the H100 prefill efficiency, the API server's cost and the output-processing time (a
// calibration point).
const nemoInputs80 = [
  13, 27, 28, 12, 336, 29, 405, 331, 4, 206, 15, 459, 422, 9, 12, 843, 240, 9, 14, 401, 708, 62, 79, 778, 633,
  286, 368, 9, 12, 45, 11, 4, 84, 777, 334, 40, 624, 8, 302, 16, 17, 719, 572, 12, 8, 284, 12, 148, 551, 821,
  339, 7, 347, 9, 48, 271, 849, 493, 94, 658, 22, 15, 16, 77, 32, 822, 185, 10, 645, 488, 43, 342, 24, 508,
  765, 112, 119, 374, 84, 482,
];
const nemoOutputs80 = [
  124, 816, 241, 95, 0, 770, 0, 0, 7, 28, 406, 0, 409, 48, 298, 0, 179, 278, 339, 0, 690, 25, 0, 118, 0, 0, 0,
  125, 232, 0, 5, 141, 60, 11, 0, 217, 18, 131, 0, 166, 193, 0, 0, 284, 210, 498, 244, 118, 0, 0, 0, 202, 11,
  208, 81, 197, 0, 0, 0, 0, 571, 5, 320, 0, 425, 232, 159, 40, 0, 0, 174, 0, 25, 266, 0, 12, 727, 67, 702, 0,
];

const allPoints: Point[] = [
  lambdaBurst('8B H100 burst10', 'calibration', 'llama-3.1-8b-instruct', 1, lambdaInputs80, lambdaOutputs10, {
    ttftMs: 62.19,
    tpotMs: 7.56,
    outputTokPerS: 347.9,
  }),
  lambdaBurst(
    'Nemo 12B H100 burst80',
    'calibration',
    'mistral-nemo-12b-instruct',
    1,
    nemoInputs80,
    nemoOutputs80,
    {
      ttftMs: 445.44,
      tpotMs: 14.79,
      outputTokPerS: 1174.7,
    },
  ),
  lambdaBurst('8B H100 burst40', 'validation', 'llama-3.1-8b-instruct', 1, lambdaInputs80, lambdaOutputs40, {
    ttftMs: 254.68,
    tpotMs: 8.78,
    outputTokPerS: 1294.1,
  }),
  lambdaBurst('8B H100 burst80', 'validation', 'llama-3.1-8b-instruct', 1, lambdaInputs80, lambdaOutputs80, {
    ttftMs: 522.34,
    tpotMs: 9.94,
    outputTokPerS: 2098.1,
  }),
  lambdaBurst(
    'Mistral 7B H100 burst10',
    'validation',
    'mistral-7b-instruct-v0.3',
    1,
    mistralInputs80,
    mistralOutputs10,
    { ttftMs: 67.99, tpotMs: 7.06, outputTokPerS: 388.1 },
  ),
  lambdaBurst(
    'Mistral 7B H100 burst40',
    'validation',
    'mistral-7b-instruct-v0.3',
    1,
    mistralInputs80,
    mistralOutputs40,
    { ttftMs: 234.15, tpotMs: 8.24, outputTokPerS: 1275.5 },
  ),
  lambdaBurst(
    'Mistral 7B H100 burst80',
    'validation',
    'mistral-7b-instruct-v0.3',
    1,
    mistralInputs80,
    mistralOutputs80,
    { ttftMs: 498.66, tpotMs: 10.02, outputTokPerS: 1913.6 },
  ),
  lambdaBurst(
    '70B 4xH100 burst10',
    'validation',
    'llama-3.1-70b-instruct',
    4,
    lambdaInputs80,
    llama70bOutputs10,
    {
      ttftMs: 140.56,
      tpotMs: 18.12,
      outputTokPerS: 160.0,
    },
  ),
  lambdaBurst(
    '70B 4xH100 burst40',
    'validation',
    'llama-3.1-70b-instruct',
    4,
    lambdaInputs80,
    llama70bOutputs40,
    {
      ttftMs: 528.8,
      tpotMs: 20.66,
      outputTokPerS: 486.8,
    },
  ),
  lambdaBurst(
    '70B 4xH100 burst80',
    'validation',
    'llama-3.1-70b-instruct',
    4,
    lambdaInputs80,
    llama70bOutputs80,
    {
      ttftMs: 972.0,
      tpotMs: 24.44,
      outputTokPerS: 797.2,
    },
  ),
  // Calibration of the H100 profile's tensor-parallel prefill-step cost (interconnect.prefillStepOverheadMs).
  lambdaBurst(
    '8B 4xH100 burst10',
    'calibration',
    'llama-3.1-8b-instruct',
    4,
    lambdaInputs80,
    llama8bTp4Outputs10,
    { ttftMs: 47.92, tpotMs: 3.88, outputTokPerS: 670.6 },
  ),
  lambdaBurst(
    '8B 4xH100 burst40',
    'calibration',
    'llama-3.1-8b-instruct',
    4,
    lambdaInputs80,
    llama8bTp4Outputs40,
    { ttftMs: 192.24, tpotMs: 4.8, outputTokPerS: 2433.3 },
  ),
  lambdaBurst(
    '8B 4xH100 burst80',
    'calibration',
    'llama-3.1-8b-instruct',
    4,
    lambdaInputs80,
    llama8bTp4Outputs80,
    { ttftMs: 376.75, tpotMs: 5.74, outputTokPerS: 3798.4 },
  ),
  lambdaBurst(
    'Mixtral 4xH100 burst10',
    'validation',
    'mixtral-8x7b-instruct',
    4,
    mistralInputs80,
    mixtralOutputs10,
    { tpotMs: 9.9 },
    MIXTRAL_STALL,
  ),
  lambdaBurst(
    'Mixtral 4xH100 burst40',
    'validation',
    'mixtral-8x7b-instruct',
    4,
    mistralInputs80,
    mixtralOutputs40,
    {},
    'all of it (TPOT 17.69 ms, TTFT 4,328 ms, 549 tok/s published): besides the first-use stall (all first tokens at 4.29 s), the per-request TTFTs show a second one of 2.4 s (the third group starts at 6.79 s, the second ended at 4.42 s) while the first groups decode, so their TPOT carries it too; replayed for reference only',
  ),
  {
    label: '8B A100-40GB c1',
    source: 'musgrave',
    role: 'calibration',
    model: 'llama-3.1-8b-instruct',
    hardware: 'a100-40gb',
    tensorParallel: 1,
    ...musgraveEngine,
    arrival: { kind: 'closed', concurrency: 1, requests: 20, input: 1024, output: 128 },
    workload: 'closed loop, 1 client, 20 requests of 1024 in / 128 out (--ignore-eos)',
    published: { outputTokPerS: 75 },
  },
  {
    label: '8B A100-40GB c8',
    source: 'musgrave',
    role: 'validation',
    model: 'llama-3.1-8b-instruct',
    hardware: 'a100-40gb',
    tensorParallel: 1,
    ...musgraveEngine,
    arrival: { kind: 'closed', concurrency: 8, requests: 160, input: 1024, output: 128 },
    workload: 'closed loop, 8 clients, 160 requests of 1024 in / 128 out (--ignore-eos)',
    published: { outputTokPerS: 75 * 6.6 },
  },
  sglangPoisson('70B 4xH200 poisson4', 4, 160, { ttftMs: 65.72, tpotMs: 18.47 }),
  sglangPoisson('70B 4xH200 poisson8', 8, 240, { ttftMs: 73.7, tpotMs: 24.02 }),
];
const flag = (name: string) =>
  process.argv.find((argument) => argument.startsWith(`--${name}=`))?.slice(name.length + 3);
const override = flag('scheduler');
if (override !== undefined && override !== 'v1-chunked' && override !== 'v0-prefill-first') {
  throw new Error(`--scheduler must be v1-chunked or v0-prefill-first, not ${override}`);
}
const apiServerOverride = flag('api-server-ms');
const perLayerOverride = flag('per-layer-ms');
const apiServerPerTokenOverride = flag('api-server-ms-per-token');
const tpPrefillOverride = flag('tp-prefill-ms');
const efficiencyOverride = flag('compute-efficiency');
const asyncOff = process.argv.includes('--no-async-output');
const runs = Math.max(1, Number(flag('runs') ?? 1));
const writeBand = process.argv.includes('--write-band');
const overHttp = process.argv.includes('--http');
const only = process.argv.slice(2).find((argument) => !argument.startsWith('--'));
const points = (only ? allPoints.filter((point) => point.label === only) : allPoints).map((point) =>
  override ? { ...point, scheduler: override as Scheduler } : point,
);
if (points.length === 0)
  throw new Error(`no point labelled ${only}; choose from: ${allPoints.map((p) => p.label).join(', ')}`);

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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Measured {
  ttftMs: number;
  tpotMs: number;
  outputTokPerS: number;
}

let scratchDir: string | null = null;
let scratchFiles = 0;

/** A fabric file in the bench's one scratch directory, removed when the process exits. */
function scratchFile(): string {
  if (scratchDir === null) {
    const dir = mkdtempSync(join(tmpdir(), 'agentperf-fidelity-'));
    scratchDir = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  scratchFiles += 1;
  return join(scratchDir, `fabric-${scratchFiles}.yaml`);
}

/** The fabric a point replays on, as a file (the HTTP path loads it in its own thread). */
function pointFabric(point: Point): string {
  const fabric = scratchFile();
  const hardwareChanged =
    perLayerOverride !== undefined || tpPrefillOverride !== undefined || efficiencyOverride !== undefined;
  let hardwareOverride = '';
  if (hardwareChanged) {
    const profile = builtinHardware(point.hardware);
    const changed = {
      ...profile,
      ...(perLayerOverride === undefined ? {} : { perLayerOverheadMs: Number(perLayerOverride) }),
      ...(efficiencyOverride === undefined ? {} : { computeEfficiency: Number(efficiencyOverride) }),
      ...(tpPrefillOverride === undefined || !profile.interconnect
        ? {}
        : { interconnect: { ...profile.interconnect, prefillStepOverheadMs: Number(tpPrefillOverride) } }),
    };
    hardwareOverride = `hardware:\n  gpu:\n    ${JSON.stringify(changed)}\n`;
  }
  // JSON is YAML: the serving block is written as one flow mapping.
  const serving = {
    tensorParallel: point.tensorParallel,
    scheduler: point.scheduler,
    numSchedulerSteps: point.numSchedulerSteps,
    ...(point.overlapSchedule ? { overlapSchedule: true } : {}),
    ...(point.asyncOutputProcessing && !asyncOff ? { asyncOutputProcessing: true } : {}),
    ...(apiServerOverride === undefined ? {} : { apiServerMsPerRequest: Number(apiServerOverride) }),
    ...(apiServerPerTokenOverride === undefined
      ? {}
      : { apiServerMsPerPromptToken: Number(apiServerPerTokenOverride) }),
    maxRunningSequences: point.maxRunningSequences,
    maxBatchedTokens: point.maxBatchedTokens,
    memoryUtilization: point.memoryUtilization,
    prefixCaching: false,
  };
  writeFileSync(
    fabric,
    `${hardwareOverride}deployments:
  m:
    model: ${point.model}
    hardware: ${hardwareChanged ? 'gpu' : point.hardware}
    serving: ${JSON.stringify(serving)}
    placement: { label: ${point.hardware}, rttMs: 0 }
    behaviour: { wrongAnswerRate: 0 }
`,
  );
  return fabric;
}

/** When each request of a Poisson point arrives, in ms after the start. */
function poissonOffsets(rate: number, count: number): number[] {
  // Exponential gaps of mean 1/rate from a seeded generator, on an absolute schedule (no drift).
  const random = new Random(2024);
  const offsets: number[] = [];
  let at = 0;
  for (let index = 0; index < count; index++) {
    offsets.push(at);
    at += (-Math.log(1 - random.next()) / rate) * 1000;
  }
  return offsets;
}

/**
 * Sends a point's requests as its arrival pattern says: all at once (burst),
 * C at a time each sending the next when the last ends (closed loop), or
 * at seeded exponential gaps from `started` (Poisson). Resolves with every
 * request's result, in completion order.
 */
async function drive<T>(
  arrival: Point['arrival'],
  started: number,
  submit: (index: number, input: number, output: number) => Promise<T>,
): Promise<T[]> {
  if (arrival.kind === 'burst') {
    return Promise.all(arrival.inputs.map((input, index) => submit(index, input, arrival.outputs[index]!)));
  }
  const results: T[] = [];
  if (arrival.kind === 'closed') {
    let next = 0;
    await Promise.all(
      Array.from({ length: arrival.concurrency }, async () => {
        while (next < arrival.requests) results.push(await submit(next++, arrival.input, arrival.output));
      }),
    );
    return results;
  }
  const offsets = poissonOffsets(arrival.rate, arrival.inputs.length);
  const pending: Array<Promise<T>> = [];
  for (let index = 0; index < offsets.length; index++) {
    const wait = started + offsets[index]! - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(submit(index, arrival.inputs[index]!, arrival.outputs[index]!));
  }
  return Promise.all(pending);
}

/** vllm bench serve's figures from per-request outcomes over a run of `durationS`. */
function figures(outcomes: Outcome[], durationS: number): Measured {
  // TPOT = (latency - TTFT) / (output - 1) over requests with output > 1. A request that produced no token keeps
  // its TTFT at 0 there and still counts in the median; so it does here.
  const counted = outcomes.filter((outcome) => outcome.output > 0);
  return {
    ttftMs: median(outcomes.map((outcome) => (outcome.output > 0 ? outcome.ttftMs : 0))),
    tpotMs: median(
      counted
        .filter((outcome) => outcome.output > 1)
        .map((outcome) => (outcome.latencyMs - outcome.ttftMs) / (outcome.output - 1)),
    ),
    outputTokPerS: counted.reduce((sum, outcome) => sum + outcome.output, 0) / durationS,
  };
}

/**
 * Replays one point on the engine itself (the default): the replica, with
 * its API server, on a virtual clock (src/sim/engine/virtual-clock.ts), and
 * each request's times taken from the step ends the engine stamps on its
 * tokens. No wall-clock time passes and nothing else shares a timeline, so
 * the figures are deterministic (the same on a loaded machine as on an idle
 * one); what they leave out is the HTTP path's own ~1 ms.
 */
function replayOnEngine(point: Point): Measured {
  const deployment = loadSimFabric(pointFabric(point)).deployments[0]!;
  const clock = new VirtualClock();
  const replica = new Replica(deployment, new Random(1), undefined, clock);
  const arrival = point.arrival;
  const outcomes: Outcome[] = [];
  let ended = 0;
  const submit = (input: number, output: number, done?: () => void) => {
    const sent = clock.now();
    let first = -1;
    let last = -1;
    replica.submit({
      promptTokens: input,
      outputTokens: Math.max(1, output),
      promptBoundaries: [],
      completionBoundaries: [],
      onToken: (index, atMs) => {
        if (index === 0) first = atMs;
        last = atMs;
      },
      onFinish: () => {
        outcomes.push({ ttftMs: first - sent, latencyMs: last - sent, output });
        ended = Math.max(ended, last);
        // The client's next request goes out after the engine's step is applied, as a client's would.
        if (done) clock.setTimer(done, 0);
      },
    });
  };
  if (arrival.kind === 'burst') {
    arrival.inputs.forEach((input, index) => {
      submit(input, arrival.outputs[index]!);
    });
  } else if (arrival.kind === 'closed') {
    let next = 0;
    const client = () => {
      if (next >= arrival.requests) return;
      next++;
      submit(arrival.input, arrival.output, client);
    };
    for (let index = 0; index < arrival.concurrency; index++) client();
  } else {
    poissonOffsets(arrival.rate, arrival.inputs.length).forEach((offset, index) => {
      clock.setTimer(() => submit(arrival.inputs[index]!, arrival.outputs[index]!), offset);
    });
  }
  clock.run();
  replica.stop();
  if (process.env.FIDELITY_TTFTS) printTtfts(point, outcomes);
  return figures(outcomes, ended / 1000);
}

/** Replays one point over HTTP against a fresh simulator in its own thread (`--http`), as `vllm bench serve` would. */
async function replayOverHttp(point: Point): Promise<Measured> {
  const fabric = pointFabric(point);
  // In its own thread, as in `agentperf run`, so the clients' work does not delay it.
  const simulator = await hostSimulator(fabric, 1);
  const arrival = point.arrival;
  // vllm bench serve sends one test prompt before it starts the clock. We send one per client at once, so each
  // client has an open keep-alive connection: TCP setup and this process's warm-up on a shared 2-core machine
  // would otherwise spread the arrivals of a burst over tens of milliseconds.
  const clients =
    arrival.kind === 'closed' ? arrival.concurrency : arrival.kind === 'burst' ? arrival.inputs.length : 64;
  await Promise.all(
    Array.from({ length: clients }, (_, index) => send(simulator.baseUrl, -1 - index, 16, 2)),
  );
  const started = performance.now();
  const outcomes = await drive(arrival, started, (index, input, output) =>
    send(simulator.baseUrl, index, input, output),
  );
  const durationS = (performance.now() - started) / 1000;
  if (process.env.FIDELITY_TTFTS) printTtfts(point, outcomes);
  await simulator.close();

  return figures(outcomes, durationS);
}

/** FIDELITY_TTFTS=1: a point's per-request TTFTs, sorted, to stderr (requests with no output left out). */
function printTtfts(point: Point, outcomes: Outcome[]): void {
  const ttfts = outcomes
    .filter((outcome) => outcome.output > 0)
    .map((outcome) => outcome.ttftMs)
    .sort((a, b) => a - b);
  console.error(`${point.label}: ${ttfts.map((ttft) => ttft.toFixed(1)).join(' ')}`);
}

function builtinHardware(name: string): Record<string, unknown> {
  return BUILTIN_HARDWARE[name] as Record<string, unknown>;
}

/**
 * llm-d-inference-sim: TTFT and ITL are its single-request parameters times
 * 1 + (F - 1)(running - 1)/(max-num-seqs - 1), with F = 2.0 (its example
 * profile) and max-num-seqs the source engine's. Its single-request
 * parameters are this simulator's single-request figures for the same model,
 * hardware and lengths (API server + a prefill step; a one-sequence decode
 * step), so the contrast isolates how load is modelled. Bursts and closed
 * loops only (its running count is fixed there).
 */
function linearLoadFactor(point: Point): Measured | undefined {
  const arrival = point.arrival;
  if (arrival.kind === 'poisson') return undefined;
  const deployment = loadSimFabric(pointFabric(point)).deployments[0]!;
  const tp = point.tensorParallel;
  const running = arrival.kind === 'burst' ? arrival.inputs.length : arrival.concurrency;
  const factor = 1 + ((2.0 - 1) * (running - 1)) / (point.maxRunningSequences - 1);
  const single = (input: number) => ({
    ttftMs:
      deployment.serving.apiServerMsPerRequest +
      stepTimeMs(deployment.model, deployment.hardware, tp, {
        tokens: input,
        contextTokensRead: input,
        attendedPairs: (input * input) / 2,
        sequences: 1,
        prefill: true,
      }),
    itlMs: stepTimeMs(deployment.model, deployment.hardware, tp, {
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
  return {
    ttftMs: median(
      requests.map((request) => (request.output > 0 ? single(request.input).ttftMs * factor : 0)),
    ),
    tpotMs: median(linear.filter((request) => request.output > 1).map((request) => request.itlMs)),
    outputTokPerS:
      arrival.kind === 'burst'
        ? (linear.reduce((sum, request) => sum + request.output, 0) * 1000) /
          Math.max(...linear.map((request) => request.latencyMs))
        : (arrival.concurrency * arrival.output * 1000) / linear[0]!.latencyMs,
  };
}

const METRICS = [
  ['ttft', 'ttftMs', 'TTFT'],
  ['tpot', 'tpotMs', 'TPOT'],
  ['throughput', 'outputTokPerS', 'throughput'],
] as const;

/** Signed relative error in percent, or undefined when the source gives no figure. */
const errorPct = (simulated: number, published: number | undefined) =>
  published === undefined ? undefined : (simulated / published - 1) * 100;
const signed = (value: number | undefined) =>
  value === undefined ? '–' : `${value >= 0 ? '+' : ''}${value.toFixed(0)}%`;

interface Row {
  point: Point;
  simulated: Measured;
  ttftRange: [number, number];
  errors: Record<(typeof METRICS)[number][0], number | undefined>;
}

const rows: Row[] = [];
for (const point of points) {
  const measured: Measured[] = [];
  for (let run = 0; run < runs; run++)
    measured.push(await (overHttp ? replayOverHttp(point) : replayOnEngine(point)));
  const simulated: Measured = {
    ttftMs: median(measured.map((m) => m.ttftMs)),
    tpotMs: median(measured.map((m) => m.tpotMs)),
    outputTokPerS: median(measured.map((m) => m.outputTokPerS)),
  };
  const ttfts = measured.map((m) => m.ttftMs);
  const errors = {
    ttft: errorPct(simulated.ttftMs, point.published.ttftMs),
    tpot: errorPct(simulated.tpotMs, point.published.tpotMs),
    throughput: errorPct(simulated.outputTokPerS, point.published.outputTokPerS),
  };
  rows.push({ point, simulated, ttftRange: [Math.min(...ttfts), Math.max(...ttfts)], errors });
  const linear = linearLoadFactor(point);
  console.log(
    JSON.stringify({
      point: point.label,
      role: point.role,
      source: point.source,
      scheduler: point.scheduler,
      via: overHttp ? 'http' : 'engine',
      runs,
      published: point.published,
      simulated: {
        ttftMsP50: +simulated.ttftMs.toFixed(1),
        ttftMsRange: ttfts.map((value) => +value.toFixed(1)),
        tpotMsP50: +simulated.tpotMs.toFixed(2),
        outputTokPerS: Math.round(simulated.outputTokPerS),
        error: {
          ttft: signed(errors.ttft),
          tpot: signed(errors.tpot),
          throughput: signed(errors.throughput),
        },
      },
      ...(linear
        ? {
            linearLoadFactor: {
              ttftMsP50: +linear.ttftMs.toFixed(1),
              tpotMsP50: +linear.tpotMs.toFixed(2),
              outputTokPerS: Math.round(linear.outputTokPerS),
              error: {
                ttft: signed(errorPct(linear.ttftMs, point.published.ttftMs)),
                tpot: signed(errorPct(linear.tpotMs, point.published.tpotMs)),
                throughput: signed(errorPct(linear.outputTokPerS, point.published.outputTokPerS)),
              },
            },
          }
        : {}),
    }),
  );
}

/** Median absolute error, and how many errors lean each way, per metric, over a set of rows. */
function summary(set: Row[]) {
  return Object.fromEntries(
    METRICS.map(([key]) => {
      const values = set
        .map((row) => row.errors[key])
        .filter((value): value is number => value !== undefined);
      return [
        key,
        {
          points: values.length,
          medianAbsPct: values.length ? +median(values.map(Math.abs)).toFixed(1) : undefined,
          maxAbsPct: values.length ? +Math.max(...values.map(Math.abs)).toFixed(1) : undefined,
          over: values.filter((value) => value > 0).length,
          under: values.filter((value) => value < 0).length,
        },
      ];
    }),
  ) as Record<
    (typeof METRICS)[number][0],
    { points: number; medianAbsPct?: number; maxAbsPct?: number; over: number; under: number }
  >;
}

const fmt = (value: number | undefined, digits: number) =>
  value === undefined ? '–' : value.toFixed(digits);
for (const role of ['calibration', 'validation'] as const) {
  const set = rows.filter((row) => row.point.role === role);
  if (set.length === 0) continue;
  console.log(`\n### ${role} points (${set.length}; ${runs} run${runs > 1 ? 's' : ''} each, medians)\n`);
  console.log(
    '| point | source | workload | published TTFT / TPOT / tok/s | simulated | error TTFT / TPOT / tok/s |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const row of set) {
    const { point, simulated, errors } = row;
    console.log(
      `| ${point.label} | ${point.source} | ${point.workload} | ${fmt(point.published.ttftMs, 1)} ms / ${fmt(point.published.tpotMs, 2)} ms / ${fmt(point.published.outputTokPerS, 0)} | ${simulated.ttftMs.toFixed(1)} ms (${row.ttftRange.map((v) => v.toFixed(0)).join('–')}) / ${simulated.tpotMs.toFixed(2)} ms / ${simulated.outputTokPerS.toFixed(0)} | ${signed(errors.ttft)} / ${signed(errors.tpot)} / ${signed(errors.throughput)} |`,
    );
  }
  for (const row of set)
    if (row.point.excluded) console.log(`\n${row.point.label}, left out: ${row.point.excluded}.`);
  const totals = summary(set);
  console.log(
    `\n${role}: median |error| ${METRICS.map(([key, , name]) => `${name} ${fmt(totals[key].medianAbsPct, 1)}% (${totals[key].points} points, ${totals[key].over} over / ${totals[key].under} under, max ${fmt(totals[key].maxAbsPct, 0)}%)`).join('; ')}`,
  );
}
for (const [key, source] of Object.entries(SOURCES))
  console.log(`\n[${key}] ${source.name}: ${source.where}`);

if (writeBand) {
  if (
    only ||
    override ||
    asyncOff ||
    [
      apiServerOverride,
      perLayerOverride,
      apiServerPerTokenOverride,
      tpPrefillOverride,
      efficiencyOverride,
    ].some((value) => value !== undefined)
  ) {
    throw new Error(
      '--write-band needs the whole set with its own parameters (no point label or override flags)',
    );
  }
  // Points whose every published figure was left out (see `excluded`) validate nothing.
  const validation = rows.filter(
    (row) =>
      row.point.role === 'validation' && Object.values(row.errors).some((value) => value !== undefined),
  );
  const totals = summary(validation);
  const band = {
    generatedBy: 'npm run bench -- sim-fidelity --write-band',
    runs,
    validationPoints: validation.length,
    sources: Object.keys(SOURCES).length,
    medianAbsErrorPct: {
      ttft: totals.ttft.medianAbsPct,
      tpot: totals.tpot.medianAbsPct,
      throughput: totals.throughput.medianAbsPct,
    },
    pointsPerMetric: {
      ttft: totals.ttft.points,
      tpot: totals.tpot.points,
      throughput: totals.throughput.points,
    },
  };
  const target = join(import.meta.dirname, '..', 'src', 'sim', 'fidelity-band.json');
  writeFile(target, `${JSON.stringify(band, null, 2)}\n`);
  console.log(`\nwrote ${target}`);
}
