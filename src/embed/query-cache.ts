/**
 * A bounded LRU of query vectors in front of an Embedder: the same query text (the same search in another mode,
 * its comparison, the next page of results, a popular query) is embedded once. Keyed by the embedding recipe and
 * the text, so a vector made one way is never served for another. Concurrent requests for the same text share one
 * embedding; a failed one (BUSY) is not remembered.
 */
import { LRUCache } from 'lru-cache';
import type { Embedder } from './embedder.js';

export interface QueryCacheOptions {
  /** Vectors kept (2 KB each at 512 dimensions); default 4096 (≈ 8 MB). 0 disables the cache. */
  max?: number;
}

export interface QueryCacheStats {
  hits: number;
  misses: number;
  size: number;
}

export function withQueryCache(embedder: Embedder, options: QueryCacheOptions = {}): Embedder & { queryCacheStats(): QueryCacheStats } {
  const max = options.max ?? 4096;
  let hits = 0;
  let misses = 0;
  const cache =
    max > 0
      ? new LRUCache<string, Float32Array, string>({
          max,
          // An entry evicted while it is computed still answers the requests waiting for it.
            ignoreFetchAbort: true,
            fetchMethod: async (_key, _stale, { context }) => {
            misses++;
            return embedder.embedQuery(context);
          },
        })
      : null;
  const embedQuery = async (text: string): Promise<Float32Array> => {
    if (!cache) return embedder.embedQuery(text);
    const key = `${embedder.info.recipe}\n${text}`;
    if (cache.has(key)) hits++;
    const vector = await cache.fetch(key, { context: text });
    // A copy: whoever receives it may not change what the next request gets.
    return vector!.slice();
  };
  return {
    info: embedder.info,
    embed: (texts, onProgress) => embedder.embed(texts, onProgress),
    embedQuery,
    dispose: () => embedder.dispose(),
    queryCacheStats: () => ({ hits, misses, size: cache?.size ?? 0 }),
  };
}
