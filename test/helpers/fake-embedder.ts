/**
 * A small deterministic embedder for unit tests of index logic (not for quality): hashed character bigrams
 * into 512 dimensions, normalised. Similar texts share bigrams, so nearest neighbours are meaningful enough.
 */
import { runtimeVersions, type Embedder } from '../../src/embed/embedder.js';

export function fakeVector(text: string, dim = 512): Float32Array {
  const v = new Float32Array(dim);
  const chars = [...text.replace(/\s+/g, '')];
  for (let i = 0; i < chars.length; i++) {
    const gram = chars[i]! + (chars[i + 1] ?? '');
    let h = 2166136261;
    for (const c of gram) h = Math.imul(h ^ c.codePointAt(0)!, 16777619);
    v[Math.abs(h) % dim]! += 1;
  }
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < dim; i++) v[i]! /= n;
  if (n === 1 && chars.length === 0) v[0] = 1;
  return v;
}

export function createFakeEmbedder(): Embedder & { calls: number; embeddedTexts: string[] } {
  const self = {
    calls: 0,
    embeddedTexts: [] as string[],
    info: {
      modelId: 'BAAI/bge-small-zh-v1.5',
      onnxSha256: '15b717c382bcb518ba457b93ea6850ede7f4f1cd8937454aa06972366cd19bcc',
      dtype: 'q8' as const,
      pooling: 'cls' as const,
      dim: 512,
      recipe: 'fake bigram-hash',
      transformersVersion: 'fake',
      onnxruntimeVersion: 'fake',
    },
    async embed(texts: string[], onProgress?: (done: number) => void) {
      self.calls++;
      self.embeddedTexts.push(...texts);
      onProgress?.(texts.length);
      return texts.map((t) => fakeVector(t));
    },
    async embedQuery(text: string) {
      return fakeVector(text);
    },
    async dispose() {},
  };
  return self;
}

/** The fake embedder, claiming this install's runtime so that openIndex's full compatibility check applies. */
export function createRuntimeFakeEmbedder(): ReturnType<typeof createFakeEmbedder> {
  const e = createFakeEmbedder();
  Object.assign(e.info, runtimeVersions());
  return e;
}
