/** A vendor-neutral description of one chat reply; each wire server renders it in its own format. */
export interface ScriptedReply {
  /** Text, as the chunks it streams in. */
  text: string[];
  toolCalls?: Array<{ id: string; name: string; argumentChunks: string[] }>;
  usage: { inputTokens: number; cachedInputTokens: number; outputTokens: number };
  finish: 'stop' | 'tool_calls' | 'length';
  /** Answer with this HTTP error status instead. */
  errorStatus?: number;
}
