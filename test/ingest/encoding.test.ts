import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText, garbledShare, normaliseCharset, sniffBinaryFormat, utf8Evidence } from '../../src/ingest/encoding.js';

/** Policy sentences of our own, with the characters that break naive decoders: full-width punctuation, 〔〕, “”, digits. */
const POLICY = [
  '一、总体要求',
  '（一）支持企业智能化改造。对实施智能化改造的规上工业企业，按设备投资额的10%给予补助，最高不超过500万元。',
  '对首次认定的国家级专精特新“小巨人”企业给予一次性奖励50万元；（责任单位：市经信局、市财政局）',
  '某政办发〔2023〕12号',
].join('\n');

describe('decodeText', () => {
  describe('round trip of Chinese policy text', () => {
    it('UTF-8 without BOM', () => {
      expect(decodeText(Buffer.from(POLICY, 'utf8'))).toEqual({ text: POLICY, encoding: 'utf-8', warnings: [] });
    });

    it('UTF-8 with BOM (the BOM is not part of the text)', () => {
      const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(POLICY, 'utf8')]);
      expect(decodeText(bytes)).toEqual({ text: POLICY, encoding: 'utf-8-bom', warnings: [] });
    });

    it.each(['gb18030', 'gbk', 'gb2312'])('%s (decoded as its superset GB18030)', (enc) => {
      const bytes = iconv.encode(POLICY, enc);
      expect(new TextDecoder('utf-8', { fatal: false }).decode(bytes)).not.toBe(POLICY);
      expect(decodeText(bytes)).toEqual({ text: POLICY, encoding: 'gb18030', warnings: [] });
    });

    it('UTF-16 LE and BE with BOM', () => {
      expect(decodeText(iconv.encode(POLICY, 'utf16le', { addBOM: true }))).toEqual({ text: POLICY, encoding: 'utf-16le', warnings: [] });
      const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(POLICY, 'utf16be')]);
      expect(decodeText(be)).toEqual({ text: POLICY, encoding: 'utf-16be', warnings: [] });
    });

    it('UTF-16 LE and BE without BOM, recognised by where the NUL bytes fall', () => {
      expect(decodeText(iconv.encode(POLICY, 'utf16le'))).toEqual({ text: POLICY, encoding: 'utf-16le', warnings: [] });
      expect(decodeText(iconv.encode(POLICY, 'utf16be'))).toEqual({ text: POLICY, encoding: 'utf-16be', warnings: [] });
    });

    it('UTF-16 of Chinese text with no NUL byte at all (no ASCII, no newline)', () => {
      const pure = '支持专精特新企业高质量发展';
      const bytes = iconv.encode(pure, 'utf16le');
      expect(bytes.includes(0)).toBe(false);
      expect(decodeText(bytes)).toEqual({ text: pure, encoding: 'utf-16le', warnings: [] });
    });

    it('Big5, which chardet tells apart from GB18030', () => {
      const traditional = '對首次認定的國家級專精特新企業給予一次性獎勵，最高不超過五十萬元。各區政府應當結合實際認真組織實施。';
      expect(decodeText(iconv.encode(traditional, 'big5'))).toEqual({ text: traditional, encoding: 'big5', warnings: [] });
    });
  });

  describe('text that is not wholly one encoding, decided line by line', () => {
    const utf8 = (s: string) => Buffer.from(s, 'utf8');
    it('reads UTF-8 with one bad byte as UTF-8, the byte as U+FFFD, and says so naming the file and the count', () => {
      // A broken download: one 0xFF between two characters of an otherwise valid UTF-8 notice (it was read wholly as GBK).
      const [head, tail] = [POLICY.slice(0, 40), POLICY.slice(40)];
      const d = decodeText(Buffer.concat([utf8(head), Buffer.from([0xff]), utf8(tail)]), { file: '通知.txt' });
      expect(d.encoding).toBe('utf-8');
      expect(d.text).toBe(`${head}\ufffd${tail}`);
      expect(d.warnings).toEqual([expect.stringMatching(/^通知\.txt is UTF-8 with 1 byte that is not valid UTF-8.*re/)]);
    });

    it('reads a UTF-8 text cut off inside its last character as UTF-8', () => {
      const bytes = utf8(POLICY);
      const d = decodeText(bytes.subarray(0, bytes.length - 2), { file: 'a.txt' });
      expect(d.encoding).toBe('utf-8');
      expect(d.text).toBe(`${POLICY.slice(0, -1)}\ufffd`);
      expect(d.warnings).toEqual([expect.stringContaining('1 byte that is not valid UTF-8')]);
    });

    it('reads UTF-8 with a BOM and a bad byte as UTF-8 too (it had refused the file)', () => {
      const d = decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(POLICY.slice(0, 9)), Buffer.from([0xff]), utf8(POLICY.slice(9))]), { file: 'e.txt' });
      expect(d).toEqual({ text: `${POLICY.slice(0, 9)}\ufffd${POLICY.slice(9)}`, encoding: 'utf-8-bom', warnings: [expect.stringContaining('e.txt is UTF-8 with 1 byte')] });
    });

    it('reads a UTF-8 line pasted into a GBK text as UTF-8, and names the line', () => {
      const pasted = '四、附加条款：对首台（套）产品给予20万元奖励。';
      const bytes = Buffer.concat([iconv.encode(`${POLICY}\n`, 'gbk'), utf8(`${pasted}\n`), iconv.encode('五、本办法自发布之日起施行。', 'gbk')]);
      const d = decodeText(bytes, { file: 'b.txt' });
      expect(d.text).toBe(`${POLICY}\n${pasted}\n五、本办法自发布之日起施行。`);
      expect(d.encoding).toBe('gb18030+utf-8');
      expect(d.warnings).toEqual([expect.stringMatching(/^b\.txt mixes encodings: line 5 in UTF-8 in a gb18030 text/)]);
    });

    it('reads a GBK line pasted into a UTF-8 text as GBK', () => {
      const bytes = Buffer.concat([utf8(`${POLICY}\n`), iconv.encode('五、本办法自发布之日起施行。', 'gbk')]);
      const d = decodeText(bytes, { file: 'c.txt' });
      expect(d.text).toBe(`${POLICY}\n五、本办法自发布之日起施行。`);
      expect(d.encoding).toBe('utf-8+gb18030');
      expect(d.warnings).toEqual([expect.stringContaining('line 5 in gb18030 in a UTF-8 text')]);
    });

    it('refuses text that reads as mojibake in the encoding chosen, with the fix, rather than index it', () => {
      // Big5 bytes on a page that declares GB2312: every line read as GB18030 is garbled.
      const traditional = '對首次認定的國家級專精特新企業給予一次性獎勵，最高不超過五十萬元。各區政府應當結合實際認真組織實施。';
      expect(() => decodeText(iconv.encode(traditional, 'big5'), { file: 'd.html', declaredCharset: 'gb2312' })).toThrow(
        expect.objectContaining({ code: 'FILE_UNREADABLE', message: expect.stringMatching(/^d\.html reads as garbled text.*save it as UTF-8/) }),
      );
    });

    it('counts UTF-8 evidence and rare characters', () => {
      expect(utf8Evidence(Buffer.from([0xe4, 0xb8, 0x80, 0xff, 0x41, 0xe4, 0xb8]))).toEqual({ valid: 1, invalid: 3 });
      expect(garbledShare(POLICY).share).toBe(0);
      expect(garbledShare('對首次認定的國家級專精特新企業給予一次性獎勵').share).toBe(0);
      expect(garbledShare(iconv.decode(utf8(POLICY), 'gb18030')).share).toBeGreaterThan(0.5);
    });
  });

  it('uses a declared charset when the bytes are not UTF-8', () => {
    const bytes = iconv.encode('支持企业发展', 'gbk');
    expect(decodeText(bytes, { declaredCharset: 'GB2312' }).text).toBe('支持企业发展');
  });

  it('prefers valid UTF-8 over a wrong declaration', () => {
    expect(decodeText(Buffer.from('支持企业发展', 'utf8'), { declaredCharset: 'gbk' })).toEqual({ text: '支持企业发展', encoding: 'utf-8', warnings: [] });
  });

  it('keeps plain ASCII as UTF-8', () => {
    expect(decodeText(Buffer.from('Article 1. Scope\n'))).toEqual({ text: 'Article 1. Scope\n', encoding: 'utf-8', warnings: [] });
  });

  describe('binary data', () => {
    it('rejects a PNG renamed .txt, naming the format and the file', () => {
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
      expect(() => decodeText(png, { file: 'notes.txt' })).toThrow(expect.objectContaining({ code: 'FILE_BINARY', message: expect.stringMatching(/notes\.txt.*PNG/) }));
    });

    it('rejects NUL-heavy data that is not UTF-16', () => {
      const bytes = Buffer.from([0x01, 0x00, 0x00, 0x07, 0x00, 0x13, 0x00, 0x00, 0x42, 0x00, 0x00, 0x00, 0x99, 0x00]);
      expect(() => decodeText(bytes)).toThrow(expect.objectContaining({ code: 'FILE_BINARY' }));
    });

    it('rejects data full of control characters', () => {
      const bytes = Buffer.from(Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? 0x02 : 0x41 + (i % 26))));
      expect(() => decodeText(bytes)).toThrow(expect.objectContaining({ code: 'FILE_BINARY' }));
    });

    it('accepts text with a few tabs and form feeds', () => {
      expect(decodeText(Buffer.from('第一条\t总则\f\n第二条\t适用范围')).text).toContain('第二条');
    });
  });
});

describe('sniffBinaryFormat', () => {
  it('names common formats by their magic numbers', () => {
    expect(sniffBinaryFormat(Buffer.from('%PDF-1.7\n'))).toMatch(/PDF/);
    expect(sniffBinaryFormat(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14]))).toMatch(/ZIP/);
    expect(sniffBinaryFormat(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toMatch(/\.doc/);
    expect(sniffBinaryFormat(Buffer.from('第一条', 'utf8'))).toBeNull();
  });
});

describe('normaliseCharset', () => {
  it('maps the GB family to gb18030 and spellings of UTF-8 to utf-8', () => {
    expect(normaliseCharset('GB2312')).toBe('gb18030');
    expect(normaliseCharset(' gbk ')).toBe('gb18030');
    expect(normaliseCharset('UTF8')).toBe('utf-8');
    expect(normaliseCharset('Big5')).toBe('big5');
    expect(normaliseCharset('')).toBeUndefined();
  });
});
