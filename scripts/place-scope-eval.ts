/**
 * `npx tsx scripts/place-scope-eval.ts [--index DIR] [--sets a.json,b.json]`
 * What scoping a query by the places it names (src/search/query-places.ts) does for a user who names one. The labelled
 * sets have no such queries, so they are derived: for each query with relevant clauses in two places or more (and not
 * worded for every place: 各地…, 哪些…), and each of those places, the query is asked as `<place>` + query (青岛市专精特新
 * 企业培育) and as `<bare name>的` + query (青岛的专精特新企业培育); what is relevant is that place's labelled clauses.
 * Hybrid search, nDCG@10 / recall@10 / MRR, with `scope: 'all'` (as typed, the engine before) and the default.
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
const sums = { all: { ndcg: 0, recall: 0, rr: 0 }, auto: { ndcg: 0, recall: 0, rr: 0 } };
let n = 0;
let scoped = 0;
for (const file of opts.sets.split(',')) {
  const set = parseRelevanceSet(JSON.parse(readFileSync(file, 'utf8')), file);
  for (const q of set.queries) {
    if (/^(?:各地|各|哪些|哪个|哪几)/u.test(q.query)) continue;
    const cities = [...new Set(q.relevant.map((a) => cityOf.get(a.doc)).filter((c): c is string => !!c))];
    if (cities.length < 2) continue;
    for (const city of cities) {
      const relevant = q.relevant.filter((a) => cityOf.get(a.doc) === city);
      for (const asked of [`${city}${q.query}`, `${bare(city)}的${q.query}`]) {
        n++;
        for (const scope of ['all', 'auto'] as const) {
          const { results, scope: applied } = await engine.search(asked, { mode: 'hybrid', k: 10, scope });
          if (scope === 'auto' && applied) scoped++;
          sums[scope].ndcg += ndcgAt(results, relevant);
          sums[scope].recall += recallAt(results, relevant);
          sums[scope].rr += reciprocalRank(results, relevant);
        }
      }
    }
  }
}
await close();
const f = (x: number) => (x / n).toFixed(3);
console.log(`${n} place-named queries (${scoped} scoped by the default)`);
console.log('                         nDCG@10  recall@10  MRR');
for (const [label, s] of [['as typed (scope=all)', sums.all], ['scoped (default)', sums.auto]] as const) console.log(`${label.padEnd(24)} ${f(s.ndcg)}    ${f(s.recall)}     ${f(s.rr)}`);
