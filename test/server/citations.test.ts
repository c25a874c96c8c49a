/**
 * A clause under an article is cited with its 款 and 项 wherever a page or an export cites it (researcher audit, s22
 * finding 8: 烟台 p0042, the second paragraph of 第二十二条, was cited 《烟台市民营经济促进条例》第二十二条): the clause
 * page's heading and citation line, a result card, the diff, the CSV exports' section and the desk's Word table.
 */
import mammoth from 'mammoth';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { createFakeEngine, FAKE_DOCUMENTS, meta, type FakeDocument } from './fake-engine.js';
import { captureLog, parseCsv } from './helpers.js';

const STATUTE: FakeDocument = {
  meta: meta({
    id: 'yt_statute', city: '烟台市', level: 'prefecture', placeKind: '地级市', parent: '山东省', province: '山东省', title: '烟台市民营经济促进条例',
    issuer: '烟台市人民代表大会常务委员会', date: '2020-01-15', docType: '地方性法规',
  }),
  paragraphs: [
    { text: '第六条 市、县（市、区）人民政府应当在本级财政预算中安排专项资金，用于支持民营经济发展。', section: ['第六条'], heading: 3 },
    { text: '专项资金对下列事项予以扶持：', section: ['第六条'] },
    { text: '（一）民营经济组织创新发展；', section: ['第六条'] },
    { text: '（二）民营经济组织规模升级；', section: ['第六条'] },
    { text: '第二十二条 市、县（市、区）人民政府应当依据国土空间规划做好民营经济组织发展用地选址工作。', section: ['第二十二条'], heading: 3 },
    { text: '对民营经济组织申请使用工业用地可以实行弹性出让或者以租赁方式供地，允许按照一次规划、分期供地的要求，预留发展用地。', section: ['第二十二条'] },
  ],
};
const P0005 = 'yt_statute:p0005';

function app() {
  const engine = createFakeEngine([...FAKE_DOCUMENTS, STATUTE]);
  return createApp({ engine: () => engine, analysis: () => engine.analysis(), logger: captureLog().logger });
}

/** Reads a binary response body into a Buffer (supertest leaves unknown types unparsed). */
function binary(res: request.Response, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

describe('a clause under an article, cited with its 款 and 项', () => {
  it('is headed and cited 第二十二条第二款 on its page, and its items 第六条第二款第（一）项', async () => {
    const a = app();
    const html = (await request(a).get(`/p/${P0005}`).expect(200)).text;
    expect(html).toContain('<h1>第二十二条第二款</h1>');
    expect(html).toContain('<span id="citation">烟台市人民代表大会常务委员会《烟台市民营经济促进条例》第二十二条第二款，烟台市，2020-01-15</span>');
    const item = (await request(a).get('/p/yt_statute:p0002').expect(200)).text;
    expect(item).toContain('《烟台市民营经济促进条例》第六条第二款第（一）项，烟台市');
    // The article's first paragraph is 第一款, since 第六条 has two.
    expect((await request(a).get('/p/yt_statute:p0000').expect(200)).text).toContain('《烟台市民营经济促进条例》第六条第一款，');
  });

  it('shows its 款 on a result card and in the diff, and gives it in the CSV exports\' section', async () => {
    const a = app();
    const search = (await request(a).get('/').query({ q: '弹性出让', mode: 'keyword' }).expect(200)).text;
    expect(search).toContain('<p class="section-path">第二十二条第二款</p>');
    const diff = (await request(a).get('/diff').query({ a: P0005, b: 'yt_statute:p0004' }).expect(200)).text;
    expect(diff).toContain('<p class="section-path">第二十二条第二款</p>');
    expect(diff).toContain('<p class="section-path">第二十二条第一款</p>');

    const sectionOf = (rows: string[][], id: string) => rows[rows.findIndex((r) => r.some((c) => c.includes(`/p/${id}`)))]![rows[0]!.indexOf('section')];
    const doc = parseCsv((await request(a).get('/api/documents/yt_statute').query({ format: 'csv' }).expect(200)).text);
    expect(doc.slice(1).map((r) => r[doc[0]!.indexOf('section')])).toEqual(['第六条第一款', '第六条第二款', '第六条第二款第（一）项', '第六条第二款第（二）项', '第二十二条第一款', '第二十二条第二款']);
    const hits = parseCsv((await request(a).get('/api/search').query({ q: '弹性出让', mode: 'keyword', format: 'csv' }).expect(200)).text);
    expect(sectionOf(hits, P0005)).toBe('第二十二条第二款');
    const pair = parseCsv((await request(a).get('/api/diff').query({ a: P0005, b: 'yt_statute:p0004', format: 'csv' }).expect(200)).text);
    expect(pair.find((r) => r[0] === 'section')!.slice(2)).toEqual(['第二十二条第二款', '第二十二条第一款']);
  });

  it('is cited with its 款 in the desk\'s Word table', async () => {
    const text = '第一条 对民营经济组织申请使用工业用地可以实行弹性出让或者以租赁方式供地，允许按照一次规划、分期供地的要求，预留发展用地。';
    const res = await request(app()).post('/api/draft?format=docx').send({ text, city: '烟台市' }).buffer(true).parse(binary).expect(200);
    const raw = (await mammoth.extractRawText({ buffer: res.body as Buffer })).value;
    expect(raw).toContain('烟台市人民代表大会常务委员会《烟台市民营经济促进条例》第二十二条第二款，烟台市，2020-01-15；相同文字占本草案条款');
    expect(raw).toMatch(/沿用（最早）：《烟台市民营经济促进条例》第二十二条第二款，烟台市/);
  });
});
