/** `npm run eval:sts -- <file.tsv>`: Spearman of the embedder's cosine against gold similarity (STS-B format). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config.js';
import { createEmbedder } from '../embed/embedder.js';
import { parseStsTsv, spearman } from '../embed/sts.js';
import { dot } from '../index/vectors.js';
import { isMain } from './is-main.js';

export async function stsSpearman(file: string): Promise<{ pairs: number; spearman: number; seconds: number }> {
  const rows = parseStsTsv(readFileSync(file, 'utf8'));
  if (!rows.length) throw new Error(`${file} has no "sentence1<TAB>sentence2<TAB>score" rows`);
  const embedder = await createEmbedder();
  const t0 = performance.now();
  try {
    const texts = [...new Set(rows.flatMap((r) => [r.a, r.b]))];
    const vecs = await embedder.embed(texts);
    const byText = new Map(texts.map((t, i) => [t, vecs[i]!]));
    const cos = rows.map((r) => dot(byText.get(r.a)!, byText.get(r.b)!));
    return { pairs: rows.length, spearman: spearman(cos, rows.map((r) => r.score)), seconds: (performance.now() - t0) / 1000 };
  } finally {
    await embedder.dispose();
  }
}

if (isMain(import.meta.url)) {
  const file = process.argv[2] ?? join(PROJECT_ROOT, '..', 'shared', 'data', 'sts-b-zh.test.tsv');
  stsSpearman(file)
    .then((r) => console.log(`${file}: ${r.pairs} pairs, Spearman ${r.spearman.toFixed(4)} (CLS pooling, normalised; ${r.seconds.toFixed(1)} s)`))
    .catch((e) => {
      console.error(`error: ${(e as Error).message}`);
      process.exit(1);
    });
}
