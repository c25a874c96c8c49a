/**
 * The row snapshot (src/index/rows.ts), what opening an index reads instead of scanning the store's rows: it gives
 * back every field the rows hold, the rare ones too, deep-equal to the row scan (`StoreReader.paragraphs()` and
 * `.sentences()`); a missing or damaged snapshot is refused with INDEX_CORRUPT and the command that fixes it; and
 * an incremental build's snapshot says what a fresh build of the same files says. Builds use the fake embedder.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIndex, DB_FILE, ROWS_FILE, staleReason } from '../../src/index/build.js';
import { MANIFEST_FILE, type IndexManifest } from '../../src/index/manifest.js';
import { openIndex } from '../../src/index/reader.js';
import { paragraphId, readRowSnapshot } from '../../src/index/rows.js';
import { createStore, StoreReader, type ParagraphRecord, type SentenceRecord, type StoredParagraph, type StoredSentence } from '../../src/index/store.js';
import { createRuntimeFakeEmbedder } from '../helpers/fake-embedder.js';
import { policyText, writeCorpus } from '../helpers/policy-corpus.js';
import { SEED_DIR } from '../helpers/seed-index.js';

const FIX = 'npm run index -- --rebuild';

const created: string[] = [];
afterAll(() => created.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `pl-rows-${prefix}-`));
  created.push(dir);
  return dir;
}

const embedder = createRuntimeFakeEmbedder;

/** What the store's rows say: the row scan the snapshot stands in for. */
function rowScan(dbPath: string): { paragraphs: StoredParagraph[]; sentences: StoredSentence[] } {
  const store = new StoreReader(dbPath);
  try {
    return { paragraphs: store.paragraphs(), sentences: store.sentences() };
  } finally {
    store.close();
  }
}

function paragraph(p: Partial<ParagraphRecord> & Pick<ParagraphRecord, 'rowid' | 'docId' | 'ordinal' | 'text'>): ParagraphRecord {
  return {
    id: paragraphId(p.docId, p.ordinal), sectionPath: ['一、总体要求'], part: 'main', kind: 'text', columns: null, responsible: [], duplicateOf: null, source: null,
    embedText: p.text, embedSha256: `sha-${p.rowid}`, ...p,
  };
}

let sentenceRowid = 0;
function sentence(paragraphRowid: number, ordinal: number, start: number, end: number, vector: number | null): SentenceRecord {
  return { rowid: (sentenceRowid += 3), paragraphRowid, ordinal, start, end, vector, embedSha256: `s-${paragraphRowid}-${ordinal}` };
}

/**
 * A store whose rows hold every kind of value a field can take: shared and empty section paths, table rows with
 * their columns, attachments, responsible departments, duplicates (of the same document, and one that is no id
 * of it), a compendium card's source, an id that is not `<doc>:p<ordinal>`, ordinals past 4 digits, rowid gaps, empty,
 * short and astral texts, and texts long enough to fill several text parts.
 */
function craftedStore(): { db: string; snapshot: string; dir: string } {
  const dir = tempDir('crafted');
  const db = join(dir, DB_FILE);
  const store = createStore(db);
  const source = { basis: '《关于印发嘉兴市老旧厂房改造项目支持办法的通知》', issuer: '嘉兴市发展和改革委员会', docNumber: '嘉发改规〔2023〕7号', date: '2023-09-26', tool: null, audience: '企业' };
  const paragraphs = [
    paragraph({ rowid: 1, docId: 'jx', ordinal: 0, text: '支持企业开展智能化改造，对符合条件的项目给予一次性奖励。到2025年完成100家。' }),
    paragraph({ rowid: 2, docId: 'jx', ordinal: 1, text: '短句', responsible: ['市发改委', '市经信局'] }),
    paragraph({ rowid: 5, docId: 'jx', ordinal: 2, text: '1 | 规上工业亩均税收(万元/亩) | 35', kind: 'table-row', part: 'attachment', columns: ['序号', '指标', '目标值'], sectionPath: ['附件1', '主要指标'] }),
    paragraph({ rowid: 6, docId: 'jx', ordinal: 3, text: '短句', responsible: ['市发改委', '市经信局'], duplicateOf: 'jx:p0001' }),
    paragraph({ rowid: 7, docId: 'book~2', ordinal: 0, id: 'legacy-7', text: '对老旧厂房改造项目按投资额的10%给予补助。', duplicateOf: 'elsewhere:p0001', source }),
    paragraph({ rowid: 8, docId: 'book~2', ordinal: 12345, text: '', sectionPath: [] }),
    paragraph({ rowid: 9, docId: 'book~2', ordinal: 12346, text: '𠀀𠀁 扩展B区汉字与😀表情, and ASCII.', source, columns: ['单列'], kind: 'table-row' }),
    paragraph({ rowid: 10, docId: 'long', ordinal: 0, text: '长'.repeat(2_500_000) }),
    paragraph({ rowid: 11, docId: 'long', ordinal: 1, text: '段落'.repeat(900_000) }),
    paragraph({ rowid: 12, docId: 'long', ordinal: 2, text: '最后一段。' }),
  ];
  const sentences = [
    sentence(1, 0, 0, 29, 0), sentence(1, 1, 29, 41, 1), sentence(2, 0, 0, 2, null), sentence(7, 0, 0, 22, null),
    sentence(9, 0, 0, 10, 2), sentence(9, 1, 10, 30, 3), sentence(12, 0, 0, 5, null),
  ];
  store.transaction(() => {
    for (const p of paragraphs) store.addParagraph(p);
    for (const s of sentences) store.addSentence(s);
  });
  const snapshot = join(dir, ROWS_FILE);
  store.writeRowSnapshot(snapshot);
  store.close();
  return { db, snapshot, dir };
}

describe('the row snapshot', () => {
  it('gives back every field of every row, deep-equal to the row scan, equal section paths as one frozen array', () => {
    const { db, snapshot } = craftedStore();
    const scan = rowScan(db);
    const read = readRowSnapshot(snapshot);
    expect(read).toEqual(scan);
    expect(isDeepStrictEqual(read, scan)).toBe(true);
    expect(read.paragraphs.map((p) => p.id)).toContain('legacy-7');
    expect(read.paragraphs.find((p) => p.rowid === 7)!.duplicateOf).toBe('elsewhere:p0001');
    expect(read.paragraphs.find((p) => p.rowid === 8)!.id).toBe('book~2:p12345');
    // Shared values: one array (or source) per distinct value, frozen so that no consumer can change all of them.
    const [first, second] = read.paragraphs;
    expect(first!.sectionPath).toBe(second!.sectionPath);
    expect(Object.isFrozen(first!.sectionPath)).toBe(true);
    expect(read.paragraphs.find((p) => p.rowid === 9)!.source).toBe(read.paragraphs.find((p) => p.rowid === 7)!.source);
    expect(() => (first!.sectionPath as string[]).push('x')).toThrow(TypeError);
  });

  it('reads an empty store as no paragraphs and no sentences', () => {
    const dir = tempDir('empty');
    const store = createStore(join(dir, DB_FILE));
    store.writeRowSnapshot(join(dir, ROWS_FILE));
    store.close();
    expect(readRowSnapshot(join(dir, ROWS_FILE))).toEqual({ paragraphs: [], sentences: [] });
  });

  describe('a missing or damaged snapshot is INDEX_CORRUPT, naming the fix', () => {
    const { snapshot } = craftedStore();
    const bytes = readFileSync(snapshot);
    const jsonBytes = bytes.readUInt32LE(8);
    const columnsAt = 16 + Math.ceil(jsonBytes / 4) * 4;
    const flip = (at: number) => (path: string) => {
      const b = readFileSync(path);
      b[at] = b[at]! ^ 0xff;
      writeFileSync(path, b);
    };
    it.each([
      ['missing', (path: string) => unlinkSync(path), /cannot be read/],
      ['empty', (path: string) => writeFileSync(path, ''), /cut short/],
      ['of another format', (path: string) => flip(0)(path), /no header of this format/],
      ['damaged in its table', (path: string) => flip(16 + Math.floor(jsonBytes / 2))(path), /unreadable table|checksum|bad|no /],
      ['damaged in its columns', (path: string) => flip(columnsAt + 3)(path), /checksum/],
      ['cut short in its texts', (path: string) => truncateSync(path, statSync(path).size - 2), /bytes after its table/],
      ['longer than its table says', (path: string) => writeFileSync(path, Buffer.concat([readFileSync(path), Buffer.alloc(2)])), /bytes after its table/],
    ])('when it is %s', (_what, damage, pattern) => {
      const path = join(tempDir('damaged'), ROWS_FILE);
      writeFileSync(path, bytes);
      damage(path);
      let error: { code?: string; message?: string } = {};
      try {
        readRowSnapshot(path);
      } catch (e) {
        error = e as typeof error;
      }
      expect(error.code).toBe('INDEX_CORRUPT');
      expect(error.message).toMatch(pattern);
      expect(error.message).toContain(FIX);
    });
  });
});

/** The seed documents (tables, responsible departments, duplicates) and small policy documents of our own. */
function corpus(): Record<string, string> {
  const cities = ['嘉兴市', '无锡市', '苏州市', '常州市', '南通市', '湖州市', '绍兴市', '宁波市', '温州市', '台州市'];
  const files: Record<string, string> = {};
  cities.forEach((city, i) => ['制造业高质量发展', '数字经济', '科技创新'].forEach((topic, j) => { files[`doc-${i}-${j}.txt`] = policyText(city, 4 + ((i + j) % 3), topic); }));
  return files;
}

async function build(inputs: string[], out: string): Promise<{ logs: string; dir: string }> {
  const logs: string[] = [];
  const summary = await buildIndex({ inputs, out, embedder: embedder(), log: (m) => logs.push(m) });
  return { logs: logs.join('\n'), dir: join(out, summary.manifest.build) };
}

/** A build's rows without what an incremental build numbers differently (rowids, vector slots). */
function normalized(rows: { paragraphs: StoredParagraph[]; sentences: StoredSentence[] }) {
  const idOf = new Map(rows.paragraphs.map((p) => [p.rowid, p.id]));
  return {
    paragraphs: rows.paragraphs.map(({ rowid: _rowid, ...p }) => p).sort((a, b) => a.id.localeCompare(b.id)),
    sentences: rows.sentences
      .map(({ paragraphRowid, vector, ...s }) => ({ paragraph: idOf.get(paragraphRowid), ...s, vector: vector !== null }))
      .sort((a, b) => a.paragraph!.localeCompare(b.paragraph!) || a.ordinal - b.ordinal),
  };
}

describe('builds write the snapshot', () => {
  it('a full build: openIndex reads the rows the store holds', async () => {
    const input = writeCorpus(tempDir('in'), corpus());
    const out = tempDir('out');
    const { dir } = await build([SEED_DIR, input], out);
    const scan = rowScan(join(dir, DB_FILE));
    // The seeds bring the fields the policy documents lack.
    expect(scan.paragraphs.some((p) => p.columns !== null)).toBe(true);
    expect(scan.paragraphs.some((p) => p.responsible.length > 0)).toBe(true);
    expect(scan.paragraphs.some((p) => p.duplicateOf !== null)).toBe(true);
    expect(readRowSnapshot(join(dir, ROWS_FILE))).toEqual(scan);
    const index = openIndex(out);
    try {
      expect(index.paragraphs).toEqual(scan.paragraphs);
      expect(index.sentences.all()).toEqual(scan.sentences);
      // Per paragraph, as the engine asks: its sentences, how many, and the slots of those with a vector of their own.
      for (const p of index.paragraphs) {
        const own = scan.sentences.filter((s) => s.paragraphRowid === p.rowid);
        expect(index.sentences.of(p.rowid)).toEqual(own);
        expect(index.sentences.countOf(p.rowid)).toBe(own.length);
        const slots: number[] = [];
        index.sentences.vectorSlotsOf(p.rowid, slots);
        expect(slots).toEqual(own.flatMap((s) => (s.vector === null ? [] : [s.vector])));
      }
      const last = index.paragraphs.at(-1)!.rowid;
      for (const rowid of [0, -1, last + 1, last + 100]) expect([index.sentences.countOf(rowid), index.sentences.of(rowid)]).toEqual([0, []]);
    } finally {
      index.close();
    }
  });

  it('an incremental build: its snapshot is its rows, and says what a fresh build of the same files says', async () => {
    const input = writeCorpus(tempDir('in'), corpus());
    const out = tempDir('out');
    await build([SEED_DIR, input], out);
    writeFileSync(join(input, 'new.txt'), policyText('舟山市', 5, '海洋经济'));
    writeFileSync(join(input, 'doc-0-0.txt'), policyText('嘉兴市', 6, '绿色低碳'));
    unlinkSync(join(input, 'doc-9-2.txt'));
    const patched = await build([SEED_DIR, input], out);
    expect(patched.logs).toMatch(/incremental: 2 file\(s\) to read, 2 document\(s\)/);
    const scan = rowScan(join(patched.dir, DB_FILE));
    const read = readRowSnapshot(join(patched.dir, ROWS_FILE));
    expect(read).toEqual(scan);
    const fresh = await build([SEED_DIR, input], tempDir('fresh'));
    expect(normalized(read)).toEqual(normalized(readRowSnapshot(join(fresh.dir, ROWS_FILE))));
    const index = openIndex(out);
    expect(index.paragraphs).toEqual(scan.paragraphs);
    // The deleted document left a gap in the rowids: its paragraphs have no sentences now.
    expect(index.sentences.all()).toEqual(scan.sentences);
    index.close();
  });

  it('a build of schema 4 (no snapshot) is rebuilt from its rows: vectors reused, a document whose file turned bad kept', async () => {
    const input = writeCorpus(tempDir('in'), { 'jiaxing.txt': policyText('嘉兴市', 6), 'wuxi.txt': policyText('无锡市', 5) });
    const out = tempDir('out');
    const { dir } = await build([input], out);
    const before = rowScan(join(dir, DB_FILE));
    // What a schema-4 build is: the same tables, no rows.bin.
    const manifest = JSON.parse(readFileSync(join(out, MANIFEST_FILE), 'utf8')) as IndexManifest;
    manifest.schemaVersion = 4;
    delete manifest.files![ROWS_FILE];
    writeFileSync(join(out, MANIFEST_FILE), JSON.stringify(manifest));
    unlinkSync(join(dir, ROWS_FILE));
    expect(staleReason(out, [input])).toBe('schema 4 ≠ 5');
    expect(() => openIndex(out)).toThrow(expect.objectContaining({ code: 'INDEX_MISMATCH', message: expect.stringContaining(FIX) }));
    writeFileSync(join(input, 'wuxi.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(200).fill(7)]));
    const emb = embedder();
    const summary = await buildIndex({ inputs: [input], out, embedder: emb });
    expect(summary.embedded).toBe(0);
    expect(summary.skipped).toMatchObject([{ code: 'FILE_BINARY', kept: true }]);
    const index = openIndex(out);
    try {
      expect(index.manifest.schemaVersion).toBe(5);
      expect(normalized({ paragraphs: index.paragraphs, sentences: index.sentences.all() })).toEqual(normalized(before));
    } finally {
      index.close();
    }
  });

  it('openIndex refuses a build whose snapshot is damaged, even when its manifest has no file digests', async () => {
    const input = writeCorpus(tempDir('in'), { 'jiaxing.txt': policyText('嘉兴市', 6), 'wuxi.txt': policyText('无锡市', 5) });
    const out = tempDir('out');
    const { dir } = await build([input], out);
    const manifest = JSON.parse(readFileSync(join(out, MANIFEST_FILE), 'utf8')) as IndexManifest;
    delete manifest.files;
    writeFileSync(join(out, MANIFEST_FILE), JSON.stringify(manifest));
    const bytes = readFileSync(join(dir, ROWS_FILE));
    bytes[20] = bytes[20]! ^ 0x55; // in the table's first key
    writeFileSync(join(dir, ROWS_FILE), bytes);
    expect(() => openIndex(out)).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT', message: expect.stringContaining(FIX) }));
    // And a build whose snapshot is gone: named as missing.
    copyFileSync(join(dir, DB_FILE), join(dir, ROWS_FILE));
    expect(() => openIndex(out)).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT', message: expect.stringContaining('rows.bin') }));
    unlinkSync(join(dir, ROWS_FILE));
    expect(() => openIndex(out)).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT', message: expect.stringMatching(/rows\.bin is missing/) }));
  });
});
