/**
 * One indexing run at a time per index folder: an exclusive lock file holding the owner's pid.
 * A lock whose process is gone (kill -9) is stale and taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createError } from '../errors.js';

export const LOCK_FILE = '.lock';

interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
  command: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock or throws INDEX_LOCKED naming the holder. Returns the release function. */
export function acquireLock(indexDir: string): () => void {
  const path = join(indexDir, LOCK_FILE);
  const info: LockInfo = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command: process.argv.slice(1).join(' ') };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(path, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder: LockInfo | null = null;
      try {
        holder = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
      } catch {
        holder = null; // half-written by a process killed mid-write: stale
      }
      if (holder && holder.host === info.host && isAlive(holder.pid)) {
        throw createError(
          'INDEX_LOCKED',
          `Another indexing run (pid ${holder.pid}, started ${holder.startedAt}: ${holder.command}) is writing ${indexDir}. Wait for it to finish, or stop that process.`,
          { pid: holder.pid },
        );
      }
      if (holder && holder.host !== info.host) {
        throw createError('INDEX_LOCKED', `${path} is held by pid ${holder.pid} on host ${holder.host}. If no run is active there, delete ${path}.`, { pid: holder.pid });
      }
      rmSync(path, { force: true }); // stale: its process is gone
    }
  }
  throw createError('INDEX_LOCKED', `Could not take the lock ${path}.`);
}
