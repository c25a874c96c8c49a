/**
 * The analysis's data files, checked on load: the measure taxonomy (measures.json, behind /matrix and the drafting
 * desk's coverage and gaps) and the policy instruments (instruments.json, named by the clause diff). Both are meant
 * to be edited by people; a mistake in them is reported with the field at fault.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { createError } from '../errors.js';
import { shortKeyTerms, type Instrument } from '../text/diff.js';
import { loadPolicyDictionary } from '../text/segment.js';
import type { Measure } from './types.js';

const measureSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'an id is lower-case words joined by -'),
    name: z.string().trim().min(1),
    description: z.string().trim().min(1),
    terms: z.array(z.string().trim().min(1)).min(1, 'a measure needs seed terms'),
    query: z.string().trim().min(1),
    instruments: z.array(z.string().trim().min(1)).optional(),
  })
  .strict();
const measuresFileSchema = z.object({ about: z.string().optional(), measures: z.array(measureSchema).min(1) }).strict();

const instrumentSchema = z
  .object({ id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/), name: z.string().trim().min(1), terms: z.array(z.string().trim().min(1)).min(1) })
  .strict();
const instrumentsFileSchema = z.object({ about: z.string().optional(), instruments: z.array(instrumentSchema).min(1) }).strict();

function dataPath(file: string): string {
  return fileURLToPath(new URL(`./${file}`, import.meta.url));
}

function loadJson<T extends z.ZodTypeAny>(path: string, schema: T, what: string): z.output<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw createError('INTERNAL', `The ${what} file ${path} could not be read: ${(e as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw createError('INTERNAL', `The ${what} file ${path} is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** The measure taxonomy (src/analysis/measures.json, or `path`). Ids must be unique. */
export function loadMeasures(path = dataPath('measures.json')): Measure[] {
  const { measures } = loadJson(path, measuresFileSchema, 'measures');
  const seen = new Set<string>();
  for (const m of measures) {
    if (seen.has(m.id)) throw createError('INTERNAL', `The measures file ${path} repeats the id "${m.id}".`);
    seen.add(m.id);
  }
  return measures;
}

/** The policy instruments the clause diff names (src/analysis/instruments.json, or `path`). */
export function loadInstruments(path = dataPath('instruments.json')): Instrument[] {
  return loadJson(path, instrumentsFileSchema, 'instruments').instruments;
}

/** The text a measure is embedded as. */
export function measureText(m: Measure): string {
  return `${m.name}：${m.description}。${m.terms.join('、')}`;
}

let keyTerms: ReadonlySet<string> | null = null;

/**
 * The policy dictionary's short terms (首台(套), 小巨人, 孵化器: three letters) that the clause diff and the desk mark as
 * shared wording on their own, though a shared phrase is otherwise four letters or more.
 */
export function loadKeyTerms(): ReadonlySet<string> {
  return (keyTerms ??= shortKeyTerms(loadPolicyDictionary().terms));
}
