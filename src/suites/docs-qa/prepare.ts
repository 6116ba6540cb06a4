import type { PrepareContext } from '../../spec/index.js';
import { createSearchIndex } from '../../tools/index.js';
import { embedAll } from '../shared/index.js';
import { docsCorpus } from './corpus.js';
import type { DocsShared } from './state.js';

/** Embeds every passage through the embedder role (batches of 64) and builds the hybrid index. */
export async function prepareDocsIndex(ctx: PrepareContext): Promise<DocsShared> {
  const { passages } = docsCorpus(ctx.seed);
  const vectors = await embedAll(
    ctx,
    'embedder',
    passages.map((passage) => passage.text),
    { batchSize: 64, concurrency: 4, what: 'docs-qa passages embedded' },
  );
  const index = createSearchIndex();
  index.add(
    passages.map((passage, position) => ({
      id: passage.id,
      text: passage.text,
      vector: vectors[position] as Float32Array,
    })),
  );
  return { index, close: () => index.close() };
}
