/**
 * The place resolver measured on test/fixtures/places-labeled.json: issuer, title and document-number strings of
 * real bodies from all 31 provinces, labeled (GB/T 2260 code, or null where the string alone names no place or
 * names one ambiguously) before the resolver was written. Precision: correct among the strings given a place;
 * recall: correct among the strings labeled with one.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolvePlace, type PlaceEvidence } from '../../src/text/places.js';

interface Labeled {
  field: 'issuer' | 'title' | 'docNumber';
  text: string;
  code: string | null;
  place: string | null;
}

const { items } = JSON.parse(readFileSync(new URL('../fixtures/places-labeled.json', import.meta.url), 'utf8')) as { items: Labeled[] };

function evidence(item: Labeled): PlaceEvidence {
  if (item.field === 'issuer') return { issuer: item.text };
  if (item.field === 'title') return { titles: [item.text] };
  return { docNumber: item.text };
}

describe('places on the labeled strings', () => {
  const outcomes = items.map((item) => ({ item, got: resolvePlace(evidence(item))?.place ?? null }));
  const resolved = outcomes.filter((o) => o.got !== null);
  const correct = resolved.filter((o) => o.got!.code === o.item.code);
  const labeled = outcomes.filter((o) => o.item.code !== null);
  const precision = correct.length / resolved.length;
  const recall = correct.length / labeled.length;

  it('covers every province, all three levels and the kinds of county', () => {
    expect(items.length).toBeGreaterThanOrEqual(90);
    expect(new Set(labeled.map((o) => o.item.code!.slice(0, 2))).size).toBe(31);
    for (const field of ['issuer', 'title', 'docNumber']) expect(items.some((i) => i.field === field)).toBe(true);
    const places = labeled.map((o) => o.item.place!);
    for (const ending of ['省', '自治区', '自治州', '区', '县', '旗']) expect(places.some((p) => p.endsWith(ending)), ending).toBe(true);
    expect(labeled.filter((o) => !o.item.code!.endsWith('00')).length).toBeGreaterThan(40);
  });

  it(`precision ≥ 0.98 and recall ≥ 0.95`, () => {
    const wrong = resolved.filter((o) => o.got!.code !== o.item.code).map((o) => `${o.item.text} → ${o.got!.qualifiedName} (${o.got!.code}), labeled ${o.item.code}`);
    const missed = labeled.filter((o) => o.got === null).map((o) => `${o.item.text} (labeled ${o.item.place})`);
    console.log(`places: ${items.length} strings, ${resolved.length} resolved, ${correct.length} correct; precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}; wrong: ${wrong.join('; ') || 'none'}; missed: ${missed.join('; ') || 'none'}`);
    expect(precision).toBeGreaterThanOrEqual(0.98);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });
});
