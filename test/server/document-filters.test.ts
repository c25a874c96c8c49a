/**
 * The documents a request chooses by 发文机关 (`issuer`) and type (`type`), on search, compare, both "similar" routes, the
 * clause page, targets, the matrix and a matrix cell, over the fake engine (whose analysis() runs the real Analyst). An
 * analyst's audit found `issuer=平湖市人民政府` silently ignored: 20 hits from 7 issuers. The rule itself (what a value
 * chooses) is test/search/issuers.test.ts's.
 *
 * The fake corpus: sz_manufacturing (苏州市, 实施方案, 苏州市人民政府), sz_talent (苏州市, no type, no issuer),
 * nb_industry (宁波市, 意见, 宁波市人民政府), zj_province (浙江省, 意见, 浙江省人民政府).
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { MatrixCellClauses, MatrixResult, TargetsResult } from '../../src/analysis/types.js';
import type { CompareResult, SearchOptions, SearchResult, SimilarOptions, SimilarResult, SimilarTextOptions } from '../../src/search/types.js';
import { testApp } from './helpers.js';

function expectError(res: request.Response, status: number, code: string): { message: string; details?: Record<string, unknown> } {
  expect(res.status, res.text).toBe(status);
  expect(res.body.error.code).toBe(code);
  return res.body.error;
}

const optionsOf = <T>(calls: { method: string; args: unknown[] }[], method: string) => calls.filter((c) => c.method === method).at(-1)!.args[1] as T;

describe('issuer and type on search and compare', () => {
  it('limits search to the documents whose 发文机关 holds the issuer, 人民政府 read as 政府', async () => {
    const { app, calls } = testApp();
    for (const issuer of ['苏州市人民政府', '苏州市政府']) {
      const body = (await request(app).get('/api/search').query({ q: '企业', k: 20, issuer }).expect(200)).body as SearchResult;
      expect(optionsOf<SearchOptions>(calls, 'search').docs).toEqual(['sz_manufacturing']);
      expect(body.results.length).toBeGreaterThan(0);
      expect(body.results.every((h) => h.doc.id === 'sz_manufacturing')).toBe(true);
    }
    // Without it the same search reads other issuers' documents.
    const all = (await request(app).get('/api/search').query({ q: '企业', k: 20 }).expect(200)).body as SearchResult;
    expect(new Set(all.results.map((h) => h.doc.id)).size).toBeGreaterThan(1);
    // Several issuers: the documents of any of them; with `doc`, those among them.
    await request(app).get('/api/search').query({ q: '企业', issuer: ['宁波市人民政府', '浙江省人民政府'] }).expect(200);
    expect(optionsOf<SearchOptions>(calls, 'search').docs).toEqual(['nb_industry', 'zj_province']);
    await request(app).get('/api/search').query({ q: '企业', issuer: '人民政府', doc: 'nb_industry' }).expect(200);
    expect(optionsOf<SearchOptions>(calls, 'search').docs).toEqual(['nb_industry']);
  });

  it('limits compare to the documents of a type: a place with none has no column, the others are as unfiltered', async () => {
    const { app, calls } = testApp();
    const all = (await request(app).get('/api/compare').query({ q: '企业' }).expect(200)).body as CompareResult;
    const opinions = (await request(app).get('/api/compare').query({ q: '企业', type: '意见' }).expect(200)).body as CompareResult;
    expect(optionsOf<SearchOptions>(calls, 'compare').docs).toEqual(['nb_industry', 'zj_province']);
    expect(opinions.columns.map((c) => c.city)).toEqual(['宁波市', '浙江省']);
    // Each of these places has one document, of that type: its column (hits, weak flag) is the unfiltered one.
    for (const c of opinions.columns) expect(c).toEqual(all.columns.find((x) => x.city === c.city));
    // A type in traditional script is read as simplified.
    await request(app).get('/api/compare').query({ q: '企业', type: '實施方案' }).expect(200);
    expect(optionsOf<SearchOptions>(calls, 'compare').docs).toEqual(['sz_manufacturing']);
  });

  it('refuses an issuer or type that chooses no document with a 400 naming the valid values, not an empty answer', async () => {
    const { app } = testApp();
    const issuer = expectError(await request(app).get('/api/search').query({ q: '企业', issuer: '深圳市人民政府' }), 400, 'UNKNOWN_ISSUER');
    expect(issuer.message).toContain('No document of the corpus is issued by "深圳市人民政府"');
    expect(issuer.details?.valid).toEqual(['苏州市人民政府', '宁波市人民政府', '浙江省人民政府']);
    // A type of /docs's list that no document of the corpus has, and a word that is no type.
    const absent = expectError(await request(app).get('/api/compare').query({ q: '企业', type: '规划' }), 400, 'BAD_REQUEST');
    expect(absent.message).toBe('No document of the corpus is of type "规划". Types of the corpus\'s documents: 实施方案, 意见.');
    expect(absent.details?.valid).toEqual(['实施方案', '意见']);
    expect(expectError(await request(app).get('/api/search').query({ q: '企业', type: '条例' }), 400, 'BAD_REQUEST').message).toMatch(/^Unknown document type "条例"/);
  });

  it('refuses an issuer, type and places that share no document, naming what the places have', async () => {
    const { app } = testApp();
    const places = expectError(await request(app).get('/api/compare').query({ q: '企业', issuer: '苏州市人民政府', city: '宁波' }), 400, 'BAD_REQUEST');
    expect(places.message).toBe('No document of the chosen places is issued by "苏州市人民政府". Issuers of the chosen places: 宁波市人民政府.');
    expect(places.details).toEqual({ issuers: ['宁波市人民政府'] });
    const both = expectError(await request(app).get('/api/search').query({ q: '企业', issuer: '苏州市人民政府', type: '意见' }), 400, 'BAD_REQUEST');
    expect(both.details).toEqual({ issuers: ['宁波市人民政府', '浙江省人民政府'], types: ['实施方案'] });
    const levels = expectError(await request(app).get('/api/search').query({ q: '企业', type: '实施方案', level: 'province' }), 400, 'BAD_REQUEST');
    expect(levels.message).toBe('No document of the chosen levels is of type "实施方案". Types of the chosen levels: 意见.');
  });

  it('names the issuer and type in the CSV file name', async () => {
    const { app } = testApp();
    const res = await request(app).get('/api/search').query({ q: '企业', issuer: '苏州市政府', type: '实施方案', format: 'csv' }).expect(200);
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('policylens-search-企业-苏州市政府-实施方案.csv')}`);
    const compared = await request(app).get('/api/compare').query({ q: '企业', type: '意见', format: 'csv' }).expect(200);
    expect(compared.headers['content-disposition']).toContain(encodeURIComponent('policylens-compare-企业-意见.csv'));
  });
});

describe('issuer and type on "similar"', () => {
  it('keeps only the chosen documents\' counterparts, from a clause and from pasted text', async () => {
    const { app, calls } = testApp();
    const body = (await request(app).get('/api/paragraphs/nb_industry:p0001/similar').query({ type: '实施方案' }).expect(200)).body as SimilarResult;
    expect(optionsOf<SimilarOptions>(calls, 'similar').docs).toEqual(['sz_manufacturing']);
    expect(body.columns.map((c) => c.city)).toEqual(['苏州市']);
    expect(body.columns.flatMap((c) => c.results).every((h) => h.doc.id === 'sz_manufacturing')).toBe(true);
    const pasted = await request(app).get('/api/similar').query({ text: '支持企业建设工业互联网平台', issuer: '浙江省政府', format: 'csv' }).expect(200);
    expect(optionsOf<SimilarTextOptions>(calls, 'similarText').docs).toEqual(['zj_province']);
    expect(pasted.headers['content-disposition']).toContain(encodeURIComponent('浙江省政府'));
    expectError(await request(app).get('/api/paragraphs/nb_industry:p0001/similar').query({ issuer: '深圳' }), 400, 'UNKNOWN_ISSUER');
  });
});

describe('issuer and type on targets and the matrix', () => {
  it('keeps the targets of the chosen documents', async () => {
    const { app } = testApp();
    const all = (await request(app).get('/api/targets').expect(200)).body as TargetsResult & { total: number };
    const suzhou = (await request(app).get('/api/targets').query({ issuer: '苏州市人民政府' }).expect(200)).body as TargetsResult & { total: number };
    // The fake corpus's targets are all of 苏州市's 实施方案 (its 附件's table rows give none).
    expect(all.total).toBeGreaterThan(0);
    expect(suzhou.total).toBe(all.targets.filter((t) => t.doc.id === 'sz_manufacturing').length);
    const opinions = (await request(app).get('/api/targets').query({ type: '意见' }).expect(200)).body as TargetsResult & { total: number };
    expect(opinions.total).toBe(0);
    const csv = await request(app).get('/api/targets').query({ type: '意见', format: 'csv' }).expect(200);
    expect(csv.headers['content-disposition']).toContain(encodeURIComponent('意见'));
  });

  it('counts the matrix over the chosen documents, and a cell as its count says', async () => {
    const { app } = testApp();
    const all = (await request(app).get('/api/matrix').expect(200)).body as MatrixResult;
    const opinions = (await request(app).get('/api/matrix').query({ type: '意见' }).expect(200)).body as MatrixResult;
    expect(opinions.cities).toEqual(['宁波市', '浙江省']);
    // 苏州市's two documents are 实施方案 and untyped: under issuer=苏州市人民政府 its column counts one of them.
    const suzhou = (await request(app).get('/api/matrix').query({ issuer: '苏州市人民政府' }).expect(200)).body as MatrixResult;
    expect(suzhou.cities).toEqual(['苏州市']);
    expect(suzhou.clauses['苏州市']).toBeLessThan(all.clauses['苏州市']!);
    for (const row of suzhou.rows) {
      const [cell] = row.cells;
      const opened = (await request(app).get('/api/matrix/cell').query({ measure: row.measure.id, city: '苏州市', issuer: '苏州市人民政府' }).expect(200)).body as MatrixCellClauses;
      expect(opened.count).toBe(cell!.count);
      expect(opened.clauses.every((c) => c.paragraphId.startsWith('sz_manufacturing:'))).toBe(true);
    }
    expectError(await request(app).get('/api/matrix/cell').query({ measure: suzhou.rows[0]!.measure.id, city: '苏州市', type: '意见' }), 400, 'BAD_REQUEST');
    const csv = await request(app).get('/api/matrix').query({ issuer: '苏州市人民政府', format: 'csv' }).expect(200);
    expect(csv.headers['content-disposition']).toContain(encodeURIComponent('policylens-matrix-苏州市人民政府.csv'));
  });
});

describe('issuer on the document list', () => {
  it('lists the documents an issuer chose, and refuses one that chooses none', async () => {
    const { app } = testApp();
    const body = (await request(app).get('/api/documents').query({ issuer: '政府' }).expect(200)).body as { documents: { id: string }[] };
    expect(body.documents.map((d) => d.id)).toEqual(['sz_manufacturing', 'nb_industry', 'zj_province']);
    expectError(await request(app).get('/api/documents').query({ issuer: '深圳' }), 400, 'UNKNOWN_ISSUER');
  });
});

describe('filter names a client is likely to try', () => {
  it('refuses a filter under another name, naming the one the route reads', async () => {
    const { app } = testApp();
    const docType = expectError(await request(app).get('/api/search').query({ q: '企业', docType: '意见' }), 400, 'BAD_REQUEST');
    expect(docType.message).toMatch(/^Parameter "docType" is not one this route reads: did you mean "type"\? This route's parameters: q, mode, k, .*issuer, type/);
    expect(expectError(await request(app).get('/api/targets').query({ from: '2023' }), 400, 'BAD_REQUEST').message).toContain('did you mean "since"?');
    expect(expectError(await request(app).get('/api/compare').query({ q: '企业', Issuer: '宁波市人民政府' }), 400, 'BAD_REQUEST').message).toContain('did you mean "issuer"?');
    expect(expectError(await request(app).get('/api/matrix').query({ year: '2023' }), 400, 'BAD_REQUEST').message).toContain('did you mean "since" and "until"?');
    expect(expectError(await request(app).get('/api/similar').query({ text: '工业互联网', 发文机关: '宁波市人民政府' }), 400, 'BAD_REQUEST').message).toContain('did you mean "issuer"?');
  });

  it('refuses a filter the route does not take, rather than filter nothing', async () => {
    const { app } = testApp();
    expect(expectError(await request(app).get('/api/matrix').query({ part: 'main' }), 400, 'BAD_REQUEST').message).toMatch(/^Parameter "part" is not a filter of this route\. This route's parameters: city, group, doc, issuer, type, level, since, until, in_force\.$/);
    // (level is one since the API audit's C2: "similar" keeps the places of that level, as search does.)
    expect(expectError(await request(app).get('/api/paragraphs/nb_industry:p0001/similar').query({ part: 'main' }), 400, 'BAD_REQUEST').message).toContain('Parameter "part" is not a filter of this route.');
  });

  it('still ignores other unknown parameters, which links carry between views', async () => {
    const { app } = testApp();
    await request(app).get('/api/search').query({ q: '企业', cty: '宁波', utm_source: 'mail', _: '1' }).expect(200);
    await request(app).get('/api/matrix/cell').query({ measure: 'industrial-internet', city: '苏州市', back_city: '苏州市', back_level: 'prefecture' }).expect(200);
    // Names of Object.prototype are parameters like any other: ?constructor had read a function as a list of names, a
    // 500 (the fuzz test met it), and a page would have printed a function's source as a parameter's Chinese name.
    for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf']) {
      await request(app).get(`/api/search?q=${encodeURIComponent('企业')}&${name}=x`).expect(200);
      await request(app).get(`/api/targets?${name}`).expect(200);
      expect((await request(app).get(`/?q=${encodeURIComponent('企业')}&${name}=1`).expect(200)).text).not.toContain('function');
    }
  });
});

describe('the pages', () => {
  it('offer the corpus\'s issuers and types on the search form, and keep them in every link', async () => {
    const { app, calls } = testApp();
    const html = (await request(app).get('/').query({ q: '企业', issuer: '宁波市政府', type: '意见' }).expect(200)).text;
    expect(optionsOf<SearchOptions>(calls, 'search').docs).toEqual(['nb_industry']);
    expect(html).toMatch(/<input id="issuer" name="issuer" type="text" list="issuer-names" value="宁波市政府"/);
    expect(html).toContain('<datalist id="issuer-names"><option value="苏州市人民政府"><option value="宁波市人民政府"><option value="浙江省人民政府"></datalist>');
    expect(html).toContain('<input type="checkbox" name="type" value="意见" checked>');
    expect(html).toContain('<input type="checkbox" name="type" value="实施方案">');
    expect(html).toContain(' · 只含发文机关含“宁波市政府”、类型为意见的文件');
    const encoded = `issuer=${encodeURIComponent('宁波市政府')}&amp;type=${encodeURIComponent('意见')}`;
    expect(html).toContain(`href="/compare?q=${encodeURIComponent('企业')}&amp;mode=hybrid&amp;${encoded}"`);
    expect(html).toContain(`href="/api/search?q=${encodeURIComponent('企业')}&amp;mode=hybrid&amp;${encoded}&amp;k=10&amp;format=csv"`);
    // A refusal comes back as the form, with the issuers to choose from.
    const refused = await request(app).get('/').query({ q: '企业', issuer: '深圳' }).expect(400);
    expect(refused.text).toContain('本库没有这个发文机关的文件。本库没有发文机关含“深圳”的文件');
    expect(refused.text).toContain('本库的发文机关：苏州市人民政府、宁波市人民政府、浙江省人民政府。');
  });

  it('names the chosen places that have no document of the issuer or type on compare', async () => {
    const { app } = testApp();
    const html = (await request(app).get('/compare').query({ q: '企业', city: ['苏州市', '宁波市'], type: '意见' }).expect(200)).text;
    expect(html).toContain('所选地区中，苏州市 没有类型为意见的文件，未列出。');
  });

  it('filters the clause page\'s counterparts by issuer and type, its form and links keeping them', async () => {
    const { app, calls } = testApp();
    const html = (await request(app).get('/p/nb_industry:p0001').query({ type: '实施方案' }).expect(200)).text;
    expect(optionsOf<SimilarOptions>(calls, 'similar').docs).toEqual(['sz_manufacturing']);
    expect(html).toContain('只看类型为实施方案的文件。');
    expect(html).toContain('<input type="checkbox" name="type" value="实施方案" checked>');
    expect(html).toContain(`href="/api/paragraphs/nb_industry%3Ap0001/similar?type=${encodeURIComponent('实施方案')}&amp;format=csv"`);
  });

  it('carries them from the matrix to its cells and back, and on /targets to its export', async () => {
    const { app } = testApp();
    const matrix = (await request(app).get('/matrix').query({ issuer: '苏州市人民政府' }).expect(200)).text;
    const cell = /href="(\/matrix\/cell\?[^"]*)"/.exec(matrix)![1]!.replaceAll('&amp;', '&');
    expect(cell).toContain(`issuer=${encodeURIComponent('苏州市人民政府')}`);
    const opened = (await request(app).get(cell).expect(200)).text;
    expect(opened).toContain(`href="/matrix?issuer=${encodeURIComponent('苏州市人民政府')}#measure-`);
    const targets = (await request(app).get('/targets').query({ issuer: '苏州市人民政府' }).expect(200)).text;
    expect(targets).toContain(' · 只含发文机关含“苏州市人民政府”的文件');
    expect(targets).toContain(`href="/api/targets?issuer=${encodeURIComponent('苏州市人民政府')}&amp;format=csv"`);
  });
});

/**
 * Filters that cannot hold together other than an issuer / type pair (twenty-first session's verifying audit): a document
 * chosen by id outside the chosen places or levels, places and levels with no place in common, and on the document list
 * an issuer, type and places that share no document had answered an empty 200 without a reason. They get the pair's
 * rule and code: a 400 naming what would match, on every route and page.
 */
describe('other filters that cannot hold together', () => {
  const outside = 'The document chosen ("sz_manufacturing", of 苏州市) is not of the chosen places. Documents of the chosen places: nb_industry (宁波市推动产业高质量发展若干意见).';

  it('refuse a document outside the chosen places on every route, naming the documents of those places', async () => {
    const { app } = testApp();
    const routes: [string, Record<string, string>][] = [
      ['/api/search', { q: '企业' }], ['/api/compare', { q: '企业' }], ['/api/targets', {}], ['/api/matrix', {}],
      ['/api/paragraphs/zj_province:p0001/similar', {}], ['/api/similar', { text: '支持企业建设工业互联网平台' }],
      ['/api/matrix/cell', { measure: 'industrial-internet' }],
    ];
    for (const [route, query] of routes) {
      for (const format of ['json', 'csv']) {
        const refused = expectError(await request(app).get(route).query({ ...query, city: '宁波', doc: 'sz_manufacturing', format }), 400, 'BAD_REQUEST');
        expect(refused.message, route).toBe(outside);
        expect(refused.details).toEqual({ docs: ['nb_industry'], cities: ['苏州市'] });
      }
    }
    // Levels choose places too: the documents of the chosen level are named.
    const byLevel = expectError(await request(app).get('/api/search').query({ q: '企业', level: 'province', doc: 'nb_industry' }), 400, 'BAD_REQUEST');
    expect(byLevel.message).toBe('The document chosen ("nb_industry", of 宁波市) is not of the chosen levels. Documents of the chosen levels: zj_province (浙江省关于加快先进制造业发展的指导意见).');
    // A choice that holds for one of its documents filters as before.
    const { app: kept, calls } = testApp();
    await request(kept).get('/api/search').query({ q: '企业', city: '宁波', doc: ['sz_manufacturing', 'nb_industry'] }).expect(200);
    expect(optionsOf<SearchOptions>(calls, 'search').docs).toEqual(['sz_manufacturing', 'nb_industry']);
  });

  it('refuse places and levels that share no place, naming the levels those places have and the places of the level', async () => {
    const { app } = testApp();
    const message = 'No place of the chosen places is of level "province". Levels of the chosen places: prefecture. Places of level "province": 浙江省.';
    const routes: [string, Record<string, string>][] = [
      ['/api/search', { q: '企业' }], ['/api/compare', { q: '企业' }], ['/api/targets', {}], ['/api/matrix', {}],
      ['/api/paragraphs/zj_province:p0001/similar', {}], ['/api/similar', { text: '支持企业建设工业互联网平台' }], ['/api/documents', {}],
    ];
    for (const [route, query] of routes) {
      const refused = expectError(await request(app).get(route).query({ ...query, city: '宁波', level: 'province' }), 400, 'BAD_REQUEST');
      expect(refused.message, route).toBe(message);
      expect(refused.details).toEqual({ levels: ['prefecture'], cities: ['浙江省'] });
    }
  });

  it('refuse on the document list an issuer, type and places that share no document, as everywhere else', async () => {
    const { app } = testApp();
    const pair = expectError(await request(app).get('/api/documents').query({ issuer: '苏州市人民政府', type: '意见' }), 400, 'BAD_REQUEST');
    expect(pair.message).toBe('No document is issued by "苏州市人民政府" and of type "意见". Issuers of those of type "意见": 宁波市人民政府, 浙江省人民政府. Types of those issued by "苏州市人民政府": 实施方案.');
    expect(pair.details).toEqual({ issuers: ['宁波市人民政府', '浙江省人民政府'], types: ['实施方案'] });
    const places = expectError(await request(app).get('/api/documents').query({ city: '宁波', type: '实施方案', format: 'csv' }), 400, 'BAD_REQUEST');
    expect(places.message).toBe('No document of the chosen places is of type "实施方案". Types of the chosen places: 意见.');
    // What holds is listed as before; dates only narrow the list.
    const listed = (await request(app).get('/api/documents').query({ city: '宁波', type: '意见' }).expect(200)).body as { documents: { id: string }[] };
    expect(listed.documents.map((d) => d.id)).toEqual(['nb_industry']);
    expect((await request(app).get('/api/documents').query({ city: '宁波', until: '2010' }).expect(200)).body.documents).toEqual([]);
    const page = (await request(app).get('/docs').query({ issuer: '苏州市人民政府', type: '意见' }).expect(400)).text;
    expect(page).toContain('参数有误。本库没有发文机关含“苏州市人民政府”且类型为“意见”的文件。本库类型为“意见”的文件的发文机关：宁波市人民政府、浙江省人民政府。');
  });

  it('say so on the pages, in Chinese, the form kept', async () => {
    const { app } = testApp();
    const zh = '所选文件（“sz_manufacturing”，苏州市）不在所选地区中。所选地区的文件：nb_industry（宁波市推动产业高质量发展若干意见）。';
    for (const path of ['/', '/compare', '/targets', '/matrix', '/p/zj_province:p0001']) {
      const html = (await request(app).get(path).query({ q: '企业', city: '宁波', doc: 'sz_manufacturing' }).expect(400)).text;
      expect(html, path).toContain(`参数有误。${zh}`);
    }
    const level = (await request(app).get('/docs').query({ city: '宁波', level: 'province' }).expect(400)).text;
    expect(level).toContain('所选地区中没有province（省级）层级的地区。所选地区的层级：prefecture（地级）。province（省级）层级的地区：浙江省。');
  });

  it('say on "similar", API and page alike, when the documents chosen are the clause\'s own alone', async () => {
    const { app } = testApp();
    type Answer = SimilarResult & { chosenOwnDocumentOnly: boolean };
    // 宁波市政府 issued only nb_industry, the clause's own document, which "similar" never compares with: no column, and
    // the answer says why, as the page does (an empty 200 had given none).
    const own = (await request(app).get('/api/paragraphs/nb_industry:p0001/similar').query({ issuer: '宁波市政府' }).expect(200)).body as Answer;
    expect(own.columns).toEqual([]);
    expect(own.chosenOwnDocumentOnly).toBe(true);
    expect(((await request(app).get('/api/paragraphs/nb_industry:p0001/similar').query({ type: '意见' }).expect(200)).body as Answer).chosenOwnDocumentOnly).toBe(false);
    expect(((await request(app).get('/api/paragraphs/nb_industry:p0001/similar').expect(200)).body as Answer).chosenOwnDocumentOnly).toBe(false);
    const pasted = (await request(app).get('/api/similar').query({ text: '支持企业建设工业互联网平台', exclude: 'nb_industry:p0001', doc: 'nb_industry' }).expect(200)).body as Answer;
    expect(pasted.columns).toEqual([]);
    expect(pasted.chosenOwnDocumentOnly).toBe(true);
    const page = (await request(app).get('/p/nb_industry:p0001').query({ issuer: '宁波市政府' }).expect(200)).text;
    expect(page).toContain('<p class="empty">发文机关含“宁波市政府”的文件只有本文件，已排除（相似条款不取本文件）。可以放宽这些条件。</p>');
    expect((await request(app).get('/p/nb_industry:p0001').query({ doc: 'nb_industry' }).expect(200)).text).toContain('<p class="empty">所选文件只有本文件，已排除');
  });
});
