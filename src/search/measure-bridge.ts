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
 * Every measure's ranking is made when the bridge is made, in one pass over the corpus: each clause folded once and
 * read for all the taxonomy's terms at once (src/text/term-matcher.ts), in slices that leave the event loop free
 * between them. Made per measure on first use, as before, each cost a fold of every clause: about 1 s at 100k
 * clauses, paid by the first query that met that measure, while every other request waited. `npm start` makes the
 * bridge before it serves (src/cli/start.ts).
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
import { TermMatcher } from '../text/term-matcher.js';
import type { Ranked } from './fusion.js';
import { nextTurn } from '../turn.js';

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

/** How many clauses the bridge reads between two turns of the event loop (≈ 20 ms at this size). */
const SLICE = 1024;

export class MeasureBridge {
  private readonly rankings: Ranked[][];

  private constructor(readonly measures: BridgeMeasure[], readonly vectors: Float32Array[]) {
    this.rankings = measures.map(() => []);
  }

  /** Embeds the measures and ranks the corpus's clauses for every one of them (see the file's header). */
  static async create(measures: BridgeMeasure[], embedder: Embedder, corpus: BridgeCorpus): Promise<MeasureBridge> {
    const bridge = new MeasureBridge(measures, await embedder.embed(measures.map(bridgeText)));
    await bridge.rankAll(corpus);
    return bridge;
  }

  /**
   * Every measure's ranking in one pass: each clause's distinct terms (a term several measures share counts for
   * each), then, per measure, the clauses holding any, more distinct terms first, then corpus order.
   */
  private async rankAll(corpus: BridgeCorpus): Promise<void> {
    const termIds = new Map<string, number>();
    /** The measures that hold each distinct folded term. */
    const owners: number[][] = [];
    this.measures.forEach((m, i) => {
      for (const t of new Set(m.terms.map((x) => foldTerm(x).replace(/\s+/gu, '')).filter((x) => x.length > 0))) {
        let id = termIds.get(t);
        if (id === undefined) {
          termIds.set(t, (id = owners.length));
          owners.push([]);
        }
        owners[id]!.push(i);
      }
    });
    const matcher = new TermMatcher([...termIds.keys()]);
    const hits = new Int32Array(this.measures.length);
    const touched: number[] = [];
    const rowids = corpus.rowids;
    for (let from = 0; from < rowids.length; from += SLICE) {
      if (from > 0) await nextTurn();
      for (let k = from; k < Math.min(rowids.length, from + SLICE); k++) {
        const rowid = rowids[k]!;
        for (const t of matcher.termsIn(corpus.foldedText(rowid))) {
          for (const m of owners[t]!) {
            if (hits[m] === 0) touched.push(m);
            hits[m]!++;
          }
        }
        for (const m of touched) {
          this.rankings[m]!.push({ key: rowid, score: hits[m]! });
          hits[m] = 0;
        }
        touched.length = 0;
      }
    }
    for (const r of this.rankings) r.sort((a, b) => b.score - a.score || a.key - b.key);
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

  /** The clauses holding at least one of measure `index`'s terms, those holding more distinct terms first (then corpus order). */
  ranking(index: number): Ranked[] {
    return this.rankings[index]!;
  }
}
