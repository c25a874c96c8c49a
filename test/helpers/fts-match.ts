import { toWellFormed } from '../../src/text/segment.js';

/**
 * The FTS5 MATCH expression the engine used before schema 4 (src/text/segment.ts's ftsQuery then): each term a
 * quoted phrase, OR-ed. The keyword-index tests compare postings.bin with FTS5 through it.
 */
export function ftsMatch(terms: readonly string[]): string {
  const phrases = new Set<string>();
  for (const term of terms) {
    const clean = toWellFormed(term).replace(/[\u0000\uFFFD]/g, ' ').trim();
    if (!/[\p{L}\p{N}]/u.test(clean)) continue;
    phrases.add(`"${clean.replace(/"/g, '""')}"`);
    if (phrases.size >= 64) break;
  }
  return [...phrases].join(' OR ');
}
