import { describe, expect, it } from 'vitest';
import { containsPan } from '../core/index.js';
import { maskPanText } from './pan-text.js';

/** The digits shown before the first mask of a masked number. */
const shownInFront = (masked: string) => (/[0-9][^*]*(?=\*)/.exec(masked)?.[0] ?? '').replace(/\D/g, '').length;

describe('maskPanText', () => {
  it('masks a card number written with dash letters as one written with hyphens: first six and last four kept (found by a review helper)', () => {
    expect(maskPanText('卡号 6225-8812-3456-4242').text).toBe('卡号 6225-88**-****-4242');
    for (const dash of ['ー', '一', 'ㄧ', 'ㄦ', '—', ':']) {
      const { text, count } = maskPanText(`卡号 6225${dash}8812${dash}3456${dash}4242`);
      expect(count, dash).toBe(1);
      expect(text, dash).toBe(`卡号 6225${dash}88**${dash}****${dash}4242`);
    }
  });

  it('never shows more than the first six digits of a number with a stray group after it', () => {
    for (const dash of ['ー', '一', '-']) {
      const { text } = maskPanText(`6225${dash}8812${dash}3456${dash}4242${dash}12`);
      expect(containsPan(text), text).toBe(false);
      expect(shownInFront(text), text).toBeLessThanOrEqual(6);
    }
  });
});

describe('maskPanText: exactly the digits the scan found', () => {
  it("keeps the card's own last four when an expiry follows it, and counts digits only (found by a review helper)", () => {
    expect(maskPanText('6225-8812-3456-4242 12/29')).toEqual({ text: '6225-88**-****-4242 12/29', count: 1 });
    expect(maskPanText('卡号 6225 8812 3456 4242  有效期 12/29')).toEqual({ text: '卡号 6225 88** **** 4242  有效期 12/29', count: 1 });
  });

  it('masks and counts each of several numbers on one line on its own', () => {
    const line = '6225881234564242 4111111111111111 5240471234567890';
    expect(maskPanText(line)).toEqual({ text: '622588******4242 411111******1111 52404712****7890', count: 3 });
    expect(maskPanText('6225 8812 3456 4242 6225 8812 3456 4242')).toEqual({ text: '6225 88** **** 4242 6225 88** **** 4242', count: 2 });
  });

  it('masks digits of any script the scan reads (Arabic-Indic were left whole, the text still holding the number)', () => {
    const { text, count } = maskPanText('卡号 ٦٢٢٥٨٨١٢٣٤٥٦٤٢٤٢');
    expect(count).toBe(1);
    expect(text).toBe('卡号 ٦٢٢٥٨٨******٤٢٤٢');
    expect(containsPan(text)).toBe(false);
  });
});

describe('maskPanText: numbers masked too thinly', () => {
  it('masks each on its own, leaving four hidden (masked across the numbers before, in 4-9 s: bench/RESULTS.md times it)', () => {
    const text = Array.from({ length: 600 }, () => '41111111*1111').join(' ');
    const { text: masked, count } = maskPanText(text);
    expect(count).toBe(600);
    expect(containsPan(masked)).toBe(false);
    expect(masked.split(' ').every((n) => n === '41111****1111')).toBe(true);
  });
});

describe('maskPanText: a display that shows too much', () => {
  it('keeps the first six of a display whose masks trail its digits, and nothing beside it changes (found by a review helper: the last four before the masks were kept and the amount masked)', () => {
    expect(maskPanText('6011555416******** 128.50')).toEqual({ text: '601155************ 128.50', count: 1 });
    expect(maskPanText('卡号 356833139822****** 7615482\n金额 128.50')).toEqual({ text: '卡号 356833************ 7615482\n金额 128.50', count: 1 });
  });
});
