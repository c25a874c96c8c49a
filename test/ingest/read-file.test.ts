import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPolicyLensError } from '../../src/errors.js';
import { DEFAULT_MAX_BYTES, markdownToText, normaliseText, readDocumentFile } from '../../src/ingest/read-file.js';
import { makeDocx, makePdf, makeZip, tempDir, wParagraph, wTable } from './fixtures.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = tempDir());
});
afterAll(() => cleanup());

function write(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

describe('readDocumentFile: text formats', () => {
  it('reads UTF-8 text: LF lines, indentation and trailing spaces gone, base name and absolute path', async () => {
    const p = write('notes.txt', '\ufeff一、总体要求\r\n\u3000\u3000坚持创新驱动。  \r\n\r\n\r\n\r\n（一）支持企业。\r\n');
    const r = await readDocumentFile(p);
    expect(r).toMatchObject({ file: 'notes.txt', path: p, format: 'txt', encoding: 'utf-8-bom', hints: {}, warnings: [] });
    expect(r.text).toBe('一、总体要求\n坚持创新驱动。\n\n（一）支持企业。');
  });

  it('reads a GBK text file without mojibake', async () => {
    const text = '某政办发〔2022〕8号\n对认定的专精特新“小巨人”企业给予奖励；（责任单位：市经信局）';
    const r = await readDocumentFile(write('gbk.txt', iconv.encode(text, 'gbk')));
    expect(r.encoding).toBe('gb18030');
    expect(r.text).toBe(text);
  });

  it('reads Markdown: heading marks, emphasis, links and rules go, tables become rows, # heading is the title', async () => {
    const md = [
      '# 关于支持先进制造业发展的若干措施',
      '',
      '**发布日期**: 2024-03-05',
      '**原文链接**: [http://example.gov.cn/a.html](http://example.gov.cn/a.html)',
      '',
      '---',
      '',
      '## 一、总体要求',
      '',
      '> 引用的说明文字',
      '',
      '- 第一项措施',
      '',
      '| 类别 | 标准 |',
      '| --- | ---: |',
      '| 国家级 | 50万元 |',
      '',
      '![二维码](qr.png)',
    ].join('\n');
    const r = await readDocumentFile(write('measures.md', md));
    expect(r.format).toBe('md');
    expect(r.hints.title).toBe('关于支持先进制造业发展的若干措施');
    expect(r.text.split('\n').filter(Boolean)).toEqual([
      '关于支持先进制造业发展的若干措施',
      '发布日期: 2024-03-05',
      '原文链接: http://example.gov.cn/a.html',
      '一、总体要求',
      '引用的说明文字',
      '第一项措施',
      '类别 | 标准',
      '国家级 | 50万元',
    ]);
  });

  it('reads an HTML page saved in GBK with a meta charset: content and hints', async () => {
    const html =
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">' +
      '<title>某某市促进中小企业发展条例_某某市人民政府</title><meta name="PubDate" content="2021/6/1"></head>' +
      '<body><div class="nav"><a>首页</a></div><div id="zoom"><p>第一条　为了促进中小企业发展，制定本条例。</p><p>第二条　本条例适用于本市。</p></div></body></html>';
    const r = await readDocumentFile(write('page.htm', iconv.encode(html, 'gbk')));
    expect(r).toMatchObject({ format: 'html', encoding: 'gb18030', hints: { title: '某某市促进中小企业发展条例', date: '2021-06-01' } });
    expect(r.text).toBe('第一条　为了促进中小企业发展，制定本条例。\n第二条　本条例适用于本市。');
  });
});

describe('readDocumentFile: PDF and DOCX', () => {
  it('reads a PDF and counts its pages', async () => {
    const pdf = makePdf([
      { lines: [{ x: 72, y: 760, text: 'Article 1. This measure supports small manufacturers.' }, { x: 290, y: 40, text: '1' }] },
      { lines: [{ x: 72, y: 760, text: 'Article 2. It takes effect on 1 March 2024.' }, { x: 290, y: 40, text: '2' }] },
    ]);
    const r = await readDocumentFile(write('digest.pdf', pdf));
    expect(r).toMatchObject({ format: 'pdf', pages: 2 });
    expect(r.encoding).toBeUndefined();
    expect(r.text).toBe('Article 1. This measure supports small manufacturers.\nArticle 2. It takes effect on 1 March 2024.');
    expect(r.hints).toEqual({});
  });

  it('gives a PDF\'s first-page title in the largest type as the title hint', async () => {
    const pdf = makePdf([
      { lines: [{ x: 150, y: 700, size: 26, text: '某某市产业政策导引' }, { x: 200, y: 650, size: 26, text: '（市级版）' }, { x: 200, y: 160, size: 18, text: '二〇二四年' }] },
      { lines: [{ x: 72, y: 760, size: 14, text: '为更好服务企业，编制本导引，共收录三条政策应用指南卡片。' }] },
    ]);
    const r = await readDocumentFile(write('guide.pdf', pdf));
    expect(r.hints).toEqual({ title: '某某市产业政策导引（市级版）' });
  });

  it('reads a DOCX', async () => {
    const docx = makeDocx(wParagraph('第一条 为了支持企业发展，制定本办法。') + wTable([['项目', '金额'], ['奖励', '50万元']]));
    const r = await readDocumentFile(write('rules.docx', docx));
    expect(r.format).toBe('docx');
    expect(r.text).toBe('第一条 为了支持企业发展，制定本办法。\n项目 | 金额\n奖励 | 50万元');
  });
});

describe('readDocumentFile: bad files', () => {
  it('FILE_EMPTY for a 0-byte file and for a file of whitespace', async () => {
    await expect(readDocumentFile(write('empty.txt', ''))).rejects.toMatchObject({ code: 'FILE_EMPTY', message: expect.stringContaining('empty.txt') });
    await expect(readDocumentFile(write('blank.txt', ' \r\n\u3000\n\t'))).rejects.toMatchObject({ code: 'FILE_EMPTY' });
  });

  it('FILE_EMPTY for a page that is all chrome', async () => {
    await expect(readDocumentFile(write('chrome.html', '<html><head><script>var a=1;</script></head><body><nav>首页</nav></body></html>'))).rejects.toMatchObject({
      code: 'FILE_EMPTY',
    });
  });

  it('FILE_BINARY for a PNG renamed .txt, naming the file and the format', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0]);
    await expect(readDocumentFile(write('scan.txt', png))).rejects.toMatchObject({ code: 'FILE_BINARY', message: expect.stringMatching(/scan\.txt.*PNG/) });
  });

  it('reads a .docx or a PDF named .txt, and an HTML page saved as .doc, as what each holds, with a warning', async () => {
    // Each had been refused: "give it the right extension", or for the page "re-download it", which cannot help when
    // a government site serves its notice as just that .doc.
    const docx = await readDocumentFile(write('通知.txt', makeDocx(wParagraph('第一条 为了支持企业发展，制定本办法。'))));
    expect(docx).toMatchObject({ format: 'docx', text: '第一条 为了支持企业发展，制定本办法。' });
    expect(docx.warnings).toEqual([expect.stringMatching(/^通知\.txt is a Word 2007\+ \.docx file with a \.txt name: read as \.docx$/)]);
    const pdf = await readDocumentFile(write('办法.txt', makePdf([{ lines: [{ x: 72, y: 700, text: '第一条为了支持企业发展，制定本办法。' }] }])));
    expect(pdf).toMatchObject({ format: 'pdf', text: '第一条为了支持企业发展，制定本办法。' });
    expect(pdf.warnings[0]).toMatch(/^办法\.txt is a PDF with a \.txt name: read as \.pdf$/);
    const page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>关于支持企业发展的若干政策</title></head><body><div id="article"><p>一、对首次认定的企业给予奖励。</p></div></body></html>';
    const html = await readDocumentFile(write('政策.doc', iconv.encode(page, 'gbk')));
    expect(html).toMatchObject({ format: 'html', encoding: 'gb18030', hints: { title: '关于支持企业发展的若干政策' } });
    expect(html.text).toContain('一、对首次认定的企业给予奖励。');
    expect(html.text).not.toContain('<');
    expect(html.warnings[0]).toMatch(/^政策\.doc is an HTML page with a \.doc name: read as a web page$/);
    // A damaged one is refused by its own reader, which says what the file was read as.
    await expect(readDocumentFile(write('坏.txt', '%PDF-1.4\nnot a pdf'))).rejects.toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringMatching(/^坏\.txt \(a PDF with a \.txt name, read as \.pdf\): is not a readable PDF/) });
    // A spreadsheet named .txt is still refused, named; and Markdown that opens with a tag stays Markdown.
    await expect(readDocumentFile(write('表.txt', makeZip({ 'xl/workbook.xml': '<workbook/>' })))).rejects.toMatchObject({ code: 'FILE_BINARY', message: expect.stringMatching(/表\.txt is a ZIP/) });
    await expect(readDocumentFile(write('说明.md', '<html>\n# 标题\n正文'))).resolves.toMatchObject({ format: 'md' });
  });

  it('FILE_TOO_LARGE over the limit, which is configurable (default 50 MB)', async () => {
    expect(DEFAULT_MAX_BYTES).toBe(50 * 1024 * 1024);
    const p = write('big.txt', '专精特新'.repeat(1000));
    await expect(readDocumentFile(p, { maxBytes: 1000 })).rejects.toMatchObject({ code: 'FILE_TOO_LARGE', message: expect.stringContaining('big.txt') });
    // Small sizes in KB, and the option that raises the limit.
    await expect(readDocumentFile(p, { maxBytes: 1000 })).rejects.toMatchObject({ message: expect.stringMatching(/is [\d.]+ KB, over the 1\.0 KB limit: .*--max-file-size/) });
    await expect(readDocumentFile(p, { maxBytes: 100_000 })).resolves.toMatchObject({ format: 'txt' });
  });

  it('FILE_UNREADABLE for a missing file, a folder, and an unsupported type', async () => {
    await expect(readDocumentFile(path.join(dir, 'missing.txt'))).rejects.toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringMatching(/missing\.txt.*no such file/) });
    mkdirSync(path.join(dir, 'folder.txt'));
    await expect(readDocumentFile(path.join(dir, 'folder.txt'))).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
    await expect(readDocumentFile(write('sheet.xlsx', 'x'))).rejects.toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringContaining('.docx') });
  });

  it('FILE_UNREADABLE for a corrupted PDF, an HTML page named .pdf, and a text file named .docx', async () => {
    await expect(readDocumentFile(write('broken.pdf', `%PDF-1.5\n${'\u0000garbage'.repeat(50)}`))).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
    await expect(readDocumentFile(write('page.pdf', '<html><body>不是PDF</body></html>'))).rejects.toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringContaining('page.pdf') });
    await expect(readDocumentFile(write('plain.docx', '纯文本'))).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
  });

  it('never crashes: arbitrary bytes under any supported extension end in text or a coded file error', async () => {
    const codes = new Set(['FILE_EMPTY', 'FILE_BINARY', 'FILE_UNREADABLE']);
    const prefixes = ['', '%PDF-1.4\n', 'PK\u0003\u0004', '<html><body>', '\ufeff'];
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('.txt', '.md', '.html', '.pdf', '.docx'),
        fc.constantFrom(...prefixes),
        fc.uint8Array({ minLength: 0, maxLength: 600 }),
        async (ext, prefix, body) => {
          const p = write(`fuzz-${n++}${ext}`, Buffer.concat([Buffer.from(prefix, 'latin1'), Buffer.from(body)]));
          try {
            const r = await readDocumentFile(p);
            expect(r.text.trim()).not.toBe('');
          } catch (e) {
            expect(isPolicyLensError(e) && codes.has(e.code)).toBe(true);
          }
        },
      ),
      { numRuns: 120, seed: 20240305 },
    );
  });
});

describe('normaliseText', () => {
  it('normalises line ends, strips control characters and indentation, and keeps at most one blank line', () => {
    expect(normaliseText('a\r\nb\rc\u0007\n\n\n\n\u2003\u2003d  ')).toBe('a\nb\nc\n\nd');
  });
});

describe('markdownToText', () => {
  it('takes the title from front matter', () => {
    expect(markdownToText('---\ntitle: "某某市若干措施"\ndate: 2024-3-5\n---\n正文').hints).toEqual({ title: '某某市若干措施', date: '2024-03-05' });
  });
});
