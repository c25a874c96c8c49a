/**
 * Builds an index: read → parse → segment → embed → store, into index/builds/<id>/, then commits it by
 * renaming index/manifest.json into place. Incremental: vectors are reused from the previous build by the hash
 * of the embedded text, so a re-run embeds only paragraphs whose embedded text changed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { PROJECT_ROOT, MODEL_DIM } from '../config.js';
import { createError, isPolicyLensError } from '../errors.js';
import type { DocumentMeta, DocumentPart, ParagraphSource, ParsedDocument, SectionHeading } from '../types.js';
import { readCorpusManifest, type CorpusEntry } from '../ingest/corpus-manifest.js';
import { discoverDocuments, ignoredFiles, otherFiles, SUPPORTED_EXTENSIONS } from '../ingest/discover.js';
import { BoundedReader, type ReadBounds } from '../ingest/bounded-read.js';
import type { DocumentHints } from '../ingest/read-file.js';
import { documentType } from '../text/metadata.js';
import { parseDocument } from '../text/parse-document.js';
import { NO_PLACE, ZONE_KIND, gazetteerVersion, placeByName, placeFields, resolvePlace, type PlaceFields } from '../text/places.js';
import { searchTokens } from '../text/segment.js';
import { splitSentences } from '../text/sentences.js';
import { scriptFoldingVersion, toSimplified } from '../text/script.js';
import { embedRecipe, type Embedder } from '../embed/embedder.js';
import { composeEmbedText, type EmbedContext } from './embed-text.js';
import { acquireLock, LOCK_FILE } from './lock.js';
import { checkFiles, fileDigest, MANIFEST_FILE, readManifest, syncFile, writeManifest, type FileDigest, type FileWarning, type IgnoredFileEntry, type IndexManifest, type SkippedFile } from './manifest.js';
import { ambiguousEntries, sameDocumentWarnings, shownPath } from './file-warnings.js';
import { KeywordIndex, KeywordIndexWriter } from './postings.js';
import { READABLE_SCHEMAS, SCHEMA_VERSION, StoreReader, createStore, openStoreForPatch, type ClauseParts, type ParagraphRecord, type SentenceRecord, type StoredDocument, type StoredParagraph } from './store.js';
import { QuantizedVectors } from './quantized.js';
import { paragraphId } from './rows.js';
import { DEFAULT_HNSW, buildGraphFile, patchVectorIndex, readLegacyGraphVectors, type HnswParams } from './vectors.js';
import { HalfVectors, roundToHalfInPlace } from './half.js';
import { Projection } from './projection.js';

export const DB_FILE = 'index.sqlite';
/** The HNSW graph over the paragraph vectors' PCA projection (src/index/vectors.ts, projection.ts). */
export const VECTORS_FILE = 'vectors.hnsw';
/** The graph's coordinates: the principal directions the paragraph vectors are projected onto. */
export const PROJECTION_FILE = 'graph.projection';
/** Paragraph vectors in full, binary16, read per candidate from disk (src/index/half.ts); slot = rowid − 1. */
export const FULL_VECTORS_FILE = 'paragraphs.f16';
/** Paragraph vectors in the graph's coordinates, int8: what per-city rankings scan first (a quarter of the full scan). */
export const REDUCED_VECTORS_FILE = 'paragraphs.pq8';
/** Paragraph vectors, int8 (src/index/quantized.ts): what the engine rescores with; slot = rowid − 1. */
export const PARAGRAPH_VECTORS_FILE = 'paragraphs.q8';
/** Sentence vectors of clauses with more than one measure sentence, int8; slot = the sentence's `vector`. */
export const SENTENCE_VECTORS_FILE = 'sentences.q8';
/** The keyword index: BM25 over the clauses' search tokens and their section headings (src/index/postings.ts). */
export const POSTINGS_FILE = 'postings.bin';
/** The paragraphs and sentences of the database packed for opening (src/index/rows.ts); written last, from the rows. */
export const ROWS_FILE = 'rows.bin';
/** Every file a build holds besides the manifest. */
export const BUILD_FILES = [DB_FILE, VECTORS_FILE, PROJECTION_FILE, FULL_VECTORS_FILE, REDUCED_VECTORS_FILE, PARAGRAPH_VECTORS_FILE, SENTENCE_VECTORS_FILE, POSTINGS_FILE, ROWS_FILE] as const;
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
  /** Called after each file is read (or skipped): how many of `total` so far. */
  onReadProgress?: (done: number, total: number) => void;
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
  /** What the librarian should know about indexed files (the manifest's `warnings`). */
  warnings: FileWarning[];
  /** Nothing had changed: no build was made (`npm run index` on a current index). */
  upToDate?: boolean;
  /** An incremental build: `read` files read, `added` paragraphs stored (the rest carried over as they were). */
  incremental?: { read: number; added: number };
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
  // Traditional → simplified folding shapes every clause's tokens and embedded text: new tables re-index.
  h.update(scriptFoldingVersion());
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
  // The schema first: an older build lacks this one's files (rows.bin) by design, not by damage.
  if (m.schemaVersion !== SCHEMA_VERSION) return `schema ${m.schemaVersion} ≠ ${SCHEMA_VERSION}`;
  if (!BUILD_FILES.every((f) => existsSync(join(out, m.build, f)))) return 'index files missing';
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
    // A page's 信息公开 table may give the 成文日期 the text does not (it stands outside the text the page reader keeps).
    date: pick('date', parsed.date ?? hints.writtenDate),
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
  /** Hash of its corpus-manifest entry ('none' without one); absent for a version carried over from an old build. */
  entry?: string;
  /** sha256 of its paragraph texts (absent for a version carried over from an old build). */
  text?: string;
  sections: SectionHeading[];
  paragraphs: SourceParagraph[];
  /** What reading the file found to say (its text repaired in decoding, its format not its name's). */
  notices?: FileWarning[];
  /** Its clauses over 500 characters, cut into parts (ParsedParagraph `split`), each as its first part and how many. */
  parts: ClauseParts[];
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
          parts: previous.clausePartsOf(meta.id),
          paragraphs: own.map((p) => ({ ordinal: p.ordinal, sectionPath: p.sectionPath, text: p.text, part: p.part, kind: p.kind, columns: p.columns, responsible: p.responsible, duplicateOf: p.duplicateOf, source: p.source })),
        });
      }
    }
    return byPath.get(path) ?? null;
  };
}

/**
 * The previous build's vectors by the hash of their embedded text: paragraphs from its binary16 store (exact: every
 * stored paragraph vector is binary16), or from the graph of a build before schema 5 (float32; rounded when stored);
 * sentences from its int8 store (re-quantizing them gives the same values back). Those of `shas` it holds go `into`.
 */
function previousVectors(dir: string, previous: StoreReader, manifest: IndexManifest, shas: Iterable<string>, into: Map<string, Float32Array>): void {
  const half = existsSync(join(dir, FULL_VECTORS_FILE)) ? HalfVectors.open(join(dir, FULL_VECTORS_FILE), MODEL_DIM, manifest.counts.vectors) : null;
  const legacy = half ? null : readLegacyGraphVectors(join(dir, VECTORS_FILE), MODEL_DIM);
  const sentenceStore = QuantizedVectors.read(join(dir, SENTENCE_VECTORS_FILE), MODEL_DIM, manifest.counts.sentenceVectors);
  // Two narrow columns, not whole rows: at 100k paragraphs reading every row costs seconds.
  const { paragraphs: paragraphBySha, sentences: sentenceBySha } = previous.vectorKeys();
  try {
    for (const sha of shas) {
      if (into.has(sha)) continue;
      const rowid = paragraphBySha.get(sha);
      const slot = sentenceBySha.get(sha);
      const v = rowid !== undefined ? (half ? half.get(rowid - 1) : legacy!(rowid)) : slot !== undefined ? sentenceStore.get(slot) : null;
      if (v && v.length === MODEL_DIM) into.set(sha, v);
    }
  } finally {
    half?.close();
  }
}

/** What reading one input file needs: the input folders, their corpus manifests, the ids already taken. */
interface ReadContext {
  inputs: string[];
  manifests: Map<string, Map<string, CorpusEntry>>;
  usedIds: Set<string>;
  /** The previous build's id of each file still present (reserved in `usedIds`): a file keeps its id and its links. */
  previousIds?: ReadonlyMap<string, string>;
  /** The names files in several folders bear ({@link sharedNames}): known by their folder too. */
  sharedNames?: ReadonlySet<string>;
  log: (msg: string) => void;
  maxFileBytes: number | undefined;
}

/** A file's entry in its input folder's corpus manifest, if any. */
function entryOf(f: { file: string; path: string }, inputs: string[], manifests: Map<string, Map<string, CorpusEntry>>): CorpusEntry | undefined {
  const inputDir = inputs.find((d) => f.path.startsWith(d + '/')) ?? dirname(f.path);
  return manifests.get(inputDir)?.get(relative(inputDir, f.path)) ?? manifests.get(inputDir)?.get(f.file);
}

function entryHash(entry: CorpusEntry | undefined): string {
  return entry ? sha256(JSON.stringify(entry)).slice(0, 16) : 'none';
}

/** A name as an id: letters and digits of any script kept, anything else one `_`, at most 100 characters (the last kept, `tail`). */
function idText(s: string, tail = false): string {
  const folded = s.normalize('NFC').replace(/[^\p{L}\p{N}_.-]+/gu, '_').replace(/\.{2,}/gu, '.');
  return tail ? [...folded].slice(-100).join('').replace(/^[.-]+/u, '') : [...folded.replace(/^[.-]+/u, '')].slice(0, 100).join('');
}

/**
 * A document's id from its file name: letters and digits of any script kept (政策汇编.pdf → 政策汇编), anything else
 * one `_`, at most 100 characters, starting with a letter, digit or `_` as the routes require
 * (src/server/validate.ts DOCUMENT_ID_PATTERN). Taken ids get the extension, then a number: 通知.pdf → 通知,
 * 通知.docx → 通知-docx, then 通知-docx-2. Before, every character outside ASCII became `_`, so files named in Chinese
 * were `_`, `_~2`, `_~3` in read order: a new file renumbered the others (their saved links opened another
 * document), and `~` was refused by the routes.
 *
 * `file` may be the file's path in its input folder. A name that files in two or more folders bear (`shared`, by
 * {@link sharedNames}) is known in a subfolder by that folder too: 2023年报送/丽水市数字经济政策.txt →
 * `2023年报送_丽水市数字经济政策`, whatever is read first. Before, the first read took the name and the other
 * `丽水市数字经济政策-txt` (both are .txt), which of the two depended on the order the files came in (a fresh build
 * and an index the 2024 file had come to first gave them the other way round), and a third was `-txt-2` (s22 audit,
 * README Limits). A file in the input folder itself keeps the bare name; a name no other folder has keeps it too, so
 * the ids of a folder without subfolders (the 18 documents') are as they were.
 * @example documentIdFor('附件1 重点任务.docx', new Set()) // '附件1_重点任务'
 * @example documentIdFor('2024年报送/丽水市数字经济政策.txt', new Set(), new Set(['丽水市数字经济政策'])) // '2024年报送_丽水市数字经济政策'
 */
export function documentIdFor(file: string, used: ReadonlySet<string>, shared: ReadonlySet<string> = new Set()): string {
  const ext = extname(file);
  const name = basename(file, ext);
  const folder = dirname(file);
  const base = idText(name) || 'doc';
  const own = folder !== '.' && folder !== '' && shared.has(base) ? idText(`${folder}/${name}`, true) || base : base;
  if (!used.has(own)) return own;
  const withExt = idText(`${own}-${ext.slice(1)}`) || own;
  if (!used.has(withExt)) return withExt;
  let n = 2;
  while (used.has(`${withExt}-${n}`)) n++;
  return `${withExt}-${n}`;
}

/**
 * The names ({@link documentIdFor}'s bare ids) that files in two or more folders bear, of the files found: those files
 * are known by their folder too.
 * @example sharedNames(['/in/2023年报送/丽水.txt', '/in/2024年报送/丽水.txt', '/in/通知.pdf']) // Set { '丽水' }
 */
export function sharedNames(paths: readonly string[]): Set<string> {
  const folders = new Map<string, Set<string>>();
  for (const p of paths) {
    const base = idText(basename(p, extname(p))) || 'doc';
    folders.set(base, (folders.get(base) ?? new Set()).add(dirname(p)));
  }
  return new Set([...folders].filter(([, dirs]) => dirs.size > 1).map(([base]) => base));
}

/**
 * The same text under two names (a copy saved as 通知(1).pdf, one text in GBK and in UTF-8) was indexed twice: its
 * clauses filled ranks 1–3 of a search and two comparison columns. The first file read (in the folders' order)
 * is indexed; a later one with the same paragraph texts is skipped as FILE_DUPLICATE, naming the first. Returns
 * the skip, or null (and remembers the document) when its text is new.
 */
function duplicateSkip(doc: SourceDocument, seen: Map<string, { id: string; file: string }>): SkippedFile | null {
  if (!doc.text) return null;
  const first = seen.get(doc.text);
  if (!first) {
    seen.set(doc.text, { id: doc.meta.id, file: doc.meta.file });
    return null;
  }
  return { file: doc.path, code: 'FILE_DUPLICATE', message: `${doc.meta.file} has the same text as ${first.file} (indexed as ${first.id}); it is not indexed twice.`, sha256: doc.sha };
}

/**
 * The documents of a full build with each text once: of the files holding the same text, the one the previous build
 * indexed is kept, else the one with the shortest name (通知.txt over 通知(1).txt and 通知 - 副本.txt), else the first
 * read; the others are skipped as FILE_DUPLICATE naming it, and give their ids back. Read order is kept.
 */
function oneOfEachText(
  read: SourceDocument[],
  indexedBefore: ReadonlySet<string>,
  run: { usedIds: Set<string>; skipped: SkippedFile[]; log: (msg: string) => void },
): SourceDocument[] {
  const rank = (d: SourceDocument, i: number) => [indexedBefore.has(d.path) ? 0 : 1, [...d.meta.file].length, i];
  const order = read.map((d, i) => ({ d, i })).sort((a, b) => {
    const [x, y] = [rank(a.d, a.i), rank(b.d, b.i)];
    return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!;
  });
  const texts = new Map<string, { id: string; file: string }>();
  const dropped = new Set<SourceDocument>();
  for (const { d } of order) {
    const skip = duplicateSkip(d, texts);
    if (!skip) continue;
    dropped.add(d);
    run.usedIds.delete(d.meta.id);
    run.skipped.push(skip);
    run.log(`not indexed ${d.path}: [${skip.code}] ${skip.message}`);
  }
  return read.filter((d) => !dropped.has(d));
}

/** Adds a document read to `docs`, or skips it as FILE_DUPLICATE (its id given back) when its text is indexed already. */
function admitDocument(
  doc: SourceDocument,
  run: { texts: Map<string, { id: string; file: string }>; usedIds: Set<string>; docs: SourceDocument[]; skipped: SkippedFile[]; log: (msg: string) => void },
): void {
  const duplicate = duplicateSkip(doc, run.texts);
  if (!duplicate) {
    run.docs.push(doc);
    return;
  }
  run.usedIds.delete(doc.meta.id);
  run.skipped.push(duplicate);
  run.log(`not indexed ${doc.path}: [${duplicate.code}] ${duplicate.message}`);
}

/** Reads and parses one input file into a document ready to store (its id taken in `usedIds`); throws on a bad file. */
async function readSource(reader: BoundedReader, f: { file: string; path: string }, context: ReadContext): Promise<SourceDocument> {
  const read = await reader.read(f.path, context.maxFileBytes ? { maxBytes: context.maxFileBytes } : {});
  const parsed = parseDocument(read.text, { file: f.file, ...(read.setAside ? { setAside: read.setAside } : {}) });
  if (parsed.paragraphs.length === 0) {
    const title = parsed.meta.title ? ` It has a title (${parsed.meta.title.slice(0, 40)}) but no clause under it: is the body in another file?` : '';
    throw createError('FILE_EMPTY', `${f.file}: no paragraphs of text were found after cleaning.${title}`);
  }
  const entry = entryOf(f, context.inputs, context.manifests);
  const id = entry?.id ?? context.previousIds?.get(f.path) ?? documentIdFor(shownPath(f.path, context.inputs), context.usedIds, context.sharedNames);
  context.usedIds.add(id);
  for (const w of [...read.warnings, ...(parsed.warnings ?? [])]) context.log(w.startsWith(`${f.file} `) ? w : `${f.file}: ${w}`);
  const meta = mergeMeta(id, f.file, parsed.meta, entry, read.hints);
  // A manifest city that names no single place (吉林: the province or the city; a name the gazetteer lacks) is kept as
  // written, a column of its own: said, with what to do.
  // (A 功能区, 苏州工业园区, is known but has no code.)
  if (typeof entry?.city === 'string' && meta.placeCode === null && meta.placeKind !== ZONE_KIND && entry.placeCode === undefined) {
    context.log(`${f.file}: manifest city "${entry.city}" is not one place the gazetteer knows (it names none, or several); kept as written. Give the place's full name (吉林省 or 吉林市 for 吉林) or its "parent".`);
  }
  return {
    meta,
    path: f.path,
    format: read.format,
    sha: sha256(readFileSync(f.path)),
    entry: entryHash(entry),
    text: sha256(parsed.paragraphs.map((p) => p.text).join('\n')),
    sections: parsed.sections,
    // What reading found, and another document the file holds below the first (said as it was read, and kept).
    ...(read.notices?.length || parsed.warnings?.length
      ? { notices: [...(read.notices ?? []).map((n) => ({ file: f.path, code: n.code, message: n.message })), ...(parsed.warnings ?? []).map((message) => ({ file: f.path, code: 'SECOND_DOCUMENT' as const, message: `${f.file}: ${message}` }))] }
      : {}),
    parts: parsed.paragraphs.filter((p) => p.split?.part === 1).map((p) => ({ firstParagraph: p.ordinal, parts: p.split!.of })),
    paragraphs: parsed.paragraphs.map((p) => ({
      ordinal: p.ordinal, sectionPath: p.sectionPath, text: p.text, part: p.part, kind: p.kind, columns: p.columns ?? null,
      responsible: p.responsible, duplicateOf: p.duplicateOf === null ? null : paragraphId(id, p.duplicateOf),
      source: p.source ?? null,
    })),
  };
}

/** The stored records of `docs`' paragraphs, rowids from `firstRowid` on, with the texts their vectors embed. */
function paragraphRecords(docs: readonly SourceDocument[], firstRowid: number, recipe: string, embedContext: EmbedContext): ParagraphRecord[] {
  const paragraphs: ParagraphRecord[] = [];
  let rowid = firstRowid;
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
        embedSha256: sha256(`${recipe}\n${embedText}`),
        part: p.part,
        kind: p.kind,
        columns: p.columns,
        responsible: p.responsible,
        duplicateOf: p.duplicateOf,
        source: p.source,
      });
    }
  }
  return paragraphs;
}

/**
 * Measure sentences of `paragraphs` (rowids from `firstRowid`): a clause of one sentence shares the paragraph's
 * vector; a longer clause's sentences each get a slot in the sentence store, from `firstSlot` on. `texts` holds the
 * texts to embed by their hash; `vectors` is the number of slots taken.
 */
function sentenceRecords(paragraphs: readonly ParagraphRecord[], firstRowid: number, firstSlot: number, recipe: string): { sentences: SentenceRecord[]; texts: Map<string, string>; vectors: number } {
  const sentences: SentenceRecord[] = [];
  let slot = firstSlot;
  const texts = new Map<string, string>();
  for (const p of paragraphs) {
    const spans = p.duplicateOf ? [] : splitSentences(p.text, p.kind);
    const whole = spans.length <= 1;
    const list = whole ? [{ start: 0, end: p.text.length }] : spans;
    list.forEach((span, ordinal) => {
      let sha = p.embedSha256;
      if (!whole) {
        // Embedded in simplified script, as the clause is (composeEmbedText).
        const text = toSimplified(p.text.slice(span.start, span.end));
        sha = sha256(`${recipe}\n${text}`);
        texts.set(sha, text);
      }
      sentences.push({ rowid: firstRowid + sentences.length, paragraphRowid: p.rowid, ordinal, start: span.start, end: span.end, embedSha256: sha, vector: whole ? null : slot++ });
    });
  }
  return { sentences, texts, vectors: slot - firstSlot };
}

/**
 * Embeds what `vectors` lacks of the paragraphs' and their sentences' texts (one text per run, each distinct text
 * once) and adds them to it. `reused`: the vectors it already held.
 */
async function embedMissing(
  vectors: Map<string, Float32Array>, paragraphs: readonly ParagraphRecord[], extraTexts: ReadonlyMap<string, string>, options: BuildOptions,
): Promise<{ reused: number; embedded: number; embedSeconds: number }> {
  const reused = vectors.size;
  const todo = [...new Map([
    ...paragraphs.filter((p) => !vectors.has(p.embedSha256)).map((p) => [p.embedSha256, p.embedText] as const),
    ...[...extraTexts].filter(([sha]) => !vectors.has(sha)),
  ]).entries()];
  options.onEmbedStart?.(todo.length);
  const te = performance.now();
  const embedded = todo.length ? await options.embedder.embed(todo.map(([, t]) => t), options.onEmbedProgress) : [];
  todo.forEach(([sha], i) => vectors.set(sha, embedded[i]!));
  return { reused, embedded: todo.length, embedSeconds: (performance.now() - te) / 1000 };
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
  const hnsw: HnswParams = { ...DEFAULT_HNSW, ...options.hnsw };
  // Before the lock and before anything is written: a mistyped folder must not touch the index.
  for (const dir of inputs) {
    if (!existsSync(dir)) throw createError('INPUT_MISSING', `Input ${dir} does not exist. Pass an existing folder (or one file) with --input.`);
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
    // An entry for a file the folder does not have (a typo, a renamed file) would correct nothing: said.
    // An entry whose bare name applies to files in several subfolders: said, and kept with the build's warnings.
    const ambiguous: FileWarning[] = [];
    for (const [dir, entries] of manifests) {
      const under = found.filter((f) => f.path.startsWith(dir + '/'));
      const names = new Set(under.flatMap((f) => [f.file, relative(dir, f.path)]));
      for (const file of entries.keys()) if (!names.has(file)) log(`${join(dir, 'manifest.json')} has an entry for ${file}, which is not in that folder: check its "file"`);
      ambiguous.push(...ambiguousEntries(dir, entries.keys(), under.map((f) => f.path)));
    }
    for (const w of ambiguous) log(w.message);

    // 0. A few documents added, changed or removed: patch a copy of the previous build instead (no parsing of the
    // unchanged files, no graph rebuild).
    if (previous && prevManifest && reuseVectors && !options.rebuild) {
      const plan = patchPlan(prevManifest, { inputs, found, manifests, embedContext, hnsw });
      if (plan) {
        const summary = await patchBuild({ out, buildDir, buildRel, prevManifest, previous, plan, reader, manifests, inputs, embedContext, hnsw, options, t0, log, ambiguous, sharedNames: sharedNames(found.map((f) => f.path)) });
        previous.close();
        previous = null;
        committed = true;
        cleanStaleBuilds(out, new Set([buildRel]));
        return summary;
      }
    }
    const skipped: SkippedFile[] = [];
    const read: SourceDocument[] = [];
    // Every file the previous build indexed keeps its id, whatever files are read before it (政策(1).txt sorts
    // before 政策.txt, 政策.md before 政策.txt): a new file never takes an indexed document's id and links.
    const present = new Set(found.map((f) => f.path));
    const previousIds = new Map((prevManifest?.documents ?? []).filter((d) => present.has(d.path)).map((d) => [d.path, d.id]));
    const usedIds = new Set(previousIds.values());
    const shared = sharedNames(found.map((f) => f.path));
    let readCount = 0;
    for (const f of found) {
      options.onReadProgress?.(readCount++, found.length);
      try {
        read.push(await readSource(reader, f, { inputs, manifests, usedIds, previousIds, sharedNames: shared, log, maxFileBytes: options.maxFileBytes }));
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
        if (kept && (!usedIds.has(kept.meta.id) || previousIds.get(f.path) === kept.meta.id)) {
          usedIds.add(kept.meta.id);
          read.push(kept);
          skip.kept = true;
        }
        skipped.push(skip);
        log(`skipped ${f.path}: [${error.code}] ${error.message}${skip.kept ? ' — the version indexed before is kept' : ''}`);
      }
    }
    options.onReadProgress?.(found.length, found.length);
    await reader.close();
    const docs = oneOfEachText(read, new Set(previousIds.keys()), { usedIds, skipped, log });
    if (docs.length === 0) {
      throw createError('INPUT_EMPTY', `No readable documents in ${inputs.join(', ')} (supported: ${SUPPORTED_EXTENSIONS.join(' ')}).${skipped.length ? ` ${skipped.length} file(s) were skipped.` : ''}`);
    }

    // 2. Paragraph records and embedded texts; 2b. their measure sentences.
    const paragraphs = paragraphRecords(docs, 1, options.embedder.info.recipe, embedContext);
    const { sentences, texts: extraTexts, vectors: ownSentences } = sentenceRecords(paragraphs, 1, 0, options.embedder.info.recipe);

    // 3. Vectors: reuse what the previous build embedded, embed the rest.
    const vectors = new Map<string, Float32Array>();
    if (previous && reuseVectors && prevManifest) {
      try {
        previousVectors(join(out, prevManifest.build), previous, prevManifest, [...paragraphs.map((p) => p.embedSha256), ...extraTexts.keys()], vectors);
      } catch (e) {
        log(`previous vectors unreadable (${(e as Error).message}); embedding everything`);
        vectors.clear();
      }
    }
    const { reused, embedded: embeddedCount, embedSeconds } = await embedMissing(vectors, paragraphs, extraTexts, options);

    // 4. Store, keyword index, vector index; flushed to disk before the manifest names them. The graph is built
    // in a worker while this thread writes the store (hnswlib inserts on one core; at 100k paragraphs the graph took
    // about as long as everything after parsing). scripts/bench/scale.ts times the stages by the files' mtimes:
    // graph.projection is written once the points are projected, the database closed after the keyword index.
    // Paragraph vectors are stored at binary16 (src/index/half.ts), so every copy is made from the rounded values.
    const paragraphVectors = paragraphs.map((p) => roundToHalfInPlace(vectors.get(p.embedSha256)!));
    const projection = Projection.fit(paragraphVectors, MODEL_DIM, hnsw.dims ?? DEFAULT_HNSW.dims);
    // The points in one shared buffer, outside the JS heap (at 1M paragraphs plain arrays of them took 1.1 GB of
    // it): the graph worker reads them where they are while this thread writes the store.
    const dims = projection.dims;
    const flat = new Float32Array(new SharedArrayBuffer(paragraphs.length * dims * 4));
    const points = paragraphVectors.map((v, i) => {
      const point = flat.subarray(i * dims, (i + 1) * dims);
      point.set(projection.project(v));
      return point;
    });
    projection.write(join(buildDir, PROJECTION_FILE));
    const graph = buildGraphFile(Int32Array.from(paragraphs, (p) => p.rowid), flat, dims, hnsw, join(buildDir, VECTORS_FILE));
    try {
      const store = createStore(join(buildDir, DB_FILE));
      const keywords = new KeywordIndexWriter();
      store.transaction(() => {
        docs.forEach((d, seq) => {
          const stored: StoredDocument = { ...d.meta, seq, path: d.path, format: d.format, contentSha256: d.sha };
          store.addDocument(stored, d.sections, d.parts);
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
      store.writeRowSnapshot(join(buildDir, ROWS_FILE));
      store.close();
      QuantizedVectors.from(points, dims).write(join(buildDir, REDUCED_VECTORS_FILE));
      HalfVectors.write(join(buildDir, FULL_VECTORS_FILE), paragraphVectors, MODEL_DIM);
      QuantizedVectors.from(paragraphVectors, MODEL_DIM).write(join(buildDir, PARAGRAPH_VECTORS_FILE));
      QuantizedVectors.from(sentences.filter((x) => x.vector !== null).map((x) => vectors.get(x.embedSha256)!), MODEL_DIM).write(join(buildDir, SENTENCE_VECTORS_FILE));
    } catch (e) {
      await graph.cancel();
      throw e;
    }
    await graph.done;
    const files: Record<string, FileDigest> = {};
    for (const name of BUILD_FILES) {
      syncFile(join(buildDir, name));
      files[name] = fileDigest(join(buildDir, name));
    }
    syncFile(buildDir);

    const seconds = (performance.now() - t0) / 1000;
    const duplicates = paragraphs.filter((p) => p.duplicateOf).length;
    const warnings = buildWarnings(docs.flatMap((d) => d.notices ?? []), docs.map((d) => ({ path: d.path, ...d.meta })), ambiguous, inputs, log);
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
        embedded: embeddedCount,
        reused,
      },
      inputs,
      documents: docs.map((d) => ({ id: d.meta.id, file: d.meta.file, path: d.path, sha256: d.sha, paragraphs: d.paragraphs.length, ...(d.entry ? { entry: d.entry } : {}), ...(d.text ? { text: d.text } : {}) })),
      inputManifests: inputs.filter((d) => existsSync(join(d, 'manifest.json'))).map((d) => ({ path: join(d, 'manifest.json'), sha256: sha256(readFileSync(join(d, 'manifest.json'))) })),
      skipped,
      notRead: otherFiles(inputs, [out]),
      ignored: ignoredEntries(inputs, out),
      warnings,
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
      embedded: embeddedCount,
      reused,
      seconds,
      embedSeconds,
      paragraphsPerSecond: paragraphs.length / seconds,
      skipped,
      warnings,
    };
  } finally {
    await reader.close();
    previous?.close();
    if (created && !committed) rmSync(buildDir, { recursive: true, force: true });
    release();
  }
}

/**
 * The build's warnings (src/index/file-warnings.ts): the reading notices of the documents indexed, the documents that
 * look like one document twice (said in the log here: the others were said as they were read), and the corpus
 * manifests' ambiguous entries.
 */
function buildWarnings(notices: FileWarning[], documents: { path: string; title: string | null; date: string | null; docNumber: string | null }[], ambiguous: FileWarning[], inputs: string[], log: (msg: string) => void): FileWarning[] {
  const same = sameDocumentWarnings(documents, inputs);
  for (const w of same) log(w.message);
  return [...notices, ...same, ...ambiguous];
}

/** The files passed over unread for another reason than their type, as the manifest records them. */
function ignoredEntries(inputs: string[], out: string): IgnoredFileEntry[] {
  return ignoredFiles(inputs, [out]).map((f) => ({ file: f.path, reason: f.reason }));
}

/** What an incremental build changes: documents to read (new or changed files) and documents to remove. */
interface PatchPlan {
  read: { file: string; path: string }[];
  /** Previous documents whose file changed or is gone, by id. */
  remove: Set<string>;
  /** The previous build's skipped entries that still stand (same bad file). */
  stillSkipped: SkippedFile[];
}

/** Documents a patch may touch before a full build is cheaper (and tidier: it compacts the deleted slots away). */
const PATCH_MAX_SHARE = 0.1;
const PATCH_MAX_DEAD_SLOTS = 0.2;

/**
 * Whether the change from the previous build is a small set of documents added, changed or removed, with everything
 * else (pipeline, inputs, their corpus manifests, graph parameters) the same. Null means: build from scratch.
 */
function patchPlan(prev: IndexManifest, now: { inputs: string[]; found: { file: string; path: string }[]; manifests: Map<string, Map<string, CorpusEntry>>; embedContext: EmbedContext; hnsw: HnswParams }): PatchPlan | null {
  // Another schema (an older build lends only its vectors) or pipeline: everything is stored anew.
  if (prev.schemaVersion !== SCHEMA_VERSION) return null;
  if (prev.pipelineHash !== pipelineHash(now.embedContext) || prev.embedContext !== now.embedContext) return null;
  if (JSON.stringify(prev.hnsw) !== JSON.stringify(now.hnsw) || JSON.stringify(prev.inputs) !== JSON.stringify(now.inputs)) return null;
  // A kept old version of a bad file is a full build's business; so is a corpus manifest that changed when the
  // previous build did not record whose entry was what.
  if (prev.skipped.some((k) => k.kept)) return null;
  const manifestsNow = now.inputs.filter((d) => existsSync(join(d, 'manifest.json'))).map((d) => ({ path: join(d, 'manifest.json'), sha256: digestOrNull(join(d, 'manifest.json')) }));
  const manifestChanged = JSON.stringify(manifestsNow) !== JSON.stringify(prev.inputManifests);
  if (manifestChanged && prev.documents.some((d) => d.entry === undefined)) return null;
  const before = new Map(prev.documents.map((d) => [d.path, d]));
  const skippedBefore = new Map(prev.skipped.map((k) => [k.file, k]));
  const read: PatchPlan['read'] = [];
  const remove = new Set<string>();
  const stillSkipped: SkippedFile[] = [];
  const seen = new Set<string>();
  for (const f of now.found) {
    seen.add(f.path);
    const sha = digestOrNull(f.path) ?? UNREADABLE;
    const doc = before.get(f.path);
    // Unchanged: the same content, and (when a corpus manifest changed) the same manifest entry.
    if (doc && doc.sha256 === sha && (!manifestChanged || doc.entry === entryHash(entryOf(f, now.inputs, now.manifests)))) continue;
    const skip = skippedBefore.get(f.path);
    if (!doc && skip && (skip.sha256 ?? UNREADABLE) === sha) {
      stillSkipped.push(skip);
      continue;
    }
    if (doc) remove.add(doc.id);
    read.push(f);
  }
  for (const d of prev.documents) if (!seen.has(d.path)) remove.add(d.id);
  if (read.length === 0 && remove.size === 0) return null;
  // A copy skipped as FILE_DUPLICATE may have to stand in for a document that changed or went: a full build decides.
  if (remove.size && prev.skipped.some((k) => k.code === 'FILE_DUPLICATE')) return null;
  const touched = prev.documents.filter((d) => remove.has(d.id)).reduce((n, d) => n + d.paragraphs, 0) + read.length * (prev.counts.paragraphs / Math.max(1, prev.counts.documents));
  if (touched > PATCH_MAX_SHARE * prev.counts.paragraphs) return null;
  const dead = prev.counts.vectors - prev.counts.paragraphs + prev.documents.filter((d) => remove.has(d.id)).reduce((n, d) => n + d.paragraphs, 0);
  if (dead > PATCH_MAX_DEAD_SLOTS * prev.counts.vectors) return null;
  return { read, remove, stillSkipped };
}

/**
 * An incremental build: the previous build's files are copied into the new build folder and patched there. The
 * removed documents' rows are deleted and their vectors marked deleted in the graph (`patchVectorIndex`); the new
 * documents' rows are appended with fresh rowids and vector slots. The served build is never touched, and the
 * manifest rename is still the commit point. Rowids and slots only grow; a full build (`--rebuild`, or when dead
 * slots pass PATCH_MAX_DEAD_SLOTS) packs them again.
 */
async function patchBuild(args: {
  out: string; buildDir: string; buildRel: string; prevManifest: IndexManifest; previous: StoreReader; plan: PatchPlan; reader: BoundedReader;
  manifests: Map<string, Map<string, CorpusEntry>>; inputs: string[]; embedContext: EmbedContext; hnsw: HnswParams; options: BuildOptions; t0: number;
  log: (msg: string) => void; ambiguous: FileWarning[]; sharedNames: ReadonlySet<string>;
}): Promise<BuildSummary> {
  const { out, buildDir, buildRel, prevManifest: prev, previous, plan, reader, inputs, embedContext, options, log } = args;
  const prevDir = join(out, prev.build);
  const recipe = options.embedder.info.recipe;
  log(`incremental: ${plan.read.length} file(s) to read, ${plan.remove.size} document(s) to replace or remove`);

  // Read the new and changed files. A changed file that turned bad keeps its previous version (not removed).
  // A changed file keeps its id (reserved before any new file is read, so that 政策.md added beside a changed 政策.txt
  // does not take it); the kept documents keep theirs.
  const readPaths = new Set(plan.read.map((f) => f.path));
  const previousIds = new Map(prev.documents.filter((d) => plan.remove.has(d.id) && readPaths.has(d.path)).map((d) => [d.path, d.id]));
  const usedIds = new Set([...prev.documents.filter((d) => !plan.remove.has(d.id)).map((d) => d.id), ...previousIds.values()]);
  const texts = new Map(prev.documents.filter((d) => !plan.remove.has(d.id) && d.text).map((d) => [d.text!, { id: d.id, file: d.file }]));
  const docs: SourceDocument[] = [];
  const skipped: SkippedFile[] = [...plan.stillSkipped];
  const previousByPath = new Map(prev.documents.map((d) => [d.path, d]));
  for (const f of plan.read) {
    const before = previousByPath.get(f.path);
    // A changed file keeps its id: it is free again once its old version goes.
    const context: ReadContext = { inputs, manifests: args.manifests, usedIds, previousIds, sharedNames: args.sharedNames, log, maxFileBytes: options.maxFileBytes };
    try {
      admitDocument(await readSource(reader, f, context), { texts, usedIds, docs, skipped, log });
    } catch (e) {
      const error = isPolicyLensError(e) ? e : createError('FILE_UNREADABLE', `${f.file} could not be processed (${(e as Error)?.message ?? String(e)}).`);
      const skip: SkippedFile = { file: f.path, code: error.code, message: error.message };
      const current = digestOrNull(f.path);
      if (current) skip.sha256 = current;
      if (before) {
        plan.remove.delete(before.id);
        usedIds.add(before.id);
        skip.kept = true;
      }
      skipped.push(skip);
      log(`skipped ${f.path}: [${error.code}] ${error.message}${skip.kept ? ' — the version indexed before is kept' : ''}`);
    }
  }
  await reader.close();

  // New rows go after every slot the previous build used.
  const paragraphs = paragraphRecords(docs, prev.counts.vectors + 1, recipe, embedContext);
  const store = (() => {
    // The graph and the database are patched in place; the int8 stores and the keyword index are written anew.
    for (const name of [DB_FILE, VECTORS_FILE, PROJECTION_FILE]) copyFileSync(join(prevDir, name), join(buildDir, name));
    return openStoreForPatch(join(buildDir, DB_FILE));
  })();
  const removedRows: number[] = [];
  let sentences: SentenceRecord[] = [];
  let extraTexts = new Map<string, string>();
  let newSlots = 0;
  try {
    const last = store.lastIds();
    ({ sentences, texts: extraTexts, vectors: newSlots } = sentenceRecords(paragraphs, last.sentence + 1, prev.counts.sentenceVectors, recipe));

    // Vectors: reused by hash from the previous build, the rest embedded.
    const vectors = new Map<string, Float32Array>();
    previousVectors(prevDir, previous, prev, [...paragraphs.map((p) => p.embedSha256), ...extraTexts.keys()], vectors);
    const { reused, embedded: embeddedCount, embedSeconds } = await embedMissing(vectors, paragraphs, extraTexts, options);

    // The keyword index: the previous one's rows but the removed, then the new rows (rowids after every old one).
    const removedHeadings = new Map<number, { headings: boolean }>();
    store.transaction(() => {
      for (const id of plan.remove) {
        for (const r of store.removeDocument(id)) {
          removedRows.push(r.rowid);
          removedHeadings.set(r.rowid, { headings: headingSearchTokens(r).length > 0 });
        }
      }
      docs.forEach((d, i) => store.addDocument({ ...d.meta, seq: last.seq + 1 + i, path: d.path, format: d.format, contentSha256: d.sha }, d.sections, d.parts));
      for (const p of paragraphs) store.addParagraph(p);
      for (const sentence of sentences) store.addSentence(sentence);
    });
    store.writeRowSnapshot(join(buildDir, ROWS_FILE));
    store.close();
    const keywords = KeywordIndexWriter.patching(KeywordIndex.read(join(prevDir, POSTINGS_FILE), prev.counts.paragraphs, (x) => previous.ln(x), prev.counts.vectors), removedHeadings);
    for (const p of paragraphs) {
      keywords.add('text', p.rowid, paragraphSearchTokens(p));
      const headings = headingSearchTokens(p);
      if (headings.length) keywords.add('headings', p.rowid, headings);
    }
    keywords.write(join(buildDir, POSTINGS_FILE));

    const slots = prev.counts.vectors + paragraphs.length;
    // New points in the previous build's coordinates: the projection is a full build's to fit.
    const projection = Projection.read(join(buildDir, PROJECTION_FILE), MODEL_DIM, prev.hnsw.dims ?? DEFAULT_HNSW.dims);
    for (const p of paragraphs) roundToHalfInPlace(vectors.get(p.embedSha256)!);
    const points = paragraphs.map((p) => projection.project(vectors.get(p.embedSha256)!));
    patchVectorIndex(join(buildDir, VECTORS_FILE), projection.dims, slots, removedRows, paragraphs.map((p, i) => ({ label: p.rowid, point: points[i]! })));
    QuantizedVectors.appendFile(join(prevDir, REDUCED_VECTORS_FILE), join(buildDir, REDUCED_VECTORS_FILE), projection.dims, prev.counts.vectors, points);
    HalfVectors.appendFile(join(prevDir, FULL_VECTORS_FILE), join(buildDir, FULL_VECTORS_FILE), MODEL_DIM, prev.counts.vectors, paragraphs.map((p) => vectors.get(p.embedSha256)!));
    QuantizedVectors.appendFile(join(prevDir, PARAGRAPH_VECTORS_FILE), join(buildDir, PARAGRAPH_VECTORS_FILE), MODEL_DIM, prev.counts.vectors, paragraphs.map((p) => vectors.get(p.embedSha256)!));
    QuantizedVectors.appendFile(join(prevDir, SENTENCE_VECTORS_FILE), join(buildDir, SENTENCE_VECTORS_FILE), MODEL_DIM, prev.counts.sentenceVectors, sentences.filter((x) => x.vector !== null).map((x) => vectors.get(x.embedSha256)!));
    const files: Record<string, FileDigest> = {};
    for (const name of BUILD_FILES) {
      syncFile(join(buildDir, name));
      files[name] = fileDigest(join(buildDir, name));
    }
    syncFile(buildDir);

    // The documents in store order: the previous ones that stay, then the new.
    const kept = prev.documents.filter((d) => !plan.remove.has(d.id));
    const removedDocs = prev.documents.filter((d) => plan.remove.has(d.id));
    const counted = new StoreReader(join(buildDir, DB_FILE));
    let liveSentences: number;
    let sections: number;
    let duplicates: number;
    try {
      liveSentences = (counted.db.prepare(`SELECT count(*) AS n FROM sentences`).get() as { n: number }).n;
      sections = (counted.db.prepare(`SELECT count(*) AS n FROM sections`).get() as { n: number }).n;
      duplicates = (counted.db.prepare(`SELECT count(*) AS n FROM paragraphs WHERE duplicate_of IS NOT NULL`).get() as { n: number }).n;
    } finally {
      counted.close();
    }
    const liveParagraphs = prev.counts.paragraphs - removedDocs.reduce((n, d) => n + d.paragraphs, 0) + paragraphs.length;
    // The kept documents' reading notices carry over; who shares a 文号 is asked again of every document.
    const keptPaths = new Set(kept.map((d) => d.path));
    const keptIds = new Set(kept.map((d) => d.id));
    const notices = [...(prev.warnings ?? []).filter((w) => (w.code === 'ENCODING_REPAIRED' || w.code === 'FORMAT_MISNAMED' || w.code === 'SECOND_DOCUMENT') && keptPaths.has(w.file)), ...docs.flatMap((d) => d.notices ?? [])];
    const identities = [...previous.documents().filter((d) => keptIds.has(d.id)), ...docs.map((d) => ({ path: d.path, ...d.meta }))];
    const warnings = buildWarnings(notices, identities, args.ambiguous, inputs, log);
    const seconds = (performance.now() - args.t0) / 1000;
    const info = options.embedder.info;
    const manifest: IndexManifest = {
      ...prev,
      build: buildRel,
      builtAt: new Date().toISOString(),
      buildSeconds: Math.round(seconds * 1000) / 1000,
      runtime: { transformers: info.transformersVersion, onnxruntime: info.onnxruntimeVersion, node: process.version },
      counts: {
        documents: kept.length + docs.length,
        sections,
        paragraphs: liveParagraphs,
        duplicates,
        vectors: slots,
        sentences: liveSentences,
        sentenceVectors: prev.counts.sentenceVectors + newSlots,
        embedded: embeddedCount,
        reused,
      },
      documents: [...kept, ...docs.map((d) => ({ id: d.meta.id, file: d.meta.file, path: d.path, sha256: d.sha, paragraphs: d.paragraphs.length, ...(d.entry ? { entry: d.entry } : {}), ...(d.text ? { text: d.text } : {}) }))],
      inputManifests: inputs.filter((d) => existsSync(join(d, 'manifest.json'))).map((d) => ({ path: join(d, 'manifest.json'), sha256: sha256(readFileSync(join(d, 'manifest.json'))) })),
      skipped,
      notRead: otherFiles(inputs, [out]),
      ignored: ignoredEntries(inputs, out),
      warnings,
      files,
    };
    writeManifest(out, manifest); // the commit point
    log(`incremental build: ${docs.length} document(s) added or changed, ${removedDocs.length - docs.filter((d) => removedDocs.some((r) => r.path === d.path)).length} removed, ${removedRows.length} paragraph(s) deleted, ${paragraphs.length} added, ${seconds.toFixed(1)} s`);
    return {
      manifest, documents: manifest.counts.documents, paragraphs: liveParagraphs, duplicates, embedded: embeddedCount, reused, seconds, embedSeconds,
      paragraphsPerSecond: paragraphs.length / Math.max(seconds, 1e-9), skipped, warnings, incremental: { read: plan.read.length, added: paragraphs.length },
    };
  } catch (e) {
    try { store.close(); } catch { /* already closed */ }
    throw e;
  }
}
