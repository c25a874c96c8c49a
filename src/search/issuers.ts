/**
 * The `issuer` filter (发文机关): which documents a request's issuer values choose, read on the document's own 发文机关
 * (`DocumentSummary.issuer`, as the reader and /docs show it; a jointly issued document's names every organ, joined by
 * 、).
 *
 * The rule: a document is chosen by a value when its 发文机关 **contains** the value, both read on a fold
 * (`foldIssuer`): simplified script, half-width, no spaces or quotes, and the long forms of a few organ names read as the
 * short forms people type (人民政府 → 政府, 人民代表大会常务委员会 → 人大常委会, 人民代表大会 → 人大, 中国共产党 → 中共,
 * 发展和改革委员会 / 发展改革委员会 / 发展改革委 → 发改委). So:
 * - exact: 平湖市人民政府 chooses the documents 平湖市人民政府 issued, and so does 平湖市政府;
 * - a part: 平湖市人民政府 also chooses those of 平湖市人民政府办公室 (its name holds the government's), 昆山市人民政府办公室
 *   chooses the plan it issued with 中共昆山市委办公室, 人民政府 every government's and government office's documents,
 *   人大常委会 the regulations the three 人民代表大会常务委员会 adopted, and 平湖 every document whose issuer names 平湖;
 * - a part of a long form as written: 委员会 chooses the 发改委's and the three 人大常委会's documents, 常务委员会 the latter;
 * - nothing looser: the value is held whole, character for character, after the fold (平湖政府 is not 平湖市政府, 省政府办公室
 *   is not 省人民政府办公厅), and no organ is read as another's (a government does not choose its bureaus' documents:
 *   南京市规划和自然资源局 is not 南京市人民政府).
 * A document whose 发文机关 was not read (Qingdao's plan, a page saved without its notice) is chosen by no value, as an
 * undated document passes no date filter. A compendium is chosen by its own 发文机关 (the office that compiled it), not by
 * the 发文机构 of the policies its cards cite. Several values choose what any of them chooses (as several `city` do).
 *
 * On the 18 documents of seeds + external: 17 have a 发文机关 (two issued jointly: 19 organs in all, which the forms
 * offer); 人民政府 chooses 10 (in 9 places), 人大常委会 3, 省政府 3, 昆山市人民政府办公室 2, 平湖市政府 1, 北京市发改委 1.
 */
import { foldWidth } from '../text/segment.js';
import { toSimplified } from '../text/script.js';

/** Long forms of organ names folded to the short forms people type, longest first. */
const SHORT_FORMS: readonly [RegExp, string][] = [
  [/人民代表大会常务委员会/gu, '人大常委会'],
  [/人民代表大会/gu, '人大'],
  [/人民政府/gu, '政府'],
  [/中国共产党/gu, '中共'],
  [/发展和?改革委员会|发展和?改革委/gu, '发改委'],
];

/**
 * The form an issuer and a value are compared on.
 * @example foldIssuer('平湖市人民政府') // '平湖市政府'
 * @example foldIssuer('煙臺市 人民代表大會常務委員會') // '烟台市人大常委会'
 */
export function foldIssuer(text: string): string {
  let folded = plainIssuer(text);
  for (const [long, short] of SHORT_FORMS) folded = folded.replace(long, short);
  return folded;
}

/**
 * An issuer or a value as written, on the fold without the short forms: what a part of a long form (委员会, 常务委员会,
 * 代表大会) is held in, since the short forms leave it out (北京市发展和改革委员会 folds to 北京市发改委).
 */
function plainIssuer(text: string): string {
  return foldWidth(toSimplified(text)).replace(/[\s"'“”‘’「」『』《》]/gu, '');
}

/** What the filter reads of a document. */
export interface IssuedDocument {
  id: string;
  issuer: string | null;
}

/** Each document list's 发文机关 in both forms, made once (a list is the corpus's, which lives as long as its index). */
const folded = new WeakMap<readonly IssuedDocument[], ({ short: string; plain: string } | null)[]>();

function foldedIssuers(documents: readonly IssuedDocument[]): ({ short: string; plain: string } | null)[] {
  let list = folded.get(documents);
  if (!list) folded.set(documents, (list = documents.map((d) => (d.issuer ? { short: foldIssuer(d.issuer), plain: plainIssuer(d.issuer) } : null))));
  return list;
}

/**
 * The ids of the documents any of `values` chooses (in the list's order), and the values that choose none.
 * A value that folds to nothing (quotes, spaces) chooses none.
 * @example documentsIssuedBy(corpus.documents, ['平湖市政府']) // { ids: ['002_86af085e02e72586'], unknown: [] }
 */
export function documentsIssuedBy(documents: readonly IssuedDocument[], values: readonly string[]): { ids: string[]; unknown: string[] } {
  const issuers = foldedIssuers(documents);
  const asked = values.map((v) => ({ value: v, folded: foldIssuer(v), plain: plainIssuer(v) }));
  const used = new Set<string>();
  const ids: string[] = [];
  documents.forEach((d, i) => {
    const issuer = issuers[i];
    if (!issuer) return;
    let chosen = false;
    for (const a of asked) {
      // Held in the short forms (平湖市政府 in 平湖市人民政府), or as written (委员会 in 北京市发展和改革委员会, which the
      // short forms fold to 北京市发改委: the twenty-second session's export audit found 委员会 refused).
      if ((a.folded && issuer.short.includes(a.folded)) || (a.plain && issuer.plain.includes(a.plain))) {
        used.add(a.value);
        chosen = true;
      }
    }
    if (chosen) ids.push(d.id);
  });
  return { ids, unknown: values.filter((v) => !used.has(v)) };
}

/**
 * The organs that issued the documents, each once, in the order the documents first name them: a joint 发文机关
 * (中共昆山市委办公室、昆山市人民政府办公室) gives each of its organs. What the forms offer and a refusal lists.
 * @example issuerNames([{ id: 'a', issuer: '中共昆山市委办公室、昆山市人民政府办公室' }]) // ['中共昆山市委办公室', '昆山市人民政府办公室']
 */
export function issuerNames(documents: readonly IssuedDocument[]): string[] {
  const names = new Set<string>();
  for (const d of documents) {
    for (const organ of (d.issuer ?? '').split(/[、，,；;\s]+/u)) if (organ.trim()) names.add(organ.trim());
  }
  return [...names];
}
