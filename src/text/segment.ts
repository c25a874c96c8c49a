/**
 * Chinese word segmentation (分词) with jieba and the policy-domain dictionary in `policy-dict.txt`.
 *
 * Without the dictionary jieba splits the field's own vocabulary: 专精特新 → 专精 / 特新, 亩均税收 → 亩 / 均 / 税收,
 * 智改数转 → 智 / 改数 / 转. Those terms are exactly what researchers search for, so keyword search and
 * highlighting depend on them coming out whole.
 *
 * Two quirks of jieba shape this module:
 * - jieba only joins characters of one class (Han, ASCII letters and digits, `+#&._%-`) into a word, so a
 *   dictionary term with brackets such as 首台(套) can never be found by it. Such terms are matched literally
 *   before jieba runs ({@link literalTerms}).
 * - `cutForSearch` adds only the 2- and 3-character dictionary words inside a long word; the longer policy terms
 *   inside a compound (专精特新 inside 专精特新企业) are added here so that a query for the shorter term finds it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Jieba } from '@node-rs/jieba';
import { dict as defaultDictionary } from '@node-rs/jieba/dict.js';
import { createError } from '../errors.js';
import { toSimplified } from './script.js';

/** One line of the policy dictionary. */
export interface DictionaryEntry {
  word: string;
  /** Frequency as jieba weighs it against the default dictionary (total ≈ 60 million). */
  freq: number;
  /** jieba part-of-speech tag (nz, n, v, l, j …). */
  tag: string;
  /** 1-based line number in the file, for error messages and review. */
  line: number;
}

const DICTIONARY_FILE = 'policy-dict.txt';
const DICTIONARY_PATH = fileURLToPath(new URL(`./${DICTIONARY_FILE}`, import.meta.url));

/** Characters jieba can join into one word; anything else ends a word (mirrors jieba's RE_HAN_DEFAULT). */
const JIEBA_WORD_CHAR = /[\p{Script=Han}A-Za-z0-9+#&._%-]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const DICTIONARY_LINE = /^(\S+) ([1-9]\d*) ([a-z]+)$/;

/**
 * Query words that carry no topic (虚词 and question words). Kept short on purpose: every entry here is a word a
 * user can never search for on its own, so domain words (支持, 企业, 产业, 补贴 …) must not appear. 政策/措施/办法
 * are listed because users append them to any question (“有哪些专精特新的政策”) and, in a corpus made only of
 * policies, they match nearly every paragraph.
 */
const STOPWORDS: ReadonlySet<string> = new Set([
  // particles, conjunctions, prepositions
  '的', '地', '得', '之', '和', '与', '及', '以及', '或', '或者', '并', '并且', '而', '等', '等等',
  '在', '对', '对于', '关于', '了', '着', '过', '把', '被', '将', '从', '向', '给', '让', '为', '为了', '于',
  '也', '都', '就', '还', '又', '吗', '呢', '吧', '啊', '呀',
  // pronouns and copulas
  '我', '我们', '你', '你们', '他', '他们', '这', '那', '这些', '那些', '这个', '那个', '其', '有', '是', '有没有',
  // question words
  '怎么', '怎么样', '怎样', '如何', '哪些', '哪个', '哪里', '什么', '多少', '是否', '能否', '可以', '能', '要', '请问', '一下',
  // genre words that every document in this corpus is
  '政策', '措施', '办法', '相关', '有关',
]);

interface Segmenter {
  jieba: Jieba;
  entries: DictionaryEntry[];
  /** Dictionary terms jieba cannot reach (they contain punctuation), longest first, as one alternation. */
  literalPattern: RegExp | null;
  /** Policy terms of 4+ characters, which cutForSearch does not emit from inside a longer word. */
  longTerms: string[];
  /** `longTerms` lower-cased, as search tokens are. */
  longTermSet: ReadonlySet<string>;
  /** Every policy term, lower-cased. */
  termSet: ReadonlySet<string>;
}

let segmenter: Segmenter | null = null;

/**
 * Parses the dictionary format: `word freq tag` per line, `#` comments and blank lines ignored.
 * Throws `MANIFEST_INVALID` naming the line, because jieba silently drops lines it cannot read.
 */
export function parseDictionary(text: string, source = DICTIONARY_FILE): DictionaryEntry[] {
  const entries: DictionaryEntry[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = DICTIONARY_LINE.exec(line);
    if (!match) {
      throw createError('MANIFEST_INVALID', `${source} line ${index + 1}: expected "word freq tag", got "${line}"`, {
        file: source,
        line: index + 1,
      });
    }
    entries.push({ word: match[1]!, freq: Number(match[2]), tag: match[3]!, line: index + 1 });
  });
  return entries;
}

/** The dictionary terms jieba cannot produce itself, because they contain a character it splits at. */
export function literalTerms(words: readonly string[]): string[] {
  return words.filter((word) => [...word].some((ch) => !JIEBA_WORD_CHAR.test(ch)));
}

/** Replaces lone UTF-16 surrogates with U+FFFD (String.prototype.toWellFormed, which the ES2023 lib lacks). */
export function toWellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function getSegmenter(): Segmenter {
  if (segmenter) return segmenter;
  const entries = parseDictionary(readFileSync(DICTIONARY_PATH, 'utf8'));
  const jieba = Jieba.withDict(defaultDictionary);
  jieba.loadDict(Buffer.from(entries.map((e) => `${e.word} ${e.freq} ${e.tag}`).join('\n'), 'utf8'));
  const words = entries.map((e) => e.word);
  const literals = literalTerms(words).sort((a, b) => b.length - a.length);
  const longTerms = words.filter((w) => [...w].length >= 4 && !literals.includes(w));
  segmenter = {
    jieba,
    entries,
    literalPattern: literals.length > 0 ? new RegExp(literals.map(escapeRegExp).join('|'), 'gu') : null,
    longTerms,
    longTermSet: new Set(longTerms.map((w) => w.toLowerCase())),
    termSet: new Set(words.map((w) => w.toLowerCase())),
  };
  return segmenter;
}

/** The policy dictionary as loaded (parsed and validated), for tests and reporting. */
export function loadPolicyDictionary(): { terms: string[]; entries: DictionaryEntry[] } {
  const { entries } = getSegmenter();
  return { terms: entries.map((e) => e.word), entries };
}

/**
 * Runs `cut` over the text, but emits literal dictionary terms (首台(套)) as they are, since jieba would split them
 * at the bracket. `onLiteral` decides what a literal match becomes.
 */
function cutAroundLiterals(
  text: string,
  cut: (chunk: string) => string[],
  onLiteral: (term: string) => string[],
): string[] {
  const { literalPattern } = getSegmenter();
  if (!literalPattern) return cut(text);
  const tokens: string[] = [];
  let from = 0;
  for (const match of text.matchAll(literalPattern)) {
    if (match.index > from) tokens.push(...cut(text.slice(from, match.index)));
    tokens.push(...onLiteral(match[0]));
    from = match.index + match[0].length;
  }
  if (from < text.length) tokens.push(...cut(text.slice(from)));
  return tokens;
}

/**
 * Folds full-width ASCII forms (全角) to half-width and the ideographic space to a space. Every character maps to
 * exactly one UTF-16 unit, so offsets in the folded copy are offsets in the original: highlighting relies on it.
 */
export function foldWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000]/g, (ch) =>
    ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  );
}

/**
 * Segments text for display and analysis: jieba `cut` with HMM (new words) on, policy terms whole.
 * The tokens, joined, give back the text (with any lone surrogate replaced by U+FFFD).
 *
 * @example tokenize('培育专精特新“小巨人”企业') // ['培育', '专精特新', '“', '小巨人', '”', '企业']
 */
export function tokenize(text: string): string[] {
  const { jieba } = getSegmenter();
  return joinAmpersands(cutAroundLiterals(toWellFormed(text), (chunk) => jieba.cut(chunk, true), (term) => [term]));
}

const LATIN_RUN = /^[A-Za-z]+$/;

/**
 * Latin letters joined by & as one word (R&D, M&A), as readers read them: jieba cuts R&D into R / & / D, and the lone
 * D then matched 不列入D类企业 (twenty-second session's export audit). Only where the three pieces follow one another.
 * @example joinAmpersands(['R', '&', 'D', '投入']) // ['R&D', '投入']
 */
export function joinAmpersands(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    let token = tokens[i]!;
    if (LATIN_RUN.test(token)) {
      while (tokens[i + 1] === '&' && tokens[i + 2] !== undefined && LATIN_RUN.test(tokens[i + 2]!)) {
        token += `&${tokens[i + 2]}`;
        i += 2;
      }
    }
    out.push(token);
  }
  return out;
}

/** Two single Latin letters joined by an & with spaces around it, or by a full-width ＆: R & D, M & A, R＆D. */
const SPACED_AMPERSAND = /(?<![A-Za-z])([A-Za-z])[ \t\u3000]*[&＆][ \t\u3000]*([A-Za-z])(?![A-Za-z])/g;
const WIDE_AMPERSAND = /(?<=[A-Za-z])＆(?=[A-Za-z])/g;

/**
 * R & D and R＆D written as R&D, so that they are one word as R&D is ({@link joinAmpersands}): jieba cuts R & D into R /
 * & / D, and the query's lone d matched 不列入D类企业 (twenty-second session's verifying audit). With spaces only two
 * single letters (R & D, M & A, Q & A), so that words joined by & in prose stay words (research & development, AT & T).
 * For the text a keyword query and the index read (search tokens), and a query as the engine reads it.
 * @example closeAmpersands('加大R & D投入，R＆D费用') // '加大R&D投入，R&D费用'
 */
export function closeAmpersands(text: string): string {
  if (!text.includes('&') && !text.includes('＆')) return text;
  return text.replace(SPACED_AMPERSAND, '$1&$2').replace(WIDE_AMPERSAND, '&');
}

const HAN_WORD = /^\p{Script=Han}+$/u;
const HAN_CHAR = /^\p{Script=Han}$/u;

/** Inner edges of compound words, by word (a bounded memo: the same compounds recur in every clause). */
const innerEdgeMemo = new Map<string, Uint8Array>();
const INNER_EDGE_MEMO_MAX = 50_000;

/** One-character prefixes jieba glues to the next word: a level (市政府, 区政府) and 按 (按规定, 按比例). */
const GLUED_PREFIX = /^[省市区县镇乡村按]$/u;
/** One-character suffixes a compound may end in: 国家级, 知识产权局 (jieba: 知识 / 产权局), 创新型, 制造业 … */
const GLUED_SUFFIX = /^[级局型化业性类式率]$/u;

/** In {@link wordEdges}: a phrase may start at this offset. */
export const WORD_START = 1;
/** In {@link wordEdges}: a phrase may end at this offset. */
export const WORD_END = 2;

/**
 * Where a compound word may be cut: the edges of the ways to write it as a sequence of its own dictionary sub-words of
 * two or more characters (jieba's full mode lists them), the first of which may also be a level's prefix or 按, the
 * last a one-character suffix such as 级 or 局. 中小企业 gives 2 (中小 | 企业), 工业互联网平台 2 and 5, 数字化转型 3,
 * 产权局 2 (知识产权局 holds 知识产权), 市政府 1, 按规定 1, 国家级 2. None is found in 高标准 (高标 | 准 ends in no suffix,
 * 高 is no prefix), nor 1 in 创新型 (创 is no prefix), so 创新型产业 and 新型产业链 share no 新型产业; nor 2 in 数字化转型 (化
 * ends no compound there).
 *
 * A one-character piece is never a phrase's edge piece: a phrase may start at an edge only where a sub-word of two or
 * more characters follows it, and end only where one precedes it. So 国家级 may end a phrase at 国家 but start none at
 * 级, 市政府 start one at 政府 but end none at 市: 行业级工业互联网平台 and 企业级工业互联网平台 share 工业互联网平台,
 * not 级工业互联网平台, and 信息化、数字化 and 智能化、数字化 share no 化、数字化 (twentieth session's verifying audit).
 * Returns {@link WORD_START} | {@link WORD_END} flags by offset (0 at the word's own ends).
 */
function innerEdges(jieba: Jieba, word: string): Uint8Array {
  const known = innerEdgeMemo.get(word);
  if (known) return known;
  const n = word.length;
  // pieces[s] = the ends of the pieces that start at s.
  const pieces: number[][] = Array.from({ length: n }, () => []);
  for (const sub of new Set(jieba.cutAll(word))) {
    if (sub.length < 2 || sub === word) continue;
    for (let at = word.indexOf(sub); at >= 0; at = word.indexOf(sub, at + 1)) pieces[at]!.push(at + sub.length);
  }
  if (GLUED_PREFIX.test(word[0]!)) pieces[0]!.push(1);
  if (GLUED_SUFFIX.test(word[n - 1]!)) pieces[n - 1]!.push(n);
  // An edge is reached from the word's start and reaches its end, piece by piece.
  const fromStart = new Uint8Array(n + 1);
  fromStart[0] = 1;
  for (let s = 0; s < n; s++) if (fromStart[s]) for (const e of pieces[s]!) fromStart[e] = 1;
  const toEnd = new Uint8Array(n + 1);
  toEnd[n] = 1;
  for (let s = n - 1; s >= 0; s--) if (pieces[s]!.some((e) => toEnd[e])) toEnd[s] = 1;
  // A piece of two or more characters on a way through the word opens a phrase at its start and closes one at its end.
  const edges = new Uint8Array(n + 1);
  for (let s = 0; s < n; s++) {
    if (!fromStart[s]) continue;
    for (const e of pieces[s]!) {
      if (e - s < 2 || !toEnd[e]) continue;
      if (s > 0) edges[s]! |= WORD_START;
      if (e < n) edges[e]! |= WORD_END;
    }
  }
  if (innerEdgeMemo.size >= INNER_EDGE_MEMO_MAX) innerEdgeMemo.clear();
  innerEdgeMemo.set(word, edges);
  return edges;
}

/**
 * The offsets of a text at which a phrase may start or end without cutting a word: `edges[k]` holds {@link WORD_START}
 * when a phrase may start at offset `k` (0 … text.length), {@link WORD_END} when one may end there, both between two
 * words. Inside a compound a phrase may start or end between its dictionary words (中小企业 may be cut after 中小,
 * 数字化转型 after 数字化; see {@link innerEdges}), but never start with a one-character suffix nor end with a level's
 * one-character prefix; nor start with a suffix jieba leaves a word of its own after a Han word (行业 / 级). The words are jieba's without its HMM guesses, as in
 * {@link isDictionaryWord}: characters no dictionary word joins stay single (惠企奖补 is 惠 / 企 / 奖 / 补, where the HMM
 * made 企奖 a word and hid 奖补), so only a known word is never cut. The clause diff trims its shared phrases to them,
 * so that 产业数字化转型 and 中小企业数字化转型 share 数字化转型, not 业数字化转型.
 * @example wordEdges('产业数字化转型') // 3 (start and end) at 0, 2, 5, 7
 */
export function wordEdges(text: string): Uint8Array {
  const { jieba } = getSegmenter();
  const edges = new Uint8Array(text.length + 1);
  const tokens = cutAroundLiterals(toWellFormed(text), (chunk) => jieba.cut(chunk, false), (term) => [term]);
  let at = 0;
  let previous = '';
  for (const token of tokens) {
    edges[at] = WORD_START | WORD_END;
    // A one-character suffix jieba left on its own belongs to the Han word before it (行业 / 级 / 工业). Not so a prefix:
    // jieba's 市 or 区 on its own ends the word before it as often (产业园 / 区 / 建设) as it opens the next.
    if (GLUED_SUFFIX.test(token) && HAN_CHAR.test(previous.slice(-1))) edges[at]! &= ~WORD_START;
    // Only Han words have dictionary sub-words; and only dictionary words are remembered (without the HMM, a Han token
    // of several characters is one), never a run of letters and digits a draft may hold.
    if (token.length > 2 && HAN_WORD.test(token)) {
      const inner = innerEdges(jieba, token);
      for (let k = 1; k < token.length; k++) edges[at + k] = inner[k]!;
    }
    at += token.length;
    previous = token;
  }
  edges[text.length] = WORD_START | WORD_END;
  return edges;
}

/**
 * Whether jieba's dictionary (with the policy terms) holds `text` as one word: jieba without its HMM guesses keeps it
 * whole. 公式 is a word, so is 专精特新; 专精特心 (a mistyped 专精特新) is not.
 */
export function isDictionaryWord(text: string): boolean {
  const { jieba } = getSegmenter();
  const cut = jieba.cut(text, false);
  return cut.length === 1 && cut[0] === text;
}

/** Lower-cases Latin letters and keeps the token only when it has a letter or digit (drops punctuation, spaces). */
function normalizeToken(token: string): string | null {
  const lower = token.toLowerCase();
  return LETTER_OR_DIGIT.test(lower) ? lower : null;
}

/**
 * Tokens for the keyword index: jieba `cutForSearch` over the width-folded text, so that a compound yields
 * its parts too (数字化转型 → 数字化 / 转型 / 数字化转型), plus policy terms of four or more characters inside a
 * longer token (专精特新企业 → 专精特新). Latin is lower-cased, full-width letters and digits become half-width,
 * R & D and R＆D are r&d ({@link closeAmpersands}), whitespace and punctuation-only tokens are dropped; numbers and
 * units stay (35 / 万元 / 亩).
 * Literal terms lose their brackets (首台(套) → 首台套), so both spellings meet in the index.
 * The keyword index (src/index/postings.ts) counts them as {@link indexTokens}; queries go through {@link keywordQuery}.
 *
 * @example searchTokens('专精特新企业达１０００家') // ['专精', '企业', '专精特新', '专精特新企业', '达', '1000', '家']
 */
export function searchTokens(text: string): string[] {
  const { jieba, longTerms } = getSegmenter();
  // Fold before cutting (jieba does not join full-width digits), lower-case after (the dictionary has 5G-style
  // entries whose case must match).
  // Traditional characters fold to simplified ones (src/text/script.ts), so either script meets the other.
  const folded = closeAmpersands(foldWidth(toSimplified(joinDigitGroups(toWellFormed(text)))));
  const raw = joinAmpersands(cutAroundLiterals(
    folded,
    (chunk) => jieba.cutForSearch(chunk, true),
    (term) => {
      const joined = [...term].filter((ch) => JIEBA_WORD_CHAR.test(ch)).join('');
      return jieba.cutForSearch(joined, true);
    },
  ));
  const tokens: string[] = [];
  for (const token of raw) {
    const normalized = normalizeToken(token);
    if (normalized === null) continue;
    if ([...normalized].length > 4) {
      for (const term of longTerms) {
        if (term !== token && token.includes(term)) tokens.push(term.toLowerCase());
      }
    }
    tokens.push(normalized);
  }
  return tokens;
}

/**
 * Whether `term` (a search token) is one of the policy terms of four or more characters that {@link searchTokens} adds
 * from inside a longer word (专精特新 from 专精特新企业): a word of its own to a reader, so highlighting marks it.
 */
export function isLongPolicyTerm(term: string): boolean {
  const { longTermSet } = getSegmenter();
  return longTermSet.has(term);
}

/** Whether `term` (a search token) is a word of the policy dictionary (亩均, 链长, 首台(套) …), of any length. */
export function isPolicyTerm(term: string): boolean {
  const { termSet } = getSegmenter();
  return termSet.has(term.toLowerCase());
}

/** A word's aside in square, lenticular or corner brackets: 首台【套】, 首台[套], 首台〔套〕, 首台「套」. */
const SQUARE_ASIDE = /(?<=\p{Script=Han})[【〔［\[「『]\s*(\p{Script=Han}{1,2})\s*[】〕］\]」』]/gu;
/** A document number's year in any bracket a user may type: 京发改规【2023】7号, [2023], (2023), （2023）. */
const NUMBER_YEAR = /(?<=\p{Script=Han})[【［\[（(]\s*((?:19|20)\d{2})\s*[】］\]）)](?=\s*第?\d{1,4}\s*号)/gu;

/**
 * A query's 首台【套】 / 首台[套] / 首台〔套〕 / 首台「套」 as the texts write it, 首台(套): other brackets kept the query from
 * its policy term (only 首台 was searched and highlighted; nineteenth session's verifying audit). A document number's
 * year goes into 〔〕 as 公文 write it, so that 京发改规【2023】7号 is asked as 京发改规〔2023〕7号 (the keyword side saw
 * the same terms, but the query's vector differed and so did the hits; twentieth session). For queries only.
 * @example roundAsides('首台【套】保险') // '首台(套)保险'
 * @example roundAsides('京发改规【2023】7号') // '京发改规〔2023〕7号'
 */
export function roundAsides(query: string): string {
  if (!/[【〔［[「『（(]/u.test(query)) return query;
  return query.replace(NUMBER_YEAR, '〔$1〕').replace(SQUARE_ASIDE, '($1)');
}

/** 1,000 / 12,500,000 / 1,000.5 (1–3 digits, then groups of three after ASCII commas), not inside a longer number. */
const DIGIT_GROUPS = /(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])/g;

/**
 * A number written with thousands separators as its digits alone, so that 1,000 and 1000 are one token: jieba cut
 * 1,000 into 1 and 000, and a query for 1,000家 matched a clause's 1000家 by neither. Policy texts write numbers
 * without separators; users and some tables do not. Only the ASCII comma: a full-width one (100，200) separates.
 * @example joinDigitGroups('达到1,000家，投资12,500,000元') // '达到1000家，投资12500000元'
 */
export function joinDigitGroups(text: string): string {
  return text.includes(',') ? text.replace(DIGIT_GROUPS, (m) => m.replaceAll(',', '')) : text;
}

/**
 * The distinct search tokens of a user's query minus {@link STOPWORDS}, in first-seen order: what keyword search
 * looks up and what highlighting paints. When a query is made only of stopwords (a user searching 政策), its
 * tokens are kept rather than returning nothing.
 *
 * @example queryTerms('有哪些支持专精特新的政策') // ['支持', '专精', '专精特新']
 */
export function queryTerms(query: string): string[] {
  const distinct = [...new Set(searchTokens(query))];
  const content = distinct.filter((t) => !STOPWORDS.has(t));
  return content.length > 0 ? content : distinct;
}

/** What the keyword index keeps inside a token: letters, digits and private-use characters (SQLite unicode61's default). */
const INDEX_TOKEN = /[\p{L}\p{N}\p{Co}]+/gu;

/**
 * The keyword index's tokens of one search token (src/index/postings.ts): its runs of letters, digits and
 * private-use characters, lower-cased. This is what SQLite FTS5's unicode61 tokenizer made of the stored search
 * tokens while the keyword index was an FTS5 table, so BM25 counts the same tokens as before. Nearly every search
 * token is one index token; a number written with a separator (3.5%, 2+6, 2023-2025) or C++ / AT&T is several, and
 * as a query term it is a phrase: those tokens next to each other, in order. Such pieces are always ASCII letters
 * and digits (jieba joins a separator only to them), which is why the index keeps positions for those alone.
 * (unicode61 differs from this only for letters outside Unicode 6.1 and a few case foldings such as ſ → s.)
 *
 * @example indexTokens('3.5%') // ['3', '5']
 * @example indexTokens('专精特新') // ['专精特新']
 */
export function indexTokens(token: string): string[] {
  return token.toLowerCase().match(INDEX_TOKEN) ?? [];
}

/** Upper bound on OR-ed terms: a pasted paragraph should not become a thousand-term query. */
const MAX_QUERY_TERMS = 64;

/**
 * A keyword query (an OR of terms, BM25-ranked; src/index/postings.ts) as each term's {@link indexTokens}: a
 * phrase when there are several. NUL characters and lone surrogates are removed, terms without a letter or digit
 * are skipped, a term repeated as written counts once, and at most 64 terms are used: the rules of the FTS5
 * MATCH expression this replaced (every term a quoted phrase), so any text a user types is searched as text.
 *
 * @example keywordQuery(['专精特新', '3.5%', '专精特新', '()']) // [['专精特新'], ['3', '5']]
 */
export function keywordQuery(terms: readonly string[]): string[][] {
  return keywordPhrases(terms).map((p) => p.tokens);
}

/** One phrase of a keyword query: the term as searched (cleaned) and its index tokens. */
export interface KeywordPhrase {
  term: string;
  tokens: string[];
}

/** {@link keywordQuery}'s phrases with the term each was made from (a number term is checked as written). */
export function keywordPhrases(terms: readonly string[]): KeywordPhrase[] {
  const seen = new Set<string>();
  const phrases: KeywordPhrase[] = [];
  for (const term of terms) {
    const clean = toWellFormed(term).replace(/[\u0000\uFFFD]/g, ' ').trim();
    if (!LETTER_OR_DIGIT.test(clean) || seen.has(clean)) continue;
    seen.add(clean);
    phrases.push({ term: clean, tokens: indexTokens(clean) });
    if (phrases.length >= MAX_QUERY_TERMS) break;
  }
  return phrases;
}
