/**
 * One indexing run at a time per index folder: an exclusive lock file holding the owner's pid.
 * A lock whose process is gone (kill -9) is stale and taken over. Taking over is done by renaming the stale file
 * aside and checking that what was moved is the stale lock, so that two runs finding the same stale lock cannot
 * both win, nor one of them delete the lock the other has just taken.
 */
import { closeSync, linkSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createError } from '../errors.js';

export const LOCK_FILE = '.lock';

/** What the lock file says about the run that holds it. */
export interface LockInfo {
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

/** The lock file's content as text and as parsed info; null info when half-written or unreadable. */
function readLock(path: string): { text: string; info: LockInfo | null } | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    const info = JSON.parse(text) as LockInfo;
    return { text, info: Number.isInteger(info.pid) && typeof info.host === 'string' ? info : null };
  } catch {
    return { text, info: null }; // half-written by a process killed mid-write: stale
  }
}

/** A lock is live when its process runs on this host, or when it was taken on another host (we cannot tell). */
function isLive(info: LockInfo | null): info is LockInfo {
  return !!info && (info.host !== hostname() || isAlive(info.pid));
}

function lockedError(path: string, indexDir: string, holder: LockInfo): Error {
  if (holder.host !== hostname()) {
    return createError('INDEX_LOCKED', `${path} is held by pid ${holder.pid} on host ${holder.host}. If no indexing run is active there, delete ${path}.`, { pid: holder.pid });
  }
  return createError(
    'INDEX_LOCKED',
    `Another indexing run (pid ${holder.pid}, started ${holder.startedAt}: ${holder.command}) is writing ${indexDir}. Wait for it to finish, or stop that process (kill ${holder.pid}).`,
    { pid: holder.pid },
  );
}

/**
 * The run that holds the index folder's lock, or null when it is free or its holder is gone. Lets a CLI refuse
 * early, before loading the model; `acquireLock` remains the only real test.
 */
export function lockHolder(indexDir: string): LockInfo | null {
  const found = readLock(join(indexDir, LOCK_FILE));
  return found && isLive(found.info) ? found.info : null;
}

/** Throws INDEX_LOCKED naming the holder's pid when another live run holds the lock. */
export function assertUnlocked(indexDir: string): void {
  const holder = lockHolder(indexDir);
  if (holder && !(holder.pid === process.pid && holder.host === hostname())) throw lockedError(join(indexDir, LOCK_FILE), indexDir, holder);
}

/**
 * Moves a stale lock out of the way. Returns false when the file changed since it was judged stale (another run
 * took it over first); the file moved aside is then put back if it was a live lock.
 */
function removeStale(path: string, staleText: string): boolean {
  const aside = `${path}.stale-${process.pid}-${Date.now()}`;
  try {
    renameSync(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false; // someone else moved it first
    throw e;
  }
  const moved = readLock(aside);
  if (moved && moved.text !== staleText && isLive(moved.info)) {
    // We moved a fresh lock that replaced the stale one meanwhile: put it back unless yet another run holds the name.
    try {
      linkSync(aside, path);
    } catch {
      /* the name is taken again; its holder will be found by the next attempt */
    }
    rmSync(aside, { force: true });
    return false;
  }
  rmSync(aside, { force: true });
  return true;
}

/**
 * Creates `path` with `text` atomically: written to a private file, then hard-linked to the lock's name, which
 * fails with EEXIST when the name is taken. Another run never sees the lock empty or half-written.
 */
function createComplete(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw e;
    // No hard links on this filesystem: exclusive create, then write (a crash in between leaves an empty, stale lock).
    const lock = openSync(path, 'wx');
    try {
      writeSync(lock, text);
    } finally {
      closeSync(lock);
    }
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** Takes the lock or throws INDEX_LOCKED naming the holder. Returns the release function. */
export function acquireLock(indexDir: string): () => void {
  const path = join(indexDir, LOCK_FILE);
  const info: LockInfo = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command: process.argv.slice(1).join(' ') };
  const text = JSON.stringify(info);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      createComplete(path, text);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        // Only our own lock: never delete one that another run took over (e.g. after we were judged stale).
        if (readLock(path)?.text === text) rmSync(path, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = readLock(path);
      if (!holder) continue; // released meanwhile: try again
      if (isLive(holder.info)) throw lockedError(path, indexDir, holder.info);
      removeStale(path, holder.text);
    }
  }
  throw createError('INDEX_LOCKED', `Could not take the lock ${path}: other runs keep taking it. Try again.`);
}
