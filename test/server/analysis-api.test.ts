/**
 * The analyst routes (/api/targets, /api/matrix, /api/diff, their CSVs, and the /targets, /matrix and /diff pages)
 * over the fake engine, whose analysis() runs the real Analyst on hand-written clauses, and then over the real
 * seed index.
 */
import request from 'supertest';
import { clauseFingerprint } from '../../src/server/view.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { analysisFor, loadMeasures, type DiffResult, type MatrixResult, type TargetsResult } from '../../src/analysis/index.js';
import type { TargetRow } from '../../src/analysis/types.js';
import type { Hit, SearchResult } from '../../src/search/types.js';
import { Engine } from '../../src/search/engine.js';
import { createApp } from '../../src/server/app.js';
import { DIFF_CSV_COLUMNS, MATRIX_CSV_COLUMNS, TARGET_CSV_COLUMNS } from '../../src/server/csv.js';
import { seedEngine } from '../helpers/seed-index.js';
import { createFakeEngine, FAKE_DOCUMENTS, meta, type FakeDocument, type FakeEngine } from './fake-engine.js';
import { captureLog, parseCsv } from './helpers.js';

/** A fourth region with a target table, so that targets come from text and tables in two cities. */
const NINGBO_TARGETS: FakeDocument = {
  meta: meta({
    id: 'nb_targets',
    city: '宁波市',
    level: 'prefecture',
    placeCode: '330200',
    placeKind: '副省级市',
    parent: '浙江省',
    province: '浙江省',
    title: '宁波市制造业主要目标',
    date: '2024-01-10',
    planPeriod: '2024–2027',
  }),
  paragraphs: [
    { text: '到2027年，专精特新企业达到300家，规上工业亩均税收达到40万元/亩。', section: ['一、主要目标'], heading: 1 },
    {
      text: '1 | 规上工业亩均税收(万元/亩) | 38 | 40 | 市经信局 |',
      section: ['附件1 主要指标'],
      part: 'attachment',
      kind: 'table-row',
      columns: ['序号', '指标名称', '2025年', '2027年', '责任单位'],
    },
  ],
};
const DOCUMENTS = [...FAKE_DOCUMENTS, NINGBO_TARGETS];

/** An app over the fake engine and its analysis, or over the real seed engine and `analysisFor` it. */
function app(engine: FakeEngine | Engine = createFakeEngine(DOCUMENTS)) {
  const analysis = engine instanceof Engine ? analysisFor(engine) : engine.analysis();
  return createApp({ engine: () => engine, analysis: () => analysis, logger: captureLog().logger });
}

function expectError(res: request.Response, status: number, code: string): { message: string; details?: Record<string, unknown> } {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.body.error.code).toBe(code);
  expect(JSON.stringify(res.body)).not.toMatch(/\n\s+at |\.ts:\d+/);
  return res.body.error;
}

const CITIES = [...new Set(DOCUMENTS.map((d) => d.meta.city))];

describe('GET /api/targets (fake engine)', () => {
  it('takes no targets from a compendium card’s conditions, procedure or contact, and only dated ones from its 服务内容', async () => {
    const card = { basis: '《北京市科技服务机构支持办法》', issuer: '北京市科学技术委员会', docNumber: null, date: '2023-05-01', tool: '资金支持', audience: null };
    const book: FakeDocument = {
      meta: meta({ id: 'bj_book', city: '北京市', level: 'province', placeCode: '110000', placeKind: '直辖市', parent: null, province: '北京市', title: '北京市产业政策导引', date: '2024', docType: '汇编' }),
      paragraphs: [
        { text: '到2025年，科技服务机构达到500家。', section: ['一、综合篇', '3.北京市科技服务机构支持', '服务内容'], source: card },
        { text: '对认定的机构给予最高200万元奖励，每家机构支持不超过3个项目。', section: ['一、综合篇', '3.北京市科技服务机构支持', '服务内容'], source: card },
        { text: '（2）研发投入占营业收入比重不低于3%，工作人员不少于30人。', section: ['一、综合篇', '3.北京市科技服务机构支持', '条件要求'], source: card },
        { text: '公示期为7天，每年受理2次。', section: ['一、综合篇', '3.北京市科技服务机构支持', '办理流程'], source: card },
        // A dated 服务内容 clause does not lend its year to the applicant's threshold after it.
        { text: '2021年1月1日至2021年12月31日期间完成新建的乡镇影院。', section: ['一、综合篇', '4.北京市乡镇影院支持', '服务内容'], source: card },
        { text: '新建乡镇影院放映厅数不少于2个，总座位数不少于100个。', section: ['一、综合篇', '4.北京市乡镇影院支持', '服务内容'], source: card },
      ],
    };
    const a = app(createFakeEngine([...DOCUMENTS, book]));
    const body = (await request(a).get('/api/targets').query({ doc: 'bj_book' }).expect(200)).body as TargetsResult;
    expect(body.targets.map((t) => [t.value, t.unit])).toEqual([[500, '家']]);
    // The book's CSV cites each card's policy beside its clauses, as the search export does.
    const rows = parseCsv((await request(a).get('/api/documents/bj_book?format=csv').expect(200)).text);
    expect(rows[0]!.slice(8, 14)).toEqual(['basis', 'issuer', 'basis_number', 'basis_date', 'tool', 'audience']);
    for (const r of rows.slice(1)) expect(r.slice(8, 14)).toEqual([card.basis ?? '', card.issuer ?? '', card.docNumber ?? '', card.date ?? '', card.tool ?? '', card.audience ?? '']);
    // The diff cites the card too, with its 发布日期: a date filter keeps a card's clause by that date, and the book's
    // own (2024) alone had read as out of a range it was kept in (the matrix's CSV: test/server/csv.test.ts).
    const diff = parseCsv((await request(a).get('/api/diff').query({ a: 'bj_book:p0000', b: 'nb_industry:p0001', format: 'csv' }).expect(200)).text);
    const field = new Map(diff.slice(1).map((r) => [r[0], r.slice(2)]));
    expect(field.get('basis')).toEqual([card.basis, '']);
    expect(field.get('basis_issuer')).toEqual([card.issuer, '']);
    expect(field.get('basis_date')).toEqual([card.date, '']);
  });

  it('returns every target with where it comes from, and the groups they fall in', async () => {
    const res = await request(app()).get('/api/targets').expect(200);
    const body = res.body as TargetsResult;
    expect(body.targets.length).toBeGreaterThan(0);
    for (const t of body.targets) {
      expect(t.paragraphId.startsWith(`${t.doc.id}:p`)).toBe(true);
      expect(body.groups.map((g) => g.id)).toContain(t.group);
      expect(Object.keys(t)).toEqual(expect.arrayContaining(['indicator', 'value', 'range', 'unit', 'qualifier', 'year', 'scope', 'base', 'text']));
    }
    // The table row gives one target per year column; its 2027 column states again what the text states (到2027年…40万元/亩),
    // and is listed with it, as its restatement.
    const table = body.targets.filter((t) => t.paragraphId === 'nb_targets:p0001');
    expect(table.map((t) => [t.year, t.value, t.unit])).toEqual([['2025年', 38, '万元/亩']]);
    const stated = body.targets.find((t) => t.paragraphId === 'nb_targets:p0000' && t.value === 40)!;
    expect(stated).toMatchObject({ year: '到2027年', unit: '万元/亩' });
    expect(stated.restatements).toEqual([{ id: 'nb_targets:p0001#t1', paragraphId: 'nb_targets:p0001', fingerprint: table[0]!.fingerprint, indicator: '规上工业亩均税收', year: '2027年', scope: null, text: '40' }]);
    expect(body.targets.filter((t) => t.restatements.length).map((t) => t.id)).toEqual([stated.id]);
    // 专精特新企业 in 苏州 (text) and 宁波 (text) meet in one group.
    const zjtx = body.targets.filter((t) => t.indicator.includes('专精特新企业'));
    expect(new Set(zjtx.map((t) => t.doc.city))).toEqual(new Set(['苏州市', '宁波市']));
    expect(new Set(zjtx.map((t) => t.group)).size).toBe(1);
    expect(body.groups.find((g) => g.id === zjtx[0]!.group)!.cities).toEqual(['苏州市', '宁波市']);
  });

  it('filters by city (repeatable), document and q', async () => {
    const a = app();
    const ningbo = (await request(a).get('/api/targets?city=宁波市').expect(200)).body as TargetsResult;
    expect(ningbo.targets.length).toBeGreaterThan(0);
    expect(ningbo.targets.every((t) => t.doc.city === '宁波市')).toBe(true);
    const both = (await request(a).get('/api/targets?city=宁波市&city=苏州市').expect(200)).body as TargetsResult;
    expect(new Set(both.targets.map((t) => t.doc.city))).toEqual(new Set(['宁波市', '苏州市']));
    const doc = (await request(a).get('/api/targets').query({ doc: 'sz_manufacturing' }).expect(200)).body as TargetsResult;
    expect(doc.targets.every((t) => t.doc.id === 'sz_manufacturing')).toBe(true);
    const q = (await request(a).get('/api/targets').query({ q: '亩均税收' }).expect(200)).body as TargetsResult;
    expect(q.targets.length).toBeGreaterThan(0);
    expect(q.targets.every((t) => t.indicator.includes('亩均税收'))).toBe(true);
    expect(((await request(a).get('/api/targets').query({ q: '   ' }).expect(200)).body as TargetsResult).targets.length).toBeGreaterThan(q.targets.length);
  });

  it('reads a place named at the head of q as search does, unless a place or document is chosen or scope=all (places audit 1)', async () => {
    const a = app();
    type Scoped = TargetsResult & { scope: { cities: string[]; named: string[]; query: string } | null };
    const scoped = (await request(a).get('/api/targets').query({ q: '宁波市专精特新' }).expect(200)).body as Scoped;
    expect(scoped.scope).toEqual({ cities: ['宁波市'], named: ['宁波市'], query: '专精特新' });
    const asked = (await request(a).get('/api/targets').query({ q: '专精特新', city: '宁波市' }).expect(200)).body as Scoped;
    expect(asked.targets.length).toBeGreaterThan(0);
    expect(scoped.targets).toEqual(asked.targets);
    expect(asked.scope).toBeNull();
    // A chosen place wins and the query is matched as typed, as in search; so with scope=all or a document chosen.
    for (const query of [{ city: '苏州市' }, { scope: 'all' }, { doc: 'sz_manufacturing' }, { issuer: '苏州市人民政府' }]) {
      const body = (await request(a).get('/api/targets').query({ q: '宁波市专精特新', ...query }).expect(200)).body as Scoped;
      expect(body.scope, JSON.stringify(query)).toBeNull();
      if (!('scope' in query)) expect(body.targets.some((t) => t.doc.city === '宁波市'), JSON.stringify(query)).toBe(false);
    }
    // `level` keeps the named place only when it is of that level; none of it is refused as city= of another level is.
    expectError(await request(a).get('/api/targets').query({ q: '宁波市专精特新', level: 'province' }), 400, 'BAD_REQUEST');
    const csv = await request(a).get('/api/targets').query({ q: '宁波市专精特新', format: 'csv' }).expect(200);
    expect(decodeURIComponent(String(csv.headers['content-disposition']))).toContain('专精特新-宁波市');
  });

  it('reads around a place the corpus lacks at the head of q, as search does, and says so (verifying audit, s22)', async () => {
    // 深圳专精特新 had been matched whole: fewer targets than 专精特新, and places named as setting none.
    const a = app();
    type Outside = TargetsResult & { scope: unknown; outside: { named: string; places: string[] } | null };
    const around = (await request(a).get('/api/targets').query({ q: '深圳专精特新' }).expect(200)).body as Outside;
    const plain = (await request(a).get('/api/targets').query({ q: '专精特新' }).expect(200)).body as Outside;
    expect(plain.targets.length).toBeGreaterThan(0);
    expect(around.targets).toEqual(plain.targets);
    expect(around.outside).toEqual({ named: '深圳', places: ['深圳市'] });
    expect(around.scope).toBeNull();
    expect(plain.outside).toBeNull();
    const html = (await request(a).get('/targets').query({ q: '深圳专精特新' }).expect(200)).text;
    expect(html).toContain('本库没有 <strong>深圳市</strong> 的文件（查询以“深圳”开头）：以下按“专精特新”列出');
    // A place chosen, or scope=all: matched as typed.
    expect(((await request(a).get('/api/targets').query({ q: '深圳专精特新', scope: 'all' }).expect(200)).body as Outside).outside).toBeNull();
  });

  it('reads a homophone slip in q before its places, as search does, and says so (verifying audit)', async () => {
    // /targets?q=青到专精特新 had matched the slip as typed where search reads it (test/integration/places.test.ts
    // has that one on the seeds; the fake corpus writes no place name to read a slip of).
    const a = app();
    type Read = TargetsResult & { scope: { cities: string[]; query: string } | null; spelling: { query: string; changes: { from: string; to: string }[] } | null };
    const slip = (await request(a).get('/api/targets').query({ q: '宁波市专精特心' }).expect(200)).body as Read;
    const search = (await request(a).get('/api/search').query({ q: '宁波市专精特心' }).expect(200)).body as Read;
    expect(slip.spelling).toEqual(search.spelling);
    expect(slip.spelling?.changes).toEqual([{ from: '专精特心', to: '专精特新' }]);
    expect(slip.scope).toEqual({ cities: ['宁波市'], named: ['宁波市'], query: '专精特新' });
    const right = (await request(a).get('/api/targets').query({ q: '宁波市专精特新' }).expect(200)).body as Read;
    expect(right.targets.length).toBeGreaterThan(0);
    expect(slip.targets).toEqual(right.targets);
    expect(right.spelling).toBeNull();
    // spell=off matches as typed, as in search.
    const typed = (await request(a).get('/api/targets').query({ q: '宁波市专精特心', spell: 'off' }).expect(200)).body as Read;
    expect(typed.spelling).toBeNull();
    expect(typed.targets).toEqual([]);
    const html = (await request(a).get('/targets').query({ q: '宁波市专精特心' }).expect(200)).text;
    expect(html).toContain('<p class="spelling" role="status">已按 <strong>专精特新</strong> 查找（输入的是“专精特心”）。<a href="/targets?q=%E5%AE%81%E6%B3%A2%E5%B8%82%E4%B8%93%E7%B2%BE%E7%89%B9%E5%BF%83&amp;spell=off">仍按“宁波市专精特心”查找</a></p>');
  });

  it('answers every target by default and a slice with limit / offset, with the total either way', async () => {
    const a = app();
    const all = (await request(a).get('/api/targets').expect(200)).body as TargetsResult & { total: number };
    expect(all.targets.length).toBeGreaterThan(3);
    expect(all.total).toBe(all.targets.length);
    const page = (await request(a).get('/api/targets').query({ limit: 2, offset: 1 }).expect(200)).body as TargetsResult & { total: number; offset: number; limit: number };
    expect(page.targets).toEqual(all.targets.slice(1, 3));
    expect(page).toMatchObject({ total: all.total, offset: 1, limit: 2, groups: all.groups });
    const rest = (await request(a).get('/api/targets').query({ offset: 2 }).expect(200)).body as TargetsResult & { total: number };
    expect(rest.targets).toEqual(all.targets.slice(2));
    const past = (await request(a).get('/api/targets').query({ limit: 5, offset: all.total }).expect(200)).body as TargetsResult & { total: number };
    expect(past.targets).toEqual([]);
    expect(past.total).toBe(all.total);
    // Paging follows the filters, and the CSV pages the same way.
    const ningbo = (await request(a).get('/api/targets').query({ city: '宁波市', limit: 1 }).expect(200)).body as TargetsResult & { total: number };
    expect(ningbo.targets.map((t) => t.doc.city)).toEqual(['宁波市']);
    expect(ningbo.total).toBe(all.targets.filter((t) => t.doc.city === '宁波市').length);
    const csv = await request(a).get('/api/targets').query({ limit: 2, format: 'csv' }).expect(200);
    expect(parseCsv(csv.text)).toHaveLength(3);
    for (const [query, message] of [
      [{ limit: 0 }, 'Parameter "limit" must be an integer from 1 to 10000 (got "0")'],
      [{ limit: 20000 }, 'from 1 to 10000'],
      [{ offset: -1 }, 'Parameter "offset" must be an integer from 0 to 999999'],
      [{ limit: 'all' }, '(got "all")'],
    ] as const) {
      const res = await request(a).get('/api/targets').query(query);
      expectError(res, 400, 'BAD_REQUEST');
      expect(res.body.error.message).toContain(message);
    }
  });

  it('refuses unknown cities (400), unknown documents (404), overlong q and unknown formats (400)', async () => {
    const a = app();
    expectError(await request(a).get('/api/targets').query({ city: '北京市' }), 400, 'UNKNOWN_CITY');
    expectError(await request(a).get('/api/targets').query({ doc: 'nope' }), 404, 'UNKNOWN_DOCUMENT');
    expectError(await request(a).get('/api/targets').query({ q: '研'.repeat(1001) }), 400, 'BAD_REQUEST');
    expectError(await request(a).get('/api/targets').query({ format: 'xml' }), 400, 'BAD_REQUEST');
    expectError(await request(a).get('/api/targets?q=a&q=b'), 400, 'BAD_REQUEST');
  });

  it('exports CSV: BOM, header, one row per target, numbers as numbers, absolute permalinks', async () => {
    const a = app();
    const json = (await request(a).get('/api/targets').query({ city: '宁波市' })).body as TargetsResult;
    const res = await request(a).get('/api/targets').query({ city: '宁波市', format: 'csv' }).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="policylens-targets-1-place\.csv"; filename\*=UTF-8''policylens-targets-/);
    expect(res.text.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(res.text);
    expect(rows[0]).toEqual([...TARGET_CSV_COLUMNS]);
    expect(rows.length).toBe(json.targets.length + 1);
    const col = (name: (typeof TARGET_CSV_COLUMNS)[number]) => TARGET_CSV_COLUMNS.indexOf(name);
    const issuers = new Map(((await request(a).get('/api/documents')).body.documents as { id: string; issuer: string | null }[]).map((d) => [d.id, d.issuer ?? '']));
    json.targets.forEach((t, i) => {
      const row = rows[i + 1]!;
      expect(row[col('city')]).toBe('宁波市');
      expect(row[col('indicator')]).toBe(t.indicator);
      expect(row[col('value')]).toBe(t.value === null ? '' : String(t.value));
      // With the clause's fingerprint, as every export's permalink.
      expect(row[col('permalink')]).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/p/${t.paragraphId}\\?h=[0-9a-z]+$`));
      // What a citation needs besides: the document's date, 发文机关 and 文号, and the clause's section.
      expect(row[col('date')]).toBe(t.doc.date ?? '');
      expect(row[col('doc_issuer')]).toBe(issuers.get(t.doc.id) ?? '');
    });
    const sections = await Promise.all(json.targets.map(async (t) => ((await request(a).get(`/api/paragraphs/${t.paragraphId}`)).body as { paragraph: { section: string[] } }).paragraph.section.join(' › ')));
    expect(rows.slice(1).map((r) => r[col('section')])).toEqual(sections);
    // A table cell's target cites its whole row, not the bare value the cell holds (38); prose cites its span.
    const cells = json.targets.map((t, i) => ({ t, row: rows[i + 1]! })).filter(({ t }) => t.paragraphId === 'nb_targets:p0001');
    expect(cells.map(({ t }) => t.text)).toEqual(['38']);
    for (const { row } of cells) expect(row[col('source_text')]).toBe('1 | 规上工业亩均税收(万元/亩) | 38 | 40 | 市经信局 |');
    const prose = json.targets.map((t, i) => ({ t, row: rows[i + 1]! })).filter(({ t }) => t.paragraphId === 'nb_targets:p0000');
    expect(prose.length).toBeGreaterThan(0);
    for (const { t, row } of prose) expect(row[col('source_text')]).toBe(t.text);
    // The 2027 column that restates the text's 40万元/亩 is its row's restated_in, a permalink with the fingerprint.
    const restated = prose.find(({ t }) => t.value === 40)!;
    expect(restated.row[col('restated_in')]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/p\/nb_targets:p0001\?h=[0-9a-z]+$/);
    for (const { t, row } of [...cells, ...prose]) if (!t.restatements.length) expect(row[col('restated_in')]).toBe('');
  });
});

describe('GET /api/matrix (fake engine)', () => {
  it('has a column per city and a row per measure; silent cities are explicit zeros', async () => {
    const body = (await request(app()).get('/api/matrix').expect(200)).body as MatrixResult;
    expect(body.cities).toEqual(CITIES);
    expect(body.rows.map((r) => r.measure.id)).toEqual(loadMeasures().map((m) => m.id));
    let assigned = 0;
    for (const row of body.rows) {
      expect(row.cells.map((c) => c.city)).toEqual(CITIES);
      for (const cell of row.cells) {
        if (cell.count === 0) {
          expect(cell.best).toBeNull();
          expect(cell.level).toBe(0);
        } else {
          assigned++;
          expect(cell.best!.doc.city).toBe(cell.city);
          expect(cell.level).toBeGreaterThan(0);
        }
      }
    }
    expect(assigned).toBeGreaterThan(0);
    // The clause about 揭榜挂帅/关键核心技术攻关 in 宁波 is assigned to research and innovation.
    const rd = body.rows.find((r) => r.measure.id === 'innovation-rd')!.cells.find((c) => c.city === '宁波市')!;
    expect(rd.best?.paragraphId).toBe('nb_industry:p0000');
  });

  it('exports CSV in long form: one row per measure and city', async () => {
    const a = app();
    const json = (await request(a).get('/api/matrix')).body as MatrixResult;
    const res = await request(a).get('/api/matrix?format=csv').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = parseCsv(res.text);
    expect(rows[0]).toEqual([...MATRIX_CSV_COLUMNS]);
    expect(rows.length).toBe(json.rows.length * json.cities.length + 1);
    const first = json.rows[0]!;
    expect(rows.slice(1, 1 + json.cities.length).map((r) => [r[0], r[2], r[3]])).toEqual(first.cells.map((c) => [first.measure.id, c.city, String(c.count)]));
    // The best clause is cited as the search export cites a hit: its whole text, section, date, 发文机关 and 文号.
    const col = (name: (typeof MATRIX_CSV_COLUMNS)[number]) => MATRIX_CSV_COLUMNS.indexOf(name);
    const documents = new Map(DOCUMENTS.map((d) => [d.meta.id, d.meta]));
    let cited = 0;
    for (const row of json.rows) {
      for (const cell of row.cells) {
        if (!cell.best) continue;
        const r = rows.find((x) => x[col('measure_id')] === row.measure.id && x[col('city')] === cell.city)!;
        const clause = (await request(a).get(`/api/paragraphs/${cell.best.paragraphId}`)).body.paragraph as Hit;
        const doc = documents.get(cell.best.doc.id)!;
        expect([r[col('best_clause')], r[col('section')], r[col('date')], r[col('doc_issuer')], r[col('doc_number')]]).toEqual([
          clause.text, clause.section.join(' › '), doc.date ?? '', doc.issuer ?? '', doc.docNumber ?? '',
        ]);
        if (doc.issuer) cited++;
      }
    }
    expect(cited).toBeGreaterThan(0);
    expectError(await request(a).get('/api/matrix?format=pdf'), 400, 'BAD_REQUEST');
  });

  it('takes `level` as search and targets do: the columns of that level, among the chosen places if any', async () => {
    const a = app();
    const levels = new Map(DOCUMENTS.map((d) => [d.meta.city, d.meta.level]));
    const provinces = CITIES.filter((c) => levels.get(c) === 'province');
    const prefectures = CITIES.filter((c) => levels.get(c) === 'prefecture');
    expect(provinces.length).toBeGreaterThan(0);
    expect(prefectures.length).toBeGreaterThan(1);
    const province = (await request(a).get('/api/matrix').query({ level: 'province' }).expect(200)).body as MatrixResult;
    expect(province.cities).toEqual(provinces);
    for (const row of province.rows) expect(row.cells.map((c) => c.city)).toEqual(provinces);
    const one = (await request(a).get('/api/matrix').query({ level: 'prefecture', city: [prefectures[0]!, ...provinces] }).expect(200)).body as MatrixResult;
    expect(one.cities).toEqual([prefectures[0]]);
    // No chosen place is of that level: a 400 naming the levels the chosen place has and the places of the level asked
    // (not every column, nor since the twenty-second session an empty 200 the API gave no reason for), the CSV and the
    // page alike.
    const none = expectError(await request(a).get('/api/matrix').query({ level: 'province', city: prefectures[0] }), 400, 'BAD_REQUEST');
    expect(none.message).toBe(`No place of the chosen places is of level "province". Levels of the chosen places: prefecture. Places of level "province": ${provinces.join(', ')}.`);
    expect(none.details).toEqual({ levels: ['prefecture'], cities: provinces });
    expectError(await request(a).get('/api/matrix').query({ level: 'province', city: prefectures[0], format: 'csv' }), 400, 'BAD_REQUEST');
    const page = (await request(a).get('/matrix').query({ level: 'province', city: prefectures[0] }).expect(400)).text;
    expect(page).toContain(`所选地区中没有province（省级）层级的地区。所选地区的层级：prefecture（地级）。province（省级）层级的地区：${provinces.join('、')}。`);
    expect(page).not.toContain('matrix-table');
    expectError(await request(a).get('/api/matrix').query({ level: 'town' }), 400, 'BAD_REQUEST');
  });
});

describe('GET /api/diff (fake engine)', () => {
  const a = 'sz_manufacturing:p0003';
  const b = 'nb_industry:p0001';

  it('puts two clauses side by side with shared phrases and parameters', async () => {
    const body = (await request(app()).get('/api/diff').query({ a, b }).expect(200)).body as DiffResult;
    expect(body.a.id).toBe(a);
    expect(body.b.id).toBe(b);
    expect(body.shared).toContain('工业互联网');
    for (const [s, e] of body.a.highlights) expect(body.shared.some((p) => body.a.text.slice(s, e).includes(p))).toBe(true);
    expect(body.parameters.map((r) => r.key)).toEqual(['targets', 'amounts', 'years', 'departments', 'instruments']);
    expect(body.parameters.find((r) => r.key === 'departments')!.a).toEqual([{ text: '市工信局', shared: false }]);
    expect(body.parameters.find((r) => r.key === 'instruments')!.a.map((v) => v.text)).toContain('资金奖补');
  });

  it('exports CSV: where each clause comes from, its text, each parameter row and what they share, side by side', async () => {
    const x = app();
    const json = (await request(x).get('/api/diff').query({ a, b })).body as DiffResult;
    const res = await request(x).get('/api/diff').query({ a, b, format: 'csv' }).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''policylens-diff-" + encodeURIComponent('苏州市-宁波市') + '.csv');
    const rows = parseCsv(res.text);
    expect(rows[0]).toEqual([...DIFF_CSV_COLUMNS]);
    const field = new Map(rows.slice(1).map((r) => [r[0], r.slice(2)]));
    expect(field.get('city')).toEqual(['苏州市', '宁波市']);
    expect(field.get('text')).toEqual([json.a.text, json.b.text]);
    expect(field.get('permalink')![0]).toMatch(new RegExp(`/p/sz_manufacturing:p0003\\?h=${clauseFingerprint(json.a.text)}$`));
    expect(field.get('departments')).toEqual(['市工信局', '']);
    // A value both clauses name is marked, as the page's 两者皆有 (both pay a 资金奖补; only 苏州's keeps a 培育库).
    expect(field.get('instruments')).toEqual(['资金奖补（两者皆有）；认定与培育库', '资金奖补（两者皆有）']);
    expect(field.get('shared_phrases')![0]).toContain('工业互联网');
    expect(field.get('shared_share')).toEqual([String(json.overlap.a), String(json.overlap.b)]);
    // The documents' 发文机关 and 文号, which a citation needs (宁波's has no 文号 in the fake corpus).
    expect(field.get('doc_issuer')).toEqual(['苏州市人民政府', '宁波市人民政府']);
    expect(field.get('doc_number')).toEqual(['苏府〔2024〕1号', '']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['city', 'document', 'doc_issuer', 'doc_number', 'date', 'section', 'text', 'responsible', 'lead', 'permalink', 'targets', 'amounts', 'years', 'departments', 'instruments', 'shared_phrases', 'shared_share', 'similarity']);
    expectError(await request(x).get('/api/diff').query({ a, b, format: 'docx' }), 400, 'BAD_REQUEST');
  });

  it('accepts two id parameters (the comparison page’s checkboxes)', async () => {
    const body = (await request(app()).get(`/api/diff?id=${a}&id=${b}`).expect(200)).body as DiffResult;
    expect([body.a.id, body.b.id]).toEqual([a, b]);
  });

  it('refuses the same clause twice, missing or extra ids (400), malformed ids (400) and unknown ones (404)', async () => {
    const x = app();
    expectError(await request(x).get('/api/diff').query({ a, b: a }), 400, 'BAD_REQUEST');
    expectError(await request(x).get('/api/diff').query({ a }), 400, 'BAD_REQUEST');
    expectError(await request(x).get('/api/diff'), 400, 'BAD_REQUEST');
    expectError(await request(x).get(`/api/diff?id=${a}`), 400, 'BAD_REQUEST');
    expectError(await request(x).get(`/api/diff?id=${a}&id=${b}&id=nb_industry:p0002`), 400, 'BAD_REQUEST');
    expectError(await request(x).get(`/api/diff?a=${a}&b=${b}&id=${a}`), 400, 'BAD_REQUEST');
    expectError(await request(x).get('/api/diff').query({ a: '../etc/passwd', b }), 400, 'BAD_REQUEST');
    expectError(await request(x).get('/api/diff').query({ a, b: 'nb_industry:p0999' }), 404, 'UNKNOWN_PARAGRAPH');
  });

  it('answers 500 INTERNAL, without details, when the analysis fails', async () => {
    const failing = createFakeEngine(DOCUMENTS, {
      beforeQuery: () => {
        throw new Error('disk on fire at /secret/path.ts:12');
      },
    });
    for (const path of ['/api/targets', '/api/matrix', `/api/diff?a=${a}&b=${b}`]) {
      const res = await request(app(failing)).get(path);
      expectError(res, 500, 'INTERNAL');
      expect(JSON.stringify(res.body)).not.toContain('disk on fire');
    }
  });
});

describe('analyst pages (fake engine)', () => {
  it('/targets shows the side-by-side table and the full table; a bad filter comes back as a message', async () => {
    const a = app();
    const html = (await request(a).get('/targets').expect(200)).text;
    expect(html).toContain('各地同类指标对比');
    expect(html).toMatch(/<th scope="col">苏州市 · 地级市 · 江苏省<\/th>/);
    expect(html).toContain('/p/nb_targets:p0001');
    expect(html).toContain('href="/api/targets?format=csv"');
    const bad = await request(a).get('/targets').query({ city: '北京市' }).expect(400);
    expect(bad.text).toContain('role="alert"');
    expect(bad.text).toContain('北京市');
  });

  it('/targets says when a place named in q limited it, links to q matched everywhere, and compares the rest over that place', async () => {
    const html = (await request(app()).get('/targets').query({ q: '宁波市专精特新' }).expect(200)).text;
    const line = html.match(/<p class="scope" role="status">[^]*?<\/p>/)?.[0] ?? '';
    expect(line).toContain('查询写明了地区，只列 <strong>宁波市</strong> 的量化目标（按“专精特新”查找）。');
    expect(line).toContain(`<a href="/targets?q=${encodeURIComponent('宁波市专精特新')}&amp;scope=all">在全部地区中查找“宁波市专精特新”</a>`);
    expect(html).toContain(`href="/compare?q=${encodeURIComponent('专精特新')}&amp;city=${encodeURIComponent('宁波市')}">各地条款对比</a>`);
    const all = (await request(app()).get('/targets').query({ q: '宁波市专精特新', scope: 'all' }).expect(200)).text;
    expect(all).not.toContain('查询写明了地区');
  });

  it('/matrix has a column per city, a link per measure to the comparison, and explicit gaps', async () => {
    const a = app();
    const json = (await request(a).get('/api/matrix')).body as MatrixResult;
    const html = (await request(a).get('/matrix').expect(200)).text;
    for (const city of CITIES) expect(html).toContain(`<th scope="col" class="city">${city}`);
    for (const row of json.rows) expect(html).toContain(`href="/compare?${new URLSearchParams({ q: row.measure.query }).toString()}"`);
    // The comparison a measure's name opens ranks by the measure's query: its lead clause may differ from the cell's, and
    // the page says so (twenty-first session's analyst audit: 27 of 81 cells, read as two "best clauses").
    expect(html).toContain('并排对比按措施的检索词另行排序，各栏领头的条款可能不是格中的那一条');
    const gaps = json.rows.flatMap((r) => r.cells).filter((c) => c.count === 0).length;
    expect(html.split('<span class="gap">未达归入线</span>').length - 1).toBe(gaps);
    expect(html.split('class="best-clause"').length - 1).toBe(json.rows.flatMap((r) => r.cells).length - gaps);
    // Each cell's clause is linked by its permalink, with the clause's fingerprint; so are the targets page's clauses.
    const best = json.rows.flatMap((r) => r.cells).find((c) => c.best)!.best!;
    const text = ((await request(a).get(`/api/paragraphs/${best.paragraphId}`)).body as { paragraph: { text: string } }).paragraph.text;
    expect(html).toContain(`class="best-clause" href="/p/${best.paragraphId}?h=${clauseFingerprint(text)}"`);
    const targets = (await request(a).get('/targets').expect(200)).text;
    const clauseLinks = [...targets.matchAll(/href="(\/p\/[^"]+)"/g)].map((m) => m[1]!);
    expect(clauseLinks.length).toBeGreaterThan(0);
    for (const l of clauseLinks) expect(l).toMatch(/\?h=[0-9a-z]+$/);
  });

  it('/diff explains itself without parameters, shows both clauses with them, and reports bad input', async () => {
    const a = app();
    const help = await request(a).get('/diff').expect(200);
    expect(help.text).toContain('action="/diff"');
    const page = await request(a).get('/diff').query({ a: 'sz_manufacturing:p0003', b: 'nb_industry:p0001' }).expect(200);
    expect(page.text).toContain('href="/api/diff?a=sz_manufacturing%3Ap0003&amp;b=nb_industry%3Ap0001&amp;format=csv">下载 CSV</a>');
    const text = page.text.replace(/<[^>]+>/g, '');
    expect(text).toContain('支持企业建设工业互联网平台');
    expect(text).toContain('按投资额给予补助');
    expect(page.text).toContain('<mark>工业互联网');
    expect(page.text).toContain('要素对照');
    const same = await request(a).get('/diff').query({ a: 'sz_manufacturing:p0003', b: 'sz_manufacturing:p0003' }).expect(400);
    expect(same.text).toContain('role="alert"');
    await request(a).get('/diff').query({ a: 'sz_manufacturing:p0003', b: 'nb_industry:p0999' }).expect(404);
  });

  it('the comparison page lets a user pick two cards for the diff; a paragraph’s similar cards link to it', async () => {
    const a = app();
    const compare = (await request(a).get('/compare').query({ q: '专精特新' }).expect(200)).text;
    expect(compare).toContain('<form class="diff-pick" method="get" action="/diff"');
    expect(compare).toMatch(/<input type="checkbox" name="id" value="[^"]+:p\d+" aria-label="选中对比：[^"]+">/);
    const paragraph = (await request(a).get('/p/sz_manufacturing:p0003').expect(200)).text;
    expect(paragraph).toMatch(/href="\/diff\?a=sz_manufacturing%3Ap0003&amp;b=[^"]+"/);
    // The nav reaches the new views from every page.
    expect(paragraph).toContain('href="/matrix"');
    expect(paragraph).toContain('href="/targets"');
  });
});

describe('over the real seed index', () => {
  let seed: Engine;
  beforeAll(async () => {
    seed = await seedEngine();
  });

  it('counts the undated documents among the places a query named, not the corpus’s', async () => {
    const a = app(seed);
    // Qingdao's plan is the one undated seed document.
    expect((await request(a).get('/').query({ q: '专精特新', since: '2020' }).expect(200)).text).toContain('另有 1 份文件未标日期');
    expect((await request(a).get('/').query({ q: '昆山专精特新', since: '2020' }).expect(200)).text).not.toContain('未标日期，不计入');
    expect((await request(a).get('/').query({ q: '青岛专精特新', since: '2020' }).expect(200)).text).toContain('另有 1 份文件未标日期');
  });

  it('/targets counts a target a document states again once, links its other clauses as 另见, and counts 全市 as the city', async () => {
    const html = (await request(app(seed)).get('/targets').query({ q: '研发投入强度' }).expect(200)).text;
    // 15 rows had been shown: 昆山's 4% twice, 平湖's 2.2% three times (text, 附件1, 附件3's 全市 column).
    expect(html).toContain('12 项目标');
    expect(html).toContain('另 3 处列为“另见”');
    const cells = html.slice(html.indexOf('id="side-by-side"'), html.indexOf('id="all-targets"'));
    expect(cells).toContain('另有 8 项分区域目标');
    expect(cells).not.toContain('另有 9 项分区域目标');
    expect(cells).toMatch(/另见 <a href="\/p\/000_dcbe0bbe788de573:p0016\?h=[0-9a-z]+">第 17 段（到2025年）<\/a>/);
    expect(cells).toMatch(/另见 <a href="\/p\/002_86af085e02e72586:p0043\?h=[0-9a-z]+">第 44 段（2023年）<\/a>、<a href="\/p\/002_86af085e02e72586:p0121\?h=[0-9a-z]+">第 122 段（2023年，全市）<\/a>/);
    // Search's answer to the same words shows them too.
    const search = (await request(app(seed)).get('/').query({ q: '各地研发投入强度目标是多少' }).expect(200)).text;
    expect(search).toMatch(/另见 <a href="\/p\/000_dcbe0bbe788de573:p0016\?h=[0-9a-z]+">/);
    // Under dates, a 另见 link keeps them as the target's own link does (twenty-first session's verifying audit).
    const dated = (await request(app(seed)).get('/targets').query({ q: '研发投入强度', since: '2018', in_force: '1' }).expect(200)).text;
    expect(dated).toMatch(/另见 <a href="\/p\/000_dcbe0bbe788de573:p0016\?since=2018&amp;in_force=1&amp;h=[0-9a-z]+">/);
  });

  it('/targets?q= lists every group of the answer side by side, one place\'s too, and says 无同类指标, not 无 (twenty-first analyst audit, finding 8)', async () => {
    const query = { q: '专精特新', city: ['昆山', '江苏省', '平湖', '青岛'] };
    const html = (await request(app(seed)).get('/targets').query(query).expect(200)).text;
    const table = html.slice(html.indexOf('id="side-by-side"'), html.indexOf('id="all-targets"'));
    // 昆山's 各类专精特新企业 1000家 and 江苏's “专精特新”产品 150个 have groups of their own: the table had shown only the
    // 小巨人 row, with 无 under 昆山 and 江苏.
    const rows = [...table.matchAll(/<tr id="(g\d+)">/g)].map((m) => m[1]);
    const { groups } = (await request(app(seed)).get('/api/targets').query(query).expect(200)).body as TargetsResult;
    expect(rows).toEqual(groups.map((g) => g.id));
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(table).toContain('各类专精特新企业');
    expect(table).toContain('“专精特新”产品');
    expect(table).toContain('只有一地');
    expect(table).toContain('<span class="gap">无同类指标</span>');
    expect(table).not.toContain('<span class="gap">无</span>');
    // A place with no target on the topic is named.
    const land = (await request(app(seed)).get('/targets').query({ q: '亩均税收', city: ['昆山', '平湖'] }).expect(200)).text;
    expect(land).toContain('所选地区中，昆山市 没有与“亩均税收”相关的量化目标。');
    // Without a `q` the table stays the comparisons: groups of two places or more.
    const plain = (await request(app(seed)).get('/targets').query({ city: ['昆山', '平湖'] }).expect(200)).text;
    expect(plain.slice(plain.indexOf('id="side-by-side"'), plain.indexOf('id="all-targets"'))).not.toContain('只有一地');
  });

  it('/targets?q=昆山专精特新 lists 昆山’s targets, not 江苏’s, and 平湖亩均 平湖’s (places audit 1)', async () => {
    const html = (await request(app(seed)).get('/targets').query({ q: '昆山专精特新' }).expect(200)).text;
    // It had matched the whole string everywhere: 江苏's 150个 alone, and 昆山 among the places with none.
    expect(html).toContain('查询写明了地区，只列 <strong>昆山市</strong> 的量化目标（按“专精特新”查找）。');
    const table = html.slice(html.indexOf('id="side-by-side"'), html.indexOf('id="all-targets"'));
    expect(table).toContain('各类专精特新企业');
    expect(table).not.toContain('“专精特新”产品');
    expect(html).not.toMatch(/所选地区中，[^<]*昆山市/);
    const land = (await request(app(seed)).get('/api/targets').query({ q: '平湖亩均' }).expect(200)).body as TargetsResult;
    const alone = (await request(app(seed)).get('/api/targets').query({ q: '亩均', city: '平湖' }).expect(200)).body as TargetsResult;
    expect(land.targets.length).toBeGreaterThan(0);
    expect(land.targets).toEqual(alone.targets);
  });

  it('/targets pages its full table with offset and limit, keeping the filters in its links', async () => {
    const a = app(seed);
    const total = ((await request(a).get("/api/targets?limit=1").expect(200)).body as TargetsResult & { total: number }).total;
    expect(total).toBeGreaterThan(150);
    const html = (await request(a).get('/targets').query({ limit: 50, offset: 100, since: '2018' }).expect(200)).text;
    const table = html.slice(html.indexOf('id="all-targets"'));
    expect((table.match(/>条款<\/a><\/td>/g) ?? []).length).toBe(50);
    const expected = ((await request(a).get('/api/targets').query({ limit: 50, offset: 100, since: '2018' }).expect(200)).body as TargetsResult).targets;
    for (const t of expected) expect(table).toContain(t.paragraphId);
    expect(table).toContain('下表列出第 101–150 项');
    const links = [...table.matchAll(/<a href="(\/targets\?[^"]+)">(上一页|下一页)<\/a>/g)].map((m) => [m[2], Object.fromEntries(new URL(m[1]!.replace(/&amp;/g, '&'), 'http://x').searchParams)]);
    expect(links).toEqual([
      ['上一页', { since: '2018-01-01', offset: '50', limit: '50' }],
      ['下一页', { since: '2018-01-01', offset: '150', limit: '50' }],
    ]);
    // Past the end: says so, and 上一页 goes to the last page there is.
    const past = (await request(a).get('/targets').query({ limit: 50, offset: 5000 }).expect(200)).text;
    expect(past).toContain('第 5,001 项起已没有目标。');
    const back = past.match(/<a href="(\/targets\?[^"]+)">上一页<\/a>/)![1]!.replace(/&amp;/g, '&');
    expect(new URL(back, 'http://x').searchParams.get('offset')).toBe(String(Math.floor((total - 1) / 50) * 50));
  });

  it('/api/matrix?format=csv gives each cell’s best clause whole, not the page’s snippet', async () => {
    const a = app(seed);
    const json = (await request(a).get('/api/matrix')).body as MatrixResult;
    const rows = parseCsv((await request(a).get('/api/matrix?format=csv').expect(200)).text);
    const filled = json.rows.flatMap((row) => row.cells.map((c) => ({ row, c }))).filter((x) => x.c.best);
    let cut = 0;
    for (const { row, c } of filled) {
      const line = rows.find((r) => r[0] === row.measure.id && r[2] === c.city)!;
      const whole = seed.paragraph(c.best!.paragraphId, 0).paragraph.text;
      expect(line[5]!.replace(/^'/, '')).toBe(whole);
      if (c.best!.snippet !== whole) cut++;
    }
    // The page's snippets are cut for long clauses: the export is not.
    expect(cut).toBeGreaterThan(0);
  });

  it('filters by level as search does, and refuses an unknown level (seeds)', async () => {
    const all = (await request(app(seed)).get('/api/targets').expect(200)).body as TargetsResult;
    const levels = [...new Set(all.targets.map((t) => t.doc.level))].sort();
    expect(levels.length).toBeGreaterThan(1);
    for (const level of levels) {
      const some = (await request(app(seed)).get('/api/targets').query({ level }).expect(200)).body as TargetsResult;
      expect(some.targets.length, level!).toBe(all.targets.filter((t) => t.doc.level === level).length);
      expect(some.targets.every((t) => t.doc.level === level)).toBe(true);
    }
    expectError(await request(app()).get('/api/targets').query({ level: 'town' }), 400, 'BAD_REQUEST');
  });

  it('/api/targets?q=研发投入 brings Kunshan’s 4% of GDP and Pinghu’s 2.2% of revenue into one group', async () => {
    const body = (await request(app(seed)).get('/api/targets').query({ q: '研发投入' }).expect(200)).body as TargetsResult;
    const kunshan = body.targets.find((t) => t.doc.city === '昆山市' && t.value === 4 && t.unit === '%');
    const pinghu = body.targets.find((t) => t.doc.city === '平湖市' && t.value === 2.2 && t.unit === '%');
    expect(kunshan?.group).toBeDefined();
    expect(pinghu?.group).toBe(kunshan!.group);
    expect([kunshan!.base, pinghu!.base]).toEqual(['GDP', '营业收入']);
  });

  it('/api/targets?q=研發投入 (traditional script) finds the same targets as 研发投入', async () => {
    const a = app(seed);
    const simplified = (await request(a).get('/api/targets').query({ q: '研发投入' }).expect(200)).body as TargetsResult;
    const traditional = (await request(a).get('/api/targets').query({ q: '研發投入' }).expect(200)).body as TargetsResult;
    expect(traditional.targets.length).toBeGreaterThan(0);
    expect(traditional.targets.map((t) => t.id)).toEqual(simplified.targets.map((t) => t.id));
  });

  it('a target question naming a place at its head brings that place’s targets only', async () => {
    const body = (await request(app(seed)).get('/api/search').query({ q: '平湖的研发投入强度目标是多少' }).expect(200)).body as SearchResult & { targets: TargetRow[] };
    expect(body.scope?.cities).toEqual(['平湖市']);
    expect(body.targets.length).toBeGreaterThan(0);
    expect(body.targets.every((t) => t.doc.city === '平湖市')).toBe(true);
  });

  it('/api/targets keeps the targets of documents dated within since / until', async () => {
    const a = app(seed);
    const all = ((await request(a).get('/api/targets').expect(200)).body as TargetsResult).targets;
    const recent = ((await request(a).get('/api/targets').query({ since: '2023' }).expect(200)).body as TargetsResult).targets;
    // Jiangsu's guideline (2018) has targets; none of them is kept from 2023 on.
    expect(all.some((t) => t.doc.date?.startsWith('2018'))).toBe(true);
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.every((t) => t.doc.date !== null && t.doc.date >= '2023')).toBe(true);
    expect(recent.length).toBe(all.filter((t) => t.doc.date !== null && t.doc.date >= '2023').length);
    const html = (await request(a).get('/targets').query({ since: '2023' }).expect(200)).text;
    expect(html).toMatch(/<input id="since" name="since"[^>]*value="2023"/);
    expect(html).toMatch(/href="\/api\/targets\?since=2023-01-01&amp;format=csv"/);
  });

  it('/api/targets CSV has a row per target', async () => {
    const a = app(seed);
    const json = (await request(a).get('/api/targets').query({ city: '平湖市' })).body as TargetsResult;
    const rows = parseCsv((await request(a).get('/api/targets').query({ city: '平湖市', format: 'csv' }).expect(200)).text);
    expect(rows.length).toBe(json.targets.length + 1);
    expect(rows.slice(1).every((r) => r[1] === '平湖市')).toBe(true);
  });

  it('/api/matrix has the four seed cities and its CSV a row per measure and city', async () => {
    const a = app(seed);
    const json = (await request(a).get('/api/matrix').expect(200)).body as MatrixResult;
    expect(json.cities).toEqual(seed.corpus().cities);
    expect(json.cities).toHaveLength(4);
    const rows = parseCsv((await request(a).get('/api/matrix?format=csv').expect(200)).text);
    expect(rows.length).toBe(json.rows.length * 4 + 1);
  });

  it('/api/matrix over a date range counts only the clauses of documents dated within it, and drops a place left with none', async () => {
    const a = app(seed);
    const all = (await request(a).get('/api/matrix').expect(200)).body as MatrixResult;
    const recent = (await request(a).get('/api/matrix').query({ since: '2023' }).expect(200)).body as MatrixResult;
    // Jiangsu's one document is its 2018 guideline and Qingdao's is undated: from 2023 on neither has a clause, so
    // neither has a column.
    expect(recent.cities).toEqual(all.cities.filter((c) => c !== '江苏省' && c !== '青岛市'));
    // Kunshan's two documents (2023-02, 2023-12) and Pinghu's (2023-04) are all from 2023: their cells are unchanged.
    for (const [i, row] of recent.rows.entries()) {
      expect(row.cells.map((c) => [c.city, c.count])).toEqual(all.rows[i]!.cells.filter((c) => recent.cities.includes(c.city)).map((c) => [c.city, c.count]));
    }
    const old = (await request(a).get('/api/matrix').query({ until: '2018' }).expect(200)).body as MatrixResult;
    expect(old.cities).toEqual(['江苏省']);
    const html = (await request(a).get('/matrix').query({ since: '2023' }).expect(200)).text;
    // Qingdao's plan is undated, and the page says so rather than let its column vanish unexplained.
    expect(html).toContain('成文日期 2023-01-01 起（另有 1 份文件未标日期，不计入）');
    expect(html).toMatch(/class="row-link" href="\/compare\?q=[^"]*&amp;since=2023-01-01"/);
    // A measure's 各地对比 keeps the chosen places and the in-force day as given, and the form keeps a day as a day.
    const scoped = (await request(a).get('/matrix').query({ city: '昆山市', in_force: '2024-06-30' }).expect(200)).text;
    const link = /class="row-link" href="(\/compare\?[^"]*)"/.exec(scoped)![1]!.replace(/&amp;/g, '&');
    expect(new URLSearchParams(link.slice(link.indexOf('?') + 1)).getAll('city')).toEqual(['昆山市']);
    expect(new URLSearchParams(link.slice(link.indexOf('?') + 1)).get('in_force')).toBe('2024-06-30');
    expect(scoped).toContain('<input type="checkbox" name="in_force" value="2024-06-30" checked> 只看 2024-06-30 现行有效的文件');
    expectError(await request(a).get('/api/matrix').query({ since: 'x' }), 400, 'BAD_REQUEST');
    // A range no document falls in: an empty matrix that says why, not a table without columns.
    const none = (await request(a).get('/matrix').query({ until: '2010' }).expect(200)).text;
    expect(none).toContain('<p class="empty">没有地区的文件成文日期在此范围内。');
    expect(none).not.toContain('matrix-table');
  });

  it('says so when a date range leaves a comparison or a clause\'s counterparts no place', async () => {
    const a = app(seed);
    // Qingdao's plan is undated and Pinghu's is from 2023: nothing of theirs is dated up to 2018.
    const compared = (await request(a).get('/compare').query({ q: '青岛和平湖的专精特新', until: '2018' }).expect(200)).text;
    expect(compared).toContain('<p class="results-summary">0 个地区');
    expect(compared).toContain('<p class="empty">所选地区没有成文日期在此范围内的文件。');
    // No column, so nothing to tick for a diff.
    expect(compared).not.toContain('并排对比所选两条');
    // A level that leaves the chosen places no document is refused, naming what would hold (twenty-second session).
    const byLevel = (await request(a).get('/compare').query({ q: '专精特新', city: '青岛市', level: 'county' }).expect(400)).text;
    expect(byLevel).toContain('所选地区中没有county（县级）层级的地区。所选地区的层级：prefecture（地级）。county（县级）层级的地区：昆山市、平湖市。');
    const page = (await request(a).get('/p/002_86af085e02e72586:p0014').query({ until: '2010' }).expect(200)).text;
    expect(page).toContain('<p class="empty">其他地区没有成文日期在此范围内的文件。');
    expect(page).not.toMatch(/id="column-\d+"/);
  });

  it('/api/diff compares two seed clauses', async () => {
    const body = (await request(app(seed)).get('/api/diff').query({ a: '000_dcbe0bbe788de573:p0036', b: '002_86af085e02e72586:p0014' }).expect(200)).body as DiffResult;
    expect(body.shared.length).toBeGreaterThan(0);
    expect(body.a.doc.city).toBe('昆山市');
    expect(body.b.doc.city).toBe('平湖市');
  });
});
