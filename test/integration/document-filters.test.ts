/**
 * The `issuer` (发文机关) and `type` filters over the seed index with the real model, through the app: search, compare,
 * both "similar" routes, targets and the matrix keep only the documents chosen, and what they keep answers as without
 * the filter (compare's columns and weak flags, "similar"'s order). The seeds: 000 昆山 (中共昆山市委办公室、昆山市人民政府
 * 办公室, 实施方案), 001 江苏 (江苏省人民政府, 意见), 002 平湖 (平湖市人民政府, 实施方案), 003 青岛 (no 发文机关, 行动计划),
 * 004 昆山 (昆山市人民政府办公室, 行动计划). Which documents are which is read from /api/documents, not written here.
 */
import { pino } from 'pino';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type express from 'express';
import type { MatrixCellClauses, MatrixResult } from '../../src/analysis/types.js';
import { analysisFor } from '../../src/analysis/index.js';
import type { CompareResult, DocumentSummary, SearchResult, SimilarResult, SimilarTextResult } from '../../src/search/types.js';
import { createApp } from '../../src/server/app.js';
import { seedEngine } from '../helpers/seed-index.js';

let app: express.Express;
let documents: DocumentSummary[];
const idsOf = (pick: (d: DocumentSummary) => boolean) => documents.filter(pick).map((d) => d.id);

beforeAll(async () => {
  const engine = await seedEngine();
  app = createApp({ engine: () => engine, analysis: () => analysisFor(engine), logger: pino({ level: 'silent' }) });
  documents = (await request(app).get('/api/documents').expect(200)).body.documents;
});

const get = async <T>(path: string, query: Record<string, string | string[]>) => (await request(app).get(path).query(query).expect(200)).body as T;

describe('issuer and type on the seeds', () => {
  it('search keeps the issuer\'s documents: the audit\'s issuer=平湖市人民政府 (and 平湖市政府)', async () => {
    const pinghu = idsOf((d) => d.issuer === '平湖市人民政府');
    expect(pinghu).toHaveLength(1);
    const all = await get<SearchResult>('/api/search', { q: '专精特新', k: '20' });
    expect(all.results.some((h) => !pinghu.includes(h.doc.id))).toBe(true);
    for (const issuer of ['平湖市人民政府', '平湖市政府']) {
      const kept = await get<SearchResult>('/api/search', { q: '专精特新', k: '20', issuer });
      expect(kept.results.length).toBeGreaterThan(0);
      expect(kept.results.every((h) => pinghu.includes(h.doc.id))).toBe(true);
      // The issuer's hits come in the order they have unfiltered.
      const order = all.results.filter((h) => pinghu.includes(h.doc.id)).map((h) => h.id);
      expect(kept.results.map((h) => h.id).slice(0, order.length)).toEqual(order);
    }
  });

  it('compare keeps the columns of places with a chosen document, each as it is unfiltered when all its documents are chosen', async () => {
    const all = await get<CompareResult>('/api/compare', { q: '专精特新企业培育' });
    // 昆山市人民政府办公室 issued (or co-issued) both of 昆山's documents: its column is the unfiltered one, weak flag included.
    const kunshan = await get<CompareResult>('/api/compare', { q: '专精特新企业培育', issuer: '昆山市人民政府办公室' });
    expect(kunshan.columns.map((c) => c.city)).toEqual(['昆山市']);
    expect(kunshan.columns[0]).toEqual(all.columns.find((c) => c.city === '昆山市'));
    // 实施方案: 昆山's 000 and 平湖's plan; 昆山's column is ranked within 000 alone.
    const plans = idsOf((d) => d.docType === '实施方案');
    const schemes = await get<CompareResult>('/api/compare', { q: '专精特新企业培育', type: '实施方案' });
    expect(schemes.columns.map((c) => c.city)).toEqual(['昆山市', '平湖市']);
    for (const c of schemes.columns) expect(c.results.every((h) => plans.includes(h.doc.id)), c.city).toBe(true);
    expect(schemes.columns[1]).toEqual(all.columns.find((c) => c.city === '平湖市'));
  });

  it('"similar" and pasted text keep the chosen documents\' counterparts, in the order they have unfiltered', async () => {
    const qingdao = documents.find((d) => d.city === '青岛市')!;
    const view = (await request(app).get(`/api/documents/${qingdao.id}`).expect(200)).body as { paragraphs: { id: string; text: string; sentences: unknown[] }[] };
    const source = view.paragraphs.find((p) => p.text.includes('专精特新') && p.sentences.length > 1)!;
    const governments = idsOf((d) => (d.issuer ?? '').includes('人民政府'));
    const all = await get<SimilarResult>(`/api/paragraphs/${source.id}/similar`, {});
    const kept = await get<SimilarResult>(`/api/paragraphs/${source.id}/similar`, { issuer: '人民政府' });
    expect(kept.columns.map((c) => c.city)).toEqual(['昆山市', '江苏省', '平湖市']);
    for (const c of kept.columns) {
      expect(c.results.every((h) => governments.includes(h.doc.id)), c.city).toBe(true);
      // Every document of these places is a government's: the columns are the unfiltered ones.
      expect(c).toEqual(all.columns.find((x) => x.city === c.city));
    }
    const plans = idsOf((d) => d.docType === '行动计划');
    const pasted = await get<SimilarTextResult>('/api/similar', { text: '培育专精特新“小巨人”企业', type: '行动计划' });
    expect(pasted.columns.map((c) => c.city)).toEqual(['昆山市', '青岛市']);
    expect(pasted.columns.flatMap((c) => c.results).every((h) => plans.includes(h.doc.id))).toBe(true);
  });

  it('targets and the matrix count over the chosen documents, and /targets shows only their places', async () => {
    const plans = idsOf((d) => d.docType === '实施方案');
    const targets = await get<{ targets: { doc: { id: string } }[]; total: number }>('/api/targets', { type: '实施方案' });
    const allTargets = await get<{ targets: { doc: { id: string } }[]; total: number }>('/api/targets', {});
    expect(targets.total).toBe(allTargets.targets.filter((t) => plans.includes(t.doc.id)).length);
    expect(targets.total).toBeLessThan(allTargets.total);
    // The page's side-by-side table has a column for the places of the chosen documents only (江苏's and 青岛's would
    // be empty, reading as "sets no such target").
    const page = (await request(app).get('/targets').query({ type: '实施方案' }).expect(200)).text;
    const header = /<tr><th scope="col">指标组<\/th>([\s\S]*?)<\/tr>/.exec(page)![1]!;
    expect([...header.matchAll(/<th scope="col">([^<·]+)/g)].map((m) => m[1]!.trim())).toEqual(['昆山市', '平湖市']);

    const all = await get<MatrixResult>('/api/matrix', {});
    const matrix = await get<MatrixResult>('/api/matrix', { type: '实施方案' });
    expect(matrix.cities).toEqual(['昆山市', '平湖市']);
    // 平湖 has one document, of that type: its clauses and counts are the unfiltered ones; 昆山 loses its 行动计划.
    expect(matrix.clauses['平湖市']).toBe(all.clauses['平湖市']);
    expect(matrix.clauses['昆山市']).toBeLessThan(all.clauses['昆山市']!);
    for (const row of matrix.rows) {
      const pinghu = row.cells.find((c) => c.city === '平湖市')!;
      expect(pinghu.count).toBe(all.rows.find((r) => r.measure.id === row.measure.id)!.cells.find((c) => c.city === '平湖市')!.count);
      const kunshan = row.cells.find((c) => c.city === '昆山市')!;
      const cell = await get<MatrixCellClauses>('/api/matrix/cell', { measure: row.measure.id, city: '昆山市', type: '实施方案' });
      expect(cell.count).toBe(kunshan.count);
      expect(cell.clauses.every((c) => plans.some((id) => c.paragraphId.startsWith(`${id}:`)))).toBe(true);
    }
  });
});
