import { createHash } from 'node:crypto';
import { escapeHtml, jsonForScript } from '../escape.js';
import { chartAssets } from './assets.js';
import { PAGE_STYLE } from './page-style.js';

export interface PageParts {
  title: string;
  /** Trusted HTML built by the report with every untrusted string escaped. */
  bodyHtml: string;
  /** Data for the page script, inlined as JSON (never as HTML). */
  data: unknown;
  /** The page's own script (trusted, static); it reads the data block by id "report-data". */
  script: string;
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * One self-contained page: the chart library, styles and data are inline,
 * and a Content-Security-Policy allows nothing else: no network, no inline
 * handlers, only the script and style blocks whose hashes it lists. Even a
 * string that slipped past escaping could not run.
 */
export function renderPage(parts: PageParts): string {
  const assets = chartAssets();
  const scripts = [assets.script, parts.script];
  const styles = [assets.style, PAGE_STYLE];
  for (const block of [...scripts, ...styles]) {
    if (/<\/(script|style)/i.test(block))
      throw new Error('an inline block would close its own element early');
  }
  const policy = [
    "default-src 'none'",
    `script-src ${scripts.map(sha256).join(' ')}`,
    `style-src ${styles.map(sha256).join(' ')}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(policy)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${escapeHtml(parts.title)}</title>`,
    ...styles.map((style) => `<style>${style}</style>`),
    '</head>',
    '<body>',
    parts.bodyHtml,
    `<script type="application/json" id="report-data">${jsonForScript(parts.data)}</script>`,
    ...scripts.map((script) => `<script>${script}</script>`),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
