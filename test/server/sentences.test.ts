/**
 * Measure sentences in the API and the pages, over the fake engine (issue 9): validation of `sentence` on
 * /api/paragraphs/:id/similar and /p/:id, of `text` and `exclude` on /api/similar, the CSV of pasted text, the
 * sentence list and the chosen sentence on the paragraph page, and the matched sentence emphasised in results.
 * Ranking quality is the integration tests' business (test/integration/api.test.ts, real model and seeds).
 */
import request from 'supertest';
import { clauseFingerprint } from '../../src/server/view.js';
import { CSV_COLUMNS, exportFileName } from '../../src/server/csv.js';
import { describe, expect, it } from 'vitest';
import type { Hit, SimilarResult, SimilarTextResult } from '../../src/search/types.js';
import { createFakeEngine, meta, type FakeDocument } from './fake-engine.js';
import { expectCspClean, parseCsv, testApp } from './helpers.js';

/** Hand-written clauses: one bundles three measures (innovation platforms, 首台(套), standards); others hold one each. */
const BUNDLED_TEXT = '(一)增强创新能力。每年新增省级以上企业创新平台十家以上；支持首台(套)重大技术装备推广应用，给予保费补贴；鼓励企业参与制定行业标准和国家标准。';
const SENTENCES = ['(一)增强创新能力。每年新增省级以上企业创新平台十家以上；', '支持首台(套)重大技术装备推广应用，给予保费补贴；', '鼓励企业参与制定行业标准和国家标准。'];
const DOCS: FakeDocument[] = [
  {
    meta: meta({ id: 'hz_plan', city: '杭州市', level: 'sub-provincial city', title: '杭州市制造业创新行动方案', date: '2024-05-01' }),
    paragraphs: [
      { text: BUNDLED_TEXT, section: ['一、重点任务', '(一)增强创新能力'], heading: 2 },
      { text: '对首台(套)重大技术装备推广应用给予保费补贴。', section: ['二、政策支持'], heading: 1 },
      { text: '补贴<b onclick="x()">加粗</b>的措施内容写得很长很长；第二句<i>斜体</i>也是很长的措施内容。', section: ['三、其他'], heading: 1 },
    ],
  },
  {
    meta: meta({ id: 'nb_plan', city: '宁波市', level: 'sub-provincial city', title: '宁波市推动产业创新若干意见' }),
    paragraphs: [
      { text: '建设企业创新平台，对新认定的省级以上企业创新平台给予奖励。', section: ['一、创新平台'], heading: 1 },
      { text: '鼓励首台(套)重大技术装备推广应用，按保费给予补贴。', section: ['二、首台(套)'], heading: 1 },
    ],
  },
  {
    meta: meta({ id: 'wz_plan', city: '温州市', level: 'prefecture-level city', title: '温州市质量强市实施意见' }),
    paragraphs: [
      { text: '支持企业主导或参与制定行业标准和国家标准，给予一次性奖励。', section: ['一、标准'], heading: 1 },
      { text: '加强质量品牌建设，开展质量提升行动；支持首台(套)装备企业参加国内外展会，拓展市场。', section: ['二、品牌'], heading: 1 },
    ],
  },
];
const BUNDLED = 'hz_plan:p0000';
const SINGLE = 'hz_plan:p0001';
const MARKUP = 'hz_plan:p0002';

function app() {
  return testApp(createFakeEngine(DOCS));
}

function expectError(res: request.Response, status: number, code: string): string {
  expect(res.status, res.text).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.body.error.code).toBe(code);
  return res.body.error.message as string;
}

async function page(url: string, status = 200) {
  const t = app();
  const res = await request(t.app).get(url);
  expect(res.status, res.text.slice(0, 500)).toBe(status);
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expectCspClean(res.text);
  return { html: res.text, calls: t.calls };
}

/** The hrefs of the sentence list on a paragraph page, in order. */
function sentenceLinks(html: string): string[] {
  const list = /<ol class="sentence-list">([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
  return [...list.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
}

describe('GET /api/paragraphs/:id/similar?sentence=N', () => {
  it('passes the sentence to the engine and answers that sentence’s counterparts per city, the source document left out', async () => {
    const { app: a, calls } = app();
    const res = await request(a).get(`/api/paragraphs/${BUNDLED}/similar?sentence=1`).expect(200);
    const body = res.body as SimilarResult;
    expect(calls).toEqual([{ method: 'similar', args: [BUNDLED, { k: 3, sentence: 1 }] }]);
    expect(body.source.id).toBe(BUNDLED);
    expect(body.source.why.sentence).toBe(1);
    expect(body.source.sentences.map((s) => s.text)).toEqual(SENTENCES);
    for (const s of body.source.sentences) expect(BUNDLED_TEXT.slice(s.start, s.end)).toBe(s.text);
    for (const c of body.columns) for (const hit of c.results) expect(hit.doc.id).not.toBe('hz_plan');
    // The bigram stand-in for vectors is enough to tell the 首台(套) sentence from the whole clause.
    expect(body.columns.find((c) => c.city === '宁波市')!.results[0]!.text).toContain('首台(套)');
  });

  it('treats an empty sentence= (what a form sends for "none") as the whole clause', async () => {
    const { app: a, calls } = app();
    await request(a).get(`/api/paragraphs/${BUNDLED}/similar?sentence=`).expect(200);
    expect(calls[0]!.args[1]).toEqual({ k: 3 });
  });

  it('answers 400 UNKNOWN_SENTENCE for a sentence the clause does not have', async () => {
    const { app: a } = app();
    expectError(await request(a).get(`/api/paragraphs/${BUNDLED}/similar?sentence=3`), 400, 'UNKNOWN_SENTENCE');
    expectError(await request(a).get(`/api/paragraphs/${SINGLE}/similar?sentence=1`), 400, 'UNKNOWN_SENTENCE');
    await request(a).get(`/api/paragraphs/${SINGLE}/similar?sentence=0`).expect(200);
  });

  it.each(['-1', '1.5', 'abc', '1e2', '0x1', '1000'])('refuses sentence=%s with BAD_REQUEST before the engine is asked', async (value) => {
    const { app: a, calls } = app();
    const message = expectError(await request(a).get(`/api/paragraphs/${BUNDLED}/similar`).query({ sentence: value }), 400, 'BAD_REQUEST');
    expect(message).toContain('Parameter "sentence" must be an integer from 0 to 999');
    expect(calls).toHaveLength(0);
  });

  it('refuses a repeated sentence, and still 404s an unknown paragraph', async () => {
    const { app: a } = app();
    expect(expectError(await request(a).get(`/api/paragraphs/${BUNDLED}/similar?sentence=0&sentence=1`), 400, 'BAD_REQUEST')).toMatch(/given once/);
    expectError(await request(a).get('/api/paragraphs/hz_plan:p0042/similar?sentence=0'), 404, 'UNKNOWN_PARAGRAPH');
  });

  it('exports one sentence’s counterparts as CSV, the same rows as the JSON', async () => {
    const { app: a } = app();
    const json = (await request(a).get(`/api/paragraphs/${BUNDLED}/similar?sentence=1`)).body as SimilarResult;
    const res = await request(a).get(`/api/paragraphs/${BUNDLED}/similar?sentence=1&format=csv`).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = parseCsv(res.text);
    // First the sentence it answers, with its clause's citation; then the counterparts.
    const clause = (await request(a).get(`/api/paragraphs/${BUNDLED}`)).body.paragraph as Hit;
    expect([rows[1]![3], rows[1]![14]]).toEqual([clause.sentences[1]!.text, 'source']);
    // The sentence's own page, as the clause page's permalink for it (export audit 7, session 22).
    expect(rows[1]![5]).toMatch(new RegExp(`/p/${BUNDLED}\\?sentence=1&h=`));
    expect(rows.slice(2).map((r) => [r[0], r[3]])).toEqual(json.columns.flatMap((c) => c.results.map((h) => [c.city, h.text])));
  });
});

describe('GET /api/similar?text=…', () => {
  const sentence = SENTENCES[1]!;

  it('answers { text, columns } per city with k=3 by default; exclude leaves out that paragraph’s document', async () => {
    const { app: a, calls } = app();
    const all = (await request(a).get('/api/similar').query({ text: `  ${sentence} ` }).expect(200)).body as SimilarTextResult;
    expect(all.text).toBe(sentence);
    expect(all.columns.map((c) => c.city)).toEqual(['杭州市', '宁波市', '温州市']);
    expect(all.columns[0]!.results.map((h) => h.doc.id)).toContain('hz_plan');
    const res = await request(a).get('/api/similar').query({ text: sentence, exclude: BUNDLED, k: 1, city: ['杭州市', '宁波市'] }).expect(200);
    const body = res.body as SimilarTextResult;
    expect(calls[1]).toEqual({ method: 'similarText', args: [sentence, { k: 1, cities: ['杭州市', '宁波市'], exclude: BUNDLED }] });
    // 杭州市's only document is the excluded one: no column, as the engine answers it, and the answer says why.
    expect(body.columns.map((c) => c.city)).toEqual(['宁波市']);
    expect(res.body).toMatchObject({ leftOut: ['杭州市'], ownDocumentOnly: ['杭州市'] });
    for (const c of body.columns) {
      expect(c.results.length).toBeLessThanOrEqual(1);
      for (const hit of c.results) expect(hit.doc.id).not.toBe('hz_plan');
    }
    expect(body.columns[0]!.results[0]!.text).toContain('首台(套)');
  });

  it('accepts a text of exactly 1,000 characters', async () => {
    const { app: a } = app();
    await request(a).get('/api/similar').query({ text: '专'.repeat(1000) }).expect(200);
  });

  it.each([
    ['', /"text" is required/],
    ['text=', /"text" must not be empty/],
    ['text=%20%E3%80%80', /"text" must not be empty/],
    ['text=a&text=b', /given once/],
    [`text=${encodeURIComponent('专'.repeat(1001))}`, /1001 characters long; at most 1000/],
    [`text=x&exclude=${encodeURIComponent('../etc:p1')}`, /"exclude" must be a paragraph id/],
    ['text=x&exclude=hz_plan', /"exclude" must be a paragraph id/],
    ['text=x&exclude=a&exclude=b', /given once/],
    ['text=x&k=0', /from 1 to 100/],
    ['text=x&format=xml', /Valid formats: json, csv/],
  ])('refuses %s with BAD_REQUEST before the engine is asked', async (qs, message) => {
    const { app: a, calls } = app();
    expect(expectError(await request(a).get(`/api/similar?${qs}`), 400, 'BAD_REQUEST')).toMatch(message);
    expect(calls).toHaveLength(0);
  });

  it('answers 404 UNKNOWN_PARAGRAPH for a well-formed exclude that is not in the corpus, and 400 UNKNOWN_CITY for a city', async () => {
    const { app: a } = app();
    expectError(await request(a).get('/api/similar').query({ text: sentence, exclude: 'hz_plan:p0099' }), 404, 'UNKNOWN_PARAGRAPH');
    expect(expectError(await request(a).get('/api/similar').query({ text: sentence, city: '北京市' }), 400, 'UNKNOWN_CITY')).toContain('Valid cities: 杭州市, 宁波市, 温州市');
  });

  it('exports CSV like the other exports: BOM, header, a row per hit under its column, the text in the file name', async () => {
    const { app: a } = app();
    const json = (await request(a).get('/api/similar').query({ text: sentence, exclude: BUNDLED })).body as SimilarTextResult;
    const res = await request(a).get('/api/similar').query({ text: sentence, exclude: BUNDLED, format: 'csv' }).set('Host', 'policy.example').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.text.startsWith('\uFEFF')).toBe(true);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="policylens-similar[^"]*\.csv"; filename\*=UTF-8''/);
    // The text's first 30 characters name the file.
    expect(decodeURIComponent(res.headers['content-disposition']!.split("UTF-8''")[1]!)).toBe(exportFileName('similar', sentence.slice(0, 30)));
    const rows = parseCsv(res.text);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    // The pasted text it answers comes first, with no clause to cite (and, last, what it was limited to: nothing).
    expect(rows[1]).toEqual(['', '', '', sentence, '', '', '', '', '', '', '', '', '', '', 'source', '', ...Array(9).fill(''), '', '', ...Array(7).fill(''), '', '', '', '不限', '']);
    const hits = json.columns.flatMap((c) => c.results.map((h) => ({ city: c.city, weak: c.weak, h })));
    expect(hits.length).toBeGreaterThan(0);
    // The document's own 发文机关 and 文号 (the corpus list's), and `weak` where the column has no real counterpart.
    const docs = new Map(((await request(a).get('/api/documents')).body.documents as { id: string; issuer: string | null; docNumber: string | null }[]).map((d) => [d.id, d]));
    expect(rows.slice(2).map((r) => r.slice(0, 27))).toEqual(
      hits.map(({ city, weak, h }) => [
        city, h.doc.title ?? h.doc.file, h.section.join(' › '), h.text, String(Math.round(h.score * 10_000) / 10_000), `http://policy.example/p/${h.id}?h=${clauseFingerprint(h.text)}`, '', '', '', '', h.doc.date ?? '',
        docs.get(h.doc.id)?.issuer ?? '', docs.get(h.doc.id)?.docNumber ?? '', weak ? 'weak' : '', 'result',
        h.sentences.length > 1 && h.why.sentence !== null ? h.sentences[h.why.sentence]!.text : '',
        ...Array(11).fill(''),
      ]),
    );
  });
});

describe('a sentence export’s permalinks (export audit 7, session 22)', () => {
  it('names the sentence in the source row’s permalink, as the clause page’s own link does, and keeps the dates in every link', async () => {
    const { app: a } = app();
    const res = await request(a).get(`/api/paragraphs/${BUNDLED}/similar`).query({ sentence: 1, in_force: '1', format: 'csv' }).set('Host', 'policy.example').expect(200);
    const rows = parseCsv(res.text);
    const col = (r: string[], name: (typeof CSV_COLUMNS)[number]) => r[CSV_COLUMNS.indexOf(name)]!;
    // The source row had the whole clause's link (no sentence=1): opened, it showed the clause's counterparts, not the sentence's.
    expect(col(rows[1]!, 'role')).toBe('source');
    expect(col(rows[1]!, 'permalink')).toBe(`http://policy.example/p/${BUNDLED}?sentence=1&in_force=1&h=${clauseFingerprint(BUNDLED_TEXT)}`);
    expect(rows.length).toBeGreaterThan(2);
    for (const r of rows.slice(2)) expect(col(r, 'permalink')).toMatch(/^http:\/\/policy\.example\/p\/[^?]+\?in_force=1&h=[0-9a-z]+$/);
  });
});

describe('GET /p/:id and its measure sentences', () => {
  it('lists the clause’s sentences, each a link to that sentence’s counterparts; nothing is emphasised yet', async () => {
    const { html, calls } = await page(`/p/${BUNDLED}`);
    // Each with the clause's fingerprint, as every link to a clause.
    const links = sentenceLinks(html);
    expect(links.map((l) => l.replace(/&h=[0-9a-z]+/, ''))).toEqual([0, 1, 2].map((n) => `/p/${BUNDLED}?sentence=${n}#similar`));
    for (const l of links) expect(l).toMatch(/&h=[0-9a-z]+#similar$/);
    for (const s of SENTENCES) expect(html).toContain(`>${s}</a></li>`);
    expect(html).not.toContain('aria-current="true"');
    expect(html).toContain(`<blockquote class="focus" id="clause"><p>${BUNDLED_TEXT}</p></blockquote>`);
    expect(html).toContain('<section class="comparison" id="similar" aria-labelledby="similar-title">');
    expect(html).toContain('各地的相似条款');
    expect(calls.find((c) => c.method === 'similar')!.args[1]).toEqual({ k: 3 });
  });

  it('?sentence=1 emphasises that sentence in the clause, marks it current, and shows its counterparts per city', async () => {
    const { html, calls } = await page(`/p/${BUNDLED}?sentence=1`);
    expect(calls.find((c) => c.method === 'similar')!.args[1]).toEqual({ k: 3, sentence: 1 });
    expect(html).toContain(
      '<blockquote class="focus" id="clause"><p>(一)增强创新能力。每年新增省级以上企业创新平台十家以上；<em class="matched-sentence">支持首台(套)重大技术装备推广应用，给予保费补贴；</em>鼓励企业参与制定行业标准和国家标准。</p></blockquote>',
    );
    expect(html.replace(/&amp;h=[0-9a-z]+#/g, '#')).toContain(`<li class="chosen"><a href="/p/${BUNDLED}?sentence=1#similar" aria-current="true">${SENTENCES[1]}</a></li>`);
    expect(html.match(/aria-current="true"/g)).toHaveLength(1);
    expect(html).toContain('各地与第 2 句相近的条款');
    expect(html).toContain(`<p class="chosen-sentence"><q>${SENTENCES[1]}</q></p>`);
    expect(html).toMatch(/<title>第 2 句 · \(一\)增强创新能力 · 第 1 段 · 杭州市制造业创新行动方案 · 杭州市 · PolicyLens<\/title>/);
    expect(html).toMatch(new RegExp(`<a class="button whole-clause" href="/p/${BUNDLED}\\?h=[0-9a-z]+#similar">`));
    expect(html).toContain(`href="/api/paragraphs/${encodeURIComponent(BUNDLED)}/similar?sentence=1&amp;format=csv"`);
    // The counterparts: Ningbo's column is led by its 首台(套) clause; no clause of the source document appears.
    expect(html).toMatch(/<h3 id="column-\d+">宁波市<\/h3>[\s\S]*?<p class="clause">鼓励首台\(套\)重大技术装备推广应用/);
    const similar = html.slice(html.indexOf('id="similar"'));
    expect(similar).toContain('<a class="doc" href="/doc/nb_plan#');
    expect(similar).not.toContain('<a class="doc" href="/doc/hz_plan#');
  });

  it('a one-sentence clause lists no sentences; sentence=0 is still valid and links back to the whole clause', async () => {
    const whole = await page(`/p/${SINGLE}`);
    expect(whole.html).not.toContain('class="sentence-list"');
    const picked = await page(`/p/${SINGLE}?sentence=0`);
    expect(picked.html).toContain('<em class="matched-sentence">对首台(套)重大技术装备推广应用给予保费补贴。</em>');
    expect(picked.html).toMatch(new RegExp(`href="/p/${SINGLE}\\?h=[0-9a-z]+#similar"`));
  });

  it.each([
    ['abc', 'BAD_REQUEST', '“句子”（sentence）应是 0 到 999 的整数（收到“abc”）。'],
    ['-1', 'BAD_REQUEST', '应是 0 到 999 的整数'],
    ['1.5', 'BAD_REQUEST', '应是 0 到 999 的整数'],
    ['3', 'UNKNOWN_SENTENCE', '这条条款没有第 3 句（从 0 数起）：它有 3 句，sentence=0 到 sentence=2；不选句子则对照整条。'],
    ['999', 'UNKNOWN_SENTENCE', '这条条款没有第 999 句'],
  ])('sentence=%s answers the 400 page with %s and its message, without asking for counterparts', async (value, code, message) => {
    const { html, calls } = await page(`/p/${BUNDLED}?sentence=${value}`, 400);
    expect(html).toContain('请求有误');
    expect(html).toContain(code);
    expect(html).toContain(message);
    expect(calls.some((c) => c.method === 'similar')).toBe(false);
  });

  it('a repeated sentence is a 400 page; an unknown paragraph stays a 404', async () => {
    expect((await page(`/p/${BUNDLED}?sentence=0&sentence=1`, 400)).html).toContain('只能给一次');
    expect((await page('/p/hz_plan:p0099?sentence=0', 404)).html).toContain('UNKNOWN_PARAGRAPH');
  });

  it('escapes markup inside sentences, in the list, the chosen sentence and the emphasised clause', async () => {
    const { html } = await page(`/p/${MARKUP}?sentence=1`);
    expect(html).not.toContain('<b onclick');
    expect(html).not.toContain('<i>斜体');
    expect(html).toContain('<q>第二句&lt;i&gt;斜体&lt;/i&gt;也是很长的措施内容。</q>');
    expect(html).toContain('<em class="matched-sentence">第二句&lt;i&gt;斜体&lt;/i&gt;也是很长的措施内容。</em>');
    expect(html).toContain('>补贴&lt;b onclick=&#34;x()&#34;&gt;加粗&lt;/b&gt;的措施内容写得很长很长；</a>');
  });
});

describe('results emphasise the sentence that matched', () => {
  it('search: the best sentence of a bundled clause is emphasised with the query terms marked inside it, and named under "why"', async () => {
    const { html } = await page('/?q=首台(套)');
    expect(html).toContain(
      '(一)增强创新能力。每年新增省级以上企业创新平台十家以上；<em class="matched-sentence">支持<mark>首台(套)</mark>重大技术装备推广应用，给予保费补贴；</em>鼓励企业参与制定行业标准和国家标准。',
    );
    expect(html).toContain('<dt>最相近的一句</dt><dd>第 2 句（共 3 句），条款中已加下划线</dd>');
    // A one-sentence clause is not underlined as a whole.
    expect(html).toContain('<p class="clause">对<mark>首台(套)</mark>重大技术装备推广应用给予保费补贴。</p>');
  });

  it('compare: the same emphasis in the city columns', async () => {
    const { html } = await page('/compare?q=行业标准');
    expect(html).toMatch(/<h2 id="column-0">杭州市<\/h2>[\s\S]*?<em class="matched-sentence">鼓励企业参与制定<mark>行业标准<\/mark>和国家标准。<\/em>/);
  });

  it('the similar columns of a paragraph page emphasise the counterpart’s own matching sentence', async () => {
    const { html } = await page(`/p/${SINGLE}`);
    const similar = html.slice(html.indexOf('id="similar"'));
    expect(similar).toContain('<p class="clause">加强质量品牌建设，开展质量提升行动；<em class="matched-sentence">支持首台(套)装备企业参加国内外展会，拓展市场。</em></p>');
  });
});
