/**
 * The embedder spread over worker processes, with the real model: vectors must not depend on how many sessions run
 * or which one embedded a text (one text per run), queries are bounded, and a dead worker is replaced.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, modelsDir } from '../../src/config.js';
import { createEmbedder, type Embedder } from '../../src/embed/embedder.js';
import { ProcessSlot } from '../../src/embed/worker-pool.js';
import { isPolicyLensError } from '../../src/errors.js';

/** A handful of real clauses from the seed corpus (lines long enough to be clauses). */
function seedParagraphs(n: number): string[] {
  const files = ['000_dcbe0bbe788de573.txt', '002_86af085e02e72586.txt', '004_76d2946b7ea30b47.txt'];
  const lines = files.flatMap((f) => readFileSync(join(PROJECT_ROOT, 'seeds', f), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l.length >= 40));
  return Array.from({ length: n }, (_, i) => lines[Math.floor((i * lines.length) / n)]!);
}

const bits = (v: Float32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex');

describe('createEmbedder over worker processes', () => {
  const texts = seedParagraphs(8);
  let one: Embedder;
  let two: Embedder;
  beforeAll(async () => {
    [one, two] = await Promise.all([createEmbedder({ workers: 1 }), createEmbedder({ workers: 2, maxQueuedQueries: 1 })]);
  });
  afterAll(async () => {
    await Promise.all([one?.dispose(), two?.dispose()]);
  });

  it('gives bit-identical vectors through 1 worker, 2 workers and the main thread', async () => {
    const a = await one.embed(texts);
    const b = await two.embed(texts);
    expect(a).toHaveLength(texts.length);
    expect(a.map(bits)).toEqual(b.map(bits));
    // Every text a different vector, normalised: the comparison above compares real embeddings.
    expect(new Set(a.map(bits)).size).toBe(texts.length);
    for (const v of a) expect(Math.hypot(...v)).toBeCloseTo(1, 4);
    const main = await createEmbedder({ workers: 0, intraOpThreads: 2 });
    try {
      expect((await main.embed(texts)).map(bits)).toEqual(a.map(bits));
    } finally {
      await main.dispose();
    }
  });

  it('embeds a query exactly as the same text passed as a passage', async () => {
    const [passage] = await two.embed([texts[3]!]);
    expect(bits(await two.embedQuery(texts[3]!))).toBe(bits(passage!));
  });

  it('reports progress once per text and keeps input order', async () => {
    const seen: number[] = [];
    const shuffled = [texts[5]!, texts[0]!, texts[5]!];
    const out = await two.embed(shuffled, (done) => seen.push(done));
    expect(seen).toEqual([1, 2, 3]);
    expect(bits(out[0]!)).toBe(bits(out[2]!));
    expect(bits(out[0]!)).not.toBe(bits(out[1]!));
  });

  it('refuses queries beyond its bounded queue with BUSY, and answers the rest', async () => {
    // Two sessions busy, one query waiting (maxQueuedQueries 1): of six at once, three are refused.
    const results = await Promise.allSettled(texts.slice(0, 6).map((t) => two.embedQuery(t)));
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(3);
    for (const r of refused) expect(isPolicyLensError(r.reason) && r.reason.code === 'BUSY').toBe(true);
    expect(results.slice(0, 3).every((r) => r.status === 'fulfilled')).toBe(true);
  });
});

describe('ProcessSlot', () => {
  it('replaces a worker that died: the text in flight fails, the next one is embedded', async () => {
    const slot = await ProcessSlot.start({ modelsDir: modelsDir(), intraOpThreads: 1 });
    try {
      const before = await slot.embedOne('推动中小企业数字化转型');
      const pid = slot.pid!;
      const inFlight = slot.embedOne('支持企业开展智能化改造');
      process.kill(pid, 'SIGKILL');
      await expect(inFlight).rejects.toThrow(/exited/);
      const after = await slot.embedOne('推动中小企业数字化转型');
      expect(slot.pid).not.toBe(pid);
      expect(bits(after)).toBe(bits(before));
    } finally {
      await slot.close();
    }
    expect(slot.pid).toBeUndefined();
  });

  it('hands a loaded worker the text before returning, so that what the caller does next overlaps the model run', async () => {
    const slot = await ProcessSlot.start({ modelsDir: modelsDir(), intraOpThreads: 1 });
    try {
      const expected = await slot.embedOne('推动中小企业数字化转型');
      const child = (slot as unknown as { child: { send: (...args: unknown[]) => boolean } }).child;
      const sent: unknown[] = [];
      const send = child.send.bind(child);
      child.send = (...args: unknown[]) => {
        sent.push(args[0]);
        return send(...args);
      };
      const pending = slot.embedOne('推动中小企业数字化转型');
      // Synchronously, before any microtask: the request is already on its way to the worker.
      expect(sent).toEqual([expect.objectContaining({ text: '推动中小企业数字化转型' })]);
      expect(bits(await pending)).toBe(bits(expected));
    } finally {
      await slot.close();
    }
  });

  it('fails with MODEL_MISSING, naming the fix, when the model is not there', async () => {
    await expect(createEmbedder({ modelsDir: join(PROJECT_ROOT, 'no-such-models'), workers: 1 })).rejects.toMatchObject({ code: 'MODEL_MISSING' });
  });
});
