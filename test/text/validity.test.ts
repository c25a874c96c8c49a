/**
 * A document's validity (施行日期, 有效期) read from its own closing clause; the clauses are written after those of
 * ../shared/external (天河's 第十三条, G60's closing measure, 烟台's 第三十条, 四川's PDF, 杭州's 全年有效).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { openIndex } from '../../src/index/reader.js';
import { Engine } from '../../src/search/engine.js';
import { analysisFor } from '../../src/analysis/index.js';
import { bundledPolicies, cardValidity, documentEnd, documentInForce, documentPlanEnd, documentStatus, inForceOn, readValidity } from '../../src/text/validity.js';
import { createRuntimeFakeEmbedder } from '../helpers/fake-embedder.js';
import { policyText, writeCorpus } from '../helpers/policy-corpus.js';

const read = (clause: string, issued: string | null = null) => {
  const { effective, expires } = readValidity([clause], issued);
  return [effective, expires];
};

describe('readValidity', () => {
  it('reads the day it takes effect and its last day, from a date, a span of years or an end day', () => {
    expect(read('第十三条 本办法自2023年9月8日起施行，有效期3年。本办法有效期满而相关扶持资金应当支付而尚未支付完毕的，应继续执行至全部完毕。')).toEqual(['2023-09-08', '2026-09-07']);
    expect(read('本措施自2026年1月1日起实施，有效期至2030年12月31日。')).toEqual(['2026-01-01', '2030-12-31']);
    expect(read('第三十条 本条例自2020年3月1日起施行。')).toEqual(['2020-03-01', null]);
    expect(read('本文件自 2025 年 5 月 1 日起施行，有效期至 2027 年 12 月 31日。')).toEqual(['2025-05-01', '2027-12-31']);
    expect(read('本意见自2024年2月29日起施行，有效期为五年。')).toEqual(['2024-02-29', '2029-02-28']);
    expect(read('本文件明确的各项政策除标明具体实施期限外，均为2024年全年有效。')).toEqual(['2024-01-01', '2024-12-31']);
  });

  it('takes 自印发之日起施行 as the document\'s own date, when it has a day', () => {
    expect(read('本意见自印发之日起施行。', '2023-06-01')).toEqual(['2023-06-01', null]);
    expect(read('本意见自印发之日起施行。', '2023-06')).toEqual([null, null]);
    expect(read('本办法自发布之日起施行，有效期2年。', '2023-06-01')).toEqual(['2023-06-01', '2025-05-31']);
  });

  it('does not take the 有效期 of a licence or a designation for the document\'s', () => {
    expect(read('无异议后，由市经济和信息化局正式发文并进行签约授牌，签约授牌有效期为三年。')).toEqual([null, null]);
    expect(read('特色园自纳入体系之日起有效期为 3 年，期满后需重新申报。')).toEqual([null, null]);
    expect(read('对认定的企业自认定之日起给予三年支持，2024年1月1日起实施认定。')).toEqual([null, null]);
    expect(read('本办法自2023年2月30日起施行。')).toEqual([null, null]);
  });

  it('says whether a document is in force on a day, and null when it says nothing', () => {
    const v = readValidity(['本办法自2023年9月8日起施行，有效期3年。'], null);
    expect([inForceOn(v, '2023-09-07'), inForceOn(v, '2023-09-08'), inForceOn(v, '2026-09-07'), inForceOn(v, '2026-09-08')]).toEqual([false, true, true, false]);
    expect(inForceOn(readValidity(['推进园区建设。'], null), '2024-01-01')).toBeNull();
  });

  it('reads a compendium card\'s 时间/频度: its start, and its end from a span or a day', () => {
    const v = (text: string) => {
      const { effective, expires } = cardValidity([text]);
      return [effective, expires];
    };
    expect(v('时间/频度：2022年8月11日起，有效期3年')).toEqual(['2022-08-11', '2025-08-10']);
    expect(v('时间/频度：从2022年9月起，有效期三年')).toEqual(['2022-09-01', '2025-08-31']);
    expect(v('时间/频度：2023年1月1日起，有效期至2025年12月31日')).toEqual(['2023-01-01', '2025-12-31']);
    // Beijing's cards also write a day after 起至, or a span of years (nineteenth session's verifying audit: these cards
    // stayed in force after they ran out).
    expect(v('时间/频度：2023年10月11日起至2025年12月31日止')).toEqual(['2023-10-11', '2025-12-31']);
    expect(v('时间/频度：从2019年6月1日起至2025年12月31日。')).toEqual(['2019-06-01', '2025-12-31']);
    expect(v('时间/频度：从2022年7月5日起，在2022-2024年内有效')).toEqual(['2022-07-05', '2024-12-31']);
    expect(v('时间/频度：每年一至三次')).toEqual([null, null]);
    expect(v('时间/频度：2022年8月26日起，2025年失效。')).toEqual(['2022-08-26', '2025-12-31']);
    expect(v('时间/频度：2022年8月26日起，2025年7月1日失效。')).toEqual(['2022-08-26', '2025-06-30']);
    // A start alone says when it runs from, not that it runs out; a frequency says neither.
    expect(v('时间/频度：从2023年9月起')).toEqual([null, null]);
    expect(v('时间/频度：每年3月左右')).toEqual([null, null]);
  });

  it('keeps a document that states no validity only from the day it was written (a partial date from its first day)', () => {
    const unstated = { effectiveDate: null, expiryDate: null };
    expect(documentInForce({ ...unstated, date: '2025-03-01' }, '2025-02-28')).toBe(false);
    expect(documentInForce({ ...unstated, date: '2025-03-01' }, '2025-03-01')).toBe(true);
    expect(documentInForce({ ...unstated, date: '2025-03' }, '2025-02-28')).toBe(false);
    expect(documentInForce({ ...unstated, date: '2025-03' }, '2025-03-01')).toBe(true);
    expect(documentInForce({ ...unstated, date: '2025' }, '2024-12-31')).toBe(false);
    expect(documentInForce({ ...unstated, date: '2025' }, '2025-01-01')).toBe(true);
    expect(documentInForce({ ...unstated, date: null }, '2000-01-01')).toBe(true);
    // A stated day of taking effect decides, whatever the date: a regulation adopted in 2019 to apply from 2020.
    expect(documentInForce({ date: '2019-11-29', effectiveDate: '2020-03-01', expiryDate: null }, '2020-03-01')).toBe(true);
    expect(documentInForce({ date: '2019-11-29', effectiveDate: '2020-03-01', expiryDate: null }, '2020-02-29')).toBe(false);
    // A plan that names its period and states no validity ends with it; a horizon alone (至2025年) is no period.
    expect(documentInForce({ ...unstated, date: '2023-02', planPeriod: '2023—2025年' }, '2025-12-31')).toBe(true);
    expect(documentInForce({ ...unstated, date: '2023-02', planPeriod: '2023—2025年' }, '2026-01-01')).toBe(false);
    expect(documentInForce({ ...unstated, date: '2023-12-29', planPeriod: '至2025年(“十四五”末)' }, '2026-06-01')).toBe(true);
    expect(documentInForce({ date: '2023-02', effectiveDate: null, expiryDate: '2030-12-31', planPeriod: '2023—2025年' }, '2026-06-01')).toBe(true);
    // An end alone: not in force after it, nor before the document was written.
    expect(documentInForce({ date: '2024-06-01', effectiveDate: null, expiryDate: '2026-12-31' }, '2027-01-01')).toBe(false);
    expect(documentInForce({ date: '2024-06-01', effectiveDate: null, expiryDate: '2026-12-31' }, '2024-05-31')).toBe(false);
  });
});

/**
 * A notice that issues two policies in one file, one of them for a period: 安徽's (../shared/external) 支持工业互联网发展若干政策
 * sets no end (本政策自2021年开始执行) beside a 行动计划 for 2021—2023. /docs had marked the whole notice 规划期至
 * 2023-12-31（已结束）, and `in_force` had left it out whole (twenty-first session's verifying audit).
 */
describe('a plan period that covers part of a document', () => {
  const ANHUI = '支持工业互联网发展若干政策和安徽省工业互联网创新发展行动计划(2021—2023年)';
  const unstated = { date: '2021-09-02', effectiveDate: null, expiryDate: null };

  it('reads the policies a title issues together, each with its own period', () => {
    expect(bundledPolicies(ANHUI)).toEqual([
      { title: '支持工业互联网发展若干政策', end: null },
      { title: '安徽省工业互联网创新发展行动计划(2021—2023年)', end: '2023-12-31' },
    ]);
    expect(bundledPolicies('《A市数字经济行动计划（2023-2025年）》《A市人工智能产业实施方案（2024-2026年）》').map((p) => p.end)).toEqual(['2025-12-31', '2026-12-31']);
    // One policy: a 和 inside its subject, a kind word alone, a 关于… title, a plain plan.
    for (const title of ['制造业和服务业融合发展实施方案(2023—2025年)', '支持企业发展的若干政策和措施(2023-2025年)', '关于加强政策和资金支持的意见(2023—2025年)', '平湖市先进制造业集群培育工程实施方案(2023—2027年)', null])
      expect(bundledPolicies(title), String(title)).toEqual([]);
  });

  it('gives the document an end only when its period covers every part, and says so in the status', () => {
    expect(documentPlanEnd({ title: ANHUI, planPeriod: '2021–2023' })).toBeNull();
    expect(documentPlanEnd({ title: '平湖市先进制造业集群培育工程实施方案(2023—2027年)', planPeriod: '2023–2027' })).toBe('2027-12-31');
    // Every part names one: the last to end. No part names one (the period came from the notice or a manifest): the document's.
    expect(documentPlanEnd({ title: 'A市数字经济行动计划(2023—2025年)和A市人工智能产业实施方案(2024—2026年)', planPeriod: '2023–2025' })).toBe('2026-12-31');
    expect(documentPlanEnd({ title: 'A市数字经济行动计划和A市人工智能产业实施方案', planPeriod: '2023–2025' })).toBe('2025-12-31');
    const anhui = { ...unstated, title: ANHUI, planPeriod: '2021–2023' };
    expect(documentEnd(anhui)).toBeNull();
    expect(documentStatus(anhui, '2026-01-05')).toBeNull();
    expect(documentInForce(anhui, '2026-01-05')).toBe(true);
    // The 行动计划 alone ends with its period.
    const plan = { ...unstated, title: '安徽省工业互联网创新发展行动计划(2021—2023年)', planPeriod: '2021–2023' };
    expect(documentEnd(plan)).toBe('2023-12-31');
    expect(documentStatus(plan, '2023-12-31')).toBe('in-force');
    expect(documentStatus(plan, '2024-01-01')).toBe('plan-ended');
    expect(documentInForce(plan, '2024-01-01')).toBe(false);
  });

  it('names a document\'s standing as /docs does, one rule with in_force', () => {
    const stated = { date: '2023-08-09', effectiveDate: '2023-09-08', expiryDate: '2026-09-07' };
    expect([documentEnd(stated), documentStatus(stated, '2023-09-07'), documentStatus(stated, '2023-09-08'), documentStatus(stated, '2026-09-08')]).toEqual(['2026-09-07', 'not-yet-in-force', 'in-force', 'expired']);
    // A start alone has no end; a plan period does not end a document that states its own validity.
    expect([documentEnd({ ...stated, expiryDate: null }), documentStatus({ ...stated, expiryDate: null }, '2030-01-01')]).toEqual([null, 'in-force']);
    expect(documentEnd({ ...stated, expiryDate: null, planPeriod: '2023—2025年' })).toBeNull();
    expect(documentStatus({ date: '2023-02', effectiveDate: null, expiryDate: null }, '2030-01-01')).toBeNull();
    for (const d of [stated, { ...stated, effectiveDate: null }, { ...unstated, planPeriod: '2021—2023年' }, { ...unstated, title: ANHUI, planPeriod: '2021–2023' }])
      for (const day of ['2021-01-01', '2023-09-08', '2024-01-01', '2027-01-01']) {
        const status = documentStatus(d, day);
        if (status !== null && status !== 'in-force') expect(documentInForce(d, day), `${JSON.stringify(d)} ${day}`).toBe(false);
      }
  });
});

describe('the engine gives each document its validity', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('from its last clauses, in /api/documents\' summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pl-validity-'));
    dirs.push(dir);
    const input = writeCorpus(join(dir, 'in'), {
      'jiaxing.txt': `${policyText('嘉兴市', 4)}\n到2025年，全市专精特新企业达到100家。\n本办法自2023年9月8日起施行，有效期3年。\n`,
      'wuxi.txt': `${policyText('无锡市', 4)}\n到2025年，全市专精特新企业达到200家。\n`,
      'changzhou.txt': `${policyText('常州市', 4)}\n到2027年，全市专精特新企业达到300家。\n常州市人民政府\n2025年3月1日\n`,
    });
    await buildIndex({ inputs: [input], out: join(dir, 'out'), embedder: createRuntimeFakeEmbedder() });
    const engine = new Engine(openIndex(join(dir, 'out')), createRuntimeFakeEmbedder());
    const byId = new Map(engine.corpus().documents.map((d) => [d.id, d]));
    expect(byId.get('jiaxing')).toMatchObject({ effectiveDate: '2023-09-08', expiryDate: '2026-09-07' });
    expect(byId.get('wuxi')).toMatchObject({ effectiveDate: null, expiryDate: null });
    expect(byId.get('changzhou')).toMatchObject({ date: '2025-03-01', effectiveDate: null, expiryDate: null });
    // Only documents in force on a day: the expired one goes, one that states nothing stays from the day it was
    // written (常州, written 2025-03-01), and wuxi, undated, always stays.
    const cities = async (inForce?: string) => {
      const r = await engine.search('专精特新企业', { mode: 'keyword', k: 50, ...(inForce ? { inForce } : {}) });
      return [...new Set(r.results.map((h) => h.doc.city))].sort();
    };
    expect(await cities()).toEqual(['嘉兴市', '常州市', '无锡市']);
    expect(await cities('2024-01-01')).toEqual(['嘉兴市', '无锡市']);
    expect(await cities('2027-01-01')).toEqual(['常州市', '无锡市']);
    expect(await cities('2023-09-07')).toEqual(['无锡市']);
    const compared = await engine.compare('专精特新企业', { mode: 'keyword', k: 3, inForce: '2027-01-01' });
    expect(compared.columns.map((c) => c.city).sort()).toEqual(['常州市', '无锡市']);
    // The analyst views read the same validity: targets and the matrix of an expired document go.
    const analyst = analysisFor(engine);
    const targetCities = async (inForce?: string) => [...new Set((await analyst.targets(inForce ? { inForce } : {})).targets.map((t) => t.doc.city))].sort();
    expect(await targetCities()).toEqual(['嘉兴市', '常州市', '无锡市']);
    expect(await targetCities('2024-01-01')).toEqual(['嘉兴市', '无锡市']);
    expect(await targetCities('2027-01-01')).toEqual(['常州市', '无锡市']);
    expect([...(await analyst.matrix({ inForce: '2024-01-01' })).cities].sort()).toEqual(['嘉兴市', '无锡市']);
    expect([...(await analyst.matrix({ inForce: '2027-01-01' })).cities].sort()).toEqual(['常州市', '无锡市']);
    expect([...(await analyst.matrix()).cities].sort()).toEqual(['嘉兴市', '常州市', '无锡市']);
  });
});
