/**
 * What this process opened that outlives a single call (MCP sessions,
 * servers, pools). A suite module may open them at import time, where no
 * runner can see them; registering here lets every command close them on
 * its way out and name any that would not close.
 */
interface Registry {
  open: Map<number, { name: string; close: () => unknown }>;
  nextId: number;
}

// Kept on globalThis so that a suite importing agentperf from source and the
// CLI running from dist/ (two copies of this module) share one registry.
const KEY = Symbol.for('agentperf.open-resources');
const slots = globalThis as Record<symbol, unknown>;
slots[KEY] ??= { open: new Map(), nextId: 0 } satisfies Registry;
const registry = slots[KEY] as Registry;
const open = registry.open;

/** Time one resource gets to close before it is reported as still open. */
const CLOSE_TIMEOUT_MS = 3000;

/** Registers something to close when the command ends; returns the function that unregisters it. */
export function trackOpen(name: string, close: () => unknown): () => void {
  registry.nextId += 1;
  const id = registry.nextId;
  open.set(id, { name, close });
  return () => {
    open.delete(id);
  };
}

/** Names of what is registered and not yet closed. */
export function openResourceNames(): string[] {
  return [...open.values()].map((entry) => entry.name);
}

/** Closes everything registered, each bounded in time; resolves with the names that failed or hung. */
export async function closeAllOpen(): Promise<string[]> {
  const entries = [...open.entries()];
  open.clear();
  const failed: string[] = [];
  await Promise.all(
    entries.map(async ([, entry]) => {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), CLOSE_TIMEOUT_MS);
        timer.unref();
      });
      try {
        const outcome = await Promise.race([Promise.resolve(entry.close()), timedOut]);
        if (outcome === 'timeout') failed.push(entry.name);
      } catch {
        failed.push(entry.name);
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return failed;
}
