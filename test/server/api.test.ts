import request from 'supertest';
import { clauseFingerprint } from '../../src/server/view.js';
import { describe, expect, it } from 'vitest';
import { createError } from '../../src/errors.js';
import type { TargetRow } from '../../src/analysis/types.js';
import type { CompareResult, DocumentView, Hit, ParagraphContext, SearchOptions, SearchResult, SimilarResult } from '../../src/search/types.js';
import { createApp } from '../../src/server/app.js';
import { CSV_COLUMNS } from '../../src/server/csv.js';
import { createFakeEngine, FAKE_DOCUMENTS, meta, type FakeDocument } from './fake-engine.js';
import { captureLog, parseCsv, testApp } from './helpers.js';

const CITIES = [...new Set(FAKE_DOCUMENTS.map((d) => d.meta.city))];

function expectError(res: request.Response, status: number, code: string): string {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.body.error.code).toBe(code);
  expect(typeof res.body.error.message).toBe('string');
  expect(JSON.stringify(res.body)).not.toMatch(/\n\s+at |\.ts:\d+/);
  return res.body.error.message as string;
}

function highlightedText(hit: Hit): string[] {
  return hit.highlights.map(([s, e]) => hit.text.slice(s, e));
}

describe('GET /api/health', () => {
  it('reports the corpus size from corpus()', async () => {
    const { app } = testApp();
    const res = await request(app).get('/api/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      documents: FAKE_DOCUMENTS.length,
      paragraphs: FAKE_DOCUMENTS.reduce((n, d) => n + d.paragraphs.length, 0),
    });
  });

  it('reads the engine through the getter on every request, so the index can be swapped', async () => {
    let engine = createFakeEngine();
    const app = createApp({ engine: () => engine, analysis: () => engine.analysis(), logger: captureLog().logger });
    expect((await request(app).get('/api/health')).body.documents).toBe(FAKE_DOCUMENTS.length);
    engine = createFakeEngine(FAKE_DOCUMENTS.slice(0, 1));
    expect((await request(app).get('/api/health')).body.documents).toBe(1);
    // Validation follows the new corpus too: a city that left the corpus is now unknown.
    expectError(await request(app).get('/api/search').query({ q: '企业', city: '宁波市' }), 400, 'UNKNOWN_CITY');
  });

  it('answers 503 with the engine code when the index is missing', async () => {
    const missing = () => {
      throw createError('INDEX_MISSING', 'No index yet: run `npm run index`.');
    };
    const app = createApp({ engine: missing, analysis: missing, logger: captureLog().logger });
    expectError(await request(app).get('/api/health'), 503, 'INDEX_MISSING');
  });
});

describe('GET /api/search', () => {
  it('returns { query, mode, results, expanded } with hybrid and k=10 by default', async () => {
    const { app, calls } = testApp();
    const res = await request(app).get('/api/search').query({ q: '  专精特新 ' }).expect(200);
    const body = res.body as SearchResult;
    expect(body.query).toBe('专精特新');
    expect(body.mode).toBe('hybrid');
    expect(body.expanded).toEqual(['小巨人']);
    expect(body.results.length).toBeGreaterThan(0);
    for (const hit of body.results) {
      expect(hit.text.includes('专精特新') || hit.text.includes('小巨人')).toBe(true);
      for (const marked of highlightedText(hit)) expect(['专精特新', '小巨人']).toContain(marked);
    }
    expect(calls).toEqual([{ method: 'search', args: ['专精特新', { mode: 'hybrid', k: 10 }] }]);
  });

  it('passes mode, k, repeated cities, documents, levels and part to the engine', async () => {
    const { app, calls } = testApp();
    const res = await request(app)
      .get('/api/search?q=企业&mode=keyword&k=2&city=苏州市&city=宁波市&doc=nb_industry&level=prefecture&part=main')
      .expect(200);
    expect(calls[0]!.args[1]).toEqual({
      mode: 'keyword',
      k: 2,
      cities: ['苏州市', '宁波市'],
      docs: ['nb_industry'],
      levels: ['prefecture'],
      part: 'main',
    } satisfies SearchOptions);
    const hits = (res.body as SearchResult).results;
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThanOrEqual(2);
    for (const hit of hits) expect(hit).toMatchObject({ doc: { id: 'nb_industry' }, part: 'main' });
  });

  it('treats empty filter fields from the HTML form as "all"', async () => {
    const { app, calls } = testApp();
    await request(app).get('/api/search?q=企业&doc=&level=&part=&city=').expect(200);
    expect(calls[0]!.args[1]).toEqual({ mode: 'hybrid', k: 10 });
  });

  it('accepts k at the bounds 1 and 100 and a query of exactly 1,000 characters', async () => {
    const { app } = testApp();
    expect((await request(app).get('/api/search').query({ q: '企业', k: 1 }).expect(200)).body.results).toHaveLength(1);
    await request(app).get('/api/search').query({ q: '企业', k: 100 }).expect(200);
    await request(app).get('/api/search').query({ q: '专'.repeat(1000), city: ['苏州市', '宁波市', '浙江省'] }).expect(200);
  });

  it.each([
    ['mode=fuzzy', 'Valid modes: hybrid, semantic, keyword'],
    ['k=0', 'from 1 to 100'],
    ['k=101', 'from 1 to 100'],
    ['k=2.5', 'from 1 to 100'],
    ['k=ten', 'from 1 to 100'],
    ['format=xml', 'Valid formats: json, csv'],
    ['part=appendix', 'Valid parts: main, attachment'],
    ['level=city', 'Valid levels: province, prefecture'],
  ])('rejects %s with BAD_REQUEST naming the valid values', async (param, expected) => {
    const { app, calls } = testApp();
    const message = expectError(await request(app).get(`/api/search?q=企业&${param}`), 400, 'BAD_REQUEST');
    expect(message).toContain(expected);
    expect(calls).toHaveLength(0);
  });

  it('rejects a missing, empty, blank, repeated or 1,001-character q', async () => {
    const { app } = testApp();
    expect(expectError(await request(app).get('/api/search'), 400, 'BAD_REQUEST')).toMatch(/"q" is required/);
    expect(expectError(await request(app).get('/api/search?q='), 400, 'BAD_REQUEST')).toMatch(/"q" must not be empty/);
    expect(expectError(await request(app).get('/api/search?q=%20%E3%80%80%20'), 400, 'BAD_REQUEST')).toMatch(/must not be empty/);
    expect(expectError(await request(app).get('/api/search?q=a&q=b'), 400, 'BAD_REQUEST')).toMatch(/given once/);
    // Punctuation alone, a control character: nothing to search for.
    for (const q of ['%EF%BC%9F%EF%BC%9F', '%E3%80%8A%E3%80%8B', '%00', '...'])
      expect(expectError(await request(app).get(`/api/search?q=${q}`), 400, 'BAD_REQUEST'), q).toMatch(/"q" holds no word, number or character/);
    // A lone surrogate is no UTF-8 at all: refused as an encoding mistake.
    expect(expectError(await request(app).get('/api/search?q=%ED%A0%80'), 400, 'BAD_REQUEST')).toMatch(/not valid percent-encoded UTF-8/);
    // One letter, digit or ideograph is enough.
    for (const q of ['5G', '%E3%80%8A%E4%B8%93%E3%80%8B', 'R'])
      expect((await request(app).get(`/api/search?q=${q}`)).status, q).toBe(200);
    const long = expectError(await request(app).get('/api/search').query({ q: '专'.repeat(1001) }), 400, 'BAD_REQUEST');
    expect(long).toContain('1001 characters');
  });

  it('filters by document date, a year, month or day as bounds, and refuses a bound that is no date or bounds that cross', async () => {
    const { app, calls } = testApp();
    const res = await request(app).get('/api/search').query({ q: '工业互联网', since: '2023-07', until: '2024' }).expect(200);
    const dates = (res.body as SearchResult).results.map((h) => h.doc.date);
    expect(dates.length).toBeGreaterThan(0);
    for (const d of dates) expect(d! >= '2023-07' && d! <= '2024-12-31', String(d)).toBe(true);
    expect(calls.at(-1)!.args[1]).toMatchObject({ since: '2023-07-01', until: '2024-12-31' });
    expect(expectError(await request(app).get('/api/search').query({ q: '企业', since: '去年' }), 400, 'BAD_REQUEST')).toBe(
      'Parameter "since" must be a year, month or day from 1949 to 2100 such as 2022, 2022-05 or 2022-05-01 (got "去年").',
    );
    expect(expectError(await request(app).get('/api/compare').query({ q: '企业', until: '2024-13' }), 400, 'BAD_REQUEST')).toMatch(/"until" must be a year, month or day/);
    expect(expectError(await request(app).get('/api/search').query({ q: '企业', since: '2024', until: '2023' }), 400, 'BAD_REQUEST')).toBe(
      'Parameter "since" (2024-01-01) is after "until" (2023-12-31): no document can be dated between them.',
    );
  });

  it('names the valid cities for an unknown city (UNKNOWN_CITY, 400)', async () => {
    const { app } = testApp();
    const message = expectError(await request(app).get('/api/search').query({ q: '企业', city: '北京市' }), 400, 'UNKNOWN_CITY');
    expect(message).toBe(`Unknown city "北京市". Valid cities: ${CITIES.join(', ')}.`);
  });

  it('answers UNKNOWN_DOCUMENT (404) for an unknown document filter', async () => {
    const { app } = testApp();
    const res = await request(app).get('/api/search').query({ q: '企业', doc: 'missing_doc' });
    const message = expectError(res, 404, 'UNKNOWN_DOCUMENT');
    expect(message).toContain('Valid documents: sz_manufacturing, sz_talent, nb_industry, zj_province');
    // The ids in `details` too, as an unknown city's refusal gives its places (the README audit found `details: null`).
    expect(res.body.error.details.valid).toEqual(expect.arrayContaining(['sz_manufacturing', 'sz_talent', 'nb_industry', 'zj_province']));
  });
});

describe('places named in the query', () => {
  it('limit a search to them, say so in `scope`, and search the rest of the query', async () => {
    const { app, calls } = testApp();
    const body = (await request(app).get('/api/search').query({ q: '宁波市 工业互联网' }).expect(200)).body as SearchResult;
    expect(body.query).toBe('宁波市 工业互联网');
    expect(body.scope).toEqual({ cities: ['宁波市'], named: ['宁波市'], query: '工业互联网' });
    expect(body.results.length).toBeGreaterThan(0);
    for (const hit of body.results) expect(hit.doc.city).toBe('宁波市');
    expect(calls).toEqual([{ method: 'search', args: ['宁波市 工业互联网', { mode: 'hybrid', k: 10 }] }]);
  });

  it('are searched as typed with scope=all, or when places are chosen', async () => {
    const { app, calls } = testApp();
    const all = (await request(app).get('/api/search').query({ q: '宁波市 工业互联网', scope: 'all' }).expect(200)).body as SearchResult;
    expect(all.scope).toBeNull();
    expect(new Set(all.results.map((h) => h.doc.city)).size).toBeGreaterThan(1);
    expect(calls[0]).toEqual({ method: 'search', args: ['宁波市 工业互联网', { mode: 'hybrid', k: 10, scope: 'all' }] });
    const chosen = (await request(app).get('/api/search').query({ q: '宁波市 工业互联网', city: '苏州市' }).expect(200)).body as SearchResult;
    expect(chosen.scope).toBeNull();
    for (const hit of chosen.results) expect(hit.doc.city).toBe('苏州市');
  });

  it('compare every place on the rest of the query, or only the places named when there are two or more', async () => {
    const { app } = testApp();
    const one = (await request(app).get('/api/compare').query({ q: '宁波 工业互联网' }).expect(200)).body as CompareResult;
    const plain = (await request(app).get('/api/compare').query({ q: '工业互联网' }).expect(200)).body as CompareResult;
    expect(one.scope?.query).toBe('工业互联网');
    expect(one.columns.map((c) => [c.city, c.results.map((h) => h.id)])).toEqual(plain.columns.map((c) => [c.city, c.results.map((h) => h.id)]));
    const two = (await request(app).get('/api/compare').query({ q: '宁波和苏州的工业互联网' }).expect(200)).body as CompareResult;
    expect(two.columns.map((c) => c.city)).toEqual(['苏州市', '宁波市']);
  });

  it('refuses an unknown scope with a 400 that lists the valid ones', async () => {
    const { app } = testApp();
    const res = await request(app).get('/api/search').query({ q: '企业', scope: 'nearby' }).expect(400);
    expect(res.body.error.code).toBe('BAD_REQUEST');
    expect(res.body.error.message).toContain('auto, all');
  });
});

describe('a query that names a document', () => {
  it('lists it in `documents`, by number (any brackets) or title; a topic names none', async () => {
    const { app } = testApp();
    for (const q of ['苏府[2024]1号', '《苏州市制造业提质行动方案》']) {
      const body = (await request(app).get('/api/search').query({ q }).expect(200)).body as SearchResult;
      expect(body.documents.map((d) => [d.document.id, d.document.docNumber, d.rest]), q).toEqual([['sz_manufacturing', '苏府〔2024〕1号', '']]);
    }
    expect(((await request(app).get('/api/search').query({ q: '专精特新' }).expect(200)).body as SearchResult).documents).toEqual([]);
  });
});

describe('a word mistyped with a homophone', () => {
  it('is read as the corpus word, said in `spelling`, and searched that way; spell=off searches as typed', async () => {
    const { app, calls } = testApp();
    const body = (await request(app).get('/api/search').query({ q: '专精特心' }).expect(200)).body as SearchResult;
    expect(body.query).toBe('专精特心');
    expect(body.spelling).toEqual({ query: '专精特新', changes: [{ from: '专精特心', to: '专精特新' }] });
    const right = (await request(app).get('/api/search').query({ q: '专精特新' }).expect(200)).body as SearchResult;
    expect(right.spelling).toBeNull();
    expect(body.results.map((h) => h.id)).toEqual(right.results.map((h) => h.id));
    expect(body.results.length).toBeGreaterThan(0);
    const off = (await request(app).get('/api/search').query({ q: '专精特心', spell: 'off' }).expect(200)).body as SearchResult;
    expect(off.spelling).toBeNull();
    expect(calls.at(-1)).toEqual({ method: 'search', args: ['专精特心', { mode: 'hybrid', k: 10, spell: 'off' }] });
  });

  it('is read in a comparison too, before places named in it scope it', async () => {
    const { app } = testApp();
    const body = (await request(app).get('/api/compare').query({ q: '宁波 亩均效一' }).expect(200)).body as CompareResult;
    expect(body.spelling?.query).toBe('宁波 亩均效益');
    expect(body.scope?.query).toBe('亩均效益');
  });

  it('refuses an unknown spell value with a 400 that lists the valid ones', async () => {
    const { app } = testApp();
    const res = await request(app).get('/api/compare').query({ q: '企业', spell: 'fix' }).expect(400);
    expect(res.body.error.code).toBe('BAD_REQUEST');
    expect(res.body.error.message).toContain('auto, off');
  });
});

describe('GET /api/compare', () => {
  it('returns one column per city, k=3 by default, with a weak column where nothing matches', async () => {
    const { app, calls } = testApp();
    const res = await request(app).get('/api/compare').query({ q: '首台(套)' }).expect(200);
    const body = res.body as CompareResult;
    expect(body).toMatchObject({ query: '首台(套)', mode: 'hybrid', expanded: [] });
    expect(body.columns.map((c) => c.city)).toEqual(CITIES);
    expect(calls[0]!.args[1]).toEqual({ mode: 'hybrid', k: 3 });
    const ningbo = body.columns.find((c) => c.city === '宁波市')!;
    expect(ningbo.weak).toBe(true);
    for (const column of body.columns.filter((c) => c.city !== '宁波市')) {
      expect(column.weak).toBe(false);
      expect(column.results[0]!.text).toContain('首台(套)');
      for (const hit of column.results) expect(hit.doc.city).toBe(column.city);
    }
  });

  it('limits the columns to the cities asked for and validates like search', async () => {
    const { app } = testApp();
    const res = await request(app).get('/api/compare?q=工业互联网&city=宁波市&city=浙江省&k=1').expect(200);
    expect((res.body as CompareResult).columns.map((c) => c.city)).toEqual(['宁波市', '浙江省']);
    for (const c of (res.body as CompareResult).columns) expect(c.results.length).toBeLessThanOrEqual(1);
    expectError(await request(app).get('/api/compare?q=x&mode=bm25'), 400, 'BAD_REQUEST');
    expectError(await request(app).get('/api/compare?q=x&city=上海市'), 400, 'UNKNOWN_CITY');
  });
});

describe('targets for a question about targets (search and compare)', () => {
  const QUESTION = '专精特新企业要培育多少家';

  it('search answers the matched targets beside the results; any other query an empty array', async () => {
    const { app } = testApp();
    const asked = (await request(app).get('/api/search').query({ q: QUESTION }).expect(200)).body as SearchResult & { targets: TargetRow[] };
    expect(asked.results.length).toBeGreaterThan(0);
    expect(asked.targets.map((t) => [t.doc.city, t.indicator, t.value, t.unit, t.year])).toEqual([['苏州市', '培育专精特新企业', 500, '家', '到2026年']]);
    expect(asked.targets[0]!.paragraphId).toBe('sz_manufacturing:p0001');
    const plain = (await request(app).get('/api/search').query({ q: '专精特新' }).expect(200)).body as SearchResult & { targets: TargetRow[] };
    expect(plain.targets).toEqual([]);
    expect(Object.keys(plain)).toEqual(expect.arrayContaining(['query', 'mode', 'results', 'expanded', 'targets']));
  });

  it('leaves out the targets of documents not in force on the day in_force names, as the hits', async () => {
    // 苏州's plan, which sets the 500 家, ran to 2022-12-31.
    const docs = FAKE_DOCUMENTS.map((d) => (d.meta.id === 'sz_manufacturing' ? { ...d, meta: { ...d.meta, effectiveDate: '2020-01-01', expiryDate: '2022-12-31' } } : d));
    const { app } = testApp(createFakeEngine(docs));
    const before = (await request(app).get('/api/search').query({ q: QUESTION, in_force: '2022-06-01' }).expect(200)).body as SearchResult & { targets: TargetRow[] };
    expect(before.targets.map((t) => t.value)).toEqual([500]);
    const after = (await request(app).get('/api/search').query({ q: QUESTION, in_force: '2023-06-01' }).expect(200)).body as SearchResult & { targets: TargetRow[] };
    expect(after.targets).toEqual([]);
    const compared = (await request(app).get('/api/compare').query({ q: QUESTION, in_force: '2023-06-01' }).expect(200)).body as { columns: { targets: TargetRow[] }[] };
    for (const c of compared.columns) expect(c.targets).toEqual([]);
  });

  it('compare gives each column its city’s targets, empty arrays elsewhere', async () => {
    const { app } = testApp();
    const body = (await request(app).get('/api/compare').query({ q: QUESTION }).expect(200)).body as { columns: { city: string; targets: TargetRow[] }[] };
    expect(body.columns.map((c) => [c.city, c.targets.map((t) => t.value)])).toEqual(CITIES.map((c) => [c, c === '苏州市' ? [500] : []]));
    const plain = (await request(app).get('/api/compare').query({ q: '首台(套)' }).expect(200)).body as { columns: { targets: TargetRow[] }[] };
    for (const c of plain.columns) expect(c.targets).toEqual([]);
  });

  it('keeps the city filter: a question filtered to another city gets no targets', async () => {
    const { app } = testApp();
    const body = (await request(app).get('/api/search').query({ q: QUESTION, city: '宁波市' }).expect(200)).body as { targets: TargetRow[] };
    expect(body.targets).toEqual([]);
  });

  it('the comparison CSV lists a city’s targets before its clauses, as target rows cited by their clause', async () => {
    const { app } = testApp();
    const json = (await request(app).get('/api/compare').query({ q: QUESTION })).body as CompareResult;
    const rows = parseCsv((await request(app).get('/api/compare').query({ q: QUESTION, format: 'csv' }).expect(200)).text).slice(1);
    const role = (r: string[]) => r[CSV_COLUMNS.indexOf('role')];
    const target = rows.filter((r) => role(r) === 'target');
    expect(target).toHaveLength(1);
    // Its section is its clause's (it had been the label 量化目标), and the target's fields have columns of their own.
    expect(target[0]!.slice(0, 5)).toEqual(['苏州市', '苏州市制造业提质行动方案', '一、总体目标', '培育专精特新企业：500 家 到2026年', '']);
    expect(target[0]![5]).toMatch(/\/p\/sz_manufacturing:p0001\?h=[0-9a-z]+$/);
    expect(CSV_COLUMNS.slice(16, 25).map((name) => target[0]![CSV_COLUMNS.indexOf(name)])).toEqual(['培育专精特新企业', '500', '', '家', '', '', '到2026年', '', '2024–2026']);
    // The clause rows are the hit rows, in column order, after each city's targets.
    expect(rows.filter((r) => role(r) !== 'target').map((r) => [r[0], r[3]])).toEqual(json.columns.flatMap((c) => c.results.map((h) => [c.city, h.text])));
    expect(rows.findIndex((r) => role(r) === 'target')).toBe(0);
  });

  it('the search CSV lists the matched targets before the hits, as the page shows them', async () => {
    const { app } = testApp();
    const json = (await request(app).get('/api/search').query({ q: QUESTION })).body as SearchResult & { targets: TargetRow[] };
    expect(json.targets.length).toBeGreaterThan(0);
    const rows = parseCsv((await request(app).get('/api/search').query({ q: QUESTION, format: 'csv' }).expect(200)).text).slice(1);
    expect(rows.slice(0, json.targets.length).map((r) => [r[14], r[10], r[16]])).toEqual(json.targets.map((t) => ['target', t.doc.date ?? '', t.indicator]));
    expect(rows.slice(json.targets.length).map((r) => r[3])).toEqual(json.results.map((h) => h.text));
  });
});

describe('GET /api/paragraphs/:id', () => {
  it('returns the paragraph with two paragraphs of context either side by default', async () => {
    const { app } = testApp();
    const res = await request(app).get('/api/paragraphs/sz_manufacturing:p0003').expect(200);
    const body = res.body as ParagraphContext;
    expect(body.paragraph.id).toBe('sz_manufacturing:p0003');
    expect(body.before.map((h) => h.id)).toEqual(['sz_manufacturing:p0001', 'sz_manufacturing:p0002']);
    expect(body.after.map((h) => h.id)).toEqual(['sz_manufacturing:p0004', 'sz_manufacturing:p0005']);
  });

  it('takes a context size from 0 to 10', async () => {
    const { app, calls } = testApp();
    const res = await request(app).get('/api/paragraphs/sz_manufacturing:p0003?context=0').expect(200);
    expect(res.body.before).toEqual([]);
    expect(calls[0]).toEqual({ method: 'paragraph', args: ['sz_manufacturing:p0003', 0] });
    expectError(await request(app).get('/api/paragraphs/sz_manufacturing:p0003?context=11'), 400, 'BAD_REQUEST');
  });

  it('answers UNKNOWN_PARAGRAPH (404) for a well-formed id that is not in the corpus', async () => {
    const { app } = testApp();
    expectError(await request(app).get('/api/paragraphs/sz_manufacturing:p0999'), 404, 'UNKNOWN_PARAGRAPH');
  });

  it.each(['..%2F..%2Fetc%2Fpasswd', 'sz_manufacturing', 'sz_manufacturing:0003', '..:p0001', 'a%5Cb:p1', '%2Etmp:p1', 'x%00:p1'])(
    'rejects the malformed id %s before it reaches the engine',
    async (id) => {
      const { app, calls } = testApp();
      expectError(await request(app).get(`/api/paragraphs/${id}`), 400, 'BAD_REQUEST');
      expect(calls).toHaveLength(0);
    },
  );
});

describe('GET /api/paragraphs/:id/similar', () => {
  it('returns the source and one column per city without the source document, k=3 by default', async () => {
    const { app, calls } = testApp();
    const res = await request(app).get('/api/paragraphs/sz_manufacturing:p0003/similar').expect(200);
    const body = res.body as SimilarResult;
    expect(body.source.id).toBe('sz_manufacturing:p0003');
    expect(body.columns.map((c) => c.city)).toEqual(CITIES);
    expect(calls[0]).toEqual({ method: 'similar', args: ['sz_manufacturing:p0003', { k: 3 }] });
    for (const c of body.columns) for (const hit of c.results) expect(hit.doc.id).not.toBe('sz_manufacturing');
    expect(body.columns.find((c) => c.city === '宁波市')!.results[0]!.text).toContain('工业互联网');
  });

  it('validates k and the cities, and 404s an unknown paragraph', async () => {
    const { app } = testApp();
    const res = await request(app).get('/api/paragraphs/sz_manufacturing:p0003/similar?k=1&city=宁波市').expect(200);
    expect((res.body as SimilarResult).columns.map((c) => [c.city, c.results.length])).toEqual([['宁波市', 1]]);
    expectError(await request(app).get('/api/paragraphs/sz_manufacturing:p0003/similar?k=0'), 400, 'BAD_REQUEST');
    expectError(await request(app).get('/api/paragraphs/sz_manufacturing:p0003/similar?city=北京市'), 400, 'UNKNOWN_CITY');
    expectError(await request(app).get('/api/paragraphs/nb_industry:p0042/similar'), 404, 'UNKNOWN_PARAGRAPH');
  });
});

describe('GET /api/documents', () => {
  it('lists every document with its metadata and paragraph count', async () => {
    const { app } = testApp();
    const res = await request(app).get('/api/documents').expect(200);
    expect(res.body.documents.map((d: { id: string }) => d.id)).toEqual(FAKE_DOCUMENTS.map((d) => d.meta.id));
    expect(res.body.documents[0]).toMatchObject({ title: '苏州市制造业提质行动方案', paragraphCount: FAKE_DOCUMENTS[0]!.paragraphs.length });
  });

  it('returns one document with its outline and paragraphs', async () => {
    const { app } = testApp();
    const res = await request(app).get('/api/documents/nb_industry').expect(200);
    const view = res.body as DocumentView;
    expect(view.document.id).toBe('nb_industry');
    expect(view.paragraphs).toHaveLength(FAKE_DOCUMENTS[2]!.paragraphs.length);
    expect(view.outline.map((o) => o.title)).toContain('三、企业培育');
  });

  it('exports the corpus list as CSV, sorted and filtered as asked, with each reader\'s link', async () => {
    const { app } = testApp();
    const json = (await request(app).get('/api/documents').query({ sort: 'paragraphs', order: 'desc' })).body as { documents: { id: string; title: string | null; file: string; paragraphCount: number }[] };
    const res = await request(app).get('/api/documents').query({ sort: 'paragraphs', order: 'desc', format: 'csv' }).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/filename="policylens-documents\.csv"/);
    const rows = parseCsv(res.text);
    expect(rows[0]).toEqual(['title', 'city', 'place_code', 'place_kind', 'level', 'parent', 'province', 'type', 'issuer', 'doc_number', 'date', 'adopted', 'approved', 'posted', 'effective', 'expires', 'plan_period', 'paragraphs', 'file', 'link', 'end_date', 'status', 'level_label']);
    // The level as its code, which API users read, and, last, as the page says it (export audit 10, session 22).
    expect(rows.slice(1).map((r) => [r[4], r[22]])).toContainEqual(['prefecture', '地级']);
    expect(rows.slice(1).map((r) => [r[4], r[22]])).toContainEqual(['province', '省级']);
    expect(rows.slice(1).map((r) => [r[0], r[17], r[19]])).toEqual(
      // An untitled document's title is empty, as in the JSON (a placeholder there read as a title); its file and
      // place have columns of their own.
      json.documents.map((d) => [d.title ?? '', String(d.paragraphCount), expect.stringMatching(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/doc/${d.id}$`))]),
    );
    const city = FAKE_DOCUMENTS[2]!.meta.city!;
    const filtered = parseCsv((await request(app).get('/api/documents').query({ city, format: 'csv' }).expect(200)).text).slice(1);
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((r) => r[1] === city)).toBe(true);
    expectError(await request(app).get('/api/documents?format=xml'), 400, 'BAD_REQUEST');
  });

  it('lists the documents dated within since / until, and refuses bounds that cross', async () => {
    const { app } = testApp();
    const all = (await request(app).get('/api/documents').expect(200)).body.documents as { id: string; date: string | null }[];
    const kept = (await request(app).get('/api/documents').query({ since: '2023-07' }).expect(200)).body.documents as { id: string; date: string | null }[];
    expect(kept.map((d) => d.id)).toEqual(all.filter((d) => d.date !== null && d.date >= '2023-07').map((d) => d.id));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(all.length);
    expectError(await request(app).get('/api/documents').query({ since: '2024', until: '2023' }), 400, 'BAD_REQUEST');
  });

  it('exports one document\'s clauses as CSV, in reading order with section paths and permalinks', async () => {
    const { app } = testApp();
    const view = (await request(app).get('/api/documents/nb_industry')).body as DocumentView;
    const res = await request(app).get('/api/documents/nb_industry?format=csv').expect(200);
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(`policylens-document-${view.document.title}.csv`)}`);
    const rows = parseCsv(res.text);
    expect(rows[0]).toEqual(['n', 'section', 'text', 'part', 'kind', 'responsible', 'duplicates', 'permalink', 'basis', 'issuer', 'basis_number', 'basis_date', 'tool', 'audience', 'lead', 'table_header', 'table_cells', 'also_in', 'tags', 'clause_part']);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2], r[7]])).toEqual(
      view.paragraphs.map((h, i) => [String(i + 1), h.section.join(' › '), h.text, expect.stringMatching(new RegExp(`/p/${h.id}\\?h=${clauseFingerprint(h.text)}$`))]),
    );
    expectError(await request(app).get('/api/documents/nb_industry?format=pdf'), 400, 'BAD_REQUEST');
    expectError(await request(app).get('/api/documents/no_such_doc?format=csv'), 404, 'UNKNOWN_DOCUMENT');
  });

  it('404s an unknown document and 400s a malformed id', async () => {
    const { app, calls } = testApp();
    const unknown = await request(app).get('/api/documents/no_such_doc');
    expectError(unknown, 404, 'UNKNOWN_DOCUMENT');
    // Every id, as doc=no_such_doc gives them (verifying audit, s23: the route had given none).
    const ids = (await request(app).get('/api/documents').expect(200)).body.documents.map((d: { id: string }) => d.id);
    expect(unknown.body.error.details.valid).toEqual(ids);
    expect((await request(app).get('/api/search').query({ q: '专精特新', doc: 'no_such_doc' }).expect(404)).body.error.details.valid).toEqual(ids);
    expectError(await request(app).get('/api/documents/..%2F..%2Fetc'), 400, 'BAD_REQUEST');
    expectError(await request(app).get('/api/documents/%2E%2E'), 400, 'BAD_REQUEST');
    expect(calls.map((c) => c.args[0])).toEqual(['no_such_doc']);
  });
});

describe('errors', () => {
  it('answers JSON 404 for an unknown API route', async () => {
    const { app } = testApp();
    expectError(await request(app).get('/api/nothing/here'), 404, 'NOT_FOUND');
    expectError(await request(app).delete('/api/nothing'), 404, 'NOT_FOUND');
    // A route that exists under GET: 405 (below).
    expectError(await request(app).delete('/api/documents'), 405, 'METHOD_NOT_ALLOWED');
  });

  it('answers 414 for a URL over 12 KiB (a 1,000-character Chinese query is 9 KB encoded)', async () => {
    const { app, calls } = testApp();
    expectError(await request(app).get('/api/search').query({ q: 'x'.repeat(13_000) }), 414, 'URI_TOO_LONG');
    const pageRes = await request(app).get(`/${'a'.repeat(13_000)}`);
    expect(pageRes.status).toBe(414);
    expect(pageRes.headers['content-type']).toMatch(/^text\/html/);
    expect(calls).toHaveLength(0);
  });

  it('answers 413 JSON for a large posted body', async () => {
    const { app } = testApp();
    const res = await request(app).post('/api/search').set('Content-Type', 'application/json').send(JSON.stringify({ q: 'x'.repeat(20_000) }));
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers 400 for a malformed percent-escape in a path', async () => {
    const { app } = testApp();
    expectError(await request(app).get('/api/paragraphs/%E0%A4%A'), 400, 'BAD_REQUEST');
  });

  it('hides an engine crash behind INTERNAL and logs its stack', async () => {
    const engine = createFakeEngine(undefined, {
      beforeQuery: () => {
        throw new Error('secret internal detail');
      },
    });
    const { app, log } = testApp(engine);
    const res = await request(app).get('/api/search?q=企业');
    const message = expectError(res, 500, 'INTERNAL');
    expect(message).not.toContain('secret');
    const logged = log.lines().find((l) => l.level === 50);
    expect(JSON.stringify(logged)).toContain('secret internal detail');
    expect((logged!.err as { stack: string }).stack).toMatch(/at /);
  });

  it('keeps the status and code of a PolicyLensError raised by the engine', async () => {
    const engine = createFakeEngine(undefined, {
      beforeQuery: () => {
        throw createError('INDEX_CORRUPT', 'vectors.bin is truncated');
      },
    });
    const { app } = testApp(engine);
    expectError(await request(app).get('/api/compare?q=企业'), 503, 'INDEX_CORRUPT');
  });
});

describe('templates', () => {
  it('are compiled once and kept, whatever NODE_ENV is: a running server does not pick up edited views', async () => {
    const { app } = testApp();
    await request(app).get('/').expect(200);
    // Express keeps looked-up views in app.cache only when "view cache" is on (and then ejs keeps them compiled).
    expect(Object.keys((app as unknown as { cache: Record<string, unknown> }).cache).length).toBeGreaterThan(0);
  });
});

describe('security headers', () => {
  it('sends a Content-Security-Policy without inline scripts or styles', async () => {
    const { app } = testApp();
    const res = await request(app).get('/api/health');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("script-src-attr 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

/** Documents whose text would break a naive CSV writer or run as a spreadsheet formula. */
const TRICKY: FakeDocument[] = [
  {
    meta: meta({ id: 'tricky', title: '含"引号",与逗号的标题', city: '测试市', level: 'district' }),
    paragraphs: [
      { text: '=HYPERLINK("http://evil.example","补贴")', section: ['一、公式'] },
      { text: '+补贴 加号开头', section: ['-减号开头的章节'] },
      { text: '@补贴 SUM(A1)', section: ['二、换行'] },
      { text: '补贴分两行\n第二行，含逗号', section: ['二、换行'] },
    ],
  },
];

describe('CSV exports', () => {
  it('exports search results with BOM, header, type, file name and absolute permalinks', async () => {
    const { app } = testApp();
    const res = await request(app).get('/api/search').query({ q: '专精特新', format: 'csv' }).set('Host', 'policy.example:8080').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.text.startsWith('\uFEFF')).toBe(true);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="policylens-search.csv"; filename*=UTF-8''${encodeURIComponent('policylens-search-专精特新.csv')}`,
    );
    const rows = parseCsv(res.text);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const json = (await request(app).get('/api/search').query({ q: '专精特新' })).body as SearchResult;
    const docs = new Map(((await request(app).get('/api/documents')).body.documents as { id: string; issuer: string | null; docNumber: string | null }[]).map((d) => [d.id, d]));
    expect(rows.slice(1).map((r) => r.slice(0, 27))).toEqual(
      json.results.map((h) => [
        h.doc.city,
        h.doc.title ?? h.doc.file,
        h.section.join(' › '),
        h.text,
        String(Math.round(h.score * 10_000) / 10_000),
        `http://policy.example:8080/p/${h.id}?h=${clauseFingerprint(h.text)}`,
        h.source?.basis ?? '',
        h.source?.issuer ?? '',
        h.source?.docNumber ?? '',
        h.source?.date ?? '',
        h.doc.date ?? '',
        // The document's own 发文机关 and 文号 (苏州's are in the fake corpus), and no `weak` in a search.
        docs.get(h.doc.id)?.issuer ?? '',
        docs.get(h.doc.id)?.docNumber ?? '',
        '',
        'result',
        h.sentences.length > 1 && h.why.sentence !== null ? h.sentences[h.why.sentence]!.text : '',
        // A clause's row leaves the target columns empty, and a clause of text the table's.
        ...Array(11).fill(''),
      ]),
    );
    expect(rows.slice(1).some((r) => r[11] === '苏州市人民政府' && r[12] === '苏府〔2024〕1号')).toBe(true);
    // Then the card's part, kind, tags, 责任单位, lead units and 亦见于, and what produced the file: the rank, query, mode
    // and filters (export audit 4 and researcher audit 9, session 22).
    const col = (r: string[], name: (typeof CSV_COLUMNS)[number]) => r[CSV_COLUMNS.indexOf(name)];
    expect(rows.slice(1).map((r) => (['part', 'kind', 'responsible', 'rank', 'query', 'mode', 'filters'] as const).map((name) => col(r, name)))).toEqual(
      json.results.map((h, i) => [h.part, h.kind, h.responsible.join('、'), String(i + 1), '专精特新', 'hybrid', '不限']),
    );
    // Filters name the file: two exports of one query with different scopes no longer share a name.
    const scoped = await request(app).get('/api/search').query({ q: '专精特新', format: 'csv', city: '苏州市', since: '2023', in_force: '2024-06-01' }).expect(200);
    expect(decodeURIComponent(scoped.headers['content-disposition']!.split("UTF-8''")[1]!)).toBe('policylens-search-专精特新-苏州市-2023-01-01起-2024-06-01现行有效.csv');
    expect(new Set(parseCsv(scoped.text).slice(1).map((r) => col(r, 'filters')))).toEqual(new Set(['地区：苏州市；成文日期：2023-01-01 起；现行有效：2024-06-01']));
  });

  it('names every filter in the file name, a group by its label, and the places in the order of the rows (export audit and researcher audit, session 22)', async () => {
    const { app } = testApp();
    const name = (res: request.Response) => decodeURIComponent(res.headers['content-disposition']!.split("UTF-8''")[1]!);
    const fallback = (res: request.Response) => /filename="([^"]*)"/.exec(res.headers['content-disposition']!)![1];
    // The document, level and part chosen were dropped: these exports took the name of the unfiltered one.
    const byDoc = await request(app).get('/api/search').query({ q: '专精特新', doc: 'nb_industry', format: 'csv' }).expect(200);
    expect(name(byDoc)).toBe('policylens-search-专精特新-宁波市推动产业高质量发展若干意见.csv');
    expect(fallback(byDoc)).toBe('policylens-search-nb_industry.csv');
    const byLevel = await request(app).get('/api/search').query({ q: '专精特新', level: 'province', part: 'attachment', format: 'csv' }).expect(200);
    expect(name(byLevel)).toBe('policylens-search-专精特新-省级-附件.csv');
    expect(fallback(byLevel)).toBe('policylens-search-province-attachment.csv');
    // A group by its label everywhere: search had listed its places, targets and the matrix its id, /docs its level alone.
    const group = { group: 'province:浙江省', format: 'csv' };
    expect(name(await request(app).get('/api/search').query({ q: '专精特新', ...group }).expect(200))).toBe('policylens-search-专精特新-浙江省及下辖地区.csv');
    expect(name(await request(app).get('/api/targets').query({ q: '专精特新', ...group }).expect(200))).toBe('policylens-targets-专精特新-浙江省及下辖地区.csv');
    expect(name(await request(app).get('/api/matrix').query(group).expect(200))).toBe('policylens-matrix-浙江省及下辖地区.csv');
    expect(name(await request(app).get('/api/documents').query({ group: 'level:province', format: 'csv' }).expect(200))).toBe('policylens-documents-全部省级地区.csv');
    // The engine's comparison columns run in the corpus's order (苏州 before 浙江: test/integration/api.test.ts), and so
    // does the name now, whatever the request's order.
    const compared = await request(app).get('/api/compare').query({ q: '首台(套)', city: ['浙江省', '苏州市'], format: 'csv' }).expect(200);
    expect(name(compared)).toBe('policylens-compare-首台(套)-苏州市、浙江省.csv');
    expect(fallback(compared)).toBe('policylens-compare-2-places.csv');
    // An untitled document is named by its place as the reader names it, not by its id.
    expect(name(await request(app).get('/api/documents/sz_talent').query({ format: 'csv' }).expect(200))).toBe('policylens-document-苏州市（无标题文件）.csv');
  });

  it('carries the page’s dates and day in force in every permalink, as the page’s own links do (export audit 7, session 22)', async () => {
    const { app } = testApp();
    const scope = { since: '2023-01', until: '2026', in_force: '1' };
    const dated = /\?since=2023-01&until=2026&in_force=1&h=[0-9a-z]+$/;
    const permalinks = (res: request.Response) => parseCsv(res.text).slice(1).map((r) => r[CSV_COLUMNS.indexOf('permalink')]!);
    // The search page links each card to /p/…?since=2023-01&until=2026&in_force=1&h=…; the CSV had …?h= alone.
    const page = (await request(app).get('/').query({ q: '专精特新', ...scope }).expect(200)).text;
    expect(page).toMatch(/href="\/p\/[^"?]+\?since=2023-01&amp;until=2026&amp;in_force=1&amp;h=/);
    for (const path of ['/api/search', '/api/compare']) {
      const links = permalinks(await request(app).get(path).query({ q: '专精特新', ...scope, format: 'csv' }).expect(200));
      expect(links.length, path).toBeGreaterThan(0);
      for (const l of links) expect(l, path).toMatch(dated);
    }
    const targets = parseCsv((await request(app).get('/api/targets').query({ since: '2023', format: 'csv' }).expect(200)).text);
    const at = targets[0]!.indexOf('permalink');
    expect(targets.length).toBeGreaterThan(1);
    for (const r of targets.slice(1)) expect(r[at]).toMatch(/\?since=2023&h=[0-9a-z]+$/);
  });

  it('marks the rows of a comparison column the page shows as 无相近条款 with weak', async () => {
    // A column whose best hit holds no query term and is not very close is weak (the fake engine's rule, set high).
    const { app } = testApp(createFakeEngine(undefined, { weakBelow: 0.99 }));
    const json = (await request(app).get('/api/compare').query({ q: '首台套 专精特新' })).body as CompareResult;
    const rows = parseCsv((await request(app).get('/api/compare').query({ q: '首台套 专精特新', format: 'csv' }).expect(200)).text).slice(1);
    expect(json.columns.filter((c) => c.weak && c.results.length).length).toBeGreaterThan(0);
    expect(json.columns.filter((c) => !c.weak && c.results.length).length).toBeGreaterThan(0);
    for (const c of json.columns) {
      for (const r of rows.filter((x) => x[0] === c.city && x[14] !== 'target')) expect(r[13], c.city).toBe(c.weak ? 'weak' : '');
    }
  });

  it('quotes commas, quotes and line breaks and defuses formula cells', async () => {
    const { app } = testApp(createFakeEngine(TRICKY));
    const res = await request(app).get('/api/search').query({ q: '补贴', format: 'csv', mode: 'keyword' }).expect(200);
    const rows = parseCsv(res.text).slice(1);
    const texts = rows.map((r) => r[3]);
    expect(texts).toEqual(
      expect.arrayContaining([`'=HYPERLINK("http://evil.example","补贴")`, `'+补贴 加号开头`, `'@补贴 SUM(A1)`, '补贴分两行\n第二行，含逗号']),
    );
    expect(rows.map((r) => r[2])).toContain(`'-减号开头的章节`);
    for (const r of rows) expect(r[1]).toBe('含"引号",与逗号的标题');
  });

  it('exports a comparison with one row per hit, labelled by its column', async () => {
    const { app } = testApp();
    const json = (await request(app).get('/api/compare').query({ q: '工业互联网' })).body as CompareResult;
    const res = await request(app).get('/api/compare').query({ q: '工业互联网', format: 'csv' }).expect(200);
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('policylens-compare-工业互联网.csv')}`);
    const rows = parseCsv(res.text).slice(1);
    expect(rows.map((r) => [r[0], r[3]])).toEqual(json.columns.flatMap((c) => c.results.map((h) => [c.city, h.text])));
  });

  it('passes date bounds to "similar" and to pasted text\'s counterparts, and refuses bad ones', async () => {
    const { app, calls } = testApp();
    await request(app).get('/api/paragraphs/sz_manufacturing:p0003/similar').query({ since: '2023-07', until: '2024' }).expect(200);
    expect(calls.at(-1)!.args[1]).toMatchObject({ since: '2023-07-01', until: '2024-12-31' });
    await request(app).get('/api/similar').query({ text: '工业互联网平台', since: '2023' }).expect(200);
    expect(calls.at(-1)!.args[1]).toMatchObject({ since: '2023-01-01' });
    expectError(await request(app).get('/api/similar').query({ text: '工业互联网平台', since: '2024', until: '2023' }), 400, 'BAD_REQUEST');
    expectError(await request(app).get('/api/paragraphs/sz_manufacturing:p0003/similar').query({ until: 'May' }), 400, 'BAD_REQUEST');
  });

  it('exports similar clauses', async () => {
    const { app } = testApp();
    const res = await request(app).get('/api/paragraphs/sz_manufacturing:p0003/similar?format=csv').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    // Named by its place, document and paragraph number (¶4), not by its id (export audit, session 22).
    expect(decodeURIComponent(res.headers['content-disposition']!.split("UTF-8''")[1]!)).toBe('policylens-similar-苏州市-苏州市制造业提质行动方案-第4段.csv');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="policylens-similar-sz_manufacturing-para-4\.csv"/);
    const rows = parseCsv(res.text);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows.slice(1).some((r) => r[3]!.includes('工业互联网'))).toBe(true);
    // The clause it answers comes first, cited like the rest (the file name had said only its id).
    const source = (await request(app).get('/api/paragraphs/sz_manufacturing:p0003')).body.paragraph as Hit;
    expect(rows[1]!.slice(0, 6)).toEqual([source.doc.city, source.doc.title, source.section.join(' › '), source.text, '', expect.stringMatching(/\/p\/sz_manufacturing:p0003\?h=/)]);
    expect(rows[1]!.slice(11, 25)).toEqual(['苏州市人民政府', '苏府〔2024〕1号', '', 'source', '', ...Array(9).fill('')]);
    expect(rows.slice(2).every((r) => r[14] === 'result')).toBe(true);
  });
});

describe('HTTP edges an integrator meets (sixteenth session audit)', () => {
  it('another method on a GET route is 405 with Allow, and OPTIONS says the methods', async () => {
    const { app } = testApp();
    for (const method of ['post', 'put', 'delete', 'patch'] as const) {
      const res = await request(app)[method]('/api/search?q=abc');
      expect(res.status, method).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD');
      expect(res.body.error.code).toBe('METHOD_NOT_ALLOWED');
    }
    const options = await request(app).options('/api/paragraphs/x:p0001/similar');
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe('GET, HEAD');
    // A path that exists under no method stays a 404.
    expect((await request(app).post('/api/nothing')).status).toBe(404);
    const draft = await request(app).put('/api/draft');
    expect(draft.status).toBe(405);
    expect(draft.headers.allow).toBe('POST');
    expect((await request(app).get('/api/draft')).headers.allow).toBe('POST');
    // The desk's page takes GET and POST; another method is 405 (it had been a 404, and OPTIONS express's 200).
    for (const method of ['put', 'delete', 'patch'] as const) {
      const page = await request(app)[method]('/draft');
      expect(page.status, method).toBe(405);
      expect(page.headers.allow).toBe('GET, HEAD, POST');
    }
    const pageOptions = await request(app).options('/draft');
    expect([pageOptions.status, pageOptions.headers.allow]).toEqual([204, 'GET, HEAD, POST']);
  });

  it('a query string that is not valid percent-encoded UTF-8 is refused, not searched', async () => {
    const { app, calls } = testApp();
    for (const raw of ['q=%E0%A4%A', 'q=%ZZabc', 'q=x&city=%E8%8B']) {
      const res = await request(app).get(`/api/search?${raw}`);
      expect(res.status, raw).toBe(400);
      expect(res.body.error.message).toMatch(/not valid percent-encoded UTF-8/);
    }
    expect(calls.filter((c) => c.method === 'search')).toEqual([]);
    const path = await request(app).get('/api/documents/%ZZ');
    expect(path.status).toBe(400);
    expect(path.body.error.message).toMatch(/URL path is not valid percent-encoded UTF-8/);
    // Well-formed encodings and + for a space still pass.
    expect((await request(app).get('/api/search?q=%E4%B8%93%E7%B2%BE+%E7%89%B9%E6%96%B0')).status).toBe(200);
  });
});

describe('a refusal stays short however many values were wrong', () => {
  it('quotes at most ten unknown cities and says how many more', async () => {
    const { app } = testApp();
    const query = Array.from({ length: 1000 }, (_, i) => `city=x${i}`).join('&');
    const res = await request(app).get(`/api/search?q=a&${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/"x9" and 9\d\d more/);
    expect(res.body.error.message.length).toBeLessThan(2000);
  });

  it('says at most ten malformed values of a parameter too', async () => {
    const { app } = testApp();
    const query = Array.from({ length: 900 }, (_, i) => `group=bad${i}`).join('&');
    const res = await request(app).get(`/api/search?q=a&${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('(890 more problems of the same kind.)');
    expect(JSON.stringify(res.body).length).toBeLessThan(5000);
  });
});

describe('GET /api/documents order without sort', () => {
  it('reverses the corpus order', async () => {
    const { app } = testApp();
    const ids = async (q: Record<string, string>) => ((await request(app).get('/api/documents').query(q).expect(200)).body.documents as { id: string }[]).map((d) => d.id);
    const asc = await ids({});
    expect(await ids({ order: 'desc' })).toEqual([...asc].reverse());
  });
});
