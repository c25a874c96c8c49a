/**
 * The pure text stage of the indexer: decoded text in, a parsed document out (metadata, outline, paragraphs, and
 * an audit of what was removed). Stages: tables laid out with tabs or spaces delimited (structure.ts `delimitTables`) →
 * clean (HTML, spam, chrome) → frame (metadata lines) → paragraphs and
 * outline → duplicates; a compendium of policy cards (compendium.ts) is parsed card by card instead of framed.
 * Pure: no I/O, and it never throws on any string.
 */
import type { ParsedDocument } from '../types.js';
import { cleanText } from './clean.js';
import { parseCompendium } from './compendium.js';
import { markDuplicates } from './duplicates.js';
import { analyzeFrame, headingTitle } from './metadata.js';
import { assembleParagraphs } from './paragraphs.js';
import { toSimplified } from './script.js';
import { delimitTables } from './structure.js';

export interface ParseOptions {
  /** Source file name; used only for context today (ids are assigned by the caller). */
  file: string;
  /** Lines the reader set aside as page chrome (a PDF's running headers): read for labels like 行政规范性文件, never indexed. */
  setAside?: readonly string[];
  /** `paragraphs`: every line is a paragraph as written, never a wrapped piece of the one before (see assembleParagraphs). */
  lineBreaks?: 'may-wrap' | 'paragraphs';
}

/**
 * Parse one document's decoded text.
 * @example
 * const doc = parseDocument(text, { file: '002_86af085e02e72586.txt' });
 * doc.meta.title; // '平湖市先进制造业集群培育工程实施方案(2023—2027年)'
 * doc.paragraphs[0].sectionPath; // []
 */
export function parseDocument(text: string, options: ParseOptions): ParsedDocument {
  // Tables laid out with tabs or aligned spaces become `a | b | c` rows before line normalisation collapses them.
  const cleaned = cleanText(delimitTables(typeof text === 'string' ? text : ''));
  const lines = cleaned.lines.map((l) => l.text);
  // A book of policy cards is parsed card by card: each card's clauses cite the card's own policy.
  const compendium = parseCompendium(lines, cleaned.info);
  if (compendium) {
    const { meta, sections, paragraphs, removed } = compendium;
    return { meta, sections, paragraphs: markDuplicates(paragraphs), removed: [...cleaned.removed, ...removed] };
  }
  // The frame (title, issuer, date, number, place) is read from the lines in simplified script, so that a document
  // posted in traditional script is framed by the same patterns and its place found in the gazetteer; the fields
  // are then taken back from the lines as written (script.ts keeps every offset).
  const simplified = lines.map(toSimplified);
  const simplifiedInfo = cleaned.info.map(toSimplified);
  const found = analyzeFrame(simplified, simplifiedInfo, [...cleaned.removed.map((r) => toSimplified(r.line)), ...(options.setAside ?? []).map(toSimplified)]);
  const written = (value: string | null): string | null => asWritten(value, simplified, lines) ?? asWritten(value, simplifiedInfo, cleaned.info) ?? value;
  const frame = { ...found, meta: { ...found.meta, title: written(found.meta.title), issuer: written(found.meta.issuer), docNumber: written(found.meta.docNumber) } };
  const removed = [...cleaned.removed];
  for (const [i, role] of [...frame.roles].sort((a, b) => a[0] - b[0])) removed.push({ line: lines[i]!, rule: role });
  const { paragraphs, sections } = assembleParagraphs(
    lines.map((t, i) => {
      const heading = frame.headings.get(i);
      return { text: t, skip: frame.roles.has(i), ...(heading ? { heading: { title: headingTitle(lines, heading), part: heading.part } } : {}) };
    }),
    { lineBreaks: options.lineBreaks },
  );
  // Another document in the same file is kept as this one's (its title heads its clauses, as an attachment), and said:
  // by its title and first clause, since line numbers move when the reader folds blank lines.
  const warnings = frame.appended.map((d) => {
    const head = headingTitle(lines, frame.headings.get(d.line)!);
    const first = paragraphs.find((p) => p.sectionPath[0] === head);
    // One that opens with its addressees is headed by the plan it issues (or 另一文件), which the message names too.
    const opening = d.opening === 'addressees' ? `its addressees ${lines[d.line]!.trim()} (headed ${written(d.title)})` : `its title ${written(d.title)}`;
    return (
      `a second document begins at ${opening}${d.docNumber ? ` (${written(d.docNumber)})` : ''}` +
      `${first ? `, clause p${String(first.ordinal).padStart(4, '0')} on` : ''}: its clauses are indexed in this document, under its title as an attachment, ` +
      `and this document's title, number, dates and place are read from the text above it only. Put each document in a file of its own.`
    );
  });
  return { meta: frame.meta, sections, paragraphs: markDuplicates(paragraphs), removed, ...(warnings.length > 0 ? { warnings } : {}) };
}

/** `value`, found in one of the `folded` lines, as the same span of the line as written; null when no line holds it. */
function asWritten(value: string | null, folded: readonly string[], original: readonly string[]): string | null {
  if (value === null) return null;
  for (let i = 0; i < folded.length; i++) {
    const at = folded[i]!.indexOf(value);
    if (at >= 0 && folded[i]!.length === original[i]!.length) return original[i]!.slice(at, at + value.length);
  }
  return null;
}
