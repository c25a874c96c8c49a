/**
 * Bounded reading: files are read in a worker thread under a time limit and a heap limit. A reader that never
 * finishes (spinning or waiting) is stopped with FILE_TIMEOUT, one that exhausts its heap with FILE_TOO_COMPLEX,
 * and the next file is read by a fresh worker. Pathological readers are injected (pathological-reader.ts).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BoundedReader, DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_MS, readBoundsFromEnv } from '../../src/ingest/bounded-read.js';
import { readDocumentBuffer, readDocumentFile } from '../../src/ingest/read-file.js';
import { makePdf, tempDir } from './fixtures.js';

const { dir, cleanup } = tempDir('policylens-bounded-');
afterAll(cleanup);
const PATHOLOGICAL = new URL('./pathological-reader.ts', import.meta.url).href;
const TEXT = '一、总体要求\n支持专精特新企业发展，对首次认定的国家级专精特新“小巨人”企业给予一次性奖励。\n';

function write(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

describe('BoundedReader', () => {
  it('reads text and PDF files exactly as the in-process reader does', async () => {
    const txt = write('measures.txt', TEXT);
    const pdf = write('digest.pdf', makePdf([{ lines: [{ x: 72, y: 760, text: 'Municipal policy digest: support for small manufacturers.' }] }]));
    const reader = new BoundedReader();
    try {
      expect(await reader.read(txt)).toEqual(await readDocumentFile(txt));
      expect(await reader.read(pdf)).toEqual(await readDocumentFile(pdf));
    } finally {
      await reader.close();
    }
  });

  it('passes the reader’s own coded errors through', async () => {
    const reader = new BoundedReader();
    try {
      await expect(reader.read(write('empty.txt', ''))).rejects.toMatchObject({ code: 'FILE_EMPTY', message: expect.stringContaining('empty.txt') });
      await expect(reader.read(write('big.txt', TEXT.repeat(50)), { maxBytes: 100 })).rejects.toMatchObject({ code: 'FILE_TOO_LARGE' });
    } finally {
      await reader.close();
    }
  });

  it('stops a reader that spins or never settles with FILE_TIMEOUT naming the file, then reads the next file', async () => {
    const reader = new BoundedReader({ module: PATHOLOGICAL, bounds: { timeoutMs: 1500 } });
    try {
      const t0 = performance.now();
      await expect(reader.read(write('never-ends.txt', TEXT))).rejects.toMatchObject({
        code: 'FILE_TIMEOUT',
        message: expect.stringMatching(/never-ends\.txt took longer than 1\.5 s.*--file-timeout/),
      });
      expect(performance.now() - t0).toBeLessThan(15_000);
      await expect(reader.read(write('never-settles.txt', TEXT))).rejects.toMatchObject({ code: 'FILE_TIMEOUT', message: expect.stringContaining('never-settles.txt') });
      const next = await reader.read(write('after.txt', TEXT));
      expect(next.text).toContain('专精特新');
    } finally {
      await reader.close();
    }
  });

  it('stops a reader that exhausts its heap with FILE_TOO_COMPLEX naming the file, then reads the next file', async () => {
    const reader = new BoundedReader({ module: PATHOLOGICAL, bounds: { memoryMb: 48, timeoutMs: 60_000 } });
    try {
      await expect(reader.read(write('memory-hog.txt', TEXT))).rejects.toMatchObject({
        code: 'FILE_TOO_COMPLEX',
        message: expect.stringMatching(/memory-hog\.txt needed more than 48 MB.*--file-memory/),
      });
      expect((await reader.read(write('after-hog.txt', TEXT))).text).toContain('专精特新');
    } finally {
      await reader.close();
    }
  });

  it('reads a document held in memory (an upload) under the same bounds', async () => {
    const reader = new BoundedReader({ module: PATHOLOGICAL, bounds: { timeoutMs: 1500 } });
    try {
      const bytes = Buffer.from(TEXT, 'utf8');
      expect(await reader.readBuffer(bytes, 'draft.txt')).toEqual(await readDocumentBuffer(bytes, 'draft.txt'));
      await expect(reader.readBuffer(Buffer.from(`never-ends\n${TEXT}`), 'upload.txt')).rejects.toMatchObject({ code: 'FILE_TIMEOUT', message: expect.stringContaining('upload.txt') });
      await expect(reader.readBuffer(Buffer.alloc(0), 'empty.md')).rejects.toMatchObject({ code: 'FILE_EMPTY' });
    } finally {
      await reader.close();
    }
  });

  it('cancels a read when its signal aborts (an upload whose client left): at once, not at the time limit', async () => {
    const reader = new BoundedReader({ module: PATHOLOGICAL, bounds: { timeoutMs: 60_000 } });
    try {
      const controller = new AbortController();
      const t0 = performance.now();
      setTimeout(() => controller.abort(), 300);
      await expect(reader.readBuffer(Buffer.from(`never-ends\n${TEXT}`), 'upload.txt', {}, controller.signal)).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('cancelled') });
      expect(performance.now() - t0).toBeLessThan(10_000);
      // An already aborted signal starts nothing; the next read gets a fresh worker.
      await expect(reader.readBuffer(Buffer.from(TEXT), 'draft.txt', {}, controller.signal)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      const live = new AbortController();
      expect((await reader.readBuffer(Buffer.from(TEXT), 'draft.txt', {}, live.signal)).text).toContain('专精特新');
      live.abort(); // after the read: nothing left to cancel
      expect((await reader.readBuffer(Buffer.from(TEXT), 'draft.txt')).text).toContain('专精特新');
    } finally {
      await reader.close();
    }
  });

  it('takes its limits from the options, then the environment, then the defaults', () => {
    expect(new BoundedReader().bounds).toEqual({ timeoutMs: DEFAULT_TIMEOUT_MS, memoryMb: DEFAULT_MEMORY_MB });
    expect(readBoundsFromEnv({ POLICYLENS_FILE_TIMEOUT_MS: '2500', POLICYLENS_FILE_MEMORY_MB: '256' })).toEqual({ timeoutMs: 2500, memoryMb: 256 });
    expect(readBoundsFromEnv({})).toEqual({});
    expect(() => readBoundsFromEnv({ POLICYLENS_FILE_TIMEOUT_MS: '10s' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('POLICYLENS_FILE_TIMEOUT_MS') }));
    expect(() => readBoundsFromEnv({ POLICYLENS_FILE_MEMORY_MB: '4' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});
