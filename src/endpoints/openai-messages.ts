import type { ChatMessage, ChatRequest, ToolCall } from '../spec/index.js';
import type { OpenAIMessage } from './openai-wire.js';

/** Spec messages (camelCase) to the OpenAI wire. */
export function toOpenAIMessages(messages: readonly ChatMessage[]): OpenAIMessage[] {
  return messages.map(toOpenAIMessage);
}

function toOpenAIMessage(message: ChatMessage): OpenAIMessage {
  switch (message.role) {
    case 'system':
    case 'user':
      return { role: message.role, content: message.content };
    case 'assistant':
      return message.toolCalls !== undefined && message.toolCalls.length > 0
        ? {
            role: 'assistant',
            content: message.content,
            tool_calls: message.toolCalls.map((call) => ({
              id: call.id,
              type: 'function',
              function: { name: call.name, arguments: call.arguments },
            })),
          }
        : { role: 'assistant', content: message.content };
    case 'tool':
      return message.name === undefined
        ? { role: 'tool', tool_call_id: message.toolCallId, content: message.content }
        : { role: 'tool', tool_call_id: message.toolCallId, content: message.content, name: message.name };
  }
}

/** OpenAI wire messages back to spec messages (used by pass-through proxies and tests). */
export function fromOpenAIMessages(messages: readonly OpenAIMessage[]): ChatMessage[] {
  return messages.map(fromOpenAIMessage);
}

function fromOpenAIMessage(message: OpenAIMessage): ChatMessage {
  switch (message.role) {
    case 'system':
    case 'user':
      return { role: message.role, content: textOf(message.content) };
    case 'assistant': {
      const toolCalls: ToolCall[] | undefined = message.tool_calls?.map((call) => ({
        id: call.id,
        name: call.function.name,
        arguments: call.function.arguments,
      }));
      return toolCalls === undefined || toolCalls.length === 0
        ? { role: 'assistant', content: message.content }
        : { role: 'assistant', content: message.content, toolCalls };
    }
    case 'tool':
      return message.name === undefined
        ? { role: 'tool', toolCallId: message.tool_call_id, content: textOf(message.content) }
        : {
            role: 'tool',
            toolCallId: message.tool_call_id,
            name: message.name,
            content: textOf(message.content),
          };
  }
}

/** Content may arrive as an array of text parts; agentperf keeps the text. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((part) => (typeof part?.text === 'string' ? part.text : '')).join('');
  }
  return '';
}

/** The request body for /chat/completions. Reference fields are added only for the simulator. */
export function toOpenAIChatBody(
  model: string,
  request: ChatRequest,
  stream: boolean,
  simulated: boolean,
): Record<string, unknown> {
  const body: Record<string, unknown> = { model, messages: toOpenAIMessages(request.messages), stream };
  if (stream) body.stream_options = { include_usage: true };
  if (request.tools !== undefined && request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({
      type: 'function',
      function: { name: tool.name, description: tool.description, parameters: tool.parameters },
    }));
  }
  if (request.toolChoice !== undefined) {
    body.tool_choice =
      typeof request.toolChoice === 'string'
        ? request.toolChoice
        : { type: 'function', function: { name: request.toolChoice.name } };
  }
  // max_tokens rather than max_completion_tokens: every OpenAI-compatible server accepts it.
  if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.ignoreEos === true) body.ignore_eos = true;
  if (simulated) {
    if (request.reference !== undefined) body.agentperf_reference = request.reference;
    if (request.seed !== undefined) body.seed = request.seed;
  }
  return body;
}
