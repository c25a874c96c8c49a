/**
 * A hit's evidence (its score in "similar", its cosine in search and compare, and which sentence matched) is computed
 * for all hits of an answer at once (src/search/engine.ts `bestEvidence`): dots per source vector in WebAssembly,
 * sentences read from the packed table. With the real model and the seed index it must equal, bit for bit, the
 * one-clause-at-a-time `evidence` taken over the same source vectors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/search/engine.js';
import { seedEngine } from '../helpers/seed-index.js';

describe('batched evidence', () => {
  let engine: Engine;

  beforeAll(async () => {
    engine = await seedEngine();
  });

  /** `evidence` over the source vectors, one clause at a time: the first vector that no later one beats. */
  const reference = (vectors: Float32Array[], rowid: number) => {
    let best = { score: -Infinity, sentence: null as number | null };
    for (const v of vectors) {
      const e = engine.evidence(v, rowid);
      if (e.score > best.score) best = e;
    }
    return best;
  };

  it("gives each counterpart in 'similar' the best evidence over the clause's and its sentences' vectors", async () => {
    const index = engine.index;
    // Clauses of several sentences, from every document.
    const sources = index.paragraphs.filter((p) => index.sentences.countOf(p.rowid) >= 3).filter((_, i) => i % 7 === 0).slice(0, 12);
    expect(sources.length).toBeGreaterThanOrEqual(8);
    let checked = 0;
    for (const source of sources) {
      const vectors = [index.vectorOf(source.rowid)!, ...index.sentences.of(source.rowid).map((s) => (s.vector === null ? index.vectorOf(source.rowid)! : index.sentenceVectors.get(s.vector)))];
      const answer = await engine.similar(source.id, { k: 3 });
      for (const column of answer.columns) {
        for (const hit of column.results) {
          const expected = reference(vectors, index.paragraphById.get(hit.id)!.rowid);
          expect(hit.score, hit.id).toBe(Math.round(expected.score * 1e6) / 1e6);
          expect(hit.why.vector, hit.id).toBe(expected.score);
          expect(hit.why.sentence, hit.id).toBe(expected.sentence);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it("gives each hit of a search and a comparison its cosine to the query and the sentence that matched", async () => {
    for (const query of ['专精特新企业梯度培育', '首台(套)重大技术装备', '研发投入强度目标']) {
      const vector = await engine.embedder.embedQuery(query);
      const search = await engine.search(query, { mode: 'semantic', k: 10 });
      const compare = await engine.compare(query, { mode: 'semantic', k: 3 });
      const hits = [...search.results, ...compare.columns.flatMap((c) => c.results)];
      expect(hits.length).toBeGreaterThan(10);
      for (const hit of hits) {
        const expected = reference([vector], engine.index.paragraphById.get(hit.id)!.rowid);
        expect(hit.why.vector, `${query}: ${hit.id}`).toBe(expected.score);
        expect(hit.why.sentence, `${query}: ${hit.id}`).toBe(expected.sentence);
      }
    }
  });
});
