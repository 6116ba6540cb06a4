import { AgentperfError } from './errors.js';

/**
 * Why a step or task failed, as a short class the report counts: `HTTP 500`,
 * `timeout`, `connection reset`, `connection refused`, `stream error`,
 * `tool error`, `grader error`, `setup error`, `config error`,
 * `interrupted`, `agent error`. Set where the error is caught (one string
 * per failed step, nothing for ok ones); counting is the metrics' job.
 */
export type FaultClass = string;

/** Network error codes (node:net, undici) to their class; any other code is a `connection error`. */
const NETWORK_FAULTS: Record<string, FaultClass> = {
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  UND_ERR_SOCKET: 'connection reset',
  ECONNREFUSED: 'connection refused',
  ETIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  EMFILE: 'out of file descriptors',
  ENFILE: 'out of file descriptors',
  EHOSTUNREACH: 'host unreachable',
  ENOTFOUND: 'host not found',
};

/** The class of a network failure from its error code (found on the error or its causes); null when it has none. */
export function networkFault(error: unknown): FaultClass | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (
      typeof code === 'string' &&
      (code in NETWORK_FAULTS || code.startsWith('E') || code.startsWith('UND_ERR'))
    )
      return NETWORK_FAULTS[code] ?? 'connection error';
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/** The class of an HTTP status that failed a call. */
export function httpFault(status: number): FaultClass {
  return `HTTP ${status}`;
}

/**
 * The class of anything thrown at a step or an agent: an API call error's
 * own class, a timeout or interrupt (by the abort reason's name), a tool's
 * or a config error, a network code; else `agent error` (the agent's code threw).
 */
export function faultOf(error: unknown): FaultClass {
  if (AgentperfError.is(error)) {
    const fault = (error as { fault?: unknown }).fault;
    if (typeof fault === 'string') return fault;
    if (error.kind === 'tool') return 'tool error';
    if (error.kind === 'config' || error.kind === 'usage') return 'config error';
  }
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError') return 'timeout';
  if (name === 'AbortError') return 'interrupted';
  return networkFault(error) ?? 'agent error';
}
