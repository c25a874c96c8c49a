/**
 * The keyword index against SQLite FTS5, which it replaced: the same rows, stored as FTS5 stored them (search tokens
 * joined by spaces, unicode61), must give the same top-k in the same order with the same BM25 scores — whatever the
 * limit, with common words that MaxScore only probes, phrases of several tokens, absent and empty terms, and ties.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { KeywordIndex, KeywordIndexWriter, type KeywordField, type KeywordHit, type KeywordStats } from '../../src/index/postings.js';
import { createRng } from '../../scripts/bench/synthetic.js';
import { ftsMatch } from '../helpers/fts-match.js';
import { countTerm, foldTerm } from '../../src/text/highlight.js';
import { searchTokens } from '../../src/text/segment.js';

const dir = mkdtempSync(join(tmpdir(), 'pl-postings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One corpus indexed both ways: rows of search tokens per field (a missing rowid is no row of that field). */
class Pair {
  readonly db = new Database(':memory:');
  readonly index: KeywordIndex;

  constructor(readonly rows: Record<KeywordField, Map<number, string[]>>, readonly paragraphs: number, name: string, slots = paragraphs) {
    const writer = new KeywordIndexWriter();
    for (const field of ['text', 'headings'] as const) {
      this.db.exec(`CREATE VIRTUAL TABLE ${field} USING fts5 (tokens, tokenize = 'unicode61 remove_diacritics 0')`);
      const insert = this.db.prepare(`INSERT INTO ${field} (rowid, tokens) VALUES (?, ?)`);
      for (const [rowid, tokens] of [...rows[field]].sort((a, b) => a[0] - b[0])) {
        insert.run(rowid, tokens.join(' '));
        writer.add(field, rowid, tokens);
      }
    }
    const path = join(dir, `${name}.bin`);
    writer.write(path);
    const ln = this.db.prepare('SELECT ln(?)').pluck();
    this.index = KeywordIndex.read(path, paragraphs, (x) => ln.get(x) as number, slots);
  }

  fts(field: KeywordField, terms: readonly string[], limit: number): KeywordHit[] {
    const match = ftsMatch(terms);
    if (!match) return [];
    return (this.db.prepare(`SELECT rowid, bm25(${field}) AS score FROM ${field} WHERE ${field} MATCH ? ORDER BY score LIMIT ?`).all(match, limit) as KeywordHit[])
      .map((r) => ({ rowid: r.rowid, score: -r.score }));
  }

  ftsCount(terms: readonly string[]): number {
    const match = ftsMatch(terms);
    return match ? (this.db.prepare(`SELECT count(*) AS n FROM text WHERE text MATCH ?`).get(match) as { n: number }).n : 0;
  }

  /**
   * Asserts both give the same rows in the same order with the same scores, whichever way the top-k is found (MaxScore,
   * accumulating, or the one `auto` picks); returns the `auto` search's stats.
   */
  same(field: KeywordField, terms: readonly string[], limit: number): KeywordStats {
    const theirs = this.fts(field, terms, limit);
    let auto: KeywordStats | null = null;
    for (const strategy of ['auto', 'maxscore', 'accumulate'] as const) {
      const stats: KeywordStats = { scored: 0, postings: 0 };
      const ours = this.index.search(field, terms, limit, stats, strategy);
      const context = `${field} ${JSON.stringify(terms)} limit ${limit} (${strategy})`;
      expect(ours.map((h) => h.rowid), context).toEqual(theirs.map((h) => h.rowid));
      // The same doubles: idf from the same C log(), the sum in the same order.
      expect(ours.map((h) => h.score), context).toEqual(theirs.map((h) => h.score));
      auto ??= stats;
    }
    return auto!;
  }
}

/** A seeded PRNG: the corpus is the same on every run. */
const rng = createRng;

const COMMON = ['企业', '发展', '支持']; // in most rows: idf clamped to 1e-6
const MEDIUM = ['制造', '工业', '服务', '创新', '资金', '项目', '人才', '园区'];
const RARE = ['专精特新', '小巨人', '首台套', '亩均税收', '揭榜挂帅', '工业设计', '瞪羚'];
const NUMBERS = ['3.5%', '2+6', '3', '5', '2023', '1.5', '3-5', '6', 'c++', 'at&t', '5g'];

/**
 * A synthetic corpus with the shape of policy text: a few words in most rows, a long tail, numbers, repeats. Row i
 * has rowid `rowidOf(i)` (increasing; gaps are what an incremental build leaves).
 */
function corpus(seed: number, n: number, rowidOf = (i: number) => i): Pair {
  const r = rng(seed);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const text = new Map<number, string[]>();
  const headings = new Map<number, string[]>();
  const sections = Array.from({ length: 12 }, () => Array.from({ length: 1 + Math.floor(r() * 4) }, () => pick([...MEDIUM, ...RARE, ...COMMON])));
  for (let i = 1; i <= n; i++) {
    const rowid = rowidOf(i);
    const tokens: string[] = [];
    if (i % 97 !== 0) {
      // Every 97th row holds no token at all: it still counts in N, as an empty FTS5 row did.
      for (const w of COMMON) if (r() < 0.7) tokens.push(w);
      const length = 2 + Math.floor(r() * 30);
      for (let i = 0; i < length; i++) {
        const x = r();
        tokens.push(x < 0.55 ? pick(MEDIUM) : x < 0.62 ? pick(RARE) : x < 0.75 ? pick(NUMBERS) : `w${Math.floor(r() * r() * 400)}`);
      }
      if (r() < 0.1) tokens.push(...tokens.slice(0, 3)); // repeated words: f > 1
    }
    text.set(rowid, tokens);
    // Clauses of one section share their headings (identical rows: ties); some clauses have none.
    if (r() < 0.85) headings.set(rowid, sections[Math.floor(i / 9) % sections.length]!);
  }
  return new Pair({ text, headings }, n, `c${seed}-${n}`, rowidOf(n));
}

describe('the keyword index against SQLite FTS5 bm25()', () => {
  const pair = corpus(1, 3000);

  it('ranks like FTS5 at every limit, with common words pruned rather than scored', () => {
    for (const limit of [1, 3, 10, 100, 500, 3000]) {
      pair.same('text', ['专精特新', '企业', '发展'], limit);
      pair.same('text', ['制造', '工业', '服务', '小巨人'], limit);
      pair.same('text', ['企业'], limit);
    }
    // A rare word with two common ones: MaxScore walks the rare word's rows and only probes the others.
    const stats: KeywordStats = { scored: 0, postings: 0 };
    pair.index.search('text', ['小巨人', '企业', '发展', '支持'], 10, stats, 'maxscore');
    const matching = pair.ftsCount(['小巨人', '企业', '发展', '支持']);
    expect(matching).toBeGreaterThan(2500);
    expect(stats.scored).toBeLessThan(matching / 4);
  });

  it('accumulates a top-k that is a large share of the rows (a smaller one for a long query), else uses MaxScore', () => {
    // 3,000 rows: a short query accumulates from top 6 (1/500), one of ≥ 12 phrases from top 3 (1/1000).
    const long = [...MEDIUM, ...RARE.slice(0, 4)];
    expect(pair.same('text', ['专精特新', '企业', '发展'], 5).strategy).toBe('maxscore');
    expect(pair.same('text', ['专精特新', '企业', '发展'], 6).strategy).toBe('accumulate');
    expect(pair.same('text', ['专精特新', '企业', '发展'], 500).strategy).toBe('accumulate');
    expect(pair.same('text', long, 2).strategy).toBe('maxscore');
    expect(pair.same('text', long, 3).strategy).toBe('accumulate');
    expect(pair.same('text', long.slice(0, 11), 3).strategy).toBe('maxscore');
    // Accumulating scores every matching row; the scratch it leaves is clean (the next search is not skewed by it).
    const stats = pair.same('text', ['小巨人', '企业', '发展', '支持'], 500);
    expect(stats.scored).toBe(pair.ftsCount(['小巨人', '企业', '发展', '支持']));
    pair.same('text', ['小巨人'], 500);
  });

  it('scores a term of several index tokens as FTS5 scored its phrase', () => {
    for (const terms of [['3.5%'], ['3.5'], ['5.3'], ['2+6', '专精特新'], ['6+2'], ['3-5', '3', '5'], ['c++', 'at&t'], ['at t'], ['t at'], ['1.5', '2023']]) {
      for (const limit of [5, 200]) pair.same('text', terms, limit);
    }
    expect(pair.index.documentFrequency('3.5%')).toBe(pair.ftsCount(['3.5%']));
    expect(pair.index.documentFrequency('5.3')).toBe(pair.ftsCount(['5.3']));
    expect(pair.index.documentFrequency('3.5%')).toBeGreaterThan(0);
  });

  it('counts a repeated token in a phrase at each start, as FTS5 does', () => {
    const p = new Pair({ text: new Map([[1, ['1', '1', '1']], [2, ['1', '2', '1']], [3, ['1+1', '1']], [4, ['x']]]), headings: new Map() }, 4, 'repeat');
    for (const terms of [['1+1'], ['1.1.1'], ['1+1', 'x'], ['1', '2']]) p.same('text', terms, 10);
    expect(p.index.documentFrequency('1+1')).toBe(p.ftsCount(['1+1']));
  });

  it('ignores absent, empty and punctuation-only terms, and counts a term repeated in another case twice', () => {
    expect(pair.index.keyword([], 10)).toEqual([]);
    expect(pair.index.keyword(['“”', '', '()'], 10)).toEqual([]);
    expect(pair.index.keyword(['不存在的词'], 10)).toEqual([]);
    expect(pair.index.keyword(['专精特新'], 0)).toEqual([]);
    pair.same('text', ['不存在的词', '专精特新', '9.9'], 20);
    pair.same('text', ['C++', 'c++', '5G', '5g'], 20);
    pair.same('text', ['say "hi"', '专精特新'], 20);
  });

  it('ranks the heading field over its own rows, ties (clauses under one heading) by rowid', () => {
    for (const limit of [1, 7, 50, 3000]) {
      pair.same('headings', ['专精特新', '企业'], limit);
      pair.same('headings', ['制造', '资金', '人才'], limit);
    }
    const hits = pair.index.headingKeyword(['制造'], 3000);
    expect(hits.some((h, i) => i > 0 && h.score === hits[i - 1]!.score)).toBe(true);
    expect(pair.index.rows('headings')).toBe(pair.rows.headings.size);
    expect(pair.index.rows('text')).toBe(3000);
  });

  it('gives the document frequency of every word as FTS5 counted it', () => {
    for (const w of [...COMMON, ...MEDIUM, ...RARE, ...NUMBERS, 'w1', 'w399', '无此词', '', '“”']) {
      expect(pair.index.documentFrequency(w), w).toBe(pair.ftsCount([w]));
    }
  });

  it('agrees with FTS5 on random queries and limits over several corpora', () => {
    const vocabulary = [...COMMON, ...MEDIUM, ...RARE, ...NUMBERS, 'w0', 'w1', 'w2', 'w17', 'w150', 'w399', '不存在'];
    for (const [seed, p] of [[1, pair], [2, corpus(2, 800)], [3, corpus(3, 2500)], [4, corpus(4, 150)]] as const) {
      const r = rng(seed * 31);
      for (let i = 0; i < 120; i++) {
        const terms = Array.from({ length: 1 + Math.floor(r() * 8) }, () => vocabulary[Math.floor(r() * vocabulary.length)]!);
        const limit = [1, 2, 5, 10, 50, 500][Math.floor(r() * 6)]!;
        p.same(r() < 0.8 ? 'text' : 'headings', terms, limit);
      }
    }
  });
});

describe('the best rows of each group in one pass (searchGroups)', () => {
  // What a filtered search or a comparison's column reads when the whole field's first rows are other places' (项目
  // within 上海: 北京's compendium filled the first 500, twenty-first session's API audit): each group's list must be
  // FTS5's ranking of that group's rows alone, with the field's statistics (the same scores as the unfiltered search).
  const pair = corpus(5, 2000);
  const fts = (field: KeywordField, terms: readonly string[], rows: (rowid: number) => boolean, limit: number): KeywordHit[] =>
    pair.fts(field, terms, 2000).filter((h) => rows(h.rowid)).slice(0, limit);

  it('ranks each group as FTS5 ranks its rows, leaving out rows of no group, whatever the limit', () => {
    // Groups of unequal size: a small one (every 50th row) whose rows a common word's first 500 over all rows miss.
    const groupOf = (rowid: number) => (rowid % 50 === 0 ? 0 : rowid % 7 === 0 ? 1 : rowid % 3 === 0 ? -1 : 2);
    for (const field of ['text', 'headings'] as const) {
      for (const terms of [['企业'], ['项目', '支持'], ['专精特新', '制造', '5g'], ['不存在']]) {
        for (const limit of [1, 10, 100, 2000]) {
          const groups = pair.index.searchGroups(field, terms, limit, 3, groupOf);
          expect(groups).toHaveLength(3);
          groups.forEach((list, g) => {
            const theirs = fts(field, terms, (rowid) => groupOf(rowid) === g, limit);
            const context = `${field} ${JSON.stringify(terms)} limit ${limit} group ${g}`;
            expect(list.map((h) => h.rowid), context).toEqual(theirs.map((h) => h.rowid));
            expect(list.map((h) => h.score), context).toEqual(theirs.map((h) => h.score));
          });
        }
      }
    }
    // The small group's rows are beyond the whole field's first 500 for a common word, and each of them is found.
    const first500 = new Set(pair.index.search('text', ['企业'], 500).map((h) => h.rowid));
    const small = pair.index.searchGroups('text', ['企业'], 100, 3, groupOf)[0]!;
    expect(small.length).toBeGreaterThan(10);
    expect(small.filter((h) => !first500.has(h.rowid)).length).toBeGreaterThan(0);
  });
});

describe('rowids beyond 65,536 (stored as 16-bit offsets in chunks of 65,536 rowids)', () => {
  // 2,400 rows over rowids 1 … 262,443 (chunks 0 … 4): runs across the first two chunk boundaries, gaps, chunk 2
  // nearly empty (its first 150 rowids), chunk 3 empty, then a run at the start of chunk 4.
  const runs = [[1, 400], [65386, 300], [130922, 300], [262144, 300]] as const;
  const rowids = [...new Set([
    ...runs.flatMap(([from, n]) => Array.from({ length: n }, (_, i) => from + i)),
    ...Array.from({ length: 1400 }, (_, i) => 400 + i * 93),
  ])].sort((a, b) => a - b);
  const p = corpus(6, rowids.length, (i) => rowids[i - 1]!);

  it('ranks like FTS5, probing (seek) and walking across chunks', () => {
    expect(rowids.at(-1)).toBe(262443);
    const vocabulary = [...COMMON, ...MEDIUM, ...RARE, ...NUMBERS, 'w0', 'w1', 'w17', 'w150', 'w399'];
    const r = rng(61);
    for (let i = 0; i < 150; i++) {
      const terms = Array.from({ length: 1 + Math.floor(r() * 8) }, () => vocabulary[Math.floor(r() * vocabulary.length)]!);
      p.same(r() < 0.8 ? 'text' : 'headings', terms, [1, 5, 50, 500, 3000][Math.floor(r() * 5)]!);
    }
    for (const w of [...RARE, ...NUMBERS]) expect(p.index.documentFrequency(w), w).toBe(p.ftsCount([w]));
    const hits = p.index.keyword(['小巨人', '企业', '发展', '支持'], 3000);
    expect(hits.some((h) => h.rowid > 262144) && hits.some((h) => h.rowid < 65536)).toBe(true);
  });

  it('copies the rows into a patched index that answers as the original', () => {
    const path = join(dir, 'patched-chunks.bin');
    KeywordIndexWriter.patching(p.index, new Map()).write(path);
    expect(readFileSync(path).equals(readFileSync(join(dir, `c6-${rowids.length}.bin`)))).toBe(true);
  });
});

describe('reading postings.bin', () => {
  const pair = corpus(5, 200);
  const path = join(dir, 'c5-200.bin');

  it('refuses a file of another corpus size, a truncated file and a file that is not one', () => {
    expect(() => KeywordIndex.read(path, 201, Math.log)).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT' }));
    const bytes = readFileSync(path);
    writeFileSync(join(dir, 'short.bin'), bytes.subarray(0, bytes.length - 7));
    expect(() => KeywordIndex.read(join(dir, 'short.bin'), 200, Math.log)).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT' }));
    writeFileSync(join(dir, 'junk.bin'), 'not a keyword index');
    expect(() => KeywordIndex.read(join(dir, 'junk.bin'), 200, Math.log)).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT' }));
    expect(() => KeywordIndex.read(join(dir, 'missing.bin'), 200, Math.log)).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT' }));
    expect(pair.index.keyword(['企业'], 5)).toHaveLength(5);
  });

  it('refuses a file of the earlier varint format, and a term whose rowids are garbled when the term is first used', () => {
    const bytes = readFileSync(path);
    const old = Buffer.from(bytes);
    old.writeUInt32LE(1, 4);
    writeFileSync(join(dir, 'v1.bin'), old);
    expect(() => KeywordIndex.read(join(dir, 'v1.bin'), 200, Math.log)).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT' }));
    // The text field's sections (see File in postings.ts): header, terms, lengths, chunk table, position starts, rowids.
    const pad = (n: number) => Math.ceil(n / 4) * 4;
    const maxRowid = bytes.readUInt32LE(12 + 12);
    const termCount = bytes.readUInt32LE(12 + 16);
    const termBytes = bytes.readUInt32LE(12 + 40);
    const chunkStart = 12 + 48 + pad(termBytes) + pad((maxRowid + 1) * 2);
    const low = chunkStart + pad((termCount + 1) * 4) + termCount * 4;
    expect(bytes.readUInt32LE(chunkStart + 4)).toBeGreaterThan(2); // term 0's postings end (one chunk)
    const garbled = Buffer.from(bytes);
    garbled.writeUInt16LE(garbled.readUInt16LE(low), low + 2); // its second rowid equals its first
    writeFileSync(join(dir, 'garbled.bin'), garbled);
    const index = KeywordIndex.read(join(dir, 'garbled.bin'), 200, Math.log);
    const first = bytes.toString('utf8', 12 + 48, 12 + 48 + termBytes).split('\n')[0]!;
    expect(index.keyword(['不存在的词'], 5)).toEqual([]);
    expect(() => index.keyword([first], 5)).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT' }));
    expect(() => index.documentFrequency(first)).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT' }));
    expect(() => KeywordIndexWriter.patching(index, new Map())).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT' }));
  });

  it('refuses rows out of rowid order at build time', () => {
    const writer = new KeywordIndexWriter();
    writer.add('text', 2, ['a']);
    expect(() => writer.add('text', 2, ['b'])).toThrow(/increasing rowid/);
  });
});

describe('number terms as whole numbers (countNumbersWith)', () => {
  // Clauses as the indexer tokenises them; the count reads their text as the engine does (folded, src/text/highlight.ts).
  const texts = ['研发投入年均增长5%以上。', '研发投入年均增长2.5%。', '5年内建成创新平台。', '增长15%，到2025年达到5%。', '专精特新企业达到100家。'];
  const writer = new KeywordIndexWriter();
  texts.forEach((t, i) => writer.add('text', i + 1, searchTokens(t)));
  const path = join(dir, 'numbers.bin');
  writer.write(path);
  const index = KeywordIndex.read(path, texts.length, Math.log);
  const count = (rowid: number, folded: string) => countTerm(foldTerm(texts[rowid - 1]!), folded);
  const rows = (terms: string[]) => index.keyword(terms, 10).map((h) => h.rowid);

  it('matches a number only where the clause holds it whole, with that count as f and the idf of those rows', () => {
    index.countNumbersWith(null);
    // Its index token alone: 5% is the token 5, found in 2.5% and 5年 too.
    expect(rows(['5%']).sort()).toEqual([1, 2, 3, 4]);
    index.countNumbersWith(count);
    expect(rows(['5%']).sort()).toEqual([1, 4]);
    expect(rows(['2.5%'])).toEqual([2]);
    expect(rows(['2025'])).toEqual([4]);
    expect(rows(['20'])).toEqual([]);
    expect(index.documentFrequency('5%')).toBe(2);
    // Words are untouched, and a number term adds to them as any term does.
    expect(rows(['专精特新'])).toEqual([5]);
    expect(rows(['研发', '5%'])[0]).toBe(1);
    // The same scores as an index whose only rows holding 5 are those two (2.6%, 6年: the same token counts).
    const other = new KeywordIndexWriter();
    texts.map((t) => t.replace('2.5%', '2.6%').replace('5年', '6年')).forEach((t, i) => other.add('text', i + 1, searchTokens(t)));
    other.write(join(dir, 'numbers-other.bin'));
    const plain = KeywordIndex.read(join(dir, 'numbers-other.bin'), texts.length, Math.log);
    expect(index.keyword(['5%', '研发'], 10)).toEqual(plain.keyword(['5%', '研发'], 10));
  });
});
