/**
 * `npm run eval -- [file…] [--index DIR] [--json] [--modes keyword,semantic,hybrid]`
 * Scores retrieval on labeled relevance sets through the engine the API uses. Without files it reports every set
 * the project knows: the dev set (../shared/eval/dev.json), our own set, the tuning set and the blind sets (test/fixtures). A set
 * whose documents are not all in the index (the bigger-corpus set needs seeds + ../shared/external) is skipped with
 * the command that builds such an index.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { PROJECT_ROOT, defaultIndexDir } from '../config.js';
import { isPolicyLensError } from '../errors.js';
import { evaluate, formatReport, parseRelevanceSet, type EvalReport } from '../search/evaluate.js';
import { formatInterval, reportIntervals } from '../search/intervals.js';
import { openEngine } from '../search/open.js';
import type { SearchMode } from '../search/types.js';
import { isMain } from './is-main.js';

/** The sets `npm run eval` reports by default, in this order. */
export const DEFAULT_SETS = [
  join(PROJECT_ROOT, '..', 'shared', 'eval', 'dev.json'),
  join(PROJECT_ROOT, 'test', 'fixtures', 'relevance-own.json'),
  join(PROJECT_ROOT, 'test', 'fixtures', 'relevance-tune.json'),
  join(PROJECT_ROOT, 'test', 'fixtures', 'relevance-blind.json'),
  join(PROJECT_ROOT, 'test', 'fixtures', 'relevance-blind2.json'),
  join(PROJECT_ROOT, 'test', 'fixtures', 'relevance-blind-external.json'),
  join(PROJECT_ROOT, 'test', 'fixtures', 'relevance-tune-external.json'),
  join(PROJECT_ROOT, 'test', 'fixtures', 'relevance-one-sentence.json'),
  join(PROJECT_ROOT, 'test', 'fixtures', 'relevance-one-sentence-external.json'),
  join(PROJECT_ROOT, 'test', 'fixtures', 'relevance-researcher-external.json'),
];

async function main(): Promise<void> {
  const program = new Command()
    .name('npm run eval --')
    .argument('[files...]', 'relevance sets in the dev.json format (default: every set the project knows)')
    .option('--index <dir>', 'index folder', defaultIndexDir())
    .option('--json', 'print JSON instead of tables', false)
    .option('--modes <list>', 'comma-separated modes', 'keyword,semantic,hybrid')
    .showHelpAfterError();
  program.parse();
  const opts = program.opts<{ index: string; json: boolean; modes: string }>();
  const files = program.args.length ? program.args : DEFAULT_SETS.filter((f) => existsSync(f));
  const modes = opts.modes.split(',').map((m) => m.trim()) as SearchMode[];
  for (const m of modes) if (!['keyword', 'semantic', 'hybrid'].includes(m)) program.error(`unknown mode "${m}" (keyword, semantic, hybrid)`);
  const sets = files.map((file) => {
    try {
      return { file, set: parseRelevanceSet(JSON.parse(readFileSync(file, 'utf8')), file) };
    } catch (e) {
      return program.error(`cannot read ${file}: ${(e as Error).message}`);
    }
  });
  const { engine, close } = await openEngine(opts.index);
  const summary: { file: string; report: EvalReport }[] = [];
  try {
    const indexed = new Set(engine.corpus().documents.map((d) => d.file));
    for (const { file, set } of sets) {
      const missing = [...new Set([...set.queries.flatMap((q) => q.relevant.map((a) => a.doc)), ...set.pairs.flatMap((p) => [p.source.doc, ...p.counterparts.map((c) => c.doc)])])].filter((d) => !indexed.has(d));
      if (missing.length) {
        console.log(`${file}: skipped — the index lacks ${missing.length} of its documents (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}). Index them too, e.g. \`npm run index -- --input seeds --input ../shared/external --out index-external --keep-going\`, then \`npm run eval -- ${file} --index index-external\`.\n`);
        continue;
      }
      const report = await evaluate(engine, set, modes);
      summary.push({ file, report });
      if (!opts.json) console.log(`${file}: ${set.queries.length} queries, ${set.pairs.length} pairs\n${formatReport(report)}\n`);
    }
  } finally {
    await close();
  }
  if (opts.json) {
    console.log(JSON.stringify(summary, null, 2));
    return;
  }
  if (summary.length > 1) {
    const f = (x: number | null | undefined) => (x === null || x === undefined ? '  —  ' : x.toFixed(3));
    const width = Math.max(22, ...summary.map(({ file }) => file.split('/').pop()!.length));
    console.log(`${'hybrid, every set'.padEnd(width)} nDCG@10  recall@10  MRR    city-top3  pairs@3  sentence-pairs@3`);
    for (const { file, report } of summary) {
      const m = report.modes.find((x) => x.mode === 'hybrid') ?? report.modes.at(-1)!;
      const q = m.overall.queries > 0 ? m.overall : null;
      console.log(`${file.split('/').pop()!.padEnd(width)} ${f(q?.ndcg10)}    ${f(q?.recall10)}     ${f(q?.mrr)}  ${f(q ? m.cityTop3 : null)}      ${f(report.pairs.length ? report.pairHit3 : null)}    ${f(report.sentenceHit3)}`);
    }
  }
  // What each figure can carry: a set of a few dozen queries moves by a column or a counterpart at a time.
  console.log(`\n95% bootstrap intervals (hybrid; 2,000 resamples of queries, and of pairs for the pair figures)`);
  const width = Math.max(22, ...summary.map(({ file }) => file.split('/').pop()!.length));
  console.log(`${'set'.padEnd(width)} ${'nDCG@10'.padEnd(20)} ${'city-top3'.padEnd(20)} ${'pairs@3'.padEnd(20)} sentence-pairs@3`);
  for (const { file, report } of summary) {
    const ci = reportIntervals(report);
    console.log(`${file.split('/').pop()!.padEnd(width)} ${formatInterval(ci.ndcg10).padEnd(20)} ${formatInterval(ci.cityTop3).padEnd(20)} ${formatInterval(ci.pairHit3).padEnd(20)} ${formatInterval(ci.sentenceHit3)}`);
  }
}

if (isMain(import.meta.url)) {
  main().catch((e) => {
    console.error(isPolicyLensError(e) ? `error [${e.code}]: ${e.message}` : e);
    process.exit(1);
  });
}
