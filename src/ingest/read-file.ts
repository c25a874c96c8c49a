/**
 * Reading any document file a user drops in (.txt, .md, .html, .pdf, .docx, .doc) into plain text, one
 * paragraph per line, plus metadata hints. This is the ingest stage's one entry point; a bad file
 * always ends in a coded error (FILE_EMPTY, FILE_BINARY, FILE_TOO_LARGE, FILE_UNREADABLE), never in a
 * crash.
 */
import { readlinkSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createError, isPolicyLensError } from '../errors.js';
import { formatOfPath, SUPPORTED_EXTENSIONS, type SourceFormat } from './discover.js';
import { extractDocText } from './doc.js';
import { extractDocxText } from './docx.js';
import { FORMAT_NAMES, heldFormat } from './magic.js';
import { decodeText } from './encoding.js';
import { htmlToText, sniffDeclaredCharset, type HtmlHints } from './html.js';
import { extractPdfText } from './pdf.js';

export { discoverDocuments, SUPPORTED_EXTENSIONS, type SourceFormat } from './discover.js';

/** Metadata a file states about itself (meta tags, Markdown title); the text stage and manifest may override. */
export type DocumentHints = HtmlHints;

export interface ReadResult {
  /** Base name. */
  file: string;
  /** Absolute path. */
  path: string;
  format: SourceFormat;
  /** Decoded, extracted text, one paragraph per line, fixups applied. */
  text: string;
  /** For text formats: `utf-8`, `utf-8-bom`, `gb18030`, `utf-16le`, `utf-16be`, … */
  encoding?: string;
  /** For PDFs: the number of pages. */
  pages?: number;
  hints: DocumentHints;
  /** Everything worth saying about the reading, for the run's log. */
  warnings: string[];
  /**
   * What a librarian should act on, of the warnings (the index keeps them, the corpus page lists them): text repaired
   * in decoding (`ENCODING_REPAIRED`: bad bytes, lines in another encoding) and a file read as the format it holds
   * rather than its name's (`FORMAT_MISNAMED`).
   */
  notices?: ReadNotice[];
  /** Lines the reader set aside as page chrome (a PDF's running headers): metadata still reads labels in them. */
  setAside?: string[];
}

export interface ReadNotice {
  code: 'ENCODING_REPAIRED' | 'FORMAT_MISNAMED';
  message: string;
}

export interface ReadOptions {
  /** Largest file accepted, in bytes (default 50 MB). */
  maxBytes?: number;
}

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

/**
 * Read a document file into text and hints.
 *
 * @example
 * const doc = await readDocumentFile('corpus/hangzhou.pdf');
 * doc.text.split('\n')[0] // → '杭州市人民政府文件'
 */
export async function readDocumentFile(filePath: string, options: ReadOptions = {}): Promise<ReadResult> {
  const abs = path.resolve(filePath);
  const file = path.basename(abs);
  const format = formatOfPath(abs);
  if (!format) {
    throw createError('FILE_UNREADABLE', `${file}: unsupported file type; supported: ${SUPPORTED_EXTENSIONS.join(' ')}. Convert it to one of these.`);
  }
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;

  let size: number;
  try {
    const s = await stat(abs);
    if (!s.isFile()) throw createError('FILE_UNREADABLE', `${file} is not a regular file (a folder?): point at the file itself.`);
    size = s.size;
  } catch (e) {
    if (isPolicyLensError(e)) throw e;
    const target = danglingLinkTarget(abs);
    if (target !== null) throw createError('FILE_UNREADABLE', `${file} is a link to ${target}, which does not exist (a share or drive that went away?): reconnect it, or remove the link if the document is gone.`);
    throw createError('FILE_UNREADABLE', `${file} could not be opened (${describeFsError(e)}): check the path and its permissions.`);
  }
  if (size > maxBytes) {
    throw createError('FILE_TOO_LARGE', `${file} is ${megabytes(size)}, over the ${megabytes(maxBytes)} limit: split it, or raise the limit (npm run index -- --max-file-size).`);
  }
  if (size === 0) throw createError('FILE_EMPTY', `${file} is empty (0 bytes): nothing to index; remove it or replace it with the real document.`);

  let bytes: Buffer;
  try {
    bytes = await readFile(abs);
  } catch (e) {
    throw createError('FILE_UNREADABLE', `${file} could not be read (${describeFsError(e)}): check its permissions.`);
  }
  return { path: abs, ...(await readDocumentBuffer(bytes, file, { ...options, maxBytes })) };
}

/**
 * Read a document held in memory (an upload) into text and hints, exactly as {@link readDocumentFile} reads a file
 * of that name: the format comes from `file`'s extension, and the same coded errors are thrown. Nothing is
 * written anywhere.
 *
 * @example
 * const doc = await readDocumentBuffer(upload.buffer, upload.originalname, { maxBytes: 10 * 1024 * 1024 });
 */
export async function readDocumentBuffer(bytes: Buffer, file: string, options: ReadOptions = {}): Promise<Omit<ReadResult, 'path'>> {
  const format = formatOfPath(file);
  if (!format) {
    throw createError('FILE_UNREADABLE', `${file}: unsupported file type; supported: ${SUPPORTED_EXTENSIONS.join(' ')}. Convert it to one of these.`);
  }
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes) {
    throw createError('FILE_TOO_LARGE', `${file} is ${megabytes(bytes.length)}, over the ${megabytes(maxBytes)} limit: split it, or raise the limit (npm run index -- --max-file-size).`);
  }
  if (bytes.length === 0) throw createError('FILE_EMPTY', `${file} is empty (0 bytes): nothing to index; remove it or replace it with the real document.`);

  // By what the file holds: a .docx or a PDF named .txt, an HTML page named .doc, a .doc named .docx … is read as
  // what it is, with a warning.
  const held = heldFormat(bytes, format);
  let result: Omit<ReadResult, 'file' | 'path' | 'format'>;
  try {
    result = await extract(held, bytes, file);
  } catch (e) {
    // Said first when the name did not say it: "办法.txt is not a readable PDF" alone leaves a reader wondering.
    // (An OLE file is not always Word's: .xls and WPS's own files are OLE too.)
    const what = held === 'doc' ? 'an old Office file (.doc, .xls or .wps)' : FORMAT_NAMES[held];
    const named = (message: string) => (held === format ? message : `${file} (${what} with a ${path.extname(file)} name, read as ${held === 'html' ? 'a web page' : `.${held}`}): ${message.startsWith(`${file} `) ? message.slice(file.length + 1) : message}`);
    if (isPolicyLensError(e)) throw held === format ? e : createError(e.code, named(e.message));
    // Whatever a parser throws on a malformed file is the file's problem, not a crash.
    throw createError('FILE_UNREADABLE', named(`${file} could not be read as ${held} (${(e as Error)?.message ?? String(e)}): re-save or re-export it.`));
  }
  if (held !== format) {
    const message = `${file} is ${FORMAT_NAMES[held]} with a ${path.extname(file)} name: read as ${held === 'html' ? 'a web page' : `.${held}`}`;
    result.warnings.unshift(message);
    result.notices = [{ code: 'FORMAT_MISNAMED', message }, ...(result.notices ?? [])];
  }

  const text = normaliseText(result.text);
  if (text === '') {
    throw createError('FILE_EMPTY', `${file} contains no text once ${format === 'html' ? 'the page chrome is' : 'markup is'} removed: check that it is the document itself.`);
  }
  return { file, format: held, ...result, text };
}

async function extract(format: SourceFormat, bytes: Buffer, file: string): Promise<Omit<ReadResult, 'file' | 'path' | 'format'>> {
  switch (format) {
    case 'txt': {
      const { text, encoding, warnings } = decodeText(bytes, { file });
      return { text, encoding, hints: {}, warnings, ...repaired(warnings) };
    }
    case 'md': {
      const { text, encoding, warnings } = decodeText(bytes, { file });
      const md = markdownToText(text);
      return { text: md.text, encoding, hints: md.hints, warnings, ...repaired(warnings) };
    }
    case 'html': {
      const declared = sniffDeclaredCharset(bytes);
      const { text, encoding, warnings } = decodeText(bytes, { file, ...(declared ? { declaredCharset: declared } : {}) });
      const html = htmlToText(text);
      return { text: html.text, encoding, hints: html.hints, warnings: [...warnings, ...html.warnings], ...repaired(warnings) };
    }
    case 'pdf': {
      if (!bytes.subarray(0, 1024).includes('%PDF-')) {
        throw createError('FILE_UNREADABLE', `${file} is not a PDF (no %PDF- header): re-download or re-export it.`);
      }
      const pdf = await extractPdfText(bytes, file);
      return { text: pdf.text, pages: pdf.pageCount, hints: pdf.title ? { title: pdf.title } : {}, warnings: pdf.warnings, setAside: pdf.runningHeaders };
    }
    case 'docx': {
      const word = await extractDocxText(bytes, file);
      return { text: word.text, hints: {}, warnings: word.warnings };
    }
    case 'doc': {
      const word = await extractDocText(bytes, file);
      return { text: word.text, hints: {}, warnings: word.warnings };
    }
  }
}

/** The decoder's warnings (every one says how the text was repaired) as notices, when there are any. */
function repaired(warnings: string[]): { notices?: ReadNotice[] } {
  return warnings.length ? { notices: warnings.map((message) => ({ code: 'ENCODING_REPAIRED', message })) } : {};
}

/** LF line ends, no control characters, no indentation or trailing spaces, at most one blank line in a row. */
export function normaliseText(text: string): string {
  return text
    .replace(/^\ufeff/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .split('\n')
    .map((l) => l.replace(/^[\s\u00a0\u2000-\u200b\u3000\ufeff]+|[\s\u00a0\u2000-\u200b\u3000\ufeff]+$/g, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Markdown to plain lines: heading marks, emphasis, links, images, quotes and rules go; tables become
 * `a | b` rows. The first `# heading` (or a front-matter `title:`) is the title hint.
 */
export function markdownToText(markdown: string): { text: string; hints: DocumentHints } {
  const hints: DocumentHints = {};
  let body = markdown.replace(/\r\n?/g, '\n');
  const front = /^---\n([\s\S]*?)\n---\n/.exec(body);
  if (front) {
    body = body.slice(front[0].length);
    const title = /^title:\s*["']?(.+?)["']?\s*$/m.exec(front[1]!)?.[1];
    if (title) hints.title = title;
    const date = /^date:\s*["']?(\d{4}-\d{1,2}-\d{1,2})/m.exec(front[1]!)?.[1];
    if (date) hints.date = date.replace(/-(\d)(?=-|$)/g, '-0$1');
  }
  const lines: string[] = [];
  for (const raw of body.split('\n')) {
    let line = raw;
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) continue; // horizontal rule
    if (/^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line)) continue; // table separator row
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      line = heading[1]!;
      if (!hints.title && /^\s{0,3}#\s/.test(raw)) hints.title = stripInline(line);
    }
    line = line.replace(/^\s*>\s?/, '').replace(/^(\s*)[-*+]\s+(?=\S)/, '$1');
    const table = /^\s*\|(.*)\|\s*$/.exec(line);
    if (table) line = table[1]!.split('|').map((c) => stripInline(c.trim())).join(' | ');
    lines.push(stripInline(line));
  }
  return { text: lines.join('\n'), hints };
}

function stripInline(s: string): string {
  return s
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\*\*(.+?)\*\*|__(.+?)__/g, (_, a: string | undefined, b: string | undefined) => a ?? b ?? '')
    .replace(/`([^`]+)`/g, '$1');
}

/** Where a symbolic link points, when `file` is one (whose target could not be opened); else null. */
function danglingLinkTarget(file: string): string | null {
  try {
    return readlinkSync(file);
  } catch {
    return null;
  }
}

function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder';
    default:
      return (e as Error)?.message ?? String(e);
  }
}

/** A size as people read it: 12.3 MB, or 0.4 KB below a megabyte (a 1k limit had read "0.0 MB, over the 0.0 MB limit"). */
function megabytes(n: number): string {
  return n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
