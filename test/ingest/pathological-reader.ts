/**
 * A reader for the bounded-reading tests, loaded inside the reading worker in place of read-file.ts. A file whose
 * name contains, or whose text starts with, `never-ends` spins forever in synchronous code; `never-settles` returns
 * a promise that never settles; `memory-hog` fills the heap. Every other file is read by the real reader.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readDocumentBuffer as readBufferForReal, readDocumentFile as readForReal, type ReadOptions, type ReadResult } from '../../src/ingest/read-file.js';

function trigger(filePath: string): string | undefined {
  const head = readFileSync(filePath, 'utf8').slice(0, 20);
  return ['never-ends', 'never-settles', 'memory-hog'].find((t) => path.basename(filePath).includes(t) || head.startsWith(t));
}

export async function readDocumentFile(filePath: string, options?: ReadOptions): Promise<ReadResult> {
  switch (trigger(filePath)) {
    case 'never-ends': {
      let spins = 0;
      for (;;) spins++;
    }
    case 'never-settles':
      return new Promise<ReadResult>(() => {});
    case 'memory-hog': {
      const hoard: number[][] = [];
      for (;;) hoard.push(new Array<number>(100_000).fill(hoard.length + 0.5));
    }
    default:
      return readForReal(filePath, options);
  }
}

/** The same for a document in memory: `file` (its name) or its first bytes trigger. */
export async function readDocumentBuffer(bytes: Buffer, file: string, options?: ReadOptions): Promise<Omit<ReadResult, 'path'>> {
  const head = bytes.subarray(0, 20).toString('utf8');
  if (file.includes('never-ends') || head.startsWith('never-ends')) {
    let spins = 0;
    for (;;) spins++;
  }
  return readBufferForReal(bytes, file, options);
}
