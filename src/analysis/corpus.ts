/**
 * Lookups over an analysis source that every room of the analysis shares: documents and paragraphs by id, the
 * cities in corpus order, and the document reference every result carries.
 */
import { createError } from '../errors.js';
import type { DocRef } from '../search/types.js';
import type { AnalysisDocument, AnalysisParagraph, AnalysisSource } from './types.js';

export class AnalysisCorpus {
  readonly docById: Map<string, AnalysisDocument>;
  readonly paragraphById: Map<string, AnalysisParagraph>;
  /** Cities in the order their first document appears (the comparison columns' order). */
  readonly cities: string[];

  constructor(readonly source: AnalysisSource) {
    this.docById = new Map(source.documents.map((d) => [d.id, d]));
    this.paragraphById = new Map(source.paragraphs.map((p) => [p.id, p]));
    this.cities = [];
    for (const d of source.documents) if (d.city && !this.cities.includes(d.city)) this.cities.push(d.city);
  }

  /** Throws UNKNOWN_PARAGRAPH. */
  requireParagraph(id: string): AnalysisParagraph {
    const p = this.paragraphById.get(id);
    if (!p) throw createError('UNKNOWN_PARAGRAPH', `No paragraph "${id}". Paragraph ids look like 000_dcbe0bbe788de573:p0042; find them through search or /api/documents/:id.`);
    return p;
  }

  cityOf(paragraphId: string): string | null {
    const p = this.paragraphById.get(paragraphId);
    return p ? (this.docById.get(p.docId)?.city ?? null) : null;
  }

  /** Position of a city in the corpus order; unknown cities sort last. */
  cityRank(city: string | null): number {
    const i = city ? this.cities.indexOf(city) : -1;
    return i === -1 ? this.cities.length : i;
  }

  docRef(id: string): DocRef {
    const d = this.docById.get(id)!;
    return { id: d.id, file: d.file, title: d.title, city: d.city, level: d.level, date: d.date };
  }
}
