/**
 * What a screen reader, a tab bar and a Word navigation pane read (export audit, s22 finding 8): each clause page's
 * title names its clause, each link names where it goes (beside its short visible text), the reader's headings and
 * the desk's Word outline go down one level at a time.
 */
import mammoth from 'mammoth';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { createFakeEngine, FAKE_DOCUMENTS, meta, type FakeDocument } from './fake-engine.js';
import { captureLog } from './helpers.js';

/** 浙江's shape: chapters over articles, an article of two paragraphs; a target 苏州's plan sets too (专精特新企业). */
const STATUTE: FakeDocument = {
  meta: meta({ id: 'zj_statute', city: '浙江省', level: 'province', title: '浙江省数字经济促进条例', issuer: '浙江省人民代表大会常务委员会', date: '2020-12-24', docType: '地方性法规' }),
  paragraphs: [
    { text: '第一章 总则', section: ['第一章 总则'], heading: 1 },
    { text: '第一条 为了促进数字经济发展，推动高质量发展，制定本条例。', section: ['第一章 总则', '第一条'], heading: 3 },
    { text: '第二条 本省行政区域内促进数字经济发展，适用本条例。', section: ['第一章 总则', '第二条'], heading: 3 },
    { text: '本条例所称数字经济，是指以数据资源为关键生产要素的经济形态。', section: ['第一章 总则', '第二条'] },
    { text: '第三条 到2025年，全省培育专精特新企业300家。', section: ['第一章 总则', '第三条'], heading: 3 },
  ],
};

function app() {
  const engine = createFakeEngine([...FAKE_DOCUMENTS, STATUTE]);
  return createApp({ engine: () => engine, analysis: () => engine.analysis(), logger: captureLog().logger });
}

const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)![1]!;

/** Each link (or button) whose visible text is `text`: its accessible name (aria-label, else the text). */
function namesOf(html: string, text: string, tag = 'a'): string[] {
  return [...html.matchAll(new RegExp(`<${tag}\\b([^>]*)>${text}</${tag}>`, 'g'))].map((m) => /aria-label="([^"]*)"/.exec(m[1]!)?.[1] ?? text);
}

/** The heading levels of a page, in order. */
const headingLevels = (html: string) => [...html.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
const skips = (levels: number[]) => levels.filter((l, i) => i > 0 && l > levels[i - 1]! + 1);

describe('clause pages', () => {
  it('have titles of their own: the clause\'s heading (with its 款) and paragraph number before the document\'s', async () => {
    const a = app();
    const titles = await Promise.all(['sz_manufacturing:p0003', 'sz_manufacturing:p0004', 'zj_statute:p0003'].map(async (id) => titleOf((await request(a).get(`/p/${id}`).expect(200)).text)));
    expect(titles).toEqual([
      '(一)推进工业互联网 · 第 4 段 · 苏州市制造业提质行动方案 · 苏州市 · PolicyLens',
      '(二)鼓励首台(套)装备 · 第 5 段 · 苏州市制造业提质行动方案 · 苏州市 · PolicyLens',
      '第二条第二款 · 第 4 段 · 浙江省数字经济促进条例 · 浙江省 · PolicyLens',
    ]);
    expect(titleOf((await request(a).get('/p/sz_manufacturing:p0003').query({ sentence: 0 }).expect(200)).text)).toBe(`第 1 句 · ${titles[0]}`);
  });
});

describe('link names', () => {
  it('say which clause each card\'s links open on /compare, and which clause and measure on /matrix and /targets', async () => {
    const a = app();
    const compare = (await request(a).get('/compare').query({ q: '工业互联网' }).expect(200)).text;
    for (const text of ['查看条款与相似条款', '在全文中阅读']) {
      const names = namesOf(compare, text);
      expect(names.length).toBeGreaterThan(1);
      expect(new Set(names).size).toBe(names.length);
      for (const n of names) expect(n).toMatch(new RegExp(`^${text}：.+第 \\d+ 段$`));
    }
    expect(namesOf(compare, '查看条款与相似条款')).toContain('查看条款与相似条款：苏州市《苏州市制造业提质行动方案》第 4 段');

    const matrix = (await request(a).get('/matrix').expect(200)).text;
    const counts = [...matrix.matchAll(/<a class="count"[^>]*aria-label="([^"]*)"[^>]*>(\d+) 条<\/a>/g)];
    expect(counts.length).toBeGreaterThan(1);
    for (const [, name, n] of counts) expect(name).toMatch(new RegExp(`^${n} 条：\\S+归入“\\S+”的全部条款$`));
    expect(new Set(counts.map((c) => c[1])).size).toBe(counts.length);

    const targets = (await request(a).get('/targets').expect(200)).text;
    expect(namesOf(targets, '条款')).toEqual([
      '条款：苏州市《苏州市制造业提质行动方案》第 2 段（培育专精特新企业 500 家，到2026年）',
      '条款：浙江省《浙江省数字经济促进条例》第 5 段（培育专精特新企业 300 家，到2025年）',
    ]);
    // The side-by-side table's values link to their clauses too.
    expect([...targets.matchAll(/<a [^>]*aria-label="([^"]*)"><strong class="value">/g)].map((m) => m[1])).toEqual([
      '500 家：苏州市《苏州市制造业提质行动方案》第 2 段（培育专精特新企业 500 家，到2026年）',
      '300 家：浙江省《浙江省数字经济促进条例》第 5 段（培育专精特新企业 300 家，到2025年）',
    ]);
  });

  it('say which clause the desk\'s 条款页 opens and which sentence 只对照此句 compares', async () => {
    const text = [
      '某市关于推动制造业高质量发展的若干措施',
      '第一条 支持企业建设工业互联网平台，对新认定的平台给予最高300万元奖励。鼓励首台(套)重大技术装备推广应用，给予保费补贴。',
      '第二条 为来本市创业的领军人才提供住房补助，最高80万元。',
    ].join('\n');
    const html = (await request(app()).post('/draft').type('form').send({ text }).expect(200)).text;
    const pages = namesOf(html, '条款页');
    expect(pages.length).toBeGreaterThan(1);
    for (const n of pages) expect(n).toMatch(/^条款页：\S+第 \d+ 段$/);
    const sentences = namesOf(html, '只对照此句', 'button');
    expect(sentences).toEqual(['只对照此句：草案第一条的第 1 句', '只对照此句：草案第一条的第 2 句']);
  });
});

describe('heading levels', () => {
  it('never skip a level in a statute\'s reader: its chapters h2, its articles h3', async () => {
    const html = (await request(app()).get('/doc/zj_statute').expect(200)).text;
    expect(skips(headingLevels(html))).toEqual([]);
    expect(html).toContain('<h2 class="reader-heading">第一章 总则');
    expect(html).toMatch(/<h3 class="reader-heading">第一条/);
  });

  it('run Title → Heading 1 in the desk\'s Word file, the tables of more than four places included', async () => {
    const extra = ['杭州市', '温州市', '绍兴市'].map((city, i) => ({
      meta: meta({ id: `extra${i}`, city, level: 'prefecture', title: `${city}制造业若干措施`, date: '2023-05-01' }),
      paragraphs: [{ text: `${city}支持企业建设工业互联网平台，对新认定的平台给予奖励。`, section: ['一、重点任务'] }],
    }));
    const engine = createFakeEngine([...FAKE_DOCUMENTS, ...extra]);
    const a = createApp({ engine: () => engine, analysis: () => engine.analysis(), logger: captureLog().logger });
    const res = await request(a).post('/api/draft?format=docx').send({ text: '(一)推进工业互联网。支持企业建设工业互联网平台，对新认定的平台给予最高300万元奖励。\n(二)鼓励首台(套)装备。对首台(套)重大技术装备给予保费补贴。' })
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    // Title as h1.title, then each Word heading level as its h level.
    const { value } = await mammoth.convertToHtml({ buffer: res.body as Buffer }, { styleMap: ["p[style-name='Title'] => h1.title:fresh"] });
    const outline = [...value.matchAll(/<h([1-6])( class="title")?>([^<]*)/g)].map((m) => `${m[2] ? 'Title' : `Heading${m[1]}`}:${m[3]!.slice(0, 7)}`);
    expect(outline).toEqual(['Title:条款对照表', 'Heading1:对照表 1/2', 'Heading1:对照表 2/2', 'Heading1:措施覆盖与缺口']);
  });
});
