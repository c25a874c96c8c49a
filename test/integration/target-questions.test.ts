/**
 * Questions about targets over the real seed index and the real model (issue 9, item 5): the API and the pages
 * surface each city's matching targets with their bases, nothing for other queries, and the matching holds its
 * measured quality on our own labeled questions (test/fixtures/target-questions-labeled.json).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type express from 'express';
import { analysisFor, targetQuestion, type Analyst, type TargetRow } from '../../src/analysis/index.js';
import { questionOutcomes } from '../../src/analysis/target-matching.js';
import { PROJECT_ROOT } from '../../src/config.js';
import type { CompareColumn, SearchResult } from '../../src/search/types.js';
import { createApp } from '../../src/server/app.js';
import { seedEngine } from '../helpers/seed-index.js';
import { parseCsv } from '../server/helpers.js';

const RD_QUESTION = '各地对企业研发投入强度设定了什么目标?';
type Column = CompareColumn & { targets: TargetRow[] };

let app: express.Express;
let analyst: Analyst;
let engine: Awaited<ReturnType<typeof seedEngine>>;

beforeAll(async () => {
  engine = await seedEngine();
  analyst = analysisFor(engine);
  app = createApp({ engine: () => engine, analysis: () => analyst, logger: pino({ level: 'silent' }) });
});

async function compare(q: string, params: Record<string, string> = {}): Promise<Map<string, Column>> {
  const res = await request(app).get('/api/compare').query({ q, ...params }).expect(200);
  return new Map((res.body.columns as Column[]).map((c) => [c.city, c]));
}

describe('the R&D-intensity question', () => {
  it('compare shows 昆山 4% of GDP and 平湖 2.2% of revenue, each in its column, and nothing where no city sets one', async () => {
    const columns = await compare(RD_QUESTION);
    const kunshan = columns.get('昆山市')!.targets;
    const pinghu = columns.get('平湖市')!.targets;
    expect(kunshan.some((t) => t.value === 4 && t.unit === '%' && t.base === 'GDP' && t.indicator.includes('研发投入'))).toBe(true);
    expect(pinghu.some((t) => t.value === 2.2 && t.unit === '%' && t.base === '营业收入' && t.indicator.includes('研发'))).toBe(true);
    // Neither the province's nor 青岛's plan sets an R&D-intensity target.
    expect(columns.get('江苏省')!.targets).toEqual([]);
    expect(columns.get('青岛市')!.targets).toEqual([]);
    for (const [city, c] of columns) {
      expect(c.targets.length, city).toBeLessThanOrEqual(3);
      for (const t of c.targets) {
        expect(t.doc.city).toBe(city);
        expect(t.indicator).toMatch(/研发/);
        expect(t.paragraphId.startsWith(`${t.doc.id}:p`)).toBe(true);
      }
      // The clauses are still there, as before.
      expect(c.results.length).toBeGreaterThan(0);
    }
  });

  it('search answers the same targets beside its results, cities in corpus order', async () => {
    const body = (await request(app).get('/api/search').query({ q: RD_QUESTION }).expect(200)).body as SearchResult & { targets: TargetRow[] };
    expect(body.results.length).toBe(10);
    expect([...new Set(body.targets.map((t) => t.doc.city))]).toEqual(['昆山市', '平湖市']);
    expect(new Set(body.targets.map((t) => t.base))).toEqual(new Set(['GDP', '营业收入']));
  });

  it('a city filter keeps only that city’s targets', async () => {
    const body = (await request(app).get('/api/search').query({ q: RD_QUESTION, city: '平湖市' }).expect(200)).body as { targets: TargetRow[] };
    expect(body.targets.length).toBeGreaterThan(0);
    expect(new Set(body.targets.map((t) => t.doc.city))).toEqual(new Set(['平湖市']));
  });

  it('the comparison CSV carries the targets as target rows with their clause’s section, bases and fields', async () => {
    const res = await request(app).get('/api/compare').query({ q: RD_QUESTION, format: 'csv' }).expect(200);
    const [header, ...all] = parseCsv(res.text);
    const col = (r: string[], name: string) => r[header!.indexOf(name)]!;
    const rows = all.filter((r) => col(r, 'role') === 'target');
    expect(rows.map((r) => r[0])).toEqual(expect.arrayContaining(['昆山市', '平湖市']));
    const kunshan = rows.find((r) => r[0] === '昆山市')!;
    expect(col(kunshan, 'text')).toContain('（基数：GDP）');
    expect([col(kunshan, 'base'), col(kunshan, 'unit')]).toEqual(['GDP', '%']);
    expect(col(rows.find((r) => r[0] === '平湖市')!, 'base')).toBe('营业收入');
    // Each is cited by its clause's section path, as the targets export cites it.
    for (const r of rows) {
      const id = decodeURIComponent(new URL(col(r, 'permalink')).pathname.slice(3));
      expect(col(r, 'section')).toBe(engine.paragraph(id, 0).paragraph.section.join(' › '));
      expect(col(r, 'indicator')).not.toBe('');
    }
    // Each with the page's 另见: the clauses of its document that state it again, as the targets export's restated_in
    // (平湖's 研发投入 targets are restated in its 附件: export audit 4, session 22).
    const json = (await request(app).get('/api/compare').query({ q: RD_QUESTION })).body as { columns: { targets: TargetRow[] }[] };
    const targets = json.columns.flatMap((c) => c.targets);
    const restated = (r: string[]) => col(r, 'restated_in').split('\n').filter(Boolean).map((l) => decodeURIComponent(new URL(l).pathname.slice(3)));
    expect(rows.map(restated)).toEqual(targets.map((t) => t.restatements.map((x) => x.paragraphId)));
    expect(rows.some((r) => col(r, 'restated_in') !== '')).toBe(true);
  });
});

describe('a place\'s own figure before its parts\'', () => {
  it('平湖\'s 全市 高价值发明专利拥有量 comes before its towns\' (the towns had filled its three places)', async () => {
    const rows = await analyst.questionTargets('平湖高价值发明专利拥有量目标是多少', {});
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]).toMatchObject({ indicator: '高价值发明专利拥有量', value: 953, scope: '全市' });
  });
});

describe('the query\'s expansions, when its own words answer nothing', () => {
  it('智能化改造 (no indicator says it) is answered through 智能工厂, 智能车间, 数字化改造 … as search expands it', async () => {
    const search = (await request(app).get('/api/search').query({ q: '各地智能化改造目标是多少' }).expect(200)).body as SearchResult & { targets: TargetRow[] };
    expect(search.expanded).toEqual(expect.arrayContaining(['智能工厂', '智能车间', '数字化改造']));
    const shown = search.targets.map((t) => `${t.doc.city}:${t.indicator}`);
    expect(shown).toEqual(expect.arrayContaining(['昆山市:示范智能车间', '平湖市:省级智能工厂', '青岛市:企业数字化改造']));
    for (const t of search.targets) expect(t.indicator, t.indicator).toMatch(/智能|数字化|未来工厂/);
    // The targets view finds them under the same words.
    const view = await analyst.targets({ q: '智能化改造' });
    expect(search.targets.every((t) => view.targets.some((v) => v.id === t.id))).toBe(true);
  });

  it('a question whose words answer is not widened to the thesaurus\'s other rungs (专精特新 → 单项冠军, 科技小巨人)', async () => {
    const rows = await analyst.questionTargets('专精特新企业要培育多少家');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((t) => /单项冠军|科技小巨人/.test(t.indicator)).map((t) => t.indicator)).toEqual([]);
  });
});

describe('/targets under a day in force', () => {
  it('has no column for a place with no document in force that day (in 2020: 江苏\'s 2018 opinion, and 青岛\'s undated plan)', async () => {
    const header = (html: string) => [...(/<tr><th scope="col">指标组<\/th>([\s\S]*?)<\/tr>/.exec(html)?.[1] ?? '').matchAll(/<th scope="col">([\s\S]*?)<\/th>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').trim());
    const all = header((await request(app).get('/targets').expect(200)).text);
    expect(all.length).toBe(4);
    const html = (await request(app).get('/targets').query({ in_force: '2020-01-01' }).expect(200)).text;
    const columns = header(html);
    expect(columns).toHaveLength(2);
    expect(columns.some((c) => c.includes('江苏省'))).toBe(true);
    expect(columns.some((c) => c.includes('青岛市'))).toBe(true);
  });
});

describe('a plan that names its period', () => {
  it('is not in force after it: 昆山\'s 行动计划(2023—2025年) in 2026, while 平湖\'s (2023—2027年) is', async () => {
    const ids = async (day: string) => ((await request(app).get('/api/documents').query({ in_force: day }).expect(200)).body.documents as { id: string }[]).map((d) => d.id);
    expect(await ids('2025-06-01')).toEqual(expect.arrayContaining(['004_76d2946b7ea30b47', '002_86af085e02e72586']));
    const later = await ids('2026-06-01');
    expect(later).toContain('002_86af085e02e72586');
    expect(later).not.toContain('004_76d2946b7ea30b47');
    // 至2025年 is a horizon, not a period: 昆山's 实施方案 stays.
    expect(later).toContain('000_dcbe0bbe788de573');
    expect((await request(app).get('/docs').expect(200)).text).toContain('规划期至 2025-12-31（已结束）');
  });
});

describe('/matrix under dates', () => {
  it('counts the undated documents it leaves out among the chosen places only (青岛\'s undated plan, not under 昆山)', async () => {
    expect((await request(app).get('/matrix').query({ until: '2023' }).expect(200)).text).toContain('另有 1 份文件未标日期，不计入');
    expect((await request(app).get('/matrix').query({ until: '2023', city: '昆山市' }).expect(200)).text).not.toContain('份文件未标日期，不计入');
  });
});

describe('queries that do not ask for targets get none', () => {
  for (const q of ['专精特新', '如何支持企业开展数字化改造', '首台(套)保险补偿', '对新认定的专精特新小巨人企业奖励多少']) {
    it(q, async () => {
      const search = (await request(app).get('/api/search').query({ q }).expect(200)).body as { targets: TargetRow[] };
      expect(search.targets).toEqual([]);
      for (const c of (await compare(q)).values()) expect(c.targets).toEqual([]);
    });
  }

  it('a question about targets no seed document sets gets none (森林覆盖率)', async () => {
    expect(targetQuestion('森林覆盖率要达到多少')).not.toBeNull();
    const body = (await request(app).get('/api/search').query({ q: '森林覆盖率要达到多少' }).expect(200)).body as { targets: TargetRow[] };
    expect(body.targets).toEqual([]);
  });
});

describe('pages', () => {
  it('/compare shows each city’s targets above its clauses, with value, base, year and a link to the clause', async () => {
    const res = await request(app).get('/compare').query({ q: RD_QUESTION }).expect(200);
    const columns = new Map(
      res.text
        .split(/(?=<section class="column)/)
        .slice(1)
        .map((p) => [/data-city="([^"]+)"/.exec(p)![1]!, p]),
    );
    const kunshan = columns.get('昆山市')!;
    expect(kunshan).toContain('<strong class="value">4%</strong> <span class="target-base">占GDP</span>');
    expect(kunshan).toMatch(/href="\/p\/000_dcbe0bbe788de573:p\d{4}\?h=[0-9a-z]+"[^>]*>条款<\/a>/);
    expect(kunshan.indexOf('question-targets')).toBeLessThan(kunshan.indexOf('<ol class="hits">'));
    expect(columns.get('平湖市')!).toContain('<span class="target-base">占营业收入</span>');
    expect(columns.get('青岛市')!).not.toContain('question-targets');
  });

  it('/ shows the targets table above the clauses; a keyword search shows none', async () => {
    const html = (await request(app).get('/').query({ q: RD_QUESTION }).expect(200)).text;
    const table = /<section class="question-targets"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    expect(table).toContain('<td>占GDP</td>');
    expect(table).toContain('<td>占营业收入</td>');
    expect(html.indexOf('question-targets')).toBeLessThan(html.indexOf('<ol class="hits">'));
    expect((await request(app).get('/').query({ q: '专精特新' }).expect(200)).text).not.toContain('question-targets');
  });
});

describe('matching quality on our own labeled questions (floors under what was measured)', () => {
  const labels = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test', 'fixtures', 'target-questions-labeled.json'), 'utf8')) as {
    questions: { q: string; relevant: string[] }[];
  };

  it('every labeled question is read as a question about targets', () => {
    for (const q of labels.questions) expect(targetQuestion(q.q)?.topic, q.q).toBeTruthy();
  });

  it('shown targets answer the question (≥ 0.90, measured 0.96); cities with an answer get one (≥ 0.80, measured 0.875); unanswerable questions get nothing', async () => {
    const data = await analyst.loadTargets();
    const outcomes = await questionOutcomes(labels.questions, (q) => analyst.questionTargets(q), data.rows);
    const shown = outcomes.reduce((n, o) => n + o.rows.length, 0);
    const answering = outcomes.reduce((n, o) => n + o.rows.filter((r) => o.relevant.has(r.indicator)).length, 0);
    const withAnswer = outcomes.reduce((n, o) => n + o.cities.length, 0);
    const answered = outcomes.reduce((n, o) => n + o.answered.length, 0);
    const unanswerableShown = outcomes.filter((o) => o.relevant.size === 0 && o.rows.length).map((o) => o.q);
    expect(answering / shown).toBeGreaterThanOrEqual(0.9);
    expect(answered / withAnswer).toBeGreaterThanOrEqual(0.8);
    expect(unanswerableShown).toEqual([]);
  });
});
