/**
 * The JSON API's contract as an integrator meets it (the twenty-first session's API audit, /tmp/s21/audit-api.md):
 * invisible characters in parameters, fingerprints and document references on every listed clause, the chosen places
 * a filter left out, parameters a route does not apply, and the codes of its refusals. Over the fake engine.
 */
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listen } from '../../src/cli/start.js';
import { checkPublicUrl } from '../../src/config.js';
import type { Hit, SearchResult } from '../../src/search/types.js';
import { clauseFingerprint } from '../../src/text/fingerprint.js';
import { createFakeEngine, FAKE_DOCUMENTS } from './fake-engine.js';
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

  it('"similar" still refuses part, which it cannot apply, by name', async () => {
    const { app } = testApp();
    const res = await request(app).get('/api/paragraphs/sz_manufacturing:p0003/similar').query({ part: 'attachment' }).expect(400);
    expect(res.body.error.message).toContain('Parameter "part"');
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

  it('headers over Node\'s limit on a page are a 431 page in Chinese (verifying audit, s23: the API\'s English JSON)', async () => {
    const server = await listen(testApp().app, '127.0.0.1', 0);
    const get = (path: string) =>
      new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, path, headers: { accept: 'text/html', cookie: 'x'.repeat(20_000) } }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString('utf8')));
          res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body: text }));
        });
        req.on('error', reject);
        req.end();
      });
    try {
      for (const path of ['/', '/p/sz_manufacturing:p0000?h=abc', '/compare?q=%E4%B8%93']) {
        const { status, type, body } = await get(path);
        expect(status, path).toBe(431);
        expect(type, path).toMatch(/^text\/html/);
        expect(body, path).toMatch(/<p class="error" role="alert">[^<]*Cookie/);
        expect(body, path).not.toMatch(/[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}/);
      }
      // The API keeps its JSON, whatever the client accepts.
      expect(JSON.parse((await get('/api/search?q=x')).body).error.code).toBe('HEADERS_TOO_LARGE');
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

describe('every listed clause carries its fingerprint, and /api/paragraphs/:id reads a permalink\'s (audit M1)', () => {
  it('hits, targets, matrix clauses and diff clauses carry the fingerprint their permalinks carry', async () => {
    const { app } = testApp();
    const hits: Hit[] = [];
    hits.push(...((await request(app).get('/api/search').query({ q: '企业' }).expect(200)).body as SearchResult).results);
    hits.push(...((await request(app).get('/api/compare').query({ q: '专精特新' }).expect(200)).body as { columns: { results: Hit[] }[] }).columns.flatMap((c) => c.results));
    const similar = (await request(app).get('/api/paragraphs/sz_manufacturing:p0003/similar').expect(200)).body as { source: Hit; columns: { results: Hit[] }[] };
    hits.push(similar.source, ...similar.columns.flatMap((c) => c.results));
    const context = (await request(app).get('/api/paragraphs/sz_manufacturing:p0003').expect(200)).body as { paragraph: Hit; before: Hit[]; after: Hit[] };
    hits.push(context.paragraph, ...context.before, ...context.after);
    hits.push(...((await request(app).get('/api/documents/nb_industry').expect(200)).body as { paragraphs: Hit[] }).paragraphs);
    expect(hits.length).toBeGreaterThan(15);
    for (const hit of hits) expect(hit.fingerprint, hit.id).toBe(clauseFingerprint(hit.text));

    const textOf = async (id: string) => ((await request(app).get(`/api/paragraphs/${id}`).query({ context: 0 }).expect(200)).body as { paragraph: Hit }).paragraph.text;
    const listed: { paragraphId: string; fingerprint: string }[] = [];
    const targets = ((await request(app).get('/api/targets').expect(200)).body as { targets: { paragraphId: string; fingerprint: string; restatements: { paragraphId: string; fingerprint: string }[] }[] }).targets;
    listed.push(...targets, ...targets.flatMap((t) => t.restatements));
    const matrix = (await request(app).get('/api/matrix').expect(200)).body as { rows: { measure: { id: string }; cells: { city: string; best: { paragraphId: string; fingerprint: string } | null }[] }[] };
    const cells = matrix.rows.flatMap((r) => r.cells.filter((c) => c.best).map((c) => ({ measure: r.measure.id, city: c.city, best: c.best! })));
    listed.push(...cells.map((c) => c.best));
    const cell = (await request(app).get('/api/matrix/cell').query({ measure: cells[0]!.measure, city: cells[0]!.city }).expect(200)).body as { clauses: { paragraphId: string; fingerprint: string }[]; nearMisses: { paragraphId: string; fingerprint: string }[] };
    listed.push(...cell.clauses, ...cell.nearMisses);
    const diff = (await request(app).get('/api/diff').query({ a: 'sz_manufacturing:p0003', b: 'nb_industry:p0001' }).expect(200)).body as { a: Hit; b: Hit };
    listed.push({ paragraphId: diff.a.id, fingerprint: diff.a.fingerprint }, { paragraphId: diff.b.id, fingerprint: diff.b.fingerprint });
    for (const item of listed) expect(item.fingerprint, item.paragraphId).toBe(clauseFingerprint(await textOf(item.paragraphId)));
  });

  const base = FAKE_DOCUMENTS[0]!;
  const [first, second] = [base.paragraphs[0]!, base.paragraphs[1]!];
  const at = (n: number) => `${base.meta.id}:p${String(n).padStart(4, '0')}`;

  it('?h= answers changed: false while the clause is there, and the clause page\'s 302 when a re-index moved it', async () => {
    const h = clauseFingerprint(second.text);
    const before = testApp(createFakeEngine([base])).app;
    const here = (await request(before).get(`/api/paragraphs/${at(1)}`).query({ h }).expect(200)).body as { paragraph: Hit; changed: boolean };
    expect(here.changed).toBe(false);
    expect(here.paragraph.fingerprint).toBe(h);
    // Without h the answer is as it was: no `changed`.
    expect((await request(before).get(`/api/paragraphs/${at(1)}`).expect(200)).body).not.toHaveProperty('changed');
    // A clause inserted before it: the same link leads to its new id, the query kept (as /p/:id redirects).
    const inserted = { text: '新增一条：支持企业建设数字化车间。', section: first.section };
    const after = testApp(createFakeEngine([{ ...base, paragraphs: [first, inserted, ...base.paragraphs.slice(1)] }])).app;
    const moved = await request(after).get(`/api/paragraphs/${at(1)}?h=${h}&context=0`).expect(302);
    expect(moved.headers.location).toBe(`/api/paragraphs/${at(2)}?h=${h}&context=0`);
    const followed = (await request(after).get(moved.headers.location!).expect(200)).body as { paragraph: Hit; changed: boolean; before: Hit[] };
    expect(followed).toMatchObject({ changed: false, paragraph: { id: at(2), text: second.text }, before: [] });
    // Its old position past the end of the document now (clauses before it removed): found as well.
    const last = base.paragraphs.length - 1;
    const lastH = clauseFingerprint(base.paragraphs[last]!.text);
    const shorter = testApp(createFakeEngine([{ ...base, paragraphs: base.paragraphs.slice(1) }])).app;
    expect((await request(shorter).get(`/api/paragraphs/${at(last)}`).query({ h: lastH }).expect(302)).headers.location).toBe(`/api/paragraphs/${at(last - 1)}?h=${lastH}`);
  });

  it('?h= of a clause rewritten or removed says changed: true (the page\'s notice), or 404 when the id names none', async () => {
    const h = clauseFingerprint(second.text);
    const rewritten = testApp(createFakeEngine([{ ...base, paragraphs: [first, { ...second, text: `${second.text}（修订）` }, ...base.paragraphs.slice(2)] }])).app;
    const changed = (await request(rewritten).get(`/api/paragraphs/${at(1)}`).query({ h }).expect(200)).body as { paragraph: Hit; changed: boolean };
    expect(changed.changed).toBe(true);
    expect(changed.paragraph.text).toBe(`${second.text}（修订）`);
    const last = base.paragraphs.length - 1;
    const gone = testApp(createFakeEngine([{ ...base, paragraphs: base.paragraphs.slice(0, last) }])).app;
    expect((await request(gone).get(`/api/paragraphs/${at(last)}`).query({ h: clauseFingerprint(base.paragraphs[last]!.text) }).expect(404)).body.error.code).toBe('UNKNOWN_PARAGRAPH');
    // A value that is no fingerprint is refused, not ignored.
    expect((await request(rewritten).get(`/api/paragraphs/${at(1)}`).query({ h: 'ZZ-1' }).expect(400)).body.error.message).toContain('Parameter "h"');
  });
});

describe('answers name the chosen places the filters left out, and why "similar" did (audit M3, W4)', () => {
  type Columns = { columns: { city: string }[]; leftOut: string[]; ownDocumentOnly?: string[] };

  it('compare and the matrix list the chosen places without a column in `leftOut`', async () => {
    const { app } = testApp();
    const dated = (await request(app).get('/api/compare').query({ q: '企业', city: ['宁波市', '苏州市'], since: '2024' }).expect(200)).body as Columns;
    expect(dated.columns.map((c) => c.city)).toEqual(['苏州市']);
    expect(dated.leftOut).toEqual(['宁波市']);
    // A level no chosen place has: since the twenty-second session a 400 naming the levels they have and the places of
    // that level (it had been an answer without a column, every chosen place in `leftOut`).
    const level = await request(app).get('/api/compare').query({ q: '企业', group: 'level:prefecture', level: 'province' }).expect(400);
    expect(level.body.error.details).toEqual({ levels: ['prefecture'], cities: ['浙江省'] });
    // Nothing chosen: nothing to name, as the desk's summary.leftOut.
    expect(((await request(app).get('/api/compare').query({ q: '企业', since: '2024' }).expect(200)).body as Columns).leftOut).toEqual([]);
    const matrix = (await request(app).get('/api/matrix').query({ city: ['宁波市', '苏州市'], since: '2024' }).expect(200)).body as { cities: string[]; leftOut: string[] };
    expect(matrix.cities).toEqual(['苏州市']);
    expect(matrix.leftOut).toEqual(['宁波市']);
    expect(((await request(app).get('/api/matrix').expect(200)).body as { leftOut: string[] }).leftOut).toEqual([]);
  });

  it('"similar" says which chosen places hold only the clause\'s own document, not blaming dates it was not given', async () => {
    const { app } = testApp();
    const own = (await request(app).get('/api/paragraphs/nb_industry:p0001/similar').query({ city: '宁波' }).expect(200)).body as Columns;
    expect(own).toMatchObject({ columns: [], leftOut: ['宁波市'], ownDocumentOnly: ['宁波市'] });
    const both = (await request(app).get('/api/paragraphs/nb_industry:p0001/similar').query({ city: ['宁波市', '苏州市'], since: '2025' }).expect(200)).body as Columns;
    expect(both).toMatchObject({ columns: [], leftOut: ['苏州市', '宁波市'], ownDocumentOnly: ['宁波市'] });
    const text = (await request(app).get('/api/similar').query({ text: '支持企业开展工业互联网改造', exclude: 'nb_industry:p0001', city: ['宁波市', '浙江省'] }).expect(200)).body as Columns;
    expect(text).toMatchObject({ columns: [{ city: '浙江省' }], leftOut: ['宁波市'], ownDocumentOnly: ['宁波市'] });
    // The same engine answer under another choice of places is composed anew (level narrows both to 浙江省).
    const narrowed = (await request(app).get('/api/similar').query({ text: '支持企业开展工业互联网改造', exclude: 'nb_industry:p0001', city: ['宁波市', '浙江省'], level: 'province' }).expect(200)).body as Columns;
    const alone = (await request(app).get('/api/similar').query({ text: '支持企业开展工业互联网改造', exclude: 'nb_industry:p0001', city: '浙江省' }).expect(200)).body as Columns;
    expect(narrowed.leftOut).toEqual(['宁波市']);
    expect(alone.leftOut).toEqual([]);
  });

  it('the clause page limited to its own place says the place holds only this document', async () => {
    const { app } = testApp();
    const html = (await request(app).get('/p/nb_industry:p0001').query({ city: '宁波市' }).expect(200)).text;
    expect(html).toContain('所选地区中，宁波市 只有本文件，已排除（相似条款不取本文件）。请另选地区');
    expect(html).not.toContain('成文日期在此范围内');
    const beside = (await request(app).get('/p/nb_industry:p0001').query({ city: ['宁波市', '浙江省'] }).expect(200)).text;
    expect(beside).toContain('所选地区中，宁波市 只有本文件，未列出（相似条款不取本文件）。');
    // Dates that leave a place out are still the dates' doing.
    const dated = (await request(app).get('/p/nb_industry:p0001').query({ city: '苏州市', since: '2025' }).expect(200)).text;
    expect(dated).toContain('其他地区没有成文日期在此范围内的文件');
    expect(dated).not.toContain('只有本文件');
  });
});

describe('absolute links: the public URL, the Host header, and forwarded headers only behind a trusted proxy (audit C1)', () => {
  afterEach(() => vi.unstubAllEnvs());

  /** The first permalink of a search export, and the clause page's 永久链接. */
  async function links(app: Parameters<typeof request>[0], headers: Record<string, string>): Promise<string[]> {
    const csv = await request(app).get('/api/search').query({ q: '专精特新', format: 'csv' }).set(headers).expect(200);
    const page = await request(app).get('/p/sz_manufacturing:p0001').set(headers).expect(200);
    return [/https?:\/\/[^/,"]+\/p\//.exec(csv.text)![0], /id="permalink" href="(https?:\/\/[^/"]+)\/p\//.exec(page.text)![1]!];
  }

  it('follows the Host header and ignores X-Forwarded-Host / -Proto while trust proxy is unset (the default)', async () => {
    const { app } = testApp();
    expect(await links(app, { Host: 'policy.example:8080', 'X-Forwarded-Host': 'evil.example.com', 'X-Forwarded-Proto': 'https' })).toEqual([
      'http://policy.example:8080/p/',
      'http://policy.example:8080',
    ]);
  });

  it('reads X-Forwarded-Host and -Proto when the app trusts its proxy', async () => {
    const { app } = testApp();
    app.set('trust proxy', 'loopback');
    expect(await links(app, { Host: '127.0.0.1:3000', 'X-Forwarded-Host': 'policy.example.org', 'X-Forwarded-Proto': 'https' })).toEqual([
      'https://policy.example.org/p/',
      'https://policy.example.org',
    ]);
  });

  it('writes every link with POLICYLENS_PUBLIC_URL when it is set, whatever the headers say', async () => {
    vi.stubEnv('POLICYLENS_PUBLIC_URL', 'https://policy.example.org');
    const { app } = testApp();
    app.set('trust proxy', 'loopback');
    expect(await links(app, { Host: 'evil.example.com', 'X-Forwarded-Host': 'evil.example.net' })).toEqual(['https://policy.example.org/p/', 'https://policy.example.org']);
  });

  it('npm start refuses a public URL that is no http(s) origin, naming the variable', () => {
    expect(checkPublicUrl({})).toBeNull();
    expect(checkPublicUrl({ POLICYLENS_PUBLIC_URL: ' ' })).toBeNull();
    expect(checkPublicUrl({ POLICYLENS_PUBLIC_URL: 'https://policy.example.org/' })).toBe('https://policy.example.org');
    expect(checkPublicUrl({ POLICYLENS_PUBLIC_URL: 'http://10.0.0.5:8080' })).toBe('http://10.0.0.5:8080');
    for (const bad of ['policy.example.org', 'ftp://policy.example.org', 'https://policy.example.org/policylens/', 'https://policy.example.org/?a=1', 'https://u:p@policy.example.org']) {
      expect(() => checkPublicUrl({ POLICYLENS_PUBLIC_URL: bad }), bad).toThrowError(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('POLICYLENS_PUBLIC_URL=') }));
    }
  });
});
