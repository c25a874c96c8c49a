import { describe, expect, it } from 'vitest';
import { documentChanges, formatSummary } from '../../src/cli/index-cmd.js';
import type { IndexManifest } from '../../src/index/manifest.js';

const manifest = (docs: [string, string][]) => ({ documents: docs.map(([path, sha256], i) => ({ id: `d${i}`, file: path.split('/').pop()!, path, sha256, paragraphs: 1 })) }) as unknown as IndexManifest;

describe('what a build changed', () => {
  it('names the files added, changed and removed since the build before, and nothing without one', () => {
    const before = manifest([['/in/a.txt', '1'], ['/in/b.txt', '2'], ['/in/c.txt', '3']]);
    const after = manifest([['/in/a.txt', '1'], ['/in/b.txt', '9'], ['/in/d.txt', '4']]);
    const changes = documentChanges(before, after);
    expect(changes).toEqual({ added: ['/in/d.txt'], changed: ['/in/b.txt'], removed: ['/in/c.txt'] });
    expect(documentChanges(null, after)).toBeNull();
    const text = formatSummary({ manifest: after, documents: 3, paragraphs: 3, duplicates: 0, embedded: 1, reused: 2, seconds: 1, embedSeconds: 0.5, paragraphsPerSecond: 3, skipped: [], changes });
    expect(text).toContain('since the last build: 1 added, 1 changed, 1 removed\n  added: d.txt\n  changed: b.txt\n  removed: c.txt');
  });
});
