/**
 * The web app: JSON API under /api, server-rendered pages, static files under /static. It knows the search
 * engine only through the `SearchEngine` interface and the analysis only through `AnalysisApi`, each behind a
 * getter, so that how they are built (and when they are swapped for a rebuilt index) stays outside. Binding to a
 * host and port is the start script's job.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import helmet from 'helmet';
import { pino, type Logger } from 'pino';
import type { AnalysisApi } from '../analysis/types.js';
import type { SearchEngine } from '../search/types.js';
import { clauseById, clauseLink, createApiRouter } from './api.js';
import { createDraftRouter } from './draft.js';
import type { DraftQueueOptions } from './draft-queue.js';
import { checkQueryEncoding, errorHandler, limitUrlLength, loggedUrl, notFound } from './errors.js';
import { createPageRouter } from './pages.js';
import { navLinks, pageScope, scopeOf } from './scope-links.js';
import { todayInChina } from './validate.js';
import { viewHelpers, type QueryValue } from './view.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** views/ at the repository root, src/server/static beside this file. */
export const VIEWS_DIR = path.resolve(here, '../../views');
export const STATIC_DIR = path.resolve(here, 'static');

/**
 * Request bodies are not expected (the API is GET-only but for the drafting desk, whose routes parse their own
 * bodies); anything else posted larger than this is refused with 413.
 */
export const BODY_LIMIT = '16kb';

export interface AppOptions {
  /** Called on every request: return the current engine (it may be replaced while the app runs). */
  engine: () => SearchEngine;
  /** Called on requests to the analyst views: the analysis over the same index as `engine()`. */
  analysis: () => AnalysisApi;
  logger?: Logger;
  /** How many drafts the drafting desk analyses at once and how many may wait (default 1 and 4). */
  draftQueue?: DraftQueueOptions;
}

/**
 * Builds the express app.
 * @example
 * const app = createApp({ engine: () => engine, analysis: () => analysisFor(engine), logger: pino() });
 * app.listen(3000, process.env.HOST ?? '127.0.0.1');
 */
export function createApp(options: AppOptions): express.Express {
  const logger = options.logger ?? pino({ name: 'policylens' });
  const app = express();

  app.disable('x-powered-by');
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'ejs');
  // The simple parser (node:querystring): repeated names become arrays, brackets mean nothing.
  app.set('query parser', 'simple');
  // Trim template indentation from the HTML (it never touches interpolated values).
  app.set('view options', { rmWhitespace: true });
  // Templates are compiled once, whatever NODE_ENV says: a running service keeps the views it started with, as it keeps
  // its code. Read from disk on every request (express's default outside production), a template updated under a
  // running server met code that did not pass what it expected, and /matrix answered 500 until a restart.
  app.set('view cache', true);
  app.locals.h = viewHelpers;

  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.debug({ method: req.method, url: loggedUrl(req), status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
    next();
  });
  // The day in China (policies take effect and expire on Beijing time), for the pages' 已失效 / 尚未施行.
  app.use((req, res, next) => {
    res.locals.today = todayInChina();
    // A link to a clause known only by its id (a target's, a matrix cell's, a precedent's) as its permalink, with the
    // clause's fingerprint, so that a link copied from any page finds its clause after a re-index moves it.
    // `params`: the page's dates (h.linkDates(form)), which a target's or a matrix clause's link carries as a hit's does.
    // Without them, the page's own scope as given (dates, day in force, issuer, type): the 另见 and 亦见于 links and a
    // clause page's neighbours had dropped it while every result link kept it (twenty-first session's verifying audit).
    const scope = pageScope(req.query);
    res.locals.clauseLink = (id: string, params?: Readonly<Record<string, QueryValue>>): string => clauseLink(options.engine())(id, params ?? scope);
    // The navigation bar's links keep the page's scope (src/server/scope-links.ts); a page whose scope is not its URL's
    // (a matrix cell's matrix, a diff's comparison, the desk's form) passes its own as `navScope`.
    res.locals.navLinks = (navScope?: Readonly<Record<string, QueryValue>>): Record<string, string> => navLinks(navScope ?? scopeOf(req.query), req.path, options.engine);
    // A compendium card's 发布日期 by clause id, for the 亦见于 links (null for any other clause).
    res.locals.cardDate = (id: string): string | null => clauseById(options.engine())(id)?.source?.date ?? null;
    next();
  });
  app.use(limitUrlLength());
  app.use(checkQueryEncoding);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'script-src-attr': ["'none'"],
          'style-src': ["'self'"],
          'img-src': ["'self'", 'data:'],
          'font-src': ["'self'"],
          'connect-src': ["'self'"],
          'object-src': ["'none'"],
          'base-uri': ["'self'"],
          'form-action': ["'self'"],
          'frame-ancestors': ["'none'"],
          // Served over plain HTTP on a LAN address, upgrading would break every stylesheet and script.
          'upgrade-insecure-requests': null,
        },
      },
      // HSTS would pin a host to HTTPS that this local tool does not serve.
      strictTransportSecurity: false,
    }),
  );
  app.use('/static', express.static(STATIC_DIR, { index: false, maxAge: '1h', fallthrough: true }));
  // The drafting desk reads its own bodies (a draft is far over 16 KB), in memory, before the global parsers.
  app.use(createDraftRouter(options.engine, options.analysis, { logger, ...(options.draftQueue ? { queue: options.draftQueue } : {}) }));
  // GET-only app: parsers exist only to enforce the size limit on anything posted (413 JSON under /api).
  app.use(express.json({ limit: BODY_LIMIT }));
  app.use(express.urlencoded({ extended: false, limit: BODY_LIMIT }));

  app.use('/api', createApiRouter(options.engine, options.analysis));
  app.use(createPageRouter(options.engine, options.analysis));

  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
