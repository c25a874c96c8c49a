/**
 * A big index reads its sentence vectors from their file per candidate instead of holding them
 * (src/index/reader.ts `sentenceVectorsInMemory`, src/index/quantized.ts `QuantizedFile`). With the real model and
 * the seed index, the file path is forced on: searches, comparisons and counterparts, from a clause, from one of its
 * sentences and with a chosen sentence, must come out exactly as from the store in memory.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuantizedFile, QuantizedVectors } from '../../src/index/quantized.js';
import { openIndex, type LoadedIndex } from '../../src/index/reader.js';
import { Engine } from '../../src/search/engine.js';
import { ensureSeedIndex, SEED_INDEX_DIR, sharedEmbedder } from '../helpers/seed-index.js';

const DEV = join(import.meta.dirname, '../../../shared/eval/dev.json');

describe('sentence vectors read from their file', () => {
  let memoryIndex: LoadedIndex;
  let fileIndex: LoadedIndex;
  let memory: Engine;
  let file: Engine;
  const queries = (JSON.parse(readFileSync(DEV, 'utf8')) as { queries: { query: string }[] }).queries.slice(0, 8).map((q) => q.query);

  beforeAll(async () => {
    await ensureSeedIndex();
    memoryIndex = openIndex(SEED_INDEX_DIR);
    fileIndex = openIndex(SEED_INDEX_DIR, { sentenceVectorsInMemory: 0 });
    memory = new Engine(memoryIndex, await sharedEmbedder());
    file = new Engine(fileIndex, await sharedEmbedder());
  });
  afterAll(() => {
    memoryIndex.close();
    fileIndex.close();
  });

  it('are opened from the file only above the memory bound', () => {
    expect(memoryIndex.sentenceVectors).toBeInstanceOf(QuantizedVectors);
    expect(fileIndex.sentenceVectors).toBeInstanceOf(QuantizedFile);
    expect(fileIndex.sentenceVectors.count).toBeGreaterThan(300);
  });

  it('give the same hits, scores and matched sentences in search and compare', async () => {
    for (const query of queries) {
      const a = await memory.search(query, { mode: 'hybrid', k: 10 });
      const b = await file.search(query, { mode: 'hybrid', k: 10 });
      expect(b.results.map((h) => [h.id, h.score.toFixed(6), h.why.sentence]), query).toEqual(a.results.map((h) => [h.id, h.score.toFixed(6), h.why.sentence]));
      const ca = await memory.compare(query, { mode: 'hybrid', k: 3 });
      const cb = await file.compare(query, { mode: 'hybrid', k: 3 });
      expect(cb.columns.map((c) => c.results.map((h) => h.id)), query).toEqual(ca.columns.map((c) => c.results.map((h) => h.id)));
    }
  });

  it('give the same counterparts from a clause and from one of its sentences', async () => {
    const first = await memory.search(queries[1]!, { mode: 'hybrid', k: 5 });
    for (const hit of first.results) {
      const a = await memory.similar(hit.id, { k: 3 });
      const b = await file.similar(hit.id, { k: 3 });
      expect(b.columns.map((c) => c.results.map((h) => [h.id, h.score.toFixed(6)])), hit.id).toEqual(a.columns.map((c) => c.results.map((h) => [h.id, h.score.toFixed(6)])));
      if (hit.sentences.length > 1) {
        const sa = await memory.similar(hit.id, { k: 3, sentence: hit.sentences.length - 1 });
        const sb = await file.similar(hit.id, { k: 3, sentence: hit.sentences.length - 1 });
        expect(sb.columns.map((c) => c.results.map((h) => h.id))).toEqual(sa.columns.map((c) => c.results.map((h) => h.id)));
      }
    }
  });
});
