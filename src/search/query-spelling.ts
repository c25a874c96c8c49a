/**
 * A word mistyped with a character of the same sound is read as the corpus's word (同音错字纠正): 专精特心 → 专精特新.
 *
 * Chinese is typed through pinyin: the user spells zhuan jing te xin and picks characters from a list, and a domain
 * term that the input method does not know comes out character by character, with a wrong pick now and then
 * (小巨任 for 小巨人, 数字经集 for 数字经济). The keyword side then misses the term outright, and the embedder, which
 * reads characters, drifts: with one such slip put into the most distinctive word of each labelled query (the
 * corpus's commonest other character of the same toneless reading; `npx tsx scripts/typo-eval.ts`), hybrid nDCG@10
 * fell 0.833 → 0.811 on own and 0.848 → 0.812 on tune, and own's city top-3 0.956 → 0.912.
 *
 * What is read as a slip, so that a word the corpus lacks is never "corrected" into one it has:
 * - a run of the query's jieba tokens, 2–8 Han characters, that the corpus does not hold as a word (`frequency` 0),
 *   that jieba's dictionary does not know as a word either (公式 stays 公式, though the corpus writes 公示), and that
 *   holds a word jieba's HMM had to make up (专精 / 特心, 小巨任): a lone character is no sign of a slip, since 时, 的
 *   and 上 are words of their own (标准时政府给的奖励 is no 市政府), so a slip that leaves only lone characters
 *   (创新中新 → 创新 / 中 / 新) is left as typed; and that no clause of the corpus writes (`writes`: 建强建优 stays,
 *   though jieba makes up 建优 and 建有 reads the same); and whose changed character, at the run's edge, is not
 *   written with its neighbour as typed where the correction is not (jieba cut 占比要达到 into 占 / 比要 / 达到; the
 *   corpus writes 占比 and never 占必, so 比要 is no slip of 必要);
 * - read as the corpus word of the same length that differs in exactly one character, of the same toneless reading
 *   as each word reads it (`readingsInContext`: 多盖 is duo gai, so it is no 多个, though 盖 alone may be read ge),
 *   and that the corpus holds in at least `MIN_FREQUENCY` clauses; when several do, the most frequent. The longest
 *   such run from each token wins.
 * Nothing is learned from queries or tuned: the corpus's words and the readings of its characters (`pinyin-pro`'s
 * tables) decide. A slip to another sound (fuzzy in/ing, z/zh) or of two characters in one word is left as typed:
 * reading fuzzy slips too was measured in the twelfth session and not kept (README, "Limits").
 */
import { pinyin } from 'pinyin-pro';
import { isDictionaryWord, tokenize } from '../text/segment.js';
import type { QuerySpelling } from './types.js';

/** A corpus word must stand in at least this many clauses to replace what was typed. */
export const MIN_FREQUENCY = 2;
/** How long a mistyped word may be, in characters (policy terms run to 专精特新中小企业, eight). */
const MAX_WORD = 8;
/** How many tokens a run may join (专精 / 特 / 心 / 企业 …). */
const MAX_TOKENS = 6;
const HAN = /^\p{Script=Han}+$/u;

/**
 * What correction reads of a corpus: in how many clauses a word stands (0 when none, or not a word of it), and
 * whether some clause or section heading writes a text anywhere, as a word or not.
 */
export interface SpellingLexicon {
  frequency(word: string): number;
  writes?(text: string): boolean;
}

/** Characters by toneless reading: the candidates for a slip. */
export interface HomophoneTable {
  /** The toneless readings of a character (重 → zhong, chong). */
  readings(ch: string): readonly string[];
  /** The characters of a reading, the corpus's commonest first. */
  characters(reading: string): readonly string[];
}

/** A character's toneless readings, by pinyin-pro (ü written v, as input methods take it). */
export function readingsOf(ch: string): string[] {
  const got = pinyin(ch, { toneType: 'none', multiple: true, type: 'array', v: true }) as string[];
  return [...new Set(got.filter((r) => /^[a-z]+$/.test(r)))];
}

/**
 * The homophone table of a corpus, from its characters and how often each is written (more often: offered first).
 * @example homophoneTable(new Map([['新', 9], ['心', 3]])).characters('xin') // ['新', '心']
 */
export function homophoneTable(counts: ReadonlyMap<string, number>): HomophoneTable {
  const byReading = new Map<string, string[]>();
  const readings = new Map<string, string[]>();
  for (const ch of [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : 1))) {
    const rs = readingsOf(ch);
    readings.set(ch, rs);
    for (const r of rs) (byReading.get(r) ?? byReading.set(r, []).get(r)!).push(ch);
  }
  return {
    readings: (ch) => readings.get(ch) ?? readingsOf(ch),
    characters: (reading) => byReading.get(reading) ?? [],
  };
}

/** The toneless readings of a word's characters, each as the word reads it (多盖 → duo gai; 盖 alone is also ge). */
export function readingsInContext(word: string): string[] {
  return pinyin(word, { toneType: 'none', type: 'array', v: true }) as string[];
}

/**
 * The best corpus word one homophone away from `typed`, or null. The two must read alike where they differ, each as a
 * word reads it: 多个 is no reading of 多盖 (duo gai), though 盖 can be read ge as a surname.
 */
function nearestWord(typed: string, lexicon: SpellingLexicon, table: HomophoneTable): { word: string; frequency: number } | null {
  const chars = [...typed];
  const typedReadings = readingsInContext(typed);
  if (typedReadings.length !== chars.length) return null;
  let best: { word: string; frequency: number } | null = null;
  for (let i = 0; i < chars.length; i++) {
    for (const ch of table.characters(typedReadings[i]!)) {
      if (ch === chars[i]) continue;
      const word = chars.slice(0, i).join('') + ch + chars.slice(i + 1).join('');
      const frequency = lexicon.frequency(word);
      if (frequency < MIN_FREQUENCY || (best && (frequency < best.frequency || (frequency === best.frequency && word > best.word)))) continue;
      if (readingsInContext(word)[i] === typedReadings[i]) best = { word, frequency };
    }
  }
  return best;
}

/**
 * Whether the typed word, where it changes at an edge, reads as the corpus writes it with its neighbour and the
 * correction does not: jieba cut 占比要达到 into 占 / 比要 / 达到, and the corpus writes 占比 but not 占必, so 比要 is no
 * slip of 必要. Bigrams are read with `writes`; without it nothing is vetoed. A neighbour that is a dictionary word of
 * its own (专精特新) took no character of the typed one: 杭洲专精特新 had been left as typed because the corpus writes
 * 洲专 (欧洲专利) and not 州专 (s23 verifying audit 11), where 青到专精特新 read 青岛.
 */
function neighbourVetoes(typed: string, word: string, before: string | undefined, after: string | undefined, lexicon: SpellingLexicon): boolean {
  if (!lexicon.writes) return false;
  const t = [...typed];
  const w = [...word];
  const split = (token: string | undefined): token is string => !!token && HAN.test(token) && !([...token].length >= 2 && isDictionaryWord(token));
  const left = split(before) ? [...before].at(-1)! : null;
  const right = split(after) ? [...after][0]! : null;
  if (left && t[0] !== w[0] && lexicon.writes(left + t[0]) && !lexicon.writes(left + w[0])) return true;
  if (right && t.at(-1) !== w.at(-1) && lexicon.writes(t.at(-1)! + right) && !lexicon.writes(w.at(-1)! + right)) return true;
  return false;
}

/**
 * The query with its homophone slips replaced by the corpus's words, and what was replaced; null when nothing was.
 * `table` is asked for only when a run qualifies (most queries have none), so a caller may make it then.
 * @example correctSpelling('专精特心企业培育', lexicon, () => table) // { query: '专精特新企业培育', changes: [{ from: '专精特心企业', to: '专精特新企业' }] }
 */
export function correctSpelling(query: string, lexicon: SpellingLexicon, table: () => HomophoneTable): QuerySpelling | null {
  const tokens = tokenize(query);
  // A token jieba's HMM made up (特心, 小巨任): a lone character is no sign, since 时 / 的 / 上 are words of their own
  // (标准时政府 must not become 标准市政府).
  const guessed = tokens.map((t) => HAN.test(t) && [...t].length >= 2 && !isDictionaryWord(t));
  const changes: { from: string; to: string }[] = [];
  const out: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    let fixed: { end: number; from: string; to: string } | null = null;
    if (HAN.test(tokens[i]!)) {
      // The longest run from here that reads as a slip of a corpus word.
      let run = '';
      const runs: { end: number; text: string; guessed: boolean }[] = [];
      let anyGuess = false;
      for (let j = i; j < tokens.length && j < i + MAX_TOKENS && HAN.test(tokens[j]!); j++) {
        run += tokens[j]!;
        anyGuess ||= guessed[j]!;
        if ([...run].length > MAX_WORD) break;
        runs.push({ end: j + 1, text: run, guessed: anyGuess });
      }
      for (const r of runs.reverse()) {
        if (!r.guessed || [...r.text].length < 2 || lexicon.frequency(r.text) > 0 || isDictionaryWord(r.text)) continue;
        const near = nearestWord(r.text, lexicon, table());
        // What the corpus itself writes is no slip (建强建优, though jieba makes 建优 up and 建有 reads the same).
        if (near && !lexicon.writes?.(r.text) && !neighbourVetoes(r.text, near.word, tokens[i - 1], tokens[r.end], lexicon)) {
          fixed = { end: r.end, from: r.text, to: near.word };
          break;
        }
      }
    }
    if (fixed) {
      changes.push({ from: fixed.from, to: fixed.to });
      out.push(fixed.to);
      i = fixed.end;
    } else {
      out.push(tokens[i]!);
      i++;
    }
  }
  return changes.length ? { query: out.join(''), changes } : null;
}
