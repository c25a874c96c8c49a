/**
 * `npx tsx scripts/draft-eval.ts [--set ../shared/eval/dev.json] [--labels test/fixtures/measures-labeled.json] [--json]`
 *
 * Leave-one-out on the seeds for the drafting desk: for each seed document D, the corpus is indexed without D
 * (.tmp/draft-eval/without-<D>, built incrementally from the seed index's embedding cache) and D is given to the desk
 * as a draft. Reports, per document and overall:
 * - counterpart hit@3 among the precedents: for each pair of the relevance set whose source lies in D, the draft
 *   clause that holds the source anchor is looked up, and each counterpart counts as found when it is among the top
 *   3 precedents of its city (the rule of `npm run eval`'s pair hit@3);
 * - gap precision (and recall) against the hand-labeled measures of D's paragraphs: a reported gap is right when no
 *   labeled paragraph of D has that measure; the true gaps are the measures two or more cities of the reduced corpus
 *   have (by the matrix) that D's labels lack;
 * - coverage precision and recall against the same labels (document level);
 * - reuse flags, and how many a search of every indexed clause (instead of the precedents only) would add;
 * - time per draft, first (cold: the Analyst computes measure statistics and targets) and again (warm).
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { analysisFor } from '../src/analysis/index.js';
import { findReuse } from '../src/analysis/draft.js';
import type { DraftReport } from '../src/analysis/types.js';
import { PROJECT_ROOT } from '../src/config.js';
import { createEmbedder } from '../src/embed/embedder.js';
import { buildIndex, staleReason } from '../src/index/build.js';
import { openIndex } from '../src/index/reader.js';
import { readDocumentFile } from '../src/ingest/read-file.js';
import { Engine } from '../src/search/engine.js';
import { parseRelevanceSet } from '../src/search/evaluate.js';

const program = new Command()
  .option('--set <file>', 'relevance set with pairs', join(PROJECT_ROOT, '..', 'shared', 'eval', 'dev.json'))
  .option('--labels <file>', 'hand-labeled measures', join(PROJECT_ROOT, 'test', 'fixtures', 'measures-labeled.json'))
  .option('--json', 'print the figures as JSON');
program.parse();
const opts = program.opts<{ set: string; labels: string; json?: boolean }>();

const SEEDS = join(PROJECT_ROOT, 'seeds');
const SEED_INDEX = join(PROJECT_ROOT, '.tmp', 'seed-index');
const WORK = join(PROJECT_ROOT, '.tmp', 'draft-eval');
const set = parseRelevanceSet(JSON.parse(readFileSync(opts.set, 'utf8')), opts.set);
const labels = (JSON.parse(readFileSync(opts.labels, 'utf8')) as { paragraphs: { id: string; measures: string[] }[] }).paragraphs;
const manifest = JSON.parse(readFileSync(join(SEEDS, 'manifest.json'), 'utf8')) as { documents: { id: string; file: string; city?: string }[] };
const squash = (s: string) => s.replace(/\s+/gu, '');

const embedder = await createEmbedder();
if (staleReason(SEED_INDEX, [SEEDS])) await buildIndex({ inputs: [SEEDS], out: SEED_INDEX, embedder });

interface DocFigures {
  doc: string;
  city: string | null;
  clauses: number;
  pairs: number;
  counterparts: number;
  found: number;
  gaps: string[];
  gapsRight: number;
  trueGaps: number;
  coverage: number;
  coverageRight: number;
  labeledMeasures: number;
  reuse: number;
  reuseAllClauses: number;
  coldMs: number;
  warmMs: number;
}

const figures: DocFigures[] = [];
for (const left of manifest.documents) {
  // The corpus without `left`: the other seed files (linked) and their manifest entries.
  const input = join(WORK, `input-without-${left.id}`);
  const out = join(WORK, `without-${left.id}`);
  rmSync(input, { recursive: true, force: true });
  mkdirSync(input, { recursive: true });
  const kept = manifest.documents.filter((d) => d.id !== left.id);
  for (const d of kept) symlinkSync(join(SEEDS, d.file), join(input, d.file));
  writeFileSync(join(input, 'manifest.json'), JSON.stringify({ ...manifest, documents: kept }, null, 2));
  if (!existsSync(out)) cpSync(SEED_INDEX, out, { recursive: true }); // reuse its embedding cache
  if (staleReason(out, [input])) await buildIndex({ inputs: [input], out, embedder });
  const index = openIndex(out);
  const engine = new Engine(index, embedder);
  const analysis = analysisFor(engine);

  const text = (await readDocumentFile(join(SEEDS, left.file))).text;
  let t = performance.now();
  const report: DraftReport = await analysis.draft({ text });
  const coldMs = performance.now() - t;
  t = performance.now();
  await analysis.draft({ text });
  const warmMs = performance.now() - t;

  // Counterpart hit@3 among the precedents.
  let pairs = 0;
  let counterparts = 0;
  let found = 0;
  for (const pair of set.pairs.filter((p) => p.source.doc === left.file)) {
    const clause = report.clauses.find((c) => squash(c.text).includes(squash(pair.source.anchor)));
    if (!clause) {
      console.error(`pair ${pair.id}: no draft clause holds its source anchor; counted as missed`);
    }
    pairs++;
    for (const cp of pair.counterparts) {
      counterparts++;
      const city = index.documents.find((d) => d.file === cp.doc)?.city;
      const column = clause?.precedents.find((p) => p.city === city);
      if (column?.results.slice(0, 3).some((h) => h.doc.file === cp.doc && squash(h.text).includes(squash(cp.anchor)))) found++;
    }
  }

  // Gaps and coverage against the labels of the left-out document.
  const own = new Set(labels.filter((l) => l.id.startsWith(`${left.id}:`)).flatMap((l) => l.measures));
  const matrix = await analysis.matrix();
  const trueGaps = new Set(matrix.rows.filter((r) => r.cells.filter((c) => c.count > 0).length >= 2 && !own.has(r.measure.id)).map((r) => r.measure.id));
  const gaps = report.gaps.map((g) => g.measure.id);
  const covered = report.coverage.map((c) => c.measure.id);

  // Reuse: as flagged (among the precedents), and as a search of every indexed clause would flag it.
  const all = index.paragraphs.map((p) => {
    const d = index.documentById.get(p.docId)!;
    return { paragraphId: p.id, text: p.text, doc: { id: d.id, file: d.file, title: d.title, city: d.city, level: d.level, date: d.date }, section: p.sectionPath };
  });
  const reuseAll = report.clauses.filter((c) => findReuse(c.text, all).length > 0).length;

  figures.push({
    doc: left.id,
    city: left.city ?? null,
    clauses: report.clauses.length,
    pairs,
    counterparts,
    found,
    gaps,
    gapsRight: gaps.filter((g) => !own.has(g)).length,
    trueGaps: trueGaps.size,
    coverage: covered.length,
    coverageRight: covered.filter((c) => own.has(c)).length,
    labeledMeasures: own.size,
    reuse: report.clauses.filter((c) => c.reuse.length > 0).length,
    reuseAllClauses: reuseAll,
    coldMs,
    warmMs,
  });
  index.close();
}
await embedder.dispose();

const sum = (k: keyof DocFigures) => figures.reduce((s, f) => s + (f[k] as number), 0);
const totals = {
  counterpartHit3: sum('found') / Math.max(1, sum('counterparts')),
  pairs: sum('pairs'),
  counterparts: sum('counterparts'),
  gapPrecision: sum('gapsRight') / Math.max(1, figures.reduce((s, f) => s + f.gaps.length, 0)),
  gapsReported: figures.reduce((s, f) => s + f.gaps.length, 0),
  gapRecall: sum('gapsRight') / Math.max(1, sum('trueGaps')),
  coveragePrecision: sum('coverageRight') / Math.max(1, sum('coverage')),
  coverageRecall: sum('coverageRight') / Math.max(1, sum('labeledMeasures')),
  reuseFlags: sum('reuse'),
  reuseFlagsSearchingEveryClause: sum('reuseAllClauses'),
};
if (opts.json) {
  console.log(JSON.stringify({ figures, totals }, null, 2));
} else {
  const pct = (x: number) => x.toFixed(3);
  console.log('document              city    clauses  pairs  hit@3        gaps (right)  gap recall  coverage P / R     reuse  cold / warm');
  for (const f of figures) {
    console.log(
      [
        f.doc.padEnd(22),
        (f.city ?? '').padEnd(6),
        String(f.clauses).padStart(7),
        String(f.pairs).padStart(6),
        `${f.found}/${f.counterparts}`.padStart(7),
        `${f.gaps.length} (${f.gapsRight})`.padStart(13),
        `${f.gapsRight}/${f.trueGaps}`.padStart(11),
        `${f.coverageRight}/${f.coverage} · ${f.coverageRight}/${f.labeledMeasures}`.padStart(18),
        `${f.reuse}/${f.reuseAllClauses}`.padStart(6),
        `${(f.coldMs / 1000).toFixed(1)} / ${(f.warmMs / 1000).toFixed(1)} s`.padStart(14),
      ].join('  '),
    );
  }
  console.log(
    `\ncounterpart hit@3 ${pct(totals.counterpartHit3)} (${sum('found')}/${totals.counterparts} counterparts of ${totals.pairs} pairs); ` +
      `gap precision ${pct(totals.gapPrecision)} (${sum('gapsRight')}/${totals.gapsReported}), gap recall ${pct(totals.gapRecall)}; ` +
      `coverage precision ${pct(totals.coveragePrecision)}, recall ${pct(totals.coverageRecall)}; ` +
      `reuse flags ${totals.reuseFlags} (searching every clause: ${totals.reuseFlagsSearchingEveryClause})`,
  );
}
