import { describe, expect, it } from 'vitest';
import { cardNames, documentNames, documentsNamed as namedIn, foldName } from '../../src/search/query-documents.js';

const documents = [
  { id: 'js', title: '省政府关于加快培育先进制造业集群的指导意见', docNumber: '苏政发〔2018〕86号' },
  { id: 'ks', title: '加快建设制造强市实施方案', docNumber: null },
  { id: 'ph', title: '平湖市先进制造业集群培育工程实施方案(2023—2027年)', docNumber: null },
  { id: 'qd', title: null, docNumber: null },
  { id: 'short', title: '通知', docNumber: '1号' },
];

const documentsNamed = (query: string, docs: typeof documents) => namedIn(query, documentNames(docs));

describe('foldName', () => {
  it('folds script, width, brackets, spaces, quotes and 《》', () => {
    expect(foldName('苏政发[2018] 86号')).toBe('苏政发(2018)86号');
    expect(foldName('苏政发〔2018〕86号')).toBe('苏政发(2018)86号');
    expect(foldName('蘇政發（２０１８）86號')).toBe('苏政发(2018)86号');
    // As people also type them.
    expect(foldName('苏政发〔2018〕第86号')).toBe('苏政发(2018)86号');
    expect(foldName('苏政发2018年86号')).toBe('苏政发(2018)86号');
    expect(foldName('苏政发2018年第86号')).toBe('苏政发(2018)86号');
    expect(foldName('《加快建设“制造强市”实施方案》')).toBe('加快建设制造强市实施方案');
    // A period's dash as written and as typed (安徽's title is stored with —, its notice writes -).
    expect(foldName('行动计划（2021-2023年）')).toBe(foldName('行动计划(2021—2023年)'));
    expect(foldName('行动计划(2021–2023年)')).toBe('行动计划(2021-2023年)');
  });
});

describe('documentsNamed', () => {
  it('names a document by its number, however its brackets are typed', () => {
    for (const q of ['苏政发〔2018〕86号', '苏政发[2018]86号', '苏政发（2018）86号']) expect(documentsNamed(q, documents), q).toEqual([{ id: 'js', rest: '' }]);
    expect(documentsNamed('苏政发〔2018〕86号 专精特新', documents)).toEqual([{ id: 'js', rest: '专精特新' }]);
    expect(documentsNamed('专精特新，苏政发〔2018〕86号', documents)).toEqual([{ id: 'js', rest: '专精特新' }]);
    expect(documentsNamed('苏政发〔2018〕22号', documents)).toEqual([]);
  });

  it('names a document by its whole title, or by most of it', () => {
    expect(documentsNamed('《加快建设制造强市实施方案》', documents)).toEqual([{ id: 'ks', rest: '' }]);
    expect(documentsNamed('《加快建设制造强市实施方案》的专精特新', documents)).toEqual([{ id: 'ks', rest: '专精特新' }]);
    expect(documentsNamed('关于加快培育先进制造业集群的指导意见', documents)).toEqual([{ id: 'js', rest: '' }]);
    // A rest of one character is no query.
    expect(documentsNamed('加快建设制造强市实施方案 一', documents)).toEqual([{ id: 'ks', rest: '' }]);
  });

  it('names nothing for a topic, a short title or number, or a document without either', () => {
    for (const q of ['先进制造业集群培育', '专精特新', '通知', '1号文件', '加快建设', '']) expect(documentsNamed(q, documents), q).toEqual([]);
  });
});

describe('cardNames', () => {
  it('names each compendium card once, by the number and title of the policy it cites', () => {
    const source = (basis: string | null, docNumber: string | null) => ({ basis, docNumber });
    const cards = cardNames([
      { id: 'bj:p0001', docId: 'bj', source: source('《北京市支持园区发展办法》', '京发改规〔2023〕7号') },
      { id: 'bj:p0002', docId: 'bj', source: source('《北京市支持园区发展办法》', '京发改规〔2023〕7号') },
      { id: 'bj:p0003', docId: 'bj', source: source('《北京市商贸物流资金管理办法》', '京商规〔2023〕12号') },
      { id: 'bj:p0004', docId: 'bj', source: source(null, null) },
      { id: 'ks:p0001', docId: 'ks' },
    ]);
    expect(cards).toEqual([
      { id: 'card:bj:p0001', title: '《北京市支持园区发展办法》', docNumber: '京发改规〔2023〕7号' },
      { id: 'card:bj:p0003', title: '《北京市商贸物流资金管理办法》', docNumber: '京商规〔2023〕12号' },
    ]);
    const names = documentNames([...documents, ...cards]);
    expect(namedIn('京发改规[2023]7号', names)).toEqual([{ id: 'card:bj:p0001', rest: '' }]);
    expect(namedIn('北京市商贸物流资金管理办法 申报', names).map((n) => n.id)).toEqual(['card:bj:p0003']);
  });

  it('names two cards that cite one policy each', () => {
    const source = { basis: '《北京市融合发展支持办法》', docNumber: '京发改规〔2023〕7号' };
    const cards = cardNames([
      { id: 'bj:p0010', docId: 'bj', card: '1.示范园区', source },
      { id: 'bj:p0011', docId: 'bj', card: '1.示范园区', source },
      { id: 'bj:p0020', docId: 'bj', card: '2.试点企业', source },
    ]);
    expect(namedIn('京发改规〔2023〕7号', documentNames(cards)).map((n) => n.id)).toEqual(['card:bj:p0010', 'card:bj:p0020']);
  });
});
