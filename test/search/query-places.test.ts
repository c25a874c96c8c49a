import { describe, expect, it } from 'vitest';
import { cityHint, cityReadings, columnsNamed, overriddenScope, placeAliases, placeOutside, placeScope, sharedAliases } from '../../src/search/query-places.js';
import type { PlaceSummary } from '../../src/search/types.js';

const place = (city: string, province: string, level: string, name = city, parent: string | null = null): PlaceSummary => ({
  city, name, code: null, kind: null, level, parent, province, documents: 1, hint: null,
});
const places = [
  place('昆山市', '江苏省', 'county', '昆山市', '苏州市'), place('江苏省', '江苏省', 'province'), place('平湖市', '浙江省', 'county', '平湖市', '嘉兴市'),
  place('青岛市', '山东省', 'prefecture', '青岛市', '山东省'), place('北京市', '北京市', 'province'), place('广州市天河区', '广东省', 'county', '天河区', '广州市'),
  place('未标注地区', '', ''),
];
const corpus = { places };
const scope = (q: string) => placeScope(q, corpus);

describe('placeAliases', () => {
  it('names each place by its names, with and without the suffix, and each province by its group', () => {
    const aliases = placeAliases(corpus);
    expect(aliases.get('青岛')).toEqual(['青岛市']);
    expect(aliases.get('青岛市')).toEqual(['青岛市']);
    expect(aliases.get('天河')).toEqual(['广州市天河区']);
    expect(aliases.get('山东')).toEqual(['青岛市']);
    expect(aliases.get('江苏省')).toEqual(['昆山市', '江苏省']);
    expect(aliases.get('苏州')).toEqual(['昆山市']);
    expect(aliases.get('广州市')).toEqual(['广州市天河区']);
    expect(aliases.has('未标注地区')).toBe(false);
  });

  it('drops a name two places share', () => {
    const twins = [place('朝阳区', '北京市', 'county'), place('长春市朝阳区', '吉林省', 'county', '朝阳区', '长春市'), place('吉林市', '吉林省', 'prefecture')];
    const aliases = placeAliases({ places: twins });
    expect(aliases.has('朝阳区')).toBe(false);
    expect(aliases.get('长春市朝阳区')).toEqual(['长春市朝阳区']);
    // 吉林 is both the province (长春市朝阳区 and 吉林市) and the city 吉林市: neither; written out, each is clear.
    expect(aliases.has('吉林')).toBe(false);
    expect(aliases.get('吉林省')).toEqual(['长春市朝阳区', '吉林市']);
    expect(aliases.get('吉林市')).toEqual(['吉林市']);
  });
});

/** Both 朝阳区 of the gazetteer, and 吉林市 (吉林 is its name and the province's). */
const chaoyang = [
  place('北京市朝阳区', '北京市', 'county', '朝阳区', '北京市'), place('长春市朝阳区', '吉林省', 'county', '朝阳区', '长春市'), place('吉林市', '吉林省', 'prefecture', '吉林市', '吉林省'),
];

describe('a name several places of the corpus bear (places audit, findings 2 and 3)', () => {
  it('stands, read whole, for every place that bears it, as a province stands for its places', () => {
    const shared = sharedAliases({ places: chaoyang });
    expect(shared.get('朝阳区')).toEqual(['北京市朝阳区', '长春市朝阳区']);
    expect(shared.get('朝阳')).toEqual(['北京市朝阳区', '长春市朝阳区']);
    expect(shared.get('吉林')).toEqual(['长春市朝阳区', '吉林市']);
    // Never a name one reading has: those are placeAliases'.
    expect(shared.has('吉林省')).toBe(false);
    expect(sharedAliases(corpus).size).toBe(0);
    // city=朝阳区 had been refused as “朝阳区”不在本库中 beside a list holding both.
    const withColumns = { places: chaoyang, cities: chaoyang.map((p) => p.city) };
    expect(columnsNamed(['朝阳区'], withColumns)).toEqual(['北京市朝阳区', '长春市朝阳区']);
    expect(columnsNamed(['朝陽'], withColumns)).toEqual(['北京市朝阳区', '长春市朝阳区']);
    expect(columnsNamed(['长春市朝阳区'], withColumns)).toEqual(['长春市朝阳区']);
  });

  it('scopes a query to all of them when nothing else does, and says so', () => {
    expect(placeScope('朝阳区专精特新', { places: chaoyang })).toEqual({
      cities: ['北京市朝阳区', '长春市朝阳区'], named: ['朝阳区'], query: '专精特新',
      sameName: [{ named: '朝阳区', cities: ['北京市朝阳区', '长春市朝阳区'], others: [] }],
    });
    // Written with its city, one of them; the name after the city is the address's end, not the query's.
    expect(placeScope('北京市朝阳区专精特新', { places: chaoyang })).toEqual({ cities: ['北京市朝阳区'], named: ['北京市朝阳区'], query: '专精特新' });
    expect(placeScope('北京朝阳区专精特新', { places: chaoyang })).toEqual({ cities: ['北京市朝阳区'], named: ['北京市朝阳区'], query: '专精特新' });
    expect(placeScope('朝阳区和吉林市的专精特新', { places: chaoyang })?.cities).toEqual(['北京市朝阳区', '长春市朝阳区', '吉林市']);
  });

  it('says which place a name was read as when the gazetteer knows others the corpus lacks', () => {
    // 朝阳区专精特新 had been scoped to 长春市朝阳区 without a word about 北京市朝阳区.
    const one = { places: [...places, place('长春市朝阳区', '吉林省', 'county', '朝阳区', '长春市')] };
    expect(placeScope('朝阳区专精特新', one)).toEqual({
      cities: ['长春市朝阳区'], named: ['朝阳区'], query: '专精特新', sameName: [{ named: '朝阳区', cities: ['长春市朝阳区'], others: ['北京市朝阳区'] }],
    });
    expect(placeScope('朝阳的专精特新', one)?.sameName).toEqual([{ named: '朝阳', cities: ['长春市朝阳区'], others: ['朝阳市', '北京市朝阳区'] }]);
    // One place of its name: nothing to say.
    expect(placeScope('青岛市专精特新', one)?.sameName).toBeUndefined();
    // A manifest's 吉林, kept as written, may be 吉林市 or 吉林省: it and the places in 吉林省, no namesake named.
    const kept = { places: [place('吉林', '', '', '吉林'), place('长春市朝阳区', '吉林省', 'county', '朝阳区', '长春市')].map((p) => ({ ...p, province: p.province || null, level: p.level || null })) };
    expect(placeScope('吉林人才', kept)).toMatchObject({ cities: ['吉林', '长春市朝阳区'], query: '人才', sameName: [{ named: '吉林', others: [] }] });
  });
});

describe('placeScope', () => {
  it('scopes a query that starts with a place written out', () => {
    expect(scope('青岛市专精特新企业培育目标')).toEqual({ cities: ['青岛市'], named: ['青岛市'], query: '专精特新企业培育目标' });
    expect(scope('天河区科技企业')).toEqual({ cities: ['广州市天河区'], named: ['天河区'], query: '科技企业' });
  });

  it('scopes a bare name only before a space or a word that says "of" or "about"', () => {
    expect(scope('平湖 工业用地')?.query).toBe('工业用地');
    expect(scope('青岛的研发投入强度目标是多少')?.query).toBe('研发投入强度目标是多少');
    expect(scope('昆山对首台套有什么支持')?.query).toBe('首台套有什么支持');
    // Without a way to ask where a phrase is written, a bare name run on into the query is left as typed.
    expect(scope('青岛专精特新')).toBeNull();
    // Institutions are named after places.
    expect(scope('北京证券交易所')).toBeNull();
    expect(scope('上海证券交易所上市')).toBeNull();
  });

  it('scopes a bare name run on into the query when no clause outside its places writes the two together', () => {
    // A tiny corpus: which clauses (by place) write which text.
    const written: [string, string][] = [['平湖市', '依托上海交大智能光电研究院'], ['北京市', '加快推进北京专精特新专板建设'], ['昆山市', '用好北京证券交易所服务基地']];
    const asked: [string, readonly string[]][] = [];
    const writtenElsewhere = (name: string, next: string, cities: readonly string[]) => {
      asked.push([name + next, cities]);
      return written.some(([city, text]) => !cities.includes(city) && text.includes(name + next));
    };
    const glued = (q: string) => placeScope(q, { places, writtenElsewhere });
    expect(glued('青岛专精特新企业培育目标')).toEqual({ cities: ['青岛市'], named: ['青岛'], query: '专精特新企业培育目标' });
    // Asked once: the name with the word jieba reads after it (专精特新企业 is one word to it), for the name's places.
    expect(asked).toEqual([['青岛专精特新企业', ['青岛市']]]);
    expect(glued('苏州工业用地')).toEqual({ cities: ['昆山市'], named: ['苏州'], query: '工业用地' });
    // Written only in Beijing's own documents: the scope hides none of the clauses that write it.
    expect(glued('北京专精特新')?.cities).toEqual(['北京市']);
    // Written in another place's documents: an institution, searched everywhere as typed.
    expect(glued('北京证券交易所')).toBeNull();
    // The other rules still hold: a place before 和 is a party, a name inside a longer token names nothing.
    expect(glued('青岛市政府和企业共同出资设立基金')).toBeNull();
    expect(glued('上海证券交易所上市')).toBeNull();
    // A quote or bracket ends a name as a space does; a number is a word like any other.
    expect(glued('青岛“一带一路”、RCEP与企业国际化发展')?.query).toBe('“一带一路”、RCEP与企业国际化发展');
    expect(glued('昆山5G基站要建多少')?.query).toBe('5G基站要建多少');
    expect(asked.at(-1)).toEqual(['昆山5G', ['昆山市']]);
    // jieba, guessing a word it does not know, runs a name into what follows (恩阳稳/经济): still the name; a word of
    // its dictionary that starts with a name is a word (北京大学 is not 北京).
    const enyang = [...places, place('巴中市恩阳区', '四川省', 'county', '恩阳区', '巴中市')];
    expect(placeScope('恩阳稳经济', { places: enyang, writtenElsewhere })).toEqual({ cities: ['巴中市恩阳区'], named: ['恩阳'], query: '稳经济' });
    expect(glued('北京大学科技园')).toBeNull();
  });

  it('reads a place’s government as the place', () => {
    expect(scope('青岛市政府怎么帮本地工厂上市')).toEqual({ cities: ['青岛市'], named: ['青岛市'], query: '怎么帮本地工厂上市' });
    expect(scope('江苏省人民政府 先进制造业集群')?.query).toBe('先进制造业集群');
    expect(scope('青岛市政府和企业共同出资设立基金')).toBeNull();
  });

  it('reads a government with its place however jieba cuts it, and a column’s government as that column alone (places audit 3)', () => {
    // jieba keeps 江苏省人民政府 whole and cuts 昆山市 / 人民政府: both are the government, whose query is what follows.
    expect(scope('江苏省人民政府专精特新')).toEqual({ cities: ['江苏省'], named: ['江苏省'], query: '专精特新' });
    expect(scope('昆山市人民政府专精特新')).toEqual({ cities: ['昆山市'], named: ['昆山市'], query: '专精特新' });
    // The province's own documents, not its every place: 江苏省 alone stands for them all, as before.
    expect(scope('江苏省专精特新')?.cities).toEqual(['昆山市', '江苏省']);
    // A government of no column (苏州市) reads as the place, which stands for the corpus's places under it.
    expect(scope('苏州市人民政府专精特新')?.cities).toEqual(['昆山市']);
    // 政府 cut off (昆山市 / 政府) is the organ unless the corpus writes it with the next word (政府采购 is a measure).
    const written = ['实行政府采购首购订购制度'];
    const writtenElsewhere = (name: string, next: string) => written.some((t) => t.includes(name + next));
    const withCorpus = (q: string) => placeScope(q, { places, writtenElsewhere });
    expect(withCorpus('昆山市政府专精特新')).toEqual({ cities: ['昆山市'], named: ['昆山市'], query: '专精特新' });
    expect(withCorpus('昆山市政府采购')).toEqual({ cities: ['昆山市'], named: ['昆山市'], query: '政府采购' });
    // Without a corpus to ask, 政府 before a word stays in the query; before the end of the place part it is the organ.
    expect(scope('昆山市政府采购')?.query).toBe('政府采购');
    expect(scope('昆山市政府 专精特新')?.query).toBe('专精特新');
    expect(withCorpus('昆山市政府和企业共同出资')).toBeNull();
  });

  it('reads another organ after a place as an issuer: its documents, or none, and the place (verifying audit)', () => {
    // 烟台市人大常委会民营经济 had searched 人大常委会民营经济 across 烟台, while city=烟台市人大常委会 pointed to issuer=.
    const asked: string[] = [];
    const issuedBy = (issuer: string) => (asked.push(issuer), issuer === '青岛市人大常委会' || issuer === '北京市发展和改革委员会' ? ['d1'] : []);
    const organs = (q: string) => placeScope(q, { places, issuedBy });
    expect(organs('青岛市人大常委会民营经济')).toEqual({ cities: ['青岛市'], named: ['青岛市'], query: '民营经济', issuer: { named: '青岛市人大常委会', documents: ['d1'] } });
    // A bare name is read with its full one, as issuer= matches the 发文机关 as written; an organ of several tokens too.
    expect(organs('青岛人大常委会民营经济')?.issuer).toEqual({ named: '青岛市人大常委会', documents: ['d1'] });
    expect(organs('北京市发展和改革委员会产业政策')).toMatchObject({ cities: ['北京市'], query: '产业政策', issuer: { named: '北京市发展和改革委员会' } });
    // An organ no document has: said (no documents), and the place's own documents are meant, as with its government.
    expect(organs('昆山市发改委专精特新')).toEqual({ cities: ['昆山市'], named: ['昆山市'], query: '专精特新', issuer: { named: '昆山市发改委', documents: [] } });
    expect(organs('江苏省工信厅专精特新')).toMatchObject({ cities: ['江苏省'], query: '专精特新', issuer: { named: '江苏省工信厅', documents: [] } });
    expect(organs('江苏省政府办公厅专精特新')).toMatchObject({ cities: ['江苏省'], query: '专精特新', issuer: { named: '江苏省政府办公厅' } });
    expect(asked).toContain('昆山市发改委');
    // The government alone is its place's own documents, as before; words that end so name no organ.
    expect(organs('江苏省人民政府专精特新')).toEqual({ cities: ['江苏省'], named: ['江苏省'], query: '专精特新' });
    expect(organs('江苏省产业布局优化')).toEqual({ cities: ['昆山市', '江苏省'], named: ['江苏省'], query: '产业布局优化' });
    expect(organs('昆山市政务服务大厅办事指南')?.query).toBe('政务服务大厅办事指南');
    expect(organs('青岛市的科技局')?.issuer).toBeUndefined();
  });

  it('reads 政府工作报告 after a place as a document kind, not the government (places audit)', () => {
    // jieba keeps 青岛市政府 one token: 青岛市政府工作报告 had been read as 青岛市人民政府 searching 工作报告.
    expect(scope('青岛市政府工作报告')).toEqual({ cities: ['青岛市'], named: ['青岛市'], query: '政府工作报告' });
    expect(scope('江苏省人民政府工作报告')?.query).toBe('人民政府工作报告');
    expect(placeScope('青岛政府工作报告', { places, writtenElsewhere: () => false })?.query).toBe('政府工作报告');
    // The government itself is still the organ.
    expect(scope('青岛市政府专精特新')?.query).toBe('专精特新');
  });

  it('takes several places, and a province for the places under it', () => {
    expect(scope('昆山和平湖的专精特新')).toEqual({ cities: ['昆山市', '平湖市'], named: ['昆山', '平湖'], query: '专精特新' });
    expect(scope('昆山、青岛市 专精特新')?.cities).toEqual(['昆山市', '青岛市']);
    expect(scope('山东 专精特新')?.cities).toEqual(['青岛市']);
    expect(scope('江苏省先进制造业集群')?.cities).toEqual(['昆山市', '江苏省']);
    expect(scope('苏州的专精特新')?.cities).toEqual(['昆山市']);
  });

  it('reads a place written after the place it lies in as one address, not a list (江苏昆山 is Kunshan)', () => {
    expect(scope('江苏省昆山市专精特新')).toEqual({ cities: ['昆山市'], named: ['昆山市'], query: '专精特新' });
    expect(scope('江苏苏州昆山 专精特新')?.cities).toEqual(['昆山市']);
    expect(scope('浙江省嘉兴市平湖市专精特新')?.cities).toEqual(['平湖市']);
    // Joined by 、 or 和, both places are meant; and a place outside the first is a list too.
    expect(scope('江苏、昆山 专精特新')?.cities).toEqual(['昆山市', '江苏省']);
    expect(scope('江苏省青岛市专精特新')?.cities).toEqual(['昆山市', '江苏省', '青岛市']);
  });

  it('takes a district the corpus has no document of, written inside a place it has, out of the query and names it', () => {
    expect(scope('青岛市黄岛区专精特新')).toEqual({ cities: ['青岛市'], named: ['青岛市'], query: '专精特新', narrower: '青岛市黄岛区' });
    // A place the corpus has is no narrower place: 江苏省昆山市 is an address.
    expect(scope('江苏省昆山市专精特新')?.narrower).toBeUndefined();
    // Written as one word (jieba's 上海浦东新区), by a short name (北京海淀), or beside a column under a named place.
    expect(scope('北京市海淀区专精特新')).toMatchObject({ cities: ['北京市'], query: '专精特新', narrower: '北京市海淀区' });
    expect(scope('北京 海淀 专精特新')).toMatchObject({ cities: ['北京市'], query: '专精特新', narrower: '北京市海淀区' });
    expect(scope('广州市海珠区专精特新')).toMatchObject({ cities: ['广州市天河区'], query: '专精特新', narrower: '广州市海珠区' });
  });

  it('scopes to the corpus places of a list that also names a place it lacks, and names that one', () => {
    const outside = { named: '深圳', places: ['深圳市'] };
    expect(scope('深圳和昆山 专精特新')).toEqual({ cities: ['昆山市'], named: ['昆山'], query: '专精特新', outside });
    expect(scope('昆山和深圳专精特新')).toEqual({ cities: ['昆山市'], named: ['昆山'], query: '专精特新', outside });
    expect(scope('深圳专精特新')).toBeNull();
    expect(scope('青岛市政府和企业共同出资')).toBeNull();
  });

  it('reads an area word after a place as part of it (places audit, finding 10)', () => {
    // 北京地区 had scoped nothing, and 江苏省内 had searched 内专精特新.
    expect(scope('北京地区专精特新')).toEqual({ cities: ['北京市'], named: ['北京'], query: '专精特新' });
    expect(scope('江苏省内专精特新')).toEqual({ cities: ['昆山市', '江苏省'], named: ['江苏省'], query: '专精特新' });
    expect(scope('山东境内的专精特新')?.query).toBe('专精特新');
    expect(scope('青岛市内工业用地')?.query).toBe('工业用地');
    // 内环 is a word of its own: no area word.
    expect(scope('北京市内环高架')?.query).toBe('内环高架');
    // 域内, 全省 and 市区 too: they had been searched as 内数字经济, 全省专精特新, 市区专精特新 (s23 verifying audit 10).
    expect(scope('江苏省域内数字经济')).toEqual({ cities: ['昆山市', '江苏省'], named: ['江苏省'], query: '数字经济' });
    expect(scope('江苏全省专精特新')).toEqual({ cities: ['昆山市', '江苏省'], named: ['江苏'], query: '专精特新' });
    expect(scope('青岛全市专精特新')).toEqual({ cities: ['青岛市'], named: ['青岛'], query: '专精特新' });
    expect(scope('昆山市区专精特新')).toEqual({ cities: ['昆山市'], named: ['昆山'], query: '专精特新' });
    expect(columnsNamed(['江苏省域内'], { places, cities: places.map((p) => p.city) })).toEqual(['昆山市', '江苏省']);
  });

  it('reads a query of a place and an area word alone as the place alone: as typed (verifying audit)', () => {
    // 江苏地区 had been scoped to Jiangsu to search the bare 地区; 江苏 alone is searched as typed.
    for (const q of ['江苏地区', '山东境内', '江苏省内', '北京地区', '青岛市范围内']) expect(scope(q), q).toBeNull();
    expect(placeScope('江苏地区', { places, writtenElsewhere: () => false })).toBeNull();
    // As the last word, it is the place.
    expect(scope('专精特新 北京地区')).toEqual({ cities: ['北京市'], named: ['北京'], query: '专精特新' });
  });

  it('reads 域 after a place written with 省, 市 or 县 as its territory, and cuts no word jieba made (verifying audit)', () => {
    // jieba cuts 浙江省|域|数字经济: 域数字经济 had been searched.
    expect(scope('浙江省域数字经济')).toEqual({ cities: ['平湖市'], named: ['浙江省'], query: '数字经济' });
    expect(scope('青岛市域数字经济')).toEqual({ cities: ['青岛市'], named: ['青岛市'], query: '数字经济' });
    // 区域 is a word, and 县域 after a name without 县 is the query's (县域经济).
    const nowhere = { places, writtenElsewhere: () => false };
    expect(placeScope('江苏区域协调发展', nowhere)?.query).toBe('区域协调发展');
    expect(placeScope('昆山县域经济', nowhere)?.query).toBe('县域经济');
    // jieba cuts 浙江|省级|财政: the name is 浙江, not 浙江省 run on into 级 (级财政 had been searched).
    expect(placeScope('浙江省级财政', nowhere)).toEqual({ cities: ['平湖市'], named: ['浙江'], query: '省级财政' });
    expect(placeScope('青岛市级财政', nowhere)?.query).toBe('市级财政');
    // A cut inside a name jieba does not know (恩|阳刚|毕业) is still its guess.
    const enyang = { places: [...places, place('巴中市恩阳区', '四川省', 'county', '恩阳区', '巴中市')], writtenElsewhere: () => false };
    expect(placeScope('恩阳刚毕业的大学生创业补助', enyang)?.query).toBe('刚毕业的大学生创业补助');
  });

  it('reads places named as the last word', () => {
    expect(scope('专精特新 青岛')).toEqual({ cities: ['青岛市'], named: ['青岛'], query: '专精特新' });
    expect(scope('专精特新 昆山、平湖')?.cities).toEqual(['昆山市', '平湖市']);
    expect(scope('专精特新 企业')).toBeNull();
  });

  it('leaves a measure about places, a place in the middle and a bare place as typed', () => {
    for (const q of ['北京、上海等地建设科创飞地', '北京等地', '在北京建设科创飞地', '支持青岛企业', '青岛市', '青岛的', '青岛市 的', '  ', '专精特新']) {
      expect(scope(q), q).toBeNull();
    }
  });

  it('scopes nothing in a corpus without places', () => {
    expect(placeScope('青岛市专精特新', { places: [place('未标注地区', '', '')] })).toBeNull();
  });
});

describe('placeOutside', () => {
  const outside = (q: string) => placeOutside(q, corpus);
  it('names a place at the head of the query that the corpus has no document of', () => {
    expect(outside('深圳专精特新')).toEqual({ named: '深圳', places: ['深圳市'] });
    expect(outside('深圳市的人才引进政策')).toEqual({ named: '深圳市', places: ['深圳市'] });
    expect(outside('浙江专精特新')).toBeNull(); // Pinghu lies in it
    expect(outside('吉林省 工业用地')).toEqual({ named: '吉林省', places: ['吉林省'] });
  });
  it('knows the short names of autonomous regions and prefectures, 地区 and 盟, and the regions beyond the gazetteer', () => {
    expect(outside('内蒙古专精特新')).toEqual({ named: '内蒙古', places: ['内蒙古自治区'] });
    expect(outside('广西专精特新')).toEqual({ named: '广西', places: ['广西壮族自治区'] });
    expect(outside('新疆专精特新')).toEqual({ named: '新疆', places: ['新疆维吾尔自治区'] });
    expect(outside('延边专精特新')).toEqual({ named: '延边', places: ['延边朝鲜族自治州'] });
    expect(outside('大兴安岭专精特新')).toEqual({ named: '大兴安岭', places: ['大兴安岭地区'] });
    expect(outside('阿拉善专精特新')).toEqual({ named: '阿拉善', places: ['阿拉善盟'] });
    expect(outside('香港专精特新')).toEqual({ named: '香港', places: ['香港特别行政区'] });
    expect(outside('澳门特别行政区人才政策')).toEqual({ named: '澳门特别行政区', places: ['澳门特别行政区'] });
    expect(outside('香港')).toBeNull();
  });
  it('names a district by its full address, or its city’s short name and its own, though the corpus has its namesake (places audit, finding 10)', () => {
    const noBeijing = { places: [...places.filter((p) => p.city !== '北京市'), place('长春市朝阳区', '吉林省', 'county', '朝阳区', '长春市')] };
    // Read as the corpus's 长春市朝阳区 (both are 朝阳区), the full address had said nothing.
    expect(placeOutside('北京市朝阳区专精特新', noBeijing)).toEqual({ named: '北京市朝阳区', places: ['北京市朝阳区'] });
    expect(placeOutside('北京朝阳区专精特新', noBeijing)).toEqual({ named: '北京朝阳区', places: ['北京市朝阳区'] });
    expect(placeOutside('北京专精特新', noBeijing)).toEqual({ named: '北京', places: ['北京市'] });
    expect(placeOutside('长春市朝阳区专精特新', noBeijing)).toBeNull();
  });
  it('is null for a name a column bears as written (a manifest’s 吉林), which may be any of its places', () => {
    const kept = { places: [place('吉林', '', '', '吉林'), place('青岛市', '山东省', 'prefecture', '青岛市', '山东省')].map((p) => ({ ...p, province: p.province || null })) };
    expect(placeOutside('吉林人才', kept)).toBeNull();
    expect(placeOutside('吉林省人才', kept)).toEqual({ named: '吉林省', places: ['吉林省'] });
  });
  it('is null for the corpus’s places and those around them, for words that are no place, and for a bare name', () => {
    for (const q of ['青岛专精特新', '苏州专精特新', '山东的工业用地', '天河区人才', '专精特新', '东方甄选直播', '长安汽车配套', '白云机场扩建', '深圳']) expect(outside(q), q).toBeNull();
  });
});

describe('columnsNamed (a city= value)', () => {
  const withColumns = { places, cities: places.map((p) => p.city) };
  it('reads a place written as an address as a query\'s head reads it, and nothing looser (twenty-first session, API audit C3)', () => {
    expect(columnsNamed(['江苏昆山'], withColumns)).toEqual(['昆山市']);
    expect(columnsNamed(['浙江省嘉兴市平湖市'], withColumns)).toEqual(['平湖市']);
    expect(columnsNamed(['江苏省苏州市昆山市'], withColumns)).toEqual(['昆山市']);
    expect(columnsNamed(['廣東廣州天河'], withColumns)).toEqual(['广州市天河区']);
    // A list, a place outside the first, a place the corpus lacks inside one, or words after the place: kept as given,
    // for the caller to refuse with the valid names.
    expect(columnsNamed(['江苏、昆山'], withColumns)).toEqual(['江苏、昆山']);
    expect(columnsNamed(['江苏省青岛市'], withColumns)).toEqual(['江苏省青岛市']);
    expect(columnsNamed(['青岛市黄岛区'], withColumns)).toEqual(['青岛市黄岛区']);
    expect(columnsNamed(['昆山专精特新'], withColumns)).toEqual(['昆山专精特新']);
    // As before: a column, an alias, a province's group.
    expect(columnsNamed(['昆山市', '青岛', '江苏'], withColumns)).toEqual(['昆山市', '青岛市', '江苏省']);
  });

  it('reads a place with an area word as the place (verifying audit: city=北京地区 had been refused)', () => {
    expect(columnsNamed(['北京地区'], withColumns)).toEqual(['北京市']);
    expect(columnsNamed(['江苏省内'], withColumns)).toEqual(['昆山市', '江苏省']);
    expect(columnsNamed(['山东境内'], withColumns)).toEqual(['青岛市']);
    // What it stood for is said when it is more than the place's own column.
    expect(cityReadings(['北京地区', '江苏省内'], withColumns)).toEqual([{ named: '江苏省内', cities: ['昆山市', '江苏省'], place: '江苏省' }]);
    // The place it was written after is named, for the pages to say 江苏省's own documents (verifying audit 4).
    expect(cityReadings(['江苏地区', '江苏'], withColumns)).toEqual([{ named: '江苏地区', cities: ['昆山市', '江苏省'], place: '江苏' }, { named: '江苏', cities: ['昆山市', '江苏省'] }]);
  });

  it('reads no government as its place: 江苏省人民政府 is an issuer, kept as given for the caller to refuse (places audit 3)', () => {
    for (const v of ['江苏省人民政府', '江苏省政府', '昆山市人民政府', '北京市人民政府', '青岛市人大常委会', '北京市发展和改革委员会']) expect(columnsNamed([v], withColumns), v).toEqual([v]);
  });
});

describe('cityReadings (what a city= value was read as, when not the place it names)', () => {
  const withColumns = { places, cities: places.map((p) => p.city) };
  it('lists the values that stand for several columns or for a column that is not their place', () => {
    expect(cityReadings(['江苏', '昆山', '苏州', '广州', '江苏省'], withColumns)).toEqual([
      { named: '江苏', cities: ['昆山市', '江苏省'] },
      { named: '苏州', cities: ['昆山市'] },
      { named: '广州', cities: ['广州市天河区'] },
    ]);
    // A column, a short, traditional or district name of one, an address of one, and an unknown value: none.
    expect(cityReadings(['昆山市', '崑山', '天河', '天河区', '江苏昆山', '浙江省嘉兴市平湖市', '深圳', ' '], withColumns)).toEqual([]);
    // A short name ending in 州 is its own place too (州 is also a suffix, of 自治州): 杭州 had been read as standing for 杭州市.
    const hangzhou = [...places, place('杭州市', '浙江省', 'prefecture', '杭州市', '浙江省')];
    expect(cityReadings(['杭州', '杭州市'], { places: hangzhou, cities: hangzhou.map((p) => p.city) })).toEqual([]);
  });
});

describe('cityHint (what a refused city= value may have meant)', () => {
  const withColumns = { places, cities: places.map((p) => p.city) };
  const hint = (v: string) => cityHint(v, withColumns);
  it('reads a list as its places', () => {
    for (const v of ['昆山,平湖', '昆山、平湖', '昆山 平湖', '昆山，平湖市']) expect(hint(v), v).toEqual({ value: v, reason: 'list', city: ['昆山市', '平湖市'] });
    // A list with a place the corpus lacks names the ones it has.
    expect(hint('深圳,昆山')).toEqual({ value: '深圳,昆山', reason: 'list', city: ['昆山市'] });
    expect(hint('深圳,广州')).toMatchObject({ reason: 'list', city: ['广州市天河区'] });
    expect(hint('深圳,东莞')).toBeNull();
  });

  it('reads an organ as an issuer, with the corpus place it starts with', () => {
    expect(hint('江苏省人民政府')).toEqual({ value: '江苏省人民政府', reason: 'issuer', place: '江苏省' });
    expect(hint('昆山市政府')).toEqual({ value: '昆山市政府', reason: 'issuer', place: '昆山市' });
    expect(hint('中共昆山市委办公室')).toMatchObject({ reason: 'issuer', place: '昆山市' });
    expect(hint('青岛市工业和信息化局')).toMatchObject({ reason: 'issuer', place: '青岛市' });
    expect(hint('安徽省人民政府')).toEqual({ value: '安徽省人民政府', reason: 'issuer', place: null });
  });

  it('reads a homophone slip, a near sound or pinyin as the place it sounds like', () => {
    expect(hint('青到')).toEqual({ value: '青到', reason: 'spelling', city: ['青岛市'] });
    expect(hint('平胡市')).toMatchObject({ reason: 'spelling', city: ['平湖市'] });
    expect(hint('昆三')).toMatchObject({ reason: 'spelling', city: ['昆山市'] });
    expect(hint('Kunshan')).toMatchObject({ reason: 'spelling', city: ['昆山市'] });
    expect(hint('qing dao shi')).toMatchObject({ reason: 'spelling', city: ['青岛市'] });
    // A place the corpus lacks, or a word, has no suggestion.
    for (const v of ['深圳', '杭洲', 'Shenzhen', '专精特新', '昆']) expect(hint(v), v).toBeNull();
  });
});

describe('overriddenScope (places the query named that a choice of places or documents set aside)', () => {
  it('names them unless they are the places chosen (places audit: /?q=昆山专精特新&city=平湖 said nothing of 昆山)', () => {
    expect(overriddenScope('昆山 专精特新', corpus, ['平湖市'], 'places')).toEqual({ named: ['昆山'], cities: ['昆山市'], by: 'places' });
    expect(overriddenScope('江苏省专精特新', corpus, ['平湖市'], 'documents')).toEqual({ named: ['江苏省'], cities: ['昆山市', '江苏省'], by: 'documents' });
    // The place chosen is the one named, or nothing is named: nothing set aside.
    expect(overriddenScope('昆山 专精特新', corpus, ['昆山市'], 'places')).toBeNull();
    expect(overriddenScope('专精特新', corpus, ['平湖市'], 'places')).toBeNull();
    // A place named inside the chosen ones is set aside too: they are searched, not it.
    expect(overriddenScope('昆山 专精特新', corpus, ['昆山市', '江苏省'], 'places')?.cities).toEqual(['昆山市']);
    // A comparison's columns come from two places or more: one named place is no choice of columns.
    expect(overriddenScope('昆山 专精特新', corpus, ['平湖市'], 'places', 2)).toBeNull();
    expect(overriddenScope('昆山和青岛的专精特新', corpus, ['平湖市'], 'places', 2)).toEqual({ named: ['昆山', '青岛'], cities: ['昆山市', '青岛市'], by: 'places' });
  });
});
