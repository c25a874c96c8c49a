/**
 * Answers remembered across requests: a SearchEngine wrapper that keeps search, compare and similar answers in a
 * bounded LRU keyed by the index build and the normalised request. A hot reload opens a new build, so the same
 * request after it is computed afresh: a stale answer is never served. Identical requests that arrive together share
 * one computation. The ranking code is untouched: this only decides whether to ask it.
 *
 * Answers are shared between requests: callers treat them as read-only (the API and pages only serialise them).
 */
import { LRUCache } from 'lru-cache';
import type { CompareResult, Hit, SearchEngine, SearchOptions, SimilarResult, SimilarTextOptions, SimilarTextResult, SearchResult } from './types.js';

type Answer = SearchResult | CompareResult | SimilarResult | SimilarTextResult;

export interface AnswerCacheOptions {
  /** Approximate memory bound in MB (estimated from the hits' text); default 64. 0 disables the cache. */
  maxMB?: number;
  /** Entry bound; default 5000. */
  max?: number;
}

/** One cache shared by the engines of successive builds: old builds' answers simply age out. */
export class AnswerCache {
  private readonly lru: LRUCache<string, Answer, () => Promise<Answer>> | null;
  hits = 0;
  misses = 0;

  constructor(options: AnswerCacheOptions = {}) {
    const maxMB = options.maxMB ?? 64;
    this.lru =
      maxMB > 0
        ? new LRUCache<string, Answer, () => Promise<Answer>>({
            max: options.max ?? 5000,
            maxSize: Math.max(1, Math.round(maxMB * 1024 * 1024)),
            sizeCalculation: answerBytes,
            // An entry evicted while it is computed still answers the requests waiting for it.
            ignoreFetchAbort: true,
            fetchMethod: (_key, _stale, { context }) => {
              this.misses++;
              return context();
            },
          })
        : null;
  }

  get size(): number {
    return this.lru?.size ?? 0;
  }

  /** The answer for `key`, computed by `compute` unless remembered (or being computed for another request). */
  async get<T extends Answer>(key: string, compute: () => Promise<T>): Promise<T> {
    if (!this.lru) return compute();
    if (this.lru.has(key)) this.hits++;
    return (await this.lru.fetch(key, { context: compute })) as T;
  }

  clear(): void {
    this.lru?.clear();
  }
}

function hitBytes(h: Hit): number {
  // UTF-16 text, section path and document metadata, plus the object overhead of a hit.
  return 2 * (h.text.length + h.section.join('').length + (h.doc.title?.length ?? 0)) + 600;
}

/** An estimate of an answer's memory, from its hits. */
export function answerBytes(a: Answer): number {
  const hits: Hit[] = 'results' in a ? a.results : 'source' in a ? [a.source, ...a.columns.flatMap((c) => c.results)] : a.columns.flatMap((c) => c.results);
  return 1000 + hits.reduce((s, h) => s + hitBytes(h), 0);
}

/**
 * Every option of the remembered operations (a new option must be added to `requestKey`, or two requests would share
 * an answer: `in_force` was missed once, and an expired document's hits were served to the request that left it out;
 * test/search/answer-cache.test.ts lists every option by type, so a new one fails the type check until it is tested).
 */
export type KeyedOptions = Partial<SearchOptions & SimilarTextOptions & { sentence: number }>;

/** Filter lists are sets: their order and repeats do not change an answer. */
const set = (xs: string[] | undefined) => (xs?.length ? [...new Set(xs)].sort() : undefined);

/** The request as a key: the operation, its text and its options with defaults dropped and sets sorted. */
export function requestKey(op: string, text: string, options: KeyedOptions): string {
  const o = options;
  return JSON.stringify([
    op, text, o.mode ?? null, o.k ?? null, set(o.cities) ?? null, set(o.docs) ?? null, set(o.levels) ?? null, o.part ?? null, o.sentence ?? null,
    o.exclude ?? null, set(o.excludeDocs) ?? null, o.scope === 'all' ? 'all' : null, o.spell === 'off' ? 'off' : null, o.since ?? null, o.until ?? null,
    o.inForce ?? null,
  ]);
}

/**
 * `engine` with its search, compare, similar and similarText answers remembered under `build` (the index build id);
 * everything else is passed through. (The analyst views are composed over the engine itself and keep their own
 * results per engine: src/analysis.)
 */
export function cachedEngine(engine: SearchEngine, build: string, cache: AnswerCache): SearchEngine {
  const key = (op: string, text: string, options: KeyedOptions) => `${build}\n${requestKey(op, text, options)}`;
  return {
    corpus: () => engine.corpus(),
    scopeOf: (query, options) => engine.scopeOf(query, options),
    placeOutsideOf: (query) => engine.placeOutsideOf(query),
    spellingOf: (query, options) => engine.spellingOf(query, options),
    search: (query, options) => cache.get(key('search', query, options), () => engine.search(query, options)),
    compare: (query, options) => cache.get(key('compare', query, options), () => engine.compare(query, options)),
    similar: (id, options) => cache.get(key('similar', id, options), () => engine.similar(id, options)),
    similarText: (text, options) => cache.get(key('similarText', text, options), () => engine.similarText(text, options)),
    paragraph: (id, context) => engine.paragraph(id, context),
    document: (id) => engine.document(id),
  };
}
