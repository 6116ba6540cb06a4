import { TokenTimeline } from './token-timeline.js';

/** Reads a summary line (usage, finish reason) found by an EventScanner. */
export interface SummaryReader {
  /** The JSON text of the line's data; may throw, which stops the scan. */
  summary(json: string): void;
}

/**
 * Counts output-bearing events and finds summary events (usage, finish) in
 * a server-sent event stream with one regular expression pass over its
 * latin1 text (one char per byte, so text offsets are byte offsets),
 * instead of decoding and JSON-parsing every event: parsing each event
 * costs about as much CPU as the plain streamed call itself (see
 * bench/fetch-instrumented.ts). Only the one or two summary lines of a
 * stream are decoded as UTF-8 and parsed. JSON strings escape their quotes,
 * so text inside a value cannot fake a key pattern.
 *
 * Chunks are kept by reference with their arrival times and scanned
 * together when the stream ends (or once FLUSH_BYTES are pending), because
 * one pass over the whole text costs about half as much as one pass per
 * network chunk. Each event is timed at the chunk that brought its blank
 * line, when an SSE parser would dispatch it, so deferring the scan
 * changes no reading. (Fetch enqueues a copy of each dispatcher chunk for
 * its reader, so those are ours alone; on the fallback stream path the
 * chunks are the caller's, assumed not overwritten.)
 *
 * The pattern is matched with `test` (no match arrays). A match whose last
 * character is a quote is a summary; any other is one output-bearing event.
 */
export class EventScanner {
  readonly timeline: TokenTimeline;
  private readonly pattern: RegExp;
  private readonly reader: SummaryReader;
  private chunks: Buffer[] = [];
  private times: number[] = [];
  private pendingBytes = 0;
  /** Bytes of an event left incomplete by the last flush; no event ends in them. */
  private carry: Buffer | null = null;
  private lastAtMs = 0;

  constructor(sentAtMs: number, pattern: RegExp, reader: SummaryReader) {
    this.timeline = new TokenTimeline(sentAtMs);
    // Shared global-flag expressions: scan() is synchronous and resets lastIndex first.
    this.pattern = pattern;
    this.reader = reader;
  }

  feed(chunk: Uint8Array, atMs: number): void {
    this.chunks.push(
      chunk instanceof Buffer ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength),
    );
    this.times.push(atMs);
    this.lastAtMs = atMs;
    this.pendingBytes += chunk.byteLength;
    if (this.pendingBytes >= FLUSH_BYTES) this.scan(false);
  }

  /** Scans what is left; a last event without its blank line counts, at the last chunk's time. */
  end(): void {
    if (this.chunks.length === 0 && this.carry !== null) {
      // The stream ended right after a flush: its unfinished event arrived by the last chunk.
      this.chunks.push(this.carry);
      this.times.push(this.lastAtMs);
      this.carry = null;
    }
    if (this.chunks.length > 0) this.scan(true);
  }

  private scan(final: boolean): void {
    const chunks = this.chunks;
    const times = this.times;
    const carry = this.carry;
    const bytes =
      carry === null && chunks.length === 1
        ? chunks[0]!
        : Buffer.concat(carry === null ? chunks : [carry, ...chunks]);
    const text = bytes.toString('latin1');
    const limit = final ? text.length : completeEventsEnd(text);
    // Offset just past each chunk, in `text`; the carry counts as no chunk (no event ends in it).
    let chunkIndex = 0;
    let chunkEnd = (carry?.length ?? 0) + chunks[0]!.length;
    let eventEnd = -1;
    let eventAtMs = 0;
    const pattern = this.pattern;
    pattern.lastIndex = 0;
    while (pattern.test(text)) {
      const matchEnd = pattern.lastIndex;
      if (matchEnd > limit) break;
      if (matchEnd >= eventEnd) {
        eventEnd = eventEndAfter(text, matchEnd);
        while (eventEnd > chunkEnd && chunkIndex < chunks.length - 1) {
          chunkIndex += 1;
          chunkEnd += chunks[chunkIndex]!.length;
        }
        eventAtMs = times[chunkIndex]!;
      }
      if (text.charCodeAt(matchEnd - 1) !== QUOTE) {
        this.timeline.mark(eventAtMs);
        continue;
      }
      // The field name is at the start of the line: "data:" inside a value (say "metadata: …") is text, not a field.
      const lineStart = text.lastIndexOf('\n', matchEnd) + 1;
      const lineEnd = text.indexOf('\n', matchEnd);
      // A line holding two summary keys is parsed twice, which is harmless; skipping the rest of the line could miss its content.
      if (text.startsWith('data:', lineStart))
        this.reader.summary(
          bytes.toString('utf8', lineStart + 5, lineEnd === -1 ? text.length : lineEnd).trim(),
        );
    }
    this.carry = limit < bytes.length ? Buffer.from(bytes.subarray(limit)) : null;
    this.chunks = [];
    this.times = [];
    this.pendingBytes = 0;
  }
}

/** Text pending past this many bytes is scanned before the stream ends, so a long stream is not held whole. */
const FLUSH_BYTES = 256 * 1024;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Offset just past the blank line ending the event that holds `from` (LF or
 * CRLF lines); the text's length if the event is not complete.
 */
function eventEndAfter(text: string, from: number): number {
  for (let newline = text.indexOf('\n', from); newline !== -1; newline = text.indexOf('\n', newline + 1)) {
    const next = text.charCodeAt(newline + 1);
    if (next === LF) return newline + 2;
    if (next === CR && text.charCodeAt(newline + 2) === LF) return newline + 3;
  }
  return text.length;
}

/** Length of text up to the end of its last complete event, walking back line by line from the end. */
function completeEventsEnd(text: string): number {
  for (let newline = text.lastIndexOf('\n'); newline > 0; newline = text.lastIndexOf('\n', newline - 1)) {
    const before = text.charCodeAt(newline - 1);
    if (before === LF || (before === CR && newline > 1 && text.charCodeAt(newline - 2) === LF))
      return newline + 1;
  }
  return 0;
}
