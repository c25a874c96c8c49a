/**
 * A citation searched back to its clause (src/search/query-citation.ts, twenty-second session's verifying audit): the
 * three 条例 of ../shared/external (烟台, 山东, 浙江) and 天河's 实施办法, indexed as written with the small fake
 * embedder. `《烟台市民营经济促进条例》第二十二条第二款`, the citation the tool writes for 烟台 p0042, had found the
 * document and ranked 第一款 first. A draft's clause that cites it (依照《…》第二十二条第二款规定，…) has it first in 烟台's
 * column on the drafting desk, as pasted text in "similar".
 */
import mammoth from 'mammoth';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisFor } from '../../src/analysis/index.js';
import { Engine } from '../../src/search/engine.js';
import type { DraftReport } from '../../src/analysis/types.js';
import type { Hit, SearchOptions } from '../../src/search/types.js';
import { createApp } from '../../src/server/app.js';
import { citation } from '../../src/server/view.js';
import { provisionLabel } from '../../src/text/provisions.js';
import { articleOf } from '../../src/text/structure.js';
import { EXTERNAL, externalEngine } from '../helpers/external-engine.js';

const FILES = ['04-guangzhou-tianhe-gangao-qingnian-chuangye-banfa.html', '07-yantai-minying-jingji-cujin-tiaoli.md', '08-shandong-xinjiu-dongneng-zhuanhuan-cujin-tiaoli.md', '09-zhejiang-shuzi-jingji-cujin-tiaoli.md'];
const YANTAI = '烟台市民营经济促进条例';

/** Reads a binary response body into a Buffer (supertest leaves unknown types unparsed). */
function binary(res: request.Response, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

describe.skipIf(!EXTERNAL)('a citation in the query puts its clauses first', () => {
  let engine: Engine;
  let dispose = () => {};
  beforeAll(async () => {
    ({ engine, dispose } = await externalEngine(FILES, 'pl-cite-'));
  });
  afterAll(() => dispose());

  const hybrid = (k = 10): SearchOptions => ({ mode: 'hybrid', k });
  /** A hit as a citation names it: 第二十二条第二款 (the section's last title and its 款 and 项). */
  const cited = (h: Hit) => `${h.doc.title}${h.section.at(-1)}${provisionLabel(h.provision)}`;
  const first = (hits: Hit[]) => hits.filter((h) => h.why.citation).map(cited);

  it('finds 烟台 p0042 first from the citation the tool writes for it, in every mode and however it is written', async () => {
    for (const mode of ['hybrid', 'keyword', 'semantic'] as const) {
      const r = await engine.search(`《${YANTAI}》第二十二条第二款`, { mode, k: 5 });
      expect(cited(r.results[0]!), mode).toBe(`${YANTAI}第二十二条第二款`);
      expect(r.results[0]!.text).toMatch(/^对民营经济组织申请使用工业用地/);
      expect(r.results.filter((h) => h.why.citation)).toHaveLength(1);
      expect(r.citation).toMatchObject({ title: YANTAI, document: { title: YANTAI }, article: 22, paragraph: 2, item: null, label: '第二十二条第二款', matched: 1, documents: 1, missing: null, articles: 30, paragraphs: 3 });
      // The rest of the hits are the query's own ranking: the document's other clauses, the 第一款 among them.
      expect(r.results.slice(1).map((h) => h.doc.title)).toContain(YANTAI);
    }
    for (const q of [`${YANTAI}第22条第2款`, '民营经济促进条例第二十二条第二款', '烟台民营经济促进条例 第二十二条 第二款', `《${YANTAI}》第二十二條第二款`]) {
      const r = await engine.search(q, hybrid(3));
      expect(first(r.results), q).toEqual([`${YANTAI}第二十二条第二款`]);
      expect(r.citation?.document?.title, q).toBe(YANTAI);
    }
  });

  it('finds every clause under an article first from the citation line the clause page writes for it (281 clauses)', async () => {
    let clauses = 0;
    for (const d of engine.corpus().documents) {
      for (const h of engine.document(d.id).paragraphs.filter((p) => p.section.some((x) => articleOf(x)))) {
        // 烟台市人民代表大会常务委员会《烟台市民营经济促进条例》第二十二条第二款，烟台市，2020-01-15
        const line = citation(h, { docNumber: d.docNumber, issuer: d.issuer });
        const r = await engine.search(line, hybrid(30));
        expect(r.results[0]?.id, line).toBe(h.id);
        expect(r.results[0]!.why.citation, line).toBe(true);
        clauses++;
      }
    }
    expect(clauses).toBe(281);
  });

  it('puts an article’s clauses first in reading order, an item alone, and an item numbered as a section', async () => {
    const article = await engine.search('《浙江省数字经济促进条例》第十条', hybrid());
    expect(first(article.results)).toEqual(['浙江省数字经济促进条例第十条']);
    const whole = await engine.search(`《${YANTAI}》第二十二条`, hybrid());
    expect(first(whole.results)).toEqual([1, 2, 3].map((n) => `${YANTAI}第二十二条第${['一', '二', '三'][n - 1]}款`));
    const item = await engine.search(`《${YANTAI}》第六条第二款第（三）项`, hybrid());
    expect(first(item.results)).toEqual([`${YANTAI}第六条第二款第（三）项`]);
    expect(item.results[0]!.text).toMatch(/^（三）民营经济融资担保体系建设/);
    const paragraph = await engine.search(`《${YANTAI}》第六条第二款`, hybrid());
    expect(first(paragraph.results)).toEqual([`${YANTAI}第六条第二款`, ...['一', '二', '三', '四', '五'].map((n) => `${YANTAI}第六条第二款第（${n}）项`)]);
    const tianhe = await engine.search('《广州市天河区深化支持港澳青年创新创业高质量发展实施办法》第五条第（二）项', hybrid());
    expect(tianhe.results.filter((h) => h.why.citation).map((h) => h.section.at(-1))).toEqual(['（二）租金补贴']);
  });

  it('without a title, cites that provision of every statute searched, and says how many documents', async () => {
    const r = await engine.search('第二十二条第二款', hybrid());
    expect(first(r.results)).toEqual(['烟台市民营经济促进条例', '山东省新旧动能转换促进条例', '浙江省数字经济促进条例'].map((t) => `${t}第二十二条第二款`));
    expect(r.citation).toMatchObject({ title: null, document: null, matched: 3, documents: 3, missing: null });
    const tenth = await engine.search('第10条', hybrid(20));
    expect(tenth.citation).toMatchObject({ documents: 4 });
    expect(new Set(tenth.results.filter((h) => h.why.citation).map((h) => h.section.at(-1)))).toEqual(new Set(['第十条']));
    // Within a place named at the head of the query, or chosen: that place's statute alone.
    const yantai = await engine.search('烟台 第二十二条第二款', hybrid());
    expect(first(yantai.results)).toEqual([`${YANTAI}第二十二条第二款`]);
    // Words beside it that name no document are the query's: 用地 第二十二条 cites every 第二十二条.
    expect((await engine.search('用地 第二十二条', hybrid())).citation).toMatchObject({ title: null, text: '第二十二条', documents: 3, rest: '用地' });
    const chosen = await engine.search('第二十二条第二款', { ...hybrid(), cities: ['浙江省'] });
    expect(chosen.citation).toMatchObject({ matched: 1, documents: 1 });
  });

  it('says what the named document lacks, and what the filters leave out, instead of a silent search as typed', async () => {
    const ordinary = async (q: string) => (await engine.search(q, hybrid())).results.every((h) => !h.why.citation);
    const noArticle = await engine.search(`《${YANTAI}》第四十条`, hybrid());
    expect(noArticle.citation).toMatchObject({ matched: 0, missing: 'article', articles: 30 });
    expect(await ordinary(`《${YANTAI}》第四十条`)).toBe(true);
    expect((await engine.search(`《${YANTAI}》第二十三条第二款`, hybrid())).citation).toMatchObject({ matched: 0, missing: 'paragraph', paragraphs: 1 });
    expect((await engine.search(`《${YANTAI}》第六条第二款第（九）项`, hybrid())).citation).toMatchObject({ matched: 0, missing: 'item' });
    expect((await engine.search('《中华人民共和国中小企业促进法》第十条', hybrid())).citation).toMatchObject({ document: null, matched: 0, missing: 'document' });
    expect((await engine.search('第九十九条', hybrid())).citation).toMatchObject({ document: null, matched: 0, missing: 'article' });
    const elsewhere = await engine.search(`《${YANTAI}》第二十二条第二款`, { ...hybrid(), cities: ['浙江省'] });
    expect(elsewhere.citation).toMatchObject({ matched: 0, leftOut: 1, missing: null });
    expect(elsewhere.results.every((h) => h.doc.city === '浙江省' && !h.why.citation)).toBe(true);
  });

  it('reads a chapter before the article, a quoted title and the shorthands of 款 and 项 (s23 verifying audit, items 2 and 17)', async () => {
    for (const q of ['《浙江省数字经济促进条例》第三章第二十条', '《浙江省数字经济促进条例》第三章 第二十条']) {
      const r = await engine.search(q, hybrid());
      expect(r.citation, q).toMatchObject({ title: '浙江省数字经济促进条例', document: { title: '浙江省数字经济促进条例' }, documents: 1, rest: '' });
      expect(first(r.results), q).toEqual(['一', '二', '三', '四'].map((n) => `浙江省数字经济促进条例第二十条第${n}款`));
    }
    const quoted = await engine.search(`“${YANTAI}”第二十二条第二款`, hybrid());
    expect(quoted.citation).toMatchObject({ title: YANTAI, documents: 1, matched: 1 });
    expect(first(quoted.results)).toEqual([`${YANTAI}第二十二条第二款`]);
    for (const q of [`《${YANTAI}》第22条2款`, `《${YANTAI}》第二十二条二款`]) {
      expect(first((await engine.search(q, hybrid())).results), q).toEqual([`${YANTAI}第二十二条第二款`]);
    }
    for (const q of [`《${YANTAI}》第六条第二款（三）`, `《${YANTAI}》第六条(三)`]) {
      expect(first((await engine.search(q, hybrid())).results), q).toEqual([`${YANTAI}第六条第二款第（三）项`]);
    }
  });

  it('labels an article in Chinese numerals and says an absurd one is missing, on search and on the desk (item 7)', async () => {
    const hundred = await engine.search(`《${YANTAI}》第一百条`, hybrid());
    expect(hundred.citation).toMatchObject({ label: '第一百条', missing: 'article', articles: 30 });
    const absurd = await engine.search(`《${YANTAI}》第99999999999999999999条`, hybrid());
    expect(absurd.citation).toMatchObject({ label: '第99999999999999999999条', matched: 0, missing: 'article' });
    const app = createApp({ engine: () => engine, analysis: () => analysisFor(engine), logger: pino({ level: 'silent' }) });
    const page = await request(app).get('/').query({ q: `《${YANTAI}》第一百条` }).expect(200);
    expect(page.text).toContain(`按条文引用定位：《${YANTAI}》没有第一百条（全文共三十条），以下按原文检索。`);
    const draft = `第一条 依照《${YANTAI}》第99999999999999999999条第2款，支持民营经济组织用地。`;
    const report = (await request(app).post('/api/draft').send({ text: draft }).expect(200)).body as DraftReport;
    expect(report.clauses[0]!.citations).toMatchObject([{ missing: 'article', matched: 0 }]);
    const desk = (await request(app).post('/draft').type('form').send({ text: draft }).expect(200)).text;
    expect(desk).toContain(`《${YANTAI}》第99999999999999999999条第2款：《${YANTAI}》没有第99999999999999999999条（全文共三十条），请核对引用。`);
  });

  it('on the desk, resolves a citation that names a chapter, and says a cited document the corpus lacks (drafter audit, item 7)', async () => {
    const app = createApp({ engine: () => engine, analysis: () => analysisFor(engine), logger: pino({ level: 'silent' }) });
    const draft = '第一条 依照《浙江省数字经济促进条例》第三章第二十条，推进公共数据共享。\n第二条 依照《中华人民共和国中小企业促进法》第三十二条，支持中小企业融资。';
    const report = (await request(app).post('/api/draft').send({ text: draft }).expect(200)).body as DraftReport;
    expect(report.clauses[0]!.citations).toMatchObject([{ title: '浙江省数字经济促进条例', label: '第二十条', matched: 4, missing: null }]);
    expect(report.clauses[0]!.precedents.find((c) => c.city === '浙江省')!.results[0]!.why.citation).toBe(true);
    expect(report.clauses[1]!.citations).toMatchObject([{ title: '中华人民共和国中小企业促进法', document: null, matched: 0, missing: 'document' }]);
    const page = (await request(app).post('/draft').type('form').send({ text: draft }).expect(200)).text;
    expect(page).toContain('《中华人民共和国中小企业促进法》第三十二条：本库没有《中华人民共和国中小企业促进法》，未核对。');
  });

  it('says what left a cited provision out when the user chose no place: the part, or the query’s own place (item 12)', async () => {
    const app = createApp({ engine: () => engine, analysis: () => analysisFor(engine), logger: pino({ level: 'silent' }) });
    const part = await engine.search(`《${YANTAI}》第二十二条`, { ...hybrid(), part: 'attachment' });
    expect(part.citation).toMatchObject({ matched: 0, leftOut: 3, leftOutBy: { part: 'attachment' } });
    const partPage = await request(app).get('/').query({ q: `《${YANTAI}》第二十二条`, part: 'attachment' }).expect(200);
    expect(partPage.text).toContain(`按条文引用定位：《${YANTAI}》第二十二条（3 条）在正文，不在所选的附件中，以下按原文检索。`);
    const place = await engine.search(`浙江《${YANTAI}》第二十二条`, hybrid());
    expect(place.citation).toMatchObject({ matched: 0, leftOut: 3, leftOutBy: { query: ['浙江省'] } });
    const placePage = await request(app).get('/').query({ q: `浙江《${YANTAI}》第二十二条` }).expect(200);
    expect(placePage.text).toContain(`按条文引用定位：《${YANTAI}》第二十二条（3 条）在烟台市，不在查询所写的地区（浙江省）内，以下按原文检索。`);
    // A place the user chose is the user's selection, said as before.
    const chosen = await engine.search(`《${YANTAI}》第二十二条`, { ...hybrid(), cities: ['浙江省'] });
    expect(chosen.citation).toMatchObject({ leftOut: 3, leftOutBy: null });
  });

  it('reads no citation in a query without one, nor in a clause pasted whole or a sentence that cites one', async () => {
    for (const q of ['民营经济组织用地', '第二十二条 市、县（市、区）人民政府应当依据国土空间规划做好民营经济组织发展用地保障', `根据《${YANTAI}》第二十二条第二款，对民营经济组织申请使用工业用地可以实行弹性出让`]) {
      const r = await engine.search(q, hybrid());
      expect(r.citation, q).toBeNull();
      expect(r.results.some((h) => h.why.citation)).toBe(false);
    }
  });

  it('puts the provision a pasted text or a draft’s clause cites first in its place’s column, and says what a cited document lacks', async () => {
    const text = `依照《${YANTAI}》第二十二条第二款规定，对民营经济组织申请使用工业用地的，可以实行弹性出让或者以租赁方式供应。`;
    const r = await engine.similarText(text, { k: 3 });
    const yantai = r.columns.find((c) => c.city === '烟台市')!;
    expect(cited(yantai.results[0]!)).toBe(`${YANTAI}第二十二条第二款`);
    expect(yantai.results[0]!.why.citation).toBe(true);
    expect(yantai.weak).toBe(false);
    expect(r.columns.filter((c) => c.city !== '烟台市').every((c) => c.results.every((h) => !h.why.citation))).toBe(true);
    expect(r.citations).toMatchObject([{ document: { title: YANTAI }, label: '第二十二条第二款', matched: 1, missing: null }]);
    // Outside the places chosen: said, not shown; a national law the corpus lacks: said (本库没有…); a bare 第十条: the text's own.
    expect((await engine.similarText(text, { k: 3, cities: ['浙江省'] })).citations).toMatchObject([{ matched: 0, leftOut: 1 }]);
    expect((await engine.similarText('依照《中华人民共和国中小企业促进法》第十条和本办法第十条规定，支持民营经济组织用地。', { k: 3 })).citations).toMatchObject([{ document: null, missing: 'document', matched: 0 }]);
    expect((await engine.similarText(`依照《${YANTAI}》第四十条规定，支持民营经济组织用地。`, { k: 3 })).citations).toMatchObject([{ matched: 0, missing: 'article', articles: 30 }]);

    const app = createApp({ engine: () => engine, analysis: () => analysisFor(engine), logger: pino({ level: 'silent' }) });
    const draft = `第一条 ${text}\n第二条 依照《${YANTAI}》第四十条规定，支持民营经济组织参与重大项目建设。`;
    const report = (await request(app).post('/api/draft').send({ text: draft }).expect(200)).body as DraftReport;
    const first = report.clauses[0]!;
    expect(first.citations).toMatchObject([{ label: '第二十二条第二款', matched: 1 }]);
    const column = first.precedents.find((c) => c.city === '烟台市')!;
    expect(column.results[0]!.text).toMatch(/^对民营经济组织申请使用工业用地/);
    expect(column.results[0]!.why.citation).toBe(true);
    expect(report.clauses[1]!.citations).toMatchObject([{ missing: 'article' }]);
    const page = (await request(app).post('/draft').type('form').send({ text: draft }).expect(200)).text;
    expect(page).toContain(`《${YANTAI}》第二十二条第二款：列在烟台市一栏的最前（1 条，标“草案引用”）。`);
    expect(page).toContain('<span class="tag">草案引用</span>');
    expect(page).toContain(`《${YANTAI}》第四十条：《${YANTAI}》没有第四十条（全文共三十条），请核对引用。`);
    // The Word table says it above the cited clause in its place's cell.
    const docx = await request(app).post('/api/draft?format=docx').send({ text: draft }).buffer(true).parse(binary).expect(200);
    expect((await mammoth.extractRawText({ buffer: docx.body as Buffer })).value).toMatch(/草案引用的条文：\s*对民营经济组织申请使用工业用地/);
  });

  it('answers /api/search with `citation` and says it on the search page', async () => {
    const app = createApp({ engine: () => engine, analysis: () => analysisFor(engine), logger: pino({ level: 'silent' }) });
    const q = `《${YANTAI}》第二十二条第二款`;
    const api = await request(app).get('/api/search').query({ q, k: 3 }).expect(200);
    expect(api.body.citation).toMatchObject({ label: '第二十二条第二款', matched: 1 });
    expect(api.body.results[0].why.citation).toBe(true);
    const page = await request(app).get('/').query({ q });
    expect(page.status, page.text.slice(0, 2000)).toBe(200);
    expect(page.text).toContain(`按条文引用定位：《${YANTAI}》第二十二条第二款，共 1 条，排在最前；其余为按原文检索的结果。`);
    expect(page.text).toContain('检索词引用了本条所在的条文，排在最前');
    const missing = await request(app).get('/').query({ q: `《${YANTAI}》第四十条` }).expect(200);
    expect(missing.text).toContain(`按条文引用定位：《${YANTAI}》没有第四十条（全文共三十条），以下按原文检索。`);
  });
});
