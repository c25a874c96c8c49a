/**
 * One matrix cell opened (GET /api/matrix/cell, its CSV, the /matrix/cell page, and the /matrix counts that link to it)
 * over the fake engine, whose analysis() runs the real Analyst on hand-written clauses. An analyst's audit found a
 * count ("1 条") that nothing opened: the row's link led to a comparison, a different ranking.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { MatrixCellClauses, MatrixResult } from '../../src/analysis/types.js';
import { createApp } from '../../src/server/app.js';
import { MATRIX_CELL_CSV_COLUMNS, MATRIX_CSV_COLUMNS } from '../../src/server/csv.js';
import { clauseFingerprint, withQuery } from '../../src/server/view.js';
import { createFakeEngine, FAKE_DOCUMENTS } from './fake-engine.js';
import { captureLog, parseCsv } from './helpers.js';

function app() {
  const engine = createFakeEngine();
  const analysis = engine.analysis();
  return createApp({ engine: () => engine, analysis: () => analysis, logger: captureLog().logger });
}

function expectError(res: request.Response, status: number, code: string): { code: string; message: string; details?: { valid?: string[] } } {
  expect(res.status, res.text).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.body.error.code).toBe(code);
  expect(JSON.stringify(res.body)).not.toMatch(/\n\s+at |\.ts:\d+/);
  return res.body.error;
}

/** The cells of a matrix answer that count a clause. */
const filled = (m: MatrixResult) => m.rows.flatMap((row) => row.cells.filter((c) => c.count > 0).map((cell) => ({ measure: row.measure, cell })));

describe('GET /api/matrix/cell (fake engine)', () => {
  it('lists every cell’s counted clauses, as many as the matrix says and its best first, under the matrix’s dates', async () => {
    const a = app();
    for (const dates of [{}, { until: '2023-12' }, { in_force: '2023-10-01' }]) {
      const matrix = (await request(a).get('/api/matrix').query(dates).expect(200)).body as MatrixResult;
      for (const row of matrix.rows) {
        for (const c of row.cells) {
          const cell = (await request(a).get('/api/matrix/cell').query({ measure: row.measure.id, city: c.city, ...dates }).expect(200)).body as MatrixCellClauses;
          expect(cell).toMatchObject({ measure: { id: row.measure.id, name: row.measure.name }, city: c.city, count: c.count });
          expect(cell.clauses).toHaveLength(c.count);
          if (c.best) expect(cell.clauses[0]).toEqual(c.best);
        }
      }
    }
  });

  it('reads the place as other routes do (昆山 → 昆山市) and says so when the name stands for several', async () => {
    const a = app();
    const cell = (await request(a).get('/api/matrix/cell').query({ measure: 'industrial-internet', city: '苏州' }).expect(200)).body as MatrixCellClauses;
    expect(cell.city).toBe('苏州市');
    // 浙江 (not a column) stands for 宁波市 and 浙江省.
    const several = expectError(await request(a).get('/api/matrix/cell').query({ measure: 'industrial-internet', city: '浙江' }), 400, 'BAD_REQUEST');
    expect(several.message).toContain('"浙江" stands for 2 places of the corpus (宁波市, 浙江省)');
    expect(several.details?.valid).toEqual(['宁波市', '浙江省']);
  });

  it('refuses what it cannot answer with a code and a message', async () => {
    const a = app();
    const unknown = expectError(await request(a).get('/api/matrix/cell').query({ measure: 'tiers', city: '苏州市' }), 400, 'UNKNOWN_MEASURE');
    expect(unknown.message).toMatch(/^Unknown measure "tiers"\. Valid measures \(the rows of \/api\/matrix\): enterprise-tiers \(企业梯度培育\), /);
    expect(unknown.details?.valid).toContain('enterprise-tiers');
    expect(expectError(await request(a).get('/api/matrix/cell').query({ measure: 'enterprise-tiers', city: '北京市' }), 400, 'UNKNOWN_CITY').message).toMatch(/^Unknown city "北京市"\. Valid cities: 苏州市, 宁波市, 浙江省\.$/);
    expect(expectError(await request(a).get('/api/matrix/cell').query({ city: '苏州市' }), 400, 'BAD_REQUEST').message).toBe('Parameter "measure" is required: the id of a row of /api/matrix, e.g. enterprise-tiers.');
    expect(expectError(await request(a).get('/api/matrix/cell').query({ measure: 'enterprise-tiers' }), 400, 'BAD_REQUEST').message).toContain('Parameter "city" is required');
    expectError(await request(a).get('/api/matrix/cell').query({ measure: 'enterprise-tiers', city: ['苏州市', '宁波市'] }), 400, 'BAD_REQUEST');
    expectError(await request(a).get('/api/matrix/cell').query({ measure: 'enterprise-tiers', city: '苏州市', since: 'x' }), 400, 'BAD_REQUEST');
    expectError(await request(a).get('/api/matrix/cell').query({ measure: 'enterprise-tiers', city: '苏州市', since: '2024', until: '2023' }), 400, 'BAD_REQUEST');
    expectError(await request(a).get('/api/matrix/cell').query({ measure: 'enterprise-tiers', city: '苏州市', format: 'pdf' }), 400, 'BAD_REQUEST');
    // 浙江省's one document is from 2022: the matrix from 2023 on has no column for it, so there is no cell to open.
    const left = expectError(await request(a).get('/api/matrix/cell').query({ measure: 'enterprise-tiers', city: '浙江省', since: '2023' }), 400, 'BAD_REQUEST');
    expect(left.message).toBe('浙江省 has no document dated on or after 2023-01-01 (undated documents are outside every range), so the matrix of these dates has no column for it: widen the dates.');
  });

  it('exports CSV citing each clause as the matrix export cites a best clause', async () => {
    const a = app();
    const matrix = (await request(a).get('/api/matrix')).body as MatrixResult;
    const { measure, cell } = filled(matrix).find((x) => x.cell.city === '苏州市' && FAKE_DOCUMENTS.some((d) => d.meta.id === x.cell.best!.doc.id && d.meta.issuer))!;
    const res = await request(a).get('/api/matrix/cell').set('Host', 'policylens.test').query({ measure: measure.id, city: cell.city, format: 'csv' }).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(decodeURIComponent(res.headers['content-disposition']!)).toContain(`policylens-matrix-cell-${measure.name}-苏州市.csv`);
    const rows = parseCsv(res.text);
    expect(rows[0]).toEqual([...MATRIX_CELL_CSV_COLUMNS]);
    const answer = (await request(a).get('/api/matrix/cell').query({ measure: measure.id, city: cell.city })).body as MatrixCellClauses;
    expect(rows).toHaveLength(cell.count + answer.nearMisses.length + 1);
    expect(rows.slice(1).filter((r) => r[MATRIX_CELL_CSV_COLUMNS.indexOf('counted')] === 'true')).toHaveLength(cell.count);
    // Its first row is the matrix export's row for the cell, column for column where both have the column.
    const matrixRow = parseCsv((await request(a).get('/api/matrix?format=csv').set('Host', 'policylens.test')).text).find((r) => r[0] === measure.id && r[2] === cell.city)!;
    const col = (name: (typeof MATRIX_CELL_CSV_COLUMNS)[number]) => rows[1]![MATRIX_CELL_CSV_COLUMNS.indexOf(name)];
    const matrixCol = (name: (typeof MATRIX_CSV_COLUMNS)[number]) => matrixRow[MATRIX_CSV_COLUMNS.indexOf(name)];
    expect([col('rank'), col('clause'), col('document'), col('permalink'), col('section'), col('date'), col('doc_issuer'), col('doc_number')]).toEqual([
      '1', matrixCol('best_clause'), matrixCol('document'), matrixCol('permalink'), matrixCol('section'), matrixCol('date'), matrixCol('doc_issuer'), matrixCol('doc_number'),
    ]);
    expect(col('doc_issuer')).toBeTruthy();
    expect(col('permalink')).toMatch(/^http:\/\/policylens\.test\/p\/[^?]+\?h=[0-9a-z]+$/);
  });
});

describe('a matrix cell’s near misses (fake engine)', () => {
  // 宁波市 counts 1 clause for 企业梯度培育; its p0003 names 专精特新 and scores under the bar. 苏州市's one near miss
  // (p0001, 2024-03-01) is left out by a range that ends in 2023, as the matrix of that range leaves out its clauses.
  it('answers the place’s clauses with a seed term that are not counted, each with score, z, terms and the bar it missed', async () => {
    const a = app();
    const cell = (await request(a).get('/api/matrix/cell').query({ measure: 'enterprise-tiers', city: '宁波市' }).expect(200)).body as MatrixCellClauses;
    const method = ((await request(a).get('/api/matrix')).body as MatrixResult).method;
    expect(cell.nearMisses.map((x) => x.paragraphId)).toEqual(['nb_industry:p0003']);
    const [near] = cell.nearMisses;
    expect(near).toMatchObject({ terms: ['专精特新'], threshold: method.zThreshold, doc: { city: '宁波市' } });
    expect(near!.score).toBeCloseTo(near!.z + method.termBoost, 2);
    expect(near!.score).toBeLessThan(method.zThreshold);
    expect(cell.clauses.map((x) => x.paragraphId)).not.toContain('nb_industry:p0003');
    const sz = (until?: string) => request(a).get('/api/matrix/cell').query({ measure: 'enterprise-tiers', city: '苏州市', ...(until ? { until } : {}) });
    expect(((await sz()).body as MatrixCellClauses).nearMisses.map((x) => x.paragraphId)).toEqual(['sz_manufacturing:p0001']);
    expect(((await sz('2023')).body as MatrixCellClauses).nearMisses).toEqual([]);
    // /api/matrix counts them per cell (`nearMisses`, and the CSV's near_misses), for the columns it shows, under its dates:
    // a gap's 0 alone had read as "not addressed".
    for (const dates of [{}, { until: '2023' }]) {
      const matrix = (await request(a).get('/api/matrix').query({ ...dates, city: ['宁波市', '苏州市'] }).expect(200)).body as MatrixResult & { nearMisses: Record<string, Record<string, number>> };
      const csv = parseCsv((await request(a).get('/api/matrix').query({ ...dates, city: ['宁波市', '苏州市'], format: 'csv' }).expect(200)).text);
      for (const row of matrix.rows) {
        for (const c of row.cells) {
          const listed = ((await request(a).get('/api/matrix/cell').query({ measure: row.measure.id, city: c.city, ...dates })).body as MatrixCellClauses).nearMisses.length;
          expect(matrix.nearMisses[row.measure.id]?.[c.city] ?? 0, `${row.measure.id} ${c.city}`).toBe(listed);
          const line = csv.find((r) => r[0] === row.measure.id && r[2] === c.city)!;
          expect(line.at(-1)).toBe(String(listed));
        }
      }
      expect(Object.values(matrix.nearMisses).flatMap((byPlace) => Object.keys(byPlace)).every((city) => ['宁波市', '苏州市'].includes(city))).toBe(true);
    }
  });

  it('exports them in the CSV after the counted clauses, counted false, with their seed terms, z and the bar', async () => {
    const a = app();
    const cell = (await request(a).get('/api/matrix/cell').query({ measure: 'enterprise-tiers', city: '宁波市' })).body as MatrixCellClauses;
    const rows = parseCsv((await request(a).get('/api/matrix/cell').query({ measure: 'enterprise-tiers', city: '宁波市', format: 'csv' }).expect(200)).text);
    const col = (r: string[], name: (typeof MATRIX_CELL_CSV_COLUMNS)[number]) => r[MATRIX_CELL_CSV_COLUMNS.indexOf(name)];
    expect(rows.slice(1).map((r) => col(r, 'counted'))).toEqual([...cell.clauses.map(() => 'true'), 'false']);
    const last = rows.at(-1)!;
    const near = cell.nearMisses[0]!;
    expect([col(last, 'rank'), col(last, 'score'), col(last, 'seed_terms'), col(last, 'z'), col(last, 'threshold')]).toEqual(['1', String(near.score), '专精特新', String(near.z).replace(/^-/, "'-"), String(near.threshold)]);
    expect(col(last, 'permalink')).toMatch(/\/p\/nb_industry:p0003\?h=/);
  });

  it('the page lists them apart from the counted clauses and says why each is not counted', async () => {
    const a = app();
    const cell = (await request(a).get('/api/matrix/cell').query({ measure: 'enterprise-tiers', city: '宁波市' })).body as MatrixCellClauses;
    const html = (await request(a).get('/matrix/cell').query({ measure: 'enterprise-tiers', city: '宁波市' }).expect(200)).text;
    const near = cell.nearMisses[0]!;
    // The counted list is unchanged: as many articles and permalinks as the count.
    expect(html.split('<article class="hit">').length - 1).toBe(cell.count);
    expect(html.split('<article class="near-miss">').length - 1).toBe(1);
    expect(html).toContain('含种子词但未计入的条款');
    expect(html).toContain('总分不低于 2.25 才归入该措施');
    const z = near.z < 0 ? `−${-near.z}` : String(near.z);
    expect(html).toContain(`得分 ${near.score} = z 分数 ${z} + 种子词 1 个 × 1，低于归入线 2.25（差 ${Math.round((2.25 - near.score) * 1000) / 1000}），不计入。所含种子词：专精特新`);
    expect(html).toContain(`class="clause-link" href="/p/nb_industry:p0003?h=`);
    // A cell whose place has no clause with a seed term says so.
    const none = (await request(a).get('/matrix/cell').query({ measure: 'enterprise-tiers', city: '苏州市', until: '2023' }).expect(200)).text;
    expect(none).toContain('苏州市没有其他含本措施种子词的条款');
  });
});

describe('a gap cell on /matrix (fake engine)', () => {
  // Twenty-first session's analyst audit: a gap read "无对应条款 = the place's documents do not address the measure"
  // where a clause on it scored 0.05 under the bar, and nothing led from the gap to the cell's near misses.
  it('says no clause reaches the bar, and links to the cell’s near misses when its place has some, under the matrix’s dates', async () => {
    const a = app();
    let linked = 0;
    let silent = 0;
    for (const dates of [{}, { until: '2023' }]) {
      const matrix = (await request(a).get('/api/matrix').query(dates).expect(200)).body as MatrixResult;
      const html = (await request(a).get('/matrix').query(dates).expect(200)).text;
      const cells = new Map([...html.matchAll(/<td class="cell level-0" title="([^"]*)" data-city="([^"]+)">([\s\S]*?)<\/td>/g)].map((m) => [`${m[2]}|${m[1]}`, m[3]!]));
      for (const row of matrix.rows) {
        for (const c of row.cells.filter((x) => x.count === 0)) {
          const cell = (await request(a).get('/api/matrix/cell').query({ measure: row.measure.id, city: c.city, ...dates }).expect(200)).body as MatrixCellClauses;
          const near = cell.nearMisses.length;
          const title = near ? `${c.city}：没有条款的得分达到“${row.measure.name}”的归入线 2.25；${near} 条含本措施种子词的条款得分低于归入线` : `${c.city}：没有条款的得分达到“${row.measure.name}”的归入线 2.25，也没有条款含本措施的种子词`;
          const body = cells.get(`${c.city}|${title}`);
          expect(body, `${row.measure.id} × ${c.city} ${JSON.stringify(dates)}`).toBeDefined();
          expect(body).toContain('<span class="gap">未达归入线</span>');
          const link = body!.match(/<a class="near-count" href="([^"]+)"[^>]*>(\d+) 条含种子词<\/a>/);
          if (!near) {
            expect(link).toBeNull();
            silent++;
            continue;
          }
          linked++;
          expect(Number(link![2])).toBe(near);
          // The link opens the cell's page with the matrix's dates, its near misses listed (a zero-count cell works).
          const href = link![1]!.replace(/&amp;/g, '&');
          expect(href).toBe(`${withQuery('/matrix/cell', { measure: row.measure.id, city: c.city, until: 'until' in dates ? '2023-12-31' : undefined })}#near-misses-title`);
          const page = (await request(a).get(href.split('#')[0]!).expect(200)).text;
          expect(page).toContain('（矩阵中为“未达归入线”）；含本措施种子词而得分低于归入线的');
          expect(page.split('<article class="near-miss">').length - 1).toBe(near);
          expect(page.split('<article class="hit">').length - 1).toBe(0);
        }
      }
      // Nothing says the place is silent on the measure.
      expect(html).not.toContain('无对应条款');
      expect(html).not.toContain('没有涉及');
    }
    expect(linked).toBeGreaterThan(0);
    expect(silent).toBeGreaterThan(0);
  });
});

describe('the /matrix/cell page (fake engine)', () => {
  it('lists the clauses with place, document, section and a link to each, says what is counted, and links to CSV and back', async () => {
    const a = app();
    const matrix = (await request(a).get('/api/matrix').query({ until: '2024' })).body as MatrixResult;
    const { measure, cell } = filled(matrix)[0]!;
    const html = (await request(a).get('/matrix/cell').query({ measure: measure.id, city: cell.city, until: '2024', in_force: '1' }).expect(200)).text;
    const answer = (await request(a).get('/api/matrix/cell').query({ measure: measure.id, city: cell.city, until: '2024', in_force: '1' })).body as MatrixCellClauses;
    expect(answer.clauses.length).toBeGreaterThan(0);
    expect(html.split('<article class="hit">').length - 1).toBe(answer.count);
    for (const c of answer.clauses) {
      const clause = ((await request(a).get(`/api/paragraphs/${c.paragraphId}`)).body as { paragraph: { text: string; section: string[] } }).paragraph;
      // The clause's link keeps the cell's dates (as given: in_force 1 stays "today"), as a hit's link keeps its search's.
      expect(html).toContain(`class="permalink" href="/p/${c.paragraphId}?until=2024-12-31&amp;in_force=1&amp;h=${clauseFingerprint(clause.text)}"`);
      expect(html).toContain(`<a class="doc" href="/doc/${c.doc.id}#${c.paragraphId}">`);
      if (clause.section.length) expect(html).toContain(`<p class="section-path">${clause.section.join(' › ')}</p>`);
      expect(html).toContain(`<span class="city">${c.doc.city}</span>`);
    }
    // What is counted and how: the matrix's own footnote.
    expect(html).toContain(`矩阵中这一格计 <strong class="count">${answer.count} 条</strong>`);
    expect(html).toMatch(/分配方法：条款向量与措施（名称、说明和种子词）向量的余弦相似度/);
    const q = new URLSearchParams({ measure: measure.id, city: cell.city, until: '2024-12-31', in_force: '1' }).toString().replace(/&/g, '&amp;');
    expect(html).toContain(`href="/api/matrix/cell?${q}&amp;format=csv">下载 CSV</a>`);
    // Back to the matrix with the same dates (in_force as given: 1 stays "today"), at the measure's row.
    expect(html).toContain(`href="/matrix?until=2024-12-31&amp;in_force=1#measure-${measure.id}">← 返回措施矩阵</a>`);
  });

  it('says a refusal in Chinese, with the way back to the matrix', async () => {
    const a = app();
    const unknown = await request(a).get('/matrix/cell').query({ measure: 'tiers', city: '苏州市', since: '2023' }).expect(400);
    expect(unknown.text).toContain('<p class="error" role="alert">矩阵中没有这项措施。没有编号为“tiers”的措施。可选：enterprise-tiers（企业梯度培育）');
    expect(unknown.text).toContain('<a href="/matrix?since=2023-01-01">返回措施矩阵</a>');
    const missing = await request(a).get('/matrix/cell').query({ city: '苏州市' }).expect(400);
    expect(missing.text).toContain('请填写“措施”（measure）');
    const left = await request(a).get('/matrix/cell').query({ measure: 'enterprise-tiers', city: '浙江省', since: '2023' }).expect(400);
    expect(left.text).toContain('浙江省没有成文日期在 2023-01-01 或之后（未标日期的文件不在任何范围内）的文件');
  });

  it('leads back to the matrix with what it takes of back_*: a place, group or level it would refuse is dropped, on a refusal too', async () => {
    // back_city=constructor had led back to the matrix's 400 (twenty-first session's verifying audit).
    const a = app();
    const back = async (query: Record<string, string | string[]>, status = 200) => {
      const html = (await request(a).get('/matrix/cell').query(query).expect(status)).text;
      const href = html.match(/<a (?:class="back-link" )?href="(\/matrix[^"]*)">/)![1]!.replace(/&amp;/g, '&');
      await request(a).get(href.split('#')[0]!).expect(200);
      return href;
    };
    const cell = { measure: 'industrial-internet', city: '苏州市', since: '2023' };
    expect(await back({ ...cell, back_city: ['constructor', '宁波市'], back_group: 'province:火星', back_level: 'galaxy' })).toBe(`/matrix?${new URLSearchParams([['city', '宁波市'], ['since', '2023-01-01']]).toString()}#measure-industrial-internet`);
    expect(await back({ ...cell, back_city: 'constructor' })).toBe('/matrix?since=2023-01-01#measure-industrial-internet');
    expect(await back({ ...cell, back_city: '宁波市', back_group: 'province:浙江省', back_level: 'prefecture' })).toBe(`/matrix?${new URLSearchParams([['city', '宁波市'], ['group', 'province:浙江省'], ['level', 'prefecture'], ['since', '2023-01-01']]).toString()}#measure-industrial-internet`);
    // Refused by the analysis (an unknown measure) or by the cell's own parameters (a malformed date, dropped here too).
    expect(await back({ ...cell, measure: 'tiers', back_city: ['constructor', '宁波市'] }, 400)).toBe(`/matrix?${new URLSearchParams([['city', '宁波市'], ['since', '2023-01-01']]).toString()}`);
    expect(await back({ ...cell, since: '20x', back_city: ['constructor', '宁波市'] }, 400)).toBe(`/matrix?${new URLSearchParams([['city', '宁波市']]).toString()}`);
  });

  it('/matrix links each count to its cell, carrying the matrix’s dates and in-force day as given', async () => {
    const a = app();
    const matrix = (await request(a).get('/api/matrix').query({ since: '2023', in_force: '1' })).body as MatrixResult;
    const html = (await request(a).get('/matrix').query({ since: '2023', in_force: '1', city: ['苏州市', '宁波市'] }).expect(200)).text;
    const links = [...html.matchAll(/<a class="count" href="([^"]+)"[^>]*>(\d+) 条<\/a>/g)].map((m) => [m[1]!.replace(/&amp;/g, '&'), Number(m[2])] as const);
    const shown = filled(matrix).filter((x) => ['苏州市', '宁波市'].includes(x.cell.city));
    expect(links).toHaveLength(shown.length);
    for (const { measure, cell } of shown) {
      const href = `/matrix/cell?${new URLSearchParams([['measure', measure.id], ['city', cell.city], ['since', '2023-01-01'], ['in_force', '1'], ['back_city', '苏州市'], ['back_city', '宁波市']]).toString()}`;
      expect(links).toContainEqual([href, cell.count]);
    }
    // A link opens the cell's page, which lists that many clauses, and whose way back reopens the two columns chosen
    // (an analyst's audit: it had led back to every column).
    const [href, count] = links[0]!;
    const page = (await request(a).get(href).expect(200)).text;
    expect(page.split('<article class="hit">').length - 1).toBe(count);
    const back = page.match(/<a class="back-link" href="([^"]+)">/)![1]!.replace(/&amp;/g, '&');
    expect(back.startsWith(`/matrix?${new URLSearchParams([['city', '苏州市'], ['city', '宁波市'], ['since', '2023-01-01'], ['in_force', '1']]).toString()}#measure-`)).toBe(true);
    const again = (await request(a).get(back.split('#')[0]!).expect(200)).text;
    expect([...again.matchAll(/<a class="count" href="([^"]+)"[^>]*>(\d+) 条<\/a>/g)].map((m) => m[1]!.replace(/&amp;/g, '&')).sort()).toEqual(links.map(([h]) => h).sort());
  });
});
