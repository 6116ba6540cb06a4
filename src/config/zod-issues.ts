import type { z } from 'zod';

/** A schema problem as a path inside the document and a human sentence. */
export interface FlatIssue {
  path: PropertyKey[];
  message: string;
}

/**
 * Flattens zod issues into precise messages. A union failure is explained by
 * its closest branch (the one that got deepest into the value) rather than
 * zod's generic "Invalid input".
 */
export function flattenIssues(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): FlatIssue[] {
  const out: FlatIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const branch = closestBranch(issue.errors);
      if (branch !== null) {
        out.push(...flattenIssues(branch, path));
        continue;
      }
    }
    out.push({ path, message: describe(issue) });
  }
  return out;
}

function closestBranch(
  branches: readonly (readonly z.core.$ZodIssue[])[],
): readonly z.core.$ZodIssue[] | null {
  let best: readonly z.core.$ZodIssue[] | null = null;
  let bestScore = -1;
  for (const branch of branches) {
    // Prefer a branch whose problems lie deeper (it matched more of the value),
    // then one with fewer problems; a type mismatch at the root matched nothing.
    const depth = Math.max(0, ...branch.map((issue) => issue.path.length));
    const rootMismatch = branch.some((issue) => issue.path.length === 0 && issue.code === 'invalid_type');
    const score = (rootMismatch ? 0 : 1000) + depth * 10 - branch.length;
    if (score > bestScore) {
      best = branch;
      bestScore = score;
    }
  }
  return best;
}

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')} (check the spelling; see the JSON Schema for the fields allowed here)`;
    case 'invalid_type':
      return issue.message.startsWith('Invalid input: expected')
        ? `expected ${issue.expected}${receivedOf(issue)}`
        : issue.message;
    default:
      return issue.message;
  }
}

function receivedOf(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  if (input === undefined) return ', but the field is missing';
  const kind = input === null ? 'null' : Array.isArray(input) ? 'array' : typeof input;
  return `, got ${kind}${typeof input === 'string' || typeof input === 'number' ? ` ${JSON.stringify(input)}` : ''}`;
}
