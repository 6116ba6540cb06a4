import { fillerText, Random, seedFrom } from '../sim/index.js';
import type { ChatMessage } from '../spec/index.js';
import { type GraphStep, sharedKey, sharedOpenings, type TaskGraph, turnKey } from '../whatif/index.js';

/** The simulator's and the usual rule of thumb: 4 characters a token. */
const CHARS_PER_TOKEN = 4;
/** Role markers and template tokens around a message, as the simulator counts them. */
const MESSAGE_OVERHEAD_TOKENS = 4;
/** Mooncake's prompt block. */
const BLOCK_TOKENS = 512;

/**
 * Prompts of the recorded lengths for a trace without bodies: each call
 * of a role re-sends the conversation so far (as the agent did), opening
 * with a system text shared by every execution of the task, so a server's
 * prefix cache sees what it saw when the trace was recorded. Text is
 * deterministic (a hash-seeded word stream), so replays are repeatable.
 */
export class SyntheticPrompts {
  private readonly shared: Map<string, number>;
  private readonly history = new Map<string, ChatMessage[]>();

  constructor(
    graphs: readonly TaskGraph[],
    private readonly promptBlocks?: ReadonlyMap<string, string[]>,
  ) {
    this.shared = sharedOpenings(graphs);
  }

  /** Messages of about the recorded prompt's token count for this call. */
  messages(graph: TaskGraph, step: GraphStep): ChatMessage[] {
    const target = Math.max(1, step.span.inputTokens);
    const blocks = this.promptBlocks?.get(graph.task.taskExecId);
    if (blocks !== undefined && blocks.length > 0) {
      // One message a block, so a server that caches per message boundary shares exactly the shared blocks.
      const messages: ChatMessage[] = [];
      let left = target;
      for (const hash of blocks) {
        if (left <= MESSAGE_OVERHEAD_TOKENS) break;
        const tokens = Math.min(BLOCK_TOKENS, left) - MESSAGE_OVERHEAD_TOKENS;
        messages.push({ role: 'user', content: words(`block:${hash}`, tokens) });
        left -= tokens + MESSAGE_OVERHEAD_TOKENS;
      }
      if (left > MESSAGE_OVERHEAD_TOKENS)
        messages.push({
          role: 'user',
          content: words(`tail:${graph.task.taskExecId}`, left - MESSAGE_OVERHEAD_TOKENS),
        });
      return messages;
    }
    const key = turnKey(graph, step);
    const previous = this.history.get(key);
    const messages: ChatMessage[] = previous === undefined ? [] : [...previous];
    if (messages.length === 0) {
      const shared =
        Math.floor((this.shared.get(sharedKey(graph, step)) ?? 0) * 0.9) - MESSAGE_OVERHEAD_TOKENS;
      if (shared > 0)
        messages.push({ role: 'system', content: words(`system:${sharedKey(graph, step)}`, shared) });
    }
    const used = messages.reduce((sum, message) => sum + tokensOf(message), 0);
    const rest = Math.max(1, target - used - MESSAGE_OVERHEAD_TOKENS);
    messages.push({ role: 'user', content: words(`user:${key}:${messages.length}`, rest) });
    return messages;
  }

  /** Appends the answer, so the role's next call re-sends it. */
  answered(graph: TaskGraph, step: GraphStep, sent: ChatMessage[], answer: string): void {
    this.history.set(turnKey(graph, step), [...sent, { role: 'assistant', content: answer }]);
  }
}

function tokensOf(message: ChatMessage): number {
  const content = typeof message.content === 'string' ? message.content : '';
  return Math.ceil(content.length / CHARS_PER_TOKEN) + MESSAGE_OVERHEAD_TOKENS;
}

/** `tokens` four-character words (" the", " and", …), the simulator's filler stream seeded by `seed`. */
function words(seed: string, tokens: number): string {
  if (tokens <= 0) return '';
  // fillerText opens with a 3-character word; the leading space keeps every piece 4 characters.
  return ` ${fillerText(tokens, new Random(seedFrom(seed)))}`;
}
