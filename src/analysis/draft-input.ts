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
  );
}

/** Checks pasted text against the limits; returns it trimmed, line breaks as \n. Throws DRAFT_EMPTY or PAYLOAD_TOO_LARGE. */
export function checkDraftText(text: string): string {
  // A browser sends a textarea's line breaks as CRLF: counted as two characters, a draft within the limit was refused.
  const trimmed = text.replace(/\r\n?/g, '\n').trim();
  if (trimmed === '') throw createError('DRAFT_EMPTY', `The draft is empty: paste its text, or choose a ${ACCEPTED} file.`);
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
    throw createError('UNSUPPORTED_MEDIA_TYPE', `The desk reads ${ACCEPTED} files, not ${ext ? `${ext} files` : 'files without an extension'}: ${hint}, or paste the text.`);
  }
  if (bytes.length === 0) throw createError('DRAFT_EMPTY', 'The uploaded file is empty (0 bytes): choose the draft itself, or paste its text.');
  if (bytes.length > DRAFT_LIMITS.maxBytes) {
    throw createError('PAYLOAD_TOO_LARGE', `The file is ${(bytes.length / 1024 / 1024).toFixed(1)} MB, over the 10 MB limit: save a copy without images, or paste the text.`);
  }
  let text: string;
  try {
    // The name passed on is neutral: the readers put it in their messages, and those must not carry the user's.
    text = (await read(bytes, `draft${ext}`, { maxBytes: DRAFT_LIMITS.maxBytes }, signal)).text;
  } catch (e) {
    if (signal?.aborted) throw createError('BAD_REQUEST', 'The request was cancelled while the file was being read.');
    throw refusal(e, source);
  }
  const trimmed = text.trim();
  if (trimmed === '') throw createError('DRAFT_UNREADABLE', 'No text was found in the file: check that it is the draft itself, or paste its text.');
  const n = characters(trimmed);
  if (n > DRAFT_LIMITS.maxChars) throw tooLong(n);
  return { text: trimmed, source };
}

/** An ingest error about an uploaded file, as the desk says it: no file name, no parser detail, and what to do. */
function refusal(e: unknown, source: Exclude<DraftText['source'], 'text'>): PolicyLensError {
  const code = isPolicyLensError(e) ? e.code : 'FILE_UNREADABLE';
  const message = isPolicyLensError(e) ? e.message : '';
  if (code === 'FILE_BINARY') {
    return createError('UNSUPPORTED_MEDIA_TYPE', `The file is named .${source} but holds something else (an image, an archive, another format): choose a ${ACCEPTED} file, or paste the text.`);
  }
  if (code === 'FILE_EMPTY' && source === 'pdf') {
    return createError('DRAFT_UNREADABLE', 'The PDF has no text layer (a scan?): run OCR on it, upload the Word version, or paste the text.');
  }
  if (code === 'FILE_EMPTY') return createError('DRAFT_UNREADABLE', 'No text was found in the file: check that it is the draft itself, or paste its text.');
  if (code === 'FILE_TOO_LARGE') return createError('PAYLOAD_TOO_LARGE', 'The file is over the 10 MB limit: save a copy without images, or paste the text.');
  if (code === 'FILE_TIMEOUT' || code === 'FILE_TOO_COMPLEX') {
    return createError('DRAFT_UNREADABLE', `Reading the file ${code === 'FILE_TIMEOUT' ? 'took too long' : 'needed too much memory'} (it may be damaged or built in an unusual way): save it again as .docx from Word or WPS, or paste the text.`);
  }
  if (source === 'pdf' && /password/i.test(message)) {
    return createError('DRAFT_UNREADABLE', 'The PDF is password-protected: save an unprotected copy, or paste the text.');
  }
  const what = { docx: 'a Word document (.docx)', doc: 'a Word 97–2003 document (.doc)', pdf: 'a PDF', txt: 'text', md: 'text' }[source];
  const fix = source === 'docx' || source === 'doc' ? 'save it again as .docx from Word or WPS' : source === 'pdf' ? 'export the PDF again' : 'save it again as UTF-8 text';
  return createError('DRAFT_UNREADABLE', `The file could not be read as ${what} (damaged, or its extension does not match its content): ${fix}, or paste the text.`);
}
