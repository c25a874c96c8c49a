/**
 * The drafting desk with the real model over the real seed index: a draft of our own (clauses written for this test,
 * one of them lifting a sentence of Jiangsu's 2018 opinion word for word) through POST /api/draft as JSON and as an
 * uploaded .docx made here, checked for precedents, reuse, targets beside other cities' (bases shown), coverage and
 * gaps, and the Word export read back.
 */
import { Document, Packer, Paragraph } from 'docx';
import mammoth from 'mammoth';
import { pino } from 'pino';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type express from 'express';
import { analysisFor, REUSE_THRESHOLD } from '../../src/analysis/index.js';
import type { DraftReport } from '../../src/analysis/types.js';
import { createApp } from '../../src/server/app.js';
import { LIFTED, OWN_DRAFT } from '../helpers/own-draft.js';
import { seedEngine } from '../helpers/seed-index.js';

let app: express.Express;
let report: DraftReport;

beforeAll(async () => {
  const engine = await seedEngine();
  app = createApp({ engine: () => engine, analysis: () => analysisFor(engine), logger: pino({ level: 'silent' }) });
  report = (await request(app).post('/api/draft').send({ text: OWN_DRAFT }).expect(200)).body as DraftReport;
});

const clause = (start: string) => report.clauses.find((c) => c.text.startsWith(start))!;

describe('the drafting desk over the seed index', () => {
  it('cuts the draft into its clauses, each with a column per seed city', () => {
    expect(report.summary).toMatchObject({ source: 'text', clauses: 5, cities: ['昆山市', '江苏省', '平湖市', '青岛市'] });
    expect(report.summary.title).toBe('某市关于加快制造业高质量发展的若干政策措施（征求意见稿）');
    expect(clause('(三)').section).toEqual(['二、主要措施', '(三)支持首台(套)推广应用']);
    for (const c of report.clauses) expect(c.precedents.map((p) => p.city)).toEqual(report.summary.cities);
  });

  it('finds Jiangsu’s clause holding the lifted sentence among its precedents, with the shared wording highlighted', () => {
    const c = clause('(三)');
    const jiangsu = c.precedents.find((p) => p.city === '江苏省')!;
    expect(jiangsu.weak).toBe(false);
    // Ranked as "similar" ranks (not re-ranked by the desk): in its city's top 3, not always first.
    const best = jiangsu.results.find((h) => h.text.includes(LIFTED))!;
    expect(best).toBeDefined();
    expect(best.shared.phrases.join('')).toContain('优先采购首台(套)重大装备及关键零部件等自主新产品');
    const [s, e] = best.highlights.find(([x, y]) => best.text.slice(x, y).includes('首台(套)重大装备'))!;
    expect(best.text.slice(s, e)).toContain('首台(套)重大装备');
  });

  it('flags the lifted sentence as reuse of Jiangsu’s 2018 opinion, with its section, date and share', () => {
    const c = clause('(三)');
    expect(c.reuse.length).toBeGreaterThanOrEqual(1);
    const first = c.reuse.find((r) => r.first)!;
    expect(first.doc.city).toBe('江苏省');
    expect(first.date).toBe('2018-06-25');
    expect(first.section.length).toBeGreaterThan(0);
    expect(first.share).toBeGreaterThanOrEqual(REUSE_THRESHOLD);
    // Clauses written for this test repeat nobody.
    for (const other of report.clauses.filter((x) => x !== c)) expect(other.reuse).toEqual([]);
  });

  it('puts the draft’s R&D target beside Kunshan’s (share of GDP) and Pinghu’s (share of revenue), bases shown', () => {
    const c = clause('到2027年');
    const rd = c.parameters.targets.find((t) => t.draft.indicator.includes('研发'))!;
    expect(rd.draft).toMatchObject({ value: 3, unit: '%', base: '营业收入' });
    expect(rd.group).not.toBeNull();
    const byCity = new Map(rd.cities.map((x) => [x.city, x.targets]));
    expect(byCity.get('昆山市')?.some((t) => t.value === 4 && t.base === 'GDP')).toBe(true);
    expect(byCity.get('平湖市')?.some((t) => t.value === 2.2 && /营业收入/.test(t.base ?? ''))).toBe(true);
  });

  it('reads money after 亩均 as per mu: 亩均税收达到30万元 sits beside Pinghu’s 规上工业亩均税收 35万元/亩', async () => {
    // Drafters write 万元 where 亩均 already says per mu; read as money, the target found 各地没有同类指标 (twentieth
    // session's drafter audit, finding 4).
    const body = (await request(app).post('/api/draft').send({ text: '一、到2027年，全市工业用地亩均税收达到30万元以上，规上工业亩均增加值达到200万元。' }).expect(200)).body as DraftReport;
    const targets = body.clauses.flatMap((c) => c.parameters.targets);
    const tax = targets.find((t) => t.draft.indicator.includes('亩均税收'))!;
    expect(tax.draft).toMatchObject({ value: 30, unit: '万元' });
    expect(tax.group).not.toBeNull();
    const pinghu = tax.cities.find((x) => x.city === '平湖市')?.targets ?? [];
    expect(pinghu.some((t) => t.indicator === '规上工业亩均税收' && t.value === 35 && t.unit === '万元/亩')).toBe(true);
    const added = targets.find((t) => t.draft.indicator.includes('亩均增加值'))!;
    expect(added.cities.find((x) => x.city === '平湖市')?.targets.some((t) => t.indicator.includes('亩均增加值'))).toBe(true);
  });

  it('puts a share written with its base beside Kunshan’s 数字经济核心产业占比, though Pinghu writes its core as money', async () => {
    // 数字经济核心产业增加值 is Pinghu's 亿元 indicator as written, so its core was taken as known and never embedded,
    // and the exact match, of another unit kind, was all it was compared with: 各地没有同类指标, while the shorter
    // 数字经济核心产业占比 found Kunshan's 25% (twenty-first session's drafter audit, finding 2).
    const body = (await request(app).post('/api/draft').send({ text: '一、到2027年，全市数字经济核心产业增加值占地区生产总值比重达到15%以上。' }).expect(200)).body as DraftReport;
    const share = body.clauses.flatMap((c) => c.parameters.targets).find((t) => t.draft.indicator.includes('数字经济'))!;
    expect(share.draft).toMatchObject({ value: 15, unit: '%', base: '地区生产总值' });
    expect(share.group).not.toBeNull();
    expect(share.cities.find((x) => x.city === '昆山市')?.targets.some((t) => t.indicator === '数字经济核心产业占比' && t.value === 25)).toBe(true);
  });

  it('names a clause that holds a gap’s seed term under the bar beside the gap, with its score, and does not count it', async () => {
    // 上云 is a seed term of 工业互联网; the clause scores under the bar, so the measure stays a gap, but the gap says
    // which clause names it and by how much it falls short (twenty-first session's drafter audit, finding 6).
    const body = (await request(app).post('/api/draft').send({ text: '一、推动中小企业上云用云。对中小企业购买云服务的，按实际服务费用的50%给予补贴，单家企业年度补贴不超过20万元。' }).expect(200)).body as DraftReport;
    expect(body.coverage.map((c) => c.measure.id)).not.toContain('industrial-internet');
    const gap = body.gaps.find((g) => g.measure.id === 'industrial-internet')!;
    expect(gap.nearMisses).toHaveLength(1);
    expect(gap.nearMisses[0]).toMatchObject({ n: 1, terms: ['上云'], threshold: 2.25 });
    expect(gap.nearMisses[0]!.score).toBeLessThan(2.25);
    // Named as the draft numbers it, as every other cross-reference of the desk: quoted, 「一、」, since 草案一、（上云…）
    // read as a list running on.
    expect(body.clauses[0]!.label).toBe('「一、」');
    expect(gap.note).toContain(`草案「一、」（上云，得分 ${gap.nearMisses[0]!.score.toFixed(2)}）含这项措施的种子词`);
  });

  it('sets the draft’s numbers against each city’s best precedent, row by row', () => {
    const c = clause('(二)');
    const kunshan = c.parameters.precedents.find((p) => p.city === '昆山市')!;
    const amounts = kunshan.rows.find((r) => r.key === 'amounts')!;
    expect(amounts.a.map((v) => v.text)).toEqual(expect.arrayContaining(['10%', '200万元']));
    const instruments = kunshan.rows.find((r) => r.key === 'instruments')!;
    expect(instruments.a.length).toBeGreaterThan(0);
  });

  it('reports the measures the draft covers and the gaps two or more cities fill, with their best clauses', () => {
    const covered = new Map(report.coverage.map((c) => [c.measure.id, c.draft]));
    expect(covered.get('talent')).toContain(clause('(四)').n);
    for (const g of report.gaps) {
      expect(covered.has(g.measure.id)).toBe(false);
      expect(g.cities.length).toBeGreaterThanOrEqual(2);
    }
    // A short draft lacks much of what the seed cities share: green and low-carbon manufacturing, say.
    expect(report.gaps.map((g) => g.measure.id)).toContain('green-low-carbon');
    const green = report.gaps.find((g) => g.measure.id === 'green-low-carbon')!;
    expect(green.cities.every((c) => c.best.snippet.length > 0 && c.count > 0)).toBe(true);
  });

  it('says which draft clauses already offer money beside a 财政奖补 gap, so the drafter is not told to add what they have', () => {
    // Every clause but the target one grants 奖励, 补助 or 补贴, yet none is about fiscal support as a measure.
    const fiscal = report.gaps.find((g) => g.measure.id === 'fiscal-tax');
    expect(fiscal, 'the seed cities share 财政奖补 and this draft has no clause about it').toBeDefined();
    const granting = ['(一)', '(二)', '(三)', '(四)'].map((s) => clause(s).n);
    expect([...new Set(fiscal!.usedIn.map((u) => u.n))].sort()).toEqual(granting.sort());
    expect(fiscal!.usedIn.every((u) => u.instrument === '资金奖补')).toBe(true);
    expect(fiscal!.note).toContain('资金奖补');
    expect(fiscal!.note).toContain('补贴');
    // A gap whose instruments the draft does not use says nothing.
    expect(report.gaps.find((g) => g.measure.id === 'green-low-carbon')!.note).toBeNull();
  });

  it('reads the same draft from an uploaded .docx, and exports the Word table: a row per clause, a column per city', async () => {
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: OWN_DRAFT.split('\n').map((t) => new Paragraph(t)) }] }));
    const fromFile = (await request(app).post('/api/draft').attach('file', docx, 'draft.docx').expect(200)).body as DraftReport;
    expect(fromFile.clauses.map((c) => c.text)).toEqual(report.clauses.map((c) => c.text));
    expect(fromFile.clauses.map((c) => c.precedents.map((p) => p.results[0]?.id))).toEqual(report.clauses.map((c) => c.precedents.map((p) => p.results[0]?.id)));

    const res = await request(app)
      .post('/api/draft?format=docx')
      .attach('file', docx, 'draft.docx')
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const { value: html } = await mammoth.convertToHtml({ buffer: res.body as Buffer });
    const table = /<table>([\s\S]*?)<\/table>/.exec(html)![1]!;
    const rows = [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].length);
    expect(rows).toEqual(Array(report.clauses.length + 1).fill(report.summary.cities.length + 2));
    // The notes give each place's targets with what they measure, as the screen does.
    const withTargets = report.clauses.find((c) => c.parameters.targets.some((t) => t.cities.length > 0))!;
    const place = withTargets.parameters.targets.find((t) => t.cities.length > 0)!.cities[0]!;
    expect(html.replace(/<[^>]+>/g, '')).toContain(`${place.city} ${place.targets.find((x) => !x.scope)?.indicator ?? place.targets[0]!.indicator} `);
    // The gap's note on the clauses that already offer money, as the page shows it.
    expect(html).toContain(report.gaps.find((g) => g.measure.id === 'fiscal-tax')!.note!);
  });

  it('shows the 财政奖补 gap’s note on the page and in the CSV', async () => {
    const note = report.gaps.find((g) => g.measure.id === 'fiscal-tax')!.note!;
    const page = await request(app).post('/draft').type('form').send({ text: OWN_DRAFT }).expect(200);
    expect(page.text).toContain(`<p class="gap-note">${note}</p>`);
    const csv = await request(app).post('/api/draft?format=csv').send({ text: OWN_DRAFT }).expect(200);
    expect(csv.text.split('\n').filter((l) => l.includes(',gap,') && l.includes(note)).length).toBe(
      report.gaps.find((g) => g.measure.id === 'fiscal-tax')!.cities.length,
    );
  });
});

describe('the drafting desk with a date range, over the seed index', () => {
  it('compares with the documents dated within it: since 2023 leaves out Jiangsu’s 2018 opinion and Qingdao’s undated plan', async () => {
    const recent = (await request(app).post('/api/draft').send({ text: OWN_DRAFT, since: '2023' }).expect(200)).body as DraftReport;
    // Jiangsu's only seed document is dated 2018 and Qingdao's is undated: neither place has a column.
    expect(recent.summary).toMatchObject({ cities: ['昆山市', '平湖市'], dates: { since: '2023-01-01', until: null } });
    expect(recent.summary.documents).toBeLessThan(report.summary.documents);
    const dated = (h: { doc: { date: string | null } }) => h.doc.date !== null && h.doc.date >= '2023';
    for (const c of recent.clauses) {
      expect(c.precedents.map((p) => p.city)).toEqual(['昆山市', '平湖市']);
      for (const p of c.precedents) for (const h of p.results) expect(dated(h), `${p.city}: ${h.doc.date}`).toBe(true);
      for (const t of c.parameters.targets) for (const x of t.cities) expect(['昆山市', '平湖市']).toContain(x.city);
    }
    // The lifted sentence's source is outside the range, so it is no precedent and no reuse is flagged.
    const lifted = recent.clauses.find((c) => c.text.startsWith('(三)'))!;
    expect(lifted.reuse).toEqual([]);
    expect(lifted.precedents.flatMap((p) => p.results).some((h) => h.text.includes(LIFTED))).toBe(false);
    // Kunshan's and Pinghu's R&D targets are still beside the draft's.
    const rd = recent.clauses.find((c) => c.text.startsWith('到2027年'))!.parameters.targets.find((t) => t.draft.indicator.includes('研发'))!;
    expect(rd.cities.map((x) => x.city).sort()).toEqual(['平湖市', '昆山市']);
    for (const g of recent.gaps) expect(g.cities.every((x) => x.city === '昆山市' || x.city === '平湖市')).toBe(true);

    // Until 2018, Jiangsu's opinion is the only document: its clause is the lifted one's precedent, flagged as reuse.
    const old = (await request(app).post('/api/draft').send({ text: OWN_DRAFT, until: '2018' }).expect(200)).body as DraftReport;
    expect(old.summary).toMatchObject({ cities: ['江苏省'], documents: 1 });
    expect(old.clauses.find((c) => c.text.startsWith('(三)'))!.reuse[0]?.doc.city).toBe('江苏省');
  });
});

describe('the drafting desk with chosen places, over the seed index', () => {
  it('compares with Jiangsu’s places only when asked for the group, and keeps the lifted sentence’s reuse', async () => {
    const jiangsu = (await request(app).post('/api/draft').send({ text: OWN_DRAFT, group: 'province:江苏省' }).expect(200)).body as DraftReport;
    expect(jiangsu.summary).toMatchObject({ cities: ['昆山市', '江苏省'], chosen: true });
    for (const c of jiangsu.clauses) expect(c.precedents.map((p) => p.city)).toEqual(['昆山市', '江苏省']);
    expect(jiangsu.clauses.find((c) => c.text.startsWith('(三)'))!.reuse[0]?.doc.city).toBe('江苏省');
    const rd = jiangsu.clauses.find((c) => c.text.startsWith('到2027年'))!.parameters.targets.find((t) => t.draft.indicator.includes('研发'))!;
    expect(rd.cities.map((x) => x.city)).toEqual(['昆山市']);
    for (const g of jiangsu.gaps) expect(g.cities.every((x) => x.city === '昆山市' || x.city === '江苏省')).toBe(true);
  });
});

describe('numbered lines of a draft, over the seed index (s20 drafter audit, findings 2 and 3)', () => {
  it('compares a one-sentence target with items under it, and reads its targets without the item numbers, 每年 kept', async () => {
    const text = [
      '某县支持科技企业孵化的若干措施',
      '（一）孵化载体',
      '1.新增省级以上科技企业孵化器5家。',
      '（1）对新认定的国家级科技企业孵化器给予最高100万元奖励。',
      '（二）每年筹集人才公寓不少于500套。',
      '①对青年人才给予每月最高1500元租房补贴。',
    ].join('\n');
    const body = (await request(app).post('/api/draft').send({ text }).expect(200)).body as DraftReport;
    expect(body.clauses.map((c) => c.text.slice(0, 6))).toEqual(['1.新增省级', '（1）对新认', '（二）每年筹', '①对青年人才']);
    const targets = body.clauses.flatMap((c) => c.parameters.draft.targets.map((t) => [t.indicator, t.value, t.unit, t.qualifier]));
    expect(targets).toEqual([
      ['省级以上科技企业孵化器', 5, '家', '新增'],
      ['筹集人才公寓', 500, '套', '每年 不少于'],
    ]);
  });
});
