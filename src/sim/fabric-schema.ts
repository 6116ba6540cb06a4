import { z } from 'zod';
import { pricesSchema } from '../config/endpoint-schema.js';
import { behaviourSchema, hardwareProfileSchema, modelProfileSchema } from './profiles/schemas.js';

/**
 * The API server's serial cost per request and per prompt token, calibrated
 * on two published vLLM 0.6.0 bursts on one H100 (LambdaLabsML/vllm-benchmark
 * @ a4f9f437) that are not validation points: Llama 3 8B, burst of 10
 * (1,369 prompt tokens; its 62.2 ms TTFT less the roofline's prefill step
 * and the output processing leaves 19.1 ms before the step) and Mistral
 * Nemo 12B, burst of 80 (20,419 prompt tokens; its first prefill group is
 * returned at 344 ms with the second step's outputs, 161 ms of engine after
 * the engine started, so 183 ms before it). 10 a + 1,369 k = 19.1 and
 * 80 a + 20,419 k = 182.9 give a = 1.47 ms and k = 3.2 µs per token.
 * docs/simulator.md, Fidelity.
 */
const API_SERVER_MS_PER_REQUEST = 1.47;
const API_SERVER_MS_PER_PROMPT_TOKEN = 0.0032;

/**
 * Output processing the engine cannot overlap (serving.outputProcessingMs):
 * the gap between the first tokens of the last two prefill groups in two
 * published vLLM 0.6.0 bursts that validate nothing (LambdaLabsML/vllm-benchmark
 * @ a4f9f437): Llama 3 8B on 4 x H100, burst of 40 (258.1 and 262.5 ms:
 * 4.5 ms) and Mistral Nemo 12B on one H100, burst of 80 (1,026.1 and
 * 1,031.2 ms: 5.1 ms). docs/simulator.md, Fidelity.
 */
const OUTPUT_PROCESSING_MS = 5;

/** How a deployment is served: the knobs of a vLLM-like engine. */
export const servingSchema = z
  .object({
    tensorParallel: z.number().int().positive().default(1).describe('Devices per replica.'),
    replicas: z
      .number()
      .int()
      .positive()
      .default(1)
      .describe('Independent engine replicas behind the model name.'),
    maxRunningSequences: z
      .number()
      .int()
      .positive()
      .default(256)
      .describe('Max sequences in one batch (max_num_seqs).'),
    maxBatchedTokens: z
      .number()
      .int()
      .positive()
      .default(8192)
      .describe('Token budget of one step: decode tokens plus prefill chunks (max_num_batched_tokens).'),
    scheduler: z
      .enum(['v1-chunked', 'v0-prefill-first'])
      .default('v1-chunked')
      .describe(
        "Step scheduling policy. 'v1-chunked' (vLLM V1, and V0 with chunked prefill): every step decodes all running sequences, then fills the rest of the token budget with prompt chunks. 'v0-prefill-first' (vLLM V0 with chunked prefill off): while prompts wait, a step prefills whole waiting prompts (FIFO, up to maxBatchedTokens and maxRunningSequences) and pauses decoding; a step is all-prefill or all-decode. vLLM V0 sets max_num_batched_tokens to max(max_model_len, 2048) in that mode; set maxBatchedTokens to match.",
      ),
    numSchedulerSteps: z
      .number()
      .int()
      .positive()
      .max(64)
      .default(1)
      .describe(
        "vLLM V0 multi-step scheduling (--num-scheduler-steps, vLLM 0.5.5 to the end of the V0 engine): once a step decodes only, the scheduler runs the same batch for this many decode steps before it schedules again, so a prompt that arrives mid-round waits for the round to end, and each round's tokens are streamed together at its end; a sequence that ends mid-round keeps its slot and KV and gets its last tokens at the round end (vLLM processes a round's outputs then). 1 (the default) schedules every step.",
      ),
    streamInterval: z
      .number()
      .int()
      .positive()
      .max(1024)
      .default(1)
      .describe(
        "Tokens per streamed chunk after the first (SGLang's --stream-interval, whose default is 1): a sequence's first token is sent at once, later tokens are held until this many are pending or the sequence ends. 1 (the default) sends every token at the end of the step that produced it.",
      ),
    overlapSchedule: z
      .boolean()
      .default(false)
      .describe(
        "SGLang's overlap scheduler (the default from SGLang v0.3.6, sgl-project/sglang PR #2067): the CPU schedules batch k+1 while the GPU runs batch k, and processes batch k's results only after launching batch k+1. A request that reaches the engine while batch k runs is therefore first considered when batch k+1 has already been launched without it, so it waits about one extra step before its prefill (PR #2067 raised SGLang's CI median-TTFT limit from 80 to 86 ms for this reason). Result processing overlaps the next batch's run, so tokens still leave at about the end of the step that produced them. An engine that is idle schedules an arriving request at once. false (the default): the next step is planned after the current one ends and sees every request that arrived meanwhile (vLLM, SGLang before v0.3.6 or with --disable-overlap-schedule).",
      ),
    asyncOutputProcessing: z
      .boolean()
      .default(false)
      .describe(
        "vLLM V0's asynchronous output processing (on by default from vLLM 0.6.0 until the V0 engine's end): the engine processes a step's outputs (detokenising, building the response) while the next step runs, and returns them when that step's outputs are computed, so a token reaches the client at about the end of the step after the one that produced it. Before a step that cannot overlap it (a multi-step round's decode step, see numSchedulerSteps) or when nothing else is to run, the engine processes the held outputs first, for outputProcessingMs. The lag shows in published per-request TTFTs: after a burst's last prefill step, its last two prefill groups get their first tokens 4-7 ms apart, although that step took 30-90 ms (docs/simulator.md, Fidelity). false (the default): tokens leave at the end of the step that produced them (vLLM V1, SGLang).",
      ),
    outputProcessingMs: z
      .number()
      .nonnegative()
      .default(OUTPUT_PROCESSING_MS)
      .describe(
        'With asyncOutputProcessing: how long the engine spends returning held outputs before a step that cannot overlap them, or when it goes idle. The default is the gap between the last two prefill groups of two published vLLM 0.6.0 bursts that validate nothing (docs/simulator.md, Fidelity).',
      ),
    apiServerMsPerRequest: z
      .number()
      .nonnegative()
      .default(API_SERVER_MS_PER_REQUEST)
      .describe(
        "Chat: serial CPU time the replica's API server spends on each request before the engine sees it (HTTP, validation, chat template), besides the per-prompt-token part (apiServerMsPerPromptToken). Requests that arrive together are all ingested before the first reaches the engine, so a burst of N waits about N times the per-request cost. The default is calibrated with apiServerMsPerPromptToken on two vLLM 0.6 bursts on an H100 host that validate nothing (docs/simulator.md, Fidelity); 0 turns the API server off.",
      ),
    apiServerMsPerPromptToken: z
      .number()
      .nonnegative()
      .default(API_SERVER_MS_PER_PROMPT_TOKEN)
      .describe(
        'Chat: serial API-server time per prompt token, added to apiServerMsPerRequest for each request (tokenising and the per-token work of building the request grow with the prompt). Calibrated with apiServerMsPerRequest (docs/simulator.md, Fidelity).',
      ),
    prefixCaching: z.boolean().default(true).describe('Reuse KV of a re-sent prompt prefix.'),
    routerLoadBeta: z
      .number()
      .nonnegative()
      .default(0)
      .describe(
        "Replicas > 1: how the router in front of them trades a prefix-cache hit against load, scored as the vLLM production stack's load-aware router does: (cached prompt tokens / prompt tokens) - beta * (load - mean load) / max(1, mean load), load being a replica's requests in the API server, queued or running; the best score wins (ties: the least loaded). 0 (the default) is cache-only placement: every request sharing a prefix one replica holds goes there however busy it is, and only uncached requests are balanced. 1 is that router's own default: a replica twice as loaded as the average loses one whole cache hit's worth of preference, so a burst sharing a system prompt spreads over idle replicas, but on two replicas one request in flight already outweighs an 83 % cache hit. A large value approaches least-loaded routing.",
      ),
    memoryUtilization: z
      .number()
      .min(0.1)
      .max(1)
      .default(0.9)
      .describe('Fraction of device memory the engine may use.'),
    kvCacheTokens: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Override of the KV cache size in tokens (default: what fits beside the weights).'),
    batchWindowMs: z
      .number()
      .nonnegative()
      .default(2)
      .describe('Embedding/rerank: how long a batch waits to fill.'),
    jitter: z
      .number()
      .min(0)
      .max(0.5)
      .default(0.03)
      .describe('Relative standard deviation of seeded step-time jitter.'),
  })
  .strict();

/** Fault injection knobs, for reliability tests of clients. */
export const faultsSchema = z
  .object({
    rateLimit: z
      .object({
        requestsPerSecond: z.number().positive().describe('Token-bucket refill rate.'),
        burst: z.number().int().positive().default(1).describe('Bucket size.'),
      })
      .strict()
      .optional()
      .describe('Answer 429 with Retry-After when the bucket is empty.'),
    serverErrorRate: z.number().min(0).max(1).default(0).describe('Chance a request gets HTTP 500.'),
    resetRate: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .describe('Chance a streamed response is cut (socket reset) mid-stream.'),
    stallRate: z.number().min(0).max(1).default(0).describe('Chance a streamed response stalls mid-stream.'),
    stallMs: z.number().nonnegative().default(2000).describe('Length of a stall.'),
    malformedChunkRate: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .describe('Chance a streamed response carries one malformed SSE chunk.'),
  })
  .strict();

export const placementSchema = z
  .object({
    label: z.string().min(1).describe('Hardware/location label shown in reports.'),
    rttMs: z
      .number()
      .nonnegative()
      .default(0)
      .describe('Network round trip from the caller, added before admission.'),
  })
  .strict();

export const deploymentSchema = z
  .object({
    model: z.string().min(1).describe('Model profile name (bundled or under `models`).'),
    hardware: z.string().min(1).describe('Hardware profile name (bundled or under `hardware`).'),
    serving: servingSchema.prefault({}).describe('How the engine serves it (vLLM-like knobs).'),
    placement: placementSchema.describe(
      'Where it runs, as reports show it, and how far it is from the caller.',
    ),
    prices: pricesSchema.optional().describe('Notional prices (simulated) per million tokens.'),
    behaviour: behaviourSchema.partial().optional().describe('Overrides of the model profile behaviour.'),
    faults: faultsSchema.optional(),
    economics: z
      .object({
        costPerHourUsd: z
          .number()
          .nonnegative()
          .optional()
          .describe('Rent of one replica per hour (all its devices), USD; overrides the hardware figure.'),
        powerWatts: z
          .number()
          .nonnegative()
          .optional()
          .describe('Power of one replica (all its devices), W; overrides the hardware figure (TDP).'),
      })
      .strict()
      .optional()
      .describe('Hardware cost and power per replica, for hardware cost and energy per task.'),
  })
  .strict();

export const simFabricSchema = z
  .object({
    description: z.string().optional().describe('Free text: what this fabric is for.'),
    models: z.record(z.string(), modelProfileSchema).optional().describe('Extra model profiles.'),
    hardware: z.record(z.string(), hardwareProfileSchema).optional().describe('Extra hardware profiles.'),
    deployments: z
      .record(z.string(), deploymentSchema)
      .describe('Served model names and how each is deployed.'),
  })
  .strict();

/** The JSON Schema of a simulator fabric file, for editors and the generated reference (docs/fabric.md). */
export function simFabricJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(simFabricSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return {
    ...schema,
    $id: 'https://unpkg.com/agentperf/schema/fabric.schema.json',
    title: 'agentperf simulator fabric',
  };
}

export type Serving = z.infer<typeof servingSchema>;
export type Faults = z.infer<typeof faultsSchema>;
export type DeploymentConfig = z.infer<typeof deploymentSchema>;
export type SimFabricConfig = z.infer<typeof simFabricSchema>;
