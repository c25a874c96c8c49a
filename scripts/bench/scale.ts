/**
 * The scale part of `npm run bench` (also runnable alone: `npx tsx scripts/bench/scale.ts --size 5000 [--json]`).
 * Builds a synthetic corpus of N paragraphs recombined from the seed sentences (synthetic.ts), indexes it
 * with the real buildIndex, and reports build time per stage, index size on disk and in memory, search latency,
 * HNSW recall@10 against exact search at several ef (over the whole corpus and within one city), and the time to add,
 * change and delete one document in the built index. Figures only: nothing here is asserted.
 *
 * Embedding: `sentence` (default) embeds each distinct seed sentence once with the real model and gives every
 * paragraph the normalised mean of its sentences' vectors, so the build measures everything but the model; a
 * 500-paragraph sample is embedded with the real model to measure its throughput (and how close the approximation
 * is). `real` embeds every paragraph with the model (100k paragraphs: 10–20 minutes on 2 threads).
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Command } from 'commander';
import { PROJECT_ROOT } from '../../src/config.js';
import { isMain } from '../../src/cli/is-main.js';
import type { KeywordStats } from '../../src/index/postings.js';
import { createEmbedder, type Embedder } from '../../src/embed/embedder.js';
import { DB_FILE, FULL_VECTORS_FILE, PARAGRAPH_VECTORS_FILE, POSTINGS_FILE, PROJECTION_FILE, REDUCED_VECTORS_FILE, ROWS_FILE, SENTENCE_VECTORS_FILE, VECTORS_FILE, buildIndex } from '../../src/index/build.js';
import { openIndex, type LoadedIndex } from '../../src/index/reader.js';
import { readRowSnapshot } from '../../src/index/rows.js';
import { StoreReader } from '../../src/index/store.js';
import { corpusManifest, createRng, createSentenceMeanEmbedder, generateCorpus, seedSections, type SeedSection } from './synthetic.js';
import { dot, exactSearch, searchEf, type VectorHit } from '../../src/index/vectors.js';
import { Engine } from '../../src/search/engine.js';
import { topRows } from '../../src/search/select.js';
import { analysisFor } from '../../src/analysis/index.js';
import { readDocumentFile } from '../../src/ingest/read-file.js';
import { expandQuery } from '../../src/search/thesaurus.js';
import { parseDocument } from '../../src/text/parse-document.js';
import { queryTerms } from '../../src/text/segment.js';

export type ScaleEmbedMode = 'sentence' | 'real';

export interface ScaleBenchOptions {
  /** Body paragraphs in the synthetic corpus (default 100,000). */
  size?: number;
  embed?: ScaleEmbedMode;
  /** Documents (default size/80, like a mid-sized policy document) and cities (default 50). */
  documents?: number;
  cities?: number;
  seed?: number;
  /** Folder of seed .txt files whose sentences are recombined (default the project's seeds/). */
  seedsDir?: string;
  /** Queries in dev.json format (default ../shared/eval/dev.json). */
  queriesFile?: string;
  /** ef values for the recall/latency trade-off (the index's own efSearch is always added). */
  efValues?: number[];
  /** Query vectors per recall measurement (real queries and paragraph vectors each). */
  recallQueries?: number;
  /** Paragraphs embedded with the real model to measure its throughput. */
  sample?: number;
  /** Repetitions of the dev queries for the latency percentiles. */
  reps?: number;
  /** Keep the synthetic input and index here instead of a temp folder that is removed afterwards. */
  keepDir?: string;
  /** Skip the add/change/delete-one-document measurement. */
  skipUpdates?: boolean;
  /** Also time the drafting desk: seed 000 (53 clauses) as a draft against this index, cold and warm. */
  draft?: boolean;
  /** A loaded real embedder to reuse (it is not disposed); one is created otherwise. */
  embedder?: Embedder;
  log?: (line: string) => void;
}

export interface Percentiles {
  p50: number;
  p99: number;
  mean: number;
  n: number;
}

export interface RecallRow {
  ef: number;
  /** Real query embeddings (dev queries and seed headings). */
  recallQueries: number;
  /** Paragraph vectors as queries. */
  recallParagraphs: number;
  /** Same, counting only identical labels (ties between duplicate vectors count as misses). */
  strictQueries: number;
  /** Mean of (exact 10th score − HNSW 10th score) over the real queries: how far off a miss is, in cosine. */
  gap10: number;
  latency: Percentiles;
}

export interface ScaleBenchResult {
  size: number;
  embed: ScaleEmbedMode;
  documents: number;
  cities: number;
  paragraphs: number;
  distinctEmbedTexts: number;
  inputBytes: number;
  build: {
    seconds: number;
    /** Seconds spent in the embedding model during the build (all of embed in `real` mode). */
    modelSeconds: number;
    paragraphsPerSecond: number;
    paragraphsPerSecondWithoutModel: number;
    stages: { readParse: number; embed: number; store: number; hnsw: number; commit: number };
    peakRssMB: number;
    warmSeconds: number;
    warmPieces: number;
  };
  disk: { sqliteMB: number; hnswMB: number; bytesPerParagraph: number; tables: Record<string, number> };
  memory: { openSeconds: number; engineSeconds: number; rssMB: number; heapMB: number; arrayBuffersMB: number; rssBytesPerParagraph: number; heapBytesPerParagraph: number; loadParagraphsSeconds: number; loadVectorsSeconds: number };
  model: { sample: number; seconds: number; paragraphsPerSecond: number; meanChars: number; extrapolatedSeconds: number; cosineMean: number; cosineP10: number };
  /** `similarOneSentence`: "similar" from clauses of one measure sentence, which are ranked as that sentence is (the query path). */
  latency: Record<'keyword' | 'semantic' | 'hybrid' | 'compare' | 'similar' | 'similarOneSentence', Percentiles>;
  /**
   * `fts` / `expansionFts`: the keyword top-k of the query's terms and of its thesaurus expansion (postings.bin, by
   * the strategy the engine's `auto` picks for this depth and corpus size, which the table names: accumulating at
   * 100k since the ninth session, MaxScore at 1M and before; FTS5 before schema 4). `matchesMedian`: rows holding any of a query's terms (what an exhaustive BM25 scores);
   * `scoredShareMedian`: the share of those MaxScore scores in full when it is asked (its pruning).
   */
  hybridParts: { embedQuery: Percentiles; fts: Percentiles; expansionFts: Percentiles; hnsw100: Percentiles; ftsMsPer10kMatches: number; matchesMedian: number; scoredShareMedian: number };
  recall: RecallRow[];
  recallAt100: { ef: number; recall10: number; recall100: number };
  filtered: { recall: number; latency: Percentiles; exactLatency: Percentiles; selectivity: number };
  exactLatency: Percentiles;
  /** Adding, changing and deleting one document in the built index (incremental buildIndex), model time excluded. */
  updates: UpdateTiming[];
  /** The figures issue 10 asks for, flat (what `--json` prints). */
  summary: ScaleSummary;
  wallSeconds: number;
}

export interface UpdateTiming {
  change: 'add' | 'change' | 'delete';
  /** Wall time of the incremental build, minus the time spent in the embedding model. */
  secondsWithoutModel: number;
  modelSeconds: number;
  embedded: number;
}

/** One flat object: the line `npm run bench -- --parts scale --json` ends with. */
export interface ScaleSummary {
  paragraphs: number;
  cities: number;
  documents: number;
  hybridP50Ms: number;
  hybridP99Ms: number;
  keywordP50Ms: number;
  keywordP99Ms: number;
  /** The keyword top-k of a query's own terms alone (depth 500), one part of keyword and hybrid search. */
  keywordTopKP50Ms: number;
  semanticP50Ms: number;
  compareP50Ms: number;
  similarP50Ms: number;
  /** "Similar" from a clause of one sentence (ranked as pasted text is); such clauses are a fifth of this corpus, 40–60% of real ones. */
  similarOneSentenceP50Ms: number;
  /** HNSW at the index's ef against exact search, real query embeddings (tie-aware). */
  recallAt10: number;
  /** The same within one city (a search with a city filter: exact over int8, the best rescored on float32). */
  cityRecallAt10: number;
  /** A comparison's column: that city's best from one int8 scan, no float32 rescoring. */
  compareCityRecallAt10: number;
  /** openIndex in a fresh process. */
  openMs: number;
  /** `Engine.prepareBridge`: the measure bridge's rankings, made before `npm start` serves. */
  bridgePrepareS: number;
  /** RSS increase of that process from opening the index (after GC). */
  rssIncreaseMB: number;
  /** Every file of the build on disk, per paragraph. */
  diskBytesPerParagraph: number;
  buildWithoutModelS: number;
  /** The slowest of adding, changing and deleting one document, model time excluded. */
  updateOneDocumentS: number;
  updateAddS: number;
  updateChangeS: number;
  updateDeleteS: number;
  embedMode: ScaleEmbedMode;
  /** The drafting desk, seed 000 as a draft (with --scale-draft). */
  draftColdS?: number;
  draftWarmS?: number;
  /** The same, warm, with `since` 2023 (the synthetic documents are dated 2018–2024). */
  draftDatedS?: number;
  /** The same, warm, compared with three places only. */
  draftPeersS?: number;
  loadAverage: number;
  /**
   * Milliseconds this machine took for a fixed piece of JavaScript (`calibrationMs`), at the start and the end of
   * the run: the shared 2-core machine's speed drifts by up to 1.9× within an hour, so figures of two runs compare
   * only beside it.
   */
  calibrationMs: { start: number; end: number };
}

const MB = 1024 * 1024;

/**
 * A fixed, allocation-free JS workload like the engine's inner loops (float dot products over 2 MB of data, the
 * median of 7 runs; 150–160 ms at 09:10 on 6 December with a 1M build on the other core): how fast this machine is
 * right now.
 */
export function calibrationMs(): number {
  const dim = 512;
  const rows = 1000;
  const data = new Float32Array(dim * rows);
  for (let i = 0; i < data.length; i++) data[i] = ((i * 2654435761) % 1000) / 1000 - 0.5;
  const query = data.subarray(0, dim);
  const times: number[] = [];
  let sink = 0;
  for (let run = 0; run < 7; run++) {
    const t = performance.now();
    for (let rep = 0; rep < 60; rep++) {
      for (let r = 0; r < rows; r++) {
        let s = 0;
        const base = r * dim;
        for (let j = 0; j < dim; j++) s += data[base + j]! * query[j]!;
        sink += s;
      }
    }
    times.push(performance.now() - t);
  }
  if (sink === 42) console.log('');
  return times.sort((a, b) => a - b)[3]!;
}

function percentiles(xs: number[]): Percentiles {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), mean: s.reduce((a, b) => a + b, 0) / (s.length || 1), n: s.length };
}

function table(rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map(String));
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => [...(r[i] ?? '')].length)));
  return cells.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n');
}

const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);
const f3 = (x: number) => x.toFixed(3);
const msCell = (p: Percentiles) => [f2(p.p50), f2(p.p99), f2(p.mean)];

/** `gc()` without --expose-gc, so that memory figures are measured after collection. */
function gcFunction(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * Recall@k of an approximate result against the exact one. Duplicate paragraphs have identical vectors, so a tie
 * at the k-th score may be broken either way: a hit counts when its score reaches the exact k-th score (tie-aware),
 * as ann-benchmarks does. `strict` counts identical labels only.
 */
function recallAt(approx: VectorHit[], exact: VectorHit[], k: number): { tieAware: number; strict: number } {
  const top = exact.slice(0, k);
  if (top.length === 0) return { tieAware: 1, strict: 1 };
  const threshold = top[top.length - 1]!.score - 1e-5;
  const labels = new Set(top.map((h) => h.label));
  const a = approx.slice(0, k);
  return {
    tieAware: Math.min(top.length, a.filter((h) => h.score >= threshold).length) / top.length,
    strict: a.filter((h) => labels.has(h.label)).length / top.length,
  };
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
}

/** Seed sections and heading titles (realistic short queries) from the seed .txt files. */
function readSeeds(dir: string): { sections: SeedSection[]; headings: string[] } {
  const sections: SeedSection[] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
    sections.push(...seedSections(parseDocument(readFileSync(join(dir, f), 'utf8'), { file: f }), f));
  }
  const headings = [...new Set(sections.flatMap((s) => s.path))].filter((h) => [...h].length >= 4);
  return { sections, headings };
}

/** Bytes of every file under `dir`. */
function dirBytes(dir: string): number {
  let n = 0;
  for (const f of readdirSync(dir)) {
    const st = statSync(join(dir, f));
    n += st.isDirectory() ? dirBytes(join(dir, f)) : st.size;
  }
  return n;
}

interface MemorySnapshot {
  rss: number;
  heapUsed: number;
  arrayBuffers: number;
  external: number;
}

function snapshot(): MemorySnapshot {
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers, external: m.external };
}

/** Child-process side of {@link measureOpenInChild}: prints memory before and after openIndex as JSON. */
function measureOpen(indexDir: string): void {
  const gc = gcFunction();
  gc();
  const before = snapshot();
  const t = performance.now();
  const index = openIndex(indexDir);
  const openSeconds = (performance.now() - t) / 1000;
  gc();
  const after = snapshot();
  process.stdout.write(JSON.stringify({ before, after, openSeconds, paragraphs: index.paragraphs.length }));
  index.close();
}

/** Opens the index in a fresh Node process (this file under tsx) and returns its memory figures. */
function measureOpenInChild(indexDir: string): Promise<{ before: MemorySnapshot; after: MemorySnapshot; openSeconds: number }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--measure-open', indexDir], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`memory probe exited with ${code}`));
      try {
        resolvePromise(JSON.parse(out) as { before: MemorySnapshot; after: MemorySnapshot; openSeconds: number });
      } catch (e) {
        reject(e);
      }
    });
  });
}

/** Runs the scale benchmark and prints its tables; returns the figures. */
export async function runScaleBench(options: ScaleBenchOptions = {}): Promise<ScaleBenchResult> {
  const wall0 = performance.now();
  const log = options.log ?? ((line: string) => console.log(line));
  const size = options.size ?? 100_000;
  const mode = options.embed ?? 'sentence';
  const documents = options.documents ?? Math.max(1, Math.round(size / 80));
  const cityCount = options.cities ?? 50;
  const seed = options.seed ?? 1;
  const sampleSize = options.sample ?? 500;
  const recallN = options.recallQueries ?? 200;
  const reps = options.reps ?? 8;
  const gc = gcFunction();
  const elapsed = () => `${f1((performance.now() - wall0) / 1000)} s`;
  const progress = (msg: string) => log(`  [${elapsed()}] ${msg}`);

  const calibrationStart = calibrationMs();
  log(`\n## scale: synthetic corpus of ${size.toLocaleString('en')} paragraphs (embedding: ${mode}) — node ${process.version}, ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)}, calibration ${f1(calibrationStart)} ms (a fixed JS workload; lower is faster)`);
  const ownEmbedder = !options.embedder;
  const embedder = options.embedder ?? (await createEmbedder());
  const root = options.keepDir ?? mkdtempSync(join(tmpdir(), 'pl-scale-'));
  const inputDir = join(root, 'input');
  const indexDir = join(root, 'index');
  rmSync(inputDir, { recursive: true, force: true });
  rmSync(indexDir, { recursive: true, force: true });
  mkdirSync(inputDir, { recursive: true });

  try {
    // ---------- corpus ----------
    const seeds = readSeeds(options.seedsDir ?? join(PROJECT_ROOT, 'seeds'));
    const pool = [...new Set(seeds.sections.flatMap((s) => s.sentences))];
    let t = performance.now();
    const corpus = generateCorpus(seeds.sections, { paragraphs: size, documents, cities: cityCount, seed });
    const genSeconds = (performance.now() - t) / 1000;
    for (const d of corpus.documents) writeFileSync(join(inputDir, d.file), d.text);
    writeFileSync(join(inputDir, 'manifest.json'), JSON.stringify(corpusManifest(corpus)));
    const inputBytes = dirBytes(inputDir);
    progress(`generated ${corpus.documents.length} documents in ${corpus.cities.length} cities from ${pool.length} seed sentences in ${f2(genSeconds)} s (${f1(inputBytes / MB)} MB of text)`);

    // ---------- build ----------
    const sentenceMean = mode === 'sentence' ? createSentenceMeanEmbedder(embedder) : null;
    let warmSeconds = 0;
    if (sentenceMean) {
      await sentenceMean.warm([...pool, ...seeds.headings]);
      warmSeconds = sentenceMean.stats.modelSeconds;
      progress(`embedded ${sentenceMean.stats.modelPieces} seed sentences and headings with the model in ${f1(warmSeconds)} s (not part of the build time)`);
    }
    const buildEmbedder = sentenceMean ?? embedder;
    const modelBefore = sentenceMean?.stats.modelSeconds ?? 0;
    const piecesBefore = sentenceMean?.stats.modelPieces ?? 0;
    const marks = { start: 0, embedStart: 0, embedEnd: 0, end: 0 };
    let embedTotal = 0;
    let nextReport = 0.1;
    gc();
    marks.start = performance.timeOrigin + performance.now();
    const summary = await buildIndex({
      inputs: [inputDir],
      out: indexDir,
      embedder: buildEmbedder,
      rebuild: true,
      onEmbedStart: (n) => {
        embedTotal = n;
        marks.embedStart = performance.timeOrigin + performance.now();
        progress(`parsed; embedding ${n.toLocaleString('en')} distinct texts`);
        if (n === 0) marks.embedEnd = marks.embedStart;
      },
      onEmbedProgress: (done) => {
        if (done >= embedTotal) marks.embedEnd = performance.timeOrigin + performance.now();
        if (mode === 'real' && done / embedTotal >= nextReport) {
          progress(`embedded ${done.toLocaleString('en')} / ${embedTotal.toLocaleString('en')}`);
          nextReport += 0.1;
        }
      },
      log: (m) => (/skipped/u.test(m) ? progress(m) : undefined),
    });
    marks.end = performance.timeOrigin + performance.now();
    const buildPeakRss = process.resourceUsage().maxRSS * 1024;
    const buildDir = join(indexDir, summary.manifest.build);
    const dbPath = join(buildDir, DB_FILE);
    const hnswPath = join(buildDir, VECTORS_FILE);
    // The files' modification times split the build's last stages without instrumenting buildIndex: graph.projection
    // is written once every point is projected; then the graph builds in a worker while the store (closed after the
    // keyword index and the row snapshot) and the vector stores are written; the build waits for the graph.
    const projectionWritten = statSync(join(buildDir, PROJECTION_FILE)).mtimeMs;
    const dbWritten = statSync(dbPath).mtimeMs;
    const hnswWritten = statSync(hnswPath).mtimeMs;
    const storesWritten = Math.max(...[SENTENCE_VECTORS_FILE, PARAGRAPH_VECTORS_FILE, FULL_VECTORS_FILE, REDUCED_VECTORS_FILE].map((f) => statSync(join(buildDir, f)).mtimeMs));
    const buildSeconds = (marks.end - marks.start) / 1000;
    const modelSeconds = mode === 'real' ? summary.embedSeconds : (sentenceMean!.stats.modelSeconds - modelBefore);
    const stages = {
      readParse: (marks.embedStart - marks.start) / 1000,
      embed: (marks.embedEnd - marks.embedStart) / 1000,
      project: (projectionWritten - marks.embedEnd) / 1000,
      store: (dbWritten - projectionWritten) / 1000,
      hnsw: (hnswWritten - projectionWritten) / 1000,
      vectorsDone: (Math.max(hnswWritten, storesWritten) - dbWritten) / 1000,
      commit: (marks.end - Math.max(hnswWritten, storesWritten)) / 1000,
    };
    progress(`built in ${f1(buildSeconds)} s`);

    log(`\n### build (buildIndex, ${summary.documents} documents → ${summary.paragraphs.toLocaleString('en')} paragraphs; ${summary.duplicates} in-document duplicates; ${embedTotal.toLocaleString('en')} distinct embedded texts)`);
    if (summary.paragraphs !== corpus.paragraphs) log(`note: generated ${corpus.paragraphs} paragraphs, the text stage made ${summary.paragraphs} of them`);
    if (summary.skipped.length) log(`note: ${summary.skipped.length} files skipped (${summary.skipped[0]!.code}: ${summary.skipped[0]!.message})`);
    const p = summary.paragraphs;
    log(table([
      ['stage', 'seconds', 'paragraphs/s'],
      ['read + parse (clean, outline, duplicates)', f1(stages.readParse), (p / stages.readParse).toFixed(0)],
      [mode === 'real' ? 'embed (model)' : `embed (sentence means; model ${f1(modelSeconds)} s for ${sentenceMean!.stats.modelPieces - piecesBefore} cache misses)`, f1(stages.embed), (p / stages.embed).toFixed(0)],
      ['PCA fit + projecting every paragraph', f1(stages.project), (p / stages.project).toFixed(0)],
      ['store (jieba tokens, SQLite rows, keyword index, row snapshot)', f1(stages.store), (p / stages.store).toFixed(0)],
      ['vector stores, then waiting for the graph', f1(stages.vectorsDone), ''],
      [`  (HNSW graph, M ${summary.manifest.hnsw.m}, efConstruction ${summary.manifest.hnsw.efConstruction}, in a worker from the projection on, beside the store)`, f1(stages.hnsw), (p / stages.hnsw).toFixed(0)],
      ['fsync, file digests, manifest, commit', f2(stages.commit), ''],
      ['total', f1(buildSeconds), (p / buildSeconds).toFixed(0)],
      ['total without model time', f1(buildSeconds - modelSeconds), (p / (buildSeconds - modelSeconds)).toFixed(0)],
    ]));
    if (sentenceMean) log(`model time is NOT in these figures except ${f1(modelSeconds)} s for heading contexts missing from the cache; the ${f1(warmSeconds)} s warm-up (seed sentences) is outside; see the real-model sample below.`);
    log(`peak RSS of the process so far ${f1(buildPeakRss / MB)} MB`);

    // ---------- disk ----------
    const sqliteBytes = statSync(dbPath).size;
    const hnswBytes = statSync(hnswPath).size;
    // Every file of the build, whatever the index layer keeps there.
    const buildBytes = dirBytes(buildDir);
    const postingsBytes = statSync(join(buildDir, POSTINGS_FILE)).size;
    const rowsBytes = statSync(join(buildDir, ROWS_FILE)).size;
    const tables: Record<string, number> = {};
    let embeddingPages: { payload: number; pages: number; pageSize: number } | null = null;
    try {
      const db = new StoreReader(dbPath).db;
      const rows = db.prepare(`SELECT name, sum(pgsize) AS bytes, sum(payload) AS payload FROM dbstat GROUP BY name ORDER BY bytes DESC`).all() as { name: string; bytes: number; payload: number }[];
      for (const r of rows) tables[r.name] = r.bytes;
      const e = rows.find((r) => r.name === 'embeddings');
      if (e) embeddingPages = { payload: e.payload, pages: e.bytes, pageSize: db.pragma('page_size', { simple: true }) as number };
      db.close();
    } catch {
      // dbstat is optional in SQLite builds; the per-table split is then left out.
    }
    const group = (prefix: string) => Object.entries(tables).filter(([n]) => n.startsWith(prefix)).reduce((s, [, b]) => s + b, 0);
    log(`\n### index size on disk`);
    log(table([
      ['file', 'MB', 'bytes/paragraph'],
      ['index.sqlite', f1(sqliteBytes / MB), (sqliteBytes / p).toFixed(0)],
      ...(Object.keys(tables).length
        ? [
            ['  paragraphs (text, embed text, metadata)', f1(group('paragraphs') / MB), (group('paragraphs') / p).toFixed(0)],
            ['  sentences', f1(group('sentences') / MB), (group('sentences') / p).toFixed(0)],
          ]
        : []),
      ['vectors.hnsw', f1(hnswBytes / MB), (hnswBytes / p).toFixed(0)],
      [`${POSTINGS_FILE} (keyword index)`, f1(postingsBytes / MB), (postingsBytes / p).toFixed(0)],
      [`${ROWS_FILE} (row snapshot: texts and columns for opening)`, f1(rowsBytes / MB), (rowsBytes / p).toFixed(0)],
      ['vector stores (paragraphs.f16 binary16; int8: paragraphs.q8, .pq8, sentences.q8)', f1((buildBytes - sqliteBytes - hnswBytes - postingsBytes - rowsBytes) / MB), ((buildBytes - sqliteBytes - hnswBytes - postingsBytes - rowsBytes) / p).toFixed(0)],
      ['total (every file of the build)', f1(buildBytes / MB), (buildBytes / p).toFixed(0)],
    ]));
    if (embeddingPages) {
      log(`embeddings table: ${f1(embeddingPages.payload / MB)} MB of rows in ${f1(embeddingPages.pages / MB)} MB of ${embeddingPages.pageSize}-byte pages (${f1((1 - embeddingPages.payload / embeddingPages.pages) * 100)}% unused)`);
    }

    // ---------- memory ----------
    // Measured in a fresh process: in this one the build's freed memory and the model blur RSS.
    progress('measuring openIndex memory in a fresh process');
    const mem = await measureOpenInChild(indexDir);
    const d = (k: keyof MemorySnapshot) => mem.after[k] - mem.before[k];
    t = performance.now();
    const index: LoadedIndex = openIndex(indexDir);
    const openSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    const engine = new Engine(index, embedder);
    const engineSeconds = (performance.now() - t) / 1000;
    // What npm start does before it serves (src/cli/start.ts): the measure bridge's rankings, all measures in one pass.
    t = performance.now();
    await engine.prepareBridge();
    const bridgeSeconds = (performance.now() - t) / 1000;
    // Where openIndex spends its time: reading the paragraphs and sentences (the row snapshot), then the vectors.
    t = performance.now();
    const rows = readRowSnapshot(join(buildDir, ROWS_FILE)).paragraphs;
    const loadParagraphsSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    index.vectorOf(rows.length); // vectors are read with the index now (one file each)
    const loadVectorsSeconds = (performance.now() - t) / 1000;
    const memory = {
      openSeconds, engineSeconds,
      rssMB: d('rss') / MB,
      heapMB: d('heapUsed') / MB,
      arrayBuffersMB: d('arrayBuffers') / MB,
      rssBytesPerParagraph: d('rss') / p,
      heapBytesPerParagraph: d('heapUsed') / p,
      loadParagraphsSeconds, loadVectorsSeconds,
    };
    const native = d('rss') - d('heapUsed') - d('arrayBuffers');
    log(`\n### index in memory (openIndex in a fresh process, after GC; increase over the process before opening)`);
    log(table([
      ['', 'MB', 'bytes/paragraph'],
      ['RSS', f1(memory.rssMB), memory.rssBytesPerParagraph.toFixed(0)],
      ['  JS heap (paragraph objects, strings, maps)', f1(memory.heapMB), memory.heapBytesPerParagraph.toFixed(0)],
      ['  ArrayBuffers (one Float32Array per vector)', f1(memory.arrayBuffersMB), (d('arrayBuffers') / p).toFixed(0)],
      ['  rest: hnswlib graph + its vector copy, SQLite, heap slack', f1(native / MB), (native / p).toFixed(0)],
    ]));
    log(`RSS of that process after opening ${f1(mem.after.rss / MB)} MB (before ${f1(mem.before.rss / MB)} MB); openIndex there ${f2(mem.openSeconds)} s`);
    log(`here: openIndex ${f2(openSeconds)} s (reading the row snapshot ${f2(loadParagraphsSeconds)} s; one vector SELECT per paragraph ${f2(loadVectorsSeconds)} s); new Engine ${f2(engineSeconds)} s; measure bridge prepared ${f2(bridgeSeconds)} s (npm start does this before it serves)`);

    // ---------- real model sample ----------
    const rng = createRng(seed + 1);
    const sampleRows = Array.from({ length: Math.min(sampleSize, p) }, () => index.paragraphs[Math.floor(rng() * p)]!);
    const embedTexts = index.store.embedTexts();
    const sampleTexts = sampleRows.map((r) => embedTexts.get(r.rowid)!);
    progress(`embedding a sample of ${sampleTexts.length} paragraphs with the real model`);
    t = performance.now();
    const sampleVectors = await embedder.embed(sampleTexts);
    const sampleSeconds = (performance.now() - t) / 1000;
    const cosines = sampleRows.map((r, i) => dot(sampleVectors[i]!, index.vectorOf(r.rowid)!)).sort((a, b) => a - b);
    const model = {
      sample: sampleTexts.length,
      seconds: sampleSeconds,
      paragraphsPerSecond: sampleTexts.length / sampleSeconds,
      meanChars: mean(sampleTexts.map((s) => [...s].length)),
      extrapolatedSeconds: (embedTotal || p) / (sampleTexts.length / sampleSeconds),
      cosineMean: mean(cosines),
      cosineP10: cosines[Math.floor(cosines.length * 0.1)] ?? NaN,
    };
    log(`\n### the real model on a sample`);
    log(`${model.sample} random paragraphs (embedded text, mean ${model.meanChars.toFixed(0)} characters) in ${f1(model.seconds)} s: ${model.paragraphsPerSecond.toFixed(0)} paragraphs/s`);
    log(`→ embedding all ${(embedTotal || p).toLocaleString('en')} distinct texts with the model would take ≈ ${f1(model.extrapolatedSeconds / 60)} min${mode === 'sentence' ? ' (not done: --scale-embed real does it)' : ` (measured in this build: ${f1(modelSeconds / 60)} min)`}`);
    log(`cosine(model vector, indexed vector) on the sample: mean ${f3(model.cosineMean)}, p10 ${f3(model.cosineP10)}${mode === 'sentence' ? ' (how close the sentence-mean approximation is; unrelated paragraphs ≈ 0.69)' : ''}`);

    // ---------- search latency ----------
    const dev = JSON.parse(readFileSync(options.queriesFile ?? join(PROJECT_ROOT, '..', 'shared', 'eval', 'dev.json'), 'utf8')) as { queries: { query: string }[] };
    const queries = dev.queries.map((q) => q.query);
    progress(`timing search over ${queries.length} dev queries × ${reps}`);
    const time = async (fn: (i: number) => Promise<unknown> | unknown, n: number, r: number): Promise<Percentiles> => {
      const xs: number[] = [];
      for (let k = 0; k < r; k++) {
        for (let i = 0; i < n; i++) {
          const t1 = performance.now();
          await fn(i);
          xs.push(performance.now() - t1);
        }
      }
      return percentiles(xs);
    };
    for (const q of queries) await engine.search(q, { mode: 'hybrid', k: 10 }); // warm-up
    const sources = Array.from({ length: queries.length }, () => index.paragraphs[Math.floor(rng() * p)]!.id);
    const oneSentence = index.paragraphs.filter((x) => !x.duplicateOf && index.sentences.of(x.rowid).length === 1);
    const oneSentenceSources = Array.from({ length: queries.length }, () => oneSentence[Math.floor(rng() * oneSentence.length)]!.id);
    // Hybrid is the headline figure and gets `reps` rounds; the others fewer, to keep the run short.
    const few = Math.max(1, Math.ceil(reps / 4));
    const perCity = Math.min(queries.length, 10);
    // "Warm" for compare and similar too: their code paths are JIT-compiled on other queries and sources than the
    // timed ones (the engine caches no rankings; the timed queries' vectors are cached by the hybrid warm-up above,
    // as they are for every mode). Before this warm-up their figures included each path's first, unoptimised runs.
    for (const q of queries.slice(perCity, 2 * perCity)) await engine.compare(q, { mode: 'hybrid', k: 3 });
    for (const id of [...sources.slice(perCity, 2 * perCity), ...oneSentenceSources.slice(perCity, 2 * perCity)]) await engine.similar(id, { k: 3 });
    const latency = {
      keyword: await time((i) => engine.search(queries[i]!, { mode: 'keyword', k: 10 }), queries.length, few),
      semantic: await time((i) => engine.search(queries[i]!, { mode: 'semantic', k: 10 }), queries.length, few),
      hybrid: await time((i) => engine.search(queries[i]!, { mode: 'hybrid', k: 10 }), queries.length, reps),
      compare: await time((i) => engine.compare(queries[i]!, { mode: 'hybrid', k: 3 }), perCity, 1),
      similar: await time((i) => engine.similar(sources[i]!, { k: 3 }), perCity, 1),
      similarOneSentence: await time((i) => engine.similar(oneSentenceSources[i]!, { k: 3 }), perCity, 1),
    };
    // The parts of a hybrid query, measured the way Engine.prepare/rank do them.
    const depth = Math.max(engine.tuning.candidates * 5, 500);
    const embedQ: number[] = [];
    const fts: number[] = [];
    const expansionFts: number[] = [];
    const hnsw100: number[] = [];
    const matches: { query: string; matches: number; ms: number }[] = [];
    const stats: KeywordStats = { scored: 0, postings: 0 };
    const scoredShare: number[] = [];
    const strategies = new Set<string>();
    for (let k = 0; k < few; k++) {
      for (const q of queries) {
        let t1 = performance.now();
        const v = await embedder.embedQuery(q);
        embedQ.push(performance.now() - t1);
        const terms = queryTerms(q);
        t1 = performance.now();
        index.keywords.keyword(terms, depth, stats);
        const ms = performance.now() - t1;
        strategies.add(stats.strategy ?? 'none');
        fts.push(ms);
        if (k === 0) {
          // Every row that holds a term: what an exhaustive BM25 (FTS5's) scores before it sorts. The engine's own
          // top-500 may accumulate them all (src/index/postings.ts, `KeywordStrategy`); MaxScore's share is its pruning.
          const all = index.keywords.keyword(terms, p).length;
          matches.push({ query: q, matches: all, ms });
          index.keywords.search('text', terms, depth, stats, 'maxscore');
          if (all) scoredShare.push(stats.scored / all);
        }
        const { expanded } = expandQuery(terms);
        t1 = performance.now();
        if (expanded.length) index.keywords.keyword(expanded.flatMap(queryTerms), depth);
        expansionFts.push(performance.now() - t1);
        t1 = performance.now();
        index.vectors.search(v, engine.tuning.candidates);
        hnsw100.push(performance.now() - t1);
      }
    }
    const totalMatches = matches.reduce((s, m) => s + m.matches, 0);
    const hybridParts = {
      embedQuery: percentiles(embedQ), fts: percentiles(fts), expansionFts: percentiles(expansionFts), hnsw100: percentiles(hnsw100),
      ftsMsPer10kMatches: (matches.reduce((s, m) => s + m.ms, 0) / (totalMatches || 1)) * 10_000,
      matchesMedian: percentiles(matches.map((m) => m.matches)).p50,
      scoredShareMedian: percentiles(scoredShare).p50,
    };
    log(`\n### search latency, warm, in-process (ms; hybrid: ${queries.length} dev queries × ${reps}; keyword, semantic and parts × ${few}; compare and similar: ${perCity} queries over ${corpus.cities.length} cities)`);
    log(table([
      ['', 'p50', 'p99', 'mean'],
      ['keyword', ...msCell(latency.keyword)],
      ['semantic', ...msCell(latency.semantic)],
      ['hybrid', ...msCell(latency.hybrid)],
      ['compare (k=3, every city)', ...msCell(latency.compare)],
      ['similar (k=3, every city)', ...msCell(latency.similar)],
      [`  from a one-sentence clause (${f1((oneSentence.length / p) * 100)}% of these)`, ...msCell(latency.similarOneSentence)],
      ['parts of hybrid:', '', '', ''],
      ['  query embedding (model)', ...msCell(hybridParts.embedQuery)],
      [`  keyword BM25 OR-query, top ${depth} (${[...strategies].join(', ')})`, ...msCell(hybridParts.fts)],
      ['  keyword thesaurus expansion query', ...msCell(hybridParts.expansionFts)],
      [`  HNSW top ${engine.tuning.candidates}`, ...msCell(hybridParts.hnsw100)],
    ]));
    const slowest = [...matches].sort((a, b) => b.ms - a.ms).slice(0, 3);
    log(`keyword: a query's OR of terms matches a median ${hybridParts.matchesMedian.toLocaleString('en')} paragraphs (${f1((hybridParts.matchesMedian / p) * 100)}%), of which MaxScore (when asked) scores a median ${f1(hybridParts.scoredShareMedian * 100)}% in full; ≈ ${f2(hybridParts.ftsMsPer10kMatches)} ms per 10k matched rows`);
    for (const m of slowest) log(`  slowest: ${m.query} — ${m.matches.toLocaleString('en')} matches, ${f1(m.ms)} ms`);

    // ---------- the drafting desk at this size ----------
    let draftTiming: { coldS: number; warmS: number; datedS: number; peersS: number; clauses: number } | null = null;
    if (options.draft) {
      const desk = analysisFor(engine);
      const text = (await readDocumentFile(join(PROJECT_ROOT, 'seeds', '000_dcbe0bbe788de573.txt'))).text;
      let t0 = performance.now();
      const cold = await desk.draft({ text });
      const coldS = (performance.now() - t0) / 1000;
      t0 = performance.now();
      await desk.draft({ text });
      const warmS = (performance.now() - t0) / 1000;
      // With a date range (the synthetic documents are dated 2018–2024): each clause's precedents ask the filter, and
      // the matrix behind the gaps is built for the range.
      t0 = performance.now();
      const dated = await desk.draft({ text }, { since: '2023-01-01' });
      const datedS = (performance.now() - t0) / 1000;
      // A drafter's few peers instead of every city: three places.
      const peers = engine.corpus().cities.slice(0, 3);
      t0 = performance.now();
      await desk.draft({ text }, { cities: peers });
      draftTiming = { coldS, warmS, datedS, peersS: (performance.now() - t0) / 1000, clauses: cold.clauses.length };
      log(`\n### drafting desk: seed 000 (${cold.clauses.length} clauses) as a draft against this index — cold ${f1(coldS)} s (the corpus's measure statistics and targets are computed once), warm ${f1(warmS)} s, warm with since 2023 ${f1(draftTiming.datedS)} s (${dated.summary.documents.toLocaleString('en')} of ${index.documents.length.toLocaleString('en')} documents), warm with 3 places chosen ${f1(draftTiming.peersS)} s`);
    }

    // ---------- recall ----------
    // The reference is exact search over the graph's own float32 vectors (the int8 stores are what rescoring reads).
    const items = index.paragraphs.map((r) => ({ label: r.rowid, vector: index.vectors.vector(r.rowid) }));
    const realQueries = [...queries, ...seeds.headings].slice(0, recallN);
    progress(`recall: exact search for ${realQueries.length} real queries and ${recallN} paragraph vectors`);
    const queryVectors: Float32Array[] = [];
    for (const q of realQueries) queryVectors.push(await embedder.embedQuery(q));
    const paragraphVectors = Array.from({ length: Math.min(recallN, p) }, () => index.vectorOf(index.paragraphs[Math.floor(rng() * p)]!.rowid)!);
    const exactTimes: number[] = [];
    const exact = (v: Float32Array, k: number, filter?: (label: number) => boolean) => {
      const t1 = performance.now();
      const r = exactSearch(v, items, k, filter);
      exactTimes.push(performance.now() - t1);
      return r;
    };
    const exactQ = queryVectors.map((v) => exact(v, 100));
    const exactP = paragraphVectors.map((v) => exact(v, 10));
    const exactLatency = percentiles(exactTimes);
    const defaultEf = searchEf(index.manifest.hnsw.efSearch, index.manifest.counts.vectors);
    const efs = [...new Set([...(options.efValues ?? [16, 32, 64, 128, 256, 512]), defaultEf])].sort((a, b) => a - b);
    const recall: RecallRow[] = efs.map((ef) => {
      index.vectors.setEf(ef);
      const times: number[] = [];
      const search = (v: Float32Array) => {
        const t1 = performance.now();
        const r = index.vectors.search(v, 10);
        times.push(performance.now() - t1);
        return r;
      };
      const gaps: number[] = [];
      const q = queryVectors.map((v, i) => {
        const hits = search(v);
        gaps.push((exactQ[i]![9]?.score ?? 0) - (hits[9]?.score ?? 0));
        return recallAt(hits, exactQ[i]!, 10);
      });
      const pr = paragraphVectors.map((v, i) => recallAt(search(v), exactP[i]!, 10));
      return {
        ef, recallQueries: mean(q.map((x) => x.tieAware)), recallParagraphs: mean(pr.map((x) => x.tieAware)), strictQueries: mean(q.map((x) => x.strict)),
        gap10: mean(gaps), latency: percentiles(times),
      };
    });
    index.vectors.setEf(defaultEf);
    const deep = queryVectors.map((v) => index.vectors.search(v, 100)).map((r, i) => ({ r10: recallAt(r, exactQ[i]!, 10).tieAware, r100: recallAt(r, exactQ[i]!, 100).tieAware }));
    const recallAt100 = { ef: Math.max(defaultEf, 100), recall10: mean(deep.map((d) => d.r10)), recall100: mean(deep.map((d) => d.r100)) };
    // One city's paragraphs only, as a city filter asks: the engine's own path (an unfiltered walk of the graph,
    // filtered after, and an exact int8 scan of the city when the walk holds too few), clause vectors only.
    const cityOf = new Map(index.documents.map((d) => [d.id, d.city]));
    const labelCity = new Map(index.paragraphs.map((r) => [r.rowid, cityOf.get(r.docId) ?? null]));
    const plainEngine = new Engine(index, embedder, { sentenceEvidence: false });
    const filteredRecall: number[] = [];
    const compareRecall: number[] = [];
    const filteredTimes: number[] = [];
    const filteredExact: number[] = [];
    const selectivity: number[] = [];
    queryVectors.slice(0, 100).forEach((v) => {
      const city = corpus.cities[Math.floor(rng() * corpus.cities.length)]!.name;
      const filter = (label: number) => labelCity.get(label) === city;
      let t1 = performance.now();
      // Scored again on the float32 vectors, so a tie-aware comparison is not thrown by int8 rounding.
      const approx = plainEngine.vectorRanking(v, (para) => filter(para.rowid), 10).map((r) => ({ label: r.key, score: dot(v, index.vectors.vector(r.key)) }));
      filteredTimes.push(performance.now() - t1);
      t1 = performance.now();
      const ex = exactSearch(v, items, 10, filter);
      filteredExact.push(performance.now() - t1);
      filteredRecall.push(recallAt(approx, ex, 10).tieAware);
      // A comparison's column: the engine's per-city ranking (a 128-d scan of every clause, the city's best scored on
      // their full int8 vectors), without the binary16 rescoring a filtered search does.
      const inCompare = plainEngine.cityRankings([v], null, [city], 10).get(city)!.map((r) => ({ label: r.key, score: dot(v, index.vectors.vector(r.key)) }));
      compareRecall.push(recallAt(inCompare, ex, 10).tieAware);
      selectivity.push(index.paragraphs.filter((r) => labelCity.get(r.rowid) === city).length / p);
    });
    const filtered = { recall: mean(filteredRecall), compareRecall: mean(compareRecall), latency: percentiles(filteredTimes), exactLatency: percentiles(filteredExact), selectivity: mean(selectivity) };
    log(`\n### HNSW recall@10 against exactSearch (tie-aware; ${realQueries.length} real query embeddings: dev queries + seed headings; ${paragraphVectors.length} paragraph vectors)`);
    log(table([
      ['ef', 'recall (queries)', 'strict', '10th-score gap', 'recall (paragraphs)', 'p50 ms', 'p99 ms'],
      ...recall.map((r) => [`${r.ef}${r.ef === defaultEf ? ' (index default)' : ''}`, f3(r.recallQueries), f3(r.strictQueries), r.gap10.toFixed(5), f3(r.recallParagraphs), f3(r.latency.p50), f3(r.latency.p99)]),
    ]));
    const enough = recall.find((r) => r.recallQueries >= 0.98 && r.recallParagraphs >= 0.98);
    log(`smallest ef with recall@10 ≥ 0.98 on both query sets: ${enough ? enough.ef : `none up to ${efs.at(-1)}`} (the index uses ${defaultEf}${enough && enough.ef > defaultEf ? ': raise DEFAULT_HNSW.efSearch for corpora of this size' : ''})`);
    log(`engine depth (top ${engine.tuning.candidates}, ef ${recallAt100.ef}): recall@10 ${f3(recallAt100.recall10)}, recall@100 ${f3(recallAt100.recall100)}`);
    log(`one city's paragraphs (filter, ${f1(filtered.selectivity * 100)}% of the corpus, ef ${defaultEf}): recall@10 ${f3(filtered.recall)}, p50 ${f2(filtered.latency.p50)} ms, p99 ${f2(filtered.latency.p99)} ms (exact with the same filter: p50 ${f1(filtered.exactLatency.p50)} ms)`);
    log(`a comparison's column (that city's best from one 128-d int8 scan of every clause, rescored on full int8, no binary16): recall@10 ${f3(filtered.compareRecall)}`);
    log(`exactSearch (brute force in JS over ${p.toLocaleString('en')} vectors): p50 ${f1(exactLatency.p50)} ms, p99 ${f1(exactLatency.p99)} ms per query`);

    // ---------- limits ----------
    const perMillion = 1_000_000 / p;
    log(`\n### straight-line extrapolation to 1,000,000 paragraphs (a lower bound where cost grows faster than n; meaningful from a run of ≥ 50k, where fixed costs no longer dominate)`);
    log(table([
      ['', 'measured', 'at 1M'],
      ['index in memory (RSS)', `${f1(memory.rssMB)} MB`, `${f1((memory.rssMB * perMillion) / 1024)} GB`],
      ['index on disk', `${f1(buildBytes / MB)} MB`, `${f1((buildBytes * perMillion) / MB / 1024)} GB`],
      ['openIndex', `${f1(openSeconds)} s`, `${f1(openSeconds * perMillion)} s`],
      ['build without model', `${f1(buildSeconds - modelSeconds)} s`, `${f1(((buildSeconds - modelSeconds) * perMillion) / 60)} min`],
      ['  of which HNSW (grows ~n log n)', `${f1(stages.hnsw)} s`, `≥ ${f1((stages.hnsw * perMillion) / 60)} min`],
      ['embedding with the model at the sampled rate', `${model.paragraphsPerSecond.toFixed(0)}/s`, `${f1((model.extrapolatedSeconds * perMillion) / 3600)} h`],
      ['keyword OR-query (at most ∝ matched rows)', `${f1(hybridParts.fts.p50)} ms`, `≤ ${f1(hybridParts.fts.p50 * perMillion)} ms`],
    ]));

    index.close();

    // ---------- updating one document ----------
    const updates: UpdateTiming[] = [];
    if (!options.skipUpdates) {
      progress('adding, changing and deleting one document (incremental builds)');
      const extra = generateCorpus(seeds.sections, { paragraphs: Math.max(1, Math.round(p / corpus.documents.length)), documents: 1, cities: 1, seed: seed + 101 }).documents[0]!;
      const added = { ...extra, id: 'update_added', file: 'update_added.txt', city: corpus.cities[0]!.name, province: corpus.cities[0]!.province, level: corpus.cities[0]!.level };
      const changed = corpus.documents[Math.floor(corpus.documents.length / 2)]!;
      const writeManifest = (docs: typeof corpus.documents) => writeFileSync(join(inputDir, 'manifest.json'), JSON.stringify(corpusManifest({ ...corpus, documents: docs })));
      const timeUpdate = async (change: UpdateTiming['change'], edit: () => void): Promise<UpdateTiming> => {
        edit();
        const model0 = sentenceMean?.stats.modelSeconds ?? 0;
        const t1 = performance.now();
        const s1 = await buildIndex({ inputs: [inputDir], out: indexDir, embedder: buildEmbedder });
        const seconds = (performance.now() - t1) / 1000;
        const model1 = mode === 'real' ? s1.embedSeconds : (sentenceMean!.stats.modelSeconds - model0);
        return { change, secondsWithoutModel: seconds - model1, modelSeconds: model1, embedded: s1.embedded };
      };
      updates.push(await timeUpdate('add', () => {
        writeFileSync(join(inputDir, added.file), added.text);
        writeManifest([...corpus.documents, added]);
      }));
      updates.push(await timeUpdate('change', () => {
        const target = changed.paragraphs[Math.min(2, changed.paragraphs.length - 1)]!;
        writeFileSync(join(inputDir, changed.file), changed.text.replace(target, target.replace(/。$/u, '') + '，并按季度通报进展。'));
      }));
      updates.push(await timeUpdate('delete', () => {
        rmSync(join(inputDir, added.file));
        writeManifest(corpus.documents);
      }));
      // A deleted document must be gone from the index and from results.
      const after = openIndex(indexDir);
      try {
        const gone = !after.documents.some((d) => d.file === added.file);
        const probe = await new Engine(after, embedder).search(added.paragraphs[0]!.slice(0, 30), { mode: 'hybrid', k: 20 });
        const inResults = probe.results.some((h) => h.doc.file === added.file);
        log(`\n### updating one document in the built index (incremental buildIndex; model time excluded)`);
        log(table([
          ['change', 'seconds', 'model s', 'texts embedded'],
          ...updates.map((u) => [u.change, f2(u.secondsWithoutModel), f2(u.modelSeconds), u.embedded]),
        ]));
        log(`after deleting it: the document is ${gone ? 'gone from the index' : 'STILL IN THE INDEX'}, and ${inResults ? 'STILL IN RESULTS' : 'absent from results'}`);
      } finally {
        after.close();
      }
    }

    const wallSeconds = (performance.now() - wall0) / 1000;
    const update = (c: UpdateTiming['change']) => updates.find((u) => u.change === c)?.secondsWithoutModel ?? NaN;
    const atDefaultEf = recall.find((r) => r.ef === defaultEf)!;
    const figures: ScaleSummary = {
      paragraphs: p, cities: corpus.cities.length, documents: summary.documents,
      hybridP50Ms: latency.hybrid.p50, hybridP99Ms: latency.hybrid.p99, keywordP50Ms: latency.keyword.p50, keywordP99Ms: latency.keyword.p99, keywordTopKP50Ms: hybridParts.fts.p50, semanticP50Ms: latency.semantic.p50,
      compareP50Ms: latency.compare.p50, similarP50Ms: latency.similar.p50, similarOneSentenceP50Ms: latency.similarOneSentence.p50,
      recallAt10: atDefaultEf.recallQueries, cityRecallAt10: filtered.recall, compareCityRecallAt10: filtered.compareRecall,
      openMs: mem.openSeconds * 1000, bridgePrepareS: bridgeSeconds, rssIncreaseMB: memory.rssMB, diskBytesPerParagraph: buildBytes / p,
      buildWithoutModelS: buildSeconds - modelSeconds,
      updateOneDocumentS: updates.length ? Math.max(...updates.map((u) => u.secondsWithoutModel)) : NaN,
      updateAddS: update('add'), updateChangeS: update('change'), updateDeleteS: update('delete'),
      embedMode: mode, loadAverage: loadavg()[0]!, calibrationMs: { start: calibrationStart, end: calibrationMs() },
      ...(draftTiming ? { draftColdS: draftTiming.coldS, draftWarmS: draftTiming.warmS, draftDatedS: draftTiming.datedS, draftPeersS: draftTiming.peersS } : {}),
    };
    log(`\nscale part wall time ${f1(wallSeconds)} s (load average now ${loadavg()[0]!.toFixed(1)}: other processes share the cores, figures vary)`);
    return {
      size, embed: mode, documents: corpus.documents.length, cities: corpus.cities.length, paragraphs: p, distinctEmbedTexts: embedTotal, inputBytes,
      build: {
        seconds: buildSeconds, modelSeconds, paragraphsPerSecond: p / buildSeconds, paragraphsPerSecondWithoutModel: p / (buildSeconds - modelSeconds),
        stages, peakRssMB: buildPeakRss / MB, warmSeconds, warmPieces: sentenceMean ? piecesBefore : 0,
      },
      disk: { sqliteMB: sqliteBytes / MB, hnswMB: hnswBytes / MB, bytesPerParagraph: (sqliteBytes + hnswBytes) / p, tables },
      memory, model, latency, hybridParts, recall, recallAt100, filtered, exactLatency, updates, summary: figures, wallSeconds,
    };
  } finally {
    if (ownEmbedder) await embedder.dispose();
    if (!options.keepDir) rmSync(root, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  const program = new Command()
    .description('Scale benchmark over a synthetic corpus recombined from the seed sentences')
    .option('--size <n>', 'paragraphs', (v) => Number(v), 100_000)
    .option('--embed <mode>', 'sentence (sentence-mean vectors, model time excluded) | real (embed every paragraph)', 'sentence')
    .option('--documents <n>', 'documents (default size/80)', (v) => Number(v))
    .option('--cities <n>', 'cities', (v) => Number(v), 50)
    .option('--seed <n>', 'PRNG seed', (v) => Number(v), 1)
    .option('--keep <dir>', 'keep the synthetic input and index in this folder')
    .option('--json', 'tables to stderr, then one line of JSON (the summary) on stdout', false)
    .option('--recall-queries <n>', 'query vectors per recall measurement (exact search is brute force: fewer at 1M)', (v) => Number(v), 200)
    .option('--reps <n>', 'repetitions of the dev queries for the latency percentiles', (v) => Number(v), 8)
    .option('--skip-updates', 'skip adding, changing and deleting one document', false)
    .option('--measure-open <dir>', '(internal) open an index and print its memory figures');
  program.parse();
  const o = program.opts<{
    size: number; embed: string; documents?: number; cities: number; seed: number; keep?: string; json: boolean; measureOpen?: string;
    recallQueries: number; reps: number; skipUpdates: boolean;
  }>();
  if (o.measureOpen) {
    measureOpen(o.measureOpen);
    process.exit(0);
  }
  if (o.embed !== 'sentence' && o.embed !== 'real') throw new Error(`--embed must be sentence or real, not ${o.embed}`);
  const log = o.json ? (line: string) => console.error(line) : undefined;
  const r = await runScaleBench({
    size: o.size, embed: o.embed, documents: o.documents, cities: o.cities, seed: o.seed, keepDir: o.keep, recallQueries: o.recallQueries, reps: o.reps,
    skipUpdates: o.skipUpdates, ...(log ? { log } : {}),
  });
  if (o.json) process.stdout.write(JSON.stringify(r.summary) + '\n');
}
