/**
 * Opens a built index for reading: checks the manifest against this install (schema, model, runtime), then
 * loads the store's documents, the paragraphs and sentences (from the row snapshot rows.bin, src/index/rows.ts: at
 * 100k paragraphs ≈ 0.15 s and +85 MB RSS, where scanning the store's rows took 1.2–2.0 s and +170–190 MB; the
 * sentences stay in the snapshot's packed columns), the keyword index, the int8 vector stores (paragraphs and their
 * 128-d projections; one file read each) and the HNSW graph over the projected vectors. The full (binary16) vectors
 * stay on disk and are read per candidate; so are the int8 sentence vectors once they exceed
 * `SENTENCE_VECTORS_IN_MEMORY` (at 1M paragraphs they are 1.2 GB). At 100k paragraphs the int8 stores take about
 * 190 MB; see README "Limits".
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL_DIM, MODEL_ID, MODEL_ONNX_SHA256 } from '../config.js';
import { createError, isPolicyLensError } from '../errors.js';
import { runtimeVersions } from '../embed/embedder.js';
import { BUILD_FILES, DB_FILE, FULL_VECTORS_FILE, PARAGRAPH_VECTORS_FILE, POSTINGS_FILE, PROJECTION_FILE, REDUCED_VECTORS_FILE, ROWS_FILE, SENTENCE_VECTORS_FILE, VECTORS_FILE } from './build.js';
import { HalfVectors } from './half.js';
import { Projection } from './projection.js';
import { KeywordIndex } from './postings.js';
import { QuantizedFile, QuantizedVectors, type VectorRows } from './quantized.js';
import { readPackedRowSnapshot, type SentenceTable } from './rows.js';
import { checkCompatible, checkFiles, readManifest, type IndexManifest } from './manifest.js';
import { SCHEMA_VERSION, StoreReader, type ClauseParts, type StoredDocument, type StoredParagraph, type StoredSection } from './store.js';
import { DEFAULT_HNSW, VectorIndex, searchEf } from './vectors.js';

export interface LoadedIndex {
  dir: string;
  manifest: IndexManifest;
  store: StoreReader;
  /** BM25 over the clauses' search tokens and their section headings (src/index/postings.ts). */
  keywords: KeywordIndex;
  vectors: VectorIndex;
  documents: StoredDocument[];
  documentById: Map<string, StoredDocument>;
  /** A document's section headings, read when asked (34k rows at 100k paragraphs are not worth loading up front). */
  sectionsOf(docId: string): StoredSection[];
  /** A document's clauses cut into parts (over 500 characters), read when asked, as its sections are. */
  clausePartsOf(docId: string): ClauseParts[];
  /** Paragraphs in rowid order (an incremental build leaves gaps); `paragraphByRowid[rowid]`. */
  paragraphs: StoredParagraph[];
  paragraphByRowid: (StoredParagraph | undefined)[];
  paragraphById: Map<string, StoredParagraph>;
  /** Each document's paragraphs in ordinal order. */
  paragraphsByDoc: Map<string, StoredParagraph[]>;
  /** Paragraph vectors, int8, slot = rowid − 1 (`manifest.counts.vectors` slots): what rescoring reads (`paragraphVectors.dot(query, rowid - 1)`). */
  paragraphVectors: QuantizedVectors;
  /** The graph's coordinates: the principal directions paragraph vectors (and queries) are projected onto. */
  projection: Projection;
  /** Paragraph vectors in those coordinates, int8, slot = rowid − 1: what per-city rankings scan first. */
  reducedVectors: QuantizedVectors;
  /** A paragraph's vector (dequantized: a new array), undefined for an unknown rowid. */
  vectorOf(rowid: number): Float32Array | undefined;
  /**
   * Sentence vectors of multi-sentence clauses, int8, slot = the sentence's `vector`: in memory, or read from their
   * file per candidate when they exceed `sentenceVectorsInMemory` bytes.
   */
  sentenceVectors: VectorRows;
  /** Each paragraph's measure sentences in order, by paragraph rowid (a one-sentence clause has one, sharing its vector). */
  sentences: SentenceTable;
  /** Ids of the paragraphs that duplicate each original. */
  duplicatesOf: Map<string, string[]>;
  close(): void;
}

/**
 * Opens the index in `dir`: INDEX_MISSING when there is none, INDEX_MISMATCH when it was built by another schema,
 * model or runtime, INDEX_CORRUPT when its files are missing, truncated, altered or unreadable. Every refusal names
 * the command that fixes it. When an indexing run commits a new build while this one is being opened (and removes
 * the old build's folder), the newly committed build is opened instead.
 */
export interface OpenOptions {
  checkRuntime?: boolean;
  /**
   * Up to how many bytes the sentence vectors are held in memory; a bigger store is read from its file per
   * candidate. Default {@link SENTENCE_VECTORS_IN_MEMORY}.
   */
  sentenceVectorsInMemory?: number;
}

/**
 * 256 MiB: about 500k sentence vectors, an index of ≈ 200k paragraphs. Below it the sentences of a search's
 * candidates are scored where they lie (at 100k paragraphs, 113 MB, and the +400 MB bar after opening is met with
 * them); above it they are read per candidate, ≈ 1 ms for a comparison's 300 candidates, and a 1M-paragraph index
 * opens 1.2 GB smaller (README "Limits").
 */
export const SENTENCE_VECTORS_IN_MEMORY = 256 * 2 ** 20;

export function openIndex(dir: string, options: OpenOptions = {}): LoadedIndex {
  for (let attempt = 0; ; attempt++) {
    const manifest = readManifest(dir);
    if (!manifest) {
      throw createError('INDEX_MISSING', `No index in ${dir}. Run \`npm run index\` (or \`npm start\`, which builds it when missing).`);
    }
    try {
      return openBuild(dir, manifest, options);
    } catch (e) {
      // A reader racing a commit: the manifest moved on and the build it named was cleaned up. Read it again.
      if (attempt < 3 && isPolicyLensError(e) && e.code === 'INDEX_CORRUPT' && readManifestQuietly(dir)?.build !== manifest.build) continue;
      throw e;
    }
  }
}

function readManifestQuietly(dir: string): IndexManifest | null {
  try {
    return readManifest(dir);
  } catch {
    return null;
  }
}

function openBuild(dir: string, manifest: IndexManifest, options: OpenOptions): LoadedIndex {
  const fix = 'Run `npm run index -- --rebuild`.';
  if (options.checkRuntime === false) {
    if (manifest.schemaVersion !== SCHEMA_VERSION) checkCompatible(manifest, { modelId: '', onnxSha256: '', transformers: '', onnxruntime: '' });
  } else {
    const runtime = runtimeVersions();
    checkCompatible(manifest, { modelId: MODEL_ID, onnxSha256: MODEL_ONNX_SHA256, transformers: runtime.transformersVersion, onnxruntime: runtime.onnxruntimeVersion });
  }
  const buildDir = join(dir, manifest.build);
  for (const f of BUILD_FILES) {
    if (!existsSync(join(buildDir, f))) throw createError('INDEX_CORRUPT', `${join(buildDir, f)} is missing. ${fix}`);
  }
  // Sizes and hashes first: a truncated or altered file is named before any native reader parses it.
  if (manifest.files) checkFiles(buildDir, manifest.files);
  const store = new StoreReader(join(buildDir, DB_FILE));
  let full: HalfVectors | null = null;
  let sentenceVectors: VectorRows | null = null;
  try {
    const documents = store.documents();
    // The same rows as `store.paragraphs()` and `store.sentences()`, packed: one file read instead of a row scan.
    const { paragraphs, sentences } = readPackedRowSnapshot(join(buildDir, ROWS_FILE));
    if (paragraphs.length !== manifest.counts.paragraphs || documents.length !== manifest.counts.documents) {
      throw createError('INDEX_CORRUPT', `The index database holds ${documents.length} documents / ${paragraphs.length} paragraphs, the manifest says ${manifest.counts.documents} / ${manifest.counts.paragraphs}. ${fix}`);
    }
    if (sentences.count !== manifest.counts.sentences) {
      throw createError('INDEX_CORRUPT', `The row snapshot holds ${sentences.count} sentences, the manifest says ${manifest.counts.sentences}. ${fix}`);
    }
    const keywords = KeywordIndex.read(join(buildDir, POSTINGS_FILE), paragraphs.length, (x) => store.ln(x), manifest.counts.vectors);
    // ef is a search-time setting: an index built with a lower one still searches at today's default.
    // Vector slots: one per paragraph of a fresh build; an incremental build appends slots and leaves the deleted
    // paragraphs' ones unreferenced (their graph labels marked deleted), so rowids may have gaps.
    const slots = manifest.counts.vectors;
    const projection = Projection.read(join(buildDir, PROJECTION_FILE), MODEL_DIM, manifest.hnsw.dims ?? DEFAULT_HNSW.dims);
    full = HalfVectors.open(join(buildDir, FULL_VECTORS_FILE), MODEL_DIM, slots);
    const vectors = new VectorIndex(join(buildDir, VECTORS_FILE), projection, full, searchEf(manifest.hnsw.efSearch, slots), slots);
    const paragraphByRowid: (StoredParagraph | undefined)[] = [];
    const paragraphById = new Map<string, StoredParagraph>();
    const paragraphsByDoc = new Map<string, StoredParagraph[]>();
    const duplicatesOf = new Map<string, string[]>();
    let last = 0;
    for (const p of paragraphs) {
      // The vector stores are addressed by rowid − 1.
      if (!(p.rowid > last && p.rowid <= slots)) throw createError('INDEX_CORRUPT', `Paragraph ${p.id} has rowid ${p.rowid}, outside the ${slots} vector slots or out of order. ${fix}`);
      last = p.rowid;
      paragraphByRowid[p.rowid] = p;
      paragraphById.set(p.id, p);
      const list = paragraphsByDoc.get(p.docId) ?? [];
      list.push(p);
      paragraphsByDoc.set(p.docId, list);
      if (p.duplicateOf) duplicatesOf.set(p.duplicateOf, [...(duplicatesOf.get(p.duplicateOf) ?? []), p.id]);
    }
    for (const list of paragraphsByDoc.values()) list.sort((a, b) => a.ordinal - b.ordinal);
    const paragraphVectors = QuantizedVectors.read(join(buildDir, PARAGRAPH_VECTORS_FILE), MODEL_DIM, slots);
    const reducedVectors = QuantizedVectors.read(join(buildDir, REDUCED_VECTORS_FILE), projection.dims, slots);
    const sentenceCount = manifest.counts.sentenceVectors;
    const sentencePath = join(buildDir, SENTENCE_VECTORS_FILE);
    sentenceVectors = sentenceCount * (MODEL_DIM + 4) <= (options.sentenceVectorsInMemory ?? SENTENCE_VECTORS_IN_MEMORY)
      ? QuantizedVectors.read(sentencePath, MODEL_DIM, sentenceCount)
      : QuantizedFile.open(sentencePath, MODEL_DIM, sentenceCount);
    for (const rowid of sentences.paragraphRowids()) {
      if (!paragraphByRowid[rowid]) throw createError('INDEX_CORRUPT', `A sentence belongs to paragraph rowid ${rowid}, which does not exist. ${fix}`);
    }
    if (sentences.maxVectorSlot() >= sentenceVectors.count) throw createError('INDEX_CORRUPT', `A sentence names vector slot ${sentences.maxVectorSlot()}, beyond the ${sentenceVectors.count} stored. ${fix}`);
    return {
      dir,
      manifest,
      store,
      keywords,
      vectors,
      documents,
      documentById: new Map(documents.map((d) => [d.id, d])),
      sectionsOf: (docId: string) => store.sectionsOf(docId),
      clausePartsOf: (docId: string) => store.clausePartsOf(docId),
      paragraphs,
      paragraphByRowid,
      paragraphById,
      paragraphsByDoc,
      paragraphVectors,
      projection,
      reducedVectors,
      vectorOf: (rowid: number) => (paragraphByRowid[rowid] ? paragraphVectors.get(rowid - 1) : undefined),
      sentenceVectors,
      sentences,
      duplicatesOf,
      close: () => {
        store.close();
        full!.close();
        sentenceVectors!.close();
      },
    };
  } catch (e) {
    store.close();
    full?.close();
    sentenceVectors?.close();
    if (isPolicyLensError(e)) throw e;
    // SQLite's "database disk image is malformed", a JSON column that does not parse, …: the files are damaged.
    throw createError('INDEX_CORRUPT', `The index in ${buildDir} could not be read (${(e as Error)?.message ?? String(e)}). ${fix}`);
  }
}
