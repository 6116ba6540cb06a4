import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { Clock } from '../spec/index.js';

/** Bytes in, SSE events out: the incremental half of readSse, for callers that own the reading loop. */
export interface SseFeeder {
  /** Feeds one network chunk that arrived at atMs. */
  feed(chunk: Uint8Array, atMs: number): void;
  /** Flushes a last event that lacked its closing blank line. */
  end(): void;
}

/**
 * Parsing (split lines, split events, CRLF, comments) is eventsource-parser's;
 * this adds UTF-8 decoding across chunk boundaries and the arrival time.
 */
export function createSseFeeder(onEvent: (event: EventSourceMessage, atMs: number) => void): SseFeeder {
  let atMs = 0;
  const parser = createParser({ onEvent: (event) => onEvent(event, atMs) });
  const decoder = new TextDecoder();
  return {
    feed(chunk, arrivedAtMs) {
      atMs = arrivedAtMs;
      parser.feed(decoder.decode(chunk, { stream: true }));
    },
    end() {
      const rest = decoder.decode();
      // A stream that ends without the blank line after its last event still delivers it.
      parser.feed(rest.endsWith('\n') ? rest : `${rest}\n\n`);
    },
  };
}

/**
 * Reads a Server-Sent Events body and calls onEvent for each complete event
 * with the clock reading of the network chunk that completed it (events that
 * arrive in one read share its time: that is when the client saw them).
 * The clock is read once per network chunk, not per event, to keep the
 * per-token path cheap.
 */
export async function readSse(
  body: AsyncIterable<Uint8Array>,
  clock: Clock,
  onEvent: (event: EventSourceMessage, atMs: number) => void,
): Promise<void> {
  const feeder = createSseFeeder(onEvent);
  for await (const chunk of body) feeder.feed(chunk, clock.now());
  feeder.end();
}
