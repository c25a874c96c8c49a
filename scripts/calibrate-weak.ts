/**
 * `npx tsx scripts/calibrate-weak.ts [--index DIR] [--sets a.json,b.json]`
 * Calibrates when a comparison column is "weak" (no real counterpart) on labeled data: for every query and city, the
 * truth is whether that city has any labeled relevant paragraph; the rule under test is
 *   strong ⇔ a top-3 clause contains the query or one of its thesaurus expansions as written, or best cosine ≥ T.
 * Prints accuracy, and how often a real counterpart is hidden (false weak) or noise is shown as a match (false strong),
 * for a sweep of T, with and without the phrase rule. Then the pair sets' "similar" columns: how many of the columns
 * holding a labeled counterpart the engine flags weak (the labels name no column without one, so this counts only
 * one kind of error).
 *
 * `npx tsx scripts/calibrate-weak.ts --index <seeds + ../shared/external> --judged test/fixtures/weak-judged.json`
 * Calibrates the "similar" weak flag on columns judged blind (the fixture says how they were made): for a whole
 * clause's columns (best evidence ≥ T, or the first three hold ≥ M of the source's salient-term IDF mass) and for a
 * sentence's or one-sentence clause's (cosine ≥ T), two folds (seed sources, external sources): what each fold picks,
 * how that does on the other, the joint pick, and the engine's flag as it stands. Criterion: balanced accuracy.
 * `--judged test/fixtures/weak-judged-compare.json` does the same for comparison columns (phrase or cosine ≥ T).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { PROJECT_ROOT, defaultIndexDir } from '../src/config.js';
import { openEngine } from '../src/search/open.js';
import { findParagraphId, parseRelevanceSet } from '../src/search/evaluate.js';

const program = new Command()
  .option('--index <dir>', 'index folder', defaultIndexDir())
  .option('--judged <file>', 'judged "similar" columns (test/fixtures/weak-judged.json): calibrate the "similar" flag on them')
  .option('--sets <list>', 'relevance sets', [join(PROJECT_ROOT, '..', 'shared', 'eval', 'dev.json'), join(PROJECT_ROOT, 'test', 'fixtures', 'relevance-own.json')].join(','));
program.parse();
const opts = program.opts<{ index: string; sets: string; judged?: string }>();
const { engine, close } = await openEngine(opts.index);
if (opts.judged) {
  await calibrateJudged(opts.judged);
  await close();
  process.exit(0);
}
const cityOfFile = new Map(engine.corpus().documents.map((d) => [d.file, d.city]));

const rows: { truth: boolean; cos: number; lexical: boolean; rel: number }[] = [];
// "Similar in other cities": truth is whether the city holds a labeled counterpart of the source clause.
const pairRows: { truth: boolean; weak: boolean }[] = [];
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
    for (const col of sim.columns) pairRows.push({ truth: cities.has(col.city), weak: col.weak });
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

const pp = pairRows.filter((r) => r.truth);
console.log(`\nsimilar: ${pairRows.length} (source, city) columns, ${pp.length} with a labeled counterpart, ${pp.filter((r) => r.weak).length} of those flagged weak`);

interface JudgedSource {
  key: string;
  set: string;
  kind: 'clause' | 'sentence' | 'single';
  paragraph: string;
  sentence?: number;
  columns: { city: string; results: { id: string; grade: number }[] }[];
}

interface JudgedQuery {
  key: string;
  set: string;
  query: string;
  columns: { city: string; results: { id: string; grade: number }[] }[];
}

async function calibrateJudged(path: string): Promise<void> {
  const judged = JSON.parse(readFileSync(path, 'utf8')) as { sources?: JudgedSource[]; queries?: JudgedQuery[]; pasted?: JudgedSource[] };
  type Row = { set: string; by: 'clause' | 'text' | 'compare' | 'pasted'; truth: boolean; cos: number; terms: number; lexical: boolean; weak: boolean };
  const rows: Row[] = [];
  let unjudged = 0;
  let shown = 0;
  for (const q of judged.queries ?? []) {
    const cmp = await engine.compare(q.query, { mode: 'hybrid', k: 3 });
    for (const col of cmp.columns) {
      const grades = new Map((q.columns.find((c) => c.city === col.city)?.results ?? []).map((r) => [r.id, r.grade]));
      const first = col.results.slice(0, 3);
      shown += first.length;
      unjudged += first.filter((h) => !grades.has(h.id)).length;
      const e = engine.columnEvidence(q.query, cmp.expanded, first);
      rows.push({ set: q.set, by: 'compare', truth: first.some((h) => grades.get(h.id) === 2), cos: e.cos, terms: 0, lexical: e.lexical, weak: col.weak });
    }
  }
  // A whole clause pasted as text, its clause excluded (the drafting desk's way): a check of the text threshold.
  for (const s of judged.pasted ?? []) {
    const text = engine.paragraph(s.paragraph, 0).paragraph.text;
    const sim = await engine.similarText(text, { k: 3, exclude: s.paragraph });
    for (const col of sim.columns) {
      const grades = new Map((s.columns.find((c) => c.city === col.city)?.results ?? []).map((r) => [r.id, r.grade]));
      const first = col.results.slice(0, 3);
      shown += first.length;
      unjudged += first.filter((h) => !grades.has(h.id)).length;
      const e = engine.similarEvidence(text, col.results, 'text');
      rows.push({ set: s.set, by: 'pasted', truth: first.some((h) => grades.get(h.id) === 2), cos: e.cos, terms: 0, lexical: false, weak: col.weak });
    }
  }
  for (const s of judged.sources ?? []) {
    const sim = await engine.similar(s.paragraph, { k: 3, sentence: s.sentence });
    const by = s.kind === 'clause' ? 'clause' : 'text';
    const text = s.sentence === undefined ? sim.source.text : sim.source.sentences[s.sentence]!.text;
    for (const col of sim.columns) {
      const judged = new Map((s.columns.find((c) => c.city === col.city)?.results ?? []).map((r) => [r.id, r.grade]));
      const first = col.results.slice(0, 3);
      shown += first.length;
      unjudged += first.filter((h) => !judged.has(h.id)).length;
      const e = engine.similarEvidence(text, col.results, by);
      rows.push({ set: s.set, by, truth: first.some((h) => judged.get(h.id) === 2), cos: e.cos, terms: e.terms, lexical: false, weak: col.weak });
    }
  }
  console.log(`${rows.length} judged columns, ${rows.filter((r) => r.truth).length} real; ${unjudged} of the ${shown} clauses shown now were not judged (counted as not counterparts)`);
  const balanced = (rs: Row[], strong: (r: Row) => boolean) => {
    const p = rs.filter((r) => r.truth);
    const n = rs.filter((r) => !r.truth);
    const fw = p.filter((r) => !strong(r)).length;
    const fs = n.filter((r) => strong(r)).length;
    return { b: ((p.length - fw) / Math.max(1, p.length) + (n.length - fs) / Math.max(1, n.length)) / 2, fw, fs, p: p.length, n: n.length };
  };
  const grid = (from: number, to: number, step: number) => Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Math.round((from + i * step) * 1e4) / 1e4);
  const families: Record<string, { params: number[]; rule: (r: Row) => boolean }[]> = {
    'cos ≥ T': grid(0.55, 0.9, 0.0125).map((t) => ({ params: [t], rule: (r) => r.cos >= t })),
    'cos ≥ T or terms ≥ M': grid(0.55, 0.9, 0.0125).flatMap((t) => grid(0.05, 0.95, 0.05).map((m) => ({ params: [t, m], rule: (r: Row) => r.cos >= t || r.terms >= m }))),
    'phrase or cos ≥ T': grid(0.45, 0.8, 0.0125).map((t) => ({ params: [t], rule: (r) => r.lexical || r.cos >= t })),
  };
  const tried: Record<Row['by'], string[]> = { clause: ['cos ≥ T', 'cos ≥ T or terms ≥ M'], text: ['cos ≥ T'], compare: ['phrase or cos ≥ T'], pasted: ['cos ≥ T'] };
  const fmt = (x: { b: number; fw: number; fs: number; p: number; n: number }) => `${x.b.toFixed(3)} (false weak ${x.fw}/${x.p}, false strong ${x.fs}/${x.n})`;
  const titles = { clause: '"similar" from whole clauses', text: '"similar" from sentences and one-sentence clauses', compare: 'comparison columns', pasted: 'whole clauses pasted as text (the desk\'s way; a check)' };
  for (const by of ['clause', 'text', 'compare', 'pasted'] as const) {
    const of = (set: string) => rows.filter((r) => r.by === by && r.set === set);
    const [a, b] = [of('S'), of('E')];
    if (!a.length && !b.length) continue;
    console.log(`\n== ${titles[by]}: S ${a.length} columns, E ${b.length}`);
    console.log(`  engine as it stands   S ${fmt(balanced(a, (r) => !r.weak))}   E ${fmt(balanced(b, (r) => !r.weak))}`);
    for (const [name, rules] of Object.entries(families)) {
      if (!tried[by].includes(name)) continue;
      const best = (rs: Row[]) => rules.reduce((x, y) => (balanced(rs, y.rule).b > balanced(rs, x.rule).b ? y : x));
      const [pa, pb, joint] = [best(a), best(b), best([...a, ...b])];
      console.log(`  ${name.padEnd(22)}S picks ${pa.params.join(', ')} → E ${fmt(balanced(b, pa.rule))}; E picks ${pb.params.join(', ')} → S ${fmt(balanced(a, pb.rule))}; joint ${joint.params.join(', ')}`);
    }
  }
}
