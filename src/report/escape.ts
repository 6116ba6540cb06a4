/** Escaping for everything a report prints that came from a model, a tool or a user. */

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ENTITIES[character]!);
}

/**
 * Serialises data for a `<script type="application/json">` block: `<`, `>`
 * and `&` become \u escapes so no string can close the element or open a
 * comment, and U+2028/U+2029 are escaped for older JavaScript parsers.
 */
export function jsonForScript(data: unknown): string {
  return JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (character) => {
    return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/**
 * Escapes text for a Markdown table cell or line: HTML is neutralised (many
 * Markdown renderers pass it through), pipes and newlines cannot break the
 * table, and Markdown syntax characters print literally.
 */
export function escapeMarkdown(text: string): string {
  return escapeHtml(text)
    .replace(/\r?\n/g, ' ')
    .replace(/([\\`*_[\]|#])/g, '\\$1');
}
