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
