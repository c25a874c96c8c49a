/**
 * A result card names who issued its document and the document's number beside the title, in search and in a
 * comparison column, so that a researcher tells a province's opinion from a city's plan without opening the clause
 * (twentieth session's researcher audit). Real seed index and model.
 */
import { pino } from 'pino';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type express from 'express';
import { analysisFor } from '../../src/analysis/index.js';
import { createApp } from '../../src/server/app.js';
import { seedEngine } from '../helpers/seed-index.js';

let app: express.Express;

beforeAll(async () => {
  const engine = await seedEngine();
  app = createApp({ engine: () => engine, analysis: () => analysisFor(engine), logger: pino({ level: 'silent' }) });
});

describe('a result card’s issuer and document number', () => {
  it('are in the API’s hit and on the search and compare pages', async () => {
    const api = (await request(app).get('/api/search').query({ q: '首台(套)', city: '江苏省', k: 3 }).expect(200)).body as { results: { doc: { issuer: string; docNumber: string } }[] };
    expect(api.results[0]!.doc).toMatchObject({ issuer: '江苏省人民政府', docNumber: '苏政发〔2018〕86号' });
    const search = (await request(app).get('/').query({ q: '首台(套)', city: '江苏省' }).expect(200)).text;
    // The title (省政府关于…) does not name 江苏省人民政府, so the card gives both.
    expect(search).toContain('<span class="issuer">江苏省人民政府 · 苏政发〔2018〕86号</span>');
    const compare = (await request(app).get('/compare').query({ q: '首台(套)' }).expect(200)).text;
    expect(compare).toContain('<span class="issuer">江苏省人民政府 · 苏政发〔2018〕86号</span>');
    // 平湖's document has an issuer and no number: the issuer alone, when its title does not name it.
    const pinghu = (await request(app).get('/api/search').query({ q: '专精特新', city: '平湖市', k: 1 }).expect(200)).body as { results: { doc: { title: string; issuer: string; docNumber: string | null } }[] };
    expect(pinghu.results[0]!.doc.issuer).toBe('平湖市人民政府');
    expect(pinghu.results[0]!.doc.docNumber).toBeNull();
  });
});
