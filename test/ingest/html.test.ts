import { describe, expect, it } from 'vitest';
import { decodeEntities, htmlToText, normaliseDate, parseHtml, sniffDeclaredCharset } from '../../src/ingest/html.js';

/** A page in the shape government CMSs save: meta tags, chrome around, the policy in a named container. */
const SAVED_PAGE = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <title>关于印发某某区支持先进制造业发展若干措施的通知_某某区人民政府门户网站</title>
  <meta name="SiteName" content="某某区人民政府门户网站">
  <meta name="ArticleTitle" content="某某区支持先进制造业发展若干措施">
  <meta name="PubDate" content="2024-03-05 10:20">
  <meta name="ContentSource" content="某某区工业和信息化局">
  <meta name="Keywords" content="先进制造业,专精特新;智能化改造">
  <meta name="description" content="某某区人民政府门户网站">
  <style>.TRS_Editor p { text-indent: 2em; }</style>
  <script>var s = "<p>不是正文</p>"; if (a < b) { go(); }</script>
</head>
<body>
  <!--header S-->
  <div class="header"><div class="logo">某某区人民政府</div>
    <nav><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/hd/">互动交流</a></li></ul></nav>
    <form class="search"><input type="text" value="请输入关键词"><button>搜索</button></form>
  </div>
  <!--header E-->
  <div class="bread">您当前所在的位置：<a href="/">首页</a>&nbsp;&gt;&nbsp;<a href="/zcwj/">政策文件</a></div>
  <table class="xxgk">
    <tr><td>索引号：</td><td>11440000/2024-00012</td><td>发文字号：</td><td>某工信发〔2024〕7号</td></tr>
  </table>
  <div class="article">
    <h1 class="article-title">某某区支持先进制造业发展若干措施</h1>
    <div class="article-attr">发布时间：2024-03-05 来源：某某区工业和信息化局 浏览次数：<span id="view">-</span></div>
    <div class="TRS_Editor" id="zoom">
      <p style="text-align:center">某工信发〔2024〕7号</p>
      <p>　　各街道办事处，区各有关单位：</p>
      <p>　　现将《某某区支持先进制造业发展若干措施》印发给你们，请认真贯彻执行。</p>
      <p><strong>一、支持企业智能化改造</strong></p>
      <p>　　（一）对实施智能化改造的规上工业企业，按设备投资额的10%给予补助，
      最高不超过500万元。</p>
      <p>　　（二）对首次认定的国家级专精特新&ldquo;小巨人&rdquo;企业给予一次性奖励&#50;0万元&#x3002;</p>
      <div style="display:none">隐藏的统计代码文字</div>
      <p>二、附表</p>
      <table border="1">
        <thead><tr><th>项目</th><th>标准</th><th>上限</th></tr></thead>
        <tbody>
          <tr><td>智能化改造</td><td>设备投资额10%</td><td>500万元</td></tr>
          <tr><td>专精特新</td><td><p>国家级</p><p>一次性奖励</p></td><td>20万元</td></tr>
          <tr><td></td><td></td><td></td></tr>
        </tbody>
      </table>
      <p>附件：1.申报指南<br>2.申报表</p>
    </div>
    <div class="article-ewm">扫一扫在手机打开当前页</div>
    <div class="article-btn"><a href="javascript:window.print();">打印</a><a href="#">关闭</a></div>
  </div>
  <!--footer S-->
  <footer><p>主办单位：某某区人民政府办公室 网站标识码：4400000000 备案号：粤ICP备00000000号</p></footer>
  <!--footer E-->
</body>
</html>`;

describe('htmlToText on a saved government page', () => {
  const { text, hints, warnings } = htmlToText(SAVED_PAGE);
  const lines = text.split('\n');

  it('keeps only the content container, in order, one block per line', () => {
    expect(lines).toEqual([
      '某工信发〔2024〕7号',
      '各街道办事处，区各有关单位：',
      '现将《某某区支持先进制造业发展若干措施》印发给你们，请认真贯彻执行。',
      '一、支持企业智能化改造',
      '（一）对实施智能化改造的规上工业企业，按设备投资额的10%给予补助，最高不超过500万元。',
      '（二）对首次认定的国家级专精特新“小巨人”企业给予一次性奖励20万元。',
      '二、附表',
      '项目 | 标准 | 上限',
      '智能化改造 | 设备投资额10% | 500万元',
      '专精特新 | 国家级 一次性奖励 | 20万元',
      '附件：1.申报指南',
      '2.申报表',
    ]);
    expect(warnings).toEqual([]);
  });

  it('drops scripts, styles, navigation, forms, hidden elements, widgets and the footer', () => {
    for (const chrome of ['不是正文', '首页', '请输入关键词', '隐藏的统计代码文字', '扫一扫', '打印', '网站标识码', 'text-indent']) {
      expect(text).not.toContain(chrome);
    }
  });

  it('reads the meta tags into hints', () => {
    expect(hints).toMatchObject({
      title: '某某区支持先进制造业发展若干措施',
      date: '2024-03-05',
      issuer: '某某区工业和信息化局',
      docNumber: '某工信发〔2024〕7号',
      keywords: ['先进制造业', '专精特新', '智能化改造'],
      description: '某某区人民政府门户网站',
    });
  });
});

describe('htmlToText: a 信息公开 table outside the text', () => {
  // The table stands above the content container, so the text stage never sees it: only the hints can carry it.
  const page = (table: string) => `<html><head><title>关于印发靖江市制造业智能化改造实施细则的通知</title></head><body>
    <div class="xxgk">${table}</div>
    <div class="TRS_Editor"><p>现将《靖江市制造业智能化改造实施细则》印发给你们，请遵照执行。</p><p>一、对智能化改造项目按设备投资额的10%给予补助。</p></div>
  </body></html>`;

  it('reads its label and value cells into hints: 发布机构, 成文日期, 文号', () => {
    const { text, hints } = htmlToText(page(`<table><tr><td>索引号：</td><td>123/2024-1</td><td>发布机构：</td><td>靖江市工业和信息化局</td></tr>
      <tr><td>成文日期：</td><td>2024-05-20</td><td>文号：</td><td>靖工信发〔2024〕6号</td></tr></table>`));
    expect(text).not.toContain('索引号');
    expect(hints).toMatchObject({ issuer: '靖江市工业和信息化局', writtenDate: '2024-05-20', docNumber: '靖工信发〔2024〕6号' });
  });

  it('reads a label and its value in one cell, and never an empty cell, a separator or the next label', () => {
    expect(htmlToText(page('<table><tr><td>发文机关：靖江市人民政府</td><td>成文日期：2024年5月20日</td></tr></table>')).hints).toMatchObject({ issuer: '靖江市人民政府', writtenDate: '2024-05-20' });
    const { hints } = htmlToText(page('<table><tr><td>文号：</td><td>|</td><td>成文日期：</td><td></td><td>发布机构：</td><td>成文日期：</td></tr></table>'));
    expect([hints.docNumber, hints.writtenDate, hints.issuer]).toEqual([undefined, undefined, undefined]);
  });
});

describe('htmlToText: finding the content', () => {
  it('falls back to the element holding the most Chinese prose, with a warning', () => {
    const html = `<html><body>
      <div class="top"><a href="/">首页</a> <a href="/a">机构概况</a> <a href="/b">政务公开</a></div>
      <div class="left"><ul><li>通知公告</li><li>政策解读</li></ul></div>
      <div class="right">
        <p>第一条 为了促进中小企业健康发展，根据有关法律法规，结合本市实际，制定本办法。</p>
        <p>第二条 本办法适用于本市行政区域内依法登记的中小企业。</p>
      </div>
      <div class="bottom">版权所有：某某市人民政府</div>
    </body></html>`;
    const { text, warnings } = htmlToText(html);
    expect(text.split('\n')).toEqual([
      '第一条 为了促进中小企业健康发展，根据有关法律法规，结合本市实际，制定本办法。',
      '第二条 本办法适用于本市行政区域内依法登记的中小企业。',
    ]);
    expect(warnings.join(' ')).toMatch(/no named content container/);
  });

  it('narrows a broad named wrapper to the inner container that holds the text', () => {
    const html = `<body><div class="main">
      <div class="sidebar-list"><p>热点专题 热点专题 热点专题</p></div>
      <div class="content"><p>一、总体要求</p><p>坚持创新驱动，推动制造业高端化、智能化、绿色化发展，培育一批专精特新企业。</p></div>
    </div></body>`;
    expect(htmlToText(html).text.split('\n')).toEqual(['一、总体要求', '坚持创新驱动，推动制造业高端化、智能化、绿色化发展，培育一批专精特新企业。']);
  });

  it('ignores a named container that holds only a small part of the text (a sidebar "content" box)', () => {
    const prose = '对新认定的省级以上企业技术中心给予一次性奖励，对新建的制造业创新中心按投资额给予补助。'.repeat(4);
    const html = `<body><div class="box-content"><p>最新动态</p></div><div id="doc"><p>${prose}</p><p>${prose}</p></div></body>`;
    expect(htmlToText(html).text).toBe(`${prose}\n${prose}`);
  });

  it('keeps an ASP.NET-style form that wraps the whole page', () => {
    const html = `<body><form id="form1"><div id="zoom"><p>第三条 市工业和信息化主管部门负责本办法的组织实施。</p></div></form></body>`;
    expect(htmlToText(html).text).toBe('第三条 市工业和信息化主管部门负责本办法的组织实施。');
  });

  it('flattens layout tables as blocks, not rows', () => {
    const long = '支持企业开展技术改造，对设备投资额在五百万元以上的项目，按不超过设备投资额的百分之十给予补助。'.repeat(8);
    const html = `<body><table><tr><td><div id="content"><p>一、总体要求</p><p>${long}</p></div></td></tr></table></body>`;
    expect(htmlToText(html).text.split('\n')).toEqual(['一、总体要求', long]);
  });
});

describe('htmlToText: text details', () => {
  it('drops source line breaks between Chinese characters but keeps spaces between words', () => {
    const { text } = htmlToText('<div class="content"><p>推动专精特新\n      企业高质量发展，支持 Artificial\n Intelligence 应用</p></div>', { wholeDocument: true });
    expect(text).toBe('推动专精特新企业高质量发展，支持 Artificial Intelligence 应用');
  });

  it('keeps the space written after an article number', () => {
    expect(htmlToText('<p>第十一条&nbsp;在本区创新创业的台湾青年参照本办法执行。</p>', { wholeDocument: true }).text).toBe('第十一条 在本区创新创业的台湾青年参照本办法执行。');
  });

  it('breaks lines at <br> and block elements, and trims ideographic indentation', () => {
    expect(htmlToText('<div>　　第一段<br/>　　第二段<div>第三段</div>尾</div>', { wholeDocument: true }).text).toBe('第一段\n第二段\n第三段\n尾');
  });

  it('escapes a literal | inside a table cell so rows stay parseable', () => {
    expect(htmlToText('<table><tr><td>A|B</td><td>C</td></tr></table>', { wholeDocument: true }).text).toBe('A｜B | C');
  });
});

describe('parseHtml', () => {
  it('tolerates unclosed paragraphs and list items, stray end tags, and > inside attribute values', () => {
    const root = parseHtml('<ul><li>一<li>二</ul></span><p title="a>b">三<p>四');
    const texts: string[] = [];
    const visit = (n: ReturnType<typeof parseHtml>) => {
      for (const c of n.children) typeof c === 'string' ? texts.push(c) : visit(c);
    };
    visit(root);
    expect(texts).toEqual(['一', '二', '三', '四']);
    expect(htmlToText('<ul><li>一<li>二</ul></span><p title="a>b">三<p>四', { wholeDocument: true }).text).toBe('一\n二\n三\n四');
  });

  it('treats script content as raw text even when it contains tags', () => {
    expect(htmlToText('<p>前</p><script>document.write("<p>不要</p>")</script><p>后</p>', { wholeDocument: true }).text).toBe('前\n后');
  });

  it('survives truncated markup', () => {
    expect(htmlToText('<div class="content"><p>半截的页面<a href="x', { wholeDocument: true }).text).toBe('半截的页面');
    expect(htmlToText('<!-- 没有结束的注释 <p>不见</p>').text).toBe('');
  });
});

describe('decodeEntities', () => {
  it('decodes named and numeric references, and leaves unknown ones', () => {
    expect(decodeEntities('&ldquo;小巨人&rdquo;&nbsp;&amp;&#x3001;&#12290;&unknown;')).toBe('“小巨人”\u00a0&、。&unknown;');
  });
});

describe('normaliseDate', () => {
  it('reads the usual date shapes', () => {
    expect(normaliseDate('2023-08-09 23:04')).toBe('2023-08-09');
    expect(normaliseDate('2023/8/9')).toBe('2023-08-09');
    expect(normaliseDate('2023年8月9日')).toBe('2023-08-09');
    expect(normaliseDate('2023-13-01')).toBeUndefined();
    expect(normaliseDate('近日')).toBeUndefined();
  });
});

describe('sniffDeclaredCharset', () => {
  it('finds <meta charset> and the http-equiv form', () => {
    expect(sniffDeclaredCharset(Buffer.from('<html><head><meta charset="gb2312"></head>'))).toBe('gb2312');
    expect(sniffDeclaredCharset(Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=GBK">'))).toBe('GBK');
    expect(sniffDeclaredCharset(Buffer.from('<html><p>无声明</p>'))).toBeUndefined();
  });
});
