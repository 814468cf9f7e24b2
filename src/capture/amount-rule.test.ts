import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AMOUNT } from './amount-rule.js';

/** The amount pattern as first written, with two optional runs of blanks side by side: cubic in a run of blanks. */
const FIRST_AMOUNT = /(?<![\d.,])(-)?\s*(HK\$|US\$|MOP\$|NT\$|RMB|CNY|HKD|USD|EUR|GBP|MOP|[$¥€£])?\s*(-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,3}))?(?![\d%:/.])(\s*元)?/gi;

describe('the amount pattern: one run of blanks before a number', () => {
  it('finds the same amounts at the same places, with the same sign, currency, digits and 元, as the pattern first written', () => {
    const piece = fc.constantFrom(' ', '  ', '-', '¥', 'HK$', 'RMB', '元', '12', '.50', ',345', '3', 'TOTAL', '合计', '%', ':', '.');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const line = parts.join('');
        const found = (re: RegExp) => [...line.matchAll(re)].map((m) => [m.index, ...m]);
        expect(found(AMOUNT)).toEqual(found(FIRST_AMOUNT));
      }),
      { numRuns: 10_000 },
    );
  });
});
