/** An Anthropic Messages stream in the shape the API sends, as SSE text with event lines. */

function event(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

/** Text then a tool call, cache usage in message_start, cumulative output usage in message_delta. */
export const anthropicToolStream = [
  event('message_start', {
    message: {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'claude-test',
      content: [],
      stop_reason: null,
      usage: {
        input_tokens: 10,
        cache_read_input_tokens: 100,
        cache_creation_input_tokens: 5,
        output_tokens: 1,
      },
    },
  }),
  event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
  event('ping', {}),
  event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'Let me ' } }),
  event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'check.' } }),
  event('content_block_stop', { index: 0 }),
  event('content_block_start', {
    index: 1,
    content_block: { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} },
  }),
  event('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: '' } }),
  event('content_block_delta', {
    index: 1,
    delta: { type: 'input_json_delta', partial_json: '{"city": "Pa' },
  }),
  event('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: 'ris"}' } }),
  event('content_block_stop', { index: 1 }),
  event('message_delta', {
    delta: { stop_reason: 'tool_use', stop_sequence: null },
    usage: { output_tokens: 7 },
  }),
  event('message_delta', { delta: {}, usage: { output_tokens: 9 } }),
  event('message_stop', {}),
].join('');

export const anthropicOverloaded = [
  event('message_start', {
    message: { id: 'msg_2', model: 'claude-test', usage: { input_tokens: 3, output_tokens: 1 } },
  }),
  event('error', { error: { type: 'overloaded_error', message: 'Overloaded' } }),
].join('');
