/**
 * The JSON API's contract as an integrator meets it (the twenty-first session's API audit, /tmp/s21/audit-api.md):
 * invisible characters in parameters, fingerprints and document references on every listed clause, the chosen places
 * a filter left out, parameters a route does not apply, and the codes of its refusals. Over the fake engine.
 */
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { listen } from '../../src/cli/start.js';
import type { Hit, SearchResult } from '../../src/search/types.js';
import { testApp } from './helpers.js';

/** The audit's characters (U+200B, U+200C, U+200D, U+00AD, U+2060, U+202C, U+FE0F), a bidi isolate and the BOM. */
const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u00ad', '\u2060', '\u202c', '\ufe0f', '\u2066', '\ufeff'];
const named = INVISIBLE.map((ch) => [ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0'), ch] as const);

const ids = (hits: readonly Hit[]) => hits.map((h) => h.id);

describe('invisible characters in parameters (audit W2)', () => {
  it.each(named)('U+%s inside or after q is searched as the query without it', async (_code, ch) => {
    const { app } = testApp();
    const plain = (await request(app).get('/api/search').query({ q: '专精特新' }).expect(200)).body as SearchResult;
    expect(plain.results.length).toBeGreaterThan(0);
    for (const q of [`专精特新${ch}`, `专精${ch}特新`]) {
      const body = (await request(app).get('/api/search').query({ q }).expect(200)).body as SearchResult;
      expect(body.query).toBe('专精特新');
      expect(ids(body.results)).toEqual(ids(plain.results));
      expect(body.expanded).toEqual(plain.expanded);
    }
  });

  it.each(named)('U+%s in city, text and the targets q is dropped too', async (_code, ch) => {
    const { app } = testApp();
    const scoped = (await request(app).get('/api/search').query({ q: '企业', city: `苏州${ch}` }).expect(200)).body as SearchResult;
    expect(scoped.results.length).toBeGreaterThan(0);
    for (const hit of scoped.results) expect(hit.doc.city).toBe('苏州市');
    const similar = (await request(app).get('/api/similar').query({ text: `支持企业建设工业${ch}互联网平台`, city: [`宁波市${ch}`] }).expect(200)).body as { text: string; columns: { city: string }[] };
    expect(similar.text).toBe('支持企业建设工业互联网平台');
    expect(similar.columns.map((c) => c.city)).toEqual(['宁波市']);
    const targets = (await request(app).get('/api/targets').query({ q: `专精特新${ch}` }).expect(200)).body as { total: number };
    const plain = (await request(app).get('/api/targets').query({ q: '专精特新' }).expect(200)).body as { total: number };
    expect(targets.total).toBe(plain.total);
  });
});

describe('a parameter a route does not apply is honoured or refused, not ignored (audit C2)', () => {
  it('"similar" keeps the places of `level`, as search does', async () => {
    const { app } = testApp();
    const all = (await request(app).get('/api/paragraphs/sz_manufacturing:p0003/similar').expect(200)).body as { columns: { city: string }[] };
    expect(all.columns.map((c) => c.city)).toEqual(expect.arrayContaining(['宁波市', '浙江省']));
    const province = (await request(app).get('/api/paragraphs/sz_manufacturing:p0003/similar').query({ level: 'province' }).expect(200)).body as { columns: { city: string }[] };
    expect(province.columns.map((c) => c.city)).toEqual(['浙江省']);
    const text = (await request(app).get('/api/similar').query({ text: '支持企业建设工业互联网平台', level: 'prefecture', city: ['宁波市', '浙江省'] }).expect(200)).body as { columns: { city: string }[] };
    expect(text.columns.map((c) => c.city)).toEqual(['宁波市']);
    const unknown = await request(app).get('/api/paragraphs/sz_manufacturing:p0003/similar').query({ level: 'district' }).expect(400);
    expect(unknown.body.error.details.valid).toEqual(expect.arrayContaining(['province', 'prefecture']));
  });

  it.each([
    ['/api/paragraphs/sz_manufacturing:p0003/similar', { doc: 'nb_industry' }, 'doc'],
    ['/api/paragraphs/sz_manufacturing:p0003/similar', { part: 'attachment' }, 'part'],
    ['/api/similar', { text: '支持企业建设工业互联网平台', doc: ['nb_industry', 'zj_province'] }, 'doc'],
  ] as const)('%s refuses %o by name', async (path, query, name) => {
    const { app } = testApp();
    const res = await request(app).get(path).query(query).expect(400);
    expect(res.body.error.code).toBe('BAD_REQUEST');
    expect(res.body.error.message).toContain(`Parameter "${name}" does not apply here`);
    // An empty value is no filter, as the forms send it.
    await request(app).get(path).query({ ...query, [name]: '' }).expect(200);
  });

  it('/api/targets refuses a q of punctuation alone, as /api/search does; an empty q is every target', async () => {
    const { app } = testApp();
    for (const q of ['？？', '《》']) {
      const search = await request(app).get('/api/search').query({ q }).expect(400);
      const targets = await request(app).get('/api/targets').query({ q }).expect(400);
      expect(targets.body.error.message).toBe(search.body.error.message);
    }
    const all = (await request(app).get('/api/targets').query({ q: '' }).expect(200)).body as { total: number };
    expect(all.total).toBeGreaterThan(0);
    expect((await request(app).get('/api/targets').query({ q: 'x'.repeat(1001) }).expect(400)).body.error.message).toContain('at most 1000');
  });
});

describe('refusals name what is wrong (audit C4)', () => {
  it('headers over Node\'s limit are 431 HEADERS_TOO_LARGE, not URI_TOO_LONG (the 414 of a long URL)', async () => {
    const server = await listen(testApp().app, '127.0.0.1', 0);
    try {
      const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, path: '/api/health', headers: { cookie: 'x'.repeat(20_000) } }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString('utf8')));
          res.on('end', () => resolve({ status: res.statusCode!, body: text }));
        });
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(431);
      expect(JSON.parse(body).error.code).toBe('HEADERS_TOO_LARGE');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('a draft body without "text" but with another field names the field it lacks', async () => {
    const { app } = testApp();
    const res = await request(app).post('/api/draft').send({ txt: '第一条 支持企业建设工业互联网平台。', city: '宁波市' }).expect(400);
    expect(res.body.error.code).toBe('DRAFT_EMPTY');
    expect(res.body.error.message).toMatch(/no "text" field \(it has "txt"\)/);
    expect(res.body.error.details).toEqual({ expected: 'text', got: ['txt'] });
    // An empty text is still told the draft is empty, and the scope's fields are no stray field.
    expect((await request(app).post('/api/draft').send({ text: ' ', city: '宁波市' }).expect(400)).body.error.message).toMatch(/^The draft is empty/);
  });
});

describe('every listed clause cites its document as a hit does (audit M2)', () => {
  /** The clause as /api/paragraphs/:id gives it. */
  async function hitOf(app: Parameters<typeof request>[0], id: string): Promise<Hit> {
    return ((await request(app).get(`/api/paragraphs/${encodeURIComponent(id)}`).query({ context: 0 }).expect(200)).body as { paragraph: Hit }).paragraph;
  }

  it('targets, the matrix, its cells and the diff carry issuer and docNumber, and a cell\'s clauses their section', async () => {
    const { app } = testApp();
    const listed: { paragraphId: string; doc: unknown; section?: unknown }[] = [];
    const targets = (await request(app).get('/api/targets').expect(200)).body as { targets: { paragraphId: string; doc: unknown }[] };
    listed.push(...targets.targets);
    const matrix = (await request(app).get('/api/matrix').expect(200)).body as { rows: { measure: { id: string }; cells: { city: string; count: number; best: { paragraphId: string; doc: unknown } | null }[] }[] };
    const cells = matrix.rows.flatMap((r) => r.cells.filter((c) => c.best).map((c) => ({ measure: r.measure.id, city: c.city, best: c.best! })));
    expect(cells.length).toBeGreaterThan(0);
    listed.push(...cells.map((c) => c.best));
    for (const c of cells.slice(0, 4)) {
      const cell = (await request(app).get('/api/matrix/cell').query({ measure: c.measure, city: c.city }).expect(200)).body as { clauses: { paragraphId: string; doc: unknown; section: unknown }[] };
      expect(cell.clauses.length).toBeGreaterThan(0);
      for (const clause of cell.clauses) expect(clause.section, clause.paragraphId).toBeInstanceOf(Array);
      listed.push(...cell.clauses);
    }
    const diff = (await request(app).get('/api/diff').query({ a: 'sz_manufacturing:p0003', b: 'nb_industry:p0001' }).expect(200)).body as { a: Hit; b: Hit };
    listed.push({ paragraphId: diff.a.id, doc: diff.a.doc }, { paragraphId: diff.b.id, doc: diff.b.doc });
    expect(targets.targets.some((t) => t.paragraphId.startsWith('sz_manufacturing:'))).toBe(true);
    for (const item of listed) {
      const hit = await hitOf(app, item.paragraphId);
      expect(item.doc, item.paragraphId).toEqual(hit.doc);
      expect(hit.doc).toHaveProperty('issuer');
      expect(hit.doc).toHaveProperty('docNumber');
      if ('section' in item) expect(item.section, item.paragraphId).toEqual(hit.section);
    }
    expect(listed.some((item) => (item.doc as Hit['doc']).docNumber === '苏府〔2024〕1号')).toBe(true);
  });
});
