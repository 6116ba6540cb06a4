const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

/**
 * Markdown that escapeMarkdown made safe for a Markdown renderer, made
 * readable on a terminal, where nothing renders it: backslash escapes and
 * HTML entities are undone. `\|` stays, so a table row keeps its columns.
 */
export function markdownForTerminal(markdown: string): string {
  return markdown
    .replace(/\\([\\`*_[\]#])/g, '$1')
    .replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]!);
}
