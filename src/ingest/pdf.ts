/**
 * Text from a PDF's text layer, laid out as one paragraph per line.
 *
 * pdfjs gives positioned text items; a PDF has no notion of paragraph. We rebuild lines from the items'
 * baselines, then paragraphs from the page geometry the way a reader sees them: a line wrapped at the
 * right margin continues on the next line unless that line is indented (a new paragraph in Chinese
 * official documents starts two characters in), starts with heading numbering, or sits after a larger
 * vertical gap. Page numbers and running headers are dropped; a label column beside a table's text
 * (依据文件 | …) is kept with the paragraph it labels.
 *
 * The layout part (`layoutPdfPages`) is pure and tested on hand-made items; `extractPdfText` is the I/O edge.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { createError } from '../errors.js';
import {
  countPrivateUse,
  endsSentence,
  fixPdfLine,
  isPageNumberLine,
  isTableOfContentsLine,
  joinWrapped,
  startsHeading,
} from '../text/pdf-fixups.js';

/** One positioned run of text, in PDF user space (origin bottom-left, y grows upwards). */
export interface PdfTextItem {
  str: string;
  /** Left edge of the run's baseline. */
  x: number;
  /** Baseline. */
  y: number;
  width: number;
  /** Font size (the text matrix's vertical scale). */
  size: number;
}

export interface PdfPageText {
  /** 1-based. */
  pageNumber: number;
  width: number;
  height: number;
  items: PdfTextItem[];
}

export interface PdfLayoutResult {
  text: string;
  /** The title set in the first page's largest type (see {@link firstPageTitle}), or null. */
  title: string | null;
  /** Lines dropped as page furniture, with the rule that dropped them. */
  removed: { line: string; rule: 'page-number' | 'running-header' | 'table-of-contents' }[];
}

/** A reconstructed line of one page. */
interface Line {
  page: number;
  y: number;
  x: number;
  right: number;
  size: number;
  text: string;
  /** More than one cell: a table row, never joined with its neighbours. */
  cells: boolean;
  /** The cells with their extent, when `cells`. */
  spans?: { text: string; x: number; right: number }[];
  /** The text of a row whose side label shared its baseline (split off by `splitLabelRows`). */
  labelled?: boolean;
}

interface Paragraph {
  text: string;
  first: Line;
  last: Line;
  /** Vertical extent per page, to place side labels. */
  spans: { page: number; top: number; bottom: number }[];
  blankBefore: boolean;
  label?: boolean;
}

/** Gap between two runs of one line, in ems, from which they are separate table cells. */
const CELL_GAP_EM = 1.0;
/** Gap between two runs, in ems, from which a space is written (Latin words; CJK spaces are removed later). */
const SPACE_GAP_EM = 0.15;

/**
 * Rebuild the text of a document from its pages' text items: lines, paragraphs, tables as `a | b` rows,
 * without page numbers, running headers and table-of-contents entries.
 */
export function layoutPdfPages(pages: PdfPageText[]): PdfLayoutResult {
  const removed: PdfLayoutResult['removed'] = [];
  const pageLines = pages.map((p) => buildLines(p));

  dropPageNumbers(pageLines, removed);
  dropRunningHeaders(pageLines, removed);

  const all = pageLines.flat();
  if (all.length === 0) return { text: '', title: null, removed };
  const geometry = measureGeometry(pageLines);
  const title = firstPageTitle(pageLines[0] ?? [], geometry.bodySize);

  const labels: Line[] = [];
  const bodyPages = splitLabelRows(pageLines, geometry).map((lines) =>
    lines.filter((line) => {
      if (!isSideLabel(line, geometry)) return true;
      labels.push(line);
      return false;
    }),
  );
  const rhythm = measureRhythm(bodyPages, geometry);
  const paragraphs = assembleParagraphs(bodyPages.flat(), rhythm);
  const withLabels = placeLabels(paragraphs, labels);

  const tocPages = tableOfContentsPages(withLabels);
  const out: string[] = [];
  for (const p of withLabels) {
    if (isTableOfContentsLine(p.text) || (tocPages.has(p.first.page) && LOOSE_TOC_ENTRY.test(p.text))) {
      removed.push({ line: p.text, rule: 'table-of-contents' });
      continue;
    }
    if (p.blankBefore && out.length > 0 && out[out.length - 1] !== '') out.push('');
    out.push(p.text);
  }
  return { text: out.join('\n').trim(), title, removed };
}

// --- title ----------------------------------------------------------------------------------------

/** A red-header (红头) issuer line: `杭州市人民政府文件`, `中共某某市委办公室文件`. */
const RED_HEADER = /^(?!关于).{2,24}文件$/u;
/** At most this many lines make a title; a longer run in large type is a cover text, not a title. */
const MAX_TITLE_LINES = 4;
const MAX_TITLE_LENGTH = 120;

/**
 * The title of a document as its first page sets it: the run of consecutive lines in the largest type on page 1,
 * joined. Only type clearly larger than the body's (≥ 1.15×) counts, so a page of plain running text has no title.
 * A red-header issuer line (`XX市人民政府文件`) is the largest type on an official notice's first page but not
 * its title: it is skipped when a title-size run follows it. Measured on the external PDFs: 01 sets the red
 * header at 43.9 pt and the title over two lines at 22.1 pt (body 16.1); 03's cover sets 北京市产业政策导引 /
 * （市级版） at 28 pt (body 16); 05 sets issuer + 关于印发… over three lines at 19.7 pt (body 14.7), one title;
 * 13 sets its title over two lines at 22 pt under a 16 pt running header. All four come out whole.
 */
function firstPageTitle(lines: readonly Line[], bodySize: number): string | null {
  const runs: Line[][] = [];
  for (const line of lines) {
    if (line.size < bodySize * 1.15 || line.cells) continue;
    const run = runs[runs.length - 1];
    const prev = run?.[run.length - 1];
    if (run && prev && Math.abs(prev.size - line.size) < 0.5 && prev.y - line.y <= prev.size * 2.2) run.push(line);
    else runs.push([line]);
  }
  const candidates = runs
    .map((run, order) => ({ run, order, size: Math.max(...run.map((l) => l.size)), text: run.map((l) => l.text).reduce(joinWrapped, '') }))
    .filter((c) => c.run.length <= MAX_TITLE_LINES && c.text.length <= MAX_TITLE_LENGTH && /\p{L}{2}/u.test(c.text) && !isPageNumberLine(c.text))
    .sort((a, b) => b.size - a.size || a.order - b.order);
  const best = candidates.find((c, i) => !(RED_HEADER.test(c.text) && candidates.slice(i + 1).some((later) => later.order > c.order)));
  return best?.text ?? null;
}

/** On a contents page, a squeezed leader may shrink to one dot: `11.标题.146`. */
const LOOSE_TOC_ENTRY = /[.…·．]\s*\d{1,4}$/;

/** Pages where most paragraphs are dot-leader entries: a table of contents. */
function tableOfContentsPages(paragraphs: Paragraph[]): Set<number> {
  const total = new Map<number, number>();
  const toc = new Map<number, number>();
  for (const p of paragraphs) {
    total.set(p.first.page, (total.get(p.first.page) ?? 0) + 1);
    if (isTableOfContentsLine(p.text)) toc.set(p.first.page, (toc.get(p.first.page) ?? 0) + 1);
  }
  return new Set([...toc].filter(([page, n]) => n >= 3 && n >= (total.get(page) ?? 0) * 0.4).map(([page]) => page));
}

// --- lines ----------------------------------------------------------------------------------------

function buildLines(page: PdfPageText): Line[] {
  const items = page.items
    .filter((it) => it.str.trim() !== '' && it.size > 0 && Number.isFinite(it.x) && Number.isFinite(it.y))
    .sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: PdfTextItem[][] = [];
  let current: PdfTextItem[] = [];
  let baseline = Number.NaN;
  for (const it of items) {
    const tolerance = 0.5 * Math.min(it.size, current[0]?.size ?? it.size);
    if (current.length > 0 && Math.abs(baseline - it.y) <= tolerance) {
      current.push(it);
    } else {
      if (current.length > 0) groups.push(current);
      current = [it];
      baseline = it.y;
    }
  }
  if (current.length > 0) groups.push(current);

  const lines: Line[] = [];
  for (const group of groups) {
    group.sort((a, b) => a.x - b.x);
    const line = lineFromRuns(page.pageNumber, group);
    if (line.text !== '') lines.push(line);
  }
  return lines;
}

function lineFromRuns(pageNumber: number, runs: PdfTextItem[]): Line {
  const size = median(runs.map((r) => r.size));
  const cells: { text: string; x: number; right: number }[] = [];
  let cell: { text: string; x: number; right: number } | undefined;
  let prev: PdfTextItem | undefined;
  for (const run of runs) {
    if (prev && cell) {
      // Fake bold: the same run printed twice, slightly offset.
      if (run.str === prev.str && Math.abs(run.x - prev.x) < size * 0.5) continue;
      const gap = run.x - (prev.x + prev.width);
      if (gap >= CELL_GAP_EM * size) {
        cells.push(cell);
        cell = undefined;
      } else if (gap > SPACE_GAP_EM * size) {
        cell.text += ' ';
      }
    }
    if (!cell) cell = { text: '', x: run.x, right: run.x };
    cell.text += run.str;
    cell.right = Math.max(cell.right, run.x + run.width);
    prev = run;
  }
  if (cell) cells.push(cell);
  const fixed = cells.map((c) => ({ ...c, text: fixPdfLine(c.text) })).filter((c) => c.text !== '');
  // Letter-spaced titles (前　　言) are one cell, not a row of one-character cells.
  const letterSpaced = fixed.length > 1 && fixed.every((c) => [...c.text].length === 1);
  const isRow = fixed.length > 1 && !letterSpaced;
  return {
    page: pageNumber,
    y: median(runs.map((r) => r.y)),
    x: runs[0]!.x,
    right: Math.max(...runs.map((r) => r.x + r.width)),
    size,
    text: fixed.map((c) => c.text).join(letterSpaced ? '' : ' | '),
    cells: isRow,
    ...(isRow ? { spans: fixed } : {}),
  };
}

/**
 * A row of exactly two cells whose first stands in the label column left of the body margin is a
 * side label that happens to share a baseline with a body line: split it, so the body line can take
 * part in its paragraph and the label go beside it.
 */
function splitLabelRows(pageLines: Line[][], g: Geometry): Line[][] {
  return pageLines.map((lines) =>
    lines.flatMap((line) => {
      const [label, body] = line.spans ?? [];
      const left = g.left.get(line.page);
      if (!line.cells || line.spans?.length !== 2 || !label || !body || left === undefined) return [line];
      if (!(label.right < left - 0.5 * line.size && body.x >= left - 0.5 * line.size && [...label.text].length <= 12)) return [line];
      const labelLine: Line = { ...line, x: label.x, right: label.right, text: label.text, cells: false };
      const bodyLine: Line = { ...line, x: body.x, right: body.right, text: body.text, cells: false, labelled: true };
      delete labelLine.spans;
      delete bodyLine.spans;
      return [labelLine, bodyLine];
    }),
  );
}

// --- page furniture -------------------------------------------------------------------------------

/** Page numbers sit among the first or last two lines of a page. */
function dropPageNumbers(pageLines: Line[][], removed: PdfLayoutResult['removed']): void {
  for (let i = 0; i < pageLines.length; i++) {
    const lines = pageLines[i]!;
    const edge = new Set([0, 1, lines.length - 1, lines.length - 2].filter((k) => k >= 0 && k < lines.length));
    pageLines[i] = lines.filter((line, k) => {
      if (edge.has(k) && isPageNumberLine(line.text)) {
        removed.push({ line: line.text, rule: 'page-number' });
        return false;
      }
      return true;
    });
  }
}

/**
 * A first or last line that recurs (digits aside) on many pages is a running header or footer
 * (a document title, 内部资料, a site name).
 */
function dropRunningHeaders(pageLines: Line[][], removed: PdfLayoutResult['removed']): void {
  if (pageLines.length < 3) return;
  const key = (l: Line) => `${l.text.replace(/\s+/g, '').replace(/\d+/g, '#')}`;
  const counts = new Map<string, number>();
  for (const lines of pageLines) {
    const edges = new Set<string>();
    if (lines[0]) edges.add(key(lines[0]));
    if (lines.length > 1) edges.add(key(lines[lines.length - 1]!));
    for (const k of edges) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const threshold = Math.max(3, Math.ceil(pageLines.length * 0.4));
  const repeated = new Set([...counts].filter(([, n]) => n >= threshold).map(([k]) => k));
  if (repeated.size === 0) return;
  for (let i = 0; i < pageLines.length; i++) {
    const lines = pageLines[i]!;
    pageLines[i] = lines.filter((line, k) => {
      const atEdge = k === 0 || k === lines.length - 1;
      if (atEdge && repeated.has(key(line))) {
        removed.push({ line: line.text, rule: 'running-header' });
        return false;
      }
      return true;
    });
  }
}

// --- geometry -------------------------------------------------------------------------------------

interface Geometry {
  /** Left margin of body lines, per page (falls back to the document's). */
  left: Map<number, number>;
  /** Right margin a full line reaches, per page (falls back to the document's). */
  right: Map<number, number>;
  /** Most common font size of the text. */
  bodySize: number;
  /** Usual baseline distance between consecutive lines of a paragraph, per font size. */
  pitch: number;
  /** Whether paragraphs start with a first-line indent often enough to rely on it. */
  indents: boolean;
}

function measureGeometry(pageLines: Line[][]): Geometry {
  const all = pageLines.flat();
  // Contents entries are long (their dot leaders) and often set smaller: they must not decide the body size.
  const prose = all.filter((l) => !isTableOfContentsLine(l.text));
  const sized = prose.length > 0 ? prose : all;
  const bodySize = mode(sized.map((l) => round(l.size, 0.5)), sized.map((l) => l.text.length)) ?? 12;
  const docLeft = mode(all.map((l) => round(l.x, 2))) ?? 0;
  const docRight = percentile(all.filter((l) => !l.cells).map((l) => l.right), 0.9) ?? 0;

  const left = new Map<number, number>();
  const right = new Map<number, number>();
  for (const lines of pageLines) {
    if (lines.length === 0) continue;
    const page = lines[0]!.page;
    const xs = lines.map((l) => round(l.x, 2));
    const pageMode = mode(xs);
    const support = xs.filter((x) => pageMode !== undefined && Math.abs(x - pageMode) <= 2).length;
    left.set(page, pageMode !== undefined && support >= 3 && support >= lines.length * 0.25 ? pageMode : docLeft);
    const rights = lines.filter((l) => !l.cells).map((l) => l.right);
    right.set(page, rights.length >= 6 ? percentile(rights, 0.9)! : docRight);
  }

  return { left, right, bodySize, pitch: bodySize * 1.5, indents: false };
}

/**
 * The usual baseline distance inside a paragraph, and whether paragraphs open with an indent;
 * measured on body lines only (side labels sit between the lines they label).
 */
function measureRhythm(pageLines: Line[][], g: Geometry): Geometry {
  const bodySize = g.bodySize;
  const all = pageLines.flat();
  const deltas: number[] = [];
  for (const lines of pageLines) {
    for (let i = 1; i < lines.length; i++) {
      const a = lines[i - 1]!;
      const b = lines[i]!;
      if (Math.abs(a.size - bodySize) < 0.5 && Math.abs(b.size - bodySize) < 0.5) deltas.push(round(a.y - b.y, 1));
    }
  }
  const pitch = mode(deltas.filter((d) => d > bodySize * 0.9 && d < bodySize * 3)) ?? bodySize * 1.5;

  // Indent: a body-size line starting 1–4.5 ems right of the margin.
  let indented = 0;
  let bodyLines = 0;
  for (const l of all) {
    if (Math.abs(l.size - bodySize) >= 0.5) continue;
    bodyLines++;
    const left = g.left.get(l.page);
    if (left === undefined) continue;
    const offset = (l.x - left) / l.size;
    if (offset >= 1 && offset <= 4.5) indented++;
  }
  return { ...g, pitch, indents: indented >= 3 && indented >= bodyLines * 0.05 };
}

/** A short line standing wholly left of the body margin: the label column of a form-like table. */
function isSideLabel(line: Line, g: Geometry): boolean {
  const left = g.left.get(line.page) ?? 0;
  return !line.cells && line.right < left - 0.5 * line.size && [...line.text].length <= 12;
}

// --- paragraphs -----------------------------------------------------------------------------------

function assembleParagraphs(lines: Line[], g: Geometry): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let current: Paragraph | undefined;
  for (const line of lines) {
    const prev = current?.last;
    const gap = prev && prev.page === line.page ? prev.y - line.y : 0;
    const blank = prev !== undefined && prev.page === line.page && gap > g.pitch * 1.3 && gap > line.size * 1.6;
    if (current && prev && !blank && continues(prev, line, g)) {
      current.text = joinWrapped(current.text, line.text);
      current.last = line;
      const span = current.spans[current.spans.length - 1]!;
      if (span.page === line.page) span.bottom = line.y;
      else current.spans.push({ page: line.page, top: line.y, bottom: line.y });
      continue;
    }
    current = {
      text: line.text,
      first: line,
      last: line,
      spans: [{ page: line.page, top: line.y, bottom: line.y }],
      blankBefore: blank,
    };
    paragraphs.push(current);
  }
  return paragraphs;
}

/** Whether `line` continues the paragraph whose last line is `prev`. */
function continues(prev: Line, line: Line, g: Geometry): boolean {
  if (prev.cells || line.cells) return false;
  if (startsHeading(line.text)) return false;
  const samePage = prev.page === line.page;
  // A form's row at the top of a page, its label beside it (`时间/频度 | 从2023年7月起`), opens its own cell when the
  // page before ended a sentence: within a page the gap above a row tells it from a wrapped line, across pages there
  // is none. 北京 03's 时间/频度 had taken the last step of the 办理流程 above it (p.54: 4．公示和确认。…公开发布。).
  if (line.labelled && !samePage && endsSentence(prev.text)) return false;

  // A title set in a larger size wraps over centred lines that never reach the margin.
  const large = (l: Line) => l.size >= g.bodySize * 1.15;
  if (large(prev) || large(line)) {
    return (
      samePage &&
      large(prev) &&
      large(line) &&
      Math.abs(prev.size - line.size) < 0.5 &&
      prev.y - line.y <= prev.size * 2.2 &&
      !endsSentence(prev.text)
    );
  }
  if (Math.abs(prev.size - line.size) > Math.max(prev.size, line.size) * 0.15) return false;

  const left = g.left.get(line.page) ?? line.x;
  const indent = (line.x - left) / line.size;
  const prevIndent = (prev.x - (g.left.get(prev.page) ?? prev.x)) / prev.size;
  // A line is full when the next line's first word would not have fitted after it (Latin text wraps
  // at words, so its right edge is ragged by up to a word; Chinese wraps at any character).
  const firstWord = /^[A-Za-z0-9\u00c0-\u024f'’.,;:-]+/.exec(line.text)?.[0] ?? line.text.slice(0, 1);
  // Estimated at Helvetica-like proportions: ~0.55 em per Latin character, 1 em per Chinese one.
  const wordWidth = [...firstWord].reduce((w, ch) => w + (ch.charCodeAt(0) < 0x2e80 ? 0.55 : 1), 0) * line.size;
  const slack = Math.max(2 * prev.size, wordWidth + prev.size);
  const full = prev.right >= (g.right.get(prev.page) ?? prev.right) - slack;
  if (!full) return false;
  if (indent < -0.8) return false; // hanging out into the margin: a label or a new block
  if (indent > 0.8) {
    // Where paragraphs open with an indent, an indented line opens one. Elsewhere it may continue an
    // indented block (a quotation) set at the same indent.
    return !g.indents && samePage && Math.abs(prev.x - line.x) < 0.5 * line.size && prevIndent > 0.8 && !endsSentence(prev.text);
  }
  // At the margin after a full line: a wrap, unless the previous line ended a sentence in a document
  // that does not mark new paragraphs by indenting.
  return g.indents || !endsSentence(prev.text);
}

/**
 * Put each side label with the paragraph it sits beside (`依据文件 | 《…》`), or on its own line where it
 * sits between paragraphs.
 */
function placeLabels(paragraphs: Paragraph[], labels: Line[]): Paragraph[] {
  if (labels.length === 0) return paragraphs;
  const out = [...paragraphs];
  const standalone: Paragraph[] = [];
  for (const label of labels) {
    const host = paragraphs.find((p) =>
      p.spans.some((s) => s.page === label.page && label.y <= s.top + label.size * 0.3 && label.y >= s.bottom - label.size * 0.3),
    );
    if (host && host.spans.length >= 1 && !host.label) {
      host.text = `${label.text} | ${host.text}`;
    } else {
      standalone.push({
        text: label.text,
        first: label,
        last: label,
        spans: [{ page: label.page, top: label.y, bottom: label.y }],
        blankBefore: false,
        label: true,
      });
    }
  }
  for (const s of standalone) {
    const at = out.findIndex((p) => p.first.page > s.first.page || (p.first.page === s.first.page && p.first.y < s.first.y));
    if (at === -1) out.push(s);
    else out.splice(at, 0, s);
  }
  return out;
}

// --- small statistics -----------------------------------------------------------------------------

function round(v: number, step: number): number {
  return Math.round(v / step) * step;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.floor(s.length / 2)]!;
}

function mode(values: number[], weights?: number[]): number | undefined {
  const counts = new Map<number, number>();
  values.forEach((v, i) => counts.set(v, (counts.get(v) ?? 0) + (weights?.[i] ?? 1)));
  let best: number | undefined;
  let bestCount = -1;
  for (const [v, n] of counts) {
    if (n > bestCount || (n === bestCount && best !== undefined && v < best)) {
      best = v;
      bestCount = n;
    }
  }
  return best;
}

function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

// --- the I/O edge: pdfjs ---------------------------------------------------------------------------

export interface PdfExtraction {
  text: string;
  /** The title set in the first page's largest type, or null. */
  title: string | null;
  pageCount: number;
  warnings: string[];
  /** The running headers dropped from the pages, each once: labels such as 行政规范性文件 sit there. */
  runningHeaders: string[];
}

const require = createRequire(import.meta.url);

/** Local folders of pdfjs's CMaps and standard fonts (CJK PDFs with non-embedded fonts need the CMaps). */
function pdfjsAssetDirs(): { cMapUrl: string; standardFontDataUrl: string } {
  const root = path.dirname(require.resolve('pdfjs-dist/package.json'));
  return { cMapUrl: path.join(root, 'cmaps') + path.sep, standardFontDataUrl: path.join(root, 'standard_fonts') + path.sep };
}

/**
 * Extract the text of a PDF. Throws FILE_UNREADABLE for damaged or password-protected files and
 * FILE_EMPTY for PDFs without a text layer (scanned images).
 */
export async function extractPdfText(bytes: Uint8Array, file: string): Promise<PdfExtraction> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    // pdfjs may take ownership of the buffer: give it a copy.
    data: new Uint8Array(bytes),
    ...pdfjsAssetDirs(),
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    useWorkerFetch: false,
    verbosity: 0,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy().catch(() => undefined);
    const name = (e as { name?: string }).name;
    if (name === 'PasswordException') {
      throw createError('FILE_UNREADABLE', `${file} is password-protected: save an unprotected copy and try again.`);
    }
    throw createError('FILE_UNREADABLE', `${file} is not a readable PDF (${(e as Error).message ?? e}): re-export or re-download it.`);
  }

  const warnings: string[] = [];
  const pages: PdfPageText[] = [];
  let rotatedRuns = 0;
  const pageCount = doc.numPages;
  try {
    for (let n = 1; n <= pageCount; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const items: PdfTextItem[] = [];
      for (const it of content.items) {
        if (!('str' in it)) continue;
        const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = it.transform as number[];
        // Rotated text is a stamp, a watermark or a margin note, not the running text.
        if (Math.abs(b) > 1e-3 * Math.abs(a) || Math.abs(c) > 1e-3 * Math.abs(d)) {
          if (it.str.trim() !== '') rotatedRuns++;
          continue;
        }
        items.push({ str: it.str, x: e, y: f, width: it.width, size: Math.abs(d) || it.height });
      }
      const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = page.view;
      pages.push({ pageNumber: n, width: x1 - x0, height: y1 - y0, items });
      page.cleanup();
    }
  } catch (e) {
    throw createError('FILE_UNREADABLE', `${file}: the PDF is damaged (${(e as Error).message ?? e}): re-export or re-download it.`);
  } finally {
    await doc.destroy().catch(() => undefined);
  }

  const layout = layoutPdfPages(pages);
  if (rotatedRuns > 0) warnings.push(`${rotatedRuns} rotated text runs (stamps, watermarks) were skipped`);
  const privateUse = countPrivateUse(layout.text);
  if (privateUse > 0) warnings.push(`${privateUse} characters use private code points (a font without a Unicode map): they may show as boxes`);
  const dropped = layout.removed.length;
  if (dropped > 0) {
    const byRule = new Map<string, number>();
    for (const r of layout.removed) byRule.set(r.rule, (byRule.get(r.rule) ?? 0) + 1);
    warnings.push(`dropped ${[...byRule].map(([rule, n]) => `${n} ${rule} line${n === 1 ? '' : 's'}`).join(', ')}`);
  }
  if (layout.text === '') {
    throw createError('FILE_EMPTY', `${file} has no text layer (${pageCount} page${pageCount === 1 ? '' : 's'} of images: a scan?): run OCR on it and index the result.`);
  }
  const runningHeaders = [...new Set(layout.removed.filter((r) => r.rule === 'running-header').map((r) => r.line.trim()))];
  return { text: layout.text, title: layout.title, pageCount, warnings, runningHeaders };
}

