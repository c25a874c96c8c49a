import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCompatible, readManifest, type IndexManifest } from '../../src/index/manifest.js';
import { SCHEMA_VERSION } from '../../src/index/store.js';

const base = {
  schemaVersion: SCHEMA_VERSION,
  build: 'builds/x',
  model: { modelId: 'BAAI/bge-small-zh-v1.5', onnxSha256: 'abc', dtype: 'q8', pooling: 'cls', dim: 512 },
  runtime: { transformers: '3.8.1', onnxruntime: '1.21.0', node: 'v20' },
} as unknown as IndexManifest;
const expected = { modelId: 'BAAI/bge-small-zh-v1.5', onnxSha256: 'abc', transformers: '3.8.1', onnxruntime: '1.21.0' };

describe('index manifest', () => {
  it('accepts a matching index', () => {
    expect(() => checkCompatible(base, expected)).not.toThrow();
  });

  it.each([
    ['schema', { ...base, schemaVersion: SCHEMA_VERSION + 1 }, /schema version/],
    ['model', { ...base, model: { ...base.model, onnxSha256: 'def' } }, /built with model/],
    ['runtime', { ...base, runtime: { ...base.runtime, onnxruntime: '1.22.0' } }, /onnxruntime 1\.22\.0/],
  ])('refuses another %s, naming the fix', (_, manifest, pattern) => {
    expect(() => checkCompatible(manifest as IndexManifest, expected)).toThrow(expect.objectContaining({ code: 'INDEX_MISMATCH', message: expect.stringMatching(pattern) }));
    expect(() => checkCompatible(manifest as IndexManifest, expected)).toThrow(/npm run index -- --rebuild/);
  });

  it('reports a corrupted manifest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pl-man-'));
    expect(readManifest(dir)).toBeNull();
    writeFileSync(join(dir, 'manifest.json'), '{"schemaVersion": 1, "bui');
    expect(() => readManifest(dir)).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT' }));
  });
});
