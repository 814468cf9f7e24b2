import { describe, expect, it } from 'vitest';
import { retailSale, sale } from '../../test/support/fixtures.js';
import { mulberry32 } from '../../test/support/random.js';
import { generateSales } from '../seed/index.js';
import { plainTransactionInput } from './plain-input.js';
import { checkInputShape, parseTransaction } from './transaction.js';

/** JSON that keeps members set to undefined and the order of keys, so two readings compare member by member. */
const exact = (value: unknown) => JSON.stringify(value, (_key, member: unknown) => (member === undefined ? '(undefined)' : member));

/**
 * The promise of the plain path: what it takes, the schema takes too and gives back member for
 * member, keys in the same order; what the schema refuses, it does not take.
 */
function agrees(input: unknown): 'plain' | 'schema' {
  const plain = plainTransactionInput(input);
  const schema = checkInputShape(input);
  if (plain === undefined) return 'schema';
  expect(schema.success, exact(input)).toBe(true);
  expect(exact(plain)).toBe(exact(schema.data));
  return 'plain';
}

type Json = Record<string, unknown>;
const copy = <T>(value: T): T => structuredClone(value);

/** Values a careless or hostile sender puts in a field, the schema's edges among them. */
const ODD_VALUES: readonly unknown[] = [
  undefined,
  null,
  0,
  1,
  -1,
  1.5,
  99_999,
  100_000,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '',
  ' ',
  ' padded ',
  'padded\u3000',
  '\ufefftext',
  'x'.repeat(40),
  'x'.repeat(41),
  'x'.repeat(60),
  'x'.repeat(61),
  'x'.repeat(80),
  'x'.repeat(81),
  'x'.repeat(200),
  'x'.repeat(201),
  '000000',
  '000001',
  '12345',
  '1234567',
  '123456789012345',
  'ABCD1234',
  'abcd123',
  'abcd12345678',
  '0.750',
  '0.75',
  '00.5',
  '0',
  '2',
  '99999',
  '100000',
  '1.2345',
  'CNY',
  'cny',
  '12/29',
  '13/29',
  '13%',
  '13.5%',
  'sale',
  'void',
  'chip',
  'card',
  'wechat',
  'nope',
  [],
  [{}],
  {},
  { name: 'x' },
  new Date(0),
  Object.create(null),
];

/** Every place in a sale a value can go: its own fields and those of each nested part. */
function placesOf(tx: Json): { holder: Json; key: string }[] {
  const places: { holder: Json; key: string }[] = [];
  const visit = (holder: Json) => {
    for (const key of [...Object.keys(holder), 'unknownField']) {
      places.push({ holder, key });
      const member = holder[key];
      if (Array.isArray(member)) member.forEach((item) => typeof item === 'object' && item !== null && visit(item as Json));
      else if (typeof member === 'object' && member !== null) visit(member as Json);
    }
  };
  visit(tx);
  return places;
}

const KNOWN_PARTS: Json = {
  store: { name: '春熙路店', address: '成都市锦江区春熙路南段8号', phone: '028-86651234' },
  card: { masked: '622588******4673', issuer: '招商银行', acquirer: '拉卡拉', entryMode: 'chip', expiry: '12/29' },
  discounts: [{ name: '会员折扣', amount: '1.00' }],
  tax: [{ name: '增值税', rate: '13%', amount: '0.50' }],
  original: { batchNo: '000001', voucherNo: '000002', referenceNo: 'ABCDEF123456' },
  authCode: 'A1B2C3',
  receiptNo: 'R-1',
  note: '备注',
};

describe('plainTransactionInput', () => {
  it('takes generated sales, voids and refunds as the schema reads them', () => {
    let plain = 0;
    for (const tx of generateSales({ count: 3000, seed: 11, until: Date.UTC(2026, 10, 30), days: 30, timeZone: 'Asia/Shanghai' })) if (agrees(tx) === 'plain') plain++;
    // A sale as a POS sends it is the case this path is for.
    expect(plain).toBe(3000);
  });

  it('takes every part a sale may hold, members in the schema order whatever order they came in', () => {
    const full = { ...(retailSale() as Json), ...KNOWN_PARTS };
    expect(agrees(full)).toBe('plain');
    const reversed = Object.fromEntries(Object.entries(copy(full)).reverse().map(([k, v]) => [k, typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v]));
    expect(agrees(reversed)).toBe('plain');
    expect(Object.keys(plainTransactionInput(reversed) ?? {})).toEqual(Object.keys(plainTransactionInput(full) ?? {}));
  });

  it('leaves to the schema what it would change or refuse', () => {
    const cases: [string, (tx: Json) => void][] = [
      ['a name with blanks to trim', (tx) => ((tx.merchant as Json).name = ' 红旗 ')],
      ['a field it does not know', (tx) => (tx.extra = 'x')],
      ['a member set to undefined', (tx) => (tx.referenceNo = undefined)],
      ['a card with a member of its own', (tx) => ((tx.card as Json).pan = 'x')],
      ['voucher no. 000000', (tx) => (tx.voucherNo = '000000')],
      ['a fractional quantity as a number', (tx) => (((tx.items as Json[])[0] as Json).quantity = 0.5)],
      ['a quantity with a leading zero', (tx) => (((tx.items as Json[])[0] as Json).quantity = '01')],
      ['a quantity over the limit', (tx) => (((tx.items as Json[])[0] as Json).quantity = '100000')],
      ['an amount as a number', (tx) => (tx.amount = 10)],
      ['a list past its length', (tx) => (tx.tax = Array.from({ length: 11 }, () => ({ name: 't', amount: '0.01' })))],
      ['a null-prototype object', (tx) => (tx.merchant = Object.assign(Object.create(null), tx.merchant))],
      ['a hole in a list', (tx) => (tx.items = [, ...(tx.items as Json[])])],
      ['an array dressed as an object (found by a review helper)', (tx) => (tx.original = Object.setPrototypeOf([], Object.prototype))],
    ];
    for (const [what, change] of cases) {
      const tx = copy({ ...(retailSale() as Json), card: { ...(KNOWN_PARTS.card as Json) } }) as Json;
      change(tx);
      expect(agrees(tx), what).toBe('schema');
    }
  });

  it('agrees with the schema on every odd value in every place of a sale', () => {
    let plain = 0;
    let schema = 0;
    const base = { ...(retailSale() as Json), ...KNOWN_PARTS, payments: [{ method: 'cash', amount: '25.00', tendered: '30.00', change: '5.00', reference: 'P1' }] };
    const count = placesOf(copy(base)).length;
    for (let p = 0; p < count; p++) {
      for (const value of ODD_VALUES) {
        const tx = copy(base);
        const place = placesOf(tx)[p];
        if (!place) throw new Error(`no place ${p}`);
        place.holder[place.key] = value;
        if (agrees(tx) === 'plain') plain++;
        else schema++;
      }
    }
    // Both ways were taken many times, so the comparison above was made.
    expect(plain).toBeGreaterThan(300);
    expect(schema).toBeGreaterThan(1000);
  });

  it('agrees with the schema on random sales changed in random places', () => {
    const random = mulberry32(20261207);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    let plain = 0;
    for (let n = 0; n < 3000; n++) {
      const tx = copy({ ...(sale() as Json), ...(random() < 0.5 ? KNOWN_PARTS : {}) }) as Json;
      for (let changes = Math.floor(random() * 3); changes > 0; changes--) {
        const place = pick(placesOf(tx));
        if (random() < 0.2) delete place.holder[place.key];
        else place.holder[place.key] = copy(pick(ODD_VALUES));
      }
      if (agrees(tx) === 'plain') plain++;
    }
    expect(plain).toBeGreaterThan(300);
  });

  it('gives parseTransaction the same transaction and the same refusal either way', () => {
    const full = { ...(retailSale() as Json), ...KNOWN_PARTS, kind: 'auth-complete' };
    expect(plainTransactionInput(full)).toBeDefined();
    // The same sale with one member the schema drops: the schema reads it, and the transaction is the same.
    expect(exact(parseTransaction({ ...full, dropped: 'by the schema' }))).toBe(exact(parseTransaction(full)));
    const wrongTotal = { ...full, amount: '1.00' };
    expect(plainTransactionInput(wrongTotal)).toBeDefined();
    expect(() => parseTransaction(wrongTotal)).toThrow(/items come to/);
  });
});
