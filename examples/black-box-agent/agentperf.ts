/**
 * Measures the agent in agent.ts as a black box: each case is POSTed to
 * AGENT_URL with a fresh `traceparent`; the agent's OpenTelemetry GenAI
 * spans arrive at agentperf's OTLP receiver (127.0.0.1:4318 unless
 * AGENTPERF_OTLP_PORT says otherwise) and become the task's steps.
 *
 *   npx tsx examples/black-box-agent/serve.ts      # the agent, on :8787
 *   npx agentperf run examples/black-box-agent/agentperf.ts
 */
import { defineHttpAgentTask, defineSuite, startOtlpReceiver } from 'agentperf';

const CASES = [
  { country: 'France', capital: 'Paris' },
  { country: 'Japan', capital: 'Tokyo' },
  { country: 'Kenya', capital: 'Nairobi' },
  { country: 'Peru', capital: 'Lima' },
];

// Started once per process (a second start on the same port returns this one), and unref'd.
const receiver = await startOtlpReceiver({ port: Number(process.env.AGENTPERF_OTLP_PORT ?? 4318) });

const capitalAgent = defineHttpAgentTask({
  name: 'capital-agent',
  description: 'A black-box HTTP agent: plans with a model, looks the capital up, embeds the answer.',
  url: process.env.AGENT_URL ?? 'http://127.0.0.1:8787/ask',
  cases: CASES,
  caseId: (theCase) => theCase.country.toLowerCase(),
  request: (theCase) => ({ country: theCase.country }),
  grade: ({ case: theCase, answer }) => ({
    passed: answer === theCase.capital,
    reason: answer === theCase.capital ? 'right capital' : `expected ${theCase.capital}, got ${answer}`,
  }),
  receiver,
  quietMs: 50,
});

export default defineSuite({
  name: 'black-box-agent',
  description: 'An agent behind HTTP, measured through its OpenTelemetry GenAI spans.',
  tasks: [capitalAgent],
  fabrics: { own: { description: 'The agent brings its own models.', endpoints: {}, roles: {} } },
  levels: [1, 4],
  tasksPerLevel: 20,
});
