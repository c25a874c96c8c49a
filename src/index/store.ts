/**
 * The SQLite store of one index build: documents, sections, paragraphs and the clauses' measure sentences. The
 * keyword index (BM25 over jieba search tokens and section headings) lives beside it in postings.bin
 * (src/index/postings.ts), vectors in vectors.hnsw and the int8 stores (src/index/quantized.ts); each paragraph and
 * sentence keeps the hash of its embedded text, by which an incremental build reuses the previous build's vectors.
 * Every build ends by packing the paragraphs and sentences into rows.bin beside it (src/index/rows.ts), which
 * opening an index reads instead of these rows.
 */
import Database from 'better-sqlite3';
import type { DocumentMeta, DocumentPart, ParagraphSource, SectionHeading } from '../types.js';
import { createError } from '../errors.js';
import { PARAGRAPH_ROWS_SQL, SENTENCE_ROWS_SQL, paragraphOfRow, sentenceOfRow, writeRowSnapshot, type ParagraphRow, type SentenceRow } from './rows.js';

// 2: measure sentences and the section-heading keyword field. 3: vectors in int8 stores beside the database,
// places, document types and regulation dates, compendium card sources, fts5vocab. 4: the keyword index moved out
// of FTS5 into postings.bin (the FTS5 tables are gone). 5: the graph over PCA-projected vectors (graph.projection,
// paragraphs.pq8), the full vectors in binary16 on disk (paragraphs.f16), and the row snapshot rows.bin beside the
// database (src/index/rows.ts), which the index is opened by; the tables are 4's. Since the twenty-second session a
// build also has clause_parts (the long clauses the text stage cut into parts): added, not changed, so a reader of
// either kind opens either; a build without it shows no parts, and a patch adds the table.
export const SCHEMA_VERSION = 5;
/**
 * Schemas whose builds a build can take vectors and kept documents from, reading their rows (`vectorKeys`,
 * `paragraphs`, …; never the snapshot): 3's tables are 4's plus the FTS5 tables, 5's are 4's, so
 * upgrading does not embed a corpus again (before 5, paragraph vectors come from the graph). Only a build of this
 * schema is patched (`patchBuild`).
 */
export const READABLE_SCHEMAS: readonly number[] = [3, 4, 5];

/**
 * A clause over 500 characters that the text stage cut at sentence ends (src/text/paragraphs.ts `splitLongParagraph`):
 * the ordinal of its first part and how many parts, one row per such clause (the reader marks the parts as one).
 */
const CLAUSE_PARTS_TABLE = `CREATE TABLE IF NOT EXISTS clause_parts (
  doc_id TEXT NOT NULL,
  first_paragraph INTEGER NOT NULL,
  parts INTEGER NOT NULL,
  PRIMARY KEY (doc_id, first_paragraph)
);`;

const SCHEMA = `
CREATE TABLE documents (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  file TEXT NOT NULL,
  path TEXT NOT NULL,
  format TEXT NOT NULL,
  title TEXT, issuer TEXT, date TEXT, adopted_date TEXT, approved_date TEXT, posted_date TEXT, doc_number TEXT,
  city TEXT, place_code TEXT, place_kind TEXT, level TEXT, parent TEXT, parent_code TEXT, province TEXT,
  doc_type TEXT, plan_period TEXT,
  content_sha256 TEXT NOT NULL
);
CREATE TABLE sections (
  doc_id TEXT NOT NULL,
  ordinal INTEGER NOT NULL,
  level INTEGER NOT NULL,
  label TEXT NOT NULL,
  title TEXT NOT NULL,
  path_json TEXT NOT NULL,
  first_paragraph INTEGER NOT NULL,
  PRIMARY KEY (doc_id, ordinal)
);
CREATE TABLE paragraphs (
  rowid INTEGER PRIMARY KEY,           -- also the label of the paragraph's vector in the HNSW index
  id TEXT NOT NULL UNIQUE,             -- stable id: <doc id>:p<ordinal>
  doc_id TEXT NOT NULL,
  ordinal INTEGER NOT NULL,
  section_json TEXT NOT NULL,
  text TEXT NOT NULL,
  embed_text TEXT NOT NULL,
  embed_sha256 TEXT NOT NULL,
  part TEXT NOT NULL,
  kind TEXT NOT NULL,
  columns_json TEXT,
  responsible_json TEXT NOT NULL,
  duplicate_of TEXT,
  source_json TEXT                     -- a compendium card's policy (依据文件, 发文机构, …), JSON; NULL elsewhere
);
CREATE INDEX paragraphs_doc ON paragraphs (doc_id, ordinal);
CREATE TABLE sentences (
  rowid INTEGER PRIMARY KEY,           -- label of the sentence's vector in the sentence HNSW index
  paragraph_rowid INTEGER NOT NULL,
  ordinal INTEGER NOT NULL,
  start INTEGER NOT NULL,              -- [start, end) in the paragraph's text, UTF-16 offsets
  end INTEGER NOT NULL,
  embed_sha256 TEXT NOT NULL,          -- the paragraph's own when the clause is one sentence
  vector INTEGER                       -- slot in sentences.q8; NULL when the sentence is the whole clause
);
CREATE INDEX sentences_paragraph ON sentences (paragraph_rowid, ordinal);
${CLAUSE_PARTS_TABLE}
`;

export interface StoredDocument extends DocumentMeta {
  seq: number;
  path: string;
  format: string;
  contentSha256: string;
}

export interface StoredParagraph {
  rowid: number;
  id: string;
  docId: string;
  ordinal: number;
  sectionPath: string[];
  text: string;
  part: DocumentPart;
  kind: 'text' | 'table-row';
  columns: string[] | null;
  responsible: string[];
  duplicateOf: string | null;
  /** For a compendium card's clause: the policy the card cites. */
  source: ParagraphSource | null;
}

/** A paragraph as the build writes it: with the text its vector embeds and that text's hash (the reuse key). */
export interface ParagraphRecord extends StoredParagraph {
  embedText: string;
  embedSha256: string;
}

/** A measure sentence of a paragraph (src/text/sentences.ts). */
export interface StoredSentence {
  paragraphRowid: number;
  ordinal: number;
  start: number;
  end: number;
  /** Slot of its own vector in the sentence store, or null when the sentence is the whole clause (its vector is the clause's). */
  vector: number | null;
}

/** A measure sentence as the build writes it: its rowid and the hash of its embedded text (the clause's own for a one-sentence clause). */
export interface SentenceRecord extends StoredSentence {
  rowid: number;
  embedSha256: string;
}

export interface StoredSection extends SectionHeading {
  docId: string;
  ordinal: number;
}

/** One clause cut into parts: its first part's ordinal and how many parts (consecutive paragraphs) it has. */
export interface ClauseParts {
  firstParagraph: number;
  parts: number;
}

/** Opens a copy of a built store to patch it (an incremental build writes into its own copy, never the served one). */
export function openStoreForPatch(path: string): StoreWriter {
  const db = new Database(path, { fileMustExist: true });
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  // A build made before clause_parts existed gains the table (its kept documents have no rows in it).
  db.exec(CLAUSE_PARTS_TABLE);
  return new StoreWriter(db);
}

/** Creates a fresh store at `path` (the file must not exist yet). */
export function createStore(path: string): StoreWriter {
  const db = new Database(path);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.exec(SCHEMA);
  return new StoreWriter(db);
}

export class StoreWriter {
  private readonly insertDoc;
  private readonly insertSection;
  private readonly insertParagraph;
  private readonly insertSentence;
  private readonly insertParts;

  constructor(readonly db: Database.Database) {
    this.insertSentence = db.prepare(`INSERT INTO sentences (rowid, paragraph_rowid, ordinal, start, end, embed_sha256, vector) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    this.insertDoc = db.prepare(
      `INSERT INTO documents (seq, id, file, path, format, title, issuer, date, adopted_date, approved_date, posted_date, doc_number,
         city, place_code, place_kind, level, parent, parent_code, province, doc_type, plan_period, content_sha256)
       VALUES (@seq, @id, @file, @path, @format, @title, @issuer, @date, @adoptedDate, @approvedDate, @postedDate, @docNumber,
         @city, @placeCode, @placeKind, @level, @parent, @parentCode, @province, @docType, @planPeriod, @contentSha256)`,
    );
    this.insertParts = db.prepare(`INSERT INTO clause_parts (doc_id, first_paragraph, parts) VALUES (?, ?, ?)`);
    this.insertSection = db.prepare(
      `INSERT INTO sections (doc_id, ordinal, level, label, title, path_json, first_paragraph) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertParagraph = db.prepare(
      `INSERT INTO paragraphs (rowid, id, doc_id, ordinal, section_json, text, embed_text, embed_sha256, part, kind, columns_json, responsible_json, duplicate_of, source_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  addDocument(doc: StoredDocument, sections: SectionHeading[], parts: readonly ClauseParts[] = []): void {
    this.insertDoc.run(doc);
    sections.forEach((s, i) => this.insertSection.run(doc.id, i, s.level, s.label, s.title, JSON.stringify(s.path), s.firstParagraph));
    for (const p of parts) this.insertParts.run(doc.id, p.firstParagraph, p.parts);
  }

  addParagraph(p: ParagraphRecord): void {
    this.insertParagraph.run(
      p.rowid, p.id, p.docId, p.ordinal, JSON.stringify(p.sectionPath), p.text, p.embedText, p.embedSha256,
      p.part, p.kind, p.columns ? JSON.stringify(p.columns) : null, JSON.stringify(p.responsible), p.duplicateOf,
      p.source ? JSON.stringify(p.source) : null,
    );
  }

  addSentence(s: SentenceRecord): void {
    this.insertSentence.run(s.rowid, s.paragraphRowid, s.ordinal, s.start, s.end, s.embedSha256, s.vector);
  }

  /**
   * Packs every paragraph and sentence now in the store into the row snapshot at `path` (src/index/rows.ts): the
   * store's last read in every build, full or incremental. Returns the snapshot's bytes.
   */
  writeRowSnapshot(path: string): number {
    return writeRowSnapshot(this.db, path);
  }

  /** Removes a document with its sections, paragraphs and sentences; returns its paragraphs' rowids and section paths (the keyword index drops them too). */
  removeDocument(docId: string): { rowid: number; sectionPath: string[] }[] {
    const removed = (this.db.prepare(`SELECT rowid, section_json FROM paragraphs WHERE doc_id = ?`).raw().all(docId) as [number, string][])
      .map(([rowid, section]) => ({ rowid, sectionPath: JSON.parse(section) as string[] }));
    const rowids = removed.map((r) => r.rowid);
    const byRowid = (table: string, column = 'rowid') => this.db.prepare(`DELETE FROM ${table} WHERE ${column} = ?`);
    const statements = [byRowid('sentences', 'paragraph_rowid'), byRowid('paragraphs')];
    for (const rowid of rowids) for (const st of statements) st.run(rowid);
    this.db.prepare(`DELETE FROM sections WHERE doc_id = ?`).run(docId);
    this.db.prepare(`DELETE FROM clause_parts WHERE doc_id = ?`).run(docId);
    this.db.prepare(`DELETE FROM documents WHERE id = ?`).run(docId);
    return removed;
  }

  /** The largest document seq and sentence rowid in the store (0 when empty): where appended rows start. */
  lastIds(): { seq: number; sentence: number } {
    const seq = (this.db.prepare(`SELECT max(seq) AS n FROM documents`).get() as { n: number | null }).n ?? -1;
    const sentence = (this.db.prepare(`SELECT max(rowid) AS n FROM sentences`).get() as { n: number | null }).n ?? 0;
    return { seq, sentence };
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  close(): void {
    this.db.close();
  }
}

interface DocumentRow {
  seq: number; id: string; file: string; path: string; format: string; title: string | null; issuer: string | null;
  date: string | null; posted_date: string | null; doc_number: string | null; city: string | null; level: string | null;
  province: string | null; plan_period: string | null; content_sha256: string;
  // Absent from databases written before these columns were added (read as null).
  adopted_date?: string | null; approved_date?: string | null; place_code?: string | null; place_kind?: string | null;
  parent?: string | null; parent_code?: string | null; doc_type?: string | null;
}

/** Read access to a built store: everything in it is read once, at open. */
export class StoreReader {
  readonly db: Database.Database;
  private readonly lnStmt;
  private hasClauseParts: boolean | undefined;

  constructor(path: string) {
    try {
      this.db = new Database(path, { readonly: true, fileMustExist: true });
      this.db.pragma('query_only = ON');
      this.lnStmt = this.db.prepare('SELECT ln(?)').pluck();
    } catch (e) {
      throw createError('INDEX_CORRUPT', `Cannot open the index database ${path}: ${(e as Error).message}. Run \`npm run index -- --rebuild\`.`);
    }
  }

  documents(): StoredDocument[] {
    return (this.db.prepare(`SELECT * FROM documents ORDER BY seq`).all() as DocumentRow[]).map((r) => ({
      seq: r.seq, id: r.id, file: r.file, path: r.path, format: r.format, title: r.title, issuer: r.issuer, date: r.date,
      adoptedDate: r.adopted_date ?? null, approvedDate: r.approved_date ?? null,
      postedDate: r.posted_date, docNumber: r.doc_number, city: r.city, placeCode: r.place_code ?? null, placeKind: r.place_kind ?? null,
      level: r.level, parent: r.parent ?? null, parentCode: r.parent_code ?? null, province: r.province, docType: r.doc_type ?? null,
      planPeriod: r.plan_period, contentSha256: r.content_sha256,
    }));
  }

  sections(): StoredSection[] {
    return this.sectionRows(this.db.prepare(`SELECT * FROM sections ORDER BY doc_id, ordinal`).all());
  }

  private sectionRows(rows: unknown[]): StoredSection[] {
    return (rows as { doc_id: string; ordinal: number; level: number; label: string; title: string; path_json: string; first_paragraph: number }[])
      .map((r) => ({ docId: r.doc_id, ordinal: r.ordinal, level: r.level, label: r.label, title: r.title, path: JSON.parse(r.path_json) as string[], firstParagraph: r.first_paragraph }));
  }

  /**
   * Every paragraph, in rowid order, from the rows; not the embedded text (the build's business, and a third of the
   * bytes). Reads a build of any readable schema, but costs ~1 s at 100k paragraphs: opening an index reads the
   * same paragraphs from the row snapshot (src/index/rows.ts) instead.
   */
  paragraphs(): StoredParagraph[] {
    return (this.db.prepare(PARAGRAPH_ROWS_SQL).raw().all() as ParagraphRow[]).map(paragraphOfRow);
  }

  /** The embedded-text hash of every paragraph and of every sentence with its own vector: what an incremental build reuses vectors by. */
  vectorKeys(): { paragraphs: Map<string, number>; sentences: Map<string, number> } {
    const paragraphs = new Map(this.db.prepare(`SELECT embed_sha256, rowid FROM paragraphs`).raw().all() as [string, number][]);
    const sentences = new Map(this.db.prepare(`SELECT embed_sha256, vector FROM sentences WHERE vector IS NOT NULL`).raw().all() as [string, number][]);
    return { paragraphs, sentences };
  }

  /** The text each paragraph's vector embeds, by rowid (benchmarks and checks; the engine never needs it). */
  embedTexts(): Map<number, string> {
    return new Map(this.db.prepare(`SELECT rowid, embed_text FROM paragraphs`).raw().all() as [number, string][]);
  }

  /** One document's section headings, in order. */
  sectionsOf(docId: string): StoredSection[] {
    return this.sectionRows(this.db.prepare(`SELECT * FROM sections WHERE doc_id = ? ORDER BY ordinal`).all(docId));
  }

  /** One document's clauses cut into parts, in order; none in a build made before clause_parts existed. */
  clausePartsOf(docId: string): ClauseParts[] {
    this.hasClauseParts ??= this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'clause_parts'`).get() !== undefined;
    if (!this.hasClauseParts) return [];
    return (this.db.prepare(`SELECT first_paragraph, parts FROM clause_parts WHERE doc_id = ? ORDER BY first_paragraph`).raw().all(docId) as [number, number][])
      .map(([firstParagraph, parts]) => ({ firstParagraph, parts }));
  }

  /** Every measure sentence, by paragraph rowid and ordinal, from the rows. */
  sentences(): StoredSentence[] {
    return (this.db.prepare(SENTENCE_ROWS_SQL).raw().all() as SentenceRow[]).map(sentenceOfRow);
  }

  /**
   * The C library's natural logarithm, through SQLite's ln(): bit for bit the log() that FTS5's bm25() takes its
   * idf with, which V8's Math.log is not (src/index/postings.ts). About a microsecond a call.
   */
  ln(x: number): number {
    return this.lnStmt.get(x) as number;
  }

  close(): void {
    this.db.close();
  }
}
