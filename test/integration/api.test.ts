/**
 * The JSON API over the real seed index and the real bge model: every endpoint, checked against what the corpus
 * itself says. Ground truth (which clauses contain a phrase, which paragraphs neighbour which) is read back through
 * the API's own reader endpoint, never hard-coded, so the assertions hold for any correct index of these files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type express from 'express';
import type {
  CompareResult, DocumentSummary, DocumentView, Hit, ParagraphContext, SearchMode, SearchResult, SimilarResult, SimilarTextResult,
} from '../../src/search/types.js';
import { analysisFor } from '../../src/analysis/index.js';
import { createApp } from '../../src/server/app.js';
import { clauseFingerprint, docLabel } from '../../src/server/view.js';
import { seedEngine, SEED_DIR } from '../helpers/seed-index.js';
import { parseCsv } from '../server/helpers.js';

/** The seed manifest is the corpus's own statement of each document's region. */
interface ManifestEntry { id: string; file: string; city: string }
const manifest = JSON.parse(readFileSync(join(SEED_DIR, 'manifest.json'), 'utf8')) as { documents: ManifestEntry[] };

const MODES: SearchMode[] = ['hybrid', 'semantic', 'keyword'];
/** The comparison columns in the order the corpus lists its documents (昆山市 first: 000 is Kunshan's). */
const CITY_ORDER = ['昆山市', '江苏省', '平湖市', '青岛市'];
const CSV_HEADER = [
  'city', 'document', 'section', 'text', 'score', 'permalink', 'basis', 'issuer', 'basis_number', 'basis_date', 'date', 'doc_issuer', 'doc_number', 'weak', 'role', 'matched_sentence', 'indicator', 'value', 'range', 'unit', 'base', 'qualifier', 'year', 'scope', 'plan_period', 'table_header', 'table_cells',
  'part', 'kind', 'tags', 'responsible', 'lead', 'also_in', 'restated_in', 'rank', 'query', 'mode', 'filters', 'placed',
];
/** A Node stack frame: `at fn (/path/file.ts:12:3)`, `at file:///…`, `at node:internal/…`. */
const STACK_FRAME = /\bat (?:[^\s()]+ )?\(?(?:file:\/\/|node:|\/)[^\s)]*:\d+(?::\d+)?\)?/;

let app: express.Express;
/** Every clause of the corpus, in document order, read through /api/documents/:id. */
let corpus: { documents: DocumentSummary[]; views: Map<string, DocumentView>; paragraphs: Hit[] };
/** Every response body this file received, for the no-stack-trace check at the end. */
const seen: { url: string; status: number; body: string }[] = [];

type Params = Record<string, string | number | readonly string[] | undefined>;

/** `path?…` with repeated names for arrays (city=昆山市&city=青岛市), as a browser's form would send them. */
function url(path: string, params: Params = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value as readonly string[]) search.append(name, v);
    else search.append(name, String(value));
  }
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

async function get(path: string, params: Params = {}, headers: Record<string, string> = {}): Promise<request.Response> {
  const target = url(path, params);
  let req = request(app).get(target);
  for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
  const res = await req;
  seen.push({ url: target, status: res.status, body: res.text ?? JSON.stringify(res.body) });
  return res;
}

/** A CSV download as raw bytes (superagent would otherwise decode it and might drop the BOM). */
async function getCsv(path: string, params: Params, headers: Record<string, string> = {}): Promise<{ res: request.Response; bytes: Buffer }> {
  const target = url(path, { ...params, format: 'csv' });
  let req = request(app)
    .get(target)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
  const res = await req;
  const bytes = res.body as Buffer;
  seen.push({ url: target, status: res.status, body: bytes.toString('utf8') });
  return { res, bytes };
}

function expectError(res: request.Response, status: number, code: string): string {
  expect(res.status, res.text).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.body.error.code).toBe(code);
  expect(typeof res.body.error.message).toBe('string');
  return res.body.error.message as string;
}

/** Whitespace never matters when a reader looks for a phrase in a clause. */
const squash = (s: string): string => s.replace(/\s+/g, '');
/** Quotes and brackets are typography: a highlight of 专精特新”中小企业 is the term 专精特新中小企业. */
const fold = (s: string): string => squash(s).replace(/[“”"'‘’()（）]/g, '');
const contains = (hit: Pick<Hit, 'text'>, phrase: string): boolean => squash(hit.text).includes(squash(phrase));
/** The content group of a clause: itself or the original it duplicates (duplicates are collapsed into one result). */
const groupOf = (hit: Pick<Hit, 'id' | 'duplicates'>): string => [hit.id, ...hit.duplicates].sort()[0]!;
const docIdOf = (paragraphId: string): string => paragraphId.slice(0, paragraphId.lastIndexOf(':p'));
const marked = (hit: Hit): string[] => hit.highlights.map(([a, b]) => hit.text.slice(a, b));

/** Clauses of the corpus containing `phrase`, one per content group. */
function clausesContaining(phrase: string, city?: string): Hit[] {
  const groups = new Map<string, Hit>();
  for (const p of corpus.paragraphs) if ((!city || p.doc.city === city) && contains(p, phrase) && !groups.has(groupOf(p))) groups.set(groupOf(p), p);
  return [...groups.values()];
}

/** A clause of the corpus by a phrase it contains (the first, in document order). */
function clauseWith(phrase: string, docPrefix?: string): Hit {
  const hit = corpus.paragraphs.find((p) => (!docPrefix || p.doc.id.startsWith(docPrefix)) && contains(p, phrase));
  if (!hit) throw new Error(`no clause contains ${phrase}`);
  return hit;
}

function expectWellFormedHit(hit: Hit): void {
  expect(Object.keys(hit.doc).sort()).toEqual(['city', 'date', 'docNumber', 'file', 'id', 'issuer', 'level', 'title']);
  expect(hit.id.startsWith(`${hit.doc.id}:p`), hit.id).toBe(true);
  const summary = corpus.documents.find((d) => d.id === hit.doc.id)!;
  expect(summary, hit.doc.id).toBeDefined();
  expect(hit.doc).toEqual({ id: summary.id, file: summary.file, title: summary.title, city: summary.city, level: summary.level, date: summary.date, issuer: summary.issuer, docNumber: summary.docNumber });
  expect(Array.isArray(hit.section) && hit.section.every((s) => typeof s === 'string' && s.length > 0)).toBe(true);
  expect(hit.text.length).toBeGreaterThan(0);
  expect(['main', 'attachment']).toContain(hit.part);
  expect(['text', 'table-row']).toContain(hit.kind);
  expect(typeof hit.score).toBe('number');
  // Highlights: in bounds, ordered, not overlapping, never empty.
  let last = 0;
  for (const [a, b] of hit.highlights) {
    expect(a).toBeGreaterThanOrEqual(last);
    expect(b).toBeGreaterThan(a);
    expect(b).toBeLessThanOrEqual(hit.text.length);
    last = b;
  }
  for (const key of ['keyword', 'vector', 'keywordRank', 'vectorRank'] as const) expect(hit.why[key] === null || typeof hit.why[key] === 'number').toBe(true);
  expect(Array.isArray(hit.why.terms)).toBe(true);
  expectTilingSentences(hit);
}

/**
 * Measure sentences tile the clause: each is the text at its range, in order, without overlap, and together they
 * hold every non-space character (a table row is one sentence). `why.sentence` indexes them or is null.
 */
function expectTilingSentences(hit: Hit): void {
  expect(hit.sentences.length, hit.id).toBeGreaterThan(0);
  if (hit.kind === 'table-row') expect(hit.sentences, hit.id).toHaveLength(1);
  let at = 0;
  let rest = '';
  for (const s of hit.sentences) {
    expect(s.start, hit.id).toBeGreaterThanOrEqual(at);
    expect(s.end, hit.id).toBeGreaterThan(s.start);
    expect(s.text, hit.id).toBe(hit.text.slice(s.start, s.end));
    rest += hit.text.slice(at, s.start);
    at = s.end;
  }
  expect(at).toBeLessThanOrEqual(hit.text.length);
  rest += hit.text.slice(at);
  expect(rest.trim(), `${hit.id}: text outside every sentence`).toBe('');
  const n = hit.why.sentence;
  if (n !== null) {
    expect(Number.isInteger(n), hit.id).toBe(true);
    expect(n).toBeGreaterThanOrEqual(0);
    expect(n, hit.id).toBeLessThan(hit.sentences.length);
  }
}

function expectNoDuplicateContent(hits: Hit[]): void {
  expect(new Set(hits.map((h) => squash(h.text))).size, 'two results with the same text').toBe(hits.length);
  const ids = new Set(hits.map((h) => h.id));
  for (const h of hits) for (const d of h.duplicates) expect(ids.has(d), `${h.id} collapses ${d}, which is listed too`).toBe(false);
}

async function search(params: Params): Promise<SearchResult> {
  const res = await get('/api/search', params);
  expect(res.status, res.text).toBe(200);
  return res.body as SearchResult;
}

async function compare(params: Params): Promise<CompareResult> {
  const res = await get('/api/compare', params);
  expect(res.status, res.text).toBe(200);
  return res.body as CompareResult;
}

/**
 * Checks BOM, header, one row per hit in order, absolute permalinks and intact Chinese; returns the rows. A "similar"
 * export starts with what it answers (`source`: its text, and the clause's permalink when it is one).
 */
function expectCsvOf(bytes: Buffer, hits: { hit: Hit; city: string }[], origin: string, source?: { text: string; clause?: Hit }): string[][] {
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  expect(text.startsWith('\uFEFF')).toBe(true);
  const rows = parseCsv(text.slice(1));
  expect(rows[0]).toEqual(CSV_HEADER);
  if (source) {
    const first = rows[1]!;
    expect([first[3], first[14]]).toEqual([source.text, 'source']);
    // A sentence's source row links to that sentence's page, as the clause page's own permalink does.
    const sentence = source.clause && source.text !== source.clause.text ? `sentence=${source.clause.sentences.findIndex((x) => x.text === source.text)}&` : '';
    expect(first[5]).toBe(source.clause ? `${origin}/p/${source.clause.id}?${sentence}h=${clauseFingerprint(source.clause.text)}` : '');
  }
  const body = rows.slice(source ? 2 : 1);
  expect(body).toHaveLength(hits.length);
  body.forEach((row, i) => {
    const { hit, city } = hits[i]!;
    expect(row).toHaveLength(CSV_HEADER.length);
    expect(row[0]).toBe(city);
    // An untitled document is named as the pages name it (青岛市（无标题文件）).
    expect(row[1]).toBe(docLabel(hit.doc));
    expect(row[2]).toBe(hit.section.join(' › '));
    // A spreadsheet formula is defused with a leading apostrophe; otherwise the clause is exactly as indexed.
    expect(row[3]!.replace(/^'(?=[=+\-@])/, '')).toBe(hit.text);
    expect(Number(row[4])).toBeCloseTo(hit.score, 3);
    // The permalink carries the clause's fingerprint, so that it finds the clause after a re-index moves it.
    expect(row[5]).toBe(`${origin}/p/${hit.id}?h=${clauseFingerprint(hit.text)}`);
    expect(row[14]).toBe('result');
    // The sentence the page underlines, in a clause of several.
    expect(row[15]).toBe(hit.sentences.length > 1 && hit.why.sentence !== null ? hit.sentences[hit.why.sentence]!.text : '');
    // What the card shows beside the text: part, kind, tags, 责任单位, lead units, and 亦见于 as permalinks.
    const tags = [hit.part === 'attachment' ? '附件' : '', hit.kind === 'table-row' ? '表格行' : ''].filter(Boolean).join('、');
    const copy = (id: string) => `${origin}/p/${id}?h=${clauseFingerprint(corpus.paragraphs.find((p) => p.id === id)!.text)}`;
    expect(row.slice(CSV_HEADER.indexOf('part'), CSV_HEADER.indexOf('also_in') + 1)).toEqual([hit.part, hit.kind, tags, hit.responsible.join('、'), hit.leads.join('、'), hit.duplicates.map(copy).join('\n')]);
    // Its place in its column.
    expect(row[CSV_HEADER.indexOf('rank')]).toBe(String(hits.slice(0, i + 1).filter((h) => h.city === city).length));
  });
  return body;
}

beforeAll(async () => {
  const started = Date.now();
  const engine = await seedEngine();
  app = createApp({ engine: () => engine, analysis: () => analysisFor(engine), logger: pino({ level: 'silent' }) });
  const documents = ((await get('/api/documents')).body as { documents: DocumentSummary[] }).documents;
  const views = new Map<string, DocumentView>();
  for (const d of documents) views.set(d.id, (await get(`/api/documents/${d.id}`)).body as DocumentView);
  corpus = { documents, views, paragraphs: [...views.values()].flatMap((v) => v.paragraphs) };
  console.info(`seed engine ready and corpus read in ${Date.now() - started} ms (${corpus.paragraphs.length} paragraphs)`);
});

describe('GET /api/health and /api/documents', () => {
  it('counts the five seed documents, their paragraphs and the four regions', async () => {
    const res = await get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', documents: 5, paragraphs: corpus.paragraphs.length, cities: CITY_ORDER });
  });

  it('lists every document of the manifest with its region and a paragraph count that matches its reader', () => {
    expect(corpus.documents.map((d) => [d.id, d.file, d.city])).toEqual(manifest.documents.map((m) => [m.id, m.file, m.city]));
    for (const d of corpus.documents) {
      expect(d.paragraphCount, d.id).toBeGreaterThan(10);
      expect(corpus.views.get(d.id)!.paragraphs).toHaveLength(d.paragraphCount);
    }
    const jiangsu = corpus.documents.find((d) => d.city === '江苏省')!;
    expect(jiangsu).toMatchObject({ level: 'province', docNumber: '苏政发〔2018〕86号', date: '2018-06-25' });
  });

  it("gives Qingdao's untitled plan its outline 一 … 八 in order, each pointing at a paragraph of the document", () => {
    const qingdao = corpus.documents.find((d) => d.city === '青岛市')!;
    const view = corpus.views.get(qingdao.id)!;
    expect(view.document.title).toBeNull();
    const top = view.outline.filter((e) => e.level === 1).map((e) => e.title.slice(0, 2));
    expect(top).toEqual(['一、', '二、', '三、', '四、', '五、', '六、', '七、', '八、']);
    expect(view.outline.find((e) => e.title.startsWith('八、'))!.title).toContain('保障措施');
    const ids = view.paragraphs.map((p) => p.id);
    for (const entry of view.outline) expect(ids, entry.title).toContain(entry.paragraphId);
    // The outline follows the text: headings point at non-decreasing positions.
    const positions = view.outline.map((e) => ids.indexOf(e.paragraphId));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('returns paragraphs in document order, each with its section path under the outline', () => {
    for (const view of corpus.views.values()) {
      const ordinals = view.paragraphs.map((p) => Number(/:p(\d+)$/.exec(p.id)![1]));
      expect(ordinals, view.document.id).toEqual([...ordinals].sort((a, b) => a - b));
      expect(new Set(ordinals).size).toBe(ordinals.length);
      for (const p of view.paragraphs) expectWellFormedHit(p);
    }
    const clause = clauseWith('每年新增首台(套)技术装备');
    expect(clause.doc.city).toBe('青岛市');
    expect(clause.section[0]).toMatch(/^二、着力提升制造业高端化水平/);
    expect(clause.section[1]).toMatch(/^\(一\)增强制造业创新体系效能/);
  });

  it('answers 404 UNKNOWN_DOCUMENT for an unknown id and 400 for a malformed one', async () => {
    expectError(await get('/api/documents/999_nosuchdocument'), 404, 'UNKNOWN_DOCUMENT');
    expectError(await get('/api/documents/bad%20id!'), 400, 'BAD_REQUEST');
    expectError(await get('/api/documents/..%2F..%2Fetc%2Fpasswd'), 400, 'BAD_REQUEST');
  });
});

describe('GET /api/search on the seed corpus', () => {
  it.each(MODES)('%s: 专精特新 returns well-formed, highlighted, de-duplicated clauses', async (mode) => {
    const body = await search({ q: '专精特新', mode });
    expect(body.query).toBe('专精特新');
    expect(body.mode).toBe(mode);
    expect(body.expanded).toEqual(expect.arrayContaining(['小巨人']));
    expect(body.results.length).toBeGreaterThan(3);
    expect(body.results.length).toBeLessThanOrEqual(10);
    for (const hit of body.results) expectWellFormedHit(hit);
    expectNoDuplicateContent(body.results);
    // Wherever 专精特新 appears in a clause, a highlight covers it; every highlight is a searched term.
    const searched = ['专精特新', ...body.expanded];
    for (const hit of body.results) {
      const marks = marked(hit);
      if (contains(hit, '专精特新')) expect(marks.some((m) => m.includes('专精特新')), hit.id).toBe(true);
      for (const m of marks) expect(searched.map(fold), `${hit.id} marks ${m}`).toContain(fold(m));
      for (const t of hit.why.terms) expect(searched, hit.id).toContain(t);
    }
    // The clauses about 专精特新 lead: the top three name it (or its 小巨人 programme) outright.
    for (const hit of body.results.slice(0, 3)) expect(contains(hit, '专精特新') || contains(hit, '小巨人'), hit.text.slice(0, 40)).toBe(true);
    // Each of the four regions has a 专精特新 clause, and the first page of results spans several of them.
    expect(new Set(body.results.map((h) => h.doc.city)).size).toBeGreaterThanOrEqual(3);
  });

  it('semantic mode scores are cosines in descending order; keyword mode puts query-term hits before thesaurus-only ones', async () => {
    const semantic = await search({ q: '专精特新', mode: 'semantic' });
    const scores = semantic.results.map((h) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const h of semantic.results) {
      // Semantic mode takes no feedback: a score is the clause's best evidence (its own or its best sentence's
      // cosine) for the query itself. A collapsed group is ranked by its best member; `why.vector` is the shown clause's.
      if (h.duplicates.length === 0) expect(h.why.vector).toBeCloseTo(h.score, 5);
      else expect(h.why.vector!).toBeLessThanOrEqual(h.score + 1e-6);
      expect(h.why.keyword).toBeNull();
      expect(h.why.vectorRank).not.toBeNull();
    }
    const keyword = await search({ q: '专精特新', mode: 'keyword', k: 20 });
    const ranks = keyword.results.map((h) => h.why.keywordRank);
    const firstExpansionOnly = ranks.indexOf(null);
    if (firstExpansionOnly !== -1) expect(ranks.slice(firstExpansionOnly).every((r) => r === null)).toBe(true);
    for (const h of keyword.results) expect(h.why.vectorRank).toBeNull();
    for (const h of keyword.results.filter((x) => x.why.keywordRank !== null)) {
      expect(h.why.keyword).toBeGreaterThan(0);
      expect(contains(h, '专精'), h.id).toBe(true);
    }
  });

  // why.terms is "query terms (including thesaurus expansions) found in the text": whatever a highlight marks was
  // found, so the page's 命中词 line must name it. 首台套 is the everyday spelling of 首台(套) (the thesaurus folds
  // brackets, and the highlighter marks 首台(套) for it).
  it.each(['专精特新', '亩均效益', '首台套'])('%s: why.terms names every term a highlight marks', async (q) => {
    const body = await search({ q, mode: 'hybrid' });
    const searched = [q, ...body.expanded];
    const unexplained: string[] = [];
    for (const hit of body.results) {
      for (const mark of marked(hit)) {
        const term = searched.find((t) => fold(t) === fold(mark));
        if (term && !hit.why.terms.some((t) => fold(t) === fold(term))) unexplained.push(`${hit.id}: marks ${mark}, why.terms ${JSON.stringify(hit.why.terms)}`);
      }
    }
    expect([...new Set(unexplained)]).toEqual([]);
  });

  // 首台(套) is one jieba word whose terms are 首台 and 首台套: it was compared with them unfolded and never marked; and
  // 专精特新 inside the query's word 专精特新企业 was not marked in 专精特新“小巨人”, which holds no 专精特新企业
  // (eighteenth session's researcher audit).
  it('marks 首台(套) as the query writes it, and 专精特新 inside a longer query word', async () => {
    for (const q of ['首台(套)装备奖励', '首台【套】装备奖励', '首台[套]装备奖励']) {
      const first = await search({ q, mode: 'keyword' });
      const withIt = first.results.filter((h) => /首台[(（]套[)）]/.test(h.text));
      expect(withIt.length, q).toBeGreaterThan(0);
      for (const h of withIt) expect(marked(h).some((m) => fold(m).startsWith('首台套')), `${q} ${h.id}`).toBe(true);
    }
    const tier = await search({ q: '专精特新企业培育目标', mode: 'keyword', k: 50 });
    const giants = tier.results.filter((h) => /专精特新[“"]小巨人/.test(h.text) && !h.text.includes('专精特新企业'));
    expect(giants.length).toBeGreaterThan(0);
    for (const h of giants) expect(marked(h), h.id).toContain('专精特新');
  });

  it('a query with upper-case Latin (5G网络, 工业APP) marks and names its Latin word as the lower-case query does', async () => {
    for (const [upper, lower, word] of [['5G网络', '5g网络', '5G'], ['工业APP', '工业app', 'APP']] as const) {
      const [a, b] = [await search({ q: upper, mode: 'keyword' }), await search({ q: lower, mode: 'keyword' })];
      expect(a.results.map((h) => h.id)).toEqual(b.results.map((h) => h.id));
      const withWord = a.results.filter((h) => h.text.includes(word));
      expect(withWord.length, upper).toBeGreaterThan(0);
      for (const hit of withWord) {
        expect(marked(hit).some((m) => m.includes(word)), `${upper}: ${hit.id} marks ${JSON.stringify(marked(hit))}`).toBe(true);
        expect(hit.why.terms.map((t) => t.toLowerCase()), upper).toContain(word.toLowerCase());
      }
    }
  });

  it('collapses a clause repeated in an attachment table into one result that lists the copy', async () => {
    const body = await search({ q: '推动企业“专精特新”发展', mode: 'hybrid' });
    const first = body.results[0]!;
    expect(contains(first, '推动企业“专精特新”发展')).toBe(true);
    expect(first.part).toBe('main');
    expect(first.duplicates.length).toBeGreaterThan(0);
    // The copies are 附件2's task-table rows: each row's main cell is a passage of the clause, word for word.
    const copies = first.duplicates.map((d) => corpus.paragraphs.find((p) => p.id === d)!);
    for (const copy of copies) {
      expect([copy.part, copy.kind]).toEqual(['attachment', 'table-row']);
      const cell = copy.text.split('|').map(squash).sort((a, b) => b.length - a.length)[0]!;
      expect(squash(first.text)).toContain(cell);
    }
    expect(copies.some((c) => contains(c, '推动企业“专精特新”发展'))).toBe(true);
    expectNoDuplicateContent(body.results);
  });

  it('city=青岛市 returns only Qingdao clauses, and a repeated city returns exactly those cities', async () => {
    const one = await search({ q: '专精特新', city: '青岛市' });
    expect(one.results.length).toBeGreaterThan(0);
    expect(new Set(one.results.map((h) => h.doc.city))).toEqual(new Set(['青岛市']));
    expect(contains(one.results[0]!, '专精特新')).toBe(true);

    const two = await search({ q: '专精特新', city: ['青岛市', '平湖市'], k: 20 });
    expect(new Set(two.results.map((h) => h.doc.city))).toEqual(new Set(['青岛市', '平湖市']));
    // Both cities' 专精特新 clauses are found, not just the first city's.
    for (const city of ['青岛市', '平湖市']) {
      expect(two.results.some((h) => h.doc.city === city && contains(h, '专精特新')), city).toBe(true);
    }
  });

  it('doc= keeps one document; two doc= values keep both', async () => {
    const kunshanPlan = corpus.documents.find((d) => d.id.startsWith('004'))!;
    const one = await search({ q: '专精特新', doc: kunshanPlan.id });
    expect(one.results.length).toBeGreaterThan(0);
    for (const h of one.results) expect(h.doc.id).toBe(kunshanPlan.id);
    const other = corpus.documents.find((d) => d.id.startsWith('000'))!;
    const both = await search({ q: '人才', doc: [kunshanPlan.id, other.id], k: 30 });
    expect(new Set(both.results.map((h) => h.doc.id))).toEqual(new Set([kunshanPlan.id, other.id]));
  });

  it("part=attachment returns only attachment rows (Pinghu's tables), part=main none", async () => {
    const attachmentDocs = new Set(corpus.paragraphs.filter((p) => p.part === 'attachment').map((p) => p.doc.id));
    expect([...attachmentDocs].map((id) => corpus.documents.find((d) => d.id === id)!.city)).toEqual(['平湖市']);

    const att = await search({ q: '专精特新', part: 'attachment' });
    expect(att.results.length).toBeGreaterThan(0);
    for (const h of att.results) {
      expect(h.part).toBe('attachment');
      expect(h.doc.city).toBe('平湖市');
    }
    // Attachment rows that repeat the main text stay themselves under this filter (not collapsed into the main clause).
    expect(att.results.some((h) => contains(h, '专精特新') && h.kind === 'table-row')).toBe(true);
    const targets = await search({ q: '亩均税收', part: 'attachment', mode: 'keyword' });
    expect(targets.results[0]!.kind).toBe('table-row');
    expect(contains(targets.results[0]!, '亩均税收')).toBe(true);

    const main = await search({ q: '专精特新', part: 'main', k: 50 });
    expect(main.results.every((h) => h.part === 'main')).toBe(true);
  });

  // 平湖's 附件 rows showed no column headers on the clause page, in the reader or in the CSV, though the targets knew
  // each cell's town and year (README Limits, twenty-first session's audits).
  it("every table row of Pinghu's attachments says what its cells are, as the targets read them", async () => {
    const rows = corpus.paragraphs.filter((p) => p.kind === 'table-row');
    expect(rows.length).toBeGreaterThan(80);
    for (const r of rows) {
      expect(r.table?.columns.length).toBeGreaterThan(2);
      // The cells, in order, are the row's own text; the row number stands under 序号 and departments under the last column.
      expect(r.table!.cells.map((c) => c.text).filter(Boolean).join('|')).toBe(r.text.split('|').map((c) => c.trim()).filter(Boolean).join('|'));
      expect(r.table!.cells[0]!.column).toMatch(/^序\s*号$/);
    }
    for (const p of corpus.paragraphs.filter((x) => x.kind === 'text')) expect(p.table).toBeUndefined();
    const task = rows.find((r) => r.text.includes('完成低效工业用地改造开发2000亩以上'))!;
    expect(task.table!.cells.find((c) => c.text.includes('2000亩'))!.column).toBe('具体内容');
    const merged = rows.find((r) => r.text.startsWith('2 | 加快开发区'))!;
    expect(merged.table!.cells.map((c) => c.column)).toEqual(['序号', '具体内容', '责任单位']);
    // A value cell stands under the column that gives its target's year or town.
    const { targets } = (await get('/api/targets', { city: '平湖市' })).body as { targets: { paragraphId: string; text: string; year: string | null; scope: string | null }[] };
    let checked = 0;
    for (const t of targets) {
      const row = rows.find((r) => r.id === t.paragraphId);
      if (!row || row.table!.columns.every((c) => c !== t.scope && c !== t.year)) continue;
      expect(row.table!.cells.some((c) => c.text === t.text && c.column === (t.scope ?? t.year))).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('k bounds: 1 and 100 are accepted, 0, 101, 2.5 and -1 are not', async () => {
    expect((await search({ q: '专精特新', k: 1 })).results).toHaveLength(1);
    const hundred = await search({ q: '企业', k: 100 });
    expect(hundred.results.length).toBeGreaterThan(10);
    expect(hundred.results.length).toBeLessThanOrEqual(100);
    expectNoDuplicateContent(hundred.results);
    for (const k of ['0', '101', '2.5', '-1', 'ten']) expect(expectError(await get('/api/search', { q: '专精特新', k }), 400, 'BAD_REQUEST')).toMatch(/"k"/);
  });

  it('rejects an unknown mode, part or format naming the valid ones', async () => {
    expect(expectError(await get('/api/search', { q: '专精特新', mode: 'fuzzy' }), 400, 'BAD_REQUEST')).toMatch(/hybrid.*semantic.*keyword/);
    expect(expectError(await get('/api/search', { q: '专精特新', part: 'appendix' }), 400, 'BAD_REQUEST')).toMatch(/main.*attachment/);
    expect(expectError(await get('/api/search', { q: '专精特新', format: 'xlsx' }), 400, 'BAD_REQUEST')).toMatch(/json.*csv/);
  });
});

describe('exact keyword hits are not buried (hybrid)', () => {
  // Distinctive phrases a drafter would type, each found word for word in one to three clauses of the corpus.
  // Several are short and rare, where the embedding of a 2–4 character query carries little signal.
  const PHRASES = ['工业上楼', '海缆', '揭榜挂帅', '祖冲之攻关计划', '沃土计划', '亩产效益', '科创企业森林'];

  it.each(PHRASES)('%s: every clause containing it ranks above every clause that does not', async (phrase) => {
    const expected = clausesContaining(phrase);
    expect(expected.length, `${phrase} should be in the corpus`).toBeGreaterThan(0);
    expect(expected.length).toBeLessThanOrEqual(3);
    const body = await search({ q: phrase, mode: 'hybrid', k: 10 });
    const top = body.results.slice(0, expected.length);
    expect(top.map(groupOf).sort()).toEqual(expected.map(groupOf).sort());
    for (const hit of top) expect(marked(hit).some((m) => squash(m).includes(phrase)), `${hit.id} highlights ${phrase}`).toBe(true);
  });

  it('marks a number of the query with its unit, never alone (export audit, s22: 1000家 had marked the 1000 of 1000万元, 50万元 every 万元)', async () => {
    for (const [q, unit] of [['100家', '家'], ['35万元', '万元']] as const) {
      const body = await search({ q, mode: 'keyword', k: 50 });
      const marks = body.results.flatMap(marked);
      expect(marks.some((m) => squash(m).includes(q)), `${q} is marked somewhere`).toBe(true);
      for (const m of marks) if (/\d/.test(m)) expect(m.endsWith(unit), `${q}: mark ${m}`).toBe(true);
      // Its unit is not marked on its own either (every 万元 had been).
      expect(marks.filter((m) => m === unit)).toEqual([]);
    }
  });

  it('a pasted clause finds itself first in every mode', async () => {
    // One clause from each document: the longest main-text clause, pasted whole.
    for (const view of corpus.views.values()) {
      const clause = view.paragraphs.filter((p) => p.part === 'main').sort((a, b) => b.text.length - a.text.length)[0]!;
      for (const mode of MODES) {
        const body = await search({ q: clause.text, mode, k: 3 });
        expect(groupOf(body.results[0]!), `${mode}: ${clause.id}`).toBe(groupOf(clause));
      }
    }
  });
});

describe('GET /api/compare on the seed corpus', () => {
  it('专精特新: four columns 昆山市, 江苏省, 平湖市, 青岛市 in that order, each ≤ 3 clauses of its own city', async () => {
    const body = await compare({ q: '专精特新' });
    expect(body.columns.map((c) => c.city)).toEqual(CITY_ORDER);
    for (const column of body.columns) {
      expect(column.results.length).toBeGreaterThan(0);
      expect(column.results.length).toBeLessThanOrEqual(3);
      expectNoDuplicateContent(column.results);
      for (const hit of column.results) {
        expectWellFormedHit(hit);
        expect(hit.doc.city).toBe(column.city);
      }
      expect(typeof column.weak).toBe('boolean');
    }
  });

  it("专精特新: each column's best clause is about 专精特新 (names it or its 小巨人 programme)", async () => {
    const body = await compare({ q: '专精特新' });
    for (const column of body.columns) {
      const best = column.results[0]!;
      expect(contains(best, '专精特新') || contains(best, '小巨人'), `${column.city}: ${best.text.slice(0, 60)}`).toBe(true);
      expect(marked(best).length, column.city).toBeGreaterThan(0);
    }
  });

  it('keeps the column order stable across modes and queries, and follows city= when given', async () => {
    for (const mode of MODES) expect((await compare({ q: '人才引进', mode })).columns.map((c) => c.city)).toEqual(CITY_ORDER);
    const two = await compare({ q: '专精特新', city: ['青岛市', '昆山市'], k: 1 });
    expect(two.columns.map((c) => c.city).sort()).toEqual(['昆山市', '青岛市'].sort());
    for (const c of two.columns) expect(c.results.length).toBeLessThanOrEqual(1);
  });

  // "weak" promises: this city has no real counterpart. A city whose own text states the queried measure word for
  // word has one; for a topic only one city's plan covers, the other columns have none.
  it('专精特新: no column is weak, since every region has a clause that names 专精特新', async () => {
    const body = await compare({ q: '专精特新' });
    for (const column of body.columns) {
      expect(clausesContaining('专精特新', column.city).length, column.city).toBeGreaterThan(0);
    }
    const weak = body.columns.filter((c) => c.weak).map((c) => `${c.city} (best cosine ${c.results[0]?.why.vector?.toFixed(3)}: ${c.results[0]?.text.slice(0, 30)})`);
    expect(weak, 'columns flagged "no close counterpart" although they name 专精特新').toEqual([]);
  });

  // 海缆: only Qingdao's plan builds submarine cables (青岛至日韩国际海缆); 工业遗产: only Qingdao turns industrial
  // heritage into tourism. No other plan has anything on either topic.
  it.each([
    ['海缆', '青岛市'],
    ['工业遗产', '青岛市'],
  ])('gap query %s: only %s has a counterpart; every other column is weak', async (q, covering) => {
    for (const city of CITY_ORDER) expect(clausesContaining(q, city).length > 0, `${city} covers ${q}`).toBe(city === covering);
    const body = await compare({ q });
    const flags = Object.fromEntries(body.columns.map((c) => [c.city, c.weak]));
    const expected = Object.fromEntries(CITY_ORDER.map((c) => [c, c !== covering]));
    const best = body.columns.map((c) => `${c.city} weak=${c.weak} cosine=${c.results[0]?.why.vector?.toFixed(3)} ${c.results[0]?.text.slice(0, 24)}`);
    expect(flags, best.join('\n')).toEqual(expected);
    // Whatever the flag, the covering city's column leads with the clause that has the term.
    const column = body.columns.find((c) => c.city === covering)!;
    expect(contains(column.results[0]!, q)).toBe(true);
  });

  it('rejects an unknown city naming the four valid ones', async () => {
    const res = await get('/api/compare', { q: '专精特新', city: ['青岛市', '北京市'] });
    const message = expectError(res, 400, 'UNKNOWN_CITY');
    expect(message).toContain('北京市');
    for (const city of CITY_ORDER) expect(message).toContain(city);
    expect(res.body.error.details.valid).toEqual(CITY_ORDER);
  });
});

describe('GET /api/paragraphs/:id and /similar', () => {
  it('returns a paragraph with its neighbours in the same document (context 2 by default, 0 and 5 on request)', async () => {
    for (const view of corpus.views.values()) {
      const ps = view.paragraphs;
      for (const at of [0, Math.floor(ps.length / 2), ps.length - 1]) {
        const p = ps[at]!;
        const res = await get(`/api/paragraphs/${p.id}`);
        expect(res.status).toBe(200);
        const body = res.body as ParagraphContext;
        expect(body.paragraph.id).toBe(p.id);
        expect(body.paragraph.text).toBe(p.text);
        expect(body.paragraph.section).toEqual(p.section);
        expect(body.before.map((h) => h.id)).toEqual(ps.slice(Math.max(0, at - 2), at).map((h) => h.id));
        expect(body.after.map((h) => h.id)).toEqual(ps.slice(at + 1, at + 3).map((h) => h.id));
      }
    }
    const view = [...corpus.views.values()][0]!;
    const mid = view.paragraphs[10]!;
    const none = (await get(`/api/paragraphs/${mid.id}`, { context: 0 })).body as ParagraphContext;
    expect([none.before.length, none.after.length]).toEqual([0, 0]);
    const five = (await get(`/api/paragraphs/${mid.id}`, { context: 5 })).body as ParagraphContext;
    expect(five.before.map((h) => h.id)).toEqual(view.paragraphs.slice(5, 10).map((h) => h.id));
    expect(five.after.map((h) => h.id)).toEqual(view.paragraphs.slice(11, 16).map((h) => h.id));
    expectError(await get(`/api/paragraphs/${mid.id}`, { context: 11 }), 400, 'BAD_REQUEST');
  });

  it("similar to Pinghu's 专精特新 clause: other documents only, one column per other region, each led by a 专精特新 clause", async () => {
    const source = clauseWith('推动企业“专精特新”发展', '002');
    const res = await get(`/api/paragraphs/${source.id}/similar`);
    expect(res.status).toBe(200);
    const body = res.body as SimilarResult;
    expect(body.source.id).toBe(source.id);
    // Pinghu has one document, the source's: its column disappears; the other three regions remain, in order.
    expect(body.columns.map((c) => c.city)).toEqual(CITY_ORDER.filter((c) => c !== '平湖市'));
    for (const column of body.columns) {
      expect(column.results.length).toBeGreaterThan(0);
      expect(column.results.length).toBeLessThanOrEqual(3);
      for (const hit of column.results) {
        expect(hit.doc.id).not.toBe(source.doc.id);
        expect(hit.doc.city).toBe(column.city);
        expect([source.id, ...source.duplicates]).not.toContain(hit.id);
      }
      expect(contains(column.results[0]!, '专精特新'), column.city).toBe(true);
      expect(column.weak, column.city).toBe(false);
    }
  });

  it("similar to a Kunshan clause keeps a Kunshan column from Kunshan's other document", async () => {
    const source = clauseWith('做强专精特新企业', '000');
    const body = (await get(`/api/paragraphs/${source.id}/similar`, { k: 2 })).body as SimilarResult;
    expect(body.columns.map((c) => c.city)).toEqual(CITY_ORDER);
    const kunshan = body.columns.find((c) => c.city === '昆山市')!;
    expect(kunshan.results.length).toBeGreaterThan(0);
    for (const column of body.columns) {
      expect(column.results.length).toBeLessThanOrEqual(2);
      for (const hit of column.results) expect(hit.doc.id).not.toBe(source.doc.id);
    }
    const only = (await get(`/api/paragraphs/${source.id}/similar`, { city: '青岛市' })).body as SimilarResult;
    expect(only.columns.map((c) => c.city)).toEqual(['青岛市']);
  });

  it('unknown ids answer 404 UNKNOWN_PARAGRAPH, malformed ids 400 BAD_REQUEST', async () => {
    const doc = corpus.documents[0]!.id;
    expectError(await get(`/api/paragraphs/${doc}:p9999`), 404, 'UNKNOWN_PARAGRAPH');
    expectError(await get('/api/paragraphs/999_nosuchdocument:p0001'), 404, 'UNKNOWN_PARAGRAPH');
    expectError(await get(`/api/paragraphs/${doc}:p9999/similar`), 404, 'UNKNOWN_PARAGRAPH');
    for (const bad of [doc, `${doc}:pp1`, `${doc}:p`, '..%2Fsecret:p1', `${doc}%3Ap1%00`]) {
      expectError(await get(`/api/paragraphs/${bad}`), 400, 'BAD_REQUEST');
    }
    // A broken percent-escape in the path is the client's error, not ours.
    expectError(await get('/api/paragraphs/%E0%A4%A'), 400, 'BAD_REQUEST');
  });
});

/** 首台(套) however it is spelt (首台（套）, 首台套). */
const namesFirstUnit = (text: string): boolean => fold(text).includes('首台套');

describe('measure sentences (issue 9)', () => {
  /** Qingdao's "(一)增强制造业创新体系效能……": five measures in one clause, one of them 首台(套). */
  let bundled: Hit;
  let firstUnit: number;
  beforeAll(() => {
    bundled = clauseWith('首台(套)', '003');
    firstUnit = bundled.sentences.findIndex((s) => namesFirstUnit(s.text));
  });

  it("Qingdao's clause holding 首台(套) is split into sentences, one of which (not the first) holds 首台(套)", () => {
    expect(bundled.text).toMatch(/^\(一\)增强制造业创新体系效能/);
    expect(bundled.sentences.length).toBeGreaterThanOrEqual(3);
    expect(firstUnit).toBeGreaterThan(0);
    expect(bundled.sentences.filter((s) => namesFirstUnit(s.text))).toHaveLength(1);
  });

  it('every paragraph of the corpus carries sentences that tile its text', () => {
    expect(corpus.paragraphs.length).toBeGreaterThan(200);
    for (const p of corpus.paragraphs) expectTilingSentences(p);
    // Bundled clauses are common in policy text: a good share of the corpus has more than one sentence.
    expect(corpus.paragraphs.filter((p) => p.sentences.length > 1).length).toBeGreaterThan(corpus.paragraphs.length / 4);
  });

  it.each(['hybrid', 'semantic'] as const)('%s search for 首台(套): every hit names its best sentence, and a clause naming 首台(套) points at the sentence that does', async (mode) => {
    const body = await search({ q: '首台(套)', mode });
    expect(body.results.length).toBeGreaterThan(3);
    const naming = body.results.filter((h) => namesFirstUnit(h.text));
    expect(naming.length).toBeGreaterThanOrEqual(4);
    for (const hit of body.results) {
      expectTilingSentences(hit);
      expect(hit.why.sentence, hit.id).not.toBeNull();
    }
    for (const hit of naming) expect(namesFirstUnit(hit.sentences[hit.why.sentence!]!.text), `${hit.id} sentence ${hit.why.sentence}`).toBe(true);
  });

  it('compare and similar columns carry sentences and an in-range why.sentence too', async () => {
    const columns = [...(await compare({ q: '亩均效益' })).columns, ...((await get(`/api/paragraphs/${bundled.id}/similar`)).body as SimilarResult).columns];
    for (const c of columns) for (const hit of c.results) expectWellFormedHit(hit);
  });

  it('similar?sentence=N answers the 首台(套) sentence’s counterparts: per city, without Qingdao’s document, each led to a 首台(套) clause within 3', async () => {
    const res = await get(`/api/paragraphs/${bundled.id}/similar`, { sentence: firstUnit });
    expect(res.status, res.text).toBe(200);
    const body = res.body as SimilarResult;
    expect(body.source.id).toBe(bundled.id);
    expect(body.source.why.sentence).toBe(firstUnit);
    // Qingdao has one document, the source's: its column disappears.
    expect(body.columns.map((c) => c.city)).toEqual(CITY_ORDER.filter((c) => c !== '青岛市'));
    for (const column of body.columns) {
      expect(column.results.length).toBeGreaterThan(0);
      expect(column.results.length).toBeLessThanOrEqual(3);
      for (const hit of column.results) {
        expectWellFormedHit(hit);
        expect(hit.doc.id).not.toBe(bundled.doc.id);
        expect(hit.doc.city).toBe(column.city);
      }
      // Every other region has a clause naming 首台(套); it ranks in the column's top 3, and the sentence the page
      // underlines in it is the one that names 首台(套).
      expect(clausesContaining('首台', column.city).length, column.city).toBeGreaterThan(0);
      const counterpart = column.results.find((h) => namesFirstUnit(h.text));
      expect(counterpart, `${column.city}: ${column.results.map((h) => h.text.slice(0, 30)).join(' | ')}`).toBeDefined();
      expect(namesFirstUnit(counterpart!.sentences[counterpart!.why.sentence!]!.text), counterpart!.id).toBe(true);
    }
  });

  it('the whole clause is answered differently from its 首台(套) sentence', async () => {
    const whole = (await get(`/api/paragraphs/${bundled.id}/similar`)).body as SimilarResult;
    const one = (await get(`/api/paragraphs/${bundled.id}/similar`, { sentence: firstUnit })).body as SimilarResult;
    expect(whole.source.why.sentence).toBeNull();
    const ids = (r: SimilarResult) => r.columns.map((c) => c.results.map((h) => h.id));
    expect(ids(whole)).not.toEqual(ids(one));
    const naming = (r: SimilarResult) => r.columns.filter((c) => c.results.some((h) => namesFirstUnit(h.text))).length;
    console.info(`columns with a 首台(套) clause in their top 3: whole clause ${naming(whole)}, its 首台(套) sentence ${naming(one)} of ${one.columns.length}`);
    expect(naming(one)).toBeGreaterThanOrEqual(naming(whole));
    // Each sentence has its own answer: not all of them can be the same list.
    const answers = new Set<string>();
    for (let n = 0; n < bundled.sentences.length; n++) answers.add(JSON.stringify(ids((await get(`/api/paragraphs/${bundled.id}/similar`, { sentence: n })).body as SimilarResult)));
    expect(answers.size).toBeGreaterThan(1);
  });

  it('a sentence the clause does not have is 400 UNKNOWN_SENTENCE; a malformed one 400 BAD_REQUEST', async () => {
    const message = expectError(await get(`/api/paragraphs/${bundled.id}/similar`, { sentence: bundled.sentences.length }), 400, 'UNKNOWN_SENTENCE');
    expect(message).toContain(`${bundled.sentences.length}`);
    const single = corpus.paragraphs.find((p) => p.sentences.length === 1 && p.text.length > 10)!;
    expectError(await get(`/api/paragraphs/${single.id}/similar`, { sentence: 1 }), 400, 'UNKNOWN_SENTENCE');
    expect((await get(`/api/paragraphs/${single.id}/similar`, { sentence: 0 })).status).toBe(200);
    for (const bad of ['-1', 'x', '1.5']) expectError(await get(`/api/paragraphs/${bundled.id}/similar`, { sentence: bad }), 400, 'BAD_REQUEST');
  });

  it('/api/similar?text=<the 首台(套) sentence>&exclude=<its clause>: the counterparts per city, Qingdao’s document left out', async () => {
    const text = bundled.sentences[firstUnit]!.text;
    const res = await get('/api/similar', { text, exclude: bundled.id });
    expect(res.status, res.text).toBe(200);
    const body = res.body as SimilarTextResult;
    expect(body.text).toBe(text);
    expect(body.columns.map((c) => c.city)).toEqual(CITY_ORDER.filter((c) => c !== '青岛市'));
    for (const column of body.columns) {
      expect(column.results.length).toBeLessThanOrEqual(3);
      for (const hit of column.results) {
        expectWellFormedHit(hit);
        expect(hit.doc.id).not.toBe(bundled.doc.id);
        expect(hit.doc.city).toBe(column.city);
      }
      expect(column.results.some((h) => namesFirstUnit(h.text)), column.city).toBe(true);
    }
  });

  it('/api/similar without exclude keeps every region and finds the sentence’s own clause first in its column; k and city apply', async () => {
    const text = bundled.sentences[firstUnit]!.text;
    const body = (await get('/api/similar', { text })).body as SimilarTextResult;
    expect(body.columns.map((c) => c.city)).toEqual(CITY_ORDER);
    expect(body.columns.find((c) => c.city === '青岛市')!.results[0]!.id).toBe(bundled.id);
    const narrow = (await get('/api/similar', { text, k: 1, city: ['江苏省', '平湖市'] })).body as SimilarTextResult;
    expect(narrow.columns.map((c) => [c.city, c.results.length])).toEqual([['江苏省', 1], ['平湖市', 1]]);
  });

  it('/api/similar puts the clause that holds a pasted sentence word for word first in its column, for every sentence', async () => {
    // Every measure sentence of every multi-sentence clause, pasted as it is. (On the seeds the vectors alone already
    // manage this; the pin is for a drafter's text held word for word by a clause that reads like others.)
    let checked = 0;
    for (const clause of corpus.paragraphs.filter((p) => p.duplicates.length === 0 && p.sentences.length >= 2 && p.kind === 'text')) {
      for (const { text } of clause.sentences.filter((x) => [...x.text].length >= 12)) {
        const body = (await get('/api/similar', { text, k: 1, city: clause.doc.city! })).body as SimilarTextResult;
        expect(body.columns[0]!.results[0]!.text, `${clause.id}: ${text}`).toContain(text);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('/api/similar refuses a missing, empty, blank or 1,001-character text, a malformed exclude (400) and an unknown one (404)', async () => {
    expect(expectError(await get('/api/similar'), 400, 'BAD_REQUEST')).toMatch(/"text" is required/);
    expect(expectError(await get('/api/similar', { text: '' }), 400, 'BAD_REQUEST')).toMatch(/must not be empty/);
    expect(expectError(await get('/api/similar', { text: ' \u3000 ' }), 400, 'BAD_REQUEST')).toMatch(/must not be empty/);
    const long = squash(bundled.text).repeat(10).slice(0, 1001);
    expect(expectError(await get('/api/similar', { text: long }), 400, 'BAD_REQUEST')).toMatch(/1001.*1000/);
    expect((await get('/api/similar', { text: long.slice(0, 1000) })).status).toBe(200);
    for (const bad of [bundled.doc.id, `${bundled.doc.id}:px`, '../x:p1']) {
      expect(expectError(await get('/api/similar', { text: '首台(套)', exclude: bad }), 400, 'BAD_REQUEST')).toMatch(/"exclude" must be a paragraph id/);
    }
    expectError(await get('/api/similar', { text: '首台(套)', exclude: `${bundled.doc.id}:p9999` }), 404, 'UNKNOWN_PARAGRAPH');
    expectError(await get('/api/similar', { text: '首台(套)', city: '北京市' }), 400, 'UNKNOWN_CITY');
  });
});

describe('CSV exports', () => {
  const HOST = 'policylens.test:8080';
  const ORIGIN = `http://${HOST}`;

  it('search: BOM, header, one row per result in order, absolute /p/<id> permalinks, Chinese intact', async () => {
    const json = await search({ q: '专精特新', city: '青岛市' });
    const { res, bytes } = await getCsv('/api/search', { q: '专精特新', city: '青岛市' }, { Host: HOST });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('policylens-search-专精特新-青岛市.csv')}`);
    const rows = expectCsvOf(bytes, json.results.map((hit) => ({ hit, city: hit.doc.city! })), ORIGIN);
    expect(rows.some((r) => r[3]!.includes('专精特新“小巨人”企业'))).toBe(true);
  });

  it('compare: the rows of every column under its city, in column order', async () => {
    const json = await compare({ q: '专精特新' });
    const { res, bytes } = await getCsv('/api/compare', { q: '专精特新' }, { Host: HOST });
    expect(res.status).toBe(200);
    const rows = expectCsvOf(bytes, json.columns.flatMap((c) => c.results.map((hit) => ({ hit, city: c.city }))), ORIGIN);
    expect([...new Set(rows.map((r) => r[0]))]).toEqual(CITY_ORDER);
    // Places asked for in another order: the rows run in the corpus's order, and the file name lists them so too (it had
    // listed them as asked: researcher audit 9, session 22).
    const asked = await getCsv('/api/compare', { q: '专精特新', city: ['青岛市', '昆山市'] }, { Host: HOST });
    expect([...new Set(parseCsv(asked.bytes.toString('utf8').slice(1)).slice(1).map((r) => r[0]))]).toEqual(['昆山市', '青岛市']);
    expect(asked.res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('policylens-compare-专精特新-昆山市、青岛市.csv')}`);
  });

  it('similar of one sentence, and of pasted text: the columns as rows', async () => {
    const source = clauseWith('首台(套)', '003');
    const n = source.sentences.findIndex((x) => namesFirstUnit(x.text));
    const json = (await get(`/api/paragraphs/${source.id}/similar`, { sentence: n })).body as SimilarResult;
    const { res, bytes } = await getCsv(`/api/paragraphs/${source.id}/similar`, { sentence: n }, { Host: HOST });
    expect(res.status).toBe(200);
    expectCsvOf(bytes, json.columns.flatMap((c) => c.results.map((hit) => ({ hit, city: c.city }))), ORIGIN, { text: source.sentences[n]!.text, clause: source });
    const text = source.sentences[n]!.text;
    const pasted = (await get('/api/similar', { text, exclude: source.id })).body as SimilarTextResult;
    const csv = await getCsv('/api/similar', { text, exclude: source.id }, { Host: HOST });
    expect(csv.res.status).toBe(200);
    expect(csv.res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.res.headers['content-disposition']).toMatch(/^attachment; filename="policylens-similar[^"]*\.csv"; filename\*=UTF-8''policylens-similar-/);
    const rows = expectCsvOf(csv.bytes, pasted.columns.flatMap((c) => c.results.map((hit) => ({ hit, city: c.city }))), ORIGIN, { text });
    expect(rows.length).toBeGreaterThan(0);
  });

  it('similar: the columns of the paragraph page as rows', async () => {
    const source = clauseWith('推动企业“专精特新”发展', '002');
    const json = (await get(`/api/paragraphs/${source.id}/similar`)).body as SimilarResult;
    const { res, bytes } = await getCsv(`/api/paragraphs/${source.id}/similar`, {}, { Host: HOST });
    expect(res.status).toBe(200);
    expectCsvOf(bytes, json.columns.flatMap((c) => c.results.map((hit) => ({ hit, city: c.city }))), ORIGIN, { text: source.text, clause: source });
  });
});

describe('errors', () => {
  /** A real clause with its whitespace removed, repeated and cut to `length` characters: what a careless paste sends. */
  function pasted(length: number): string {
    const clause = squash(clauseWith('专精特新“小巨人”企业', '003').text);
    return [...clause.repeat(Math.ceil(length / clause.length) + 1)].slice(0, length).join('');
  }

  it('accepts a query of exactly 1,000 characters and finds the pasted clause', async () => {
    const q = pasted(1000);
    expect([...q]).toHaveLength(1000);
    const body = await search({ q });
    expect(body.results.length).toBeGreaterThan(0);
    expect(contains(body.results[0]!, '专精特新“小巨人”企业')).toBe(true);
    expect((await get('/api/compare', { q })).status).toBe(200);
  });

  it('refuses 1,001 characters with 400 BAD_REQUEST saying the limit', async () => {
    const message = expectError(await get('/api/search', { q: pasted(1001) }), 400, 'BAD_REQUEST');
    expect(message).toMatch(/1001.*1000/);
    expectError(await get('/api/compare', { q: pasted(1001) }), 400, 'BAD_REQUEST');
  });

  it('requires q once and not blank', async () => {
    expectError(await get('/api/search'), 400, 'BAD_REQUEST');
    expectError(await get('/api/search', { q: '   ' }), 400, 'BAD_REQUEST');
    expectError(await get('/api/search', { q: ['专精特新', '小巨人'] }), 400, 'BAD_REQUEST');
  });

  it('an unknown API route is a 404 JSON error', async () => {
    expectError(await get('/api/nothing-here'), 404, 'NOT_FOUND');
    expectError(await get('/api/search/extra'), 404, 'NOT_FOUND');
    const page = await get('/no-such-page');
    expect(page.status).toBe(404);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
  });

  it('an oversized body is refused with 413 JSON', async () => {
    const res = await request(app).post('/api/search').set('Content-Type', 'application/json').send(JSON.stringify({ q: 'x'.repeat(40_000) }));
    seen.push({ url: 'POST /api/search', status: res.status, body: res.text });
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('no response in this file carried a stack trace or a source path', () => {
    // beforeAll alone makes six requests; a full run checks every response of the file (about 200).
    expect(seen.length).toBeGreaterThanOrEqual(6);
    for (const r of seen) {
      expect(r.body, `${r.status} ${r.url}`).not.toMatch(STACK_FRAME);
      expect(r.body, `${r.status} ${r.url}`).not.toMatch(/\/work\/|node_modules|src\/(?:server|search)\//);
    }
  });
});

afterAll(() => {
  const errors = seen.filter((r) => r.status >= 500);
  if (errors.length) console.warn('5xx responses:', errors.map((e) => `${e.status} ${e.url}`));
});
