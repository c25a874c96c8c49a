/**
 * Helpers the ejs views call (as `h.*`): labels in Chinese, links, citations, and the reader's layout of
 * headings and paragraphs. Everything returns plain text for `<%=` except `highlighted`, which returns HTML
 * that `markHtml` has already escaped (query terms in `<mark>`, the matched measure sentence in `<em>`).
 */
import { publicOrigin } from '../config.js';
import { clauseFingerprint } from '../text/fingerprint.js';
import { CARD_LABELS, cardPath } from '../text/compendium.js';
import { markHtml } from '../text/highlight.js';
import { documentEnd, documentStatus } from '../text/validity.js';
import { provisionLabel, type Provision } from '../text/provisions.js';
import { articleOf, chineseNumeral } from '../text/structure.js';
import { citationNumeral } from '../search/query-citation.js';
import { manifestEntryFor, placeCandidates } from '../text/places.js';
import { partLabel } from '../analysis/draft.js';
import { MAX_PARAGRAPH_LENGTH } from '../text/paragraphs.js';
import type { TargetRow } from '../analysis/types.js';
import { UNLABELED_PLACE, columnOf, placeHeading } from '../search/places.js';
import { issuerNames } from '../search/issuers.js';
import type { CompareColumn, CorpusInfo, DocRef, DocumentView, Hit, PlaceSummary, QueryCitation, SearchMode } from '../search/types.js';
import type { DocumentPart, ParagraphSource } from '../types.js';
import { documentIdOf, levelNarrowing } from './validate.js';

/** A clause's fingerprint for its permalink (`?h=`): src/text/fingerprint.ts. */
export { clauseFingerprint };

/** Administrative levels (行政级别) as a Chinese reader names them (and the older names of manifests and indexes). */
export const LEVEL_LABELS: Readonly<Record<string, string>> = {
  province: '省级',
  prefecture: '地级',
  county: '县级',
  'sub-provincial city': '副省级市',
  'prefecture-level city': '地级市',
  'county-level city': '县级市',
  district: '市辖区',
};

export const MODE_LABELS: Readonly<Record<SearchMode, string>> = { hybrid: '混合', semantic: '语义', keyword: '关键词' };
export const PART_LABELS: Readonly<Record<DocumentPart, string>> = { main: '正文', attachment: '附件' };

/** Queries a first visitor can click on the empty search page. */
export const EXAMPLE_QUERIES = ['专精特新', '亩均效益', '工业互联网', '首台(套)', '揭榜挂帅', '人才引进', '智能化改造', '产业集群'];

/** The Chinese name of an administrative level; unknown levels are shown as they are. */
export function levelLabel(level: string | null): string {
  return level === null ? '' : (LEVEL_LABELS[level] ?? level);
}

/** The place of a comparison column (undefined for a name the corpus does not have). */
export function placeOf(city: string, corpus: Pick<CorpusInfo, 'places'>): PlaceSummary | undefined {
  return corpus.places.find((p) => p.city === city);
}

/** A column's header: `昆山市 · 县级市 · 苏州市`; the bare name for a place the corpus does not describe. */
export function columnHeading(city: string, corpus: Pick<CorpusInfo, 'places'>): string {
  const place = placeOf(city, corpus);
  return place ? placeHeading(place) : city;
}

/** A document's place as a list shows it: its column's name, or 未标注地区. */
export function placeLabel(doc: Pick<DocRef, 'city'>): string {
  return doc.city ?? UNLABELED_PLACE;
}

/**
 * The dates a page's form limits to (成文日期 from–to, in force on a day), as the clause page takes them, so that a hit's
 * "查看条款与相似条款" shows counterparts within the same dates as the search it came from. Places are left out: the
 * clause page compares with the other places.
 * @example linkDates({ q: '专精特新', since: '2023', inForce: '1' }) // { since: '2023', in_force: '1' }
 */
export function linkDates(form: { since?: unknown; until?: unknown; inForce?: unknown } | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (key: string, value: unknown) => {
    if (typeof value === 'string' && value.trim()) out[key] = value.trim();
  };
  put('since', form?.since);
  put('until', form?.until);
  put('in_force', form?.inForce);
  return out;
}

/** A clause's permalink path with its fingerprint: /p/<id>?h=<fingerprint>. */
export function permalinkPath(id: string, text: string, params: Readonly<Record<string, QueryValue>> = {}): string {
  return withQuery(paragraphPath(id), { ...params, h: clauseFingerprint(text) });
}

/**
 * Where a document's place lies, as the corpus list adds it after the place: its province and parent, leaving out what
 * the place's own name already says (广州市天河区 → 广东省; 昆山市 → 江苏省苏州市; 江苏省 → '').
 * @example placeContext({ city: '昆山市', parent: '苏州市', province: '江苏省' }) // '江苏省苏州市'
 */
export function placeContext(d: { city: string | null; parent: string | null; province: string | null }): string {
  if (!d.city) return '';
  const parts = [d.province, d.parent].filter((x): x is string => !!x && x !== d.city && !d.city!.startsWith(x));
  return [...new Set(parts)].join('');
}

/**
 * A document's validity as the corpus list and the reader show it, against `today` (ISO): 2023-09-08 起施行 · 至
 * 2026-09-07, with 已失效 / 尚未施行 when the day is past its end or before its start; '' when it says neither. One rule
 * with the API's `endDate` and `status` (src/text/validity.ts `documentEnd`, `documentStatus`) and with `in_force`.
 * @example validityLabel({ date: null, effectiveDate: '2023-09-08', expiryDate: '2026-09-07' }, '2026-12-07') // '2023-09-08 起 · 至 2026-09-07（已失效）'
 */
export function validityLabel(doc: { date: string | null; effectiveDate: string | null; expiryDate: string | null; planPeriod?: string | null; title?: string | null }, today: string): string {
  const status = documentStatus(doc, today);
  const parts = [doc.effectiveDate ? `${doc.effectiveDate} 起` : '', doc.expiryDate ? `至 ${doc.expiryDate}` : ''].filter(Boolean);
  if (!parts.length) {
    // A plan's own period, when it states no validity and the period covers the whole document: in_force reads it as
    // the plan's end (a notice issuing a 若干政策 beside a 行动计划(2021—2023年) shows none: the 若干政策 runs on).
    const ends = documentEnd(doc);
    return ends ? `规划期至 ${ends}${status === 'plan-ended' ? '（已结束）' : ''}` : '';
  }
  const marked = status === 'expired' ? '已失效' : status === 'not-yet-in-force' ? '尚未施行' : '';
  return parts.join(' · ') + (marked ? `（${marked}）` : '');
}

/**
 * The places a query named that stand only for places under them (苏州 for 昆山市, 山东 for 青岛市): the corpus has no
 * document of the named place itself, and the scope note says so rather than answering with a lower place silently.
 * @example containerNote({ named: ['苏州'], cities: ['昆山市'] }, corpus) // '本库没有苏州市本级的文件，以下是其下辖地区的条款。'
 */
export function containerNote(
  scope: { named: readonly string[]; narrower?: string; cities?: readonly string[] } | null | undefined,
  corpus: Pick<CorpusInfo, 'places'>,
  limited = true,
): string {
  if (!scope) return '';
  // 北京朝阳区, 广州市海珠区: a place the query named inside or beside the scoped ones that the corpus has no document of.
  // `limited` false: the answer is not limited to the scope (a comparison of one named place keeps every column).
  if (scope.narrower) return limited ? `本库没有${scope.narrower}的文件，以下是${scope.cities?.length ? scope.cities.join('、') : '其所在地区'}的条款。` : `本库没有${scope.narrower}的文件。`;
  const suffix = /(?:市|省|自治区|特别行政区|地区|自治州|州|盟|区|县|旗)$/u;
  const own = new Set(corpus.places.flatMap((p) => [p.city, p.name ?? p.city].flatMap((n) => [n, n.replace(suffix, '')])));
  const containers = scope.named
    .filter((n) => !own.has(n))
    .map((n) => corpus.places.map((p) => [p.parent, p.province].find((x) => x && (x === n || x.replace(suffix, '') === n))).find(Boolean) ?? n);
  const names = [...new Set(containers)];
  return names.length ? `本库没有${names.join('、')}本级的文件${limited ? '，以下是其下辖地区的条款' : ''}。` : '';
}

/**
 * What to do about a document under 未标注地区, beside it on /docs: the places a name at the start of its issuer or
 * title may mean and the manifest entries that file it (朝阳区人民政府 → 北京市朝阳区 or 长春市朝阳区), as
 * `npm run index` says them; else the general hint. The page had named no candidate (places audit, finding 6).
 * @example unplacedHint({ file: 'a.txt', issuer: '朝阳区人民政府', title: null }) // '发文机关开头的“朝阳区”可能是 北京市朝阳区、长春市朝阳区：…'
 */
export function unplacedHint(doc: { file: string; issuer: string | null; title: string | null }): string {
  const c = placeCandidates({ issuer: doc.issuer, titles: [doc.title] });
  if (!c) return '在 manifest.json 中写明 "city" 即可归入地区';
  const entries = c.places.map((p) => manifestEntryFor(doc.file, p));
  return `${c.source === 'issuer' ? '发文机关' : '标题'}开头的“${c.named}”可能是 ${c.places.map((p) => p.qualifiedName).join('、')}：在 manifest.json 中写明 ${entries.join(' 或 ')}，重新建立索引即可归入。`;
}

/**
 * What a query's place name was read as when more than one place bears it (`scope.sameName`): both of the corpus's
 * places (朝阳区, with both in it), or the one it has and the namesakes it lacks (北京市朝阳区 beside 长春市朝阳区).
 * A query scoped to one of them had said nothing of the other (places audit, finding 3). '' when no name is shared.
 * @example sameNameNote({ sameName: [{ named: '朝阳区', cities: ['长春市朝阳区'], others: ['北京市朝阳区'] }] }) // '“朝阳区”指本库的长春市朝阳区（北京市朝阳区同名，本库没有它的文件）。'
 */
export function sameNameNote(scope: { sameName?: readonly { named: string; cities: readonly string[]; others: readonly string[] }[] } | null | undefined): string {
  return (scope?.sameName ?? [])
    .map(({ named, cities, others }) => {
      const lacking = others.length ? `${others.join('、')}同名，本库没有${others.length > 1 ? '它们' : '它'}的文件` : '';
      if (cities.length < 2) return `“${named}”指本库的${cities.join('')}（${lacking}）。`;
      return `“${named}”指本库的 ${cities.length} 个地区：${cities.join('、')}（同名，都已包括；只要其一请写全称，如“${cities[0]}”${lacking ? `；${lacking}` : ''}）。`;
    })
    .join('');
}

/** A citation as the notes read it: its document as a reference (`QueryCitation.document` or any fuller record of it). */
type CitationShown = Omit<QueryCitation, 'document'> & { document: (Pick<DocRef, 'title' | 'file'> & { city?: string | null }) | null };

/**
 * What a named document lacks of a citation, as a sentence: 《烟台市民营经济促进条例》没有第四十条（全文共三十条）, …第二十三条只有一款，
 * 没有第二款, …第六条第二款没有第（九）项; '' when it lacks nothing or names no document.
 */
function citationLack(c: CitationShown): string {
  if (!c.document || !c.missing || c.missing === 'document') return '';
  const title = citedTitle(c.document);
  // The article as the label writes it (第一百条, in Chinese numerals as a citation does; s23 verifying audit, item 7).
  const article = /^第[^条]*条/u.exec(c.label)?.[0] ?? `第${citationNumeral(c.article)}条`;
  if (c.missing === 'article') return `${title}没有${article}${c.articles ? `（全文共${citationNumeral(c.articles)}条）` : ''}`;
  if (c.missing === 'paragraph') return `${title}${article}${c.paragraphs === 1 ? '只有一款' : `共${chineseNumeral(c.paragraphs ?? 0)}款`}，没有第${chineseNumeral(c.paragraph ?? 0)}款`;
  return `${title}${c.label.replace(/第（[^）]*）项$/u, '')}没有第（${chineseNumeral(c.item ?? 0)}）项`;
}

/**
 * What a citation in the query found (`SearchResult.citation`), as the results say it above the hits: the provision's
 * clauses come first, or what the corpus lacks (no document by that title, no such article, 款 or 项), so that a
 * citation that finds nothing is never a silent search as typed. '' without a citation.
 * @example citationNote({ title: '烟台市民营经济促进条例', document: { title: '烟台市民营经济促进条例', file: 'x.md' }, label: '第二十二条第二款', matched: 1, documents: 1, leftOut: 0, missing: null, … }) // '按条文引用定位：《烟台市民营经济促进条例》第二十二条第二款，共 1 条，排在最前；其余为按原文检索的结果。'
 */
export function citationNote(c: CitationShown | null | undefined): string {
  if (!c) return '';
  const head = '按条文引用定位：';
  const asTyped = '以下按原文检索。';
  if (c.missing === 'document' || (c.title && !c.document)) return `${head}本库没有《${c.title}》，${asTyped}`;
  const cited = `${c.document ? citedTitle(c.document) : ''}${c.label}`;
  if (c.matched > 0) {
    const where = c.document ? cited : `本次检索范围内 ${c.documents} 个文件有${c.label}`;
    const left = c.leftOut ? `（另有 ${c.leftOut} 条${leftOutBy(c) ?? '不在所选范围内'}）` : '';
    return `${head}${where}，共 ${c.matched} 条${left}，排在最前；其余为按原文检索的结果。`;
  }
  if (c.leftOut) return `${head}${cited}（${c.leftOut} 条）${leftOutBy(c) ?? '不在所选的地区、文件或日期范围内'}，${asTyped}`;
  if (!c.document) return `${head}本次检索范围内没有文件有${c.label}，${asTyped}`;
  return `${head}${citationLack(c)}，${asTyped}`;
}

/**
 * What alone left a cited provision out (`QueryCitation.leftOutBy`), to say instead of a selection the user did not make
 * (s23 verifying audit, item 12): the query's own places, or the part chosen; null when the request's choices did.
 * @example leftOutBy({ leftOutBy: { query: ['昆山市'] }, document: { title: '烟台市民营经济促进条例', file: 'x.md', city: '烟台市' }, … }) // '在烟台市，不在查询所写的地区（昆山市）内'
 */
function leftOutBy(c: CitationShown): string | null {
  const by = c.leftOutBy;
  if (!by) return null;
  if ('query' in by) return `${c.document?.city ? `在${c.document.city}，` : ''}不在查询所写的地区（${by.query.join('、')}）内`;
  const other = by.part === 'attachment' ? 'main' : 'attachment';
  return `在${PART_LABELS[other]}，不在所选的${PART_LABELS[by.part]}中`;
}

/**
 * A provision a draft's clause cites (`DraftClause.citations`), as the desk says it under the clause: where its clauses
 * lead the precedents, or what the cited document lacks (a citation to check), or that the desk's places or dates
 * leave it out.
 * @example draftCitationNote({ document: { title: '烟台市民营经济促进条例', file: 'x.md', city: '烟台市' }, label: '第二十二条第二款', matched: 1, … }) // '《烟台市民营经济促进条例》第二十二条第二款：列在烟台市一栏的最前（1 条，标“草案引用”）。'
 */
export function draftCitationNote(c: CitationShown): string {
  const cited = `${c.document ? citedTitle(c.document) : `《${c.title ?? ''}》`}${c.label}`;
  // A title the corpus has no document of: said, so that the desk's silence does not read as checked (s23 drafter audit, item 7).
  if (c.missing === 'document' || !c.document) return `${cited}：本库没有《${c.title ?? ''}》，未核对。`;
  if (c.matched > 0) return `${cited}：列在${c.document?.city ?? '该地'}一栏的最前（${c.matched} 条，标“草案引用”）。`;
  if (c.leftOut) return `${cited}：不在所选的地区或日期范围内，未列出。`;
  const lack = citationLack(c);
  return lack ? `${cited}：${lack}，请核对引用。` : `${cited}：本库没有这一条文。`;
}

/**
 * What an organ the query named with its place did (`QueryScope.issuer`, 烟台市人大常委会民营经济): the documents it
 * chose, or that the corpus has none of it, the place alone then limiting the answer (昆山市发改委). `limited` false: a
 * comparison of one named place, which keeps every column and chooses no documents by it.
 * @example issuerNote({ issuer: { named: '烟台市人大常委会', documents: ['07-yantai'] } }) // '只看发文机关含“烟台市人大常委会”的文件（本库 1 份）。'
 */
export function issuerNote(scope: { issuer?: { named: string; documents: readonly string[] } } | null | undefined, limited = true): string {
  const issuer = scope?.issuer;
  if (!issuer) return '';
  if (!limited) return `查询写明的发文机关“${issuer.named}”不用于对比：各地都列出。`;
  return issuer.documents.length ? `只看发文机关含“${issuer.named}”的文件（本库 ${issuer.documents.length} 份）。` : `本库没有发文机关含“${issuer.named}”的文件，只按地区限定。`;
}

/** A document as a reader names it: its title, or its file name when the text has none. */
export function docLabel(doc: Pick<DocRef, 'title' | 'file'> & { city?: string | null }): string {
  // Some documents carry no title in their text (Qingdao's plan): name them by place rather than by file name.
  return doc.title ?? (doc.city ? `${doc.city}（无标题文件）` : doc.file);
}

/**
 * A document as a citation names it: its title in book-title marks, or, untitled, its place-based label without them
 * (《青岛市（无标题文件）》 would present the label as a title).
 * @example citedTitle({ title: null, file: 'x.txt', city: '青岛市' }) // '青岛市（无标题文件）'
 */
export function citedTitle(doc: Pick<DocRef, 'title' | 'file'> & { city?: string | null }): string {
  return doc.title ? `《${doc.title}》` : docLabel(doc);
}

/**
 * Who issued a document and its number, as a result card shows them beside the title: a researcher tells a province's
 * law from a district's notice without opening the clause (twentieth session's researcher audit). The issuer is left
 * out when the title already names it, as in a citation; '' when neither is known.
 * @example issuedBy({ title: '山东省新旧动能转换促进条例', issuer: '山东省人民代表大会常务委员会', docNumber: null }) // '山东省人民代表大会常务委员会'
 * @example issuedBy({ title: '杭州市人民政府关于…的通知', issuer: '杭州市人民政府', docNumber: '杭政函〔2024〕16号' }) // '杭政函〔2024〕16号'
 */
export function issuedBy(doc: Pick<DocRef, 'title' | 'issuer' | 'docNumber'>): string {
  const issuer = doc.issuer && !(doc.title ?? '').includes(doc.issuer) ? doc.issuer : null;
  return [issuer, doc.docNumber].filter(Boolean).join(' · ');
}

/**
 * A section path as one line: `二、重点任务 › (四)深化产业智改数转`; with a clause's place in its article (its 款 and 项,
 * `Hit.provision`), the article as a citation names it: `第二十二条第二款`, `第六条第二款第（三）项` (an article with a
 * caption keeps it, the place a level below: `第二条 适用范围 › 第二款`).
 * @example sectionLabel(['第二十二条'], { paragraph: 2, item: null }) // '第二十二条第二款'
 */
export function sectionLabel(section: readonly string[], provision?: Provision | null): string {
  const place = provisionLabel(provision);
  if (!place || !section.length) return section.join(' › ');
  const article = section.at(-1)!;
  const placed = articleOf(article) === article.trim() ? `${article}${place}` : `${article} › ${place}`;
  return [...section.slice(0, -1), placed].join(' › ');
}

/** A clause as the views receive it: the sentence fields are absent for snippets (matrix cells, diff clauses). */
export type MarkableClause = Pick<Hit, 'text' | 'highlights'> & Partial<Pick<Hit, 'sentences' | 'why'>>;

/**
 * Which of the clause's measure sentences a page emphasises: `chosen` when given (the sentence the user picked on
 * /p/:id), else the one that matched best (`why.sentence`) — but only in a clause of two or more sentences, since
 * underlining the whole of a one-sentence clause says nothing. Null when none.
 */
export function matchedSentence(hit: MarkableClause, chosen?: number | null): number | null {
  const count = hit.sentences?.length ?? 0;
  if (chosen !== undefined && chosen !== null) return chosen >= 0 && chosen < count ? chosen : null;
  const best = hit.why?.sentence ?? null;
  return best !== null && count > 1 && best >= 0 && best < count ? best : null;
}

/**
 * The clause as HTML with its highlight ranges in `<mark>` and its matched (or `chosen`) sentence in
 * `<em class="matched-sentence">` (escaped by markHtml).
 */
export function highlighted(hit: MarkableClause, chosen?: number | null): string {
  const at = matchedSentence(hit, chosen);
  const sentence = at === null ? null : hit.sentences![at]!;
  return markHtml(hit.text, hit.highlights, sentence ? [sentence.start, sentence.end] : null);
}

/**
 * A text from `start` on, its highlight ranges moved to match (a range before `start` dropped, one across it cut): the
 * desk shows a draft clause after the number its heading names.
 * @example textFrom('第一条 支持企业上云。', [[4, 8]], 4) // { text: '支持企业上云。', highlights: [[0, 4]] }
 */
export function textFrom(text: string, highlights: readonly (readonly [number, number])[], start: number): { text: string; highlights: [number, number][] } {
  const moved = highlights.map(([s, e]) => [Math.max(0, s - start), e - start] as [number, number]).filter(([s, e]) => e > s);
  return { text: text.slice(start), highlights: moved };
}

/** Percent-encodes a path segment but keeps `:` (legal in a path, and ids read better with it). */
export function encodeSegment(value: string): string {
  return encodeURIComponent(value).replace(/%3A/gi, ':');
}

/** The paragraph's own page, `/p/<id>`. */
export function paragraphPath(id: string): string {
  return `/p/${encodeSegment(id)}`;
}

/**
 * The paragraph page showing the counterparts of one of its measure sentences (0-based, as `similar?sentence=`
 * counts), or of the whole clause when `sentence` is null; scrolled to the similar clauses.
 */
export function similarPath(
  id: string,
  sentence: number | null = null,
  dates: {
    since?: string | null; until?: string | null; inForce?: string | null; city?: readonly string[] | null; group?: readonly string[] | null;
    level?: readonly string[] | null; doc?: readonly string[] | null; issuer?: readonly string[] | null; type?: readonly string[] | null;
  } = {},
  /** The clause's text: the link then carries its fingerprint (`h`), as every other link to a clause does. */
  text?: string,
): string {
  const h = text === undefined ? null : clauseFingerprint(text);
  const list = (v: readonly string[] | null | undefined) => (v ? [...v] : null);
  return `${withQuery(paragraphPath(id), {
    sentence, city: list(dates.city), group: list(dates.group), level: list(dates.level), doc: list(dates.doc), issuer: list(dates.issuer), type: list(dates.type),
    since: dates.since, until: dates.until, in_force: dates.inForce, h,
  })}#similar`;
}

/** The reader's URL, optionally scrolled to a paragraph. */
export function documentPath(docId: string, paragraphId?: string): string {
  return `/doc/${encodeSegment(docId)}${paragraphId ? `#${encodeSegment(paragraphId)}` : ''}`;
}

export type QueryValue = string | number | readonly string[] | null | undefined;

/** `path?a=1&b=x&b=y`, leaving out empty values. */
export function withQuery(path: string, params: Readonly<Record<string, QueryValue>>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '') continue;
    if (Array.isArray(value)) for (const v of value as readonly string[]) search.append(name, v);
    else search.append(name, String(value));
  }
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Scores as people read them: 3 significant digits, `—` when absent. */
export function formatScore(score: number | null | undefined): string {
  if (score === null || score === undefined || !Number.isFinite(score)) return '—';
  return Math.abs(score) >= 100 ? score.toFixed(0) : score.toPrecision(3);
}

/**
 * Why a hit sits where its score alone would not put it, as the 匹配原因's 综合得分 says it after the score; '' when
 * nothing moved it. A card's condition that holds the whole query is both: first with the clauses that hold it, and
 * ranked down among them (its page had given only the first, or nothing: s23 verify audit, item 8), so both are said.
 * `expansionOnly`: keyword mode, the clause matched only the thesaurus's words.
 * @example placedNote({ phrase: true, below: 'application' }) // '（条款包含完整的检索词，排在不含的条款之前；政策卡片的申报条件或办理流程：得分下调，排在得分相近的措施条款之后；检索词问申请、条件、要求等时不下调）'
 */
export function placedNote(why: Pick<Hit['why'], 'citation' | 'phrase' | 'below'>, expansionOnly = false): string {
  if (why.citation) return '（检索词引用了本条所在的条文，排在最前）';
  const notes = [
    why.phrase ? '条款包含完整的检索词，排在不含的条款之前' : '',
    why.below ? '政策卡片的申报条件或办理流程：得分下调，排在得分相近的措施条款之后；检索词问申请、条件、要求等时不下调' : '',
  ].filter(Boolean);
  if (notes.length) return `（${notes.join('；')}）`;
  return expansionOnly ? '（扩展词的 BM25 得分，与含检索词本身的条款不可比：这类条款排在其后）' : '';
}

/**
 * A compendium card's policy as one line: `依据《X》（发文机构，发文字号，发布日期）`; '' when the clause has none.
 * @example sourceLabel({ basis: '《若干措施》', issuer: '北京市经济和信息化局', docNumber: null, date: '2021-12-23', tool: null, audience: null })
 * // '依据《若干措施》（北京市经济和信息化局，2021-12-23）'
 */
export function sourceLabel(source: ParagraphSource | null | undefined): string {
  if (!source || !(source.basis || source.issuer)) return '';
  const details = [source.issuer, source.docNumber, source.date].filter((x): x is string => Boolean(x));
  const basis = source.basis ? `依据${/^《/u.test(source.basis) ? '' : '：'}${source.basis}` : '发文机构';
  return source.basis ? `${basis}${details.length ? `（${details.join('，')}）` : ''}` : `${basis}：${details.join('，')}`;
}

/** A card's header fields, in the card's order, as the card labels them (依据文件 … 服务对象); empty ones left out. */
export function sourceFields(source: ParagraphSource | null | undefined): { label: string; value: string }[] {
  if (!source) return [];
  const fields = ['basis', 'issuer', 'docNumber', 'date', 'tool', 'audience'] as const;
  return fields.flatMap((f) => (source[f] ? [{ label: CARD_LABELS[f][0]!, value: source[f]! }] : []));
}

/**
 * The line a drafter pastes into a memo: issuer《title》（document number）section path，city，date — and for a
 * compendium card's clause, the policy the card cites; with `sentence`, the picked sentence's number after the
 * section. The issuer is left out when the title already names it; an untitled document is named by its place (not
 * repeated after it), and a document without a date says 日期不详 rather than nothing. A clause under an article names
 * its 款 and 项 (`sectionLabel`): a legal citation of 烟台's p0042 is 第二十二条第二款, not the article (researcher audit,
 * s22 finding 8). A part of a source paragraph cut into parts (`split`) says which, （之一）, （之二）, as the page's
 * title does ({@link partMark}): the two parts of 杭州's ¶34–¶35 had shared one line (s23 verifying audit, item 6).
 * @example citation(hit, { docNumber: '昆办发〔2023〕63号', issuer: '昆山市人民政府办公室' }) // '昆山市人民政府办公室《加快建设制造强市实施方案》（昆办发〔2023〕63号）二、重点任务 › (四)深化产业智改数转，昆山市，2023-12-29'
 */
export function citation(hit: Pick<Hit, 'doc' | 'section' | 'source' | 'provision'> & Partial<Pick<Hit, 'split'>>, extra: { docNumber?: string | null; issuer?: string | null; sentence?: number | null } = {}): string {
  const issuer = extra.issuer && !(hit.doc.title ?? '').includes(extra.issuer) ? extra.issuer : '';
  const head = issuer + (hit.doc.title ? `《${hit.doc.title}》` : `${docLabel(hit.doc)} `) + (extra.docNumber ? `（${extra.docNumber}）` : '');
  const known = hit.doc.title !== null || hit.doc.city !== null;
  const tail = [hit.doc.title ? hit.doc.city : null, hit.doc.date ?? (known ? '日期不详' : null)].filter((x): x is string => Boolean(x));
  const source = sourceLabel(hit.source);
  const sentence = extra.sentence !== undefined && extra.sentence !== null ? ` 第 ${extra.sentence + 1} 句` : '';
  return `${head}${sectionLabel(hit.section, hit.provision)}${partMark(hit.split)}${sentence}`.trim() + tail.map((x) => `，${x}`).join('') + (source ? `；${source}` : '');
}

/**
 * Where a clause is, as a link's accessible name says it after the link's own short text (查看条款与相似条款, 条款,
 * 条款页): its place, document and paragraph number (第 N 段, as the reader's ¶ and the 亦见于 notes count), so that
 * a screen reader's list of links tells 48 cards' links apart (export audit, s22 finding 8).
 * @example clauseWhere({ id: 'yt:p0042', doc: { title: '烟台市民营经济促进条例', file: 'yt.md', city: '烟台市' } }) // '烟台市《烟台市民营经济促进条例》第 43 段'
 */
export function clauseWhere(c: { id: string; doc: Pick<DocRef, 'title' | 'file' | 'city'> }): string {
  const n = paragraphNumber(c.id);
  // An untitled document's label already names its place (青岛市（无标题文件）).
  const doc = c.doc.title ? `${c.doc.city ?? ''}${citedTitle(c.doc)}` : docLabel(c.doc);
  return `${doc}${n === null ? '' : `第 ${n} 段`}`;
}

/**
 * A clause page's title before its document's: its innermost heading, with its 款 and 项 (`sectionLabel`), and its
 * paragraph number, so that two clauses of one document do not share a tab's, a bookmark's or the history's name
 * (export audit, s22 finding 8: 平湖 p0014 and p0015 were both 平湖市先进制造业集群培育工程实施方案(2023—2027年) · 平湖市).
 * A part of a long source paragraph is marked as the reader marks its ¶ (`partMark`).
 * @example clauseTitle({ id: 'yt:p0042', section: ['第二十二条'], provision: { paragraph: 2, item: null } }) // '第二十二条第二款 · 第 43 段'
 * @example clauseTitle({ id: 'hz:p0034', section: ['（二十七）强化工业用地供应服务保障'], split: { part: 2, of: 2 } }) // '（二十七）强化工业用地供应服务保障 · 第 35 段（之二）'
 */
export function clauseTitle(c: Pick<Hit, 'id' | 'section'> & Partial<Pick<Hit, 'provision' | 'split'>>): string {
  const n = paragraphNumber(c.id);
  const last = c.section.at(-1);
  return [last ? sectionLabel([last], c.provision) : '', n === null ? '' : `第 ${n} 段${partMark(c.split)}`].filter(Boolean).join(' · ');
}

/**
 * （之二） for the second part of a source paragraph cut into parts (a clause's `split`), as the reader's ¶35（之二） and
 * the desk's 第 1 条（之二）; '' for a whole paragraph. The clause page's title and heading had named the second half
 * of 杭州's （二十七） as they named the first (twenty-second session's verifying audit).
 */
export function partMark(split: Hit['split'] | null | undefined): string {
  return split ? partLabel({ part: { index: split.part, of: split.of, characters: 0 } }) : '';
}

export interface DuplicateLink {
  id: string;
  href: string;
  label: string;
}

/** 1-based paragraph number from an id such as `doc:p0073` (→ 74), as a reader counts; null if not in that form. */
export function paragraphNumber(id: string): number | null {
  const m = /:p(\d+)$/.exec(id);
  return m ? Number(m[1]) + 1 : null;
}

/**
 * "Also in: …" links for collapsed duplicates, named by document, city and paragraph number. A duplicate in
 * `currentDocId` (a table in an attachment repeating the main text, say) is named "本文第 N 段" instead.
 */
export function duplicateLinks(
  ids: readonly string[],
  corpus: CorpusInfo,
  currentDocId?: string,
  /** A clause's link by id, with its fingerprint (`?h=`) as every other link to a clause has (the pages' clauseLink). */
  link: (id: string) => string = paragraphPath,
  /**
   * A compendium card's 发布日期 by clause id (the pages' cardDate), named after the copy: a book's copies on cards of
   * different years read alike otherwise (nineteenth session's verifying audit).
   */
  cardDate: (id: string) => string | null = () => null,
): DuplicateLink[] {
  return ids.map((id) => {
    const docId = documentIdOf(id);
    const n = paragraphNumber(id);
    const date = cardDate(id);
    const where = `${n === null ? '' : `第 ${n} 段`}${date ? `（发布 ${date}）` : ''}`;
    if (docId === currentDocId) return { id, href: link(id), label: `本文${where || '另一段'}` };
    const doc = corpus.documents.find((d) => d.id === docId);
    const label = doc ? `${docLabel(doc)}${doc.city && doc.title ? `（${doc.city}）` : ''}${where ? ` ${where}` : ''}` : id;
    return { id, href: link(id), label };
  });
}

export interface ReaderHeading {
  level: number;
  /**
   * Its depth in the document's outline (its section path's length: 一、 or 第N条 of a statute without chapters h2, a
   * heading under it h3, …, h6 below), never more than one below the heading before it: the reader had tagged by the
   * numbering's kind (第N条 and 1. h4, (1) h5), so six readers skipped h2 → h4 and 北京's card field (服务内容) and the
   * item under it (1．改造目标) were both h5 (export audit, s22 finding 8).
   */
  tag: 'h2' | 'h3' | 'h4' | 'h5' | 'h6';
  title: string;
  /**
   * At a compendium card's title: the policy the card cites (依据文件 … 服务对象), shown once per card there. Each
   * clause's page shows them too, but the reader had shown them nowhere (twenty-first librarian audit F9).
   */
  card?: ParagraphSource;
}

export interface ReaderBlock {
  hit: Hit;
  /** Headings of the outline that open at this paragraph, outermost first. */
  headings: ReaderHeading[];
  /** The clause text after any heading rendered above it; null when the paragraph is only a heading. */
  body: string | null;
  /**
   * A table's header, above the first row of a table and the first after a heading inside it (附件2's rows run under
   * (一)…(七)): a row alone does not say what its cells are. Null elsewhere.
   */
  tableHeader: string[] | null;
  /**
   * For a part of a source paragraph over 500 characters, which the index reads as consecutive clauses (Hit `split`):
   * its mark after its ¶ number (（之二）), and on the first part what the parts are (¶2–¶11 原为一段（4,496 字）…). Null
   * for a clause read whole.
   */
  split: { label: string; note: string | null } | null;
}

const HEADING_TAGS = ['h2', 'h3', 'h4', 'h5', 'h6'] as const;

/** Punctuation left at the start of a clause once its run-in heading is lifted out (`(一)标题。正文`). */
const LEADING_PUNCTUATION = /^[\s。．.，,、：:；;]+/u;

/**
 * Lays a document out for reading: each paragraph with the outline headings that open at it. A clause that
 * starts with its own heading (headings stay in the clause text) shows that heading once, as a heading.
 */
export function readerBlocks(view: DocumentView): ReaderBlock[] {
  const byParagraph = new Map<string, { level: number; title: string; depth: number }[]>();
  for (const entry of view.outline) {
    const list = byParagraph.get(entry.paragraphId) ?? [];
    list.push({ level: entry.level, title: entry.title, depth: Math.max(1, entry.path.length) });
    byParagraph.set(entry.paragraphId, list);
  }
  // The page's h1 is the document's title; each heading goes at most one level below the one before it.
  let above = 1;
  return view.paragraphs.map((hit, i) => {
    const headings: ReaderHeading[] = (byParagraph.get(hit.id) ?? []).map((h) => {
      const rank = Math.min(h.depth + 1, above + 1, 6);
      above = rank;
      return { level: h.level, tag: HEADING_TAGS[rank - 2]!, title: h.title };
    });
    const previous = view.paragraphs[i - 1]?.table?.columns;
    const columns = hit.table?.columns;
    const tableHeader = columns && (headings.length > 0 || previous?.join('|') !== columns.join('|')) ? [...columns] : null;
    // A card's first clause opens its card: its title's heading carries the card's fields.
    const card = hit.source ? cardPath(hit.section).at(-1) : undefined;
    const at = card === undefined ? -1 : headings.findIndex((h) => h.title === card);
    if (at >= 0) headings[at] = { ...headings[at]!, card: { ...hit.source! } };
    const split = splitMark(view.paragraphs, i);
    const text = hit.text.trim();
    const last = headings[headings.length - 1];
    if (last && text === last.title.trim()) return { hit, headings, body: null, tableHeader, split };
    if (last && text.startsWith(last.title.trim())) {
      const rest = text.slice(last.title.trim().length).replace(LEADING_PUNCTUATION, '');
      return { hit, headings, body: rest || null, tableHeader, split };
    }
    return { hit, headings, body: hit.text, tableHeader, split };
  });
}

/**
 * The mark of a part of a long source paragraph: ¶2 … ¶11 had read as ten paragraphs with nothing to say they are one,
 * and a note citing 本文第 7 段 pointed at a paragraph the original does not have (s22 ingest audit, finding 8). The
 * parts keep their ids and ¶ numbers (every link and note cites them); each is marked as the desk marks a long draft
 * clause's parts (（之二）), and the first says which they are and why.
 */
function splitMark(paragraphs: readonly Hit[], i: number): ReaderBlock['split'] {
  const split = paragraphs[i]!.split;
  if (!split) return null;
  const label = partMark(split);
  if (split.part !== 1) return { label, note: null };
  const parts = paragraphs.slice(i, i + split.of);
  const first = paragraphNumber(parts[0]!.id);
  const last = paragraphNumber(parts[parts.length - 1]!.id);
  const characters = parts.reduce((n, p) => n + [...p.text].length, 0);
  return { label, note: `¶${first}–¶${last} 原为一段（${characters.toLocaleString('en-US')} 字）：超过 ${MAX_PARAGRAPH_LENGTH} 字的段落按句切成 ${split.of} 段检索和引用，¶ 编号逐段计。` };
}

/** Absolute origin for permalinks, from the request's Host header when it looks like a host name. */
export function originOf(protocol: string, host: string | undefined, configured: string | null = publicOrigin()): string {
  if (configured) return configured;
  const safeHost = host && /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/.test(host) ? host : 'localhost';
  return `${protocol === 'https' ? 'https' : 'http'}://${safeHost}`;
}

/**
 * A date range as read: `2022-01-01 至 2024-06-30`, `2022-01-01 起`, `2024-06-30 止`; '' without bounds.
 */
export function dateRange(dates: { since?: string | null; until?: string | null } | null | undefined): string {
  if (!dates?.since && !dates?.until) return '';
  return dates.since && dates.until ? `${dates.since} 至 ${dates.until}` : dates.since ? `${dates.since} 起` : `${dates.until} 止`;
}

/**
 * The date filter in a results line: ` · 成文日期 2022-01-01 起`, ` · 成文日期 2022-01-01 至 2024-06-30`, or '' without
 * one; with the corpus, it also says how many undated documents the filter leaves out (a reader would not guess):
 * those among the places, documents and levels the other filters keep, when `dates` carries them (a search's
 * filters), not the corpus's (Qingdao's undated plan was counted under a search of 昆山市).
 * @example datesLabel({ since: '2022-01-01' }) // ' · 成文日期 2022-01-01 起'
 */
export function datesLabel(
  dates:
    | { since?: string | null; until?: string | null; cities?: readonly string[]; docs?: readonly string[]; levels?: readonly string[]; inForce?: string | null; issuers?: readonly string[]; types?: readonly string[] }
    | null
    | undefined,
  corpus?: Pick<CorpusInfo, 'documents'>,
): string {
  // Only documents in force on a day: said, with how many of those searched state no validity (kept, unchecked).
  const inForce = dates?.inForce ? ` · 只含 ${dates.inForce} 现行有效的文件（按文件自身所写的施行日期、有效期；未写明的自成文日期起计）` : '';
  const chosen = documentsLabel(dates);
  const range = dateRange(dates);
  if (!range) return chosen + inForce;
  const inScope = (d: CorpusInfo['documents'][number]) =>
    (!dates?.cities?.length || dates.cities.includes(columnOf(d))) && (!dates?.docs?.length || dates.docs.includes(d.id)) && (!dates?.levels?.length || (d.level !== null && dates.levels.includes(d.level)));
  const undated = corpus ? corpus.documents.filter((d) => !d.date && inScope(d)).length : 0;
  return `${chosen} · 成文日期 ${range}${undated ? `（另有 ${undated} 份文件未标日期，不计入）` : ''}${inForce}`;
}

/**
 * The documents chosen by 发文机关 and type, as a page says what it shows: `发文机关含“平湖市人民政府”、类型为实施方案或规划`,
 * or '' without them.
 * @example documentsPhrase({ issuers: ['平湖市政府'], types: ['实施方案'] }) // '发文机关含“平湖市政府”、类型为实施方案'
 */
export function documentsPhrase(chosen: { issuers?: readonly string[]; types?: readonly string[] } | null | undefined): string {
  const issuers = chosen?.issuers?.length ? `发文机关含${chosen.issuers.map((i) => `“${i}”`).join('或')}` : '';
  const types = chosen?.types?.length ? `类型为${chosen.types.join('或')}` : '';
  return [issuers, types].filter(Boolean).join('、');
}

/** The documents chosen in a results line, as `datesLabel` says the dates: ` · 只含发文机关含“平湖市政府”的文件`, or ''. */
export function documentsLabel(chosen: { issuers?: readonly string[]; types?: readonly string[] } | null | undefined): string {
  const phrase = documentsPhrase(chosen);
  return phrase ? ` · 只含${phrase}的文件` : '';
}

/**
 * The line a page gives for the chosen places (every place, when none is chosen) that its dates or day in force leave
 * without a column: named, not dropped without a word, in one wording on compare, the matrix, the clause page's
 * counterparts and /targets (twenty-first session's analyst audit: the matrix, the clause page and /targets had dropped
 * 杭州 under in_force and 青岛 under since=2018 silently, where compare named them). A place all of whose documents are
 * undated says so under a date range, which leaves undated documents out (the day in force alone keeps them). '' when
 * none is left out. `chosen` false: no place was chosen, and the line does not say 所选地区.
 * @example leftOutNote(['青岛市'], { since: '2018-01-01' }, corpus) // '所选地区中，青岛市（文件均未标日期） 在此范围内没有文件，未列出。'
 * @example leftOutNote(['杭州市'], { inForce: '1' }, undefined, false) // '杭州市 没有在所选日期现行有效的文件，未列出。'
 */
export function leftOutNote(
  places: readonly string[],
  dates: { since?: string | null; until?: string | null; inForce?: string | null; issuers?: readonly string[]; types?: readonly string[] },
  corpus?: Pick<CorpusInfo, 'documents'>,
  chosen = true,
): string {
  if (!places.length) return '';
  const ranged = Boolean(dates.since || dates.until);
  const undated = (city: string) => {
    const docs = corpus?.documents.filter((d) => columnOf(d) === city) ?? [];
    return ranged && docs.length > 0 && docs.every((d) => !d.date);
  };
  const names = places.map((c) => (undated(c) ? `${c}（文件均未标日期）` : c)).join('、');
  // The issuer or type chosen (documentsPhrase) says which documents: 没有发文机关含“人民政府”的文件.
  const which = documentsPhrase(dates);
  const of = which ? `${which}的` : '';
  const none = ranged ? `在此范围内没有${dates.inForce ? '现行有效的' : ''}${of}文件` : dates.inForce ? `没有在所选日期现行有效的${of}文件` : `没有${of}文件`;
  return `${chosen ? '所选地区中，' : ''}${names} ${none}，未列出。`;
}

/**
 * Why a file was not indexed, and what to do, in Chinese, by its code: the indexer's message (in English, naming the
 * file's own case) is shown beside it, and a librarian who reads no English had only the reason, the fix ("remove it
 * or replace it …") being in the English message alone.
 */
const SKIP_REASONS: Record<string, { reason: string; fix: string }> = {
  FILE_EMPTY: { reason: '文件没有正文', fix: '删除该文件，或换成有正文的原文件（扫描件须先做文字识别）' },
  FILE_BINARY: { reason: '不是文本文件，或格式无法识别', fix: '换成文件原本的格式：文档另存为 .docx、PDF 或 .txt，图片、压缩包不能收录' },
  FILE_TOO_LARGE: { reason: '文件超过大小上限', fix: '把文件分拆，或用 --max-file-size 放宽上限后重建索引' },
  FILE_UNREADABLE: { reason: '文件无法读取或解码', fix: '用 Word、WPS 或文本编辑器打开后另存为 .docx、PDF 或 UTF-8 编码的 .txt，或重新下载；链接失效的，重新连接或删除链接' },
  FILE_TIMEOUT: { reason: '读取超时', fix: '用 --file-timeout 放宽时限，或另存为较简单的 PDF 或 .docx' },
  FILE_TOO_COMPLEX: { reason: '读取所需内存超过上限', fix: '用 --file-memory 放宽上限，或把文件分拆' },
  FILE_DUPLICATE: { reason: '与库中另一文件内容相同，只收录一份', fix: '无须处理；不需要的副本可以删除' },
};

/** A skipped file's reason as the corpus page says it. */
export function skipReason(code: string): string {
  return SKIP_REASONS[code]?.reason ?? '未能读取';
}

/** What to do about a skipped file, in Chinese, as the corpus page says it. */
export function skipFix(code: string): string {
  return SKIP_REASONS[code]?.fix ?? '按右侧英文说明处理';
}

/** What a build warning (src/index/manifest.ts FileWarning) means and what to do, in Chinese, by its code. */
const WARNINGS: Record<string, { reason: string; fix: string }> = {
  ENCODING_REPAIRED: { reason: '文字编码有误：个别字节无效，或混有另一种编码的行，已逐行解码', fix: '核对原文件，用文本编辑器另存为 UTF-8 后重建索引；下载不完整的请重新下载' },
  FORMAT_MISNAMED: { reason: '扩展名与内容不符，已按实际格式读取', fix: '可把扩展名改成实际格式' },
  SAME_DOCUMENT: { reason: '与另一文件的文号相同，或标题和日期都相同：可能是同一文件的新旧两版或副本，两份都已收录', fix: '删除不是现行版本的那一份后重建索引；确是两份文件的，在 manifest.json 中改正文号或标题' },
  SECOND_DOCUMENT: { reason: '一个文件里还有另一份文件（第二个标题及文号、签署，或主送机关）：后一份的条款收在前一份之下，作为附件，标注其标题', fix: '把两份文件分存为两个文件后重建索引' },
  MANIFEST_AMBIGUOUS: { reason: 'manifest.json 的条目只写了文件名，同名文件在几个子文件夹中都有，条目用到了每一个', fix: '在该条目的 "file" 中写明子文件夹（如 "2024年报送/通知.txt"），每个文件一条' },
};

/** A build warning's meaning and fix as the corpus page says them. */
export function warningNote(code: string): { reason: string; fix: string } {
  return WARNINGS[code] ?? { reason: '需要留意', fix: '按右侧英文说明处理' };
}

/** Why a file was passed over unread, in Chinese (src/ingest/discover.ts ignoredFiles). */
const IGNORED: Record<string, string> = {
  'folder-note': '文件夹的说明文件（README、NOTICE、SOURCES 等），不作为政策文件读取；如确是政策文件，请改名，或用 --input 单独指定',
  'not-a-file': '不是普通文件（管道、设备等），无法读取：请存成普通文件',
  'dangling-link': '链接指向的文件不存在（共享盘或移动硬盘已断开？）：请重新连接，或删除链接',
};

/** Why a file was passed over unread, as the corpus page says it. */
export function ignoredReason(reason: string): string {
  return IGNORED[reason] ?? reason;
}

/**
 * The other clauses that state a target again (its restatements), as links named by paragraph number and, where the
 * clause writes them otherwise, its year and scope: 第 44 段（2023年）, 第 122 段（2023年，全市）.
 */
export function restatementLinks(t: Pick<TargetRow, 'restatements' | 'year' | 'scope'>, link: (id: string) => string = paragraphPath): DuplicateLink[] {
  return t.restatements.map((r) => {
    const n = paragraphNumber(r.paragraphId);
    const differs = [r.year !== t.year ? r.year : null, r.scope !== t.scope ? r.scope : null].filter(Boolean);
    return { id: r.paragraphId, href: link(r.paragraphId), label: `${n === null ? r.paragraphId : `第 ${n} 段`}${differs.length ? `（${differs.join('，')}）` : ''}` };
  });
}

/**
 * A target's link to its clause, as its accessible name says it after the link's short text (条款, or the value):
 * where the clause is and which target it sets, its year and scope too, since one clause (a table of towns and years)
 * sets several of one indicator.
 * @example targetClauseName(t) // '平湖市《…》第 117 段（规上工业增加值增长 10%，2025年，当湖街道）'
 */
export function targetClauseName(t: Pick<TargetRow, 'paragraphId' | 'doc' | 'indicator' | 'value' | 'range' | 'unit' | 'year' | 'scope'>): string {
  const what = [`${t.indicator} ${targetValue(t)}`, t.year, t.scope].filter(Boolean).join('，');
  return `${clauseWhere({ id: t.paragraphId, doc: t.doc })}（${what}）`;
}

/** The bundle the views receive as `h`. */
/** Each comparison column with the matched targets of its place (`targets` in /api/compare and on /compare). */
export function withTargets(columns: readonly CompareColumn[], targets: readonly TargetRow[]): (CompareColumn & { targets: TargetRow[] })[] {
  return columns.map((c) => ({ ...c, targets: targets.filter((t) => columnOf(t.doc) === c.city) }));
}

/** `4%`, `35 万元/亩`, `10–20 家`, `50%以上`: a target's number as a reader writes it. */
export function targetValue(t: Pick<TargetRow, 'value' | 'range' | 'unit'>): string {
  const n = t.range ? `${t.range[0]}–${t.range[1]}` : t.value === null ? '—' : String(t.value);
  if (!t.unit) return n;
  return /^[%‰]/.test(t.unit) ? `${n}${t.unit}` : `${n} ${t.unit}`;
}

/** A target's year as shown: as written, else the document's plan period, else '' (the reader sees none). */
export function targetYear(t: Pick<TargetRow, 'year' | 'planPeriod'>): string {
  return t.year ?? (t.planPeriod ? `规划期 ${t.planPeriod}` : '');
}

export const viewHelpers = {
  paragraphNumber,
  levelNarrowing,
  clauseWhere,
  targetClauseName,
  citedTitle,
  issuerNames,
  documentsPhrase,
  issuedBy,
  skipReason,
  skipFix,
  warningNote,
  ignoredReason,
  datesLabel,
  targetValue,
  targetYear,
  restatementLinks,
  levelLabel,
  placeOf,
  columnHeading,
  placeLabel,
  docLabel,
  sectionLabel,
  partMark,
  highlighted,
  textFrom,
  matchedSentence,
  paragraphPath,
  similarPath,
  documentPath,
  withQuery,
  formatScore,
  placedNote,
  citation,
  clauseFingerprint,
  containerNote,
  sameNameNote,
  citationNote,
  draftCitationNote,
  issuerNote,
  unplacedHint,
  permalinkPath,
  linkDates,
  placeContext,
  validityLabel,
  sourceLabel,
  sourceFields,
  duplicateLinks,
  documentIdOf,
  MODE_LABELS,
  PART_LABELS,
  EXAMPLE_QUERIES,
};
export type ViewHelpers = typeof viewHelpers;
