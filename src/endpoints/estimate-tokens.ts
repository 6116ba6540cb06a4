import type { ChatRequest } from '../spec/index.js';

/** The usual rough estimate when a server reports no usage: one token per four characters. */
export function estimateTokens(characters: number): number {
  return Math.ceil(characters / 4);
}

/** Characters of a conversation, for estimating input tokens when the server reports none. */
export function promptCharacters(request: ChatRequest): number {
  let characters = 0;
  for (const message of request.messages) {
    characters += message.content?.length ?? 0;
    if (message.role === 'assistant') {
      for (const call of message.toolCalls ?? []) characters += call.name.length + call.arguments.length;
    }
  }
  return characters;
}

/** Fields of a model API request body whose strings are prompt text. */
const PROMPT_FIELDS = new Set(['messages', 'input', 'system', 'instructions', 'prompt', 'content', 'text']);

/**
 * Characters of prompt text in a JSON request body of a model API (chat
 * messages, Responses `input` and `instructions`, Anthropic `system`,
 * embeddings `input`), for estimating input tokens when the server reports
 * no usage; 0 for a body that is not JSON text.
 */
export function requestCharacters(body: unknown): number {
  if (typeof body !== 'string') return 0;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return 0;
  }
  return promptText(parsed, false);
}

function promptText(value: unknown, inPrompt: boolean): number {
  if (typeof value === 'string') return inPrompt ? value.length : 0;
  if (Array.isArray(value)) {
    let characters = 0;
    for (const item of value) characters += promptText(item, inPrompt);
    return characters;
  }
  if (typeof value !== 'object' || value === null) return 0;
  let characters = 0;
  for (const [key, item] of Object.entries(value)) {
    // Inside a prompt field only text counts: not roles, ids or types.
    if (PROMPT_FIELDS.has(key) || (inPrompt && key === 'arguments')) characters += promptText(item, true);
    else if (!inPrompt) characters += promptText(item, false);
  }
  return characters;
}
