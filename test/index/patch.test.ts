/**
 * Incremental builds (src/index/build.ts `patchBuild`), with the fake embedder: adding, changing and deleting one
 * document patches a copy of the previous build (no re-parsing of the others, no graph rebuild), a deleted or
 * replaced paragraph never comes back from any search path, and the patched index answers as a fresh build of the
 * same files does.
 */
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { openIndex, type LoadedIndex } from '../../src/index/reader.js';
import { Engine } from '../../src/search/engine.js';
import { createRuntimeFakeEmbedder } from '../helpers/fake-embedder.js';
import { policyText, writeCorpus } from '../helpers/policy-corpus.js';

const CITIES = ['嘉兴市', '无锡市', '苏州市', '常州市', '南通市', '湖州市', '绍兴市', '宁波市', '温州市', '台州市'];
const TOPICS = ['制造业高质量发展', '数字经济', '专精特新企业培育', '工业用地更新', '科技创新'];

const created: string[] = [];
afterAll(() => created.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), `pl-patch-${prefix}-`));
  created.push(dir);
  return dir;
};

const embedder = createRuntimeFakeEmbedder;

/** 30 documents, 10 cities × 3 topics: one document is about 3% of the paragraphs. */
function corpus(): Record<string, string> {
  const files: Record<string, string> = {};
  CITIES.forEach((city, i) => TOPICS.slice(0, 3).forEach((topic, j) => { files[`doc-${i}-${j}.txt`] = policyText(city, 4 + ((i + j) % 3), TOPICS[(i + j) % TOPICS.length]!); }));
  return files;
}

async function build(input: string, out: string) {
  const logs: string[] = [];
  const emb = embedder();
  const summary = await buildIndex({ inputs: [input], out, embedder: emb, log: (m) => logs.push(m) });
  return { summary, logs: logs.join('\n'), embedded: emb.embeddedTexts };
}

/**
 * What the index answers for a few queries (keyword, semantic and per-city comparison), as text and score: equal
 * texts tie, and ties break by rowid, which differs between a patched and a fresh build.
 */
async function answers(index: LoadedIndex): Promise<unknown> {
  const engine = new Engine(index, embedder());
  const out: unknown[] = [];
  for (const q of ['专精特新企业培育', '工业用地', '数字经济发展', '首台(套)']) {
    // A tied score (within the list, or with the last one, which may tie with what the cut left out) shows no text.
    const shown = (hits: { text: string; score: number }[]) => {
      const scores = hits.map((h) => h.score.toFixed(4));
      return hits.map((h, i) => (scores.filter((x) => x === scores[i]).length > 1 || scores[i] === scores.at(-1) ? scores[i] : `${scores[i]} ${h.text}`));
    };
    for (const mode of ['keyword', 'semantic'] as const) out.push(shown((await engine.search(q, { mode, k: 8 })).results));
    out.push((await engine.compare(q, { mode: 'semantic', k: 2 })).columns.map((c) => [c.city, shown(c.results)]));
  }
  return out;
}

describe('incremental builds', () => {
  it('adds, changes and deletes one document by patching, and answers as a fresh build does', async () => {
    const input = writeCorpus(tempDir('in'), corpus());
    const out = tempDir('out');
    const first = await build(input, out);
    expect(first.logs).not.toMatch(/incremental/);

    // Add one document: only its texts are embedded.
    writeFileSync(join(input, 'new.txt'), policyText('舟山市', 5, '海洋经济'));
    const added = await build(input, out);
    expect(added.logs).toMatch(/incremental: 1 file\(s\) to read, 0 document\(s\)/);
    expect(added.embedded.length).toBeGreaterThan(0);
    expect(added.embedded.every((t) => !t.includes('嘉兴市'))).toBe(true);
    let index = openIndex(out);
    const oldRows = index.paragraphsByDoc.get('doc-0-0')!.map((p) => p.rowid);
    expect(index.paragraphsByDoc.get('new')).toHaveLength(5);
    expect(index.manifest.counts.paragraphs).toBe(first.summary.paragraphs + 5);
    index.close();

    // Change one document: its old rows go, new rows (new rowids) come; nothing else is embedded again.
    writeFileSync(join(input, 'doc-0-0.txt'), policyText('嘉兴市', 3, '海洋经济'));
    const changed = await build(input, out);
    expect(changed.logs).toMatch(/incremental: 1 file\(s\) to read, 1 document\(s\)/);
    expect(changed.embedded.every((t) => !t.includes('无锡市'))).toBe(true);
    index = openIndex(out);
    const newRows = index.paragraphsByDoc.get('doc-0-0')!.map((p) => p.rowid);
    expect(newRows).toHaveLength(3);
    expect(newRows.some((r) => oldRows.includes(r))).toBe(false);
    for (const r of oldRows) expect(index.paragraphByRowid[r]).toBeUndefined();
    index.close();

    // Delete one document: it is gone from every search path.
    unlinkSync(join(input, 'doc-1-1.txt'));
    const deleted = await build(input, out);
    expect(deleted.logs).toMatch(/incremental: 0 file\(s\) to read, 1 document\(s\)/);
    index = openIndex(out);
    try {
      const gone = new Set([...oldRows]);
      expect(index.paragraphsByDoc.has('doc-1-1')).toBe(false);
      expect(index.documents.map((d) => d.id)).not.toContain('doc-1-1');
      // The graph never returns a deleted label, even asked for everything.
      const probe = index.vectorOf(newRows[0]!)!;
      const labels = index.vectors.search(probe, index.manifest.counts.vectors).map((h) => h.label);
      for (const l of labels) expect(index.paragraphByRowid[l]).toBeDefined();
      expect(labels.some((l) => gone.has(l))).toBe(false);
      // Nor does the keyword index.
      for (const r of index.keywords.keyword(['无锡市', '专精特新', '嘉兴市'], 1000)) expect(index.paragraphByRowid[r.rowid]).toBeDefined();
      for (const r of index.keywords.headingKeyword(['制造业', '重点任务'], 1000)) expect(index.paragraphByRowid[r.rowid]).toBeDefined();

      // A fresh build of the same files answers the same.
      const fresh = tempDir('fresh');
      await build(input, fresh);
      const again = openIndex(fresh);
      try {
        expect(again.manifest.counts.paragraphs).toBe(index.manifest.counts.paragraphs);
        expect(new Set(again.paragraphs.map((p) => p.text))).toEqual(new Set(index.paragraphs.map((p) => p.text)));
        expect(await answers(index)).toEqual(await answers(again));
        // The patched keyword index scores as the fresh one does, in both fields (rowids differ: compared by text).
        const scored = (ix: LoadedIndex, field: 'keyword' | 'headingKeyword', terms: string[]) =>
          ix.keywords[field](terms, 1000).map((h) => `${h.score.toFixed(9)} ${ix.paragraphByRowid[h.rowid]!.text}`).sort();
        for (const terms of [['专精特新', '企业'], ['海洋经济'], ['嘉兴市', '补助', '2027']]) {
          expect(scored(index, 'keyword', terms)).toEqual(scored(again, 'keyword', terms));
          expect(scored(index, 'headingKeyword', terms)).toEqual(scored(again, 'headingKeyword', terms));
        }
        for (const term of ['海洋经济', '专精特新', '无锡市']) expect(index.keywords.documentFrequency(term)).toBe(again.keywords.documentFrequency(term));
      } finally {
        again.close();
      }
    } finally {
      index.close();
    }
  });

  it('builds from scratch when a change is too large to patch', async () => {
    const input = writeCorpus(tempDir('in'), corpus());
    const out = tempDir('out');
    await build(input, out);
    for (let i = 0; i < 5; i++) unlinkSync(join(input, `doc-${i}-0.txt`));
    const { logs } = await build(input, out);
    expect(logs).not.toMatch(/incremental/);
    const index = openIndex(out);
    try {
      // A full build packs rowids again: 1, 2, 3 …
      expect(index.paragraphs.map((p) => p.rowid)).toEqual(index.paragraphs.map((_, i) => i + 1));
    } finally {
      index.close();
    }
  });
});

// s22 ingest audit, finding 8: the reader showed the parts of one long paragraph as that many paragraphs; the index
// had not kept which clauses are parts of one (ParsedParagraph `split`).
describe('a paragraph over 500 characters, read in parts', () => {
  const long = (city: string) => `${city}关于推进制造业高质量发展的实施意见\n一、总体要求\n${`支持${city}企业开展智能化改造，对符合条件的项目给予一次性奖励；`.repeat(40)}\n二、保障措施\n加强组织领导。\n`;

  it('keeps its parts as one clause in a full and in a patched build, and the document view marks each part', async () => {
    const input = writeCorpus(tempDir('in'), { ...corpus(), 'long.txt': long('金华市') });
    const out = tempDir('out');
    await build(input, out);
    let index = openIndex(out);
    const parts = index.clausePartsOf('long');
    expect(parts).toEqual([{ firstParagraph: 0, parts: expect.any(Number) }]);
    const of = parts[0]!.parts;
    expect(of).toBeGreaterThan(1);
    const engine = new Engine(index, embedder());
    const view = engine.document('long');
    expect(view.paragraphs.map((p) => p.split ?? null)).toEqual([...Array.from({ length: of }, (_, k) => ({ part: k + 1, of })), null]);
    // A part read alone (the clause page, /api/paragraphs/:id) and as a "similar" source says which it is too; the
    // clause page had titled the second part as the first (s22 verifying audit).
    expect(view.paragraphs.map((p) => engine.paragraph(p.id, 0).paragraph.split ?? null)).toEqual(view.paragraphs.map((p) => p.split ?? null));
    expect((await engine.similar('long:p0001', { k: 1 })).source.split).toEqual({ part: 2, of });
    expect(view.paragraphs.map((p) => p.id)).toEqual(Array.from({ length: of + 1 }, (_, k) => `long:p000${k}`));
    expect(index.clausePartsOf('doc-0-0')).toEqual([]);
    index.close();

    // A document added by a patch has its parts too; the others keep theirs, a removed one's go with it.
    writeFileSync(join(input, 'long2.txt'), long('丽水市'));
    const { logs } = await build(input, out);
    expect(logs).toMatch(/incremental/);
    index = openIndex(out);
    expect(index.clausePartsOf('long')).toEqual(parts);
    expect(index.clausePartsOf('long2')).toEqual(parts);
    index.close();
    unlinkSync(join(input, 'long.txt'));
    expect((await build(input, out)).logs).toMatch(/incremental/);
    index = openIndex(out);
    expect(index.store.db.prepare(`SELECT count(*) AS n FROM clause_parts WHERE doc_id = 'long'`).get()).toEqual({ n: 0 });
    index.close();
  });

  it('shows no parts, and no error, for a build made before the index kept them', async () => {
    const input = writeCorpus(tempDir('in'), { 'long.txt': long('金华市') });
    const out = tempDir('out');
    await build(input, out);
    const { DB_FILE } = await import('../../src/index/build.js');
    const { default: Database } = await import('better-sqlite3');
    const dbPath = join(out, openIndexBuild(out), DB_FILE);
    const db = new Database(dbPath);
    db.exec('DROP TABLE clause_parts');
    db.close();
    const { StoreReader } = await import('../../src/index/store.js');
    const store = new StoreReader(dbPath);
    expect(store.clausePartsOf('long')).toEqual([]);
    store.close();
  });
});

/** The folder of the index's current build, relative to it (`builds/<id>`). */
function openIndexBuild(out: string): string {
  const index = openIndex(out);
  const build = index.manifest.build;
  index.close();
  return build;
}
