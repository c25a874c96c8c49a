/**
 * Text from a Word 97–2003 .doc, the format many government sites still attach their documents in (附件：….doc).
 *
 * word-extractor (MIT, pure JavaScript, no helper program) reads the OLE compound file and its piece table; its
 * body text is the document without headers, footers, footnotes and comments. Its default filter turns “小巨人”'s
 * curly quotes and the dashes into ASCII, which Chinese text must keep, so the text is taken unfiltered.
 *
 * In that text a table cell and a row end are both a tab (Word's cell mark, \x07): a line that ends in a tab is a
 * table row and becomes `a | b | c`, the shape every other format gives a table. Any other tab (after 一、 typed with
 * a tab stop) becomes a space. Numbers that Word generates itself (automatic list numbering) are not in the text
 * stream, so a heading numbered that way reaches the structure parser without its 一、.
 *
 * A .doc that is really a .docx (a zip, renamed) is read as a .docx, and a .docx that is really a .doc as a .doc,
 * each with a warning (read-file.ts decides by the first bytes): both happen with files passed along by e-mail.
 */
import { createError } from '../errors.js';
import { isOleFile } from './magic.js';
import { compoundFileProblem } from './ole.js';

export interface DocText {
  text: string;
  warnings: string[];
}

/**
 * A .doc body's lines as the other formats give them: tables as `a | b` rows, other tabs as spaces.
 * @example docBodyLines('指标\t2025年\t\n研发投入\t3%\t\n一、\t目标') // '指标 | 2025年\n研发投入 | 3%\n一、 目标'
 */
export function docBodyLines(body: string): string {
  return body
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => {
      if (!line.endsWith('\t')) return line.replace(/\t+/g, ' ');
      const cells = line.slice(0, -1).split('\t').map((c) => c.trim());
      return cells.every((c) => c === '') ? '' : cells.join(' | ');
    })
    .join('\n');
}

/**
 * Extract the body text of a Word 97–2003 document. Throws FILE_UNREADABLE when the file is not one (no OLE
 * header), or is damaged or encrypted.
 */
export async function extractDocText(bytes: Buffer, file: string): Promise<DocText> {
  if (!isOleFile(bytes)) {
    throw createError('FILE_UNREADABLE', `${file} is not a Word .doc (no OLE compound-file header): re-download it, or save it as .docx or PDF.`);
  }
  const problem = compoundFileProblem(bytes);
  if (problem) throw createError('FILE_UNREADABLE', `${file} is a damaged Word 97–2003 document (${problem}): open it in Word or WPS and save it as .docx.`);
  let body: string;
  try {
    // Loaded on first use, as mammoth is for .docx.
    const { default: WordExtractor } = await import('word-extractor');
    const doc = await new WordExtractor().extract(bytes);
    body = doc.getBody({ filterUnicode: false });
  } catch (e) {
    // word-extractor names what it misses (no WordDocument stream: an .xls or another OLE file renamed; encrypted files).
    throw createError('FILE_UNREADABLE', `${file} could not be read as a Word 97–2003 document (${(e as Error)?.message ?? String(e)}): open it in Word or WPS and save it as .docx.`);
  }
  return { text: docBodyLines(body), warnings: [] };
}
