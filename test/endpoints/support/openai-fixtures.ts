/**
 * OpenAI chat completion streams in the shapes real servers send (OpenAI,
 * vLLM, llama.cpp), as SSE text. Split them with splitEvery() to get chunk
 * boundaries mid-line and mid-event.
 */

const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-test' };

function chunk(delta: Record<string, unknown>, finishReason: string | null = null): Record<string, unknown> {
  return { ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] };
}

/** SSE text of a list of JSON events followed by `data: [DONE]`. */
export function sse(events: readonly unknown[], done = true): string {
  return (
    events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join('') + (done ? 'data: [DONE]\n\n' : '')
  );
}

export const usageChunk = {
  ...base,
  choices: [],
  usage: {
    prompt_tokens: 30,
    completion_tokens: 9,
    total_tokens: 39,
    prompt_tokens_details: { cached_tokens: 12 },
    completion_tokens_details: { reasoning_tokens: 2 },
  },
};

/** Text in three chunks, finish "stop", then the usage-only final chunk of stream_options.include_usage. */
export const textEvents = [
  chunk({ role: 'assistant', content: '' }),
  chunk({ content: 'Hel' }),
  chunk({ content: 'lo' }),
  chunk({ content: ' world' }),
  chunk({}, 'stop'),
  usageChunk,
];

/** Two parallel tool calls, OpenAI style: distinct indices, id and name on the first delta only. */
export const toolEventsWithIds = [
  chunk({ role: 'assistant', content: null }),
  chunk({
    tool_calls: [
      { index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } },
    ],
  }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: '{"ci' } }] }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: 'ty":"Paris"}' } }] }),
  chunk({
    tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '' } }],
  }),
  chunk({ tool_calls: [{ index: 1, function: { arguments: '{"tz":"CET"}' } }] }),
  chunk({}, 'tool_calls'),
];

/** Servers that reuse index 0 for every call: a new id at the same index is a new call. */
export const toolEventsIndexReuse = [
  chunk({
    tool_calls: [
      { index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"ci' } },
    ],
  }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: 'ty":"Paris"}' } }] }),
  chunk({
    tool_calls: [
      { index: 0, id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{"tz"' } },
    ],
  }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: ':"CET"}' } }] }),
  chunk({}, 'tool_calls'),
];

/** Servers that send no ids at all: calls are told apart by index. */
export const toolEventsWithoutIds = [
  chunk({ tool_calls: [{ index: 0, function: { name: 'get_weather', arguments: '{"city":' } }] }),
  chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
  chunk({ tool_calls: [{ index: 1, function: { name: 'get_time', arguments: '{}' } }] }),
  chunk({}, 'tool_calls'),
];

/** Splits text into pieces of n characters: boundaries fall mid-line and mid-event. */
export function splitEvery(text: string, n: number): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += n) pieces.push(text.slice(start, start + n));
  return pieces;
}
