/**
 * What a file's first bytes say it is, whatever its name: Word files passed along by e-mail are often renamed
 * (.doc ↔ .docx), a government site serves its notice as an HTML page named .doc, a download is saved as .txt; and
 * read-file.ts reads each by what it holds, with a warning (a .docx or PDF named .txt had been refused, "give it
 * the right extension", and an HTML page named .doc refused as "re-download it", which cannot help when the site
 * serves just that file).
 */
import type { SourceFormat } from './discover.js';

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Whether `bytes` start with `magic`. */
function hasMagic(bytes: Uint8Array, magic: number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

/** An OLE compound file: a Word 97–2003 .doc (and also .xls, .ppt, WPS's own files). */
export const isOleFile = (bytes: Uint8Array): boolean => hasMagic(bytes, OLE_MAGIC);

/** A zip archive: a .docx (and also .xlsx, .zip …). */
export const isZipFile = (bytes: Uint8Array): boolean => hasMagic(bytes, ZIP_MAGIC);

/** `%PDF-`: where a PDF file begins. */
const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d];

/** A zip holding `word/document.xml`, the body every .docx has (an .xlsx or a plain .zip does not). */
function holdsWordDocument(bytes: Buffer): boolean {
  return bytes.includes('word/document.xml', 0, 'latin1');
}

/** An HTML page: its text (after a BOM and blank space) opens with `<!DOCTYPE html` or `<html`. */
function isHtmlPage(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 512).toString('latin1').replace(/^(?:\xef\xbb\xbf)?\s*/u, '');
  return /^<(?:!doctype\s+html|html)[\s>]/iu.test(head);
}

/**
 * The format a file holds, which its name may not say: a PDF, a .docx (a zip with a Word body), a Word 97–2003
 * .doc (an OLE compound file) or an HTML page, whatever its extension; otherwise `named`, the extension's. An HTML
 * page is recognised only under a name that holds no markup of its own (.txt, .doc, .docx): Markdown may open with
 * HTML. A .doc or .docx that is a zip is read as a .docx whatever the zip holds (the .docx reader names what is
 * wrong).
 * @example heldFormat(Buffer.from('%PDF-1.7 …'), 'txt') // 'pdf'
 */
export function heldFormat(bytes: Buffer, named: SourceFormat): SourceFormat {
  if (named === 'pdf') return named; // the PDF reader looks for its header within the first 1 KB, as PDF allows
  if (hasMagic(bytes, PDF_MAGIC)) return 'pdf';
  if (isZipFile(bytes)) return named === 'doc' || named === 'docx' || holdsWordDocument(bytes) ? 'docx' : named;
  if (isOleFile(bytes)) return 'doc';
  if ((named === 'txt' || named === 'doc' || named === 'docx') && isHtmlPage(bytes)) return 'html';
  return named;
}

/** How a warning names a format: `a PDF`, `an HTML page`. */
export const FORMAT_NAMES: Readonly<Record<SourceFormat, string>> = {
  txt: 'a text file',
  md: 'a Markdown file',
  html: 'an HTML page',
  pdf: 'a PDF',
  docx: 'a Word 2007+ .docx file',
  doc: 'a Word 97–2003 .doc file',
};
