import type { PrepareContext } from '../../spec/index.js';

/**
 * Embeds texts through the embedder role in batches, a few batches in flight
 * at once (as an indexing job would), reporting progress as batches finish.
 */
export async function embedAll(
  ctx: PrepareContext,
  role: string,
  texts: string[],
  options: { batchSize?: number; concurrency?: number; what?: string } = {},
): Promise<Float32Array[]> {
  const batchSize = options.batchSize ?? 64;
  const concurrency = options.concurrency ?? 4;
  const vectors: Float32Array[] = new Array(texts.length);
  let nextStart = 0;
  let done = 0;
  const worker = async () => {
    while (nextStart < texts.length) {
      if (ctx.signal.aborted) throw ctx.signal.reason ?? new Error('aborted');
      const start = nextStart;
      nextStart += batchSize;
      const batch = texts.slice(start, start + batchSize);
      const result = await ctx.embed(role, batch);
      if (result.vectors.length !== batch.length) {
        throw new Error(`embedder returned ${result.vectors.length} vectors for ${batch.length} texts`);
      }
      result.vectors.forEach((vector, offset) => {
        vectors[start + offset] = vector;
      });
      done += batch.length;
      ctx.progress(done, texts.length, options.what ?? 'passages embedded');
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return vectors;
}
