import type { PrefixBoundary } from '../sim/index.js';
import { sharedKey, sharedOpenings, turnKey } from './shared-openings.js';
import type { GraphStep, TaskGraph } from './task-graph.js';

/**
 * Where a replayed prompt may hit the prefix cache, without the prompt's
 * text (a run records token counts, not prompts):
 * - every execution of a task shares its first prompt's opening with the
 *   others (system prompt and tool definitions: `sharedOpenings`, from
 *   the recording's own cache hits);
 * - each call of a role re-sends the conversation so far (the previous
 *   call's prompt and answer in the same execution);
 * - executions of the same case whose conversation so far has the same
 *   token counts, call by call, are taken to have sent the same text (the
 *   bundled tasks and the simulator are deterministic, so a live run's
 *   repeated case re-sends an earlier execution's prompts byte for byte,
 *   at any level): their prompts and turns share cache entries, so a
 *   later level starts on replicas warmed by the earlier ones as live.
 *   A case whose calls differ in tokens parts ways at that call.
 */
export class PrefixModel {
  private readonly shared: Map<string, number>;
  /**
   * Per execution and role: the identity of the conversation so far and
   * the prefixes it has sent (each prompt and each prompt plus answer),
   * shortest first, as the message boundaries of a live prompt are.
   */
  private readonly conversations = new Map<string, { lineage: string; held: PrefixBoundary[] }>();

  constructor(graphs: readonly TaskGraph[]) {
    this.shared = sharedOpenings(graphs);
  }

  /** Boundaries of this call's prompt: the shared opening, the conversation's earlier prefixes, the whole prompt. */
  promptBoundaries(graph: TaskGraph, step: GraphStep): PrefixBoundary[] {
    const boundaries: PrefixBoundary[] = [];
    const key = sharedKey(graph, step);
    const shared = this.shared.get(key);
    const input = step.span.inputTokens;
    if (shared !== undefined && shared > 0) boundaries.push({ hash: `shared\u0000${key}`, tokens: shared });
    const conversation = this.conversation(graph, step);
    // A prompt shorter than an earlier prefix was cut (context trimming): only what still fits is a prefix of it.
    const earlier = conversation.held.filter((boundary) => boundary.tokens <= input);
    const whole = { hash: `${conversation.lineage}\u0000p${input}`, tokens: input };
    conversation.held = [...earlier, whole];
    boundaries.push(...conversation.held);
    return boundaries;
  }

  /** The boundary that exists once this call's answer is part of the conversation. */
  completionBoundary(graph: TaskGraph, step: GraphStep): PrefixBoundary {
    const conversation = this.conversation(graph, step);
    const { inputTokens, outputTokens } = step.span;
    conversation.lineage = `${conversation.lineage}\u0000p${inputTokens}c${outputTokens}`;
    const turn = { hash: conversation.lineage, tokens: inputTokens + outputTokens };
    conversation.held.push(turn);
    return turn;
  }

  private conversation(graph: TaskGraph, step: GraphStep) {
    const key = turnKey(graph, step);
    let conversation = this.conversations.get(key);
    if (conversation === undefined) {
      conversation = { lineage: `case\u0000${sharedKey(graph, step)}\u0000${graph.task.caseId}`, held: [] };
      this.conversations.set(key, conversation);
    }
    return conversation;
  }
}
