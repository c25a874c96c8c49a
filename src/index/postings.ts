/**
 * The keyword index: an inverted index over the clauses' jieba search tokens and, as a second field, their section
 * headings, written at build time as `postings.bin` and read at open in one call into typed arrays. It ranks by
 * BM25 computed exactly as SQLite FTS5's bm25() did when the keyword index was an FTS5 table (schema ≤ 3), so the
 * rankings are the same; `test/index/postings.test.ts` compares both on the same tokens.
 *
 * BM25 (FTS5's fts5_aux.c): for each query phrase i, idf = ln((N − n + 0.5) / (n + 0.5)), 1e-6 when that is ≤ 0
 * (a term in more than half the rows), n = rows holding the phrase; a row scores Σᵢ idf · f·(k1+1) / (f + k1·(1 − b
 * + b·D/avgdl)) in phrase order, with k1 = 1.2, b = 0.75, f the phrase's occurrences in the row, D the row's token
 * count and avgdl the field's tokens over its rows (N). Scores are returned positive (FTS5 returns them negated);
 * equal scores rank by rowid, as FTS5's sorter left them. ln is the C library's log (through SQLite's ln(), see
 * `read`): with V8's Math.log, last-bit differences reordered rows whose scores tie.
 *
 * **Why not FTS5.** `ORDER BY rank LIMIT n` makes FTS5 score every row that matches the OR of the query's
 * sub-tokens before it sorts: at 100k paragraphs a query matched a median 61% of them, ≈ 19 ms per 10k matched rows,
 * keyword search 183 ms p50, and hybrid runs four such queries (the terms, the thesaurus expansion, the headings,
 * the feedback terms). Here each top-k is **MaxScore** (Turtle & Flood 1995) over document-at-a-time cursors:
 * each phrase's upper bound is its idf times its best f·(k1+1)/(f + k1·(…)) over its postings (computed once per
 * term, exact); phrases sorted by bound, those whose bounds sum to no more than the current k-th score are
 * "non-essential": only the essential phrases' postings are walked, the others probed by galloping search, and a
 * row is dropped as soon as its partial score plus the remaining bounds cannot pass the k-th score. Common words
 * (企业, 发展: idf ≈ 1e-6 beyond 50% of rows) thus cost a few probes instead of a pass over most of the corpus.
 *
 * **Tokens.** Each search token is split into index tokens (`indexTokens`: letters, digits, private use;
 * lower-cased), as FTS5's unicode61 tokenizer did. A query term of several index tokens (3.5%, 2+6, C++) is a
 * phrase: the rows where its tokens stand next to each other, f = its occurrences there. Such pieces are ASCII
 * letters and digits only (test/text/segment.test.ts checks it over random text), so positions are stored for those
 * tokens alone (2–4% of token occurrences on the seeds and the synthetic corpora); phrase postings are built by
 * intersecting them, per query.
 *
 * **Measured** (`npm run bench -- --parts scale`, 2 shared cores, load 4–7, so pessimistic): at 100k synthetic
 * paragraphs a dev query's top 500 took 3.9 ms p50 (FTS5: 85 ms), its thesaurus expansion's 1.8 ms (15 ms); a query
 * matched a median 61% of the rows and MaxScore scored 7.4% of those in full (24% at 20k, where the same top 500
 * is a larger share). The file is 168 bytes per paragraph (FTS5's tables took ≈ 1,000), decoded at open into ≈ 400
 * bytes of typed arrays. Exhaustive term-at-a-time scoring into an accumulator was measured too: no faster at 20k
 * (2.4–2.8 ms p50 against MaxScore's 1.2–2.6, same load), and its cost is every matching posting, so it grows with
 * the corpus where MaxScore's grows with the rows of the rarer terms.
 *
 * **File** (little-endian): "PLKW", uint32 version, uint32 field count; per field: uint32 rows (N), float64 total
 * tokens, uint32 max rowid, uint32 terms, uint32 postings, uint32 positions, uint32 max f, uint32 byte length +
 * the terms as UTF-8 joined by "\n"; uint32 byte length + varints: each rowid's token count (1 … max rowid), then per
 * term its posting count and its position count, then per term its postings (rowid delta, f), then the positions of
 * the positional terms (per posting, f deltas from the previous position of that posting, the first from 0).
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { createError } from '../errors.js';
import { indexTokens, keywordQuery } from '../text/segment.js';

const MAGIC = 'PLKW';
const VERSION = 1;
const K1 = 1.2;
const B = 0.75;
/** Bounds are compared with this much room, so rounding in a different order of summation never prunes a row that belongs. */
const SLACK = 1 + 1e-9;
/** Index tokens whose positions are kept: the only tokens a phrase can hold (see `indexTokens`). */
const POSITIONAL = /^[a-z0-9]+$/;

export type KeywordField = 'text' | 'headings';
const FIELDS: readonly KeywordField[] = ['text', 'headings'];

export interface KeywordHit {
  rowid: number;
  score: number;
}

/** What one search did, for tests and the bench. */
export interface KeywordStats {
  /** Rows whose score was computed in full (the rest were dropped by their bounds). */
  scored: number;
  /** Postings of the query's phrases, summed. */
  postings: number;
}

// ---------- writing ----------

interface TermAcc {
  term: string;
  docs: number[];
  tfs: number[];
  /** Positions, per posting in order, when the term is positional. */
  positions: number[] | null;
}

class FieldWriter {
  rows = 0;
  totalTokens = 0;
  maxRowid = 0;
  readonly lengths: number[] = [];
  /** Terms by id, in first-seen order. */
  readonly terms: TermAcc[] = [];
  readonly termIds = new Map<string, number>();
  /** Each search token's index-token ids, looked up once per distinct token of the build. */
  private readonly pieces = new Map<string, number[]>();
  /** The row being added: its term ids in first-seen order, and per term id its frequency so far. */
  private readonly rowTerms: number[] = [];
  rowCount = new Int32Array(1024);

  /**
   * A writer holding an existing field's rows but those in `removed` (and `removedRows` of them were rows of the
   * field): what an incremental build appends its new rows to. Terms keep their order, a term left without postings
   * stays (its df is 0), and N and the token total are those of the remaining rows, so every score is the one a
   * fresh build of the same rows gives.
   */
  static from(field: Field, terms: readonly string[], removed: ReadonlySet<number>, removedRows: number): FieldWriter {
    const w = new FieldWriter();
    w.maxRowid = field.maxRowid;
    w.rows = field.rows - removedRows;
    for (let r = 1; r <= field.maxRowid; r++) {
      const n = removed.has(r) ? 0 : field.lengths[r]!;
      w.lengths[r] = n;
      w.totalTokens += n;
    }
    terms.forEach((term, t) => {
      const acc: TermAcc = { term, docs: [], tfs: [], positions: field.positionStart[t]! >= 0 || POSITIONAL.test(term) ? [] : null };
      let k = field.positionStart[t]!;
      for (let i = field.termStart[t]!, end = field.termStart[t + 1]!; i < end; i++) {
        const rowid = field.docs[i]!;
        const tf = field.tfs[i]!;
        const keep = !removed.has(rowid);
        if (keep) {
          acc.docs.push(rowid);
          acc.tfs.push(tf);
        }
        if (k >= 0) {
          if (keep) for (let j = 0; j < tf; j++) acc.positions!.push(field.positions[k + j]!);
          k += tf;
        }
      }
      w.terms.push(acc);
      w.termIds.set(term, t);
    });
    if (w.terms.length >= w.rowCount.length) w.rowCount = new Int32Array(w.terms.length * 2);
    return w;
  }

  add(rowid: number, searchTokens: readonly string[]): void {
    if (!(rowid > this.maxRowid)) throw new Error(`keyword index: rowid ${rowid} after ${this.maxRowid} (rows must come in increasing rowid order)`);
    this.maxRowid = rowid;
    this.rows++;
    let at = 0;
    for (const token of searchTokens) {
      for (const id of this.ids(token)) {
        if (this.rowCount[id] === 0) this.rowTerms.push(id);
        this.rowCount[id]!++;
        // Positions (ASCII tokens only) are appended as they come: rows arrive in order, so a term's group by posting.
        const acc = this.terms[id]!;
        if (acc.positions) acc.positions.push(at);
        at++;
      }
    }
    this.lengths[rowid] = at;
    this.totalTokens += at;
    for (const id of this.rowTerms) {
      const acc = this.terms[id]!;
      acc.docs.push(rowid);
      acc.tfs.push(this.rowCount[id]!);
      this.rowCount[id] = 0;
    }
    this.rowTerms.length = 0;
  }

  private ids(token: string): number[] {
    let list = this.pieces.get(token);
    if (!list) {
      list = indexTokens(token).map((t) => {
        let id = this.termIds.get(t);
        if (id === undefined) {
          id = this.terms.length;
          this.terms.push({ term: t, docs: [], tfs: [], positions: POSITIONAL.test(t) ? [] : null });
          this.termIds.set(t, id);
          if (id >= this.rowCount.length) {
            const bigger = new Int32Array(this.rowCount.length * 2);
            bigger.set(this.rowCount);
            this.rowCount = bigger;
          }
        }
        return id;
      });
      this.pieces.set(token, list);
    }
    return list;
  }
}

/** Collects the rows of both fields during a build and writes `postings.bin`. */
export class KeywordIndexWriter {
  constructor(private readonly fields = new Map<KeywordField, FieldWriter>(FIELDS.map((f) => [f, new FieldWriter()]))) {}

  /**
   * A writer holding the rows of a built index but `removed` (rowid → whether it was a row of the heading field):
   * an incremental build adds its new rows, in increasing rowid order after every existing one, and writes it.
   */
  static patching(index: KeywordIndex, removed: ReadonlyMap<number, { headings: boolean }>): KeywordIndexWriter {
    const gone = new Set(removed.keys());
    const inHeadings = [...removed.values()].filter((r) => r.headings).length;
    return new KeywordIndexWriter(new Map(FIELDS.map((name) => {
      const { field, terms } = index.fieldData(name);
      return [name, FieldWriter.from(field, terms, gone, name === 'text' ? gone.size : inHeadings)] as const;
    })));
  }

  /**
   * Adds a row (a paragraph's rowid, in increasing order) with its search tokens. Every row added counts in the
   * field's N and average length, even one without tokens (as an FTS5 row did).
   */
  add(field: KeywordField, rowid: number, searchTokens: readonly string[]): void {
    this.fields.get(field)!.add(rowid, searchTokens);
  }

  write(path: string): void {
    const parts: Buffer[] = [];
    const head = Buffer.alloc(12);
    head.write(MAGIC, 0, 'latin1');
    head.writeUInt32LE(VERSION, 4);
    head.writeUInt32LE(FIELDS.length, 8);
    parts.push(head);
    for (const name of FIELDS) {
      const f = this.fields.get(name)!;
      const terms = f.terms;
      let postings = 0;
      let positions = 0;
      let maxTf = 0;
      const out = new VarintWriter();
      for (let r = 1; r <= f.maxRowid; r++) out.put(f.lengths[r] ?? 0);
      for (const acc of terms) {
        out.put(acc.docs.length);
        out.put(acc.positions?.length ?? 0);
        postings += acc.docs.length;
        positions += acc.positions?.length ?? 0;
      }
      for (const acc of terms) {
        let prev = 0;
        for (let i = 0; i < acc.docs.length; i++) {
          out.put(acc.docs[i]! - prev);
          prev = acc.docs[i]!;
          out.put(acc.tfs[i]!);
          if (acc.tfs[i]! > maxTf) maxTf = acc.tfs[i]!;
        }
      }
      for (const acc of terms) {
        if (!acc.positions) continue;
        let k = 0;
        for (const tf of acc.tfs) {
          let prev = 0;
          for (let j = 0; j < tf; j++, k++) {
            out.put(acc.positions[k]! - prev);
            prev = acc.positions[k]!;
          }
        }
      }
      const termBytes = Buffer.from(terms.map((acc) => acc.term).join('\n'), 'utf8');
      const body = out.finish();
      const fieldHead = Buffer.alloc(40);
      fieldHead.writeUInt32LE(f.rows, 0);
      fieldHead.writeDoubleLE(f.totalTokens, 4);
      fieldHead.writeUInt32LE(f.maxRowid, 12);
      fieldHead.writeUInt32LE(terms.length, 16);
      fieldHead.writeUInt32LE(postings, 20);
      fieldHead.writeUInt32LE(positions, 24);
      fieldHead.writeUInt32LE(maxTf, 28);
      fieldHead.writeUInt32LE(termBytes.length, 32);
      fieldHead.writeUInt32LE(body.length, 36);
      parts.push(fieldHead, termBytes, body);
    }
    const fd = openSync(path, 'wx');
    try {
      for (const p of parts) writeSync(fd, p);
    } finally {
      closeSync(fd);
    }
  }
}

class VarintWriter {
  private buf = Buffer.alloc(1 << 16);
  private n = 0;

  put(value: number): void {
    if (this.n + 5 > this.buf.length) {
      const bigger = Buffer.alloc(this.buf.length * 2);
      this.buf.copy(bigger, 0, 0, this.n);
      this.buf = bigger;
    }
    let v = value >>> 0;
    while (v >= 0x80) {
      this.buf[this.n++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.n++] = v;
  }

  finish(): Buffer {
    return this.buf.subarray(0, this.n);
  }
}

// ---------- reading ----------

type Counts = Uint8Array | Uint16Array | Uint32Array;

/** One field of the index in memory. */
class Field {
  /** Per term, its best f·(k1+1)/(f + k1·(…)) over its postings (NaN until a query needs it). */
  private readonly maxNorm: Float64Array;

  constructor(
    /** N: the field's rows. */
    readonly rows: number,
    /** The highest rowid the field has seen (rows may end before it). */
    readonly maxRowid: number,
    /** The terms by id. */
    readonly terms: readonly string[],
    readonly avgdl: number,
    /** Token count per rowid (index 0 unused). */
    readonly lengths: Uint32Array,
    readonly dictionary: Map<string, number>,
    /** Term t's postings are [termStart[t], termStart[t + 1]) of `docs` (rowids, increasing) and `tfs`. */
    readonly termStart: Uint32Array,
    readonly docs: Uint32Array,
    readonly tfs: Counts,
    /** First position of term t's postings in `positions`, −1 when its positions are not kept. */
    readonly positionStart: Int32Array,
    readonly positions: Uint32Array,
  ) {
    this.maxNorm = new Float64Array(termStart.length - 1).fill(NaN);
  }

  /** f·(k1+1) / (f + k1·(1 − b + b·D/avgdl)), written as fts5_aux.c writes it (so the doubles are the same). */
  norm(f: number, rowid: number): number {
    return (f * (K1 + 1.0)) / (f + K1 * (1 - B + (B * this.lengths[rowid]!) / this.avgdl));
  }

  termMaxNorm(t: number): number {
    let m = this.maxNorm[t]!;
    if (Number.isNaN(m)) {
      m = 0;
      for (let i = this.termStart[t]!, end = this.termStart[t + 1]!; i < end; i++) m = Math.max(m, this.norm(this.tfs[i]!, this.docs[i]!));
      this.maxNorm[t] = m;
    }
    return m;
  }

  /** A phrase's postings: for one token, a view of its own; for several, the rows where they stand in order. */
  phrase(tokens: readonly string[]): PhrasePostings | null {
    const ids: number[] = [];
    for (const t of tokens) {
      const id = this.dictionary.get(t);
      if (id === undefined) return null;
      ids.push(id);
    }
    if (ids.length === 1) {
      const t = ids[0]!;
      return { docs: this.docs, tfs: this.tfs, from: this.termStart[t]!, to: this.termStart[t + 1]!, term: t };
    }
    // Pieces of a phrase are always positional (see indexTokens); a token without positions cannot be in one.
    if (ids.some((t) => this.positionStart[t]! < 0)) return null;
    return this.intersect(ids);
  }

  /** Rows where the terms `ids` stand at consecutive positions, and how often (each start counts, as in FTS5). */
  private intersect(ids: number[]): PhrasePostings {
    const k = ids.length;
    const at = ids.map((t) => this.termStart[t]!);
    const end = ids.map((t) => this.termStart[t + 1]!);
    // Index in `positions` of the first position of each term's current posting.
    const pos = ids.map((t) => this.positionStart[t]!);
    const docs: number[] = [];
    const tfs: number[] = [];
    const next = (j: number) => {
      pos[j]! += this.tfs[at[j]!]!;
      at[j]!++;
    };
    outer: for (;;) {
      let target = 0;
      for (let j = 0; j < k; j++) {
        if (at[j]! >= end[j]!) break outer;
        target = Math.max(target, this.docs[at[j]!]!);
      }
      let aligned = true;
      for (let j = 0; j < k; j++) {
        while (at[j]! < end[j]! && this.docs[at[j]!]! < target) next(j);
        if (at[j]! >= end[j]!) break outer;
        if (this.docs[at[j]!]! !== target) aligned = false;
      }
      if (!aligned) continue;
      let n = 0;
      for (let i = 0, count = this.tfs[at[0]!]!; i < count; i++) {
        const start = this.positions[pos[0]! + i]!;
        let all = true;
        for (let j = 1; j < k && all; j++) {
          all = false;
          for (let q = pos[j]!, last = pos[j]! + this.tfs[at[j]!]!; q < last; q++) {
            if (this.positions[q] === start + j) {
              all = true;
              break;
            }
          }
        }
        if (all) n++;
      }
      if (n > 0) {
        docs.push(target);
        tfs.push(n);
      }
      for (let j = 0; j < k; j++) next(j);
    }
    return { docs: Uint32Array.from(docs), tfs: Uint32Array.from(tfs), from: 0, to: docs.length, term: -1 };
  }
}

/** A phrase's postings: [from, to) of `docs` and `tfs`; `term` is the term id of a one-token phrase, else −1. */
interface PhrasePostings {
  docs: Uint32Array;
  tfs: Counts;
  from: number;
  to: number;
  term: number;
}

/** The keyword index of a build, read from `postings.bin`. */
export class KeywordIndex {
  private constructor(
    private readonly fields: Map<KeywordField, Field>,
    private readonly ln: (x: number) => number,
  ) {}

  /** A field's arrays, for an incremental build that copies them (`KeywordIndexWriter.patching`). */
  fieldData(name: KeywordField): { field: Field; terms: readonly string[] } {
    const field = this.fields.get(name)!;
    return { field, terms: field.terms };
  }

  /** Rows of a field: every paragraph for `text`, those with section headings for `headings`. */
  rows(field: KeywordField): number {
    return this.fields.get(field)!.rows;
  }

  /** BM25 over the clauses' search tokens: the best `limit` rows for the OR of `terms` (see `keywordQuery`). */
  keyword(terms: readonly string[], limit: number, stats?: KeywordStats): KeywordHit[] {
    return this.search('text', terms, limit, stats);
  }

  /** BM25 over the clauses' section headings (paragraph rowids), like `keyword`. */
  headingKeyword(terms: readonly string[], limit: number, stats?: KeywordStats): KeywordHit[] {
    return this.search('headings', terms, limit, stats);
  }

  /**
   * How many paragraphs hold the term (one word, or a phrase of several index tokens). Nothing is cached: a term the
   * corpus lacks may be a draft's own word, which must not outlive its request (see the drafting desk).
   */
  documentFrequency(term: string): number {
    const [tokens] = keywordQuery([term]);
    if (!tokens) return 0;
    const p = this.fields.get('text')!.phrase(tokens);
    return p ? p.to - p.from : 0;
  }

  /** The top `limit` rows of `field` by BM25 for the OR of `terms`, best first (equal scores: lower rowid first). */
  search(field: KeywordField, terms: readonly string[], limit: number, stats?: KeywordStats): KeywordHit[] {
    const f = this.fields.get(field)!;
    const phrases = keywordQuery(terms);
    if (stats) {
      stats.scored = 0;
      stats.postings = 0;
    }
    if (!phrases.length || limit < 1 || f.rows === 0) return [];
    // One cursor per phrase the field holds, with its query position (scores add up in query order, as in FTS5).
    const cursors: Cursor[] = [];
    phrases.forEach((tokens, q) => {
      const p = f.phrase(tokens);
      if (!p || p.to === p.from) return;
      const n = p.to - p.from;
      let idf = this.ln((f.rows - n + 0.5) / (n + 0.5));
      if (idf <= 0.0) idf = 1e-6;
      let maxNorm = 0;
      if (p.term >= 0) maxNorm = f.termMaxNorm(p.term);
      else for (let i = p.from; i < p.to; i++) maxNorm = Math.max(maxNorm, f.norm(p.tfs[i]!, p.docs[i]!));
      cursors.push({ q, idf, bound: idf * maxNorm, docs: p.docs, tfs: p.tfs, at: p.from, end: p.to });
      if (stats) stats.postings += n;
    });
    if (!cursors.length) return [];
    return maxScore(f, cursors, phrases.length, Math.min(limit, f.rows), stats);
  }

  /**
   * Reads `postings.bin`; INDEX_CORRUPT when the file is not one or holds other rows than `paragraphs`. `ln` is the
   * natural logarithm idf is computed with: pass the C library's (SQLite's ln(), `StoreReader.ln`), the very
   * function fts5_aux.c calls. V8's Math.log differs from it in the last bit for about 7% of the arguments (4,425 of
   * 61,896 idf arguments at N = 800 … 100,000), and a last bit is enough to reorder two rows whose scores tie.
   */
  static read(path: string, paragraphs: number, ln: (x: number) => number, slots = paragraphs): KeywordIndex {
    const fix = 'Run `npm run index -- --rebuild`.';
    const corrupt = (why: string) => createError('INDEX_CORRUPT', `${path} is not a keyword index of ${paragraphs} paragraphs (${why}). ${fix}`);
    let buf: Buffer;
    try {
      buf = readFileSync(path);
    } catch (e) {
      throw createError('INDEX_CORRUPT', `Cannot read ${path}: ${(e as Error).message}. ${fix}`);
    }
    if (buf.length < 12 || buf.toString('latin1', 0, 4) !== MAGIC) throw corrupt('no PLKW header');
    if (buf.readUInt32LE(4) !== VERSION || buf.readUInt32LE(8) !== FIELDS.length) throw corrupt('another version');
    let offset = 12;
    const fields = new Map<KeywordField, Field>();
    for (const name of FIELDS) {
      if (offset + 40 > buf.length) throw corrupt('truncated');
      const rows = buf.readUInt32LE(offset);
      const totalTokens = buf.readDoubleLE(offset + 4);
      const maxRowid = buf.readUInt32LE(offset + 12);
      const termCount = buf.readUInt32LE(offset + 16);
      const postingCount = buf.readUInt32LE(offset + 20);
      const positionCount = buf.readUInt32LE(offset + 24);
      const maxTf = buf.readUInt32LE(offset + 28);
      const termBytes = buf.readUInt32LE(offset + 32);
      const bodyBytes = buf.readUInt32LE(offset + 36);
      offset += 40;
      if (offset + termBytes + bodyBytes > buf.length) throw corrupt('truncated');
      if (maxRowid > slots || rows > maxRowid || (name === 'text' && rows !== paragraphs)) throw corrupt(`${name}: ${rows} rows up to rowid ${maxRowid}`);
      const termText = buf.toString('utf8', offset, offset + termBytes);
      offset += termBytes;
      const terms = termCount ? termText.split('\n') : [];
      if (terms.length !== termCount) throw corrupt(`${name}: ${terms.length} terms, header says ${termCount}`);
      const r = new VarintReader(buf, offset, offset + bodyBytes, corrupt);
      offset += bodyBytes;
      const lengths = new Uint32Array(slots + 1);
      r.into(lengths, 1, maxRowid);
      const counts = new Uint32Array(termCount * 2);
      r.into(counts, 0, termCount * 2);
      const termStart = new Uint32Array(termCount + 1);
      const positionStart = new Int32Array(termCount);
      let positionsSoFar = 0;
      for (let t = 0; t < termCount; t++) {
        termStart[t + 1] = termStart[t]! + counts[2 * t]!;
        const np = counts[2 * t + 1]!;
        positionStart[t] = np > 0 ? positionsSoFar : -1;
        positionsSoFar += np;
      }
      if (termStart[termCount] !== postingCount || positionsSoFar !== positionCount) throw corrupt(`${name}: counts do not add up`);
      // Postings as (rowid delta, f) pairs, decoded in one pass, then split.
      const pairs = new Uint32Array(postingCount * 2);
      r.into(pairs, 0, postingCount * 2);
      const docs = new Uint32Array(postingCount);
      const tfs: Counts = maxTf < 256 ? new Uint8Array(postingCount) : maxTf < 65536 ? new Uint16Array(postingCount) : new Uint32Array(postingCount);
      for (let t = 0; t < termCount; t++) {
        let prev = 0;
        for (let i = termStart[t]!, end = termStart[t + 1]!; i < end; i++) {
          prev += pairs[2 * i]!;
          docs[i] = prev;
          tfs[i] = pairs[2 * i + 1]!;
        }
        if (prev > maxRowid) throw corrupt(`${name}: rowid ${prev} beyond ${maxRowid}`);
      }
      const positions = new Uint32Array(positionCount);
      r.into(positions, 0, positionCount);
      // Stored as deltas within each posting: made absolute here.
      for (let t = 0; t < termCount; t++) {
        if (positionStart[t]! < 0) continue;
        let k = positionStart[t]!;
        for (let i = termStart[t]!, end = termStart[t + 1]!; i < end; i++) {
          let prev = 0;
          for (let j = 0, n = tfs[i]!; j < n; j++, k++) positions[k] = prev += positions[k]!;
        }
      }
      if (!r.done()) throw corrupt(`${name}: trailing bytes`);
      const dictionary = new Map<string, number>();
      terms.forEach((t, i) => dictionary.set(t, i));
      fields.set(name, new Field(rows, maxRowid, terms, rows ? totalTokens / rows : 0, lengths, dictionary, termStart, docs, tfs, positionStart, positions));
    }
    if (offset !== buf.length) throw corrupt('trailing bytes');
    return new KeywordIndex(fields, ln);
  }
}

class VarintReader {
  constructor(
    private readonly buf: Buffer,
    private at: number,
    private readonly end: number,
    private readonly corrupt: (why: string) => Error,
  ) {}

  /** Decodes `count` varints into out[from …]. */
  into(out: Uint32Array, from: number, count: number): void {
    const buf = this.buf;
    const end = this.end;
    let at = this.at;
    for (let i = from, last = from + count; i < last; i++) {
      if (at >= end) throw this.corrupt('truncated');
      let b = buf[at++]!;
      if (b < 0x80) {
        out[i] = b;
        continue;
      }
      let v = b & 0x7f;
      let shift = 7;
      for (;;) {
        if (at >= end || shift > 28) throw this.corrupt('bad varint');
        b = buf[at++]!;
        v += (b & 0x7f) * 2 ** shift;
        if (b < 0x80) break;
        shift += 7;
      }
      out[i] = v;
    }
    this.at = at;
  }

  done(): boolean {
    return this.at === this.end;
  }
}

// ---------- top-k ----------

interface Cursor {
  /** The phrase's position in the query. */
  q: number;
  idf: number;
  /** idf × the best normalised frequency over the phrase's postings: no row gets more from it. */
  bound: number;
  docs: Uint32Array;
  tfs: Counts;
  at: number;
  end: number;
}

/** First index in [from, end) whose rowid is ≥ target (galloping, then binary search). */
function seek(docs: Uint32Array, from: number, end: number, target: number): number {
  if (from >= end || docs[from]! >= target) return from;
  let lo = from;
  let step = 1;
  while (lo + step < end && docs[lo + step]! < target) {
    lo += step;
    step *= 2;
  }
  let hi = Math.min(lo + step, end);
  lo += 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (docs[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * MaxScore over the cursors: the best `k` rows by Σ idf·norm, ties by lower rowid. Rows are visited in rowid order,
 * so a later row with a score equal to the k-th never displaces it.
 */
function maxScore(f: Field, cursors: Cursor[], phraseCount: number, k: number, stats?: KeywordStats): KeywordHit[] {
  cursors.sort((a, b) => a.bound - b.bound);
  const m = cursors.length;
  // upTo[i]: the most a row can get from cursors 0…i.
  const upTo = new Float64Array(m);
  let sum = 0;
  cursors.forEach((c, i) => (upTo[i] = sum += c.bound));
  const contribution = new Float64Array(phraseCount);
  const heapScore = new Float64Array(k);
  const heapRow = new Uint32Array(k);
  let size = 0;
  let threshold = 0;
  // Cursors below `essential` cannot lift a row into the top k on their own: they are probed, not walked.
  let essential = 0;
  let scored = 0;
  const lengths = f.lengths;
  const avgdl = f.avgdl;
  for (;;) {
    let row = 0xffffffff;
    for (let i = essential; i < m; i++) {
      const c = cursors[i]!;
      if (c.at < c.end && c.docs[c.at]! < row) row = c.docs[c.at]!;
    }
    if (row === 0xffffffff) break;
    const denominator = K1 * (1 - B + (B * lengths[row]!) / avgdl);
    let partial = 0;
    for (let i = essential; i < m; i++) {
      const c = cursors[i]!;
      if (c.at < c.end && c.docs[c.at]! === row) {
        const tf = c.tfs[c.at]!;
        const s = c.idf * ((tf * (K1 + 1.0)) / (tf + denominator));
        contribution[c.q] = s;
        partial += s;
        c.at++;
      }
    }
    let complete = true;
    for (let i = essential - 1; i >= 0; i--) {
      if ((partial + upTo[i]!) * SLACK <= threshold) {
        complete = false;
        break;
      }
      const c = cursors[i]!;
      c.at = seek(c.docs, c.at, c.end, row);
      if (c.at < c.end && c.docs[c.at]! === row) {
        const tf = c.tfs[c.at]!;
        const s = c.idf * ((tf * (K1 + 1.0)) / (tf + denominator));
        contribution[c.q] = s;
        partial += s;
      }
    }
    if (complete) {
      scored++;
      // The score as FTS5 adds it up: phrase by phrase in query order.
      let score = 0.0;
      for (let q = 0; q < phraseCount; q++) score += contribution[q]!;
      if (size < k) {
        heapScore[size] = score;
        heapRow[size] = row;
        siftUp(heapScore, heapRow, size++);
        if (size === k) threshold = heapScore[0]!;
      } else if (score > threshold) {
        heapScore[0] = score;
        heapRow[0] = row;
        siftDown(heapScore, heapRow, 0, size);
        threshold = heapScore[0]!;
      }
      if (size === k) while (essential < m && upTo[essential]! * SLACK <= threshold) essential++;
    }
    for (let i = 0; i < m; i++) contribution[cursors[i]!.q] = 0;
  }
  if (stats) stats.scored = scored;
  const out: KeywordHit[] = [];
  for (let i = 0; i < size; i++) out.push({ rowid: heapRow[i]!, score: heapScore[i]! });
  return out.sort((a, b) => b.score - a.score || a.rowid - b.rowid);
}

/** Heap order: the root is the worst kept row (lowest score; among equal scores, the highest rowid). */
function worse(score: Float64Array, row: Uint32Array, a: number, b: number): boolean {
  return score[a]! < score[b]! || (score[a] === score[b] && row[a]! > row[b]!);
}

function swap(score: Float64Array, row: Uint32Array, a: number, b: number): void {
  const s = score[a]!;
  score[a] = score[b]!;
  score[b] = s;
  const r = row[a]!;
  row[a] = row[b]!;
  row[b] = r;
}

function siftUp(score: Float64Array, row: Uint32Array, i: number): void {
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!worse(score, row, i, parent)) return;
    swap(score, row, i, parent);
    i = parent;
  }
}

function siftDown(score: Float64Array, row: Uint32Array, i: number, size: number): void {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let w = i;
    if (l < size && worse(score, row, l, w)) w = l;
    if (r < size && worse(score, row, r, w)) w = r;
    if (w === i) return;
    swap(score, row, i, w);
    i = w;
  }
}

