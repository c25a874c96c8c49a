/**
 * Reading a draft for the drafting desk: pasted text, or an uploaded .docx, .doc, .pdf, .txt or .md held in memory and read
 * by the ingest stage's own readers (src/ingest/read-file.ts), so that a draft becomes text exactly as an indexed
 * document does. Nothing is written anywhere.
 *
 * Every refusal says what to do, and no message quotes the draft or names the file: refusals are logged, and a log
 * must carry nothing of a draft (its file name included).
 */
import path from 'node:path';
import { createError, isPolicyLensError, type PolicyLensError } from '../errors.js';
import { readDocumentBuffer, type ReadOptions } from '../ingest/read-file.js';
import type { DraftInput, DraftReport } from './types.js';

/** The desk's limits: what a drafter pastes or uploads, and how much one request may ask of the machine. */
export const DRAFT_LIMITS = {
  /** Pasted text, and the text read from a file, in characters (code points). */
  maxChars: 50_000,
  /** Uploaded file size. */
  maxBytes: 10 * 1024 * 1024,
  /** Clauses per draft: a 500-clause draft completes (see README "Drafting desk" for the time it takes). */
  maxClauses: 500,
} as const;

/** File types the desk reads, by extension. */
export const DRAFT_EXTENSIONS: Record<string, Exclude<DraftReport['summary']['source'], 'text'>> = {
  '.docx': 'docx',
  '.doc': 'doc',
  '.pdf': 'pdf',
  '.txt': 'txt',
  '.md': 'md',
  '.markdown': 'md',
};

const ACCEPTED = '.docx, .doc, .pdf, .txt or .md';
const ACCEPTED_ZH = '.docx、.doc、.pdf、.txt 或 .md';
const NO_TEXT = 'No text was found in the file: check that it is the draft itself, or paste its text.';
const NO_TEXT_ZH = '文件里没有读到文字：请确认是草案本身，或粘贴文字。';

export interface DraftText {
  text: string;
  source: DraftReport['summary']['source'];
}

function characters(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function tooLong(n: number): PolicyLensError {
  return createError(
    'PAYLOAD_TOO_LARGE',
    `The draft is ${n.toLocaleString('en-US')} characters long; the desk takes up to ${DRAFT_LIMITS.maxChars.toLocaleString('en-US')} (about 500 clauses). Split it and submit the parts one at a time.`,
    undefined,
    `草案有 ${n.toLocaleString('en-US')} 个字，对照台最多收 ${DRAFT_LIMITS.maxChars.toLocaleString('en-US')} 个（约 500 条）。请分成几部分，逐一提交。`,
  );
}

/** Checks pasted text against the limits; returns it trimmed, line breaks as \n. Throws DRAFT_EMPTY or PAYLOAD_TOO_LARGE. */
export function checkDraftText(text: string): string {
  // A browser sends a textarea's line breaks as CRLF: counted as two characters, a draft within the limit was refused.
  const trimmed = text.replace(/\r\n?/g, '\n').trim();
  if (trimmed === '') throw createError('DRAFT_EMPTY', `The draft is empty: paste its text, or choose a ${ACCEPTED} file.`, undefined, `请粘贴草案文字，或选择 ${ACCEPTED_ZH} 文件。`);
  const n = characters(trimmed);
  if (n > DRAFT_LIMITS.maxChars) throw tooLong(n);
  return trimmed;
}

/**
 * Reads an uploaded file's bytes as the ingest stage does: {@link readDocumentBuffer} in this process, or the server's
 * BoundedReader (src/ingest/bounded-read.ts), which reads in a worker under a time and memory bound so that a
 * pathological upload cannot hang or kill the service.
 */
export type UploadReader = (bytes: Buffer, file: string, options: ReadOptions, signal?: AbortSignal) => Promise<{ text: string }>;

/**
 * The draft's text. Throws DRAFT_EMPTY (400), PAYLOAD_TOO_LARGE (413), UNSUPPORTED_MEDIA_TYPE (415) or
 * DRAFT_UNREADABLE (422), each with what to do; BAD_REQUEST when `signal` aborts while a file is read (the client left).
 * @example await readDraft({ file: { name: '征求意见稿.docx', bytes } }) // { text: '…', source: 'docx' }
 */
export async function readDraft(input: DraftInput, read: UploadReader = readDocumentBuffer, signal?: AbortSignal): Promise<DraftText> {
  if ('text' in input) return { text: checkDraftText(input.text), source: input.source ?? 'text' };
  const { name, bytes } = input.file;
  const ext = path.extname(name).toLowerCase();
  const source = DRAFT_EXTENSIONS[ext];
  if (!source) {
    const hint = ext === '.wps' ? 'save it as .docx in WPS (另存为)' : 'convert it to one of these';
    const zh = ext === '.wps' ? '请在 WPS 中“另存为” .docx' : '请转存为其中一种';
    throw createError(
      'UNSUPPORTED_MEDIA_TYPE',
      `The desk reads ${ACCEPTED} files, not ${ext ? `${ext} files` : 'files without an extension'}: ${hint}, or paste the text.`,
      undefined,
      `对照台读取 ${ACCEPTED_ZH} 文件，不读${ext ? ` ${ext} 文件` : '没有扩展名的文件'}：${zh}，或直接粘贴文字。`,
    );
  }
  if (bytes.length === 0) throw createError('DRAFT_EMPTY', 'The uploaded file is empty (0 bytes): choose the draft itself, or paste its text.', undefined, '上传的文件是空的（0 字节）：请选择草案文件本身，或粘贴文字。');
  if (bytes.length > DRAFT_LIMITS.maxBytes) {
    const mb = (bytes.length / 1024 / 1024).toFixed(1);
    throw createError('PAYLOAD_TOO_LARGE', `The file is ${mb} MB, over the 10 MB limit: save a copy without images, or paste the text.`, undefined, `文件有 ${mb} MB，超过 10 MB 的上限：请另存一份不含图片的，或粘贴文字。`);
  }
  let text: string;
  try {
    // The name passed on is neutral: the readers put it in their messages, and those must not carry the user's.
    text = (await read(bytes, `draft${ext}`, { maxBytes: DRAFT_LIMITS.maxBytes }, signal)).text;
  } catch (e) {
    if (signal?.aborted) throw createError('BAD_REQUEST', 'The request was cancelled while the file was being read.', undefined, '读取文件时请求被取消了。');
    throw refusal(e, source);
  }
  const trimmed = text.trim();
  if (trimmed === '') throw createError('DRAFT_UNREADABLE', NO_TEXT, undefined, NO_TEXT_ZH);
  const n = characters(trimmed);
  if (n > DRAFT_LIMITS.maxChars) throw tooLong(n);
  return { text: trimmed, source };
}

/** An ingest error about an uploaded file, as the desk says it: no file name, no parser detail, and what to do. */
function refusal(e: unknown, source: Exclude<DraftText['source'], 'text'>): PolicyLensError {
  const code = isPolicyLensError(e) ? e.code : 'FILE_UNREADABLE';
  const message = isPolicyLensError(e) ? e.message : '';
  if (code === 'FILE_BINARY') {
    return createError('UNSUPPORTED_MEDIA_TYPE', `The file is named .${source} but holds something else (an image, an archive, another format): choose a ${ACCEPTED} file, or paste the text.`, undefined, `文件名是 .${source}，内容却是别的（图片、压缩包或其他格式）：请选择 ${ACCEPTED_ZH} 文件，或粘贴文字。`);
  }
  if (code === 'FILE_EMPTY' && source === 'pdf') {
    return createError('DRAFT_UNREADABLE', 'The PDF has no text layer (a scan?): run OCR on it, upload the Word version, or paste the text.', undefined, '这个 PDF 没有文字层（是扫描件？）：请先做文字识别（OCR），或上传 Word 版，或粘贴文字。');
  }
  if (code === 'FILE_EMPTY') return createError('DRAFT_UNREADABLE', NO_TEXT, undefined, NO_TEXT_ZH);
  if (code === 'FILE_TOO_LARGE') return createError('PAYLOAD_TOO_LARGE', 'The file is over the 10 MB limit: save a copy without images, or paste the text.', undefined, '文件超过 10 MB 的上限：请另存一份不含图片的，或粘贴文字。');
  if (code === 'FILE_TIMEOUT' || code === 'FILE_TOO_COMPLEX') {
    return createError(
      'DRAFT_UNREADABLE',
      `Reading the file ${code === 'FILE_TIMEOUT' ? 'took too long' : 'needed too much memory'} (it may be damaged or built in an unusual way): save it again as .docx from Word or WPS, or paste the text.`,
      undefined,
      `读取这个文件${code === 'FILE_TIMEOUT' ? '用时过长' : '占用内存过多'}（文件可能已损坏，或结构特殊）：请用 Word 或 WPS 另存为 .docx，或粘贴文字。`,
    );
  }
  if (source === 'pdf' && /password/i.test(message)) {
    return createError('DRAFT_UNREADABLE', 'The PDF is password-protected: save an unprotected copy, or paste the text.', undefined, '这个 PDF 设了密码：请另存一份不加密的，或粘贴文字。');
  }
  const what = { docx: 'a Word document (.docx)', doc: 'a Word 97–2003 document (.doc)', pdf: 'a PDF', txt: 'text', md: 'text' }[source];
  const fix = source === 'docx' || source === 'doc' ? 'save it again as .docx from Word or WPS' : source === 'pdf' ? 'export the PDF again' : 'save it again as UTF-8 text';
  const whatZh = { docx: 'Word 文档（.docx）', doc: 'Word 97–2003 文档（.doc）', pdf: 'PDF', txt: '文本', md: '文本' }[source];
  const fixZh = source === 'docx' || source === 'doc' ? '请用 Word 或 WPS 另存为 .docx' : source === 'pdf' ? '请重新导出 PDF' : '请另存为 UTF-8 文本';
  return createError(
    'DRAFT_UNREADABLE',
    `The file could not be read as ${what} (damaged, or its extension does not match its content): ${fix}, or paste the text.`,
    undefined,
    `无法按${whatZh}读取这个文件（文件已损坏，或扩展名与内容不符）：${fixZh}，或粘贴文字。`,
  );
}
