import { describe, expect, it } from 'vitest';
import { topRowKeys, topRows } from '../../src/search/select.js';

describe('topRows', () => {
  // scores[rowid - 1]
  const scores = Float32Array.from([0.1, 0.9, 0.5, 0.9, 0.3, 0.7, 0.2]);
  const rows = [1, 2, 3, 4, 5, 6, 7];

  it('keeps the k best, best first, ties to the lower rowid', () => {
    expect(topRows(rows, scores, 3, null).map((r) => r.key)).toEqual([2, 4, 6]);
    expect(topRows([4, 2, 6, 3], scores, 1, null).map((r) => r.key)).toEqual([2]);
  });

  it('agrees with a full sort on random data', () => {
    let s = 1;
    const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
    const many = Float32Array.from({ length: 5000 }, () => Math.round(rand() * 100) / 100);
    const all = Array.from({ length: 5000 }, (_, i) => i + 1).filter((r) => r % 3 !== 0);
    const expected = all.map((key) => ({ key, score: many[key - 1]! })).sort((a, b) => b.score - a.score || a.key - b.key).slice(0, 40);
    expect(topRows(all, many, 40, null)).toEqual(expected);
  });

  it('selects as a full sort does, with and without keep, over ties and unsorted rows, at every k', () => {
    let s = 7;
    const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
    // Coarse scores: many ties; rows in a shuffled order, so ties must be settled by rowid, not by position.
    const many = Float32Array.from({ length: 3000 }, () => Math.round(rand() * 20) / 20);
    const shuffled = Array.from({ length: 3000 }, (_, i) => i + 1).sort(() => rand() - 0.5);
    for (const k of [1, 2, 7, 50, 151, 2999, 3000, 4000]) {
      const expected = shuffled.map((key) => ({ key, score: many[key - 1]! })).sort((a, b) => b.score - a.score || a.key - b.key).slice(0, k);
      expect(topRows(shuffled, many, k, null), `k ${k}`).toEqual(expected);
      expect(topRows(shuffled, many, k, () => true), `k ${k}, keep`).toEqual(expected);
    }
  });

  it('skips the rows keep refuses, and asks it only about rows that could enter', () => {
    const got = topRows(rows, scores, 2, (r) => r !== 2);
    expect(got.map((r) => r.key)).toEqual([4, 6]);
    // Beyond the best k + 16 it falls back to the heap, which never asks about a row that cannot enter.
    const many = Float32Array.from({ length: 200 }, (_, i) => 1 - i / 200);
    const all = Array.from({ length: 200 }, (_, i) => i + 1);
    const asked: number[] = [];
    const refused = topRows(all, many, 3, (r) => { asked.push(r); return r > 40; });
    expect(refused.map((r) => r.key)).toEqual([41, 42, 43]);
    expect(asked).not.toContain(150);
  });

  it('returns fewer when fewer rows exist, and nothing for k = 0', () => {
    expect(topRows([3, 5], scores, 10, null).map((r) => r.key)).toEqual([3, 5]);
    expect(topRows(rows, scores, 0, null)).toEqual([]);
  });
});

describe('topRowKeys', () => {
  it('selects the rows topRows selects, ties included, with and without keep', () => {
    let s = 3;
    const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
    const scores = Float32Array.from({ length: 4000 }, () => Math.round(rand() * 25) / 25);
    const rows = Array.from({ length: 4000 }, (_, i) => i + 1).sort(() => rand() - 0.5);
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    for (const k of [0, 1, 5, 120, 3999, 4000, 5000]) {
      expect(sorted(topRowKeys(rows, scores, k, null)), `k ${k}`).toEqual(sorted(topRows(rows, scores, k, null).map((r) => r.key)));
      const keep = (r: number) => r % 7 !== 0;
      expect(sorted(topRowKeys(rows, scores, k, keep)), `k ${k}, keep`).toEqual(sorted(topRows(rows, scores, k, keep).map((r) => r.key)));
    }
  });
});
