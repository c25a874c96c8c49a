/**
 * `npx tsx scripts/check-set.ts FILE.json [--index DIR]`
 * Checks a relevance set (the format of shared/eval/dev.json) against an index before anyone scores with it
 * (`checkRelevanceSet` in src/search/evaluate.ts): every anchor in a paragraph of its document, by the matching rule
 * of `npm run eval`; each pair's sentence in its source clause. It reads no ranking, so a label writer who must not
 * see the engine can run it. Exit code 1 lists what to fix.
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { defaultIndexDir } from '../src/config.js';
import { openIndex } from '../src/index/reader.js';
import { checkRelevanceSet, parseRelevanceSet } from '../src/search/evaluate.js';

const program = new Command().argument('<file>', 'relevance set').option('--index <dir>', 'index folder', defaultIndexDir());
program.parse();
const file = program.args[0]!;
const { index: dir } = program.opts<{ index: string }>();
const set = parseRelevanceSet(JSON.parse(readFileSync(file, 'utf8')), file);
const index = openIndex(dir);
const documents = index.documents.map((d) => ({ file: d.file, paragraphs: index.paragraphsByDoc.get(d.id) ?? [] }));
const problems = checkRelevanceSet(set, documents);
index.close();
const anchors = set.queries.reduce((n, q) => n + q.relevant.length, 0) + set.pairs.reduce((n, p) => n + p.counterparts.length, 0);
console.log(`${file}: ${set.queries.length} queries, ${set.pairs.length} pairs, ${anchors} anchors (index ${dir})`);
if (problems.length) {
  console.log(problems.join('\n'));
  process.exitCode = 1;
} else {
  console.log('every anchor is in a paragraph of its document');
}
