/**
 * The pure text stage of the indexer: decoded text in, a parsed document out (metadata, outline, paragraphs, and
 * an audit of what was removed). Stages: clean (HTML, spam, chrome) → frame (metadata lines) → paragraphs and
 * outline → duplicates; a compendium of policy cards (compendium.ts) is parsed card by card instead of framed.
 * Pure: no I/O, and it never throws on any string.
 */
import type { ParsedDocument } from '../types.js';
import { cleanText } from './clean.js';
import { parseCompendium } from './compendium.js';
import { markDuplicates } from './duplicates.js';
import { analyzeFrame } from './metadata.js';
import { assembleParagraphs } from './paragraphs.js';

export interface ParseOptions {
  /** Source file name; used only for context today (ids are assigned by the caller). */
  file: string;
  /** Lines the reader set aside as page chrome (a PDF's running headers): read for labels like 行政规范性文件, never indexed. */
  setAside?: readonly string[];
}

/**
 * Parse one document's decoded text.
 * @example
 * const doc = parseDocument(text, { file: '002_86af085e02e72586.txt' });
 * doc.meta.title; // '平湖市先进制造业集群培育工程实施方案(2023—2027年)'
 * doc.paragraphs[0].sectionPath; // []
 */
export function parseDocument(text: string, options: ParseOptions): ParsedDocument {
  const cleaned = cleanText(typeof text === 'string' ? text : '');
  const lines = cleaned.lines.map((l) => l.text);
  // A book of policy cards is parsed card by card: each card's clauses cite the card's own policy.
  const compendium = parseCompendium(lines, cleaned.info);
  if (compendium) {
    const { meta, sections, paragraphs, removed } = compendium;
    return { meta, sections, paragraphs: markDuplicates(paragraphs), removed: [...cleaned.removed, ...removed] };
  }
  const frame = analyzeFrame(lines, cleaned.info, [...cleaned.removed.map((r) => r.line), ...(options.setAside ?? [])]);
  const removed = [...cleaned.removed];
  for (const [i, role] of [...frame.roles].sort((a, b) => a[0] - b[0])) removed.push({ line: lines[i]!, rule: role });
  const { paragraphs, sections } = assembleParagraphs(lines.map((t, i) => ({ text: t, skip: frame.roles.has(i) })));
  return { meta: frame.meta, sections, paragraphs: markDuplicates(paragraphs), removed };
}
