import { describe, expect, it } from 'vitest';
import { fuse, DEFAULT_FUSION, leadAgreed, type Fused } from '../../src/search/fusion.js';

const kw = [{ key: 1, score: 12 }, { key: 2, score: 8 }, { key: 3, score: 1 }];
const vec = [{ key: 3, score: 0.9 }, { key: 4, score: 0.8 }, { key: 1, score: 0.7 }];

describe('fuse', () => {
  it('rrf sums reciprocal ranks: an item in both lists beats items in one', () => {
    const out = fuse(kw, vec, DEFAULT_FUSION);
    expect(out.map((f) => f.key).slice(0, 2).sort()).toEqual([1, 3]);
    const one = out.find((f) => f.key === 1)!;
    expect(one.score).toBeCloseTo(1 / (DEFAULT_FUSION.rrfK + 1) + 1 / (DEFAULT_FUSION.rrfK + 3), 10);
    expect(one).toMatchObject({ keywordRank: 1, vectorRank: 3, keywordScore: 12, vectorScore: 0.7 });
    expect(out.find((f) => f.key === 4)).toMatchObject({ keywordRank: null, vectorRank: 2 });
  });

  it('weights shift the balance', () => {
    const vectorHeavy = fuse(kw, vec, { ...DEFAULT_FUSION, keywordWeight: 0.1, vectorWeight: 1 });
    expect(vectorHeavy[0]!.key).toBe(3);
    const keywordHeavy = fuse(kw, vec, { ...DEFAULT_FUSION, keywordWeight: 1, vectorWeight: 0.1 });
    expect(keywordHeavy[0]!.key).toBe(1);
  });

  it('convex combination normalises BM25 by its maximum', () => {
    const out = fuse(kw, vec, { ...DEFAULT_FUSION, method: 'convex', keywordWeight: 0.5, vectorWeight: 0.5 });
    const two = out.find((f) => f.key === 2)!;
    expect(two.score).toBeCloseTo(0.5 * (8 / 12), 10);
  });

  it('pins exact phrase hits first, whatever their fused score', () => {
    const out = fuse(kw, vec, { ...DEFAULT_FUSION, exact: new Set([2]) });
    expect(out[0]!.key).toBe(2);
    expect(out.slice(1).map((f) => f.key)).not.toContain(2);
  });

  it('handles empty rankings', () => {
    expect(fuse([], [], DEFAULT_FUSION)).toEqual([]);
    expect(fuse(kw, [], DEFAULT_FUSION).map((f) => f.key)).toEqual([1, 2, 3]);
  });
});

describe('addRanking', () => {
  it('adds reciprocal-rank contributions of a further ranking and keeps exact hits first', async () => {
    const { addRanking } = await import('../../src/search/fusion.js');
    const base = fuse(kw, vec, DEFAULT_FUSION);
    const out = addRanking(base, [{ key: 9, score: 5 }, { key: 2, score: 4 }], 1, DEFAULT_FUSION);
    expect(out.find((f) => f.key === 9)!.score).toBeCloseTo(1 / (DEFAULT_FUSION.rrfK + 1), 10);
    expect(out.find((f) => f.key === 2)!.score).toBeCloseTo(base.find((f) => f.key === 2)!.score + 1 / (DEFAULT_FUSION.rrfK + 2), 10);
    const pinned = addRanking(base, [{ key: 9, score: 5 }], 10, { ...DEFAULT_FUSION, exact: new Set([3]) });
    expect(pinned[0]!.key).toBe(3);
    expect(addRanking(base, [], 1, DEFAULT_FUSION)).toBe(base);
  });
});

describe('leadAgreed', () => {
  const f = (key: number, keywordRank: number | null, vectorRank: number | null): Fused => ({ key, score: 1 / key, keywordRank, vectorRank, keywordScore: null, vectorScore: null });

  it('moves the clause first in both rankings to the front, the rest in their order', () => {
    const ranked = [f(1, 2, 2), f(2, null, 3), f(3, 1, 1), f(4, 3, null)];
    expect(leadAgreed(ranked).map((x) => x.key)).toEqual([3, 1, 2, 4]);
  });

  it('keeps pinned clauses (exact phrase hits) ahead of it, and changes nothing when the two rankings disagree', () => {
    const ranked = [f(1, 4, 9), f(2, 2, 2), f(3, 1, 1)];
    expect(leadAgreed(ranked, (key) => key === 1).map((x) => x.key)).toEqual([1, 3, 2]);
    const disagree = [f(1, 2, 1), f(2, 1, 3)];
    expect(leadAgreed(disagree)).toBe(disagree);
    expect(leadAgreed([f(1, 1, 1), f(2, 2, 2)]).map((x) => x.key)).toEqual([1, 2]);
    expect(leadAgreed([])).toEqual([]);
  });
});

describe('rankBelow', () => {
  const f = (key: number, score: number, keywordRank: number | null = null, vectorRank: number | null = null): Fused => ({ key, score, keywordRank, vectorRank, keywordScore: null, vectorScore: null });
  const ranked = [f(1, 0.9), f(2, 0.8), f(3, 0.7), f(4, 0.6), f(5, 0.5)];
  const below = (key: number) => key === 1 || key === 3;

  it('at 0 puts the clauses it names after every other, each group in its order, scores kept', async () => {
    const { rankBelow } = await import('../../src/search/fusion.js');
    const out = rankBelow(ranked, below, 0);
    expect(out.map((x) => x.key)).toEqual([2, 4, 5, 1, 3]);
    expect(out.map((x) => x.score)).toEqual([0.8, 0.6, 0.5, 0.9, 0.7]);
    expect(out.filter((x) => x.below === 'after').map((x) => x.key)).toEqual([1, 3]);
  });

  it('keeps exact phrase hits first, a named one among them too', async () => {
    const { rankBelow } = await import('../../src/search/fusion.js');
    expect(rankBelow(ranked, below, 0, new Set([3, 4])).map((x) => x.key)).toEqual([4, 3, 2, 5, 1]);
  });

  it('otherwise ranks them by their score times the factor, and at 1 (or naming none) changes nothing', async () => {
    const { rankBelow } = await import('../../src/search/fusion.js');
    expect(rankBelow(ranked, below, 0.75).map((x) => x.key)).toEqual([2, 1, 4, 3, 5]);
    expect(rankBelow(ranked, below, 0.75)[1]!.score).toBeCloseTo(0.675, 10);
    expect(rankBelow(ranked, below, 1)).toBe(ranked);
    expect(rankBelow(ranked, () => false, 0)).toBe(ranked);
  });

  it('is not undone by leadAgreed: a clause put below stays below though both rankings put it first', async () => {
    const { rankBelow } = await import('../../src/search/fusion.js');
    const agreed = [f(1, 0.9, 1, 1), f(2, 0.8, 2, 3), f(3, 0.7, 3, 2)];
    const out = leadAgreed(rankBelow(agreed, (key) => key === 1, 0));
    expect(out.map((x) => x.key)).toEqual([2, 3, 1]);
  });
});

describe('byFusedOrder', () => {
  it('keeps what rankBelow put after the rest there when a later step adds to scores and sorts again', async () => {
    const { byFusedOrder, rankBelow } = await import('../../src/search/fusion.js');
    const f = (key: number, score: number): Fused => ({ key, score, keywordRank: null, vectorRank: null, keywordScore: null, vectorScore: null });
    const ranked = rankBelow([f(1, 0.9), f(2, 0.5), f(3, 0.4)], (key) => key === 1, 0).map((x) => (x.key === 3 ? { ...x, score: x.score + 0.3 } : x));
    expect([...ranked].sort((a, b) => byFusedOrder(a, b, new Set()) || a.key - b.key).map((x) => x.key)).toEqual([3, 2, 1]);
    // An exact phrase hit still leads, and a scaled entry ranks by its score.
    expect([...ranked].sort((a, b) => byFusedOrder(a, b, new Set([1])) || a.key - b.key).map((x) => x.key)).toEqual([1, 3, 2]);
    const scaled = rankBelow([f(1, 0.9), f(2, 0.5)], (key) => key === 1, 0.75);
    expect([...scaled].sort((a, b) => byFusedOrder(a, b, new Set()) || a.key - b.key).map((x) => x.key)).toEqual([1, 2]);
  });
});
