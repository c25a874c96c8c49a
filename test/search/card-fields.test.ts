/**
 * A compendium card's 条件要求 and 办理流程 (who qualifies, how to apply) rank under the measure clauses in hybrid
 * search and compare unless the query asks about conditions or procedures (twenty-second session's researcher audit:
 * 北京 p0618's not-applicable list led 小公司找银行借钱难, and 不低于40% thresholds filled half the R&D question's ten).
 * Over the book of our own (test/helpers/compendium-book.ts) with the small fake embedder; the figures on the real
 * corpus are in engine.ts `cardFieldWeight`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { openIndex } from '../../src/index/reader.js';
import { asksHowToApply } from '../../src/search/card-fields.js';
import { Engine } from '../../src/search/engine.js';
import type { Hit } from '../../src/search/types.js';
import { inApplicationField } from '../../src/text/compendium.js';
import { COMPENDIUM_BOOK } from '../helpers/compendium-book.js';
import { createRuntimeFakeEmbedder } from '../helpers/fake-embedder.js';
import { policyText, writeCorpus } from '../helpers/policy-corpus.js';

describe('asksHowToApply', () => {
  it('reads a question about conditions or procedures', () => {
    for (const q of ['专精特新企业的申报条件是什么', '老旧厂房改造补助怎么申请', '办理流程', '需要准备哪些材料', '认定门槛', '申请资格', '手续多不多']) expect(asksHowToApply(q)).toBe(true);
  });

  it('reads a question about requirements that has none of those words (s23 verify audit, item 1)', () => {
    for (const q of ['首台套保险补贴要满足什么要求', '首台套保险补贴哪些企业可以享受', '专精特新认定标准', '专精特新企业认定要求', '孵化器有什么要求', '需要什么资质']) expect(asksHowToApply(q)).toBe(true);
  });

  it('not a question about a measure or a target, 要求 included', () => {
    for (const q of ['专精特新 小巨人 奖励', '各地对企业研发投入强度设定了什么目标', '工业用地占出让土地的比例要求不低于多少？', '小公司找银行借钱难，政府怎么帮忙']) expect(asksHowToApply(q)).toBe(false);
    // 标准 alone is a measure's word as often: 标准地 supply, 行业标准 drafting, a grant's 补贴标准.
    for (const q of ['标准地出让', '参与制定行业标准', '首台套保险补贴标准是多少']) expect(asksHowToApply(q)).toBe(false);
  });
});

describe('a card\'s conditions and procedures in the ranking', () => {
  // The book of our own and another place's notice, whose clause a pasted text names as its source.
  const dir = mkdtempSync(join(tmpdir(), 'pl-card-fields-'));
  const book = {} as { engine: Engine; after: Engine; off: Engine };
  let index: ReturnType<typeof openIndex>;
  beforeAll(async () => {
    const input = writeCorpus(join(dir, 'in'), { 'book.txt': COMPENDIUM_BOOK.join('\n') + '\n', 'wuxi.txt': policyText('无锡市', 4) });
    await buildIndex({ inputs: [input], out: join(dir, 'out'), embedder: createRuntimeFakeEmbedder() });
    index = openIndex(join(dir, 'out'));
    book.engine = new Engine(index, createRuntimeFakeEmbedder());
    book.after = new Engine(index, createRuntimeFakeEmbedder(), { cardFieldWeight: 0 });
    book.off = new Engine(index, createRuntimeFakeEmbedder(), { cardFieldWeight: 1 });
  });
  afterAll(() => {
    index.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const bookColumn = (columns: { results: Hit[] }[]) => columns.find((c) => c.results.some((h) => h.doc.id === 'book'))!.results;

  const applying = (h: Hit) => !!h.source && inApplicationField(h.section);
  /** Every hit from a card's 条件要求 or 办理流程 comes after every other hit (exact phrase hits aside). */
  const afterTheRest = (hits: Hit[]) => {
    const rest = hits.filter((h) => !h.why.phrase);
    const first = rest.findIndex(applying);
    return first >= 0 && rest.slice(first).every(applying);
  };
  /** Each ranked-down hit says so (the page's 匹配原因, the CSV's placed), phrase-holding or not, and no other hit does. */
  const saysBelow = (hits: Hit[]) => hits.every((r) => (r.why.below === 'application') === applying(r));

  it('rank under the measure clauses when the query does not ask how to apply, in search and in compare', async () => {
    // 先进制造业 is written in the 老旧厂房 card's 条件要求 (改造后引入的业态应为先进制造业…), and ranked it first.
    const { results } = await book.engine.search('先进制造业 改造', { mode: 'hybrid', k: 30 });
    expect(results.some(applying)).toBe(true);
    expect(applying(results[0]!)).toBe(false);
    expect(saysBelow(results)).toBe(true);
    // Each one lower than where it ranks as any clause.
    const off = (await book.off.search('先进制造业 改造', { mode: 'hybrid', k: 30 })).results;
    expect(applying(off[0]!)).toBe(true);
    const before = off.map((h) => h.id);
    for (const [i, h] of results.entries()) if (applying(h)) expect(i).toBeGreaterThan(before.indexOf(h.id));
    // Ranked down, not out of reach: the condition the query matches best still comes before a measure it matches less
    // (at 0 it came after all 30; s23 verify audit, item 1: 北京 p0851 out of the top 100).
    expect(afterTheRest(results)).toBe(false);
    const { columns } = await book.engine.compare('先进制造业 改造', { mode: 'hybrid', k: 30 });
    expect(applying(bookColumn(columns)[0]!)).toBe(false);
    expect(saysBelow(bookColumn(columns))).toBe(true);
  });

  it('at 0, go after every other clause, in search, compare and a pasted text\'s column (through the reverse check that adds to the scores)', async () => {
    const { results } = await book.after.search('先进制造业 改造', { mode: 'hybrid', k: 30 });
    expect(afterTheRest(results)).toBe(true);
    expect(saysBelow(results)).toBe(true);
    const { columns } = await book.after.compare('先进制造业 改造', { mode: 'hybrid', k: 30 });
    expect(afterTheRest(bookColumn(columns))).toBe(true);
    const source = book.after.document('wuxi').paragraphs.find((p) => p.text.includes('支持无锡市企业'))!;
    const pasted = await book.after.similarText('先进制造业 改造', { k: 30, exclude: source.id });
    expect(bookColumn(pasted.columns).some(applying)).toBe(true);
    expect(afterTheRest(bookColumn(pasted.columns))).toBe(true);
  });

  it('say so when they hold the whole query too: first with the clauses that hold it, ranked down among them (s23 verify audit, item 8)', async () => {
    const { results } = await book.engine.search('先进制造业', { mode: 'hybrid', k: 30 });
    const both = results.filter((h) => applying(h) && h.why.phrase);
    expect(both.length).toBeGreaterThan(0);
    for (const h of both) expect(h.why.below).toBe('application');
    expect(saysBelow(results)).toBe(true);
  });

  it('rank as any clause when the query asks how to apply, and in keyword mode', async () => {
    const asks = (await book.engine.search('先进制造业 改造 申请', { mode: 'hybrid', k: 30 })).results;
    expect(afterTheRest(asks)).toBe(false);
    expect(asks.some((r) => r.why.below)).toBe(false);
    const keyword = (await book.engine.search('先进制造业 改造', { mode: 'keyword', k: 30 })).results;
    expect(applying(keyword[0]!)).toBe(true);
  });
});
