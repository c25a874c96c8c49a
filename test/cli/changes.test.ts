import { describe, expect, it } from 'vitest';
import { documentChanges, failureLine, formatIgnored, formatSummary } from '../../src/cli/index-cmd.js';
import type { IndexManifest } from '../../src/index/manifest.js';

const manifest = (docs: [string, string][]) => ({ documents: docs.map(([path, sha256], i) => ({ id: `d${i}`, file: path.split('/').pop()!, path, sha256, paragraphs: 1 })) }) as unknown as IndexManifest;

describe('what a build changed', () => {
  it('names the files added, changed and removed since the build before, and nothing without one', () => {
    const before = manifest([['/in/a.txt', '1'], ['/in/b.txt', '2'], ['/in/c.txt', '3']]);
    const after = manifest([['/in/a.txt', '1'], ['/in/b.txt', '9'], ['/in/d.txt', '4']]);
    const changes = documentChanges(before, after);
    expect(changes).toEqual({ added: ['/in/d.txt'], changed: ['/in/b.txt'], removed: ['/in/c.txt'] });
    expect(documentChanges(null, after)).toBeNull();
    const text = formatSummary({ manifest: after, documents: 3, paragraphs: 3, duplicates: 0, embedded: 1, reused: 2, seconds: 1, embedSeconds: 0.5, paragraphsPerSecond: 3, skipped: [], warnings: [], changes });
    expect(text).toContain('since the last build: 1 added, 1 changed, 1 removed\n  added: d.txt\n  changed: b.txt\n  removed: c.txt');
  });
});

describe("the run's report", () => {
  const base = { documents: 22, paragraphs: 161, duplicates: 0, embedded: 3, reused: 0, seconds: 1.2, embedSeconds: 0.1, paragraphsPerSecond: 2, skipped: [], warnings: [] };
  const inFolders = (docs: [string, string][]) => ({ ...manifest(docs), inputs: ['/in'] }) as IndexManifest;

  it('gives no rate for an incremental run, whose seconds are the cost of copying the build, but says what it read', () => {
    const m = inFolders([]);
    expect(formatSummary({ ...base, manifest: m, seconds: 20, paragraphsPerSecond: 8 })).toContain('in 20.0 s — 8 paragraphs/s');
    const patched = formatSummary({ ...base, manifest: m, incremental: { read: 1, added: 3 } });
    expect(patched).not.toMatch(/paragraphs\/s/);
    expect(patched).toContain('indexed 22 documents, 161 paragraphs (0 duplicates) in 1.2 s: an incremental build, 1 file(s) read and 3 paragraph(s) added');
  });

  it('counts the skipped files as its last line does: the failures and the copies apart', () => {
    const skipped = [
      { file: '/in/a.txt', code: 'FILE_EMPTY', message: 'a.txt is empty' },
      { file: '/in/b.txt', code: 'FILE_BINARY', message: 'b.txt is a PNG' },
      { file: '/in/c.txt', code: 'FILE_UNREADABLE', message: 'c.txt …' },
      { file: '/in/d(1).txt', code: 'FILE_DUPLICATE', message: 'same text as d.txt' },
      { file: '/in/e(1).txt', code: 'FILE_DUPLICATE', message: 'same text as e.txt' },
    ];
    expect(formatSummary({ ...base, manifest: inFolders([]), skipped })).toContain('skipped 5 file(s): 3 could not be indexed, 2 are copies of documents indexed\n  /in/a.txt: [FILE_EMPTY]');
    expect(failureLine(skipped, false)).toBe('3 file(s) could not be indexed (see above; the 2 copies are no failure); the index was built from the rest. Use --keep-going to exit 0.');
    expect(failureLine(skipped.slice(3), false)).toBeNull();
  });

  it('names a file by its path in its input folder, and lists the warnings and the files passed over with why', () => {
    const before = inFolders([['/in/2024年报送/丽水.txt', '1']]);
    const after = inFolders([['/in/2024年报送/丽水.txt', '1'], ['/in/2023年报送/丽水.txt', '2']]);
    const warnings = [{ file: '/in/a - 副本.txt', code: 'SAME_DOCUMENT' as const, message: 'a - 副本.txt and a.txt are both 扬府发〔2024〕12号 …', others: ['/in/a.txt'] }];
    const text = formatSummary({ ...base, manifest: after, warnings, changes: documentChanges(before, after) });
    expect(text).toContain('added: 2023年报送/丽水.txt');
    expect(text).toContain('1 warning(s) about files indexed (the corpus page lists them too):\n  /in/a - 副本.txt: [SAME_DOCUMENT] a - 副本.txt and a.txt are both 扬府发〔2024〕12号');
    expect(formatIgnored([{ file: '/in/Notice.txt', reason: 'folder-note' }, { file: '/in/23-fifo.txt', reason: 'not-a-file' }])).toBe(
      "not read: 2 other file(s):\n  /in/Notice.txt: a folder's note about itself (README, NOTICE, SOURCES, LICENSE … are not read as documents); name it with --input to index it\n  /in/23-fifo.txt: not a regular file (a FIFO, a socket or a device); save the document as a file",
    );
    expect(formatIgnored([])).toBeNull();
  });
});
