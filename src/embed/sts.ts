/** STS check of the embedder: Spearman correlation between cosine similarity and gold scores. Pure helpers. */

/** Average ranks (ties share the mean rank), 1-based. */
export function ranks(xs: number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(xs.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[order[k]![1]] = avg;
    i = j + 1;
  }
  return r;
}

export function pearson(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let num = 0, da = 0, db = 0;
  for (let i = 0; i < n; i++) {
    num += (a[i]! - ma) * (b[i]! - mb);
    da += (a[i]! - ma) ** 2;
    db += (b[i]! - mb) ** 2;
  }
  return num / Math.sqrt(da * db);
}

export function spearman(a: number[], b: number[]): number {
  return pearson(ranks(a), ranks(b));
}

/** Parses `sentence1 \t sentence2 \t score` lines; a header line or malformed lines are skipped. */
export function parseStsTsv(tsv: string): { a: string; b: string; score: number }[] {
  const out: { a: string; b: string; score: number }[] = [];
  for (const line of tsv.split(/\r?\n/u)) {
    const cols = line.split('\t');
    if (cols.length < 3) continue;
    const score = Number(cols[2]);
    if (!Number.isFinite(score) || !cols[0] || !cols[1]) continue;
    out.push({ a: cols[0], b: cols[1], score });
  }
  return out;
}
