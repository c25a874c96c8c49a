import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { AnswerCache, cachedEngine } from '../../src/search/answer-cache.js';
import { createApp } from '../../src/server/app.js';
import { createFakeEngine, FAKE_DOCUMENTS } from './fake-engine.js';
import { captureLog } from './helpers.js';

describe('ETags on JSON answers', () => {
  const fake = createFakeEngine();
  const cached = cachedEngine(fake, 'b1', new AnswerCache());
  const app = createApp({ engine: () => cached, analysis: () => fake.analysis(), logger: captureLog().logger });
  const urls = [
    `/api/search?q=${encodeURIComponent('智能化改造')}`,
    `/api/compare?q=${encodeURIComponent('智能化改造')}&k=2`,
    `/api/paragraphs/${FAKE_DOCUMENTS[0]!.meta.id}:p0000`,
    `/api/paragraphs/${FAKE_DOCUMENTS[0]!.meta.id}:p0000/similar`,
    `/api/documents/${FAKE_DOCUMENTS[0]!.meta.id}`,
  ];

  it.each(urls)('%s: a strong tag, no-cache, and 304 for a client that holds it', async (url) => {
    const res = await request(app).get(url).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json; charset=utf-8/);
    expect(res.headers['cache-control']).toBe('no-cache');
    const etag = res.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    await request(app).get(url).set('If-None-Match', etag).expect(304);
    await request(app).get(url).set('If-None-Match', '"something-else"').expect(200);
  });

  it('gives different answers different tags', async () => {
    const a = await request(app).get(urls[0]!);
    const b = await request(app).get(`/api/search?q=${encodeURIComponent('数字化转型')}`);
    expect(b.body.results).not.toEqual(a.body.results);
    expect(a.headers.etag).not.toBe(b.headers.etag);
    expect(JSON.parse(a.text)).toEqual(a.body);
  });


  it('composes a remembered answer with its targets once, and a new answer again', async () => {
    const engine = createFakeEngine();
    const analysis = engine.analysis();
    let asked = 0;
    const counting = { ...analysis, questionTargets: (q: string, f?: Parameters<typeof analysis.questionTargets>[1]) => (asked++, analysis.questionTargets(q, f)) };
    const remembered = cachedEngine(engine, 'b2', new AnswerCache());
    const served = createApp({ engine: () => remembered, analysis: () => counting, logger: captureLog().logger });
    const url = `/api/search?q=${encodeURIComponent('研发投入目标')}`;
    const a = await request(served).get(url).expect(200);
    const b = await request(served).get(url).expect(200);
    expect(b.text).toBe(a.text);
    expect(Array.isArray(a.body.targets)).toBe(true);
    await request(served).get(`/api/compare?q=${encodeURIComponent('研发投入目标')}`).expect(200);
    await request(served).get(`/api/compare?q=${encodeURIComponent('研发投入目标')}`).expect(200);
    expect(asked).toBe(2);
    // Without the answer cache every request is composed afresh.
    const plain = createApp({ engine: () => engine, analysis: () => counting, logger: captureLog().logger });
    await request(plain).get(url).expect(200);
    await request(plain).get(url).expect(200);
    expect(asked).toBe(4);
  });
});
