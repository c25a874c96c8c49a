/**
 * Homophone slips in a query (src/search/query-spelling.ts), with the real model on the seed index: a mistyped word
 * is read as the seed corpus's word and the answer is the one the word typed right gets; queries typed right, every
 * labelled query among them, are searched as typed. `npx tsx scripts/typo-eval.ts` measures the recovery over slips
 * made in every labelled query.
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

const ids = (hits: { id: string }[]) => hits.map((h) => h.id);

describe('a query with a homophone slip', () => {
  it('is read as the corpus word and answered as the query typed right', async () => {
    const slips: [string, string][] = [
      ['专精特新“小巨任”企业培育', '专精特新“小巨人”企业培育'],
      ['工业互联网平态建设', '工业互联网平台建设'],
      ['数字经集核心产业', '数字经济核心产业'],
      ['绿色工厂 绿色园取', '绿色工厂 绿色园区'],
      ['专精特心企业培育', '专精特新企业培育'],
    ];
    for (const [typed, right] of slips) {
      const got = await engine.search(typed, { mode: 'hybrid', k: 10 });
      expect(got.spelling?.query, typed).toBe(right);
      expect(ids(got.results), typed).toEqual(ids((await engine.search(right, { mode: 'hybrid', k: 10 })).results));
      const compared = await engine.compare(typed, { mode: 'hybrid', k: 3 });
      const rightColumns = (await engine.compare(right, { mode: 'hybrid', k: 3 })).columns;
      expect(compared.columns.map((c) => ids(c.results)), typed).toEqual(rightColumns.map((c) => ids(c.results)));
      // As typed, on request.
      expect((await engine.search(typed, { mode: 'hybrid', k: 10, spell: 'off' })).spelling).toBeNull();
    }
  });

  it('in traditional script too', async () => {
    expect((await engine.search('專精特新“小巨任”企業', { mode: 'hybrid', k: 10 })).spelling?.query).toBe('专精特新“小巨人”企业');
  });
});

describe('a query typed right', () => {
  it('is searched as typed: no labelled query is changed', () => {
    for (const file of ['../shared/eval/dev.json', 'test/fixtures/relevance-own.json', 'test/fixtures/relevance-tune.json', 'test/fixtures/relevance-blind.json', 'test/fixtures/relevance-blind2.json']) {
      const set = parseRelevanceSet(JSON.parse(readFileSync(join(PROJECT_ROOT, file), 'utf8')), file);
      for (const q of set.queries) expect(engine.spellingOf(q.query, {}), `${file}: ${q.query}`).toBeNull();
    }
  });

  it('changes no section heading and no first sentence of a clause: the corpus writes them', () => {
    const texts = new Set<string>();
    for (const p of engine.index.paragraphs) {
      for (const h of p.sectionPath) texts.add(h);
      const first = p.text.split(/[。；]/u)[0]!;
      if ([...first].length >= 4 && [...first].length <= 40) texts.add(first);
    }
    expect(texts.size).toBeGreaterThan(150);
    for (const t of texts) expect(engine.spellingOf(t, {}), t).toBeNull();
  });

  it('keeps words of the language the corpus lacks, words of their own, and readings as words read them', () => {
    for (const q of ['公式', '标准时政府给的奖励', '让厂房往高处盖，一块地上多盖几层', '北京证券交易所', '上海交大', 'RCEP', '5G基站']) {
      expect(engine.spellingOf(q, {}), q).toBeNull();
    }
  });
});
