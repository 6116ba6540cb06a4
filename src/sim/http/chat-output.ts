import type { Reply } from '../behaviour.js';
import { splitIntoTokens } from '../tokens.js';

/** One visible output token: a content piece, or a piece of a tool call (the first names the call). */
export interface OutputToken {
  /** Tool call index, or -1 for content. */
  call: number;
  /** Content or argument text. */
  text: string;
  /** True for the first token of a tool call (carries id and name). */
  opensCall: boolean;
}

/** The visible tokens a reply streams, in order. */
export function outputTokens(reply: Reply): OutputToken[] {
  if (reply.kind === 'text')
    return splitIntoTokens(reply.text).map((text) => ({ call: -1, text, opensCall: false }));
  const tokens: OutputToken[] = [];
  reply.calls.forEach((call, index) => {
    tokens.push({ call: index, text: '', opensCall: true });
    for (const piece of splitIntoTokens(call.arguments))
      tokens.push({ call: index, text: piece, opensCall: false });
  });
  return tokens;
}

/** The `delta` JSON of one streamed token. */
export function deltaJson(
  token: OutputToken,
  first: boolean,
  callIds: readonly string[],
  names: readonly string[],
): string {
  const role = first ? '"role":"assistant",' : '';
  if (token.call < 0) return `{${role}"content":${JSON.stringify(token.text)}}`;
  if (token.opensCall) {
    return `{${role}"tool_calls":[{"index":${token.call},"id":${JSON.stringify(callIds[token.call])},"type":"function","function":{"name":${JSON.stringify(names[token.call])},"arguments":""}}]}`;
  }
  return `{${role}"tool_calls":[{"index":${token.call},"function":{"arguments":${JSON.stringify(token.text)}}}]}`;
}
