/**
 * Confidential by design, proved: a draft carrying a unique marker goes through every route of the drafting desk
 * (JSON, form, multipart .docx upload, Word and CSV exports, the page, the progress stream, refusals) on the real seed
 * index with the real model, and
 * - no file is written: every write API of node:fs is spied on (patched and re-exported to ES modules with
 *   `syncBuiltinESMExports`), and the project folder and the temp folder are scanned for files changed meanwhile;
 * - the log (at debug level), stdout and stderr never carry it;
 * - no cache keeps it: once the requests are over and the garbage collected, a heap snapshot of the process does not
 *   contain it. The marker is held by this test only as bytes (a Buffer's contents are not in a heap snapshot's
 *   strings), so any string with it in the heap is one the server kept.
 */
import { randomBytes } from 'node:crypto';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type express from 'express';
import { analysisFor } from '../../src/analysis/index.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { createApp } from '../../src/server/app.js';
import { captureLog, type CapturedLog } from '../server/helpers.js';
import { seedEngine } from '../helpers/seed-index.js';

const require = createRequire(import.meta.url);
const fs = require('node:fs') as typeof import('node:fs');

/**
 * The marker as bytes: lower-case ASCII letters and digits, which jieba keeps as one token and folding leaves as they
 * are, so that it reaches every stage a word of a draft reaches in the same form (a search term, a cache key …).
 */
const MARKER = Buffer.from(`qzx${randomBytes(6).toString('hex')}`);
const marker = () => MARKER.toString('latin1');

/** Every write-capable function of node:fs, by name, on the module and on fs.promises. */
const WRITERS = [
  'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'createWriteStream', 'write', 'writeSync', 'writev', 'writevSync',
  'copyFile', 'copyFileSync', 'cp', 'cpSync', 'rename', 'renameSync', 'truncate', 'truncateSync', 'mkdtemp', 'mkdtempSync', 'symlink',
  'symlinkSync', 'link', 'linkSync',
] as const;
const PROMISE_WRITERS = ['writeFile', 'appendFile', 'copyFile', 'cp', 'rename', 'truncate', 'mkdtemp', 'symlink', 'link'] as const;

interface Recorded {
  api: string;
  args: string;
}

let app: express.Express;
let log: CapturedLog;
const calls: Recorded[] = [];
const restore: (() => void)[] = [];
let recording = false;

/** Wraps `obj[name]` so that a call while recording is noted (with its arguments, to look for the marker). */
function spy(obj: Record<string, unknown>, name: string, label: string): void {
  const original = obj[name];
  if (typeof original !== 'function') return;
  obj[name] = function (this: unknown, ...args: unknown[]) {
    if (recording) calls.push({ api: label, args: args.map((a) => (Buffer.isBuffer(a) ? a.toString('latin1') : String(a))).join(' ').slice(0, 200_000) });
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  };
  restore.push(() => (obj[name] = original));
}

/** `open` is a write only with a writing flag. */
function spyOpen(obj: Record<string, unknown>, name: string, label: string): void {
  const original = obj[name];
  if (typeof original !== 'function') return;
  obj[name] = function (this: unknown, ...args: unknown[]) {
    const flags = args[1];
    const writing = typeof flags === 'string' ? /[wa+]/.test(flags) : typeof flags === 'number' ? (flags & (fs.constants.O_WRONLY | fs.constants.O_RDWR | fs.constants.O_CREAT)) !== 0 : false;
    if (recording && writing) calls.push({ api: label, args: String(args[0]) });
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  };
  restore.push(() => (obj[name] = original));
}

/** Files under `dir` with their size and modification time (node_modules, models, .git left out). */
function snapshot(dir: string, depth = 6, out = new Map<string, string>()): Map<string, string> {
  if (depth < 0) return out;
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    if (['node_modules', 'models', '.git'].includes(e.name)) continue;
    const p = join(dir, e.name);
    try {
      if (e.isDirectory()) snapshot(p, depth - 1, out);
      else if (e.isFile()) {
        const s = statSync(p);
        out.set(p, `${s.size}:${s.mtimeMs}`);
      }
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after].filter(([p, v]) => before.get(p) !== v).map(([p]) => p);
}

/** Streams a heap snapshot of this process (after a full GC) and says which of `needles` occur in it. */
async function heapContains(needles: Buffer[]): Promise<boolean[]> {
  const session = new Session();
  session.connect();
  const post = (method: string) => new Promise<void>((resolve, reject) => session.post(method, (err) => (err ? reject(err) : resolve())));
  const found = needles.map(() => false);
  const longest = Math.max(...needles.map((n) => n.length));
  let tail = Buffer.alloc(0);
  session.on('HeapProfiler.addHeapSnapshotChunk', (m) => {
    const chunk = Buffer.concat([tail, Buffer.from((m.params as { chunk: string }).chunk, 'latin1')]);
    needles.forEach((n, i) => {
      if (!found[i] && chunk.indexOf(n) !== -1) found[i] = true;
    });
    tail = chunk.subarray(Math.max(0, chunk.length - longest));
  });
  try {
    await post('HeapProfiler.enable');
    await post('HeapProfiler.collectGarbage');
    await post('HeapProfiler.collectGarbage');
    await post('HeapProfiler.takeHeapSnapshot');
  } finally {
    session.disconnect();
  }
  return found;
}

beforeAll(async () => {
  const engine = await seedEngine();
  log = captureLog();
  app = createApp({ engine: () => engine, analysis: () => analysisFor(engine), logger: log.logger });
  // Warm the analysis (measure statistics, targets) so that what is computed once per index is not counted.
  await request(app).post('/api/draft').send({ text: '(一)推进技术改造。支持企业开展智能化改造和数字化转型，按设备投资额给予补助。' }).expect(200);
  for (const name of WRITERS) spy(fs as unknown as Record<string, unknown>, name, `fs.${name}`);
  for (const name of PROMISE_WRITERS) spy(fs.promises as unknown as Record<string, unknown>, name, `fs.promises.${name}`);
  spyOpen(fs as unknown as Record<string, unknown>, 'open', 'fs.open');
  spyOpen(fs as unknown as Record<string, unknown>, 'openSync', 'fs.openSync');
  spyOpen(fs.promises as unknown as Record<string, unknown>, 'open', 'fs.promises.open');
  syncBuiltinESMExports();
});

afterAll(() => {
  for (const r of restore.reverse()) r();
  syncBuiltinESMExports();
});

/** Sends a draft with the marker by every route; returns nothing (no response is kept, so no marker either). */
async function sendEverything(): Promise<void> {
  const text = [
    '某市关于支持制造业发展的若干措施（征求意见稿）',
    '一、支持企业技术改造',
    `(一)推进智能化改造。对${marker()}专项实施智能化改造的企业，按设备投资额的15%给予补助，最高300万元。`,
    `(二)建设工业互联网平台。支持企业建设工业互联网平台，对${marker()}平台给予一次性奖励100万元。`,
  ].join('\n');
  const docx = await Packer.toBuffer(new Document({ sections: [{ children: text.split('\n').map((t) => new Paragraph(t)) }] }));
  const statuses: number[] = [];
  const send = async (r: request.Test) => statuses.push((await r).status);
  await send(request(app).post('/api/draft').send({ text }));
  await send(request(app).post('/api/draft').type('form').send({ text }));
  await send(request(app).post('/api/draft').attach('file', docx, `${marker()}.docx`));
  await send(request(app).post('/api/draft?format=docx').send({ text }));
  await send(request(app).post('/api/draft?format=csv').attach('file', Buffer.from(text), `${marker()}.txt`));
  await send(request(app).post('/draft').type('form').send({ text }));
  await send(request(app).post('/draft').set('Accept', 'application/x-ndjson').field('text', text));
  // Refusals: a malformed body, a wrong type, text under a .doc name, a draft over the limit.
  await send(request(app).post('/api/draft').set('Content-Type', 'application/json').send(`{"text": "${text}`));
  await send(request(app).post('/api/draft').attach('file', Buffer.from(text), `${marker()}.wps`));
  await send(request(app).post('/api/draft').attach('file', Buffer.from(text), `${marker()}.doc`));
  await send(request(app).post('/api/draft').send({ text: text + '专'.repeat(50_000) }));
  expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 400, 415, 422, 413]);
}

describe('a draft leaves nothing behind', () => {
  it('is never written to a file, the log, stdout or stderr', async () => {
    const logged = log.lines().length;
    const project = snapshot(PROJECT_ROOT);
    const temp = snapshot(tmpdir(), 2);
    const written: string[] = [];
    const out = process.stdout.write.bind(process.stdout);
    const err = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => (written.push(String(chunk)), out(chunk as string, ...(rest as [])))) as typeof process.stdout.write;
    process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => (written.push(String(chunk)), err(chunk as string, ...(rest as [])))) as typeof process.stderr.write;
    recording = true;
    try {
      await sendEverything();
    } finally {
      recording = false;
      process.stdout.write = out;
      process.stderr.write = err;
    }
    const m = marker();
    expect(calls.map((c) => `${c.api} ${c.args.slice(0, 120)}`)).toEqual([]);
    expect(changed(project, snapshot(PROJECT_ROOT))).toEqual([]);
    // Other processes share the temp folder: what changed there must not hold the marker.
    for (const p of changed(temp, snapshot(tmpdir(), 2))) {
      let content = '';
      try {
        content = readFileSync(p, 'latin1');
      } catch {
        continue;
      }
      expect(content.includes(m), p).toBe(false);
    }
    expect(written.join('').includes(m)).toBe(false);
    const lines = log.lines().slice(logged);
    expect(lines.filter((l) => l.msg === 'draft analysed')).toHaveLength(7);
    expect(JSON.stringify(lines).includes(m)).toBe(false);
  });

  it('is kept by no cache: after the requests, the heap holds no string with it', async () => {
    await sendEverything();
    // Let sockets and timers of the finished requests close.
    await new Promise((r) => setTimeout(r, 200));
    // The check can fail: a string this test holds (another marker, made the same way) is found in the same snapshot.
    const control = Buffer.from(`qzy${randomBytes(6).toString('hex')}`);
    const held = [`held ${control.toString('latin1')}`];
    expect(await heapContains([MARKER, control])).toEqual([false, true]);
    expect(held).toHaveLength(1);
  }, 300_000);
});
