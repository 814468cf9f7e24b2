import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupCardNumber, parseMaskedCard } from './card.js';

const digits = (min: number, max: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''));

/** A masked number as a terminal prints it: 13–19 positions, no BIN or a BIN of 6–8, at least four stars, last four. */
const maskedArb = fc
  .record({ length: fc.integer({ min: 13, max: 19 }), binLength: fc.constantFrom(0, 6, 7, 8), last4: digits(4, 4) })
  // A mask hides at least four digits (issue 9 item 8): a 13-digit number shows no BIN.
  .filter(({ length, binLength }) => length - binLength - 4 >= 4)
  .chain(({ length, binLength, last4 }) => digits(binLength, binLength).map((bin) => ({ length, last4, masked: `${bin}${'*'.repeat(length - binLength - 4)}${last4}` })));

describe('groupCardNumber over every card length (13–19)', () => {
  it('keeps the last four digits as one group at the end, and loses nothing', () => {
    fc.assert(
      fc.property(maskedArb, ({ length, last4, masked }) => {
        const normalised = parseMaskedCard(masked).masked;
        const grouped = groupCardNumber(normalised);
        const groups = grouped.split(' ');
        expect(groups.at(-1)).toBe(last4);
        expect(grouped.replaceAll(' ', '')).toBe(normalised);
        expect(normalised).toHaveLength(length);
        // Readable groups: none of a single character, none longer than five.
        for (const group of groups) expect(group.length).toBeGreaterThanOrEqual(2);
        for (const group of groups) expect(group.length).toBeLessThanOrEqual(5);
        // The leading groups are the card's fours, as printed on the card, but for the last.
        for (const group of groups.slice(0, -2)) expect(group).toHaveLength(4);
      }),
      { numRuns: 500 },
    );
  });

  it('prints each length as a cardholder reads it', () => {
    const masked = ['412345***1234', '412345****1234', '622588*****0005', '622588******4242', '622588*******4242', '622588********4242', '621700*********4380'];
    expect(masked.map(groupCardNumber)).toEqual([
      '4123 45*** 1234',
      '4123 45** ** 1234',
      '6225 88** *** 0005',
      '6225 88** **** 4242',
      '6225 88** ***** 4242',
      '6225 88** **** ** 4242',
      '6217 00** **** *** 4380',
    ]);
    expect(groupCardNumber('4380')).toBe('4380');
  });
});
