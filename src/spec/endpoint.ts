import type { Clock } from './clock.js';
import type { ChatRequest, ChatResult, EmbedResult, RerankResult } from './messages.js';

/** Prices of one endpoint, in USD. Absent fields mean "no price known", never 0. */
export interface Prices {
  /** Per million uncached input tokens. */
  inputPerMTok?: number;
  /** Per million cached input tokens (defaults to inputPerMTok when absent). */
  cachedInputPerMTok?: number;
  /** Per million output tokens (reasoning included). */
  outputPerMTok?: number;
  /** Per call, for APIs priced per request (rerank, some embeddings). */
  perCall?: number;
  /** Per thousand rerank search units (Cohere's pricing unit). */
  perKSearchUnits?: number;
}

/** Something that happened during a call that the span must show. */
export interface CallObserver {
  /** A retry is about to wait waitMs after a failed attempt. */
  onRetry?(attempt: number, waitMs: number, error: Error): void;
  /** Time spent waiting for the client-side concurrency cap. */
  onQueued?(waitMs: number): void;
}

export interface CallOptions {
  signal?: AbortSignal;
  clock: Clock;
  observer?: CallObserver;
}

/**
 * A real API (or the simulator) that serves one or more roles. Adapters live
 * in src/endpoints; the context calls them and turns each call into a span.
 */
export interface EndpointAdapter {
  /** The endpoint's name in the fabric. */
  readonly name: string;
  /** Placement label of a model served here: the hardware it runs on (e.g. "h100", "decode-asic"). */
  placementOf(model: string): string;
  /** True when the numbers it produces come from the simulator. */
  readonly simulated: boolean;
  chat?(model: string, request: ChatRequest, options: CallOptions): Promise<ChatResult>;
  embed?(model: string, texts: string[], options: CallOptions): Promise<EmbedResult>;
  rerank?(
    model: string,
    query: string,
    documents: string[],
    options: CallOptions & { topN?: number },
  ): Promise<RerankResult>;
  /** One small real request; throws an ApiCallError naming this endpoint when it does not answer. */
  preflight?(model: string, capability: 'chat' | 'embed' | 'rerank', options: CallOptions): Promise<void>;
  close(): Promise<void>;
}
