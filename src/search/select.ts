/**
 * Top-k selection over a score array without sorting it: a bounded min-heap that most rows leave after one
 * comparison with its root. Per-city rankings select each city's best rows from one scan of the whole store
 * (src/index/int8-kernel.ts), 100,000 scores in about a millisecond.
 */
import type { Ranked } from './fusion.js';

/**
 * The `k` best of `rows` (rowids) by `scores[rowid - 1]`, best first, ties by the lower rowid. `keep`, when given,
 * is asked only about rows good enough to enter the current top k.
 */
export function topRows(rows: ArrayLike<number>, scores: ArrayLike<number>, k: number, keep: ((rowid: number) => boolean) | null): Ranked[] {
  if (k <= 0) return [];
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
    if (keep && !keep(rowid)) continue;
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
