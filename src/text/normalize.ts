/**
 * Character-level normalisation (规范化) of decoded policy text.
 *
 * Paragraph text must stay an exact substring of the source (for citation and for the eval's anchors), so
 * {@link normalizeLine} changes only what carries no meaning: odd spaces, invisible characters and full-width
 * letters and digits. Chinese punctuation such as ，。（）： is kept as written. {@link canonical} goes further and
 * is for comparisons only (duplicates, title and heading matching), never for text that is shown.
 */

/** Spaces that are not ASCII space: no-break, en/em and the other typographic spaces, ideographic space U+3000. */
const ODD_SPACES = /[\t\v\f\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
/**
 * Invisible characters: every format character (Unicode category Cf: zero-width space and joiners, word joiner, BOM,
 * soft hyphen, bidi marks and isolates, U+2066–2069 included), the Mongolian vowel separator, and the variation
 * selectors (U+FE00–FE0F, the ideographic ones U+E0100–E01EF): text copied from a web page or WeChat carries them, and
 * they change no word. The same set leaves a query (src/server/validate.ts), so that a query and a clause meet.
 */
const INVISIBLE = /[\p{Cf}\u180e\ufe00-\ufe0f\u{e0100}-\u{e01ef}]/gu;
/** Full-width digits and Latin letters (Ａ-Ｚ, ａ-ｚ, ０-９). */
const FULL_WIDTH_ALNUM = /[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g;
/** Any C0/C1 control character except the line breaks, which the line splitter handles. */
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g;

/**
 * Normalise one line: odd spaces → ASCII space, full-width digits/letters → half-width, invisible and control
 * characters removed, runs of spaces collapsed, the line trimmed. Punctuation is left as written.
 * @example normalizeLine('\u3000\u3000一、总体要求２０２３') // '一、总体要求2023'
 */
export function normalizeLine(line: string): string {
  return line
    .replace(INVISIBLE, '')
    .replace(CONTROL, '')
    .replace(ODD_SPACES, ' ')
    .replace(FULL_WIDTH_ALNUM, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/ {2,}/g, ' ')
    .trim();
}

/**
 * The text without its invisible characters (format characters and variation selectors, as {@link normalizeLine}
 * drops them), nothing else changed: for what a user types or pastes (a query, a place name), which must meet the
 * clauses as the index normalised them. `专精\u200b特新` had matched no clause's phrase and lost its expansions.
 * @example withoutInvisible('昆山\u200b') // '昆山'
 */
export function withoutInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/**
 * Split text into lines on any line break (CRLF, CR, LF, U+2028/U+2029). Lines are not normalised.
 * @example splitLines('a\r\nb\rc') // ['a', 'b', 'c']
 */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|[\r\n\u2028\u2029\u0085]/);
}

/** Full-width and CJK punctuation folded to one ASCII form for comparison. */
const CANONICAL_PUNCTUATION: Record<string, string> = {
  '，': ',', '。': '.', '；': ';', '：': ':', '！': '!', '？': '?', '、': ',',
  '（': '(', '）': ')', '〔': '[', '〕': ']', '［': '[', '］': ']', '【': '[', '】': ']',
  '“': '"', '”': '"', '「': '"', '」': '"', '‘': "'", '’': "'", '《': '<', '》': '>',
  '—': '-', '–': '-', '－': '-', '―': '-', '~': '-', '～': '-', '·': '.', '．': '.', '％': '%',
};
const CANONICAL_CHARS = new RegExp(`[${Object.keys(CANONICAL_PUNCTUATION).join('')}]`, 'g');

/**
 * A comparison key: normalised, full-width punctuation folded to ASCII, dashes unified, all whitespace removed,
 * ASCII letters lower-cased. `(2023—2027年)` and `（2023-2027年）` have the same key.
 * @example canonical('（2023—2027 年）') // '(2023-2027年)'
 */
export function canonical(s: string): string {
  return normalizeLine(s)
    .replace(CANONICAL_CHARS, (c) => CANONICAL_PUNCTUATION[c] ?? c)
    .replace(/-+/g, '-')
    .replace(/\s+/g, '')
    .toLowerCase();
}

/** True when the string has something a reader would call content: a letter, a Han character or a digit. */
export function hasContent(s: string): boolean {
  return /[\p{L}\p{N}]/u.test(s);
}

/** Count Han characters, letters and digits: the length of the content without punctuation and spaces. */
export function contentLength(s: string): number {
  // A loop with fast paths for CJK ideographs and ASCII (most characters here), the property test for the rest:
  // the /[\p{L}\p{N}]/gu match this replaces made an array of every character and took a quarter of a parse.
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)) n++;
    else if (c < 0x80) continue;
    else {
      const cp = s.codePointAt(i)!;
      if (cp > 0xffff) i++;
      if (LETTER_OR_NUMBER.test(String.fromCodePoint(cp))) n++;
    }
  }
  return n;
}

const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;
