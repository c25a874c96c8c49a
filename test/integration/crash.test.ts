/**
 * Crash safety with the real model: `kill -9` of `npm run index` while it embeds leaves the previous index serving
 * and the next run completes; a second run is refused while the first holds the lock; and a running server keeps
 * answering from the old index while a new one is built, then switches to it without a restart.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { LOCK_FILE } from '../../src/index/lock.js';
import { MANIFEST_FILE, type IndexManifest } from '../../src/index/manifest.js';
import { openIndex } from '../../src/index/reader.js';
import { killRunning, runCli, runToEnd } from '../helpers/cli.js';
import { policyText, writeCorpus } from '../helpers/policy-corpus.js';
import { sharedEmbedder } from '../helpers/seed-index.js';

afterAll(() => {
  killRunning();
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

const created: string[] = [];
function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `pl-crash-${prefix}-`));
  created.push(dir);
  return dir;
}
const manifestText = (out: string) => readFileSync(join(out, MANIFEST_FILE), 'utf8');
const manifestOf = (out: string) => JSON.parse(manifestText(out)) as IndexManifest;
const builds = (out: string) => readdirSync(join(out, 'builds')).map((b) => `builds/${b}`).sort();

describe('kill -9 while indexing', () => {
  const input = writeCorpus(temp('in'), { 'jiaxing.txt': policyText('嘉兴市', 4), 'wuxi.txt': policyText('无锡市', 3) });
  const out = temp('index');
  let before: { manifest: string; build: string; counts: IndexManifest['counts'] };

  beforeAll(async () => {
    const summary = await buildIndex({ inputs: [input], out, embedder: await sharedEmbedder() });
    before = { manifest: manifestText(out), build: summary.manifest.build, counts: summary.manifest.counts };
  });

  it('refuses a second run while the first holds the lock, and after kill -9 the previous index still serves', async () => {
    // A document long enough that embedding takes a few seconds: the first run is caught in the middle of it.
    writeCorpus(input, { 'changzhou.txt': policyText('常州市', 160, '先进制造业集群培育') });
    const first = runCli('index-cmd', ['--input', input, '--out', out]);
    const [, done, total] = await first.waitFor(/embedded (\d+)\/(\d+)/, 90_000);
    // Frozen mid-embedding, so that it certainly still holds the lock while the second run tries.
    first.child.kill('SIGSTOP');
    expect(Number(done)).toBeLessThan(Number(total));
    expect(JSON.parse(readFileSync(join(out, LOCK_FILE), 'utf8')).pid).toBe(first.pid);

    const second = await runToEnd('index-cmd', ['--input', input, '--out', out]);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`\\[INDEX_LOCKED\\]: Another indexing run \\(pid ${first.pid},`));

    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

    // The manifest is the one from before, and it names the old build, which opens with the old counts.
    expect(manifestText(out)).toBe(before.manifest);
    const index = openIndex(out);
    try {
      expect(index.manifest.build).toBe(before.build);
      expect(index.documents.map((d) => d.id)).toEqual(['jiaxing', 'wuxi']);
      expect(index.paragraphs.length).toBe(before.counts.paragraphs);
    } finally {
      index.close();
    }
    // What the killed run left: its (stale) lock and its half build, which nothing references.
    expect(existsSync(join(out, LOCK_FILE))).toBe(true);
    const leftovers = builds(out).filter((b) => b !== before.build);
    expect(leftovers).toHaveLength(1);
    expect(leftovers[0]).toContain(`-${first.pid}-`);
  });

  it('lets the next run take over the stale lock, clean the half build and complete', async () => {
    const next = await runToEnd('index-cmd', ['--input', input, '--out', out]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toMatch(/indexed 3 documents/);
    const manifest = manifestOf(out);
    expect(manifest.build).not.toBe(before.build);
    expect(builds(out)).toEqual([manifest.build]);
    expect(existsSync(join(out, LOCK_FILE))).toBe(false);
    // The unchanged documents' vectors (their clauses' and their sentences') were reused from the old build, not
    // embedded again.
    expect(manifest.counts.reused).toBe(before.counts.embedded + before.counts.reused);
    const index = openIndex(out);
    try {
      expect(index.documents.map((d) => d.id)).toEqual(['changzhou', 'jiaxing', 'wuxi']);
      expect(index.paragraphs.length).toBe(manifest.counts.paragraphs);
      expect(index.paragraphs.length).toBeGreaterThan(before.counts.paragraphs + 150);
    } finally {
      index.close();
    }
  });
});

describe('a running server while the index is rebuilt', () => {
  const corpusA = writeCorpus(temp('a'), { 'jiaxing.txt': policyText('嘉兴市', 4), 'wuxi.txt': policyText('无锡市', 3) });
  const corpusB = writeCorpus(temp('b'), { 'nantong.txt': policyText('南通市', 30, '数字经济'), 'yangzhou.txt': policyText('扬州市', 30, '数字经济') });
  const out = temp('index');

  it('keeps answering from the old index during the build and switches to the new one without a restart', async () => {
    await buildIndex({ inputs: [corpusA], out, embedder: await sharedEmbedder() });
    const server = runCli('start', [], { POLICYLENS_INDEX: out, PORT: '0', HOST: '127.0.0.1' });
    const [, url] = await server.waitFor(/PolicyLens: (http:\/\/\S+)/, 90_000);
    const documents = async () => {
      const res = await fetch(`${url}/api/documents`);
      expect(res.status).toBe(200);
      return ((await res.json()) as { documents: { id: string }[] }).documents.map((d) => d.id);
    };
    expect(await documents()).toEqual(['jiaxing', 'wuxi']);

    // Requests keep flowing while B is built into the same folder (its commit removes A's build folder) and
    // until the server has switched: none of them may fail.
    let flowing = true;
    const statuses: number[] = [];
    const traffic = (async () => {
      while (flowing) {
        for (const path of ['/api/documents', `/api/search?q=${encodeURIComponent('智能化改造补助')}&k=3`, '/api/health']) {
          const res = await fetch(url + path);
          await res.arrayBuffer();
          statuses.push(res.status);
        }
      }
    })();
    let seen: string[];
    try {
      await buildIndex({ inputs: [corpusB], out, embedder: await sharedEmbedder() });
      const committed = performance.now();
      seen = await documents();
      while (seen[0] !== 'nantong' && performance.now() - committed < 10_000) {
        await new Promise((r) => setTimeout(r, 200));
        seen = await documents();
      }
    } finally {
      flowing = false;
      await traffic;
    }
    expect(seen).toEqual(['nantong', 'yangzhou']);
    expect(statuses.length).toBeGreaterThan(3);
    expect(statuses.every((s) => s === 200), JSON.stringify(statuses)).toBe(true);
    const search = await fetch(`${url}/api/search?q=${encodeURIComponent('数字经济')}&k=3`);
    expect(search.status).toBe(200);
    const hits = ((await search.json()) as { results: { doc: { id: string } }[] }).results;
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(['nantong', 'yangzhou']).toContain(h.doc.id);
    // The same process served both: no restart.
    expect(server.child.exitCode).toBeNull();
    expect(server.stdout()).toMatch(/switched to the new index/);

    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
  });
});
