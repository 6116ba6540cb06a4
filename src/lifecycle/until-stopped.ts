/** Long enough never to fire; it only holds the event loop open. */
const KEEP_ALIVE_MS = 2 ** 30;

/**
 * Resolves on SIGINT, SIGTERM or when `signal` aborts. Until then it holds
 * the process open itself: servers unref() their sockets so tests and
 * library users are never kept alive by them, so a long-running command
 * must say on its own that it wants to stay up.
 */
export function untilStopped(signal?: AbortSignal): Promise<'SIGINT' | 'SIGTERM' | 'abort'> {
  return new Promise((resolve) => {
    const keepAlive = setInterval(() => undefined, KEEP_ALIVE_MS);
    const finish = (why: 'SIGINT' | 'SIGTERM' | 'abort'): void => {
      clearInterval(keepAlive);
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      signal?.removeEventListener('abort', onAbort);
      resolve(why);
    };
    const onInt = (): void => finish('SIGINT');
    const onTerm = (): void => finish('SIGTERM');
    const onAbort = (): void => finish('abort');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    if (signal?.aborted) finish('abort');
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}
