/**
 * A card-style compendium PDF, built here (invented content), read end to end: the cover's largest type gives the
 * title hint, the layout turns each card's label column into `label | value` rows, and the text stage parses the
 * cards, so every clause carries its card's 依据文件 and 发文机构.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDocumentFile } from '../../src/ingest/read-file.js';
import { parseDocument } from '../../src/text/parse-document.js';
import { makePdf, tempDir, type PdfTextLine } from './fixtures.js';

const { dir, cleanup } = tempDir('policylens-compendium-pdf-');
afterAll(cleanup);

const LABEL_X = 60;
const VALUE_X = 150;

interface Card {
  number: number;
  title: string;
  basis: string;
  issuer: string;
  docNumber: string;
  date: string;
  tool: string;
  audience: string;
  content: string[];
  conditions: string;
  contact: string;
}

/** One card's lines from `top` down: its numbered title, the printed caption, then the label column beside values. */
function cardLines(card: Card, top: number): PdfTextLine[] {
  const lines: PdfTextLine[] = [];
  let y = top;
  const row = (label: string, value: string) => {
    lines.push({ x: LABEL_X, y, size: 12, text: label }, { x: VALUE_X, y, size: 12, text: value });
    y -= 30;
  };
  lines.push({ x: LABEL_X, y, size: 14, text: `${card.number}.${card.title}` });
  y -= 24;
  lines.push({ x: 200, y, size: 12, text: card.title });
  y -= 36;
  row('依据文件', card.basis);
  row('发文机构', card.issuer);
  row('发文字号', card.docNumber);
  row('发布日期', card.date);
  lines.push({ x: LABEL_X, y, size: 12, text: '工具分类' }, { x: VALUE_X, y, size: 12, text: card.tool }, { x: 260, y, size: 12, text: '服务对象' }, { x: 350, y, size: 12, text: card.audience });
  y -= 30;
  // The 服务内容 label stands beside the middle of its text.
  const middle = Math.floor(card.content.length / 2);
  card.content.forEach((text, i) => {
    if (i === middle) lines.push({ x: LABEL_X, y, size: 12, text: '服务内容' });
    lines.push({ x: VALUE_X, y, size: 12, text });
    y -= 30;
  });
  row('条件要求', card.conditions);
  row('时间/频度', '从2024年1月起');
  row('联络方式', card.contact);
  return lines;
}

const CARDS: Card[] = [
  {
    number: 1, title: '嘉兴市支持专精特新企业技术创新', basis: '《嘉兴市促进专精特新企业发展的若干措施》', issuer: '嘉兴市经济和信息化局',
    docNumber: '嘉经信发〔2023〕5号', date: '2023-06-01', tool: '资金支持', audience: '专精特新中小企业',
    content: ['1.对企业研发投入分档予以支持，第一年最高两百万元。', '2.对首次认定的小巨人企业，给予一次性奖励。', '3.支持企业建设研发机构，给予建设补助。'],
    conditions: '本政策适用于市级以上专精特新中小企业。', contact: '嘉兴市经济和信息化局：12345678',
  },
  {
    number: 2, title: '嘉兴市支持企业开拓国际市场', basis: '《嘉兴市外贸稳规模优结构若干措施》', issuer: '嘉兴市商务局',
    docNumber: '/', date: '2022-03-15', tool: '资金支持', audience: '外贸企业',
    content: ['1.对参加境外展会的企业，给予展位费补贴。', '2.对开展国际认证的企业，给予费用补贴。'],
    conditions: '企业上年度进出口额在五百万美元以上。', contact: '嘉兴市商务局：87654321',
  },
  {
    number: 3, title: '嘉兴市老旧厂房改造支持', basis: '《嘉兴市老旧厂房改造项目支持办法》', issuer: '嘉兴市发展和改革委员会',
    docNumber: '嘉发改规〔2023〕7号', date: '2023-09-26', tool: '资金支持', audience: '全市范围',
    content: ['1.按照投资总额的百分之三十，给予投资补助。', '2.对改造项目的银行贷款，给予贴息。'],
    conditions: '改造项目需产权清晰。', contact: '嘉兴市发展和改革委员会：11223344',
  },
];

function compendiumPdf(): Buffer {
  const footer = (n: number): PdfTextLine => ({ x: 290, y: 40, size: 10, text: `— ${n} —` });
  return makePdf([
    {
      lines: [
        { x: 170, y: 620, size: 28, text: '嘉兴市产业政策指南' },
        { x: 228, y: 567, size: 28, text: '（市级版）' },
        { x: 188, y: 166, size: 20, text: '嘉兴市发展和改革委员会' },
        { x: 248, y: 127, size: 20, text: '二〇二四年' },
      ],
    },
    { lines: [{ x: LABEL_X, y: 780, size: 16, text: '一、综合篇' }, ...cardLines(CARDS[0]!, 740), footer(2)] },
    { lines: [{ x: LABEL_X, y: 780, size: 16, text: '二、先进制造业篇' }, ...cardLines(CARDS[1]!, 740), footer(3)] },
    { lines: [...cardLines(CARDS[2]!, 780), footer(4)] },
  ]);
}

describe('a card-style compendium PDF', () => {
  it('reads the title from the cover and parses every card with its source', async () => {
    const file = path.join(dir, 'guide.pdf');
    writeFileSync(file, compendiumPdf());
    const read = await readDocumentFile(file);
    expect(read.hints.title).toBe('嘉兴市产业政策指南（市级版）');
    expect(read.text).toContain('依据文件 | 《嘉兴市促进专精特新企业发展的若干措施》');

    const doc = parseDocument(read.text, { file: 'guide.pdf' });
    expect(doc.meta).toMatchObject({ title: '嘉兴市产业政策指南（市级版）', issuer: '嘉兴市发展和改革委员会', date: '2024', city: '嘉兴市', docType: '汇编' });
    const cards = [...new Map(doc.paragraphs.filter((p) => p.source).map((p) => [p.sectionPath.slice(0, -1).join(' › ') || p.sectionPath.join(' › '), p])).values()];
    expect(new Set(doc.paragraphs.filter((p) => p.source).map((p) => p.sectionPath.slice(0, 2).join(' › ')))).toEqual(
      new Set(['一、综合篇 › 1.嘉兴市支持专精特新企业技术创新', '二、先进制造业篇 › 2.嘉兴市支持企业开拓国际市场', '二、先进制造业篇 › 3.嘉兴市老旧厂房改造支持']),
    );
    expect(cards.length).toBeGreaterThanOrEqual(3);

    const clause = doc.paragraphs.find((p) => p.text.includes('小巨人企业，给予一次性奖励'))!;
    expect(clause.sectionPath.slice(0, 3)).toEqual(['一、综合篇', '1.嘉兴市支持专精特新企业技术创新', '服务内容']);
    expect(clause.source).toEqual({ basis: '《嘉兴市促进专精特新企业发展的若干措施》', issuer: '嘉兴市经济和信息化局', docNumber: '嘉经信发〔2023〕5号', date: '2023-06-01', tool: '资金支持', audience: '专精特新中小企业' });
    const abroad = doc.paragraphs.find((p) => p.text.includes('境外展会'))!;
    expect(abroad.source).toMatchObject({ basis: '《嘉兴市外贸稳规模优结构若干措施》', issuer: '嘉兴市商务局', docNumber: null });
    const condition = doc.paragraphs.find((p) => p.text.includes('产权清晰'))!;
    expect(condition.sectionPath).toEqual(['二、先进制造业篇', '3.嘉兴市老旧厂房改造支持', '条件要求']);

    // Card captions, labels and page numbers are not clauses.
    const texts = doc.paragraphs.map((p) => p.text);
    for (const card of CARDS) expect(texts).not.toContain(card.title);
    expect(texts.filter((t) => /^(?:服务内容|依据文件|—\s*\d+\s*—)$/u.test(t))).toEqual([]);
  });
});
