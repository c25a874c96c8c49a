/**
 * `npx tsx scripts/judge-columns.ts --kind similar|pasted|compare --index <seeds + ../shared/external index> --out PREFIX`
 * Writes what the weak-flag fixtures were judged from (test/fixtures/weak-judged.json, weak-judged-compare.json):
 * PREFIX.txt, every column's first three clauses under its source or query for a judge who reads no code, and
 * PREFIX.json, the same with paragraph ids. Sampling is seeded, so a run on the same index and code gives the same
 * file. `similar`: 44 sources drawn uniformly by document, 22 from the seed documents (set S) and 22 from the others
 * (set E), each 8 whole clauses of two or more sentences, 8 sentences of such clauses (≥ 20 characters) and 6
 * one-sentence clauses (clauses ≥ 40 characters). `pasted`: the 16 whole clauses of that sample pasted as text with
 * their clause excluded (/api/similar?text=&exclude=, the drafting desk's way), keys D01…. `compare`: 20 queries from dev, own and tune (S) and 20 from
 * tune-external (E) — never a blind set — compared in hybrid mode. The judges' grades (2 counterpart / answer, 1
 * related, 0 unrelated) go into the fixture beside the ids; scripts/calibrate-weak.ts --judged reads it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { PROJECT_ROOT } from '../src/config.js';
import { openEngine } from '../src/search/open.js';
import type { CompareColumn, Hit } from '../src/search/types.js';

const program = new Command()
  .requiredOption('--kind <kind>', 'similar or compare')
  .requiredOption('--index <dir>', 'index folder (seeds + ../shared/external)')
  .requiredOption('--out <prefix>', 'output prefix');
program.parse();
const opts = program.opts<{ kind: string; index: string; out: string }>();
if (!['similar', 'pasted', 'compare'].includes(opts.kind)) throw new Error('--kind is similar, pasted or compare');

/** mulberry32: a small seeded generator, so the sample is the same every run. */
function generator(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A column as the judge reads it: up to three clauses, long ones cut at 260 characters with their matched sentence. */
function columnText(key: string, c: CompareColumn): string[] {
  const lines = [`--- ${key} | ${c.city}`];
  c.results.forEach((h: Hit, i) => {
    const sentence = h.why.sentence != null ? (h.sentences[h.why.sentence]?.text ?? null) : null;
    const body = h.text.length > 260 ? `${h.text.slice(0, 260)}…` : h.text;
    lines.push(`  [${i + 1}] ${body}${sentence && h.text.length > 260 && !body.includes(sentence) ? `\n      (matched sentence: ${sentence})` : ''}`);
  });
  if (!c.results.length) lines.push('  (none)');
  return lines;
}

const ids = (c: CompareColumn) => ({ city: c.city, weak: c.weak, results: c.results.map((h) => ({ id: h.id, score: h.score, vector: h.why.vector ?? null })) });

const { engine, close } = await openEngine(opts.index);
const judge: string[] = [];
const dump: unknown[] = [];
if (opts.kind === 'similar' || opts.kind === 'pasted') {
  const rnd = generator(20261207);
  type Source = { set: string; kind: string; id: string; sentence?: number; text: string; doc: string; city: string };
  const sources: Source[] = [];
  for (const set of ['S', 'E']) {
    const docs = engine.corpus().documents.filter((d) => (set === 'S') === /^00\d_/.test(d.file));
    for (const [kind, want] of [['clause', 8], ['sentence', 8], ['single', 6]] as const) {
      let got = 0;
      for (let tries = 0; got < want && tries < 5000; tries++) {
        const d = docs[Math.floor(rnd() * docs.length)]!;
        const view = engine.document(d.id);
        const p = view.paragraphs[Math.floor(rnd() * view.paragraphs.length)]!;
        const n = p.sentences.length;
        if (p.text.length < 40 || sources.some((s) => s.id === p.id)) continue;
        if ((kind === 'clause' && n < 2) || (kind === 'single' && n !== 1) || (kind === 'sentence' && n < 2)) continue;
        if (kind === 'sentence') {
          const i = Math.floor(rnd() * n);
          if (p.sentences[i]!.text.length < 20) continue;
          sources.push({ set, kind, id: p.id, sentence: i, text: p.sentences[i]!.text, doc: d.title ?? d.file, city: d.city ?? '未标注地区' });
        } else sources.push({ set, kind, id: p.id, text: p.text, doc: d.title ?? d.file, city: d.city ?? '未标注地区' });
        got++;
      }
    }
  }
  let pasted = 0;
  for (const [i, s] of sources.entries()) {
    if (opts.kind === 'pasted') {
      if (s.kind !== 'clause') continue;
      const key = `D${String(++pasted).padStart(2, '0')}`;
      const sim = await engine.similarText(s.text, { k: 3, exclude: s.id });
      judge.push(`\n======== SOURCE ${key} (${s.city} · ${s.doc})\n${s.text}\n`);
      for (const c of sim.columns) judge.push(...columnText(key, c));
      dump.push({ key, set: s.set, paragraph: s.id, columns: sim.columns.map(ids) });
      continue;
    }
    const key = `${s.set}${String(i + 1).padStart(2, '0')}`;
    const sim = await engine.similar(s.id, { k: 3, sentence: s.sentence });
    judge.push(`\n======== SOURCE ${key} (${s.city} · ${s.doc})\n${s.text}\n`);
    for (const c of sim.columns) judge.push(...columnText(key, c));
    dump.push({ key, ...s, columns: sim.columns.map(ids) });
  }
} else {
  const rnd = generator(77);
  const load = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { queries: { query: string }[] }).queries.map((q) => q.query);
  const fixtures = join(PROJECT_ROOT, 'test', 'fixtures');
  const pools: [string, string[]][] = [
    ['S', [...load(join(PROJECT_ROOT, '..', 'shared', 'eval', 'dev.json')), ...load(join(fixtures, 'relevance-own.json')), ...load(join(fixtures, 'relevance-tune.json'))]],
    ['E', load(join(fixtures, 'relevance-tune-external.json'))],
  ];
  let n = 0;
  for (const [set, pool] of pools) {
    const picked = new Set<string>();
    while (picked.size < 20) picked.add(pool[Math.floor(rnd() * pool.length)]!);
    for (const query of picked) {
      const key = `Q${set}${String(++n).padStart(2, '0')}`;
      const cmp = await engine.compare(query, { mode: 'hybrid', k: 3 });
      judge.push(`\n======== QUERY ${key}\n${query}\n`);
      for (const c of cmp.columns) judge.push(...columnText(key, c));
      dump.push({ key, set, query, expanded: cmp.expanded, columns: cmp.columns.map(ids) });
    }
  }
}
writeFileSync(`${opts.out}.json`, JSON.stringify(dump, null, 1));
writeFileSync(`${opts.out}.txt`, judge.join('\n'));
await close();
console.log(`${dump.length} ${opts.kind === 'compare' ? 'queries' : 'sources'}, ${(dump as { columns: unknown[] }[]).reduce((a, d) => a + d.columns.length, 0)} columns → ${opts.out}.txt, ${opts.out}.json`);
