/**
 * Reads the planner's sub-questions from its reply: a JSON object with a
 * `subquestions` array, possibly inside a code fence or surrounded by prose.
 * Returns null when there is no usable plan.
 */
export function parsePlan(reply: string, maxParts: number): string[] | null {
  const start = reply.indexOf('{');
  const end = reply.lastIndexOf('}');
  if (start < 0 || end <= start) return null;
  try {
    const parsed = JSON.parse(reply.slice(start, end + 1)) as { subquestions?: unknown };
    if (!Array.isArray(parsed.subquestions)) return null;
    const questions = parsed.subquestions.filter(
      (item): item is string => typeof item === 'string' && item.trim() !== '',
    );
    return questions.length === 0 ? null : questions.slice(0, maxParts);
  } catch {
    return null;
  }
}
