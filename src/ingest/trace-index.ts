import type { OtelSpan } from './otel-span.js';

/** How long to wait for a trace's spans. */
export interface WaitForTraceOptions {
  /**
   * Resolve once no new span of the trace arrived for this long after its
   * root span ended (default 100 ms): exporters send children and the root
   * in separate batches, in any order.
   */
  quietMs?: number;
  /** Resolve with whatever arrived after this long, root or not (default 10 s). */
  timeoutMs?: number;
  /**
   * The span id the caller sent in `traceparent`: a span whose parent is it
   * is the trace's root. Without it, only a span with no parent counts.
   */
  remoteParentSpanId?: string;
  signal?: AbortSignal;
}

interface Trace {
  spans: OtelSpan[];
  rootEnded: boolean;
  waiters: Set<() => void>;
}

/**
 * Spans by trace id, with waits on a trace's completion. Bounded: beyond
 * maxTraces the oldest trace nobody waits for is dropped, so an agent that
 * exports traces no task asked for cannot grow the harness's memory.
 */
export class TraceIndex {
  private readonly traces = new Map<string, Trace>();
  private readonly maxTraces: number;

  constructor(maxTraces = 10_000) {
    this.maxTraces = maxTraces;
  }

  /** Number of traces held. */
  get size(): number {
    return this.traces.size;
  }

  add(spans: readonly OtelSpan[]): void {
    for (const span of spans) {
      const trace = this.traceOf(span.traceId);
      trace.spans.push(span);
    }
    const touched = new Set(spans.map((span) => span.traceId));
    for (const traceId of touched) {
      for (const notify of this.traces.get(traceId)?.waiters ?? []) notify();
    }
    this.evict();
  }

  /**
   * The trace's spans, once its root ended and no span arrived for quietMs,
   * or at timeoutMs. Removes the trace from the index: each trace is taken
   * once.
   */
  waitForTrace(traceId: string, options: WaitForTraceOptions = {}): Promise<OtelSpan[]> {
    const quietMs = options.quietMs ?? 100;
    const timeoutMs = options.timeoutMs ?? 10_000;
    const key = traceId.toLowerCase();
    const trace = this.traceOf(key);
    const isRoot = (span: OtelSpan) =>
      span.parentSpanId === null ||
      (options.remoteParentSpanId !== undefined && span.parentSpanId === options.remoteParentSpanId);
    return new Promise<OtelSpan[]>((resolve) => {
      let quietTimer: NodeJS.Timeout | undefined;
      const finish = () => {
        clearTimeout(quietTimer);
        clearTimeout(deadline);
        options.signal?.removeEventListener('abort', finish);
        trace.waiters.delete(onSpans);
        if (trace.waiters.size === 0) this.traces.delete(key);
        resolve(trace.spans.slice());
      };
      const onSpans = () => {
        if (!trace.rootEnded) trace.rootEnded = trace.spans.some(isRoot);
        if (!trace.rootEnded) return;
        clearTimeout(quietTimer);
        quietTimer = setTimeout(finish, quietMs);
      };
      const deadline = setTimeout(finish, timeoutMs);
      trace.waiters.add(onSpans);
      options.signal?.addEventListener('abort', finish, { once: true });
      onSpans();
    });
  }

  private traceOf(traceId: string): Trace {
    let trace = this.traces.get(traceId);
    if (trace === undefined) {
      trace = { spans: [], rootEnded: false, waiters: new Set() };
      this.traces.set(traceId, trace);
    }
    return trace;
  }

  private evict(): void {
    if (this.traces.size <= this.maxTraces) return;
    for (const [traceId, trace] of this.traces) {
      if (this.traces.size <= this.maxTraces) return;
      if (trace.waiters.size === 0) this.traces.delete(traceId);
    }
  }
}
