/**
 * Remembered answers and ETags across a hot reload, with the real model and a real index: the same request after a
 * new build is committed gets the new build's answer (never the remembered one) and a new ETag.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisFor } from '../../src/analysis/index.js';
import { buildIndex } from '../../src/index/build.js';
import { IndexService } from '../../src/search/service.js';
import type { CompareResult, SearchResult } from '../../src/search/types.js';
import { createApp } from '../../src/server/app.js';
import { sharedEmbedder } from '../helpers/seed-index.js';
import { policyText, writeCorpus } from '../helpers/policy-corpus.js';
import { captureLog } from '../server/helpers.js';

describe('answers across a hot reload', () => {
  const root = mkdtempSync(join(tmpdir(), 'pl-reload-'));
  const input = join(root, 'in');
  const out = join(root, 'index');
  let service: IndexService;
  const searchUrl = `/api/search?q=${encodeURIComponent('智能化改造')}&mode=hybrid&k=20`;
  const compareUrl = `/api/compare?q=${encodeURIComponent('智能化改造')}&k=2`;

  beforeAll(async () => {
    writeCorpus(input, { 'jiaxing.txt': policyText('嘉兴市', 6) });
    await buildIndex({ inputs: [input], out, embedder: await sharedEmbedder() });
    service = new IndexService({ indexDir: out, embedder: await sharedEmbedder() });
  });
  afterAll(() => {
    service?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('remembers an answer, tags it, and answers a matching If-None-Match with 304', async () => {
    const app = createApp({ engine: service.engine, analysis: () => analysisFor(service.baseEngine()), logger: captureLog().logger });
    const first = await request(app).get(searchUrl).expect(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['cache-control']).toBe('no-cache');
    const missesBefore = service.answers.misses;
    const again = await request(app).get(searchUrl).expect(200);
    expect(again.headers.etag).toBe(etag);
    expect(again.text).toBe(first.text);
    expect(service.answers.misses).toBe(missesBefore);
    const notModified = await request(app).get(searchUrl).set('If-None-Match', etag).expect(304);
    expect(notModified.text).toBe('');
  });

  it('serves the new build after a reload: same request, new answer, new ETag', async () => {
    const app = createApp({ engine: service.engine, analysis: () => analysisFor(service.baseEngine()), logger: captureLog().logger });
    const before = await request(app).get(searchUrl).expect(200);
    const compareBefore = (await request(app).get(compareUrl).expect(200)).body as CompareResult;
    expect((before.body as SearchResult).results.every((h) => h.doc.city === '嘉兴市')).toBe(true);
    expect(compareBefore.columns.map((c) => c.city)).toEqual(['嘉兴市']);

    writeCorpus(input, { 'wuxi.txt': policyText('无锡市', 6, '智能制造') });
    await buildIndex({ inputs: [input], out, embedder: await sharedEmbedder() });
    expect(service.reload()).toBe(true);

    const after = await request(app).get(searchUrl).set('If-None-Match', before.headers.etag as string).expect(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect((after.body as SearchResult).results.some((h) => h.doc.city === '无锡市')).toBe(true);
    const compareAfter = (await request(app).get(compareUrl).expect(200)).body as CompareResult;
    expect(compareAfter.columns.map((c) => c.city).sort()).toEqual(['嘉兴市', '无锡市'].sort());
  });
});
