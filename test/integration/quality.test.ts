/**
 * Retrieval quality floors on our own labeled set (test/fixtures/relevance-own.json, written without seeing the dev
 * set) and the embedder's STS check. Floors sit a little below what `npm run eval` measured when they were set, so a
 * change that degrades ranking fails here; raise them when quality improves.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { parseStsTsv, spearman } from '../../src/embed/sts.js';
import { dot } from '../../src/index/vectors.js';
import { evaluate, parseRelevanceSet, type EvalReport } from '../../src/search/evaluate.js';
import { seedEngine, sharedEmbedder } from '../helpers/seed-index.js';

const own = parseRelevanceSet(JSON.parse(readFileSync(join(PROJECT_ROOT, 'test/fixtures/relevance-own.json'), 'utf8')));

describe('retrieval quality on our own labeled set', () => {
  let report: EvalReport;
  beforeAll(async () => {
    report = await evaluate(await seedEngine(), own, ['keyword', 'semantic', 'hybrid']);
  });

  it('keeps hybrid above its measured floors', () => {
    const hybrid = report.modes.find((m) => m.mode === 'hybrid')!;
    console.log(`hybrid on relevance-own: nDCG@10 ${hybrid.overall.ndcg10.toFixed(3)}, recall@10 ${hybrid.overall.recall10.toFixed(3)}, MRR ${hybrid.overall.mrr.toFixed(3)}, city top-3 ${hybrid.cityTop3.toFixed(3)}, pairs ${report.pairHit3.toFixed(3)}`);
    expect(hybrid.overall.ndcg10).toBeGreaterThanOrEqual(0.7);
    expect(hybrid.overall.recall10).toBeGreaterThanOrEqual(0.64);
    expect(hybrid.overall.mrr).toBeGreaterThanOrEqual(0.8);
    expect(hybrid.cityTop3).toBeGreaterThanOrEqual(0.8);
    expect(report.pairHit3).toBeGreaterThanOrEqual(0.65);
  });

  it('ranks hybrid at least as well as either mode alone', () => {
    const by = Object.fromEntries(report.modes.map((m) => [m.mode, m.overall.ndcg10]));
    expect(by.hybrid!).toBeGreaterThanOrEqual(Math.max(by.keyword!, by.semantic!) - 0.005);
  });
});

describe('the embedder on Chinese STS-B', () => {
  it('reaches Spearman ≥ 0.76 with CLS pooling (published fp32: 0.7673)', async () => {
    const rows = parseStsTsv(readFileSync(join(PROJECT_ROOT, '..', 'shared', 'data', 'sts-b-zh.test.tsv'), 'utf8'));
    expect(rows.length).toBe(1361);
    const embedder = await sharedEmbedder();
    const texts = [...new Set(rows.flatMap((r) => [r.a, r.b]))];
    const vectors = await embedder.embed(texts);
    const byText = new Map(texts.map((t, i) => [t, vectors[i]!]));
    const rho = spearman(rows.map((r) => dot(byText.get(r.a)!, byText.get(r.b)!)), rows.map((r) => r.score));
    console.log(`STS-B zh Spearman ${rho.toFixed(4)}`);
    expect(rho).toBeGreaterThanOrEqual(0.76);
  });
});
