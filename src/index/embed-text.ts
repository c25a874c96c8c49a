/**
 * What is embedded for a paragraph. The stored and displayed text stays the clause as written; the embedded text
 * may add context that the clause alone lacks (the table header for a table row, the section heading for a
 * clause). Whether section context helps was measured on the dev set (see README, "Design choices").
 */
import { toSimplified } from '../text/script.js';

export type EmbedContext = 'none' | 'heading' | 'section';

export interface EmbedTextInput {
  text: string;
  sectionPath: string[];
  kind: 'text' | 'table-row';
  columns?: string[] | null;
  title?: string | null;
}

/** Removes a heading's numbering (一、 / (四) / 1.) so that context reads as words, not labels. */
function stripNumbering(heading: string): string {
  return heading.replace(/^\s*(?:[一二三四五六七八九十百]+、|[(（][一二三四五六七八九十百\d]+[)）]|\d+[.、．]|附件\s*\d*[:：]?|第[一二三四五六七八九十百\d]+[章条部分节])\s*/u, '').trim();
}

export function composeEmbedText(p: EmbedTextInput, context: EmbedContext): string {
  // Traditional characters are embedded as simplified ones (src/text/script.ts), as queries are: the model met far
  // more simplified text. Simplified text comes back unchanged, so its cached vectors stay valid.
  return toSimplified(composeText(p, context));
}

function composeText(p: EmbedTextInput, context: EmbedContext): string {
  let body = p.text;
  if (p.kind === 'table-row' && p.columns && p.columns.length) {
    // A bare row ("6 | 规上工业亩均税收(万元/亩) | 35 | 36 | 37") means little without its header.
    body = `${p.columns.join(' | ')}\n${p.text}`;
  }
  if (context === 'none') return body;
  const canonicalBody = body.replace(/\s+/g, '');
  const headings = p.sectionPath
    .slice(context === 'heading' ? -1 : -2)
    .map(stripNumbering)
    .filter((h) => h && !canonicalBody.startsWith(h.replace(/\s+/g, '')) && !canonicalBody.includes(h.replace(/\s+/g, '')));
  return headings.length ? `${headings.join(' ')}：${body}` : body;
}
