/**
 * npm 12 skips every dependency's install script that `allowScripts` in package.json does not allow (npm 11.16+
 * only warns). Without its script, better-sqlite3 and hnswlib-node have no compiled addon and the first `npm start`
 * fails, so `npm install` under npm 12 must be told which scripts to run. Measured with `npx npm@12.2.3 install` on
 * a fresh clone: without the field the two addons were missing; with it the install works, embeds (the embedder's
 * tests pass) and needs no CUDA setting, since onnxruntime-node's script, which only downloads CUDA files, is denied.
 *
 * This test reads the lockfile: a dependency that gains an install script must be decided here, one way or the other.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';

interface LockEntry { version?: string; hasInstallScript?: boolean }
const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
const lock = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };

/** Package names in the lockfile that carry an install script (the project itself left out). */
function withInstallScripts(): string[] {
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path !== '' && entry.hasInstallScript === true)
    .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length))
    .sort();
}

describe('install scripts (npm 12 allowScripts)', () => {
  it('decides every dependency that has an install script', () => {
    const decided = Object.keys(pkg.allowScripts ?? {}).map((k) => k.replace(/(.)@[^@]*$/, '$1'));
    const undecided = withInstallScripts().filter((name) => !decided.includes(name));
    expect(undecided, 'add these to allowScripts in package.json (true to run their script, false to skip it)').toEqual([]);
  });

  it('runs the scripts that compile the native addons, and not the one that fetches CUDA files', () => {
    const allow = pkg.allowScripts ?? {};
    expect(allow['better-sqlite3']).toBe(true);
    expect(allow['hnswlib-node']).toBe(true);
    expect(allow['onnxruntime-node']).toBe(false);
  });
});
