/**
 * Text from a Word .docx: mammoth converts it to HTML (headings, paragraphs, tables), and the HTML
 * flattener turns that into lines and `a | b` table rows, the same shape as every other format.
 */
import { createError } from '../errors.js';
import { isOleFile, isZipFile } from './magic.js';
import { htmlToText } from './html.js';
import { startsHeading } from '../text/pdf-fixups.js';
import { chineseNumeral } from '../text/structure.js';

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
  const { text, warnings } = htmlToText(numberStructure(result.value), { wholeDocument: true });
  const errors = result.messages.filter((m) => m.type === 'error');
  for (const m of errors.slice(0, 3)) warnings.push(`mammoth: ${m.message}`);
  if (errors.length > 3) warnings.push(`mammoth: ${errors.length - 3} more errors`);
  return { text, warnings };
}

/** The text of an HTML fragment: tags removed. */
const textOf = (html: string) => html.replace(/<[^>]*>/g, '').trim();

/**
 * The numbering Word shows but does not store in the text: a draft written with heading styles (标题 1, 标题 2) and
 * automatic list numbering came out of mammoth as <h1>, <h2> and <ol><li> without 一、 / （一） / 1., so the desk
 * found no structure in it (every clause without a section, a heading compared as a clause). Headings and ordered
 * list items are labelled here by level: <h1> 一、, <h2> （一）, <h3> 1., an ordered list's items 1. 2. … — unless the
 * text already starts with numbering. (A heading style that Word shows without a number gets a label too: the label
 * is how the parser sees a level.) <h1> is numbered only when there are two or more
 * of them (a lone <h1> is usually the title). Each level's count restarts under a new heading above it.
 */
export function numberStructure(html: string): string {
  const plain = (inner: string) => textOf(inner) !== '' && !startsHeading(textOf(inner));
  const h1s = [...html.matchAll(/<h1\b[^>]*>([\s\S]*?)<\/h1>/g)].filter((m) => plain(m[1]!)).length;
  const counts = [0, 0, 0, 0];
  const lists: { ordered: boolean; n: number }[] = [];
  // The text an element starts with: up to the next tag that opens or closes a block.
  const leading = (from: number) => {
    const rest = html.slice(from);
    const end = rest.search(/<\/?(?:li|ol|ul|p|h[1-6]|table)\b/);
    return textOf(end < 0 ? rest : rest.slice(0, end));
  };
  let out = '';
  let last = 0;
  for (const m of html.matchAll(/<(\/?)(h[1-3]|ol|ul|li)\b[^>]*>/g)) {
    const [tag, close, name] = [m[0], m[1]!, m[2]!];
    const after = m.index + tag.length;
    let label = '';
    if (close) {
      if (name === 'ol' || name === 'ul') lists.pop();
    } else if (name === 'ol' || name === 'ul') {
      lists.push({ ordered: name === 'ol', n: 0 });
    } else if (name === 'li') {
      const list = lists.at(-1);
      if (list?.ordered) {
        list.n++;
        const text = leading(after);
        if (text !== '' && !startsHeading(text)) label = `${list.n}．`;
      }
    } else {
      const level = Number(name[1]);
      const text = leading(after);
      if ((level > 1 || h1s >= 2) && text !== '' && !startsHeading(text)) {
        counts[level]!++;
        for (let l = level + 1; l < counts.length; l++) counts[l] = 0;
        const n = counts[level]!;
        label = level === 1 ? `${chineseNumeral(n)}、` : level === 2 ? `（${chineseNumeral(n)}）` : `${n}．`;
      }
    }
    out += html.slice(last, after) + label;
    last = after;
  }
  return out + html.slice(last);
}
