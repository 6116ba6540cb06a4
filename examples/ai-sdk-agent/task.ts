/**
 * An agent written with the Vercel AI SDK, measured through ctx.fetch:
 * the provider gets agentperf's instrumented fetch, so every model call
 * the SDK makes is a recorded step (tokens, time to first token,
 * inter-token gaps), streamed through without buffering. The agent's
 * code is unchanged otherwise.
 */
import { createOpenAI } from '@ai-sdk/openai';
import { streamText } from 'ai';
import { defineTask } from 'agentperf/task';

interface Question {
  topic: string;
}

/** OpenAI-compatible base URL of the model server: `agentperf sim`, vLLM, Ollama, or OpenAI itself. */
const BASE_URL = process.env.AI_SDK_BASE_URL ?? 'http://127.0.0.1:8000/v1';
const MODEL = process.env.AI_SDK_MODEL ?? 'loopback';

export default defineTask<Question>({
  name: 'ai-sdk-agent',
  description: 'A Vercel AI SDK agent: outline, then write, measured through ctx.fetch.',
  roles: [],
  cases: ['caching', 'batching', 'retries', 'tail latency'].map((topic) => ({ topic })),
  caseId: (theCase) => theCase.topic.replace(/\s+/g, '-'),
  async agent(ctx) {
    // Only the key's *name* appears here; the SDK reads it, agentperf never writes it anywhere.
    const openai = createOpenAI({
      baseURL: BASE_URL,
      apiKey: process.env.OPENAI_API_KEY ?? 'none',
      fetch: ctx.fetch,
    });
    const outline = streamText({
      model: openai.chat(MODEL),
      prompt: `Outline three points about ${ctx.case.topic}.`,
      maxOutputTokens: 64,
      abortSignal: ctx.signal,
    });
    const points = await outline.text;
    const answer = streamText({
      model: openai.chat(MODEL),
      prompt: `Write one paragraph from this outline:\n${points}`,
      maxOutputTokens: 128,
      abortSignal: ctx.signal,
    });
    return answer.text;
  },
  grade({ answer }) {
    const passed = answer.trim().length > 0;
    return { passed, reason: passed ? 'wrote a paragraph' : 'empty answer' };
  },
});
