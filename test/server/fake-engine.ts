/**
 * A small in-memory SearchEngine for the server's tests: a few hand-written clauses in three regions, searched
 * with plain substring matching (keyword) and character-bigram overlap (a stand-in for vectors). It implements the
 * whole contract honestly (filters, duplicates, thesaurus expansion, weak columns, unknown ids) so that the server
 * can be tested without a built index.
 */
import { createError } from '../../src/errors.js';
import { Analyst, type AnalysisApi, type AnalysisSource } from '../../src/analysis/index.js';
import { LEVEL_ORDER, columnOf, placeGroups, placeSummaries } from '../../src/search/places.js';
import { documentsIssuedBy } from '../../src/search/issuers.js';
import { overriddenScope, placeOutside, placeScope, type PlaceOutside } from '../../src/search/query-places.js';
import { correctSpelling, homophoneTable } from '../../src/search/query-spelling.js';
import { documentNames, documentsNamed } from '../../src/search/query-documents.js';
import { searchTokens } from '../../src/text/segment.js';
import { DOCUMENT_TYPES } from '../../src/text/metadata.js';
import type {
  CompareColumn,
  CompareResult,
  CorpusInfo,
  DocumentSummary,
  DocumentView,
  Hit,
  OutlineEntry,
  ParagraphContext,
  QueryScope,
  QuerySpelling,
  ScopeOverridden,
  SearchEngine,
  SearchOptions,
  SearchResult,
  SimilarOptions, SimilarResult, SimilarTextOptions, SimilarTextResult, SkippedDocument,
} from '../../src/search/types.js';
import { docRefOf } from '../../src/search/types.js';
import { clauseFingerprint } from '../../src/text/fingerprint.js';
import { leadUnits } from '../../src/text/paragraphs.js';
import { articleProvisions, type Provision } from '../../src/text/provisions.js';
import { rowCells } from '../../src/text/targets.js';
import type { DocumentPart, ParagraphSource } from '../../src/types.js';
import { splitSentences } from '../../src/text/sentences.js';
import { createFakeEmbedder, fakeVector } from '../helpers/fake-embedder.js';
import { dateInRange } from '../../src/search/date-range.js';
import { documentInForce } from '../../src/text/validity.js';

export interface FakeParagraph {
  text: string;
  section: string[];
  /** Set when this paragraph opens the heading that ends its section path (the level of that heading). */
  heading?: number;
  /** Headings of its section path that open at this paragraph, outermost first (a compendium card's title and field). */
  opens?: { level: number; title: string }[];
  part?: DocumentPart;
  kind?: 'text' | 'table-row';
  /** Header of the table a table row belongs to (lets the target extractor read the row). */
  columns?: string[];
  responsible?: string[];
  /** For a compendium card's clause: the policy the card cites. */
  source?: ParagraphSource;
  /** A part of a long source paragraph: which part of how many (the document view marks it, as the engine's does). */
  split?: { part: number; of: number };
}

export interface FakeDocument {
  meta: Omit<DocumentSummary, 'paragraphCount'>;
  paragraphs: FakeParagraph[];
}

export function meta(partial: Partial<DocumentSummary> & Pick<DocumentSummary, 'id' | 'city' | 'level'>): Omit<DocumentSummary, 'paragraphCount'> {
  return {
    file: `${partial.id}.txt`,
    title: null,
    date: null,
    adoptedDate: null,
    approvedDate: null,
    issuer: null,
    docNumber: null,
    placeCode: null,
    placeKind: null,
    parent: null,
    parentCode: null,
    province: null,
    docType: null,
    planPeriod: null,
    effectiveDate: null,
    expiryDate: null,
    postedDate: null,
    ...partial,
    path: partial.path ?? partial.file ?? `${partial.id}.txt`,
  };
}

/** Hand-written clauses (not taken from any real document) in 苏州市, 宁波市 and 浙江省. */
export const FAKE_DOCUMENTS: FakeDocument[] = [
  {
    meta: meta({
      id: 'sz_manufacturing',
      city: '苏州市',
      level: 'prefecture',
      placeCode: '320500',
      placeKind: '地级市',
      parent: '江苏省',
      parentCode: '320000',
      province: '江苏省',
      docType: '实施方案',
      title: '苏州市制造业提质行动方案',
      issuer: '苏州市人民政府',
      date: '2024-03-01',
      docNumber: '苏府〔2024〕1号',
      planPeriod: '2024–2026',
    }),
    paragraphs: [
      { text: '一、总体目标', section: ['一、总体目标'], heading: 1 },
      { text: '到2026年，全市培育专精特新企业500家，亩均效益稳步提升。', section: ['一、总体目标'] },
      { text: '二、重点任务', section: ['二、重点任务'], heading: 1 },
      { text: '(一)推进工业互联网。支持企业建设工业互联网平台，对新认定的平台给予最高200万元奖励。', section: ['二、重点任务', '(一)推进工业互联网'], heading: 2, responsible: ['市工信局'] },
      { text: '(二)鼓励首台(套)装备。对首台(套)重大技术装备给予保费补贴。', section: ['二、重点任务', '(二)鼓励首台(套)装备'], heading: 2 },
      { text: '各地要加强组织领导，确保各项任务落到实处。', section: ['三、保障措施'], heading: 1 },
    ],
  },
  {
    meta: meta({
      id: 'sz_talent',
      city: '苏州市',
      level: 'prefecture',
      placeCode: '320500',
      placeKind: '地级市',
      parent: '江苏省',
      parentCode: '320000',
      province: '江苏省',
      title: null,
      date: '2023-06',
    }),
    paragraphs: [
      { text: '对引进的高层次人才给予安家补贴，最高100万元。', section: ['人才引进'], heading: 1 },
      { text: '各地要加强组织领导，确保各项任务落到实处。', section: ['保障'] },
    ],
  },
  {
    meta: meta({
      id: 'nb_industry',
      city: '宁波市',
      level: 'prefecture',
      placeCode: '330200',
      placeKind: '副省级市',
      parent: '浙江省',
      parentCode: '330000',
      province: '浙江省',
      docType: '意见',
      title: '宁波市推动产业高质量发展若干意见',
      issuer: '宁波市人民政府',
      date: '2023-09-15',
    }),
    paragraphs: [
      { text: '实施揭榜挂帅，围绕关键核心技术攻关项目给予资金支持。', section: ['一、科技创新'], heading: 1 },
      { text: '支持企业开展工业互联网改造，按投资额给予补助。', section: ['二、数字化转型'], heading: 1 },
      { text: '培育专精特新“小巨人”企业，给予一次性奖励50万元。', section: ['三、企业培育'], heading: 1 },
      { text: '年度 | 专精特新企业数 | 亩均税收', section: ['附件1'], heading: 0, part: 'attachment', kind: 'table-row' },
      { text: '2024 | 120 | 35万元', section: ['附件1'], part: 'attachment', kind: 'table-row' },
    ],
  },
  {
    meta: meta({
      id: 'zj_province',
      city: '浙江省',
      level: 'province',
      placeCode: '330000',
      placeKind: '省',
      province: '浙江省',
      docType: '意见',
      title: '浙江省关于加快先进制造业发展的指导意见',
      issuer: '浙江省人民政府',
      date: '2022-11-20',
    }),
    paragraphs: [
      { text: '深化亩均论英雄改革，完善亩均效益评价体系。', section: ['一、深化改革'], heading: 1 },
      { text: '对首台(套)产品推广应用给予支持。', section: ['二、创新产品'], heading: 1 },
    ],
  },
];

/** A few thesaurus entries, so that `expanded` is exercised. */
const THESAURUS: Record<string, string[]> = {
  专精特新: ['小巨人'],
  亩均效益: ['亩均税收'],
};

interface Stored {
  id: string;
  doc: DocumentSummary;
  ordinal: number;
  p: FakeParagraph;
  /** Its 款 and 项 in its article, as the engine reads them (src/text/provisions.ts). */
  provision: Provision | null;
}

function bigrams(text: string): Set<string> {
  const chars = [...text.replace(/\s+/g, '')];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return out;
}

/** Dice coefficient over character bigrams: a crude, deterministic stand-in for a cosine similarity. */
function similarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  if (x.size === 0 || y.size === 0) return 0;
  let common = 0;
  for (const g of x) if (y.has(g)) common++;
  return (2 * common) / (x.size + y.size);
}

function occurrences(text: string, term: string): [number, number][] {
  const out: [number, number][] = [];
  if (!term) return out;
  for (let at = text.indexOf(term); at !== -1; at = text.indexOf(term, at + term.length)) out.push([at, at + term.length]);
  return out;
}

function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/** Options for tests that need a misbehaving engine. */
export interface FakeEngineOptions {
  /** Called before every search/compare/similar: throw from it to simulate an engine failure. */
  beforeQuery?: () => void;
  /** Similarity below which a compare/similar column is weak. */
  weakBelow?: number;
  /** Files the (pretend) build skipped. */
  skipped?: SkippedDocument[];
  /** Files the fake build left unread because of their type (the corpus page lists them). */
  notRead?: string[];
  /** Files passed over for another reason, and the build's warnings (the corpus page lists both). */
  ignored?: CorpusInfo['ignored'];
  warnings?: CorpusInfo['warnings'];
}

export class FakeEngine implements SearchEngine {
  private readonly docs: DocumentSummary[];
  private readonly byDoc = new Map<string, Stored[]>();
  private readonly byId = new Map<string, Stored>();
  private readonly sameText = new Map<string, string[]>();
  private readonly cities: string[];

  constructor(
    documents: FakeDocument[] = FAKE_DOCUMENTS,
    private readonly options: FakeEngineOptions = {},
  ) {
    this.docs = documents.map((d) => ({ ...d.meta, paragraphCount: d.paragraphs.length }));
    for (const [i, d] of documents.entries()) {
      const doc = this.docs[i]!;
      const provisions = articleProvisions(d.paragraphs.map((p) => ({ sectionPath: p.section, text: p.text, kind: p.kind ?? 'text' })));
      const stored = d.paragraphs.map((p, ordinal) => ({ id: `${doc.id}:p${String(ordinal).padStart(4, '0')}`, doc, ordinal, p, provision: provisions[ordinal] ?? null }));
      this.byDoc.set(doc.id, stored);
      for (const s of stored) {
        this.byId.set(s.id, s);
        const ids = this.sameText.get(s.p.text) ?? [];
        ids.push(s.id);
        this.sameText.set(s.p.text, ids);
      }
    }
    this.cities = placeSummaries(this.docs).map((p) => p.city);
  }

  corpus(): CorpusInfo {
    const places = placeSummaries(this.docs);
    const levels = new Set(this.docs.map((d) => d.level));
    const types = new Set(this.docs.map((d) => d.docType));
    return {
      cities: [...this.cities],
      places,
      groups: placeGroups(places),
      levels: LEVEL_ORDER.filter((l) => levels.has(l)),
      docTypes: DOCUMENT_TYPES.filter((t) => types.has(t)),
      documents: this.docs.map((d) => ({ ...d })),
      skipped: [...(this.options.skipped ?? [])],
      notRead: [...(this.options.notRead ?? [])],
      ignored: [...(this.options.ignored ?? [])],
      warnings: [...(this.options.warnings ?? [])],
    };
  }

  private place(city: string) {
    return placeSummaries(this.docs).find((p) => p.city === city)!;
  }

  /**
   * `query` is what the hit was matched against: its sentence with the most bigrams in common is the one that matched
   * (as the real engine marks its best sentence; a one-sentence clause's is 0), unless `sentence` says it.
   */
  private toHit(s: Stored, score = 0, terms: string[] = [], keyword: number | null = null, vector: number | null = null, query: string | null = null, sentence: number | null = null): Hit {
    const highlights = mergeRanges(terms.flatMap((t) => occurrences(s.p.text, t)));
    const sentences = splitSentences(s.p.text, s.p.kind ?? 'text').map((x) => ({ ...x, text: s.p.text.slice(x.start, x.end) }));
    let matched = sentence;
    if (matched === null && query !== null && sentences.length > 0) {
      const scores = sentences.map((x) => similarity(query, x.text));
      matched = scores.indexOf(Math.max(...scores));
    }
    return {
      id: s.id,
      doc: docRefOf(s.doc),
      section: [...s.p.section],
      text: s.p.text,
      fingerprint: clauseFingerprint(s.p.text),
      score,
      highlights,
      duplicates: (this.sameText.get(s.p.text) ?? []).filter((id) => id !== s.id),
      part: s.p.part ?? 'main',
      kind: s.p.kind ?? 'text',
      responsible: [...(s.p.responsible ?? [])],
      leads: leadUnits(s.p.responsible ?? []),
      ...(s.p.source ? { source: { ...s.p.source } } : {}),
      ...(s.provision ? { provision: { ...s.provision } } : {}),
      ...(s.p.kind === 'table-row' && s.p.columns?.length ? { table: { columns: [...s.p.columns], cells: rowCells(s.p.text, s.p.columns) } } : {}),
      sentences,
      why: { keyword, vector, terms, sentence: matched, keywordRank: null, vectorRank: null },
    };
  }

  private candidates(options: Omit<SearchOptions, 'mode' | 'k'>): Stored[] {
    return [...this.byId.values()].filter(
      (s) =>
        (!options.cities?.length || options.cities.includes(columnOf(s.doc))) &&
        (!options.docs?.length || options.docs.includes(s.doc.id)) &&
        (!options.levels?.length || (s.doc.level !== null && options.levels.includes(s.doc.level))) &&
        (!options.part || (s.p.part ?? 'main') === options.part) &&
        dateInRange(s.doc.date, options.since, options.until) &&
        (!options.inForce || this.inForce(s.doc.id, options.inForce)),
    );
  }

  /** As the engine: whether a document's own 施行 / 有效期 leaves it in force on `day` (one that states neither is, from its date). */
  private inForce(docId: string, day: string): boolean {
    return documentInForce(this.docs.find((x) => x.id === docId)!, day);
  }

  private rank(query: string, options: SearchOptions): { hits: Hit[]; expanded: string[] } {
    const words = query.split(/\s+/).filter(Boolean);
    const expanded = [...new Set(words.flatMap((w) => THESAURUS[w] ?? []))].filter((t) => !words.includes(t));
    const terms = [...words, ...expanded];
    const scored = this.candidates(options).map((s) => {
      const found = terms.filter((t) => s.p.text.includes(t));
      const keyword = found.length ? found.reduce((sum, t) => sum + occurrences(s.p.text, t).length, 0) + found.length : null;
      const vector = options.mode === 'keyword' ? null : similarity(query, s.p.text);
      const score = options.mode === 'keyword' ? (keyword ?? 0) : options.mode === 'semantic' ? (vector ?? 0) : (keyword ?? 0) + (vector ?? 0);
      return { s, found, keyword, vector, score };
    });
    const kept = scored
      .filter((x) => (options.mode === 'keyword' ? x.keyword !== null : x.score > 0))
      .sort((a, b) => b.score - a.score || a.s.id.localeCompare(b.s.id));
    const hits: Hit[] = [];
    const collapsed = new Set<string>();
    for (const x of kept) {
      if (collapsed.has(x.s.id)) continue;
      const hit = this.toHit(x.s, x.score, x.found, x.keyword, x.vector, query);
      for (const d of hit.duplicates) collapsed.add(d);
      hits.push(hit);
      if (hits.length === options.k) break;
    }
    let keywordRank = 0;
    for (const h of hits) if (h.why.keyword !== null) h.why.keywordRank = ++keywordRank;
    return { hits, expanded };
  }

  /** As the engine scopes a query: the same rule (src/search/query-places.ts) over this corpus's places. */
  scopeOf(query: string, options: Pick<SearchOptions, 'cities' | 'docs' | 'scope'>): QueryScope | null {
    if (options.scope === 'all' || options.cities?.length || options.docs?.length) return null;
    const corpus = this.corpus();
    return placeScope(query, { ...corpus, issuedBy: (issuer) => documentsIssuedBy(corpus.documents, [issuer]).ids });
  }

  /** As the engine says places the request's own choice set aside (src/search/query-places.ts `overriddenScope`). */
  private scopeOverridden(read: string, options: SearchOptions, least = 1): ScopeOverridden | null {
    if (options.scope === 'all' || (!options.cities?.length && !options.docs?.length)) return null;
    const chosen = options.cities?.length ? options.cities : this.docs.filter((d) => options.docs!.includes(d.id)).map(columnOf);
    return overriddenScope(read, this.corpus(), chosen, options.cities?.length ? 'places' : 'documents', least);
  }

  placeOutsideOf(query: string): PlaceOutside | null {
    return placeOutside(query, this.corpus());
  }

  /** As the engine reads homophone slips: the same rule (src/search/query-spelling.ts) over these clauses' words. */
  spellingOf(query: string, options: Pick<SearchOptions, 'spell'>): QuerySpelling | null {
    if (options.spell === 'off') return null;
    const clauses = [...this.byDoc.values()].flat().map((s) => new Set(searchTokens(s.p.text)));
    const frequency = (word: string) => clauses.filter((c) => c.has(word)).length;
    const counts = new Map<string, number>();
    for (const c of clauses) for (const w of c) for (const ch of w) if (/\p{Script=Han}/u.test(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    return correctSpelling(query, { frequency }, () => homophoneTable(counts));
  }

  async search(query: string, options: SearchOptions): Promise<SearchResult> {
    this.options.beforeQuery?.();
    const spelling = this.spellingOf(query, options);
    const read = spelling?.query ?? query;
    const scope = this.scopeOf(read, options);
    const { hits, expanded } = this.rank(scope?.query ?? read, scope ? { ...options, cities: scope.cities, ...(scope.issuer?.documents.length ? { docs: scope.issuer.documents } : {}) } : options);
    const docs = this.corpus().documents;
    const documents = documentsNamed(read, documentNames(docs)).map((n) => ({ document: docs.find((d) => d.id === n.id)!, rest: n.rest }));
    return { query, mode: options.mode, results: hits, expanded, scope, outside: options.scope === 'all' ? null : scope ? (scope.outside ?? null) : placeOutside(read, this.corpus()), spelling, documents, scopeOverridden: this.scopeOverridden(read, options) };
  }

  private weak(best: Hit | undefined): boolean {
    if (!best) return true;
    if (best.why.terms.length > 0) return false;
    return (best.why.vector ?? 0) < (this.options.weakBelow ?? 0.2);
  }

  async compare(query: string, options: SearchOptions): Promise<CompareResult> {
    this.options.beforeQuery?.();
    const spelling = this.spellingOf(query, options);
    const read = spelling?.query ?? query;
    const scope = this.scopeOf(read, options);
    const cities = scope && scope.cities.length >= 2 ? this.cities.filter((c) => scope.cities.includes(c)) : options.cities?.length ? options.cities : this.cities;
    let expanded: string[] = [];
    const columns: CompareColumn[] = cities.map((city) => {
      const r = this.rank(scope?.query ?? read, { ...options, cities: [city] });
      expanded = r.expanded;
      return { city, place: this.place(city), results: r.hits, weak: this.weak(r.hits[0]) };
    });
    // As the engine: a place with no document the filters keep (the dates, the day, documents, levels) has no column.
    const kept = columns.filter((c) =>
      this.docs.some(
        (d) =>
          columnOf(d) === c.city &&
          dateInRange(d.date, options.since, options.until) &&
          (!options.inForce || this.inForce(d.id, options.inForce)) &&
          (!options.docs?.length || options.docs.includes(d.id)) &&
          (!options.levels?.length || options.levels.includes(d.level ?? '')),
      ),
    );
    return { query, mode: options.mode, columns: kept, expanded, scope, outside: options.scope === 'all' ? null : scope ? (scope.outside ?? null) : placeOutside(read, this.corpus()), spelling, scopeOverridden: this.scopeOverridden(read, options, 2) };
  }

  private stored(id: string): Stored {
    const s = this.byId.get(id);
    if (!s) throw createError('UNKNOWN_PARAGRAPH', `No paragraph "${id}" in this corpus.`);
    return s;
  }

  paragraph(id: string, context = 2): ParagraphContext {
    const s = this.stored(id);
    const all = this.byDoc.get(s.doc.id)!;
    return {
      // As the engine: a part of a long source paragraph says which (`split`), as in the document's view.
      paragraph: s.p.split ? { ...this.toHit(s), split: { ...s.p.split } } : this.toHit(s),
      before: all.slice(Math.max(0, s.ordinal - context), s.ordinal).map((x) => this.toHit(x)),
      after: all.slice(s.ordinal + 1, s.ordinal + 1 + context).map((x) => this.toHit(x)),
    };
  }

  async similar(id: string, options: SimilarOptions): Promise<SimilarResult> {
    this.options.beforeQuery?.();
    const s = this.stored(id);
    const hit = this.toHit(s, 1, [], null, null, null, options.sentence ?? null);
    const source = s.p.split ? { ...hit, split: { ...s.p.split } } : hit;
    let text = s.p.text;
    if (options.sentence !== undefined) {
      const sentence = source.sentences[options.sentence];
      if (!sentence) throw createError('UNKNOWN_SENTENCE', `Paragraph ${id} has ${source.sentences.length} sentence(s); sentence=${options.sentence} is not one of them.`);
      text = sentence.text;
    }
    // As the engine: a choice of documents leaves out the others, and a place with none of them has no column.
    const columns = this.datedColumns(this.counterparts(text, new Set([s.doc.id]), options), options);
    return { source, columns: options.docs?.length ? columns.filter((c) => this.docs.some((d) => columnOf(d) === c.city && d.id !== s.doc.id && options.docs!.includes(d.id))) : columns };
  }

  async similarText(text: string, options: SimilarTextOptions): Promise<SimilarTextResult> {
    this.options.beforeQuery?.();
    const exclude = new Set(options.excludeDocs ?? []);
    if (options.exclude) exclude.add(this.stored(options.exclude).doc.id);
    // As the engine: documents dated outside a range are left out, and a place with none inside it has no column.
    return { text, columns: this.datedColumns(this.counterparts(text, exclude, options), options) };
  }

  /**
   * As the engine: under dates, a day in force or a choice of documents, a place with no document kept has no column
   * ("similar" as pasted text).
   */
  private datedColumns(columns: CompareColumn[], options: { since?: string; until?: string; inForce?: string; docs?: string[] }): CompareColumn[] {
    if (!options.since && !options.until && !options.inForce && !options.docs?.length) return columns;
    const inside = (d: DocumentSummary) => (!options.docs?.length || options.docs.includes(d.id)) && dateInRange(d.date, options.since, options.until) && (!options.inForce || this.inForce(d.id, options.inForce));
    return columns.filter((c) => this.docs.some((d) => d.city === c.city && inside(d)));
  }

  private counterparts(text: string, excludeDocs: Set<string>, options: { k: number; cities?: string[]; docs?: string[]; since?: string; until?: string; inForce?: string }): CompareColumn[] {
    const cities = options.cities?.length ? options.cities : this.cities;
    // As the engine: a place with no document but the excluded ones (the source's own) and those the documents chosen,
    // the dates or the day leave out has no column.
    const others = (city: string) =>
      this.docs.some(
        (d) =>
          columnOf(d) === city &&
          !excludeDocs.has(d.id) &&
          (!options.docs?.length || options.docs.includes(d.id)) &&
          dateInRange(d.date, options.since, options.until) &&
          (!options.inForce || this.inForce(d.id, options.inForce)),
      );
    return cities.filter(others).map((city) => {
      const results = this.candidates({ cities: [city], ...(options.docs?.length ? { docs: options.docs } : {}), since: options.since, until: options.until, inForce: options.inForce })
        .filter((x) => !excludeDocs.has(x.doc.id))
        .map((x) => ({ x, v: similarity(text, x.p.text) }))
        .filter(({ v }) => v > 0)
        .sort((a, b) => b.v - a.v || a.x.id.localeCompare(b.x.id))
        .slice(0, options.k)
        .map(({ x, v }) => this.toHit(x, v, [], null, v, text));
      return { city, place: this.place(city), results, weak: this.weak(results[0]) };
    });
  }

  private analyst: Analyst | null = null;

  /**
   * The real Analyst over the fake clauses, with the hashed-bigram embedder standing in for the model: measures,
   * targets, groups and the diff are computed by the same code as in production, on this small corpus. (Not part of
   * the SearchEngine contract: the server gets it through its own getter, as it gets `analysisFor(engine)`.)
   */
  analysis(): AnalysisApi {
    this.analyst ??= new Analyst(this.analysisSource(), createFakeEmbedder(), { search: this });
    const analyst = this.analyst;
    const before = () => this.options.beforeQuery?.();
    return {
      targets: async (filters) => (before(), analyst.targets(filters)),
      matrix: async (dates) => (before(), analyst.matrix(dates)),
      matrixCell: async (measure, city, dates) => (before(), analyst.matrixCell(measure, city, dates)),
      matrixNearMissCounts: async (dates) => (before(), analyst.matrixNearMissCounts(dates)),
      diff: async (a, b) => (before(), analyst.diff(a, b)),
      draft: async (input, options) => (before(), analyst.draft(input, options)),
      questionTargets: async (q, filters) => (before(), analyst.questionTargets(q, filters)),
    };
  }

  /** The fake corpus in the shape of a loaded index; a paragraph with the text of an earlier one duplicates it. */
  analysisSource(): AnalysisSource {
    const paragraphs: AnalysisSource['paragraphs'] = [];
    const vectorByRowid: Float32Array[] = [];
    const firstWithText = new Map<string, string>();
    for (const doc of this.docs) {
      for (const s of this.byDoc.get(doc.id) ?? []) {
        const rowid = paragraphs.length + 1;
        const original = firstWithText.get(s.p.text) ?? null;
        if (!original) firstWithText.set(s.p.text, s.id);
        paragraphs.push({
          id: s.id,
          docId: doc.id,
          ordinal: s.ordinal,
          rowid,
          text: s.p.text,
          sectionPath: [...s.p.section],
          part: s.p.part ?? 'main',
          kind: s.p.kind ?? 'text',
          columns: s.p.columns ?? null,
          responsible: [...(s.p.responsible ?? [])],
          duplicateOf: original,
          source: s.p.source ?? null,
        });
        vectorByRowid[rowid] = fakeVector(s.p.text);
      }
    }
    return {
      documents: this.docs.map((d) => ({ ...docRefOf(d), planPeriod: d.planPeriod })),
      paragraphs,
      vectorOf: (rowid: number) => vectorByRowid[rowid],
    };
  }

  document(id: string): DocumentView {
    const all = this.byDoc.get(id);
    const document = this.docs.find((d) => d.id === id);
    if (!all || !document) throw createError('UNKNOWN_DOCUMENT', `No document "${id}" in this corpus.`);
    const outline: OutlineEntry[] = all.flatMap((s) => [
      ...(s.p.opens ?? []).map((h) => ({ level: h.level, title: h.title, path: s.p.section.slice(0, s.p.section.indexOf(h.title) + 1), paragraphId: s.id })),
      ...(s.p.heading !== undefined ? [{ level: s.p.heading, title: s.p.section[s.p.section.length - 1] ?? s.p.text, path: [...s.p.section], paragraphId: s.id }] : []),
    ]);
    return { document: { ...document }, outline, paragraphs: all.map((s) => (s.p.split ? { ...this.toHit(s), split: { ...s.p.split } } : this.toHit(s))) };
  }
}

/** Shorthand for tests: a fake engine over the default clauses or over `documents`. */
export function createFakeEngine(documents?: FakeDocument[], options?: FakeEngineOptions): FakeEngine {
  return new FakeEngine(documents, options);
}
