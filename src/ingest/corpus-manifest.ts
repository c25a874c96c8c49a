/**
 * A corpus manifest (`manifest.json` in an input folder) gives the facts about its documents that a text may not
 * say, or says wrongly (001's issuer is replaced by spam; 003 has no title). Its fields win over extraction.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { createError } from '../errors.js';

const nullableString = z.string().min(1).nullable().optional();

const entrySchema = z.object({
  id: z.string().regex(/^[\w.-]{1,120}$/u, 'id: letters, digits, _ . - only').optional(),
  file: z.string().min(1),
  city: nullableString,
  level: nullableString,
  parent: nullableString,
  province: nullableString,
  title: nullableString,
  issuer: nullableString,
  date: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/u, 'date: YYYY, YYYY-MM or YYYY-MM-DD').nullable().optional(),
  postedDate: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/u).nullable().optional(),
  docNumber: nullableString,
  planPeriod: nullableString,
});

const manifestSchema = z.object({
  version: z.literal(1).optional(),
  about: z.string().optional(),
  documents: z.array(entrySchema),
});

export type CorpusEntry = z.infer<typeof entrySchema>;

export const CORPUS_MANIFEST = 'manifest.json';

/** Reads `<dir>/manifest.json` if present; entries keyed by file name. Throws MANIFEST_INVALID naming the problem. */
export function readCorpusManifest(dir: string): Map<string, CorpusEntry> {
  const path = join(dir, CORPUS_MANIFEST);
  const entries = new Map<string, CorpusEntry>();
  if (!existsSync(path)) return entries;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw createError('MANIFEST_INVALID', `${path} is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw createError('MANIFEST_INVALID', `${path}: ${issue.path.join('.')}: ${issue.message}. Fix the entry or remove it to let PolicyLens extract the metadata from the text.`);
  }
  for (const e of parsed.data.documents) entries.set(e.file, e);
  return entries;
}
