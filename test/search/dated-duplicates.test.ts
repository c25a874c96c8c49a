/**
 * 亦见于 keeps to the dates: a clause that two cards of a compendium repeat, one citing a 2021 policy and one a 2023
 * policy, lists the 2023 card's copy under `duplicates` only when the dates keep that card (eighteenth session's
 * verifying audit: with until=2022, a card's 亦见于 named cards dated 2023).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/search/engine.js';
import { bookEngine } from '../helpers/book-engine.js';

const SHARED = '申报单位须在本市登记注册，依法纳税，信用良好，近三年未发生重大安全生产事故。';

describe('亦见于 under a date filter', () => {
  let engine: Engine;
  let dispose = () => {};
  afterAll(() => dispose());
  beforeAll(async () => {
    // The same clause in the 2023 card (老旧厂房) and in the 2021 card (国际市场).
    ({ engine, dispose } = await bookEngine((book) =>
      book.flatMap((line) => (line === '2．同步实施节能绿色化改造。' || line.startsWith('服务内容 | 对参加境外展会') ? [line, '', SHARED, ''] : [line])),
    ));
  });

  const cardDate = (id: string) => engine.paragraph(id, 0).paragraph.source?.date?.slice(0, 10) ?? null;

  it('lists a copy on a card the dates leave out only when they keep it', async () => {
    const find = async (range: { since?: string; until?: string; inForce?: string }) =>
      (await engine.search('登记注册 依法纳税', { mode: 'keyword', k: 10, ...range })).results.filter((h) => h.text === SHARED);
    const all = await find({});
    expect(all).toHaveLength(1);
    const copies = [all[0]!.id, ...all[0]!.duplicates].map(cardDate).sort();
    expect(copies).toEqual(['2021-12-23', '2023-09-26']);

    const early = await find({ until: '2022-12-31' });
    expect(early).toHaveLength(1);
    expect([early[0]!.id, ...early[0]!.duplicates].map(cardDate)).toEqual(['2021-12-23']);
    const late = await find({ since: '2023-01-01' });
    expect(late).toHaveLength(1);
    expect([late[0]!.id, ...late[0]!.duplicates].map(cardDate)).toEqual(['2023-09-26']);
  });

  it('in compare and in "similar" of pasted text too', async () => {
    const compared = await engine.compare('登记注册 依法纳税', { mode: 'keyword', k: 10, until: '2022-12-31' });
    const hit = compared.columns.flatMap((c) => c.results).find((h) => h.text === SHARED)!;
    expect([hit.id, ...hit.duplicates].map(cardDate)).toEqual(['2021-12-23']);
    const similar = await engine.similarText(SHARED, { k: 10, until: '2022-12-31' });
    const same = similar.columns.flatMap((c) => c.results).find((h) => h.text === SHARED)!;
    expect([same.id, ...same.duplicates].map(cardDate)).toEqual(['2021-12-23']);
  });
});
