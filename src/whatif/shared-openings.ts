import type { GraphStep, TaskGraph } from './task-graph.js';

/**
 * The opening every execution of a task shares per role (system prompt and
 * tool definitions), estimated as the smallest first prompt of that task
 * and role: a run records token counts, not prompts. Keyed by `sharedKey`.
 */
export function sharedOpenings(graphs: readonly TaskGraph[]): Map<string, number> {
  const shared = new Map<string, number>();
  for (const graph of graphs) {
    const seen = new Set<string>();
    for (const step of graph.steps) {
      if (step.model !== 'chat') continue;
      const key = sharedKey(graph, step);
      if (seen.has(key)) continue;
      seen.add(key);
      const tokens = step.span.inputTokens;
      shared.set(key, Math.min(shared.get(key) ?? tokens, tokens));
    }
  }
  return shared;
}

/** The task and role (or step name) whose executions share an opening. */
export function sharedKey(graph: TaskGraph, step: GraphStep): string {
  return `${graph.task.task}\u0000${step.span.role ?? step.span.name}`;
}

/** One execution's conversation with one role: each call re-sends the previous turn. */
export function turnKey(graph: TaskGraph, step: GraphStep): string {
  return `${graph.task.taskExecId}\u0000${step.span.role ?? step.span.name}`;
}
