import type { PrefixBoundary } from './prefix-cache.js';

/** What a chat request asks of an engine replica. */
export interface SequenceRequest {
  promptTokens: number;
  /** Prefix boundaries of the prompt (for prefix-cache lookups). */
  promptBoundaries: PrefixBoundary[];
  /** Boundaries that exist once the output is appended (the next turn's prefix). */
  completionBoundaries: PrefixBoundary[];
  outputTokens: number;
  /** Called once the sequence is admitted, with the prompt tokens served from the prefix cache. */
  onAdmit?(cachedTokens: number): void;
  /** Called per generated token (index from 0) at the end of the step that produced it. */
  onToken(index: number, intendedAtMs: number): void;
  /** Called after the last token. */
  onFinish(): void;
}

/** A request inside a replica: its progress through prefill and decode. */
export class Sequence {
  cachedTokens = 0;
  prefilled = 0;
  generated = 0;
  /** Tokens handed to `onToken` so far; behind `generated` while a stream interval or a multi-step round holds them. */
  delivered = 0;
  kvReserved = 0;
  /**
   * Under `serving.asyncOutputProcessing`: tokens whose output the engine
   * holds in its outbox until the next step's outputs are returned
   * (delivered up to this count), and whether the sequence ends then.
   */
  outboxUpTo = 0;
  outboxFinish = false;
  inOutbox = false;
  /**
   * Under `serving.overlapSchedule`, the number of applied engine steps after
   * which the scheduler may first admit this sequence (0: at once).
   */
  admissibleAfterStep = 0;
  /** `ingesting`: still in the API server (see Frontend), not yet queued at the engine. */
  state: 'ingesting' | 'waiting' | 'running' | 'done' | 'cancelled' = 'waiting';
  readonly enqueuedAtMs: number;

  constructor(
    readonly request: SequenceRequest,
    nowMs: number,
  ) {
    this.enqueuedAtMs = nowMs;
  }

  get prefillDone(): boolean {
    return this.prefilled >= this.request.promptTokens;
  }
}
