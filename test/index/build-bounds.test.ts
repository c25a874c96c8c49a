/**
 * Bounded reading in a real build (fake embedder): a file whose reader never finishes and one whose reader
 * exhausts its heap are skipped with FILE_TIMEOUT and FILE_TOO_COMPLEX, naming the file, while the other files
 * are indexed; a file indexed before that now times out keeps its earlier version. The pathological readers are
 * injected into the reading worker (test/ingest/pathological-reader.ts); all other files are read for real.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { createFakeEmbedder } from '../helpers/fake-embedder.js';
import { policyText, writeCorpus } from '../helpers/policy-corpus.js';

const created: string[] = [];
afterAll(() => created.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `pl-bounds-${prefix}-`));
  created.push(dir);
  return dir;
}

const readerModule = new URL('../ingest/pathological-reader.ts', import.meta.url).href;

describe('buildIndex with bounded reading', () => {
  it('skips a file that never finishes and one that exhausts memory, and indexes the rest', async () => {
    const input = writeCorpus(tempDir('in'), {
      'jiaxing.txt': policyText('嘉兴市', 6),
      'never-ends.txt': policyText('常州市', 4),
      'memory-hog.txt': policyText('南通市', 4),
      'wuxi.txt': policyText('无锡市', 5),
    });
    const logs: string[] = [];
    const t0 = performance.now();
    const summary = await buildIndex({
      inputs: [input],
      out: tempDir('out'),
      embedder: createFakeEmbedder(),
      readerModule,
      readBounds: { timeoutMs: 2000, memoryMb: 48 },
      log: (m) => logs.push(m),
    });
    expect(performance.now() - t0).toBeLessThan(60_000);
    const why = Object.fromEntries(summary.skipped.map((s) => [s.file.slice(input.length + 1), s]));
    expect(Object.keys(why).sort()).toEqual(['memory-hog.txt', 'never-ends.txt']);
    expect(why['never-ends.txt']).toMatchObject({ code: 'FILE_TIMEOUT', message: expect.stringContaining('never-ends.txt took longer than 2 s') });
    expect(why['memory-hog.txt']).toMatchObject({ code: 'FILE_TOO_COMPLEX', message: expect.stringContaining('memory-hog.txt needed more than 48 MB') });
    expect(summary.manifest.documents.map((d) => d.file).sort()).toEqual(['jiaxing.txt', 'wuxi.txt']);
    expect(summary.paragraphs).toBe(11);
    expect(logs.some((l) => /skipped .*never-ends\.txt: \[FILE_TIMEOUT\]/.test(l))).toBe(true);
  });

  it('keeps the version indexed before when a file now times out', async () => {
    const input = writeCorpus(tempDir('in'), { 'jiaxing.txt': policyText('嘉兴市', 6), 'changzhou.txt': policyText('常州市', 4) });
    const out = tempDir('out');
    const embedder = createFakeEmbedder();
    await buildIndex({ inputs: [input], out, embedder });
    // The same path, now with content the injected reader never finishes on.
    writeFileSync(join(input, 'changzhou.txt'), `never-ends\n${policyText('常州市', 4)}`);
    const summary = await buildIndex({ inputs: [input], out, embedder, readerModule, readBounds: { timeoutMs: 1500 } });
    expect(summary.skipped).toEqual([expect.objectContaining({ code: 'FILE_TIMEOUT', kept: true, message: expect.stringContaining('changzhou.txt') })]);
    expect(summary.manifest.documents.map((d) => d.file).sort()).toEqual(['changzhou.txt', 'jiaxing.txt']);
    expect(summary.paragraphs).toBe(10);
  });
});
