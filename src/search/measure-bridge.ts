/**
 * The measure taxonomy as a bridge between a query and the documents' vocabulary (issue 9).
 *
 * A plain-language question (企业想上云该找什么支持) shares few words with the clauses that answer it, but it is often
 * close in meaning to one measure of the taxonomy (工业互联网), whose seed terms (上云, 工业互联网, 标识解析 …) are the
 * words those clauses use. The bridge finds the query's nearest measure by cosine (the measure embedded as the matrix
 * embeds it: `name：description。terms`) and, when that cosine reaches a minimum, offers the clauses holding the
 * measure's terms as one more ranking, which the engine adds into hybrid fusion at a small weight (like the heading
 * field and the feedback terms). Clauses holding more of the measure's distinct terms rank first.
 *
 * The taxonomy is read as data from src/analysis/measures.json (the file /matrix and the drafting desk use); no code
 * of the analysis stage is imported, so the stage order of src/ holds. The analysis validates that file fully.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { createError } from '../errors.js';
import type { Embedder } from '../embed/embedder.js';
import { dot } from '../index/vectors.js';
import { foldTerm } from '../text/highlight.js';
import type { Ranked } from './fusion.js';

/** What the bridge needs of a measure (the file holds more: id, query). */
export interface BridgeMeasure {
  id: string;
  name: string;
  description: string;
  terms: string[];
}

const fileSchema = z.object({
  measures: z.array(z.object({ id: z.string(), name: z.string(), description: z.string(), terms: z.array(z.string().min(1)).min(1) }).passthrough()).min(1),
}).passthrough();

export const MEASURES_FILE = fileURLToPath(new URL('../analysis/measures.json', import.meta.url));

/** The measure taxonomy, read as data. */
export function loadBridgeMeasures(path = MEASURES_FILE): BridgeMeasure[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw createError('INTERNAL', `The measures file ${path} could not be read: ${(e as Error).message}`);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) throw createError('INTERNAL', `The measures file ${path} is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data.measures.map((m) => ({ id: m.id, name: m.name, description: m.description, terms: m.terms }));
}

/** The text a measure is embedded as: the same as the matrix's (src/analysis/data.ts `measureText`). */
export function bridgeText(m: BridgeMeasure): string {
  return `${m.name}：${m.description}。${m.terms.join('、')}`;
}

export interface NearestMeasure {
  index: number;
  measure: BridgeMeasure;
  cosine: number;
}

/** What the bridge reads of the corpus: each clause's text by rowid (index 0 unused), folded as the engine folds. */
export interface BridgeCorpus {
  rowids: readonly number[];
  foldedText(rowid: number): string;
}

export class MeasureBridge {
  private readonly folded: string[][];
  private readonly rankings = new Map<number, Ranked[]>();

  private constructor(readonly measures: BridgeMeasure[], readonly vectors: Float32Array[], private readonly corpus: BridgeCorpus) {
    this.folded = measures.map((m) => [...new Set(m.terms.map((t) => foldTerm(t).replace(/\s+/gu, '')).filter((t) => t.length > 0))]);
  }

  static async create(measures: BridgeMeasure[], embedder: Embedder, corpus: BridgeCorpus): Promise<MeasureBridge> {
    return new MeasureBridge(measures, await embedder.embed(measures.map(bridgeText)), corpus);
  }

  /** The measure whose vector is closest to `vector` (ties: the first in the file). */
  nearest(vector: Float32Array): NearestMeasure {
    let best = 0;
    let bestCos = -Infinity;
    this.vectors.forEach((v, i) => {
      const c = dot(vector, v);
      if (c > bestCos) { bestCos = c; best = i; }
    });
    return { index: best, measure: this.measures[best]!, cosine: bestCos };
  }

  /**
   * The clauses holding at least one of measure `index`'s terms, those holding more distinct terms first (then corpus
   * order). Computed once per measure: one pass over the corpus's folded texts.
   */
  ranking(index: number): Ranked[] {
    let r = this.rankings.get(index);
    if (!r) {
      const terms = this.folded[index]!;
      r = [];
      for (const rowid of this.corpus.rowids) {
        const text = this.corpus.foldedText(rowid);
        let hits = 0;
        for (const t of terms) if (text.includes(t)) hits++;
        if (hits > 0) r.push({ key: rowid, score: hits });
      }
      r.sort((a, b) => b.score - a.score || a.key - b.key);
      this.rankings.set(index, r);
    }
    return r;
  }
}
