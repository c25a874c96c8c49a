/**
 * The seed index's keyword index (postings.bin, as buildIndex writes it) against SQLite FTS5 fed the same clauses the
 * way schema 3 stored them: for every query of the labeled sets, its terms, its thesaurus expansion and its heading
 * lookup must rank the same rows in the same order with the same BM25 scores, and every word's document frequency
 * must be FTS5's. This is what keeps keyword, hybrid and eval figures unchanged by the move off FTS5.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { headingSearchTokens, paragraphSearchTokens } from '../../src/index/build.js';
import { openIndex, type LoadedIndex } from '../../src/index/reader.js';
import { expandQuery } from '../../src/search/thesaurus.js';
import { queryTerms } from '../../src/text/segment.js';
import { ftsMatch } from '../helpers/fts-match.js';
import { ensureSeedIndex, SEED_INDEX_DIR } from '../helpers/seed-index.js';

describe('the seed keyword index against FTS5', () => {
  let index: LoadedIndex;
  const db = new Database(':memory:');
  beforeAll(async () => {
    await ensureSeedIndex();
    index = openIndex(SEED_INDEX_DIR);
    for (const table of ['paragraphs_fts', 'headings_fts']) db.exec(`CREATE VIRTUAL TABLE ${table} USING fts5 (tokens, tokenize = 'unicode61 remove_diacritics 0')`);
    db.exec(`CREATE VIRTUAL TABLE vocab USING fts5vocab ('paragraphs_fts', 'row')`);
    const text = db.prepare('INSERT INTO paragraphs_fts (rowid, tokens) VALUES (?, ?)');
    const headings = db.prepare('INSERT INTO headings_fts (rowid, tokens) VALUES (?, ?)');
    db.transaction(() => {
      for (const p of index.paragraphs) {
        text.run(p.rowid, paragraphSearchTokens(p).join(' '));
        const h = headingSearchTokens(p);
        if (h.length) headings.run(p.rowid, h.join(' '));
      }
    })();
  }, 600_000);
  afterAll(() => {
    index?.close();
    db.close();
  });

  const fts = (table: string, terms: string[], limit: number) => {
    const match = ftsMatch(terms);
    if (!match) return [];
    return (db.prepare(`SELECT rowid, bm25(${table}) AS score FROM ${table} WHERE ${table} MATCH ? ORDER BY score LIMIT ?`).all(match, limit) as { rowid: number; score: number }[])
      .map((r) => ({ rowid: r.rowid, score: -r.score }));
  };

  it('ranks every labeled query as FTS5 did, to the last bit', () => {
    const queries = ['../shared/eval/dev.json', 'test/fixtures/relevance-own.json', 'test/fixtures/relevance-tune.json', 'test/fixtures/relevance-blind.json', 'test/fixtures/relevance-blind-external.json']
      .map((f) => join(PROJECT_ROOT, f))
      .filter((f) => existsSync(f))
      .flatMap((f) => (JSON.parse(readFileSync(f, 'utf8')) as { queries: { query: string }[] }).queries.map((q) => q.query));
    expect(queries.length).toBeGreaterThan(100);
    let compared = 0;
    for (const q of queries) {
      const terms = queryTerms(q);
      const expanded = expandQuery(terms).expanded.flatMap(queryTerms);
      for (const limit of [10, 500]) {
        expect(index.keywords.keyword(terms, limit), q).toEqual(fts('paragraphs_fts', terms, limit));
        expect(index.keywords.keyword(expanded, limit), q).toEqual(fts('paragraphs_fts', expanded, limit));
        expect(index.keywords.headingKeyword(terms, limit), q).toEqual(fts('headings_fts', terms, limit));
        compared += 3;
      }
    }
    console.log(`keyword index vs FTS5: ${compared} rankings of ${queries.length} queries, identical`);
  });

  it('gives every word the document frequency FTS5 counted', () => {
    const vocabulary = db.prepare('SELECT term, doc FROM vocab').all() as { term: string; doc: number }[];
    expect(vocabulary.length).toBeGreaterThan(1000);
    for (const { term, doc } of vocabulary) expect(index.keywords.documentFrequency(term), term).toBe(doc);
  });
});
