/**
 * index/manifest.json: the commit point of an index. A build is written into index/builds/<id>/ and becomes the
 * served index only when the manifest that names it is renamed into place, so a failed or killed run never
 * leaves a half-built index behind the manifest. The manifest also records the size and sha256 of the build's
 * files, so that a damaged or truncated file is refused when the index is opened instead of answering wrongly.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { createError } from '../errors.js';
import { READABLE_SCHEMAS, SCHEMA_VERSION } from './store.js';
import type { HnswParams } from './vectors.js';
import type { EmbedderInfo } from '../embed/embedder.js';

/** What a reader needs to check a build file: its size and content hash, taken right after it was written. */
export interface FileDigest {
  bytes: number;
  sha256: string;
  /** Modification time when the digest was taken: a file with its size and this time unchanged is not hashed again at open. */
  mtimeMs?: number;
}

/** A file that was not indexed from its current content, and why. */
export interface SkippedFile {
  /** Absolute path. */
  file: string;
  code: string;
  message: string;
  /** sha256 of the file as it was when skipped (absent when it could not be read): a change makes the index stale. */
  sha256?: string;
  /** True when the version indexed by an earlier build was carried over, so the document is still searchable. */
  kept?: boolean;
}

/**
 * Something a librarian should know about files that were indexed, and what to do: the run says it and the corpus
 * page lists it. `ENCODING_REPAIRED` (bytes not valid in the file's encoding, lines in another) and `FORMAT_MISNAMED`
 * (read as the format it holds, not its name's) come from reading the file; `SAME_DOCUMENT` names two files that look
 * like one document twice (the same 文号, or the same title and date: an edited original and its stale copy);
 * `MANIFEST_AMBIGUOUS` a corpus-manifest entry whose bare file name applies to files in several folders;
 * `SECOND_DOCUMENT` a file that holds another document below the first (src/text/metadata.ts findAppended), indexed
 * in it under its title as an attachment: the run had printed it as the file was read, and nothing kept it.
 */
export interface FileWarning {
  /** Absolute path: the file it is about (the first of two; the manifest.json for MANIFEST_AMBIGUOUS). */
  file: string;
  code: 'ENCODING_REPAIRED' | 'FORMAT_MISNAMED' | 'SAME_DOCUMENT' | 'MANIFEST_AMBIGUOUS' | 'SECOND_DOCUMENT';
  message: string;
  /** The other files it is about, absolute. */
  others?: string[];
}

/** A file in the input folders passed over unread that no other list names (src/ingest/discover.ts ignoredFiles). */
export interface IgnoredFileEntry {
  /** Absolute path. */
  file: string;
  /** `folder-note` (Notice.txt, README.md), `not-a-file` (a FIFO, a device), `dangling-link` (to a file of a type not read). */
  reason: 'folder-note' | 'not-a-file' | 'dangling-link';
}

export interface IndexManifest {
  schemaVersion: number;
  /** Folder of the build, relative to the index folder: `builds/<id>`. */
  build: string;
  builtAt: string;
  buildSeconds: number;
  model: Pick<EmbedderInfo, 'modelId' | 'onnxSha256' | 'dtype' | 'pooling' | 'dim'>;
  runtime: { transformers: string; onnxruntime: string; node: string };
  /** Hash of the text-processing code and data (src/text, dictionary): a change makes the index stale. */
  pipelineHash: string;
  /** How the embedded text was composed (see src/index/embed-text.ts). */
  embedContext: string;
  hnsw: HnswParams;
  counts: { documents: number; sections: number; paragraphs: number; duplicates: number; vectors: number; sentences: number; sentenceVectors: number; embedded: number; reused: number };
  /** `entry`: hash of the document's corpus-manifest entry ('none' without one), so an incremental build can tell whose metadata changed. */
  /** `text`: sha256 of the document's paragraph texts, so that a later run knows a copy under another name or encoding. */
  documents: { id: string; file: string; path: string; sha256: string; paragraphs: number; entry?: string; text?: string }[];
  /** Input folders the build read (absolute), for the staleness check. */
  inputs: string[];
  /** Corpus manifests of the input folders, whose changes also make the index stale. */
  inputManifests: { path: string; sha256: string }[];
  /** Files that were skipped, with why. */
  skipped: SkippedFile[];
  /**
   * Files in the input folders left unread because of their type (.wps, .xlsx, images …), absolute: the corpus page
   * and the indexer name them. Absent in manifests written before it existed.
   */
  notRead?: string[];
  /** Files passed over unread for another reason than their type. Absent in manifests written before it existed. */
  ignored?: IgnoredFileEntry[];
  /** What the librarian should know about indexed files (see FileWarning). Absent in manifests written before it existed. */
  warnings?: FileWarning[];
  /** The build's files (index.sqlite, vectors.hnsw) by name. Absent in manifests written before it existed. */
  files?: Record<string, FileDigest>;
}

export const MANIFEST_FILE = 'manifest.json';

/** `builds/<id>` and nothing else: a manifest must not point a reader outside the index folder. */
const BUILD_PATH = /^builds\/[\w.-]+$/u;

const count = z.number().int().nonnegative();
const sha = z.string().regex(/^[0-9a-f]{64}$/u);
const manifestSchema = z.object({
  schemaVersion: z.number().int(),
  build: z.string().regex(BUILD_PATH, 'build: expected "builds/<id>"'),
  builtAt: z.string(),
  buildSeconds: z.number(),
  model: z.object({ modelId: z.string(), onnxSha256: z.string(), dtype: z.string(), pooling: z.string(), dim: count }),
  runtime: z.object({ transformers: z.string(), onnxruntime: z.string(), node: z.string() }),
  pipelineHash: z.string(),
  embedContext: z.string(),
  hnsw: z.object({ m: count, efConstruction: count, efSearch: count }),
  counts: z.object({ documents: count, sections: count, paragraphs: count, duplicates: count, vectors: count, sentences: count, sentenceVectors: count, embedded: count, reused: count }),
  documents: z.array(z.object({ id: z.string(), file: z.string(), path: z.string(), sha256: sha, paragraphs: count, entry: z.string().optional(), text: sha.optional() })),
  inputs: z.array(z.string()),
  inputManifests: z.array(z.object({ path: z.string(), sha256: sha })),
  skipped: z.array(z.object({ file: z.string(), code: z.string(), message: z.string(), sha256: sha.optional(), kept: z.boolean().optional() })),
  notRead: z.array(z.string()).optional(),
  ignored: z.array(z.object({ file: z.string(), reason: z.string() })).optional(),
  warnings: z.array(z.object({ file: z.string(), code: z.string(), message: z.string(), others: z.array(z.string()).optional() })).optional(),
  files: z.record(z.object({ bytes: count, sha256: sha, mtimeMs: z.number().nonnegative().optional() })).optional(),
});

/** The minimum every schema version shares, enough to say "another schema" rather than "damaged". */
const headerSchema = z.object({ schemaVersion: z.number().int(), build: z.string().regex(BUILD_PATH, 'build: expected "builds/<id>"') });

/**
 * Reads the index folder's manifest: null when there is none, INDEX_CORRUPT (with the command that fixes it) when
 * it is not a manifest this code wrote. A manifest of a schema version this code cannot read is returned with only
 * its header checked, so that `checkCompatible` can say the index is of another version rather than damaged.
 */
export function readManifest(indexDir: string): IndexManifest | null {
  const path = join(indexDir, MANIFEST_FILE);
  if (!existsSync(path)) return null;
  const corrupt = (why: string) => createError('INDEX_CORRUPT', `${path} is not a valid index manifest (${why}). Run \`npm run index -- --rebuild\`.`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw corrupt((e as Error).message);
  }
  const header = headerSchema.safeParse(raw);
  if (!header.success) throw corrupt(describeIssue(header.error));
  if (!READABLE_SCHEMAS.includes(header.data.schemaVersion)) return raw as IndexManifest;
  const full = manifestSchema.safeParse(raw);
  if (!full.success) throw corrupt(describeIssue(full.error));
  return raw as IndexManifest;
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.join('.') || 'manifest'}: ${issue.message}`;
}

/**
 * Atomic and durable: write beside, flush to disk, rename over, flush the folder. A reader sees the old manifest
 * or the new one, never half of one, even after a power cut.
 */
export function writeManifest(indexDir: string, manifest: IndexManifest): void {
  const path = join(indexDir, MANIFEST_FILE);
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, JSON.stringify(manifest, null, 2) + '\n');
    syncFile(tmp);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  syncFile(indexDir);
}

/** fsync a file or folder; a filesystem that cannot sync a folder (EINVAL, EISDIR on some platforms) is let be. */
/** A build file opened for reading (a descriptor), or INDEX_CORRUPT naming the file and the command that fixes it. */
export function openBuildFile(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (e) {
    throw createError('INDEX_CORRUPT', `Cannot read ${path}: ${(e as Error).message}. Run \`npm run index -- --rebuild\`.`);
  }
}

export function syncFile(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM') throw e;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Size and sha256 of a file, read in chunks (an index file may be hundreds of MB). */
export function fileDigest(path: string): FileDigest {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let bytes = 0;
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; bytes += n) hash.update(buf.subarray(0, n));
    return { bytes, sha256: hash.digest('hex'), mtimeMs: fstatSync(fd).mtimeMs };
  } finally {
    closeSync(fd);
  }
}

/**
 * Checks the build's files against the sizes and hashes the manifest recorded: INDEX_CORRUPT naming the file and
 * the fix when one is missing, truncated or altered. Size first, so a truncated file is named without hashing it.
 */
export function checkFiles(buildDir: string, files: Record<string, FileDigest>): void {
  const fix = 'Run `npm run index -- --rebuild`.';
  for (const [name, expected] of Object.entries(files)) {
    const path = join(buildDir, name);
    if (!existsSync(path)) throw createError('INDEX_CORRUPT', `${path} is missing. ${fix}`);
    const stat = statSync(path);
    const bytes = stat.size;
    if (bytes !== expected.bytes) throw createError('INDEX_CORRUPT', `${path} is ${bytes} bytes; the build wrote ${expected.bytes} (truncated or replaced?). ${fix}`);
    // Untouched since the build wrote it (same size, same modification time): hashing 650 MB at 100k paragraphs
    // would cost more than the rest of opening. Anything that writes to the file moves its time, and is hashed.
    if (expected.mtimeMs !== undefined && stat.mtimeMs === expected.mtimeMs) continue;
    if (fileDigest(path).sha256 !== expected.sha256) throw createError('INDEX_CORRUPT', `${path} has changed since it was built (its sha256 differs): the file is damaged. ${fix}`);
  }
}

/**
 * Refuses an index that this code cannot read correctly: another schema, another model, or another runtime
 * (vectors differ slightly between onnxruntime versions, so query vectors would not match the stored ones).
 */
export function checkCompatible(m: IndexManifest, expected: { modelId: string; onnxSha256: string; transformers: string; onnxruntime: string }): void {
  const fix = 'Run `npm run index -- --rebuild` to rebuild it with this version.';
  if (m.schemaVersion !== SCHEMA_VERSION) {
    throw createError('INDEX_MISMATCH', `The index has schema version ${m.schemaVersion}; this PolicyLens reads version ${SCHEMA_VERSION}. ${fix}`);
  }
  if (m.model.modelId !== expected.modelId || m.model.onnxSha256 !== expected.onnxSha256) {
    throw createError('INDEX_MISMATCH', `The index was built with model ${m.model.modelId} (${m.model.onnxSha256.slice(0, 12)}…), not ${expected.modelId} (${expected.onnxSha256.slice(0, 12)}…). ${fix}`);
  }
  if (m.runtime.transformers !== expected.transformers || m.runtime.onnxruntime !== expected.onnxruntime) {
    throw createError(
      'INDEX_MISMATCH',
      `The index was built with Transformers.js ${m.runtime.transformers} / onnxruntime ${m.runtime.onnxruntime}; this install has ${expected.transformers} / ${expected.onnxruntime}. ${fix}`,
    );
  }
}
