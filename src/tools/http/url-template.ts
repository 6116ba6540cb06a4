import { AgentperfError } from '../../errors.js';

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** A URL with {param} placeholders in its path or query, bound to one origin. */
export interface UrlTemplate {
  /** The only origin (scheme, host, port) requests may go to. */
  origin: string;
  /** Names of the placeholders, in order. */
  names: string[];
  /** The URL with each placeholder replaced by its percent-encoded value. */
  expand(values: Record<string, unknown>): URL;
}

/**
 * Parses a URL template. Placeholders may not appear in the scheme, host or
 * port, so no argument can send the request to another host.
 */
export function parseUrlTemplate(template: string): UrlTemplate {
  const names = [...template.matchAll(PLACEHOLDER)].map((match) => match[1]!);
  let origin: string;
  try {
    origin = new URL(template.replace(PLACEHOLDER, 'x')).origin;
  } catch {
    throw new AgentperfError('config', `HTTP tool URL "${template}" is not a valid URL`);
  }
  const firstBrace = template.indexOf('{');
  if (!template.startsWith(origin) || (firstBrace !== -1 && firstBrace < origin.length)) {
    throw new AgentperfError(
      'config',
      `HTTP tool URL "${template}" may have placeholders only after the host`,
    );
  }
  return {
    origin,
    names,
    expand(values) {
      const url = new URL(
        template.replace(PLACEHOLDER, (_whole, name: string) =>
          encodeURIComponent(String(values[name] ?? '')),
        ),
      );
      if (url.origin !== origin) throw new AgentperfError('internal', `expanded URL left ${origin}`);
      return url;
    },
  };
}
