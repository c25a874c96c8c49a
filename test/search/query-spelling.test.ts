import { describe, expect, it } from 'vitest';
import { correctSpelling, homophoneTable, readingsOf } from '../../src/search/query-spelling.js';

// A small corpus's words, by the clauses holding them.
const words = new Map<string, number>([
  ['专精特新', 12], ['专精特新企业', 6], ['小巨人', 5], ['企业', 40], ['培育', 20], ['平台', 9], ['工业互联网', 7], ['数字经济', 4],
  ['公示', 3], ['市政府', 4], ['政府', 10], ['标准', 6], ['奖励', 8], ['园区', 5], ['绿色', 9], ['新奇', 1], ['效益', 3], ['亩均', 3],
]);
const lexicon = { frequency: (w: string) => words.get(w) ?? 0 };
const counts = new Map<string, number>();
for (const [w, n] of words) for (const ch of w) counts.set(ch, (counts.get(ch) ?? 0) + n);
let tableMade = 0;
const table = () => {
  tableMade++;
  return homophoneTable(counts);
};
const fix = (q: string) => correctSpelling(q, lexicon, table);

describe('readingsOf', () => {
  it('gives every toneless reading of a character', () => {
    expect(readingsOf('新')).toEqual(['xin']);
    expect(readingsOf('重').sort()).toEqual(['chong', 'zhong']);
    expect(readingsOf('绿')).toContain('lv');
  });
});

describe('homophoneTable', () => {
  it('offers the corpus characters of a reading, the commonest first', () => {
    const t = homophoneTable(new Map([['心', 3], ['新', 9], ['台', 2]]));
    expect(t.characters('xin')).toEqual(['新', '心']);
    expect(t.characters('tai')).toEqual(['台']);
    expect(t.characters('zzz')).toEqual([]);
  });
});

describe('correctSpelling', () => {
  it('reads a word mistyped with a homophone as the corpus word', () => {
    expect(fix('专精特心企业培育')).toEqual({ query: '专精特新企业培育', changes: [{ from: '专精特心企业', to: '专精特新企业' }] });
    expect(fix('专精特新“小巨任”企业')).toEqual({ query: '专精特新“小巨人”企业', changes: [{ from: '小巨任', to: '小巨人' }] });
    expect(fix('工业互联网平态')?.query).toBe('工业互联网平台');
    expect(fix('数字经集 园取')).toEqual({ query: '数字经济 园区', changes: [{ from: '数字经集', to: '数字经济' }, { from: '园取', to: '园区' }] });
  });

  it('leaves a query of words alone, and asks for the homophone table only when a run may be a slip', () => {
    const before = tableMade;
    expect(fix('专精特新企业培育')).toBeNull();
    expect(fix('绿色园区 标准')).toBeNull();
    expect(fix('')).toBeNull();
    expect(fix('5G 2025')).toBeNull();
    expect(tableMade).toBe(before);
  });

  it('never replaces a word of the language the corpus lacks, nor a lone character that is a word', () => {
    // 公式 is a word (jieba knows it), though the corpus writes only 公示.
    expect(fix('公式')).toBeNull();
    // 时 is a word of its own: 标准时政府给的奖励 is not 标准市政府.
    expect(fix('标准时政府给的奖励')).toBeNull();
  });

  it('leaves a run the corpus itself writes', () => {
    const writing = { ...lexicon, writes: (text: string) => text === '小巨任' };
    expect(correctSpelling('专精特新“小巨任”企业', writing, table)).toBeNull();
    expect(correctSpelling('数字经集', writing, table)?.query).toBe('数字经济');
  });

  it('leaves a made-up word whose edge character the corpus writes with its neighbour, as the correction is not', () => {
    // jieba cuts 占比要达到 into 占 / 比要 / 达到; 比要 reads as 必要 (bi yao), a corpus word, but the corpus writes 占比
    // and never 占必: jieba split the word 占比, nobody mistyped 必要.
    const more = { frequency: (w: string) => (w === '必要' ? 16 : w === '达到' ? 30 : lexicon.frequency(w)) };
    const withBi = () => homophoneTable(new Map([...counts, ['必', 16], ['比', 10], ['要', 40]]));
    const writing = (written: string[]) => ({ ...more, writes: (t: string) => written.includes(t) });
    expect(correctSpelling('数字经济核心产业占比要达到多少', writing(['占比', '要达']), withBi)).toBeNull();
    // Were 占必 written as well, or 占比 not, the neighbour would say nothing and 比要 would read as 必要.
    expect(correctSpelling('数字经济核心产业占比要达到多少', writing(['占比', '占必']), withBi)?.query).toBe('数字经济核心产业占必要达到多少');
    expect(correctSpelling('数字经济核心产业占比要达到多少', writing([]), withBi)?.query).toBe('数字经济核心产业占必要达到多少');
    // A slip inside the word is read as before: 心 in 专精特心 is not at an edge that a neighbour vetoes.
    expect(correctSpelling('培育专精特心企业', writing(['育专', '心企']), table)?.query).toBe('培育专精特新企业');
    // Nor does a neighbour that is a dictionary word of its own: the corpus writes 洲专 (欧洲专利), yet 杭洲专精特新 is
    // 杭洲 / 专精特新, and 专精特新 took no 洲 (s23 verifying audit 11: it had been left as typed).
    const withHangzhou = { frequency: (w: string) => (w === '杭州' ? 24 : lexicon.frequency(w)), writes: (t: string) => t === '洲专' };
    const zhou = () => homophoneTable(new Map([...counts, ['杭', 24], ['州', 30], ['洲', 5]]));
    expect(correctSpelling('杭洲专精特新', withHangzhou, zhou)?.query).toBe('杭州专精特新');
  });

  it('compares readings as the words read: 多盖 (duo gai) is no 多个 (duo ge), though 盖 alone may be read ge', () => {
    const more = { frequency: (w: string) => (w === '多个' ? 9 : lexicon.frequency(w)) };
    const withGe = () => homophoneTable(new Map([...counts, ['个', 9]]));
    expect(correctSpelling('一块地上多盖几层', more, withGe)).toBeNull();
  });

  it('takes only a corpus word held by at least two clauses, one character away, of the same reading', () => {
    // 新奇 (xin qi) stands in one clause only.
    expect(fix('心奇')).toBeNull();
    // 亩均效一 → 亩均效益: 一 (yi) and 益 (yi) share a reading.
    expect(fix('亩均效一')?.query).toBe('亩均效益');
    // 平态 → 平台 (tai) above; 平大 (da) is another sound and stays.
    expect(fix('工业互联网平大')).toBeNull();
  });
});
