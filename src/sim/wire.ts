/** The OpenAI chat request fields the simulator reads. Extra fields are ignored. */
export interface WireToolCall {
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string };
}

export interface WireMessage {
  role: string;
  content?: unknown;
  tool_calls?: WireToolCall[];
  tool_call_id?: string;
}

export interface WireTool {
  type?: string;
  function?: { name?: string; description?: string; parameters?: Record<string, unknown> };
}

export type WireToolChoice = 'auto' | 'none' | 'required' | { type?: string; function?: { name?: string } };

/** Text of a message's content: a string, or the text parts of a content array. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) =>
        part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string'
          ? (part as { text: string }).text
          : '',
      )
      .join('');
  }
  return '';
}
