import { closeAllOpen } from './open-resources.js';

/** How long a finished command may take to wind down on its own before it is ended. */
const GRACE_MS = 2000;

/** Node's handle names, as a user would say them. */
const RESOURCE_WORDS: Record<string, string> = {
  TCPSocketWrap: 'TCP socket',
  TCPWRAP: 'TCP socket',
  TCPServerWrap: 'TCP server',
  PipeWrap: 'pipe',
  PIPEWRAP: 'pipe',
  ProcessWrap: 'child process',
  PROCESSWRAP: 'child process',
  Timeout: 'timer',
  Immediate: 'immediate',
  FSReqCallback: 'file operation',
  FSReqPromise: 'file operation',
  GetAddrInfoReqWrap: 'DNS lookup',
  MessagePort: 'worker message port',
  Worker: 'worker thread',
  FSEventWrap: 'file watcher',
  SignalWrap: 'signal handler',
  TTYWrap: 'terminal',
};

/** Handles every process has (stdio) and that never hold it open on their own. */
const ALWAYS_THERE = new Set(['TTYWrap', 'PipeWrap', 'PIPEWRAP', 'SignalWrap']);

/**
 * Ends the process once a command is done: closes what was registered as
 * open, then lets the event loop drain; if something a tool or endpoint
 * left open still holds it after a grace period, exits anyway with a
 * warning that names what was still open. A benchmark that hangs in CI is
 * worse than none.
 */
export async function exitWhenDone(exitCode: number, stderr: NodeJS.WritableStream): Promise<void> {
  process.exitCode = exitCode;
  for (const note of leftOpen.splice(0))
    stderr.write(
      `agentperf: warning: the command was done but ${note} still held the process open (left by a tool, task or endpoint); ended it\n`,
    );
  const unclosed = await closeAllOpen();
  if (unclosed.length > 0) stderr.write(`agentperf: warning: could not close ${unclosed.join(', ')}\n`);
  const timer = setTimeout(() => {
    const still = describeOpenHandles();
    stderr.write(
      `agentperf: warning: the command was done but ${still || 'something'} still held the process open (left by a tool, task or endpoint); exiting anyway\n`,
    );
    process.exit(exitCode);
  }, GRACE_MS);
  // Unref'd: when nothing else holds the loop, the process ends at once and this never fires.
  timer.unref();
}

// On globalThis, like the open-resources registry: one list for every copy of this module.
const LEFT_KEY = Symbol.for('agentperf.left-open');
const leftSlots = globalThis as Record<symbol, unknown>;
leftSlots[LEFT_KEY] ??= [];
const leftOpen = leftSlots[LEFT_KEY] as string[];

/**
 * Something a thread of this process left open when it was ended (an agent
 * worker thread of `run --workers`, whose tool kept a timer): the safety
 * exit names it, as it names what holds the main thread.
 */
export function noteLeftOpen(what: string): void {
  leftOpen.push(what);
}

/** "2 TCP sockets, 1 child process": what still holds the event loop (`ignore`: handle types to leave out). */
export function describeOpenHandles(ignore: readonly string[] = []): string {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) {
    if (ALWAYS_THERE.has(type) || ignore.includes(type)) continue;
    const word = RESOURCE_WORDS[type] ?? type;
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts].map(([word, count]) => `${count} ${word}${count > 1 ? 's' : ''}`).join(', ');
}
