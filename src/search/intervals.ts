/**
 * How far a relevance set's figures can be trusted: percentile bootstrap intervals over its queries and pairs.
 *
 * A set of 25–60 queries and 10–30 pairs gives figures whose noise is as large as most ranking changes. Issue 9's
 * targets (city top-3 ≥ 0.93, pairs ≥ 0.80) sit inside the intervals of our blind sets, so a figure one column short
 * of a target says little either way; `npm run eval` prints the intervals beside the figures so that nobody reads more
 * into a figure than its set can carry.
 *
 * - nDCG@10, recall@10 and MRR resample queries (each query weighs the same, as in the figure).
 * - City top-3 resamples queries and carries each query's columns with it: a query's columns share its wording, so
 *   they are not independent draws.
 * - Pair hit@3 resamples pairs (a cluster bootstrap): a pair's counterparts share its source.
 * - `pairedDifference` resamples the same units for two reports of one set, so a variant's gain over the default
 *   comes with an interval for the gain itself, narrower than the two figures' intervals suggest.
 *
 * The generator is seeded, so a run prints the same intervals every time (mulberry32; 2,000 resamples by default,
 * which puts the 2.5% and 97.5% percentiles within about ±0.005 of their limit on these sets).
 */
import type { EvalReport } from './evaluate.js';

export interface Interval {
  value: number;
  low: number;
  high: number;
}

export interface ReportIntervals {
  ndcg10: Interval | null;
  recall10: Interval | null;
  mrr: Interval | null;
  cityTop3: Interval | null;
  pairHit3: Interval | null;
  sentenceHit3: Interval | null;
}

export interface BootstrapOptions {
  resamples?: number;
  /** Two-sided coverage, 0.95 by default. */
  level?: number;
  seed?: number;
}

/** A small seeded generator (mulberry32): uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One unit of a bootstrap: what it adds to a ratio's numerator and denominator. */
interface Unit {
  num: number;
  den: number;
}

function percentile(sorted: readonly number[], p: number): number {
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/** Σnum / Σden over the units at `picks` (indices into `units`). */
function ratioAt(units: readonly Unit[], picks: readonly number[]): number {
  let num = 0;
  let den = 0;
  for (const i of picks) {
    num += units[i]!.num;
    den += units[i]!.den;
  }
  return den > 0 ? num / den : NaN;
}

/**
 * The figure Σnum / Σden and its percentile interval, resampling `a`'s units with replacement. With paired units
 * (`b` given, same length), the figure is ratio(b) − ratio(a), both read at the same resampled indices.
 */
function bootstrap(a: readonly Unit[], b: readonly Unit[] | null, opts: BootstrapOptions): Interval | null {
  const n = a.length;
  const all = Array.from({ length: n }, (_, i) => i);
  const statistic = (picks: readonly number[]) => (b ? ratioAt(b, picks) - ratioAt(a, picks) : ratioAt(a, picks));
  const value = statistic(all);
  if (n === 0 || Number.isNaN(value)) return null;
  const resamples = opts.resamples ?? 2000;
  const level = opts.level ?? 0.95;
  const random = seededRandom(opts.seed ?? 20261206);
  const draws: number[] = [];
  const picks = new Array<number>(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) picks[i] = Math.floor(random() * n);
    const x = statistic(picks);
    // A resample that drew only units without a denominator (queries with no city columns) says nothing: skip it.
    if (!Number.isNaN(x)) draws.push(x);
  }
  if (!draws.length) return null;
  draws.sort((x, y) => x - y);
  const tail = (1 - level) / 2;
  return { value, low: percentile(draws, tail), high: percentile(draws, 1 - tail) };
}

type Figure = keyof ReportIntervals;

/** The units each figure resamples, from one mode's report (hybrid when present) and the pairs. */
function unitsOf(report: EvalReport, figure: Figure): Unit[] {
  const mode = report.modes.find((m) => m.mode === 'hybrid') ?? report.modes.at(-1);
  const queries = mode?.perQuery ?? [];
  switch (figure) {
    case 'ndcg10':
      return queries.map((q) => ({ num: q.ndcg10, den: 1 }));
    case 'recall10':
      return queries.map((q) => ({ num: q.recall10, den: 1 }));
    case 'mrr':
      return queries.map((q) => ({ num: q.rr, den: 1 }));
    case 'cityTop3':
      return queries.map((q) => ({ num: q.cityHits ?? 0, den: q.cityColumns ?? 0 }));
    case 'pairHit3':
      return report.pairs.map((p) => ({ num: p.found, den: p.total }));
    case 'sentenceHit3':
      return report.pairs.filter((p) => p.sentenceFound !== null).map((p) => ({ num: p.sentenceFound!, den: p.total }));
  }
}

const FIGURES: Figure[] = ['ndcg10', 'recall10', 'mrr', 'cityTop3', 'pairHit3', 'sentenceHit3'];

/** Bootstrap intervals for every figure of a report (null where the set has no units for it). */
export function reportIntervals(report: EvalReport, opts: BootstrapOptions = {}): ReportIntervals {
  return Object.fromEntries(FIGURES.map((f) => [f, bootstrap(unitsOf(report, f), null, opts)])) as unknown as ReportIntervals;
}

/**
 * How much `variant` differs from `base` on the same set, figure by figure, with a paired interval. Both reports
 * must come from the same set (same queries and pairs, in the same order).
 */
export function pairedDifference(base: EvalReport, variant: EvalReport, opts: BootstrapOptions = {}): ReportIntervals {
  return Object.fromEntries(
    FIGURES.map((f) => {
      const a = unitsOf(base, f);
      const b = unitsOf(variant, f);
      if (a.length !== b.length) throw new Error(`pairedDifference: the reports differ in ${f} units (${a.length} vs ${b.length}); score the same set`);
      return [f, bootstrap(a, b, opts)];
    }),
  ) as unknown as ReportIntervals;
}

/** "0.764 [0.69, 0.84]" */
export function formatInterval(i: Interval | null, digits = 3): string {
  if (!i) return '—';
  return `${i.value.toFixed(digits)} [${i.low.toFixed(2)}, ${i.high.toFixed(2)}]`;
}
