import { redact } from '../redact.js';
import type { FaultCount, SpanRecord, TaskRecord } from '../spec/index.js';

/** Longest example message kept per fault class. */
const EXAMPLE_CHARS = 240;

/** Class of a failed record from a run recorded before fault classes existed. */
const UNCLASSIFIED = 'unclassified';

/**
 * Counts failures per fault class with the first message of each as its
 * example (redacted again, and cut short: a report shows it as is).
 * Fed one record at a time, so a level's spans need not be kept.
 */
export class FaultFold {
  private readonly counts = new Map<string, FaultCount>();

  add(fault: string | undefined, message: string | null): void {
    const key = fault ?? UNCLASSIFIED;
    const found = this.counts.get(key);
    if (found !== undefined) found.count += 1;
    else this.counts.set(key, { fault: key, count: 1, example: exampleOf(message) });
  }

  /** Adds another fold's counts; the first example of each class is kept. */
  merge(other: FaultFold): void {
    for (const entry of other.counts.values()) {
      const found = this.counts.get(entry.fault);
      if (found !== undefined) found.count += entry.count;
      else this.counts.set(entry.fault, { ...entry });
    }
  }

  /** The classes, most frequent first (ties by name, so the order is stable). */
  summary(): FaultCount[] {
    return [...this.counts.values()].sort(
      (a, b) => b.count - a.count || (a.fault < b.fault ? -1 : a.fault > b.fault ? 1 : 0),
    );
  }

  get size(): number {
    return this.counts.size;
  }
}

/** Errored tasks (warm-up excluded by the caller) per fault class. */
export function taskFaults(tasks: readonly TaskRecord[]): FaultCount[] {
  const fold = new FaultFold();
  for (const task of tasks) if (task.error !== null) fold.add(task.fault, task.error);
  return fold.summary();
}

/** Failed steps per fault class. */
export function stepFaults(spans: readonly SpanRecord[]): FaultCount[] {
  const fold = new FaultFold();
  for (const span of spans) if (span.status !== 'ok') fold.add(span.fault, span.error);
  return fold.summary();
}

function exampleOf(message: string | null): string {
  if (message === null) return '';
  const oneLine = redact(message).replace(/\s+/g, ' ').trim();
  return oneLine.length > EXAMPLE_CHARS ? `${oneLine.slice(0, EXAMPLE_CHARS)}…` : oneLine;
}
