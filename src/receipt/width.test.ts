import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { charWidth, displayWidth, justifyText, padText, truncateText, wrapText } from './index.js';

// Pieces that stress the wrapper: words, runs of spaces, CJK, astral characters (surrogate
// pairs) and line breaks.
const piece = fc.constantFrom('a', 'word', 'Z9', ' ', '  ', '中', '文字', '，', '𠮷', '😀', '-', '\n', 'é', 'longerwordthanmost');
const text = fc.oneof(fc.array(piece, { maxLength: 40 }).map((p) => p.join('')), fc.string({ unit: 'binary', maxLength: 60 }));
const columns = fc.integer({ min: 2, max: 48 });

const wellFormed = (s: string) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

/**
 * Walks the input and checks that each line is the next stretch of it. Between lines only
 * spaces are dropped, plus the line break itself; a line after a line break keeps its
 * indentation, and a line that continues a wrapped paragraph starts with no space.
 */
function reassembles(input: string, lines: string[]): boolean {
  let pos = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (i > 0) {
      const gap = /^ *(?:\r\n|\r|\n)?/.exec(input.slice(pos))?.[0] ?? '';
      const afterBreak = /[\r\n]$/.test(gap);
      pos += afterBreak ? gap.length : (/^ */.exec(input.slice(pos))?.[0].length ?? 0);
      if (!afterBreak && line.startsWith(' ')) return false;
    }
    if (!input.startsWith(line, pos)) return false;
    pos += line.length;
  }
  return /^ *$/.test(input.slice(pos));
}

describe('display width', () => {
  it('counts ASCII as one column and everything else as two', () => {
    expect(displayWidth('RMB 128.50')).toBe(10);
    expect(displayWidth('商户存根')).toBe(8);
    expect(displayWidth('可口可乐 330ml')).toBe(14);
    expect(displayWidth('𠮷')).toBe(2);
    expect(charWidth(0x7f)).toBe(1);
    expect(charWidth(0xa5)).toBe(2);
  });

  it('is the sum of its characters\' widths, a surrogate pair (or a lone surrogate) being one character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(displayWidth(text)).toBe([...text].reduce((sum, ch) => sum + charWidth(ch.codePointAt(0) ?? 0), 0));
      }),
    );
    expect(displayWidth('a\ud842b')).toBe(4);
    expect(displayWidth('\udfb7𠮷')).toBe(4);
  });
});

describe('wrapText', () => {
  it('breaks English at spaces and Chinese anywhere, dropping the break spaces', () => {
    expect(wrapText('I ACKNOWLEDGE SATISFACTORY RECEIPT OF RELATIVE GOODS/SERVICES', 48)).toEqual(['I ACKNOWLEDGE SATISFACTORY RECEIPT OF RELATIVE', 'GOODS/SERVICES']);
    expect(wrapText('本人确认以上交易,同意将其记入本卡账户', 32)).toEqual(['本人确认以上交易,同意将其记入本', '卡账户']);
    expect(wrapText('  indented text', 40)).toEqual(['  indented text']);
    expect(wrapText('', 10)).toEqual(['']);
    expect(wrapText('a\nb', 10)).toEqual(['a', 'b']);
  });

  it('never puts a wide character where only one column is left', () => {
    expect(wrapText('abc中文', 4)).toEqual(['abc', '中文']);
  });

  it('refuses a width no CJK character fits in', () => {
    expect(() => wrapText('中', 1)).toThrow(RangeError);
  });

  it('keeps every line within the columns, whole, and reassembles to the input', () => {
    fc.assert(
      fc.property(text, columns, (input, cols) => {
        const lines = wrapText(input, cols);
        for (const line of lines) {
          expect(displayWidth(line)).toBeLessThanOrEqual(cols);
          expect(line.endsWith(' ')).toBe(false);
          if (wellFormed(input)) expect(wellFormed(line)).toBe(true);
        }
        expect(reassembles(input, lines)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('truncateText', () => {
  it('ends with the ASCII ellipsis when cut', () => {
    expect(truncateText('康师傅红烧牛肉面', 9)).toBe('康师傅..');
    expect(truncateText('short', 9)).toBe('short');
    expect(truncateText('中文', 1)).toBe('');
  });

  it('never exceeds the columns and never splits a character', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 40 }), (input, cols) => {
        const out = truncateText(input, cols);
        expect(displayWidth(out)).toBeLessThanOrEqual(Math.max(cols, 0));
        const body = out === input ? out : out.replace(/\.\.$/, '');
        expect(input.startsWith(body)).toBe(true);
        if (wellFormed(input)) expect(wellFormed(out)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('padText and justifyText', () => {
  it('pad to the exact display width', () => {
    fc.assert(
      fc.property(text, columns, fc.constantFrom('left', 'right', 'center') as fc.Arbitrary<'left' | 'right' | 'center'>, (input, cols, align) => {
        const line = input.replace(/[\r\n]/g, '');
        fc.pre(displayWidth(line) <= cols);
        expect(displayWidth(padText(line, cols, align))).toBe(cols);
      }),
    );
  });

  it('justify two texts to the full width or says they do not fit', () => {
    expect(justifyText('合计', '17.50', 32)).toBe(`合计${' '.repeat(23)}17.50`);
    expect(justifyText('x'.repeat(30), '17.50', 32)).toBeUndefined();
  });
});
