import { describe, expect, it } from 'vitest';
import { extractDocxText } from '../../src/ingest/docx.js';
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
