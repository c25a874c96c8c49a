/**
 * Traditional script on either side (src/text/script.ts), with the real model: a query typed in traditional script
 * answers as its simplified form does, and a document posted in traditional script is found, framed and highlighted
 * by simplified queries. The traditional forms are made with OpenCC's simplified → Taiwan converter, the other
 * direction of the same package.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenCC from 'opencc-js/cn2t';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { buildIndex } from '../../src/index/build.js';
import { openIndex } from '../../src/index/reader.js';
import { Engine } from '../../src/search/engine.js';
import { parseRelevanceSet } from '../../src/search/evaluate.js';
import { toSimplified } from '../../src/text/script.js';
import { SEED_DIR, seedEngine, sharedEmbedder } from '../helpers/seed-index.js';

const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
const queries = ['test/fixtures/relevance-own.json', 'test/fixtures/relevance-tune.json']
  .flatMap((f) => parseRelevanceSet(JSON.parse(readFileSync(join(PROJECT_ROOT, f), 'utf8'))).queries.map((q) => q.query));
// Only queries whose traditional form folds back exactly: OpenCC's two directions are not inverse for every character.
const roundTrip = queries.filter((q) => toTraditional(q) !== q && toSimplified(toTraditional(q)) === q);

describe('a query in traditional script', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await seedEngine();
  });

  it('covers most labelled queries', () => {
    expect(roundTrip.length).toBeGreaterThanOrEqual(0.9 * queries.length);
  });

  it('finds what its simplified form finds, in search and compare, and echoes the query as typed', async () => {
    for (const q of roundTrip) {
      const traditional = await engine.search(toTraditional(q), { mode: 'hybrid', k: 10 });
      const simplified = await engine.search(q, { mode: 'hybrid', k: 10 });
      expect(traditional.results.map((h) => h.id), q).toEqual(simplified.results.map((h) => h.id));
      expect(traditional.query).toBe(toTraditional(q));
    }
    for (const q of roundTrip.slice(0, 10)) {
      const traditional = await engine.compare(toTraditional(q), { mode: 'hybrid', k: 3 });
      const simplified = await engine.compare(q, { mode: 'hybrid', k: 3 });
      expect(traditional.columns.map((c) => [c.city, c.weak, ...c.results.map((h) => h.id)]), q).toEqual(simplified.columns.map((c) => [c.city, c.weak, ...c.results.map((h) => h.id)]));
    }
  });

  it('paints the clauses it finds', async () => {
    const { results } = await engine.search('專精特新企業', { mode: 'keyword', k: 3 });
    expect(results.length).toBeGreaterThan(0);
    for (const h of results) expect(h.highlights.length, h.text.slice(0, 20)).toBeGreaterThan(0);
  });

  it('as pasted text finds the counterparts its simplified form finds', async () => {
    const text = '支持企业开展首台(套)重大技术装备示范应用';
    const traditional = await engine.similarText(toTraditional(text), { k: 3 });
    const simplified = await engine.similarText(text, { k: 3 });
    expect(traditional.columns.map((c) => c.results.map((h) => h.id))).toEqual(simplified.columns.map((c) => c.results.map((h) => h.id)));
  });
});

describe('a document posted in traditional script', () => {
  let dir: string;
  let engine: Engine;
  const qingdao = '003_c6c20afe788bb10c.txt';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policylens-traditional-'));
    const input = join(dir, 'input');
    // Qingdao's plan alone, in traditional script and without the seed manifest: its place must come from its text.
    const { mkdirSync } = await import('node:fs');
    mkdirSync(input);
    writeFileSync(join(input, 'qingdao-traditional.txt'), toTraditional(readFileSync(join(SEED_DIR, qingdao), 'utf8')));
    writeFileSync(join(input, '004_76d2946b7ea30b47.txt'), readFileSync(join(SEED_DIR, '004_76d2946b7ea30b47.txt'), 'utf8'));
    await buildIndex({ inputs: [input], out: join(dir, 'index'), embedder: await sharedEmbedder() });
    engine = new Engine(openIndex(join(dir, 'index')), await sharedEmbedder());
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is placed in its city from the gazetteer', () => {
    const doc = engine.corpus().documents.find((d) => d.file === 'qingdao-traditional.txt')!;
    expect(doc.city).toBe('青岛市');
    expect(doc.province).toBe('山东省');
  });

  it('answers simplified queries with its clauses as written, highlighted', async () => {
    for (const [query, written] of [['首台(套)', '首臺(套)'], ['专精特新', '專精特新'], ['工业互联网', '工業互聯網']] as const) {
      const { results } = await engine.search(query, { mode: 'keyword', k: 5, cities: ['青岛市'] });
      expect(results.length, query).toBeGreaterThan(0);
      const top = results[0]!;
      expect(top.text).toContain(written);
      const painted = top.highlights.map(([s, e]) => top.text.slice(s, e));
      expect(painted.some((p) => toSimplified(p).replace(/[()]/g, '').includes(query.replace(/[()]/g, ''))), `${query}: ${painted.join(' / ')}`).toBe(true);
    }
  });

  it('ranks its clauses for a simplified question as the simplified document would', async () => {
    const { columns } = await engine.compare('各地培育专精特新企业的目标是多少', { mode: 'hybrid', k: 3 });
    const column = columns.find((c) => c.city === '青岛市')!;
    expect(column.weak).toBe(false);
    expect(column.results.some((h) => h.text.includes('專精特新'))).toBe(true);
  });
});
