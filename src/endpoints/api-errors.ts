import { AgentperfError, ApiCallError } from '../errors.js';
import { networkFault } from '../fault-class.js';
import { redact } from '../redact.js';

/** Longest excerpt of an error body kept on an ApiCallError. */
const EXCERPT_CHARS = 500;

/** Readable names for the network failures undici and node:net report. */
const NETWORK_CAUSES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  ETIMEDOUT: 'connection timed out',
  EMFILE: 'out of file descriptors (raise ulimit -n, or run fewer agents at once)',
  ENFILE: 'the system is out of file descriptors',
  EHOSTUNREACH: 'host unreachable',
  ENOTFOUND: 'host not found',
  UND_ERR_CONNECT_TIMEOUT: 'connect timeout exceeded',
  UND_ERR_HEADERS_TIMEOUT: 'first-byte timeout exceeded',
  UND_ERR_BODY_TIMEOUT: 'no data within the first-token timeout while streaming',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CLOSED: 'client closed',
};

/** A copy of an error body fit for a message: short, one line, secrets removed. */
export function bodyExcerpt(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return redact(oneLine.length > EXCERPT_CHARS ? `${oneLine.slice(0, EXCERPT_CHARS)}…` : oneLine);
}

/**
 * Turns whatever went wrong during a call into an ApiCallError naming the
 * endpoint. Network failures (no status) are retryable; a body that did not
 * parse is not (asking again gets the same answer).
 */
export function toApiCallError(error: unknown, endpoint: string, url: string, status: number | null): Error {
  if (AgentperfError.is(error)) return error;
  const code = networkCode(error);
  const detail = redact(error instanceof Error ? error.message : String(error));
  if (code !== undefined) {
    const what = NETWORK_CAUSES[code] ?? code;
    const when = status === null ? 'did not answer' : `broke off its HTTP ${status} response`;
    return new ApiCallError({
      endpoint,
      url,
      status: null,
      message: `endpoint "${endpoint}" ${when} at ${url}: ${what} (${code})`,
      bodyExcerpt: detail,
      cause: error,
      fault: networkFault(error) ?? 'connection error',
    });
  }
  return new ApiCallError({
    endpoint,
    url,
    status,
    retryable: false,
    message: `endpoint "${endpoint}" sent a response agentperf could not read at ${url}: ${detail}`,
    cause: error,
  });
}

function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (code in NETWORK_CAUSES || code.startsWith('E'))) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
