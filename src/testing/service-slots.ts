/**
 * A constructed latency-versus-load curve for the loopback server: chat
 * requests are served by `servers` slots, first come first served. A
 * request that finds a free slot takes `serviceMs`; one that had to queue
 * is also served for `queuedServiceMs` (a congested server is slower),
 * so the curve has a sharp, known knee: with N closed-loop agents making one
 * call at a time, nobody ever queues while N ≤ servers, and above that the
 * queue feeds itself. Tests check that a capacity search finds exactly it.
 */
export interface ServiceCurve {
  servers: number;
  serviceMs: number;
  queuedServiceMs: number;
}

export class ServiceSlots {
  private busy = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly curve: ServiceCurve) {}

  /** Holds a slot for as long as this request's service takes. */
  async serve(sleep: (ms: number) => Promise<void>): Promise<void> {
    let queued = false;
    if (this.busy >= this.curve.servers) {
      queued = true;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.busy += 1;
    }
    try {
      await sleep(queued ? this.curve.queuedServiceMs : this.curve.serviceMs);
    } finally {
      // The slot passes straight to the next in line (busy stays the same) or is freed.
      const next = this.waiting.shift();
      if (next === undefined) this.busy -= 1;
      else next();
    }
  }
}
