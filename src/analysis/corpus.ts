/**
 * Lookups over an analysis source that every room of the analysis shares: documents and paragraphs by id, the
 * cities in corpus order, and the document reference every result carries.
 */
import { createError } from '../errors.js';
import { clauseInRange, dateInRange } from '../search/date-range.js';
import { columnOf, placeSummaries } from '../search/places.js';
import type { DocRef } from '../search/types.js';
import type { AnalysisDocument, AnalysisParagraph, AnalysisSource } from './types.js';

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
   * Whether a clause lies within a date range: by its compendium card's 发布日期 when it has one, else by its
   * document's date (src/search/date-range.ts `clauseInRange`, as search reads it). No bounds: true.
   */
  clauseDated(p: Pick<AnalysisParagraph, 'docId' | 'source'>, since: string | undefined, until: string | undefined): boolean {
    return clauseInRange(p.source?.date, this.docById.get(p.docId)?.date, since, until);
  }

  /**
   * Whether a document has a clause within a date range: its own date for most documents; for a compendium whose
   * cards give their policies' dates, any of those (a 2024 book of 2019–2024 policies is in 2021 and not only 2024).
   */
  documentDated(docId: string, since: string | undefined, until: string | undefined): boolean {
    if (!since && !until) return true;
    this.clauseDates ??= this.readClauseDates();
    const dates = this.clauseDates.get(docId);
    return dates ? [...dates].some((d) => clauseInRange(d, undefined, since, until)) : dateInRange(this.docById.get(docId)?.date, since, until);
  }

  private clauseDates: Map<string, Set<string>> | null = null;

  /** The dates a compendium's clauses are read by: each card's, and the book's own for a clause without one. */
  private readClauseDates(): Map<string, Set<string>> {
    const carded = new Set(this.source.paragraphs.filter((p) => p.source?.date).map((p) => p.docId));
    const byDoc = new Map<string, Set<string>>();
    for (const p of this.source.paragraphs) {
      if (!carded.has(p.docId)) continue;
      const date = p.source?.date ?? this.docById.get(p.docId)?.date;
      if (!date) continue;
      let set = byDoc.get(p.docId);
      if (!set) byDoc.set(p.docId, (set = new Set()));
      set.add(date);
    }
    return byDoc;
  }

  docRef(id: string): DocRef {
    const d = this.docById.get(id)!;
    return { id: d.id, file: d.file, title: d.title, city: d.city, level: d.level, date: d.date };
  }
}
