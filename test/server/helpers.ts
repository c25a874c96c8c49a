/**
 * Shared test plumbing for the server: an app over a fake engine, a logger whose lines can be read back, and an
 * engine wrapper that records what the server asked for.
 */
import { pino, type Logger } from 'pino';
import { expect } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { clauseFingerprint } from '../../src/text/fingerprint.js';
import type { Hit, SearchEngine, SearchOptions, SimilarOptions, SimilarTextOptions } from '../../src/search/types.js';
import { createFakeEngine, type FakeEngine } from './fake-engine.js';

export interface CapturedLog {
  logger: Logger;
  lines: () => Record<string, unknown>[];
}

/** A pino logger that keeps its JSON lines in memory. */
export function captureLog(): CapturedLog {
  const raw: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (s: string) => void raw.push(s) });
  return { logger, lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

export interface Call {
  method: 'search' | 'compare' | 'paragraph' | 'similar' | 'similarText' | 'document';
  args: unknown[];
}

/** Wraps an engine so that tests can check the options the server passed (defaults, repeated filters). */
export function recording(engine: SearchEngine): { engine: SearchEngine; calls: Call[] } {
  const calls: Call[] = [];
  const wrapped: SearchEngine = {
    corpus: () => engine.corpus(),
    scopeOf: (q, o) => engine.scopeOf(q, o),
    placeOutsideOf: (q) => engine.placeOutsideOf(q),
    spellingOf: (q, o) => engine.spellingOf(q, o),
    search: (q: string, o: SearchOptions) => (calls.push({ method: 'search', args: [q, o] }), engine.search(q, o)),
    compare: (q: string, o: SearchOptions) => (calls.push({ method: 'compare', args: [q, o] }), engine.compare(q, o)),
    paragraph: (id: string, context?: number) => (calls.push({ method: 'paragraph', args: [id, context] }), engine.paragraph(id, context)),
    similar: (id: string, o: SimilarOptions) => (calls.push({ method: 'similar', args: [id, o] }), engine.similar(id, o)),
    similarText: (text: string, o: SimilarTextOptions) => (calls.push({ method: 'similarText', args: [text, o] }), engine.similarText(text, o)),
    document: (id: string) => (calls.push({ method: 'document', args: [id] }), engine.document(id)),
  };
  return { engine: wrapped, calls };
}

/** An app over the default fake engine (or `engine`) and its analysis, logging into memory. */
export function testApp(engine: FakeEngine = createFakeEngine()) {
  const log = captureLog();
  const rec = recording(engine);
  const app = createApp({ engine: () => rec.engine, analysis: () => engine.analysis(), logger: log.logger });
  return { app, calls: rec.calls, log, engine };
}

/**
 * A strict RFC 4180 reader (after the BOM), written independently of src/server/csv.ts so that exports can be
 * checked by reading them back.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = text.startsWith('\uFEFF') ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else if (c === '"' || c === '\r' || c === '\n') throw new Error(`stray ${JSON.stringify(c)} at ${i}`);
    else cell += c;
  }
  if (quoted || cell !== '' || row.length) throw new Error('unterminated last row');
  return rows;
}

/** A hit with neutral defaults, for tests of formatting code; `partial` overrides any field. */
export function makeHit(partial: Partial<Hit> & Pick<Hit, 'id' | 'text'>): Hit {
  return {
    doc: { id: 'doc_a', file: 'doc_a.txt', title: '某市实施方案', city: '某市', level: null, date: null },
    section: [],
    score: 0.5,
    highlights: [],
    duplicates: [],
    part: 'main',
    kind: 'text',
    responsible: [],
    leads: [],
    sentences: [],
    why: { keyword: null, vector: null, terms: [], sentence: null, keywordRank: null, vectorRank: null },
    ...partial,
    fingerprint: partial.fingerprint ?? clauseFingerprint(partial.text),
  };
}

/** Every page must satisfy the CSP: scripts only from /static, no inline handlers or style attributes. */
export function expectCspClean(html: string): void {
  for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/ src="\/static\/[\w.-]+\.js"/);
  expect(html).not.toMatch(/<script\b[^>]*>[^<]+<\/script>/);
  // Attribute names of real tags only: escaped user text may well contain "onclick=", in a text or in an attribute's
  // value (a link's aria-label naming a document titled <img onerror=…>).
  const attributes = (html.match(/<[a-z][^>]*>/gi) ?? []).map((tag) => tag.replace(/"[^"]*"|'[^']*'/g, '""'));
  for (const tag of attributes) {
    expect(tag).not.toMatch(/\son[a-z]+\s*=/i);
    expect(tag).not.toMatch(/\sstyle\s*=/i);
  }
  expect(html).not.toMatch(/<style\b/i);
}
