/**
 * `npm run index` and `npm start` run as child processes with the real model, on tiny corpora of our own: exit
 * codes and messages for bad input, a missing folder and a held lock; start's handling of a damaged or mismatched
 * index (rebuilt, saying why), the address it binds, and a graceful SIGTERM.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/index/lock.js';
import { MANIFEST_FILE, type IndexManifest } from '../../src/index/manifest.js';
import { openIndex } from '../../src/index/reader.js';
import { killRunning, runCli, runToEnd } from '../helpers/cli.js';
import { policyText, writeCorpus } from '../helpers/policy-corpus.js';
import { word97Doc } from '../ingest/fixtures.js';

afterAll(() => {
  killRunning();
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 0x07)]);
const created: string[] = [];
function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `pl-cli-${prefix}-`));
  created.push(dir);
  return dir;
}
const manifestText = (out: string) => readFileSync(join(out, MANIFEST_FILE), 'utf8');
const manifestOf = (out: string) => JSON.parse(manifestText(out)) as IndexManifest;

function documentsIn(out: string): { id: string; texts: string[] }[] {
  const index = openIndex(out);
  try {
    return index.documents.map((d) => ({ id: d.id, texts: index.paragraphsByDoc.get(d.id)!.map((p) => p.text) }));
  } finally {
    index.close();
  }
}

describe('npm run index: limits on reading a file', () => {
  it('refuses a bad time or memory limit, naming the variable or the option, before loading the model', async () => {
    const input = writeCorpus(temp('in'), { 'jiaxing.txt': policyText('嘉兴市', 2) });
    const env = await runToEnd('index-cmd', ['--input', input, '--out', temp('out')], { POLICYLENS_FILE_TIMEOUT_MS: '10s' });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('error [CONFIG_INVALID]: POLICYLENS_FILE_TIMEOUT_MS="10s" is not valid');
    const flag = await runToEnd('index-cmd', ['--input', input, '--out', temp('out'), '--file-timeout', 'soon']);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toMatch(/option '--file-timeout <duration>' argument 'soon' is invalid\. expected a duration/);
  });
});

describe('npm run index without --input', () => {
  it('reads the folders the index was built from, not seeds/ (a refresh must not drop a folder the user added)', async () => {
    const a = writeCorpus(temp('a'), { 'jiaxing.txt': policyText('嘉兴市', 3) });
    const b = writeCorpus(temp('b'), { 'wuxi.txt': policyText('无锡市', 3) });
    const out = temp('out');
    expect((await runToEnd('index-cmd', ['--input', a, b, '--out', out])).code).toBe(0);
    writeCorpus(b, { 'huzhou.txt': policyText('湖州市', 3) });
    const refresh = await runToEnd('index-cmd', ['--out', out]);
    expect(refresh.code, refresh.stderr).toBe(0);
    expect(refresh.stdout).toContain('since the last build: 1 added, 0 changed, 0 removed\n  added: huzhou.txt');
    expect(refresh.stderr).toContain('Reading the folders this index was built from');
    expect(documentsIn(out).map((d) => d.id).sort()).toEqual(['huzhou', 'jiaxing', 'wuxi']);
    expect(manifestOf(out).inputs).toEqual([a, b]);
    // Nothing changed since: said, and no new build published.
    const build = manifestOf(out).build;
    const again = await runToEnd('index-cmd', ['--out', out]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('is up to date');
    expect(again.stdout).toContain('index unchanged: 3 documents');
    expect(manifestOf(out).build).toBe(build);
    // --rebuild still builds.
    expect((await runToEnd('index-cmd', ['--out', out, '--rebuild'])).code).toBe(0);
    expect(manifestOf(out).build).not.toBe(build);
  });

  it('takes one file as an input, a folder note included, and a refresh keeps it', async () => {
    const a = writeCorpus(temp('a'), { 'jiaxing.txt': policyText('嘉兴市', 3) });
    const notes = writeCorpus(temp('notes'), { 'README.md': policyText('湖州市', 3) });
    const out = temp('out');
    // In its folder the note is not read; named as an input it is.
    const run = await runToEnd('index-cmd', ['--input', a, join(notes, 'README.md'), '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(documentsIn(out).map((d) => d.id).sort()).toEqual(['README', 'jiaxing']);
    const refresh = await runToEnd('index-cmd', ['--out', out]);
    expect(refresh.stderr).toContain('is up to date');
    expect(documentsIn(out).map((d) => d.id).sort()).toEqual(['README', 'jiaxing']);
  });
});

describe('npm run index', () => {
  const input = writeCorpus(temp('in'), {
    'jiaxing.txt': policyText('嘉兴市', 4),
    'wuxi.txt': policyText('无锡市', 3),
    'empty.txt': '',
    'screenshot.txt': PNG,
    'scan.pdf': 'not a pdf at all\n',
    'huge.txt': policyText('常州市', 120),
    // A Word 97–2003 attachment is read; a WPS file and a spreadsheet are named as not read.
    'taicang.doc': word97Doc(),
    '附件2.wps': 'x',
    'targets.xlsx': 'x',
  });
  const out = temp('out');

  it('skips bad files with their names and reasons, builds the rest, and exits 1', async () => {
    const run = await runToEnd('index-cmd', ['--input', input, '--out', out, '--max-file-size', '16k']);
    expect(run.code, run.stderr).toBe(1);
    for (const [file, code] of [['empty.txt', 'FILE_EMPTY'], ['screenshot.txt', 'FILE_BINARY'], ['scan.pdf', 'FILE_UNREADABLE'], ['huge.txt', 'FILE_TOO_LARGE']]) {
      expect(run.stderr).toMatch(new RegExp(`skipped ${join(input, file!)}: \\[${code}\\] ${file!.replace('.', '\\.')}`));
    }
    // Counted as the summary counts them (it had said "skipped 4 file(s)" and then "4 file(s) were skipped" whatever
    // the copies).
    expect(run.stdout).toContain('skipped 4 file(s): 4 could not be indexed\n');
    expect(run.stderr).toMatch(/4 file\(s\) could not be indexed \(see above\); the index was built from the rest\. Use --keep-going to exit 0\./);
    expect(run.stdout).toMatch(/indexed 3 documents/);
    expect(run.stdout).toContain('not read: 2 file(s) of other types (.wps 1, .xlsx 1); the indexer reads .txt .md .markdown .html .htm .pdf .docx .doc.');
    expect(run.stdout).toContain(`  ${join(input, '附件2.wps')}`);
    // The index keeps the list, for the corpus page.
    expect(manifestOf(out).notRead).toEqual([join(input, 'targets.xlsx'), join(input, '附件2.wps')]);
    // Without a terminal, progress is logged as lines with the rate (the bar with its ETA needs a TTY).
    expect(run.stderr).toMatch(/embedded (\d+)\/\1 \(\d+ texts\/s\)/);
    expect(documentsIn(out).map((d) => d.id)).toEqual(['jiaxing', 'taicang', 'wuxi']);
    expect(documentsIn(out).find((d) => d.id === 'taicang')!.texts).toContain('省级专精特新中小企业（家） | 120 | 200');
  });

  it('exits 0 with --keep-going, and keeps what was indexed when a file turns bad', async () => {
    const before = documentsIn(out);
    writeFileSync(join(input, 'wuxi.txt'), PNG);
    const run = await runToEnd('index-cmd', ['--input', input, '--out', out, '--max-file-size', '16k', '--keep-going']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/wuxi\.txt: \[FILE_BINARY\].*the version indexed before is kept/);
    expect(documentsIn(out)).toEqual(before);
  });

  it('exits 2 with INPUT_MISSING for a folder that does not exist, leaving the index as it was', async () => {
    const before = manifestText(out);
    const missing = join(tmpdir(), `pl-missing-${process.pid}`);
    const run = await runToEnd('index-cmd', ['--input', missing, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error [INPUT_MISSING]: Input ${missing} does not exist`);
    expect(run.stderr).toContain('previous index, if any, is unchanged');
    expect(manifestText(out)).toBe(before);
    expect(documentsIn(out).map((d) => d.id)).toEqual(['jiaxing', 'taicang', 'wuxi']);
  });

  it('exits 2 with INDEX_LOCKED naming the pid that holds the lock', async () => {
    const before = manifestText(out);
    const release = acquireLock(out);
    try {
      const run = await runToEnd('index-cmd', ['--input', input, '--out', out]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`error \\[INDEX_LOCKED\\]: Another indexing run \\(pid ${process.pid},`));
    } finally {
      release();
    }
    expect(manifestText(out)).toBe(before);
  });
});

describe('npm start', () => {
  const input = writeCorpus(temp('in'), { 'jiaxing.txt': policyText('嘉兴市', 4), 'wuxi.txt': policyText('无锡市', 3) });
  const out = temp('index');

  /** Starts the server on a free port, waits for its address, checks /api/health, stops it with SIGTERM. */
  async function startServeStop(env: Record<string, string> = {}) {
    const run = runCli('start', [], { POLICYLENS_INDEX: out, PORT: '0', HOST: undefined, ...env });
    const [, url] = await run.waitFor(/PolicyLens: (http:\/\/\S+)/, 90_000);
    const health = await fetch(`${url}/api/health`);
    const body = (await health.json()) as { status: string; documents: number };
    run.child.kill('SIGTERM');
    const exit = await run.exited;
    return { url: url!, health: health.status, body, exit, stdout: run.stdout(), stderr: run.stderr() };
  }

  it('builds the index when its files are missing, serves on 127.0.0.1 by default, and exits 0 on SIGTERM', async () => {
    const first = await runToEnd('index-cmd', ['--input', input, '--out', out]);
    expect(first.code, first.stderr).toBe(0);
    // The build's files are gone (deleted by hand): start rebuilds from the inputs the manifest names.
    rmSync(join(out, manifestOf(out).build), { recursive: true });
    const run = await startServeStop();
    expect(run.stderr).toMatch(/building the index in .*: index files missing/);
    expect(run.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(run.health).toBe(200);
    expect(run.body).toMatchObject({ status: 'ok', documents: 2 });
    expect(run.exit).toEqual({ code: 0, signal: null });
  });

  it('rebuilds a damaged index, saying why, and binds the HOST it is given', async () => {
    const db = join(out, manifestOf(out).build, 'index.sqlite');
    writeFileSync(db, Buffer.alloc(statSync(db).size, 0x5a));
    const run = await startServeStop({ HOST: '127.0.0.2' });
    expect(run.stderr).toMatch(/rebuilding the index in .*index\.sqlite has changed since it was built/);
    expect(run.stdout).toMatch(/"code":"INDEX_CORRUPT"/);
    expect(run.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/);
    expect(run.body).toMatchObject({ status: 'ok', documents: 2 });
    expect(run.exit.code).toBe(0);
    expect(() => openIndex(out).close()).not.toThrow();
  });

  it('refuses a POLICYLENS_PUBLIC_URL that is no origin, before it builds anything', async () => {
    const never = join(temp('public-url'), 'index');
    const run = await runToEnd('start', [], { POLICYLENS_INDEX: never, PORT: '0', POLICYLENS_PUBLIC_URL: 'https://policy.example.org/policylens/' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error \[CONFIG_INVALID\]: POLICYLENS_PUBLIC_URL="https:\/\/policy\.example\.org\/policylens\/" is not valid: it has a path/);
    expect(existsSync(never)).toBe(false);
  });

  it('rebuilds an index built with another model', async () => {
    const m = manifestOf(out);
    m.model.onnxSha256 = '0'.repeat(64);
    writeFileSync(join(out, MANIFEST_FILE), JSON.stringify(m));
    expect(() => openIndex(out)).toThrow(expect.objectContaining({ code: 'INDEX_MISMATCH' }));
    const run = await startServeStop();
    expect(run.stderr).toMatch(/rebuilding the index in .*built with model BAAI\/bge-small-zh-v1\.5 \(000000000000…\)/);
    expect(run.body).toMatchObject({ status: 'ok', documents: 2 });
    expect(run.exit.code).toBe(0);
    expect(manifestOf(out).model.onnxSha256).not.toBe('0'.repeat(64));
    expect(existsSync(join(out, '.lock'))).toBe(false);
  });
});
