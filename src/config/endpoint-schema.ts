import { z } from 'zod';
import { fabricPlacementSchema } from './placement-schema.js';

/** Prices in USD. Absent means unknown (reported as unpriced), never 0. */
export const pricesSchema = z
  .object({
    inputPerMTok: z.number().nonnegative().optional().describe('USD per million uncached input tokens.'),
    cachedInputPerMTok: z
      .number()
      .nonnegative()
      .optional()
      .describe('USD per million cached input tokens; defaults to inputPerMTok.'),
    outputPerMTok: z
      .number()
      .nonnegative()
      .optional()
      .describe('USD per million output tokens (reasoning included).'),
    perCall: z.number().nonnegative().optional().describe('USD per request, for APIs priced per call.'),
    perKSearchUnits: z.number().nonnegative().optional().describe('USD per thousand rerank search units.'),
  })
  .strict();

export const timeoutsSchema = z
  .object({
    connectMs: z.number().int().positive().default(10_000).describe('Time allowed to open a connection.'),
    firstTokenMs: z
      .number()
      .int()
      .positive()
      .default(120_000)
      .describe('Time allowed from sending a request to its first byte of response.'),
    totalMs: z.number().int().positive().default(600_000).describe('Time allowed for a whole call.'),
  })
  .strict();

export const retrySchema = z
  .object({
    maxRetries: z
      .number()
      .int()
      .nonnegative()
      .default(0)
      .describe(
        'Retries after a retryable failure (429, 5xx, reset). Off by default so failures stay visible.',
      ),
    baseDelayMs: z
      .number()
      .nonnegative()
      .default(500)
      .describe('First backoff delay; doubles per retry, with jitter.'),
    maxDelayMs: z.number().nonnegative().default(20_000).describe('Upper bound of one backoff delay.'),
    respectRetryAfter: z
      .boolean()
      .default(true)
      .describe('Wait as long as a Retry-After header says, when present.'),
  })
  .strict();

const common = {
  placement: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Label of the hardware/location this endpoint runs on, shown in reports (e.g. "vendor-a/h100").',
    ),
  headers: z
    .record(z.string(), z.string())
    .optional()
    .describe(
      'Extra HTTP headers. Their values are replaced by [redacted] in the configuration saved with a run; still, put API keys in apiKeyEnv.',
    ),
  timeouts: timeoutsSchema.prefault({}).describe('Per-call timeouts.'),
  retry: retrySchema.prefault({}).describe('Retry policy; each retry and its wait is recorded on the step.'),
  maxConcurrency: z
    .number()
    .int()
    .positive()
    .optional()
    .describe(
      'Client-side cap on calls in flight to this endpoint; waiting for a slot is recorded on the step.',
    ),
  prices: z
    .record(z.string(), pricesSchema)
    .optional()
    .describe('Prices per model name served by this endpoint; overrides the bundled price table.'),
  hardware: z
    .object({
      replicas: z.number().int().positive().default(1).describe('Replicas serving this endpoint.'),
      costPerHourUsd: z
        .number()
        .nonnegative()
        .optional()
        .describe('Rent of one replica per hour, USD (what you pay for the hardware, busy or idle).'),
      powerWatts: z.number().nonnegative().optional().describe('Power of one replica, W.'),
    })
    .strict()
    .optional()
    .describe(
      'The hardware behind a self-hosted endpoint, for hardware cost and energy per task beside the token-priced cost.',
    ),
};

const apiKeyEnv = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
  .describe(
    'Name of the environment variable holding the API key. The key itself is never written anywhere.',
  );

export const openaiEndpointSchema = z
  .object({
    type: z
      .literal('openai')
      .describe('An OpenAI-compatible API (OpenAI, vLLM, SGLang, TGI, Ollama, llama.cpp, …).'),
    baseUrl: z
      .url()
      .optional()
      .describe(
        'Base URL including the version path, e.g. http://127.0.0.1:8000/v1. Default: $OPENAI_BASE_URL, else https://api.openai.com/v1.',
      ),
    apiKeyEnv: apiKeyEnv
      .optional()
      .describe(
        'Name of the environment variable holding the API key (never written anywhere). Default: OPENAI_API_KEY when baseUrl is not given (required for api.openai.com, optional for $OPENAI_BASE_URL); no key when baseUrl is given, so a key meant for OpenAI never reaches another server.',
      ),
    ...common,
  })
  .strict();

export const anthropicEndpointSchema = z
  .object({
    type: z.literal('anthropic').describe('The Anthropic Messages API.'),
    baseUrl: z
      .url()
      .default('https://api.anthropic.com')
      .describe(
        'Base URL without the version path: /v1/messages is appended (a baseUrl ending in /v1 would call /v1/v1/messages).',
      ),
    apiKeyEnv: apiKeyEnv.default('ANTHROPIC_API_KEY'),
    anthropicVersion: z.string().default('2023-06-01').describe('Value of the anthropic-version header.'),
    ...common,
  })
  .strict();

export const rerankEndpointSchema = z
  .object({
    type: z.literal('rerank').describe('A rerank API.'),
    shape: z
      .enum(['cohere-v1', 'cohere-v2', 'jina', 'tei'])
      .describe('Wire shape: Cohere v1 or v2, Jina, or Hugging Face text-embeddings-inference.'),
    baseUrl: z.url().describe('Base URL; the rerank path of the shape is appended.'),
    apiKeyEnv: apiKeyEnv.optional(),
    ...common,
  })
  .strict();

export const simulatorEndpointSchema = z
  .object({
    type: z
      .literal('simulator')
      .describe('The built-in simulated inference fabric, started in-process on loopback.'),
    fabric: z
      .string()
      .default('builtin:gpu-pool')
      .describe(
        'Simulator fabric: "builtin:<name>" or a path to a simulator fabric YAML file (relative to the suite file).',
      ),
    seed: z.number().int().optional().describe('Simulator seed (defaults to the run seed).'),
    ...common,
  })
  .strict();

export const endpointSchema = z.discriminatedUnion('type', [
  openaiEndpointSchema,
  anthropicEndpointSchema,
  rerankEndpointSchema,
  simulatorEndpointSchema,
]);

export const roleBindingSchema = z
  .object({
    endpoint: z.string().min(1).describe('Name of an endpoint in this fabric.'),
    model: z
      .string()
      .min(1)
      .describe('Model name sent to the endpoint (a deployment name for the simulator).'),
    prices: pricesSchema.optional().describe('Prices for this role; overrides endpoint and bundled prices.'),
    capability: z
      .enum(['chat', 'embed', 'rerank'])
      .optional()
      .describe(
        'What the role is used for, for the preflight request. Default: rerank for rerank endpoints, the deployment kind for the simulator, embed when the model name contains "embed", chat otherwise.',
      ),
  })
  .strict();

export const fabricSchema = z
  .object({
    description: z.string().optional().describe('What this fabric is (vendor, placement), shown in reports.'),
    endpoints: z.record(z.string(), endpointSchema).describe('Endpoints by name.'),
    roles: z.record(z.string(), roleBindingSchema).describe('Which endpoint and model serves each role.'),
    placement: fabricPlacementSchema
      .optional()
      .describe(
        'Where the agent loop and the tools run, and the (simulated) network from the agent to each tool host. Absent: everything runs in the agent process, nothing is added.',
      ),
  })
  .strict();

export type PricesConfig = z.infer<typeof pricesSchema>;
export type EndpointConfig = z.infer<typeof endpointSchema>;
export type OpenAIEndpointConfig = z.infer<typeof openaiEndpointSchema>;
export type AnthropicEndpointConfig = z.infer<typeof anthropicEndpointSchema>;
export type RerankEndpointConfig = z.infer<typeof rerankEndpointSchema>;
export type SimulatorEndpointConfig = z.infer<typeof simulatorEndpointSchema>;
export type RoleBinding = z.infer<typeof roleBindingSchema>;
export type FabricConfig = z.infer<typeof fabricSchema>;
