/**
 * Text from a Word .docx: mammoth converts it to HTML (headings, paragraphs, tables), and the HTML
 * flattener turns that into lines and `a | b` table rows, the same shape as every other format.
 */
import { createError } from '../errors.js';
import { isOleFile, isZipFile } from './magic.js';
import { htmlToText } from './html.js';

export interface DocxText {
  text: string;
  warnings: string[];
}

/**
 * Extract the text of a .docx. Throws FILE_UNREADABLE when the file is not a Word 2007+ document (a damaged zip,
 * another format renamed; read-file.ts reads an old .doc with a .docx name as a .doc before it gets here).
 */
export async function extractDocxText(bytes: Buffer, file: string): Promise<DocxText> {
  if (isOleFile(bytes)) {
    throw createError('FILE_UNREADABLE', `${file} is an old Word .doc (or WPS) file with a .docx name: open it in Word or WPS and save it as .docx.`);
  }
  if (!isZipFile(bytes)) {
    throw createError('FILE_UNREADABLE', `${file} is not a .docx (a .docx is a zip archive, this file is not): re-save it from Word as .docx.`);
  }
  let result: { value: string; messages: { type: string; message: string }[] };
  try {
    // Loaded on first use: the reading worker starts without it (≈ 0.3 s) when the corpus has no .docx.
    const { default: mammoth } = await import('mammoth');
    result = await mammoth.convertToHtml({ buffer: bytes });
  } catch (e) {
    throw createError('FILE_UNREADABLE', `${file} could not be read as a Word document (${(e as Error).message ?? e}): re-save it from Word as .docx.`);
  }
  const { text, warnings } = htmlToText(result.value, { wholeDocument: true });
  const errors = result.messages.filter((m) => m.type === 'error');
  for (const m of errors.slice(0, 3)) warnings.push(`mammoth: ${m.message}`);
  if (errors.length > 3) warnings.push(`mammoth: ${errors.length - 3} more errors`);
  return { text, warnings };
}
