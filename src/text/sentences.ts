/**
 * Measure sentences (措施句) of a clause: the units a long clause bundles ("(一)增强制造业创新体系效能……" holds five
 * measures). A clause is cut after 。！？； and before numbered items that follow a colon or a comma ((1)、①、1.、
 * 一是), and fragments too short to stand alone (fewer than `minChars` letters, digits and Han characters: a run-in
 * heading such as "(四)强化要素保障。", "一是", a dangling "等。") are joined to the fragment after them, or to the one
 * before them at the end of the clause. Pure; the sentences concatenated give back the clause (whitespace at the
 * cuts trimmed).
 */

/** Fragments with fewer content characters than this are joined to a neighbour. */
export const MIN_SENTENCE_CHARS = 8;

const CONTENT = /[\p{L}\p{N}]/gu;

function contentLength(s: string): number {
  return (s.match(CONTENT) ?? []).length;
}

/**
 * Where a cut may fall: after a sentence end (after its closing quote or bracket, if any), or before an enumerator
 * that follows a colon or a comma.
 */
const CUT = /(?<=[。！？!?；;])(?![)）」”’"])|(?<=[。！？!?；;][)）」”’"])|(?<=[：:，,])(?=\s*(?:[（(]\s*\d{1,2}\s*[)）]|[①-⑳]|\d{1,2}\s*[.、．](?!\d)|[一二三四五六七八九十]+是))/u;

/**
 * @example splitSentences('(二)加快企业培育。支持企业上市；对首台(套)装备给予奖励。')
 * // ['(二)加快企业培育。支持企业上市；', '对首台(套)装备给予奖励。']
 */
export function splitSentences(text: string, minChars = MIN_SENTENCE_CHARS): string[] {
  const pieces = text
    .split(CUT)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const out: string[] = [];
  let pending = '';
  for (const piece of pieces) {
    const current = pending + piece;
    if (contentLength(current) < minChars) {
      pending = current;
      continue;
    }
    out.push(current);
    pending = '';
  }
  if (pending) {
    if (out.length) out[out.length - 1] += pending;
    else out.push(pending);
  }
  return out;
}
