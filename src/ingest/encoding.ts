/**
 * Decoding the bytes of a text document (.txt, .md, .html) into a string without mojibake.
 *
 * Chinese government text arrives as UTF-8 (with or without BOM), as GBK/GB2312 (saved from older
 * Windows tools; GB18030 decodes both, it is their superset), and now and then as UTF-16 from Notepad
 * or Word's "Unicode text". The order of the checks matters: a BOM is proof, strict UTF-8 validity is
 * near-proof (GBK text is almost never valid UTF-8), NUL bytes on one parity are UTF-16, and only then
 * do we guess a legacy code page.
 */
import { analyse as analyseCharset } from 'chardet';
import iconv from 'iconv-lite';
import { createError } from '../errors.js';

export interface DecodedText {
  text: string;
  /** `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be`, `gb18030`, or another iconv-lite name when declared or detected. */
  encoding: string;
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

  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { text: strictUtf8(bytes.subarray(3), name), encoding: 'utf-8-bom' };
  if (startsWith(bytes, [0xff, 0xfe])) return { text: decodeUtf16(bytes.subarray(2), 'le'), encoding: 'utf-16le' };
  if (startsWith(bytes, [0xfe, 0xff])) return { text: decodeUtf16(bytes.subarray(2), 'be'), encoding: 'utf-16be' };

  const utf16 = detectUtf16WithoutBom(bytes, true);
  if (utf16) return { text: decodeUtf16(bytes, utf16), encoding: `utf-16${utf16}` };

  const utf8 = tryUtf8(bytes);
  if (utf8 !== null) {
    assertTextLike(bytes, name);
    return { text: utf8, encoding: 'utf-8' };
  }

  // UTF-16 of Chinese text without a single NUL byte (no ASCII, not even a newline) is rare but possible;
  // its low bytes look like control characters, so this comes before the binary check.
  const utf16NoNul = detectUtf16WithoutBom(bytes, false);
  if (utf16NoNul) return { text: decodeUtf16(bytes, utf16NoNul), encoding: `utf-16${utf16NoNul}` };

  assertTextLike(bytes, name);

  const declared = normaliseCharset(options.declaredCharset);
  if (declared && declared !== 'utf-8' && iconv.encodingExists(declared)) {
    return { text: iconv.decode(bytes, declared), encoding: declared };
  }

  const legacy = guessLegacyEncoding(bytes);
  return { text: iconv.decode(bytes, legacy), encoding: legacy };
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

function strictUtf8(bytes: Uint8Array, name: string): string {
  const text = tryUtf8(bytes);
  if (text === null) {
    throw createError('FILE_UNREADABLE', `${name} starts with a UTF-8 byte order mark but is not valid UTF-8: re-save it as UTF-8.`);
  }
  return text;
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
