/**
 * Starts the example agent on 127.0.0.1:8787 against an OpenAI-compatible
 * model server (MODEL_BASE_URL; default: a zero-latency loopback server
 * started here), exporting its spans to OTLP_TRACES_URL.
 *
 *   npx tsx examples/black-box-agent/serve.ts
 */
import { startLoopbackServer } from 'agentperf';
import { startBlackBoxAgent } from './agent.js';

const modelBaseUrl =
  process.env.MODEL_BASE_URL ?? (await startLoopbackServer({ ttftMs: 20, interTokenMs: 5 })).baseUrl;
const agent = await startBlackBoxAgent({
  modelBaseUrl,
  model: process.env.MODEL ?? 'loopback',
  tracesUrl: process.env.OTLP_TRACES_URL ?? 'http://127.0.0.1:4318/v1/traces',
  protocol: process.env.OTLP_PROTOCOL === 'protobuf' ? 'protobuf' : 'json',
  port: Number(process.env.PORT ?? 8787),
});
process.stdout.write(`agent: ${agent.url}  model: ${modelBaseUrl}\n`);
