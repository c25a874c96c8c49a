/**
 * Ways back between the views (src/server/scope-links.ts), over the fake engine, without JavaScript: /diff links back to
 * exactly the comparison or the clause page it was opened from, and the navigation bar's links keep the page's places,
 * documents and dates as each view takes them (twenty-first session, README Limits: the views kept no way back from
 * /diff, and the bar started afresh). Every link these tests follow answers 200: a link never leads to an error page.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { acceptedBy, backParams, scopeOf, wayBack } from '../../src/server/scope-links.js';
import { createFakeEngine } from './fake-engine.js';
import { testApp } from './helpers.js';

/** Every href of the page whose tag carries `class="…"` (ejs writes `&` as `&amp;`). */
function hrefs(html: string, cls: string): string[] {
  return [...html.matchAll(new RegExp(`class="${cls}" href="([^"]*)"`, 'g'))].map((m) => m[1]!.replace(/&amp;/g, '&'));
}

/** The navigation bar's links, by path. */
function navOf(html: string): Record<string, string> {
  const nav = html.slice(html.indexOf('<nav aria-label="主导航">'), html.indexOf('</nav>'));
  return Object.fromEntries([...nav.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&')).map((href) => [href.split('?')[0]!, href]));
}

/** A link's query as [name, value] pairs, in order. */
function pairs(href: string): [string, string][] {
  return [...new URL(href, 'http://x').searchParams];
}

/** The GET form's fields as a browser sends them: its hidden fields, then the boxes ticked (`ids`). */
function diffForm(html: string, ids: string[]): string {
  const form = html.slice(html.indexOf('<form class="diff-pick"'));
  const hidden = [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!.replace(/&amp;/g, '&')]);
  return `/diff?${new URLSearchParams([...hidden, ...ids.map((id) => ['id', id])]).toString()}`;
}

async function get(app: Express, url: string, status = 200): Promise<string> {
  const res = await request(app).get(url);
  expect(res.status, url).toBe(status);
  return res.text;
}

describe('the way back from /diff', () => {
  it('from a comparison: the diff, its swapped sides and its refusal (one box ticked) link back to exactly that comparison', async () => {
    const { app } = testApp();
    const compare = `/compare?${new URLSearchParams([['q', '工业互联网'], ['mode', 'keyword'], ['k', '4'], ['city', '苏州市'], ['city', '宁波市'], ['issuer', '人民政府'], ['since', '2023'], ['in_force', '1']]).toString()}`;
    const html = await get(app, compare);
    const ids = [...html.matchAll(/name="id" value="([^"]+)"/g)].map((m) => m[1]!);
    const two = [ids.find((id) => id.startsWith('sz_'))!, ids.find((id) => id.startsWith('nb_'))!];
    const diff = await get(app, diffForm(html, two));
    const [back] = hrefs(diff, 'back-link');
    expect(back).toBeDefined();
    expect(diff).toContain('← 返回跨城市对比“工业互联网”</a>');
    // The comparison as it was: its query, mode, k, places, 发文机关, dates (as read) and in-force day (as given).
    expect(pairs(back!)).toEqual([['q', '工业互联网'], ['mode', 'keyword'], ['k', '4'], ['city', '苏州市'], ['city', '宁波市'], ['issuer', '人民政府'], ['since', '2023-01-01'], ['in_force', '1']]);
    // Followed, it is the same comparison: the same columns and the same way back in its diff form.
    const again = await get(app, back!);
    expect(diffForm(again, two)).toBe(diffForm(html, two));
    expect([...again.matchAll(/name="id" value="([^"]+)"/g)].map((m) => m[1])).toEqual(ids);
    // Swapping the sides keeps it.
    const swap = diff.match(/href="([^"]+)">左右交换/)![1]!.replace(/&amp;/g, '&');
    expect(hrefs(await get(app, swap), 'back-link')).toEqual([back]);
    // One box ticked: the refusal says so and still leads back.
    const refused = await get(app, diffForm(html, two.slice(0, 1)), 400);
    expect(refused).toContain('请恰好勾选两条条款（现在是 1 条）');
    expect(hrefs(refused, 'back-link')).toEqual([back]);
    // A clause opened from the diff keeps the comparison's dates and 发文机关, as the comparison's own clause links do.
    for (const id of two) expect(diff).toMatch(new RegExp(`href="/p/${id}\\?since=2023-01-01&amp;in_force=1&amp;issuer=%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C&amp;h=\\w+"[^>]*>查看条款与相似条款`));
  });

  it('from the clause page: 与本条对比 leads to a diff whose way back reopens the clause page with its scope, at its counterparts', async () => {
    const { app } = testApp();
    const page = `/p/sz_manufacturing:p0003?${new URLSearchParams([['k', '4'], ['group', 'province:浙江省'], ['since', '2022']]).toString()}`;
    const html = await get(app, page);
    const links = hrefs(html, 'diff-link');
    expect(links.length).toBeGreaterThan(0);
    const diff = await get(app, links[0]!);
    const [back] = hrefs(diff, 'back-link');
    expect(diff).toContain('← 返回条款页</a>');
    expect(back!.startsWith('/p/sz_manufacturing:p0003?')).toBe(true);
    expect(back!.endsWith('#similar')).toBe(true);
    // Its k, places and dates, and the clause's fingerprint as every link to a clause carries it.
    expect(pairs(back!.split('#')[0]!)).toEqual([['k', '4'], ['group', 'province:浙江省'], ['since', '2022-01-01'], ['h', expect.stringMatching(/^\w+$/)]]);
    expect(hrefs(await get(app, back!.split('#')[0]!), 'diff-link')).toEqual(links);
  });

  it('gives no way back, or one the page takes, for a back that names no view of its own or values it refuses', async () => {
    const { app } = testApp();
    const a = 'sz_manufacturing:p0003';
    const b = 'nb_industry:p0001';
    const cases: [string, string | null][] = [
      ['back=https://evil.example/x', null],
      ['back=javascript:alert(1)', null],
      ['back=/matrix&back_city=苏州市', null],
      ['back=/p/nope:p0001', null],
      ['back=/p/sz_manufacturing:p0999', null],
      // A comparison without a query it takes is no way back.
      ['back=/compare&back_q=？？', null],
      ['back=/compare&back_city=苏州市', null],
      // Values the comparison refuses are dropped, the rest kept: an unknown place, a crossing bound, an unknown issuer.
      ['back=/compare&back_q=专精特新&back_city=constructor&back_city=宁波市&back_since=2024&back_until=2023&back_issuer=火星政府', '/compare?q=专精特新&city=宁波市&since=2024'],
      ['back=/p/sz_manufacturing:p0003&back_sentence=99&back_city=__proto__&back_in_force=garbage&back_level=county', `/p/${a}?h=`],
    ];
    for (const [back, expected] of cases) {
      const url = `/diff?${new URLSearchParams([['a', a], ['b', b], ...new URLSearchParams(back)]).toString()}`;
      const links = hrefs(await get(app, url), 'back-link');
      if (expected === null) expect(links, back).toEqual([]);
      else {
        expect(decodeURIComponent(links[0]!), back).toContain(expected);
        await get(app, links[0]!.split('#')[0]!);
      }
    }
  });
});

describe('the navigation bar', () => {
  it('keeps the page’s places, documents, levels and dates as each view takes them; the page’s own view starts afresh', async () => {
    const { app } = testApp();
    const url = `/compare?${new URLSearchParams([['q', '专精特新'], ['k', '5'], ['city', '苏州市'], ['group', 'province:浙江省'], ['doc', 'nb_industry'], ['level', 'prefecture'], ['part', 'main'], ['since', '2023'], ['in_force', '1']]).toString()}`;
    const nav = navOf(await get(app, url));
    expect(Object.keys(nav)).toEqual(['/', '/compare', '/matrix', '/targets', '/draft', '/docs']);
    expect(nav['/compare']).toBe('/compare');
    // Search takes it all; the matrix and the targets no part; the desk places and dates only; /docs no doc or part.
    // The query, k and mode are the page's, not its scope.
    expect(pairs(nav['/']!)).toEqual([['city', '苏州市'], ['group', 'province:浙江省'], ['doc', 'nb_industry'], ['level', 'prefecture'], ['part', 'main'], ['since', '2023'], ['in_force', '1']]);
    expect(pairs(nav['/matrix']!)).toEqual([['city', '苏州市'], ['group', 'province:浙江省'], ['level', 'prefecture'], ['doc', 'nb_industry'], ['since', '2023'], ['in_force', '1']]);
    expect(pairs(nav['/targets']!)).toEqual([['city', '苏州市'], ['group', 'province:浙江省'], ['doc', 'nb_industry'], ['level', 'prefecture'], ['since', '2023'], ['in_force', '1']]);
    expect(pairs(nav['/draft']!)).toEqual([['city', '苏州市'], ['group', 'province:浙江省'], ['since', '2023'], ['in_force', '1']]);
    expect(pairs(nav['/docs']!)).toEqual([['city', '苏州市'], ['group', 'province:浙江省'], ['level', 'prefecture'], ['since', '2023'], ['in_force', '1']]);
    // Each opens its view with the scope ticked, not an error page.
    for (const href of Object.values(nav)) await get(app, href);
    const matrix = await get(app, nav['/matrix']!);
    expect(matrix).toContain('<input type="checkbox" name="city" value="苏州市" checked>');
    const draft = await get(app, nav['/draft']!);
    expect(draft).toMatch(/<input id="since" name="since"[^>]*value="2023"/);
  });

  it('drops what a view refuses, so that a page with a bad value (its own 400 included) still leads to the others', async () => {
    const { app } = testApp();
    // Every view refuses 宁波's issuer with 苏州 (filters that cannot hold together are a 400, /docs too): the bar drops it.
    const nav = navOf(await get(app, `/docs?${new URLSearchParams([['city', '苏州市'], ['issuer', '宁波市人民政府'], ['since', '2023']]).toString()}`, 400));
    expect(pairs(nav['/matrix']!)).toEqual([['city', '苏州市'], ['since', '2023']]);
    for (const href of Object.values(nav)) await get(app, href);
    const refused = navOf(await get(app, `/matrix?${new URLSearchParams([['city', 'constructor'], ['city', '宁波市'], ['until', '2024']]).toString()}`, 400));
    expect(refused['/matrix']).toBe('/matrix');
    expect(pairs(refused['/compare']!)).toEqual([['city', '宁波市'], ['until', '2024']]);
    for (const href of Object.values(refused)) await get(app, href);
  });

  it('on a matrix cell keeps the matrix’s columns and dates, on a diff its comparison’s, on the desk its posted scope', async () => {
    const { app } = testApp();
    const cell = navOf(await get(app, `/matrix/cell?${new URLSearchParams([['measure', 'industrial-internet'], ['city', '苏州市'], ['since', '2023-01-01'], ['back_city', '苏州市'], ['back_city', '宁波市']]).toString()}`));
    expect(pairs(cell['/matrix']!)).toEqual([['city', '苏州市'], ['city', '宁波市'], ['since', '2023-01-01']]);
    expect(pairs(cell['/targets']!)).toEqual([['city', '苏州市'], ['city', '宁波市'], ['since', '2023-01-01']]);
    const diff = navOf(await get(app, `/diff?${new URLSearchParams([['a', 'sz_manufacturing:p0003'], ['b', 'nb_industry:p0001'], ['back', '/compare'], ['back_q', '工业互联网'], ['back_city', '宁波市'], ['back_until', '2024']]).toString()}`));
    expect(pairs(diff['/matrix']!)).toEqual([['city', '宁波市'], ['until', '2024']]);
    expect(pairs(diff['/compare']!)).toEqual([['city', '宁波市'], ['until', '2024']]);
    const desk = await request(app).post('/draft').type('form').send({ text: '一、总则\n支持企业建设工业互联网平台，对新认定的平台给予奖励。\n', city: '宁波市', since: '2023' });
    expect(desk.status).toBe(200);
    // As the report's own links carry it: the places compared, the dates as read.
    expect(pairs(navOf(desk.text)['/compare']!)).toEqual([['city', '宁波市'], ['since', '2023-01-01']]);
    const refused = await request(app).post('/draft').type('form').send({ text: '', city: '宁波市', since: '2023' });
    expect(refused.status).toBe(400);
    expect(pairs(navOf(refused.text)['/compare']!)).toEqual([['city', '宁波市'], ['since', '2023']]);
  });
});

describe('scope-links', () => {
  const engine = createFakeEngine();

  it('reads a page’s scope and writes a way back', () => {
    expect(scopeOf({ q: '专精特新', city: ['苏州市', ' ', '宁波市'], since: ['2023', '2024'], k: '6', constructor: 'x' })).toEqual({ city: ['苏州市', '宁波市'], since: '2023' });
    expect(scopeOf({})).toEqual({});
    expect(backParams({ q: '专精特新', city: ['苏州市'] }, '/compare')).toEqual({ back: '/compare', back_q: '专精特新', back_city: ['苏州市'] });
  });

  it('keeps of a link’s values those the view takes, in the order given, and in the view’s order', () => {
    expect(acceptedBy('/matrix', { since: '2023', city: ['constructor', '苏州市'], part: 'main' }, engine)).toEqual({ city: ['苏州市'], since: '2023' });
    // Crossing bounds: the first given stays.
    expect(acceptedBy('/docs', { until: '2022', since: '2024' }, engine)).toEqual({ until: '2022' });
    expect(acceptedBy('/p', { k: '99' }, engine, 'nb_industry:p0001')).toEqual({});
    expect(acceptedBy('/p', {}, engine, 'nb_industry:p0999')).toBeNull();
    expect(wayBack({ back: '/compare', back_q: '专精特新', back_city: '苏州' }, ['/compare'], engine)).toEqual({ view: '/compare', path: '/compare', href: '/compare?q=%E4%B8%93%E7%B2%BE%E7%89%B9%E6%96%B0&city=%E8%8B%8F%E5%B7%9E', params: { q: '专精特新', city: ['苏州'] } });
    expect(wayBack({ back: '/compare', back_q: '专精特新' }, ['/p'], engine)).toBeNull();
  });
});
