/**
 * `npx tsx scripts/bench/keyword-strategies.ts [--size 100000] [--dir /tmp/pl-kw]`
 * The keyword index's two top-k strategies side by side (src/index/postings.ts, `KeywordStrategy`): MaxScore and
 * term-at-a-time accumulation, on a keyword index alone built from the bench's synthetic corpus (no vectors, so 1M
 * rows take about 90 s and a few GB: `NODE_OPTIONS=--max-old-space-size=14000` at 1M). The queries: 40 sentences of
 * the corpus (what pasted text and one-sentence "similar" send), the dev / own / tune queries, and 30 lists of 8
 * words from the corpus (what feedback sends). Per query the best of 3 runs of each strategy, summed by kind and by
 * top-k (100, 200, 500), with a check that both return the same rows and scores. It chose `auto`'s thresholds
 * (the figures are in postings.ts's header).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { PROJECT_ROOT } from '../../src/config.js';
import { KeywordIndex, KeywordIndexWriter } from '../../src/index/postings.js';
import { parseDocument } from '../../src/text/parse-document.js';
import { queryTerms, searchTokens, tokenize } from '../../src/text/segment.js';
import { createRng, generateCorpus, seedSections, type SeedSection } from './synthetic.js';

const program = new Command()
  .option('--size <n>', 'synthetic paragraphs', (v) => Number(v), 100_000)
  .option('--dir <dir>', 'where the keyword index is written (reused when present)', '/tmp/pl-kw');
program.parse();
const o = program.opts<{ size: number; dir: string }>();

const seedsDir = join(PROJECT_ROOT, 'seeds');
const sections: SeedSection[] = [];
for (const f of readdirSync(seedsDir).filter((f) => f.endsWith('.txt')).sort()) {
  sections.push(...seedSections(parseDocument(readFileSync(join(seedsDir, f), 'utf8'), { file: f }), f));
}
const corpus = generateCorpus(sections, { paragraphs: o.size, documents: Math.round(o.size / 80), cities: 50, seed: 1 });
// Every line of the documents long enough to be a clause (the few headings among them change nothing here).
const rows = corpus.documents.flatMap((d) => d.text.split('\n').filter((line) => line.trim().length >= 20));
const dir = join(o.dir, String(o.size));
const path = join(dir, 'postings.bin');
if (!existsSync(path)) {
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const writer = new KeywordIndexWriter();
  rows.forEach((text, i) => writer.add('text', i + 1, searchTokens(text)));
  writer.write(path);
  console.log(`indexed ${rows.length.toLocaleString('en')} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
// Math.log rather than SQLite's ln(): both strategies use the same idf, which is all this compares.
const index = KeywordIndex.read(path, rows.length, Math.log, rows.length);

const rng = createRng(7);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)]!;
const queries: { kind: string; terms: string[] }[] = [];
for (let i = 0; i < 40; i++) {
  const row = pick(rows);
  const sentences = row.split(/(?<=[。；])/u).filter((s) => s.length > 10);
  queries.push({ kind: 'sentence', terms: queryTerms(sentences.length ? pick(sentences) : row) });
}
for (const f of ['../shared/eval/dev.json', 'test/fixtures/relevance-own.json', 'test/fixtures/relevance-tune.json']) {
  for (const q of JSON.parse(readFileSync(join(PROJECT_ROOT, f), 'utf8')).queries as { query: string }[]) queries.push({ kind: 'query', terms: queryTerms(q.query) });
}
for (let i = 0; i < 30; i++) {
  queries.push({ kind: 'words8', terms: [...new Set(tokenize(pick(rows)).filter((t) => /^\p{Script=Han}{2,}$/u.test(t)))].slice(0, 8) });
}

function best(terms: string[], k: number, strategy: 'maxscore' | 'accumulate'): { ms: number; answer: string } {
  let ms = Infinity;
  let answer = '';
  for (let r = 0; r < 3; r++) {
    const started = performance.now();
    answer = JSON.stringify(index.search('text', terms, k, undefined, strategy));
    ms = Math.min(ms, performance.now() - started);
  }
  return { ms, answer };
}

console.log(`${rows.length.toLocaleString('en')} rows; ms summed over each group (best of 3 per query): MaxScore / accumulating`);
for (const k of [100, 200, 500]) {
  const sums = new Map<string, { n: number; maxscore: number; accumulate: number }>();
  let same = 0;
  for (const q of queries) {
    const a = best(q.terms, k, 'maxscore');
    const b = best(q.terms, k, 'accumulate');
    if (a.answer === b.answer) same++;
    for (const group of ['all', q.kind, q.terms.length >= 12 ? '≥ 12 terms' : '< 12 terms']) {
      const s = sums.get(group) ?? { n: 0, maxscore: 0, accumulate: 0 };
      s.n++;
      s.maxscore += a.ms;
      s.accumulate += b.ms;
      sums.set(group, s);
    }
  }
  console.log(`top ${k} (${((k / rows.length) * 100).toFixed(2)}% of the rows); the same answers: ${same} of ${queries.length}`);
  for (const [group, s] of sums) console.log(`  ${group.padEnd(12)} ${String(s.n).padStart(4)} queries  ${s.maxscore.toFixed(1).padStart(9)} / ${s.accumulate.toFixed(1).padStart(9)}`);
}
