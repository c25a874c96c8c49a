/**
 * Lookups over an analysis source that every room of the analysis shares: documents and paragraphs by id, the
 * cities in corpus order, and the document reference every result carries.
 */
import { createError } from '../errors.js';
import { CompendiumDates } from '../search/card-dates.js';
import { dateInRange } from '../search/date-range.js';
import { columnOf, placeSummaries } from '../search/places.js';
import { docRefOf, type DocRef } from '../search/types.js';
import type { AnalysisDocument, AnalysisParagraph, AnalysisSource } from './types.js';
import { articleProvisions, type Provision } from '../text/provisions.js';

/** The dates a view is limited to: 成文日期 from–to, and a day in force (ISO days). */
export interface ClauseDates {
  since?: string | undefined;
  until?: string | undefined;
  inForce?: string | undefined;
}

export class AnalysisCorpus {
  readonly docById: Map<string, AnalysisDocument>;
  readonly paragraphById: Map<string, AnalysisParagraph>;
  /** Places in the order their first document appears (the comparison columns' order); 未标注地区 last. */
  readonly cities: string[];
  /** Each city's position in `cities`: sorting 90,000 targets by place asked it 1.5 million times. */
  private readonly rank: Map<string, number>;

  constructor(readonly source: AnalysisSource) {
    this.docById = new Map(source.documents.map((d) => [d.id, d]));
    this.paragraphById = new Map(source.paragraphs.map((p) => [p.id, p]));
    // Every document has a column, 未标注地区 for those without a place (src/search/places.ts).
    this.cities = placeSummaries(source.documents).map((p) => p.city);
    this.rank = new Map(this.cities.map((c, i) => [c, i]));
  }

  /**
   * A clause's 款 and 项 in its article (src/text/provisions.ts), as a hit carries them (`Hit.provision`); undefined
   * for a clause under no article or the only 款 of one. Read for every document the first time one is asked.
   */
  provisionOf(paragraphId: string): Provision | undefined {
    if (!this.provisions) {
      const byDoc = new Map<string, AnalysisParagraph[]>();
      for (const p of this.source.paragraphs) {
        const list = byDoc.get(p.docId);
        if (list) list.push(p);
        else byDoc.set(p.docId, [p]);
      }
      this.provisions = new Map();
      for (const list of byDoc.values()) {
        list.sort((a, b) => a.ordinal - b.ordinal);
        const placed = articleProvisions(list);
        for (const [i, p] of list.entries()) if (placed[i]) this.provisions.set(p.id, Object.freeze(placed[i]!));
      }
    }
    return this.provisions.get(paragraphId);
  }
  private provisions: Map<string, Readonly<Provision>> | null = null;

  /** Throws UNKNOWN_PARAGRAPH. */
  requireParagraph(id: string): AnalysisParagraph {
    const p = this.paragraphById.get(id);
    if (!p) throw createError('UNKNOWN_PARAGRAPH', `No paragraph "${id}". Paragraph ids look like 000_dcbe0bbe788de573:p0042; find them through search or /api/documents/:id.`);
    return p;
  }

  /** The paragraph's column: its document's place, or 未标注地区; null for an unknown paragraph. */
  cityOf(paragraphId: string): string | null {
    const d = this.docById.get(this.paragraphById.get(paragraphId)?.docId ?? '');
    return d ? columnOf(d) : null;
  }

  /** Position of a document's column in the corpus order; unknown places sort last. */
  cityRank(doc: Pick<DocRef, 'city'>): number {
    return this.rank.get(columnOf(doc)) ?? this.cities.length;
  }

  /**
   * Whether a clause is kept by a date range and a day in force (either may be absent): by its document's date and
   * validity (`notInForce`: the documents that day leaves out, as search reads them), or a compendium's clause by its
   * card (src/search/card-dates.ts: the card's 发布日期 and 时间/频度), as search reads it.
   */
  clauseKept(p: Pick<AnalysisParagraph, 'id' | 'docId'>, dates: ClauseDates, notInForce?: ReadonlySet<string>): boolean {
    const ranged = Boolean(dates.since || dates.until);
    const cards = this.compendiums();
    if (cards.has(p.docId)) {
      if (ranged && !cards.clauseInRange(p, this.docById.get(p.docId)?.date, dates.since, dates.until)) return false;
      return !dates.inForce || cards.clauseInForce(p, dates.inForce, () => !notInForce?.has(p.docId));
    }
    return (!ranged || dateInRange(this.docById.get(p.docId)?.date, dates.since, dates.until)) && !notInForce?.has(p.docId);
  }

  /** Whether a document has a clause `clauseKept` keeps: its own date and validity, or for a compendium any card's. */
  documentKept(docId: string, dates: ClauseDates, notInForce?: ReadonlySet<string>): boolean {
    const cards = this.compendiums();
    if (cards.has(docId)) {
      return (!(dates.since || dates.until) || cards.documentInRange(docId, dates.since, dates.until)) && (!dates.inForce || cards.documentInForce(docId, dates.inForce));
    }
    return (!(dates.since || dates.until) || dateInRange(this.docById.get(docId)?.date, dates.since, dates.until)) && !notInForce?.has(docId);
  }

  /** Whether a document is a compendium whose clauses `clauseKept` dates by their cards (others go by the document). */
  datedByCards(docId: string): boolean {
    return this.compendiums().has(docId);
  }

  private cards: CompendiumDates | null = null;

  private compendiums(): CompendiumDates {
    this.cards ??= new CompendiumDates(this.source.paragraphs);
    return this.cards;
  }

  /** The document as every result cites it (`docRefOf`: 发文机关 and 文号 included, as a hit's). */
  docRef(id: string): DocRef {
    return docRefOf(this.docById.get(id)!);
  }
}
