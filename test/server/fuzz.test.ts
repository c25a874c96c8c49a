/**
 * API fuzz over the real seed index and the real model: random query strings — arbitrary unicode with lone
 * surrogates, control characters, raw and malformed % sequences, very long values, repeated and bracketed names,
 * FTS5 and SQL syntax — sent to every route of the app, served the way `npm start` serves it. No response may be a
 * 5xx, every 4xx under /api is JSON `{ error: { code, message } }`, and no body shows a stack trace or a path.
 */
import { request as httpRequest, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../../src/cli/start.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { ERROR_CODES, isPolicyLensError } from '../../src/errors.js';
import type { Engine } from '../../src/search/engine.js';
import { analysisFor } from '../../src/analysis/index.js';
import { createApp } from '../../src/server/app.js';
import { seedEngine } from '../helpers/seed-index.js';

/** A Node stack frame: `at fn (/path/file.ts:12:3)`, `at file:///…`, `at node:internal/…`. */
const STACK_FRAME = /\bat (?:[^\s()]+ )?\(?(?:file:\/\/|node:|\/)[^\s)]*:\d+(?::\d+)?\)?/;
/** Bounded so the file stays well under a minute; FUZZ_RUNS=2000 for a longer exploratory run. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);

let server: Server;
let base: string;
let engine: Engine;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** The seed index may be mid-rebuild by another test run sharing it: wait for its lock rather than fail. */
async function openSeedEngine(): Promise<Engine> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await seedEngine();
    } catch (e) {
      if (!isPolicyLensError(e) || e.code !== 'INDEX_LOCKED' || attempt > 120) throw e;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

beforeAll(async () => {
  engine = await openSeedEngine();
  server = await listen(createApp({ engine: () => engine, analysis: () => analysisFor(engine), logger: pino({ level: 'silent' }) }), '127.0.0.1', 0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  agent.destroy();
  await new Promise((r) => server?.close(r));
  engine?.index.close();
});

/** GET with the path sent byte for byte as given (no URL normalisation, unlike fetch). */
function get(path: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(base + '/', { path, agent, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Percent-encodes every code unit but the unreserved ones, as UTF-8 — a lone surrogate as its WTF-8 bytes (ED A0 80). */
function percentEncode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    let cp = s.charCodeAt(i);
    const next = s.charCodeAt(i + 1);
    if (cp >= 0xd800 && cp <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      cp = 0x10000 + ((cp - 0xd800) << 10) + (next - 0xdc00);
      i++;
    }
    if (cp < 0x80 && /[A-Za-z0-9._~-]/.test(String.fromCharCode(cp))) {
      out += String.fromCharCode(cp);
      continue;
    }
    const bytes =
      cp < 0x80 ? [cp]
      : cp < 0x800 ? [0xc0 | (cp >> 6), 0x80 | (cp & 63)]
      : cp < 0x10000 ? [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)]
      : [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
    for (const b of bytes) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

// ---------- arbitraries ----------

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const control = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));
const SYNTAX = ['"', '""', '*', 'NEAR(', 'NEAR(专精特新 企业, 2)', ')', '(', 'AND', 'OR', 'NOT', '^', ':', 'tokens:', '{tokens}:', '-', '+', '\\', "'", "' OR '1'='1", "'); DROP TABLE paragraphs; --", '%', '_', '\u2028', '\ufeff', '\u0000'];
const WORDS = ['专精特新', '智能化改造', '亩均税收', '研发投入', '小巨人', '企业', '2025年', '昆山市', '上市', 'a'];
/** One piece of a string, any of the kinds that have broken search boxes before. */
const piece = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'binary-ascii', maxLength: 12 }),
  loneSurrogate,
  control,
  fc.constantFrom(...SYNTAX),
  fc.constantFrom(...WORDS),
);
const nasty = fc.oneof(
  { weight: 15, arbitrary: fc.array(piece, { maxLength: 6 }).map((p) => p.join('')) },
  // Past the 1,000-character query limit, past the 12 KB URL limit, past Node's 16 KB header limit.
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('专', 'a', '"', '%'), fc.integer({ min: 900, max: 6000 })).map(([c, n]) => c.repeat(n)) },
);
/** Sent without encoding: malformed and truncated escapes, and the query string's own separators. */
const RAW = ['%', '%2', '%zz', '%E4%B8', '%C0%80', '%ED%A0%80', '%00', '%FF%FE', '+', '%2B', '&', '&&', '=', '==', ';', '#', '?'];

function valueArbitrary(corpus: { cities: string[]; levels: string[]; docs: string[]; paragraphs: string[] }) {
  const valid = fc.constantFrom(
    ...corpus.cities, ...corpus.levels, ...corpus.docs.slice(0, 3), ...corpus.paragraphs.slice(0, 5),
    'hybrid', 'semantic', 'keyword', 'csv', 'json', 'main', 'attachment', 'enterprise-tiers', '0', '1', '3', '10', '100', '101', '-1', '1e2', '0x10', ' 5 ', '1.5', '9999999',
  );
  const encoded = fc.oneof({ weight: 2, arbitrary: valid }, { weight: 3, arbitrary: nasty }).map(percentEncode);
  return fc.array(fc.oneof({ weight: 5, arbitrary: encoded }, { weight: 1, arbitrary: fc.constantFrom(...RAW) }), { minLength: 0, maxLength: 3 }).map((p) => p.join(''));
}

const PARAMS = ['q', 'mode', 'k', 'format', 'city', 'doc', 'level', 'part', 'context', 'a', 'b', 'id', 'sentence', 'text', 'exclude', 'measure'];
const name = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...PARAMS) },
  { weight: 1, arbitrary: fc.constantFrom('q[]', 'city[0]', 'q[a]', '__proto__', 'constructor', 'hasOwnProperty', 'toString', '') },
  { weight: 1, arbitrary: nasty.map(percentEncode) },
);

/**
 * A query string: half the time "wild" (any names, any values, malformed escapes: mostly refused by validation),
 * half the time "deep" (a hostile `q` with otherwise valid parameters, so that it reaches the engine, FTS5 and the
 * model), and now and then a pair of clauses for the diff.
 */
function queryArbitrary(corpus: Parameters<typeof valueArbitrary>[0]) {
  // Up to 6 pairs, so names repeat (arrays) and combine.
  const wild = fc.array(fc.tuple(name, fc.option(valueArbitrary(corpus), { nil: undefined })), { maxLength: 6 }).map((pairs) =>
    pairs.map(([n, v]) => (v === undefined ? n : `${n}=${v}`)).join('&'),
  );
  const pair = (param: string, values: string[]) => fc.constantFrom(...values).map((v) => `${param}=${percentEncode(v)}`);
  const valid = fc.oneof(
    pair('mode', ['hybrid', 'semantic', 'keyword']),
    pair('k', ['1', '3', '10', '100']),
    pair('city', corpus.cities),
    pair('level', corpus.levels),
    pair('doc', corpus.docs),
    pair('part', ['main', 'attachment']),
    pair('format', ['json', 'csv']),
    pair('context', ['0', '2', '10']),
    pair('a', corpus.paragraphs),
    pair('b', corpus.paragraphs),
    pair('sentence', ['0', '1', '3', '999']),
    pair('exclude', corpus.paragraphs),
    pair('measure', ['enterprise-tiers', 'smart-digital', 'nope']),
  );
  // `q` for search and compare, `text` for /api/similar (pasted text).
  const deep = fc.tuple(fc.constantFrom('q', 'text'), nasty, fc.array(valid, { maxLength: 4 })).map(([n, q, pairs]) => [`${n}=${percentEncode(q)}`, ...pairs].join('&'));
  // Two clauses for the diff, the second sometimes with junk appended.
  const clauses = fc
    .tuple(fc.constantFrom(...corpus.paragraphs), fc.constantFrom(...corpus.paragraphs), fc.option(nasty, { nil: undefined }))
    .map(([a, b, junk]) => `a=${percentEncode(a)}&b=${percentEncode(b + (junk ?? ''))}`);
  return fc.oneof({ weight: 3, arbitrary: wild }, { weight: 3, arbitrary: deep }, { weight: 1, arbitrary: clauses });
}

function idArbitrary(corpus: Parameters<typeof valueArbitrary>[0]) {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...corpus.docs, ...corpus.paragraphs).map(percentEncode) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...corpus.paragraphs.slice(0, 3)), nasty).map(([id, s]) => percentEncode(id + s)) },
    { weight: 1, arbitrary: nasty.map(percentEncode) },
    { weight: 1, arbitrary: fc.constantFrom('..%2F..%2Fetc%2Fpasswd', '%2e%2e', '..', '.', '%2F', '%E4%B8', '%', '%ED%A0%80', 'x:p', ':p0001', 'a:p99999999') },
  );
}

const ROUTES: { path: (id: string) => string; api: boolean }[] = [
  ...['/api/search', '/api/compare', '/api/similar', '/api/targets', '/api/matrix', '/api/matrix/cell', '/api/diff', '/api/health', '/api/documents', '/api/draft'].map((p) => ({ path: () => p, api: true })),
  { path: (id) => `/api/paragraphs/${id}`, api: true },
  { path: (id) => `/api/paragraphs/${id}/similar`, api: true },
  { path: (id) => `/api/documents/${id}`, api: true },
  { path: (id) => `/api/${id}`, api: true },
  ...['/', '/compare', '/targets', '/matrix', '/matrix/cell', '/diff', '/docs', '/draft'].map((p) => ({ path: () => p, api: false })),
  { path: (id) => `/p/${id}`, api: false },
  { path: (id) => `/doc/${id}`, api: false },
];

/** Every check a response must pass, whatever was asked. */
function checkResponse(url: string, api: boolean, res: { status: number; type: string; body: string }): void {
  const where = `${url.slice(0, 300)} → ${res.status} ${res.body.slice(0, 300)}`;
  expect(res.status, where).toBeLessThan(500);
  expect(res.body, where).not.toMatch(STACK_FRAME);
  if (res.status >= 400) {
    expect(res.body, where).not.toContain(PROJECT_ROOT);
    if (api) {
      expect(res.type, where).toMatch(/^application\/json/);
      const body = JSON.parse(res.body) as { error?: { code?: unknown; message?: unknown } };
      expect(Object.keys(ERROR_CODES), where).toContain(body.error?.code);
      expect(typeof body.error?.message, where).toBe('string');
    }
  }
}

describe('API and page fuzz over the seed index', () => {
  let corpus: Parameters<typeof valueArbitrary>[0];
  beforeAll(() => {
    const info = engine.corpus();
    corpus = {
      cities: info.cities,
      levels: info.levels,
      docs: info.documents.map((d) => d.id),
      paragraphs: engine.index.paragraphs.filter((_, i) => i % 20 === 7).map((p) => p.id),
    };
  });

  it('answers hand-picked hostile requests without a 5xx', async () => {
    const q = (s: string) => percentEncode(s);
    const cases: [string, boolean][] = [
      [`/api/search?q=${q('\ud800')}`, true],
      [`/api/search?q=${q('专精\udfff特新')}&mode=keyword`, true],
      [`/api/search?q=%ED%A0%80&mode=keyword`, true],
      [`/api/search?q=%E4%B8&mode=semantic`, true],
      [`/api/search?q=%&mode=%zz`, true],
      [`/api/search?q=${q('"')}&mode=keyword`, true],
      [`/api/search?q=${q('NEAR(专精特新')}&mode=keyword`, true],
      [`/api/search?q=${q('* OR "')}&mode=hybrid`, true],
      [`/api/search?q=${q("'; DROP TABLE paragraphs; --")}&mode=keyword`, true],
      [`/api/search?q=${q('\u0000\u0001\u001f')}`, true],
      [`/api/search?q=a&q=b`, true],
      [`/api/search?q[]=a`, true],
      [`/api/search?q=${q('专'.repeat(1001))}`, true],
      [`/api/search?q=${q('专'.repeat(1300))}`, true],
      [`/api/search?q=${q('专'.repeat(5000))}`, true],
      [`/api/compare?q=${q('专精特新')}&k=100&mode=keyword&city=${q('\ud800')}`, true],
      [`/api/paragraphs/%ED%A0%80`, true],
      [`/api/paragraphs/%E4%B8/similar`, true],
      [`/api/similar?text=${q('\ud800')}&exclude=${q('\udc00')}`, true],
      [`/api/similar?text=${q('"*NEAR(')}&sentence=1&format=csv`, true],
      [`/p/${q(corpus.paragraphs[0]!)}?sentence=${q('1e9')}`, false],
      [`/p/${q(corpus.paragraphs[0]!)}?sentence=99999`, false],
      [`/p/${q(corpus.paragraphs[0]!)}?sentence=0&sentence=1`, false],
      [`/api/documents/..%2F..%2Fetc%2Fpasswd`, true],
      [`/api/diff?id=a&id=b&id=c`, true],
      [`/api/targets?q=${q('"*NEAR(')}`, true],
      [`/p/%`, false],
      [`/doc/%ED%A0%80`, false],
      [`/?q=${q('\udc00')}&mode=keyword`, false],
      [`/compare?q=${q('"')}&city=%E4%B8`, false],
    ];
    for (const [url, api] of cases) checkResponse(url, api, await get(url));
  });

  it(`answers ${RUNS} random requests to every route without a 5xx, a stack or a non-JSON API error`, async () => {
    const request = fc.record({
      route: fc.constantFrom(...ROUTES),
      id: idArbitrary(corpus),
      query: queryArbitrary(corpus),
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ route, id, query }) => {
        const url = route.path(id) + (query ? `?${query}` : '');
        checkResponse(url, route.api, await get(url));
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31), endOnFailure: false, verbose: 1 },
    );
  });
});
