/**
 * Server-rendered pages: search (/), comparison (/compare), a paragraph (/p/:id), the reader (/doc/:id) and the
 * document list (/docs). They work without JavaScript; a bad search parameter re-renders the form with the message.
 */
import express, { type Request } from 'express';
import { isPolicyLensError } from '../errors.js';
import type { CorpusInfo, SearchEngine } from '../search/types.js';
import { parseDocumentId, parseParagraphId, parseSearchRequest, type SearchRequest } from './validate.js';
import { citation, originOf, paragraphPath, readerBlocks, withQuery } from './view.js';

/** What the user typed, kept as strings so that a rejected form comes back as it was sent. */
export interface FormState {
  q: string;
  mode: string;
  k: string;
  cities: string[];
  docs: string[];
  levels: string[];
  part: string;
  /** True when an option beyond q and mode was set: the options panel opens. */
  refined: boolean;
}

function first(value: unknown): string {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' ? v : '';
}

function all(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string' && v !== '');
}

/** Reads the form fields leniently (validation happens separately) for re-rendering the form. */
export function formState(query: Record<string, unknown>, defaultK: number): FormState {
  const form = {
    q: first(query.q),
    mode: first(query.mode) || 'hybrid',
    k: first(query.k) || String(defaultK),
    cities: all(query.city),
    docs: all(query.doc),
    levels: all(query.level),
    part: first(query.part),
  };
  const refined = form.docs.length > 0 || form.levels.length > 0 || form.part !== '' || form.k !== String(defaultK) || form.cities.length > 0;
  return { ...form, refined };
}

/** The query parameters that reproduce a validated request (for links to the other views and to CSV). */
function requestParams(r: SearchRequest) {
  return { q: r.q, mode: r.mode, city: r.filters.cities, doc: r.filters.docs, level: r.filters.levels, part: r.filters.part };
}

/**
 * Validates a page's search parameters. A client error becomes a rendered message (and its status) instead
 * of the error page, so the user keeps the form; null means "already answered".
 */
function validateForPage(
  req: Request,
  corpus: CorpusInfo,
  defaultK: number,
  render: (status: number, error: string) => void,
): SearchRequest | null {
  try {
    return parseSearchRequest(req.query, corpus, defaultK);
  } catch (err) {
    if (isPolicyLensError(err) && err.status < 500) {
      render(err.status, err.message);
      return null;
    }
    throw err;
  }
}

/** The page router. `engine` is called once per request. */
export function createPageRouter(engine: () => SearchEngine): express.Router {
  const pages = express.Router();

  pages.get('/', async (req, res) => {
    const e = engine();
    const corpus = e.corpus();
    const form = formState(req.query, 10);
    const base = { title: 'PolicyLens · 政策条款检索', active: 'search', corpus, form, result: null, links: null, error: null };
    if (!form.q.trim()) {
      res.render('search', base);
      return;
    }
    const r = validateForPage(req, corpus, 10, (status, error) => res.status(status).render('search', { ...base, error }));
    if (!r) return;
    const result = await e.search(r.q, { ...r.filters, mode: r.mode, k: r.k });
    const params = requestParams(r);
    res.render('search', {
      ...base,
      title: `${r.q} · 搜索 · PolicyLens`,
      result,
      links: {
        compare: withQuery('/compare', { q: r.q, mode: r.mode, city: r.filters.cities }),
        csv: withQuery('/api/search', { ...params, k: r.k, format: 'csv' }),
      },
    });
  });

  pages.get('/compare', async (req, res) => {
    const e = engine();
    const corpus = e.corpus();
    const form = formState(req.query, 3);
    const base = { title: '跨城市对比 · PolicyLens', active: 'compare', corpus, form, result: null, links: null, error: null };
    if (!form.q.trim()) {
      res.render('compare', base);
      return;
    }
    const r = validateForPage(req, corpus, 3, (status, error) => res.status(status).render('compare', { ...base, error }));
    if (!r) return;
    const result = await e.compare(r.q, { ...r.filters, mode: r.mode, k: r.k });
    const params = requestParams(r);
    res.render('compare', {
      ...base,
      title: `${r.q} · 跨城市对比 · PolicyLens`,
      result,
      links: {
        search: withQuery('/', params),
        csv: withQuery('/api/compare', { ...params, k: r.k, format: 'csv' }),
      },
    });
  });

  pages.get('/p/:id', async (req, res) => {
    const id = parseParagraphId(req.params.id);
    const e = engine();
    const context = e.paragraph(id, 2);
    const similar = await e.similar(id, { k: 3 });
    const p = context.paragraph;
    res.render('paragraph', {
      title: `${p.doc.title ?? p.doc.file} · ${p.doc.city ?? ''} · PolicyLens`,
      active: '',
      corpus: e.corpus(),
      context,
      similar,
      citation: citation(p),
      permalink: originOf(req.protocol, req.get('host')) + paragraphPath(id),
      links: { csv: withQuery(`/api/paragraphs/${encodeURIComponent(id)}/similar`, { format: 'csv' }) },
    });
  });

  pages.get('/doc/:id', (req, res) => {
    const e = engine();
    const view = e.document(parseDocumentId(req.params.id));
    res.render('document', {
      title: `${view.document.title ?? view.document.file} · PolicyLens`,
      active: 'docs',
      corpus: e.corpus(),
      view,
      blocks: readerBlocks(view),
    });
  });

  pages.get('/docs', (_req, res) => {
    const corpus = engine().corpus();
    res.render('documents', { title: '文件列表 · PolicyLens', active: 'docs', corpus });
  });

  return pages;
}
