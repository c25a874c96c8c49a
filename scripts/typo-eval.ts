/**
 * `npx tsx scripts/typo-eval.ts [--index DIR] [--sets a.json,b.json]`
 * What reading homophone slips (src/search/query-spelling.ts) does for a user who mistypes a word, and what it does to
 * queries typed right. The labelled sets have no slips, so they are made: in each query, the most distinctive word the
 * corpus holds (fewest clauses, two characters or more) gets its last character that has one replaced by the corpus's
 * commonest other character of the same toneless reading (小巨人 → 小巨任, 平台 → 平态), as a pinyin input method's
 * wrong pick would. That is the kind of slip the correction reads, so this measures how much it recovers of what such
 * slips cost, not how often users make them. Prints per set: how many queries typed right the correction changes
 * (should be none), and hybrid nDCG@10 / city top-3 as labelled, mistyped with `spell: 'off'`, and mistyped.
 *
 * `--fuzzy` makes the slip one fuzzy pair of sounds away instead (模糊音: z/zh, c/ch, s/sh, n/l, an/ang, en/eng,
 * in/ing; 专精特新 → 专精特星): the replacement is the corpus's commonest character of such a reading that has no
 * reading of the original's.
 *
 * `--guard a.json,b.json` computes no figure: it reads those sets' query texts only (so the blind sets may be named)
 * and the first 40 characters of every section heading and clause's first sentence in the index, which are text typed right, and
 * prints each one the reader would change.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { pinyin } from 'pinyin-pro';
import { PROJECT_ROOT, defaultIndexDir } from '../src/config.js';
import { createEmbedder } from '../src/embed/embedder.js';
import { openIndex } from '../src/index/reader.js';
import { Engine } from '../src/search/engine.js';
import { evaluate, parseRelevanceSet, type RelevanceSet } from '../src/search/evaluate.js';
import { splitSentences } from '../src/text/sentences.js';
import { tokenize } from '../src/text/segment.js';

const program = new Command()
  .option('--index <dir>', 'index folder', defaultIndexDir())
  .option('--sets <list>', 'relevance sets', [join(PROJECT_ROOT, '..', 'shared', 'eval', 'dev.json'), join(PROJECT_ROOT, 'test', 'fixtures', 'relevance-own.json'), join(PROJECT_ROOT, 'test', 'fixtures', 'relevance-tune.json')].join(','))
  .option('--fuzzy', 'make slips one fuzzy pair of sounds away (z/zh, in/ing …) instead of exact homophones')
  .option('--guard <list>', 'only check that text typed right is left alone: these sets\' query texts, and the index\'s headings and clause openings');
program.parse();
const opts = program.opts<{ index: string; sets: string; fuzzy?: boolean; guard?: string }>();

const index = openIndex(opts.index);
const embedder = await createEmbedder();
const spelled = new Engine(index, embedder);
const asTyped = new Engine(index, embedder);

// The corpus's characters by reading, commonest first (by how often the clauses write them).
const count = new Map<string, number>();
for (const p of index.paragraphs) for (const ch of p.text) if (/\p{Script=Han}/u.test(ch)) count.set(ch, (count.get(ch) ?? 0) + 1);
const byReading = new Map<string, string[]>();
for (const ch of [...count.keys()].sort((a, b) => count.get(b)! - count.get(a)! || (a < b ? -1 : 1))) {
  for (const r of pinyin(ch, { toneType: 'none', multiple: true, type: 'array', v: true }) as string[]) (byReading.get(r) ?? byReading.set(r, []).get(r)!).push(ch);
}

/** Initials that pinyin input methods' fuzzy setting (模糊音) lets stand for each other, the longer first. */
const FUZZY_INITIALS: readonly (readonly [string, string])[] = [['zh', 'z'], ['ch', 'c'], ['sh', 's'], ['n', 'l']];
/** Finals likewise (ian/iang and uan/uang follow from an/ang). */
const FUZZY_FINALS: readonly (readonly [string, string])[] = [['ang', 'an'], ['eng', 'en'], ['ing', 'in']];

/**
 * The readings one fuzzy pair away from a toneless reading: its initial or its final swapped, not both.
 * @example fuzzyReadings('xin') // ['xing']
 * @example fuzzyReadings('zhan') // ['zan', 'zhang']
 */
function fuzzyReadings(reading: string): string[] {
  const out: string[] = [];
  for (const [long, short] of FUZZY_INITIALS) {
    if (reading.startsWith(long)) { out.push(short + reading.slice(long.length)); break; }
    // n/l: a reading starting with n or l (none starts with ng); z/c/s not followed by h.
    if (reading.startsWith(short) && !(long.length > short.length && reading.startsWith(long))) { out.push(long + reading.slice(short.length)); break; }
  }
  for (const [long, short] of FUZZY_FINALS) {
    if (reading.endsWith(long)) { out.push(reading.slice(0, -long.length) + short); break; }
    if (reading.endsWith(short)) { out.push(reading.slice(0, -short.length) + long); break; }
  }
  return out.filter((r) => r !== reading && r.length > 0);
}

/** The characters a slip of a character read `reading` (in its word) may put there. */
function slipsOf(ch: string, reading: string): string[] {
  if (!opts.fuzzy) return (byReading.get(reading) ?? []).filter((c) => c !== ch);
  const own = new Set(pinyin(ch, { toneType: 'none', multiple: true, type: 'array', v: true }) as string[]);
  const others = fuzzyReadings(reading).flatMap((r) => byReading.get(r) ?? []);
  return [...new Set(others)]
    .filter((c) => c !== ch && !(pinyin(c, { toneType: 'none', multiple: true, type: 'array', v: true }) as string[]).some((r) => own.has(r)))
    .sort((a, b) => count.get(b)! - count.get(a)! || (a < b ? -1 : 1));
}

/** The query with one slip in its most distinctive corpus word; null when no word has one. */
function mistype(query: string): string | null {
  const df = (w: string) => index.keywords.documentFrequency(w);
  const words = [...new Set(tokenize(query))].filter((w) => /^\p{Script=Han}{2,}$/u.test(w) && df(w) > 0).sort((a, b) => df(a) - df(b) || (a < b ? -1 : 1));
  for (const w of words) {
    const readings = pinyin(w, { toneType: 'none', type: 'array', v: true }) as string[];
    for (let i = w.length - 1; i >= 0; i--) {
      const other = slipsOf(w[i]!, readings[i]!)[0];
      if (other) return query.replace(w, w.slice(0, i) + other + w.slice(i + 1));
    }
  }
  return null;
}

if (opts.guard) {
  // Text typed right: the sets' query texts, and the index's headings and clause openings. Nothing is scored.
  const texts = new Set<string>();
  for (const file of opts.guard.split(',')) for (const q of parseRelevanceSet(JSON.parse(readFileSync(file, 'utf8')), file).queries) texts.add(q.query);
  const queries = texts.size;
  for (const p of index.paragraphs) {
    for (const h of p.sectionPath) texts.add([...h].slice(0, 40).join(''));
    const first = splitSentences(p.text, p.kind)[0];
    if (first) texts.add([...p.text.slice(first.start, first.end)].slice(0, 40).join(''));
  }
  let changed = 0;
  for (const t of texts) {
    const s = spelled.spellingOf(t, {});
    if (s) { changed++; console.log(`  changed: ${t} → ${s.query}`); }
  }
  console.log(`${queries} query texts and ${texts.size - queries} headings and clause openings read; ${changed} changed`);
  index.close();
  await embedder.dispose();
  process.exit(0);
}

console.log('set                         queries  changed as typed  fixed   nDCG@10 / city top-3: labelled   mistyped, spell=off   mistyped');
for (const file of opts.sets.split(',')) {
  const set = parseRelevanceSet(JSON.parse(readFileSync(file, 'utf8')), file);
  const changed = set.queries.filter((q) => spelled.spellingOf(q.query, {}) !== null);
  for (const q of changed) console.error(`  changed as typed: ${q.query} → ${spelled.spellingOf(q.query, {})!.query}`);
  const made = set.queries.flatMap((q) => {
    const typo = mistype(q.query);
    return typo ? [{ q, typo }] : [];
  });
  const fixed = made.filter(({ q, typo }) => spelled.spellingOf(typo, {})?.query === q.query).length;
  const labelled: RelevanceSet = { ...set, queries: made.map((m) => m.q), pairs: [] };
  const mistyped: RelevanceSet = { ...set, queries: made.map((m) => ({ ...m.q, query: m.typo })), pairs: [] };
  const score = async (engine: Engine, s: RelevanceSet, spell: 'auto' | 'off') => {
    // `spell: 'off'` reaches the engine through the evaluation's options.
    const m = (await evaluate(engine, s, ['hybrid'], { spell })).modes[0]!;
    return `${m.overall.ndcg10.toFixed(3)} / ${m.cityTop3?.toFixed(3) ?? '—'}`;
  };
  console.log(
    `${file.split('/').pop()!.padEnd(27)} ${String(made.length).padStart(7)}  ${String(changed.length).padStart(16)}  ${String(fixed).padStart(5)}   ` +
      `${await score(spelled, labelled, 'auto')}              ${await score(asTyped, mistyped, 'off')}         ${await score(spelled, mistyped, 'auto')}`,
  );
}
index.close();
await embedder.dispose();
