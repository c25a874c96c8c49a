/**
 * A structural check of an OLE compound file (the container of a Word 97–2003 .doc) before word-extractor reads it.
 *
 * word-extractor follows sector chains without checking for cycles (it stops only a sector that points at itself)
 * and sizes its tables and buffers from the header's counts. A .doc whose directory chain runs in a circle of two
 * sectors made it grow one array until V8 gave up: a fatal out-of-memory that killed the whole process, even inside a
 * worker with a heap limit (one huge array growth is not stopped by the worker's limit; measured on Node 20 with
 * `test/ingest/fixtures.ts`'s withCircularSectorChain). So the container is checked first, in O(sectors):
 *
 * - the sector size is 512 or 4096 bytes;
 * - the allocation tables (FAT, and the DIFAT sectors that list them) fit in the file, each sector used once;
 * - no chain of the FAT, or of the mini FAT for small streams, runs in a circle.
 *
 * Pure: bytes in, a reason or null out. Layout: [MS-CFB] 2.2 (header), 2.3 (FAT), 2.5 (DIFAT), 2.4 (mini FAT).
 */

const HEADER_DIFAT_ENTRIES = 109;

/** Any chain of `next` (a sector's successor, negative at the end or free) that runs in a circle, or null. */
function cycleIn(next: Int32Array): number | null {
  // 0 unvisited, 1 on the path being walked, 2 known to end.
  const state = new Uint8Array(next.length);
  const path: number[] = [];
  for (let start = 0; start < next.length; start++) {
    let s = start;
    while (s >= 0 && s < next.length && state[s] === 0) {
      state[s] = 1;
      path.push(s);
      s = next[s]!;
    }
    if (s >= 0 && s < next.length && state[s] === 1) return s;
    for (const p of path) state[p] = 2;
    path.length = 0;
  }
  return null;
}

/**
 * Why an OLE compound file cannot be read safely, or null when its container is sound.
 * @example compoundFileProblem(readFileSync('附件1.doc')) // null
 */
export function compoundFileProblem(bytes: Uint8Array): string | null {
  if (bytes.length < 512) return 'shorter than its 512-byte header';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const i32 = (at: number) => view.getInt32(at, true);

  const shift = u16(0x1e);
  if (shift !== 9 && shift !== 12) return `sector size 2^${shift} (only 512 and 4096 exist)`;
  const sectorSize = 1 << shift;
  const sectors = Math.max(0, Math.floor(bytes.length / sectorSize) - 1);
  const sectorAt = (s: number) => (s + 1) * sectorSize;
  const entriesPerSector = sectorSize / 4;

  // The FAT's sectors: the header lists the first 109, DIFAT sectors the rest.
  const fatCount = i32(0x2c);
  if (fatCount < 0 || fatCount > sectors) return `its header counts ${fatCount} allocation-table sectors in a file of ${sectors} sectors`;
  const fatSectors: number[] = [];
  for (let k = 0; k < Math.min(fatCount, HEADER_DIFAT_ENTRIES); k++) fatSectors.push(i32(0x4c + 4 * k));
  const difatSeen = new Set<number>();
  let difat = i32(0x44);
  while (fatSectors.length < fatCount) {
    if (difat < 0 || difat >= sectors) return 'its list of allocation-table sectors ends early or points outside the file';
    if (difatSeen.has(difat)) return 'its list of allocation-table sectors runs in a circle';
    difatSeen.add(difat);
    for (let k = 0; k < entriesPerSector - 1 && fatSectors.length < fatCount; k++) fatSectors.push(i32(sectorAt(difat) + 4 * k));
    difat = i32(sectorAt(difat) + sectorSize - 4);
  }
  const fatSeen = new Set<number>();
  for (const s of fatSectors) {
    if (s < 0 || s >= sectors) return 'an allocation-table sector lies outside the file';
    if (fatSeen.has(s)) return 'an allocation-table sector is listed twice';
    fatSeen.add(s);
  }

  // Every entry, also those past the file's end: the reader indexes its table by whatever a chain says.
  const fat = new Int32Array(fatCount * entriesPerSector);
  for (let i = 0; i < fat.length; i++) fat[i] = i32(sectorAt(fatSectors[Math.floor(i / entriesPerSector)]!) + 4 * (i % entriesPerSector));
  const fatCycle = cycleIn(fat);
  if (fatCycle !== null) return `the sector chain through sector ${fatCycle} runs in a circle`;

  // The mini FAT (small streams' 64-byte sectors), itself stored in a FAT chain, which is now known to end.
  const miniEntries: number[] = [];
  const miniCount = i32(0x40);
  if (miniCount < 0 || miniCount > sectors) return `its header counts ${miniCount} mini-table sectors in a file of ${sectors} sectors`;
  for (let s = i32(0x3c), k = 0; s >= 0 && s < fat.length && k < miniCount; s = fat[s]!, k++) {
    for (let e = 0; e < entriesPerSector; e++) miniEntries.push(i32(sectorAt(s) + 4 * e));
  }
  const miniCycle = cycleIn(Int32Array.from(miniEntries));
  if (miniCycle !== null) return `the small-stream chain through mini sector ${miniCycle} runs in a circle`;
  return null;
}
