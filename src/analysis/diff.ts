/**
 * The clause diff (条款对比) of two indexed clauses: shared phrases highlighted on both sides, overlap shares, the
 * cosine of their vectors and the parameters table (src/text/diff.ts does the text work).
 */
import { dot } from '../index/vectors.js';
import { clauseFingerprint } from '../text/fingerprint.js';
import { diffClauses, type Instrument } from '../text/diff.js';
import type { AnalysisCorpus } from './corpus.js';
import { loadKeyTerms } from './data.js';
import { targetContextOf } from './targets.js';
import type { AnalysisParagraph, DiffClause, DiffResult } from './types.js';

/** Throws UNKNOWN_PARAGRAPH. */
export function diffParagraphs(corpus: AnalysisCorpus, instruments: readonly Instrument[], aId: string, bId: string): DiffResult {
  const a = corpus.requireParagraph(aId);
  const b = corpus.requireParagraph(bId);
  // Targets read as /targets reads them, the section's lead year included (到“十四五”末 for 昆山 p0007's 4%).
  const input = (p: AnalysisParagraph) => ({ text: p.text, responsible: p.responsible, context: targetContextOf(corpus, p) });
  const d = diffClauses(input(a), input(b), instruments, loadKeyTerms());
  const va = corpus.source.vectorOf(a.rowid);
  const vb = corpus.source.vectorOf(b.rowid);
  const clause = (p: AnalysisParagraph, highlights: [number, number][]): DiffClause => {
    const provision = corpus.provisionOf(p.id);
    return {
      id: p.id,
      doc: corpus.docRef(p.docId),
      section: p.sectionPath,
      text: p.text,
      fingerprint: clauseFingerprint(p.text),
      highlights,
      part: p.part,
      kind: p.kind,
      responsible: p.responsible,
      ...(p.source ? { source: p.source } : {}),
      ...(provision ? { provision } : {}),
    };
  };
  return {
    a: clause(a, d.rangesA),
    b: clause(b, d.rangesB),
    shared: [...new Set(d.shared.map((s) => s.text))],
    overlap: { a: Math.round(d.overlap.a * 1000) / 1000, b: Math.round(d.overlap.b * 1000) / 1000 },
    similarity: va && vb ? Math.round(dot(va, vb) * 1e4) / 1e4 : null,
    parameters: d.parameters,
  };
}
