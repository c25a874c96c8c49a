/**
 * Builds an index: read → parse → segment → embed → store, into index/builds/<id>/, then commits it by
 * renaming index/manifest.json into place. Incremental: vectors are reused from the previous build by the hash
 * of the embedded text, so a re-run embeds only paragraphs whose embedded text changed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { PROJECT_ROOT, MODEL_DIM } from '../config.js';
import { createError, isPolicyLensError } from '../errors.js';
import type { DocumentMeta, DocumentPart, ParagraphSource, ParsedDocument, SectionHeading } from '../types.js';
import { readCorpusManifest, type CorpusEntry } from '../ingest/corpus-manifest.js';
import { discoverDocuments } from '../ingest/discover.js';
import { BoundedReader, type ReadBounds } from '../ingest/bounded-read.js';
import type { DocumentHints } from '../ingest/read-file.js';
import { documentType } from '../text/metadata.js';
import { parseDocument } from '../text/parse-document.js';
import { NO_PLACE, gazetteerVersion, placeByName, placeFields, resolvePlace, type PlaceFields } from '../text/places.js';
import { searchTokens } from '../text/segment.js';
import { splitSentences } from '../text/sentences.js';
import { embedRecipe, type Embedder } from '../embed/embedder.js';
import { composeEmbedText, type EmbedContext } from './embed-text.js';
import { acquireLock, LOCK_FILE } from './lock.js';
import { checkFiles, fileDigest, MANIFEST_FILE, readManifest, syncFile, writeManifest, type FileDigest, type IndexManifest, type SkippedFile } from './manifest.js';
import { KeywordIndexWriter } from './postings.js';
import { READABLE_SCHEMAS, SCHEMA_VERSION, StoreReader, createStore, type StoredDocument, type StoredParagraph, type StoredSentence } from './store.js';
import { QuantizedVectors } from './quantized.js';
import { DEFAULT_HNSW, VectorIndex, buildVectorIndex, writeVectorIndex, type HnswParams } from './vectors.js';

export const DB_FILE = 'index.sqlite';
export const VECTORS_FILE = 'vectors.hnsw';
/** Paragraph vectors, int8 (src/index/quantized.ts): what the engine rescores with; slot = rowid − 1. */
export const PARAGRAPH_VECTORS_FILE = 'paragraphs.q8';
/** Sentence vectors of clauses with more than one measure sentence, int8; slot = the sentence's `vector`. */
export const SENTENCE_VECTORS_FILE = 'sentences.q8';
/** The keyword index: BM25 over the clauses' search tokens and their section headings (src/index/postings.ts). */
export const POSTINGS_FILE = 'postings.bin';
/** Every file a build holds besides the manifest. */
export const BUILD_FILES = [DB_FILE, VECTORS_FILE, PARAGRAPH_VECTORS_FILE, SENTENCE_VECTORS_FILE, POSTINGS_FILE] as const;
export const DEFAULT_EMBED_CONTEXT: EmbedContext = 'none';

export interface BuildOptions {
  inputs: string[];
  out: string;
  embedder: Embedder;
  rebuild?: boolean;
  embedContext?: EmbedContext;
  hnsw?: HnswParams;
  maxFileBytes?: number;
  /** Time and memory limits for reading one file (unset: POLICYLENS_FILE_TIMEOUT_MS / _MEMORY_MB, then defaults). */
  readBounds?: Partial<ReadBounds>;
  /** Module the reading worker loads instead of read-file.ts (tests inject pathological readers). */
  readerModule?: string;
  /** Called as embedding progresses (total known up front). */
  onEmbedStart?: (total: number) => void;
  onEmbedProgress?: (done: number) => void;
  log?: (msg: string) => void;
}

export interface BuildSummary {
  manifest: IndexManifest;
  documents: number;
  paragraphs: number;
  duplicates: number;
  embedded: number;
  reused: number;
  seconds: number;
  embedSeconds: number;
  paragraphsPerSecond: number;
  skipped: IndexManifest['skipped'];
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Hash of everything that shapes the stored paragraphs: text-processing and ingest code, the dictionary, and the
 * embed-text composition. `npm start` rebuilds when it changes.
 */
export function pipelineHash(embedContext: EmbedContext = DEFAULT_EMBED_CONTEXT): string {
  const h = createHash('sha256');
  h.update(`schema ${SCHEMA_VERSION} context ${embedContext}\n`);
  for (const dir of ['src/text', 'src/ingest']) {
    const abs = join(PROJECT_ROOT, dir);
    if (!existsSync(abs)) continue;
    for (const f of readdirSync(abs).sort()) {
      if (/\.(ts|txt|json)$/u.test(f)) h.update(f).update(readFileSync(join(abs, f)));
    }
  }
  h.update(readFileSync(join(PROJECT_ROOT, 'src/index/embed-text.ts')));
  // Places are read from the gazetteer's data: a new release of it re-parses every document.
  h.update(gazetteerVersion());
  h.update(embedRecipe());
  return h.digest('hex').slice(0, 16);
}

/** Stands for the content of a file that could not be read, in fingerprints and skipped entries. */
const UNREADABLE = 'unreadable';

function digestOrNull(path: string): string | null {
  try {
    return fileDigest(path).sha256;
  } catch {
    return null;
  }
}

/** Files and their hashes as the indexer would see them now, for the staleness check (`unreadable` when unreadable). */
export function inputFingerprint(inputs: string[]): { file: string; path: string; sha256: string }[] {
  const out: { file: string; path: string; sha256: string }[] = [];
  for (const dir of inputs) {
    const manifest = join(dir, 'manifest.json');
    if (existsSync(manifest)) out.push({ file: 'manifest.json', path: manifest, sha256: digestOrNull(manifest) ?? UNREADABLE });
  }
  for (const d of discoverDocuments(inputs)) out.push({ file: d.file, path: d.path, sha256: digestOrNull(d.path) ?? UNREADABLE });
  return out;
}

/** Why the index in `out` does not reflect `inputs` (or null when it does). */
export function staleReason(out: string, inputs?: string[], embedContext: EmbedContext = DEFAULT_EMBED_CONTEXT): string | null {
  const m = readManifest(out);
  if (!m) return 'no index yet';
  inputs ??= m.inputs;
  if (!BUILD_FILES.every((f) => existsSync(join(out, m.build, f)))) return 'index files missing';
  if (m.schemaVersion !== SCHEMA_VERSION) return `schema ${m.schemaVersion} ≠ ${SCHEMA_VERSION}`;
  if (m.pipelineHash !== pipelineHash(embedContext)) return 'text-processing code or dictionary changed';
  // What each input file held when it was built — for a skipped file, what it held when it was skipped (a
  // skipped file that is still the same bad file does not make the index stale; a fixed one does).
  const built = new Map([...m.documents, ...m.inputManifests].map((d) => [d.path, d.sha256] as const));
  for (const k of m.skipped) built.set(k.file, k.sha256 ?? UNREADABLE);
  const now = inputFingerprint(inputs);
  if (now.length !== built.size) return 'documents added or removed';
  for (const f of now) if (built.get(f.path) !== f.sha256) return `${f.file} changed`;
  return null;
}

/**
 * The place of a document: the manifest's `city` looked up in the gazetteer (its parent or province telling apart
 * places of one name), else what the text named, else what the page's metadata (title, issuer, number) names. A
 * manifest city the gazetteer does not know is kept as written, without code. Fields the manifest sets win.
 */
function mergePlace(parsed: PlaceFields, entry: CorpusEntry | undefined, hints: DocumentHints): PlaceFields {
  let place: PlaceFields = parsed;
  if (entry?.city !== undefined) {
    place = entry.city === null ? { ...NO_PLACE } : { ...NO_PLACE, ...placeFields(placeByName(entry.city, { parent: entry.parent, province: entry.province })) };
    if (place.city === null && entry.city !== null) place.city = entry.city;
  } else if (parsed.city === null && (hints.title || hints.issuer || hints.docNumber)) {
    place = placeFields(resolvePlace({ issuer: hints.issuer ?? null, titles: [hints.title], docNumber: hints.docNumber ?? null })?.place ?? null);
  }
  const pick = <K extends keyof PlaceFields & keyof CorpusEntry>(key: K): string | null =>
    entry && entry[key] !== undefined ? ((entry[key] as string | null) ?? null) : place[key];
  return {
    city: place.city,
    placeCode: pick('placeCode'),
    placeKind: pick('placeKind'),
    level: pick('level'),
    parent: pick('parent'),
    parentCode: pick('parentCode'),
    province: pick('province'),
  };
}

function mergeMeta(id: string, file: string, parsed: ParsedDocument['meta'], entry: CorpusEntry | undefined, hints: DocumentHints): DocumentMeta {
  const pick = <K extends keyof CorpusEntry>(key: K, fallback: string | null | undefined): string | null =>
    entry && entry[key] !== undefined ? ((entry[key] as string | null) ?? null) : (fallback ?? null);
  return {
    id,
    file,
    title: pick('title', parsed.title ?? hints.title),
    issuer: pick('issuer', parsed.issuer ?? hints.issuer),
    date: pick('date', parsed.date),
    adoptedDate: pick('adoptedDate', parsed.adoptedDate),
    approvedDate: pick('approvedDate', parsed.approvedDate),
    // An HTML page's PubDate is when the page was posted, not the signature date.
    postedDate: pick('postedDate', parsed.postedDate ?? hints.date),
    docNumber: pick('docNumber', parsed.docNumber ?? hints.docNumber),
    ...mergePlace(parsed, entry, hints),
    // The page's own title or number (an HTML page's metadata) can still tell the type the text did not.
    docType: pick('docType', parsed.docType ?? documentType({ title: hints.title ?? null, notice: null, docNumber: hints.docNumber ?? null, issuer: hints.issuer ?? null, enacted: false, lines: [] })),
    planPeriod: pick('planPeriod', parsed.planPeriod),
  };
}

/** What the keyword index holds of a clause: its text (a table row with its table's heading). */
export function paragraphSearchTokens(p: Pick<StoredParagraph, 'text' | 'kind' | 'columns' | 'sectionPath'>): string[] {
  return searchTokens(p.kind === 'table-row' && p.columns ? `${p.text} ${p.sectionPath.at(-1) ?? ''}` : p.text);
}

/** The heading field of a clause: its section path. */
export function headingSearchTokens(p: Pick<StoredParagraph, 'sectionPath'>): string[] {
  return searchTokens(p.sectionPath.join(' '));
}

/** Paragraph ids: `<document id>:p<ordinal, 4 digits>`. */
function paragraphId(docId: string, ordinal: number): string {
  return `${docId}:p${String(ordinal).padStart(4, '0')}`;
}

/**
 * Removes what killed or failed runs left behind: build folders that no manifest names (except `keep`), manifest
 * temp files, and lock temp files. Only called while holding the lock, so nothing here belongs to a live run.
 */
function cleanStaleBuilds(out: string, keep: Set<string>): void {
  const builds = join(out, 'builds');
  if (existsSync(builds)) {
    for (const name of readdirSync(builds)) {
      if (!keep.has(`builds/${name}`)) rmSync(join(builds, name), { recursive: true, force: true });
    }
  }
  for (const name of readdirSync(out)) {
    if (name.startsWith(`${MANIFEST_FILE}.tmp-`) || name.startsWith(`${LOCK_FILE}.stale-`)) rmSync(join(out, name), { force: true });
  }
}

/** One paragraph ready to store, whether just parsed or carried over from the previous build. */
interface SourceParagraph {
  ordinal: number;
  sectionPath: string[];
  text: string;
  part: DocumentPart;
  kind: 'text' | 'table-row';
  columns: string[] | null;
  responsible: string[];
  /** Paragraph id of the earlier paragraph with the same content. */
  duplicateOf: string | null;
  /** A compendium card's policy (依据文件, 发文机构, …). */
  source: ParagraphSource | null;
}

/** One document ready to store. */
interface SourceDocument {
  meta: DocumentMeta;
  path: string;
  format: string;
  /** sha256 of the content that was indexed. */
  sha: string;
  sections: SectionHeading[];
  paragraphs: SourceParagraph[];
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item));
    if (list) list.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/**
 * The previous build's versions of documents, to keep one searchable when its file has turned bad. Read on the
 * first bad file only (a clean run never pays for it).
 */
function previousVersions(previous: StoreReader): (path: string) => SourceDocument | null {
  let byPath: Map<string, SourceDocument> | null = null;
  return (path) => {
    if (!byPath) {
      byPath = new Map();
      const paragraphs = groupBy(previous.paragraphs(), (p) => p.docId);
      const sections = groupBy(previous.sections(), (s) => s.docId);
      for (const { seq: _seq, path: docPath, format, contentSha256, ...meta } of previous.documents()) {
        const own = paragraphs.get(meta.id) ?? [];
        if (own.length === 0) continue;
        byPath.set(docPath, {
          meta,
          path: docPath,
          format,
          sha: contentSha256,
          sections: (sections.get(meta.id) ?? []).map(({ level, label, title, path: sectionPath, firstParagraph }) => ({ level, label, title, path: sectionPath, firstParagraph })),
          paragraphs: own.map((p) => ({ ordinal: p.ordinal, sectionPath: p.sectionPath, text: p.text, part: p.part, kind: p.kind, columns: p.columns, responsible: p.responsible, duplicateOf: p.duplicateOf, source: p.source })),
        });
      }
    }
    return byPath.get(path) ?? null;
  };
}

/**
 * The previous build's vectors by the hash of their embedded text: paragraphs from its HNSW graph (float32, exact),
 * sentences from its int8 store (re-quantizing them gives the same values back).
 */
function previousVectors(dir: string, previous: StoreReader, manifest: IndexManifest): (sha: string) => Float32Array | null {
  const graph = new VectorIndex(join(dir, VECTORS_FILE), MODEL_DIM, manifest.hnsw.efSearch, manifest.counts.vectors);
  const sentenceStore = QuantizedVectors.read(join(dir, SENTENCE_VECTORS_FILE), MODEL_DIM, manifest.counts.sentenceVectors);
  const paragraphBySha = new Map(previous.paragraphs().map((p) => [p.embedSha256, p.rowid]));
  const sentenceBySha = new Map(previous.sentences().filter((s) => s.vector !== null).map((s) => [s.embedSha256, s.vector!]));
  return (sha) => {
    const rowid = paragraphBySha.get(sha);
    if (rowid !== undefined) return graph.vector(rowid);
    const slot = sentenceBySha.get(sha);
    return slot !== undefined ? sentenceStore.get(slot) : null;
  };
}

/**
 * Builds the index of `inputs` into `out`, under the folder's lock. Nothing is served until the new manifest is
 * renamed into place, so an error or a kill at any point leaves the previous index as it was; the next run
 * takes over the stale lock and removes the half-written build.
 *
 * A file that cannot be indexed (empty, binary, unreadable, too large, too slow or too complex to read) is skipped
 * with its reason in `skipped`; when an earlier build indexed it, that version is kept (`kept: true`), so bad input
 * never makes an indexed document disappear. INPUT_MISSING and INPUT_EMPTY fail the run before anything is written.
 */
export async function buildIndex(options: BuildOptions): Promise<BuildSummary> {
  const t0 = performance.now();
  const log = options.log ?? (() => {});
  const out = resolve(options.out);
  const inputs = options.inputs.map((d) => resolve(d));
  const embedContext = options.embedContext ?? DEFAULT_EMBED_CONTEXT;
  const hnsw = options.hnsw ?? DEFAULT_HNSW;
  // Before the lock and before anything is written: a mistyped folder must not touch the index.
  for (const dir of inputs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw createError('INPUT_MISSING', `Input folder ${dir} does not exist. Pass an existing folder with --input DIR.`);
  }
  // Each file is read in a worker under a time and heap limit: a pathological file is skipped, never a hang.
  // Made before the lock: a bad limit in the environment (CONFIG_INVALID) must not touch the index either.
  const reader = new BoundedReader({ ...(options.readBounds ? { bounds: options.readBounds } : {}), ...(options.readerModule ? { module: options.readerModule } : {}) });
  mkdirSync(out, { recursive: true });
  const release = acquireLock(out);
  reader.warm();
  // Unique even for two builds in the same second by the same process: a build folder is never written twice.
  const buildId = `${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const buildRel = `builds/${buildId}`;
  const buildDir = join(out, buildRel);
  let committed = false;
  let created = false;
  let previous: StoreReader | null = null;
  try {
    let prevManifest: IndexManifest | null = null;
    try {
      prevManifest = readManifest(out);
    } catch (e) {
      log(`previous manifest unreadable (${(e as Error).message}); building from scratch`);
    }
    cleanStaleBuilds(out, new Set(prevManifest ? [prevManifest.build] : []));
    mkdirSync(join(out, 'builds'), { recursive: true });
    mkdirSync(buildDir); // exclusive: fails rather than write into an existing build
    created = true;

    // The previous build: its documents can be kept when their files turn bad, its vectors reused when the
    // model and runtime are the same. A damaged previous build is used for neither.
    if (prevManifest && READABLE_SCHEMAS.includes(prevManifest.schemaVersion)) {
      try {
        if (prevManifest.files) checkFiles(join(out, prevManifest.build), prevManifest.files);
        previous = new StoreReader(join(out, prevManifest.build, DB_FILE));
      } catch (e) {
        log(`previous index unreadable (${(e as Error).message}); embedding everything`);
      }
    }
    const keptVersion = previous ? previousVersions(previous) : () => null;
    const info = options.embedder.info;
    const reuseVectors =
      !options.rebuild && !!previous && !!prevManifest && prevManifest.model.modelId === info.modelId && prevManifest.model.onnxSha256 === info.onnxSha256 && prevManifest.runtime.onnxruntime === info.onnxruntimeVersion && prevManifest.runtime.transformers === info.transformersVersion;

    // 1. Read and parse every document; a bad file is skipped with its reason.
    const manifests = new Map<string, Map<string, CorpusEntry>>(inputs.map((d) => [d, readCorpusManifest(d)]));
    const found = discoverDocuments(inputs);
    const skipped: SkippedFile[] = [];
    const docs: SourceDocument[] = [];
    const usedIds = new Set<string>();
    for (const f of found) {
      try {
        const read = await reader.read(f.path, options.maxFileBytes ? { maxBytes: options.maxFileBytes } : {});
        const parsed = parseDocument(read.text, { file: f.file, ...(read.setAside ? { setAside: read.setAside } : {}) });
        if (parsed.paragraphs.length === 0) throw createError('FILE_EMPTY', `${f.file}: no paragraphs of text were found after cleaning.`);
        const inputDir = inputs.find((d) => f.path.startsWith(d + '/')) ?? dirname(f.path);
        const entry = manifests.get(inputDir)?.get(relative(inputDir, f.path)) ?? manifests.get(inputDir)?.get(f.file);
        let id = entry?.id ?? basename(f.file, extname(f.file)).replace(/[^\w.-]+/gu, '_').slice(0, 100);
        if (!id) id = 'doc';
        for (let n = 2; usedIds.has(id); n++) id = `${id.replace(/~\d+$/u, '')}~${n}`;
        usedIds.add(id);
        for (const w of read.warnings) log(`${f.file}: ${w}`);
        const meta = mergeMeta(id, f.file, parsed.meta, entry, read.hints);
        docs.push({
          meta,
          path: f.path,
          format: read.format,
          sha: sha256(readFileSync(f.path)),
          sections: parsed.sections,
          paragraphs: parsed.paragraphs.map((p) => ({
            ordinal: p.ordinal, sectionPath: p.sectionPath, text: p.text, part: p.part, kind: p.kind, columns: p.columns ?? null,
            responsible: p.responsible, duplicateOf: p.duplicateOf === null ? null : paragraphId(id, p.duplicateOf),
            source: p.source ?? null,
          })),
        });
      } catch (e) {
        // A file's problem, whatever threw it, must not fail the run: it is skipped and named.
        const error = isPolicyLensError(e) ? e : createError('FILE_UNREADABLE', `${f.file} could not be processed (${(e as Error)?.message ?? String(e)}).`);
        const skip: SkippedFile = { file: f.path, code: error.code, message: error.message };
        const current = digestOrNull(f.path);
        if (current) skip.sha256 = current;
        let kept: SourceDocument | null = null;
        try {
          kept = keptVersion(f.path);
        } catch (readError) {
          log(`could not read ${f.path}'s previous version (${(readError as Error).message})`);
        }
        if (kept && !usedIds.has(kept.meta.id)) {
          usedIds.add(kept.meta.id);
          docs.push(kept);
          skip.kept = true;
        }
        skipped.push(skip);
        log(`skipped ${f.path}: [${error.code}] ${error.message}${skip.kept ? ' — the version indexed before is kept' : ''}`);
      }
    }
    await reader.close();
    if (docs.length === 0) {
      throw createError('INPUT_EMPTY', `No readable documents in ${inputs.join(', ')} (supported: .txt .md .html .pdf .docx).${skipped.length ? ` ${skipped.length} file(s) were skipped.` : ''}`);
    }

    // 2. Paragraph records and embedded texts.
    const paragraphs: StoredParagraph[] = [];
    let rowid = 1;
    for (const d of docs) {
      for (const p of d.paragraphs) {
        const embedText = composeEmbedText({ text: p.text, sectionPath: p.sectionPath, kind: p.kind, columns: p.columns, title: d.meta.title }, embedContext);
        paragraphs.push({
          rowid: rowid++,
          id: paragraphId(d.meta.id, p.ordinal),
          docId: d.meta.id,
          ordinal: p.ordinal,
          sectionPath: p.sectionPath,
          text: p.text,
          embedText,
          // The cache key names how the vector was made, so a change of recipe re-embeds rather than reuses.
          embedSha256: sha256(`${options.embedder.info.recipe}\n${embedText}`),
          part: p.part,
          kind: p.kind,
          columns: p.columns,
          responsible: p.responsible,
          duplicateOf: p.duplicateOf,
          source: p.source,
        });
      }
    }

    // 2b. Measure sentences: a clause of one sentence shares the paragraph's vector; longer clauses embed each one.
    const sentences: StoredSentence[] = [];
    let ownSentences = 0;
    const extraTexts = new Map<string, string>();
    for (const p of paragraphs) {
      const spans = p.duplicateOf ? [] : splitSentences(p.text, p.kind);
      const whole = spans.length <= 1;
      const list = whole ? [{ start: 0, end: p.text.length }] : spans;
      list.forEach((span, ordinal) => {
        let sha = p.embedSha256;
        if (!whole) {
          const text = p.text.slice(span.start, span.end);
          sha = sha256(`${options.embedder.info.recipe}\n${text}`);
          extraTexts.set(sha, text);
        }
        sentences.push({ rowid: sentences.length + 1, paragraphRowid: p.rowid, ordinal, start: span.start, end: span.end, embedSha256: sha, vector: whole ? null : ownSentences++ });
      });
    }

    // 3. Vectors: reuse what the previous build embedded, embed the rest.
    const vectors = new Map<string, Float32Array>();
    if (previous && reuseVectors && prevManifest) {
      try {
        const lookup = previousVectors(join(out, prevManifest.build), previous, prevManifest);
        for (const sha of [...paragraphs.map((p) => p.embedSha256), ...extraTexts.keys()]) {
          if (vectors.has(sha)) continue;
          const v = lookup(sha);
          if (v && v.length === MODEL_DIM) vectors.set(sha, v);
        }
      } catch (e) {
        log(`previous vectors unreadable (${(e as Error).message}); embedding everything`);
        vectors.clear();
      }
    }
    const reused = vectors.size;
    const todo = [...new Map([
      ...paragraphs.filter((p) => !vectors.has(p.embedSha256)).map((p) => [p.embedSha256, p.embedText] as const),
      ...[...extraTexts].filter(([sha]) => !vectors.has(sha)),
    ]).entries()];
    options.onEmbedStart?.(todo.length);
    const te = performance.now();
    const embedded = todo.length ? await options.embedder.embed(todo.map(([, t]) => t), options.onEmbedProgress) : [];
    const embedSeconds = (performance.now() - te) / 1000;
    todo.forEach(([sha], i) => vectors.set(sha, embedded[i]!));

    // 4. Store, keyword index, vector index; flushed to disk before the manifest names them. The database is
    // closed after the keyword index is written (scripts/bench/scale.ts times the stages by the files' mtimes).
    const store = createStore(join(buildDir, DB_FILE));
    const keywords = new KeywordIndexWriter();
    store.transaction(() => {
      docs.forEach((d, seq) => {
        const stored: StoredDocument = { ...d.meta, seq, path: d.path, format: d.format, contentSha256: d.sha };
        store.addDocument(stored, d.sections);
      });
      for (const p of paragraphs) {
        store.addParagraph(p);
        keywords.add('text', p.rowid, paragraphSearchTokens(p));
        // A clause without headings is no row of the heading field (its N and average length leave it out).
        const headings = headingSearchTokens(p);
        if (headings.length) keywords.add('headings', p.rowid, headings);
      }
      for (const sentence of sentences) store.addSentence(sentence);
    });
    keywords.write(join(buildDir, POSTINGS_FILE));
    store.close();
    const index = buildVectorIndex(paragraphs.map((p) => ({ label: p.rowid, vector: vectors.get(p.embedSha256)! })), MODEL_DIM, hnsw);
    writeVectorIndex(index, join(buildDir, VECTORS_FILE));
    QuantizedVectors.from(paragraphs.map((p) => vectors.get(p.embedSha256)!), MODEL_DIM).write(join(buildDir, PARAGRAPH_VECTORS_FILE));
    QuantizedVectors.from(sentences.filter((x) => x.vector !== null).map((x) => vectors.get(x.embedSha256)!), MODEL_DIM).write(join(buildDir, SENTENCE_VECTORS_FILE));
    const files: Record<string, FileDigest> = {};
    for (const name of BUILD_FILES) {
      syncFile(join(buildDir, name));
      files[name] = fileDigest(join(buildDir, name));
    }
    syncFile(buildDir);

    const seconds = (performance.now() - t0) / 1000;
    const duplicates = paragraphs.filter((p) => p.duplicateOf).length;
    const manifest: IndexManifest = {
      schemaVersion: SCHEMA_VERSION,
      build: buildRel,
      builtAt: new Date().toISOString(),
      buildSeconds: Math.round(seconds * 1000) / 1000,
      model: { modelId: info.modelId, onnxSha256: info.onnxSha256, dtype: info.dtype, pooling: info.pooling, dim: info.dim },
      runtime: { transformers: info.transformersVersion, onnxruntime: info.onnxruntimeVersion, node: process.version },
      pipelineHash: pipelineHash(embedContext),
      embedContext,
      hnsw,
      counts: {
        documents: docs.length,
        sections: docs.reduce((n, d) => n + d.sections.length, 0),
        paragraphs: paragraphs.length,
        duplicates,
        vectors: paragraphs.length,
        sentences: sentences.length,
        sentenceVectors: ownSentences,
        embedded: todo.length,
        reused,
      },
      inputs,
      documents: docs.map((d) => ({ id: d.meta.id, file: d.meta.file, path: d.path, sha256: d.sha, paragraphs: d.paragraphs.length })),
      inputManifests: inputs.filter((d) => existsSync(join(d, 'manifest.json'))).map((d) => ({ path: join(d, 'manifest.json'), sha256: sha256(readFileSync(join(d, 'manifest.json'))) })),
      skipped,
      files,
    };
    previous?.close();
    previous = null;
    writeManifest(out, manifest); // the commit point
    committed = true;
    cleanStaleBuilds(out, new Set([buildRel]));
    return {
      manifest,
      documents: docs.length,
      paragraphs: paragraphs.length,
      duplicates,
      embedded: todo.length,
      reused,
      seconds,
      embedSeconds,
      paragraphsPerSecond: paragraphs.length / seconds,
      skipped,
    };
  } finally {
    await reader.close();
    previous?.close();
    if (created && !committed) rmSync(buildDir, { recursive: true, force: true });
    release();
  }
}
