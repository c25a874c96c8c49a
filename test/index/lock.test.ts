import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock, LOCK_FILE } from '../../src/index/lock.js';

describe('index lock', () => {
  it('refuses a second holder and names the process that holds it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pl-lock-'));
    const release = acquireLock(dir);
    try {
      expect(() => acquireLock(dir)).toThrow(expect.objectContaining({ code: 'INDEX_LOCKED', message: expect.stringContaining(`pid ${process.pid}`) }));
    } finally {
      release();
    }
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    acquireLock(dir)();
  });

  it('takes over a lock whose process is gone (kill -9)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pl-lock-'));
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    const pid = child.pid!;
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, host: (await import('node:os')).hostname(), startedAt: 'then', command: 'index' }));
    const release = acquireLock(dir);
    release();
  });

  it('treats a half-written lock file as stale', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pl-lock-'));
    writeFileSync(join(dir, LOCK_FILE), '{"pid": 12');
    acquireLock(dir)();
  });
});
