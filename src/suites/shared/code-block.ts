/** The last fenced code block of a text (```js, ```javascript or a bare fence), or null. */
export function codeBlockIn(text: string): string | null {
  let last: string | null = null;
  for (const match of text.matchAll(/```(?:js|javascript|ts|typescript)?[^\S\n]*\n([\s\S]*?)```/g)) {
    last = match[1] ?? null;
  }
  return last;
}
