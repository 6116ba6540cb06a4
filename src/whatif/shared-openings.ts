import type { GraphStep, TaskGraph } from './task-graph.js';

/** Used when the recording shows no cache hit to learn from: the last message of the smallest first prompt is the case's own. */
const SMALLEST_FIRST_PROMPT_SHARE = 0.9;

/**
 * The opening every execution of a task shares per role (system prompt and
 * tool definitions), in tokens, keyed by `sharedKey`. A run records token
 * counts, not prompts, but it records what its own fabric found cached:
 * the first call of a case that had not run before can only have hit that
 * opening, so the median of those hits is the opening (block aligned, as
 * the recorded fabric cached it). Where the recording shows no such hit
 * (a cold start only, prefix caching off, a real endpoint that reports no
 * cached tokens), 0.9 × the smallest first prompt of that task and role.
 * (The 0.9 rule alone took a docs-qa planner's opening as 336 tokens of
 * ~400, where its recorded hits were 48: the rest is the retrieved text.)
 */
export function sharedOpenings(graphs: readonly TaskGraph[]): Map<string, number> {
  const smallest = new Map<string, number>();
  const hits = new Map<string, number[]>();
  const casesSeen = new Set<string>();
  for (const graph of graphs) {
    const seen = new Set<string>();
    for (const step of graph.steps) {
      if (step.model !== 'chat') continue;
      const key = sharedKey(graph, step);
      if (seen.has(key)) continue;
      seen.add(key);
      const tokens = step.span.inputTokens;
      smallest.set(key, Math.min(smallest.get(key) ?? tokens, tokens));
      const caseKey = `${key}\u0000${graph.task.caseId}`;
      if (casesSeen.has(caseKey)) continue;
      casesSeen.add(caseKey);
      const cached = step.span.cachedInputTokens;
      if (cached > 0 && cached < tokens) {
        const list = hits.get(key);
        if (list === undefined) hits.set(key, [cached]);
        else list.push(cached);
      }
    }
  }
  const shared = new Map<string, number>();
  for (const [key, tokens] of smallest) {
    const recorded = hits.get(key);
    if (recorded !== undefined) {
      const sorted = recorded.sort((a, b) => a - b);
      shared.set(key, Math.min(tokens, sorted[Math.floor((sorted.length - 1) / 2)]!));
    } else {
      shared.set(key, Math.floor(tokens * SMALLEST_FIRST_PROMPT_SHARE));
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
