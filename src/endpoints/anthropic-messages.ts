import type { ChatMessage, ChatRequest } from '../spec/index.js';

/** Anthropic requires max_tokens; used when the request sets none. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

type ContentBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: 'tool_result'; tool_use_id: string; content: string; is_error?: boolean };

interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: ContentBlock[];
}

/**
 * Spec messages to Anthropic's: system messages become the top-level
 * `system`, tool results become tool_result blocks in a user turn, and
 * consecutive turns of one role merge (the API wants them alternating).
 */
export function toAnthropicMessages(messages: readonly ChatMessage[]): {
  system: string | undefined;
  messages: AnthropicMessage[];
} {
  const systemParts: string[] = [];
  const turns: AnthropicMessage[] = [];
  const push = (role: 'user' | 'assistant', blocks: ContentBlock[]): void => {
    const last = turns[turns.length - 1];
    if (last !== undefined && last.role === role) last.content.push(...blocks);
    else turns.push({ role, content: blocks });
  };
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        systemParts.push(message.content);
        break;
      case 'user':
        push('user', [{ type: 'text', text: message.content }]);
        break;
      case 'assistant': {
        const blocks: ContentBlock[] = [];
        if (message.content) blocks.push({ type: 'text', text: message.content });
        for (const call of message.toolCalls ?? []) {
          blocks.push({ type: 'tool_use', id: call.id, name: call.name, input: parseInput(call.arguments) });
        }
        push('assistant', blocks);
        break;
      }
      case 'tool':
        push('user', [
          message.isError
            ? {
                type: 'tool_result',
                tool_use_id: message.toolCallId,
                content: message.content,
                is_error: true,
              }
            : { type: 'tool_result', tool_use_id: message.toolCallId, content: message.content },
        ]);
        break;
    }
  }
  return { system: systemParts.length > 0 ? systemParts.join('\n\n') : undefined, messages: turns };
}

/** Tool input must be an object on this API; arguments the model wrote as invalid JSON are passed as text. */
function parseInput(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : { value };
  } catch {
    return { invalid_json: text };
  }
}

/** The request body for POST /v1/messages. Reference fields never go to a real vendor. */
export function toAnthropicBody(
  model: string,
  request: ChatRequest,
  stream: boolean,
): Record<string, unknown> {
  const { system, messages } = toAnthropicMessages(request.messages);
  const body: Record<string, unknown> = {
    model,
    max_tokens: request.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
    messages,
    stream,
  };
  if (system !== undefined) body.system = system;
  if (request.tools !== undefined && request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({
      name: tool.name,
      description: tool.description,
      input_schema: tool.parameters,
    }));
  }
  if (request.toolChoice !== undefined) {
    const choice = request.toolChoice;
    body.tool_choice =
      choice === 'auto'
        ? { type: 'auto' }
        : choice === 'none'
          ? { type: 'none' }
          : choice === 'required'
            ? { type: 'any' }
            : { type: 'tool', name: choice.name };
  }
  if (request.temperature !== undefined) body.temperature = request.temperature;
  return body;
}

/** Anthropic stop reasons in the spec's vocabulary. */
export function toFinishReason(stopReason: string | null | undefined): string {
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    case null:
    case undefined:
      return 'error';
    default:
      return stopReason;
  }
}
