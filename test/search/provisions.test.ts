/**
 * A clause's 款 and 项 as the engine gives them (`Hit.provision`), on the three 条例 of ../shared/external (烟台, 山东,
 * 浙江), indexed as written with the small fake embedder: the researcher audit's 烟台 p0042 is 第二十二条第二款 (s22
 * finding 8), and the counts are those measured in src/text/provisions.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/search/engine.js';
import { provisionLabel } from '../../src/text/provisions.js';
import { EXTERNAL, externalEngine } from '../helpers/external-engine.js';

/** ../shared/external beside the project (the worktrees of /tmp lie elsewhere: the shared folder's own path then). */
const STATUTES = ['07-yantai-minying-jingji-cujin-tiaoli.md', '08-shandong-xinjiu-dongneng-zhuanhuan-cujin-tiaoli.md', '09-zhejiang-shuzi-jingji-cujin-tiaoli.md'];

describe.skipIf(!EXTERNAL)('the 款 and 项 of the external statutes', () => {
  let engine: Engine;
  let dispose = () => {};
  beforeAll(async () => {
    ({ engine, dispose } = await externalEngine(STATUTES, 'pl-statutes-'));
  });
  afterAll(() => dispose());

  const clauses = (title: string) => {
    const doc = engine.corpus().documents.find((d) => d.title === title)!;
    return engine.document(doc.id).paragraphs;
  };
  const cited = (title: string, start: string) => {
    const hit = clauses(title).find((h) => h.text.startsWith(start))!;
    return hit.section.at(-1)! + provisionLabel(hit.provision);
  };

  it('names 烟台 p0042 第二十二条第二款, and each clause the engine hands out carries it', async () => {
    expect(cited('烟台市民营经济促进条例', '对民营经济组织申请使用工业用地')).toBe('第二十二条第二款');
    expect(cited('烟台市民营经济促进条例', '第二十二条')).toBe('第二十二条第一款');
    expect(cited('烟台市民营经济促进条例', '（三）民营经济融资担保体系建设')).toBe('第六条第二款第（三）项');
    expect(cited('烟台市民营经济促进条例', '第七条')).toBe('第七条');
    expect(cited('浙江省数字经济促进条例', '（二）未违反法律')).toBe('第五十八条第（二）项');
    // 浙江's own cross-reference: 第六十条 punishes 违反本条例第十六条第二款规定…未按…标准预留基站站址.
    expect(cited('浙江省数字经济促进条例', '新建、扩建建设工程，根据国土空间详细规划需要配套建设数字基础设施的，建设单位')).toBe('第十六条第二款');
    const p0042 = clauses('烟台市民营经济促进条例').find((h) => h.text.startsWith('对民营经济组织申请使用工业用地'))!;
    expect(engine.paragraph(p0042.id, 0).paragraph.provision).toEqual({ paragraph: 2, item: null });
    const found = await engine.search('弹性出让 租赁方式供地', { mode: 'keyword', k: 3 });
    expect(found.results.find((h) => h.id === p0042.id)?.provision).toEqual({ paragraph: 2, item: null });
  });

  it('places 221 of the 262 clauses under their articles, 14 of them items', () => {
    const all = ['烟台市民营经济促进条例', '山东省新旧动能转换促进条例', '浙江省数字经济促进条例'].map((t) => clauses(t).filter((h) => h.provision));
    expect(all.map((x) => x.length)).toEqual([43, 64, 114]);
    expect(all.flat().filter((h) => h.provision!.item).length).toBe(14);
  });
});
