import { describe, expect, it } from 'vitest';
import { inputErrorOf } from '../../test/support/errors.js';
import { addMoney, currencyExponent, displayMoney, formatMoney, money, parseMoney } from './money.js';


describe('currencyExponent', () => {
  it('knows the minor units of CNY, USD, JPY and KWD', () => {
    expect(currencyExponent('CNY')).toBe(2);
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('HKD')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
  });

  it.each(['cny', 'XYZ', 'US', 'EURO', '', ' CNY', 'CN1'])('refuses %j with BAD_CURRENCY', (code) => {
    const error = inputErrorOf(() => currencyExponent(code));
    expect(error.code).toBe('BAD_CURRENCY');
    expect(error.kind).toBe('input');
    expect(error.hint).toContain('ISO 4217');
  });

  it('does not remember a refused code as valid', () => {
    expect(inputErrorOf(() => currencyExponent('ABC')).code).toBe('BAD_CURRENCY');
    expect(inputErrorOf(() => currencyExponent('ABC')).code).toBe('BAD_CURRENCY');
  });
});

describe('parseMoney', () => {
  it.each([
    ['128.50', 'CNY', 12850],
    ['128.5', 'CNY', 12850],
    ['128', 'CNY', 12800],
    ['0.01', 'CNY', 1],
    ['0', 'CNY', 0],
    ['007.10', 'CNY', 710],
    ['-12.34', 'USD', -1234],
    ['100', 'JPY', 100],
    ['1.234', 'KWD', 1234],
    ['1.2', 'KWD', 1200],
    ['90071992547409.91', 'CNY', Number.MAX_SAFE_INTEGER],
  ])('reads %j %s as %d minor units', (text, currency, minor) => {
    expect(parseMoney(text, currency)).toEqual({ minor, currency });
  });

  it('never yields a negative zero', () => {
    expect(Object.is(parseMoney('-0.00', 'CNY').minor, 0)).toBe(true);
  });

  it.each(['1e3', '1,000', '1 000', ' 1', '1 ', '', '-', '+1', '.5', '1.', '1..2', '0x10', '１２', 'NaN', 'Infinity', '12.5.0', '--1'])(
    'refuses %j with BAD_AMOUNT',
    (text) => {
      const error = inputErrorOf(() => parseMoney(text, 'CNY'));
      expect(error.code).toBe('BAD_AMOUNT');
      expect(error.message).toContain('is not an amount');
      expect(error.hint).toContain('decimal string');
    },
  );

  it('refuses more decimals than the currency has instead of rounding', () => {
    const cny = inputErrorOf(() => parseMoney('128.505', 'CNY'));
    expect(cny.code).toBe('BAD_AMOUNT');
    expect(cny.message).toContain('more decimals than CNY allows (2)');
    expect(cny.hint).toBe('use at most 2 digits after the dot');
    const jpy = inputErrorOf(() => parseMoney('100.5', 'JPY'));
    expect(jpy.code).toBe('BAD_AMOUNT');
    expect(jpy.hint).toContain('JPY has no minor unit');
    expect(inputErrorOf(() => parseMoney('1.2345', 'KWD')).code).toBe('BAD_AMOUNT');
    // Trailing zeros are still decimals: "1.000" in CNY is refused, not silently trimmed.
    expect(inputErrorOf(() => parseMoney('1.000', 'CNY')).code).toBe('BAD_AMOUNT');
  });

  it('refuses amounts past the safe integer range', () => {
    const error = inputErrorOf(() => parseMoney('90071992547409.92', 'CNY'));
    expect(error.code).toBe('BAD_AMOUNT');
    expect(error.message).toContain('too large');
    expect(inputErrorOf(() => parseMoney('1'.repeat(30), 'JPY')).code).toBe('BAD_AMOUNT');
  });

  it.each([128.5, 0, null, undefined, { minor: 1 }, ['1']])('refuses the non-string %j with BAD_AMOUNT', (value) => {
    expect(inputErrorOf(() => parseMoney(value as unknown as string, 'CNY')).code).toBe('BAD_AMOUNT');
  });

  it('checks the currency before the amount', () => {
    expect(inputErrorOf(() => parseMoney('1,0', 'cny')).code).toBe('BAD_CURRENCY');
  });
});

describe('formatMoney', () => {
  it.each([
    [12850, 'CNY', '128.50'],
    [1, 'CNY', '0.01'],
    [0, 'CNY', '0.00'],
    [-5, 'USD', '-0.05'],
    [-12345, 'USD', '-123.45'],
    [100, 'JPY', '100'],
    [-7, 'JPY', '-7'],
    [1234, 'KWD', '1.234'],
    [5, 'KWD', '0.005'],
    [Number.MAX_SAFE_INTEGER, 'CNY', '90071992547409.91'],
  ])('writes %d %s as %j', (minor, currency, text) => {
    expect(formatMoney({ minor, currency })).toBe(text);
  });

  it('refuses an unknown currency', () => {
    expect(inputErrorOf(() => formatMoney({ minor: 1, currency: 'ZZZ' })).code).toBe('BAD_CURRENCY');
  });
});

describe('displayMoney', () => {
  it('puts the currency in front, and thousands separators only in the whole part when asked', () => {
    expect(displayMoney({ minor: 12850, currency: 'CNY' })).toBe('CNY 128.50');
    expect(displayMoney({ minor: 123456789, currency: 'CNY' })).toBe('CNY 1234567.89');
    expect(displayMoney({ minor: 123456789, currency: 'CNY' }, { grouped: true })).toBe('CNY 1,234,567.89');
    expect(displayMoney({ minor: -123456, currency: 'CNY' }, { grouped: true })).toBe('CNY -1,234.56');
    expect(displayMoney({ minor: 1234567891, currency: 'KWD' }, { grouped: true })).toBe('KWD 1,234,567.891');
    expect(displayMoney({ minor: 1234567, currency: 'JPY' }, { grouped: true })).toBe('JPY 1,234,567');
    expect(displayMoney({ minor: 999, currency: 'CNY' }, { grouped: true })).toBe('CNY 9.99');
  });
});

describe('money / addMoney', () => {
  it('builds Money from whole minor units only', () => {
    expect(money(12850, 'CNY')).toEqual({ minor: 12850, currency: 'CNY' });
    expect(inputErrorOf(() => money(1.5, 'CNY')).code).toBe('BAD_AMOUNT');
    expect(inputErrorOf(() => money(Number.NaN, 'CNY')).code).toBe('BAD_AMOUNT');
    expect(inputErrorOf(() => money(Number.MAX_SAFE_INTEGER + 1, 'CNY')).code).toBe('BAD_AMOUNT');
    expect(inputErrorOf(() => money(1, 'cny')).code).toBe('BAD_CURRENCY');
  });

  it('adds amounts of one currency and refuses to mix currencies or overflow', () => {
    expect(addMoney(money(350, 'CNY'), money(-100, 'CNY'))).toEqual({ minor: 250, currency: 'CNY' });
    const mixed = inputErrorOf(() => addMoney(money(1, 'CNY'), money(1, 'USD')));
    expect(mixed.code).toBe('CURRENCY_MISMATCH');
    expect(mixed.message).toBe('cannot add CNY to USD');
    expect(inputErrorOf(() => addMoney(money(Number.MAX_SAFE_INTEGER, 'JPY'), money(1, 'JPY'))).code).toBe('BAD_AMOUNT');
  });
});
