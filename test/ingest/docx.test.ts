import { describe, expect, it } from 'vitest';
import { AlignmentType, Document, HeadingLevel, LevelFormat, Packer, Paragraph } from 'docx';
import { extractDocxText, numberStructure } from '../../src/ingest/docx.js';
import { makeDocx, makeZip, wParagraph, wTable } from './fixtures.js';

describe('extractDocxText', () => {
  it('reads paragraphs in order, one per line, and tables as rows', async () => {
    const docx = makeDocx(
      [
        wParagraph('某某市支持专精特新企业发展若干措施'),
        wParagraph('一、总体要求'),
        wParagraph('（一）对首次认定的国家级专精特新“小巨人”企业给予一次性奖励50万元。'),
        wTable([
          ['类别', '奖励标准', '责任单位'],
          ['国家级', '50万元', '市经信局'],
          ['省级', '20万元', '市经信局、市财政局'],
        ]),
        wParagraph('二、附则'),
        wParagraph('本措施自印发之日起施行，有效期三年。'),
      ].join(''),
    );
    const { text } = await extractDocxText(docx, 'measures.docx');
    expect(text.split('\n')).toEqual([
      '某某市支持专精特新企业发展若干措施',
      '一、总体要求',
      '（一）对首次认定的国家级专精特新“小巨人”企业给予一次性奖励50万元。',
      '类别 | 奖励标准 | 责任单位',
      '国家级 | 50万元 | 市经信局',
      '省级 | 20万元 | 市经信局、市财政局',
      '二、附则',
      '本措施自印发之日起施行，有效期三年。',
    ]);
  });

  it('rejects a file that is not a zip with FILE_UNREADABLE, naming the file', async () => {
    await expect(extractDocxText(Buffer.from('这不是一个Word文档', 'utf8'), 'fake.docx')).rejects.toMatchObject({
      code: 'FILE_UNREADABLE',
      message: expect.stringContaining('fake.docx'),
    });
  });

  it('recognises an old binary .doc renamed .docx and says what to do', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    await expect(extractDocxText(ole, 'old.docx')).rejects.toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringMatching(/\.doc\b.*save it as \.docx/) });
  });

  it('rejects a zip without a Word document in it', async () => {
    const zip = makeZip({ 'readme.txt': '不是Word文档' });
    await expect(extractDocxText(zip, 'archive.docx')).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
  });

  it('rejects a damaged zip', async () => {
    const docx = makeDocx(wParagraph('内容'));
    await expect(extractDocxText(docx.subarray(0, docx.length - 30), 'cut.docx')).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
  });
});

describe('numbering Word shows but does not store', () => {
  it('numbers heading styles and automatic list numbering as Word displays them', async () => {
    const doc = new Document({
      numbering: { config: [{ reference: 'items', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }] }] },
      sections: [
        {
          children: [
            new Paragraph('某区关于促进专精特新中小企业高质量发展的若干措施'),
            new Paragraph({ text: '总体目标', heading: HeadingLevel.HEADING_1 }),
            new Paragraph('到2026年，培育省级专精特新中小企业50家。'),
            new Paragraph({ text: '支持措施', heading: HeadingLevel.HEADING_1 }),
            new Paragraph({ text: '加大梯度培育力度', heading: HeadingLevel.HEADING_2 }),
            new Paragraph({ text: '建立培育库。每年遴选入库企业100家以上。', numbering: { reference: 'items', level: 0 } }),
            new Paragraph({ text: '给予认定奖励。给予一次性奖励50万元。', numbering: { reference: 'items', level: 0 } }),
            new Paragraph({ text: '强化要素保障', heading: HeadingLevel.HEADING_2 }),
          ],
        },
      ],
    });
    const { text } = await extractDocxText(await Packer.toBuffer(doc), 'styled.docx');
    expect(text.split('\n')).toEqual([
      '某区关于促进专精特新中小企业高质量发展的若干措施',
      '一、总体目标',
      '到2026年，培育省级专精特新中小企业50家。',
      '二、支持措施',
      '（一）加大梯度培育力度',
      '1．建立培育库。每年遴选入库企业100家以上。',
      '2．给予认定奖励。给予一次性奖励50万元。',
      '（二）强化要素保障',
    ]);
  });

  it('leaves numbering that is already written, a lone <h1> (a title) and unordered lists as they are', () => {
    expect(numberStructure('<h1>某区若干措施</h1><h2>总体目标</h2><p>推进。</p>')).toBe('<h1>某区若干措施</h1><h2>（一）总体目标</h2><p>推进。</p>');
    expect(numberStructure('<h1>一、总体目标</h1><h1>二、支持措施</h1>')).toBe('<h1>一、总体目标</h1><h1>二、支持措施</h1>');
    expect(numberStructure('<ul><li>甲</li><li>乙</li></ul><ol><li>1. 丙</li><li>2. 丁</li></ol>')).toBe('<ul><li>甲</li><li>乙</li></ul><ol><li>1. 丙</li><li>2. 丁</li></ol>');
    // An item whose text opens in bold is numbered all the same.
    expect(numberStructure('<ol><li><strong>建立培育库。</strong>每年遴选。</li></ol>')).toBe('<ol><li>1．<strong>建立培育库。</strong>每年遴选。</li></ol>');
    // Lists count per list, nested ones on their own.
    expect(numberStructure('<ol><li>甲<ol><li>子</li></ol></li><li>乙</li></ol>')).toBe('<ol><li>1．甲<ol><li>1．子</li></ol></li><li>2．乙</li></ol>');
  });
});
