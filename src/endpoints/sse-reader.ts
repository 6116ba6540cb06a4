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

/** A Node readable stream (undici's response body): read through its data events. */
interface EventBody {
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
  once(event: 'end' | 'close', listener: () => void): unknown;
  once(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * Reads a Server-Sent Events body and calls onEvent for each complete event
 * with the clock reading of the network chunk that completed it (events that
 * arrive in one read share its time: that is when the client saw them).
 * The clock is read once per network chunk, not per event, to keep the
 * per-token path cheap. A Node stream is read through its `data` events,
 * which undici emits synchronously as the socket's bytes are parsed: the
 * clock is read there, not after an async iterator's promise hops.
 */
export async function readSse(
  body: AsyncIterable<Uint8Array> | (AsyncIterable<Uint8Array> & EventBody),
  clock: Clock,
  onEvent: (event: EventSourceMessage, atMs: number) => void,
): Promise<void> {
  const feeder = createSseFeeder(onEvent);
  if ('on' in body && typeof body.on === 'function') {
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      body.on('data', (chunk) => {
        if (failed) return;
        try {
          feeder.feed(chunk, clock.now());
        } catch (error) {
          failed = true;
          reject(error);
        }
      });
      body.once('error', reject);
      body.once('end', resolve);
      // Destroyed without an end (aborted): the error listener has already rejected, or nothing will.
      body.once('close', () => reject(new Error('the response stream closed before it ended')));
    });
  } else {
    for await (const chunk of body) feeder.feed(chunk, clock.now());
  }
  feeder.end();
}
