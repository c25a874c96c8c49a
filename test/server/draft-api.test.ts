/**
 * The drafting desk over HTTP, on the fake engine (hand-written clauses in 苏州市, 宁波市, 浙江省; the real Analyst and
 * desk with the bigram embedder): the answer's shape, shared wording, parameters, reuse, coverage and gaps; every
 * kind of bad input; the Word and CSV exports read back; the page with and without the progress stream; the bounded
 * queue. The real model and seed index are in test/integration/draft.test.ts.
 */
import { Document, Packer, Paragraph } from 'docx';
import mammoth from 'mammoth';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { AnalysisApi, DraftReport } from '../../src/analysis/types.js';
import { checkDraftText, DRAFT_LIMITS } from '../../src/analysis/draft-input.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createApp } from '../../src/server/app.js';
import { boundedUploadReader, createDraftRouter } from '../../src/server/draft.js';
import { DRAFT_CSV_COLUMNS } from '../../src/server/csv.js';
import { targetLine } from '../../src/server/draft-docx.js';
import { syntheticDraft } from '../helpers/policy-corpus.js';
import { makePdf, withCircularSectorChain, word97Doc } from '../ingest/fixtures.js';
import { createFakeEngine, FAKE_DOCUMENTS, meta } from './fake-engine.js';
import { captureLog, parseCsv } from './helpers.js';
import { todayInChina } from '../../src/server/validate.js';

/** A draft of our own: one clause copied from 苏州 (首台(套)), one taken over with other numbers, one in its own words. */
const DRAFT = [
  '某市关于推动制造业高质量发展的若干措施（征求意见稿）',
  '一、培育优质企业',
  '(一)鼓励首台(套)装备。对首台(套)重大技术装备给予保费补贴。',
  '(二)推进工业互联网。支持企业建设工业互联网平台，对新认定的平台给予最高300万元奖励。到2027年，工业互联网平台达到20个。',
  '二、强化人才支撑',
  '(三)引进高层次人才。为来本市创业的领军人才提供住房补助，最高80万元。',
].join('\n');

function app(options: { analysis?: AnalysisApi; queue?: { active?: number; waiting?: number } } = {}) {
  const engine = createFakeEngine();
  const log = captureLog();
  const analysis = options.analysis ?? engine.analysis();
  return { app: createApp({ engine: () => engine, analysis: () => analysis, logger: log.logger, ...(options.queue ? { draftQueue: options.queue } : {}) }), log, engine };
}

function expectError(res: request.Response, status: number, code: string): string {
  expect(res.status, res.text.slice(0, 300)).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.body.error.code).toBe(code);
  expect(typeof res.body.error.message).toBe('string');
  return res.body.error.message as string;
}

async function docxOf(paragraphs: string[]): Promise<Buffer> {
  return Packer.toBuffer(new Document({ sections: [{ children: paragraphs.map((t) => new Paragraph(t)) }] }));
}

/** Reads a binary response body into a Buffer (supertest leaves unknown types unparsed). */
function binary(res: request.Response, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

describe('POST /api/draft', () => {
  it('a multipart body without a boundary or cut short is a 400, not a 500', async () => {
    const { app: a, log } = app();
    const noBoundary = await request(a).post('/api/draft').set('Content-Type', 'multipart/form-data').send('xx');
    expect(expectError(noBoundary, 400, 'BAD_REQUEST')).toMatch(/multipart body could not be read/);
    const cut = await request(a)
      .post('/api/draft')
      .set('Content-Type', 'multipart/form-data; boundary=abc')
      .send('--abc\r\nContent-Disposition: form-data; name="text"\r\n\r\nhello');
    expectError(cut, 400, 'BAD_REQUEST');
    const page = await request(a).post('/draft').set('Content-Type', 'multipart/form-data').send('xx');
    expect(page.status).toBe(400);
    expect(page.text).toContain('读不出上传的内容');
    expect(log.lines().filter((l) => (l.level as number) >= 50)).toEqual([]);
  });

  it('reads `format` from the body as from the URL, and refuses an unknown one', async () => {
    const { app: a } = app();
    const csv = await request(a).post('/api/draft').send({ text: DRAFT, format: 'csv' }).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const form = await request(a).post('/api/draft').type('form').send({ text: DRAFT, format: 'csv' }).expect(200);
    expect(form.headers['content-type']).toMatch(/^text\/csv/);
    expectError(await request(a).post('/api/draft').send({ text: DRAFT, format: 'pdf' }), 400, 'BAD_REQUEST');
  });

  it('answers { clauses, coverage, gaps } with a column per city, shared wording, parameters and reuse', async () => {
    const { app: a } = app();
    const res = await request(a).post('/api/draft').send({ text: DRAFT }).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.body as DraftReport;
    expect(Object.keys(body).sort()).toEqual(['clauses', 'coverage', 'gaps', 'summary']);
    // The title line and the two section headings are not clauses.
    expect(body.clauses.map((c) => c.text)).toEqual(DRAFT.split('\n').filter((l) => l.startsWith('(')));
    expect(body.summary).toMatchObject({ source: 'text', clauses: 3, cities: ['苏州市', '宁波市', '浙江省'] });
    for (const c of body.clauses) {
      expect(Object.keys(c)).toEqual(expect.arrayContaining(['text', 'section', 'sentences', 'precedents', 'reuse', 'parameters']));
      expect(c.precedents.map((p) => p.city)).toEqual(['苏州市', '宁波市', '浙江省']);
      // Each column says what its place is, as a comparison's column does.
      expect(c.precedents.map((p) => [p.place.city, p.place.level])).toEqual([['苏州市', 'prefecture'], ['宁波市', 'prefecture'], ['浙江省', 'province']]);
      expect(c.sentences.join('').replace(/\s+/g, '')).toBe(c.text.replace(/\s+/g, ''));
    }
    const [copied, rewritten, talent] = body.clauses as [DraftReport['clauses'][0], DraftReport['clauses'][0], DraftReport['clauses'][0]];
    expect(copied.section).toEqual(['一、培育优质企业', '(一)鼓励首台(套)装备']);

    // The copied clause: 苏州's clause is its first precedent, its wording shared and highlighted on both sides.
    const suzhou = copied.precedents[0]!.results[0]!;
    expect(suzhou.id).toBe('sz_manufacturing:p0004');
    expect(suzhou.shared.phrases[0]).toContain('首台(套)重大技术装备给予保费补贴');
    expect(suzhou.highlights.length).toBeGreaterThan(0);
    expect(suzhou.shared.overlap.draft).toBeGreaterThan(0.9);
    // …and it is flagged as reuse, with that document, its section, date and share of text in common.
    expect(copied.reuse[0]).toMatchObject({ paragraphId: 'sz_manufacturing:p0004', date: '2024-03-01', section: ['二、重点任务', '(二)鼓励首台(套)装备'], first: true });
    expect(copied.reuse[0]!.share).toBeGreaterThan(0.9); // all but the grams around (一) / (二)
    expect(copied.reuse[0]!.doc.title).toBe('苏州市制造业提质行动方案');
    // 浙江's 首台(套) clause is a precedent too, but shares too little of the wording to be reuse.
    expect(copied.reuse.map((r) => r.paragraphId)).not.toContain('zj_province:p0001');

    // The clause taken over with other numbers is reuse too, of a smaller share; the one in its own words is not.
    expect(rewritten.reuse[0]).toMatchObject({ paragraphId: 'sz_manufacturing:p0003', first: true });
    expect(rewritten.reuse[0]!.share).toBeGreaterThanOrEqual(0.5);
    expect(rewritten.reuse[0]!.share).toBeLessThan(copied.reuse[0]!.share);
    expect(talent.reuse).toEqual([]);
    // Parameters side by side: its 300万元 against 苏州's 200万元, its year and target.
    const vsSuzhou = rewritten.parameters.precedents.find((p) => p.city === '苏州市')!;
    const amounts = vsSuzhou.rows.find((r) => r.key === 'amounts')!;
    expect(amounts.a.map((v) => v.text)).toContain('300万元');
    expect(amounts.b.map((v) => v.text)).toContain('200万元');
    expect(rewritten.parameters.draft.years).toContain('2027年');
    expect(rewritten.parameters.draft.targets.map((t) => `${t.value}${t.unit}`)).toContain('20个');
    expect(talent.precedents[0]!.results[0]!.id).toBe('sz_talent:p0000');

    // Coverage names draft clause numbers; gaps are measures two or more cities have and the draft lacks.
    for (const c of body.coverage) expect(c.draft.every((n) => n >= 1 && n <= 3)).toBe(true);
    const covered = new Set(body.coverage.map((c) => c.measure.id));
    for (const g of body.gaps) {
      expect(covered.has(g.measure.id)).toBe(false);
      expect(g.cities.length).toBeGreaterThanOrEqual(2);
      for (const c of g.cities) expect(c.best.paragraphId).toMatch(/:p\d+$/);
    }
  });

  it('reads an uploaded .docx, .md and .txt in memory, through the ingest readers', async () => {
    const { app: a } = app();
    const docx = await docxOf(DRAFT.split('\n'));
    const fromDocx = (await request(a).post('/api/draft').attach('file', docx, '征求意见稿.docx').expect(200)).body as DraftReport;
    expect(fromDocx.summary.source).toBe('docx');
    expect(fromDocx.clauses.map((c) => c.text)).toEqual(DRAFT.split('\n').filter((l) => l.startsWith('(')));
    const md = `# 某市若干措施\n\n## 一、培育优质企业\n\n${DRAFT.split('\n').slice(2).join('\n\n')}\n`;
    const fromMd = (await request(a).post('/api/draft').attach('file', Buffer.from(md), 'draft.md').expect(200)).body as DraftReport;
    expect(fromMd.summary.source).toBe('md');
    expect(fromMd.clauses.length).toBe(3);
    const fromTxt = (await request(a).post('/api/draft').attach('file', Buffer.from(DRAFT), 'draft.TXT').expect(200)).body as DraftReport;
    expect(fromTxt.clauses.length).toBe(3);
    // A Word 97–2003 file, as LibreOffice writes one.
    const fromDoc = (await request(a).post('/api/draft').attach('file', word97Doc(), '征求意见稿.doc').expect(200)).body as DraftReport;
    expect(fromDoc.summary.source).toBe('doc');
    expect(fromDoc.clauses.map((c) => c.text)).toContain('（二）支持技术改造。对企业实施的智能化改造和数字化转型项目，按设备投资额的10%给予补助，单个项目最高300万元。');
    // A form post (what the page's export buttons send) works too.
    const form = await request(a).post('/api/draft').type('form').send({ text: DRAFT }).expect(200);
    expect((form.body as DraftReport).clauses.length).toBe(3);
  });

  it('refuses bad input with a 4xx, a code and a message saying what to do', async () => {
    const { app: a } = app();
    expect(expectError(await request(a).post('/api/draft').send({ text: '   ' }), 400, 'DRAFT_EMPTY')).toMatch(/paste its text/);
    expectError(await request(a).post('/api/draft').send({}), 400, 'DRAFT_EMPTY');
    expectError(await request(a).post('/api/draft').send({ text: 42 }), 400, 'BAD_REQUEST');
    // JSON that parses but is no object says so, not that it is invalid JSON.
    for (const [body, named] of [['null', 'null'], ['"draft"', 'a string'], ['3', 'a number']] as const) {
      const message = expectError(await request(a).post('/api/draft').set('Content-Type', 'application/json').send(body), 400, 'BAD_REQUEST');
      expect(message).toBe(`The body must be a JSON object such as {"text": "…"}, not ${named}.`);
    }
    expect(expectError(await request(a).post('/api/draft').set('Content-Type', 'application/json').send('{"text": '), 400, 'BAD_REQUEST')).toMatch(/not valid JSON/);
    expectError(await request(a).post('/api/draft').field('text', DRAFT).attach('file', Buffer.from(DRAFT), 'draft.txt'), 400, 'BAD_REQUEST');
    expect(expectError(await request(a).post('/api/draft').send({ text: '专'.repeat(DRAFT_LIMITS.maxChars + 1) }), 413, 'PAYLOAD_TOO_LARGE')).toMatch(/Split it/);
    // A textarea's CRLF line breaks count as one character each, as the limit is stated.
    expect(checkDraftText(`${'专'.repeat(99)}\r\n`.repeat(DRAFT_LIMITS.maxChars / 100))).toMatch(/^专+\n专/);
    expectError(await request(a).post('/api/draft').attach('file', Buffer.alloc(DRAFT_LIMITS.maxBytes + 1, 0x41), 'big.txt'), 413, 'PAYLOAD_TOO_LARGE');
    expect(expectError(await request(a).post('/api/draft').attach('file', Buffer.from('x'), 'old.wps'), 415, 'UNSUPPORTED_MEDIA_TYPE')).toMatch(/save it as \.docx in WPS/);
    // Not a .doc inside, and a .doc whose sector chain runs in a circle (which once took the process down).
    expect(expectError(await request(a).post('/api/draft').attach('file', Buffer.from('x'), 'old.doc'), 422, 'DRAFT_UNREADABLE')).toMatch(/Word 97–2003 document \(\.doc\).*save it again as \.docx/);
    expectError(await request(a).post('/api/draft').attach('file', withCircularSectorChain(word97Doc()), 'loop.doc'), 422, 'DRAFT_UNREADABLE');
    expectError(await request(a).post('/api/draft').set('Content-Type', 'text/plain').send(DRAFT), 415, 'UNSUPPORTED_MEDIA_TYPE');
    // A PNG renamed .txt, a damaged .docx, a PDF of images only (no text layer).
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expectError(await request(a).post('/api/draft').attach('file', png, 'draft.txt'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const corrupt = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]);
    expect(expectError(await request(a).post('/api/draft').attach('file', corrupt, 'draft.docx'), 422, 'DRAFT_UNREADABLE')).toMatch(/save it again as \.docx/);
    const scan = makePdf([{ lines: [], raw: '0 0 m 200 200 l S' }]);
    expect(expectError(await request(a).post('/api/draft').attach('file', scan, 'scan.pdf'), 422, 'DRAFT_UNREADABLE')).toMatch(/OCR/);
    expectError(await request(a).post('/api/draft').attach('file', Buffer.alloc(0), 'empty.docx'), 400, 'DRAFT_EMPTY');
    // Text with no clause in it (headings only).
    expectError(await request(a).post('/api/draft').send({ text: '一、总则\n二、附则' }), 422, 'DRAFT_UNREADABLE');
    expectError(await request(a).post('/api/draft?format=pdf').send({ text: DRAFT }), 400, 'BAD_REQUEST');
    expectError(await request(a).get('/api/draft'), 405, 'METHOD_NOT_ALLOWED');
  });

  it('says what it found when a draft has no clause: a title alone, headings, or paragraphs too short (s20 drafter audit, finding 8)', async () => {
    const { app: a } = app();
    const title = '某县关于加快人才集聚和科技创新推动产业高质量发展的若干政策措施';
    expect(expectError(await request(a).post('/api/draft').send({ text: title }), 422, 'DRAFT_UNREADABLE')).toBe(
      'The draft has only a title, and no clause text: paste or upload the whole draft, its clauses included.',
    );
    const page = await request(a).post('/draft').type('form').send({ text: title });
    expect(page.status).toBe(422);
    expect(page.text).toContain('草案无法对照。草案只找到标题，没有条款正文：请粘贴或上传完整的草案，连同各条条款。');
    expect(page.text).not.toContain('至少有');
    expect(expectError(await request(a).post('/api/draft').send({ text: `${title}\n一、总则\n二、附则` }), 422, 'DRAFT_UNREADABLE')).toMatch(/^The draft has only a title and 2 headings, and no clause text/);
    expect(expectError(await request(a).post('/api/draft').send({ text: '一、总则\n二、附则' }), 422, 'DRAFT_UNREADABLE')).toMatch(/^The draft has only 2 headings, and no clause text/);
    // Paragraphs that are there but too short to compare: the rule is the answer.
    expect(expectError(await request(a).post('/api/draft').send({ text: `${title}\n推进发展。` }), 422, 'DRAFT_UNREADABLE')).toMatch(/a clause is a paragraph with at least 8 Chinese characters/);
  });

  it('never echoes a malformed body, in the answer or in the log', async () => {
    const { app: a, log } = app();
    const marker = 'MARKER7Q3Z机密条款';
    const res = await request(a).post('/api/draft').set('Content-Type', 'application/json').send(`{"text": "${marker}`);
    expectError(res, 400, 'BAD_REQUEST');
    expect(res.text).not.toContain('MARKER7Q3Z');
    expect(JSON.stringify(log.lines())).not.toContain('MARKER7Q3Z');
  });

  it('logs sizes and timings of a draft, never its text or file name', async () => {
    const { app: a, log } = app();
    const marker = 'ZX81QV';
    await request(a).post('/api/draft').send({ text: DRAFT.replace('保费补贴', `保费补贴${marker}`) }).expect(200);
    await request(a).post('/api/draft').attach('file', Buffer.from(DRAFT), `${marker}.txt`).expect(200);
    await request(a).post('/api/draft').attach('file', Buffer.from('x'), `${marker}.wps`).expect(415);
    await request(a).post('/api/draft').attach('file', Buffer.from('x'), `${marker}.doc`).expect(422);
    // A draft put in the query string by mistake is not logged either (the path is).
    await request(a).get(`/api/draft?text=${marker}`).expect(405);
    await request(a).post(`/api/draft?format=${marker}`).send({ text: DRAFT }).expect(400);
    await request(a).get(`/draft?text=${marker}`).expect(200);
    const lines = log.lines();
    expect(JSON.stringify(lines)).not.toContain(marker);
    const analysed = lines.filter((l) => l.msg === 'draft analysed');
    expect(analysed).toHaveLength(2);
    expect(Object.keys(analysed[0]!.draft as object).sort()).toEqual(['bytes', 'characters', 'clauses', 'ms', 'skipped', 'source']);
  });

  it('takes a 500-clause draft and refuses a 501-clause one with a message', async () => {
    const { app: a } = app();
    const text = (n: number) => syntheticDraft(n);
    expect([...text(501)].length).toBeLessThanOrEqual(DRAFT_LIMITS.maxChars);
    const ok = await request(a).post('/api/draft').send({ text: text(500) }).expect(200);
    expect((ok.body as DraftReport).clauses).toHaveLength(500);
    const refused = await request(a).post('/api/draft').send({ text: text(501) });
    expect(expectError(refused, 413, 'PAYLOAD_TOO_LARGE')).toMatch(/501 clauses.*up to 500/);
  });
});

describe('the Word table\'s 说明', () => {
  const row = (paragraphId: string, value: number) => ({
    id: `${paragraphId}#t0`, paragraphId, fingerprint: 'f', doc: { id: 'qd', file: 'qd.txt', title: '青岛规划', city: '青岛市', level: null, date: null },
    planPeriod: null, indicator: '上云用平台企业', value, range: null, unit: '万家', base: null, qualifier: '达到', bound: 'min' as const,
    cumulative: false, annual: false, year: '到2025年', scope: null, text: `上云用平台企业${value}万家`, group: 'g1', restatements: [],
  });
  const comparison = {
    draft: { indicator: '上云企业', value: 2, range: null, unit: '万家', base: null, qualifier: null, year: null, text: '上云企业2万家' },
    group: { id: 'g1', label: '上云企业' },
    cities: [{ city: '青岛市', targets: [row('qd:p0007', 5)] }],
  };

  it('marks a place\'s target read from another clause than the precedent its column shows', () => {
    expect(targetLine(comparison, new Map([['青岛市', new Set(['qd:p0018'])]]))).toBe('草案 上云企业 2万家；青岛市 上云用平台企业 5万家，到2025年，另一条款');
    expect(targetLine(comparison, new Map([['青岛市', new Set(['qd:p0018', 'qd:p0007'])]]))).toBe('草案 上云企业 2万家；青岛市 上云用平台企业 5万家，到2025年');
  });
});

describe('exports', () => {
  it('?format=docx is a Word document whose table has a row per clause and a column per city', async () => {
    const { app: a } = app();
    const res = await request(a).post('/api/draft?format=docx').send({ text: DRAFT }).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    // Named after the draft's title (and scope, below), as the other exports after their query and filters.
    expect(res.headers['content-disposition']).toBe(`attachment; filename="policylens-draft.docx"; filename*=UTF-8''${encodeURIComponent('policylens-draft-某市关于推动制造业高质量发展的若干措施（征求意见稿）.docx')}`);
    const { value: html } = await mammoth.convertToHtml({ buffer: res.body as Buffer });
    const table = /<table>([\s\S]*?)<\/table>/.exec(html)![1]!;
    const rows = [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, '')));
    expect(rows[0]).toEqual(['草案条款', '苏州市', '宁波市', '浙江省', '说明']);
    expect(rows).toHaveLength(4);
    expect(rows[1]![0]).toContain('对首台(套)重大技术装备给予保费补贴');
    expect(rows[1]![1]).toContain('对首台(套)重大技术装备给予保费补贴');
    // The precedent's citation line, as the clause page gives it: 发文机关《title》（文号）section，place，date.
    expect(rows[1]![1]).toContain('苏州市人民政府《苏州市制造业提质行动方案》（苏府〔2024〕1号）二、重点任务 › (二)鼓励首台(套)装备，苏州市，2024-03-01；相同文字占本草案条款');
    expect(rows[1]![4]).toMatch(/沿用（最早）：《苏州市制造业提质行动方案》/);
    // The clause is named by the draft's own number, which it opens with: (一)鼓励…, not 第1条　(一)鼓励…
    expect(rows[1]![0]).toContain('(一)鼓励首台(套)装备');
    expect(rows[1]![0]).not.toContain('第1条');
    // A clause that opens with its own article number is not numbered twice (第1条　第一条).
    const articles = await request(a).post('/api/draft?format=docx').send({ text: DRAFT.replace('(一)鼓励首台(套)装备。', '第一条　鼓励首台(套)装备。') }).buffer(true).parse(binary).expect(200);
    const articleText = (await mammoth.extractRawText({ buffer: articles.body as Buffer })).value;
    expect(articleText).toContain('第一条 鼓励首台(套)装备。对首台(套)');
    expect(articleText).not.toMatch(/第1条\s*第一条/);
    expect(rows[2]![4]).toContain('目标：草案 工业互联网平台 20个，到2027年');
    // How a figure counts is said: a yearly figure is not a total (eighteenth researcher audit).
    const yearly = await request(a).post('/api/draft?format=docx').send({ text: DRAFT.replace('到2027年，工业互联网平台达到20个', '每年新增工业互联网平台20个') }).buffer(true).parse(binary).expect(200);
    expect((await mammoth.extractRawText({ buffer: yearly.body as Buffer })).value).toContain('目标：草案 工业互联网平台 20个（每年 新增）');
    expect(html).toContain('条款对照表');
    // Each precedent's permalink is a link the reader can click, with the clause's fingerprint.
    const links = [...table.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)];
    expect(links.length).toBeGreaterThan(0);
    for (const [, href, text] of links) {
      expect(href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/p\/[^?]+\?h=[0-9a-z]+$/);
      expect(text).toBe(href);
    }
  });

  it('names a clause once, as the page does, on the page, in Word and in the CSV (export audit, s22 finding 9)', async () => {
    const { app: a } = app();
    const docxText = async (text: string) =>
      (await mammoth.extractRawText({ buffer: (await request(a).post('/api/draft?format=docx').send({ text }).buffer(true).parse(binary).expect(200)).body as Buffer })).value;
    const csvOf = async (text: string) => parseCsv((await request(a).post('/api/draft?format=csv').send({ text }).expect(200)).text);
    // A draft of articles: 第一条 had headed <h4>第一条 <span>第一条</span></h4> over 第一条 对…, and Word 第一条 over 第一条 对….
    const articles = ['某市制造业促进条例（草案）', '第一条 对首台(套)重大技术装备给予保费补贴。', '第二条 为来本市创业的领军人才提供住房补助，最高80万元。'].join('\n');
    const page = (await request(a).post('/draft').type('form').send({ text: articles }).expect(200)).text;
    expect(page).toMatch(/<h4 id="clause-1-title">第一条<\/h4>\s*<p class="clause draft-text">(?:<mark>)?对首台/);
    expect(page).not.toMatch(/<span class="section-path">第一条<\/span>/);
    const word = (await docxText(articles)).split('\n').filter(Boolean);
    expect(word).toContain('第一条 对首台(套)重大技术装备给予保费补贴。');
    expect(word).not.toContain('第一条');
    const rows = await csvOf(articles);
    const first = rows.find((r) => r[rows[0]!.indexOf('clause_label')] === '第一条')!;
    expect(first[rows[0]!.indexOf('section')]).toBe('');
    // A draft that numbers nothing: 第 1 条 on the page, in the CSV and in Word (Word had written 第1条).
    const plain = ['对首台(套)重大技术装备给予保费补贴。', '为来本市创业的领军人才提供住房补助，最高80万元。'].join('\n');
    expect((await request(a).post('/draft').type('form').send({ text: plain }).expect(200)).text).toContain('<h4 id="clause-1-title">第 1 条</h4>');
    const plainRows = await csvOf(plain);
    const precedents = plainRows.slice(1).filter((r) => r[plainRows[0]!.indexOf('kind')] === 'precedent');
    expect(new Set(precedents.map((r) => r[plainRows[0]!.indexOf('clause_label')]))).toEqual(new Set(['第 1 条', '第 2 条']));
    const plainWord = await docxText(plain);
    expect(plainWord).toContain('第 1 条　对首台(套)');
    expect(plainWord).not.toContain('第1条');
  });

  it('?format=docx links the clause of each gap, so that it can be checked and cited, with the desk’s scope as every link', async () => {
    const { app: a } = app();
    const json = (await request(a).post('/api/draft').send({ text: DRAFT, city: '宁波市', since: '2023' }).expect(200)).body as DraftReport;
    expect(json.gaps.length).toBeGreaterThan(0);
    const res = await request(a).post('/api/draft?format=docx').send({ text: DRAFT, city: '宁波市', since: '2023' }).buffer(true).parse(binary).expect(200);
    const { value: html } = await mammoth.convertToHtml({ buffer: res.body as Buffer });
    const gaps = html.slice(html.indexOf('措施覆盖与缺口'));
    const links = [...gaps.matchAll(/<a href="([^"]+)">/g)].map((m) => m[1]!);
    expect(links).toHaveLength(json.gaps.reduce((n, g) => n + g.cities.length, 0));
    // The table's precedents and the gaps' clauses carry the places and dates compared with, as the page's and the CSV's
    // links do: the Word file's had carried none (s22 export audit), so a precedent opened from it listed every place.
    const all = [...html.matchAll(/<a href="([^"]+)">/g)].map((m) => decodeURIComponent(m[1]!.replace(/&amp;/g, '&')));
    expect(all.length).toBeGreaterThan(links.length);
    for (const l of all) expect(l).toMatch(/\/p\/[^?]+\?city=宁波市&since=2023-01-01&h=[0-9a-z]+$/);
  });

  it('?format=docx puts at most four places side by side: more make one table per group of them', async () => {
    const extra = ['杭州市', '温州市', '绍兴市'].map((city, i) => ({
      meta: meta({ id: `extra${i}`, city, level: 'prefecture', title: `${city}制造业若干措施`, date: '2023-05-01' }),
      paragraphs: [{ text: `${city}支持企业建设工业互联网平台，对新认定的平台给予奖励。`, section: ['一、重点任务'] }],
    }));
    const engine = createFakeEngine([...FAKE_DOCUMENTS, ...extra]);
    const a = createApp({ engine: () => engine, analysis: () => engine.analysis(), logger: captureLog().logger });
    const res = await request(a).post('/api/draft?format=docx').send({ text: DRAFT }).buffer(true).parse(binary).expect(200);
    const { value: html } = await mammoth.convertToHtml({ buffer: res.body as Buffer });
    const tables = [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((t) => [...t[1]!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, ''))));
    expect(tables.map((t) => t[0])).toEqual([
      ['草案条款', '苏州市', '宁波市', '浙江省', '杭州市', '说明'],
      ['草案条款', '温州市', '绍兴市'],
    ]);
    for (const t of tables) expect(t).toHaveLength(4);
    expect(html).toContain('对照表 2/2：温州市、绍兴市');
  });

  it('names an export after the draft’s title and the desk’s scope, else the day (s20 drafter audit, finding 11)', async () => {
    const { app: a } = app();
    const name = (res: request.Response) => decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(res.headers['content-disposition'] as string)![1]!);
    const scoped = await request(a).post('/api/draft?format=csv').send({ text: DRAFT, city: '宁波市', since: '2023' }).expect(200);
    expect(name(scoped)).toBe('policylens-draft-某市关于推动制造业高质量发展的若干措施（征求意见稿）-宁波市-2023-01-01起.csv');
    expect(scoped.headers['content-disposition']).toMatch(/^attachment; filename="policylens-draft-1-place-from-2023-01-01\.csv"/);
    // Its links carry the desk's scope, as the page's do (export audit 7, session 22).
    const links = parseCsv(scoped.text).slice(1).map((r) => r[DRAFT_CSV_COLUMNS.indexOf('permalink')]).filter(Boolean);
    expect(links.length).toBeGreaterThan(0);
    for (const l of links) expect(decodeURIComponent(l!)).toMatch(/\/p\/[^?]+\?city=宁波市&since=2023-01-01&h=[0-9a-z]+$/);
    // A group is named by its label, as every export names it (the desk had listed its places: export audit, session 22).
    const group = await request(a).post('/api/draft?format=csv').send({ text: DRAFT, group: 'province:浙江省' }).expect(200);
    expect(name(group)).toBe('policylens-draft-某市关于推动制造业高质量发展的若干措施（征求意见稿）-浙江省及下辖地区.csv');
    expect(group.headers['content-disposition']).toMatch(/^attachment; filename="policylens-draft-province-330000\.csv"/);
    const untitled = await request(a).post('/api/draft?format=docx').send({ text: DRAFT.split('\n').slice(1).join('\n') }).buffer(true).parse(binary).expect(200);
    expect(name(untitled)).toBe(`policylens-draft-${todayInChina()}.docx`);
    const inForce = await request(a).post('/draft?format=csv').type('form').send({ text: DRAFT.split('\n').slice(1).join('\n'), in_force: '1' }).expect(200);
    expect(name(inForce)).toBe(`policylens-draft-${todayInChina()}现行有效.csv`);
  });

  it('names the parts of a long clause as parts of it, says why on the page, and keeps later numbers (s20 drafter audit, finding 6)', async () => {
    const { app: a } = app();
    // A 一、 of about 750 characters, compared in two parts, then the draft's 二、 and 三、.
    const long = `(一)推进工业互联网。${Array.from({ length: 30 }, (_, i) => `支持第${i + 1}批企业建设工业互联网平台并给予补助。`).join('')}`;
    const text = ['某市关于推动制造业高质量发展的若干措施', '一、培育优质企业', long, '(二)鼓励首台(套)装备。对首台(套)重大技术装备给予保费补贴。', '(三)引进高层次人才。为来本市创业的领军人才提供住房补助，最高80万元。'].join('\n');
    const body = (await request(a).post('/api/draft').send({ text }).expect(200)).body as DraftReport;
    expect(body.clauses.map((c) => [c.n, c.number, c.part && [c.part.index, c.part.of]])).toEqual([[1, 1, [1, 2]], [2, 1, [2, 2]], [3, 2, null], [4, 3, null]]);
    const page = (await request(a).post('/draft').type('form').send({ text }).expect(200)).text;
    // Named as the draft numbers them, (一)–(三) (twenty-first drafter audit, finding 1: positions had been the names).
    expect(body.clauses.map((c) => c.label)).toEqual(['(一)', '(一)', '(二)', '(三)']);
    expect([...page.matchAll(/<h4 id="clause-\d+-title">([^<]+?)(?: <span|<\/h4>)/g)].map((m) => m[1])).toEqual(['(一)（之一）', '(一)（之二）', '(二)', '(三)']);
    expect(page).toContain(`草案(一)有 ${body.clauses[0]!.part!.characters} 字：超过 500 字的条款按句分成 2 段逐段对照`);
    expect(page).toContain('草案 3 条条款（其中 1 条较长，分段对照，共 4 段）');
    // Coverage names (一) once, linked to its first part, though both parts are about the measure.
    expect(body.coverage.some((m) => m.draft.includes(1) && m.draft.includes(2))).toBe(true);
    expect(page).not.toMatch(/#clause-2">/);
    const docx = await request(a).post('/api/draft?format=docx').send({ text }).buffer(true).parse(binary).expect(200);
    const word = (await mammoth.extractRawText({ buffer: docx.body as Buffer })).value;
    // A clause that opens with its own number is not named twice: （之二）　支持…, (二)鼓励首台(套)装备.
    for (const label of ['（之一）　(一)推进工业互联网', '（之二）　', '(二)鼓励首台(套)装备', '(三)引进高层次人才']) expect(word).toContain(label);
    expect(word).not.toMatch(/第\d条/);
    expect(word).toContain('草案(一)有');
    const rows = parseCsv((await request(a).post('/api/draft?format=csv').send({ text }).expect(200)).text);
    const col = (name: (typeof DRAFT_CSV_COLUMNS)[number]) => DRAFT_CSV_COLUMNS.indexOf(name);
    const parts = new Set(rows.slice(1).filter((r) => r[col('kind')] === 'precedent').map((r) => `${r[col('clause')]} ${r[col('clause_part')]}`));
    expect([...parts]).toEqual(['1 1/2', '1 2/2', '2 ', '3 ']);
  });

  it('names each clause by the draft\'s own 第X条 on the page, in the Word table and in the CSV, a preamble as 序言 (s21 drafter audit, finding 1)', async () => {
    const { app: a } = app();
    const text = [
      '某市关于推动制造业高质量发展的若干措施',
      '为推动制造业高质量发展，结合本市实际，制定以下措施。',
      '第一条 鼓励首台(套)装备',
      '对首台(套)重大技术装备给予保费补贴。',
      '第二条 推进工业互联网',
      '支持企业建设工业互联网平台，对新认定的平台给予最高300万元奖励。',
    ].join('\n');
    const body = (await request(a).post('/api/draft').send({ text }).expect(200)).body as DraftReport;
    expect(body.clauses.map((c) => [c.number, c.label, c.section])).toEqual([[null, '序言', []], [1, '第一条', ['第一条 鼓励首台(套)装备']], [2, '第二条', ['第二条 推进工业互联网']]]);
    const page = (await request(a).post('/draft').type('form').send({ text }).expect(200)).text;
    expect([...page.matchAll(/<h4 id="clause-\d+-title">([^<]+?)(?: <span|<\/h4>)/g)].map((m) => m[1])).toEqual(['序言', '第一条', '第二条']);
    // The coverage names the clauses as the draft does (工业互联网：第 3 条 had been its 第二条).
    const covered = body.coverage.find((m) => m.draft.includes(3))!;
    expect(page).toMatch(new RegExp(`<li data-measure="${covered.measure.id}"><strong>[^<]+</strong>：(?:<a href="#clause-\\d">[^<]+</a>、)*<a href="#clause-3">第二条</a>`));
    const word = (await mammoth.extractRawText({ buffer: (await request(a).post('/api/draft?format=docx').send({ text }).buffer(true).parse(binary).expect(200)).body as Buffer })).value;
    expect(word).toContain('第二条　支持企业建设工业互联网平台');
    expect(word).toMatch(new RegExp(`${covered.measure.name}（[^）]*第二条`));
    const rows = parseCsv((await request(a).post('/api/draft?format=csv').send({ text }).expect(200)).text);
    const col = (name: (typeof DRAFT_CSV_COLUMNS)[number]) => DRAFT_CSV_COLUMNS.indexOf(name);
    const named = new Set(rows.slice(1).filter((r) => r[col('kind')] === 'precedent').map((r) => `${r[col('clause')]}|${r[col('clause_label')]}`));
    expect([...named]).toEqual(['|序言', '1|第一条', '2|第二条']);
  });

  it('quotes a name that ends on a list mark wherever the page, the Word table and the CSV glue it into a sentence (s21 drafter audit)', async () => {
    const { app: a } = app();
    // 一、 of about 750 characters (compared in two parts), then 二、 to 四、, each a clause of its own: the notes had read
    // 草案一、（…）, 草案一有 745 字 and 一、（之二）, and the coverage 一、、三、.
    const long = `一、推进工业互联网。${Array.from({ length: 30 }, (_, i) => `支持第${i + 1}批企业建设工业互联网平台并给予补助。`).join('')}`;
    const text = [
      '某市关于推动制造业高质量发展的若干措施', long,
      '二、鼓励首台(套)装备。对首台(套)重大技术装备和工业互联网平台给予保费补贴，专精特新企业优先。',
      '三、引进高层次人才。为来本市创业的领军人才提供住房补助，专精特新企业的人才最高80万元。',
      '四、培养技能人才。对引进的高层次人才和技能人才给予安家补贴。',
    ].join('\n');
    const send = (format: string) => request(a).post(`/api/draft${format}`).send({ text, city: '宁波市' });
    const body = (await send('').expect(200)).body as DraftReport;
    expect(body.clauses.map((c) => c.label)).toEqual(['「一、」', '「一、」', '「二、」', '「三、」', '「四、」']);
    const page = (await request(a).post('/draft').type('form').send({ text, city: '宁波市' }).expect(200)).text;
    expect([...page.matchAll(/<h4 id="clause-\d+-title">([^<]+?)(?: <span|<\/h4>)/g)].map((m) => m[1])).toEqual(['「一、」（之一）', '「一、」（之二）', '「二、」', '「三、」', '「四、」']);
    expect(page).toContain(`草案「一、」有 ${body.clauses[0]!.part!.characters} 字：`);
    expect(page).toContain('aria-label="「二、」的要素对照"');
    // Two quoted names in a list need no 、 between them (GB/T 15834), as the notes and the Word table join them.
    expect(body.coverage.find((m) => m.measure.id === 'talent')?.draft).toEqual([4, 5]);
    expect(page).toMatch(/<li data-measure="talent"><strong>人才<\/strong>：<a href="#clause-4">「三、」<\/a><a href="#clause-5">「四、」<\/a><span/);
    const note = body.gaps.find((g) => g.measure.id === 'enterprise-tiers')!.note!;
    expect(note).toMatch(/^草案「三、」（专精特新，得分 [\d.]+）、「二、」（专精特新，得分 [\d.]+）含这项措施的种子词/);
    expect(page).toContain(`<p class="gap-note">${note}</p>`);
    const word = (await mammoth.extractRawText({ buffer: (await send('?format=docx').buffer(true).parse(binary).expect(200)).body as Buffer })).value;
    // A clause that opens with its own number is not named twice (「二、」　二、鼓励…), and the notes read as the page's.
    for (const shown of ['（之一）　一、推进工业互联网', '（之二）　', '二、鼓励首台(套)装备', '草案「一、」有', note, '人才（「三、」「四、」）']) expect(word).toContain(shown);
    expect(word).not.toContain('」　');
    // Nowhere a bare 一、 before a bracket or a 、, nor 草案一 standing for the clause.
    for (const shown of [page, word]) expect(shown).not.toMatch(/(?<![「\p{Script=Han}])[一二三四]、[（、]|草案[一二三四][有、已（]/u);
    const rows = parseCsv((await send('?format=csv').expect(200)).text);
    const col = (name: (typeof DRAFT_CSV_COLUMNS)[number]) => DRAFT_CSV_COLUMNS.indexOf(name);
    expect([...new Set(rows.slice(1).filter((r) => r[col('kind')] === 'precedent').map((r) => `${r[col('clause')]}|${r[col('clause_label')]}`))]).toEqual(['1|「一、」', '2|「二、」', '3|「三、」', '4|「四、」']);
    expect(rows.some((r) => r[col('kind')] === 'gap' && r[col('draft_text')] === note)).toBe(true);
  });

  it('says a draft target found no group without claiming no place has one (s23 drafter audit: 杭州 had a near miss)', async () => {
    const { app: a } = app();
    const text = `${DRAFT}\n(四)建设火星基地。到2027年，火星基地达到3个。`;
    const body = (await request(a).post('/api/draft').send({ text }).expect(200)).body as DraftReport;
    expect(body.clauses.some((c) => c.parameters.targets.some((t) => !t.group || !t.cities.length))).toBe(true);
    const page = (await request(a).post('/draft').type('form').send({ text }).expect(200)).text;
    expect(page).toContain('未找到各地的同类指标（按指标含义分组；相近但未达分组线的不列出');
    expect(page).not.toContain('各地没有同类指标');
  });

  it('?format=csv has the page\'s 草案目标与各地同类指标: a row per draft target, city and target of its group (s21 drafter audit, finding 9)', async () => {
    const { app: a } = app();
    const text = `${DRAFT}\n(四)培育专精特新企业。到2027年，专精特新企业达到50家，对首次认定的给予奖励。`;
    const body = (await request(a).post('/api/draft').send({ text }).expect(200)).body as DraftReport;
    const rows = parseCsv((await request(a).post('/api/draft?format=csv').send({ text }).expect(200)).text);
    expect(rows[0]).toEqual([...DRAFT_CSV_COLUMNS]);
    const col = (name: (typeof DRAFT_CSV_COLUMNS)[number]) => DRAFT_CSV_COLUMNS.indexOf(name);
    const targetRows = rows.filter((r) => r[col('kind')] === 'target');
    // The JSON's comparisons, row for row: every target of the group in every place, or one row saying there is none.
    const expected = body.clauses.flatMap((c) =>
      c.parameters.targets.flatMap((t) =>
        t.group && t.cities.length
          ? t.cities.flatMap((cc) => cc.targets.map((x, i) => [c.label, t.group!.label, t.draft.indicator, cc.city, String(i + 1), x.indicator, String(x.value ?? `${x.range![0]}-${x.range![1]}`), x.unit ?? '', x.year ?? '', x.scope ?? '']))
          : [[c.label, '', t.draft.indicator, '', '', '', '', '', '', '']],
      ),
    );
    expect(targetRows.map((r) => [r[col('clause_label')], r[col('target_group')], r[col('draft_target')]!.split(' ')[0], r[col('city')], r[col('rank')], r[col('target_indicator')], r[col('target_value')], r[col('target_unit')], r[col('target_year')], r[col('target_scope')]])).toEqual(expected);
    expect(targetRows.some((r) => r[col('city')] !== '')).toBe(true);
    // A compared target says what the draft set and links the place's clause.
    const compared = targetRows.find((r) => r[col('city')] !== '')!;
    expect(compared[col('draft_target_value')]).toMatch(/^\d+$/);
    expect(compared[col('permalink')]).toMatch(/\/p\/[^?]+\?h=[0-9a-z]+$/);
    expect(compared[col('precedent_text')]).not.toBe('');
    // The precedent rows are as before: the target columns empty.
    for (const r of rows.filter((x) => x[col('kind')] === 'precedent')) expect(r.slice(col('target_group'), col('draft_amounts')).every((v) => v === '')).toBe(true);
  });

  it('?format=csv has the page’s 要素对照: the draft’s figures, years, departments and instruments, and each place’s first precedent’s, marked 同草案 (export audit 5, session 22)', async () => {
    const { app: a } = app();
    const body = (await request(a).post('/api/draft').send({ text: DRAFT })).body as DraftReport;
    const rows = parseCsv((await request(a).post('/api/draft?format=csv').send({ text: DRAFT }).expect(200)).text);
    const col = (name: (typeof DRAFT_CSV_COLUMNS)[number]) => DRAFT_CSV_COLUMNS.indexOf(name);
    // After every column existing readers know.
    expect(DRAFT_CSV_COLUMNS.slice(-9)).toEqual(['draft_amounts', 'draft_years', 'draft_departments', 'draft_instruments', 'precedent_targets', 'precedent_amounts', 'precedent_years', 'precedent_departments', 'precedent_instruments']);
    const cell = (values: { text: string; shared: boolean }[] | undefined) => (values ?? []).map((v) => (v.shared ? `${v.text}（同草案）` : v.text)).join('；');
    const keys = ['amounts', 'years', 'departments', 'instruments'] as const;
    let marked = 0;
    for (const c of body.clauses) {
      const own = rows.filter((r) => r[col('clause_label')] === c.label && r[col('kind')] === 'precedent');
      expect(own.length).toBeGreaterThan(0);
      for (const table of c.parameters.precedents) {
        const first = own.find((r) => r[col('city')] === table.city && r[col('rank')] === '1')!;
        const row = (key: string) => table.rows.find((r) => r.key === key);
        // The draft's side, as the page's 草案 column lists it, on every row of the clause.
        expect(keys.map((k) => first[col(`draft_${k}`)])).toEqual(keys.map((k) => row(k)!.a.map((v) => v.text).join('；')));
        // The place's first precedent's side, as the page's column for it, 同草案 where the page tags it.
        const theirs = (['targets', ...keys] as const).map((k) => first[col(`precedent_${k}`)]);
        expect(theirs).toEqual((['targets', ...keys] as const).map((k) => cell(row(k)?.b)));
        marked += theirs.filter((v) => v!.includes('（同草案）')).length;
        // A later candidate is not in the page's table: its cells stay empty.
        for (const r of own.filter((x) => x[col('city')] === table.city && x[col('rank')] !== '1')) expect(r.slice(col('precedent_targets'))).toEqual(Array(5).fill(''));
      }
    }
    // The fake corpus shares 首台(套)'s instrument and 苏州's figures with the draft: some values are marked.
    expect(marked).toBeGreaterThan(0);
    expect(rows.slice(1).some((r) => r[col('draft_amounts')] !== '' || r[col('draft_instruments')] !== '')).toBe(true);
  });

  it('?format=csv has a row per clause, city and precedent', async () => {
    const { app: a } = app();
    const res = await request(a).post('/api/draft?format=csv').send({ text: DRAFT }).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = parseCsv(res.text);
    expect(rows[0]).toEqual([...DRAFT_CSV_COLUMNS]);
    const body = (await request(a).post('/api/draft').send({ text: DRAFT })).body as DraftReport;
    const col = (name: (typeof DRAFT_CSV_COLUMNS)[number]) => DRAFT_CSV_COLUMNS.indexOf(name);
    const expected = body.clauses.reduce((n, c) => n + c.precedents.reduce((m, p) => m + Math.max(1, p.results.length), 0), 0);
    const gapRows = body.gaps.reduce((n, g) => n + g.cities.length, 0);
    const targetRows = body.clauses.reduce((n, c) => n + c.parameters.targets.reduce((m, t) => m + Math.max(1, t.group ? t.cities.reduce((k, cc) => k + cc.targets.length, 0) : 0), 0), 0);
    expect(rows.length - 1).toBe(expected + targetRows + gapRows);
    expect(rows.filter((r) => r[col('kind')] === 'precedent')).toHaveLength(expected);
    const first = rows.find((r) => r[0] === '1' && r[3] === '苏州市' && r[4] === '1')!;
    expect(first[6]).toBe('(二)鼓励首台(套)装备。对首台(套)重大技术装备给予保费补贴。');
    expect(first[14]).toMatch(/\/p\/sz_manufacturing:p0004\?h=[0-9a-z]+$/);
    // The draft's targets with their qualifier and year (第2条: 工业互联网平台 20个 达到 到2027年).
    expect(rows.find((r) => r[0] === '2')![col('draft_targets')]).toBe('工业互联网平台 20个 达到 到2027年');
    // The precedent's 发文机关 and 文号, and the measures the page's coverage puts the draft clause under.
    expect([first[col('doc_issuer')], first[col('doc_number')]]).toEqual(['苏州市人民政府', '苏府〔2024〕1号']);
    const covered = body.coverage.filter((m) => m.draft.includes(1)).map((m) => m.measure.name).join('；');
    expect(covered).not.toBe('');
    expect(first[col('measures')]).toBe(covered);
    // The gaps, as the page lists them: a row per measure and city, the city's best clause whole, with its link.
    const scoped = (await request(a).post('/api/draft').send({ text: DRAFT, city: '宁波市' }).expect(200)).body as DraftReport;
    expect(scoped.gaps.length).toBeGreaterThan(0);
    const gaps = parseCsv((await request(a).post('/api/draft?format=csv').send({ text: DRAFT, city: '宁波市' }).expect(200)).text).filter((r) => r[col('kind')] === 'gap');
    expect(gaps.map((r) => [r[col('measures')], r[col('city')]])).toEqual(scoped.gaps.flatMap((g) => g.cities.map((x) => [g.measure.name, x.city])));
    for (const r of gaps) {
      // The link carries the desk's scope before its fingerprint.
      const id = /\/p\/([^?]+)\?(?:[^#]*&)?h=/.exec(r[col('permalink')]!)![1]!;
      const clause = (await request(a).get(`/api/paragraphs/${id}`)).body.paragraph as { text: string };
      expect(r[col('precedent_text')]).toBe(clause.text);
      expect(r[col('clause')]).toBe('');
    }
  });
});

describe('/draft page', () => {
  it('shows the form, the limits and that the draft is never stored', async () => {
    const { app: a } = app();
    const html = (await request(a).get('/draft').expect(200)).text;
    expect(html).toMatch(/<form id="draft-form"[^>]*method="post"[^>]*action="\/draft"[^>]*enctype="multipart\/form-data"/);
    expect(html).toContain('name="text"');
    expect(html).toMatch(/type="file"[^>]*accept="\.docx,\.doc,\.pdf,\.txt,\.md/);
    expect(html).toContain('草案不会被保存');
    expect(html).toContain('aria-current="page">起草对照');
  });

  it('posts without JavaScript and renders the report, with export buttons that re-post the text', async () => {
    const { app: a } = app();
    const res = await request(a).post('/draft').type('form').send({ text: DRAFT }).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const html = res.text;
    expect(html).toContain('条款对照：某市关于推动制造业高质量发展的若干措施（征求意见稿）');
    expect((html.match(/<article class="draft-clause"/g) ?? []).length).toBe(3);
    expect(html).toContain('<mark>');
    expect(html).toMatch(/<strong>沿用<\/strong>/);
    expect(html).toContain('formaction="/draft?format=docx"');
    expect(html).toContain('formaction="/draft?format=csv"');
    // The export form carries the whole draft, headings included (escaped).
    expect(html).toContain('一、培育优质企业\n(一)鼓励首台(套)装备');
    // Posted as the page posts it, the export downloads; a refusal comes back as the page with its message.
    const docx = await request(a).post('/draft?format=docx').type('form').send({ text: DRAFT }).buffer(true).parse(binary).expect(200);
    expect(docx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const csv = await request(a).post('/draft?format=csv').type('form').send({ text: DRAFT }).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const refused = await request(a).post('/draft?format=docx').type('form').send({ text: '' }).expect(400);
    expect(refused.headers['content-type']).toMatch(/^text\/html/);
    expect(refused.text).toContain('草案是空的。');
  });

  it('offers to compare one measure sentence of a clause alone, by posting it with the same scope', async () => {
    const { app: a } = app();
    const html = (await request(a).post('/draft').type('form').send({ text: DRAFT, since: '2023' }).expect(200)).text;
    // In a new tab, so that the draft's report stays where it was.
    const forms = [...html.matchAll(/<form class="sentence-draft" method="post" action="\/draft" target="_blank"><textarea name="text"[^>]*>([^<]*)<\/textarea>([\s\S]*?)<\/form>/g)];
    const sentences = forms.map((f) => f[1]);
    // Only clause (二) has two measure sentences (its numbered title stays joined to the first); a clause of one
    // sentence needs no button.
    expect(sentences).toEqual(['(二)推进工业互联网。支持企业建设工业互联网平台，对新认定的平台给予最高300万元奖励。', '到2027年，工业互联网平台达到20个。']);
    for (const f of forms) expect(f[2]).toContain('<input type="hidden" name="since" value="2023-01-01">');
    const one = (await request(a).post('/draft').type('form').send({ text: sentences[0], since: '2023-01-01' }).expect(200)).text;
    expect((one.match(/<article class="draft-clause"/g) ?? []).length).toBe(1);
    // One clause has no gaps worth listing.
    expect(one).toContain('只对照了一条条款：一条条款不谈措施缺口');
    expect(one).not.toContain('<ul class="draft-gaps">');
  });

  it('reads a status line under the draft’s title as part of the title, not as a skipped paragraph', async () => {
    const { app: a } = app();
    const [title, ...rest] = DRAFT.split('\n');
    const text = [title!.replace('（征求意见稿）', ''), '（征求意见稿）', ...rest].join('\n');
    const body = (await request(a).post('/api/draft').send({ text }).expect(200)).body as DraftReport;
    expect(body.summary.title).toBe(title);
    expect(body.summary.skippedParagraphs).toEqual([]);
    expect(body.clauses).toHaveLength(3);
  });

  it('lists the paragraphs it did not compare, and why', async () => {
    const { app: a } = app();
    const text = [DRAFT, '(四)贴息不超过50%。', DRAFT.split('\n')[2]].join('\n');
    const body = (await request(a).post('/api/draft').send({ text }).expect(200)).body as DraftReport;
    expect(body.summary.skippedParagraphs).toEqual([
      { text: '(四)贴息不超过50%。', reason: 'short' },
      { text: DRAFT.split('\n')[2], reason: 'repeat', of: '(一)' },
    ]);
    expect(body.summary.skipped).toBe(2);
    const html = (await request(a).post('/draft').type('form').send({ text }).expect(200)).text;
    expect(html).toContain('<summary>未单独对照的 2 段</summary>');
    expect(html).toContain('(四)贴息不超过50%。 <span class="muted">（太短，不足以对照）</span>');
    // A repeat names the clause it repeats (twenty-third session's drafter audit, finding 8).
    expect(html).toContain('<span class="muted">（与(一)相同）</span>');
  });

  it('re-renders the form with the message and the pasted text on a bad draft', async () => {
    const { app: a } = app();
    const res = await request(a).post('/draft').type('form').send({ text: '一、总则' }).expect(422);
    expect(res.text).toContain('role="alert"');
    expect(res.text).toContain('草案只找到 1 个章节标题，没有条款正文');
    expect(res.text).toMatch(/<textarea id="text"[^>]*>一、总则<\/textarea>/);
  });

  it('streams progress and then the rendered report when asked for NDJSON', async () => {
    const { app: a } = app();
    const res = await request(a).post('/draft').set('Accept', 'application/x-ndjson').field('text', DRAFT).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = res.text.trim().split('\n').map((l) => JSON.parse(l) as { progress?: { phase: string; done: number; total: number }; html?: string });
    expect(lines.some((l) => l.progress?.phase === 'precedents' && l.progress.done === 3 && l.progress.total === 3)).toBe(true);
    const last = lines[lines.length - 1]!;
    expect(last.html).toContain('<section class="draft-report"');
    const refused = await request(a).post('/draft').set('Accept', 'application/x-ndjson').field('text', '');
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text.trim())).toMatchObject({ error: { code: 'DRAFT_EMPTY', status: 400 } });
  });
});

describe('the queue', () => {
  it('lets the server take other work between clauses (a turn of the event loop per clause)', async () => {
    const analysis = createFakeEngine().analysis();
    await analysis.draft({ text: DRAFT }); // made once: the measures' evidence
    let turns = 0;
    let running = true;
    const tick = () => {
      if (!running) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    const report = await analysis.draft({ text: DRAFT });
    running = false;
    expect(report.clauses.length).toBe(3);
    expect(turns).toBeGreaterThanOrEqual(report.clauses.length - 1);
  });

  it('runs one draft at a time, lets a bounded number wait, and answers 503 BUSY beyond it', async () => {
    const { engine } = app();
    const real = engine.analysis();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started = 0;
    const slow: AnalysisApi = {
      ...real,
      draft: async (input, options) => {
        started++;
        await gate;
        return real.draft(input, options);
      },
    };
    const { app: a } = app({ analysis: slow, queue: { active: 1, waiting: 1 } });
    const first = request(a).post('/api/draft').send({ text: DRAFT }).then((r) => r);
    const second = request(a).post('/api/draft').send({ text: DRAFT }).then((r) => r);
    await new Promise((r) => setTimeout(r, 200));
    expect(started).toBe(1);
    const third = await request(a).post('/api/draft').send({ text: DRAFT });
    expect(expectError(third, 503, 'BUSY')).toMatch(/Try again/);
    expect(third.headers['retry-after']).toBe('5');
    release();
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    expect(started).toBe(2);
    // The places are free again.
    expect((await request(a).post('/api/draft').send({ text: DRAFT })).status).toBe(200);
  });
});

describe('an upload whose client leaves', () => {
  it('is cancelled at once: the reading worker is ended and the desk is free for the next draft', async () => {
    const engine = createFakeEngine();
    const analysis = engine.analysis();
    // The real bounded reader, with a reader module that never finishes a file starting with `never-ends`.
    const inner = boundedUploadReader({ timeoutMs: 60_000 }, new URL('../ingest/pathological-reader.ts', import.meta.url).href);
    let outcome: Promise<string> | undefined;
    const uploadReader: typeof inner = (bytes, file, options, signal) => {
      const read = inner(bytes, file, options, signal);
      outcome = read.then(
        () => 'read',
        (e: { code?: string }) => e.code ?? 'error',
      );
      return read;
    };
    const a = express();
    a.use(createDraftRouter(() => engine, () => analysis, { logger: captureLog().logger, queue: { active: 1, waiting: 0 }, uploadReader }));
    const server = a.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const boundary = 'policylens-test-boundary';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="draft.txt"\r\nContent-Type: text/plain\r\n\r\n`),
        Buffer.from(`never-ends\n${DRAFT}`),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const req = http.request({ port, host: '127.0.0.1', method: 'POST', path: '/api/draft', headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': body.length } });
      req.on('error', () => undefined);
      req.end(body);
      await new Promise((r) => setTimeout(r, 1500));
      expect(outcome, 'the upload reached the reader').toBeDefined();
      const t0 = performance.now();
      req.destroy();
      expect(await outcome).toBe('BAD_REQUEST');
      expect(performance.now() - t0).toBeLessThan(5_000);
      // With one place in the queue and none waiting, a second draft is only taken once the first has let go.
      const next = await request(server).post('/api/draft').send({ text: DRAFT });
      expect(next.status).toBe(200);
    } finally {
      await new Promise((r) => server.close(r));
    }
  }, 30_000);
});

describe('a date range (since / until)', () => {
  // The fake corpus: 苏州 2024-03-01 and 2023-06, 宁波 2023-09-15, 浙江省 2022-11-20.
  it('compares with the documents dated within it only: columns, precedents, targets and gaps', async () => {
    const { app: a } = app();
    const res = await request(a).post('/api/draft').send({ text: DRAFT, since: 2023 }).expect(200);
    const body = res.body as DraftReport;
    expect(body.summary).toMatchObject({ cities: ['苏州市', '宁波市'], documents: 3, dates: { since: '2023-01-01', until: null } });
    for (const c of body.clauses) {
      expect(c.precedents.map((p) => p.city)).toEqual(['苏州市', '宁波市']);
      for (const p of c.precedents) for (const h of p.results) expect(h.doc.date! >= '2023').toBe(true);
      for (const t of c.parameters.targets) for (const x of t.cities) expect(x.city).not.toBe('浙江省');
    }
    for (const g of body.gaps) for (const x of g.cities) expect(x.city).not.toBe('浙江省');

    // Without the range 浙江省 is compared; until 2022 it is the only place left, and 苏州's copied clause is no precedent.
    const all = (await request(a).post('/api/draft').send({ text: DRAFT }).expect(200)).body as DraftReport;
    expect(all.summary).toMatchObject({ cities: ['苏州市', '宁波市', '浙江省'], documents: 4, dates: { since: null, until: null } });
    const old = (await request(a).post('/api/draft?until=2022').send({ text: DRAFT }).expect(200)).body as DraftReport;
    expect(old.summary).toMatchObject({ cities: ['浙江省'], documents: 1, dates: { since: null, until: '2022-12-31' } });
    expect(old.clauses[0]!.reuse).toEqual([]);
    expect(all.clauses[0]!.reuse.length).toBeGreaterThan(0);
  });

  it('is read from a form and a multipart field too, and refuses bad or empty ranges with a 400 that says what to do', async () => {
    const { app: a } = app();
    const form = (await request(a).post('/api/draft').type('form').send({ text: DRAFT, since: '2023', until: '2023-12' }).expect(200)).body as DraftReport;
    expect(form.summary.dates).toEqual({ since: '2023-01-01', until: '2023-12-31', inForce: null });
    expect(form.summary.cities).toEqual(['苏州市', '宁波市']);
    const multipart = (await request(a).post('/api/draft').field('text', DRAFT).field('until', '2022').expect(200)).body as DraftReport;
    expect(multipart.summary.cities).toEqual(['浙江省']);
    expect(expectError(await request(a).post('/api/draft').send({ text: DRAFT, since: '去年' }), 400, 'BAD_REQUEST')).toMatch(/"since" must be a year, month or day/);
    expect(expectError(await request(a).post('/api/draft').send({ text: DRAFT, since: '2024', until: '2023' }), 400, 'BAD_REQUEST')).toMatch(/after "until"/);
    expect(expectError(await request(a).post('/api/draft').send({ text: DRAFT, since: '2030' }), 400, 'BAD_REQUEST')).toMatch(/No document of the corpus is dated on or after 2030-01-01.*widen the dates/);
    expect(expectError(await request(a).post('/api/draft').send({ text: DRAFT, until: ['2022', '2023'] }), 400, 'BAD_REQUEST')).toMatch(/"until" must be given once/);
  });

  it('on the page: the form keeps the dates, the results line says them, and exports and links carry them', async () => {
    const { app: a } = app();
    const html = (await request(a).post('/draft').type('form').send({ text: DRAFT, since: '2023' }).expect(200)).text;
    expect(html).toMatch(/<input id="since" name="since"[^>]*value="2023"/);
    expect(html).toContain('与 苏州市、宁波市 的 3 份文件逐条对照 · 成文日期 2023-01-01 起；');
    expect(html).toContain('<input type="hidden" name="since" value="2023-01-01">');
    expect(html).not.toContain('name="until" value="');
    // The gap links (with 宁波 alone chosen, a gap is a measure it has and the draft lacks: the fake corpus has some).
    const ningbo = (await request(a).post('/draft').type('form').send({ text: DRAFT, since: '2023', city: '宁波市' }).expect(200)).text;
    const links = [...ningbo.matchAll(/href="(\/compare\?[^"]+)"/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link).toContain('since=2023-01-01');
    // A range with no document comes back as the form with the message, the text and the dates kept.
    const refused = await request(a).post('/draft').type('form').send({ text: DRAFT, since: '2030' }).expect(400);
    expect(refused.text).toContain('role="alert"');
    expect(refused.text).toContain('本库没有成文日期在 2030-01-01 或之后的文件');
    expect(refused.text).toMatch(/<input id="since" name="since"[^>]*value="2030"/);
    // The Word table says what it was compared with.
    const docx = await request(a).post('/api/draft?format=docx').type('form').send({ text: DRAFT, since: '2023-01-01' }).buffer(true).parse(binary).expect(200);
    const { value: text } = await mammoth.extractRawText({ buffer: docx.body as Buffer });
    expect(text).toContain('与 苏州市、宁波市 的 3 份政策文件逐条对照（成文日期 2023-01-01 起）');
  });
});

describe('documents in force (in_force)', () => {
  // 浙江省's document ran to 2022-12-31; 苏州's 2024 one takes effect on 2024-03-01; 宁波's (written 2023-09-15) states nothing.
  const docs = FAKE_DOCUMENTS.map((d) =>
    d.meta.id === 'zj_province' ? { ...d, meta: { ...d.meta, effectiveDate: '2020-01-01', expiryDate: '2022-12-31' } } : d.meta.id === 'sz_manufacturing' ? { ...d, meta: { ...d.meta, effectiveDate: '2024-03-01', expiryDate: null } } : d,
  );
  const inForceApp = () => {
    const engine = createFakeEngine(docs);
    return createApp({ engine: () => engine, analysis: () => engine.analysis(), logger: captureLog().logger });
  };

  it('compares with the documents in force on the day only: columns, precedents, targets and gaps; a document that states nothing stays', async () => {
    const a = inForceApp();
    const all = (await request(a).post('/api/draft').send({ text: DRAFT }).expect(200)).body as DraftReport;
    expect(all.summary).toMatchObject({ cities: ['苏州市', '宁波市', '浙江省'], documents: 4, dates: { inForce: null } });
    const body = (await request(a).post('/api/draft').send({ text: DRAFT, in_force: '2023-10-01' }).expect(200)).body as DraftReport;
    expect(body.summary).toMatchObject({ cities: ['苏州市', '宁波市'], documents: 2, dates: { since: null, until: null, inForce: '2023-10-01' } });
    for (const c of body.clauses) {
      for (const p of c.precedents) for (const h of p.results) expect(['sz_manufacturing', 'zj_province']).not.toContain(h.doc.id);
      for (const t of c.parameters.targets) for (const x of t.cities) expect(x.city).not.toBe('浙江省');
    }
    for (const g of body.gaps) for (const x of g.cities) expect(x.city).not.toBe('浙江省');
    // Later, 苏州's 2024 document is in force too; 1 (or true in JSON) means today, in China.
    const later = (await request(a).post('/api/draft?in_force=2024-06-01').send({ text: DRAFT }).expect(200)).body as DraftReport;
    expect(later.summary).toMatchObject({ cities: ['苏州市', '宁波市'], documents: 3 });
    // A chosen place left with no document is named, on the page and in the Word table, not dropped without a word.
    const chosen = (await request(a).post('/api/draft').send({ text: DRAFT, city: ['宁波市', '浙江省'], in_force: '2023-10-01' }).expect(200)).body as DraftReport;
    expect(chosen.summary).toMatchObject({ cities: ['宁波市'], leftOut: ['浙江省'] });
    const page = (await request(a).post('/draft').type('form').send({ text: DRAFT, city: ['宁波市', '浙江省'], in_force: '2023-10-01' }).expect(200)).text;
    expect(page).toContain('所选地区中，浙江省 没有在 2023-10-01 现行有效的文件，未参与对照。');
    const today = (await request(a).post('/api/draft').send({ text: DRAFT, in_force: true }).expect(200)).body as DraftReport;
    expect(today.summary.dates.inForce).toBe(todayInChina());
    expect((await request(a).post('/api/draft').send({ text: DRAFT, in_force: false }).expect(200)).body.summary.dates.inForce).toBeNull();
    // JSON's null is an option left unset, not a bad value.
    const unset = (await request(a).post('/api/draft').send({ text: DRAFT, in_force: null, since: null, city: null }).expect(200)).body as DraftReport;
    expect(unset.summary.dates).toMatchObject({ inForce: null, since: null });
  });

  it('refuses a bad day, and a scope no document is in force in, with a 400 that says what to do', async () => {
    const a = inForceApp();
    expect(expectError(await request(a).post('/api/draft').send({ text: DRAFT, in_force: 'soon' }), 400, 'BAD_REQUEST')).toMatch(/"in_force" must be 1 \(today\) or a day/);
    expect(expectError(await request(a).post('/api/draft').send({ text: DRAFT, in_force: { day: 1 } }), 400, 'BAD_REQUEST')).toMatch(/"in_force" must be 1 \(today\) or a day from 1949 to 2100/);
    // A day outside the range is told the range, not that it must be a day (s20 drafter audit, finding 11).
    for (const day of ['1900-01-01', '2101年1月1日']) {
      expect(expectError(await request(a).post('/api/draft').send({ text: DRAFT, in_force: day }), 400, 'BAD_REQUEST')).toBe(`Parameter "in_force" must be a day from 1949 to 2100, or 1 for today (got "${day}").`);
    }
    expect((await request(a).post('/draft').type('form').send({ text: DRAFT, in_force: '1900-01-01' }).expect(400)).text).toContain('应为 1949 至 2100 年间的具体日期，或 1（今天）（收到“1900-01-01”）');
    const message = expectError(await request(a).post('/api/draft').send({ text: DRAFT, city: '浙江省', in_force: '2023-10-01' }), 400, 'BAD_REQUEST');
    expect(message).toMatch(/No document of the chosen places is in force on 2023-10-01.*leave out in_force, choose other places/);
    const page = await request(a).post('/draft').type('form').send({ text: DRAFT, city: '浙江省', in_force: '2023-10-01' }).expect(400);
    expect(page.text).toContain('所选地区没有在 2023-10-01 仍然有效的文件（是否有效按文件自身的施行日期、有效期判断，未写明的自成文日期起计）：请取消“只看现行有效”、改选地区。');
  });

  it('on the page: the box stays ticked, the results line says it, and the exports and links carry it', async () => {
    const a = inForceApp();
    const html = (await request(a).post('/draft').type('form').send({ text: DRAFT, in_force: '1' }).expect(200)).text;
    expect(html).toMatch(/<input type="checkbox" name="in_force" value="1" checked>/);
    expect(html).toContain(`只含 ${todayInChina()} 现行有效的文件`);
    expect(html).toContain(`<input type="hidden" name="in_force" value="${todayInChina()}">`);
    // The gap links to /compare and every link to a clause: each precedent's 条款页, the other candidates, reuse,
    // targets and gap samples (only the first precedent's had carried it: s20 drafter audit, finding 10).
    const section = html.slice(html.indexOf('<section class="draft-report"'));
    const links = [...section.matchAll(/href="(\/(?:compare\?|p\/)[^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
    expect(links.filter((l) => l.startsWith('/p/')).length).toBeGreaterThan(html.split('>条款页</a>').length - 1);
    for (const link of links) expect(new URLSearchParams(link.slice(link.indexOf('?') + 1)).get('in_force'), link).toBe(todayInChina());
    const seen: Record<string, number> = {};
    // Each kind of link, with places and dates too: the scope as a whole, and the clause's fingerprint kept.
    const kinds = { candidates: /<details class="more-precedents">[\s\S]*?<\/details>/g, gaps: /<ul class="gap-clauses">[\s\S]*?<\/ul>/g, targets: /<ul class="target-compare">[\s\S]*?<\/ul>/g };
    for (const scope of [{ city: '宁波市' }, { city: ['苏州市', '宁波市'] }]) {
      const text = `${DRAFT}\n(四)培育专精特新企业。到2027年，全市专精特新企业达到600家。`;
      const chosen = (await request(a).post('/draft').type('form').send({ text, in_force: '2024-06-01', since: '2020', ...scope }).expect(200)).text;
      for (const [kind, re] of Object.entries(kinds)) {
        const inside = [...chosen.matchAll(re)].flatMap((m) => [...m[0].matchAll(/href="(\/p\/[^"]*)"/g)].map((x) => x[1]!.replace(/&amp;/g, '&')));
        seen[kind] = (seen[kind] ?? 0) + inside.length;
        for (const link of inside) {
          const q = new URLSearchParams(link.slice(link.indexOf('?') + 1));
          expect([q.get('in_force'), q.get('since'), q.getAll('city'), Boolean(q.get('h'))], `${kind} ${link}`).toEqual(['2024-06-01', '2020-01-01', [scope.city].flat(), true]);
        }
      }
    }
    for (const kind of Object.keys(kinds)) expect(seen[kind], kind).toBeGreaterThan(0);
    const docx = await request(a).post('/api/draft?format=docx').type('form').send({ text: DRAFT, in_force: '2023-10-01' }).buffer(true).parse(binary).expect(200);
    expect((await mammoth.extractRawText({ buffer: docx.body as Buffer })).value).toContain('与 苏州市、宁波市 的 2 份政策文件逐条对照（只含 2023-10-01 现行有效的文件）');
    const blank = (await request(a).get('/draft').expect(200)).text;
    expect(blank).toMatch(/<input type="checkbox" name="in_force" value="1">/);
  });
});

describe('chosen places (city / group)', () => {
  it('suggests choosing places when the corpus has many (a report against every one is long)', async () => {
    const many = Array.from({ length: 13 }, (_, i) => ({ meta: meta({ id: `doc${i}`, city: `第${i + 1}市`, level: 'prefecture', date: '2024-01-01' }), paragraphs: [{ text: '对首台(套)重大技术装备给予保费补贴。', section: ['一、措施'] }] }));
    const engine = createFakeEngine(many);
    const a = createApp({ engine: () => engine, analysis: () => engine.analysis(), logger: captureLog().logger });
    expect((await request(a).get('/draft').expect(200)).text).toContain('本库有 13 个地区；与全部地区逐条对照的报告很长');
    expect((await request(a).get('/draft').query({ city: '第1市' }).expect(200)).text).not.toContain('scope-hint');
    expect((await request(app().app).get('/draft').expect(200)).text).not.toContain('scope-hint');
  });

  it('compares with the chosen places only: columns, targets and gaps among them', async () => {
    const { app: a } = app();
    const one = (await request(a).post('/api/draft').send({ text: DRAFT, city: '苏州市' }).expect(200)).body as DraftReport;
    expect(one.summary).toMatchObject({ cities: ['苏州市'], chosen: true, documents: 2 });
    for (const c of one.clauses) {
      expect(c.precedents.map((p) => p.city)).toEqual(['苏州市']);
      for (const t of c.parameters.targets) for (const x of t.cities) expect(x.city).toBe('苏州市');
    }
    // With one place chosen, a gap is a measure that place has and the draft lacks.
    for (const g of one.gaps) expect(g.cities.map((x) => x.city)).toEqual(['苏州市']);
    const all = (await request(a).post('/api/draft').send({ text: DRAFT }).expect(200)).body as DraftReport;
    expect(all.summary.chosen).toBe(false);

    // A group, from the URL; a form's repeated field; and a place with a date range that leaves it nothing.
    const zhejiang = (await request(a).post('/api/draft?group=province:浙江省').send({ text: DRAFT }).expect(200)).body as DraftReport;
    expect(zhejiang.summary.cities).toEqual(['宁波市', '浙江省']);
    const form = (await request(a).post('/api/draft').type('form').send(`text=${encodeURIComponent(DRAFT)}&city=${encodeURIComponent('浙江省')}&city=${encodeURIComponent('苏州市')}`).expect(200)).body as DraftReport;
    expect(form.summary.cities).toEqual(['苏州市', '浙江省']);
    expect(expectError(await request(a).post('/api/draft').send({ text: DRAFT, city: '浙江省', since: '2023' }), 400, 'BAD_REQUEST')).toMatch(/No document of the chosen places is dated on or after 2023-01-01/);
  });

  it('refuses an unknown place or group, and a form of more fields than the desk reads, with what to do', async () => {
    const { app: a } = app();
    expect(expectError(await request(a).post('/api/draft').send({ text: DRAFT, city: '北京市' }), 400, 'UNKNOWN_CITY')).toContain('Valid cities: 苏州市, 宁波市, 浙江省');
    expectError(await request(a).post('/api/draft').send({ text: DRAFT, group: 'province:广东省' }), 400, 'UNKNOWN_GROUP');
    expectError(await request(a).post('/api/draft').send({ text: DRAFT, group: 'everywhere' }), 400, 'BAD_REQUEST');
    // What only JSON can send is refused in the desk's words.
    expect(expectError(await request(a).post('/api/draft').send({ text: DRAFT, city: { name: '苏州市' } }), 400, 'BAD_REQUEST')).toBe('Field "city" must be a place name or a list of them.');
    expect(expectError(await request(a).post('/api/draft').send({ text: DRAFT, group: [null] }), 400, 'BAD_REQUEST')).toMatch(/^Field "group" must be a group/);
    expect(expectError(await request(a).post('/api/draft').send({ text: DRAFT, since: 2023.5 }), 400, 'BAD_REQUEST')).toMatch(/^Field "since" must be a year, month or day/);
    expect(((await request(a).post('/api/draft').send({ text: DRAFT, since: 2023, city: ['苏州市'] }).expect(200)).body as DraftReport).summary.cities).toEqual(['苏州市']);
    // The desk chooses places and dates only: a document filter other routes take is refused, not ignored without a
    // word (twenty-first session's verifying audit), from the URL, a JSON body or the page's form; null is unset.
    expect(expectError(await request(a).post(`/api/draft?issuer=${encodeURIComponent('苏州市人民政府')}`).send({ text: DRAFT }), 400, 'BAD_REQUEST')).toMatch(/^The drafting desk compares a draft with places and dates only: "issuer" is not a filter it takes/);
    expect(expectError(await request(a).post('/api/draft').send({ text: DRAFT, type: '意见', doc: 'sz_talent' }), 400, 'BAD_REQUEST')).toMatch(/"type", "doc" are not filters/);
    await request(a).post('/api/draft').send({ text: DRAFT, issuer: null }).expect(200);
    expect((await request(a).post('/draft').type('form').send(`text=${encodeURIComponent(DRAFT)}&level=county`).expect(400)).text).toContain('起草对照只按地区（city、group）和日期（since、until、in_force）选择对照的文件，不能按level筛选。');
    const many = Array.from({ length: 70 }, () => 'city=' + encodeURIComponent('苏州市')).join('&');
    expect(expectError(await request(a).post('/api/draft').type('form').send(`text=${encodeURIComponent(DRAFT)}&${many}`), 413, 'PAYLOAD_TOO_LARGE')).toMatch(/too many fields.*group/);
    let multipart = request(a).post('/api/draft').field('text', DRAFT);
    for (let i = 0; i < 70; i++) multipart = multipart.field('city', '苏州市');
    expectError(await multipart, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('on the page: the boxes stay ticked, and the exports and gap links carry the places', async () => {
    const { app: a } = app();
    const html = (await request(a).post('/draft').type('form').send(`text=${encodeURIComponent(DRAFT)}&city=${encodeURIComponent('宁波市')}`).expect(200)).text;
    expect(html).toContain('<details class="options" open>');
    expect(html).toContain('<input type="checkbox" name="city" value="宁波市" checked>');
    expect(html).toContain('与 宁波市 的 1 份文件逐条对照；');
    // A precedent's clause page shows its counterparts among the same places.
    expect(html).toMatch(/href="\/p\/[^"?]+\?city=%E5%AE%81%E6%B3%A2%E5%B8%82&amp;h=[0-9a-z]+" aria-label="条款页：[^"]+">条款页<\/a>/);
    // Reuse is looked for within the scope only, and the page says so.
    expect(html).toContain('沿用（文字大部分相同的条款）及“最早”只在对照范围内查找');
    expect(html).toContain('<input type="hidden" name="city" value="宁波市">');
    expect(html).toContain('宁波市 有、草案没有的措施');
    const links = [...html.matchAll(/href="(\/compare\?[^"]+)"/g)].map((m) => decodeURIComponent(m[1]!));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link).toContain('city=宁波市');
    // Without a choice the export form names no place: it compares with every place again.
    const everywhere = (await request(a).post('/draft').type('form').send({ text: DRAFT }).expect(200)).text;
    expect(everywhere).not.toContain('type="hidden" name="city"');
    expect(everywhere).not.toContain('只在对照范围内查找');
  });
});
