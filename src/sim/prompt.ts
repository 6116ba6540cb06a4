import { createHash } from 'node:crypto';
import type { PrefixBoundary } from './engine/prefix-cache.js';
import { estimateTokens } from './tokens.js';
import { contentText, type WireMessage, type WireTool } from './wire.js';

/** Chat-template tokens around each message (role markers), as Llama 3's template adds. */
const MESSAGE_OVERHEAD_TOKENS = 4;

/** A prompt as the engine sees it: token count and where cached prefixes may end. */
export interface PromptShape {
  tokens: number;
  boundaries: PrefixBoundary[];
  /** Hash of the whole prompt: seeds content-dependent decisions. */
  digest: string;
}

/** One message reduced to what determines its tokens (ids differ between clients; text does not). */
export function canonicalMessage(message: WireMessage): string {
  const calls = (message.tool_calls ?? []).map((call) => [
    call.function?.name ?? '',
    canonicalJson(call.function?.arguments ?? ''),
  ]);
  return JSON.stringify([message.role, contentText(message.content), calls]);
}

function canonicalJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

/** Tokens and prefix boundaries of a prompt: tool definitions first (templates put them in the system turn), then each message. */
export function shapePrompt(
  messages: readonly WireMessage[],
  tools: readonly WireTool[] | undefined,
): PromptShape {
  const boundaries: PrefixBoundary[] = [];
  let hash = createHash('sha256').update('agentperf-sim').digest('hex');
  let tokens = 0;
  if (tools && tools.length > 0) {
    const text = JSON.stringify(tools);
    tokens += estimateTokens(text) + MESSAGE_OVERHEAD_TOKENS;
    hash = createHash('sha256').update(hash).update(text).digest('hex');
    boundaries.push({ hash, tokens });
  }
  for (const message of messages) {
    const text = canonicalMessage(message);
    tokens +=
      estimateTokens(contentText(message.content)) +
      estimateTokens(JSON.stringify(message.tool_calls ?? '')) +
      MESSAGE_OVERHEAD_TOKENS;
    hash = createHash('sha256').update(hash).update(text).digest('hex');
    boundaries.push({ hash, tokens });
  }
  return { tokens: Math.max(1, tokens), boundaries, digest: hash };
}

/** The boundary that exists once `reply` is appended to the prompt (the next turn re-sends it). */
export function extendPrompt(prompt: PromptShape, reply: WireMessage, replyTokens: number): PrefixBoundary {
  const hash = createHash('sha256').update(prompt.digest).update(canonicalMessage(reply)).digest('hex');
  return { hash, tokens: prompt.tokens + replyTokens + MESSAGE_OVERHEAD_TOKENS };
}
