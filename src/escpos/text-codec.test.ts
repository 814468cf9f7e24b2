import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteWriter } from './byte-writer.js';
import iconv from 'iconv-lite';
import { containsPan } from '../core/index.js';
import { encodeWideText, writeWideText } from './text-codec.js';

const written = (text: string, encoding: 'gb18030' | 'gbk') => {
  const out = new ByteWriter(4);
  writeWideText(out, text, encoding);
  return Buffer.from(out.toArray());
};

describe('writeWideText', () => {
  it('writes what encoding the whole text at once gives, character by character', () => {
    const piece = fc.constantFrom('可口可乐', ' 330ml', '¥', '€', '￥', '𠮷', '😀', 'é', '，', '银联POS签购单', '\ud842');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }).map((p) => p.join('')), fc.constantFrom('gb18030' as const, 'gbk' as const), (text, encoding) => {
        expect(written(text, encoding).equals(Buffer.from(encodeWideText(text, encoding)))).toBe(true);
      }),
    );
  });

  it('prints a character outside GBK in the two columns the layout gave it (every non-ASCII character takes two)', () => {
    // An emoji, a zero-width space, a rare ideograph, a Latin letter GBK lacks: one column each as "?", so the columns after it slid left.
    for (const text of ['🥤', '\u200b', '𠮷', 'ÿ', '€']) expect([...written(text, 'gbk')]).toEqual([0xa3, 0xbf]);
  });

  it('masks a card number that the stand-ins of a GBK printer make on paper: 4111ǀ1111ǀ1111ǀ1111 printed 4111？1111？… (found by a review helper)', () => {
    const pan = '4111111111111111';
    const text = `卡 ${pan.match(/.{4}/g)?.join('ǀ')}`;
    const printed = written(text, 'gbk');
    const read = iconv.decode(printed, 'gbk');
    expect(containsPan(read)).toBe(false);
    expect(read).toBe(`卡 ****？****？****？${pan.slice(-4)}`);
    // The same width: a masked digit takes its digit's column.
    expect(printed.length).toBe(Buffer.from(encodeWideText(text, 'gbk')).length);
    // A GB18030 printer prints the letter itself: nothing to mask.
    expect(iconv.decode(written(text, 'gb18030'), 'gb18030')).toBe(text);
    // Text that already reads as a card number as written (a merchant no. the gate lets by) is printed as written.
    const merchant = `商户 ${pan} ✓`;
    expect(iconv.decode(written(merchant, 'gbk'), 'gbk')).toBe(`商户 ${pan} ？`);
  });

  it('keeps the GBK substitutions: ¥ as ￥, € as ？', () => {
    expect(written('¥€', 'gbk')).toEqual(Buffer.from([0xa3, 0xa4, 0xa3, 0xbf]));
    expect(written('¥', 'gb18030')).toEqual(Buffer.from(encodeWideText('¥', 'gb18030')));
  });
});
