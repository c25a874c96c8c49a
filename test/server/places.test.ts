/**
 * Places in the server: column headers with kind and parent, groups of places (province:…, level:…) on every view
 * and in the API, the 未标注地区 column for documents without a place, and the corpus page (/docs, /api/documents).
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { MatrixResult, TargetsResult } from '../../src/analysis/types.js';
import type { CompareResult, CorpusInfo, SearchOptions, SearchResult } from '../../src/search/types.js';
import { createFakeEngine, FAKE_DOCUMENTS, meta, type FakeDocument } from './fake-engine.js';
import { parseCsv, testApp } from './helpers.js';

/** A document whose place could not be resolved (city null), with a clause and a target like the others'. */
const UNPLACED: FakeDocument = {
  meta: meta({ id: 'unplaced_book', file: 'book.pdf', city: null, level: null, title: '产业政策汇编', docType: '汇编', date: '2024' }),
  paragraphs: [
    { text: '一、企业培育', section: ['一、企业培育'], heading: 1 },
    { text: '支持专精特新企业发展，到2025年专精特新企业达到100家。', section: ['一、企业培育'] },
  ],
};
/** A county-level city under 苏州市, so that groups of a province and of a level differ. */
const KUNSHAN: FakeDocument = {
  meta: meta({
    id: 'ks_plan', city: '昆山市', level: 'county', placeCode: '320583', placeKind: '县级市', parent: '苏州市', parentCode: '320500', province: '江苏省',
    title: '昆山市专精特新企业培育方案', docType: '实施方案', date: '2023-12-29',
  }),
  paragraphs: [{ text: '培育专精特新企业，给予一次性奖励20万元。', section: ['一、培育'], heading: 1 }],
};
const DOCUMENTS = [...FAKE_DOCUMENTS, KUNSHAN, UNPLACED];
const SKIPPED = [{ file: 'sub/broken.pdf', code: 'FILE_UNREADABLE', message: 'broken.pdf could not be processed (bad XRef).', kept: false }];

const NOT_READ = ['附件2.wps', 'sub/指标表.xlsx'];

function app() {
  return testApp(createFakeEngine(DOCUMENTS, { skipped: SKIPPED, notRead: NOT_READ }));
}

function expectError(res: request.Response, status: number, code: string): string {
  expect(res.status).toBe(status);
  expect(res.body.error.code).toBe(code);
  return res.body.error.message as string;
}

describe('the corpus’s places and groups', () => {
  it('lists one place per column with kind, level and parent, and 未标注地区 last with a hint', async () => {
    const body = (await request(app().app).get('/api/places').expect(200)).body as Pick<CorpusInfo, 'places' | 'groups'>;
    expect(body.places.map((p) => p.city)).toEqual(['苏州市', '宁波市', '浙江省', '昆山市', '未标注地区']);
    expect(body.places.find((p) => p.city === '昆山市')).toMatchObject({ name: '昆山市', code: '320583', kind: '县级市', level: 'county', parent: '苏州市', province: '江苏省', documents: 1, hint: null });
    const unplaced = body.places.at(-1)!;
    expect(unplaced).toMatchObject({ code: null, documents: 1 });
    expect(unplaced.hint).toContain('manifest.json');
    expect(body.groups).toEqual([
      { id: 'province:江苏省', label: '江苏省及下辖地区', cities: ['苏州市', '昆山市'] },
      { id: 'province:浙江省', label: '浙江省及下辖地区', cities: ['宁波市', '浙江省'] },
      { id: 'level:province', label: '全部省级地区', cities: ['浙江省'] },
      { id: 'level:prefecture', label: '全部地级地区', cities: ['苏州市', '宁波市'] },
      { id: 'level:county', label: '全部县级地区', cities: ['昆山市'] },
    ]);
  });
});

describe('groups in the API', () => {
  it('expands a group into its places in corpus order, together with single places', async () => {
    const { app: a, calls } = app();
    await request(a).get('/api/search').query({ q: '企业', group: 'province:浙江省', city: '昆山市' }).expect(200);
    expect((calls[0]!.args[1] as SearchOptions).cities).toEqual(['宁波市', '浙江省', '昆山市']);
  });

  it('keeps the chosen places of a level group’s level, as level= does (verifying audit: it had been a union)', async () => {
    const { app: a, calls } = app();
    // city=江苏&group=level:province had searched every province and Jiangsu's cities; level=province keeps 江苏省 alone.
    await request(a).get('/api/search').query({ q: '企业', city: '浙江', group: 'level:province' }).expect(200);
    expect((calls.at(-1)!.args[1] as SearchOptions).cities).toEqual(['浙江省']);
    await request(a).get('/api/search').query({ q: '企业', group: ['province:浙江省', 'level:prefecture'] }).expect(200);
    expect((calls.at(-1)!.args[1] as SearchOptions).cities).toEqual(['宁波市']);
    const byGroup = (await request(a).get('/api/matrix').query({ city: '浙江', group: 'level:province' }).expect(200)).body as MatrixResult;
    const byLevel = (await request(a).get('/api/matrix').query({ city: '浙江', level: 'province' }).expect(200)).body as MatrixResult;
    expect(byGroup.cities).toEqual(['浙江省']);
    expect(byGroup.cities).toEqual(byLevel.cities);
    // Two level groups are either level; a province's group still adds its places.
    await request(a).get('/api/search').query({ q: '企业', city: '浙江', group: ['level:province', 'level:prefecture'] }).expect(200);
    expect((calls.at(-1)!.args[1] as SearchOptions).cities).toEqual(['宁波市', '浙江省']);
    // Chosen places none of which is of the level: refused as level= refuses them, naming what would match.
    for (const query of [{ city: '昆山市', group: 'level:province' }, { city: '昆山市', level: 'province' }]) {
      const message = expectError(await request(a).get('/api/compare').query({ q: '企业', ...query }), 400, 'BAD_REQUEST');
      expect(message, JSON.stringify(query)).toContain('No place of the chosen places is of level "province". Levels of the chosen places: county. Places of level "province": 浙江省.');
    }
  });

  it('keeps a place the query names to the levels asked, or refuses it naming what would match, for level= and level groups alike (s23 verifying audit 5)', async () => {
    const { app: a } = app();
    // 昆山 is county-level (written out: the fake corpus cannot say whether a bare 昆山 runs into a word): q=昆山专精特新&level=province had answered 0 hits with the generic advice, and under
    // group=level:province the query's 昆山 had been overridden by 已选了地区 (a level is no place).
    for (const query of [{ level: 'province' }, { group: 'level:province' }]) {
      for (const path of ['/api/search', '/api/targets']) {
        const message = expectError(await request(a).get(path).query({ q: '昆山市专精特新', ...query }), 400, 'BAD_REQUEST');
        expect(message, `${path} ${JSON.stringify(query)}`).toContain('No place of the places the query names (昆山市) is of level "province". Levels of those places: county. Places of level "province": 浙江省.');
      }
      const page = await request(a).get('/').query({ q: '昆山市专精特新', ...query }).expect(400);
      expect(page.text).toContain('查询所指地区（昆山市）中没有province（省级）层级的地区。其层级：county（县级）。province（省级）层级的地区：浙江省。');
      // A comparison of two named places is refused alike; of one, it keeps its columns.
      expectError(await request(a).get('/api/compare').query({ q: '昆山和苏州的专精特新', ...query }), 400, 'BAD_REQUEST');
      await request(a).get('/compare').query({ q: '昆山市专精特新', ...query }).expect(200);
    }
    // A level group alone keeps the query's place of that level, as level= does, and says no choice overrode it.
    for (const query of [{ level: 'county' }, { group: 'level:county' }]) {
      const body = (await request(a).get('/api/search').query({ q: '昆山市专精特新', ...query }).expect(200)).body as SearchResult;
      expect(body.scope, JSON.stringify(query)).toMatchObject({ cities: ['昆山市'], query: '专精特新' });
      expect(body.scopeOverridden ?? null, JSON.stringify(query)).toBeNull();
      const targets = (await request(a).get('/api/targets').query({ q: '昆山市专精特新', ...query }).expect(200)).body as { scope: unknown };
      expect(targets.scope, JSON.stringify(query)).toMatchObject({ cities: ['昆山市'] });
    }
    // Without a place in the query a level group is every place of its level, still named by its label.
    const csv = await request(a).get('/api/search').query({ q: '亩均效益', group: 'level:province', format: 'csv' }).expect(200);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(csv.headers['content-disposition'] as string)![1]!)).toBe('policylens-search-亩均效益-全部省级地区.csv');
    expect(parseCsv(csv.text).length).toBeGreaterThan(1);
  });

  it('names exports and says on the page what a level group left of the chosen places (s23 verifying audit 3)', async () => {
    const { app: a } = app();
    const name = (res: request.Response) => decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(res.headers['content-disposition'] as string)![1]!);
    // city=浙江&group=level:province compares 浙江省 alone: the file and every row's filters had named the union.
    const search = await request(a).get('/api/search').query({ q: '亩均效益', city: '浙江', group: 'level:province', format: 'csv' }).expect(200);
    expect(name(search)).toBe('policylens-search-亩均效益-浙江省.csv');
    const rows = parseCsv(search.text);
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows.slice(1)) expect(row[rows[0]!.indexOf('filters')]).toBe('地区：浙江省');
    for (const path of ['/api/compare?q=专精特新', '/api/targets?q=', '/api/matrix?']) {
      const res = await request(a).get(`${path}&city=${encodeURIComponent('浙江')}&group=level:province&format=csv`).expect(200);
      expect(name(res), path).toMatch(/-浙江省\.csv$/);
    }
    const county = await request(a).get('/api/compare').query({ q: '专精特新', group: ['level:county', 'province:江苏'], format: 'csv' }).expect(200);
    expect(name(county)).toBe('policylens-compare-专精特新-昆山市.csv');
    const desk = await request(a).post('/api/draft?format=csv').send({ text: '第一条 支持专精特新企业发展，给予一次性奖励20万元。', city: '浙江', group: 'level:province' }).expect(200);
    expect(name(desk)).toMatch(/-浙江省\.csv$/);
    // A level group alone is every place of its level, named by its label as before.
    expect(name(await request(a).get('/api/compare').query({ q: '专精特新', group: 'level:county', format: 'csv' }).expect(200))).toBe('policylens-compare-专精特新-全部县级地区.csv');
    // The page says the cut beside what 浙江 stood for; nothing when the level left every chosen place.
    const line = '<p class="scope level-scope" role="status">按“全部省级地区”，所选地区（宁波市、浙江省）只留 <strong>浙江省</strong>。</p>';
    for (const path of ['/?q=专精特新', '/compare?q=专精特新', '/targets?q=', '/matrix?', '/p/sz_manufacturing:p0001?k=3']) {
      expect((await request(a).get(`${path}&city=${encodeURIComponent('浙江')}&group=level:province`).expect(200)).text, path).toContain(line);
      expect((await request(a).get(`${path}&city=${encodeURIComponent('浙江省')}&group=level:province`).expect(200)).text, path).not.toContain('level-scope');
    }
    expect((await request(a).get('/compare').query({ q: '专精特新', group: ['level:county', 'province:江苏'] }).expect(200)).text).toContain(
      '<p class="scope level-scope" role="status">按“全部县级地区”，所选地区（苏州市、昆山市）只留 <strong>昆山市</strong>。</p>',
    );
  });

  it('compares the places of a level, each column with its header facts', async () => {
    const body = (await request(app().app).get('/api/compare').query({ q: '专精特新', group: 'level:prefecture' }).expect(200)).body as CompareResult;
    expect(body.columns.map((c) => c.city)).toEqual(['苏州市', '宁波市']);
    expect(body.columns[1]!.place).toMatchObject({ kind: '副省级市', parent: '浙江省', level: 'prefecture' });
  });

  it('answers an unknown group with 400 UNKNOWN_GROUP naming the valid groups, a malformed one with BAD_REQUEST', async () => {
    const { app: a, calls } = app();
    const message = expectError(await request(a).get('/api/search').query({ q: '企业', group: 'province:河北省' }), 400, 'UNKNOWN_GROUP');
    expect(message).toContain('Valid groups: province:江苏省, province:浙江省, level:province, level:prefecture, level:county');
    expect(expectError(await request(a).get('/api/compare').query({ q: '企业', group: '江苏' }), 400, 'BAD_REQUEST')).toMatch(/province:<省级地区>/);
    for (const path of ['/api/targets', '/api/matrix', '/api/documents']) expectError(await request(a).get(path).query({ group: 'level:village' }), 400, 'UNKNOWN_GROUP');
    expect(calls).toHaveLength(0);
  });

  it('filters targets and the matrix by group', async () => {
    const { app: a } = app();
    const targets = (await request(a).get('/api/targets').query({ group: 'province:江苏省' }).expect(200)).body as TargetsResult;
    expect(targets.targets.length).toBeGreaterThan(0);
    expect(new Set(targets.targets.map((t) => t.doc.city))).toEqual(new Set(['苏州市']));
    const matrix = (await request(a).get('/api/matrix').query({ group: 'province:浙江省' }).expect(200)).body as MatrixResult;
    expect(matrix.cities).toEqual(['宁波市', '浙江省']);
    for (const row of matrix.rows) expect(row.cells.map((c) => c.city)).toEqual(['宁波市', '浙江省']);
  });

  it('takes a province group by the short and traditional names city= takes, and levels by the names the pages show', async () => {
    const { app: a, calls } = app();
    for (const group of ['province:江苏', 'province:江蘇省', ' province:江苏省 ']) {
      await request(a).get('/api/search').query({ q: '企业', group }).expect(200);
      expect((calls.at(-1)!.args[1] as SearchOptions).cities, group).toEqual(['苏州市', '昆山市']);
    }
    // A level group alone is read as level= is (s23 verifying audit 5).
    await request(a).get('/api/search').query({ q: '企业', group: 'level:县级' }).expect(200);
    expect((calls.at(-1)!.args[1] as SearchOptions).levels).toEqual(['county']);
    expect((calls.at(-1)!.args[1] as SearchOptions).cities).toBeUndefined();
    await request(a).get('/api/search').query({ q: '企业', level: '县级' }).expect(200);
    expect((calls.at(-1)!.args[1] as SearchOptions).levels).toEqual(['county']);
    const matrix = (await request(a).get('/api/matrix').query({ level: '地级' }).expect(200)).body as MatrixResult;
    expect(matrix.cities).toEqual(['苏州市', '宁波市']);
    const documents = (await request(a).get('/api/documents').query({ group: 'province:浙江', level: '省级' }).expect(200)).body as { documents: { id: string }[] };
    expect(documents.documents.map((d) => d.id)).toEqual(['zj_province']);
    // A province the corpus has no place of, or no level by that name, is refused as before.
    expectError(await request(a).get('/api/search').query({ q: '企业', group: 'province:河北' }), 400, 'UNKNOWN_GROUP');
    expect(expectError(await request(a).get('/api/search').query({ q: '企业', level: '乡级' }), 400, 'BAD_REQUEST')).toContain('Valid levels');
    // The page ticks the group and the level as read.
    const html = (await request(a).get('/').query({ q: '专精特新', group: 'province:江苏', level: '地级' }).expect(200)).text;
    expect(html).toContain('<input type="checkbox" name="group" value="province:江苏省" checked>');
    expect(html).toContain('<option value="prefecture" selected>');
  });
});

describe('a city= value that names no place: what it may have meant (places audit 3 and 5)', () => {
  const fake = () => testApp(createFakeEngine());
  type Refusal = { error: { code: string; message: string; details: { valid: string[]; suggestions?: Record<string, unknown>[] } } };

  it('refuses every government named as a place alike, pointing to issuer=', async () => {
    const { app: a, calls } = fake();
    // jieba keeps 浙江省人民政府 whole, and it had been read as the whole province (宁波's documents too); 苏州市人民政府
    // it cuts, and that was refused as an unknown place.
    for (const [city, place, documents] of [['浙江省人民政府', '浙江省', 1], ['苏州市人民政府', '苏州市', 1], ['宁波市政府', '宁波市', 1]] as const) {
      for (const path of ['/api/search?q=企业', '/api/compare?q=企业', '/api/targets?', '/api/matrix?', '/api/documents?']) {
        const res = await request(a).get(`${path}&city=${encodeURIComponent(city)}`);
        const message = expectError(res, 400, 'UNKNOWN_CITY');
        expect(message, `${path} ${city}`).toContain(`names an issuer (发文机关), not a place: choose its documents with issuer=${city} (1 document of the corpus) or the place with city=${place}.`);
        expect((res.body as Refusal).error.details.suggestions).toEqual([{ value: city, reason: 'issuer', city: [place], issuer: city, documents }]);
      }
    }
    // An organ no document has is not offered as issuer= (which refuses it): the place alone is (verifying audit).
    for (const [city, place] of [['江苏省人民政府', '江苏省'], ['宁波市发展和改革委员会', '宁波市']] as const) {
      const res = await request(a).get('/api/search').query({ q: '企业', city });
      const message = expectError(res, 400, 'UNKNOWN_CITY');
      expect(message).toContain(`"${city}" names an issuer (发文机关), not a place, and no document of the corpus is issued by it: choose the place with city=${place}.`);
      expect(message).not.toContain('issuer=');
      expect((res.body as Refusal).error.details.suggestions).toEqual([{ value: city, reason: 'issuer', city: [place], documents: 0 }]);
    }
    const none = (await request(a).get('/').query({ q: '企业', city: '江苏省人民政府' }).expect(400)).text;
    expect(none).toContain('“江苏省人民政府”是发文机关，不是地区；本库没有它发的文件。按地区请用 city=江苏省。本库的地区：');
    expect(calls).toHaveLength(0);
    const page = (await request(a).get('/compare').query({ q: '企业', city: '浙江省人民政府' }).expect(400)).text;
    expect(page).toContain('<p class="error" role="alert">这是发文机关，不是地区。“浙江省人民政府”是发文机关，不是地区：按发文机关选文件请用 issuer=浙江省人民政府（本库有 1 份）；按地区请用 city=浙江省。本库的地区：');
  });

  it('tells a list to repeat city=, and offers the place a slip or pinyin sounds like, never reading it so', async () => {
    const { app: a, calls } = fake();
    for (const city of ['苏州,宁波', '苏州、宁波', '苏州 宁波']) {
      const res = await request(a).get('/api/compare').query({ q: '企业', city });
      expect(expectError(res, 400, 'UNKNOWN_CITY')).toContain(`"${city}" names several places: give city= once for each (city=苏州市&city=宁波市).`);
      expect((res.body as Refusal).error.details.suggestions).toEqual([{ value: city, reason: 'list', city: ['苏州市', '宁波市'] }]);
    }
    for (const [city, meant] of [['宁博', '宁波市'], ['Ningbo', '宁波市'], ['suzhou', '苏州市']] as const) {
      const res = await request(a).get('/api/search').query({ q: '企业', city });
      expect(expectError(res, 400, 'UNKNOWN_CITY')).toContain(`"${city}": did you mean ${meant}? (city=${meant})`);
      expect((res.body as Refusal).error.details.suggestions).toEqual([{ value: city, reason: 'spelling', city: [meant] }]);
    }
    // A name standing for several places is offered as written, with them.
    expect(expectError(await request(a).get('/api/search').query({ q: '企业', city: '浙将' }), 400, 'UNKNOWN_CITY')).toContain('"浙将": did you mean 浙江 (宁波市, 浙江省)? (city=浙江)');
    // A place the corpus lacks gets no suggestion, and the details none.
    const absent = await request(a).get('/api/search').query({ q: '企业', city: '深圳' });
    expect(expectError(absent, 400, 'UNKNOWN_CITY')).toBe(`Unknown city "深圳". Valid cities: 苏州市, 宁波市, 浙江省.`);
    expect((absent.body as Refusal).error.details).toEqual({ valid: ['苏州市', '宁波市', '浙江省'] });
    expect(calls).toHaveLength(0);
    const list = (await request(a).get('/').query({ q: '企业', city: '苏州,宁波' }).expect(400)).text;
    expect(list).toContain('<p class="error" role="alert">地区要逐个选。“苏州,宁波”写了几个地区：请每个地区各选一次（网址中各写一个 city：city=苏州市&amp;city=宁波市）。本库的地区：');
    const slip = (await request(a).get('/targets').query({ city: '宁博' }).expect(400)).text;
    expect(slip).toContain('<p class="error" role="alert">本库没有这个地区。“宁博”不在本库中。您是否要找：宁波市？本库的地区：');
  });
});

describe('a city= value read as other places than it names is said, as a query’s places are (places audit 4)', () => {
  type WithCityScope = { cityScope: { named: string; cities: string[] }[] };
  it('answers cityScope on search, compare and targets, for the values that stand for several places or another one', async () => {
    const { app: a } = app();
    const compare = (await request(a).get('/api/compare').query({ q: '专精特新', city: '浙江' }).expect(200)).body as CompareResult & WithCityScope;
    expect(compare.cityScope).toEqual([{ named: '浙江', cities: ['宁波市', '浙江省'] }]);
    const targets = (await request(a).get('/api/targets').query({ city: ['江苏', '宁波'] }).expect(200)).body as WithCityScope;
    expect(targets.cityScope).toEqual([{ named: '江苏', cities: ['苏州市', '昆山市'] }]);
    // A column, a short name of one and its address are read as themselves.
    for (const city of ['浙江省', '宁波', '昆山', '江苏昆山']) {
      expect(((await request(a).get('/api/search').query({ q: '专精特新', city }).expect(200)).body as WithCityScope).cityScope, city).toEqual([]);
    }
    // The same columns named one by one: the engine's remembered answer is the same, what city= was read as is not.
    await request(a).get('/api/search').query({ q: '企业', city: '浙江' }).expect(200);
    expect(((await request(a).get('/api/search').query({ q: '企业', city: ['宁波市', '浙江省'] }).expect(200)).body as WithCityScope).cityScope).toEqual([]);
    expect(((await request(a).get('/api/search').query({ q: '企业', city: '浙江' }).expect(200)).body as WithCityScope).cityScope).toEqual([{ named: '浙江', cities: ['宁波市', '浙江省'] }]);
  });

  it('says it on search, compare, targets, the matrix and the corpus page', async () => {
    const { app: a } = app();
    const line = '<p class="scope city-scope" role="status">所选地区“浙江”指本库的 <strong>宁波市、浙江省</strong>。只看浙江省本级的文件，请选“浙江省”。</p>';
    for (const path of ['/?q=专精特新', '/compare?q=专精特新', '/targets?q=', '/matrix?', '/docs?']) {
      expect((await request(a).get(`${path}&city=${encodeURIComponent('浙江')}`).expect(200)).text, path).toContain(line);
      expect((await request(a).get(`${path}&city=${encodeURIComponent('浙江省')}`).expect(200)).text, path).not.toContain('city-scope');
    }
    // The clause page and the desk had said nothing of it (places audit); the desk ticks the places it stood for, which
    // its form then posts (a name that is no column had ticked nothing: posting it compared with every place).
    for (const path of ['/p/sz_manufacturing:p0001?k=3', '/draft?']) {
      expect((await request(a).get(`${path}&city=${encodeURIComponent('浙江')}`).expect(200)).text, path).toContain(line);
      expect((await request(a).get(`${path}&city=${encodeURIComponent('浙江省')}`).expect(200)).text, path).not.toContain('city-scope');
    }
    const desk = (await request(a).get('/draft').query({ city: '浙江' }).expect(200)).text;
    for (const city of ['宁波市', '浙江省']) expect(desk).toContain(`<input type="checkbox" name="city" value="${city}" checked>`);
    // A group by a short or traditional name ticks its box, got or posted (s23 drafter audit 4: none was ticked).
    for (const group of ['province:浙江', 'province:浙江省', 'province:浙江省 ']) {
      expect((await request(a).get('/draft').query({ group }).expect(200)).text, group).toContain('<input type="checkbox" name="group" value="province:浙江省" checked>');
    }
    const posted = (await request(a).post('/draft').type('form').send({ text: '第一条 支持专精特新企业发展，给予一次性奖励20万元。', group: 'province:江蘇' }).expect(200)).text;
    expect(posted).toContain('<input type="checkbox" name="group" value="province:江苏省" checked>');
    // A place with an area word is the place (city=北京地区 had been refused without a suggestion).
    const area = (await request(a).get('/api/search').query({ q: '专精特新', city: '浙江省内' }).expect(200)).body as WithCityScope;
    expect(area.cityScope).toEqual([{ named: '浙江省内', cities: ['宁波市', '浙江省'], place: '浙江省' }]);
    // Its page names the province's own column as 浙江's does: it had said 本库没有浙江省内本级的文件 (verifying audit 4).
    for (const [city, path] of [['浙江省内', '/?q=专精特新'], ['浙江地区', '/compare?q=专精特新'], ['浙江省域', '/targets?q='], ['浙江省内', '/matrix?'], ['浙江省域', '/p/sz_manufacturing:p0001?k=3'], ['浙江地区', '/draft?']]) {
      const page = (await request(a).get(`${path}&city=${encodeURIComponent(city!)}`).expect(200)).text;
      expect(page, `${path} ${city}`).toContain(`<p class="scope city-scope" role="status">所选地区“${city}”指本库的 <strong>宁波市、浙江省</strong>。只看浙江省本级的文件，请选“浙江省”。</p>`);
    }
    expect(((await request(a).get('/api/search').query({ q: '专精特新', city: '宁波地区' }).expect(200)).body as WithCityScope).cityScope).toEqual([]);
    // A place the corpus has no document of itself reads as the places under it, and says so.
    const fake = testApp(createFakeEngine()).app;
    expect((await request(fake).get('/compare').query({ q: '专精特新', city: '江苏' }).expect(200)).text).toContain('<p class="scope city-scope" role="status">所选地区“江苏”指本库的 <strong>苏州市</strong>。本库没有江苏省本级的文件。</p>');
  });
});

describe('未标注地区: documents without a place still take part', () => {
  it('has a comparison column, reachable as a place', async () => {
    const { app: a } = app();
    const all = (await request(a).get('/api/compare').query({ q: '专精特新', mode: 'keyword' }).expect(200)).body as CompareResult;
    const column = all.columns.find((c) => c.city === '未标注地区')!;
    expect(column.results.map((h) => h.doc.id)).toContain('unplaced_book');
    expect(column.place.hint).toContain('"city"');
    const only = (await request(a).get('/api/search').query({ q: '专精特新', city: '未标注地区' }).expect(200)).body as { results: { doc: { id: string } }[] };
    expect(only.results.length).toBeGreaterThan(0);
    expect(only.results.every((h) => h.doc.id === 'unplaced_book')).toBe(true);
  });

  it('is a column of the matrix and a place of the targets', async () => {
    const { app: a } = app();
    const matrix = (await request(a).get('/api/matrix').expect(200)).body as MatrixResult;
    expect(matrix.cities.at(-1)).toBe('未标注地区');
    expect(matrix.clauses['未标注地区']).toBeGreaterThan(0);
    const targets = (await request(a).get('/api/targets').query({ city: '未标注地区' }).expect(200)).body as TargetsResult;
    expect(targets.targets.map((t) => t.doc.id)).toEqual(['unplaced_book']);
  });

  it('shows the column and the hint on the comparison page, the matrix and the reader', async () => {
    const { app: a } = app();
    const compare = (await request(a).get('/compare').query({ q: '专精特新' }).expect(200)).text;
    expect(compare).toMatch(/<h2 id="column-\d+">未标注地区<\/h2>\s*<p class="place-hint" role="note">[^<]*manifest\.json/);
    const matrix = (await request(a).get('/matrix').expect(200)).text;
    expect(matrix).toMatch(/<th scope="col" class="city">未标注地区<span class="muted">\d+ 条<\/span><span class="place-hint">/);
    const reader = (await request(a).get('/doc/unplaced_book').expect(200)).text;
    expect(reader).toContain('<dd>未标注地区</dd>');
    expect(reader).toContain('class="place-hint"');
  });
});

describe('column headers and forms', () => {
  it('heads columns with place · kind · parent on compare, matrix and targets', async () => {
    const { app: a } = app();
    const compare = (await request(a).get('/compare').query({ q: '专精特新' })).text;
    expect(compare).toContain('>宁波市 · 副省级市 · 浙江省</h2>');
    expect(compare).toContain('>昆山市 · 县级市 · 苏州市</h2>');
    expect(compare).toContain('>浙江省 · 省</h2>');
    const matrix = (await request(a).get('/matrix')).text;
    expect(matrix).toContain('<th scope="col" class="city">昆山市 · 县级市 · 苏州市<span class="muted">');
    const targets = (await request(a).get('/targets')).text;
    expect(targets).toMatch(/<th scope="col">苏州市 · 地级市 · 江苏省<\/th>/);
  });

  it('offers groups as checkboxes in the no-JS forms and keeps them checked and in links', async () => {
    const { app: a, calls } = app();
    const html = (await request(a).get('/').query({ q: '专精特新', group: 'province:浙江省' }).expect(200)).text;
    expect(html).toContain('<input type="checkbox" name="group" value="province:浙江省" checked> 浙江省及下辖地区');
    expect(html).toContain('<input type="checkbox" name="group" value="level:county"> 全部县级地区');
    expect((calls[0]!.args[1] as SearchOptions).cities).toEqual(['宁波市', '浙江省']);
    const compareLink = [...html.matchAll(/href="(\/compare\?[^"]*)"/g)].map((m) => new URLSearchParams(m[1]!.replace(/&amp;/g, '&').split('?')[1]));
    expect(compareLink.some((p) => p.getAll('group').includes('province:浙江省'))).toBe(true);
    for (const path of ['/compare?q=x', '/targets', '/matrix', '/docs']) {
      expect((await request(a).get(path).expect(200)).text).toContain('name="group" value="level:prefecture"');
    }
  });

  it('re-renders a page with the message when a group is unknown, led in Chinese', async () => {
    const { app: a } = app();
    for (const path of ['/?q=x', '/compare?q=x', '/targets?q=', '/matrix?', '/docs?']) {
      const res = await request(a).get(`${path}&group=province:河北省`).expect(400);
      expect(res.text).toMatch(/<p class="error" role="alert">本库没有这个地区组。本库没有地区组“province:河北省”。可选：/);
    }
  });
});

describe('the corpus page and GET /api/documents', () => {
  it('carries place, level, kind, type, dates and paragraph count, plus the skipped files', async () => {
    const body = (await request(app().app).get('/api/documents').expect(200)).body as { documents: Record<string, unknown>[]; skipped: unknown[]; notRead: string[] };
    expect(body.documents.find((d) => d.id === 'ks_plan')).toMatchObject({
      city: '昆山市', placeCode: '320583', placeKind: '县级市', level: 'county', parent: '苏州市', province: '江苏省', docType: '实施方案', date: '2023-12-29', paragraphCount: 1,
    });
    expect(body.skipped).toEqual(SKIPPED);
    expect(body.notRead).toEqual(NOT_READ);
  });

  it('sorts and filters by query parameters', async () => {
    const a = app().app;
    const ids = async (query: Record<string, string | string[]>) =>
      ((await request(a).get('/api/documents').query(query).expect(200)).body.documents as { id: string }[]).map((d) => d.id);
    expect(await ids({})).toEqual(['sz_manufacturing', 'sz_talent', 'nb_industry', 'zj_province', 'ks_plan', 'unplaced_book']);
    // Dates compare as written (2024 before 2024-03-01); a document without a date would come last either way.
    expect(await ids({ sort: 'date', order: 'desc' })).toEqual(['sz_manufacturing', 'unplaced_book', 'ks_plan', 'nb_industry', 'sz_talent', 'zj_province']);
    expect(await ids({ sort: 'paragraphs' })).toEqual(['ks_plan', 'sz_talent', 'zj_province', 'unplaced_book', 'nb_industry', 'sz_manufacturing']);
    expect(await ids({ sort: 'level' })).toEqual(['zj_province', 'sz_manufacturing', 'sz_talent', 'nb_industry', 'ks_plan', 'unplaced_book']);
    // By province as the corpus meets them, then from the top: 浙江省 before 宁波市, not in corpus order.
    expect(await ids({ sort: 'place' })).toEqual(['sz_manufacturing', 'sz_talent', 'ks_plan', 'zj_province', 'nb_industry', 'unplaced_book']);
    expect(await ids({ group: 'province:江苏省' })).toEqual(['sz_manufacturing', 'sz_talent', 'ks_plan']);
    expect(await ids({ type: ['意见', '汇编'] })).toEqual(['nb_industry', 'zj_province', 'unplaced_book']);
    expect(await ids({ city: '未标注地区' })).toEqual(['unplaced_book']);
    expect(await ids({ level: 'county' })).toEqual(['ks_plan']);
  });

  it('refuses an unknown sort, order or type with the valid values', async () => {
    const a = app().app;
    expect(expectError(await request(a).get('/api/documents?sort=size'), 400, 'BAD_REQUEST')).toContain('Valid sorts: place, title, level, type, date, paragraphs, file');
    expect(expectError(await request(a).get('/api/documents?order=up'), 400, 'BAD_REQUEST')).toContain('Valid orders: asc, desc');
    expect(expectError(await request(a).get('/api/documents?type=公告'), 400, 'BAD_REQUEST')).toContain('Valid types: 地方性法规');
    expectError(await request(a).get('/api/documents?city=北京市'), 400, 'UNKNOWN_CITY');
  });

  it('renders the list with sort links, the 未标注地区 hint and the skipped files', async () => {
    const html = (await request(app().app).get('/docs').query({ sort: 'date', order: 'desc' }).expect(200)).text;
    const rows = [...html.matchAll(/<tr[^>]*>\s*<td><a href="\/doc\/([^"]+)">/g)].map((m) => m[1]);
    expect(rows).toEqual(['sz_manufacturing', 'unplaced_book', 'ks_plan', 'nb_industry', 'sz_talent', 'zj_province']);
    expect(html).toMatch(/<th scope="col" aria-sort="descending"><a href="\/docs\?sort=date&amp;order=asc">日期 ↓<\/a><\/th>/);
    expect(html).toContain('<a href="/docs?sort=title&amp;order=asc">标题</a>');
    expect(html).toMatch(/<td>昆山市<span class="muted">（江苏省苏州市）<\/span><\/td>\s*<td>县级<span class="muted"> · 县级市<\/span><\/td>\s*<td>实施方案<\/td>\s*<td>2023-12-29<\/td>/);
    expect(html).toMatch(/<td>未标注地区<span class="place-hint">/);
    expect(html).toContain('<h2 id="skipped">未能收录的文件</h2>');
    // The reason and what to do, both in Chinese (the fix had been in the English message alone), with the indexer's
    // own message beside them.
    expect(html).toContain('<td>sub/broken.pdf</td><td>文件无法读取或解码。处理：用 Word、WPS 或文本编辑器打开后另存为 .docx、PDF 或 UTF-8 编码的 .txt，或重新下载；链接失效的，重新连接或删除链接。<br><span class="muted" lang="en">broken.pdf could not be processed (bad XRef).</span></td><td><code>FILE_UNREADABLE</code></td><td>未收录</td>');
    // Files of a type the indexer does not read are named, with what to do.
    expect(html).toContain('<a href="#not-read">2 个文件的格式无法读取</a>');
    expect(html).toContain('<h2 id="not-read">格式无法读取的文件</h2>');
    expect(html).toMatch(/<li>附件2\.wps<\/li>\s*<li>sub\/指标表\.xlsx<\/li>/);
    expect(html).toContain('另存为 .docx 或 PDF');
  });

  it('names, beside a document under 未标注地区, the places its issuer may mean and the manifest entries that file it', async () => {
    // Places audit, finding 6: the page had only the general hint, and named neither 朝阳区.
    const chaoyang: FakeDocument = {
      meta: meta({ id: 'chaoyang', file: 'chaoyang-zjtx.txt', city: null, level: null, issuer: '朝阳区人民政府', title: '朝阳区人民政府关于支持专精特新企业发展的若干措施' }),
      paragraphs: [{ text: '对首次获评国家级专精特新“小巨人”的企业，给予一次性奖励30万元。', section: ['一、支持企业梯度成长'] }],
    };
    const html = (await request(testApp(createFakeEngine([...FAKE_DOCUMENTS, chaoyang, UNPLACED])).app).get('/docs').expect(200)).text;
    expect(html).toContain(
      '<td>未标注地区<span class="place-hint">发文机关开头的“朝阳区”可能是 北京市朝阳区、长春市朝阳区：在 manifest.json 中写明 {&#34;file&#34;: &#34;chaoyang-zjtx.txt&#34;, &#34;city&#34;: &#34;朝阳区&#34;, &#34;parent&#34;: &#34;北京市&#34;} 或 {&#34;file&#34;: &#34;chaoyang-zjtx.txt&#34;, &#34;city&#34;: &#34;朝阳区&#34;, &#34;parent&#34;: &#34;长春市&#34;}，重新建立索引即可归入。</span></td>',
    );
    // A document whose issuer and title name no place keeps the general hint.
    expect(html).toContain('<td>未标注地区<span class="place-hint">在 manifest.json 中写明 &#34;city&#34; 即可归入地区</span></td>');
  });

  it('shows each file by its path in its input folder, lists the build\'s warnings and the files passed over, each with what to do in Chinese', async () => {
    // Two 丽水 files of one name in two subfolders had read the same on the page, the reader and the CSV.
    const lishui = (year: string): FakeDocument => ({
      meta: meta({ id: `lishui${year}`, file: '丽水市数字经济政策.txt', path: `${year}年报送/丽水市数字经济政策.txt`, city: '丽水市', level: 'prefecture', title: `丽水市数字经济政策（${year}）` }),
      paragraphs: [{ text: `到${year}年，数字经济核心产业增加值达到100亿元。`, section: ['一、目标'] }],
    });
    const warnings = [{ file: '05-yangzhou-levels - 副本.txt', code: 'SAME_DOCUMENT', message: '05-yangzhou-levels - 副本.txt and 05-yangzhou-levels.txt are both 扬府发〔2024〕12号 …', others: ['05-yangzhou-levels.txt'] }];
    const ignored = [{ file: 'Notice.txt', reason: 'folder-note' }];
    const a = testApp(createFakeEngine([...DOCUMENTS, lishui('2023'), lishui('2024')], { warnings, ignored })).app;
    const html = (await request(a).get('/docs').expect(200)).text;
    expect(html).toContain('<span class="muted file">2023年报送/丽水市数字经济政策.txt</span>');
    expect(html).toContain('<span class="muted file">2024年报送/丽水市数字经济政策.txt</span>');
    expect(html).toContain('<a href="#warnings">1 条需要留意</a>');
    expect(html).toContain('<td>05-yangzhou-levels - 副本.txt<br>05-yangzhou-levels.txt</td><td>与另一文件的文号相同，或标题和日期都相同');
    expect(html).toContain('处理：删除不是现行版本的那一份后重建索引');
    expect(html).toContain('<h2 id="ignored">未读取的其他文件</h2>');
    expect(html).toContain('<li>Notice.txt：文件夹的说明文件（README、NOTICE、SOURCES 等），不作为政策文件读取');
    expect((await request(a).get('/doc/lishui2023').expect(200)).text).toContain('<dt>源文件</dt><dd>2023年报送/丽水市数字经济政策.txt</dd>');
    const csv = (await request(a).get('/api/documents').query({ format: 'csv' }).expect(200)).text;
    expect(csv).toContain(',2024年报送/丽水市数字经济政策.txt,');
    const body = (await request(a).get('/api/documents').expect(200)).body as { documents: { id: string; file: string; path: string }[]; warnings: unknown[]; ignored: unknown[] };
    expect(body.documents.find((d) => d.id === 'lishui2024')).toMatchObject({ file: '丽水市数字经济政策.txt', path: '2024年报送/丽水市数字经济政策.txt' });
    expect(body.warnings).toEqual(warnings);
    expect(body.ignored).toEqual(ignored);
  });

  it('says in Chinese what a file holding a second document means and what to do', async () => {
    const warnings = [{ file: 'two.txt', code: 'SECOND_DOCUMENT', message: 'two.txt: a second document begins at its title 嘉兴市人民政府办公室关于推进绿色智造的实施意见 …', others: [] }];
    const html = (await request(testApp(createFakeEngine(DOCUMENTS, { warnings })).app).get('/docs').expect(200)).text;
    expect(html).toContain('一个文件里还有另一份文件');
    expect(html).toContain('处理：把两份文件分存为两个文件后重建索引');
  });

  it('keeps filters in the sort links', async () => {
    const html = (await request(app().app).get('/docs').query({ group: 'province:江苏省', type: '实施方案' }).expect(200)).text;
    expect(html).toContain('<a href="/docs?group=province%3A%E6%B1%9F%E8%8B%8F%E7%9C%81&amp;type=%E5%AE%9E%E6%96%BD%E6%96%B9%E6%A1%88&amp;sort=date&amp;order=asc">日期</a>');
    expect([...html.matchAll(/<tr[^>]*>\s*<td><a href="\/doc\/([^"]+)">/g)].map((m) => m[1])).toEqual(['sz_manufacturing', 'ks_plan']);
  });

  it('offers the list on screen as CSV, with its filters and sort', async () => {
    const html = (await request(app().app).get('/docs').query({ group: 'province:江苏省', sort: 'date', order: 'desc' }).expect(200)).text;
    expect(html).toContain('<a class="button" href="/api/documents?group=province%3A%E6%B1%9F%E8%8B%8F%E7%9C%81&amp;sort=date&amp;order=desc&amp;format=csv">下载 CSV</a>');
    const csv = (await request(app().app).get('/api/documents').query({ group: 'province:江苏省', sort: 'date', order: 'desc', format: 'csv' }).expect(200)).text;
    const shown = [...html.matchAll(/<tr[^>]*>\s*<td><a href="\/doc\/([^"]+)">/g)].map((m) => m[1]);
    // The reader's link by its column's name (end_date, status and level_label follow it since the twenty-second session).
    const rows = parseCsv(csv);
    const link = rows[0]!.indexOf('link');
    expect(rows.slice(1).map((r) => r[link]!.slice(r[link]!.lastIndexOf('/doc/') + 5))).toEqual(shown);
  });
});

describe('a city filter by any name the place goes by (sixteenth session audit)', () => {
  it('reads 宁波, 寧波市 and 浙江 as the query reads them, and still refuses a place the corpus lacks', async () => {
    const { app: a } = app();
    const cities = async (city: string) =>
      [...new Set(((await request(a).get('/api/search').query({ q: '专精特新', city, k: 50 }).expect(200)).body as SearchResult).results.map((h) => h.doc.city))].sort();
    expect(await cities('宁波')).toEqual(['宁波市']);
    expect(await cities('寧波市')).toEqual(['宁波市']);
    const zhejiang = await cities('浙江');
    expect(zhejiang).toContain('宁波市');
    expect(zhejiang).not.toContain('苏州市');
    const refused = await request(a).get('/api/search').query({ q: '专精特新', city: '北京' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('UNKNOWN_CITY');
    // The same reading on the pages and the other routes.
    expect((await request(a).get('/targets').query({ city: '宁波' })).status).toBe(200);
    expect((await request(a).get('/api/matrix').query({ city: '宁波' }).expect(200)).body.cities).toEqual(['宁波市']);
  });
});

describe('the form ticks the places a filter named by another name', () => {
  it('city=宁波 shows 宁波市 ticked, so that sending the form again keeps it', async () => {
    const { app: a } = app();
    for (const path of ['/?q=专精特新&city=宁波', '/compare?q=专精特新&city=宁波', '/targets?city=宁波', '/matrix?city=宁波', '/docs?city=宁波']) {
      const html = (await request(a).get(encodeURI(path)).expect(200)).text;
      expect(html, path).toMatch(/<input type="checkbox" name="city" value="宁波市"[^>]*checked/);
    }
  });
});

describe('a name two places of the corpus share (places audit, findings 2 and 3)', () => {
  const district = (id: string, parent: string, province: string, code: string, text: string): FakeDocument => ({
    meta: meta({ id, city: `${parent}朝阳区`, level: 'county', placeCode: code, placeKind: '市辖区', parent, parentCode: null, province, title: `${parent}朝阳区专精特新措施` }),
    paragraphs: [{ text, section: ['一、企业培育'] }],
  });
  const beijing = district('cy_bj', '北京市', '北京市', '110105', '对首次获评国家级专精特新“小巨人”的企业，给予一次性奖励30万元。');
  const changchun = district('cy_cc', '长春市', '吉林省', '220104', '对亩均税收达到30万元以上的专精特新企业，给予用地优先保障。');

  it('city=朝阳区 is both, as city=江苏 is every place in it; a matrix cell, one place, names the two', async () => {
    const { app: a } = testApp(createFakeEngine([...FAKE_DOCUMENTS, beijing, changchun]));
    // It had been refused as “朝阳区”不在本库中 beside a list of the corpus's places holding both.
    for (const city of ['朝阳区', '朝阳']) {
      const body = (await request(a).get('/api/compare').query({ q: '专精特新', city }).expect(200)).body as CompareResult;
      expect(body.columns.map((c) => c.city), city).toEqual(['北京市朝阳区', '长春市朝阳区']);
    }
    const cell = await request(a).get('/api/matrix/cell').query({ measure: 'enterprise-tiers', city: '朝阳区' });
    expectError(cell, 400, 'BAD_REQUEST');
    expect(cell.body.error.details.valid).toEqual(['北京市朝阳区', '长春市朝阳区']);
    const page = (await request(a).get('/matrix/cell').query({ measure: 'enterprise-tiers', city: '朝阳区' }).expect(400)).text;
    expect(page).toContain('“朝阳区”指本库的 2 个地区（北京市朝阳区、长春市朝阳区）；矩阵的一格只是一个地区，请选其中之一。');
    // A query naming it is scoped to both, and the page says what the name was read as.
    const html = (await request(a).get('/').query({ q: '朝阳区专精特新' }).expect(200)).text;
    expect(html).toContain('“朝阳区”指本库的 2 个地区：北京市朝阳区、长春市朝阳区（同名，都已包括；只要其一请写全称，如“北京市朝阳区”）。');
  });

  it('a query scoped to the one the corpus has says the gazetteer’s other is not in it', async () => {
    const { app: a } = testApp(createFakeEngine([...FAKE_DOCUMENTS, changchun]));
    const body = (await request(a).get('/api/search').query({ q: '朝阳区专精特新' }).expect(200)).body as SearchResult;
    expect(body.scope).toMatchObject({ cities: ['长春市朝阳区'], sameName: [{ named: '朝阳区', cities: ['长春市朝阳区'], others: ['北京市朝阳区'] }] });
    for (const path of ['/', '/compare']) {
      const html = (await request(a).get(path).query({ q: '朝阳区专精特新' }).expect(200)).text;
      expect(html, path).toContain('“朝阳区”指本库的长春市朝阳区（北京市朝阳区同名，本库没有它的文件）。');
    }
  });
});

describe('an organ other than the government named with the place at the head of q (verifying audit)', () => {
  // 苏州's talent notice, as issued by its 人社局.
  const documents = FAKE_DOCUMENTS.map((d) => (d.meta.id === 'sz_talent' ? { ...d, meta: { ...d.meta, issuer: '苏州市人力资源和社会保障局' } } : d));
  type Scoped = SearchResult & { scope: { issuer?: { named: string; documents: string[] } } | null };

  it('keeps the search to its documents and says so; an organ no document has is said, and the place is searched', async () => {
    const { app: a } = testApp(createFakeEngine(documents));
    const organ = (await request(a).get('/api/search').query({ q: '苏州市人力资源和社会保障局安家补贴' }).expect(200)).body as Scoped;
    expect(organ.scope).toMatchObject({ cities: ['苏州市'], query: '安家补贴', issuer: { named: '苏州市人力资源和社会保障局', documents: ['sz_talent'] } });
    expect(organ.results.length).toBeGreaterThan(0);
    expect(organ.results.every((h) => h.doc.id === 'sz_talent')).toBe(true);
    // 烟台市人大常委会民营经济 had searched 人大常委会民营经济: the organ's name stayed in the query.
    const none = (await request(a).get('/api/search').query({ q: '苏州市发改委专精特新' }).expect(200)).body as Scoped;
    expect(none.scope).toMatchObject({ cities: ['苏州市'], query: '专精特新', issuer: { named: '苏州市发改委', documents: [] } });
    expect(none.results.some((h) => h.doc.id === 'sz_manufacturing')).toBe(true);
    const page = (await request(a).get('/').query({ q: '苏州市人力资源和社会保障局安家补贴' }).expect(200)).text;
    expect(page).toContain('只看发文机关含“苏州市人力资源和社会保障局”的文件（本库 1 份）。');
    expect((await request(a).get('/').query({ q: '苏州市发改委专精特新' }).expect(200)).text).toContain('本库没有发文机关含“苏州市发改委”的文件，只按地区限定。');
    // The export says what chose its documents; targets read the organ as search does.
    const csv = parseCsv((await request(a).get('/api/search').query({ q: '苏州市人力资源和社会保障局安家补贴', format: 'csv' }).expect(200)).text);
    expect(csv[1]![csv[0]!.indexOf('filters')]).toContain('发文机关含：苏州市人力资源和社会保障局');
    const targets = (await request(a).get('/api/targets').query({ q: '苏州市发改委专精特新' }).expect(200)).body as Scoped;
    expect(targets.scope?.issuer).toEqual({ named: '苏州市发改委', documents: [] });
  });
});

describe('places the query named that the chosen places or documents set aside (places audit)', () => {
  type Overridden = SearchResult & { scopeOverridden: { named: string[]; cities: string[]; by: string } | null };
  it('says on search and compare that the query named them, that the choice won, and links to the query’s own', async () => {
    const { app: a } = testApp(createFakeEngine());
    const search = (q: Record<string, string | undefined>) => request(a).get('/api/search').query(q).expect(200).then((res) => (res.body as Overridden).scopeOverridden);
    // /?q=昆山专精特新&city=平湖 had searched 平湖 without a word of 昆山.
    expect(await search({ q: '宁波市专精特新', city: '苏州市' })).toEqual({ named: ['宁波市'], cities: ['宁波市'], by: 'places' });
    expect(await search({ q: '宁波市专精特新', issuer: '苏州市人民政府' })).toEqual({ named: ['宁波市'], cities: ['宁波市'], by: 'documents' });
    for (const q of [{ q: '宁波市专精特新', city: '宁波' }, { q: '宁波市专精特新', city: '苏州市', scope: 'all' }, { q: '专精特新', city: '苏州市' }, { q: '宁波市专精特新' }]) expect(await search(q), JSON.stringify(q)).toBeNull();
    const page = (await request(a).get('/').query({ q: '宁波市专精特新', city: '苏州市' }).expect(200)).text;
    expect(page).toContain('<p class="scope overridden" role="status">查询写了“宁波市”（宁波市），但已选了地区，所选的优先：只检索 <strong>苏州市</strong> 的条款，查询按原文检索，不按“宁波市”限定地区。<a href="/?q=%E5%AE%81%E6%B3%A2%E5%B8%82%E4%B8%93%E7%B2%BE%E7%89%B9%E6%96%B0&amp;mode=hybrid">改为只检索宁波市</a></p>');
    // A comparison: only when the query names the places that would have been its columns.
    const compare = (q: Record<string, string>) => request(a).get('/api/compare').query(q).expect(200).then((res) => (res.body as Overridden).scopeOverridden);
    expect(await compare({ q: '宁波市专精特新', city: '苏州市' })).toBeNull();
    expect(await compare({ q: '宁波市和苏州市的专精特新', city: '浙江省' })).toEqual({ named: ['宁波市', '苏州市'], cities: ['宁波市', '苏州市'], by: 'places' });
    expect((await request(a).get('/compare').query({ q: '宁波市和苏州市的专精特新', city: '浙江省' }).expect(200)).text).toContain('只对比 <strong>浙江省</strong> 的条款，查询按原文对比');
  });
});
