/**
 * Builds an index: read → parse → segment → embed → store, into index/builds/<id>/, then commits it by
 * renaming index/manifest.json into place. Incremental: vectors are reused from the previous build by the hash
 * of the embedded text, so a re-run embeds only paragraphs whose embedded text changed.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { PROJECT_ROOT, MODEL_DIM } from '../config.js';
import { createError, isPolicyLensError } from '../errors.js';
import type { DocumentMeta, ParsedDocument } from '../types.js';
import { readCorpusManifest, type CorpusEntry } from '../ingest/corpus-manifest.js';
import { discoverDocuments } from '../ingest/discover.js';
import { readDocumentFile } from '../ingest/read-file.js';
import { parseDocument } from '../text/parse-document.js';
import { searchTokens } from '../text/segment.js';
import type { Embedder } from '../embed/embedder.js';
import { composeEmbedText, type EmbedContext } from './embed-text.js';
import { acquireLock } from './lock.js';
import { readManifest, writeManifest, type IndexManifest } from './manifest.js';
import { SCHEMA_VERSION, StoreReader, createStore, type StoredDocument, type StoredParagraph } from './store.js';
import { DEFAULT_HNSW, buildVectorIndex, writeVectorIndex, type HnswParams } from './vectors.js';

export const DB_FILE = 'index.sqlite';
export const VECTORS_FILE = 'vectors.hnsw';
export const DEFAULT_EMBED_CONTEXT: EmbedContext = 'section';

export interface BuildOptions {
  inputs: string[];
  out: string;
  embedder: Embedder;
  rebuild?: boolean;
  embedContext?: EmbedContext;
  hnsw?: HnswParams;
  maxFileBytes?: number;
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
  return h.digest('hex').slice(0, 16);
}

/** Files and their hashes as the indexer would see them now, for the staleness check. */
export function inputFingerprint(inputs: string[]): { file: string; path: string; sha256: string }[] {
  const out: { file: string; path: string; sha256: string }[] = [];
  for (const dir of inputs) {
    const manifest = join(dir, 'manifest.json');
    if (existsSync(manifest)) out.push({ file: 'manifest.json', path: manifest, sha256: sha256(readFileSync(manifest)) });
  }
  for (const d of discoverDocuments(inputs)) out.push({ file: d.file, path: d.path, sha256: sha256(readFileSync(d.path)) });
  return out;
}

/** Why the index in `out` does not reflect `inputs` (or null when it does). */
export function staleReason(out: string, inputs?: string[], embedContext: EmbedContext = DEFAULT_EMBED_CONTEXT): string | null {
  const m = readManifest(out);
  if (!m) return 'no index yet';
  inputs ??= m.inputs;
  if (!existsSync(join(out, m.build, DB_FILE)) || !existsSync(join(out, m.build, VECTORS_FILE))) return 'index files missing';
  if (m.schemaVersion !== SCHEMA_VERSION) return `schema ${m.schemaVersion} ≠ ${SCHEMA_VERSION}`;
  if (m.pipelineHash !== pipelineHash(embedContext)) return 'text-processing code or dictionary changed';
  const built = new Map([...m.documents, ...m.inputManifests].map((d) => [d.path, d.sha256] as const));
  const now = inputFingerprint(inputs).filter((f) => !m.skipped.some((s) => s.file === f.path));
  if (now.length !== built.size) return 'documents added or removed';
  for (const f of now) if (built.get(f.path) !== f.sha256) return `${f.file} changed`;
  return null;
}

function mergeMeta(id: string, file: string, parsed: ParsedDocument['meta'], entry: CorpusEntry | undefined, hints: { title?: string; date?: string; issuer?: string; docNumber?: string }): DocumentMeta {
  const pick = <K extends keyof CorpusEntry>(key: K, fallback: string | null | undefined): string | null =>
    entry && entry[key] !== undefined ? ((entry[key] as string | null) ?? null) : (fallback ?? null);
  return {
    id,
    file,
    title: pick('title', parsed.title ?? hints.title),
    issuer: pick('issuer', parsed.issuer ?? hints.issuer),
    date: pick('date', parsed.date),
    // An HTML page's PubDate is when the page was posted, not the signature date.
    postedDate: pick('postedDate', parsed.postedDate ?? hints.date),
    docNumber: pick('docNumber', parsed.docNumber ?? hints.docNumber),
    city: pick('city', parsed.city),
    level: pick('level', parsed.level),
    province: pick('province', parsed.province),
    planPeriod: pick('planPeriod', parsed.planPeriod),
  };
}

function paragraphId(docId: string, ordinal: number): string {
  return `${docId}:p${String(ordinal).padStart(4, '0')}`;
}

/** Removes build folders that no manifest names (left by killed runs), except the one in progress. */
function cleanStaleBuilds(out: string, keep: Set<string>): void {
  const builds = join(out, 'builds');
  if (!existsSync(builds)) return;
  for (const name of readdirSync(builds)) {
    if (!keep.has(`builds/${name}`)) rmSync(join(builds, name), { recursive: true, force: true });
  }
}

export async function buildIndex(options: BuildOptions): Promise<BuildSummary> {
  const t0 = performance.now();
  const log = options.log ?? (() => {});
  const out = resolve(options.out);
  const inputs = options.inputs.map((d) => resolve(d));
  const embedContext = options.embedContext ?? DEFAULT_EMBED_CONTEXT;
  const hnsw = options.hnsw ?? DEFAULT_HNSW;
  mkdirSync(out, { recursive: true });
  const release = acquireLock(out);
  const buildId = `${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}-${process.pid}`;
  const buildRel = `builds/${buildId}`;
  const buildDir = join(out, buildRel);
  let committed = false;
  let previous: StoreReader | null = null;
  try {
    let prevManifest: IndexManifest | null = null;
    try {
      prevManifest = readManifest(out);
    } catch (e) {
      log(`previous manifest unreadable (${(e as Error).message}); building from scratch`);
    }
    cleanStaleBuilds(out, new Set(prevManifest ? [prevManifest.build] : []));
    mkdirSync(buildDir, { recursive: true });

    if (!options.rebuild && prevManifest && prevManifest.model.modelId === options.embedder.info.modelId && prevManifest.model.onnxSha256 === options.embedder.info.onnxSha256 && prevManifest.runtime.onnxruntime === options.embedder.info.onnxruntimeVersion) {
      try {
        previous = new StoreReader(join(out, prevManifest.build, DB_FILE));
      } catch (e) {
        log(`previous index unreadable (${(e as Error).message}); embedding everything`);
      }
    }

    // 1. Read and parse every document; a bad file is skipped with its reason.
    for (const dir of inputs) if (!existsSync(dir) || !statSync(dir).isDirectory()) throw createError('INPUT_MISSING', `Input folder ${dir} does not exist. Pass an existing folder with --input DIR.`);
    const manifests = new Map<string, Map<string, CorpusEntry>>(inputs.map((d) => [d, readCorpusManifest(d)]));
    const found = discoverDocuments(inputs);
    const skipped: IndexManifest['skipped'] = [];
    const docs: { meta: DocumentMeta; parsed: ParsedDocument; path: string; format: string; sha: string }[] = [];
    const usedIds = new Set<string>();
    for (const f of found) {
      try {
        const read = await readDocumentFile(f.path, options.maxFileBytes ? { maxBytes: options.maxFileBytes } : undefined);
        const parsed = parseDocument(read.text, { file: f.file });
        if (parsed.paragraphs.length === 0) throw createError('FILE_EMPTY', `${f.path}: no paragraphs of text were found after cleaning.`);
        const inputDir = inputs.find((d) => f.path.startsWith(d + '/')) ?? dirname(f.path);
        const entry = manifests.get(inputDir)?.get(relative(inputDir, f.path)) ?? manifests.get(inputDir)?.get(f.file);
        let id = entry?.id ?? basename(f.file, extname(f.file)).replace(/[^\w.-]+/gu, '_').slice(0, 100);
        if (!id) id = 'doc';
        for (let n = 2; usedIds.has(id); n++) id = `${id.replace(/~\d+$/u, '')}~${n}`;
        usedIds.add(id);
        for (const w of read.warnings) log(`${f.file}: ${w}`);
        docs.push({ meta: mergeMeta(id, f.file, parsed.meta, entry, read.hints), parsed, path: f.path, format: read.format, sha: sha256(readFileSync(f.path)) });
      } catch (e) {
        if (!isPolicyLensError(e)) throw e;
        skipped.push({ file: f.path, code: e.code, message: e.message });
        log(`skipped ${f.path}: [${e.code}] ${e.message}`);
      }
    }
    if (docs.length === 0) {
      throw createError('INPUT_EMPTY', `No readable documents in ${inputs.join(', ')} (supported: .txt .md .html .pdf .docx).${skipped.length ? ` ${skipped.length} file(s) were skipped.` : ''}`);
    }

    // 2. Paragraph records and embedded texts.
    const paragraphs: StoredParagraph[] = [];
    let rowid = 1;
    for (const d of docs) {
      for (const p of d.parsed.paragraphs) {
        const embedText = composeEmbedText({ text: p.text, sectionPath: p.sectionPath, kind: p.kind, columns: p.columns ?? null, title: d.meta.title }, embedContext);
        paragraphs.push({
          rowid: rowid++,
          id: paragraphId(d.meta.id, p.ordinal),
          docId: d.meta.id,
          ordinal: p.ordinal,
          sectionPath: p.sectionPath,
          text: p.text,
          embedText,
          embedSha256: sha256(embedText),
          part: p.part,
          kind: p.kind,
          columns: p.columns ?? null,
          responsible: p.responsible,
          duplicateOf: p.duplicateOf === null ? null : paragraphId(d.meta.id, p.duplicateOf),
        });
      }
    }

    // 3. Vectors: reuse what the previous build embedded, embed the rest.
    const vectors = new Map<string, Float32Array>();
    for (const p of paragraphs) {
      if (vectors.has(p.embedSha256) || !previous) continue;
      const v = previous.embedding(p.embedSha256);
      if (v && v.length === MODEL_DIM) vectors.set(p.embedSha256, v);
    }
    const reused = vectors.size;
    const todo = [...new Map(paragraphs.filter((p) => !vectors.has(p.embedSha256)).map((p) => [p.embedSha256, p.embedText])).entries()];
    options.onEmbedStart?.(todo.length);
    const te = performance.now();
    const embedded = todo.length ? await options.embedder.embed(todo.map(([, t]) => t), options.onEmbedProgress) : [];
    const embedSeconds = (performance.now() - te) / 1000;
    todo.forEach(([sha], i) => vectors.set(sha, embedded[i]!));

    // 4. Store, keyword index, vector index.
    const store = createStore(join(buildDir, DB_FILE));
    store.transaction(() => {
      docs.forEach((d, seq) => {
        const stored: StoredDocument = { ...d.meta, seq, path: d.path, format: d.format, contentSha256: d.sha };
        store.addDocument(stored, d.parsed.sections);
      });
      for (const p of paragraphs) store.addParagraph(p, searchTokens(p.kind === 'table-row' && p.columns ? `${p.text} ${p.sectionPath.at(-1) ?? ''}` : p.text));
      for (const [sha, v] of vectors) store.addEmbedding(sha, v);
    });
    store.close();
    const index = buildVectorIndex(paragraphs.map((p) => ({ label: p.rowid, vector: vectors.get(p.embedSha256)! })), MODEL_DIM, hnsw);
    writeVectorIndex(index, join(buildDir, VECTORS_FILE));

    const seconds = (performance.now() - t0) / 1000;
    const duplicates = paragraphs.filter((p) => p.duplicateOf).length;
    const info = options.embedder.info;
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
        sections: docs.reduce((n, d) => n + d.parsed.sections.length, 0),
        paragraphs: paragraphs.length,
        duplicates,
        vectors: paragraphs.length,
        embedded: todo.length,
        reused,
      },
      inputs,
      documents: docs.map((d) => ({ id: d.meta.id, file: d.meta.file, path: d.path, sha256: d.sha, paragraphs: d.parsed.paragraphs.length })),
      inputManifests: inputs.filter((d) => existsSync(join(d, 'manifest.json'))).map((d) => ({ path: join(d, 'manifest.json'), sha256: sha256(readFileSync(join(d, 'manifest.json'))) })),
      skipped,
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
    previous?.close();
    if (!committed) rmSync(buildDir, { recursive: true, force: true });
    release();
  }
}
