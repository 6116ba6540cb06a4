import type { PrepareContext } from '../../spec/index.js';
import { createSearchIndex } from '../../tools/index.js';
import { serviceClient, startVectorStoreService } from '../services/index.js';
import { embedAll } from '../shared/index.js';
import { docsCorpus } from './corpus.js';
import type { DocsShared } from './state.js';

/**
 * Embeds every passage through the embedder role (batches of 64), builds the
 * hybrid index and serves it as the bundled remote vector store.
 * `modelledServiceTime: false` answers queries as soon as they are done (tests).
 */
export async function prepareDocsIndex(
  ctx: PrepareContext,
  options: { modelledServiceTime?: boolean } = {},
): Promise<DocsShared> {
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
  const store = await startVectorStoreService(index, { seed: ctx.seed, ...options });
  const client = serviceClient(store.baseUrl);
  return {
    index,
    store,
    client,
    close: async () => {
      await client.close();
      await store.close();
      index.close();
    },
  };
}
