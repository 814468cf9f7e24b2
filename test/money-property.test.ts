import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyExponent, formatMoney, parseMoney } from '../src/core/index.js';
import { inputErrorOf } from './support/errors.js';

const CURRENCIES = ['CNY', 'USD', 'JPY', 'KWD'] as const;
const currency = fc.constantFrom(...CURRENCIES);
const digits = (minLength: number, maxLength: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength, maxLength }).map((d) => d.join(''));

/**
 * A well-formed amount as a sender may write it — optional minus, leading zeros, fewer
 * decimals than the currency has — with its canonical form and exact value worked out
 * here with strings and BigInt, independently of the code under test.
 */
const decimalArb = currency.chain((code) => {
  const exponent = currencyExponent(code);
  return fc.tuple(fc.boolean(), digits(1, 18), exponent === 0 ? fc.constant('') : digits(0, exponent)).map(([negative, whole, fraction]) => {
    const text = `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
    const minorDigits = whole + fraction.padEnd(exponent, '0');
    const magnitude = BigInt(minorDigits);
    const wholeCanonical = whole.replace(/^0+(?=\d)/, '');
    const fractionCanonical = fraction.padEnd(exponent, '0');
    const canonical = `${negative && magnitude !== 0n ? '-' : ''}${wholeCanonical}${exponent > 0 ? `.${fractionCanonical}` : ''}`;
    return { code, text, canonical, minor: negative ? -magnitude : magnitude };
  });
});

describe('money properties', () => {
  it('any safe-integer minor amount survives formatMoney → parseMoney unchanged', () => {
    fc.assert(
      fc.property(currency, fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (code, minor) => {
        const text = formatMoney({ minor, currency: code });
        const exponent = currencyExponent(code);
        expect(text).toMatch(exponent === 0 ? /^-?(0|[1-9]\d*)$/ : new RegExp(`^-?(0|[1-9]\\d*)\\.\\d{${exponent}}$`));
        expect(parseMoney(text, code)).toEqual({ minor, currency: code });
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips the edges of the safe range and of each minor unit', () => {
    for (const code of CURRENCIES) {
      for (const minor of [0, 1, -1, 9, 10, 99, 100, 999, 1000, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) {
        expect(parseMoney(formatMoney({ minor, currency: code }), code)).toEqual({ minor, currency: code });
      }
    }
  });

  it('any well-formed decimal string parses to its exact value and formats back to its canonical form', () => {
    fc.assert(
      fc.property(decimalArb, ({ code, text, canonical, minor }) => {
        const safe = minor <= BigInt(Number.MAX_SAFE_INTEGER) && minor >= BigInt(Number.MIN_SAFE_INTEGER);
        if (!safe) {
          expect(() => parseMoney(text, code)).toThrow(expect.objectContaining({ code: 'BAD_AMOUNT' }));
          return;
        }
        const parsed = parseMoney(text, code);
        expect(parsed).toEqual({ minor: Number(minor), currency: code });
        expect(formatMoney(parsed)).toBe(canonical);
        // The canonical form is a fixed point.
        expect(formatMoney(parseMoney(canonical, code))).toBe(canonical);
      }),
      { numRuns: 2000 },
    );
  });

  it('a well-formed amount with one stray character in it is refused, never read as something else', () => {
    const stray = fc.constantFrom(' ', ',', 'e', 'E', '+', '_', '\t', '\u00a0', '．', '١', '′', 'x');
    fc.assert(
      fc.property(decimalArb, stray, fc.nat(), ({ code, text }, ch, at) => {
        const i = at % (text.length + 1);
        const broken = `${text.slice(0, i)}${ch}${text.slice(i)}`;
        expect(inputErrorOf(() => parseMoney(broken, code)).code, broken).toBe('BAD_AMOUNT');
      }),
      { numRuns: 1000 },
    );
  });

  it('more decimals than the currency has are refused, not rounded', () => {
    fc.assert(
      fc.property(currency, digits(1, 6), digits(1, 3), (code, whole, extra) => {
        const exponent = currencyExponent(code);
        const text = `${whole}.${'5'.repeat(exponent)}${extra}`;
        expect(() => parseMoney(text, code)).toThrow(expect.objectContaining({ code: 'BAD_AMOUNT' }));
      }),
      { numRuns: 500 },
    );
  });
});
