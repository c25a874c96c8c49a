/**
 * The text stage over the five seed documents (seeds/*.txt), checked against facts a reader can verify in the
 * files, and against every anchor of the dev relevance set (../shared/eval/dev.json). Then properties of
 * parseDocument on any text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonical } from '../../src/text/normalize.js';
import { parseDocument } from '../../src/text/parse-document.js';
import type { ParsedDocument, ParsedParagraph } from '../../src/types.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SEEDS = join(ROOT, 'seeds');
const DEV_SET = resolve(ROOT, '../shared/eval/dev.json');

const files = readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort();
const docs = new Map<string, ParsedDocument>(files.map((f) => [f.slice(0, 3), parseDocument(readFileSync(join(SEEDS, f), 'utf8'), { file: f })]));
const doc = (prefix: string) => docs.get(prefix)!;
const squash = (s: string) => s.replace(/\s+/g, '');
/** The paragraphs of a document whose text (whitespace removed) contains `needle`. */
const containing = (d: ParsedDocument, needle: string) => d.paragraphs.filter((p) => squash(p.text).includes(squash(needle)));
const only = (d: ParsedDocument, needle: string): ParsedParagraph => {
  const found = containing(d, needle);
  expect(found, needle).toHaveLength(1);
  return found[0]!;
};

describe('the seed documents', () => {
  it('name their places and types in the text alone (no manifest)', () => {
    const placed = [...docs].map(([name, d]) => [name, d.meta.city, d.meta.placeCode, d.meta.placeKind, d.meta.parent, d.meta.docType]);
    expect(placed).toEqual([
      ['000', '昆山市', '320583', '县级市', '苏州市', '实施方案'],
      // 省政府关于…: no place in the title and spam in the signature; 苏政发 says 江苏省.
      ['001', '江苏省', '320000', '省', null, '意见'],
      ['002', '平湖市', '330482', '县级市', '嘉兴市', '实施方案'],
      // No title, issuer or number: the body speaks of 全市 and names 青岛 six times (工赋青岛), and 制定本行动计划.
      ['003', '青岛市', '370200', '副省级市', '山东省', '行动计划'],
      ['004', '昆山市', '320583', '县级市', '苏州市', '行动计划'],
    ]);
  });

  it('are five documents that all parse into paragraphs', () => {
    expect(files).toHaveLength(5);
    for (const d of docs.values()) expect(d.paragraphs.length).toBeGreaterThan(10);
  });

  it('leave no chrome, HTML or spam in any paragraph', () => {
    const forbidden = [/您现在的位置/, /上一条/, /下一条/, /联系电话/, /copyright/i, /版权所有/, /扫一扫/, /相关阅读/, /友情链接/, /字体/, /<\/?[a-z]/i, /投注/, /beat365/i, /app登录入口/, /发布时间/, /发布日期/];
    for (const [name, d] of docs) {
      for (const p of d.paragraphs) {
        for (const re of forbidden) expect(re.test(p.text), `${name} #${p.ordinal} ${re}: ${p.text.slice(0, 40)}`).toBe(false);
      }
    }
  });

  it('number paragraphs 0…n-1 and point duplicates only backwards', () => {
    for (const d of docs.values()) {
      d.paragraphs.forEach((p, i) => {
        expect(p.ordinal).toBe(i);
        if (p.duplicateOf !== null) expect(p.duplicateOf).toBeLessThan(p.ordinal);
      });
    }
  });
});

describe('000 Kunshan (制造强市)', () => {
  const d = doc('000');

  it('removes the site header, breadcrumb, info line, repeated titles, signature and footer', () => {
    const rules = d.removed.map((r) => r.rule);
    for (const rule of ['site-header', 'breadcrumb', 'publication-info', 'prev-next', 'contact', 'copyright', 'title', 'signature']) expect(rules).toContain(rule);
    expect(d.removed.filter((r) => r.rule === 'title').map((r) => r.line)).toEqual([
      '市委办公室 市政府办公室 关于印发加快建设制造强市实施方案的通知',
      '加快建设制造强市实施方案',
      '市委办公室 市政府办公室 关于印发加快建设制造强市实施方案的通知',
    ]);
  });

  it('joins the paragraph a stray blank line split', () => {
    const p = only(d, '推动商业模式、产品研发模式、生产模式');
    expect(p.text.startsWith('1. 打造智能制造未来标杆。')).toBe(true);
    expect(p.text.endsWith('争创国家、省智能制造示范工厂。')).toBe(true);
    expect(containing(d, '模式、产品研发模式').filter((x) => !x.text.includes('推动商业'))).toEqual([]);
  });

  it('gives clauses their section paths and responsible departments', () => {
    const p = only(d, '1. 打造智能制造未来标杆');
    expect(p.sectionPath).toEqual(['二、重点任务', '(四)深化产业智改数转', '1. 打造智能制造未来标杆']);
    // p0012's note says 以下均需各区镇落实,不再列出: every later item is the 区镇's too, and the instruction stays in the text
    // (it had been dropped from both; s21 ingest audit, finding 8).
    expect(p.responsible).toEqual(['市工信局', '各区镇']);
    expect(only(d, '引导银行提高制造业中长期贷款比重').sectionPath).toEqual(['三、保障措施', '(四)强化金融支撑']);
    expect(only(d, '——智造能力强').sectionPath).toEqual(['一、总体要求', '(二)目标定位']);
    expect(only(d, '经市委市政府同意').sectionPath).toEqual([]);
    expect(only(d, '培育世界级集群').responsible).toEqual(['市发改委', '工信局', '各区镇']);
    expect(only(d, '培育世界级集群').text.endsWith('(以下均需各区镇落实,不再列出)')).toBe(true);
    expect(d.paragraphs.filter((x) => x.responsible.length > 0 && !x.responsible.includes('各区镇'))).toEqual([]);
  });

  it('reads its metadata from the text', () => {
    expect(d.meta).toMatchObject({
      title: '加快建设制造强市实施方案',
      issuer: '中共昆山市委办公室、昆山市人民政府办公室',
      date: '2023-12-29',
      postedDate: '2024-01-26',
      docNumber: null,
      city: '昆山市',
    });
  });
});

describe('001 Jiangsu (先进制造业集群)', () => {
  const d = doc('001');

  it('removes the HTML junk and the spam, keeping the legitimate signature rest', () => {
    expect(d.removed.filter((r) => r.rule === 'html').length).toBeGreaterThanOrEqual(10);
    expect(d.removed.filter((r) => r.rule === 'spam')).toHaveLength(2);
    expect(d.removed).toContainEqual({ line: '人民政府', rule: 'signature' });
  });

  it('reads the document number and the dates', () => {
    expect(d.meta).toMatchObject({
      title: '省政府关于加快培育先进制造业集群的指导意见',
      docNumber: '苏政发〔2018〕86号',
      date: '2018-06-25',
      postedDate: '2018-08-01',
    });
    // The spam ate the region: the text alone does not name the issuer.
    expect(d.meta.issuer).toBeNull();
  });

  it('keeps unnumbered sub-clauses under their numbered section', () => {
    expect(only(d, '推进“千企升级”计划').sectionPath).toEqual(['二、重点任务', '(三)重点培育行业龙头骨干企业']);
    expect(only(d, '到2025年:13个先进制造业集群').sectionPath).toEqual(['一、总体要求', '(三)发展目标']);
  });
});

describe('002 Pinghu (集群培育工程)', () => {
  const d = doc('002');
  const attachment = (n: number) => d.paragraphs.filter((p) => p.sectionPath[0]?.startsWith(`附件${n} `));

  it('reads the plan title, issuer, date and period', () => {
    expect(d.meta).toMatchObject({
      title: '平湖市先进制造业集群培育工程实施方案(2023—2027年)',
      issuer: '平湖市人民政府',
      date: '2023-04-20',
      city: '平湖市',
      planPeriod: '2023–2027',
    });
  });

  it('puts task clauses under their numbered sections', () => {
    const p = only(d, '9.推动企业“专精特新”发展');
    expect(p.sectionPath).toEqual(['二、主要任务', '(三)着力企业优强,培育制造业企业“雁阵”', '9.推动企业“专精特新”发展']);
    expect(p.part).toBe('main');
    expect(only(d, '(三)创新金融服务。稳步提升制造业中长期贷款占比').sectionPath).toEqual(['三、保障措施', '(三)创新金融服务']);
  });

  it('treats the notice’s list of attachments as main text, and 附件1 alone as the start of one', () => {
    expect(only(d, '附件:1.平湖市').part).toBe('main');
    expect(d.sections.filter((s) => s.level === 0).map((s) => s.label)).toEqual(['附件1', '附件2', '附件3']);
    expect(d.paragraphs.filter((p) => p.part === 'attachment').every((p) => p.kind === 'table-row')).toBe(true);
  });

  it('makes 附件1 rows table rows with the header as columns and responsible departments', () => {
    const rows = attachment(1);
    expect(rows).toHaveLength(17);
    for (const r of rows) {
      expect(r.kind).toBe('table-row');
      expect(r.columns).toEqual(['序号', '一级指标', '二级指标', '2023年', '2025年', '2027年', '责任单位']);
      expect(r.responsible.length).toBeGreaterThan(0);
    }
    expect(only(d, '累计建成省级智能工厂(数字化车间)(家)').text).toBe('14 | 两化改造 | 累计建成省级智能工厂(数字化车间)(家) | 6 | 10 | 15 | 市经信局 |');
    expect(only(d, '规上工业单位增加值能耗降幅(%)').responsible).toEqual(['市发改局']);
  });

  it('links every 附件2 row to the main-text clause it repeats, except the one whose figure the clause lacks', () => {
    const rows = attachment(2);
    expect(rows).toHaveLength(62);
    // The land row sets 2000亩 where its clause (1.整治低效工业用地。) sets 5000亩: another fact, so a clause of its own
    // (it had hidden under the clause as 亦见于; eighteenth session).
    const landRow = only(d, '完成低效工业用地改造开发2000亩以上');
    expect(landRow.duplicateOf).toBeNull();
    expect(d.paragraphs.find((p) => p.text.startsWith('1.整治低效工业用地。'))!.text).toContain('5000亩');
    for (const r of rows) {
      if (r === landRow) continue;
      expect(r.duplicateOf, r.text.slice(0, 30)).not.toBeNull();
      expect(d.paragraphs[r.duplicateOf!]!.part).toBe('main');
    }
    const specialistRow = rows.find((r) => r.text.startsWith('20 | 推动企业“专精特新”发展'))!;
    expect(d.paragraphs[specialistRow.duplicateOf!]!.text.startsWith('9.推动企业“专精特新”发展')).toBe(true);
    expect(specialistRow.sectionPath[1]).toBe('(三)着力企业优强,培育制造业企业“雁阵”');
  });

  it('does not mark the main text or the indicator tables as duplicates', () => {
    expect(d.paragraphs.filter((p) => p.duplicateOf !== null && !p.sectionPath[0]?.startsWith('附件2 '))).toEqual([]);
  });
});

describe('003 Qingdao (先进制造业强市)', () => {
  const d = doc('003');

  it('has exactly eight first-level sections 一 to 八', () => {
    expect(d.sections.filter((s) => s.level === 1).map((s) => s.label)).toEqual(['一、', '二、', '三、', '四、', '五、', '六、', '七、', '八、']);
  });

  it('invents no title, issuer or date (its place comes from the body: 全市, 工赋青岛)', () => {
    expect(d.meta).toMatchObject({ title: null, issuer: null, date: null, postedDate: null, docNumber: null, city: '青岛市' });
  });

  it('gives clauses their paths and keeps the preamble at the top', () => {
    expect(only(d, '深化单项冠军培育提升行动').sectionPath).toEqual(['七、着力提升制造业生态化水平', '(二)健全优质企业梯度培育体系']);
    expect(only(d, '现结合我市实际,制定本行动计划').sectionPath).toEqual([]);
    expect(d.removed).toContainEqual({ line: '友情链接:', rule: 'links' });
  });
});

describe('004 Kunshan (特色专业创新园区)', () => {
  const d = doc('004');

  it('fills `responsible` for every task clause and leaves no 责任单位 in any text', () => {
    const tasks = d.paragraphs.filter((p) => p.sectionPath.length === 2 && /^(二|四)、/.test(p.sectionPath[0]!));
    expect(tasks).toHaveLength(11);
    for (const p of tasks) expect(p.responsible.length, p.text.slice(0, 20)).toBeGreaterThan(0);
    expect(d.paragraphs.filter((p) => p.text.includes('责任单位'))).toEqual([]);
    expect(only(d, '(六)建设一批示范样板园区').responsible).toEqual(['市发改委', '财政局(国资办)', '金融办', '人行', '各区镇']);
  });

  it('reads the title from the 印发 sentence and the signature', () => {
    expect(d.meta).toMatchObject({ title: '昆山市特色专业创新园区发展行动计划(2023—2025年)', issuer: '昆山市人民政府办公室', date: '2023-02', city: '昆山市', planPeriod: '2023–2025' });
  });
});

describe('dev.json anchors', () => {
  interface Ref {
    doc: string;
    anchor: string;
  }
  const dev = JSON.parse(readFileSync(DEV_SET, 'utf8')) as {
    queries: { relevant: Ref[] }[];
    pairs: { source: Ref; counterparts: Ref[] }[];
  };
  const refs = [...dev.queries.flatMap((q) => q.relevant), ...dev.pairs.flatMap((p) => [p.source, ...p.counterparts])];
  const unique = [...new Map(refs.map((r) => [`${r.doc}\u0000${r.anchor}`, r])).values()];

  it('has anchors in all five documents', () => {
    expect(new Set(unique.map((r) => r.doc)).size).toBe(5);
  });

  it.each(unique.map((r) => [r.doc.slice(0, 3), r.anchor]))('%s: %s is in exactly one non-duplicate paragraph', (prefix, anchor) => {
    const d = doc(prefix);
    const hits = containing(d, anchor);
    expect(hits.length, 'found in some paragraph').toBeGreaterThan(0);
    expect(hits.filter((p) => p.duplicateOf === null), 'exactly one original').toHaveLength(1);
  });
});

describe('parseDocument on any text', () => {
  it('never throws, whatever the string', () => {
    const pieces = ['一、', '(一)', '（二）', '1.', '(1)', '附件1', '附件:', '第一条', '|', ' | ', '\n', '\n\n', '。', '(责任单位:', ')', '<p>', '&nbsp;', '_', '365', '投注', '官网', '上一条:', '关于印发', '的通知', '《', '》', '2023年12月29日', '人民政府', '苏政发〔2018〕86号', '(2023—2027年)', '\u3000', '\u200b', '\r\n', '\ud800'];
    const token = fc.oneof(fc.constantFrom(...pieces), fc.string({ unit: 'binary', maxLength: 8 }));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.array(token, { maxLength: 80 }).map((xs) => xs.join(''))), (s) => {
        const d = parseDocument(s, { file: 'any.txt' });
        expect(Array.isArray(d.paragraphs)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('keeps every line of clean policy text in a paragraph or a heading', () => {
    const words = ['推进', '产业', '集群', '建设', '完善', '机制', '支持', '企业', '创新', '发展', '提升', '能力', '加快', '数字化', '改造', '培育', '人才', '资金', '保障', '园区', '服务', '体系', '优化', '绿色', '低碳', '智能', '制造', '2025年', '100家', '以上', '“专精特新”', '（试点）', 'ABC', '５Ｇ'];
    const phrase = fc.array(fc.constantFrom(...words), { minLength: 2, maxLength: 8 }).map((w) => w.join(''));
    const clause = fc.array(phrase, { minLength: 1, maxLength: 4 }).map((ps) => `${ps.join('，')}。`);
    const label = fc.constantFrom('', '', '一、', '二、', '(一)', '（二）', '1.', '2、', '(1)');
    const line = fc.oneof(
      fc.tuple(label, clause).map(([l, c]) => l + c),
      fc.tuple(fc.constantFrom('一、', '(一)', '1.'), phrase).map(([l, p]) => l + p),
    );
    const document = fc.array(fc.tuple(line, fc.constantFrom('\n', '\n\n')), { minLength: 1, maxLength: 25 });
    fc.assert(
      fc.property(document, (parts) => {
        const text = parts.map(([l, sep]) => l + sep).join('');
        const d = parseDocument(text, { file: 'clean.txt' });
        expect(d.removed).toEqual([]);
        // Content is what a reader reads: a heading's closing 。 may go, its words may not.
        const content = (s: string) => canonical(s).replace(/[^\p{L}\p{N}]/gu, '');
        const kept = [...d.paragraphs.map((p) => content(p.text)), ...d.sections.map((s) => content(s.title))];
        for (const [l] of parts) expect(kept.some((k) => k.includes(content(l))), l).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
