/**
 * `npx tsx scripts/calibrate-target-questions.ts [--index DIR] [--labels FILE]`
 * Chooses how a question about targets is matched to the corpus's targets (src/analysis/target-matching.ts), on our
 * own labeled questions (test/fixtures/target-questions-labeled.json; never an eval set).
 *
 * Each (question, group of targets) is a decision: show the group or not; the truth is whether the group holds an
 * indicator labeled as answering the question. A group scores its best member. Variants of the member's score:
 *   core        cosine(topic, indicator core) + w × lexical share
 *   indicator   the better of the core's and the whole indicator's cosine + w × lexical share
 *   + kinds     members whose kind of number the question rules out (a share asked, a count offered) score nothing
 *   within m    groups more than m below the question's best group are not shown either
 * For each variant: the best threshold and lexical weight on all questions (optimistic), then 2-fold
 * cross-validation over odd / even questions (choose w and the threshold on one half, score the other half).
 * Last, with the shipped defaults, what users see: the share of shown targets that answer the question, the share
 * of (question, city) pairs with an answer that get one, and the questions without answers that get something.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { PROJECT_ROOT, defaultIndexDir } from '../src/config.js';
import { analysisFor, indicatorKey, kindFits, scoreTargets, targetQuestion } from '../src/analysis/index.js';
import { questionOutcomes } from '../src/analysis/target-matching.js';
import { dot } from '../src/index/vectors.js';
import { openEngine } from '../src/search/open.js';

const program = new Command()
  .option('--index <dir>', 'index folder', defaultIndexDir())
  .option('--labels <file>', 'labeled questions', join(PROJECT_ROOT, 'test', 'fixtures', 'target-questions-labeled.json'));
program.parse();
const opts = program.opts<{ index: string; labels: string }>();
const labels = JSON.parse(readFileSync(opts.labels, 'utf8')) as { questions: { q: string; relevant: string[] }[] };
const { engine, close } = await openEngine(opts.index);
const analyst = analysisFor(engine);
const data = await analyst.loadTargets();

const known = new Set(data.rows.map((r) => r.indicator));
for (const q of labels.questions) for (const ind of q.relevant) if (!known.has(ind)) console.warn(`label not among the extracted indicators: ${ind} (${q.q})`);

// The whole indicators' vectors, for the 'indicator' variant.
const indicators = [...known];
const indicatorVectors = new Map((await engine.embedder.embed(indicators)).map((v, i) => [indicators[i]!, v]));

interface Member {
  question: number;
  group: string;
  truth: boolean;
  core: number;
  indicator: number;
  lexical: number;
  fits: boolean;
}
const members: Member[] = [];
for (const [i, q] of labels.questions.entries()) {
  const question = targetQuestion(q.q);
  if (!question?.topic) {
    console.warn(`not read as a target question: ${q.q}`);
    continue;
  }
  const vector = await engine.embedder.embedQuery(question.topic);
  const scores = scoreTargets(data, question.topic, vector, 0);
  const relevant = new Set(q.relevant);
  const truthOf = new Map<string, boolean>();
  for (const r of data.rows) if (relevant.has(r.indicator)) truthOf.set(r.group, true);
  for (const r of data.rows) {
    const s = scores.get(r.id)!;
    members.push({
      question: i,
      group: r.group,
      truth: truthOf.get(r.group) ?? false,
      core: s.cosine,
      indicator: dot(indicatorVectors.get(r.indicator)!, vector),
      lexical: s.lexical,
      fits: kindFits(question.kinds, r),
    });
  }
}

interface Variant {
  name: string;
  score: (m: Member, w: number) => number;
  /** Groups scoring more than this below the question's best group are not shown either. */
  margin?: number;
}
const VARIANTS: Variant[] = [
  { name: 'core', score: (m, w) => m.core + w * m.lexical },
  { name: 'core + kinds', score: (m, w) => (m.fits ? m.core + w * m.lexical : -Infinity) },
  { name: 'indicator', score: (m, w) => Math.max(m.core, m.indicator) + w * m.lexical },
  { name: 'indicator + kinds', score: (m, w) => (m.fits ? Math.max(m.core, m.indicator) + w * m.lexical : -Infinity) },
  ...[0.1, 0.15, 0.2, 0.3].map((margin) => ({ name: `core, within ${margin} of the best group`, score: (m: Member, w: number) => m.core + w * m.lexical, margin })),
];

/** One decision per (question, group): the best member's score. */
function decisions(v: Variant, w: number, keep: (question: number) => boolean): { truth: boolean; score: number }[] {
  const best = new Map<string, { question: number; truth: boolean; score: number }>();
  for (const m of members) {
    if (!keep(m.question)) continue;
    const key = `${m.question}\u0000${m.group}`;
    const score = v.score(m, w);
    const prev = best.get(key);
    if (!prev || score > prev.score) best.set(key, { question: m.question, truth: m.truth, score });
  }
  const rows = [...best.values()];
  if (v.margin === undefined) return rows;
  const top = new Map<number, number>();
  for (const r of rows) top.set(r.question, Math.max(top.get(r.question) ?? -Infinity, r.score));
  return rows.map((r) => (r.score >= top.get(r.question)! - v.margin! ? r : { ...r, score: -Infinity }));
}

function prf(rows: { truth: boolean; score: number }[], t: number) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const x of rows) {
    if (x.score >= t && x.truth) tp++;
    else if (x.score >= t) fp++;
    else if (x.truth) fn++;
  }
  const p = tp + fp ? tp / (tp + fp) : 1;
  const r = tp + fn ? tp / (tp + fn) : 1;
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0, tp, fp, fn };
}

const WEIGHTS = [0, 0.1, 0.2, 0.3, 0.5];
const THRESHOLDS = Array.from({ length: 71 }, (_, i) => Math.round((0.5 + i * 0.01) * 100) / 100);
const f = (x: number) => x.toFixed(3);

function choose(v: Variant, keep: (q: number) => boolean): { w: number; t: number; f1: number } {
  let best = { w: 0, t: 0, f1: -1 };
  for (const w of WEIGHTS) {
    const rows = decisions(v, w, keep);
    for (const t of THRESHOLDS) {
      const { f1 } = prf(rows, t);
      if (f1 > best.f1 + 1e-9) best = { w, t, f1 };
    }
  }
  return best;
}

const asked = new Set(members.map((m) => m.question)).size;
console.log(`${asked} questions, ${data.groups.size} groups, ${data.rows.length} targets\n`);
console.log('| variant | best on all: w, T | P / R / F1 | CV even→odd: w, T → held-out F1 | CV odd→even | mean held-out F1 |');
console.log('|---|---|---|---|---|---|');
for (const v of VARIANTS) {
  const all = choose(v, () => true);
  const at = prf(decisions(v, all.w, () => true), all.t);
  const folds = [(q: number) => q % 2 === 0, (q: number) => q % 2 === 1].map((train) => {
    const c = choose(v, train);
    return { ...c, held: prf(decisions(v, c.w, (q) => !train(q)), c.t) };
  });
  console.log(
    `| ${v.name} | ${all.w}, ${all.t.toFixed(2)} | ${f(at.p)} / ${f(at.r)} / ${f(at.f1)} | ` +
      folds.map((x) => `${x.w}, ${x.t.toFixed(2)} → ${f(x.held.f1)} (P ${f(x.held.p)}, R ${f(x.held.r)})`).join(' | ') +
      ` | ${f((folds[0]!.held.f1 + folds[1]!.held.f1) / 2)} |`,
  );
}

// The threshold sweep of the shipped variant, to see how flat the optimum is.
const tuning = analyst.targetMatchTuning();
const shipped = VARIANTS.find((v) => v.name === 'core')!;
const sweep = decisions(shipped, tuning.lexicalWeight, () => true);
console.log(`\nshipped variant (${shipped.name}, w ${tuning.lexicalWeight}), threshold sweep P / R:`);
console.log(
  [-0.09, -0.06, -0.03, 0, 0.03, 0.06, 0.09]
    .map((d) => Math.round((tuning.threshold + d) * 100) / 100)
    .map((t) => {
      const x = prf(sweep, t);
      return `${t.toFixed(2)}: ${f(x.p)} / ${f(x.r)}`;
    })
    .join('  '),
);

// What users see with the shipped defaults.
const outcomes = await questionOutcomes(labels.questions, (q) => analyst.questionTargets(q), data.rows);
const shown = outcomes.reduce((n, o) => n + o.rows.length, 0);
const answering = outcomes.reduce((n, o) => n + o.rows.filter((r) => o.relevant.has(r.indicator)).length, 0);
const citiesWithAnswer = outcomes.reduce((n, o) => n + o.cities.length, 0);
const citiesAnswered = outcomes.reduce((n, o) => n + o.answered.length, 0);
const emptyAsked = outcomes.filter((o) => o.relevant.size === 0).length;
const emptyAnswered = outcomes.filter((o) => o.relevant.size === 0 && o.rows.length).length;
for (const o of outcomes) {
  const wrong = [...new Set(o.rows.filter((r) => !o.relevant.has(r.indicator)).map((r) => `${r.doc.city}:${indicatorKey(r.indicator).core}`))];
  const missed = o.cities.filter((c) => !o.answered.includes(c));
  if (wrong.length || missed.length) console.log(`  ${o.q}${wrong.length ? `  shown, not asked: ${wrong.join('; ')}` : ''}${missed.length ? `  cities missed: ${missed.join('、')}` : ''}`);
}
console.log(
  `\nshipped defaults (T ${tuning.threshold}, w ${tuning.lexicalWeight}, ${tuning.perCity} per city): ${shown} targets shown, ${f(answering / Math.max(1, shown))} answer the question; ` +
    `${citiesAnswered}/${citiesWithAnswer} (question, city) pairs with an answer get one (${f(citiesAnswered / Math.max(1, citiesWithAnswer))}); ` +
    `${emptyAnswered}/${emptyAsked} questions without an answer get something`,
);
await close();
