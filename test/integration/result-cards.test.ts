/**
 * What a result card says, over the real seed index and model (twentieth session's researcher audit): who issued its
 * document and the document's number, beside the title, in search and in a comparison column, so that a researcher
 * tells a province's opinion from a city's plan without opening the clause; and, in keyword mode, that a hit which
 * holds only an expansion of the query is scored on the expansion, so its score does not compare with those above.
 */
import { pino } from 'pino';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type express from 'express';
import { analysisFor } from '../../src/analysis/index.js';
import { createApp } from '../../src/server/app.js';
import { seedEngine } from '../helpers/seed-index.js';

let app: express.Express;

beforeAll(async () => {
  const engine = await seedEngine();
  app = createApp({ engine: () => engine, analysis: () => analysisFor(engine), logger: pino({ level: 'silent' }) });
});

describe('a result card’s issuer and document number', () => {
  it('are in the API’s hit and on the search and compare pages', async () => {
    const api = (await request(app).get('/api/search').query({ q: '首台(套)', city: '江苏省', k: 3 }).expect(200)).body as { results: { doc: { issuer: string; docNumber: string } }[] };
    expect(api.results[0]!.doc).toMatchObject({ issuer: '江苏省人民政府', docNumber: '苏政发〔2018〕86号' });
    const search = (await request(app).get('/').query({ q: '首台(套)', city: '江苏省' }).expect(200)).text;
    // The title (省政府关于…) does not name 江苏省人民政府, so the card gives both.
    expect(search).toContain('<span class="issuer">江苏省人民政府 · 苏政发〔2018〕86号</span>');
    const compare = (await request(app).get('/compare').query({ q: '首台(套)' }).expect(200)).text;
    expect(compare).toContain('<span class="issuer">江苏省人民政府 · 苏政发〔2018〕86号</span>');
    // 平湖's document has an issuer and no number: the issuer alone, when its title does not name it.
    const pinghu = (await request(app).get('/api/search').query({ q: '专精特新', city: '平湖市', k: 1 }).expect(200)).body as { results: { doc: { title: string; issuer: string; docNumber: string | null } }[] };
    expect(pinghu.results[0]!.doc.issuer).toBe('平湖市人民政府');
    expect(pinghu.results[0]!.doc.docNumber).toBeNull();
  });
});

describe('keyword mode’s hits found only through an expansion', () => {
  it('say so under 匹配原因, since their BM25 is the expansion’s and they follow every hit of the query’s own words', async () => {
    const api = (await request(app).get('/api/search').query({ q: '链长制', mode: 'keyword', k: 10 }).expect(200)).body as {
      expanded: string[];
      results: { id: string; score: number; why: { keyword: number | null } }[];
    };
    expect(api.expanded.length).toBeGreaterThan(0);
    const own = api.results.filter((h) => h.why.keyword !== null);
    const viaExpansion = api.results.filter((h) => h.why.keyword === null);
    expect(own.length).toBeGreaterThan(0);
    expect(viaExpansion.length).toBeGreaterThan(0);
    // Every hit of the query's own words comes before every hit of an expansion alone.
    expect(api.results.findIndex((h) => h.why.keyword === null)).toBe(own.length);
    const html = (await request(app).get('/').query({ q: '链长制', mode: 'keyword', k: 10 }).expect(200)).text;
    expect(html.split('只由扩展词命中').length - 1).toBe(viaExpansion.length);
    const hybrid = (await request(app).get('/').query({ q: '链长制', k: 10 }).expect(200)).text;
    expect(hybrid).not.toContain('只由扩展词命中');
  });
});

describe('the results line', () => {
  it('says how many of the hits hold the whole query, beside the page size', async () => {
    const api = (await request(app).get('/api/search').query({ q: '首台(套)', k: 20 }).expect(200)).body as { results: { why: { phrase?: boolean } }[] };
    const holding = api.results.filter((h) => h.why.phrase).length;
    expect(holding).toBeGreaterThan(0);
    expect(holding).toBeLessThan(20);
    const html = (await request(app).get('/').query({ q: '首台(套)', k: 20 }).expect(200)).text;
    expect(html).toContain(`20 条（其中 ${holding} 条包含完整的检索词，排在前面；其余为相关条款）`);
  });

  it('says how many clauses hold the query in all when the page shows fewer (上市: 10 of 45, twentieth verifying audit)', async () => {
    type Body = { results: { why: { phrase?: boolean } }[]; holding: { count: number; atLeast: boolean } | null };
    const all = (await request(app).get('/api/search').query({ q: '首台(套)', k: 50 }).expect(200)).body as Body;
    const total = all.results.filter((h) => h.why.phrase).length;
    expect(all.holding).toEqual({ count: total, atLeast: false });
    const few = (await request(app).get('/api/search').query({ q: '首台(套)', k: 3 }).expect(200)).body as Body;
    expect(few.holding!.count).toBe(total);
    expect(total).toBeGreaterThan(3);
    const html = (await request(app).get('/').query({ q: '首台(套)', k: 3 }).expect(200)).text;
    expect(html).toContain(`3 条（其中 3 条包含完整的检索词，排在前面；全部包含它的条款共 ${total} 条，可调大显示条数）`);
    const semantic = (await request(app).get('/api/search').query({ q: '首台(套)', mode: 'semantic', k: 3 }).expect(200)).body as Body;
    expect(semantic.holding).toBeNull();
  });
});

// 动工 is a substring of 推动工作 and of 推动“工业上楼”: pinned first and counted as holding the query, those clauses
// misled the reader (twentieth session's verifying audit). A clause holds the query where it starts and ends a word.
describe('holding the whole query', () => {
  it('needs the phrase at word edges: 动工 is not in 推动工作, while 专精特新 is in 专精特新企业', async () => {
    type Body = { results: { text: string; why: { phrase?: boolean } }[] };
    const dong = (await request(app).get('/api/search').query({ q: '动工', city: '昆山市', k: 20 }).expect(200)).body as Body;
    const inside = dong.results.filter((h) => h.text.includes('推动工作') || h.text.includes('推动“工业'));
    expect(inside.length).toBeGreaterThan(0);
    for (const h of inside) if (!/(?<!推)动工/u.test(h.text)) expect(h.why.phrase, h.text.slice(0, 30)).toBeFalsy();
    const zjtx = (await request(app).get('/api/search').query({ q: '专精特新', k: 10 }).expect(200)).body as Body;
    expect(zjtx.results.filter((h) => h.why.phrase).length).toBeGreaterThan(3);
  });
});

// A notice's addressees (各市、县(市、区)人民政府,省各委办厅局,省各直属单位:) filled keyword results for any query
// holding 政府 (twentieth session's researcher audit): the reader keeps them, search and compare show none.
describe('addressee lines', () => {
  it('are no hits in search or compare, and stay in the document for the reader', async () => {
    const addressee = '001_c3ee382acd11a22e:p0000';
    type Body = { results: { id: string }[] };
    for (const mode of ['keyword', 'hybrid', 'semantic']) {
      const hits = (await request(app).get('/api/search').query({ q: '各市县人民政府 省各委办厅局 省各直属单位', mode, k: 50 }).expect(200)).body as Body;
      expect(hits.results.map((h) => h.id), mode).not.toContain(addressee);
    }
    const compare = (await request(app).get('/api/compare').query({ q: '人民政府各部门', mode: 'keyword', k: 5 }).expect(200)).body as { columns: Body[] };
    const addressees = ['000_dcbe0bbe788de573', '001_c3ee382acd11a22e', '002_86af085e02e72586', '004_76d2946b7ea30b47'].map((d) => `${d}:p0000`);
    expect(compare.columns.flatMap((c) => c.results.map((h) => h.id)).filter((id) => addressees.includes(id))).toEqual([]);
    const reader = (await request(app).get(`/api/paragraphs/${addressee}`).expect(200)).body as { paragraph: { text: string } };
    expect(reader.paragraph.text).toContain('人民政府');
  });
});
