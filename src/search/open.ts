/** Opens an index folder and the embedder as a ready SearchEngine, for the CLIs, the eval and the bench. */
import { createEmbedder, type Embedder } from '../embed/embedder.js';
import { openIndex } from '../index/reader.js';
import { Engine, type SearchTuning } from './engine.js';

export async function openEngine(indexDir: string, options: { tuning?: Partial<SearchTuning>; embedder?: Embedder } = {}): Promise<{ engine: Engine; close: () => Promise<void> }> {
  const index = openIndex(indexDir);
  const embedder = options.embedder ?? (await createEmbedder());
  const engine = new Engine(index, embedder, options.tuning);
  return {
    engine,
    close: async () => {
      index.close();
      if (!options.embedder) await embedder.dispose();
    },
  };
}
