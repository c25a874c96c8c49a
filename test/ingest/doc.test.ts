import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { docBodyLines, extractDocText } from '../../src/ingest/doc.js';
import { compoundFileProblem } from '../../src/ingest/ole.js';
import { readDocumentFile } from '../../src/ingest/read-file.js';
import { parseDocument } from '../../src/text/parse-document.js';
import { makeDocx, tempDir, withCircularSectorChain, word97Doc, wParagraph } from './fixtures.js';

const EXPECTED_LINES = [
  '太政规〔2024〕3号',
  '太仓市关于加快培育专精特新中小企业的若干措施',
  '为深入实施中小企业梯度培育工程，推动中小企业走专业化、精细化、特色化、新颖化发展之路，结合我市实际，制定以下措施。',
  '一、明确发展目标',
  '到2026年，全市累计培育省级专精特新中小企业200家以上，国家级专精特新“小巨人”企业达到30家，规上工业企业研发投入占营业收入比重达到2.5%。',
  '二、加大支持力度',
  '（一）强化梯度培育。建立创新型中小企业、专精特新中小企业、“小巨人”企业梯度培育库，实行动态管理；对首次认定的国家级“小巨人”企业给予一次性奖励50万元。',
  '（二）支持技术改造。对企业实施的智能化改造和数字化转型项目，按设备投资额的10%给予补助，单个项目最高300万元。',
  '（三）拓宽融资渠道。设立专精特新企业信贷风险补偿资金池，引导银行开发“专精特新贷”等专属产品。',
  '三、主要指标',
  '指标 | 2024年 | 2026年',
  '省级专精特新中小企业（家） | 120 | 200',
  '国家级“小巨人”企业（家） | 18 | 30',
  '四、附则',
  '本措施自2024年3月1日起施行，有效期至2026年12月31日。',
  '太仓市人民政府',
  '2024年2月20日',
];

describe('docBodyLines', () => {
  it('turns tab-ended lines (Word table rows) into `a | b` rows and other tabs into spaces', () => {
    expect(docBodyLines('指标\t2025年\t\r\n研发投入\t3%\t\n一、\t总体目标\n\t\t\n正文')).toBe('指标 | 2025年\n研发投入 | 3%\n一、 总体目标\n\n正文');
    expect(docBodyLines(' 空格 \t 单元格 \t')).toBe('空格 | 单元格');
  });
});

describe('extractDocText', () => {
  it('reads a Word 97 file as LibreOffice wrote it: paragraphs in order, tables as rows, curly quotes kept', async () => {
    const { text, warnings } = await extractDocText(word97Doc(), 'taicang.doc');
    expect(text.split('\n').filter(Boolean)).toEqual(EXPECTED_LINES);
    expect(warnings).toEqual([]);
  });

  it('refuses a file without the OLE header, and a damaged one, with FILE_UNREADABLE naming the file', async () => {
    await expect(extractDocText(Buffer.from('这不是Word文档'), 'plain.doc')).rejects.toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringMatching(/plain\.doc.*OLE/) });
    await expect(extractDocText(word97Doc().subarray(0, 6000), 'cut.doc')).rejects.toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringMatching(/cut\.doc.*save it as \.docx/) });
  });
});

describe('readDocumentFile: .doc', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ dir, cleanup } = tempDir());
  });
  afterAll(() => cleanup());
  const write = (name: string, bytes: Buffer) => {
    const p = path.join(dir, name);
    writeFileSync(p, bytes);
    return p;
  };

  it('gives the text stage what it needs: metadata, headings and the table', async () => {
    const r = await readDocumentFile(write('附件1.DOC', word97Doc()));
    expect(r.format).toBe('doc');
    const doc = parseDocument(r.text, { file: r.file });
    expect(doc.meta).toMatchObject({ title: '太仓市关于加快培育专精特新中小企业的若干措施', docNumber: '太政规〔2024〕3号', city: '太仓市', province: '江苏省', date: '2024-02-20' });
    const item = doc.paragraphs.find((p) => p.text.startsWith('（二）支持技术改造'));
    expect(item?.sectionPath).toEqual(['二、加大支持力度', '（二）支持技术改造']);
    expect(doc.paragraphs.some((p) => p.text.includes('省级专精特新中小企业（家） | 120 | 200'))).toBe(true);
  });

  it('reads a .doc named .docx as a .doc, and a .docx named .doc as a .docx, each with a warning', async () => {
    const asDocx = await readDocumentFile(write('renamed.docx', word97Doc()));
    expect(asDocx.text.split('\n').filter(Boolean)).toEqual(EXPECTED_LINES);
    expect(asDocx.warnings).toEqual([expect.stringMatching(/renamed\.docx is a Word 97–2003 \.doc file with a \.docx name/)]);
    const asDoc = await readDocumentFile(write('new.doc', makeDocx(wParagraph('第一条 为了支持企业发展，制定本办法。'))));
    expect(asDoc.text).toBe('第一条 为了支持企业发展，制定本办法。');
    expect(asDoc.warnings).toEqual([expect.stringMatching(/new\.doc is a Word 2007\+ \.docx file with a \.doc name/)]);
  });

  it('refuses a .doc whose sector chain runs in a circle before the reader follows it for ever', async () => {
    await expect(readDocumentFile(write('cycle.doc', withCircularSectorChain(word97Doc())))).rejects.toMatchObject({
      code: 'FILE_UNREADABLE',
      message: expect.stringMatching(/cycle\.doc is a damaged Word 97–2003 document \(the sector chain through sector \d+ runs in a circle\)/),
    });
  });
});

describe('compoundFileProblem', () => {
  it('passes a sound file and names what is wrong with a broken one', () => {
    const doc = word97Doc();
    expect(compoundFileProblem(doc)).toBeNull();
    expect(compoundFileProblem(doc.subarray(0, 100))).toMatch(/header/);
    const badShift = Buffer.from(doc);
    badShift.writeUInt16LE(20, 0x1e);
    expect(compoundFileProblem(badShift)).toMatch(/sector size 2\^20/);
    const tooManyFat = Buffer.from(doc);
    tooManyFat.writeInt32LE(4_000_000, 0x2c);
    expect(compoundFileProblem(tooManyFat)).toMatch(/counts 4000000 allocation-table sectors in a file of \d+ sectors/);
    const fatOutside = Buffer.from(doc);
    fatOutside.writeInt32LE(10_000, 0x4c);
    expect(compoundFileProblem(fatOutside)).toMatch(/outside the file/);
    expect(compoundFileProblem(withCircularSectorChain(doc))).toMatch(/runs in a circle/);
  });

  it('never lets a damaged .doc take the process down: random int32 edits end in text or FILE_UNREADABLE', async () => {
    // Without the check, edits like these killed the process within a few hundred files (a fatal out-of-memory in
    // word-extractor); with it, 9,000 of them ran clean (scratch run, three seeds). Edits favour the header, the
    // allocation table (sector 0 here) and the directory.
    const base = word97Doc();
    const codes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ at: fc.oneof(fc.integer({ min: 0, max: 127 }), fc.integer({ min: 128, max: 255 }), fc.integer({ min: 0, max: base.length / 4 - 1 })), value: fc.oneof(fc.integer({ min: -4, max: 40 }), fc.integer()) }), { minLength: 1, maxLength: 6 }),
        async (edits) => {
          const b = Buffer.from(base);
          for (const { at, value } of edits) b.writeInt32LE(value | 0, at * 4);
          try {
            await extractDocText(b, 'edited.doc');
            codes.add('ok');
          } catch (e) {
            expect(e).toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringContaining('edited.doc') });
            codes.add('FILE_UNREADABLE');
          }
        },
      ),
      { numRuns: 400, seed: 20261207 },
    );
    expect([...codes].sort()).toEqual(['FILE_UNREADABLE', 'ok']);
  });
});
