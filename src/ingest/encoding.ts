/**
 * Decoding the bytes of a text document (.txt, .md, .html) into a string without mojibake.
 *
 * Chinese government text arrives as UTF-8 (with or without BOM), as GBK/GB2312 (saved from older
 * Windows tools; GB18030 decodes both, it is their superset), and now and then as UTF-16 from Notepad
 * or Word's "Unicode text". The order of the checks matters: a BOM is proof, strict UTF-8 validity is
 * near-proof (GBK text is almost never valid UTF-8), NUL bytes on one parity are UTF-16, and only then
 * do we guess a legacy code page.
 *
 * Text that is neither wholly UTF-8 nor wholly legacy is decided line by line, by evidence (`decodeMixed`). A
 * UTF-8 file with one bad or cut-off byte (a broken download) had been read entirely as GBK: every line mojibake
 * (`宓婂窞甯備汉…`), indexed without a word; and a UTF-8 line pasted into a GBK file became one garbage clause. Each
 * line with non-ASCII bytes is now read both ways and takes the reading with fewer rare characters (an ideograph
 * outside the common ones, a private-use or replacement character, a letter of another script): a damaged UTF-8
 * line stays UTF-8 with U+FFFD for its bad bytes, a GBK line stays GBK, and the file's warnings name how many bytes
 * were bad and which lines were in the other encoding. The common ideographs are GB2312's first level (3,755) and
 * Big5's (5,401), 6,722 together, so that traditional text is as plain as simplified. Measured on the 14 UTF-8
 * texts of seeds/ and shared/external, as written and converted to traditional with OpenCC (a scratch script, not
 * kept): rare characters are 0–0.3% of the ideographs of real text and 46–89% of any mojibake of it (UTF-8 read as
 * GB18030 70–74%, as Big5 85–89%; Big5 as GB18030 55–68%; GBK as Big5 46–51%, as UTF-8 99%); only 18–23% of GBK
 * text's multi-byte sequences happen to be valid UTF-8. The five seed texts in GBK (73 kB) read in 2–20 ms this way.
 *
 * Text read in an encoding its bytes do not prove (no BOM, not wholly valid UTF-8) whose ideographs are more than a
 * fifth rare (`garbledShare`, from 20 ideographs) is refused as FILE_UNREADABLE with the fix, never indexed: it is
 * in an encoding not recognised. (Text that is valid in the encoding it proves is taken as written, and pays
 * nothing for the check: loading the GB18030 and Big5 tables it needs takes ≈ 0.3 s in a fresh reading worker.)
 */
import { analyse as analyseCharset } from 'chardet';
import iconv from 'iconv-lite';
import { createError } from '../errors.js';

export interface DecodedText {
  text: string;
  /**
   * `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be`, `gb18030`, or another iconv-lite name when declared or detected;
   * `gb18030+utf-8` (the encoding of most lines first) for text whose lines are in two.
   */
  encoding: string;
  /** What the reader should know: bytes that were not valid in the encoding read, lines read in another. */
  warnings: string[];
}

export interface DecodeOptions {
  /** Charset declared by the document itself (e.g. `<meta charset="gbk">`); used only when the bytes are not UTF-8. */
  declaredCharset?: string;
  /** File name for error messages. */
  file?: string;
}

/** Magic numbers of formats people rename by mistake; naming the format makes the error actionable. */
const SIGNATURES: { name: string; bytes: number[] }[] = [
  { name: 'a PNG image', bytes: [0x89, 0x50, 0x4e, 0x47] },
  { name: 'a JPEG image', bytes: [0xff, 0xd8, 0xff] },
  { name: 'a GIF image', bytes: [0x47, 0x49, 0x46, 0x38] },
  { name: 'a PDF', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { name: 'a ZIP archive (or .docx/.xlsx)', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { name: 'an old Office (.doc/.xls/.wps) file', bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { name: 'a gzip archive', bytes: [0x1f, 0x8b] },
  { name: 'a 7-Zip archive', bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { name: 'a RAR archive', bytes: [0x52, 0x61, 0x72, 0x21] },
  { name: 'an executable', bytes: [0x7f, 0x45, 0x4c, 0x46] },
];

/** Name of a known binary format the bytes start with, or null. */
export function sniffBinaryFormat(bytes: Uint8Array): string | null {
  for (const sig of SIGNATURES) {
    if (bytes.length >= sig.bytes.length && sig.bytes.every((b, i) => bytes[i] === b)) return sig.name;
  }
  return null;
}

/**
 * Decode a text document's bytes. Throws FILE_BINARY for data that is not text (known binary signatures,
 * NUL bytes that are not UTF-16, many control characters).
 *
 * @example
 * decodeText(iconv.encode('专精特新', 'gbk')) // → { text: '专精特新', encoding: 'gb18030' }
 */
export function decodeText(bytes: Buffer, options: DecodeOptions = {}): DecodedText {
  const name = options.file ?? 'The file';
  const binary = sniffBinaryFormat(bytes);
  if (binary) {
    throw createError('FILE_BINARY', `${name} is ${binary}, not text: give it the right extension or convert it to text first.`);
  }
  const decoded = decodeBytes(bytes, name, options);
  if (!decoded.guessed) return { text: decoded.text, encoding: decoded.encoding, warnings: decoded.warnings };
  const garbled = garbledShare(decoded.text);
  if (garbled.ideographs >= GARBLED_MIN_IDEOGRAPHS && garbled.share > GARBLED_MAX_SHARE) {
    throw createError(
      'FILE_UNREADABLE',
      `${name} reads as garbled text (乱码) in ${decoded.encoding}: ${Math.round(garbled.share * 100)}% of its ${garbled.ideographs} Chinese characters are rare ones, against under 1% in policy text. It is in an encoding PolicyLens did not recognise, or was saved after being opened in the wrong one: open it in a text editor that shows it right and save it as UTF-8, or get the original file again.`,
    );
  }
  return { text: decoded.text, encoding: decoded.encoding, warnings: decoded.warnings };
}

/** `guessed`: read in an encoding the bytes do not prove (no BOM, not wholly valid UTF-8), which the guard checks. */
function decodeBytes(bytes: Buffer, name: string, options: DecodeOptions): DecodedText & { guessed?: boolean } {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return bomUtf8(bytes.subarray(3), name);
  if (startsWith(bytes, [0xff, 0xfe])) return { text: decodeUtf16(bytes.subarray(2), 'le'), encoding: 'utf-16le', warnings: [] };
  if (startsWith(bytes, [0xfe, 0xff])) return { text: decodeUtf16(bytes.subarray(2), 'be'), encoding: 'utf-16be', warnings: [] };

  const utf16 = detectUtf16WithoutBom(bytes, true);
  if (utf16) return { text: decodeUtf16(bytes, utf16), encoding: `utf-16${utf16}`, warnings: [], guessed: true };

  const utf8 = tryUtf8(bytes);
  if (utf8 !== null) {
    assertTextLike(bytes, name);
    return { text: utf8, encoding: 'utf-8', warnings: [] };
  }

  // UTF-16 of Chinese text without a single NUL byte (no ASCII, not even a newline) is rare but possible;
  // its low bytes look like control characters, so this comes before the binary check.
  const utf16NoNul = detectUtf16WithoutBom(bytes, false);
  if (utf16NoNul) return { text: decodeUtf16(bytes, utf16NoNul), encoding: `utf-16${utf16NoNul}`, warnings: [], guessed: true };

  assertTextLike(bytes, name);

  const declared = normaliseCharset(options.declaredCharset);
  const legacy = declared && declared !== 'utf-8' && iconv.encodingExists(declared) ? declared : guessLegacyEncoding(bytes);
  return { ...decodeMixed(bytes, legacy, name), guessed: true };
}

/** Above this share of rare ideographs a text is garbled: real text has under 0.3%, mojibake 46% or more. */
const GARBLED_MAX_SHARE = 0.2;
/** Fewer ideographs than this say too little to call a text garbled (a title, a short English note). */
const GARBLED_MIN_IDEOGRAPHS = 20;

let commonIdeographs: Set<number> | null = null;

/**
 * The ideographs policy text is made of, in either script: GB2312's first level (rows 0xB0–0xD7, the 3,755 most used
 * simplified characters) and Big5's frequently used ones (0xA440–0xC67E, 5,401 traditional), 6,722 in all.
 */
function common(): Set<number> {
  if (commonIdeographs) return commonIdeographs;
  const set = new Set<number>();
  // Each table decoded in one call (one call per character took 0.3 s); every pair is one BMP character or U+FFFD.
  const add = (pairs: number[], encoding: string) => {
    for (const ch of iconv.decode(Buffer.from(pairs), encoding)) if (ch !== '\ufffd') set.add(ch.codePointAt(0)!);
  };
  const gb: number[] = [];
  for (let lead = 0xb0; lead <= 0xd7; lead++) for (let trail = 0xa1; trail <= (lead === 0xd7 ? 0xf9 : 0xfe); trail++) gb.push(lead, trail);
  add(gb, 'gb18030');
  const big5: number[] = [];
  for (let lead = 0xa4; lead <= 0xc6; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) if ((trail <= 0x7e || trail >= 0xa1) && (lead < 0xc6 || trail <= 0x7e)) big5.push(lead, trail);
  }
  add(big5, 'big5');
  commonIdeographs = set;
  return set;
}

const isIdeograph = (cp: number): boolean =>
  (cp >= 0x3400 && cp < 0x4dc0) || (cp >= 0x4e00 && cp < 0xa000) || (cp >= 0xf900 && cp < 0xfb00) || (cp >= 0x20000 && cp < 0x323b0);
/** What a wrong decoding turns bytes into besides rare ideographs: private-use code points and U+FFFD. */
const isJunk = (cp: number): boolean => (cp >= 0xe000 && cp < 0xf900) || cp === 0xfffd;

/**
 * How many of a text's ideographs (and private-use or replacement characters) are rare: 0–0.3% in real policy text,
 * simplified or traditional, 46% or more in mojibake of it (see the file header).
 * @example garbledShare('宓婂窞甯備汉姘戞斂搴滃叧浜庡姞蹇').share // 0.6
 */
export function garbledShare(text: string): { ideographs: number; share: number } {
  const set = common();
  let ideographs = 0;
  let rare = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x3400) {
      if (cp === 0xfffd) {
        ideographs++;
        rare++;
      }
      continue;
    }
    if (isIdeograph(cp)) {
      ideographs++;
      if (!set.has(cp)) rare++;
    } else if (isJunk(cp)) {
      ideographs++;
      rare++;
    }
  }
  return { ideographs, share: ideographs === 0 ? 0 : rare / ideographs };
}

/**
 * A line's rare characters per character, for choosing between two readings of it: rare ideographs, private-use and
 * replacement characters, and letters of other scripts (U+0080–U+2FFF that are not punctuation or symbols), which a
 * GBK byte pair read as UTF-8 becomes (Latin, Greek, Cyrillic, Arabic …).
 */
function lineCost(text: string): number {
  const set = common();
  let chars = 0;
  let rare = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) continue;
    chars++;
    if (isIdeograph(cp)) {
      if (!set.has(cp)) rare++;
    } else if (isJunk(cp)) rare++;
    else if (cp < 0x3000 && !isSymbol(cp)) rare++;
  }
  return chars === 0 ? 0 : rare / chars;
}

/** Punctuation and symbols Chinese text uses outside the CJK blocks: · × ÷ ° ± § — ‘’ “” … ‰ ℃ № Ⅰ ① ■ ★. */
const isSymbol = (cp: number): boolean =>
  cp === 0xa7 || cp === 0xb0 || cp === 0xb1 || cp === 0xb7 || cp === 0xd7 || cp === 0xf7 || (cp >= 0x2000 && cp < 0x2bff);

/**
 * UTF-8's evidence in bytes: well-formed multi-byte sequences, and bytes that start none (a bad or cut-off byte
 * each). ASCII counts for neither.
 * @example utf8Evidence(Buffer.from([0xe4, 0xb8, 0x80, 0xff])) // { valid: 1, invalid: 1 }
 */
export function utf8Evidence(bytes: Uint8Array): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    let ok = length > 0 && i + length <= bytes.length;
    for (let k = 1; ok && k < length; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
    if (ok && length === 3) {
      const cp = ((lead & 0x0f) << 12) | ((bytes[i + 1]! & 0x3f) << 6) | (bytes[i + 2]! & 0x3f);
      ok = cp >= 0x800 && (cp < 0xd800 || cp >= 0xe000);
    } else if (ok && length === 4) {
      const cp = ((lead & 0x07) << 18) | ((bytes[i + 1]! & 0x3f) << 12) | ((bytes[i + 2]! & 0x3f) << 6) | (bytes[i + 3]! & 0x3f);
      ok = cp >= 0x10000 && cp <= 0x10ffff;
    }
    if (ok) {
      valid++;
      i += length;
    } else {
      invalid++;
      i++;
    }
  }
  return { valid, invalid };
}

const badUtf8Warning = (name: string, bytes: number): string =>
  `${name} is UTF-8 with ${bytes} byte${bytes > 1 ? 's' : ''} that ${bytes > 1 ? 'are' : 'is'} not valid UTF-8 (a damaged or cut-off copy?): read as UTF-8, each bad byte shown as �. Get the file again if its text is incomplete.`;

/**
 * Bytes that are not valid UTF-8 as a whole, read line by line (LF never occurs inside a GBK, GB18030, Big5 or UTF-8
 * character): each line with non-ASCII bytes as UTF-8 (U+FFFD for a bad byte) or as `legacy`, whichever reads with
 * fewer rare characters; a tie goes to UTF-8 when the line is valid UTF-8. Warnings say how many bytes were bad and
 * how many lines were read in the file's minority encoding.
 * @example decodeMixed(Buffer.concat([iconv.encode('一、总则\n', 'gbk'), Buffer.from('二、附则', 'utf8')]), 'gb18030', 'a.txt').text // '一、总则\n二、附则'
 */
export function decodeMixed(bytes: Buffer, legacy: string, name: string): DecodedText {
  const utf8 = new TextDecoder('utf-8', { fatal: false });
  const parts: string[] = [];
  let utf8Lines = 0;
  let legacyLines = 0;
  let badBytes = 0;
  const legacyAt: number[] = [];
  const utf8At: number[] = [];
  let start = 0;
  let lineNo = 0;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const line = bytes.subarray(start, end);
    lineNo++;
    if (!line.some((b) => b >= 0x80)) parts.push(line.toString('latin1'));
    else {
      const evidence = utf8Evidence(line);
      const asLegacy = iconv.decode(line, legacy);
      // Most of its multi-byte sequences broken: no UTF-8 (a GBK line's are 18–23% valid), and no need to weigh it.
      const asUtf8 = evidence.valid > evidence.invalid ? utf8.decode(line) : null;
      if (asUtf8 !== null && (lineCost(asUtf8) < lineCost(asLegacy) || (evidence.invalid === 0 && lineCost(asUtf8) === lineCost(asLegacy)))) {
        parts.push(asUtf8);
        utf8Lines++;
        badBytes += evidence.invalid;
        utf8At.push(lineNo);
      } else {
        parts.push(asLegacy);
        legacyLines++;
        legacyAt.push(lineNo);
      }
    }
    start = end + 1;
  }
  const text = parts.join('\n');
  const warnings: string[] = [];
  const lines = (at: number[]) => `line${at.length > 1 ? 's' : ''} ${at.slice(0, 5).join(', ')}${at.length > 5 ? ` … (${at.length})` : ''}`;
  if (utf8Lines >= legacyLines) {
    if (legacyLines) warnings.push(`${name} mixes encodings: ${lines(legacyAt)} in ${legacy} in a UTF-8 text (pasted from another file?); each line was read in its own. Check those lines, and save the file as UTF-8.`);
    if (badBytes) warnings.push(badUtf8Warning(name, badBytes));
    return { text, encoding: legacyLines ? `utf-8+${legacy}` : 'utf-8', warnings };
  }
  if (utf8Lines) warnings.push(`${name} mixes encodings: ${lines(utf8At)} in UTF-8 in a ${legacy} text (pasted from another file?); each line was read in its own${badBytes ? `, ${badBytes} bad byte${badBytes > 1 ? 's' : ''} shown as �` : ''}. Check those lines, and save the file as UTF-8.`);
  return { text, encoding: utf8Lines ? `${legacy}+utf-8` : legacy, warnings };
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

function tryUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** After a UTF-8 BOM: UTF-8, a bad byte shown as U+FFFD and counted in a warning (it had refused the whole file). */
function bomUtf8(bytes: Uint8Array, name: string): DecodedText {
  const text = tryUtf8(bytes);
  if (text !== null) return { text, encoding: 'utf-8-bom', warnings: [] };
  const { invalid } = utf8Evidence(bytes);
  return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8-bom', warnings: [badUtf8Warning(name, invalid)] };
}

function decodeUtf16(bytes: Uint8Array, endian: 'le' | 'be'): string {
  // An odd trailing byte cannot be a character: drop it rather than emit U+FFFD.
  const even = bytes.length % 2 === 0 ? bytes : bytes.subarray(0, bytes.length - 1);
  return new TextDecoder(endian === 'le' ? 'utf-16le' : 'utf-16be').decode(even);
}

/**
 * UTF-16 without a BOM. Its NUL bytes (the high byte of ASCII, the low byte of 一 U+4E00…) are the cue
 * to try it; the decision is whether one byte order decodes to ordinary text, which binary data and
 * text in other encodings do not.
 */
function detectUtf16WithoutBom(bytes: Uint8Array, requireNul: boolean): 'le' | 'be' | null {
  const n = Math.min(bytes.length, 64 * 1024) & ~1;
  if (n < 2) return null;
  const sample = bytes.subarray(0, n);
  if (requireNul && !sample.includes(0)) return null;
  const le = plausibleTextRatio(decodeUtf16(sample, 'le'));
  const be = plausibleTextRatio(decodeUtf16(sample, 'be'));
  if (Math.max(le, be) < 0.95) return null;
  return le >= be ? 'le' : 'be';
}

/**
 * Share of characters that Chinese and Western documents are made of. Deliberately narrow (random
 * 16-bit values land here about a third of the time), so that binary data never passes for text.
 */
function plausibleTextRatio(text: string): number {
  let good = 0;
  let total = 0;
  for (const ch of text) {
    total++;
    const cp = ch.codePointAt(0)!;
    if (
      (cp >= 0x20 && cp < 0x7f) ||
      cp === 0x09 || cp === 0x0a || cp === 0x0d ||
      (cp >= 0xa0 && cp < 0x180) || // Latin-1, Latin Extended-A
      (cp >= 0x2000 && cp < 0x2070) || // general punctuation
      (cp >= 0x2460 && cp < 0x2500) || // circled numbers
      (cp >= 0x3000 && cp < 0x3100) || // CJK punctuation, kana
      (cp >= 0x3400 && cp < 0x4dc0) || // CJK extension A
      (cp >= 0x4e00 && cp < 0xa000) || // CJK unified ideographs
      (cp >= 0xff00 && cp < 0xfff0) || // full-width forms
      (cp >= 0x20000 && cp < 0x323b0) // CJK extensions B–H
    ) good++;
  }
  return total === 0 ? 0 : good / total;
}

/** NULs (outside UTF-16) and C0 control characters do not occur in text documents. */
function assertTextLike(bytes: Uint8Array, name: string): void {
  const n = Math.min(bytes.length, 64 * 1024);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) {
      throw createError('FILE_BINARY', `${name} contains NUL bytes: it is binary data, not a text document. Convert it to .txt, .html, .pdf or .docx.`);
    }
    // Tab, LF, VT, FF, CR and ESC are tolerated; form feeds appear in text exported from old tools.
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0b && b !== 0x0c && b !== 0x0d && b !== 0x1b) || b === 0x7f) controls++;
  }
  if (n > 0 && controls / n > 0.01) {
    throw createError('FILE_BINARY', `${name} is full of control characters: it is binary data, not a text document. Convert it to .txt, .html, .pdf or .docx.`);
  }
}

/**
 * Not UTF-8, no declaration: in this domain it is almost always GBK/GB2312, which GB18030 decodes.
 * chardet is asked only to catch the rarer Big5 (Hong Kong, Taiwan) and single-byte Western files,
 * and only when it is more confident of them than of GB18030.
 */
function guessLegacyEncoding(bytes: Uint8Array): string {
  const sample = bytes.subarray(0, 64 * 1024);
  let matches: { name: string; confidence: number }[] = [];
  try {
    matches = analyseCharset(sample);
  } catch {
    return 'gb18030';
  }
  const gbConfidence = matches.find((m) => m.name === 'GB18030')?.confidence ?? 0;
  const top = matches[0];
  if (top && top.confidence > gbConfidence && top.confidence >= 50) {
    const name = normaliseCharset(top.name);
    if (name && (name === 'big5' || /^(windows-125\d|iso-8859-\d+)$/.test(name)) && iconv.encodingExists(name)) return name;
  }
  return 'gb18030';
}

/** `GB2312`, `gbk`, `x-gbk` → `gb18030` (its superset); `UTF8` → `utf-8`; lower-case otherwise. */
export function normaliseCharset(charset: string | undefined): string | undefined {
  if (!charset) return undefined;
  const c = charset.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (c === '') return undefined;
  if (c === 'utf8' || c === 'utf-8') return 'utf-8';
  if (c === 'gb2312' || c === 'gbk' || c === 'x-gbk' || c === 'gb_2312-80' || c === 'cp936' || c === 'gb18030') return 'gb18030';
  if (c === 'big5-hkscs') return 'big5hkscs';
  return c;
}
