/**
 * The keyword index: an inverted index over the clauses' jieba search tokens and, as a second field, their section
 * headings, written at build time as `postings.bin` and read at open in one call, its typed arrays viewed in place.
 * It ranks by BM25 computed exactly as SQLite FTS5's bm25() did when the keyword index was an FTS5 table (schema
 * ≤ 3), so the rankings are the same; `test/index/postings.test.ts` compares both on the same tokens.
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
 * is a larger share). Exhaustive term-at-a-time scoring into an accumulator was measured too: no faster at 20k
 * (2.4–2.8 ms p50 against MaxScore's 1.2–2.6, same load), and its cost is every matching posting, so it grows with
 * the corpus where MaxScore's grows with the rows of the rarer terms.
 *
 * **Accumulating, where MaxScore loses** (ninth session; `KeywordStrategy`). A deep top-k (500: every comparison,
 * filtered search and pasted text asks that deep) keeps MaxScore's threshold low, so few phrases become
 * non-essential; and a long query (a sentence pasted or picked: a median 24 terms) makes every row a pass over every
 * cursor. At 100k synthetic paragraphs, best of 3 per query, summed over 170 queries (40 corpus sentences, the
 * dev/own/tune queries, 30 feedback-like lists of 8 words): top 500 took 897 ms by MaxScore, 442 accumulating; top
 * 200, 382 against 303; top 100, 365 against 388, but 273 against 241 for queries of ≥ 12 terms. One-sentence
 * sentences alone, top 500: p50 10.7 → 4.5 ms (100k), 0.96 → 0.38 (the 2,778 clauses of seeds + external). End to
 * end at 100k, alternating in one process, every answer the same: "similar" from a one-sentence clause p50 52 → 40–45
 * ms; a comparison, a hybrid search and other "similar" within noise. But the accumulator's cost is every matching
 * posting, linear in the corpus, where MaxScore's grows more slowly: on keyword indexes of the bench's synthetic
 * corpus alone (`npx tsx scripts/bench/keyword-strategies.ts --size N`: 170 queries, best of 3, summed, MaxScore /
 * accumulating), top 100 / 200 / 500 took 235 / 268, 373 / 306, 663 / 335 ms at 100k rows; 362 / 559, 485 / 582,
 * 780 / 607 at 200k; 748 / 1,449, 790 / 1,229, 1,156 / 1,256 at 400k (sentences alone at top 500: 670 / 579);
 * 1,442 / 3,337, 1,644 / 3,256, 2,199 / 3,255 at 1M. The crossover sits where the top-k is about 1/500 of the rows (1/1000 for sentences), hence `auto`'s rule;
 * at 1M a top 500 stays with MaxScore. Working over one 65,536-row chunk at a time, to keep the accumulator in cache,
 * changed nothing at 1M (3,528 ms): the cost is the postings, not cache misses. Its scratch is 12 bytes per rowid
 * per field (under `auto`, a field of at most 1000 × k rows), made on first use.
 *
 * Opening (`read`, 100k paragraphs, 7.9 M postings, 2,828 terms; `node --expose-gc`, load 2–4): 18–39 ms in a
 * fresh process, 6–18 ms median of 5 after it, against 313–382 and 245–356 ms for version 1, whose varints (rowid
 * deltas) were decoded into typed arrays at open. Nothing is decoded now: the file is read in one call into a
 * buffer of its own and the arrays are views onto it (reading it is most of the time left; the term Map takes
 * 0.2–0.4 ms; checking every term's rowids took 11 ms warm, 16–27 cold, so it is done per term on first use). The
 * file is 246 bytes per paragraph (version 1: 168; FTS5's tables took ≈ 1,000), and that buffer is all it holds in
 * memory after open (arrayBuffers +246 bytes per paragraph against +411 for version 1's decoded arrays). Storing
 * rowids whole (4 bytes) would have made it ≈ 403 bytes: 79 postings per paragraph. Top-k times are unchanged (top
 * 500 of 125 queries from the corpus' paragraphs: p50 1.8–2.1 ms either way, the same rows, scores and
 * `KeywordStats`).
 *
 * **File** (little-endian; every section starts at a multiple of 4, zero-padded, so it is viewed in place): "PLKW",
 * uint32 version, uint32 field count; per field a header of 48 bytes: uint32 rows (N), float64 total tokens, uint32
 * max rowid, uint32 terms, uint32 postings, uint32 positions, uint32 max f, uint32 max token count, uint32 max
 * position, uint32 term bytes, 4 zero bytes; then its sections: the terms as UTF-8 joined by "\n"; each rowid's
 * token count (0 … max rowid, index 0 unused; uint16, uint32 from a count of 65,536); the chunk table (uint32,
 * terms × C + 1 entries with C = ⌊max rowid / 65,536⌋ + 1: entry t·C + c is the index of term t's first posting
 * with a rowid ≥ c·65,536, the last is the posting count); each term's first position, or −1 when its positions
 * are not kept (int32); the postings' rowids, term by term in increasing order, as rowid − c·65,536 (uint16); their
 * f (uint8, uint16 from 256, uint32 from 65,536: by max f); the positional terms' positions, per posting its f
 * positions in the row, increasing (uint16, uint32 from 65,536: by max position). A cursor adds its chunk's base to
 * each 16-bit rowid and seeks through the chunk table, then gallops within the chunk (`Cursor`).
 */
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { createError } from '../errors.js';
import { foldTerm, isNumberTerm } from '../text/highlight.js';
import { indexTokens, keywordPhrases, type KeywordPhrase } from '../text/segment.js';

const MAGIC = 'PLKW';
/** 2: fixed-width arrays viewed in place (1: varints, decoded at open). */
const VERSION = 2;
const K1 = 1.2;
const B = 0.75;
/** Bounds are compared with this much room, so rounding in a different order of summation never prunes a row that belongs. */
const SLACK = 1 + 1e-9;
/** `auto` accumulates when the top-k is at least this share of the field's rows (see `KeywordStrategy` and the header). */
const ACCUMULATE_FROM_SHARE = 1 / 500;
/** … or, for a query of at least LONG_QUERY_PHRASES phrases the field holds, this share. */
const ACCUMULATE_LONG_FROM_SHARE = 1 / 1000;
const LONG_QUERY_PHRASES = 12;
/**
 * At most this many clauses are read to count a number term as a whole number (`countNumbersWith`); above it the term
 * is matched by its index tokens. Reading costs ≈ 1 µs a clause (2 shared cores): 增长10%以上's keyword side went
 * 1.0 → 8.2 ms p50 at 100k synthetic clauses (its token 10 in 8,790), and 3 → 200 ms at 1M (in 88,719) before this
 * bound, which leaves it at 1M as it was.
 */
const WHOLE_NUMBER_READS = 10_000;
/** Index tokens whose positions are kept: the only tokens a phrase can hold (see `indexTokens`). */
const POSITIONAL = /^[a-z0-9]+$/;
/** Rowids are stored as their offset in a chunk of this many rowids; each term's postings are grouped by chunk. */
const CHUNK = 65536;
/** A cursor's rowid once it is past its last posting: above every rowid. */
const END = 0xffffffff;
/** Bytes of a field's header in the file. */
const FIELD_HEAD = 48;

/** Chunks of rowids 0 … maxRowid. */
function chunkCount(maxRowid: number): number {
  return Math.floor(maxRowid / CHUNK) + 1;
}

type Counts = Uint8Array | Uint16Array | Uint32Array;
type Width = 1 | 2 | 4;

/** The narrowest width holding `max` (f counts may take one byte; lengths and positions take at least two). */
function widthOf(max: number, narrowest: 1 | 2): Width {
  return max < 256 && narrowest === 1 ? 1 : max < 65536 ? 2 : 4;
}

function countsOf(width: Width, n: number): Counts {
  return width === 1 ? new Uint8Array(n) : width === 2 ? new Uint16Array(n) : new Uint32Array(n);
}

/** Typed arrays are read and written in the platform's byte order, which the file fixes as little-endian. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export type KeywordField = 'text' | 'headings';
const FIELDS: readonly KeywordField[] = ['text', 'headings'];

/** Occurrences of a folded number term in a row's clause, as a whole number (see `KeywordIndex.countNumbersWith`). */
export type NumberCount = (rowid: number, folded: string) => number;

export interface KeywordHit {
  rowid: number;
  score: number;
}

/** What one search did, for tests and the bench. */
export interface KeywordStats {
  /** Rows whose score was computed in full (MaxScore: the rest were dropped by their bounds; accumulating: every row that holds a phrase). */
  scored: number;
  /** Postings of the query's phrases, summed. */
  postings: number;
  /** How the top-k was found (`auto` picks per query). */
  strategy?: 'maxscore' | 'accumulate';
}

/**
 * How a top-k is found; both give the same rows with the same scores (test/index/postings.test.ts checks each
 * against FTS5). `maxscore` walks the rarer phrases' rows and probes the rest; `accumulate` adds every posting into
 * a per-row accumulator, phrase by phrase in query order, and keeps the best k. `auto` accumulates when the top-k is
 * a large share of the rows (≥ 1/500; ≥ 1/1000 for a query of ≥ 12 phrases), where MaxScore's threshold rises too
 * slowly to prune and, for a long query, each row costs a pass over every cursor; otherwise MaxScore, whose cost
 * grows more slowly with the corpus than the accumulator's (every matching posting).
 */
export type KeywordStrategy = 'auto' | 'maxscore' | 'accumulate';

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
    const { low, tfs, positions } = field;
    terms.forEach((term, t) => {
      const acc: TermAcc = { term, docs: [], tfs: [], positions: field.positionStart[t]! >= 0 || POSITIONAL.test(term) ? [] : null };
      let k = field.positionStart[t]!;
      // Through `postings`, which checks the term's rowids: a damaged index is refused, not copied into the next.
      const { chunks } = field.postings(t);
      for (let c = 0; c + 1 < chunks.length; c++) {
        const base = c * CHUNK;
        for (let i = chunks[c]!, end = chunks[c + 1]!; i < end; i++) {
          const rowid = base + low[i]!;
          const tf = tfs[i]!;
          const keep = !removed.has(rowid);
          if (keep) {
            acc.docs.push(rowid);
            acc.tfs.push(tf);
          }
          if (k >= 0) {
            if (keep) for (let j = 0; j < tf; j++) acc.positions!.push(positions[k + j]!);
            k += tf;
          }
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
    if (!LITTLE_ENDIAN) throw new Error('keyword index: postings.bin is little-endian and this platform is not');
    const parts: Uint8Array[] = [];
    /** Appends a section, padded to 4 bytes so that the next one can be viewed as 32-bit values in place. */
    const push = (bytes: Uint8Array) => {
      parts.push(bytes);
      if (bytes.length % 4) parts.push(new Uint8Array(4 - (bytes.length % 4)));
    };
    const bytesOf = (a: Counts | Int32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const head = Buffer.alloc(12);
    head.write(MAGIC, 0, 'latin1');
    head.writeUInt32LE(VERSION, 4);
    head.writeUInt32LE(FIELDS.length, 8);
    push(head);
    for (const name of FIELDS) {
      const f = this.fields.get(name)!;
      const terms = f.terms;
      const chunks = chunkCount(f.maxRowid);
      let postings = 0;
      let positionCount = 0;
      let maxTf = 0;
      let maxLength = 0;
      let maxPosition = 0;
      for (let r = 1; r <= f.maxRowid; r++) maxLength = Math.max(maxLength, f.lengths[r] ?? 0);
      for (const acc of terms) {
        postings += acc.docs.length;
        for (const tf of acc.tfs) if (tf > maxTf) maxTf = tf;
        if (acc.positions) {
          positionCount += acc.positions.length;
          for (const at of acc.positions) if (at > maxPosition) maxPosition = at;
        }
      }
      const lengths = countsOf(widthOf(maxLength, 2), f.maxRowid + 1);
      for (let r = 1; r <= f.maxRowid; r++) lengths[r] = f.lengths[r] ?? 0;
      const chunkStart = new Uint32Array(terms.length * chunks + 1);
      const positionStart = new Int32Array(terms.length);
      const low = new Uint16Array(postings);
      const tfs = countsOf(widthOf(maxTf, 1), postings);
      const positions = countsOf(widthOf(maxPosition, 2), positionCount);
      let i = 0;
      let k = 0;
      terms.forEach((acc, t) => {
        let c = 0;
        for (let j = 0; j < acc.docs.length; j++, i++) {
          const rowid = acc.docs[j]!;
          const chunk = Math.floor(rowid / CHUNK);
          while (c <= chunk) chunkStart[t * chunks + c++] = i;
          low[i] = rowid - chunk * CHUNK;
          tfs[i] = acc.tfs[j]!;
        }
        while (c < chunks) chunkStart[t * chunks + c++] = i;
        positionStart[t] = acc.positions ? k : -1;
        if (acc.positions) {
          positions.set(acc.positions, k);
          k += acc.positions.length;
        }
      });
      chunkStart[terms.length * chunks] = i;
      const termBytes = Buffer.from(terms.map((acc) => acc.term).join('\n'), 'utf8');
      const fieldHead = Buffer.alloc(FIELD_HEAD);
      fieldHead.writeUInt32LE(f.rows, 0);
      fieldHead.writeDoubleLE(f.totalTokens, 4);
      fieldHead.writeUInt32LE(f.maxRowid, 12);
      fieldHead.writeUInt32LE(terms.length, 16);
      fieldHead.writeUInt32LE(postings, 20);
      fieldHead.writeUInt32LE(positionCount, 24);
      fieldHead.writeUInt32LE(maxTf, 28);
      fieldHead.writeUInt32LE(maxLength, 32);
      fieldHead.writeUInt32LE(maxPosition, 36);
      fieldHead.writeUInt32LE(termBytes.length, 40);
      push(fieldHead);
      push(termBytes);
      for (const a of [lengths, chunkStart, positionStart, low, tfs, positions]) push(bytesOf(a));
    }
    const fd = openSync(path, 'wx');
    try {
      for (const p of parts) for (let done = 0; done < p.length; ) done += writeSync(fd, p, done, p.length - done);
    } finally {
      closeSync(fd);
    }
  }
}

// ---------- reading ----------

/** One field of the index in memory: views onto the file's bytes (see `File`). */
class Field {
  /** Per term, its best f·(k1+1)/(f + k1·(…)) over its postings (NaN until a query needs it). */
  private readonly maxNorm: Float64Array;
  /** Per term, 1 once its rowids are checked: on first use rather than at open (see `KeywordIndex.read`). */
  private readonly checked: Uint8Array;
  /** Chunks of 65,536 rowids the field's rowids fall in. */
  readonly chunks: number;

  constructor(
    /** N: the field's rows. */
    readonly rows: number,
    /** The highest rowid the field has seen (rows may end before it). */
    readonly maxRowid: number,
    /** The terms by id. */
    readonly terms: readonly string[],
    readonly avgdl: number,
    /** Token count per rowid (index 0 unused), 0 … maxRowid. */
    readonly lengths: Uint16Array | Uint32Array,
    readonly dictionary: Map<string, number>,
    /**
     * Term t's postings in chunk c (rowids c·65,536 …) are [chunkStart[t·chunks + c], chunkStart[t·chunks + c + 1])
     * of `low` (rowid − c·65,536, increasing) and `tfs`; all of the term's are [chunkStart[t·chunks],
     * chunkStart[(t + 1)·chunks]).
     */
    readonly chunkStart: Uint32Array,
    readonly low: Uint16Array,
    readonly tfs: Counts,
    /** First position of term t's postings in `positions`, −1 when its positions are not kept. */
    readonly positionStart: Int32Array,
    readonly positions: Uint16Array | Uint32Array,
    /** The INDEX_CORRUPT error for a term whose rowids fail their check. */
    private readonly corrupt: (why: string) => Error,
  ) {
    this.chunks = chunkCount(maxRowid);
    this.maxNorm = new Float64Array(terms.length).fill(NaN);
    this.checked = new Uint8Array(terms.length);
  }

  /** f·(k1+1) / (f + k1·(1 − b + b·D/avgdl)), written as fts5_aux.c writes it (so the doubles are the same). */
  norm(f: number, rowid: number): number {
    return (f * (K1 + 1.0)) / (f + K1 * (1 - B + (B * this.lengths[rowid]!) / this.avgdl));
  }

  /** The best norm over a phrase's postings (kept per term: a term's postings do not change). */
  bestNorm(p: PhrasePostings): number {
    let m = p.term >= 0 ? this.maxNorm[p.term]! : NaN;
    if (Number.isNaN(m)) {
      m = 0;
      for (let c = 0; c + 1 < p.chunks.length; c++) {
        const base = c * CHUNK;
        for (let i = p.chunks[c]!, end = p.chunks[c + 1]!; i < end; i++) m = Math.max(m, this.norm(p.tfs[i]!, base + p.low[i]!));
      }
      if (p.term >= 0) this.maxNorm[p.term] = m;
    }
    return m;
  }

  private accumulator: { scores: Float64Array; touched: Uint32Array } | null = null;

  /**
   * A score per rowid, all 0, and room for every rowid: `accumulate`'s scratch, made on first use and kept (12 bytes
   * per rowid; it leaves the scores at 0). Searches run one at a time on the event loop, so one is enough.
   */
  scratch(): { scores: Float64Array; touched: Uint32Array } {
    return (this.accumulator ??= { scores: new Float64Array(this.maxRowid + 1), touched: new Uint32Array(this.maxRowid + 1) });
  }

  /** Term t's postings; INDEX_CORRUPT when its rowids are not increasing within 1 … max rowid. */
  postings(t: number): PhrasePostings {
    const c = this.chunks;
    const chunks = this.chunkStart.subarray(t * c, (t + 1) * c + 1);
    if (!this.checked[t]) {
      const bad = checkRowids(this.low, chunks, this.maxRowid);
      if (bad) throw this.corrupt(`term ${JSON.stringify(this.terms[t])}: ${bad}`);
      this.checked[t] = 1;
    }
    return { low: this.low, tfs: this.tfs, chunks, term: t };
  }

  /** A phrase's postings: for one token, a view of its own; for several, the rows where they stand in order. */
  phrase(tokens: readonly string[]): PhrasePostings | null {
    const ids: number[] = [];
    for (const t of tokens) {
      const id = this.dictionary.get(t);
      if (id === undefined) return null;
      ids.push(id);
    }
    if (ids.length === 1) return this.postings(ids[0]!);
    // Pieces of a phrase are always positional (see indexTokens); a token without positions cannot be in one.
    if (ids.some((t) => this.positionStart[t]! < 0)) return null;
    return this.intersect(ids);
  }

  /** Rows where the terms `ids` stand at consecutive positions, and how often (each start counts, as in FTS5). */
  private intersect(ids: number[]): PhrasePostings {
    const k = ids.length;
    const cursors = ids.map((t) => new Cursor(this.postings(t)));
    // Index in `positions` of the first position of each term's current posting.
    const pos = ids.map((t) => this.positionStart[t]!);
    const docs: number[] = [];
    const tfs: number[] = [];
    const next = (j: number) => {
      const c = cursors[j]!;
      pos[j]! += this.tfs[c.at]!;
      c.next();
    };
    outer: for (;;) {
      let target = 0;
      for (let j = 0; j < k; j++) {
        if (cursors[j]!.doc === END) break outer;
        target = Math.max(target, cursors[j]!.doc);
      }
      let aligned = true;
      for (let j = 0; j < k; j++) {
        while (cursors[j]!.doc < target) next(j);
        if (cursors[j]!.doc === END) break outer;
        if (cursors[j]!.doc !== target) aligned = false;
      }
      if (!aligned) continue;
      let n = 0;
      for (let i = 0, count = this.tfs[cursors[0]!.at]!; i < count; i++) {
        const start = this.positions[pos[0]! + i]!;
        let all = true;
        for (let j = 1; j < k && all; j++) {
          all = false;
          for (let q = pos[j]!, last = pos[j]! + this.tfs[cursors[j]!.at]!; q < last; q++) {
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
    return this.fromRows(docs, tfs);
  }

  /**
   * A number term's postings as whole numbers: the rows of `p` where `count` (its occurrences as a whole number, see
   * `KeywordIndex.countNumbersWith`) is above 0, with that count as f.
   */
  wholeNumbers(p: PhrasePostings, count: (rowid: number) => number): PhrasePostings {
    const docs: number[] = [];
    const tfs: number[] = [];
    for (let c = 0; c + 1 < p.chunks.length; c++) {
      const base = c * CHUNK;
      for (let i = p.chunks[c]!, end = p.chunks[c + 1]!; i < end; i++) {
        const rowid = base + p.low[i]!;
        // Never more than the token's own count: a whole number is one of the token's occurrences (and f keeps its width).
        const n = Math.min(count(rowid), p.tfs[i]!);
        if (n > 0) {
          docs.push(rowid);
          tfs.push(n);
        }
      }
    }
    return this.fromRows(docs, tfs);
  }

  /** Postings from rowids (increasing) and their f. */
  private fromRows(docs: readonly number[], tfs: readonly number[]): PhrasePostings {
    // In the terms' own layout (and f width: a phrase occurs no more often than its first token), for one cursor type.
    const low = new Uint16Array(docs.length);
    const counts = countsOf(this.tfs.BYTES_PER_ELEMENT as Width, docs.length);
    const chunks = new Uint32Array(this.chunks + 1);
    let c = 0;
    docs.forEach((rowid, i) => {
      const chunk = Math.floor(rowid / CHUNK);
      while (c <= chunk) chunks[c++] = i;
      low[i] = rowid - chunk * CHUNK;
      counts[i] = tfs[i]!;
    });
    while (c <= this.chunks) chunks[c++] = docs.length;
    return { low, tfs: counts, chunks, term: -1 };
  }
}

/**
 * A phrase's postings: chunk c's are [chunks[c], chunks[c + 1]) of `low` (rowid − c·65,536) and `tfs`, so they are
 * [chunks[0], chunks[last]); `term` is the term id of a one-token phrase, else −1.
 */
interface PhrasePostings {
  low: Uint16Array;
  tfs: Counts;
  chunks: Uint32Array;
  term: number;
}

function postingCount(p: PhrasePostings): number {
  return p.chunks[p.chunks.length - 1]! - p.chunks[0]!;
}

/** The keyword index of a build, read from `postings.bin`. */
export class KeywordIndex {
  private constructor(
    private readonly fields: Map<KeywordField, Field>,
    private readonly ln: (x: number) => number,
  ) {}

  private numberCount: NumberCount | null = null;

  /**
   * Counts a number term with a sign or separator the index tokens drop (5%, 3.5%, 2+6) only where a clause holds it
   * as a whole number: `count` gives its occurrences in a row's text so read (src/text/highlight.ts `countTerm`).
   * Without it a number matches its index tokens: 5% (the token 5) matched 2.5% (2, 5) and 5年. A bare number (2025)
   * is its token, checked no further (see `phraseOf`).
   * The text field only (headings hold few numbers, and `count` reads the clause's text).
   */
  countNumbersWith(count: NumberCount | null): void {
    this.numberCount = count;
  }

  /** A query phrase's postings in `f`, a number term's as whole numbers on the text field (see `countNumbersWith`). */
  private phraseOf(f: Field, field: KeywordField, phrase: KeywordPhrase): PhrasePostings | null {
    const p = f.phrase(phrase.tokens);
    const count = this.numberCount;
    if (!p || !count || field !== 'text') return p;
    const folded = foldTerm(phrase.term);
    // A term that is its one index token (2025, 300, 5g) is checked no further: its token is a whole number except in
    // a decimal (2025.5), and a year's token is in most clauses (reading them all made 到2025年 专精特新企业 1000家 6×
    // slower at 100k). A sign or a separator the tokens drop (5%, 3.5, 2+6) is what made 5% match 2.5% and 5年.
    if (!isNumberTerm(folded) || (phrase.tokens.length === 1 && phrase.tokens[0] === folded)) return p;
    // Reading a clause per posting is bounded: a number whose token more clauses hold is matched by its token.
    if (postingCount(p) > WHOLE_NUMBER_READS) return p;
    return f.wholeNumbers(p, (rowid) => count(rowid, folded));
  }

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
    const [phrase] = keywordPhrases([term]);
    if (!phrase) return 0;
    const p = this.phraseOf(this.fields.get('text')!, 'text', phrase);
    return p ? postingCount(p) : 0;
  }

  /**
   * The top `limit` rows of `field` by BM25 for the OR of `terms`, best first (equal scores: lower rowid first).
   * `strategy` picks how (see `KeywordStrategy`); every strategy returns the same rows and the same doubles.
   */
  search(field: KeywordField, terms: readonly string[], limit: number, stats?: KeywordStats, strategy: KeywordStrategy = 'auto'): KeywordHit[] {
    const f = this.fields.get(field)!;
    const phrases = keywordPhrases(terms);
    if (stats) {
      stats.scored = 0;
      stats.postings = 0;
    }
    if (!phrases.length || limit < 1 || f.rows === 0) return [];
    const cursors = this.cursors(f, field, phrases, stats);
    if (!cursors.length) return [];
    const k = Math.min(limit, f.rows);
    const share = k / f.rows;
    const accumulating = strategy === 'accumulate' ||
      (strategy === 'auto' && (share >= ACCUMULATE_FROM_SHARE || (cursors.length >= LONG_QUERY_PHRASES && share >= ACCUMULATE_LONG_FROM_SHARE)));
    if (stats) stats.strategy = accumulating ? 'accumulate' : 'maxscore';
    return accumulating ? accumulate(f, cursors, k, stats) : maxScore(f, cursors, phrases.length, k, stats);
  }

  /**
   * The best `limit` rows of each group by BM25 for the OR of `terms`, in one pass over their postings: `groupOf(rowid)`
   * names a row's group (0 … `groups` − 1), or −1 to leave the row out. Each group's list is what `search` would give
   * over that group's rows alone (the same scores: BM25's statistics stay the whole field's), best first.
   * For a filtered search or a comparison's columns when a word is common elsewhere: the whole field's first 500
   * rows for 项目 were all other places' (北京's compendium), and 上海's six clauses holding it were never read (the
   * twenty-first session's API audit).
   */
  searchGroups(field: KeywordField, terms: readonly string[], limit: number, groups: number, groupOf: (rowid: number) => number): KeywordHit[][] {
    const f = this.fields.get(field)!;
    const phrases = keywordPhrases(terms);
    const out: KeywordHit[][] = Array.from({ length: groups }, () => []);
    if (!phrases.length || limit < 1 || f.rows === 0 || groups < 1) return out;
    const cursors = this.cursors(f, field, phrases);
    if (!cursors.length) return out;
    return accumulateGroups(f, cursors, Math.min(limit, f.rows), groups, groupOf);
  }

  /** One cursor per phrase of `phrases` the field holds, with its query position and IDF. */
  private cursors(f: Field, field: KeywordField, phrases: readonly KeywordPhrase[], stats?: KeywordStats): Cursor[] {
    // One cursor per phrase the field holds, with its query position (scores add up in query order, as in FTS5).
    const cursors: Cursor[] = [];
    phrases.forEach((phrase, q) => {
      const p = this.phraseOf(f, field, phrase);
      const n = p ? postingCount(p) : 0;
      if (!p || n === 0) return;
      let idf = this.ln((f.rows - n + 0.5) / (n + 0.5));
      if (idf <= 0.0) idf = 1e-6;
      const c = new Cursor(p);
      c.q = q;
      c.idf = idf;
      c.bound = idf * f.bestNorm(p);
      cursors.push(c);
      if (stats) stats.postings += n;
    });
    return cursors;
  }

  /**
   * Reads `postings.bin`; INDEX_CORRUPT when the file is not one or holds other rows than `paragraphs`. `ln` is the
   * natural logarithm idf is computed with: pass the C library's (SQLite's ln(), `StoreReader.ln`), the very
   * function fts5_aux.c calls. V8's Math.log differs from it in the last bit for about 7% of the arguments (4,425 of
   * 61,896 idf arguments at N = 800 … 100,000), and a last bit is enough to reorder two rows whose scores tie.
   *
   * The arrays are views onto the file's bytes, read in one call into a buffer of their own (so every section's
   * offset is a multiple of 4 from the buffer's start); nothing is decoded. Checked here: every section fits the
   * file and the file ends with the last, the chunk table rises from 0 to the posting count, and the positional
   * terms' f add up to their positions. That each term's rowids increase within 1 … max rowid is checked when the
   * term is first used (`Field.postings`, INDEX_CORRUPT then): over every posting it took 11 ms of a 25 ms read at
   * 100k paragraphs, 16–27 ms in a fresh process, where an open reads it once and few terms are queried soon.
   */
  static read(path: string, paragraphs: number, ln: (x: number) => number, slots = paragraphs): KeywordIndex {
    const fix = 'Run `npm run index -- --rebuild`.';
    const corrupt = (why: string) => createError('INDEX_CORRUPT', `${path} is not a keyword index of ${paragraphs} paragraphs (${why}). ${fix}`);
    if (!LITTLE_ENDIAN) throw corrupt('postings.bin is little-endian and this platform is not');
    let buf: Buffer;
    try {
      buf = readWhole(path);
    } catch (e) {
      throw createError('INDEX_CORRUPT', `Cannot read ${path}: ${(e as Error).message}. ${fix}`);
    }
    if (buf.length < 12 || buf.toString('latin1', 0, 4) !== MAGIC) throw corrupt('no PLKW header');
    if (buf.readUInt32LE(4) !== VERSION || buf.readUInt32LE(8) !== FIELDS.length) throw corrupt('another version');
    let offset = 12;
    /** The next section's offset; the one after it starts at the next multiple of 4. */
    const take = (bytes: number) => {
      const at = offset;
      offset += Math.ceil(bytes / 4) * 4;
      if (offset > buf.length) throw corrupt('truncated');
      return at;
    };
    const u16 = (n: number) => new Uint16Array(buf.buffer, buf.byteOffset + take(n * 2), n);
    const u32 = (n: number) => new Uint32Array(buf.buffer, buf.byteOffset + take(n * 4), n);
    const counts = (width: Width, n: number): Counts =>
      width === 1 ? new Uint8Array(buf.buffer, buf.byteOffset + take(n), n) : width === 2 ? u16(n) : u32(n);
    const fields = new Map<KeywordField, Field>();
    for (const name of FIELDS) {
      if (offset + FIELD_HEAD > buf.length) throw corrupt('truncated');
      const rows = buf.readUInt32LE(offset);
      const totalTokens = buf.readDoubleLE(offset + 4);
      const maxRowid = buf.readUInt32LE(offset + 12);
      const termCount = buf.readUInt32LE(offset + 16);
      const postings = buf.readUInt32LE(offset + 20);
      const positionCount = buf.readUInt32LE(offset + 24);
      const maxTf = buf.readUInt32LE(offset + 28);
      const maxLength = buf.readUInt32LE(offset + 32);
      const maxPosition = buf.readUInt32LE(offset + 36);
      const termBytes = buf.readUInt32LE(offset + 40);
      offset += FIELD_HEAD;
      if (maxRowid > slots || rows > maxRowid || (name === 'text' && rows !== paragraphs)) throw corrupt(`${name}: ${rows} rows up to rowid ${maxRowid}`);
      const termAt = take(termBytes);
      const terms = termCount ? buf.toString('utf8', termAt, termAt + termBytes).split('\n') : [];
      if (terms.length !== termCount) throw corrupt(`${name}: ${terms.length} terms, header says ${termCount}`);
      const chunks = chunkCount(maxRowid);
      const lengths = counts(widthOf(maxLength, 2), maxRowid + 1) as Uint16Array | Uint32Array;
      const chunkStart = u32(termCount * chunks + 1);
      const positionStart = new Int32Array(buf.buffer, buf.byteOffset + take(termCount * 4), termCount);
      const low = u16(postings);
      const tfs = counts(widthOf(maxTf, 1), postings);
      const positions = counts(widthOf(maxPosition, 2), positionCount) as Uint16Array | Uint32Array;
      const bad = checkTable(chunks, chunkStart, low.length, tfs, positionStart, positionCount);
      if (bad) throw corrupt(`${name}: ${bad}`);
      const dictionary = new Map<string, number>();
      terms.forEach((t, i) => dictionary.set(t, i));
      const avgdl = rows ? totalTokens / rows : 0;
      fields.set(name, new Field(rows, maxRowid, terms, avgdl, lengths, dictionary, chunkStart, low, tfs, positionStart, positions, (why) => corrupt(`${name}: ${why}`)));
    }
    if (offset !== buf.length) throw corrupt('trailing bytes');
    return new KeywordIndex(fields, ln);
  }
}

/** The whole file in a buffer of its own: the file's byte 0 is its ArrayBuffer's (not inside one of Node's pooled slabs). */
function readWhole(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.allocUnsafeSlow(size);
    if (buf.byteOffset % 8 !== 0) throw new Error('unaligned buffer');
    let done = 0;
    while (done < size) {
      const n = readSync(fd, buf, done, size - done, done);
      if (n === 0) throw new Error(`${size - done} bytes short`);
      done += n;
    }
    return buf;
  } finally {
    closeSync(fd);
  }
}

/** What is wrong with a field's chunk table and position starts (see `KeywordIndex.read`), or null. */
function checkTable(chunks: number, chunkStart: Uint32Array, postings: number, tfs: Counts, positionStart: Int32Array, positionCount: number): string | null {
  const segments = chunkStart.length - 1;
  if (chunkStart[0] !== 0 || chunkStart[segments] !== postings) return 'the chunk table does not add up';
  for (let s = 0; s < segments; s++) if (chunkStart[s + 1]! < chunkStart[s]!) return 'the chunk table decreases';
  let k = 0;
  for (let t = 0; t < positionStart.length; t++) {
    const start = positionStart[t]!;
    if (start < 0) {
      if (start !== -1) return 'bad position start';
      continue;
    }
    if (start !== k) return 'positions do not add up';
    for (let i = chunkStart[t * chunks]!, end = chunkStart[(t + 1) * chunks]!; i < end; i++) k += tfs[i]!;
  }
  return k === positionCount ? null : 'positions do not add up';
}

/** What is wrong with one term's rowids (`chunks`: its slice of the chunk table), or null. */
function checkRowids(low: Uint16Array, chunks: Uint32Array, maxRowid: number): string | null {
  for (let c = 0; c + 1 < chunks.length; c++) {
    const from = chunks[c]!;
    const to = chunks[c + 1]!;
    if (from === to) continue;
    let prev = low[from]!;
    if (prev === 0 && c === 0) return 'rowid 0';
    for (let i = from + 1; i < to; i++) {
      const v = low[i]!;
      if (v <= prev) return 'rowids out of order';
      prev = v;
    }
    if (c * CHUNK + prev > maxRowid) return `rowid ${c * CHUNK + prev} beyond ${maxRowid}`;
  }
  return null;
}

// ---------- top-k ----------

/**
 * A walk over a phrase's postings in rowid order: `doc` is the rowid of posting `at` (END past the last). Advancing
 * within a chunk adds the chunk's base to a 16-bit offset; `seek` jumps to the target's chunk through the chunk table,
 * then gallops within it.
 */
class Cursor {
  /** The phrase's position in the query. */
  q = 0;
  idf = 0;
  /** idf × the best normalised frequency over the phrase's postings: no row gets more from it. */
  bound = 0;
  readonly low: Uint16Array;
  readonly tfs: Counts;
  private readonly chunks: Uint32Array;
  at: number;
  doc = END;
  private chunk = 0;
  private base = 0;
  private chunkEnd = 0;

  constructor(readonly postings: PhrasePostings) {
    const p = postings;
    this.low = p.low;
    this.tfs = p.tfs;
    this.chunks = p.chunks;
    this.at = p.chunks[0]!;
    this.locate();
  }

  next(): void {
    const at = ++this.at;
    if (at < this.chunkEnd) this.doc = this.base + this.low[at]!;
    else this.locate();
  }

  /** Moves to the first posting whose rowid is ≥ target (never back). */
  seek(target: number): void {
    if (this.doc >= target) return;
    const chunk = Math.floor(target / CHUNK);
    if (chunk > this.chunk) {
      this.at = this.chunks[Math.min(chunk, this.chunks.length - 1)]!;
      this.locate();
      if (this.doc >= target) return;
    }
    this.at = gallop(this.low, this.at, this.chunkEnd, target - this.base);
    if (this.at < this.chunkEnd) this.doc = this.base + this.low[this.at]!;
    else this.locate();
  }

  /** Sets the chunk (and doc) of posting `at`: the first chunk from the current one that ends after it. */
  private locate(): void {
    const chunks = this.chunks;
    const last = chunks.length - 1;
    let c = this.chunk;
    while (c < last && chunks[c + 1]! <= this.at) c++;
    this.chunk = c;
    if (c === last) {
      this.chunkEnd = chunks[last]!;
      this.doc = END;
      return;
    }
    this.base = c * CHUNK;
    this.chunkEnd = chunks[c + 1]!;
    this.doc = this.base + this.low[this.at]!;
  }
}

/** First index in [from, end) whose value is ≥ target (galloping, then binary search). */
function gallop(values: Uint16Array, from: number, end: number, target: number): number {
  if (from >= end || values[from]! >= target) return from;
  let lo = from;
  let step = 1;
  while (lo + step < end && values[lo + step]! < target) {
    lo += step;
    step *= 2;
  }
  let hi = Math.min(lo + step, end);
  lo += 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < target) lo = mid + 1;
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
    let row = END;
    for (let i = essential; i < m; i++) {
      const doc = cursors[i]!.doc;
      if (doc < row) row = doc;
    }
    if (row === END) break;
    const denominator = K1 * (1 - B + (B * lengths[row]!) / avgdl);
    let partial = 0;
    for (let i = essential; i < m; i++) {
      const c = cursors[i]!;
      if (c.doc === row) {
        const tf = c.tfs[c.at]!;
        const s = c.idf * ((tf * (K1 + 1.0)) / (tf + denominator));
        contribution[c.q] = s;
        partial += s;
        c.next();
      }
    }
    let complete = true;
    for (let i = essential - 1; i >= 0; i--) {
      if ((partial + upTo[i]!) * SLACK <= threshold) {
        complete = false;
        break;
      }
      const c = cursors[i]!;
      c.seek(row);
      if (c.doc === row) {
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

/**
 * The top k by adding every posting's contribution into a per-row accumulator (term-at-a-time), phrase by phrase in
 * query order: each row's sum is made in the order FTS5 and `maxScore` add it (a missing phrase adds nothing), so
 * the doubles are the same. Then the best k of the rows touched, by a heap with `maxScore`'s order.
 */
function accumulate(f: Field, cursors: Cursor[], k: number, stats?: KeywordStats): KeywordHit[] {
  return accumulateGroups(f, cursors, k, 1, () => 0, stats)[0]!;
}

/** `accumulate` with a heap per group (`groupOf` −1: the row is left out). */
function accumulateGroups(f: Field, cursors: Cursor[], k: number, groups: number, groupOf: (rowid: number) => number, stats?: KeywordStats): KeywordHit[][] {
  const { scores, touched } = f.scratch();
  const lengths = f.lengths;
  const avgdl = f.avgdl;
  let n = 0;
  for (const c of [...cursors].sort((a, b) => a.q - b.q)) {
    const { low, tfs, chunks } = c.postings;
    const idf = c.idf;
    for (let chunk = 0; chunk + 1 < chunks.length; chunk++) {
      const base = chunk * CHUNK;
      for (let i = chunks[chunk]!, end = chunks[chunk + 1]!; i < end; i++) {
        const row = base + low[i]!;
        const tf = tfs[i]!;
        const denominator = K1 * (1 - B + (B * lengths[row]!) / avgdl);
        const before = scores[row]!;
        // Every contribution is > 0 (idf ≥ 1e-6, f ≥ 1): a row at 0 has not been touched yet.
        if (before === 0) touched[n++] = row;
        scores[row] = before + idf * ((tf * (K1 + 1.0)) / (tf + denominator));
      }
    }
  }
  const heaps = Array.from({ length: groups }, () => ({ score: new Float64Array(k), row: new Uint32Array(k), size: 0 }));
  for (let j = 0; j < n; j++) {
    const row = touched[j]!;
    const score = scores[row]!;
    scores[row] = 0;
    const g = groupOf(row);
    if (g < 0) continue;
    const heap = heaps[g]!;
    if (heap.size < k) {
      heap.score[heap.size] = score;
      heap.row[heap.size] = row;
      siftUp(heap.score, heap.row, heap.size++);
    } else if (score > heap.score[0]! || (score === heap.score[0] && row < heap.row[0]!)) {
      heap.score[0] = score;
      heap.row[0] = row;
      siftDown(heap.score, heap.row, 0, heap.size);
    }
  }
  if (stats) stats.scored = n;
  return heaps.map((heap) => {
    const out: KeywordHit[] = [];
    for (let i = 0; i < heap.size; i++) out.push({ rowid: heap.row[i]!, score: heap.score[i]! });
    return out.sort((a, b) => b.score - a.score || a.rowid - b.rowid);
  });
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

