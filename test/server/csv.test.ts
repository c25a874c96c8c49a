import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DocumentView, Hit } from '../../src/search/types.js';
import {
  clauseNameParts, compareToCsv, contentDisposition, CSV_COLUMNS, csvCell, documentToCsv, exportFile, exportFileName, filtersText, hitsToCsv, MATRIX_CELL_CSV_COLUMNS, MATRIX_CSV_COLUMNS, matrixCellToCsv, matrixToCsv, scopeLabel, scopeParts, searchToCsv, similarToCsv, toCsv,
} from '../../src/server/csv.js';
import type { MatrixResult, TargetRow } from '../../src/analysis/types.js';
import { makeHit, parseCsv } from './helpers.js';

const hit = makeHit;

describe('csvCell', () => {
  it('leaves plain text and numbers alone and writes null as empty', () => {
    expect(csvCell('对首台(套)装备给予补贴')).toBe('对首台(套)装备给予补贴');
    expect(csvCell(0.1234)).toBe('0.1234');
    expect(csvCell(-2)).toBe('-2');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('quotes cells with commas, quotes or line breaks, doubling the quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('他说"好"')).toBe('"他说""好"""');
    expect(csvCell('一行\n两行')).toBe('"一行\n两行"');
    expect(csvCell('一行\r\n两行')).toBe('"一行\r\n两行"');
    // Full-width commas and quotes are ordinary characters in CSV.
    expect(csvCell('甲，乙“丙”')).toBe('甲，乙“丙”');
  });

  it.each(['=1+1', '+86 电话', '-5%', '@SUM(A1)', '\t=1', '\r=1'])('defuses the formula-like cell %j', (text) => {
    const cell = csvCell(text);
    expect(cell.replace(/^"|"$/g, '').startsWith(`'${text[0]}`)).toBe(true);
  });

  it('defuses first, then quotes', () => {
    expect(csvCell('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
  });
});

describe('toCsv', () => {
  it('starts with a BOM and ends every row with CRLF', () => {
    expect(toCsv([['a', 'b'], ['c', 1]])).toBe('\uFEFFa,b\r\nc,1\r\n');
  });

  it('reads back as the same cells, with formula-like cells prefixed by an apostrophe', () => {
    // Random text, plus text that opens with the characters that matter (formula starts, quote, comma, breaks).
    const cell = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ','), fc.string()).map(([head, rest]) => head + rest),
    );
    const rows = fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(rows, (table) => {
        const back = parseCsv(toCsv(table));
        const expected = table.map((row) => row.map((cell) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell)));
        expect(back).toEqual(expected);
      }),
    );
  });
});

describe('hitsToCsv', () => {
  it('writes the header and city, document, section path, text, rounded score and permalink, and the document’s date', () => {
    const rows = parseCsv(
      hitsToCsv(
        [
          { hit: hit({ id: 'doc_a:p0001', text: '条款一', section: ['二、重点任务', '(一)强化创新'], score: 0.123456, doc: { id: 'doc_a', file: 'doc_a.txt', title: '某市实施方案', city: '某市', level: null, date: '2024-01-10' } }) },
          { hit: hit({ id: 'doc_b:p0002', text: '条款二', doc: { id: 'doc_b', file: 'doc_b.txt', title: null, city: null, level: null, date: null } }), city: '列城市', weak: true },
          {
            hit: hit({
              id: 'book:p0003',
              text: '对首次认定的专精特新企业给予奖励。',
              section: ['一、综合篇', '8.某市关于支持专精特新企业', '服务内容'],
              source: { basis: '《某市促进专精特新企业发展的若干措施》', issuer: '某市经济和信息化局', docNumber: null, date: '2021-12-23', tool: '资金支持', audience: null },
            }),
          },
        ],
        (id) => `https://h.example/p/${id}`,
        // The document's own 发文机关 and 文号, where the corpus knows them.
        (id) => (id === 'doc_a' ? { issuer: '某市人民政府', docNumber: '某政发〔2024〕1号' } : undefined),
      ),
    );
    // The card's columns and what produced the file come after the older 25 (`part` … `filters`: below).
    expect(rows.map((r) => r.slice(0, 25))).toEqual([
      ['city', 'document', 'section', 'text', 'score', 'permalink', 'basis', 'issuer', 'basis_number', 'basis_date', 'date', 'doc_issuer', 'doc_number', 'weak', 'role', 'matched_sentence', 'indicator', 'value', 'range', 'unit', 'base', 'qualifier', 'year', 'scope', 'plan_period'],
      ['某市', '某市实施方案', '二、重点任务 › (一)强化创新', '条款一', '0.1235', 'https://h.example/p/doc_a:p0001', '', '', '', '', '2024-01-10', '某市人民政府', '某政发〔2024〕1号', '', 'result', '', '', '', '', '', '', '', '', '', ''],
      ['列城市', 'doc_b.txt', '', '条款二', '0.5', 'https://h.example/p/doc_b:p0002', '', '', '', '', '', '', '', 'weak', 'result', '', '', '', '', '', '', '', '', '', ''],
      ['某市', '某市实施方案', '一、综合篇 › 8.某市关于支持专精特新企业 › 服务内容', '对首次认定的专精特新企业给予奖励。', '0.5', 'https://h.example/p/book:p0003', '《某市促进专精特新企业发展的若干措施》', '某市经济和信息化局', '', '2021-12-23', '', '某市人民政府', '某政发〔2024〕1号', '', 'result', '', '', '', '', '', '', '', '', '', ''],
    ]);
    // Ranked within each column: 某市 1, 列城市 1, 某市 2.
    expect(rows.slice(1).map((r) => r[CSV_COLUMNS.indexOf('rank')])).toEqual(['1', '1', '2']);
  });
});

describe('what a result card shows, in the search, comparison and "similar" exports (export audit 4, session 22)', () => {
  const col = (row: string[], name: (typeof CSV_COLUMNS)[number]) => row[CSV_COLUMNS.indexOf(name)];
  const link = (id: string) => `https://h.example/p/${id}`;

  it('gives part, kind, the card’s tags, 责任单位, lead units and 亦见于 as the card shows them, after the older columns', () => {
    expect(CSV_COLUMNS.slice(0, 25)).toEqual(['city', 'document', 'section', 'text', 'score', 'permalink', 'basis', 'issuer', 'basis_number', 'basis_date', 'date', 'doc_issuer', 'doc_number', 'weak', 'role', 'matched_sentence', 'indicator', 'value', 'range', 'unit', 'base', 'qualifier', 'year', 'scope', 'plan_period']);
    const row = hit({
      id: 'ph:p0073', text: '3 | 培育专精特新企业 | 市经信局（牵头）、各镇街道', part: 'attachment', kind: 'table-row',
      responsible: ['市经信局（牵头）', '各镇街道'], leads: ['市经信局'], duplicates: ['ph:p0013', 'ph:p0074'],
    });
    const plain = hit({ id: 'ph:p0001', text: '加快发展。' });
    const rows = parseCsv(hitsToCsv([{ hit: row }, { hit: plain }], link)).slice(1);
    const card = (r: string[]) => (['part', 'kind', 'tags', 'responsible', 'lead', 'also_in', 'restated_in'] as const).map((name) => col(r, name));
    expect(card(rows[0]!)).toEqual(['attachment', 'table-row', '附件、表格行', '市经信局（牵头）、各镇街道', '市经信局', 'https://h.example/p/ph:p0013\nhttps://h.example/p/ph:p0074', '']);
    expect(card(rows[1]!)).toEqual(['main', 'text', '', '', '', '', '']);
  });

  it('says, last, why a result sits where its score would not put it (placed), as the page’s 匹配原因 does', () => {
    expect(CSV_COLUMNS.at(-1)).toBe('placed');
    const base = hit({ id: 'yt:p0041', text: '第一款。' });
    const placed = (why: Partial<Hit['why']>) => ({ ...base, why: { ...base.why, ...why } });
    const rows = parseCsv(hitsToCsv([{ hit: placed({ citation: true }) }, { hit: placed({ phrase: true }) }, { hit: placed({ below: 'application' }) }, { hit: base }], link)).slice(1);
    expect(rows.map((r) => col(r, 'placed'))).toEqual(['citation', 'phrase', 'below', '']);
  });

  it('gives a target row its 另见 restatements as the targets export’s restated_in', () => {
    const doc = { id: 'ph', file: 'ph.txt', title: '平湖市实施方案', city: '平湖市', level: 'county' as const, date: '2023-08-01' };
    const target: TargetRow = {
      id: 'ph:p0004#t1', paragraphId: 'ph:p0004', fingerprint: 'f', doc, planPeriod: null, indicator: '研发投入占营业收入比重', value: 2.2, range: null, unit: '%', base: '营业收入', qualifier: null,
      bound: null, cumulative: false, annual: false, year: '2023年', scope: null, text: '2.2%', group: 'g', restatements: [{ id: 'ph:p0043#t1', paragraphId: 'ph:p0043', fingerprint: 'g', indicator: '研发投入', year: '2023年', scope: null, text: '2.2%' }],
    };
    const rows = parseCsv(searchToCsv([], [target], link)).slice(1);
    expect(col(rows[0]!, 'restated_in')).toBe('https://h.example/p/ph:p0043');
    expect(col(rows[0]!, 'role')).toBe('target');
  });

  it('says on every row what produced the file: rank in its list, query, mode and filters (researcher audit 9, session 22)', () => {
    const doc = { id: 'ks', file: 'ks.txt', title: '昆山市方案', city: '昆山市', level: 'county' as const, date: '2023-12-29' };
    const place = { city: '昆山市', name: '昆山市', code: '320583', kind: '县级市', level: 'county', parent: '苏州市', province: '江苏省', documents: 1, hint: null };
    const hits = [hit({ id: 'ks:p0001', text: '一', doc }), hit({ id: 'ks:p0002', text: '二', doc })];
    const origin = { query: '专精特新', mode: 'hybrid', filters: filtersText({ cities: ['昆山市'], since: '2023-01-01', until: '2026-12-31', inForce: '2026-12-08' }) };
    const rows = parseCsv(compareToCsv([{ city: '昆山市', place, results: hits, weak: false }], [], link, undefined, undefined, origin)).slice(1);
    expect(rows.map((r) => (['rank', 'query', 'mode', 'filters'] as const).map((name) => col(r, name)))).toEqual([
      ['1', '专精特新', 'hybrid', '地区：昆山市；成文日期：2023-01-01 至 2026-12-31；现行有效：2026-12-08'],
      ['2', '专精特新', 'hybrid', '地区：昆山市；成文日期：2023-01-01 至 2026-12-31；现行有效：2026-12-08'],
    ]);
    expect(filtersText({})).toBe('不限');
    expect(filtersText({ groups: [{ label: '全部县级地区' }], docs: [{ id: 'a', label: '甲' }], issuers: ['人民政府'], types: ['意见', '方案'], levels: ['county'], part: 'attachment', named: ['青岛市'], unscoped: true, asTyped: true })).toBe(
      '地区：全部县级地区；查询所指地区：青岛市；文件：甲；发文机关含：人民政府；文件类型：意见或方案；文件级别：县级；只含：附件；不按查询中的地名限定；按输入原样检索（不纠正同音字）',
    );
    // A "similar" export's source row has no rank, and says what it was limited to too.
    const similar = parseCsv(similarToCsv({ text: '对首台(套)给予补贴' }, [{ hit: hits[0]! }], link, undefined, { filters: '地区：昆山市' })).slice(1);
    expect(similar.map((r) => [col(r, 'role'), col(r, 'rank'), col(r, 'filters')])).toEqual([['source', '', '地区：昆山市'], ['result', '1', '地区：昆山市']]);

  });
});

describe('a question’s targets in the search and comparison exports', () => {
  // Twenty-first session's analyst audit: a target row's section was the label 量化目标 and its text one line
  // (各类专精特新企业：1000 家 到“十四五”末 达), with no indicator, value, unit or year to cite it by.
  const doc = { id: 'ks', file: 'ks.txt', title: '昆山市加快建设制造强市实施方案', city: '昆山市', level: 'county' as const, date: '2023-12-29' };
  const target: TargetRow = {
    id: 'ks:p0010#t2', paragraphId: 'ks:p0010', fingerprint: 'f', doc, planPeriod: '2021–2025', indicator: '各类专精特新企业', value: 1000, range: null, unit: '家', base: null, qualifier: '达',
    bound: null, cumulative: false, annual: false, year: '到“十四五”末', scope: null, text: '各类专精特新企业达1000家', group: 'g1', restatements: [],
  };
  const ranged: TargetRow = { ...target, id: 'ks:p0010#t3', indicator: '研发投入占GDP比重', value: null, range: [3, 4], unit: '%', base: 'GDP', qualifier: null, year: '2025年', scope: '各区' };
  const clauseOf = (id: string) => (id === 'ks:p0010' ? { text: '…', section: ['一、总体要求', '(二)目标定位'] } : undefined);
  const col = (row: string[], name: (typeof CSV_COLUMNS)[number]) => row[CSV_COLUMNS.indexOf(name)];
  const place = { city: '昆山市', name: '昆山市', code: '320583', kind: '县级市', level: 'county', parent: '苏州市', province: '江苏省', documents: 1, hint: null };

  it('give a target row its clause’s section and the target’s fields in columns after the older sixteen', () => {
    const hit = makeHit({ id: 'ks:p0036', text: '做强专精特新企业。', doc, section: ['二、重点任务'] });
    const rows = parseCsv(compareToCsv([{ city: '昆山市', place, results: [hit], weak: false }], [target, ranged], (id) => `https://h.example/p/${id}`, undefined, clauseOf));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    // The older columns keep their places: a reader of the sixteen reads the same cells.
    expect(CSV_COLUMNS.slice(0, 16)).toEqual(['city', 'document', 'section', 'text', 'score', 'permalink', 'basis', 'issuer', 'basis_number', 'basis_date', 'date', 'doc_issuer', 'doc_number', 'weak', 'role', 'matched_sentence']);
    const [first, second, clause] = rows.slice(1);
    expect([col(first!, 'role'), col(first!, 'section'), col(first!, 'text'), col(first!, 'permalink')]).toEqual(['target', '一、总体要求 › (二)目标定位', '各类专精特新企业：1000 家 到“十四五”末 达', 'https://h.example/p/ks:p0010']);
    expect(CSV_COLUMNS.slice(16, 25).map((name) => col(first!, name))).toEqual(['各类专精特新企业', '1000', '', '家', '', '达', '到“十四五”末', '', '2021–2025']);
    expect(CSV_COLUMNS.slice(16, 25).map((name) => col(second!, name))).toEqual(['研发投入占GDP比重', '', '3-4', '%', 'GDP', '', '2025年', '各区', '2021–2025']);
    // A clause's row leaves them empty.
    expect(col(clause!, 'role')).toBe('result');
    expect(CSV_COLUMNS.slice(16, 25).map((name) => col(clause!, name))).toEqual(Array(9).fill(''));
    // Search's export writes them the same way (its targets ranked among themselves, as a column's are).
    expect(parseCsv(searchToCsv([hit], [target], (id) => `https://h.example/p/${id}`, undefined, clauseOf))[1]).toEqual(first);
    expect([first, second, clause].map((r) => col(r!, 'rank'))).toEqual(['1', '2', '1']);
  });
});

describe('matrixToCsv', () => {
  it('cites a cell\'s best clause: whole text, section, dates, 发文机关, 文号, and a card\'s policy with its 发布日期', () => {
    const doc = { id: 'book', file: 'book.pdf', title: '北京市产业政策导引', city: '北京市', level: 'province' as const, date: '2024' };
    const result = {
      cities: ['北京市', '上海市'],
      rows: [
        {
          measure: { id: 'talent', name: '人才', description: '', terms: [] },
          cells: [
            { city: '北京市', count: 2, coverage: 0.1, level: 3, best: { paragraphId: 'book:p0001', doc, snippet: '对…', highlights: [], score: 3 } },
            { city: '上海市', count: 0, coverage: 0, level: 0, best: null },
          ],
        },
      ],
    } as unknown as MatrixResult;
    const source = { basis: '《北京市人才办法》', issuer: '北京市人才办', docNumber: '京人〔2021〕1号', date: '2021-12-23', tool: null, audience: null };
    const rows = parseCsv(
      matrixToCsv(
        result,
        (id) => `https://h.example/p/${id}`,
        (id) => (id === 'book:p0001' ? { text: '对引进的人才给予奖励。', section: ['一、人才篇', '1.人才支持', '服务内容'], source } : undefined),
        (id) => (id === 'book' ? { issuer: '北京市发展和改革委员会', docNumber: null } : undefined),
        // 上海's gap has three clauses that name the measure under the bar: a 0 with 3 near misses is no "not addressed".
        { talent: { 上海市: 3 } },
      ),
    );
    expect(rows[0]).toEqual([...MATRIX_CSV_COLUMNS]);
    expect(rows[1]).toEqual([
      'talent', '人才', '北京市', '2', '0.1', '对引进的人才给予奖励。', '北京市产业政策导引', 'https://h.example/p/book:p0001', '一、人才篇 › 1.人才支持 › 服务内容', '2024',
      '北京市发展和改革委员会', '', '《北京市人才办法》', '京人〔2021〕1号', '2021-12-23', '0',
    ]);
    expect(rows[2]).toEqual(['talent', '人才', '上海市', '0', '0', '', '', '', '', '', '', '', '', '', '', '3']);
  });
});

describe('matrixCellToCsv', () => {
  it('gives each clause the card columns the search export gives: part, kind, tags, 责任单位, lead units, 亦见于 (export audit 4, session 22)', () => {
    const doc = { id: 'ph', file: 'ph.txt', title: '平湖市实施方案', city: '平湖市', level: 'county' as const, date: '2023-08-01' };
    const clause = (paragraphId: string, score: number) => ({ paragraphId, fingerprint: 'f', doc, section: [], snippet: '…', highlights: [] as [number, number][], score });
    const cell = { measure: { id: 'tiers', name: '企业梯度培育' }, city: '平湖市', count: 1, clauses: [clause('ph:p0013', 3)], nearMisses: [{ ...clause('ph:p0020', 1), z: 0.5, terms: ['专精特新'], threshold: 2.25 }] };
    const byId: Record<string, Hit> = {
      'ph:p0013': hit({ id: 'ph:p0013', text: '培育专精特新企业。', responsible: ['市经信局（牵头）', '各镇街道'], leads: ['市经信局'], duplicates: ['ph:p0073'] }),
      'ph:p0020': hit({ id: 'ph:p0020', text: '3 | 专精特新 | 经信局', part: 'attachment', kind: 'table-row' }),
    };
    const rows = parseCsv(matrixCellToCsv(cell, (id) => `https://h.example/p/${id}`, (id) => byId[id]));
    expect(rows[0]).toEqual([...MATRIX_CELL_CSV_COLUMNS]);
    expect(rows[0]!.slice(0, 19)).toEqual(['measure_id', 'measure', 'city', 'rank', 'clause', 'score', 'document', 'permalink', 'section', 'date', 'doc_issuer', 'doc_number', 'basis', 'basis_number', 'basis_date', 'counted', 'seed_terms', 'z', 'threshold']);
    expect(rows.slice(1).map((r) => r.slice(19))).toEqual([
      ['main', 'text', '', '市经信局（牵头）、各镇街道', '市经信局', 'https://h.example/p/ph:p0073'],
      ['attachment', 'table-row', '附件、表格行', '', '', ''],
    ]);
  });
});

describe('file names', () => {
  it('keeps Chinese, replaces characters that file systems or headers reject, and cuts long labels', () => {
    expect(exportFileName('search', '专精特新')).toBe('policylens-search-专精特新.csv');
    expect(exportFileName('search', 'a/b\\c:d*"e"<f>|g;h,i')).toBe('policylens-search-a_b_c_d_e_f_g_h_i.csv');
    expect(exportFileName('compare', '  ')).toBe('policylens-compare.csv');
    expect(exportFileName('search', '条'.repeat(100))).toBe(`policylens-search-${'条'.repeat(80)}.csv`);
    // A long clause id fits whole, with its sentence.
    expect(exportFileName('similar', '01-hangzhou-jingji-gaozhiliang-fazhan-ruogan-zhengce:p0037-第4句')).toBe('policylens-similar-01-hangzhou-jingji-gaozhiliang-fazhan-ruogan-zhengce_p0037-第4句.csv');
  });

  it('names what an export was limited to: places, dates, in force', () => {
    expect(scopeLabel({})).toBe('');
    expect(scopeLabel({ cities: ['昆山市'], since: '2023-01-01', inForce: '2026-12-07' })).toBe('昆山市-2023-01-01起-2026-12-07现行有效');
    // No stray 、 before 等 (…青岛市、等5地: export audit, session 22).
    expect(scopeLabel({ cities: ['a', 'b', 'c', 'd', 'e'], since: '2023-01-01', until: '2024-12-31' })).toBe('a、b、c等5地-2023-01-01至2024-12-31');
    expect(scopeLabel({ until: '2022-12-31' })).toBe('2022-12-31止');
  });

  it('names the document, level and part filters, and a group by its label', () => {
    // Export audit, session 22: a search limited to one document, to county documents or to attachments took the name of
    // the same search unfiltered; a group was written as its places, its id (province_浙江省) or its level alone.
    expect(scopeLabel({ docs: [{ id: '000_x', label: '加快建设制造强市实施方案' }] })).toBe('加快建设制造强市实施方案');
    expect(scopeLabel({ docs: [{ id: 'a', label: '甲' }, { id: 'b', label: '乙' }] })).toBe('甲等2份文件');
    expect(scopeLabel({ levels: ['county'] })).toBe('县级');
    expect(scopeLabel({ part: 'attachment' })).toBe('附件');
    expect(scopeLabel({ cities: ['昆山市'], groups: [{ label: '浙江省及下辖地区' }] })).toBe('昆山市、浙江省及下辖地区');
    expect(scopeLabel({ issuers: ['甲', '乙', '丙'] })).toBe('甲、乙等3个机关');
  });

  it('gives a meaningful ASCII fallback: each part says what it is, or is left out', () => {
    // The fallback had been the name with its non-ASCII runs dropped: policylens-compare-4.csv (from 等4地),
    // policylens-draft-5.docx, policylens-similar-…-2.csv (from 第2句).
    const places = scopeParts({ cities: ['昆山市', '平湖市', '青岛市', '江苏省'] });
    expect(exportFile('compare', ['专精特新', ...places])).toEqual({ name: 'policylens-compare-专精特新-昆山市、平湖市、青岛市等4地.csv', fallback: 'policylens-compare-4-places.csv' });
    expect(exportFile('matrix', scopeParts({ groups: [{ label: '全部县级地区', ascii: 'county' }] })).fallback).toBe('policylens-matrix-county.csv');
    expect(exportFile('search', ['5G', ...scopeParts({ part: 'attachment', levels: ['county'], since: '2023-01-01', until: '2026-12-31', inForce: '2026-12-08' })]).fallback).toBe(
      'policylens-search-5G-county-attachment-2023-01-01-to-2026-12-31-in-force-2026-12-08.csv',
    );
    expect(exportFile('draft', ['某市若干措施（征求意见稿）'], 'docx').fallback).toBe('policylens-draft.docx');
    // The header carries the fallback given.
    expect(contentDisposition(exportFile('compare', ['专精特新', ...places]))).toBe(`attachment; filename="policylens-compare-4-places.csv"; filename*=UTF-8''${encodeURIComponent('policylens-compare-专精特新-昆山市、平湖市、青岛市等4地.csv')}`);
  });

  it('names a clause by its place, its document and its paragraph number, not by its id', () => {
    const doc = { id: '002_86af085e02e72586', file: '002.txt', title: '平湖市先进制造业集群培育工程实施方案(2023—2027年)', city: '平湖市' };
    const file = exportFile('similar', [...clauseNameParts({ id: `${doc.id}:p0014`, doc }), { text: '第2句', ascii: 'sentence-2' }]);
    expect(file).toEqual({ name: 'policylens-similar-平湖市-平湖市先进制造业集群培育工程实施方案-第15段-第2句.csv', fallback: 'policylens-similar-002_86af085e02e72586-para-15-sentence-2.csv' });
    // An untitled document: its place alone (not 青岛市-青岛市（无标题文件）).
    const untitled = exportFile('similar', clauseNameParts({ id: '003_c6:p0002', doc: { id: '003_c6', file: '003.txt', title: null, city: '青岛市' } }));
    expect(untitled).toEqual({ name: 'policylens-similar-青岛市-第3段.csv', fallback: 'policylens-similar-003_c6-para-3.csv' });
  });

  it('sends an ASCII fallback and an RFC 5987 UTF-8 name', () => {
    const header = contentDisposition('policylens-search-首台(套)*.csv');
    const match = /^attachment; filename="([\x20-\x7e]*)"; filename\*=UTF-8''([A-Za-z0-9!#$&+\-.^_`|~%]+)$/.exec(header);
    expect(match).not.toBeNull();
    expect(match![1]).toBe('policylens-search-()*.csv');
    expect(decodeURIComponent(match![2]!)).toBe('policylens-search-首台(套)*.csv');
    expect(contentDisposition('policylens-search-专精特新.csv')).toMatch(/^attachment; filename="policylens-search\.csv"; /);
    // Dates written with 起 / 止 between them stay apart in the fallback.
    expect(contentDisposition('policylens-similar-x-2021-01-01起2023-12-31止-2023-06-01现行有效.csv')).toMatch(/^attachment; filename="policylens-similar-x-2021-01-01-2023-12-31-2023-06-01\.csv"; /);
  });
});

describe('documentToCsv', () => {
  it('gives each clause its lead units (牵头) by name in the last column, after the columns existing readers know', () => {
    const hits = [
      makeHit({ id: 'd:p0000', text: '严厉打击骗税行为。', responsible: ['区财政局（牵头）', '区发改局'], leads: ['区财政局'] }),
      makeHit({ id: 'd:p0001', text: '做好资金保障。', responsible: ['市财政局'] }),
    ];
    const view = { paragraphs: hits } as unknown as DocumentView;
    const rows = parseCsv(documentToCsv(view, (id) => `http://x/p/${id}`));
    expect(rows[0]!.slice(12, 15)).toEqual(['tool', 'audience', 'lead']);
    const col = (name: string) => rows[0]!.indexOf(name);
    expect(rows[1]![col('responsible')]).toBe('区财政局（牵头）、区发改局');
    expect(rows[1]![col('lead')]).toBe('区财政局');
    expect(rows[2]![col('lead')]).toBe('');
  });

  it('names the paragraphs that repeat a clause by their n, where `duplicates` only counts them (export audit 4, session 22)', () => {
    const hits = [
      makeHit({ id: 'ph:p0000', text: '培育专精特新企业。', duplicates: ['ph:p0055', 'ph:p0056'] }),
      makeHit({ id: 'ph:p0001', text: '2 | 专精特新 | 经信局', part: 'attachment', kind: 'table-row' }),
    ];
    const rows = parseCsv(documentToCsv({ paragraphs: hits } as unknown as DocumentView, (id) => `http://x/p/${id}`));
    const col = (name: string) => rows[0]!.indexOf(name);
    // The count keeps its meaning; the new column comes after the existing ones.
    expect(rows[0]!.slice(0, 15)).toEqual(['n', 'section', 'text', 'part', 'kind', 'responsible', 'duplicates', 'permalink', 'basis', 'issuer', 'basis_number', 'basis_date', 'tool', 'audience', 'lead']);
    expect([rows[1]![col('duplicates')], rows[1]![col('also_in')], rows[1]![col('tags')]]).toEqual(['2', '56、57', '']);
    expect([rows[2]![col('duplicates')], rows[2]![col('also_in')], rows[2]![col('tags')]]).toEqual(['0', '', '附件、表格行']);
  });
});
