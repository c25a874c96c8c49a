/**
 * `npm run index -- [--input DIR ...] [--out DIR] [--rebuild] [--keep-going] [--threads N] [--max-file-size SIZE]
 * [--file-timeout DURATION] [--file-memory SIZE]`
 * Builds the index with a progress bar and a summary. Exit codes: 0 built; 1 built, but some files were skipped
 * (unless --keep-going); 2 nothing was committed (missing input, lock held, …): the previous index is left as it was.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import { DEFAULT_INPUT_DIRS, defaultIndexDir } from '../config.js';
import { createEmbedder, type Embedder } from '../embed/embedder.js';
import { createError, isPolicyLensError } from '../errors.js';
import { buildIndex, DB_FILE, DEFAULT_EMBED_CONTEXT, staleReason, type BuildSummary } from '../index/build.js';
import { readBoundsFromEnv } from '../ingest/bounded-read.js';
import { CORPUS_MANIFEST, readCorpusManifest } from '../ingest/corpus-manifest.js';
import { SUPPORTED_EXTENSIONS } from '../ingest/discover.js';
import type { EmbedContext } from '../index/embed-text.js';
import { assertUnlocked } from '../index/lock.js';
import { shownPath } from '../index/file-warnings.js';
import { readManifest, type IgnoredFileEntry, type IndexManifest } from '../index/manifest.js';
import { StoreReader } from '../index/store.js';
import { UNLABELED_PLACE } from '../search/places.js';
import { manifestEntryFor, placeCandidates, type PlaceCandidates } from '../text/places.js';
import { isMain } from './is-main.js';

export interface IndexCommandOptions {
  input?: string[];
  out?: string;
  rebuild?: boolean;
  keepGoing?: boolean;
  threads?: number;
  context?: EmbedContext;
  quiet?: boolean;
  /** Largest document accepted, in bytes (default: the reader's 50 MB). */
  maxFileSize?: number;
  /** Time limit for reading one file, in ms (default: POLICYLENS_FILE_TIMEOUT_MS, else 60 s). */
  fileTimeout?: number;
  /** Heap limit for reading one file, in bytes (default: POLICYLENS_FILE_MEMORY_MB, else 512 MB). */
  fileMemory?: number;
  /** An embedder already loaded (npm start reuses its own); otherwise one is loaded and disposed here. */
  embedder?: Embedder;
}

/** Parses `--max-file-size`: bytes, or a number with k / m / g (binary units), e.g. `512k`, `20m`. */
export function parseSize(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$/i.exec(value);
  if (!m) throw new InvalidArgumentError('expected a size such as 2000000, 512k or 20m');
  const scale = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  const bytes = Math.floor(Number(m[1]) * scale);
  if (bytes < 1) throw new InvalidArgumentError('the size must be at least 1 byte');
  return bytes;
}

/** Parses `--threads`: a whole number of embedding workers, 0 (the main thread only) or more. */
export function parseThreads(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a whole number of threads, e.g. 2');
  return n;
}

/** Parses `--file-timeout`: seconds, or a number with ms / s / m, e.g. `90`, `1500ms`, `2m`; returns milliseconds. */
export function parseDuration(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min)?\s*$/i.exec(value);
  if (!m) throw new InvalidArgumentError('expected a duration such as 90 (seconds), 90s, 1500ms or 2m');
  const scale = { ms: 1, s: 1000, m: 60_000, min: 60_000 }[(m[2] ?? 's').toLowerCase() as 'ms' | 's' | 'm' | 'min'];
  const ms = Math.round(Number(m[1]) * scale);
  if (ms < 1) throw new InvalidArgumentError('the time limit must be at least 1 ms');
  return ms;
}

/** The input folders an existing index records, when it records some and they all still exist; else null. */
export function recordedInputs(out: string): string[] | null {
  let inputs: string[] | undefined;
  try {
    inputs = readManifest(out)?.inputs;
  } catch {
    return null; // a damaged manifest records nothing to trust
  }
  if (!inputs?.length || !inputs.every((input) => existsSync(input))) return null;
  return inputs;
}

/** Files whose documents a build added, changed (new content) or removed, against the build before it. */
export interface DocumentChanges {
  added: string[];
  changed: string[];
  removed: string[];
}

/** What changed between two manifests' documents, by file path; null without a previous build. */
export function documentChanges(before: IndexManifest | null, after: IndexManifest): DocumentChanges | null {
  if (!before) return null;
  const old = new Map(before.documents.map((d) => [d.path, d.sha256]));
  const now = new Map(after.documents.map((d) => [d.path, d.sha256]));
  return {
    added: [...now.keys()].filter((p) => !old.has(p)),
    changed: [...now].filter(([p, sha]) => old.has(p) && old.get(p) !== sha).map(([p]) => p),
    removed: [...old.keys()].filter((p) => !now.has(p)),
  };
}

/** The index's manifest when the index is current with `inputs`, else null (stale, damaged or missing). */
function upToDate(out: string, inputs: string[], context: EmbedContext): IndexManifest | null {
  try {
    return staleReason(out, inputs, context) === null ? readManifest(out) : null;
  } catch {
    return null;
  }
}

/** Runs a build with console progress; used by `npm run index` and by `npm start` when the index is stale. */
export async function runIndexBuild(opts: IndexCommandOptions): Promise<BuildSummary & { changes?: DocumentChanges | null; unplaced?: UnplacedDocument[] }> {
  const out = opts.out ?? defaultIndexDir();
  // Without --input, the folders the index was built from (as `npm start` refreshes it): falling back to seeds/ had
  // silently dropped every folder a user had added when they refreshed with a bare `npm run index`.
  const recorded = opts.input?.length ? null : recordedInputs(out);
  const inputs = opts.input?.length ? opts.input : (recorded ?? DEFAULT_INPUT_DIRS);
  if (recorded && !opts.quiet) console.error(`Reading the folders this index was built from: ${recorded.join(', ')} (--input to choose others).`);
  // Refuse before loading the model (a second or two) what buildIndex would refuse anyway.
  for (const dir of inputs) {
    if (!existsSync(dir)) throw createError('INPUT_MISSING', `Input ${resolve(dir)} does not exist. Pass an existing folder (or one file) with --input.`);
  }
  if (existsSync(out)) assertUnlocked(out);
  readBoundsFromEnv(); // a bad POLICYLENS_FILE_* value fails here, before the model loads
  // Nothing changed since the last build (same inputs, files, manifests and pipeline): said, and no new build. A run
  // had read every file again and published an identical build. Reading limits given on the command line may let a
  // skipped file in, so they always build.
  const bounded = opts.maxFileSize !== undefined || opts.fileTimeout !== undefined || opts.fileMemory !== undefined;
  if (!opts.rebuild && !bounded && existsSync(out)) {
    const current = upToDate(out, inputs, opts.context ?? DEFAULT_EMBED_CONTEXT);
    if (current) {
      if (!opts.quiet) console.error(`${out} is up to date: nothing in ${inputs.join(', ')} changed since its build of ${current.builtAt}. (--rebuild embeds everything again.)`);
      const c = current.counts;
      return { manifest: current, documents: c.documents, paragraphs: c.paragraphs, duplicates: c.duplicates, embedded: 0, reused: 0, seconds: 0, embedSeconds: 0, paragraphsPerSecond: 0, skipped: current.skipped, warnings: current.warnings ?? [], upToDate: true };
    }
  }
  const embedder = opts.embedder ?? (await createEmbedder(opts.threads !== undefined ? { workers: opts.threads } : {}));
  const interactive = process.stderr.isTTY && !opts.quiet;
  const bar = new cliProgress.SingleBar(
    {
      format: 'embedding |{bar}| {value}/{total} texts | {rate}/s | {timeLeft} left',
      stream: process.stderr,
      noTTYOutput: false,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let total = 0;
  let lastLogged = 0;
  let started = 0;
  // The documents before, to say what the run added, changed and removed (npm start said only "added or removed").
  let previous: IndexManifest | null = null;
  try {
    previous = existsSync(out) ? readManifest(out) : null;
  } catch {
    previous = null;
  }
  try {
    const summary = await buildIndex({
      inputs,
      out,
      embedder,
      rebuild: opts.rebuild ?? false,
      embedContext: opts.context ?? DEFAULT_EMBED_CONTEXT,
      ...(opts.maxFileSize ? { maxFileBytes: opts.maxFileSize } : {}),
      ...(opts.fileTimeout || opts.fileMemory
        ? { readBounds: { ...(opts.fileTimeout ? { timeoutMs: opts.fileTimeout } : {}), ...(opts.fileMemory ? { memoryMb: Math.max(16, Math.round(opts.fileMemory / 1024 ** 2)) } : {}) } }
        : {}),
      log: (m) => console.error(`  ${m}`),
      // Reading can take minutes on a big folder (PDFs): a line every 50 files, and the last.
      onReadProgress: (done, of) => {
        if (opts.quiet || of < 50) return;
        if (done === of || (done > 0 && done % 50 === 0)) console.error(`  read ${done}/${of} files`);
      },
      onEmbedStart: (n) => {
        total = n;
        started = performance.now();
        if (n === 0) return;
        if (interactive) bar.start(n, 0, { rate: '–', timeLeft: '?' });
        else if (!opts.quiet) console.error(`embedding ${n} texts (clauses and measure sentences)…`);
      },
      onEmbedProgress: (done) => {
        const p = embedProgress(done, total, (performance.now() - started) / 1000);
        if (interactive) bar.update(done, { rate: p.rate.toFixed(0), timeLeft: formatDuration(p.etaSeconds) });
        else if (!opts.quiet && (done - lastLogged >= 100 || done === total)) {
          lastLogged = done;
          console.error(`  embedded ${done}/${total} (${p.rate.toFixed(0)} texts/s${done < total ? `, about ${formatDuration(p.etaSeconds)} left` : ''})`);
        }
      },
    });
    if (interactive && total > 0) bar.stop();
    return { ...summary, changes: documentChanges(previous, summary.manifest), unplaced: unplacedDocuments(out, summary.manifest) };
  } finally {
    if (interactive && total > 0) bar.stop();
    if (!opts.embedder) await embedder.dispose();
  }
}

/** A document a build filed under 未标注地区, and where it may belong. */
export interface UnplacedDocument {
  /** Its name as its folder's manifest.json names it (relative to the input folder). */
  file: string;
  title: string | null;
  /** The manifest.json an entry placing it goes in. */
  manifest: string;
  candidates: PlaceCandidates | null;
}

/**
 * The documents of the index in `out` (its build `manifest`) that have no place, but those whose manifest entry says
 * so on purpose (`"city": null`): read from the build's store and the input folders' manifests.
 */
export function unplacedDocuments(out: string, manifest: IndexManifest): UnplacedDocument[] {
  const store = new StoreReader(join(out, manifest.build, DB_FILE));
  try {
    const unplaced: UnplacedDocument[] = [];
    const entries = (folder: string) => {
      try {
        return readCorpusManifest(folder);
      } catch {
        return new Map(); // the build read it; a manifest broken since is the next run's refusal
      }
    };
    for (const d of store.documents()) {
      if (d.city !== null) continue;
      const folder = manifest.inputs.find((i) => d.path.startsWith(i + '/')) ?? dirname(d.path);
      const file = relative(folder, d.path);
      const own = entries(folder);
      if ((own.get(file) ?? own.get(d.file))?.city === null) continue;
      unplaced.push({ file, title: d.title, manifest: join(folder, CORPUS_MANIFEST), candidates: placeCandidates({ issuer: d.issuer, titles: [d.title] }) });
    }
    return unplaced;
  } finally {
    store.close();
  }
}

/**
 * One line per document filed under 未标注地区, naming it, the places its issuer or title may mean and the manifest
 * entry that files it (with `"parent"` where a name is shared). The run had been silent about such a document (places
 * audit, finding 6), so a 朝阳区人民政府 notice dropped out of every place's column without a word.
 * @example formatUnplaced([{ file: 'a.txt', title: null, manifest: '/in/manifest.json', candidates: null }])
 */
export function formatUnplaced(documents: readonly UnplacedDocument[]): string | null {
  if (!documents.length) return null;
  const lines = documents.map((d) => {
    const what = `${d.file}${d.title ? ` (${d.title})` : ''}: filed under ${UNLABELED_PLACE}`;
    const c = d.candidates;
    if (!c) return `  ${what}: no place read from its issuer, title, number or text. To place it, add {"file": ${JSON.stringify(d.file)}, "city": "<its place's full name>"} to ${d.manifest}.`;
    const names = c.places.map((p) => p.qualifiedName);
    const may = names.length > 1 ? `may be ${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : `may be ${names[0]}`;
    const entries = c.places.map((p) => manifestEntryFor(d.file, p)).join(' or ');
    return `  ${what}: "${c.named}" at the start of its ${c.source} ${may}. To place it, add ${entries} to ${d.manifest}.`;
  });
  return [`${documents.length} document(s) have no place (shown under ${UNLABELED_PLACE} in every view):`, ...lines].join('\n');
}

/**
 * Texts embedded per second since embedding started, and the time left at that rate (the ETA on the progress bar).
 * Texts are embedded in file order, long and short mixed, so the mean rate so far is a steady estimate.
 */
export function embedProgress(done: number, total: number, elapsedSeconds: number): { rate: number; etaSeconds: number } {
  const rate = elapsedSeconds > 0 ? done / elapsedSeconds : 0;
  return { rate, etaSeconds: rate > 0 ? Math.max(0, total - done) / rate : Infinity };
}

/** `42 s`, `3 min 05 s`, `2 h 07 min`; `?` when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/**
 * The run's closing report: what was indexed and how fast, what changed since the last build, the files skipped (those
 * that could not be indexed and the copies, counted apart, as the exit line counts them), and the warnings about
 * files indexed. A file is named by its path in its input folder (two 通知.txt in two subfolders are two names).
 * An incremental run gives no rate: its seconds are mostly the fixed cost of copying the previous build, and
 * "161 paragraphs in 1.2 s — 2 paragraphs/s" (of the 3 it added) read as a broken indexer.
 */
export function formatSummary(s: BuildSummary & { changes?: DocumentChanges | null; unplaced?: UnplacedDocument[] }): string {
  const inputs = s.manifest.inputs ?? [];
  const shown = (p: string) => shownPath(p, inputs);
  const head = `indexed ${s.documents} documents, ${s.paragraphs} paragraphs (${s.duplicates} duplicates) in ${s.seconds.toFixed(1)} s`;
  const lines = s.upToDate ? [`index unchanged: ${s.documents} documents, ${s.paragraphs} paragraphs (${s.duplicates} duplicates)`] : [
    s.incremental ? `${head}: an incremental build, ${s.incremental.read} file(s) read and ${s.incremental.added} paragraph(s) added, the rest kept as they were` : `${head} — ${s.paragraphsPerSecond.toFixed(0)} paragraphs/s`,
    `embedded ${s.embedded} paragraphs (${s.embedSeconds.toFixed(1)} s), reused ${s.reused} from the previous build`,
  ];
  const c = s.changes;
  if (c && c.added.length + c.changed.length + c.removed.length > 0) {
    const few = (paths: string[]) => paths.slice(0, 5).map(shown).join(', ') + (paths.length > 5 ? ` … and ${paths.length - 5} more` : '');
    lines.push(
      `since the last build: ${c.added.length} added, ${c.changed.length} changed, ${c.removed.length} removed` +
        [['added', c.added], ['changed', c.changed], ['removed', c.removed]].filter(([, list]) => (list as string[]).length).map(([what, list]) => `\n  ${what}: ${few(list as string[])}`).join(''),
    );
  }
  if (s.skipped.length) {
    const { failed, copies } = skippedCounts(s.skipped);
    const parts = [failed ? `${failed} could not be indexed` : '', copies ? `${copies} ${copies === 1 ? 'is a copy' : 'are copies'} of documents indexed` : ''].filter(Boolean);
    lines.push(`skipped ${s.skipped.length} file(s): ${parts.join(', ')}`);
    for (const k of s.skipped) lines.push(`  ${k.file}: [${k.code}] ${k.message}${k.kept ? ' (the version indexed before is kept)' : ''}`);
  }
  if (s.warnings.length) {
    lines.push(`${s.warnings.length} warning(s) about files indexed (the corpus page lists them too):`);
    for (const w of s.warnings) lines.push(`  ${w.file}: [${w.code}] ${w.message}`);
  }
  const unplaced = formatUnplaced(s.unplaced ?? []);
  if (unplaced) lines.push(unplaced);
  return lines.join('\n');
}

/** The skipped files that could not be indexed (the run's failures) and the copies of documents indexed (no failure). */
export function skippedCounts(skipped: readonly { code: string }[]): { failed: number; copies: number } {
  const copies = skipped.filter((k) => k.code === 'FILE_DUPLICATE').length;
  return { failed: skipped.length - copies, copies };
}

/**
 * The run's last word when files could not be indexed, or null: counted as the summary counts them ("skipped 5
 * file(s): 3 could not be indexed, 2 are copies …" then "3 file(s) could not be indexed"; it had said "3 file(s) were
 * skipped" under "skipped 5 file(s)").
 */
export function failureLine(skipped: readonly { code: string }[], keepGoing: boolean): string | null {
  const { failed, copies } = skippedCounts(skipped);
  if (!failed) return null;
  const also = copies ? `; the ${copies} ${copies === 1 ? 'copy is' : 'copies are'} no failure` : '';
  return `${failed} file(s) could not be indexed (see above${also}); the index was built from the rest.${keepGoing ? '' : ' Use --keep-going to exit 0.'}`;
}

/**
 * The files passed over unread for another reason than their type, one line each with why, or null when there are
 * none: a folder's note (Notice.txt is a NOTICE), a FIFO, a link to nothing, which had dropped out without a word.
 * @example formatIgnored([{ file: '/in/Notice.txt', reason: 'folder-note' }]) // 'not read: 1 other file(s):\n  /in/Notice.txt: a folder's note …'
 */
export function formatIgnored(entries: readonly IgnoredFileEntry[]): string | null {
  if (entries.length === 0) return null;
  const why: Record<string, string> = {
    'folder-note': "a folder's note about itself (README, NOTICE, SOURCES, LICENSE … are not read as documents); name it with --input to index it",
    'not-a-file': 'not a regular file (a FIFO, a socket or a device); save the document as a file',
    'dangling-link': 'a link to a file that does not exist (a share or drive that went away?); reconnect it or remove the link',
  };
  return [`not read: ${entries.length} other file(s):`, ...entries.map((e) => `  ${e.file}: ${why[e.reason] ?? e.reason}`)].join('\n');
}

/**
 * What the indexer says about the files it left unread because of their type, or null when there are none: a count
 * per extension and what to do. A user who drops 附件1.wps beside the .doc and .pdf files learns why it is missing.
 * @example formatOtherFiles(['a/附件1.wps', 'a/表.xlsx', 'a/b.wps']) // 'not read: 3 file(s) of other types (.wps 2, .xlsx 1): …'
 */
export function formatOtherFiles(paths: readonly string[]): string | null {
  if (paths.length === 0) return null;
  const byType = new Map<string, number>();
  for (const p of paths) {
    const ext = extname(p).toLowerCase() || '(no extension)';
    byType.set(ext, (byType.get(ext) ?? 0) + 1);
  }
  const counts = [...byType].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([ext, n]) => `${ext} ${n}`);
  const shown = paths.slice(0, 5).map((p) => `  ${p}`);
  if (paths.length > 5) shown.push(`  … and ${paths.length - 5} more`);
  return [
    `not read: ${paths.length} file(s) of other types (${counts.join(', ')}); the indexer reads ${SUPPORTED_EXTENSIONS.join(' ')}. Save a document in another format (WPS, OFD, a scan) as .docx or PDF to include it:`,
    ...shown,
  ].join('\n');
}

async function main(): Promise<void> {
  const program = new Command()
    .name('npm run index --')
    .description(`Build the PolicyLens index from policy documents (${SUPPORTED_EXTENSIONS.join(' ')}).`)
    .option('-i, --input <dir...>', 'input folder(s) to read (default: the folders the index was built from, else seeds/)')
    .option('-o, --out <dir>', 'index folder to write (default: index/ or $POLICYLENS_INDEX)')
    .option('--rebuild', 'embed every paragraph again instead of reusing unchanged vectors', false)
    .option('--keep-going', 'exit 0 even when some files were skipped', false)
    .option('--threads <n>', 'embedding sessions run side by side, one worker process each (default: $POLICYLENS_THREADS, else the number of cores)', parseThreads)
    .option('--max-file-size <size>', 'skip documents larger than this (bytes, or e.g. 512k, 20m; default 50m)', parseSize)
    .option('--file-timeout <duration>', 'skip a file that takes longer than this to read (e.g. 90s, 2m; default 60s or $POLICYLENS_FILE_TIMEOUT_MS)', parseDuration)
    .option('--file-memory <size>', 'skip a file whose reading needs more heap than this (e.g. 512m; default 512m or $POLICYLENS_FILE_MEMORY_MB)', parseSize)
    .option('--context <mode>', 'embedded text: "section" (heading + clause) or "none"', DEFAULT_EMBED_CONTEXT)
    .showHelpAfterError();
  program.parse();
  const opts = program.opts<IndexCommandOptions & { context: string }>();
  if (opts.context !== 'section' && opts.context !== 'none') program.error('--context must be "section" or "none"');
  try {
    const summary = await runIndexBuild(opts as IndexCommandOptions);
    console.log(formatSummary(summary));
    const other = formatOtherFiles(summary.manifest.notRead ?? []);
    if (other) console.log(other);
    const ignored = formatIgnored(summary.manifest.ignored ?? []);
    if (ignored) console.log(ignored);
    // A copy of a document already indexed is no failure: it is said, and the run succeeds.
    const failed = failureLine(summary.skipped, opts.keepGoing ?? false);
    if (failed && !opts.keepGoing) {
      console.error(failed);
      process.exitCode = 1;
    }
  } catch (e) {
    if (isPolicyLensError(e)) console.error(`error [${e.code}]: ${e.message}`);
    else console.error('error:', e); // not a known failure: the stack helps whoever reports it
    console.error('Nothing was committed: the previous index, if any, is unchanged.');
    process.exitCode = 2;
  }
}

if (isMain(import.meta.url)) await main();
