import { type EngineClock, liveClock, type TimerHandle } from './clock.js';
import type { Sequence } from './sequence.js';

/** When the frontend falls further behind than this, it resynchronises to now instead of catching up. */
const CATCH_UP_LIMIT_MS = 20;

/**
 * The API server in front of one engine replica (vLLM's OpenAI server):
 * one event loop that does each request's serial work (HTTP, validation,
 * chat template, tokenising) before the engine sees it.
 *
 * Requests are ingested one at a time, in arrival order, each costing
 * `costMs` plus `costMsPerPromptToken` × its prompt tokens (tokenising and
 * the per-token Python work of building the request grow with the prompt).
 * Ingested requests reach the engine when the loop has nothing left to
 * ingest (or once `maxBatch` are ready, so sustained overload cannot starve
 * the engine): an event loop runs the work already queued before the
 * continuations it schedules, so a burst is ingested whole and handed over
 * together, as the source measurements show (docs/simulator.md, Fidelity:
 * the first engine step of a burst of 40 starts after ~140 ms and packs the
 * first prompts in request order up to the token budget). A request that
 * arrives alone waits its own cost.
 *
 * Ingest ends follow an intended timeline (like engine steps), so timer
 * lateness does not accumulate.
 */
export class Frontend {
  private readonly queue: Sequence[] = [];
  private head = 0;
  private readonly ready: Sequence[] = [];
  private timer: TimerHandle | undefined;
  /** Intended end of the ingest in progress. */
  private ingestEndMs = 0;

  constructor(
    private readonly costMs: number,
    private readonly costMsPerPromptToken: number,
    private readonly maxBatch: number,
    private readonly handoff: (sequences: Sequence[], atMs: number) => void,
    private readonly clock: EngineClock = liveClock,
  ) {}

  /** Requests queued or being ingested (for routing). */
  get pending(): number {
    return this.queue.length - this.head + this.ready.length;
  }

  ingest(sequence: Sequence): void {
    this.queue.push(sequence);
    if (!this.timer) this.run(this.clock.now());
  }

  stop(): void {
    if (this.timer) this.clock.clearTimer(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
    this.head = 0;
    this.ready.length = 0;
  }

  /** Ingests from `startMs` (intended time) until an ingest ends in the future or nothing is left. */
  private run(startMs: number): void {
    let start = startMs;
    while (this.head < this.queue.length) {
      if (this.queue[this.head]!.state === 'cancelled') {
        this.head++;
        continue;
      }
      const end = start + this.cost(this.queue[this.head]!);
      const now = this.clock.now();
      if (end > now) {
        this.ingestEndMs = end;
        this.timer = this.clock.setTimer(this.wake, end - now);
        return;
      }
      this.ingested(end);
      start = now - end > CATCH_UP_LIMIT_MS ? now : end;
    }
    this.timer = undefined;
    this.queue.length = 0;
    this.head = 0;
    this.flush(start);
  }

  /** Serial API-server time of one request. */
  private cost(sequence: Sequence): number {
    return this.costMs + this.costMsPerPromptToken * sequence.request.promptTokens;
  }

  private readonly wake = (): void => {
    const end = this.ingestEndMs;
    this.ingested(end);
    const now = this.clock.now();
    this.run(now - end > CATCH_UP_LIMIT_MS ? now : end);
  };

  private ingested(atMs: number): void {
    this.ready.push(this.queue[this.head++]!);
    if (this.ready.length >= this.maxBatch) this.flush(atMs);
    // Under sustained load the queue may never empty: drop the ingested front once it is most of the array.
    if (this.head >= 1024 && this.head * 2 >= this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }

  private flush(atMs: number): void {
    if (this.ready.length === 0) return;
    this.handoff(this.ready, atMs);
    this.ready.length = 0;
  }
}
