import type { PrepareContext } from '../../spec/index.js';
import { serviceClient, startServiceThread } from '../services/index.js';
import { embedAll } from '../shared/index.js';
import { docsCorpus } from './corpus.js';
import type { DocsShared } from './state.js';

/**
 * Embeds every passage through the embedder role (batches of 64), builds the
 * hybrid index and serves it as the bundled remote vector store (in a thread
 * of its own).
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
  const documents = passages.map((passage, position) => ({
    id: passage.id,
    text: passage.text,
    vector: vectors[position] as Float32Array,
  }));
  const store = await startServiceThread('vector-store', documents, { seed: ctx.seed, ...options });
  const client = serviceClient(store.baseUrl);
  return {
    size: documents.length,
    store,
    client,
    close: async () => {
      await client.close();
      await store.close();
    },
  };
}
