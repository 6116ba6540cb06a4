import type { EngineClock, TimerHandle } from './clock.js';

interface VirtualTimer {
  atMs: number;
  /** Tie-break: timers due at the same instant fire in the order they were set, as Node's do. */
  order: number;
  callback: (() => void) | null;
}

/**
 * Virtual time for a discrete-event simulation: `setTimer` queues an event,
 * `run()` fires events in time order and jumps the clock to each one. No
 * wall-clock time passes, so a simulated hour takes as long as its events
 * take to compute, and the result does not depend on how busy the machine is.
 */
export class VirtualClock implements EngineClock {
  private nowMs: number;
  private order = 0;
  /** A binary min-heap on (atMs, order). */
  private readonly heap: VirtualTimer[] = [];

  constructor(startMs = 0) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  setTimer(callback: () => void, delayMs: number): TimerHandle {
    const timer: VirtualTimer = {
      atMs: this.nowMs + Math.max(0, delayMs),
      order: this.order++,
      callback,
    };
    this.push(timer);
    return timer as unknown as TimerHandle;
  }

  clearTimer(handle: TimerHandle): void {
    (handle as unknown as VirtualTimer).callback = null;
  }

  /** Events still queued (cleared ones included until they are reached). */
  get pending(): number {
    return this.heap.length;
  }

  /**
   * Fires queued events in time order until none is left, or until the next
   * one is later than `untilMs`. Returns the number of events fired.
   */
  run(untilMs = Number.POSITIVE_INFINITY): number {
    let fired = 0;
    while (this.heap.length > 0 && this.heap[0]!.atMs <= untilMs) {
      const timer = this.pop();
      this.nowMs = Math.max(this.nowMs, timer.atMs);
      const callback = timer.callback;
      if (callback === null) continue;
      timer.callback = null;
      callback();
      fired++;
    }
    return fired;
  }

  private before(a: VirtualTimer, b: VirtualTimer): boolean {
    return a.atMs < b.atMs || (a.atMs === b.atMs && a.order < b.order);
  }

  private push(timer: VirtualTimer): void {
    const heap = this.heap;
    heap.push(timer);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(heap[index]!, heap[parent]!)) break;
      [heap[index], heap[parent]] = [heap[parent]!, heap[index]!];
      index = parent;
    }
  }

  private pop(): VirtualTimer {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let index = 0;
      for (;;) {
        const left = 2 * index + 1;
        const right = left + 1;
        let smallest = index;
        if (left < heap.length && this.before(heap[left]!, heap[smallest]!)) smallest = left;
        if (right < heap.length && this.before(heap[right]!, heap[smallest]!)) smallest = right;
        if (smallest === index) break;
        [heap[index], heap[smallest]] = [heap[smallest]!, heap[index]!];
        index = smallest;
      }
    }
    return top;
  }
}
