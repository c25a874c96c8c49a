import { describe, expect, it } from 'vitest';
import { generateQueries, isContentWord } from '../../scripts/bench/queries.js';
import { tokenize } from '../../src/text/segment.js';

/** Clauses of our own (not the seed corpus, not the eval sets). */
const CLAUSES = [
  '支持企业开展智能化改造和数字化转型，对符合条件的项目给予最高500万元奖励。',
  '优先保障专精特新企业用地指标，新增工业用地向亩均效益高的企业倾斜。',
  '建设市级工业互联网平台，推动中小企业上云用数赋智。',
  '对首台套重大技术装备投保给予保费补贴。',
  '鼓励金融机构开发信用贷款产品，降低小微企业融资成本。',
  '实施绿色低碳改造，单位工业增加值能耗下降百分之十五。',
];

describe('generateQueries', () => {
  const queries = generateQueries(CLAUSES, tokenize, 200, { seed: 7 });

  it('makes many distinct queries from a few clauses', () => {
    expect(queries.length).toBeGreaterThan(100);
    expect(new Set(queries).size).toBe(queries.length);
  });

  it('is deterministic for a seed, and another seed gives other queries', () => {
    expect(generateQueries(CLAUSES, tokenize, 200, { seed: 7 })).toEqual(queries);
    expect(generateQueries(CLAUSES, tokenize, 50, { seed: 8 })).not.toEqual(queries.slice(0, 50));
  });

  it('keeps queries short and made of the corpus words, without punctuation', () => {
    const vocabulary = new Set(CLAUSES.flatMap((c) => tokenize(c)));
    for (const q of queries) {
      expect([...q].length).toBeLessThanOrEqual(16);
      expect(q).not.toMatch(/[，。；、（）]/u);
      for (const part of q.split(' ')) expect(CLAUSES.some((c) => c.includes(part)) || vocabulary.has(part), q).toBe(true);
    }
  });

  it('mixes phrases as written with keyword lists', () => {
    expect(queries.filter((q) => q.includes(' ')).length).toBeGreaterThan(queries.length * 0.25);
    expect(queries.filter((q) => !q.includes(' ')).length).toBeGreaterThan(queries.length * 0.25);
  });

  it('leaves out excluded queries', () => {
    const other = generateQueries(CLAUSES, tokenize, 100, { seed: 9, exclude: queries });
    expect(other.some((q) => queries.includes(q))).toBe(false);
  });

  it('gives nothing for clauses without content words', () => {
    expect(generateQueries(['。', '2025年'], tokenize, 10)).toEqual([]);
  });
});

describe('isContentWord', () => {
  it('keeps policy words, drops numbers, punctuation and function words', () => {
    expect(['智能化改造', '专精特新', '企业'].every(isContentWord)).toBe(true);
    expect(['500', '，', '的', '和', 'ab'].some(isContentWord)).toBe(false);
  });
});
