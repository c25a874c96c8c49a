/**
 * The dates of a compendium's clauses (政策汇编: a book of policy cards). A book printed in 2024 gathers policies of
 * 2019–2024; its own date says when it was printed, not when any of its policies was issued or runs. A card gives its
 * policy's 发布日期 (several joined by `/` when it cites several) and may state in its 时间/频度 field how long it runs
 * (2022年8月11日起，有效期3年). So a date filter and `in_force` read a card's clause by its card: `since=2023` keeps the 2023
 * cards only, `until=2022` the earlier ones, and `in_force=2023-06-01` the cards issued by then and not run out — where
 * the book's own date had left out every card before 2024 and kept one that ran out in 2025 forever (eighteenth
 * session's verifying audit). A clause of the book outside any card (its preface, its 编写说明) goes by the book's date,
 * and only while one of its cards is kept: the book is in a range, or in force, by its cards, and its front matter
 * goes with it. Under since=2024 the 北京 book (dated 2024, no card of 2024) had no document in range for the desk's
 * header and its refusal, yet a 北京 column of its 前言 (在此特别感谢北京中关村产业研究院的鼎力支持…) in the desk, compare,
 * "similar" and search, flagged 未见相近条款 (twenty-first session's drafter audit, finding 5).
 *
 * Pure: given the corpus's clauses once (the search engine's and the analyst views' alike), it answers per clause and
 * per document. Documents without dated cards are not its business (`has` is false): callers read them as before.
 */
import { cardPath, inPeriodField } from '../text/compendium.js';
import { cardValidity, planEnd } from '../text/validity.js';
import type { ParagraphSource } from '../types.js';
import { clauseInRange } from './date-range.js';

/** What a clause needs to be dated by its card. */
export interface CardClause {
  id: string;
  docId: string;
  sectionPath: readonly string[];
  text: string;
  source?: ParagraphSource | null;
}

/** A plan period as a policy's title writes it: 2023-2025年, 2021—2023年. */
const PLAN_PERIOD = /\d{4}\s*年?\s*[—–~至-]\s*\d{4}\s*年/gu;

/** A card's dates: what a date range and a day in force read it by. */
export interface CardSpan {
  /** The card's 发布日期 as written (`2023-10-25/2023-11-17`), or null. */
  dates: string | null;
  /** The first day it runs: its 时间/频度 start, else its earliest 发布日期. */
  from: string | null;
  /** Its last day, when its 时间/频度 says. */
  until: string | null;
}

/**
 * Whether a card lies within [`since`, `until`] by its 发布日期 (any of several); a card without one lies in none.
 * @example cardInRange({ dates: '2021-12-23', from: '2021-12-23', until: null }, undefined, '2022-12-31') // true
 */
export function cardInRange(card: CardSpan, since: string | undefined, until: string | undefined): boolean {
  return clauseInRange(card.dates, null, since, until);
}

/**
 * Whether a card is in force on `day`: issued (or started, by its 时间/频度) by then and not run out.
 * @example cardInForce({ dates: '2021-12-23', from: '2021-12-23', until: '2024-12-22' }, '2025-06-01') // false
 */
export function cardInForce(card: CardSpan, day: string): boolean {
  return (!card.from || card.from <= day) && (!card.until || day <= card.until);
}

export class CompendiumDates {
  private readonly cardOf = new Map<string, CardSpan>();
  private readonly cardsOfDoc = new Map<string, CardSpan[]>();

  constructor(clauses: Iterable<CardClause>) {
    const all = [...clauses];
    const books = new Set(all.filter((p) => p.source?.date).map((p) => p.docId));
    if (books.size === 0) return;
    // A card is its document and its path down to the card's title; its 时间/频度 clauses say how long it runs.
    const groups = new Map<string, CardClause[]>();
    for (const p of all) {
      if (!books.has(p.docId) || !p.source) continue;
      const key = `${p.docId}\u0000${cardPath(p.sectionPath).join('\u0000')}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = []));
      group.push(p);
    }
    for (const group of groups.values()) {
      const dates = group.find((p) => p.source?.date)?.source?.date ?? null;
      const validity = cardValidity(group.filter((p) => inPeriodField(p.sectionPath)).map((p) => p.text));
      const earliest = dates ? dates.split('/').sort()[0]! : null;
      // A card citing one plan of a stated period (行动方案（2023-2025年）) and stating no end of its own ends with the
      // plan, as a document that names its period does (nineteenth session's researcher audit: such cards stayed in force
      // in 2026 while 安徽's and 昆山's own ended plans did not).
      const basis = group.find((p) => p.source?.basis)?.source?.basis ?? '';
      const periods = basis.match(PLAN_PERIOD) ?? [];
      const until = validity.expires ?? (periods.length === 1 ? planEnd(periods[0]) : null);
      const card: CardSpan = { dates, from: validity.effective ?? earliest, until };
      for (const p of group) this.cardOf.set(p.id, card);
      const docId = group[0]!.docId;
      this.cardsOfDoc.set(docId, [...(this.cardsOfDoc.get(docId) ?? []), card]);
    }
  }

  /** Whether `docId` is a compendium whose clauses are dated by their cards. */
  has(docId: string): boolean {
    return this.cardsOfDoc.has(docId);
  }

  /** The compendiums' ids. */
  documents(): IterableIterator<string> {
    return this.cardsOfDoc.keys();
  }

  /**
   * Whether a compendium's clause lies within the range: by its card's 发布日期, else (no card) by the book's date while
   * one of the book's cards lies within it ({@link documentInRange}).
   */
  clauseInRange(p: { id: string; docId: string }, bookDate: string | null | undefined, since: string | undefined, until: string | undefined): boolean {
    const card = this.cardOf.get(p.id);
    if (card) return clauseInRange(card.dates, bookDate, since, until);
    return clauseInRange(null, bookDate, since, until) && this.documentInRange(p.docId, since, until);
  }

  /**
   * Whether a compendium's clause is in force on `day`: its card issued by then (or its 时间/频度 start) and not run out;
   * `book` answers for a clause outside any card, which is kept only while one of the book's cards is in force
   * ({@link documentInForce}).
   */
  clauseInForce(p: { id: string; docId: string }, day: string, book: () => boolean): boolean {
    const card = this.cardOf.get(p.id);
    if (!card) return book() && this.documentInForce(p.docId, day);
    return cardInForce(card, day);
  }

  /** Whether any card of a compendium lies within the range. */
  documentInRange(docId: string, since: string | undefined, until: string | undefined): boolean {
    return this.cards(docId).some((c) => cardInRange(c, since, until));
  }

  /** Whether any card of a compendium is in force on `day`. */
  documentInForce(docId: string, day: string): boolean {
    return this.cards(docId).some((c) => cardInForce(c, day));
  }

  /** A compendium's cards in reading order (none for any other document). */
  cards(docId: string): readonly CardSpan[] {
    return this.cardsOfDoc.get(docId) ?? [];
  }

  /**
   * Every compendium's cards by document id, as the corpus's description carries them (`CorpusInfo.compendiumCards`):
   * the document list keeps a compendium by its cards, as every view keeps its clauses.
   */
  byDocument(): ReadonlyMap<string, readonly CardSpan[]> {
    return new Map([...this.cardsOfDoc].map(([id, cards]) => [id, cards.map((c) => ({ ...c }))]));
  }
}
