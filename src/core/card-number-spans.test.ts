import { describe, expect, it } from 'vitest';
import { cardNumberSpans } from './card-number-spans.js';

/** The characters of `text` each digit of each number was read from. */
const read = (text: string) => cardNumberSpans(text)?.map((n) => n.digits.map(([a, b]) => text.slice(a, b)).join(''));

describe('cardNumberSpans', () => {
  it('places each number in the text as given, whatever the normalising did to it', () => {
    expect(read('卡号：６２２５ ８８１２ ３４５６ ４２４２')).toEqual(['６２２５８８１２３４５６４２４２']);
    // A zero-width joiner gives no digit: it is no part of any.
    expect(read('4111\u200d1111 1111 1111 ok')).toEqual(['4111111111111111']);
    expect(read('no 6225ー8812ー3456ー4242 x 4111111111111111')).toEqual(['6225881234564242', '4111111111111111']);
  });

  it('gives one reading for one written number, the one grouped as written', () => {
    expect(read('6225-8812-3456-4242 12/29')).toEqual(['6225881234564242']);
    // 6225 8812 3456 0026 128 passes Luhn as well, and is grouped as a 19-digit card: the amount's whole part is no group of it.
    expect(read('6225 8812 3456 0026 128.50')).toEqual(['6225881234560026']);
    expect(cardNumberSpans('合计 17.50 凭证号 000457')).toEqual([]);
  });

  it('places a number written in Chinese numerals on its numerals, which are digits only in a run that long', () => {
    expect(read('卡号 六二二五 八八一二 三四五六 四二四二 一楼')).toEqual(['六二二五八八一二三四五六四二四二']);
    expect(read('卡号 4539ꞏ1488ꞏ0343ꞏ6467')).toEqual(['4539148803436467']);
  });

  it('gives up, rather than guess, where the normalising cannot be traced (URL escapes)', () => {
    expect(cardNumberSpans('4111%2D1111%2D1111%2D1111')).toBeUndefined();
  });
});
