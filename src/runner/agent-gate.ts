import type { ResolvedLevel } from '../config/index.js';

/**
 * Lets runs on several fabrics share one harness without driving many more
 * agents at once than the largest level would alone: each level holds
 * permits for its agents while it runs, first come first served, so the
 * one-agent levels of three fabrics overlap and their 64-agent levels take
 * turns (the capacity is the caller's; `run` uses the largest level plus the
 * smallest of each other fabric). Fabrics are separate systems (each simulated fabric has its own
 * simulator), so overlapping them changes only the client's load, which the
 * harness monitor watches at every level as it always does.
 */
export class AgentGate {
  private free: number;
  private readonly waiting: Array<{ permits: number; grant: () => void }> = [];

  /** `capacity`: agents the harness may drive at once across all runs. */
  constructor(readonly capacity: number) {
    this.free = capacity;
  }

  /** Waits (first come first served) for `permits`, capped at the capacity; resolves with their release. */
  async acquire(permits: number, signal?: AbortSignal): Promise<() => void> {
    const wanted = Math.max(1, Math.min(this.capacity, Math.ceil(permits)));
    if (this.waiting.length === 0 && this.free >= wanted) {
      this.free -= wanted;
      return this.releaser(wanted);
    }
    await new Promise<void>((resolve) => {
      const entry = { permits: wanted, grant: resolve };
      this.waiting.push(entry);
      // An interrupted run stops waiting at once; the caller sees its signal aborted and ends the run.
      signal?.addEventListener(
        'abort',
        () => {
          const at = this.waiting.indexOf(entry);
          if (at < 0) return;
          this.waiting.splice(at, 1);
          this.free -= wanted;
          resolve();
          this.grantWaiting();
        },
        { once: true },
      );
    });
    return this.releaser(wanted);
  }

  /** Whether `acquire(permits)` would wait now (others are queued, or too few permits are free). */
  wouldWait(permits: number): boolean {
    const wanted = Math.max(1, Math.min(this.capacity, Math.ceil(permits)));
    return this.waiting.length > 0 || this.free < wanted;
  }

  private releaser(permits: number): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.free += permits;
      this.grantWaiting();
    };
  }

  private grantWaiting(): void {
    while (this.waiting.length > 0 && this.free >= this.waiting[0]!.permits) {
      const next = this.waiting.shift()!;
      this.free -= next.permits;
      next.grant();
    }
  }
}

/** Agents a level drives: its concurrency, or the whole gate for an open loop (its in-flight count is unbounded). */
export function levelPermits(level: ResolvedLevel, gate: AgentGate): number {
  return level.mode === 'closed' ? (level.concurrency ?? 1) : gate.capacity;
}
