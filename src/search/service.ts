/**
 * Holds the engine the server answers with, and swaps it for a new one when a new index is committed
 * (index/manifest.json changes, or SIGHUP). Requests in flight keep the engine they started with; the old
 * index is closed a little later. A failed reload keeps serving the old index. Answers and query vectors are
 * remembered (answer-cache.ts, embed/query-cache.ts); answers are keyed by build, so a reload never serves a stale one.
 */
import { watchFile, unwatchFile } from 'node:fs';
import { join } from 'node:path';
import type { Embedder } from '../embed/embedder.js';
import { withQueryCache } from '../embed/query-cache.js';
import { MANIFEST_FILE } from '../index/manifest.js';
import { openIndex, type LoadedIndex } from '../index/reader.js';
import { AnswerCache, cachedEngine, type AnswerCacheOptions } from './answer-cache.js';
import { Engine, type SearchTuning } from './engine.js';
import type { SearchEngine } from './types.js';

export interface IndexServiceOptions {
  indexDir: string;
  embedder: Embedder;
  tuning?: Partial<SearchTuning>;
  /** Remembered answers (default 64 MB) and query vectors (default 4096); `{ maxMB: 0 }` / `0` turn them off. */
  answerCache?: AnswerCacheOptions;
  queryCache?: number;
  log?: { info: (obj: object, msg: string) => void; error: (obj: object, msg: string) => void };
}

export class IndexService {
  /** The current index's engine, and the same behind the answer cache. */
  private current: { engine: Engine; answering: SearchEngine };
  private loaded: LoadedIndex;
  private watching = false;
  /** Answers of every build, keyed by build: a reload never serves the previous build's answer. */
  readonly answers: AnswerCache;
  /** Called with each new engine a reload switches to (e.g. to prepare what is computed on first use). */
  onSwitch: ((engine: Engine) => void) | null = null;
  private readonly embedder: Embedder;

  constructor(private readonly options: IndexServiceOptions) {
    this.answers = new AnswerCache(options.answerCache);
    this.embedder = withQueryCache(options.embedder, { max: options.queryCache ?? 4096 });
    this.loaded = openIndex(options.indexDir);
    this.current = this.serve(this.loaded);
  }

  private serve(index: LoadedIndex): { engine: Engine; answering: SearchEngine } {
    const engine = new Engine(index, this.embedder, this.options.tuning);
    return { engine, answering: cachedEngine(engine, index.manifest.build, this.answers) };
  }

  /** The engine to answer the next request with (answers remembered per build). */
  engine = (): SearchEngine => this.current.answering;

  /** The current index's engine itself, for what composes over it (the analyst views). */
  baseEngine = (): Engine => this.current.engine;

  get build(): string {
    return this.loaded.manifest.build;
  }

  /** Re-opens the index if its manifest names another build. Returns true when it switched. */
  reload(): boolean {
    const log = this.options.log;
    let next: LoadedIndex;
    try {
      next = openIndex(this.options.indexDir);
    } catch (e) {
      log?.error({ err: e }, 'reload failed; still serving the previous index');
      return false;
    }
    if (next.manifest.build === this.loaded.manifest.build) {
      next.close();
      return false;
    }
    const old = this.loaded;
    this.loaded = next;
    this.current = this.serve(next);
    this.onSwitch?.(this.current.engine);
    log?.info({ build: next.manifest.build, paragraphs: next.manifest.counts.paragraphs }, 'switched to the new index');
    // Let requests that hold the old engine finish before its database closes.
    setTimeout(() => old.close(), 30_000).unref();
    return true;
  }

  /** Polls the manifest (fs.watch misses atomic renames on some filesystems) and reloads on change. */
  watch(intervalMs = 1000): void {
    if (this.watching) return;
    this.watching = true;
    watchFile(join(this.options.indexDir, MANIFEST_FILE), { interval: intervalMs }, () => this.reload());
  }

  close(): void {
    if (this.watching) unwatchFile(join(this.options.indexDir, MANIFEST_FILE));
    this.loaded.close();
  }
}
