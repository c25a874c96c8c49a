/**
 * `npx tsx scripts/calibrate-weak.ts [--index DIR] [--sets a.json,b.json]`
 * Calibrates when a comparison column is "weak" (no real counterpart) on labeled data: for every query and city, the
 * truth is whether that city has any labeled relevant paragraph; the rule under test is
 *   strong ⇔ a top-3 clause contains the query or one of its thesaurus expansions as written, or best cosine ≥ T.
 * Prints accuracy, and how often a real counterpart is hidden (false weak) or noise is shown as a match (false strong),
 * for a sweep of T, with and without the phrase rule.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { PROJECT_ROOT, defaultIndexDir } from '../src/config.js';
import { openEngine } from '../src/search/open.js';
import { findParagraphId, parseRelevanceSet } from '../src/search/evaluate.js';

const program = new Command()
  .option('--index <dir>', 'index folder', defaultIndexDir())
  .option('--sets <list>', 'relevance sets', [join(PROJECT_ROOT, '..', 'shared', 'eval', 'dev.json'), join(PROJECT_ROOT, 'test', 'fixtures', 'relevance-own.json')].join(','));
program.parse();
const opts = program.opts<{ index: string; sets: string }>();
const { engine, close } = await openEngine(opts.index);
const cityOfFile = new Map(engine.corpus().documents.map((d) => [d.file, d.city]));

const rows: { truth: boolean; cos: number; lexical: boolean; rel: number }[] = [];
// "Similar in other cities": truth is whether the city holds a labeled counterpart of the source clause.
const pairRows: { truth: boolean; cos: number }[] = [];
for (const path of opts.sets.split(',')) {
  const set = parseRelevanceSet(JSON.parse(readFileSync(path, 'utf8')), path);
  for (const q of set.queries) {
    const cmp = await engine.compare(q.query, { mode: 'hybrid', k: 3 });
    const relevantCities = new Set(q.relevant.map((a) => cityOfFile.get(a.doc)));
    const ev = cmp.columns.map((col) => engine.columnEvidence(q.query, cmp.expanded, col.results));
    const top = Math.max(...ev.map((e) => e.cos));
    cmp.columns.forEach((col, i) => rows.push({ truth: relevantCities.has(col.city), ...ev[i]!, rel: ev[i]!.cos / top }));
  }
  for (const pair of set.pairs) {
    const id = findParagraphId(engine, pair.source.doc, pair.source.anchor);
    if (!id) continue;
    const sim = await engine.similar(id, { k: 3 });
    const cities = new Set(pair.counterparts.map((c) => cityOfFile.get(c.doc)));
    for (const col of sim.columns) pairRows.push({ truth: cities.has(col.city), cos: Math.max(-1, ...col.results.map((h) => h.score)) });
  }
}
await close();

const positives = rows.filter((r) => r.truth).length;
console.log(`${rows.length} (query, city) columns, ${positives} with a labeled counterpart`);
console.log('rule            T      accuracy  false-weak  false-strong  balanced');
const rules: [string, (r: (typeof rows)[number], t: number) => boolean][] = [
  ['cos only', (r, t) => r.cos >= t],
  ['phrase|cos', (r, t) => r.lexical || r.cos >= t],
  ['phrase|rel', (r, t) => r.lexical || r.rel >= t + 0.3],
];
for (const [name, rule] of rules) {
  for (let t = 0.45; t <= 0.70001; t += 0.025) {
    let ok = 0, falseWeak = 0, falseStrong = 0;
    for (const r of rows) {
      const strong = rule(r, t);
      if (strong === r.truth) ok++;
      else if (r.truth) falseWeak++;
      else falseStrong++;
    }
    const negatives = rows.length - positives;
    const balanced = ((positives - falseWeak) / positives + (negatives - falseStrong) / negatives) / 2;
    console.log(`${name.padEnd(15)} ${(name === 'phrase|rel' ? t + 0.3 : t).toFixed(3)}  ${(ok / rows.length).toFixed(3)}     ${String(falseWeak).padStart(4)}        ${String(falseStrong).padStart(4)}        ${balanced.toFixed(3)}`);
  }
}

const pp = pairRows.filter((r) => r.truth).length;
console.log(`\nsimilar: ${pairRows.length} (source, city) columns, ${pp} with a labeled counterpart`);
console.log('T      false-weak  false-strong  balanced');
for (let t = 0.5; t <= 0.80001; t += 0.025) {
  const fw = pairRows.filter((r) => r.truth && r.cos < t).length;
  const fs = pairRows.filter((r) => !r.truth && r.cos >= t).length;
  const bal = ((pp - fw) / pp + (pairRows.length - pp - fs) / Math.max(1, pairRows.length - pp)) / 2;
  console.log(`${t.toFixed(3)}  ${String(fw).padStart(4)}        ${String(fs).padStart(4)}        ${bal.toFixed(3)}`);
}
