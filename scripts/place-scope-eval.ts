/**
 * `npx tsx scripts/place-scope-eval.ts [--index DIR] [--sets a.json,b.json]`
 * What scoping a query by the places it names (src/search/query-places.ts) does for a user who names one. The labelled
 * sets have no such queries, so they are derived: for each query with relevant clauses in two places or more (and not
 * worded for every place: 各地…, 哪些…), and each of those places, the query is asked in three forms: `<place>` + query
 * (青岛市专精特新企业培育), `<bare name>的` + query (青岛的专精特新企业培育) and `<bare name>` + query (青岛专精特新企业
 * 培育, as Chinese is typed, without a space); what is relevant is that place's labelled clauses.
 * Hybrid search, nDCG@10 / recall@10 / MRR, with `scope: 'all'` (as typed, the engine before) and the default, per
 * form and over all three.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { PROJECT_ROOT, defaultIndexDir } from '../src/config.js';
import { ndcgAt, parseRelevanceSet, recallAt, reciprocalRank } from '../src/search/evaluate.js';
import { openEngine } from '../src/search/open.js';

const program = new Command()
  .option('--index <dir>', 'index folder', defaultIndexDir())
  .option('--sets <list>', 'relevance sets', [join(PROJECT_ROOT, '..', 'shared', 'eval', 'dev.json'), join(PROJECT_ROOT, 'test', 'fixtures', 'relevance-own.json'), join(PROJECT_ROOT, 'test', 'fixtures', 'relevance-tune.json')].join(','));
program.parse();
const opts = program.opts<{ index: string; sets: string }>();

const { engine, close } = await openEngine(opts.index);
const corpus = engine.corpus();
const cityOf = new Map(corpus.documents.map((d) => [d.file, d.city ?? '']));
const bare = (city: string) => city.replace(/(?:市|省|区|县)$/u, '');
type Sums = { n: number; scoped: number; all: { ndcg: number; recall: number; rr: number }; auto: { ndcg: number; recall: number; rr: number } };
const FORMS = ['青岛市…', '青岛的…', '青岛…'] as const;
const sums = (): Sums => ({ n: 0, scoped: 0, all: { ndcg: 0, recall: 0, rr: 0 }, auto: { ndcg: 0, recall: 0, rr: 0 } });
const byForm = new Map<string, Sums>([...FORMS.map((f) => [f, sums()] as const), ['all three', sums()]]);
for (const file of opts.sets.split(',')) {
  const set = parseRelevanceSet(JSON.parse(readFileSync(file, 'utf8')), file);
  for (const q of set.queries) {
    if (/^(?:各地|各|哪些|哪个|哪几)/u.test(q.query)) continue;
    const cities = [...new Set(q.relevant.map((a) => cityOf.get(a.doc)).filter((c): c is string => !!c))];
    if (cities.length < 2) continue;
    for (const city of cities) {
      const relevant = q.relevant.filter((a) => cityOf.get(a.doc) === city);
      const asked = [`${city}${q.query}`, `${bare(city)}的${q.query}`, `${bare(city)}${q.query}`];
      for (let i = 0; i < FORMS.length; i++) {
        const tallies = [byForm.get(FORMS[i]!)!, byForm.get('all three')!];
        for (const t of tallies) t.n++;
        for (const scope of ['all', 'auto'] as const) {
          const { results, scope: applied } = await engine.search(asked[i]!, { mode: 'hybrid', k: 10, scope });
          const ndcg = ndcgAt(results, relevant);
          const recall = recallAt(results, relevant);
          const rr = reciprocalRank(results, relevant);
          for (const t of tallies) {
            if (scope === 'auto' && applied) t.scoped++;
            t[scope].ndcg += ndcg;
            t[scope].recall += recall;
            t[scope].rr += rr;
          }
        }
      }
    }
  }
}
await close();
console.log('form        queries  scoped   as typed (scope=all): nDCG@10 recall@10 MRR   default: nDCG@10 recall@10 MRR');
for (const [form, t] of byForm) {
  const f = (x: number) => (t.n ? x / t.n : 0).toFixed(3);
  console.log(`${form.padEnd(11)} ${String(t.n).padStart(7)}  ${String(t.scoped).padStart(6)}   ${f(t.all.ndcg)}   ${f(t.all.recall)}   ${f(t.all.rr)}          ${f(t.auto.ndcg)}   ${f(t.auto.recall)}   ${f(t.auto.rr)}`);
}
