import type { PrefixBoundary } from '../sim/index.js';
import { sharedKey, sharedOpenings, turnKey } from './shared-openings.js';
import type { GraphStep, TaskGraph } from './task-graph.js';

/**
 * Where a replayed prompt may hit the prefix cache, without the prompt's
 * text (a run records token counts, not prompts): each call of a role
 * re-sends the conversation so far (the previous call's prompt and answer
 * in the same execution), and every execution of a task shares its first
 * prompt's opening with the others (system prompt and tool definitions,
 * estimated as the smallest first prompt of that task and role).
 */
export class PrefixModel {
  private readonly shared: Map<string, number>;
  private readonly lastTurn = new Map<string, PrefixBoundary>();

  constructor(graphs: readonly TaskGraph[]) {
    this.shared = sharedOpenings(graphs);
  }

  /** Boundaries of this call's prompt: the shared opening, then the previous turn. */
  promptBoundaries(graph: TaskGraph, step: GraphStep): PrefixBoundary[] {
    const boundaries: PrefixBoundary[] = [];
    const key = sharedKey(graph, step);
    const shared = this.shared.get(key);
    // The whole of the smallest first prompt cannot all be shared: its last message is the case's own.
    if (shared !== undefined && shared > 1)
      boundaries.push({ hash: `shared\u0000${key}`, tokens: Math.floor(shared * 0.9) });
    const previous = this.lastTurn.get(turnKey(graph, step));
    if (previous !== undefined && previous.tokens <= step.span.inputTokens) boundaries.push(previous);
    return boundaries;
  }

  /** The boundary that exists once this call's answer is part of the conversation. */
  completionBoundary(graph: TaskGraph, step: GraphStep, index: number): PrefixBoundary {
    const boundary = {
      hash: `turn\u0000${graph.task.taskExecId}\u0000${step.span.role ?? ''}\u0000${index}`,
      tokens: step.span.inputTokens + step.span.outputTokens,
    };
    this.lastTurn.set(turnKey(graph, step), boundary);
    return boundary;
  }
}
