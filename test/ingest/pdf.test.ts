import { describe, expect, it } from 'vitest';
import { extractPdfText, layoutPdfPages, type PdfPageText, type PdfTextItem } from '../../src/ingest/pdf.js';
import { makePdf } from './fixtures.js';

/**
 * Synthetic pages in the geometry of a Chinese official document: 16 pt text, left margin 80,
 * 26 characters to a full line (right edge 496), paragraphs indented two characters (x = 112).
 */
const SIZE = 16;
const LEFT = 80;
const INDENT = LEFT + 2 * SIZE;

function run(text: string, x: number, y: number, size = SIZE, width?: number): PdfTextItem {
  return { str: text, x, y, width: width ?? [...text].length * size, size };
}

const PITCH = 28;

/** Lines of a paragraph as a PDF lays them out: the first indented, wrapped every 24/26 characters. */
function paragraphLines(text: string, indent = true): { text: string; x: number }[] {
  const chars = [...text];
  const lines: { text: string; x: number }[] = [];
  let i = 0;
  while (i < chars.length) {
    const first = lines.length === 0 && indent;
    const capacity = first ? 24 : 26;
    lines.push({ text: chars.slice(i, i + capacity).join(''), x: first ? INDENT : LEFT });
    i += capacity;
  }
  return lines;
}

/** Paragraphs stacked from `top` down at the body's line pitch, as one page's items. */
function stack(top: number, ...paragraphs: { text: string; x: number }[][]): PdfTextItem[] {
  let y = top;
  const items: PdfTextItem[] = [];
  for (const p of paragraphs) {
    for (const line of p) {
      items.push(run(line.text, line.x, y));
      y -= PITCH;
    }
  }
  return items;
}

function page(pageNumber: number, items: PdfTextItem[]): PdfPageText {
  return { pageNumber, width: 595, height: 842, items };
}

/** Chinese filler of exactly `n` characters, ending with `end` when given (counted in n). */
function filler(n: number, end = ''): string {
  const base = '对首次认定的国家级专精特新小巨人企业给予一次性奖励所需资金由市财政和区财政按现行体制分担';
  let s = '';
  while ([...s].length < n - [...end].length) s += base;
  return [...s].slice(0, n - [...end].length).join('') + end;
}

const LONG_A = '为深入贯彻落实党中央国务院关于促进中小企业发展的决策部署，进一步激发市场活力，支持专精特新企业高质量发展，结合本市实际，制定以下措施。';
const LONG_B = '对首次认定的国家级专精特新小巨人企业给予一次性奖励，对省级专精特新中小企业给予奖励，所需资金由市财政和区财政按现行体制分担。';

describe('layoutPdfPages', () => {
  it('joins lines wrapped at the right margin into one paragraph per line', () => {
    const { text } = layoutPdfPages([page(1, stack(700, paragraphLines(LONG_A), paragraphLines(LONG_B)))]);
    expect(text.split('\n')).toEqual([LONG_A, LONG_B]);
  });

  it('starts a paragraph at an indented line even when the previous line is full', () => {
    // The first paragraph's last line is full and has no sentence end: only the indent tells.
    const filled = filler(24 + 26);
    const { text } = layoutPdfPages([page(1, stack(700, paragraphLines(filled), paragraphLines(LONG_B), paragraphLines(LONG_A)))]);
    expect(text.split('\n')).toEqual([filled, LONG_B, LONG_A]);
  });

  it('continues a paragraph after a full line that ends a sentence when the next line is not indented', () => {
    // The sentence ends exactly at the margin; the paragraph goes on at the left margin.
    const first = filler(24);
    const second = filler(26, '。');
    const third = '各区要结合实际抓好落实。';
    const items = stack(700, [{ text: first, x: INDENT }, { text: second, x: LEFT }, { text: third, x: LEFT }], paragraphLines(LONG_B), paragraphLines(LONG_A));
    const lines = layoutPdfPages([page(1, items)]).text.split('\n');
    expect(lines).toEqual([first + second + third, LONG_B, LONG_A]);
  });

  it('keeps a heading on its own line even when the line before it is full', () => {
    const full = filler(26);
    const items = stack(
      760,
      [{ text: '一、总体要求', x: INDENT }],
      paragraphLines(LONG_A),
      [{ text: full, x: LEFT }],
      [{ text: '（二）加大财政支持力度。', x: LEFT }],
      paragraphLines(LONG_B),
    );
    const lines = layoutPdfPages([page(1, items)]).text.split('\n');
    expect(lines).toEqual(['一、总体要求', LONG_A, full, '（二）加大财政支持力度。', LONG_B]);
  });

  it('in a document without indents, ends a paragraph at a full line that ends a sentence', () => {
    const a1 = filler(26);
    const a2 = '到此结束了这一段。';
    const b1 = filler(26, '。');
    const c1 = filler(26);
    const c2 = '是同一段的延续。';
    const items = stack(700, [a1, a2, b1, c1, c2].map((text) => ({ text, x: LEFT })));
    // a ends at its short line; b is full but ends a sentence; c is full without one and continues.
    expect(layoutPdfPages([page(1, items)]).text.split('\n')).toEqual([a1 + a2, b1, c1 + c2]);
  });

  it('continues a paragraph across a page break and drops page numbers and running headers', () => {
    const header = run('某某市人民政府文件汇编', 200, 800, 12);
    const footer = (n: number) => run(`— ${n} —`, 280, 50, 14);
    const carried = filler(26);
    const p1 = page(1, [header, ...stack(700, paragraphLines(LONG_A), [{ text: carried, x: LEFT }]), footer(1)]);
    const p2 = page(2, [header, ...stack(760, [{ text: '十给予补助。', x: LEFT }], paragraphLines(LONG_B)), footer(2)]);
    const p3 = page(3, [header, ...stack(760, paragraphLines(LONG_A)), footer(3)]);
    const { text, removed } = layoutPdfPages([p1, p2, p3]);
    expect(text.split('\n')).toEqual([LONG_A, `${carried}十给予补助。`, LONG_B, LONG_A]);
    expect(removed.filter((r) => r.rule === 'page-number').map((r) => r.line)).toEqual(['—1—', '—2—', '—3—']);
    expect(removed.filter((r) => r.rule === 'running-header')).toHaveLength(3);
  });

  it('keeps a lone number that is not at the top or bottom of a page', () => {
    const items = [...stack(700, paragraphLines(LONG_A)), run('12', 300, 600), ...stack(560, paragraphLines(LONG_B), paragraphLines(LONG_A))];
    expect(layoutPdfPages([page(1, items)]).text.split('\n')).toContain('12');
  });

  it('joins a title set in a larger size over several centred lines', () => {
    const items = [
      run('某某市人民政府关于印发支持', 150, 760, 22),
      run('专精特新企业发展若干措施的通知', 140, 730, 22),
      ...stack(660, paragraphLines(LONG_A), paragraphLines(LONG_B)),
    ];
    expect(layoutPdfPages([page(1, items)]).text.split('\n')[0]).toBe('某某市人民政府关于印发支持专精特新企业发展若干措施的通知');
  });

  it('writes runs separated by a wide gap as table cells', () => {
    const items = [
      run('发文机构', LEFT, 700),
      run('某某市发展和改革委员会', LEFT + 6 * SIZE, 700),
      run('工具分类', LEFT, 672),
      run('资金支持', LEFT + 6 * SIZE, 672),
      run('服务对象', LEFT + 14 * SIZE, 672),
      run('全市范围', LEFT + 20 * SIZE, 672),
    ];
    expect(layoutPdfPages([page(1, items)]).text.split('\n')).toEqual(['发文机构 | 某某市发展和改革委员会', '工具分类 | 资金支持 | 服务对象 | 全市范围']);
  });

  it('does not split a letter-spaced title into one-character cells', () => {
    const items = [run('前', 250, 760), run('言', 250 + 3 * SIZE, 760), ...stack(700, paragraphLines(LONG_A), paragraphLines(LONG_B))];
    expect(layoutPdfPages([page(1, items)]).text.split('\n')[0]).toBe('前言');
  });

  it('puts a side label beside the paragraph it labels, without breaking the paragraph', () => {
    // A form-like table: labels in a column left of the text column, vertically centred in their cell.
    const column = 130;
    const full = (n: number) => filler(n);
    const items = [
      run('《关于印发加强低效产业空间改造利用促进产业高质量发展实施方案的', column, 700, 12),
      run('依据文件', 60, 689, 12),
      run('通知》', column, 678, 12),
      run(full(31), column, 640, 12),
      run('而是继续。', column, 618, 12),
      run(full(31), column, 588, 12),
      run('服务内容', 60, 577, 12),
      run('向市发展改革委申报。', column, 566, 12),
    ];
    const lines = layoutPdfPages([page(1, items)]).text.split('\n').filter(Boolean);
    expect(lines).toEqual([
      '依据文件 | 《关于印发加强低效产业空间改造利用促进产业高质量发展实施方案的通知》',
      `${full(31)}而是继续。`,
      `服务内容 | ${full(31)}向市发展改革委申报。`,
    ]);
  });

  it('opens a new paragraph at a labelled row atop a page when the page before ended a sentence (北京 03 p.55 时间/频度)', () => {
    // A card's cells at 12 pt: paragraphs indented two characters, 31 characters to a full line; labels left of them.
    const column = 130;
    const paragraph = (top: number, text: string) => [run(filler(29), column + 24, top, 12), run(filler(31), column, top - 22, 12), run(text, column, top - 44, 12)];
    const step = filler(31, '公开发布。');
    const row = [run('时间/频度', 50, 750, 12), run('从2023年7月起', column, 750, 12), run('联络方式', 50, 720, 12), run('某某市发展和改革委员会：12345678', column, 720, 12)];
    const read = (last: string) => layoutPdfPages([page(1, [...paragraph(700, filler(31, '。')), ...paragraph(600, filler(31, '。')), ...paragraph(500, last)]), page(2, row)]).text.split('\n').filter(Boolean);
    expect(read(step).slice(-3)).toEqual([`${filler(29)}${filler(31)}${step}`, '时间/频度 | 从2023年7月起', '联络方式 | 某某市发展和改革委员会：12345678']);
    // A cell that runs on over the page break still continues: the page before ended no sentence.
    const open = filler(31);
    expect(read(open).slice(-2)).toEqual([`时间/频度 | ${filler(29)}${filler(31)}${open}从2023年7月起`, '联络方式 | 某某市发展和改革委员会：12345678']);
  });

  it('drops a doubled run printed for fake bold', () => {
    const items = [run('一、总体要求', INDENT, 760), run('一、总体要求', INDENT + 0.4, 760), ...stack(732, paragraphLines(LONG_A), paragraphLines(LONG_B))];
    expect(layoutPdfPages([page(1, items)]).text.split('\n')).toEqual(['一、总体要求', LONG_A, LONG_B]);
  });

  it('drops the entries of a table of contents, including squeezed leaders', () => {
    const toc = page(1, [
      run('目录', 280, 760),
      run('一、综合篇 ................................ 1', LEFT, 720, 12),
      run('1.北京市老旧厂房改造项目促进产业高质量发展 ........ 3', LEFT + 24, 690, 12),
      run('2.北京市低效楼宇改造项目促进产业高质量发展 ........ 5', LEFT + 24, 660, 12),
      run('3.北京市积极发展高精尖产业构建现代化产业体系...10', LEFT + 24, 630, 12),
      run('4.中关村国家自主创新示范区支持科技型小微企业.146', LEFT + 24, 600, 12),
    ]);
    const body = page(2, [run('一、综合篇', LEFT, 760), ...stack(732, paragraphLines(LONG_A), paragraphLines(LONG_B))]);
    const { text, removed } = layoutPdfPages([toc, body]);
    expect(text.split('\n').filter(Boolean)).toEqual(['目录', '一、综合篇', LONG_A, LONG_B]);
    expect(removed.filter((r) => r.rule === 'table-of-contents')).toHaveLength(5);
  });

  it('leaves a blank line where the layout shows a gap between blocks', () => {
    const items = [run('某某市人民政府办公厅', 300, 760), run('2024年2月18日', 310, 732), ...stack(600, paragraphLines(LONG_A), paragraphLines(LONG_B))];
    expect(layoutPdfPages([page(1, items)]).text.split('\n')).toEqual(['某某市人民政府办公厅', '2024年2月18日', '', LONG_A, LONG_B]);
  });

  it('applies the character fixups before judging line ends (ꎮ ends a sentence)', () => {
    // No indents: only the repaired 。 tells that the full second line ends the paragraph.
    const a1 = '川办规〔２０２５〕６号' + filler(26 - 11);
    const a2 = filler(25, 'ꎮ');
    const b1 = '各 市 州 人 民 政 府 要 抓 好 落 实 并 按 季 度 报 送 工 作 进 展 情 况 和 工 作';
    const b2 = '成效ꎮ';
    const items = [run(a1, LEFT, 700), run(a2, LEFT, 672), run(b1, LEFT, 644, SIZE, 26 * SIZE), run(b2, LEFT, 616)];
    const lines = layoutPdfPages([page(1, items)]).text.split('\n');
    expect(lines).toEqual([`川办规〔2025〕6号${filler(15)}${filler(25, '。')}`, '各市州人民政府要抓好落实并按季度报送工作进展情况和工作成效。']);
  });

  describe('title from the first page\'s largest type', () => {
    const body = (top: number) => stack(top, paragraphLines(LONG_A), paragraphLines(LONG_B));

    it('joins the lines of the largest type, skipping a larger red-header issuer line above them', () => {
      const items = [
        run('某某市人民政府文件', 100, 780, 40),
        run('某政发〔2024〕3号', 230, 700),
        run('某某市人民政府关于印发支持', 130, 640, 22),
        run('专精特新企业发展若干措施的通知', 120, 610, 22),
        ...body(560),
      ];
      expect(layoutPdfPages([page(1, items)]).title).toBe('某某市人民政府关于印发支持专精特新企业发展若干措施的通知');
    });

    it('takes a red header that no title follows as it is', () => {
      expect(layoutPdfPages([page(1, [run('某某市人民政府文件', 100, 780, 40), ...body(700)])]).title).toBe('某某市人民政府文件');
    });

    it('joins a cover title set over widely spaced lines', () => {
      const cover = page(1, [run('某某市产业政策导引', 170, 620, 28), run('（市级版）', 230, 567, 28), run('某某市发展和改革委员会', 190, 166, 20)]);
      expect(layoutPdfPages([cover, page(2, body(760))]).title).toBe('某某市产业政策导引（市级版）');
    });

    it('finds no title when nothing on the first page is larger than the body', () => {
      expect(layoutPdfPages([page(1, body(760))]).title).toBeNull();
      // Only the page after has large type: page 1 decides.
      expect(layoutPdfPages([page(1, body(760)), page(2, [run('第二页的大字', 150, 780, 24), ...body(700)])]).title).toBeNull();
    });
  });

  it('returns empty text for pages without text', () => {
    expect(layoutPdfPages([page(1, []), page(2, [run('   ', LEFT, 700)])]).text).toBe('');
  });
});

describe('extractPdfText', () => {
  const body = (y0: number, lines: string[]) => lines.map((text, i) => ({ x: 72, y: y0 - i * 16, text }));
  const threePages = () =>
    makePdf([
      {
        lines: [
          { x: 220, y: 800, text: 'Municipal Policy Digest' },
          { x: 72, y: 740, size: 14, text: '1. Scope' },
          ...body(710, ['This policy supports small and medium manufacturers that invest in the', 'digital transformation of their production lines, and it sets out the', 'conditions for the subsidy.']),
          { x: 290, y: 50, text: '- 1 -' },
        ],
      },
      {
        lines: [
          { x: 220, y: 800, text: 'Municipal Policy Digest' },
          { x: 72, y: 740, size: 14, text: '2. Eligibility' },
          ...body(710, ['Firms registered in the city for at least one year may apply for support', 'under this measure.']),
          { x: 290, y: 50, text: '- 2 -' },
        ],
      },
      {
        lines: [{ x: 220, y: 800, text: 'Municipal Policy Digest' }, ...body(740, ['This measure takes effect on 1 March 2024.']), { x: 290, y: 50, text: '- 3 -' }],
      },
    ]);

  it('reads a PDF: pages, wrapped lines joined, headings kept, page furniture dropped', async () => {
    const result = await extractPdfText(threePages(), 'digest.pdf');
    expect(result.pageCount).toBe(3);
    const lines = result.text.split('\n').filter(Boolean);
    expect(lines).toEqual([
      '1. Scope',
      'This policy supports small and medium manufacturers that invest in the digital transformation of their production lines, and it sets out the conditions for the subsidy.',
      '2. Eligibility',
      'Firms registered in the city for at least one year may apply for support under this measure.',
      'This measure takes effect on 1 March 2024.',
    ]);
    expect(result.warnings.join(' ')).toMatch(/page-number/);
  });

  it('rejects a damaged PDF with FILE_UNREADABLE', async () => {
    await expect(extractPdfText(Buffer.from(`%PDF-1.7\n${'x'.repeat(400)}`), 'broken.pdf')).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
    await expect(extractPdfText(threePages().subarray(0, 300), 'truncated.pdf')).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
  });

  it('names the file in the error', async () => {
    await expect(extractPdfText(Buffer.from('%PDF-1.4\nnot really'), 'broken.pdf')).rejects.toThrow(/broken\.pdf/);
  });

  it('reads a Chinese PDF and its title from the first page\'s largest type', async () => {
    const pdf = makePdf([
      {
        lines: [
          { x: 100, y: 770, size: 36, text: '某某市人民政府文件' },
          { x: 230, y: 700, size: 16, text: '某政发〔2024〕3号' },
          { x: 110, y: 640, size: 22, text: '某某市人民政府关于印发支持' },
          { x: 100, y: 610, size: 22, text: '专精特新企业发展若干措施的通知' },
          { x: 72, y: 560, size: 16, text: '各区人民政府，市政府各部门：' },
          { x: 104, y: 532, size: 16, text: '现将《若干措施》印发给你们，请认真贯彻执行。' },
        ],
      },
    ]);
    const result = await extractPdfText(pdf, 'notice.pdf');
    expect(result.title).toBe('某某市人民政府关于印发支持专精特新企业发展若干措施的通知');
    expect(result.text).toContain('现将《若干措施》印发给你们，请认真贯彻执行。');
  });

  it('reports a PDF without a text layer as FILE_EMPTY', async () => {
    const scan = makePdf([{ lines: [], raw: '0 0 0 rg 72 72 200 300 re f' }]);
    await expect(extractPdfText(scan, 'scan.pdf')).rejects.toMatchObject({ code: 'FILE_EMPTY' });
  });
});
