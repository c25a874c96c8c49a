/**
 * The one place where errors become responses: JSON `{ error: { code, message } }` under /api, an ejs page for
 * people. Stacks go to the log, never to the client.
 */
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { createError, ERROR_CODES, isPolicyLensError, PolicyLensError, type ErrorCode } from '../errors.js';

/**
 * Longest request URL (path + query, as sent) accepted; beyond it, 414. A query of 1,000 Chinese characters is
 * 9,000 bytes once percent-encoded (9 per character), so the limit leaves room for it plus filters. Node itself
 * refuses request heads over 16 KiB (431) before express sees them.
 */
export const MAX_URL_LENGTH = 12 * 1024;

/** True for requests to the JSON API, which get JSON errors. */
export function isApiRequest(req: Request): boolean {
  return /^\/api(?:[/?#]|$)/.test(req.originalUrl);
}

/**
 * The request URL as the log may carry it: at most 300 characters, and for the drafting desk's routes the path alone
 * (a client that puts a draft in the query string must not get it logged).
 */
export function loggedUrl(req: Request): string {
  if (/^\/(?:api\/)?draft(?:[/?#]|$)/.test(req.originalUrl)) return req.originalUrl.replace(/[?#].*$/s, (q) => (q ? '?…' : ''));
  return req.originalUrl.slice(0, 300);
}

/** 414 before any parsing: a URL this long is a mistake or an attack, not a query. */
export function limitUrlLength(max = MAX_URL_LENGTH): RequestHandler {
  return (req, _res, next) => {
    if (req.originalUrl.length > max) next(createError('URI_TOO_LONG', `The request URL is ${req.originalUrl.length} characters long; at most ${max} are allowed.`, undefined, `网址有 ${req.originalUrl.length} 个字符，最多 ${max} 个：请减少所选的地区或文件，或删短检索词。`));
    else next();
  };
}

/**
 * 400 when the query string is not valid percent-encoded UTF-8 (`q=%E0%A4%A`, `q=%ZZ`): node:querystring would decode
 * it leniently, and a client with an encoding bug got a search for `�%A` and ten plausible hits instead of an error.
 */
export const checkQueryEncoding: RequestHandler = (req, _res, next) => {
  const at = req.originalUrl.indexOf('?');
  if (at === -1) return next();
  for (const part of req.originalUrl.slice(at + 1).split('&')) {
    try {
      decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      const name = part.split('=')[0]!.slice(0, 40);
      return next(
        createError(
          'BAD_REQUEST',
          `Parameter "${safeName(name)}" is not valid percent-encoded UTF-8: encode each value with encodeURIComponent (UTF-8).`,
          undefined,
          `网址中参数“${safeName(name)}”的写法有误（% 后应是两位十六进制数字，网址可能没有复制完整）：请从页面上的表单重新检索，或重新复制网址。`,
        ),
      );
    }
  }
  next();
};

/** A parameter name as a message may quote it: decoded where it can be, printable ASCII otherwise. */
function safeName(raw: string): string {
  let name = raw;
  try {
    name = decodeURIComponent(raw);
  } catch {
    name = raw.replace(/[^\x20-\x7e]/g, '?');
  }
  return name.replace(/["\\]/g, '');
}

/**
 * The last route: nothing matched. The page says so in plain words, naming the address (its path, cut short), under its
 * heading 找不到这个页面; the page offers a search and the document list (views/error.ejs).
 */
export const notFound: RequestHandler = (req, _res, next) => {
  const path = [...req.path].length > 80 ? `${[...req.path].slice(0, 80).join('')}…` : req.path;
  next(isApiRequest(req) ? createError('NOT_FOUND', `No API route ${req.method} ${req.path}. See GET /api/health, /api/search, /api/compare, /api/documents.`) : createError('NOT_FOUND', 'No such page.', undefined, `本站没有“${path}”这个网址，可能是输错了，或链接已过时。可以在下面检索条款，或浏览收录的文件。`));
};

/**
 * What a refusal raised by express or its body parsers (no code of ours) says on a page: their messages are English
 * and a parser's (Expected property name or '}' in JSON at position 1, The request body is too large.) had reached the
 * page after 参数有误。. The pages are read with GET; only the desk takes a body, and it reads its own.
 */
function expressZh(status: number): string {
  const pages = '本站的页面只需打开网址，不必提交内容；草案请到“起草对照”页粘贴或上传。';
  if (status === 413) return pages;
  if (status === 404) return '请检查网址，或从首页检索。';
  return `提交的内容无法读取：${pages}`;
}

/** Statuses raised by express and body-parser themselves (no code of ours), mapped onto the catalogue. */
function codeForStatus(status: number): ErrorCode {
  if (status === 404) return 'NOT_FOUND';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 414) return 'URI_TOO_LONG';
  return status >= 400 && status < 500 ? 'BAD_REQUEST' : 'INTERNAL';
}

/**
 * Normalises anything thrown into a PolicyLensError. Client errors from express/body-parser (`expose` true:
 * malformed URL escapes, oversized or unparsable bodies) keep their status; anything else is INTERNAL with the
 * catalogue's generic message, so no internal detail leaks.
 */
export function toPolicyLensError(err: unknown): PolicyLensError {
  if (isPolicyLensError(err)) return err;
  const e = err as { status?: unknown; statusCode?: unknown; expose?: unknown; message?: unknown; type?: unknown } | null;
  const status = typeof e?.status === 'number' ? e.status : typeof e?.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500 && e?.expose !== false) {
    const code = codeForStatus(status);
    // Express's own wording for a path it cannot decode (/api/documents/%ZZ) says nothing of what to do.
    if (typeof e?.message === 'string' && e.message.startsWith('Failed to decode param'))
      return new PolicyLensError('BAD_REQUEST', 'The URL path is not valid percent-encoded UTF-8: encode each part with encodeURIComponent (UTF-8).', { status: 400, cause: err, zh: '网址的写法有误（% 后应是两位十六进制数字，网址可能没有复制完整）：请从首页或“文件”页重新打开，或重新复制网址。' });
    const message = code === 'PAYLOAD_TOO_LARGE' ? 'The request body is too large.' : typeof e?.message === 'string' && e.message ? e.message : ERROR_CODES[code];
    return new PolicyLensError(code, message, { status, cause: err, zh: expressZh(status) });
  }
  return new PolicyLensError('INTERNAL', ERROR_CODES.INTERNAL, { status: 500, cause: err });
}

/**
 * The error middleware. Logs server faults (5xx) with their stack at `error`, client errors at `info`
 * without one, then answers JSON for /api and the `error` view otherwise.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) {
      logger.error({ err, url: loggedUrl(req) }, 'error after the response started');
      next(err);
      return;
    }
    const e = toPolicyLensError(err);
    const status = e.status >= 400 && e.status < 600 ? e.status : 500;
    if (status >= 500) logger.error({ err, code: e.code, method: req.method, url: loggedUrl(req) }, 'request failed');
    else logger.info({ code: e.code, status, method: req.method, url: loggedUrl(req), message: e.message }, 'request rejected');

    // Only our own details (lists of valid values, zod issues) are echoed; never a cause or a stack.
    const details = isPolicyLensError(err) && status < 500 ? e.details : undefined;
    res.status(status);
    // A full queue or a busy embedder passes in seconds: say when to try again (RFC 9110 Retry-After).
    if (e.code === 'BUSY') res.set('Retry-After', '5');
    if (isApiRequest(req)) {
      res.json({ error: { code: e.code, message: e.message, ...(details ? { details } : {}) } });
      return;
    }
    // A fault's page says so in the pages' language; what went wrong is in the log, not on the page.
    const message = status < 500 ? pageMessage(e) : e.code === 'INTERNAL' ? '服务器出错了，请稍后再试；若一再出现，请告知管理员（日志中有详情）。' : pageMessage(e);
    res.render('error', { title: `${status} · PolicyLens`, status, code: e.code, message }, (renderError, html) => {
      if (renderError) {
        logger.error({ err: renderError }, 'the error page failed to render');
        res.type('text/plain; charset=utf-8').send(`${status} ${e.message}`);
      } else res.type('html').send(html);
    });
  };
}

/**
 * What a refusal is, in the pages' language, before its message: the researcher's audit found every refusal on the
 * Chinese pages in English only. The message follows in Chinese where the refusal carries it (`zh`), as every
 * refusal a page can meet does (test/server/page-refusals.test.ts), else in the API's English.
 */
const LEADS: Partial<Record<ErrorCode, string>> = {
  BAD_REQUEST: '参数有误',
  UNKNOWN_CITY: '本库没有这个地区',
  UNKNOWN_GROUP: '本库没有这个地区组',
  UNKNOWN_DOCUMENT: '本库没有这份文件',
  UNKNOWN_PARAGRAPH: '本库没有这条条款',
  UNKNOWN_SENTENCE: '这条条款没有这一句',
  UNKNOWN_MEASURE: '矩阵中没有这项措施',
  UNKNOWN_ISSUER: '本库没有这个发文机关的文件',
  // NOT_FOUND has none: the 404 page's heading says 找不到这个页面, which its message had repeated.
  PAYLOAD_TOO_LARGE: '内容超出上限',
  METHOD_NOT_ALLOWED: '不支持这种请求方式',
  DRAFT_EMPTY: '草案是空的',
  UNSUPPORTED_MEDIA_TYPE: '不支持这种文件',
  // Said of a damaged file and of a draft with no clause text alike (a title alone was told its text could not be read).
  DRAFT_UNREADABLE: '草案无法对照',
  URI_TOO_LONG: '网址太长',
  HEADERS_TOO_LARGE: '请求头太大',
  BUSY: '服务器正忙，请稍后再试',
  INDEX_MISSING: '索引还没有建好',
  INDEX_MISMATCH: '索引需要重建',
  INTERNAL: '服务器出错了',
};

/**
 * A refusal as a page shows it: the Chinese lead (the refusal's own `lead` where the code's would mislead), then what to
 * do, in Chinese where the refusal has it (`zh`), else the API's English message.
 * @example pageMessage(createError('UNKNOWN_CITY', 'Unknown city "苏州"…', undefined, '“苏州”不在本库中。…')) // '本库没有这个地区。“苏州”不在本库中。…'
 */
export function pageMessage(err: PolicyLensError): string {
  const lead = err.lead ?? LEADS[err.code];
  const text = err.zh ?? err.message;
  return lead ? `${lead}。${text}` : text;
}

