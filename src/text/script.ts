/**
 * Traditional characters folded to simplified ones, for matching only (繁简归一).
 *
 * A researcher in Hong Kong or Taiwan types 專精特新企業; a county's notice may be posted in traditional script. Both
 * should meet the mainland's 专精特新企业. Before this, a traditional query reached the clauses only through the
 * embedder's partial grasp of traditional script and through characters the two scripts share: with dev, own and
 * tune's queries converted to traditional (OpenCC s2tw), hybrid nDCG@10 fell 0.831 → 0.768, 0.833 → 0.723 and
 * 0.848 → 0.807, and tune's pairs from a pasted sentence 0.854 → 0.719.
 *
 * Conversion is OpenCC's generic traditional → simplified (`t2s`: its phrase table, then its character table), from
 * `opencc-js`, the maintained JavaScript port, whose t2cn build carries that direction alone (110 kB). The generic
 * table, not Taiwan's or Hong Kong's: those also fold their regional variants (著 → 着), which rewrote 显著 in four
 * lines of the seed and external corpus, whereas `t2s` leaves every line of those 18 documents and every query of
 * the labelled sets as it is, except one 雙 in a Guangzhou page, which is traditional.
 *
 * The folded text keeps the original's length, character for character, so offsets found in it (highlighting) hold
 * in the text as written; a phrase rule that would change the length falls back to characters one by one. Stored and
 * displayed text is never converted: a citation quotes the document as published.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import OpenCC from 'opencc-js/t2cn';

type Convert = (text: string) => string;

let convert: Convert | null = null;
/** BMP code units the character table changes; a text with none of them is returned as it is, without a pass. */
let convertible: Uint8Array | null = null;

function converter(): { convert: Convert; convertible: Uint8Array } {
  if (!convert || !convertible) {
    const c = OpenCC.Converter({ from: 't', to: 'cn' });
    const table = new Uint8Array(0x10000);
    // Every ideograph of the BMP through the converter once (about 20 ms): the characters it would change.
    for (const [from, to] of [[0x2e80, 0x2fdf], [0x3400, 0x9fff], [0xf900, 0xfaff]] as const) {
      for (let code = from; code <= to; code++) {
        const ch = String.fromCharCode(code);
        if (c(ch) !== ch) table[code] = 1;
      }
    }
    convert = c;
    convertible = table;
    return { convert: c, convertible: table };
  }
  return { convert, convertible };
}

/**
 * Whether the text holds a character that folding may change: a traditional form, or one both scripts write that a
 * phrase decides (乾 in 乾燥 but not in 乾坤). False for nearly all simplified text, which then needs no conversion.
 */
export function hasTraditional(text: string): boolean {
  const { convertible: table } = converter();
  for (let i = 0; i < text.length; i++) if (table[text.charCodeAt(i)]) return true;
  return false;
}

/**
 * The text with traditional characters folded to simplified ones, the same length, character for character.
 * Simplified text comes back unchanged (the same string).
 *
 * @example toSimplified('專精特新「小巨人」企業') // '专精特新「小巨人」企业'
 * @example toSimplified('显著提升') // '显著提升'
 */
export function toSimplified(text: string): string {
  if (!hasTraditional(text)) return text;
  const { convert: c, convertible: table } = converter();
  const whole = c(text);
  if (aligned(text, whole, table)) return whole;
  // A phrase rule changed the length or moved characters: fold each character alone, which never does.
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const folded = table[ch.charCodeAt(0)] ? c(ch) : ch;
    out += folded.length === 1 ? folded : ch;
  }
  return out;
}

/** Same length, and only convertible characters differ: offsets in `folded` are offsets in `text`. */
function aligned(text: string, folded: string, table: Uint8Array): boolean {
  if (folded.length !== text.length) return false;
  for (let i = 0; i < text.length; i++) {
    if (folded.charCodeAt(i) !== text.charCodeAt(i) && !table[text.charCodeAt(i)]) return false;
  }
  return true;
}

/** The converter's name and version, part of the index's pipeline hash: new tables re-tokenise every clause. */
export function scriptFoldingVersion(): string {
  // The package exports no package.json: read it beside the resolved entry point.
  const entry = createRequire(import.meta.url).resolve('opencc-js');
  const root = entry.slice(0, entry.lastIndexOf(`${sep}dist${sep}`));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  return `opencc-js ${pkg.version} t2s`;
}
