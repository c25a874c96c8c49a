/**
 * A query that names a document, by its number (苏政发〔2018〕86号) or its title (《加快建设制造强市实施方案》), is answered
 * with that document too: a researcher who has a 文号 or a title wants the document, and a search for 苏政发〔2018〕86号
 * put first a clause that cites another number of that year (苏办发〔2018〕22号).
 *
 * What names a document (read on a fold of both sides: simplified script, half-width, every bracket one kind,
 * without spaces, quotes and 《》, so that 苏政发[2018]86号 and 苏政发（2018）86号 name 苏政发〔2018〕86号):
 * - its number, when the query holds it whole (numbers of fewer than 6 characters name nothing);
 * - its title (of 8 characters or more), when the query holds it whole, or when the query is a part of the title of at least 8 characters and
 *   at least 60% of it (关于加快培育先进制造业集群的指导意见 names 省政府关于加快培育先进制造业集群的指导意见, while a topic
 *   such as 先进制造业集群培育, a third of 平湖市先进制造业集群培育工程实施方案(2023—2027年), names nothing).
 * A compendium's policy cards are named the same way, by the number and the title of the policy each cites (依据文件,
 * 发文字号: 京发改规〔2023〕7号 names the Beijing compendium's card that cites it).
 * The results are searched as typed either way; the documents named are listed beside them, at most `MAX_NAMED`,
 * each with what the query asks besides naming it (苏政发〔2018〕86号 人才 → 人才), which the page offers to search
 * within that document.
 */
import { foldWidth } from '../text/segment.js';
import { toSimplified } from '../text/script.js';

/** At most this many documents are listed for one query. */
export const MAX_NAMED = 5;
const MIN_NUMBER = 6;
const MIN_TITLE_PART = 8;
const MIN_TITLE_SHARE = 0.6;

/** What naming reads of a document. */
export interface NamedDocument {
  id: string;
  title: string | null;
  docNumber: string | null;
}

/** The fold both sides are compared on. @example foldName('苏政发[2018] 86号') // '苏政发(2018)86号' */
export function foldName(text: string): string {
  return (
    foldWidth(toSimplified(text))
      .replace(/[〔【［\[（(〈<{]/gu, '(')
      .replace(/[〕】］\]）)〉>}]/gu, ')')
      .replace(/[\s《》“”"'‘’「」『』]/gu, '')
      // A period as written and as typed: (2021—2023年), （2021-2023年）, (2021–2023年).
      .replace(/[—–－―‐-]+/gu, '-')
      // A number as people also type it: 苏政发〔2018〕第86号, 苏政发2018年86号.
      .replace(/\((\d{4})\)第(\d{1,4}号)/gu, '($1)$2')
      .replace(/(\p{Script=Han})(\d{4})年(?:第)?(\d{1,4}号)/gu, '$1($2)$3')
  );
}

/**
 * A document's number and title folded once (`foldName`), for every query to read: folding them per query cost
 * 3.5 ms a search over the 1,250 documents of the 100k bench corpus.
 */
export interface DocumentName {
  id: string;
  number: string;
  title: string;
}

/** Ids of compendium cards among the names a query may name: `card:` and the card's first clause id. */
export const CARD_PREFIX = 'card:';

/**
 * A compendium's cards as names (one per card: its first clause, by the policy it cites), for `documentNames`. `card`
 * tells the cards apart (the engine gives each clause's section path down to its card's title): two cards may cite
 * one policy (京发改规〔2023〕7号 backs both 示范园区 and 试点企业 cards), and each is named.
 * @example cardNames([{ id: 'bj:p0218', docId: 'bj', card: '20.中关村…', source: { basis: '《…》', docNumber: '京发改规〔2023〕7号' } }]) // [{ id: 'card:bj:p0218', … }]
 */
export function cardNames(
  paragraphs: Iterable<{ id: string; docId: string; card?: string; source?: { basis: string | null; docNumber: string | null } | null | undefined }>,
): NamedDocument[] {
  const cards = new Map<string, NamedDocument>();
  for (const p of paragraphs) {
    if (!p.source || (!p.source.docNumber && !p.source.basis)) continue;
    const key = `${p.docId}\u0000${p.card ?? ''}\u0000${p.source.basis ?? ''}\u0000${p.source.docNumber ?? ''}`;
    if (!cards.has(key)) cards.set(key, { id: `${CARD_PREFIX}${p.id}`, title: p.source.basis, docNumber: p.source.docNumber });
  }
  return [...cards.values()];
}

/** The names of a corpus's documents, folded once. */
export function documentNames(documents: readonly NamedDocument[]): DocumentName[] {
  return documents.map((d) => ({ id: d.id, number: d.docNumber ? foldName(d.docNumber) : '', title: d.title ? foldName(d.title) : '' }));
}

/** A document a query names, and the rest of the query (folded; '' when the query only names it). */
export interface DocumentNaming {
  id: string;
  rest: string;
}

/**
 * The documents `query` names, in corpus order, at most `MAX_NAMED`, each with the rest of the query.
 * @example documentsNamed('苏政发[2018]86号 人才', documentNames(documents)) // [{ id: '001_…', rest: '人才' }]
 */
export function documentsNamed(query: string, names: readonly DocumentName[]): DocumentNaming[] {
  const q = foldName(query);
  if ([...q].length < MIN_NUMBER) return [];
  const out: DocumentNaming[] = [];
  for (const { id, number, title } of names) {
    // Cheap refusals first: most documents share no name with a query.
    if ((number === '' || !q.includes(number)) && (title === '' || (!q.includes(title) && (q.length > title.length || !title.includes(q))))) continue;
    const byNumber = [...number].length >= MIN_NUMBER && q.includes(number);
    const wholeTitle = [...title].length >= MIN_TITLE_PART && q.includes(title);
    const partTitle = [...title].length >= MIN_TITLE_PART && [...q].length >= MIN_TITLE_PART && [...q].length >= MIN_TITLE_SHARE * [...title].length && title.includes(q);
    if (!byNumber && !wholeTitle && !partTitle) continue;
    let rest = partTitle ? '' : q;
    for (const name of [wholeTitle ? title : '', byNumber ? number : ''].filter(Boolean)) rest = rest.replace(name, '');
    rest = rest.replace(/^[()，,、:：的]+|[()，,、:：]+$/gu, '');
    out.push({ id, rest: (rest.match(/[\p{Script=Han}\p{L}\p{N}]/gu) ?? []).length >= 2 ? rest : '' });
    if (out.length >= MAX_NAMED) break;
  }
  return out;
}
