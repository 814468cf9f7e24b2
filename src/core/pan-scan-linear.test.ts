import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CARD_NETWORKS, networkLengthsAt } from './card-networks.js';
import { assertSafeInput, hasTrackData } from './input-gate.js';
import { DigitString, containsPan, luhnAt, maskPans } from './pan-scan.js';

/*
 * The scan reads outside input before anything else, so its cost must grow with the input's
 * length and no faster. These tests hold the fast forms to the plain definitions they replace.
 */

/** Rule 4 as its words say it: a masked group is fine when some reading i..j around it is a proper mask; refused when none is and one has 13–19 places. */
function rule4ByDefinition(groups: readonly string[]): boolean {
  return groups.some((group, g) => {
    if (!group.includes('*')) return false;
    let proper = false;
    let cardSized = false;
    for (let i = g; i >= 0; i--) {
      for (let j = g; j < groups.length; j++) {
        const reading = groups.slice(i, j + 1).join('');
        proper ||= /^\d{0,8}\*{4,}\d{0,4}$/.test(reading);
        cardSized ||= reading.length >= 13 && reading.length <= 19;
      }
    }
    return !proper && cardSized;
  });
}

const group = fc.stringMatching(/^[0-9*]{1,10}$/);

describe('rule 4 (a masked number showing too much), counted in one pass', () => {
  it('finds what trying every reading finds, on any run of digit and mask groups', () => {
    fc.assert(
      fc.property(fc.array(group, { minLength: 1, maxLength: 14 }), (groups) => {
        // Spaces join groups into one run; rules 1–3 are the scan without rule 4. Text of fewer
        // than 9 digits is cleared before any rule (mayHoldCardNumber): it shows at most 8.
        const text = groups.join(' ');
        fc.pre(text.replace(/\D/g, '').length >= 9);
        expect(containsPan(text)).toBe(rule4ByDefinition(groups) || containsPan(text, { maskedNumbers: false }));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['a BIN, masks, the last four', '622588 ****** 4242', false],
    ['masks joined over several groups', '** ** ** 4242', false],
    ['masks that need the BIN group before them', '12345678* *** 1234', false],
    ['a BIN longer than 8 digits', '123456789**** 1234', true],
    ['too few masks', '622588123 *** 4242', true],
    ['two mask blocks in one group', '6225*88**1234567', true],
  ])('%s', (_, text, refused) => {
    expect(containsPan(text)).toBe(refused);
  });

  it('reads 16 KiB of masked groups whose proper readings lie behind them, and clears them', () => {
    // Each "*12" is fine only with the "***" before it, found after every reading to its right
    // was tried when readings were tried one by one: 10 s for 8 KiB, over a minute for this
    // (a request body of a few fields may hold 64 KiB). Counted in one pass, milliseconds.
    const text = '*** *12 '.repeat(2048);
    expect(() => assertSafeInput({ note: text })).not.toThrow();
    expect(maskPans(text)).toBe(text);
  });
});

describe('Luhn and network prefixes, each in constant time', () => {
  it('DigitString.luhn agrees with Luhn over every slice', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{1,40}$/), fc.nat(), fc.nat(), (digits, a, b) => {
        const [s, e] = [a % (digits.length + 1), b % (digits.length + 1)].sort((x, y) => x - y) as [number, number];
        const d = new DigitString(digits);
        expect(d.luhn(s, e)).toBe(luhnAt(digits, s, e));
      }),
      { numRuns: 5000 },
    );
  });

  it('networkLengthsAt gives the lengths of every network whose range holds a prefix', () => {
    const byRanges = (digits: string) =>
      CARD_NETWORKS.reduce((bits, n) => {
        const holds = n.ranges.some(([lo, hi]) => digits.length >= lo.length && digits.slice(0, lo.length) >= lo && digits.slice(0, lo.length) <= hi);
        return holds ? n.lengths.reduce((all, length) => all | (1 << length), bits) : bits;
      }, 0);
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{1,8}$/), (digits) => {
        expect(networkLengthsAt(`9${digits}`, 1)).toBe(byRanges(digits));
      }),
      { numRuns: 20000 },
    );
    for (const [digits, network] of [['4111', 'visa'], ['2221', 'mastercard'], ['2720', 'mastercard'], ['506099', 'verve'], ['357111', 'lankapay']] as const) {
      const lengths = CARD_NETWORKS.find((n) => n.name === network)?.lengths ?? [];
      for (const length of lengths) expect((networkLengthsAt(digits, 0) >> length) & 1).toBe(1);
    }
    expect(networkLengthsAt('0411111111111111', 0)).toBe(0);
  });
});

describe('track data, found in one pass', () => {
  const TRACK_DATA = [/%B\d{12,19}\^/, /;\d{12,19}=\d{4}/, /\d{12,19}[=D]\d{7,}/];
  it('finds what the three track patterns find', () => {
    const piece = fc.constantFrom('4', '1', '0', '9', '=', 'D', ';', '%', 'B', '^', 'x', ' ', '4111111111111', '12345678');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const text = pieces.join('');
        expect(hasTrackData(text)).toBe(TRACK_DATA.some((re) => re.test(text)));
      }),
      { numRuns: 20000 },
    );
  });

  it.each([
    ['track 1', '%B4111111111111111^DOE/JOHN^2512'],
    ['track 2', ';4111111111111111=25121010000000000?'],
    ['track 2 without its sentinel', '4111111111111111D2512101'],
  ])('%s', (_, text) => {
    expect(hasTrackData(text)).toBe(true);
    expect(() => assertSafeInput({ note: text })).toThrow(expect.objectContaining({ code: 'CARD_SECRET_REFUSED' }));
  });
});
