/**
 * A corpus manifest (`manifest.json` in an input folder) gives the facts about its documents that a text may not
 * say, or says wrongly (001's issuer is replaced by spam; 003 has no title). Its fields win over extraction.
 *
 * A `city` is looked up in the gazetteer (src/text/places.ts), which fills in its code, kind, level, parent and
 * province; `parent` or `province` tell apart places of one name (朝阳区 of 北京市 or of 长春市). Levels are
 * `province`, `prefecture` or `county`; the older names (`county-level city`, `district`, …) are still read.
 *
 * Its shape is `{"documents": [{"file": "通知.pdf", "city": "昆山市"}, …]}`. A lone entry (`{"file": …, "city": …}`,
 * which is what the corpus page's hint for an unplaced document shows) and a bare list of entries are read as that
 * list: neither can mean anything else, and both had been refused as `documents: Required` or `: Expected object,
 * received array`, a message that did not show the shape wanted. Any other refusal shows it, with an example.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { createError } from '../errors.js';
import { PLACE_KINDS, PLACE_LEVELS, type PlaceLevel } from '../text/places.js';
import { DOCUMENT_TYPES } from '../text/metadata.js';

const nullableString = z.string().min(1).nullable().optional();
const isoDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/u, 'YYYY, YYYY-MM or YYYY-MM-DD').nullable().optional();

/** Level names of manifests written before the gazetteer, and what they are now. */
const LEGACY_LEVELS: Readonly<Record<string, PlaceLevel>> = {
  'sub-provincial city': 'prefecture',
  'prefecture-level city': 'prefecture',
  'county-level city': 'county',
  district: 'county',
};

const levelSchema = z
  .string()
  .nullable()
  .optional()
  .transform((v, ctx): PlaceLevel | null | undefined => {
    if (v === null || v === undefined) return v;
    if ((PLACE_LEVELS as readonly string[]).includes(v)) return v as PlaceLevel;
    const legacy = LEGACY_LEVELS[v];
    if (legacy) return legacy;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `level "${v}" is not one of ${PLACE_LEVELS.join(', ')}` });
    return z.NEVER;
  });

const entrySchema = z.object({
  id: z.string().regex(/^[\w.-]{1,120}$/u, 'id: letters, digits, _ . - only').optional(),
  file: z.string().min(1),
  city: nullableString,
  placeCode: z.string().regex(/^\d{6}$/u, 'placeCode: the 6-digit GB/T 2260 code').nullable().optional(),
  placeKind: z.enum(PLACE_KINDS as [string, ...string[]]).nullable().optional(),
  level: levelSchema,
  parent: nullableString,
  parentCode: z.string().regex(/^\d{6}$/u, 'parentCode: the 6-digit GB/T 2260 code').nullable().optional(),
  province: nullableString,
  title: nullableString,
  issuer: nullableString,
  docType: z.enum(DOCUMENT_TYPES).nullable().optional(),
  date: isoDate,
  adoptedDate: isoDate,
  approvedDate: isoDate,
  postedDate: isoDate,
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

/** The shape a refusal shows. */
const SHAPE = 'A manifest.json holds {"documents": [{"file": "通知.pdf", "city": "昆山市"}, …]}: one entry per file, "file" its name (or its path under this folder), the other fields those to correct.';

/** A lone entry or a bare list of entries as the manifest they stand for; anything else as it is. */
function asManifest(raw: unknown): unknown {
  if (Array.isArray(raw)) return { documents: raw };
  if (raw && typeof raw === 'object' && !('documents' in raw) && 'file' in raw) return { documents: [raw] };
  return raw;
}

/** Where a zod issue lies, as a person finds it: `entry 2 ("通知.pdf"), city` rather than `documents.1.city`. */
function issuePlace(path: (string | number)[], data: unknown): string {
  if (path[0] !== 'documents' || typeof path[1] !== 'number') return path.length ? path.join('.') : 'the whole file';
  const entry = (data as { documents: unknown[] }).documents[path[1]] as { file?: unknown } | undefined;
  const file = typeof entry?.file === 'string' ? ` ("${entry.file}")` : '';
  return `entry ${path[1] + 1}${file}${path.length > 2 ? `, ${path.slice(2).join('.')}` : ''}`;
}

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
  const data = asManifest(raw);
  const parsed = manifestSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw createError('MANIFEST_INVALID', `${path}: ${issuePlace(issue.path, data)}: ${issue.message}. ${SHAPE} Fix the entry or remove it to let PolicyLens extract the metadata from the text.`);
  }
  for (const e of parsed.data.documents) entries.set(e.file, e);
  return entries;
}
