import { createReadStream, existsSync } from 'node:fs';
import { UsageError } from '../errors.js';

/**
 * The JSON values of a JSONL file, one array per chunk read (64 KiB by
 * default), so a caller can stream a file of millions of lines with one
 * await per chunk rather than per line. Small chunks let each chunk's parsed
 * records die in the young generation (4 MiB chunks got them promoted, and
 * a report's heap grew to hundreds of MiB of old garbage). A bad line is an
 * error naming the file and line; a last line with no newline that does not
 * parse was cut mid-write (a killed run): it is dropped and, when `notes` is
 * given, said so there. A missing file reads as no records.
 */
export async function* jsonLineChunks<T>(
  path: string,
  notes?: string[],
  chunkBytes = 64 * 1024,
): AsyncGenerator<T[]> {
  if (!existsSync(path)) return;
  let carry = '';
  let lineNumber = 0;
  const parseInto = (line: string, into: T[]) => {
    lineNumber++;
    if (line.trim() === '') return;
    try {
      into.push(JSON.parse(line) as T);
    } catch (error) {
      throw new UsageError(`${path}:${lineNumber} is not valid JSON: ${(error as Error).message}`);
    }
  };
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: chunkBytes });
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      const lines = (carry + chunk).split('\n');
      carry = lines.pop()!;
      const records: T[] = [];
      for (const line of lines) parseInto(line, records);
      if (records.length > 0) yield records;
    }
    if (carry !== '') {
      const records: T[] = [];
      try {
        parseInto(carry, records);
      } catch (error) {
        if (notes === undefined) throw error;
        notes.push(`dropped a torn last line of ${path} (cut mid-write when the run stopped)`);
      }
      if (records.length > 0) yield records;
    }
  } finally {
    stream.destroy();
  }
}

/**
 * Reads a JSONL file a chunk at a time on demand, for walking two files in
 * step: `current()` is synchronous while the chunk lasts, and `fill()` is
 * awaited only when it ran out.
 */
export class RecordCursor<T> {
  private chunk: T[] = [];
  private position = 0;
  private finished = false;

  constructor(private readonly chunks: AsyncGenerator<T[]>) {}

  /** The next record, or undefined when the chunk is used up (see `exhausted`, `fill`). */
  current(): T | undefined {
    return this.chunk[this.position];
  }

  advance(): void {
    this.position++;
  }

  /** True when every record has been read. */
  get exhausted(): boolean {
    return this.finished && this.position >= this.chunk.length;
  }

  /** Reads the next chunk (the current one must be used up). */
  async fill(): Promise<void> {
    const next = await this.chunks.next();
    this.position = 0;
    if (next.done === true) {
      this.chunk = [];
      this.finished = true;
    } else this.chunk = next.value;
  }

  /** Stops reading and closes the file. */
  async close(): Promise<void> {
    await this.chunks.return(undefined);
  }
}
