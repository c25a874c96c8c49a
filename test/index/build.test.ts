/**
 * The indexer's crash safety and its handling of bad input, with the fake embedder (index logic, not quality):
 * bad files are skipped and named, an earlier indexed version survives its file turning bad, a failed run commits
 * nothing, leftovers of a killed run are cleaned, and a damaged or mismatched index is refused with the fix.
 */
import { spawn } from 'node:child_process';
import iconv from 'iconv-lite';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIndex, DB_FILE, documentIdFor, FULL_VECTORS_FILE, PROJECTION_FILE, sharedNames, staleReason, VECTORS_FILE, type BuildOptions } from '../../src/index/build.js';
import { DOCUMENT_ID_PATTERN } from '../../src/server/validate.js';
import { LOCK_FILE, lockHolder } from '../../src/index/lock.js';
import { MANIFEST_FILE, type IndexManifest } from '../../src/index/manifest.js';
import { openIndex } from '../../src/index/reader.js';
import { createRuntimeFakeEmbedder } from '../helpers/fake-embedder.js';
import { policyText, writeCorpus } from '../helpers/policy-corpus.js';

const FIX = 'npm run index -- --rebuild';
/** A PNG header and some pixels: what a mis-named screenshot looks like. */
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 0x07)]);

const embedder = createRuntimeFakeEmbedder;

const created: string[] = [];
afterAll(() => created.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `pl-build-${prefix}-`));
  created.push(dir);
  return dir;
}

function build(inputs: string[], out: string, extra: Partial<BuildOptions> = {}) {
  const logs: string[] = [];
  const emb = extra.embedder ?? embedder();
  return { logs, promise: buildIndex({ inputs, out, embedder: emb, log: (m) => logs.push(m), ...extra }) };
}

const manifestText = (out: string) => readFileSync(join(out, MANIFEST_FILE), 'utf8');
const manifestOf = (out: string) => JSON.parse(manifestText(out)) as IndexManifest;
const builds = (out: string) => readdirSync(join(out, 'builds'));

/** Two good documents: the index every failure below must leave as it was. */
async function goodIndex(): Promise<{ input: string; out: string }> {
  const input = writeCorpus(tempDir('in'), { 'jiaxing.txt': policyText('嘉兴市', 6), 'wuxi.txt': policyText('无锡市', 5) });
  const out = tempDir('out');
  await build([input], out).promise;
  return { input, out };
}

describe('bad input files', () => {
  it('skips empty, binary, unreadable and oversized files, naming each and why, and indexes the rest', async () => {
    const input = writeCorpus(tempDir('in'), {
      'jiaxing.txt': policyText('嘉兴市', 6),
      'wuxi.md': policyText('无锡市', 4),
      'empty.txt': '',
      'blank.txt': '\n\n   \n',
      'screenshot.txt': PNG,
      'scan.pdf': 'this was saved as text, not a PDF\n',
      'huge.txt': policyText('常州市', 200),
    });
    const out = tempDir('out');
    const maxFileBytes = 8 * 1024;
    expect(statSync(join(input, 'huge.txt')).size).toBeGreaterThan(maxFileBytes);
    expect(statSync(join(input, 'jiaxing.txt')).size).toBeLessThan(maxFileBytes);
    const { logs, promise } = build([input], out, { maxFileBytes });
    const summary = await promise;

    const why = Object.fromEntries(summary.skipped.map((s) => [s.file.slice(input.length + 1), s]));
    expect(Object.keys(why).sort()).toEqual(['blank.txt', 'empty.txt', 'huge.txt', 'scan.pdf', 'screenshot.txt']);
    expect(why['empty.txt']).toMatchObject({ code: 'FILE_EMPTY', message: expect.stringMatching(/empty\.txt.*empty/) });
    expect(why['blank.txt']).toMatchObject({ code: 'FILE_EMPTY', message: expect.stringContaining('blank.txt') });
    expect(why['screenshot.txt']).toMatchObject({ code: 'FILE_BINARY', message: expect.stringMatching(/screenshot\.txt.*PNG/) });
    expect(why['scan.pdf']).toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringMatching(/scan\.pdf.*not a PDF/) });
    expect(why['huge.txt']).toMatchObject({ code: 'FILE_TOO_LARGE', message: expect.stringMatching(/huge\.txt.*limit/) });
    for (const s of summary.skipped) expect(s.kept).toBeUndefined();
    // Each skip is said while it happens, with the file's full path.
    for (const s of summary.skipped) expect(logs.some((l) => l.includes(s.file) && l.includes(s.code))).toBe(true);

    const index = openIndex(out);
    try {
      expect(index.documents.map((d) => d.file)).toEqual(['jiaxing.txt', 'wuxi.md']);
      expect(index.paragraphs.length).toBe(summary.paragraphs);
      expect(index.paragraphs.some((p) => p.text.includes('常州市'))).toBe(false);
    } finally {
      index.close();
    }
    // The same bad files, unchanged, do not make the index stale; fixing one does.
    expect(staleReason(out, [input])).toBeNull();
    writeFileSync(join(input, 'empty.txt'), policyText('镇江市', 3));
    expect(staleReason(out, [input])).toMatch(/empty\.txt changed/);
  });

  it.skipIf(process.getuid?.() === 0)('skips a file it has no permission to read', async () => {
    const input = writeCorpus(tempDir('in'), { 'jiaxing.txt': policyText('嘉兴市', 3), 'secret.txt': policyText('无锡市', 3) });
    chmodSync(join(input, 'secret.txt'), 0o000);
    const summary = await build([input], tempDir('out')).promise;
    expect(summary.skipped).toEqual([expect.objectContaining({ code: 'FILE_UNREADABLE', message: expect.stringMatching(/secret\.txt.*permission/) })]);
    expect(summary.documents).toBe(1);
  });

  it('keeps the version indexed before when a file turns bad, until the file is fixed', async () => {
    const { input, out } = await goodIndex();
    const before = openIndex(out);
    const wuxiBefore = before.paragraphs.filter((p) => p.docId === 'wuxi').map((p) => p.text);
    before.close();
    expect(wuxiBefore.length).toBeGreaterThan(0);

    writeFileSync(join(input, 'wuxi.txt'), PNG); // overwritten by a screenshot
    writeFileSync(join(input, 'jiaxing.txt'), policyText('嘉兴市', 7)); // and a real edit elsewhere
    const emb = embedder();
    const { logs, promise } = build([input], out, { embedder: emb });
    const summary = await promise;
    expect(summary.skipped).toEqual([expect.objectContaining({ file: join(input, 'wuxi.txt'), code: 'FILE_BINARY', kept: true })]);
    expect(logs.join('\n')).toMatch(/wuxi\.txt.*FILE_BINARY.*version indexed before is kept/);
    // Nothing of the kept document was embedded again: its vectors came from the previous build.
    expect(emb.embeddedTexts.some((t) => t.includes('无锡市'))).toBe(false);

    const after = openIndex(out);
    try {
      expect(after.paragraphs.filter((p) => p.docId === 'wuxi').map((p) => p.text)).toEqual(wuxiBefore);
      expect(after.paragraphsByDoc.get('jiaxing')).toHaveLength(7);
    } finally {
      after.close();
    }
    expect(staleReason(out, [input])).toBeNull();

    writeFileSync(join(input, 'wuxi.txt'), policyText('无锡市', 2, '数字经济'));
    expect(staleReason(out, [input])).toMatch(/wuxi\.txt changed/);
    const fixed = await build([input], out).promise;
    expect(fixed.skipped).toEqual([]);
    const now = openIndex(out);
    try {
      expect(now.paragraphsByDoc.get('wuxi')!.map((p) => p.text)).toEqual([expect.stringContaining('数字经济'), expect.stringContaining('数字经济')]);
    } finally {
      now.close();
    }
  });

  it('refuses a run where every file is bad (INPUT_EMPTY) and keeps the previous index', async () => {
    const { input, out } = await goodIndex();
    const before = manifestText(out);
    writeFileSync(join(input, 'jiaxing.txt'), '');
    writeFileSync(join(input, 'wuxi.txt'), PNG);
    // Kept versions still count as documents: the index would be built from them alone.
    const kept = await build([input], out).promise;
    expect(kept.skipped.every((s) => s.kept)).toBe(true);
    expect(kept.documents).toBe(2);

    const fresh = writeCorpus(tempDir('in'), { 'empty.txt': '', 'image.txt': PNG });
    const after = manifestText(out);
    await expect(build([fresh], out).promise).rejects.toMatchObject({ code: 'INPUT_EMPTY', message: expect.stringContaining('2 file(s) were skipped') });
    expect(manifestText(out)).toBe(after);
    expect(before).not.toBe(after);
    expect(builds(out)).toEqual([manifestOf(out).build.slice('builds/'.length)]);
  });
});

describe('a run that fails commits nothing', () => {
  it('leaves the previous index untouched when an input folder is missing (INPUT_MISSING)', async () => {
    const { out } = await goodIndex();
    const before = manifestText(out);
    const listing = readdirSync(out).sort();
    const missing = join(tmpdir(), 'pl-no-such-folder-' + process.pid);
    await expect(build([missing], out).promise).rejects.toMatchObject({ code: 'INPUT_MISSING', message: expect.stringContaining(missing) });
    expect(manifestText(out)).toBe(before);
    expect(readdirSync(out).sort()).toEqual(listing);
    expect(existsSync(join(out, LOCK_FILE))).toBe(false);
    const index = openIndex(out);
    expect(index.documents).toHaveLength(2);
    index.close();
  });

  it('leaves the previous index serving when embedding fails midway, with no half build and no lock', async () => {
    const { input, out } = await goodIndex();
    const before = manifestText(out);
    writeFileSync(join(input, 'changzhou.txt'), policyText('常州市', 30));
    const failing = embedder();
    failing.embed = async (texts, onProgress) => {
      onProgress?.(Math.floor(texts.length / 2));
      throw new Error('the embedding runtime crashed');
    };
    await expect(build([input], out, { embedder: failing }).promise).rejects.toThrow('the embedding runtime crashed');
    expect(manifestText(out)).toBe(before);
    expect(builds(out)).toEqual([manifestOf(out).build.slice('builds/'.length)]);
    expect(existsSync(join(out, LOCK_FILE))).toBe(false);
    const index = openIndex(out);
    expect(index.documents.map((d) => d.id)).toEqual(['jiaxing', 'wuxi']);
    index.close();
  });

  it('is refused while another live run holds the lock, naming its pid, and touches nothing', async () => {
    const { input, out } = await goodIndex();
    const before = manifestText(out);
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      writeFileSync(join(out, LOCK_FILE), JSON.stringify({ pid: holder.pid, host: hostname(), startedAt: new Date().toISOString(), command: 'npm run index' }));
      expect(lockHolder(out)?.pid).toBe(holder.pid);
      await expect(build([input], out).promise).rejects.toMatchObject({ code: 'INDEX_LOCKED', message: expect.stringContaining(`pid ${holder.pid}`) });
      expect(manifestText(out)).toBe(before);
      expect(readFileSync(join(out, LOCK_FILE), 'utf8')).toContain(`"pid":${holder.pid}`);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('takes over the lock of a killed run and removes what it left behind', async () => {
    const { input, out } = await goodIndex();
    const dead = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    await new Promise((r) => dead.once('spawn', r));
    dead.kill('SIGKILL');
    await new Promise((r) => dead.once('exit', r));
    // What `kill -9` during a build leaves: its lock, its half-written build folder, a manifest temp file.
    writeFileSync(join(out, LOCK_FILE), JSON.stringify({ pid: dead.pid, host: hostname(), startedAt: 'then', command: 'npm run index' }));
    mkdirSync(join(out, 'builds', `20260101T000000-${dead.pid}`));
    writeFileSync(join(out, 'builds', `20260101T000000-${dead.pid}`, DB_FILE), 'half a database');
    writeFileSync(join(out, `${MANIFEST_FILE}.tmp-${dead.pid}`), '{"schemaVersion": 1, "bui');
    expect(lockHolder(out)).toBeNull();

    const summary = await build([input], out).promise;
    expect(builds(out)).toEqual([summary.manifest.build.slice('builds/'.length)]);
    expect(readdirSync(out).sort()).toEqual(['builds', MANIFEST_FILE]);
  });
});

describe('a damaged or mismatched index is refused with the command that fixes it', () => {
  /** Overwrites `length` bytes at `fraction` of the file with junk. */
  function scribble(path: string, fraction: number, length = 4096): void {
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(length, 0x5a), 0, length, Math.floor(statSync(path).size * fraction));
    closeSync(fd);
  }
  function editManifest(out: string, edit: (m: IndexManifest) => void): void {
    const m = manifestOf(out);
    edit(m);
    writeFileSync(join(out, MANIFEST_FILE), JSON.stringify(m));
  }
  const buildFile = (out: string, name: string) => join(out, manifestOf(out).build, name);

  it.each([
    ['the database header is overwritten', (out: string) => scribble(buildFile(out, DB_FILE), 0), 'INDEX_CORRUPT', /index\.sqlite/],
    ['the database is damaged in the middle', (out: string) => scribble(buildFile(out, DB_FILE), 0.5), 'INDEX_CORRUPT', /index\.sqlite.*changed since it was built/],
    ['the vector index is truncated', (out: string) => truncateSync(buildFile(out, VECTORS_FILE), Math.floor(statSync(buildFile(out, VECTORS_FILE)).size / 2)), 'INDEX_CORRUPT', /vectors\.hnsw is \d+ bytes; the build wrote \d+/],
    ['the vector index is deleted', (out: string) => writeFileSync(buildFile(out, VECTORS_FILE), ''), 'INDEX_CORRUPT', /vectors\.hnsw/],
    ['the full vectors are truncated', (out: string) => truncateSync(buildFile(out, FULL_VECTORS_FILE), 1000), 'INDEX_CORRUPT', /paragraphs\.f16 is \d+ bytes; the build wrote \d+/],
    ["the graph's projection is damaged", (out: string) => scribble(buildFile(out, PROJECTION_FILE), 0.5), 'INDEX_CORRUPT', /graph\.projection.*changed since it was built/],
    ['the manifest is cut short', (out: string) => writeFileSync(join(out, MANIFEST_FILE), manifestText(out).slice(0, 120)), 'INDEX_CORRUPT', /manifest\.json is not a valid index manifest/],
    ['the manifest lost a field', (out: string) => editManifest(out, (m) => delete (m as Partial<IndexManifest>).counts), 'INDEX_CORRUPT', /counts/],
    ['the manifest points outside the index', (out: string) => editManifest(out, (m) => (m.build = '../../etc')), 'INDEX_CORRUPT', /build/],
    ["the manifest's model sha differs", (out: string) => editManifest(out, (m) => (m.model.onnxSha256 = 'f'.repeat(64))), 'INDEX_MISMATCH', /built with model/],
    ["the manifest's schema version differs", (out: string) => editManifest(out, (m) => (m.schemaVersion += 1)), 'INDEX_MISMATCH', /schema version/],
    ['the index is of a later schema with another layout', (out: string) => writeFileSync(join(out, MANIFEST_FILE), JSON.stringify({ schemaVersion: 99, build: manifestOf(out).build, shards: [] })), 'INDEX_MISMATCH', /schema version 99/],
    ["the manifest's runtime differs", (out: string) => editManifest(out, (m) => (m.runtime.onnxruntime = '0.0.1')), 'INDEX_MISMATCH', /onnxruntime 0\.0\.1/],
  ])('when %s', async (_what, damage, code, pattern) => {
    const { input, out } = await goodIndex();
    damage(out);
    let error: { code?: string; message?: string } = {};
    try {
      openIndex(out).close();
    } catch (e) {
      error = e as typeof error;
    }
    expect(error.code).toBe(code);
    expect(error.message).toMatch(pattern);
    expect(error.message).toContain(FIX);
    // A new build over the damaged index (what `npm start` runs) gives one that opens.
    await build([input], out).promise;
    const index = openIndex(out);
    expect(index.documents).toHaveLength(2);
    index.close();
  });

  it('detects a damaged database even in a manifest written before file digests existed', async () => {
    const { out } = await goodIndex();
    const m = manifestOf(out);
    delete m.files;
    writeFileSync(join(out, MANIFEST_FILE), JSON.stringify(m));
    scribble(buildFile(out, DB_FILE), 0);
    expect(() => openIndex(out)).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT', message: expect.stringContaining(FIX) }));
  });

  it('does not reuse vectors from a damaged previous build', async () => {
    const { input, out } = await goodIndex();
    scribble(buildFile(out, DB_FILE), 0.5);
    const emb = embedder();
    const { logs, promise } = build([input], out, { embedder: emb });
    const summary = await promise;
    expect(logs.join('\n')).toMatch(/previous index unreadable.*changed since it was built/);
    expect(summary.reused).toBe(0);
    // Everything is embedded again: every paragraph, and the sentences and vocabulary words besides.
    expect(summary.embedded).toBeGreaterThanOrEqual(summary.paragraphs);
  });
});

describe('document ids from file names', () => {
  it('keep Chinese names, so that adding a file renumbers nothing and every id passes the routes', async () => {
    const input = writeCorpus(tempDir('zh'), { '嘉兴市实施方案.txt': policyText('嘉兴市', 4), '无锡 若干措施.txt': policyText('无锡市', 4) });
    const out = tempDir('out');
    await build([input], out).promise;
    const ids = () => openIndex(out).documents.map((d) => d.id).sort();
    const before = ids();
    expect(before).toEqual(['嘉兴市实施方案', '无锡_若干措施']);
    writeCorpus(input, { '湖州市行动计划.txt': policyText('湖州市', 4) });
    await build([input], out).promise;
    expect(ids()).toEqual([...before, '湖州市行动计划'].sort());
    for (const id of ids()) expect(DOCUMENT_ID_PATTERN.test(id), id).toBe(true);
  });

  it('take the extension, then a number, when a name is taken', () => {
    const used = new Set(['通知']);
    expect(documentIdFor('通知.docx', used)).toBe('通知-docx');
    used.add('通知-docx');
    expect(documentIdFor('通知.docx', used)).toBe('通知-docx-2');
    expect(documentIdFor('..《关于印发》的通知（2023）.pdf', new Set())).toBe('_关于印发_的通知_2023_');
    expect(documentIdFor('——.txt', new Set())).toBe('_');
    expect(documentIdFor('.txt', new Set())).toBe('txt');
    expect(documentIdFor('', new Set())).toBe('doc');
    for (const f of ['a..b.txt', '-x.txt', `${'长'.repeat(150)}.txt`, '😀.md']) expect(DOCUMENT_ID_PATTERN.test(documentIdFor(f, new Set())), f).toBe(true);
  });

  // s22 audit (README Limits): the second of two 丽水市数字经济政策.txt in two subfolders was 丽水市数字经济政策-txt, and
  // which one that was depended on the order the files came in.
  it('know a name that files in two folders bear by its folder too, whatever is read first; a file in the input folder keeps it', () => {
    const paths = ['/in/2023年报送/丽水市数字经济政策.txt', '/in/2024年报送/丽水市数字经济政策.txt', '/in/丽水市数字经济政策.txt', '/in/sub/通知.pdf', '/in/sub/通知.docx', '/in/其他/通知.pdf', '/in/独有.txt'];
    const shared = sharedNames(paths);
    expect([...shared].sort()).toEqual(['丽水市数字经济政策', '通知']);
    for (const order of [paths, [...paths].reverse()]) {
      const used = new Set<string>();
      const ids = new Map(order.map((p) => {
        const id = documentIdFor(p.slice('/in/'.length), used, shared);
        used.add(id);
        return [p, id] as const;
      }));
      expect(ids.get('/in/2023年报送/丽水市数字经济政策.txt')).toBe('2023年报送_丽水市数字经济政策');
      expect(ids.get('/in/2024年报送/丽水市数字经济政策.txt')).toBe('2024年报送_丽水市数字经济政策');
      expect(ids.get('/in/丽水市数字经济政策.txt')).toBe('丽水市数字经济政策');
      expect(ids.get('/in/其他/通知.pdf')).toBe('其他_通知');
      expect([ids.get('/in/sub/通知.pdf'), ids.get('/in/sub/通知.docx')].sort()).toEqual(order === paths ? ['sub_通知', 'sub_通知-docx'] : ['sub_通知', 'sub_通知-pdf']);
      expect(ids.get('/in/独有.txt')).toBe('独有');
    }
    // A long folder keeps the file's own name, at the end.
    const long = documentIdFor(`${'长'.repeat(120)}/丽水市数字经济政策.txt`, new Set(), shared);
    expect(long.endsWith('_丽水市数字经济政策')).toBe(true);
    expect(DOCUMENT_ID_PATTERN.test(long)).toBe(true);
  });

  it('give two files of one name in two subfolders ids from their folders in a build', async () => {
    const input = tempDir('lishui');
    for (const year of ['2023', '2024']) {
      mkdirSync(join(input, `${year}年报送`), { recursive: true });
      writeFileSync(join(input, `${year}年报送`, '丽水市数字经济政策.txt'), policyText('丽水市', 3 + Number(year) - 2023));
    }
    const out = tempDir('out');
    await build([input], out).promise;
    expect(openIndex(out).documents.map((d) => d.id).sort()).toEqual(['2023年报送_丽水市数字经济政策', '2024年报送_丽水市数字经济政策']);
  });
});

describe('the same document under two names', () => {
  it('is indexed once: a byte copy and a GBK copy are skipped as FILE_DUPLICATE naming the first, until the first goes', async () => {
    const text = policyText('嘉兴市', 4);
    const input = writeCorpus(tempDir('dup'), {
      'a-jiaxing.txt': text,
      'b-jiaxing-copy.txt': text,
      'c-wuxi.txt': policyText('无锡市', 4),
    });
    // The same text in GB18030 (what a Windows user's copy often is).
    writeFileSync(join(input, 'd-jiaxing-gbk.txt'), iconv.encode(text, 'gb18030'));
    const out = tempDir('out');
    const first = build([input], out);
    const summary = await first.promise;
    expect(openIndex(out).documents.map((d) => d.id).sort()).toEqual(['a-jiaxing', 'c-wuxi']);
    const dups = summary.skipped.filter((k) => k.code === 'FILE_DUPLICATE');
    expect(dups.map((k) => k.file.split('/').pop()).sort()).toEqual(['b-jiaxing-copy.txt', 'd-jiaxing-gbk.txt']);
    for (const k of dups) expect(k.message).toContain('same text as a-jiaxing.txt');
    // Nothing changed: the index is not stale. The first goes: a copy takes its place.
    expect(staleReason(out, [input])).toBeNull();
    rmSync(join(input, 'a-jiaxing.txt'));
    await build([input], out).promise;
    const ids = openIndex(out).documents.map((d) => d.id).sort();
    expect(ids).toHaveLength(2);
    expect(ids).toContain('c-wuxi');
    expect(ids.some((id) => id.includes('jiaxing'))).toBe(true);
  });

  it('a copy added later is found by an incremental run too', async () => {
    const text = policyText('湖州市', 4);
    // Enough documents that one more is a patch (at most a tenth of the clauses change), not a full build.
    const others = ['无锡市', '嘉兴市', '常州市', '南通市', '扬州市', '镇江市', '泰州市', '宿迁市', '盐城市', '淮安市', '徐州市', '温州市'];
    const input = writeCorpus(tempDir('dup2'), Object.fromEntries([['huzhou.txt', text], ...others.map((c, i) => [`other-${i}.txt`, policyText(c, 4)])]));
    const out = tempDir('out');
    await build([input], out).promise;
    writeCorpus(input, { 'huzhou (1).txt': text });
    const { logs, promise } = build([input], out);
    const summary = await promise;
    expect(logs.some((l) => l.startsWith('incremental'))).toBe(true);
    const ids = openIndex(out).documents.map((d) => d.id);
    expect(ids).toHaveLength(others.length + 1);
    expect(ids).not.toContain('huzhou_1_');
    expect(summary.skipped.map((k) => k.code)).toEqual(['FILE_DUPLICATE']);
  });
});

describe('a manifest entry for a file the folder lacks', () => {
  it('is named in the log, and the build goes on', async () => {
    const input = writeCorpus(tempDir('mf'), {
      'jiaxing.txt': policyText('嘉兴市', 3),
      'manifest.json': JSON.stringify({ documents: [{ file: 'jiaxing.txt', city: '嘉兴市' }, { file: 'jiaxng-typo.txt', city: '无锡市' }] }),
    });
    const { logs, promise } = build([input], tempDir('out'));
    await promise;
    expect(logs.some((l) => l.includes('has an entry for jiaxng-typo.txt, which is not in that folder'))).toBe(true);
    expect(logs.some((l) => l.includes('entry for jiaxing.txt'))).toBe(false);
  });
});

describe('what the text and the page say about a file', () => {
  it('names a second document found in a file in the log, and the first document keeps its own metadata', async () => {
    const two = [
      '绍兴市人民政府关于加快集成电路产业发展的若干意见', '绍政发〔2021〕5号', '各区、县（市）人民政府：', '一、对新引进的集成电路制造项目，按设备投资额的10%给予补助。',
      '绍兴市人民政府', '2021年3月1日', '', '',
      '嘉兴市人民政府办公室关于推进绿色智造的实施意见', '嘉政办发〔2022〕41号', '一、到2025年，全市累计创建省级以上绿色工厂150家。', '嘉兴市人民政府办公室', '2022年9月9日',
    ].join('\n');
    const input = writeCorpus(tempDir('two'), { 'two.txt': two, 'wuxi.txt': policyText('无锡市', 3) });
    const out = tempDir('out');
    const { logs, promise } = build([input], out);
    await promise;
    expect(logs.filter((l) => l.startsWith('two.txt: a second document begins at its title 嘉兴市人民政府办公室关于推进绿色智造的实施意见 (嘉政办发〔2022〕41号)'))).toHaveLength(1);
    expect(logs.some((l) => l.startsWith('wuxi.txt: a second document'))).toBe(false);
    expect(openIndex(out).documents.find((d) => d.file === 'two.txt')).toMatchObject({ city: '绍兴市', date: '2021-03-01', docNumber: '绍政发〔2021〕5号' });
    // Kept with the build's warnings, which the run's summary and the corpus page list (it had only been printed).
    const manifest = JSON.parse(readFileSync(join(out, MANIFEST_FILE), 'utf8')) as IndexManifest;
    expect(manifest.warnings).toEqual([{ file: join(input, 'two.txt'), code: 'SECOND_DOCUMENT', message: expect.stringMatching(/^two\.txt: a second document begins at its title 嘉兴市/u) }]);
  });

  it('dates a page by the 成文日期 of its 信息公开 table when the text gives none', async () => {
    const page = `<html><head><title>关于印发靖江市制造业智能化改造实施细则的通知</title></head><body>
      <div class="xxgk"><table><tr><td>成文日期：</td><td>2024-05-20</td><td>文号：</td><td>靖工信发〔2024〕6号</td></tr></table></div>
      <div class="TRS_Editor"><p>各区镇工业分管部门：</p><p>一、对智能化改造项目按设备投资额的10%给予补助。</p><p>二、本细则自2024年6月1日起施行。</p></div>
    </body></html>`;
    const input = writeCorpus(tempDir('page'), { 'jingjiang.html': page });
    const out = tempDir('out');
    await build([input], out).promise;
    expect(openIndex(out).documents[0]).toMatchObject({ date: '2024-05-20', docNumber: '靖工信发〔2024〕6号' });
  });
});

describe('a file with only a title', () => {
  it('is skipped as FILE_EMPTY saying it has a title but no clause, and reading reports its progress', async () => {
    const input = writeCorpus(tempDir('title'), { 'jiaxing.txt': policyText('嘉兴市', 3), 'cover.txt': '嘉兴市关于推进制造业高质量发展的实施意见\n' });
    const progress: [number, number][] = [];
    const summary = await build([input], tempDir('out'), { onReadProgress: (done, total) => progress.push([done, total]) }).promise;
    const skip = summary.skipped.find((k) => k.file.endsWith('cover.txt'))!;
    expect(skip.code).toBe('FILE_EMPTY');
    expect(skip.message).toContain('It has a title (嘉兴市关于推进制造业高质量发展的实施意见) but no clause under it');
    expect(progress.at(-1)).toEqual([2, 2]);
  });
});

describe('a file keeps its id when others arrive', () => {
  it('a copy or a same-stem file added later never takes an indexed document\'s id, and the shortest name wins a fresh build', async () => {
    const text = policyText('嘉兴市', 4);
    const input = writeCorpus(tempDir('ids'), { '政策.txt': text, 'wuxi.txt': policyText('无锡市', 4) });
    const out = tempDir('out');
    await build([input], out).promise;
    const idOf = (file: string) => openIndex(out).documents.find((d) => d.file === file)?.id;
    expect(idOf('政策.txt')).toBe('政策');
    // 政策(1).txt sorts before 政策.txt and holds the same text; 政策.md sorts before it and holds another.
    writeCorpus(input, { '政策(1).txt': text, '政策.md': policyText('湖州市', 4) });
    const summary = await build([input], out).promise;
    expect(idOf('政策.txt')).toBe('政策');
    expect(idOf('政策.md')).toBe('政策-md');
    expect(summary.skipped.find((k) => k.file.endsWith('政策(1).txt'))?.code).toBe('FILE_DUPLICATE');
    // A fresh build of three copies keeps the shortest name.
    const fresh = writeCorpus(tempDir('copies'), { '通知.txt': text, '通知(1).txt': text, '通知 - 副本.txt': text, 'wuxi.txt': policyText('无锡市', 4) });
    const freshOut = tempDir('out');
    await build([fresh], freshOut).promise;
    expect(openIndex(freshOut).documents.map((d) => d.file).sort()).toEqual(['wuxi.txt', '通知.txt']);
  });
});
