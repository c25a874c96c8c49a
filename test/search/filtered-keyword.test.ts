/**
 * A word common in one big document is still found in a small one under a filter or in a comparison's column. The
 * keyword side ranks the whole corpus 500 deep and cuts by the filter or the city afterwards; when one place's clauses
 * fill those 500 (北京's compendium for 项目), another place's clauses holding the word were never read: 项目 within 上海
 * gave no hit and an empty, "weak" column though six of its clauses hold it (twenty-first session's API audit, W1).
 * Here 600 clauses of 无锡市 hold 支持 and 项目, and a short document of 常州市 holds them in 4 clauses; its clauses are
 * indexed last, so at equal scores 无锡市's come first (rowid order) and fill the 500.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { openIndex, type LoadedIndex } from '../../src/index/reader.js';
import { Engine } from '../../src/search/engine.js';
import { createRuntimeFakeEmbedder } from '../helpers/fake-embedder.js';
import { policyText, writeCorpus } from '../helpers/policy-corpus.js';

describe('keyword rankings under a filter and per comparison column', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pl-filtered-keyword-'));
  let index: LoadedIndex;
  let engine: Engine;
  afterAll(() => {
    index?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeAll(async () => {
    const input = writeCorpus(join(dir, 'in'), {
      'a.txt': policyText('无锡市', 600),
      'b.txt': policyText('常州市', 4, '现代服务业发展'),
    });
    await buildIndex({ inputs: [input], out: join(dir, 'out'), embedder: createRuntimeFakeEmbedder() });
    index = openIndex(join(dir, 'out'));
    engine = new Engine(index, createRuntimeFakeEmbedder());
  }, 120_000);

  const small = () => engine.corpus().cities.find((c) => c.startsWith('常州'))!;
  const holding = (word: string) => engine.document('b').paragraphs.filter((p) => p.text.includes(word)).map((p) => p.id).sort();

  it('finds every clause of the filtered place that holds the word, and counts them', async () => {
    // The corpus-wide ranking is full before 常州市 is reached: its clauses are not among the first 500.
    expect((await engine.search('支持', { mode: 'keyword', k: 100 })).holding).toEqual({ count: 100, atLeast: true });
    for (const word of ['支持', '项目']) {
      const expected = holding(word);
      expect(expected.length).toBeGreaterThanOrEqual(4);
      for (const mode of ['keyword', 'hybrid'] as const) {
        const r = await engine.search(word, { mode, k: 20, cities: [small()] });
        const found = r.results.filter((h) => h.text.includes(word)).map((h) => h.id).sort();
        expect(found, `${word} ${mode}`).toEqual(expected);
        expect(r.holding, `${word} ${mode}`).toEqual({ count: expected.length, atLeast: false });
        // The clauses that hold the word come first.
        expect(r.results.slice(0, expected.length).every((h) => h.text.includes(word)), `${word} ${mode}`).toBe(true);
      }
      const inDocument = await engine.search(word, { mode: 'keyword', k: 20, docs: ['b'] });
      expect(inDocument.results.map((h) => h.id).sort()).toEqual(expected);
    }
  });

  it('fills a comparison column of the small place with its clauses that hold the word', async () => {
    for (const mode of ['keyword', 'hybrid'] as const) {
      const c = await engine.compare('项目', { mode, k: 3 });
      const column = c.columns.find((col) => col.city === small())!;
      expect(column.results, mode).toHaveLength(3);
      expect(column.results.every((h) => h.text.includes('项目')), mode).toBe(true);
    }
  });
});
