/**
 * `npx tsx scripts/traditional-eval.ts [--index DIR] [--document FILE]`
 * How the engine does when one side is in traditional script (src/text/script.ts). The labelled sets are in
 * simplified script, so their traditional forms are made with OpenCC's simplified → Taiwan converter:
 * - by default, every query and pair sentence of dev, own and tune is converted, and each set is scored as labelled
 *   and converted, on the index given;
 * - with `--document 003_c6c20afe788bb10c.txt`, that seed is converted instead: the seeds are indexed afresh into a
 *   temporary folder with that file in traditional script (the seed manifest kept), its anchors converted with it,
 *   and every set scored on that index (it embeds the whole seed corpus, ≈ 1 minute).
 * Prints hybrid nDCG@10, city top-3, pair hit@3 and pair hit@3 from the sentence per set.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import OpenCC from 'opencc-js/cn2t';
import { PROJECT_ROOT, defaultIndexDir } from '../src/config.js';
import { createEmbedder } from '../src/embed/embedder.js';
import { buildIndex } from '../src/index/build.js';
import { evaluate, parseRelevanceSet, type RelevanceSet } from '../src/search/evaluate.js';
import { openEngine } from '../src/search/open.js';

const program = new Command()
  .option('--index <dir>', 'index folder (queries converted)', defaultIndexDir())
  .option('--document <file>', 'a seed file to convert instead of the queries');
program.parse();
const opts = program.opts<{ index: string; document?: string }>();
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

const SETS = [join(PROJECT_ROOT, '..', 'shared', 'eval', 'dev.json'), join(PROJECT_ROOT, 'test', 'fixtures', 'relevance-own.json'), join(PROJECT_ROOT, 'test', 'fixtures', 'relevance-tune.json')];
const sets = SETS.map((f) => ({ name: f.split('/').pop()!, set: parseRelevanceSet(JSON.parse(readFileSync(f, 'utf8')), f) }));

function convertQueries(set: RelevanceSet): RelevanceSet {
  return { ...set, queries: set.queries.map((q) => ({ ...q, query: toTraditional(q.query) })), pairs: set.pairs.map((p) => (p.sentence ? { ...p, sentence: toTraditional(p.sentence) } : p)) };
}

function convertDocument(set: RelevanceSet, file: string): RelevanceSet {
  const anchor = <T extends { doc: string; anchor: string }>(a: T): T => (a.doc === file ? { ...a, anchor: toTraditional(a.anchor) } : a);
  return {
    ...set,
    queries: set.queries.map((q) => ({ ...q, relevant: q.relevant.map(anchor) })),
    pairs: set.pairs.map((p) => ({ ...p, source: anchor(p.source), counterparts: p.counterparts.map(anchor), ...(p.sentence && p.source.doc === file ? { sentence: toTraditional(p.sentence) } : {}) })),
  };
}

async function score(indexDir: string, variants: { name: string; set: RelevanceSet }[]): Promise<void> {
  const { engine, close } = await openEngine(indexDir);
  const f = (x: number | null | undefined) => (x === null || x === undefined ? '  —  ' : x.toFixed(3));
  console.log(`${'hybrid'.padEnd(40)} nDCG@10  city-top3  pairs@3  sentence-pairs@3`);
  for (const v of variants) {
    const r = await evaluate(engine, v.set, ['hybrid']);
    const m = r.modes[0]!;
    console.log(`${v.name.padEnd(40)} ${f(m.overall.ndcg10)}    ${f(m.cityTop3)}      ${f(r.pairs.length ? r.pairHit3 : null)}    ${f(r.sentenceHit3)}`);
  }
  await close();
}

if (!opts.document) {
  await score(opts.index, sets.flatMap(({ name, set }) => [{ name, set }, { name: `${name}, in traditional`, set: convertQueries(set) }]));
} else {
  const file = opts.document;
  const seeds = join(PROJECT_ROOT, 'seeds');
  if (!readdirSync(seeds).includes(file)) throw new Error(`${file} is not a seed file (${readdirSync(seeds).join(', ')})`);
  const dir = mkdtempSync(join(tmpdir(), 'policylens-traditional-'));
  try {
    const input = join(dir, 'seeds');
    mkdirSync(input);
    for (const f of readdirSync(seeds)) {
      if (f === file) writeFileSync(join(input, f), toTraditional(readFileSync(join(seeds, f), 'utf8')));
      else copyFileSync(join(seeds, f), join(input, f));
    }
    const embedder = await createEmbedder();
    await buildIndex({ inputs: [input], out: join(dir, 'index'), embedder });
    await embedder.dispose();
    await score(join(dir, 'index'), sets.map(({ name, set }) => ({ name: `${name}, ${file.slice(0, 3)} in traditional`, set: convertDocument(set, file) })));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
