/**
 * One catalogue of error codes. Errors are raised where the cause is known, carry a code that tests
 * and clients match on, and are rendered in one place (the server's error middleware, the CLI's main).
 */
export const ERROR_CODES = {
  // model and index
  MODEL_MISSING: 'The embedding model is not in models/',
  INDEX_MISSING: 'No index has been built yet',
  INDEX_MISMATCH: 'The index was built with another model, runtime or schema',
  INDEX_CORRUPT: 'The index files are damaged or incomplete',
  INDEX_LOCKED: 'Another indexing run holds the lock',
  // ingestion
  INPUT_MISSING: 'An input folder does not exist',
  INPUT_EMPTY: 'No readable documents were found',
  FILE_EMPTY: 'The file has no text',
  FILE_BINARY: 'The file is binary or in an unknown format',
  FILE_TOO_LARGE: 'The file is larger than the limit',
  FILE_UNREADABLE: 'The file could not be read or decoded',
  FILE_TIMEOUT: 'Reading the file took longer than the time limit',
  FILE_TOO_COMPLEX: 'Reading the file needed more memory than the limit',
  FILE_DUPLICATE: 'The file has the same text as another document of the corpus',
  MANIFEST_INVALID: 'The corpus manifest is not valid',
  CONFIG_INVALID: 'A setting (an environment variable or a command-line option) is not valid',
  // requests
  BAD_REQUEST: 'A request parameter is not valid',
  UNKNOWN_CITY: 'No city by that name in this corpus',
  UNKNOWN_GROUP: 'No group of places by that name in this corpus',
  UNKNOWN_DOCUMENT: 'No document with that id in this corpus',
  UNKNOWN_PARAGRAPH: 'No paragraph with that id in this corpus',
  UNKNOWN_SENTENCE: 'The paragraph has no sentence with that number',
  UNKNOWN_MEASURE: 'No measure with that id in the matrix',
  UNKNOWN_ISSUER: 'No document of this corpus is issued by that issuer',
  NOT_FOUND: 'No such page',
  PAYLOAD_TOO_LARGE: 'The request is too large',
  METHOD_NOT_ALLOWED: 'That method is not allowed on this route',
  // the drafting desk
  DRAFT_EMPTY: 'The draft is empty',
  UNSUPPORTED_MEDIA_TYPE: 'That kind of file is not accepted here',
  DRAFT_UNREADABLE: 'The draft could not be read',
  URI_TOO_LONG: 'The request URL is too long',
  HEADERS_TOO_LARGE: 'The request URL and headers are too large',
  BUSY: 'The server is busy; try again in a moment',
  INTERNAL: 'Something went wrong on our side',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An error with a machine-readable code and, for HTTP, a status. */
export class PolicyLensError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: Record<string, unknown>;
  /** The message in Chinese, for the pages (the API answers `message`, in English); absent when none was written. */
  readonly zh?: string;
  /**
   * What the refusal is, as a page leads with it, when the code's usual lead would mislead (a list of places refused as
   * UNKNOWN_CITY is no place the corpus lacks); absent: the code's own (src/server/errors.ts).
   */
  readonly lead?: string;

  constructor(code: ErrorCode, message?: string, options: { status?: number; details?: Record<string, unknown>; cause?: unknown; zh?: string; lead?: string } = {}) {
    super(message ?? ERROR_CODES[code], options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PolicyLensError';
    this.code = code;
    this.status = options.status ?? defaultStatus(code);
    if (options.details) this.details = options.details;
    if (options.zh) this.zh = options.zh;
    if (options.lead) this.lead = options.lead;
  }
}

function defaultStatus(code: ErrorCode): number {
  switch (code) {
    case 'BAD_REQUEST':
    case 'UNKNOWN_CITY':
    case 'DRAFT_EMPTY':
    case 'UNKNOWN_GROUP':
    case 'UNKNOWN_SENTENCE':
    case 'UNKNOWN_MEASURE':
    case 'UNKNOWN_ISSUER':
      return 400;
    case 'UNKNOWN_DOCUMENT':
    case 'UNKNOWN_PARAGRAPH':
    case 'NOT_FOUND':
      return 404;
    case 'METHOD_NOT_ALLOWED':
      return 405;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 415;
    case 'DRAFT_UNREADABLE':
      return 422;
    case 'URI_TOO_LONG':
      return 414;
    case 'HEADERS_TOO_LARGE':
      return 431;
    case 'INDEX_MISSING':
    case 'INDEX_MISMATCH':
    case 'INDEX_CORRUPT':
    case 'MODEL_MISSING':
    case 'BUSY':
      return 503;
    default:
      return 500;
  }
}

/** Shorthand: `throw createError('UNKNOWN_CITY', 'No city 北京; valid: …')`. */
export function createError(code: ErrorCode, message?: string, details?: Record<string, unknown>, zh?: string): PolicyLensError {
  return new PolicyLensError(code, message, { ...(details ? { details } : {}), ...(zh ? { zh } : {}) });
}

export function isPolicyLensError(e: unknown): e is PolicyLensError {
  return e instanceof PolicyLensError;
}
