import { describe, expect, it } from 'vitest';
import { inputErrorOf } from '../../test/support/errors.js';
import {
  assertNoSensitiveCardData,
  containsPan,
  findSensitiveCardData,
  groupCardNumber,
  isGtin,
  luhnValid,
  parseMaskedCard,
} from './card.js';


// Luhn-valid numbers of the lengths that matter (13, 15, 16, 19 digits).
const PAN13 = '6225881234568';
const AMEX15 = '378282246310005';
const PAN16 = '6225881234564242';
const VISA16 = '4242424242424242';
const PAN19 = '6225881234567890120';
/** A Luhn-valid 15-digit merchant no.: the one long identifier a sale may carry in clear. */
const MERCHANT_NO = '898310058120120';

describe('luhnValid', () => {
  it('accepts check-digit-correct numbers and refuses the rest', () => {
    for (const pan of [PAN13, AMEX15, PAN16, VISA16, PAN19, MERCHANT_NO]) expect(luhnValid(pan)).toBe(true);
    expect(luhnValid('4242424242424241')).toBe(false);
    expect(luhnValid('6225881234564243')).toBe(false);
  });

  it('is false for empty input and anything that is not all digits', () => {
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('4242 4242 4242 4242')).toBe(false);
    expect(luhnValid('42424242424242a2')).toBe(false);
  });
});

describe('containsPan', () => {
  it.each([
    PAN13,
    AMEX15,
    PAN16,
    PAN19,
    '6225 8812 3456 4242',
    '6225-8812-3456-4242',
    '6225-8812 3456-4242',
    '3782 822463 10005',
    '6225 8812 3456 7890 120',
    `卡号${PAN16}请核对`,
    `card: 6225 8812 3456 4242.`,
    `No ${VISA16}`,
    `Tel 021-12345678 card 4242-4242-4242-4242 thanks`,
    `1234 ${PAN16}`,
    // A stray digit after a card number no longer hides it (issue 9 item 8).
    '62258812345642420',
  ])('finds the card number in %j', (text) => {
    expect(containsPan(text)).toBe(true);
  });

  it.each([
    '',
    'no digits at all',
    '4242',
    '400000000002',
    '4242424242424241',
    '6225 8812 3456 4243',
    '021-12345678',
    '2026-11-27 14:32:05',
    '13800138000',
    '622588******4242',
    '6225 88** **** 4242',
    '**** **** **** 4242',
    '133041825567',
  ])('does not mistake %j for a card number', (text) => {
    expect(containsPan(text)).toBe(false);
  });

  it('joins groups only across card-style grouping, so short numbers next to each other stay apart', () => {
    // Two phone-style groups ("021 …") do not combine with their neighbours into a PAN.
    expect(containsPan('Room 12 Floor 3 Tel 400 820 8820')).toBe(false);
  });
});

describe('findSensitiveCardData', () => {
  it('names the path of a full card number anywhere in a JSON value, never the value', () => {
    const input = { items: [{ name: 'tea' }, { name: `gift card ${PAN16}` }] };
    expect(findSensitiveCardData(input)).toEqual({ path: 'items[1].name', reason: 'pan' });
    expect(findSensitiveCardData([1, 'x', PAN13])).toEqual({ path: '[2]', reason: 'pan' });
    expect(findSensitiveCardData(PAN16)).toEqual({ path: '', reason: 'pan' });
    expect(findSensitiveCardData({ a: { b: null, c: true, d: 12.5 } })).toBeUndefined();
  });

  it('finds a card number written as a JSON number, and refuses numbers too long to check', () => {
    expect(findSensitiveCardData({ ref: Number(VISA16) })).toEqual({ path: 'ref', reason: 'pan' });
    expect(findSensitiveCardData({ ref: -Number(VISA16) })).toEqual({ path: 'ref', reason: 'pan' });
    // Past 2^53 the digits are already gone, so the value cannot be cleared.
    expect(findSensitiveCardData({ ref: 6225881234564242 })).toEqual({ path: 'ref', reason: 'pan' });
    expect(findSensitiveCardData({ ref: 1e20 })).toEqual({ path: 'ref', reason: 'pan' });
    expect(findSensitiveCardData({ qty: 3, price: 128.5, ref: 133041825567, big: 4242424242424241 })).toBeUndefined();
  });

  it.each([
    ['%B6225881234564242^ZHANG/SAN^2812101123456789?', 'track 1'],
    [';6225881234564242=28121011234567890?', 'track 2'],
    ['6225881234564242=2812101123', 'track 2 without sentinels'],
    ['6225881234564242D2812101123', 'EMV tag 57 style'],
  ])('reports track data %j (%s)', (track) => {
    expect(findSensitiveCardData({ note: track })).toEqual({ path: 'note', reason: 'track-data' });
  });

  it.each(['cvv', 'CVV2', 'cvc', 'Cvc2', 'cid', 'csc', 'cav2', 'securityCode', 'card_security_code', 'cardVerificationValue', 'track', 'Track-2', 'track1', 'track3', 'trackData', 'magStripe', 'pin', 'PIN_BLOCK', 'fullPan', 'clear_pan'])(
    'reports the secret field %j by its mere presence',
    (key) => {
      expect(findSensitiveCardData({ card: { masked: '4242', [key]: '' } })).toEqual({ path: `card.${key}`, reason: 'secret-field' });
    },
  );

  it('reports a card number used as a key', () => {
    expect(findSensitiveCardData({ extra: { [PAN16]: 'x' } })).toEqual({ path: 'extra.################', reason: 'pan' });
    expect(findSensitiveCardData({ [`ref ${PAN13}`]: 1 })).toEqual({ path: 'ref #############', reason: 'pan' });
  });

  it('skips exempt paths only', () => {
    const exempt = (path: string) => path === 'merchant.id';
    expect(findSensitiveCardData({ merchant: { id: MERCHANT_NO } }, '', exempt)).toBeUndefined();
    expect(findSensitiveCardData({ merchant: { id: MERCHANT_NO } })).toEqual({ path: 'merchant.id', reason: 'pan' });
    expect(findSensitiveCardData({ merchant: { id: MERCHANT_NO, name: MERCHANT_NO } }, '', exempt)).toEqual({ path: 'merchant.name', reason: 'pan' });
  });
});

describe('assertNoSensitiveCardData', () => {
  it('throws PAN_NOT_MASKED naming the field, with a hint, and never echoes the digits', () => {
    const error = inputErrorOf(() => assertNoSensitiveCardData({ store: { address: `pay to 6225 8812 3456 4242` } }));
    expect(error.code).toBe('PAN_NOT_MASKED');
    expect(error.kind).toBe('input');
    expect(error.message).toBe('store.address holds a full card number; nothing was recorded');
    expect(error.hint).toContain('622588******4242');
    expect(error.context).toEqual({ path: 'store.address', rule: 'pan' });
    expect(JSON.stringify({ m: error.message, c: error.context })).not.toMatch(/8812|3456/);
  });

  it('says "the input" when the whole input is the card number', () => {
    expect(inputErrorOf(() => assertNoSensitiveCardData(PAN16)).message).toBe('the input holds a full card number; nothing was recorded');
  });

  it('throws CARD_SECRET_REFUSED for secret fields and track data', () => {
    const cvv = inputErrorOf(() => assertNoSensitiveCardData({ card: { masked: '4242', cvv: '123' } }));
    expect(cvv.code).toBe('CARD_SECRET_REFUSED');
    expect(cvv.message).toContain('card.cvv holds a card secret');
    expect(cvv.context).toEqual({ path: 'card.cvv', rule: 'secret-field' });
    const track = inputErrorOf(() => assertNoSensitiveCardData({ note: `;${PAN16}=28121011234567890?` }));
    expect(track.code).toBe('CARD_SECRET_REFUSED');
    expect(track.message).toContain('note holds magnetic track data');
    expect(track.message).not.toContain(PAN16);
  });

  it('does not echo a card number that was sent as a key', () => {
    const error = inputErrorOf(() => assertNoSensitiveCardData({ extra: { [PAN16]: 'x' } }));
    expect(error.code).toBe('PAN_NOT_MASKED');
    expect(error.message).toContain('extra');
    expect(`${error.message} ${JSON.stringify(error.context)}`).not.toContain(PAN16);
  });

  it('passes clean input, and the exempt merchant no.', () => {
    expect(() => assertNoSensitiveCardData({ card: { masked: '622588******4242' }, note: 'ok' })).not.toThrow();
    expect(() => assertNoSensitiveCardData({ merchant: { id: MERCHANT_NO } }, (path) => path === 'merchant.id')).not.toThrow();
  });
});

describe('parseMaskedCard', () => {
  it.each([
    ['622588******4242', { masked: '622588******4242', last4: '4242', bin: '622588' }],
    ['6225 88** **** 4242', { masked: '622588******4242', last4: '4242', bin: '622588' }],
    ['6225-88**-****-4242', { masked: '622588******4242', last4: '4242', bin: '622588' }],
    ['**** **** **** 4242', { masked: '************4242', last4: '4242' }],
    ['XXXX XXXX XXXX 4242', { masked: '************4242', last4: '4242' }],
    ['••••4242', { masked: '****4242', last4: '4242' }],
    ['####4242', { masked: '****4242', last4: '4242' }],
    ['4242', { masked: '************4242', last4: '4242' }],
    ['  4242  ', { masked: '************4242', last4: '4242' }],
    ['62258812****4242', { masked: '62258812****4242', last4: '4242', bin: '62258812' }],
    ['6225881*****4242', { masked: '6225881*****4242', last4: '4242', bin: '6225881' }],
    ['622588*********4242', { masked: '622588*********4242', last4: '4242', bin: '622588' }],
  ])('accepts %j', (input, expected) => {
    expect(parseMaskedCard(input)).toEqual(expected);
  });

  it.each([PAN16, '6225 8812 3456 4242', '6225-8812-3456-4242', AMEX15, PAN19, ` ${VISA16} `])('refuses the full number %j with PAN_NOT_MASKED', (input) => {
    const error = inputErrorOf(() => parseMaskedCard(input));
    expect(error.code).toBe('PAN_NOT_MASKED');
    expect(error.message).not.toMatch(/\d{4}/);
    expect(error.hint).toContain('4242');
  });

  it.each([
    ['', 'empty'],
    ['123', 'three digits'],
    ['************', 'no last four'],
    ['622588123456****', 'digits at the end hidden'],
    ['62258****4242', 'a BIN of 5'],
    ['622588123****4242', 'a BIN of 9'],
    ['6225**12**4242', 'digits in the middle'],
    ['622588**********4242', '20 characters'],
    ['4242424242424241', 'a Luhn-invalid full number'],
    ['6225 88** **** 424', 'last group of three'],
    ['card 4242', 'words'],
  ])('refuses %j (%s) with BAD_CARD and without echoing digits', (input) => {
    const error = inputErrorOf(() => parseMaskedCard(input));
    expect(error.code).toBe('BAD_CARD');
    for (const run of input.match(/\d{2,}/g) ?? []) expect(error.message).not.toContain(run);
    expect(error.hint).toBeTruthy();
  });

  it('explains which rule a refused mask broke', () => {
    expect(inputErrorOf(() => parseMaskedCard('62258****4242')).message).toContain('a BIN of 6 to 8');
    expect(inputErrorOf(() => parseMaskedCard('622588**********4242')).message).toContain('at most 19 digits');
    expect(inputErrorOf(() => parseMaskedCard('4242424242424241')).message).toBe('"################" is not a masked card number');
  });
});

describe('groupCardNumber', () => {
  it('groups a masked number in fours for printing, the last four together', () => {
    expect(groupCardNumber('622588******4242')).toBe('6225 88** **** 4242');
    expect(groupCardNumber('************4242')).toBe('**** **** **** 4242');
    expect(groupCardNumber('621700*********4380')).toBe('6217 00** **** *** 4380');
    expect(groupCardNumber('412345***1234')).toBe('4123 45*** 1234');
    expect(groupCardNumber('4242')).toBe('4242');
  });
});

describe('containsPan: other ways of writing a card number', () => {
  it.each([
    ['full-width digits', '６２２５８８１２３４５６４２４２'],
    ['no-break spaces', '6225\u00a08812\u00a03456\u00a04242'],
    ['double spaces', '6225  8812  3456  4242'],
    ['en dashes', '6225–8812–3456–4242'],
    ['a newline between groups', '6225 8812\n3456 4242'],
  ])('finds one written with %s', (_, text) => {
    expect(containsPan(text)).toBe(true);
  });
});

describe('isGtin: barcodes are not card numbers', () => {
  it('accepts EAN-13, UPC-A, EAN-8 and GTIN-14 with a valid check digit', () => {
    for (const code of ['6901234567892', '036000291452', '96385074', '10012345678902']) expect(isGtin(code)).toBe(true);
  });
  it('refuses a wrong check digit, other lengths and non-digits', () => {
    for (const code of ['6901234567893', '6225881234564242', '12345', '69012345678x2']) expect(isGtin(code)).toBe(false);
  });
  it('lets a Luhn-valid EAN-13 through as an item sku but not elsewhere', () => {
    const ean = '6900000475140';
    expect(luhnValid(ean) && isGtin(ean)).toBe(true);
    const sale = { items: [{ sku: ean }], note: ean };
    const exempt = (path: string, value: unknown) => path === 'items[0].sku' && typeof value === 'string' && isGtin(value);
    expect(findSensitiveCardData(sale, '', exempt)).toEqual({ path: 'note', reason: 'pan' });
  });
});
