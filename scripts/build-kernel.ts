/**
 * Assembles src/index/int8-kernel.wat into src/index/int8-kernel.wasm with wabt (WebAssembly's own toolkit, a dev
 * dependency): `npx tsx scripts/build-kernel.ts`. test/index/int8-kernel.test.ts checks the committed binary against it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import wabt from 'wabt';
import { PROJECT_ROOT } from '../src/config.js';
import { isMain } from '../src/cli/is-main.js';

export const KERNEL_SOURCE = join(PROJECT_ROOT, 'src', 'index', 'int8-kernel.wat');
export const KERNEL_BINARY = join(PROJECT_ROOT, 'src', 'index', 'int8-kernel.wasm');

export async function assembleKernel(): Promise<Uint8Array> {
  const toolkit = await wabt();
  const module = toolkit.parseWat('int8-kernel.wat', readFileSync(KERNEL_SOURCE, 'utf8'), { simd: true });
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

if (isMain(import.meta.url)) {
  const binary = await assembleKernel();
  writeFileSync(KERNEL_BINARY, binary);
  console.log(`${KERNEL_BINARY}: ${binary.length} bytes`);
}
