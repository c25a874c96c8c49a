/**
 * Places named at the head of a query scope it (src/search/query-places.ts), with the real model on the seed index:
 * the scoped answer is the rest of the query searched in those places, nothing else changes, and on queries derived
 * from the labelled sets (a place's name before a query, that place's clauses relevant) it ranks better than the
 * query as typed. `npx tsx scripts/place-scope-eval.ts` prints the same comparison over dev, own and tune.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import type { Engine } from '../../src/search/engine.js';
import { ndcgAt, parseRelevanceSet } from '../../src/search/evaluate.js';
import { seedEngine } from '../helpers/seed-index.js';

let engine: Engine;
beforeAll(async () => {
  engine = await seedEngine();
});

const ids = (hits: { id: string }[]) => hits.map((h) => h.id);

describe('a place named at the head of a query', () => {
  it('scopes a search to it: the rest of the query, searched there', async () => {
    const scoped = await engine.search('青岛市专精特新企业培育目标', { mode: 'hybrid', k: 10 });
    expect(scoped.scope).toEqual({ cities: ['青岛市'], named: ['青岛市'], query: '专精特新企业培育目标' });
    const filtered = await engine.search('专精特新企业培育目标', { mode: 'hybrid', k: 10, cities: ['青岛市'] });
    expect(ids(scoped.results)).toEqual(ids(filtered.results));
    expect(scoped.results.every((h) => h.doc.city === '青岛市')).toBe(true);
    // As typed, other places' clauses come first.
    const typed = await engine.search('青岛市专精特新企业培育目标', { mode: 'hybrid', k: 10, scope: 'all' });
    expect(typed.scope).toBeNull();
    expect(typed.results[0]!.doc.city).not.toBe('青岛市');
  });

  it('reads a bare name run on into the query (as Chinese is typed) unless another place writes the two together', async () => {
    const glued = await engine.search('青岛专精特新企业培育目标', { mode: 'hybrid', k: 10 });
    expect(glued.scope).toEqual({ cities: ['青岛市'], named: ['青岛'], query: '专精特新企业培育目标' });
    expect(ids(glued.results)).toEqual(ids((await engine.search('青岛市专精特新企业培育目标', { mode: 'hybrid', k: 10 })).results));
    // Pinghu's plan writes 上海交大智能光电研究院: the name of an institution, not a place to look in. (上海 is no
    // place of the seed corpus; 平湖 is, and 平湖经济技术开发区 is written only in Pinghu's own plan.)
    expect((await engine.search('平湖经济技术开发区', { mode: 'hybrid', k: 10 })).scope?.cities).toEqual(['平湖市']);
    expect((await engine.search('上海交大', { mode: 'hybrid', k: 10 })).scope).toBeNull();
  });

  it('keeps a search to the documents of an organ named with the place, or says the corpus has none (verifying audit)', async () => {
    // 中共昆山市委办公室 issued 000 with 昆山市人民政府办公室; 004 is the latter's alone.
    const organ = await engine.search('昆山市委办公室专精特新', { mode: 'hybrid', k: 10 });
    expect(organ.scope).toEqual({ cities: ['昆山市'], named: ['昆山市'], query: '专精特新', issuer: { named: '昆山市委办公室', documents: ['000_dcbe0bbe788de573'] } });
    const chosen = await engine.search('专精特新', { mode: 'hybrid', k: 10, cities: ['昆山市'], docs: ['000_dcbe0bbe788de573'] });
    expect(ids(organ.results)).toEqual(ids(chosen.results));
    expect(organ.results.every((h) => h.doc.id === '000_dcbe0bbe788de573')).toBe(true);
    // No document of the corpus is the 发改委's: the place's documents, said so.
    const none = await engine.search('昆山市发改委专精特新', { mode: 'hybrid', k: 10 });
    expect(none.scope?.issuer).toEqual({ named: '昆山市发改委', documents: [] });
    expect(ids(none.results)).toEqual(ids((await engine.search('专精特新', { mode: 'hybrid', k: 10, cities: ['昆山市'] })).results));
  });

  it('says which places of the query a choice of places or documents set aside (places audit)', async () => {
    const chosen = await engine.search('昆山 专精特新', { mode: 'hybrid', k: 10, cities: ['平湖市'] });
    expect(chosen.scope).toBeNull();
    expect(chosen.scopeOverridden).toEqual({ named: ['昆山'], cities: ['昆山市'], by: 'places' });
    expect(chosen.results.every((h) => h.doc.city === '平湖市')).toBe(true);
    expect((await engine.search('昆山 专精特新', { mode: 'hybrid', k: 10, docs: ['002_86af085e02e72586'] })).scopeOverridden?.by).toBe('documents');
    expect((await engine.search('昆山 专精特新', { mode: 'hybrid', k: 10, cities: ['昆山市'] })).scopeOverridden).toBeNull();
    expect((await engine.compare('昆山和青岛的专精特新', { mode: 'hybrid', k: 3, cities: ['平湖市'] })).scopeOverridden).toEqual({ named: ['昆山', '青岛'], cities: ['昆山市', '青岛市'], by: 'places' });
    expect((await engine.compare('昆山 专精特新', { mode: 'hybrid', k: 3, cities: ['平湖市'] })).scopeOverridden).toBeNull();
  });

  it('in traditional script too', async () => {
    const scoped = await engine.search('青島市專精特新企業培育目標', { mode: 'hybrid', k: 10 });
    expect(scoped.scope?.cities).toEqual(['青岛市']);
    expect(ids(scoped.results)).toEqual(ids((await engine.search('青岛市专精特新企业培育目标', { mode: 'hybrid', k: 10 })).results));
  });

  it('leaves a comparison its columns, and compares the rest of the query', async () => {
    const named = await engine.compare('青岛 专精特新', { mode: 'hybrid', k: 3 });
    const plain = await engine.compare('专精特新', { mode: 'hybrid', k: 3 });
    expect(named.columns.map((c) => [c.city, c.weak, ...ids(c.results)])).toEqual(plain.columns.map((c) => [c.city, c.weak, ...ids(c.results)]));
    const two = await engine.compare('昆山和平湖的专精特新', { mode: 'hybrid', k: 3 });
    expect(two.columns.map((c) => c.city)).toEqual(['昆山市', '平湖市']);
  });

  it('changes nothing for a query that names no place at its head', async () => {
    for (const q of ['专精特新企业培育', '支持在北京、上海等地建设科创飞地', '盘活低效工业用地']) {
      const auto = await engine.search(q, { mode: 'hybrid', k: 10 });
      const all = await engine.search(q, { mode: 'hybrid', k: 10, scope: 'all' });
      expect(auto.scope, q).toBeNull();
      expect(ids(auto.results), q).toEqual(ids(all.results));
    }
  });

  it('ranks a place-named query better than as typed, on queries derived from our own set', async () => {
    const own = parseRelevanceSet(JSON.parse(readFileSync(join(PROJECT_ROOT, 'test/fixtures/relevance-own.json'), 'utf8')));
    const cityOf = new Map(engine.corpus().documents.map((d) => [d.file, d.city ?? '']));
    let typed = 0;
    let scoped = 0;
    let n = 0;
    for (const q of own.queries) {
      const cities = [...new Set(q.relevant.map((a) => cityOf.get(a.doc)!))];
      if (cities.length < 2) continue;
      for (const city of cities) {
        const relevant = q.relevant.filter((a) => cityOf.get(a.doc) === city);
        // Written out (青岛市…) and bare, run on into the query (青岛…).
        for (const asked of [`${city}${q.query}`, `${city.replace(/(?:市|省)$/u, '')}${q.query}`]) {
          typed += ndcgAt((await engine.search(asked, { mode: 'hybrid', k: 10, scope: 'all' })).results, relevant);
          scoped += ndcgAt((await engine.search(asked, { mode: 'hybrid', k: 10 })).results, relevant);
          n++;
        }
      }
    }
    console.log(`own, ${n} place-named queries: nDCG@10 as typed ${(typed / n).toFixed(3)}, scoped ${(scoped / n).toFixed(3)}`);
    expect(n).toBeGreaterThan(60);
    expect(scoped / n).toBeGreaterThan(typed / n + 0.15);
  });
});
