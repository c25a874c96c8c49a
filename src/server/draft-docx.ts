/**
 * The drafting desk's report as a Word document (made with the `docx` package, read by Word and WPS): the 条款对照表
 * every 起草说明 carries — one row per draft clause, columns 草案条款 / one per city / 说明 — then the measures the
 * draft covers and the gaps. Landscape A4; the wording a clause shares with a precedent is highlighted on both sides,
 * as /diff highlights it. Built in memory; nothing is written to disk.
 */
import {
  AlignmentType, Document, ExternalHyperlink, HeadingLevel, HighlightColor, Packer, PageOrientation, Paragraph, Table, TableCell, TableRow, TextRun,
  WidthType, type ParagraphChild,
} from 'docx';
import type { DraftClause, DraftReport, Precedent, TargetComparison } from '../analysis/types.js';
import { draftClauseName, draftNumbers, partLabel, shownClause, splitNote } from '../analysis/draft.js';
import { joinClauseNames } from '../analysis/draft-numbering.js';
import { mergeRanges } from '../text/diff.js';
import { citation, citedTitle, dateRange, sectionLabel } from './view.js';

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const FONT = { ascii: 'Times New Roman', eastAsia: 'SimSun', hAnsi: 'Times New Roman' };
const SMALL = 18; // half-points: 9 pt
const BODY = 20; // 10 pt

function runs(text: string, ranges: readonly (readonly [number, number])[], size = BODY): TextRun[] {
  const out: TextRun[] = [];
  let at = 0;
  for (const [s, e] of mergeRanges(ranges)) {
    if (s > at) out.push(new TextRun({ text: text.slice(at, s), size, font: FONT }));
    out.push(new TextRun({ text: text.slice(s, e), size, font: FONT, highlight: HighlightColor.YELLOW }));
    at = e;
  }
  if (at < text.length) out.push(new TextRun({ text: text.slice(at), size, font: FONT }));
  return out;
}

function para(children: ParagraphChild[] | string, options: { size?: number; bold?: boolean; color?: string } = {}): Paragraph {
  const kids = typeof children === 'string' ? [new TextRun({ text: children, size: options.size ?? BODY, font: FONT, bold: options.bold ?? false, ...(options.color ? { color: options.color } : {}) })] : children;
  return new Paragraph({ children: kids, spacing: { after: 60 } });
}

/** A URL as a link the reader can click, written out. */
function link(url: string, size: number): ExternalHyperlink {
  return new ExternalHyperlink({ link: url, children: [new TextRun({ text: url, size, font: FONT, color: '1F4E9A', underline: {} })] });
}

function cell(children: Paragraph[], width: number, header = false): TableCell {
  return new TableCell({
    children: children.length ? children : [para('')],
    width: { size: width, type: WidthType.DXA },
    ...(header ? { shading: { fill: 'E7ECF3' } } : {}),
  });
}

/** The draft clause's cell: its section, its text with the wording any precedent shares highlighted. */
function draftCell(c: DraftClause, width: number): TableCell {
  const shared = c.precedents.flatMap((col) => (col.weak ? [] : (col.results[0]?.shared.draft ?? [])));
  // The clause's name (the draft's own number, src/analysis/draft-numbering.ts), unless the clause opens with it
  // (第一条…, (一)… under 二、（一）): 第一条　第一条 read twice (nineteenth session's researcher audit); and its section
  // without its own heading, which the name or the text says (第一条 over 第一条 支持…: export audit, s22 finding 9).
  const { section, start } = shownClause(c);
  // A part of a long clause is named as one (第二条（之二）), as the page names it; a clause that opens with its number
  // keeps a part's label alone (（之二）).
  const label = start > 0 ? (c.part ? `${partLabel(c)}　` : '') : `${draftClauseName(c)}　`;
  const children = [para([...(label ? [new TextRun({ text: label, bold: true, size: BODY, font: FONT })] : []), ...runs(c.text, shared)])];
  if (section.length) children.unshift(para(section.join(' › '), { size: SMALL, color: '555555' }));
  return cell(children, width);
}

/** The document fields a citation needs beyond the clause (发文机关, 文号), by document id. */
export type CitedDocument = (docId: string) => { issuer: string | null; docNumber: string | null } | undefined;

function precedentCell(p: Precedent | undefined, weak: boolean, width: number, permalink: (id: string) => string, documentOf?: CitedDocument): TableCell {
  if (!p) return cell([para('未见相近条款', { size: SMALL, color: '888888' })], width);
  // The citation line the clause page gives (issuer《title》（文号）section，place，date), to paste into a memo.
  const where = citation(p, documentOf?.(p.doc.id) ?? {});
  const children = [
    ...(weak ? [para('未见相近条款；最接近的候选（相似度低）：', { size: SMALL, color: 'AA5500' })] : []),
    // A provision the draft's clause cites leads its place's column, as the page marks it (DraftClause.citations).
    ...(p.why.citation ? [para('草案引用的条文：', { size: SMALL, color: '555555' })] : []),
    para(runs(p.text, p.highlights, SMALL)),
    para(`${where}；相同文字占本草案条款 ${Math.round(p.shared.overlap.draft * 100)}%`, { size: SMALL, color: '555555' }),
    // A link the reader can click through to the clause (a plain line of text had to be copied into a browser).
    para([link(permalink(p.id), 14)]),
  ];
  return cell(children, width);
}

/**
 * One draft target beside other places' targets on the same indicator, as the 说明 cell gives it. `shown`: each place's
 * precedent in the table (its id and copies); a place's target read from another clause is marked 另一条款, since the
 * cell beside it is not its source (eighteenth session's researcher audit: 青岛's cell showed p0018 and its 说明 cited
 * p0007's 5万家).
 */
export function targetLine(t: TargetComparison, shown: ReadonlyMap<string, ReadonlySet<string>> = new Map()): string {
  const q = (x: { value: number | null; range: [number, number] | null; unit: string | null }) =>
    `${x.range ? `${x.range[0]}–${x.range[1]}` : (x.value ?? '—')}${x.unit ?? ''}`;
  // How a figure counts (每年 / 累计 / 年均 / 全年), as the page shows it: 每年1000家 is not the draft's 累计1000家.
  const counted = (x: { qualifier: string | null }) => {
    const words = (x.qualifier ?? '').split(/\s+/).filter((w) => /^(?:每年|累计|年均|全年|新增)$/.test(w));
    return words.length ? `（${words.join(' ')}）` : '';
  };
  const own = `草案 ${t.draft.indicator} ${q(t.draft)}${counted(t.draft)}${t.draft.base ? `（基数：${t.draft.base}）` : ''}${t.draft.year ? `，${t.draft.year}` : ''}`;
  // Each place's targets with what they measure, as the screen shows them (a bare 150个 beside the draft's 50家 read
  // as the same indicator).
  const others = t.cities.map((c) => {
    // The place's own targets first; a table broken down by town (附件3's 当湖街道 …) names each part's scope.
    const whole = c.targets.filter((x) => !x.scope);
    const listed = whole.length ? whole : c.targets;
    // A target from another clause than the one the place's column shows says so: the cell beside it is not its source.
    const elsewhere = (x: { paragraphId: string }) => (shown.get(c.city)?.has(x.paragraphId) ? '' : '，另一条款');
    const list = listed
      .slice(0, 3)
      .map((x) => `${x.indicator} ${q(x)}${counted(x)}${x.base ? `（基数：${x.base}）` : ''}${x.year ? `，${x.year}` : ''}${x.scope ? `，${x.scope}` : ''}${elsewhere(x)}`);
    return `${c.city} ${list.join('、')}${listed.length > 3 ? ` 等 ${listed.length} 项` : ''}`;
  });
  return others.length ? `${own}；${others.join('；')}` : own;
}

/** 说明: reuse, the draft's targets beside other places', its instruments and measures. */
function notesCell(c: DraftClause, width: number): TableCell {
  const lines: Paragraph[] = [];
  const split = splitNote(c);
  if (split) lines.push(para(split, { size: SMALL, color: '555555' }));
  for (const r of c.reuse) {
    lines.push(para(`${r.first ? '沿用（最早）' : '沿用'}：${citedTitle(r.doc)}${sectionLabel(r.section, r.provision)}，${r.doc.city ?? ''}${r.date ? `，${r.date}` : ''}，文字相同 ${Math.round(r.share * 100)}%`, { size: SMALL, color: 'AA0000' }));
  }
  // Each place's shown precedent (and its copies), which its targets are checked against.
  const shown = new Map(c.precedents.flatMap((col) => (col.results[0] ? [[col.city, new Set([col.results[0].id, ...col.results[0].duplicates])] as const] : [])));
  for (const t of c.parameters.targets) lines.push(para(`目标：${targetLine(t, shown)}`, { size: SMALL }));
  const d = c.parameters.draft;
  if (d.amounts.length) lines.push(para(`数字：${d.amounts.join('、')}`, { size: SMALL }));
  if (d.years.length) lines.push(para(`年份：${d.years.join('、')}`, { size: SMALL }));
  if (d.instruments.length) lines.push(para(`政策工具：${d.instruments.join('、')}`, { size: SMALL }));
  if (c.measures.length) lines.push(para(`措施：${c.measures.map((m) => m.name).join('、')}`, { size: SMALL, color: '555555' }));
  return cell(lines, width);
}

/** Places side by side in one table of the Word export. */
const PLACES_PER_TABLE = 4;

/**
 * The report as a .docx file. `permalink` is a clause's link as the desk's page writes it, with the desk's places and
 * dates (draft.ts `deskLinkScope`).
 * @example res.type(DOCX_CONTENT_TYPE).send(await draftToDocx(report, (id) => origin + '/p/' + id));
 */
export async function draftToDocx(report: DraftReport, permalink: (paragraphId: string) => string, documentOf?: CitedDocument): Promise<Buffer> {
  const cities = report.summary.cities;
  // Landscape A4 is 16,838 twips wide; 1,440 of margins leave ≈ 13,950 for the table. At most PLACES_PER_TABLE
  // places side by side: against every place of a corpus of 16 each column was 0.87 cm wide and 10 clauses ran to
  // 163 pages, so more places make one table per group of them, the first with the notes.
  const total = 13_950;
  const groups: string[][] = [];
  for (let i = 0; i < cities.length; i += PLACES_PER_TABLE) groups.push(cities.slice(i, i + PLACES_PER_TABLE));
  if (!groups.length) groups.push([]);
  const tables = groups.flatMap((group, g) => {
    const notes = g === 0 ? 2_600 : 0;
    const draft = Math.round((total - notes) * 0.3);
    const city = Math.floor((total - notes - draft) / Math.max(1, group.length));
    const header = new TableRow({
      tableHeader: true,
      children: [
        cell([para('草案条款', { bold: true })], draft, true),
        ...group.map((c) => cell([para(c, { bold: true })], city, true)),
        ...(notes ? [cell([para('说明', { bold: true })], notes, true)] : []),
      ],
    });
    const rows = report.clauses.map(
      (c) =>
        new TableRow({
          children: [
            draftCell(c, draft),
            ...group.map((name) => {
              const col = c.precedents.find((p) => p.city === name);
              return precedentCell(col?.results[0], col?.weak ?? true, city, permalink, documentOf);
            }),
            ...(notes ? [notesCell(c, notes)] : []),
          ],
        }),
    );
    const table = new Table({ rows: [header, ...rows], width: { size: total, type: WidthType.DXA }, columnWidths: [draft, ...group.map(() => city), ...(notes ? [notes] : [])] });
    if (groups.length === 1) return [table];
    const label = `对照表 ${g + 1}/${groups.length}：${group.join('、')}`;
    // Heading 1, as 措施覆盖与缺口 after them: the outline had run Title → Heading 2 → Heading 1 (export audit, s22 finding 8).
    return [new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: g > 0, children: [new TextRun({ text: label, font: FONT })] }), table];
  });

  const s = report.summary;
  const intro = [
    new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun({ text: '条款对照表', font: FONT })] }),
    para(`${s.title ? `《${s.title}》，` : ''}${s.clauses} 条条款，与 ${cities.join('、')} 的 ${s.documents} 份政策文件逐条对照${dateRange(s.dates) ? `（成文日期 ${dateRange(s.dates)}）` : ''}${s.dates.inForce ? `（只含 ${s.dates.inForce} 现行有效的文件）` : ''}。${s.leftOut.length ? `所选地区中，${s.leftOut.join('、')} 在此范围内没有文件，未参与对照。` : ''}由 PolicyLens 生成；草案未被保存。`),
    para('黄色底色为草案条款与该地条款相同的文字（4 字以上，或首台(套)、小巨人等三字政策术语）；“未见相近条款”表示该地最接近的条款相似度低，可能没有对应条款（自动判断，人工核对约四分之一有误，请核对）。', { size: SMALL, color: '555555' }),
  ];
  const coverage = [
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun({ text: '措施覆盖与缺口', font: FONT })] }),
    para(`草案涉及的措施：${report.coverage.map((c) => `${c.measure.name}（${joinClauseNames(draftNumbers(report.clauses, c.draft).map((x) => x.label))}）`).join('；') || '无'}`),
    ...(report.gaps.length
      ? [
          para('两个以上地区都有、草案没有的措施：', { bold: true }),
          ...report.gaps.flatMap((g) => [
            para(`${g.measure.name}（${g.cities.map((c) => c.city).join('、')}）`, { bold: true }),
            ...(g.note ? [para(g.note, { size: SMALL, color: '555555' })] : []),
            // Each place's clause with a link to it, so that a gap can be checked and cited.
            ...g.cities.map((c) =>
              para([
                new TextRun({ text: `${c.city}：${c.best.snippet}（${citedTitle(c.best.doc)}）`, size: SMALL, font: FONT }),
                new TextRun({ text: ' ', size: SMALL, font: FONT }),
                link(permalink(c.best.paragraphId), 14),
              ]),
            ),
          ]),
        ]
      : [para('没有两个以上地区都有而草案没有的措施。')]),
  ];
  const doc = new Document({
    creator: 'PolicyLens',
    title: '条款对照表',
    sections: [
      {
        properties: { page: { size: { orientation: PageOrientation.LANDSCAPE }, margin: { top: 720, bottom: 720, left: 720, right: 720 } } },
        children: [...intro, ...tables, ...coverage],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
