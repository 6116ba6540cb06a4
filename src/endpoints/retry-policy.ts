import { ApiCallError } from '../errors.js';
import type { CallOptions } from '../spec/index.js';

/** The retry part of an endpoint's config (see retrySchema). */
export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  respectRetryAfter: boolean;
}

/**
 * How long to wait before retry number `attempt` (1-based). A Retry-After
 * from the server wins when respected (the server knows its own queue);
 * otherwise exponential backoff with "equal jitter": half the delay is
 * fixed, half random, so retries of many agents spread out but never
 * collapse to zero.
 */
export function backoffDelayMs(
  attempt: number,
  policy: RetryPolicy,
  error: ApiCallError,
  random: () => number = Math.random,
): number {
  if (policy.respectRetryAfter && error.retryAfterS !== null) return Math.max(0, error.retryAfterS * 1000);
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return exponential / 2 + (random() * exponential) / 2;
}

/**
 * Runs attempt() and retries retryable ApiCallErrors per the policy. Each
 * retry is reported to the observer with the wait that happened (a wait cut
 * short by an abort is reported as far as it got). A Retry-After above
 * maxDelayMs fails the call at once. A caller's abort is never retried.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  options: CallOptions,
  attempt: () => Promise<T>,
  random?: () => number,
): Promise<T> {
  for (let retry = 1; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      const canRetry =
        retry <= policy.maxRetries &&
        error instanceof ApiCallError &&
        error.retryable &&
        options.signal?.aborted !== true;
      if (!canRetry) throw error;
      if (
        policy.respectRetryAfter &&
        error.retryAfterS !== null &&
        error.retryAfterS * 1000 > policy.maxDelayMs
      )
        throw tooLongToWait(error, policy);
      const waitMs = backoffDelayMs(retry, policy, error, random);
      const waitStart = options.clock.now();
      try {
        await options.clock.sleep(waitMs, options.signal);
      } catch (stopped) {
        // Cut short (task timeout, interrupt): record the wait that happened, not the one planned.
        options.observer?.onRetry?.(retry, Math.max(0, options.clock.now() - waitStart), error);
        throw stopped;
      }
      options.observer?.onRetry?.(retry, waitMs, error);
    }
  }
}

/**
 * A server asked for a longer wait than the policy allows: the step fails
 * now with the reason, rather than sleeping for an hour (or recording a wait
 * that never happened).
 */
function tooLongToWait(error: ApiCallError, policy: RetryPolicy): ApiCallError {
  return new ApiCallError({
    endpoint: error.endpoint,
    url: error.url,
    status: error.status,
    bodyExcerpt: error.bodyExcerpt,
    retryAfterS: error.retryAfterS,
    retryable: false,
    message: `${error.message}; it asked to retry after ${error.retryAfterS} s, longer than retry.maxDelayMs (${policy.maxDelayMs} ms), so the call was not retried`,
    cause: error,
  });
}

/** Seconds to wait from Retry-After (seconds or an HTTP date) or OpenAI's retry-after-ms; null when absent or unreadable. */
export function parseRetryAfter(
  retryAfter: string | string[] | undefined,
  retryAfterMs: string | string[] | undefined,
  nowEpochMs: number = Date.now(),
): number | null {
  const milliseconds = Number(first(retryAfterMs));
  if (first(retryAfterMs) !== undefined && Number.isFinite(milliseconds) && milliseconds >= 0) {
    return milliseconds / 1000;
  }
  const value = first(retryAfter)?.trim();
  if (value === undefined || value === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds : null;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, (date - nowEpochMs) / 1000);
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
