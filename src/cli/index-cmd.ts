/**
 * `npm run index -- [--input DIR ...] [--out DIR] [--rebuild] [--keep-going] [--threads N]`
 * Builds the index with a progress bar and a summary; exit code 1 when files were skipped (unless --keep-going),
 * 2 when the build failed (the previous index is left as it was).
 */
import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { DEFAULT_INPUT_DIRS, defaultIndexDir } from '../config.js';
import { createEmbedder } from '../embed/embedder.js';
import { isPolicyLensError } from '../errors.js';
import { buildIndex, DEFAULT_EMBED_CONTEXT, type BuildSummary } from '../index/build.js';
import type { EmbedContext } from '../index/embed-text.js';
import { isMain } from './is-main.js';

export interface IndexCommandOptions {
  input?: string[];
  out?: string;
  rebuild?: boolean;
  keepGoing?: boolean;
  threads?: number;
  context?: EmbedContext;
  quiet?: boolean;
}

/** Runs a build with console progress; used by `npm run index` and by `npm start` when the index is stale. */
export async function runIndexBuild(opts: IndexCommandOptions): Promise<BuildSummary> {
  const embedder = await createEmbedder(opts.threads ? { threads: opts.threads } : {});
  const interactive = process.stderr.isTTY && !opts.quiet;
  const bar = new cliProgress.SingleBar(
    { format: 'embedding |{bar}| {value}/{total} paragraphs | {eta_formatted} left', stream: process.stderr, noTTYOutput: false, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let total = 0;
  let lastLogged = 0;
  try {
    const summary = await buildIndex({
      inputs: opts.input?.length ? opts.input : DEFAULT_INPUT_DIRS,
      out: opts.out ?? defaultIndexDir(),
      embedder,
      rebuild: opts.rebuild ?? false,
      embedContext: opts.context ?? DEFAULT_EMBED_CONTEXT,
      log: (m) => console.error(`  ${m}`),
      onEmbedStart: (n) => {
        total = n;
        if (n === 0) return;
        if (interactive) bar.start(n, 0);
        else if (!opts.quiet) console.error(`embedding ${n} paragraphs…`);
      },
      onEmbedProgress: (done) => {
        if (interactive) bar.update(done);
        else if (!opts.quiet && (done - lastLogged >= 100 || done === total)) {
          lastLogged = done;
          console.error(`  embedded ${done}/${total}`);
        }
      },
    });
    if (interactive && total > 0) bar.stop();
    return summary;
  } finally {
    if (interactive && total > 0) bar.stop();
    await embedder.dispose();
  }
}

export function formatSummary(s: BuildSummary): string {
  const lines = [
    `indexed ${s.documents} documents, ${s.paragraphs} paragraphs (${s.duplicates} duplicates) in ${s.seconds.toFixed(1)} s — ${s.paragraphsPerSecond.toFixed(0)} paragraphs/s`,
    `embedded ${s.embedded} paragraphs (${s.embedSeconds.toFixed(1)} s), reused ${s.reused} from the previous build`,
  ];
  if (s.skipped.length) {
    lines.push(`skipped ${s.skipped.length} file(s):`);
    for (const k of s.skipped) lines.push(`  ${k.file}: [${k.code}] ${k.message}`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const program = new Command()
    .name('npm run index --')
    .description('Build the PolicyLens index from policy documents (.txt .md .html .pdf .docx).')
    .option('-i, --input <dir...>', 'input folder(s) to read (default: seeds/)')
    .option('-o, --out <dir>', 'index folder to write (default: index/ or $POLICYLENS_INDEX)')
    .option('--rebuild', 'embed every paragraph again instead of reusing unchanged vectors', false)
    .option('--keep-going', 'exit 0 even when some files were skipped', false)
    .option('--threads <n>', 'ONNX threads for embedding', (v) => Number.parseInt(v, 10))
    .option('--context <mode>', 'embedded text: "section" (heading + clause) or "none"', DEFAULT_EMBED_CONTEXT)
    .showHelpAfterError();
  program.parse();
  const opts = program.opts<IndexCommandOptions & { context: string }>();
  if (opts.context !== 'section' && opts.context !== 'none') program.error('--context must be "section" or "none"');
  try {
    const summary = await runIndexBuild(opts as IndexCommandOptions);
    console.log(formatSummary(summary));
    if (summary.skipped.length && !opts.keepGoing) {
      console.error('some files were skipped (see above); the index was built from the rest. Use --keep-going to exit 0.');
      process.exitCode = 1;
    }
  } catch (e) {
    if (isPolicyLensError(e)) {
      console.error(`error [${e.code}]: ${e.message}`);
      console.error('The previous index, if any, is unchanged.');
      process.exitCode = 2;
    } else {
      throw e;
    }
  }
}

if (isMain(import.meta.url)) await main();
