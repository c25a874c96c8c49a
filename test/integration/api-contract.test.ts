/**
 * The JSON API's contract over the real seed index and model (the twenty-first session's API audit): a query with an
 * invisible character is the query without it (phrases, `holding`, expansions), every hit carries the fingerprint its
 * permalink carries, and a clause's "similar" limited to its own place says the place holds only its document.
 */
import { pino } from 'pino';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type express from 'express';
import { analysisFor } from '../../src/analysis/index.js';
import type { Hit, SearchResult } from '../../src/search/types.js';
import { createApp } from '../../src/server/app.js';
import { clauseFingerprint } from '../../src/text/fingerprint.js';
import { seedEngine } from '../helpers/seed-index.js';

let app: express.Express;

beforeAll(async () => {
  const engine = await seedEngine();
  app = createApp({ engine: () => engine, analysis: () => analysisFor(engine), logger: pino({ level: 'silent' }) });
});

describe('an invisible character in q (audit W2)', () => {
  it('changes neither the phrase matches, nor holding, nor the expansions', async () => {
    const plain = (await request(app).get('/api/search').query({ q: '专精特新' }).expect(200)).body as SearchResult;
    expect(plain.holding!.count).toBeGreaterThan(0);
    expect(plain.expanded.length).toBeGreaterThan(0);
    for (const q of ['专精特新\u200b', '专精\u200b特新', '\u00ad专精特新\ufe0f']) {
      const body = (await request(app).get('/api/search').query({ q }).expect(200)).body as SearchResult;
      expect(body.holding, q).toEqual(plain.holding);
      expect(body.expanded, q).toEqual(plain.expanded);
      expect(body.results.map((h) => [h.id, h.why.phrase ?? false]), q).toEqual(plain.results.map((h) => [h.id, h.why.phrase ?? false]));
    }
  });
});

describe('fingerprints and own-document places over the real engine (audit M1, W4)', () => {
  it('every hit carries its permalink\'s fingerprint, which /api/paragraphs/:id?h= reads back', async () => {
    const hits = ((await request(app).get('/api/search').query({ q: '首台(套)', k: 20 }).expect(200)).body as SearchResult).results;
    expect(hits.length).toBe(20);
    for (const hit of hits) expect(hit.fingerprint, hit.id).toBe(clauseFingerprint(hit.text));
    const first = hits[0]!;
    expect((await request(app).get(`/api/paragraphs/${first.id}`).query({ h: first.fingerprint, context: 0 }).expect(200)).body).toMatchObject({ changed: false, paragraph: { id: first.id } });
  });

  it('平湖\'s clause limited to 平湖 has no column because 平湖\'s only document is its own, and says so', async () => {
    const id = '002_86af085e02e72586:p0014';
    const body = (await request(app).get(`/api/paragraphs/${id}/similar`).query({ city: ['平湖', '昆山'] }).expect(200)).body as { columns: { city: string; results: Hit[] }[]; leftOut: string[]; ownDocumentOnly: string[] };
    expect(body.columns.map((c) => c.city)).toEqual(['昆山市']);
    expect(body).toMatchObject({ leftOut: ['平湖市'], ownDocumentOnly: ['平湖市'] });
    const page = (await request(app).get(`/p/${id}`).query({ city: '平湖' }).expect(200)).text;
    expect(page).toContain('所选地区中，平湖市 只有本文件，已排除');
    expect(page).not.toContain('成文日期在此范围内');
  });
});
