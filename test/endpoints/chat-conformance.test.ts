import { answerAnthropic } from './support/anthropic-wire-server.js';
import { endpointFrom } from './support/endpoints.js';
import { startServer } from './support/loopback-server.js';
import { answerOpenAI } from './support/openai-wire-server.js';
import { chatAdapterConformance } from './conformance.js';

chatAdapterConformance({
  name: 'openai',
  async start(reply) {
    const server = await startServer((seen, response) => answerOpenAI(reply, seen, response));
    const adapter = endpointFrom('openai-under-test', { type: 'openai', baseUrl: `${server.origin}/v1` });
    return { adapter, requests: server.requests, close: server.close };
  },
});

chatAdapterConformance({
  name: 'anthropic',
  async start(reply) {
    const server = await startServer((seen, response) => answerAnthropic(reply, seen, response));
    const adapter = endpointFrom(
      'anthropic-under-test',
      { type: 'anthropic', baseUrl: server.origin },
      { env: { ANTHROPIC_API_KEY: 'sk-ant-test-0123456789' } },
    );
    return { adapter, requests: server.requests, close: server.close };
  },
});
