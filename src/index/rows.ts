/**
 * The row snapshot (rows.bin): every paragraph and measure sentence of a build, packed into one file that opening
 * an index reads instead of scanning (and JSON-parsing) every row of the store. The store's rows stay the source of
 * truth: the snapshot is written from them, through the same row-to-object mapping `StoreReader.paragraphs()` and
 * `.sentences()` use, as the last read of every build (full and incremental), and reading it gives the same
 * `StoredParagraph[]` / `StoredSentence[]` as scanning the rows (deep-equal: test/index/rows.test.ts). An opened
 * index keeps the sentences in their packed columns ({@link SentenceTable}) and makes objects of a paragraph's
 * sentences when asked.
 *
 * Layout: a 16-byte header (magic, format, JSON length, CRC-32 of the JSON and the columns); a JSON of the tables
 * (the distinct document ids, parts, kinds, section paths, table columns, responsible lists and card sources) and
 * the exceptions (ids that are not `paragraphId(docId, ordinal)`, duplicateOf that is no id of the same document);
 * integer columns, each 4-byte aligned and as narrow as its range allows (1, 2 or 4 bytes over a base; rowids as
 * deltas): per paragraph its rowid, ordinal, indexes into the tables (−1: null), the ordinal it duplicates and its
 * text's length; per sentence its paragraph's rowid, ordinal, start, end and vector slot (−1: none); then the
 * texts, UTF-16LE, in parts of at most 512 KiB. Each part is read into one reused buffer and decoded once
 * (`toString('utf16le')`), and each text cut from it with `slice` (V8 makes a sliced string: no copy). Equal
 * values of the JSON fields (section paths, columns, responsible, source) are one shared object, frozen: no consumer
 * changes them (nor may one; it would change every paragraph that shares it). The texts carry no checksum of their
 * own: like every build file's, their bytes are vouched for by the manifest's size and digest (hashed when the file's
 * time moved); the reader checks every count, index and length against the file.
 *
 * Measured at 100,000 paragraphs / 256,266 sentences (/tmp/s100k: 1,250 documents, 1,262 distinct section paths),
 * each in a fresh process, after GC, the two interleaved on the shared 2-core machine: scanning the rows
 * (`paragraphs()` + `sentences()`) took 1,180–1,990 ms (median 1,400–1,780 as the load varied) and +170–190 MB RSS
 * (+85 MB heap); reading the snapshot takes 115–190 ms (median ≈ 155; 100–120 at best on a quieter machine) and
 * +85 MB RSS (+66 MB heap, the texts included). What is left is V8 allocating the 356k objects and their strings,
 * with the scavenges that copy them (all survive: about half the time; reading sentences before paragraphs, or
 * decoding every text first, measured slower), and reading and decoding 31 MB of text. On disk it costs 355 bytes a
 * paragraph (the texts again, 314; the columns, 41); writing it scans the rows once, 1.2–2.2 s at 100k.
 */
import type Database from 'better-sqlite3';
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { createError } from '../errors.js';
import type { DocumentPart, ParagraphSource } from '../types.js';
import type { StoredParagraph, StoredSentence } from './store.js';

/** Paragraph ids: `<document id>:p<ordinal, 4 digits>`. */
export function paragraphId(docId: string, ordinal: number): string {
  return `${docId}:p${String(ordinal).padStart(4, '0')}`;
}

/** What `StoreReader.paragraphs()` selects, and how one row becomes a paragraph (shared with the snapshot's writer). */
export const PARAGRAPH_ROWS_SQL = `SELECT rowid, id, doc_id, ordinal, section_json, text, part, kind, columns_json, responsible_json, duplicate_of, source_json FROM paragraphs ORDER BY rowid`;
export type ParagraphRow = [number, string, string, number, string, string, string, string, string | null, string, string | null, string | null];
export function paragraphOfRow([rowid, id, docId, ordinal, section, text, part, kind, columns, responsible, duplicateOf, source]: ParagraphRow): StoredParagraph {
  return {
    rowid, id, docId, ordinal, sectionPath: JSON.parse(section) as string[], text, part: part as DocumentPart, kind: kind as 'text' | 'table-row',
    columns: columns ? (JSON.parse(columns) as string[]) : null, responsible: JSON.parse(responsible) as string[], duplicateOf,
    source: source ? (JSON.parse(source) as ParagraphSource) : null,
  };
}

/** What `StoreReader.sentences()` selects, and how one row becomes a sentence. */
export const SENTENCE_ROWS_SQL = `SELECT paragraph_rowid, ordinal, start, end, vector FROM sentences ORDER BY paragraph_rowid, ordinal`;
export type SentenceRow = [number, number, number, number, number | null];
export function sentenceOfRow([paragraphRowid, ordinal, start, end, vector]: SentenceRow): StoredSentence {
  return { paragraphRowid, ordinal, start, end, vector };
}

const MAGIC = 0x57524c50; // 'PLRW'
const FORMAT = 1;
const HEADER_BYTES = 16;
/**
 * Characters of text a part holds at most (512 KiB), read and decoded one at a time: under the size from which
 * Node makes an external string (≈ 1 MB), so a part is a string in V8's heap, which a large allocation outside it
 * would not be; external memory growing by 30 MB set off extra collections (measured: 15–20% slower at 100k).
 */
const MAX_PART_CHARS = 2 ** 18;

const PARAGRAPH_COLUMNS = ['rowid', 'ordinal', 'doc', 'section', 'columns', 'responsible', 'source', 'duplicate', 'part', 'kind', 'length'] as const;
const SENTENCE_COLUMNS = ['sentenceParagraph', 'sentenceOrdinal', 'start', 'end', 'vector'] as const;
const COLUMNS = [...PARAGRAPH_COLUMNS, ...SENTENCE_COLUMNS];
type ParagraphColumn = (typeof PARAGRAPH_COLUMNS)[number];
type SentenceColumn = (typeof SENTENCE_COLUMNS)[number];
type ColumnName = ParagraphColumn | SentenceColumn;
const DELTA_COLUMNS: ReadonlySet<ColumnName> = new Set(['rowid', 'sentenceParagraph']);

interface ColumnSpec {
  /** From the start of the columns (4-aligned). */
  offset: number;
  width: 1 | 2 | 4;
  base: number;
  delta: boolean;
}

/** The JSON fields' distinct values, which the paragraphs' columns index (−1: null). */
interface Tables {
  docs: string[];
  parts: string[];
  kinds: string[];
  sections: unknown[];
  columns: unknown[];
  responsible: unknown[];
  sources: unknown[];
}

interface SnapshotMeta {
  paragraphs: number;
  sentences: number;
  tables: Tables;
  columns: Record<ColumnName, ColumnSpec>;
  /** The columns' bytes (the texts start after them); then each text part: how many paragraphs' texts, in how many characters. */
  texts: number;
  textParts: { paragraphs: number; chars: number }[];
  /** What the columns cannot say, as [paragraph index, value]: ids that are not `paragraphId(docId, ordinal)`, duplicateOf that is no paragraph id of the same document. */
  exceptions: { ids: [number, string][]; duplicateOf: [number, string][] };
}

/** Integers of one column; a growable Int32Array. */
class IntColumn {
  values = new Int32Array(1024);
  length = 0;
  constructor(readonly name: string) {}
  push(v: number): void {
    if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31) throw new Error(`cannot pack ${this.name} ${String(v)}: not a 32-bit integer`);
    if (this.length === this.values.length) {
      const grown = new Int32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = v;
  }
}

/** Packs a column as unsigned offsets over its minimum (of the deltas, for a delta column), in the fewest bytes. */
function packColumn(column: IntColumn, delta: boolean): { width: 1 | 2 | 4; base: number; bytes: Uint8Array } {
  const n = column.length;
  const v = column.values;
  const d = new Float64Array(n);
  let min = 0;
  let max = 0;
  for (let i = 0; i < n; i++) {
    d[i] = delta ? v[i]! - (i ? v[i - 1]! : 0) : v[i]!;
    if (i === 0 || d[i]! < min) min = d[i]!;
    if (i === 0 || d[i]! > max) max = d[i]!;
  }
  const range = max - min;
  if (range >= 2 ** 32) throw new Error(`cannot pack ${column.name}: its values span ${range}`);
  const width = range < 2 ** 8 ? 1 : range < 2 ** 16 ? 2 : 4;
  const packed = width === 1 ? new Uint8Array(n) : width === 2 ? new Uint16Array(n) : new Uint32Array(n);
  for (let i = 0; i < n; i++) packed[i] = d[i]! - min;
  return { width, base: min, bytes: new Uint8Array(packed.buffer, 0, n * width) };
}

/** Distinct values, by a key (a JSON field's text), to indexes. */
class Interner<T> {
  readonly index = new Map<string, number>();
  readonly values: T[] = [];
  of(key: string, value: T): number {
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.values.length;
      this.index.set(key, i);
      this.values.push(value);
    }
    return i;
  }
}

/** The texts, UTF-16LE, in a buffer that grows by doubling. */
class TextBytes {
  bytes = Buffer.allocUnsafe(1 << 20);
  used = 0;
  add(text: string): void {
    const need = this.used + text.length * 2;
    if (need > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.bytes.length * 2));
      this.bytes.copy(grown, 0, 0, this.used);
      this.bytes = grown;
    }
    this.used += this.bytes.write(text, this.used, 'utf16le');
  }
}

/** The ordinal of `duplicateOf` when it is `paragraphId(docId, ordinal)`, else −1. */
function duplicateOrdinal(docId: string, duplicateOf: string): number {
  const m = /:p(\d+)$/u.exec(duplicateOf);
  const ordinal = m ? Number(m[1]) : -1;
  return ordinal >= 0 && ordinal < 2 ** 31 && paragraphId(docId, ordinal) === duplicateOf ? ordinal : -1;
}

/**
 * Writes the snapshot of the paragraphs and sentences in `db` to `path` (replacing it). Returns its bytes. Throws
 * when a row cannot be packed (an integer outside 32 bits, a negative vector slot: the builder writes none).
 */
export function writeRowSnapshot(db: Database.Database, path: string): number {
  const docs = new Interner<string>();
  const parts = new Interner<string>();
  const kinds = new Interner<string>();
  // The JSON fields by their text: equal texts parse to equal values.
  const sections = new Interner<unknown>();
  const columnLists = new Interner<unknown>();
  const responsible = new Interner<unknown>();
  const sources = new Interner<unknown>();
  const col = Object.fromEntries(COLUMNS.map((c) => [c, new IntColumn(c)])) as Record<ColumnName, IntColumn>;
  const exceptions: SnapshotMeta['exceptions'] = { ids: [], duplicateOf: [] };
  const texts = new TextBytes();
  const textParts: SnapshotMeta['textParts'] = [];
  let n = 0;
  for (const row of db.prepare(PARAGRAPH_ROWS_SQL).raw().iterate() as IterableIterator<ParagraphRow>) {
    const p = paragraphOfRow(row);
    const [, , , , sectionJson, , , , columnsJson, responsibleJson, , sourceJson] = row;
    const i = n++;
    col.rowid.push(p.rowid);
    col.ordinal.push(p.ordinal);
    col.doc.push(docs.of(p.docId, p.docId));
    col.section.push(sections.of(sectionJson, p.sectionPath));
    col.columns.push(p.columns === null ? -1 : columnLists.of(columnsJson!, p.columns));
    col.responsible.push(responsible.of(responsibleJson, p.responsible));
    col.source.push(p.source === null ? -1 : sources.of(sourceJson!, p.source));
    const duplicate = p.duplicateOf === null ? -1 : duplicateOrdinal(p.docId, p.duplicateOf);
    col.duplicate.push(duplicate);
    if (p.duplicateOf !== null && duplicate === -1) exceptions.duplicateOf.push([i, p.duplicateOf]);
    if (p.id !== paragraphId(p.docId, p.ordinal)) exceptions.ids.push([i, p.id]);
    col.part.push(parts.of(p.part, p.part));
    col.kind.push(kinds.of(p.kind, p.kind));
    col.length.push(p.text.length);
    let part = textParts.at(-1);
    if (!part || part.chars + p.text.length > MAX_PART_CHARS) textParts.push((part = { paragraphs: 0, chars: 0 }));
    part.paragraphs++;
    part.chars += p.text.length;
    texts.add(p.text);
  }
  let m = 0;
  for (const row of db.prepare(SENTENCE_ROWS_SQL).raw().iterate() as IterableIterator<SentenceRow>) {
    const s = sentenceOfRow(row);
    m++;
    col.sentenceParagraph.push(s.paragraphRowid);
    col.sentenceOrdinal.push(s.ordinal);
    col.start.push(s.start);
    col.end.push(s.end);
    if (s.vector !== null && !(Number.isInteger(s.vector) && s.vector >= 0)) throw new Error(`cannot pack sentence vector ${String(s.vector)}`);
    col.vector.push(s.vector ?? -1);
  }

  const packed = COLUMNS.map((name) => ({ name, ...packColumn(col[name], DELTA_COLUMNS.has(name)) }));
  const columns = {} as Record<ColumnName, ColumnSpec>;
  let offset = 0;
  for (const c of packed) {
    columns[c.name] = { offset, width: c.width, base: c.base, delta: DELTA_COLUMNS.has(c.name) };
    offset += align4(c.bytes.length);
  }
  const tables: Tables = {
    docs: docs.values, parts: parts.values, kinds: kinds.values, sections: sections.values, columns: columnLists.values, responsible: responsible.values, sources: sources.values,
  };
  const meta: SnapshotMeta = { paragraphs: n, sentences: m, tables, columns, texts: offset, textParts, exceptions };
  const json = Buffer.from(JSON.stringify(meta), 'utf8');
  const start = HEADER_BYTES + align4(json.length);
  const head = Buffer.alloc(start + offset);
  json.copy(head, HEADER_BYTES);
  for (const c of packed) head.set(c.bytes, start + columns[c.name].offset);
  head.writeUInt32LE(MAGIC, 0);
  head.writeUInt32LE(FORMAT, 4);
  head.writeUInt32LE(json.length, 8);
  head.writeUInt32LE(crc32(head.subarray(start), crc32(json)), 12);
  const fd = openSync(path, 'w');
  try {
    for (const chunk of [head, texts.bytes.subarray(0, texts.used)]) {
      for (let at = 0; at < chunk.length; ) at += writeSync(fd, chunk, at);
    }
  } finally {
    closeSync(fd);
  }
  return head.length + texts.used;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

type Column = { view: Uint8Array | Uint16Array | Uint32Array; base: number };

/**
 * Reads the row snapshot at `path`: the same paragraphs (rowid order) and sentences (by paragraph rowid and
 * ordinal) as scanning the store's rows. INDEX_CORRUPT when it is missing or malformed.
 */
export function readRowSnapshot(path: string): { paragraphs: StoredParagraph[]; sentences: StoredSentence[] } {
  const { paragraphs, sentences } = readPackedRowSnapshot(path);
  return { paragraphs, sentences: sentences.all() };
}

/**
 * The measure sentences of a snapshot, left in its packed columns: what an opened index holds. As objects, 2.6M
 * sentences at 1M paragraphs took ≈ 250 MB of heap (an object each, and an array per paragraph); as columns they
 * take their bytes in the file (≈ 8 a sentence) and one offset per paragraph rowid. `of(rowid)` makes a
 * paragraph's sentences as objects when asked (a search asks for its few hundred candidates').
 */
export class SentenceTable {
  private constructor(
    readonly count: number,
    /** first[rowid] .. first[rowid + 1]: the sentences of paragraph `rowid`, in ordinal order. */
    private readonly first: Uint32Array,
    private readonly c: Record<SentenceColumn, Column>,
  ) {}

  /** Packs `count` sentences of the columns (paragraph rowids as deltas, sorted by paragraph rowid, then ordinal). */
  static of(count: number, c: Record<SentenceColumn, Column>, corrupt: (why: string) => Error): SentenceTable {
    const deltas = c.sentenceParagraph.view;
    const deltaBase = c.sentenceParagraph.base;
    let rowid = 0;
    for (let j = 0; j < count; j++) rowid += deltas[j]! + deltaBase;
    const first = new Uint32Array(rowid + 2);
    rowid = 0;
    let last = 0;
    for (let j = 0; j < count; j++) {
      const delta = deltas[j]! + deltaBase;
      if (delta < 0) throw corrupt(`has sentence ${j} out of paragraph order`);
      rowid += delta;
      // Paragraphs with no sentence between the last one and this one start (and end) here.
      for (let r = last + 1; r <= rowid; r++) first[r] = j;
      last = rowid;
    }
    for (let r = last + 1; r < first.length; r++) first[r] = count;
    return new SentenceTable(count, first, c);
  }

  /** Sentences in paragraph `rowid` (0 for an unknown one). */
  countOf(rowid: number): number {
    return rowid >= 1 && rowid + 1 < this.first.length ? this.first[rowid + 1]! - this.first[rowid]! : 0;
  }

  /** Paragraph `rowid`'s sentences in ordinal order, as new objects (none for an unknown rowid). */
  of(rowid: number): StoredSentence[] {
    const n = this.countOf(rowid);
    const out: StoredSentence[] = [];
    for (let j = this.first[rowid]!, end = j + n; j < end; j++) out.push(this.at(rowid, j));
    return out;
  }

  /** Paragraph `rowid`'s sentence vector slots (those with a vector of their own), appended to `slots`. */
  vectorSlotsOf(rowid: number, slots: number[]): void {
    const n = this.countOf(rowid);
    const { view, base } = this.c.vector;
    for (let j = this.first[rowid]!, end = j + n; j < end; j++) {
      const v = view[j]! + base;
      if (v !== -1) slots.push(v);
    }
  }

  /**
   * Paragraph `rowid`'s sentences in ordinal order, as two columns appended to `slots` (each one's vector slot, −1
   * when it has none of its own) and `ordinals`: what batched scoring reads instead of sentence objects.
   */
  unitsOf(rowid: number, slots: number[], ordinals: number[]): void {
    const n = this.countOf(rowid);
    const { vector, sentenceOrdinal } = this.c;
    for (let j = this.first[rowid]!, end = j + n; j < end; j++) {
      slots.push(vector.view[j]! + vector.base);
      ordinals.push(sentenceOrdinal.view[j]! + sentenceOrdinal.base);
    }
  }

  /** The rowids that have sentences, ascending. */
  *paragraphRowids(): Generator<number> {
    for (let r = 1; r + 1 < this.first.length; r++) if (this.first[r + 1]! > this.first[r]!) yield r;
  }

  /** The largest vector slot a sentence names (−1 when none does). */
  maxVectorSlot(): number {
    const { view, base } = this.c.vector;
    let max = -1;
    for (let j = 0; j < this.count; j++) max = Math.max(max, view[j]! + base);
    return max;
  }

  /** Every sentence, by paragraph rowid and ordinal, as objects (tests; the row scan's shape). */
  all(): StoredSentence[] {
    const out: StoredSentence[] = [];
    for (const rowid of this.paragraphRowids()) out.push(...this.of(rowid));
    return out;
  }

  private at(paragraphRowid: number, j: number): StoredSentence {
    const c = this.c;
    const vector = c.vector.view[j]! + c.vector.base;
    return { paragraphRowid, ordinal: c.sentenceOrdinal.view[j]! + c.sentenceOrdinal.base, start: c.start.view[j]! + c.start.base, end: c.end.view[j]! + c.end.base, vector: vector === -1 ? null : vector };
  }
}

/** {@link readRowSnapshot} with the sentences left packed ({@link SentenceTable}): what opening an index reads. */
export function readPackedRowSnapshot(path: string): { paragraphs: StoredParagraph[]; sentences: SentenceTable } {
  const corrupt = (why: string) => createError('INDEX_CORRUPT', `The row snapshot ${path} ${why}. Run \`npm run index -- --rebuild\`.`);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw corrupt(`cannot be read (${(e as Error).message})`);
  }
  try {
    const size = fstatSync(fd).size;
    const read = (at: number, bytes: number, into = Buffer.allocUnsafeSlow(bytes)) => {
      if (at + bytes > size) throw corrupt(`is cut short (${size} bytes)`);
      for (let done = 0; done < bytes; ) {
        let got: number;
        try {
          got = readSync(fd, into, done, bytes - done, at + done);
        } catch (e) {
          throw corrupt(`cannot be read (${(e as Error).message})`);
        }
        if (got === 0) throw corrupt(`is cut short (${size} bytes)`);
        done += got;
      }
      return into;
    };
    const header = read(0, HEADER_BYTES);
    if (header.readUInt32LE(0) !== MAGIC || header.readUInt32LE(4) !== FORMAT) throw corrupt('has no header of this format');
    const json = read(HEADER_BYTES, header.readUInt32LE(8));
    let meta: SnapshotMeta;
    try {
      meta = JSON.parse(json.toString('utf8')) as SnapshotMeta;
    } catch (e) {
      throw corrupt(`has an unreadable table (${(e as Error).message})`);
    }
    const start = HEADER_BYTES + align4(json.length);
    checkMeta(meta, size - start, corrupt);
    // A buffer of its own: its bytes start at a multiple of 4, as the typed views over them need.
    const columns = read(start, meta.texts);
    if (crc32(columns, crc32(json)) !== header.readUInt32LE(12)) throw corrupt('is damaged (its checksum differs)');
    const column = (name: ColumnName, count: number): Column => {
      const { offset, width, base } = meta.columns[name];
      const at = columns.byteOffset + offset;
      return { view: width === 1 ? new Uint8Array(columns.buffer, at, count) : width === 2 ? new Uint16Array(columns.buffer, at, count) : new Uint32Array(columns.buffer, at, count), base };
    };
    // The shared values: one per distinct JSON text, frozen (no consumer changes them; none may).
    for (const list of [meta.tables.sections, meta.tables.columns, meta.tables.responsible, meta.tables.sources]) list.forEach(Object.freeze);

    // The texts are read a part at a time into one buffer (not the whole file: fewer fresh pages to fault in, and
    // less memory at the peak), each part decoded once into a string in the heap.
    const buffer = Buffer.allocUnsafeSlow(Math.max(0, ...meta.textParts.map((t) => t.chars * 2)));
    let at = start + meta.texts;
    const textPart = (k: number) => {
      const bytes = meta.textParts[k]!.chars * 2;
      const texts = read(at, bytes, buffer).toString('utf16le', 0, bytes);
      at += bytes;
      return texts;
    };
    const paragraphColumns = Object.fromEntries(PARAGRAPH_COLUMNS.map((c) => [c, column(c, meta.paragraphs)])) as Record<ParagraphColumn, Column>;
    const paragraphs = paragraphsOf(meta.paragraphs, paragraphColumns, meta.tables, meta.textParts, textPart, corrupt);
    for (const [i, id] of meta.exceptions.ids) paragraphs[i]!.id = id;
    for (const [i, duplicateOf] of meta.exceptions.duplicateOf) paragraphs[i]!.duplicateOf = duplicateOf;
    const sentences = SentenceTable.of(meta.sentences, Object.fromEntries(SENTENCE_COLUMNS.map((c) => [c, column(c, meta.sentences)])) as Record<SentenceColumn, Column>, corrupt);
    return { paragraphs, sentences };
  } finally {
    closeSync(fd);
  }
}

/**
 * The `count` paragraphs of the columns, their texts cut from the text parts (`textPart(k)`, in order). Ids are
 * `paragraphId(docId, ordinal)` and duplicateOf `paragraphId(docId, duplicate)`, the suffix made once per ordinal;
 * `exceptions` corrects them. One loop in a function of its own: a cold process runs it before it is optimized, once.
 */
function paragraphsOf(
  count: number, c: Record<ParagraphColumn, Column>, tables: Tables, textParts: SnapshotMeta['textParts'], textPart: (k: number) => string, corrupt: (why: string) => Error,
): StoredParagraph[] {
  const { docs, parts, kinds, sections, columns, responsible, sources } = tables;
  const rowids = c.rowid.view, ordinals = c.ordinal.view, docIndex = c.doc.view, sectionIndex = c.section.view, columnsIndex = c.columns.view;
  const responsibleIndex = c.responsible.view, sourceIndex = c.source.view, duplicates = c.duplicate.view, partIndex = c.part.view, kindIndex = c.kind.view, lengths = c.length.view;
  const rowidBase = c.rowid.base, ordinalBase = c.ordinal.base, docBase = c.doc.base, sectionBase = c.section.base, columnsBase = c.columns.base;
  const responsibleBase = c.responsible.base, sourceBase = c.source.base, duplicateBase = c.duplicate.base, partBase = c.part.base, kindBase = c.kind.base, lengthBase = c.length.base;
  const suffixes: string[] = [];
  const suffix = (ordinal: number) => (ordinal >= 0 && ordinal < 1e6 ? (suffixes[ordinal] ??= paragraphId('', ordinal)) : paragraphId('', ordinal));
  const out: StoredParagraph[] = [];
  let rowid = 0;
  let k = -1;
  let texts = '';
  let partEnd = 0;
  let from = 0;
  for (let i = 0; i < count; i++) {
    while (i === partEnd) {
      if (from !== texts.length) throw corrupt(`has ${texts.length - from} characters of text part ${k + 1} left over`);
      texts = textPart(++k);
      partEnd += textParts[k]!.paragraphs;
      from = 0;
    }
    rowid += rowids[i]! + rowidBase;
    const ordinal = ordinals[i]! + ordinalBase;
    const d = docIndex[i]! + docBase;
    const s = sectionIndex[i]! + sectionBase;
    const cl = columnsIndex[i]! + columnsBase;
    const r = responsibleIndex[i]! + responsibleBase;
    const so = sourceIndex[i]! + sourceBase;
    const duplicate = duplicates[i]! + duplicateBase;
    const pc = partIndex[i]! + partBase;
    const kc = kindIndex[i]! + kindBase;
    const to = from + lengths[i]! + lengthBase;
    if (
      !(d >= 0 && d < docs.length && s >= 0 && s < sections.length && cl >= -1 && cl < columns.length && r >= 0 && r < responsible.length && so >= -1 && so < sources.length &&
        duplicate >= -1 && pc >= 0 && pc < parts.length && kc >= 0 && kc < kinds.length && to >= from && to <= texts.length)
    ) {
      throw corrupt(`has a bad paragraph ${i}`);
    }
    const docId = docs[d]!;
    out.push({
      rowid, id: docId + suffix(ordinal), docId, ordinal, sectionPath: sections[s] as string[], text: texts.slice(from, to), part: parts[pc] as DocumentPart, kind: kinds[kc] as 'text' | 'table-row',
      columns: cl === -1 ? null : (columns[cl] as string[]), responsible: responsible[r] as string[], duplicateOf: duplicate === -1 ? null : docId + suffix(duplicate),
      source: so === -1 ? null : (sources[so] as ParagraphSource),
    });
    from = to;
  }
  if (from !== texts.length) throw corrupt(`has ${texts.length - from} characters of text part ${k + 1} left over`);
  return out;
}

/** The table's shape, checked before anything is indexed by it; `bytes`: the file's length after the JSON. */
function checkMeta(meta: SnapshotMeta, bytes: number, corrupt: (why: string) => Error): void {
  const count = (x: unknown) => Number.isSafeInteger(x) && (x as number) >= 0;
  const strings = (x: unknown) => Array.isArray(x) && x.every((s) => typeof s === 'string');
  if (typeof meta !== 'object' || meta === null || !count(meta.paragraphs) || !count(meta.sentences) || !count(meta.texts) || meta.texts % 4 !== 0) throw corrupt('has no counts');
  const t = meta.tables;
  if (typeof t !== 'object' || t === null || !strings(t.docs) || !strings(t.parts) || !strings(t.kinds) || ![t.sections, t.columns, t.responsible, t.sources].every(Array.isArray)) {
    throw corrupt('has bad tables');
  }
  for (const name of COLUMNS) {
    const c = meta.columns?.[name];
    const rows = (SENTENCE_COLUMNS as readonly string[]).includes(name) ? meta.sentences : meta.paragraphs;
    if (!c || !count(c.offset) || c.offset % 4 !== 0 || ![1, 2, 4].includes(c.width) || !Number.isSafeInteger(c.base) || c.delta !== DELTA_COLUMNS.has(name) || c.offset + rows * c.width > meta.texts) {
      throw corrupt(`has no ${name} column`);
    }
  }
  if (!Array.isArray(meta.textParts) || !meta.textParts.every((p) => count(p?.paragraphs) && p.paragraphs > 0 && count(p?.chars))) throw corrupt('has bad text parts');
  if (meta.textParts.reduce((s, p) => s + p.paragraphs, 0) !== meta.paragraphs) throw corrupt('has texts for another number of paragraphs');
  if (meta.texts + meta.textParts.reduce((s, p) => s + 2 * p.chars, 0) !== bytes) throw corrupt(`is ${bytes} bytes after its table, not what the table says (cut short?)`);
  const list = (x: unknown) => Array.isArray(x) && x.every((e) => Array.isArray(e) && e.length === 2 && count(e[0]) && (e[0] as number) < meta.paragraphs && typeof e[1] === 'string');
  if (typeof meta.exceptions !== 'object' || meta.exceptions === null || !list(meta.exceptions.ids) || !list(meta.exceptions.duplicateOf)) throw corrupt('has bad exceptions');
}
