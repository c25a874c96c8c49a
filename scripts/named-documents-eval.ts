/**
 * `npx tsx scripts/named-documents-eval.ts [--index DIR] [--sets a.json,b.json]`
 * What a query that names a document (src/search/query-documents.ts) gets. For every indexed document with a title
 * or a number, the queries are its number as written, its number with square brackets (苏政发[2018]86号), its title,
 * its title in 《》, and the title without the issuer's first four characters (a part of it); each should name that
 * document alone. Prints, per kind, how many name it (and only it), and how many put one of its clauses first among
 * the hits (what a user had before the documents were listed). Then the labelled sets' queries, which name no
 * document: how many name one anyway.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { PROJECT_ROOT, defaultIndexDir } from '../src/config.js';
import { parseRelevanceSet } from '../src/search/evaluate.js';
import { openEngine } from '../src/search/open.js';

const program = new Command()
  .option('--index <dir>', 'index folder', defaultIndexDir())
  .option('--sets <list>', 'relevance sets whose queries must name no document', [join(PROJECT_ROOT, '..', 'shared', 'eval', 'dev.json'), join(PROJECT_ROOT, 'test', 'fixtures', 'relevance-own.json'), join(PROJECT_ROOT, 'test', 'fixtures', 'relevance-tune.json')].join(','));
program.parse();
const opts = program.opts<{ index: string; sets: string }>();

const { engine, close } = await openEngine(opts.index);
const tally = new Map<string, { n: number; named: number; alone: number; firstHit: number }>();
for (const d of engine.corpus().documents) {
  const kinds: [string, string | null][] = [
    ['number', d.docNumber],
    ['number, [ ] brackets', d.docNumber ? d.docNumber.replace(/[〔［【（(]/gu, '[').replace(/[〕］】）)]/gu, ']') : null],
    ['title', d.title],
    ['title in 《》', d.title ? `《${d.title}》` : null],
    ['title less 4 first characters', d.title && [...d.title].length >= 14 ? [...d.title].slice(4).join('') : null],
  ];
  for (const [kind, query] of kinds) {
    if (!query) continue;
    const r = await engine.search(query, { mode: 'hybrid', k: 10 });
    const t = tally.get(kind) ?? tally.set(kind, { n: 0, named: 0, alone: 0, firstHit: 0 }).get(kind)!;
    t.n++;
    if (r.documents.some((x) => x.document.id === d.id)) t.named++;
    if (r.documents.length === 1 && r.documents[0]!.document.id === d.id) t.alone++;
    if (r.results[0]?.doc.id === d.id) t.firstHit++;
  }
}
console.log('kind                            queries  named  named alone  first hit from it');
for (const [kind, t] of tally) console.log(`${kind.padEnd(31)} ${String(t.n).padStart(7)}  ${String(t.named).padStart(5)}  ${String(t.alone).padStart(11)}  ${String(t.firstHit).padStart(17)}`);
for (const file of opts.sets.split(',')) {
  const set = parseRelevanceSet(JSON.parse(readFileSync(file, 'utf8')), file);
  let naming = 0;
  for (const q of set.queries) if ((await engine.search(q.query, { mode: 'hybrid', k: 1 })).documents.length) naming++;
  console.log(`${file.split('/').pop()}: ${naming} of ${set.queries.length} queries name a document`);
}
await close();
