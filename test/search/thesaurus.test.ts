import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandQuery, loadThesaurus, parseThesaurus, type Thesaurus } from '../../src/search/thesaurus.js';
import { foldTerm } from '../../src/text/highlight.js';
import { queryTerms } from '../../src/text/segment.js';
import { parseDocument } from '../../src/text/parse-document.js';
import { PROJECT_ROOT } from '../../src/config.js';

const SEEDS = join(PROJECT_ROOT, 'seeds');

/** A small thesaurus of my own, so that the expansion rules are tested apart from the shipped data. */
const FIXTURE: Thesaurus = parseThesaurus({
  groups: [
    { id: 'land-yield', kind: 'synonym', terms: ['亩均效益', '亩产效益'], note: 'same evaluation' },
    { id: 'land-yield-indicators', kind: 'related', terms: ['亩均效益', '亩均税收', '亩均增加值'], note: 'its indicators' },
    { id: 'first-of-kind', kind: 'related', terms: ['首台(套)', '首版次', '首批次'], note: 'parallel programmes' },
    { id: 'ladder', kind: 'related', terms: ['专精特新', '小巨人', '单项冠军'], note: 'tiers' },
    { id: 'many', kind: 'related', terms: ['甲一', '甲二', '甲三', '甲四', '甲五'], note: 'for the cap' },
  ],
  colloquial: [
    { id: 'no-collateral', phrases: ['不需要抵押', '无抵押'], terms: ['信用贷款'], note: 'plain words' },
    { id: 'land-use', phrases: ['土地利用率'], terms: ['亩均效益'], note: 'plain words' },
  ],
});

describe('expandQuery (rules, on a fixture)', () => {
  it('adds synonyms before related terms, then in file order', () => {
    expect(expandQuery(['亩产效益'], { thesaurus: FIXTURE }).expanded).toEqual(['亩均效益', '亩均税收', '亩均增加值']);
    expect(expandQuery(['亩均税收'], { thesaurus: FIXTURE }).expanded).toEqual(['亩均效益', '亩均增加值']);
  });

  it('returns the query terms first, then the added ones, without duplicates', () => {
    const { terms, expanded } = expandQuery(['亩均税收', '亩均效益', '亩均税收'], { thesaurus: FIXTURE });
    expect(terms).toEqual(['亩均税收', '亩均效益', '亩产效益', '亩均增加值']);
    expect(expanded).toEqual(['亩产效益', '亩均增加值']);
  });

  it('applies a group when a query term contains one of its terms', () => {
    expect(expandQuery(['专精特新企业'], { thesaurus: FIXTURE }).expanded).toEqual(['专精特新', '小巨人', '单项冠军']);
  });

  it('treats spellings that differ in brackets or width as one term', () => {
    expect(expandQuery(['首台套'], { thesaurus: FIXTURE }).expanded).toEqual(['首版次', '首批次']);
    expect(expandQuery(['首版次'], { thesaurus: FIXTURE }).expanded).toEqual(['首台(套)', '首批次']);
  });

  it('maps colloquial phrases, also when the segmenter split them, and lists them first', () => {
    expect(expandQuery(['不', '需要', '抵押', '贷款'], { thesaurus: FIXTURE }).expanded).toEqual(['信用贷款']);
    expect(expandQuery(['专精特新', '无抵押'], { thesaurus: FIXTURE }).expanded[0]).toBe('信用贷款');
    // Search tokens put a word's sub-words before it; they must not break the phrase apart.
    expect(expandQuery(['土地', '利用', '用率', '利用率'], { thesaurus: FIXTURE }).expanded[0]).toBe('亩均效益');
    // A one-character term that also occurs inside an earlier word is still part of the phrase.
    expect(expandQuery(['能不能', '不', '需要', '抵押'], { thesaurus: FIXTURE }).expanded).toEqual(['信用贷款']);
    expect(expandQuery(['抵押', '不需要'], { thesaurus: FIXTURE }).expanded).toEqual([]);
  });

  it('adds nothing for unrelated or empty queries', () => {
    expect(expandQuery(['天气预报', '排水'], { thesaurus: FIXTURE })).toEqual({ terms: ['天气预报', '排水'], expanded: [] });
    expect(expandQuery([], { thesaurus: FIXTURE })).toEqual({ terms: [], expanded: [] });
  });

  it('caps the added terms', () => {
    expect(expandQuery(['甲一'], { thesaurus: FIXTURE, limit: 2 }).expanded).toEqual(['甲二', '甲三']);
  });

  it('gives the same answer every time', () => {
    const first = expandQuery(['专精特新', '亩均税收', '首台套'], { thesaurus: FIXTURE });
    for (let i = 0; i < 3; i++) expect(expandQuery(['专精特新', '亩均税收', '首台套'], { thesaurus: FIXTURE })).toEqual(first);
  });
});

describe('the shipped thesaurus', () => {
  const thesaurus = loadThesaurus();

  it('is valid and has at least 20 groups and a colloquial list', () => {
    expect(thesaurus.groups.length).toBeGreaterThanOrEqual(20);
    expect(thesaurus.colloquial.length).toBeGreaterThan(0);
  });

  it('expands 专精特新 to its ladder', () => {
    const { expanded } = expandQuery(queryTerms('专精特新'));
    expect(expanded).toEqual(expect.arrayContaining(['小巨人', '单项冠军', '隐形冠军']));
  });

  it('expands 亩均税收 to the land-yield evaluation', () => {
    const { expanded } = expandQuery(queryTerms('亩均税收'));
    expect(expanded).toEqual(expect.arrayContaining(['亩均效益', '亩均增加值', '亩产效益']));
  });

  it('expands a plain-language question to policy terms', () => {
    expect(expandQuery(queryTerms('工厂用煤太多怎么管')).expanded).toContain('能耗');
    expect(expandQuery(queryTerms('支持小而精的企业')).expanded).toContain('专精特新');
  });

  it('reaches every colloquial entry from its own phrases typed as a query', () => {
    // Phrases are matched against the query's terms after stopwords are dropped, so a phrase holding a stopword
    // (往, 的) would silently never match: this keeps the data and the segmenter in step.
    for (const entry of thesaurus.colloquial) {
      for (const phrase of entry.phrases) {
        const added = expandQuery(queryTerms(phrase)).terms.map(foldTerm);
        for (const term of entry.terms) expect(added, `${entry.id}: ${phrase}`).toContain(foldTerm(term));
      }
    }
  });

  it('keeps only colloquial entries the corpus supports: a seed clause holds a phrase and a term together', () => {
    const clauses = readdirSync(SEEDS)
      .filter((f) => f.endsWith('.txt'))
      .flatMap((f) => parseDocument(readFileSync(join(SEEDS, f), 'utf8'), { file: f }).paragraphs.map((p) => foldTerm(p.text).replace(/\s+/gu, '')));
    for (const entry of thesaurus.colloquial) {
      const supported = clauses.some((c) => entry.phrases.some((p) => c.includes(foldTerm(p))) && entry.terms.some((t) => c.includes(foldTerm(t))));
      expect(supported, entry.id).toBe(true);
    }
  });

  it('leaves unrelated queries alone', () => {
    expect(expandQuery(queryTerms('城市排水管网改造')).expanded).toEqual([]);
  });

  it('never adds more than 12 terms nor a term the query already has', () => {
    const terms = queryTerms('智改数转 专精特新 工业互联网 绿色工厂 揭榜挂帅 产业基金');
    const { expanded } = expandQuery(terms);
    expect(expanded.length).toBeLessThanOrEqual(12);
    const queryKeys = new Set(terms.map(foldTerm));
    for (const term of expanded) expect(queryKeys.has(foldTerm(term))).toBe(false);
  });
});

describe('validation', () => {
  const valid = () => ({
    groups: [
      { id: 'a', kind: 'synonym', terms: ['亩均效益', '亩产效益'], note: 'same' },
      { id: 'b', kind: 'related', terms: ['首台(套)', '首版次'], note: 'parallel' },
    ],
  });
  const rejects = (data: unknown, mention: string) =>
    expect(() => parseThesaurus(data)).toThrow(expect.objectContaining({ code: 'MANIFEST_INVALID', message: expect.stringContaining(mention) }));

  it('accepts a valid file and defaults colloquial to empty', () => {
    expect(parseThesaurus(valid()).colloquial).toEqual([]);
  });

  it('names the bad group', () => {
    const oneTerm = valid();
    oneTerm.groups[1]!.terms = ['首台(套)'];
    rejects(oneTerm, 'group 1 ("b")');
    const emptyTerm = valid();
    emptyTerm.groups[0]!.terms = ['亩均效益', ' '];
    rejects(emptyTerm, '"a"');
    const badKind = valid();
    (badKind.groups[1] as { kind: string }).kind = 'broader';
    rejects(badKind, '"b"');
    const noNote = valid() as { groups: Record<string, unknown>[] };
    delete noNote.groups[0]!.note;
    rejects(noNote, '"a"');
  });

  it('rejects duplicate ids, repeated terms and unknown fields', () => {
    const duplicateId = valid();
    duplicateId.groups[1]!.id = 'a';
    rejects(duplicateId, 'id "a"');
    const repeated = valid();
    repeated.groups[1]!.terms = ['首台(套)', '首版次', '首台（套）'];
    rejects(repeated, 'group "b"');
    rejects({ ...valid(), synonyms: [] }, 'synonyms');
    rejects({ groups: [] }, 'groups');
  });

  it('rejects a file that is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'thesaurus-'));
    const file = join(dir, 'thesaurus.json');
    writeFileSync(file, '{ "groups": [ ');
    expect(() => loadThesaurus(file)).toThrow(expect.objectContaining({ code: 'MANIFEST_INVALID' }));
    writeFileSync(file, JSON.stringify(valid()));
    expect(loadThesaurus(file).groups).toHaveLength(2);
  });
});
