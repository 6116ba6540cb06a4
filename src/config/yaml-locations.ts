import { type Document, LineCounter, isNode } from 'yaml';

/** Turns a path inside a parsed YAML document into "line:col" for error messages. */
export function locate(
  document: Document,
  lineCounter: LineCounter,
  path: ReadonlyArray<PropertyKey>,
): string | null {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = document.getIn(path.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) {
      const { line, col } = lineCounter.linePos(node.range[0]);
      return `${line}:${col}`;
    }
  }
  return null;
}

export { LineCounter };
