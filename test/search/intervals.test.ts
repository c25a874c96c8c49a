import { describe, expect, it } from 'vitest';
import type { EvalReport } from '../../src/search/evaluate.js';
import { formatInterval, pairedDifference, reportIntervals, seededRandom } from '../../src/search/intervals.js';

type QueryRow = EvalReport['modes'][number]['perQuery'][number];
const query = (id: string, ndcg10: number, cityHits: number | null = null, cityColumns: number | null = null): QueryRow => ({
  id, kind: 'keyword', ndcg10, recall10: ndcg10, rr: ndcg10, cityTop3: cityColumns ? (cityHits ?? 0) / cityColumns : null, cityHits, cityColumns,
});
const report = (perQuery: QueryRow[], pairs: EvalReport['pairs'] = []): EvalReport => {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
  const hits = perQuery.reduce((a, q) => a + (q.cityHits ?? 0), 0);
  const columns = perQuery.reduce((a, q) => a + (q.cityColumns ?? 0), 0);
  const overall = { queries: perQuery.length, ndcg10: mean(perQuery.map((q) => q.ndcg10)), recall10: mean(perQuery.map((q) => q.recall10)), mrr: mean(perQuery.map((q) => q.rr)) };
  const total = pairs.reduce((a, p) => a + p.total, 0);
  return {
    modes: [{ mode: 'hybrid', byKind: { keyword: overall }, overall, cityTop3: columns ? hits / columns : 0, perQuery }],
    pairHit3: total ? pairs.reduce((a, p) => a + p.found, 0) / total : 0,
    sentenceHit3: null,
    pairs,
  };
};

describe('seededRandom', () => {
  it('repeats for a seed and stays in [0, 1)', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
    expect(seededRandom(8)()).not.toBe(seededRandom(7)());
  });
});

describe('reportIntervals', () => {
  it('gives a point interval when every query scores the same', () => {
    const ci = reportIntervals(report([query('a', 1, 3, 3), query('b', 1, 2, 2)]));
    expect(ci.ndcg10).toEqual({ value: 1, low: 1, high: 1 });
    expect(ci.cityTop3).toEqual({ value: 1, low: 1, high: 1 });
    expect(ci.pairHit3).toBeNull();
    expect(ci.sentenceHit3).toBeNull();
  });

  it('brackets the figure, and narrows as the set grows', () => {
    const half = (n: number) => report(Array.from({ length: n }, (_, i) => query(`q${i}`, i % 2)));
    const small = reportIntervals(half(20)).ndcg10!;
    const large = reportIntervals(half(400)).ndcg10!;
    expect(small.value).toBe(0.5);
    expect(small.low).toBeLessThan(0.5);
    expect(small.high).toBeGreaterThan(0.5);
    // Binomial standard error at n = 20 is 0.11, so the 95% interval is about ±0.22; at n = 400 about ±0.05.
    expect(small.high - small.low).toBeGreaterThan(0.3);
    expect(small.high - small.low).toBeLessThan(0.6);
    expect(large.high - large.low).toBeLessThan(0.15);
  });

  it('resamples city columns with their query, so a query that misses all its columns widens the interval', () => {
    // Same 9 of 10 columns found either way; clustered in one query they vary together.
    const spread = reportIntervals(report([query('a', 1, 1, 1), query('b', 1, 1, 1), query('c', 1, 1, 1), query('d', 1, 1, 1), query('e', 1, 1, 1), query('f', 1, 1, 1), query('g', 1, 1, 1), query('h', 1, 1, 1), query('i', 1, 1, 1), query('j', 1, 0, 1)])).cityTop3!;
    const clustered = reportIntervals(report([query('a', 1, 9, 9), query('b', 1, 0, 1)])).cityTop3!;
    expect(spread.value).toBeCloseTo(0.9);
    expect(clustered.value).toBeCloseTo(0.9);
    expect(clustered.low).toBeLessThan(spread.low);
  });

  it('weighs pairs by their counterparts (a ratio of sums, as pair hit@3 is)', () => {
    const r = report([], [{ id: 'p1', found: 1, total: 1, sentenceFound: null }, { id: 'p2', found: 0, total: 3, sentenceFound: null }]);
    const ci = reportIntervals(r);
    expect(ci.pairHit3!.value).toBe(0.25);
    expect(ci.pairHit3!.low).toBe(0);
    expect(ci.pairHit3!.high).toBe(1);
    expect(ci.ndcg10).toBeNull();
  });

  it('prints the same intervals every run', () => {
    const r = report(Array.from({ length: 30 }, (_, i) => query(`q${i}`, (i * 7) % 10 / 10)));
    expect(reportIntervals(r)).toEqual(reportIntervals(r));
    expect(reportIntervals(r, { seed: 1 }).ndcg10).not.toEqual(reportIntervals(r, { seed: 2 }).ndcg10);
  });
});

describe('pairedDifference', () => {
  const base = report(Array.from({ length: 30 }, (_, i) => query(`q${i}`, (i % 5) / 5)));

  it('is exactly zero for the same report', () => {
    expect(pairedDifference(base, base).ndcg10).toEqual({ value: 0, low: 0, high: 0 });
  });

  it('is tighter than the two figures separately when every query gains a little', () => {
    const better = report(base.modes[0]!.perQuery.map((q) => query(q.id, q.ndcg10 + 0.05)));
    const d = pairedDifference(base, better).ndcg10!;
    expect(d.value).toBeCloseTo(0.05);
    expect(d.low).toBeCloseTo(0.05);
    expect(d.high).toBeCloseTo(0.05);
    const separate = reportIntervals(better).ndcg10!;
    expect(separate.high - separate.low).toBeGreaterThan(0.1);
  });

  it('spans zero when one query gains and another loses as much', () => {
    const rows = base.modes[0]!.perQuery.map((q, i) => query(q.id, i === 0 ? q.ndcg10 + 0.5 : i === 1 ? q.ndcg10 - 0.5 : q.ndcg10));
    const d = pairedDifference(base, report(rows)).ndcg10!;
    expect(d.value).toBeCloseTo(0);
    expect(d.low).toBeLessThan(0);
    expect(d.high).toBeGreaterThan(0);
  });

  it('refuses reports of different sets', () => {
    expect(() => pairedDifference(base, report(base.modes[0]!.perQuery.slice(1)))).toThrow(/score the same set/);
  });
});

describe('formatInterval', () => {
  it('shows the figure and its limits, or a dash', () => {
    expect(formatInterval({ value: 0.7641, low: 0.6712, high: 0.8566 })).toBe('0.764 [0.67, 0.86]');
    expect(formatInterval(null)).toBe('—');
  });
});
