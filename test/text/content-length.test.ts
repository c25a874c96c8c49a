import { describe, expect, it } from 'vitest';
import { contentLength } from '../../src/text/normalize.js';

/** What contentLength counted before its fast paths: every letter and number, by Unicode property. */
const reference = (s: string) => (s.match(/[\p{L}\p{N}]/gu) ?? []).length;

describe('contentLength', () => {
  it('counts Han characters, letters and digits, not punctuation or spaces', () => {
    expect(contentLength('一、总体要求')).toBe(5);
    expect(contentLength('到2025年，达到30%以上。')).toBe(12);
    expect(contentLength('  ——  ')).toBe(0);
  });

  it('agrees with the Unicode property count on every kind of character, surrogates included', () => {
    const samples = [
      '第一章 总则（一）', 'ＡＢＣ１２３全角', 'Ⅻ②⑩', 'éàü ßØ', 'Привет мир', '𠀀𠀁𪚥 扩展B', '\ud800 lone \udc00', '㐀䶵 〇 々',
      '\u3000\u00a0\t\n', '١٢٣ 数字', '😀 表情', 'ｱｲｳ ｶﾞ', '가나다', '',
    ];
    for (const s of samples) expect(contentLength(s), JSON.stringify(s)).toBe(reference(s));
    // Every BMP code point, 64 at a time.
    for (let start = 0; start < 0x10000; start += 64) {
      let s = '';
      for (let c = start; c < start + 64; c++) s += String.fromCharCode(c);
      expect(contentLength(s), `U+${start.toString(16)}`).toBe(reference(s));
    }
  });
});
