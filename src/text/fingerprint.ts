/**
 * A clause's fingerprint (`?h=` in its permalink, `fingerprint` in every JSON answer that lists it): FNV-1a over its
 * text, base 36. A clause's id is its position in its document, so a changed document (or a parsing fix) moves the ids
 * after the change; a link that carries the fingerprint finds its clause again, or says it changed, instead of
 * silently opening another (the clause page, /api/paragraphs/:id). Pure, and the same in the engine, the analysis and
 * the server, which all cite clauses.
 * @example clauseFingerprint('推进园区建设。') // '1x0k9qe' (7 characters or fewer)
 */
export function clauseFingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

/** What a fingerprint looks like (at most 7 base-36 digits; a few more are let through, as links have carried). */
export const FINGERPRINT_PATTERN = /^[0-9a-z]{1,13}$/u;
