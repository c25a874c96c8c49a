import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverDocuments, formatOfPath, isFolderNote, otherFiles, SUPPORTED_EXTENSIONS } from '../../src/ingest/discover.js';
import { tempDir } from './fixtures.js';

describe('discoverDocuments', () => {
  let dir: string;
  let cleanup: () => void;

  const touch = (rel: string) => {
    const p = path.join(dir, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, '内容');
    return p;
  };

  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
  });
  afterEach(() => cleanup());

  it('lists supported files recursively, sorted by path, with their format', () => {
    touch('b/policy.PDF');
    touch('a/notes.txt');
    touch('a/sub/page.htm');
    touch('c.docx');
    touch('c-old.DOC');
    touch('d.markdown');
    const found = discoverDocuments([dir]);
    expect(found.map((d) => path.relative(dir, d.path))).toEqual([
      path.join('a', 'notes.txt'),
      path.join('a', 'sub', 'page.htm'),
      path.join('b', 'policy.PDF'),
      'c-old.DOC',
      'c.docx',
      'd.markdown',
    ]);
    expect(found.map((d) => d.format)).toEqual(['txt', 'html', 'pdf', 'doc', 'docx', 'md']);
    expect(found[0]).toMatchObject({ file: 'notes.txt', path: path.join(dir, 'a', 'notes.txt') });
  });

  it('skips dotfiles, dot-folders, node_modules, index and .git, and ignores other types', () => {
    touch('keep.md');
    touch('.hidden.txt');
    touch('.cache/a.txt');
    touch('node_modules/pkg/readme.md');
    touch('index/vectors.txt');
    touch('.git/HEAD.txt');
    touch('photo.png');
    touch('sheet.xlsx');
    touch('附件1.wps');
    expect(discoverDocuments([dir]).map((d) => d.file)).toEqual(['keep.md']);
  });

  it('lists the files it does not read because of their type, leaving out notes, dotfiles and skipped folders', () => {
    touch('keep.md');
    touch('photo.png');
    touch('sub/附件1.wps');
    touch('sheet.xlsx');
    touch('README.txt');
    touch('manifest.json');
    touch('NOTICE');
    touch('.DS_Store');
    touch('node_modules/pkg/index.js');
    const named = touch('single/附件2.ofd');
    expect(otherFiles([dir]).map((p) => path.relative(dir, p))).toEqual(['photo.png', 'sheet.xlsx', path.join('single', '附件2.ofd'), path.join('sub', '附件1.wps')]);
    expect(otherFiles([named])).toEqual([named]);
    touch('out/builds/b1/index.sqlite');
    expect(otherFiles([dir], [path.join(dir, 'out')])).toHaveLength(4);
    expect(otherFiles([path.join(dir, 'keep.md')])).toEqual([]);
    expect(() => otherFiles([path.join(dir, 'missing')])).toThrow(expect.objectContaining({ code: 'INPUT_MISSING' }));
  });

  it("ignores a folder's notes about itself (README, SOURCES, LICENSE …) unless named as an input", () => {
    touch('policy.md');
    const sources = touch('SOURCES.md');
    touch('README.txt');
    touch('sub/readme.MD');
    touch('LICENSE.txt');
    touch('README.zh-CN.md');
    touch('LICENSE-MIT.txt');
    touch('changelog-2024.md');
    touch('readme-policy-summary.md');
    touch('readmeaning.md');
    touch('关于READme的通知.txt');
    expect(discoverDocuments([dir]).map((d) => d.file)).toEqual(['changelog-2024.md', 'policy.md', 'readme-policy-summary.md', 'readmeaning.md', '关于READme的通知.txt']);
    expect(discoverDocuments([sources]).map((d) => d.file)).toEqual(['SOURCES.md']);
    expect(['README', 'Sources.md', 'licence.pdf', 'NOTICE.html', 'README_en.txt'].every(isFolderNote)).toBe(true);
    expect(['readmeaning.md', '资源.md', 'policy.md', 'sources-of-funding-policy.md'].some(isFolderNote)).toBe(false);
  });

  it('accepts a single file as an input and lists a file reachable twice once', () => {
    const file = touch('x/a.txt');
    touch('x/b.txt');
    const found = discoverDocuments([path.join(dir, 'x'), file, dir]);
    expect(found.map((d) => d.file)).toEqual(['a.txt', 'b.txt']);
  });

  it('does not loop on a link back up the tree', () => {
    touch('a/doc.txt');
    symlinkSync(dir, path.join(dir, 'a', 'loop'), 'dir');
    expect(discoverDocuments([dir]).map((d) => d.file)).toEqual(['doc.txt']);
  });

  it('throws INPUT_MISSING naming a folder that does not exist', () => {
    const missing = path.join(dir, 'no-such-folder');
    expect(() => discoverDocuments([dir, missing])).toThrow(expect.objectContaining({ code: 'INPUT_MISSING', message: expect.stringContaining('no-such-folder') }));
  });

  it('returns nothing for an empty folder', () => {
    expect(discoverDocuments([dir])).toEqual([]);
  });
});

describe('formatOfPath', () => {
  it('maps every supported extension, case-insensitively', () => {
    expect([...SUPPORTED_EXTENSIONS].sort()).toEqual(['.doc', '.docx', '.htm', '.html', '.markdown', '.md', '.pdf', '.txt']);
    expect(formatOfPath('A.HTML')).toBe('html');
    expect(formatOfPath('a.markdown')).toBe('md');
    expect(formatOfPath('附件.DOC')).toBe('doc');
    expect(formatOfPath('a.wps')).toBeNull();
    expect(formatOfPath('README')).toBeNull();
  });
});
