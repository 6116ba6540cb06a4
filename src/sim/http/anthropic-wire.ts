import type { WireMessage, WireTool, WireToolChoice } from '../wire.js';

interface AnthropicBlock {
  type?: string;
  text?: string;
  id?: string;
  name?: string;
  input?: unknown;
  tool_use_id?: string;
  content?: unknown;
  is_error?: boolean;
}

function blocksOf(content: unknown): AnthropicBlock[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? (content as AnthropicBlock[]) : [];
}

function textOf(content: unknown): string {
  return blocksOf(content)
    .filter((block) => block.type === 'text')
    .map((block) => block.text ?? '')
    .join('');
}

/**
 * Anthropic Messages request → the OpenAI-shaped messages the simulator
 * reasons about. A tool_result with is_error becomes `{"error": ...}`, the
 * simulator's sign of a failed step.
 */
export function fromAnthropic(body: Record<string, unknown>): {
  messages: WireMessage[];
  tools: WireTool[] | undefined;
  toolChoice: WireToolChoice | undefined;
} {
  const messages: WireMessage[] = [];
  const system = typeof body.system === 'string' ? body.system : textOf(body.system);
  if (system) messages.push({ role: 'system', content: system });
  for (const message of Array.isArray(body.messages)
    ? (body.messages as Array<{ role?: string; content?: unknown }>)
    : []) {
    const blocks = blocksOf(message.content);
    if (message.role === 'assistant') {
      const calls = blocks.filter((block) => block.type === 'tool_use');
      messages.push({
        role: 'assistant',
        content: textOf(message.content) || null,
        ...(calls.length > 0
          ? {
              tool_calls: calls.map((call) => ({
                id: call.id,
                type: 'function',
                function: { name: call.name, arguments: JSON.stringify(call.input ?? {}) },
              })),
            }
          : {}),
      });
      continue;
    }
    for (const block of blocks.filter((candidate) => candidate.type === 'tool_result')) {
      const text = typeof block.content === 'string' ? block.content : textOf(block.content);
      messages.push({
        role: 'tool',
        tool_call_id: block.tool_use_id,
        content: block.is_error ? JSON.stringify({ error: text }) : text,
      });
    }
    const text = textOf(message.content);
    if (text || blocks.length === 0) messages.push({ role: 'user', content: text });
  }
  const tools = Array.isArray(body.tools)
    ? (
        body.tools as Array<{ name?: string; description?: string; input_schema?: Record<string, unknown> }>
      ).map((tool) => ({
        type: 'function',
        function: { name: tool.name, description: tool.description, parameters: tool.input_schema },
      }))
    : undefined;
  const choice = body.tool_choice as { type?: string; name?: string } | undefined;
  let toolChoice: WireToolChoice | undefined;
  if (choice?.type === 'any') toolChoice = 'required';
  else if (choice?.type === 'none') toolChoice = 'none';
  else if (choice?.type === 'tool') toolChoice = { type: 'function', function: { name: choice.name ?? '' } };
  else if (choice?.type === 'auto') toolChoice = 'auto';
  return { messages, tools, toolChoice };
}
