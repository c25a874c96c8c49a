/**
 * A number with a sign or separator on the keyword side (src/index/postings.ts `countNumbersWith`), on the seed
 * corpus: 5% is searched as the whole number 5%, not as its index token 5 (which 2.5%, 15% of a sentence, 5年 and
 * 5家 hold too), and what it finds is what the marks and 命中词 show.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { foldTerm, holdsTerm } from '../../src/text/highlight.js';
import { seedEngine } from '../helpers/seed-index.js';

describe('number terms on the keyword side', () => {
  beforeAll(async () => {
    await seedEngine();
  }, 600_000);

  // The engine opened last sets how the shared index counts numbers: each side is read right after opening it.
  const keyword = async (q: string, wholeNumbers: boolean) => (await (await seedEngine({ wholeNumbers })).search(q, { mode: 'keyword', k: 50 })).results;

  it('finds no clause for 5%, which no seed clause writes, where its index token found clauses with 5 and a %', async () => {
    const before = await keyword('5%', false);
    expect(before.length).toBeGreaterThan(0);
    for (const h of before) expect(holdsTerm(foldTerm(h.text), '5%')).toBe(false);
    expect(await keyword('5%', true)).toEqual([]);
  }, 120_000);

  it('finds 50%, 20% and 4.0% where clauses write them whole, the same clauses the token found holding them, marked', async () => {
    for (const q of ['50%', '20%', '4.0%', '1%']) {
      const before = await keyword(q, false);
      const after = await keyword(q, true);
      expect(after.length, q).toBeGreaterThan(0);
      for (const h of after) {
        expect(holdsTerm(foldTerm(h.text), q), `${q}: ${h.text.slice(0, 60)}`).toBe(true);
        expect(h.why.terms, q).toContain(q);
      }
      expect(after.map((h) => h.id).sort(), q).toEqual(before.filter((h) => holdsTerm(foldTerm(h.text), q)).map((h) => h.id).sort());
    }
    // 1%: its token 1 is in many more clauses (1. items, 1000家) than write 1% whole.
    expect((await keyword('1%', false)).length).toBeGreaterThan((await keyword('1%', true)).length);
  }, 120_000);

  it('reads a number written with thousands separators as the number, in every mode: 5,000亩 is 5000亩', async () => {
    const engine = await seedEngine();
    for (const mode of ['keyword', 'semantic', 'hybrid'] as const) {
      const ids = async (q: string) => (await engine.search(q, { mode, k: 10 })).results.map((h) => [h.id, h.why.terms.join('|')]);
      expect(await ids('5,000亩'), mode).toEqual(await ids('5000亩'));
      expect(await ids('新增1,000家专精特新企业'), mode).toEqual(await ids('新增1000家专精特新企业'));
    }
    const hybrid = await engine.search('5,000亩', { mode: 'hybrid', k: 10 });
    expect(hybrid.query).toBe('5,000亩');
    expect(hybrid.results[0]!.text).toContain('5000亩');
  }, 120_000);
});
