/**
 * A query that names a document (src/search/query-documents.ts), on the seed index with the real model: the document
 * is listed beside the hits; no labelled query names one.
 * `npx tsx scripts/named-documents-eval.ts` measures every document's number and title.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import type { Engine } from '../../src/search/engine.js';
import { parseRelevanceSet } from '../../src/search/evaluate.js';
import { seedEngine } from '../helpers/seed-index.js';

let engine: Engine;
beforeAll(async () => {
  engine = await seedEngine();
});

describe('a query that names a document', () => {
  it('lists it, by its number however bracketed, and by its title', async () => {
    const jiangsu = engine.corpus().documents.find((d) => d.docNumber === '苏政发〔2018〕86号')!;
    expect(jiangsu.city).toBe('江苏省');
    for (const q of ['苏政发〔2018〕86号', '苏政发[2018]86号', `《${jiangsu.title}》`]) {
      const r = await engine.search(q, { mode: 'hybrid', k: 10 });
      expect(r.documents.map((d) => [d.document.id, d.rest]), q).toEqual([[jiangsu.id, '']]);
    }
    // With more than the name, the rest is what to search within it.
    expect((await engine.search('苏政发〔2018〕86号 人才引进', { mode: 'hybrid', k: 10 })).documents.map((d) => d.rest)).toEqual(['人才引进']);
    // Not when the dates or the day in force leave it out: there is nothing of it to search within.
    expect((await engine.search('苏政发〔2018〕86号 人才引进', { mode: 'hybrid', k: 10, since: '2020-01-01' })).documents).toEqual([]);
    expect((await engine.search('苏政发〔2018〕86号 人才引进', { mode: 'hybrid', k: 10, inForce: '2017-01-01' })).documents).toEqual([]);
    expect((await engine.search('苏政发〔2018〕86号 人才引进', { mode: 'hybrid', k: 10, until: '2019-12-31' })).documents).toHaveLength(1);
  });

  it('names none for the labelled queries', async () => {
    for (const file of ['../shared/eval/dev.json', 'test/fixtures/relevance-own.json', 'test/fixtures/relevance-tune.json']) {
      const set = parseRelevanceSet(JSON.parse(readFileSync(join(PROJECT_ROOT, file), 'utf8')), file);
      for (const q of set.queries) expect((await engine.search(q.query, { mode: 'hybrid', k: 1 })).documents, q.query).toEqual([]);
    }
  });
});
