/**
 * Pasted text ("similar" from a sentence, /api/similar?text=, the drafting desk's precedents) is ranked per city as a
 * comparison ranks a query (`textMatch: 'query'`, src/search/engine.ts `asQuery`), with the real model and the seed
 * index. Measured in the seventh session on the tune set's 31 one-sentence pairs: 74 of 89 counterparts in their
 * city's top 3 against 76 ranked as a query; the floor below is the old way's figure.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import type { Engine } from '../../src/search/engine.js';
import { DEFAULT_TUNING } from '../../src/search/engine.js';
import { evaluate, findParagraphId, parseRelevanceSet } from '../../src/search/evaluate.js';
import { seedEngine } from '../helpers/seed-index.js';

const tune = parseRelevanceSet(JSON.parse(readFileSync(join(PROJECT_ROOT, 'test/fixtures/relevance-tune.json'), 'utf8')), 'relevance-tune.json');

describe('pasted text ranked as a query', () => {
  let asQuery: Engine;
  let asClause: Engine;
  beforeAll(async () => {
    asQuery = await seedEngine();
    asClause = await seedEngine({ textMatch: 'clause' });
  });

  it('is the default', () => {
    expect(DEFAULT_TUNING.textMatch).toBe('query');
  });

  it('finds at least the counterparts the clause ranking found, from the tune set’s source sentences', async () => {
    const sentencePairs = { queries: [], pairs: tune.pairs.filter((p) => p.sentence) };
    const found = (r: Awaited<ReturnType<typeof evaluate>>) => r.pairs.reduce((n, p) => n + (p.sentenceFound ?? 0), 0);
    const [q, c] = [await evaluate(asQuery, sentencePairs, []), await evaluate(asClause, sentencePairs, [])];
    expect(found(c)).toBeGreaterThanOrEqual(74);
    expect(found(q)).toBeGreaterThanOrEqual(found(c));
  });

  it('ranks a picked sentence of a clause the same way (/p/:id?sentence=N), finding at least what the clause ranking found', async () => {
    const squash = (x: string) => x.replace(/\s+/gu, '');
    const found = async (engine: Engine) => {
      let n = 0;
      for (const pair of tune.pairs.filter((p) => p.sentence)) {
        const id = findParagraphId(engine, pair.source.doc, pair.source.anchor)!;
        const sentences = engine.paragraph(id).paragraph.sentences;
        const at = sentences.findIndex((s) => squash(s.text).includes(squash(pair.sentence!)) || squash(pair.sentence!).includes(squash(s.text)));
        expect(at, pair.id).toBeGreaterThanOrEqual(0);
        const r = await engine.similar(id, { k: 3, sentence: at });
        const cityOf = new Map(engine.corpus().documents.map((d) => [d.file, d.city]));
        n += pair.counterparts.filter((c) => r.columns.find((col) => col.city === cityOf.get(c.doc))?.results.some((h) => h.doc.file === c.doc && squash(h.text).includes(squash(c.anchor)))).length;
      }
      return n;
    };
    // Measured: 76 of 89 either way on this set; 60 against 55 of 76 on tune-external, 12 against 11 of 13 on own.
    expect(await found(asQuery)).toBeGreaterThanOrEqual(await found(asClause));
  });

  // A date filter removes clauses; it used to reorder the columns it removed nothing from too, the feedback learning
  // only from the documents it kept (eighteenth session's researcher audit: since=2023 changed Kunshan's three), and
  // rank fusion over fewer candidates giving other ranks (nineteenth session's verifying audit).
  it('under a date filter, only removes: what is left of a column keeps its order and scores', async () => {
    const qingdao = '003_c6c20afe788bb10c:p0002';
    const ids = (r: { columns: { city: string; results: { id: string; score: number }[] }[] }) =>
      Object.fromEntries(r.columns.map((c) => [c.city, c.results.map((h) => `${h.id} ${h.score}`)]));
    for (const asked of [{ sentence: 2 }, {}, { sentence: 0 }]) {
      for (const filter of [{ inForce: '2026-12-07' }, { since: '2023-03-01' }, { until: '2023-06-30' }]) {
        const all = ids(await asQuery.similar(qingdao, { k: 25, ...asked }));
        const some = ids(await asQuery.similar(qingdao, { k: 25, ...asked, ...filter }));
        for (const [city, list] of Object.entries(some)) {
          const left = (all[city] ?? []).filter((x) => list.includes(x));
          expect(list.slice(0, left.length), `${city} ${JSON.stringify(asked)} ${JSON.stringify(filter)}`).toEqual(left);
        }
      }
    }
  });

  it('under a date filter, keeps every column it removes nothing from as it was', async () => {
    const qingdao = '003_c6c20afe788bb10c:p0002';
    const columns = (r: { columns: { city: string; results: { id: string; score: number }[] }[] }) =>
      Object.fromEntries(r.columns.map((c) => [c.city, c.results.map((h) => `${h.id} ${h.score}`)]));
    // Jiangsu's plan is of 2018; every other seed document is dated 2023 or undated (kept: Qingdao's own is excluded).
    for (const asked of [{ sentence: 2 }, { sentence: 0 }]) {
      const all = columns(await asQuery.similar(qingdao, { k: 3, ...asked }));
      const since = columns(await asQuery.similar(qingdao, { k: 3, ...asked, since: '2019-01-01' }));
      expect(Object.keys(since).sort()).toEqual(Object.keys(all).filter((c) => c !== '江苏省').sort());
      for (const city of Object.keys(since)) expect(since[city], `${city}, sentence ${asked.sentence}`).toEqual(all[city]);
    }
    const text = asQuery.paragraph(qingdao).paragraph.sentences[2]!.text;
    const all = columns(await asQuery.similarText(text, { k: 3, exclude: qingdao }));
    const since = columns(await asQuery.similarText(text, { k: 3, exclude: qingdao, since: '2019-01-01' }));
    for (const city of Object.keys(since)) expect(since[city], city).toEqual(all[city]);
  });

  it('leaves the excluded document out of every column, and a column is weak by its first three clauses\' cosine to the text', async () => {
    const source = findParagraphId(asQuery, '002_86af085e02e72586.txt', '7.营造最优营商环境')!;
    const sourceDoc = asQuery.paragraph(source).paragraph.doc.id;
    const r = await asQuery.similarText('深入实施营商环境优化提升“一号改革工程”,打造“平妈妈”服务品牌。', { k: 5, exclude: source });
    expect(r.columns.length).toBeGreaterThan(2);
    for (const column of r.columns) {
      for (const h of column.results) expect(h.doc.id).not.toBe(sourceDoc);
      const best = Math.max(-1, ...column.results.slice(0, 3).map((h) => h.why.vector ?? -1));
      expect(column.weak).toBe(column.results.length === 0 || best < DEFAULT_TUNING.weakText);
    }
  });

  // A pasted text's every word is a query term: 以上, 通过 and 支持 were marked in every clause (eighteenth session's
  // researcher audit). Its counterparts are highlighted at its salient terms, as a whole clause's are.
  it('highlights a pasted text\'s salient terms in its counterparts, not its filler words', async () => {
    const text = '支持企业通过首购首用等方式推广应用首台(套)重大技术装备，对投保的企业给予保费补贴，补贴比例在80%以上。';
    const r = await asQuery.similarText(text, { k: 3 });
    const marked = r.columns.flatMap((c) => c.results.flatMap((h) => h.highlights.map(([s, e]) => h.text.slice(s, e))));
    expect(marked.length).toBeGreaterThan(0);
    expect(marked.some((m) => m.includes('首台'))).toBe(true);
    for (const filler of ['以上', '通过', '支持', '企业', '给予']) expect(marked, filler).not.toContain(filler);
    for (const c of r.columns) for (const h of c.results) expect(h.why.terms.length).toBeLessThanOrEqual(DEFAULT_TUNING.similarTerms);
    // A text of common words has common words for its rarest: none of them is marked (twentieth verifying audit).
    const common = await asQuery.similarText('通过以上措施，支持企业加大研发投入。', { k: 3 });
    const commonMarks = common.columns.flatMap((c) => c.results.flatMap((h) => h.highlights.map(([s, e]) => h.text.slice(s, e))));
    for (const filler of ['以上', '通过', '加大', '支持', '措施']) expect(commonMarks, filler).not.toContain(filler);
  });
});
