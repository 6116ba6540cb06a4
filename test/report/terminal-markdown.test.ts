import { describe, expect, it } from 'vitest';
import { escapeMarkdown, markdownForTerminal } from '../../src/report/index.js';

describe('markdownForTerminal', () => {
  it('undoes what escapeMarkdown added, except a table cell pipe', () => {
    const name = 'run_2 <a&b> [x] #1 *bold* `code` "q" \'s\' back\\slash';
    expect(markdownForTerminal(escapeMarkdown(name))).toBe(name);
    expect(markdownForTerminal(escapeMarkdown('a|b'))).toBe('a\\|b');
  });
});
