/**
 * Top-k selection over a score array without sorting it. Without a `keep` predicate: the k-th best score is found by
 * quickselect over a copy of the rows' scores, then the rows above it (and the lowest-rowid ties at it) are taken and
 * sorted: linear in the rows. With one: the same for k + 16 rows, filtered; when the predicate refused more than
 * 16 of them, a bounded min-heap that most rows leave after one comparison with its root, which asks `keep` only
 * about rows good enough to enter. Per-city rankings select each city's best rows from one
 * scan of the whole store (src/index/int8-kernel.ts): 50 cities × 2,000 rows took 4.3 ms with the heap at k = 120
 * and 1.8 ms at k = 20; see the file's test for the equivalence of both paths.
 */
import type { Ranked } from './fusion.js';

/**
 * The `k` best of `rows` (rowids) by `scores[rowid - 1]`, best first, ties by the lower rowid. `keep`, when given,
 * is asked only about rows good enough to enter the current top k.
 */
export function topRows(rows: ArrayLike<number>, scores: ArrayLike<number>, k: number, keep: ((rowid: number) => boolean) | null): Ranked[] {
  if (k <= 0) return [];
  if (!keep) return selectTop(rows, scores, k);
  // A predicate that refuses few rows (a similar's own document): the best k + KEEP_MARGIN, then filtered. When
  // it refused too many of those, the heap, which asks it about every row good enough to enter.
  const best = selectTop(rows, scores, k + KEEP_MARGIN).filter((r) => keep(r.key));
  return best.length >= k || rows.length <= k + KEEP_MARGIN ? best.slice(0, k) : heapTop(rows, scores, k, keep);
}

/**
 * The rowids `topRows(rows, scores, k, keep)` selects, in no particular order: for a caller that scores them again
 * and orders them itself (per-city rankings pass each city's best on to full scoring), the sort of each list, 50
 * lists of 120 objects per comparison, is saved. The same set: every row above the k-th score, and at it the lowest
 * rowids.
 */
export function topRowKeys(rows: ArrayLike<number>, scores: ArrayLike<number>, k: number, keep: ((rowid: number) => boolean) | null): number[] {
  if (k <= 0) return [];
  if (keep) return topRows(rows, scores, k, keep).map((r) => r.key);
  const n = rows.length;
  if (n <= k) return Array.from(rows);
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, scratch.length * 2));
  for (let i = 0; i < n; i++) scratch[i] = scores[rows[i]! - 1]!;
  const cut = kthLargest(scratch, n, k);
  const out: number[] = [];
  const ties: number[] = [];
  for (let i = 0; i < n; i++) {
    const rowid = rows[i]!;
    const score = scores[rowid - 1]!;
    if (score > cut) out.push(rowid);
    else if (score === cut) ties.push(rowid);
  }
  ties.sort((a, b) => a - b);
  for (let i = 0; out.length < k && i < ties.length; i++) out.push(ties[i]!);
  return out;
}

/** Rows beyond k that a `keep` predicate may refuse before selection falls back to the heap. */
const KEEP_MARGIN = 16;

let scratch = new Float64Array(1024);

/** The k-th largest of `values[0 … n)` (k ≥ 1, k ≤ n), rearranging them: Hoare's quickselect, median-of-three pivots. */
function kthLargest(values: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  const target = k - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const a = values[lo]!, b = values[mid]!, c = values[hi]!;
    const pivot = a > b ? (b > c ? b : a > c ? c : a) : a > c ? a : b > c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! > pivot) i++;
      while (values[j]! < pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return values[target]!;
  }
  return values[target]!;
}

function selectTop(rows: ArrayLike<number>, scores: ArrayLike<number>, k: number): Ranked[] {
  const n = rows.length;
  const out: Ranked[] = [];
  if (n <= k) {
    for (let i = 0; i < n; i++) out.push({ key: rows[i]!, score: scores[rows[i]! - 1]! });
  } else {
    if (scratch.length < n) scratch = new Float64Array(Math.max(n, scratch.length * 2));
    for (let i = 0; i < n; i++) scratch[i] = scores[rows[i]! - 1]!;
    const cut = kthLargest(scratch, n, k);
    const ties: number[] = [];
    for (let i = 0; i < n; i++) {
      const rowid = rows[i]!;
      const score = scores[rowid - 1]!;
      if (score > cut) out.push({ key: rowid, score });
      else if (score === cut) ties.push(rowid);
    }
    ties.sort((a, b) => a - b);
    for (let i = 0; out.length < k && i < ties.length; i++) out.push({ key: ties[i]!, score: cut });
  }
  return out.sort((a, b) => b.score - a.score || a.key - b.key);
}

function heapTop(rows: ArrayLike<number>, scores: ArrayLike<number>, k: number, keep: (rowid: number) => boolean): Ranked[] {
  // heap[0] is the worst kept row: the lowest score, and among equal scores the highest rowid.
  const keys: number[] = [];
  const vals: number[] = [];
  const worse = (i: number, j: number) => vals[i]! < vals[j]! || (vals[i] === vals[j] && keys[i]! > keys[j]!);
  const swap = (i: number, j: number) => {
    [keys[i], keys[j]] = [keys[j]!, keys[i]!];
    [vals[i], vals[j]] = [vals[j]!, vals[i]!];
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < keys.length && worse(l, m)) m = l;
      if (r < keys.length && worse(r, m)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  for (let n = 0; n < rows.length; n++) {
    const rowid = rows[n]!;
    const score = scores[rowid - 1]!;
    if (keys.length === k && (score < vals[0]! || (score === vals[0] && rowid > keys[0]!))) continue;
    if (!keep(rowid)) continue;
    if (keys.length < k) {
      keys.push(rowid);
      vals.push(score);
      for (let i = keys.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!worse(i, parent)) break;
        swap(i, parent);
        i = parent;
      }
    } else {
      keys[0] = rowid;
      vals[0] = score;
      down(0);
    }
  }
  return keys.map((key, i) => ({ key, score: vals[i]! })).sort((a, b) => b.score - a.score || a.key - b.key);
}
