import type { ResolvedDeployment } from '../fabric-loader.js';
import type { Random } from '../random.js';
import { type StepShape, stepTimeMs } from '../roofline.js';
import { type EngineClock, liveClock, type TimerHandle } from './clock.js';
import { Frontend } from './frontend.js';
import { PrefixCache } from './prefix-cache.js';
import { Sequence, type SequenceRequest } from './sequence.js';

/** Counters a replica keeps for /metrics. */
export interface ReplicaCounters {
  promptTokens: number;
  generationTokens: number;
  prefixQueryTokens: number;
  prefixHitTokens: number;
  requestsFinished: number;
  steps: number;
}

/** When the loop falls further behind than this, it resynchronises to now instead of catching up in a burst. */
const CATCH_UP_LIMIT_MS = 20;
/** Steps applied back to back in one timer callback at most (sub-millisecond steps), so the event loop breathes. */
const MAX_STEPS_PER_WAKE = 64;

/**
 * One engine replica with iteration-level continuous batching, driven by
 * timers. Under the default policy (`v1-chunked`) each step decodes one
 * token for every running sequence whose prompt is in, and prefills prompt
 * chunks of admitted sequences within the token budget. Under
 * `v0-prefill-first` a step either prefills whole waiting prompts or
 * decodes, never both. A step's duration comes from the roofline. Step
 * ends are scheduled on the intended timeline, so timer lateness does not
 * accumulate.
 */
export class Replica {
  readonly waiting: Sequence[] = [];
  readonly running: Sequence[] = [];
  kvUsedTokens = 0;
  readonly counters: ReplicaCounters = {
    promptTokens: 0,
    generationTokens: 0,
    prefixQueryTokens: 0,
    prefixHitTokens: 0,
    requestsFinished: 0,
    steps: 0,
  };
  private readonly cache: PrefixCache;
  /** The API server's serial per-request work; absent when `serving.apiServerMsPerRequest` is 0. */
  private readonly frontend: Frontend | undefined;
  private timer: TimerHandle | undefined;
  private stepEndMs = 0;
  private readonly planDecode: Sequence[] = [];
  private readonly planPrefill: Sequence[] = [];
  private readonly planChunks: number[] = [];
  /** Decode steps still to run in the current multi-step round after the planned one (`serving.numSchedulerSteps`). */
  private roundStepsLeft = 0;
  /** Whether the planned step is followed by more steps of its round: tokens are held until the round ends. */
  private roundContinues = false;
  /** Whether the planned step is a decode step of a multi-step round (whose outputs are not held by async output processing). */
  private stepInRound = false;
  /**
   * Under `serving.asyncOutputProcessing`: sequences with outputs of the last
   * single step, held until the next step's outputs are returned.
   */
  private readonly outbox: Sequence[] = [];
  /** Intended time of an output flush the engine runs before the planned step (-1: none pending). */
  private flushAtMs = -1;
  /** Duration of the step planned after that flush (-1: nothing planned; plan again after it). */
  private afterFlushMs = -1;
  /** The planned step's shape, reused from step to step. */
  private readonly shape: StepShape = { tokens: 0, contextTokensRead: 0, attendedPairs: 0, sequences: 0 };

  constructor(
    private readonly deployment: ResolvedDeployment,
    private readonly random: Random,
    private readonly lateness?: (lateMs: number) => void,
    private readonly clock: EngineClock = liveClock,
  ) {
    this.cache = new PrefixCache(deployment.serving.prefixCaching ? deployment.kvCapacityTokens : 0);
    const apiServerMs = deployment.serving.apiServerMsPerRequest;
    this.frontend =
      apiServerMs > 0
        ? new Frontend(
            apiServerMs,
            deployment.serving.apiServerMsPerPromptToken,
            deployment.serving.maxRunningSequences,
            this.receive,
            clock,
          )
        : undefined;
  }

  /** Requests in the API server, queued, or running: what a least-loaded router compares. */
  get load(): number {
    return (this.frontend?.pending ?? 0) + this.waiting.length + this.running.length;
  }

  get capacityTokens(): number {
    return this.deployment.kvCapacityTokens;
  }

  /** Tokens of this prompt the replica's prefix cache holds (routing hint; does not touch the LRU order much). */
  cachedPrefixTokens(request: SequenceRequest): number {
    return this.deployment.serving.prefixCaching ? this.cache.lookup(request.promptBoundaries) : 0;
  }

  /**
   * Queues a request. Throws when it could never fit in the KV cache, or,
   * under `v0-prefill-first`, when its prompt exceeds the token budget
   * (vLLM V0 ignores such prompts: without chunking they can never be
   * scheduled).
   */
  submit(request: SequenceRequest): Sequence {
    const need = request.promptTokens + request.outputTokens;
    if (need > this.capacityTokens) {
      throw new RangeError(
        `prompt + output (${need} tokens) exceed the KV cache of a replica (${this.capacityTokens} tokens)`,
      );
    }
    const serving = this.deployment.serving;
    if (serving.scheduler === 'v0-prefill-first' && request.promptTokens > serving.maxBatchedTokens) {
      throw new RangeError(
        `prompt (${request.promptTokens} tokens) exceeds the token budget of a step (${serving.maxBatchedTokens} tokens) and prefill is not chunked`,
      );
    }
    const sequence = new Sequence(request, this.clock.now());
    if (this.frontend) {
      sequence.state = 'ingesting';
      this.frontend.ingest(sequence);
    } else {
      this.enqueue(sequence);
      if (!this.timer) this.scheduleFrom(this.clock.now());
    }
    return sequence;
  }

  /** Sequences the API server hands over (all that reached the same instant), queued before the next step is planned. */
  private readonly receive = (sequences: Sequence[], atMs: number): void => {
    for (const sequence of sequences) {
      if (sequence.state !== 'ingesting') continue;
      sequence.state = 'waiting';
      this.enqueue(sequence);
    }
    if (!this.timer && this.waiting.length > 0) this.scheduleFrom(atMs);
  };

  /**
   * Queues a sequence at the engine. Under `serving.overlapSchedule`, one
   * that arrives while a step runs (step k) may be admitted only once step
   * k+1 has run too: the overlap scheduler planned k+1 while k ran.
   */
  private enqueue(sequence: Sequence): void {
    if (this.deployment.serving.overlapSchedule && this.timer) {
      sequence.admissibleAfterStep = this.counters.steps + 2;
    }
    this.waiting.push(sequence);
  }

  /** Whether the overlap scheduler may admit the head of the queue in the step being planned. */
  private headAdmissible(): boolean {
    return this.waiting[0]!.admissibleAfterStep <= this.counters.steps;
  }

  /** Drops a sequence (client went away) and frees its KV at the next step. */
  cancel(sequence: Sequence): void {
    if (sequence.state === 'ingesting') {
      sequence.state = 'cancelled';
    } else if (sequence.state === 'waiting') {
      const index = this.waiting.indexOf(sequence);
      if (index >= 0) this.waiting.splice(index, 1);
      sequence.state = 'cancelled';
    } else if (sequence.state === 'running') {
      sequence.state = 'cancelled';
    }
  }

  /** Stops the loop (server closing). */
  stop(): void {
    this.frontend?.stop();
    if (this.timer) this.clock.clearTimer(this.timer);
    this.timer = undefined;
    this.flushAtMs = -1;
    this.waiting.length = 0;
    this.running.length = 0;
    this.outbox.length = 0;
  }

  /**
   * Admits waiting sequences (FIFO) while sequence slots and KV allow and,
   * when `strict`, while the overlap scheduler has seen them (see `enqueue`).
   */
  private admit(strict = true): void {
    const serving = this.deployment.serving;
    while (this.waiting.length > 0 && this.running.length < serving.maxRunningSequences) {
      if (strict && !this.headAdmissible()) break;
      if (!this.admitHead()) break;
    }
    if (serving.prefixCaching) this.cache.resize(this.capacityTokens - this.kvUsedTokens);
  }

  /** Moves the head of the queue into the batch, reserving its KV; false when the KV does not fit. */
  private admitHead(): boolean {
    const sequence = this.waiting[0]!;
    const request = sequence.request;
    const need = request.promptTokens + request.outputTokens;
    if (this.kvUsedTokens + need > this.capacityTokens) return false;
    this.waiting.shift();
    let cached = this.deployment.serving.prefixCaching ? this.cache.lookup(request.promptBoundaries) : 0;
    cached = Math.min(cached, request.promptTokens - 1);
    sequence.cachedTokens = Math.max(0, cached);
    sequence.prefilled = sequence.cachedTokens;
    sequence.kvReserved = need;
    sequence.state = 'running';
    this.kvUsedTokens += need;
    this.counters.prefixQueryTokens += request.promptTokens;
    this.counters.prefixHitTokens += sequence.cachedTokens;
    this.counters.promptTokens += request.promptTokens;
    this.running.push(sequence);
    request.onAdmit?.(sequence.cachedTokens);
    return true;
  }

  /** Plans the next step; returns its duration, or -1 when there is nothing to do. */
  private plan(): number {
    this.planDecode.length = 0;
    this.planPrefill.length = 0;
    this.planChunks.length = 0;
    this.shape.tokens = 0;
    this.shape.contextTokensRead = 0;
    this.shape.attendedPairs = 0;
    const serving = this.deployment.serving;
    const inRound = this.roundStepsLeft > 0;
    if (inRound) {
      // Inside a multi-step round the scheduler does not run: no admission, no prefill, the same batch decodes.
      this.roundStepsLeft--;
      this.planDecodes();
    } else if (serving.scheduler === 'v0-prefill-first') {
      if (!this.planWholePrefills(true)) {
        this.planDecodes();
        // Nothing else to run: the overlap scheduler has no batch in flight, so it sees the queue at once.
        if (this.shape.tokens === 0 && serving.overlapSchedule) this.planWholePrefills(false);
      }
    } else {
      this.admit();
      this.planDecodes();
      this.planChunkedPrefills();
      if (this.shape.tokens === 0 && this.waiting.length > 0 && serving.overlapSchedule) {
        this.admit(false);
        this.planChunkedPrefills();
      }
    }
    if (this.shape.tokens === 0) {
      this.roundStepsLeft = 0;
      this.roundContinues = false;
      return -1;
    }
    // vLLM V0 multi-step: a decode-only step opens a round of numSchedulerSteps decode steps.
    if (this.planPrefill.length === 0 && serving.numSchedulerSteps > 1 && !this.roundContinues) {
      this.roundStepsLeft = serving.numSchedulerSteps - 1;
    }
    this.roundContinues = this.roundStepsLeft > 0;
    this.stepInRound = this.planPrefill.length === 0 && serving.numSchedulerSteps > 1;
    this.shape.sequences = this.planDecode.length + this.planPrefill.length;
    this.shape.prefill = this.planPrefill.length > 0;
    const hardware = this.deployment.hardware;
    // The per-sequence engine work (scheduling, preparing inputs, processing outputs) runs once per multi-step
    // round, on its first step: amortising it is what multi-step scheduling is for (vLLM v0.6.0 release blog).
    const base =
      stepTimeMs(this.deployment.model, hardware, serving.tensorParallel, this.shape) -
      (inRound ? hardware.perSequenceOverheadMs * this.shape.sequences : 0);
    const factor = 1 + this.deployment.serving.jitter * this.random.normal();
    return base * Math.max(0.5, factor);
  }

  /** One decode token for every running sequence whose prompt is in. */
  private planDecodes(): void {
    const shape = this.shape;
    for (const sequence of this.running) {
      if (sequence.state !== 'running' || !sequence.prefillDone) continue;
      this.planDecode.push(sequence);
      const context = sequence.request.promptTokens + sequence.generated;
      shape.tokens += 1;
      shape.contextTokensRead += context;
      shape.attendedPairs += context;
    }
  }

  /** V1: prompt chunks of admitted sequences, in arrival order, in the budget the decodes leave. */
  private planChunkedPrefills(): void {
    const shape = this.shape;
    let budget = this.deployment.serving.maxBatchedTokens - shape.tokens;
    for (const sequence of this.running) {
      if (budget <= 0) break;
      if (sequence.state !== 'running' || sequence.prefillDone) continue;
      const chunk = Math.min(sequence.request.promptTokens - sequence.prefilled, budget);
      this.addPrefill(sequence, chunk);
      budget -= chunk;
    }
  }

  /**
   * V0 without chunked prefill (vLLM's `_schedule_default`): admits whole
   * waiting prompts in FIFO order while each fits the remaining token
   * budget, the sequence limit (running sequences included) and the KV
   * cache, stopping at the first that does not. Returns whether any was
   * planned; if so the step is prefill-only and decoding waits. When
   * `strict`, stops too at a sequence the overlap scheduler has not yet
   * seen (see `enqueue`).
   */
  private planWholePrefills(strict: boolean): boolean {
    const serving = this.deployment.serving;
    let budget = serving.maxBatchedTokens;
    while (this.waiting.length > 0 && this.running.length < serving.maxRunningSequences) {
      if (strict && !this.headAdmissible()) break;
      // V0 charges the whole prompt to the budget, cached prefix or not.
      const prompt = this.waiting[0]!.request.promptTokens;
      if (prompt > budget || !this.admitHead()) break;
      budget -= prompt;
      const sequence = this.running[this.running.length - 1]!;
      this.addPrefill(sequence, prompt - sequence.prefilled);
    }
    if (serving.prefixCaching) this.cache.resize(this.capacityTokens - this.kvUsedTokens);
    return this.planPrefill.length > 0;
  }

  private addPrefill(sequence: Sequence, chunk: number): void {
    this.planPrefill.push(sequence);
    this.planChunks.push(chunk);
    this.shape.tokens += chunk;
    this.shape.contextTokensRead += sequence.prefilled + chunk;
    this.shape.attendedPairs += chunk * (sequence.prefilled + chunk / 2);
  }

  private scheduleFrom(startMs: number): void {
    let start = startMs;
    for (let steps = 0; steps < MAX_STEPS_PER_WAKE; steps++) {
      const duration = this.plan();
      // Async output processing overlaps a held output with the next single step only; before a multi-step
      // round's step, or with nothing to run, the engine processes and returns it first.
      const flush = this.outbox.length > 0 && (duration < 0 || this.stepInRound);
      if (duration < 0 && !flush) {
        this.timer = undefined;
        return;
      }
      const now = this.clock.now();
      let begin = start;
      if (flush) {
        begin = start + this.deployment.serving.outputProcessingMs;
        if (begin > now) {
          this.flushAtMs = begin;
          this.afterFlushMs = duration;
          this.timer = this.clock.setTimer(this.wake, begin - now);
          return;
        }
        this.flushOutbox(begin);
        if (duration < 0) {
          start = begin;
          continue;
        }
      }
      this.stepEndMs = begin + duration;
      if (this.stepEndMs > now) {
        this.timer = this.clock.setTimer(this.wake, this.stepEndMs - now);
        return;
      }
      this.apply(this.stepEndMs);
      start = now - this.stepEndMs > CATCH_UP_LIMIT_MS ? now : this.stepEndMs;
    }
    this.timer = this.clock.setTimer(this.wake, 0);
  }

  private readonly wake = (): void => {
    if (this.flushAtMs >= 0) {
      const at = this.flushAtMs;
      this.flushAtMs = -1;
      this.flushOutbox(at);
      const now = this.clock.now();
      const base = now - at > CATCH_UP_LIMIT_MS ? now : at;
      // Nothing was planned: plan again (requests may have arrived while the engine processed outputs).
      if (this.afterFlushMs < 0) {
        this.scheduleFrom(base);
        return;
      }
      this.stepEndMs = base + this.afterFlushMs;
      if (this.stepEndMs > now) {
        this.timer = this.clock.setTimer(this.wake, this.stepEndMs - now);
        return;
      }
    }
    const end = this.stepEndMs;
    this.apply(end);
    const now = this.clock.now();
    this.scheduleFrom(now - end > CATCH_UP_LIMIT_MS ? now : end);
  };

  private apply(intendedAtMs: number): void {
    this.counters.steps++;
    // Async output processing: the last single step's outputs are returned when this step's are computed.
    const hold = this.deployment.serving.asyncOutputProcessing && !this.stepInRound;
    if (this.outbox.length > 0) this.flushOutbox(intendedAtMs);
    for (let index = 0; index < this.planPrefill.length; index++) {
      const sequence = this.planPrefill[index]!;
      if (sequence.state !== 'running') continue;
      sequence.prefilled += this.planChunks[index]!;
      if (sequence.prefillDone) this.emit(sequence, intendedAtMs, hold);
    }
    for (const sequence of this.planDecode) {
      // A sequence that ended earlier in a multi-step round still runs in it; its extra tokens are discarded.
      if (sequence.state === 'running' && sequence.generated < sequence.request.outputTokens) {
        this.emit(sequence, intendedAtMs, hold);
      }
    }
    let kept = 0;
    for (const sequence of this.running) {
      const live = sequence.state === 'running';
      // vLLM V0 multi-step processes outputs at the round end: a sequence that ends mid-round keeps its
      // slot and KV, and its last tokens are streamed, when the round ends.
      if (live && (sequence.generated < sequence.request.outputTokens || this.roundContinues)) {
        this.running[kept++] = sequence;
        continue;
      }
      this.kvUsedTokens -= sequence.kvReserved;
      if (!live) continue;
      if (hold) {
        this.toOutbox(sequence);
        sequence.outboxFinish = true;
      } else {
        this.deliver(sequence, sequence.generated, intendedAtMs);
        this.finish(sequence);
      }
    }
    this.running.length = kept;
  }

  /**
   * Counts a generated token and hands over the tokens due: the first at
   * once; later ones, once no multi-step round holds them, when
   * `streamInterval` are pending or the sequence has ended. When `hold`
   * (async output processing), the due tokens go to the outbox instead.
   */
  private emit(sequence: Sequence, intendedAtMs: number, hold: boolean): void {
    const index = sequence.generated++;
    this.counters.generationTokens++;
    const due =
      index === 0 ||
      (!this.roundContinues &&
        (sequence.generated >= sequence.request.outputTokens ||
          sequence.generated - sequence.delivered >= this.deployment.serving.streamInterval));
    if (!due) return;
    if (hold) this.toOutbox(sequence);
    else this.deliver(sequence, sequence.generated, intendedAtMs);
  }

  private toOutbox(sequence: Sequence): void {
    sequence.outboxUpTo = sequence.generated;
    if (sequence.inOutbox) return;
    sequence.inOutbox = true;
    this.outbox.push(sequence);
  }

  /** Returns the held outputs: their tokens, and the end of sequences that finished. */
  private flushOutbox(atMs: number): void {
    for (const sequence of this.outbox) {
      sequence.inOutbox = false;
      if (sequence.state !== 'running') continue;
      this.deliver(sequence, sequence.outboxUpTo, atMs);
      if (sequence.outboxFinish) this.finish(sequence);
    }
    this.outbox.length = 0;
  }

  private deliver(sequence: Sequence, upTo: number, intendedAtMs: number): void {
    while (sequence.delivered < upTo) {
      sequence.request.onToken(sequence.delivered++, intendedAtMs);
      if (this.lateness) this.lateness(this.clock.now() - intendedAtMs);
    }
  }

  private finish(sequence: Sequence): void {
    sequence.state = 'done';
    this.counters.requestsFinished++;
    if (this.deployment.serving.prefixCaching) {
      this.cache.resize(this.capacityTokens - this.kvUsedTokens);
      this.cache.insert(sequence.request.promptBoundaries, sequence.request.completionBoundaries);
    }
    sequence.request.onFinish();
  }
}
