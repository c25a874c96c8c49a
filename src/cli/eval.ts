/**
 * `npm run eval -- [file] [--index DIR] [--json] [--modes keyword,semantic,hybrid]`
 * Scores retrieval on a labeled relevance set (default ../shared/eval/dev.json) through the engine the API uses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { PROJECT_ROOT, defaultIndexDir } from '../config.js';
import { isPolicyLensError } from '../errors.js';
import { evaluate, formatReport, parseRelevanceSet } from '../search/evaluate.js';
import { openEngine } from '../search/open.js';
import type { SearchMode } from '../search/types.js';
import { isMain } from './is-main.js';

async function main(): Promise<void> {
  const program = new Command()
    .name('npm run eval --')
    .argument('[file]', 'relevance set in the dev.json format', join(PROJECT_ROOT, '..', 'shared', 'eval', 'dev.json'))
    .option('--index <dir>', 'index folder', defaultIndexDir())
    .option('--json', 'print JSON instead of a table', false)
    .option('--modes <list>', 'comma-separated modes', 'keyword,semantic,hybrid')
    .showHelpAfterError();
  program.parse();
  const opts = program.opts<{ index: string; json: boolean; modes: string }>();
  const file = program.args[0] ?? join(PROJECT_ROOT, '..', 'shared', 'eval', 'dev.json');
  const modes = opts.modes.split(',').map((m) => m.trim()) as SearchMode[];
  for (const m of modes) if (!['keyword', 'semantic', 'hybrid'].includes(m)) program.error(`unknown mode "${m}" (keyword, semantic, hybrid)`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    program.error(`cannot read ${file}: ${(e as Error).message}`);
  }
  const set = parseRelevanceSet(raw, file);
  const { engine, close } = await openEngine(opts.index);
  try {
    const report = await evaluate(engine, set, modes);
    if (opts.json) console.log(JSON.stringify(report, null, 2));
    else console.log(`${file}: ${set.queries.length} queries, ${set.pairs.length} pairs\n${formatReport(report)}`);
  } finally {
    await close();
  }
}

if (isMain(import.meta.url)) {
  main().catch((e) => {
    console.error(isPolicyLensError(e) ? `error [${e.code}]: ${e.message}` : e);
    process.exit(1);
  });
}
