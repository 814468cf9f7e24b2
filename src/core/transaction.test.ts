import { describe, expect, it } from 'vitest';
import { inputErrorOf } from '../../test/support/errors.js';
import { retailSale, sale } from '../../test/support/fixtures.js';
import { ValidationError, type FieldIssue } from './errors.js';
import {
  parseOccurredAt,
  parseTransaction,
  parseTransactionId,
  transactionAmount,
  transactionId,
  type TransactionInput,
} from './transaction.js';


/** The field issues of an input parseTransaction refuses; fails when it is accepted. */
function issuesOf(input: unknown): FieldIssue[] {
  const error = inputErrorOf(() => parseTransaction(input));
  expect(error).toBeInstanceOf(ValidationError);
  expect(error.code).toBe('INVALID_TRANSACTION');
  // Path and English words; the issue codes behind them are checked by the i18n tests.
  return (error as ValidationError).issues.map(({ path, message }) => ({ path, message }));
}

const pathsOf = (input: unknown) => issuesOf(input).map((i) => i.path);
const withOut = (key: keyof TransactionInput) => {
  const copy: Record<string, unknown> = { ...sale() };
  delete copy[key];
  return copy;
};

const PAN16 = '6225881234564242';
const MERCHANT_NO = '898310058120120';

describe('parseTransaction: a valid sale', () => {
  it('normalises the bank-card sale of the issue into its journaled form', () => {
    const tx = parseTransaction(sale({ amount: '128.5', occurredAt: '2026-11-27 14:32:05+0800', card: { masked: '6225 88** **** 4242', entryMode: 'chip' } }));
    expect(tx).toEqual({
      kind: 'sale',
      merchant: { id: '898310058120123', name: '上海好又多超市有限公司' },
      terminalId: '10023456',
      operatorId: '01',
      batchNo: '000128',
      voucherNo: '000457',
      referenceNo: '133041825567',
      authCode: '823114',
      occurredAt: '2026-11-27T14:32:05+08:00',
      amount: '128.50',
      currency: 'CNY',
      card: { masked: '622588******4242', last4: '4242', bin: '622588', entryMode: 'chip' },
    });
    // The journal hashes this object, so its key order is fixed whatever order the input used.
    expect(Object.keys(tx).slice(0, 9)).toEqual(['kind', 'merchant', 'terminalId', 'operatorId', 'batchNo', 'voucherNo', 'occurredAt', 'amount', 'currency']);
  });

  it('gives the same result for the same sale with its keys in another order', () => {
    const input = sale();
    const reordered = Object.fromEntries(Object.entries(input).reverse());
    expect(JSON.stringify(parseTransaction(reordered))).toBe(JSON.stringify(parseTransaction(input)));
  });

  it('fills in line amounts and writes every amount in canonical form', () => {
    const tx = parseTransaction(retailSale({ payments: [{ method: 'cash', amount: '16.5', tendered: '20' }] }));
    expect(tx.items?.map((i) => [i.quantity, i.unitPrice, i.amount])).toEqual([
      ['2', '3.50', '7.00'],
      ['1', '4.50', '4.50'],
      ['3', '2.00', '6.00'],
    ]);
    expect(tx.discounts).toEqual([{ name: '优惠', amount: '1.00' }]);
    expect(tx.payments).toEqual([{ method: 'cash', amount: '16.50', tendered: '20.00', change: '3.50' }]);
    expect(tx.card).toEqual({ masked: '************4242', last4: '4242' });
  });

  it('prices weighed goods with a 3-decimal quantity, rounding half up', () => {
    const tx = parseTransaction(retailSale({
      amount: '9.75',
      items: [
        { name: '苹果', quantity: '0.750', unitPrice: '12.99' },
        { name: '散装糖', quantity: '0.050', unitPrice: '0.10' },
      ],
      discounts: undefined,
      payments: undefined,
    }));
    // 12.99 × 0.750 = 9.7425 → 9.74; 0.10 × 0.050 = 0.005 → 0.01 (half up).
    expect(tx.items?.map((i) => [i.quantity, i.amount])).toEqual([['0.750', '9.74'], ['0.050', '0.01']]);
  });

  it('applies a line discount and accepts a line amount that agrees with it', () => {
    const tx = parseTransaction(retailSale({
      amount: '6.00',
      items: [{ name: '可口可乐 330ml', quantity: 2, unitPrice: '3.50', discount: '1.00', amount: '6.00' }],
      discounts: undefined,
      payments: undefined,
    }));
    expect(tx.items).toEqual([{ name: '可口可乐 330ml', quantity: '2', unitPrice: '3.50', discount: '1.00', amount: '6.00' }]);
  });

  it('keeps amounts in the currency\'s own minor units (JPY 0, KWD 3)', () => {
    expect(parseTransaction(sale({ currency: 'JPY', amount: '100' })).amount).toBe('100');
    expect(parseTransaction(sale({ currency: 'KWD', amount: '1.2' })).amount).toBe('1.200');
  });

  it('accepts the fixed merchant no. exemption: a Luhn-valid 15-digit merchant id is not a card number', () => {
    expect(parseTransaction(sale({ merchant: { id: MERCHANT_NO, name: 'Shop' } })).merchant.id).toBe(MERCHANT_NO);
    // The exemption is for that field only.
    expect(inputErrorOf(() => parseTransaction(sale({ merchant: { id: MERCHANT_NO, name: 'Shop' }, note: `merchant ${MERCHANT_NO}` }))).code).toBe('PAN_NOT_MASKED');
  });

  it('accepts voids and refunds that name their original, and an auth-complete with one', () => {
    expect(parseTransaction(sale({ kind: 'void', voucherNo: '000458', original: { voucherNo: '000457' } })).original).toEqual({ voucherNo: '000457' });
    expect(parseTransaction(sale({ kind: 'refund', voucherNo: '000458', original: { referenceNo: '133041825567' } })).kind).toBe('refund');
    expect(parseTransaction(sale({ kind: 'auth-complete', original: { batchNo: '000127', voucherNo: '000001' } })).original).toEqual({ batchNo: '000127', voucherNo: '000001' });
    expect(parseTransaction(sale({ kind: 'auth' })).original).toBeUndefined();
  });

  it('drops unknown top-level fields rather than journaling them', () => {
    expect(parseTransaction({ ...sale(), loyaltyNo: 'A1' })).not.toHaveProperty('loyaltyNo');
  });
});

describe('parseTransaction: card data is refused first, whole, and never echoed', () => {
  it.each([
    ['card.masked', sale({ card: { masked: PAN16 } })],
    ['note', sale({ note: `customer card 6225 8812 3456 4242` })],
    ['store.address', sale({ store: { name: 'x', address: '6225-8812-3456-4242' } })],
    ['items[0].name', retailSale({ items: [{ name: `gift ${PAN16}`, quantity: 1, unitPrice: '16.50' }] })],
    ['receiptNo', sale({ receiptNo: PAN16 })],
    // A cashier's input method gives ー or 一 where a dash is typed.
    ['note', sale({ note: '顾客卡号 6225ー8812ー3456ー4242' })],
    ['store.phone', sale({ store: { name: 'x', phone: '6225一8812一3456一4242' } })],
    // Suzhou numerals and 〇 among plain CJK text: the gate's quick pass took them for letters (found by a review helper).
    ['receiptNo', sale({ receiptNo: '〤〡〡〡〡〡〡〡〡〡〡〡〡〡〡〡' })],
    ['note', sale({ note: '卡 6225 8812 〣〤〥〦 〤〢〤〢' })],
  ])('PAN_NOT_MASKED at %s', (path, input) => {
    const error = inputErrorOf(() => parseTransaction(input));
    expect(error.code).toBe('PAN_NOT_MASKED');
    expect(error.context.path).toBe(path);
    expect(error.message).not.toMatch(/4242|8812/);
  });

  it('refuses card data even when the rest of the input is invalid', () => {
    expect(inputErrorOf(() => parseTransaction({ note: PAN16 })).code).toBe('PAN_NOT_MASKED');
    expect(inputErrorOf(() => parseTransaction({ ...sale({ amount: 'x' }), cvv2: '123' })).code).toBe('CARD_SECRET_REFUSED');
    expect(inputErrorOf(() => parseTransaction(sale({ note: `%B${PAN16}^ZHANG/SAN^2812101?` }))).code).toBe('CARD_SECRET_REFUSED');
  });
});

describe('parseTransaction: INVALID_TRANSACTION names every bad field', () => {
  it('refuses a non-object', () => {
    expect(pathsOf(null)).toEqual(['']);
    expect(pathsOf('sale')).toEqual(['']);
    expect(pathsOf([])).toEqual(['']);
  });

  it.each(['kind', 'merchant', 'terminalId', 'operatorId', 'batchNo', 'voucherNo', 'occurredAt', 'amount', 'currency'] as const)(
    'requires %s',
    (key) => {
      expect(pathsOf(withOut(key))).toEqual([key]);
    },
  );

  it.each([
    [{ kind: 'gift' }, 'kind'],
    [{ merchant: { id: '12345', name: 'x' } }, 'merchant.id'],
    [{ merchant: { id: '898310058120123', name: '   ' } }, 'merchant.name'],
    [{ merchant: { id: '898310058120123', name: 'x'.repeat(81) } }, 'merchant.name'],
    [{ store: { name: 'x', phone: '' } }, 'store.phone'],
    [{ terminalId: '1002345' }, 'terminalId'],
    [{ terminalId: '1002345-' }, 'terminalId'],
    [{ operatorId: '' }, 'operatorId'],
    [{ operatorId: '12345678901' }, 'operatorId'],
    [{ batchNo: '128' }, 'batchNo'],
    [{ voucherNo: '000000' }, 'voucherNo'],
    [{ voucherNo: '45' }, 'voucherNo'],
    [{ referenceNo: '1330418255' }, 'referenceNo'],
    [{ authCode: '82311' }, 'authCode'],
    [{ receiptNo: '' }, 'receiptNo'],
    [{ currency: 'cny' }, 'currency'],
    [{ card: { masked: '4242', expiry: '13/28' } }, 'card.expiry'],
    [{ card: { masked: '4242', entryMode: 'telepathy' } }, 'card.entryMode'],
    [{ card: { masked: '4242', holder: 'ZHANG' } }, 'card'],
    [{ note: 'x'.repeat(201) }, 'note'],
    [{ tax: [{ name: 'VAT', rate: '13', amount: '1.00' }] }, 'tax[0].rate'],
    [{ payments: [{ method: 'barter', amount: '128.50' }] }, 'payments[0].method'],
    [{ original: { voucherNo: '457' } }, 'original.voucherNo'],
  ] as [Partial<TransactionInput>, string][])('refuses %j at %s', (override, path) => {
    expect(pathsOf({ ...sale(), ...override })).toContain(path);
  });

  it('says amounts are strings, not JSON numbers', () => {
    const issues = issuesOf({ ...sale(), amount: 128.5 });
    expect(issues).toEqual([{ path: 'amount', message: 'amounts are strings such as "128.50", never JSON numbers' }]);
    expect(pathsOf(retailSale({ items: [{ name: 'x', quantity: 1, unitPrice: 16.5 as unknown as string }] }))).toContain('items[0].unitPrice');
  });

  it.each([
    ['1,000.00', 'is not an amount'],
    ['1e3', 'is not an amount'],
    ['128.505', 'more decimals than CNY allows'],
    ['0.00', 'amount must be greater than zero'],
    ['-1.00', 'amount must be greater than zero'],
  ])('refuses the amount %j', (amount, message) => {
    const issues = issuesOf(sale({ amount }));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('amount');
    expect(issues[0]?.message).toContain(message);
  });

  it('refuses a currency that is well formed but unknown', () => {
    const issues = issuesOf(sale({ currency: 'XYZ' }));
    expect(issues).toEqual([{ path: 'currency', message: 'unknown currency "XYZ"' }]);
  });

  it('checks amounts against the currency\'s minor units', () => {
    expect(issuesOf(sale({ currency: 'JPY', amount: '100.50' }))[0]?.message).toContain('more decimals than JPY allows (0)');
  });

  it('refuses a badly written card number at card.masked', () => {
    const issues = issuesOf(sale({ card: { masked: '62258****4242' } }));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('card.masked');
    expect(issues[0]?.message).toContain('BIN of 6 to 8');
  });

  it.each([
    '2026-11-27T14:32:05',
    '2026-11-27',
    '2026-02-30T10:00:00+08:00',
    '2026-11-27T24:00:00+08:00',
    '2026-11-27T14:60:00+08:00',
    '2026-11-27T14:32:05.1234+08:00',
    '27/11/2026 14:32:05 +08:00',
    'yesterday',
  ])('refuses occurredAt %j with its path', (occurredAt) => {
    expect(issuesOf(sale({ occurredAt }))).toEqual([{ path: 'occurredAt', message: `"${occurredAt}" is not a time with a UTC offset` }]);
  });

  it('gathers every issue, and says how many more there are', () => {
    const error = inputErrorOf(() => parseTransaction({ ...sale(), terminalId: 'x', batchNo: 'y', voucherNo: 'z' }));
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['terminalId', 'batchNo', 'voucherNo']);
    expect(error.message).toBe('invalid transaction: terminalId: terminal no. must be 8 letters or digits (and 2 more)');
    expect(error.hint).toContain('fix the named field(s)');
    expect(error.context.issues).toEqual((error as ValidationError).issues);
  });

  it('gathers issues found after the schema check, too', () => {
    expect(pathsOf(sale({ amount: '1.2.3', occurredAt: 'now', card: { masked: '12' } }))).toEqual(['occurredAt', 'amount', 'card.masked']);
  });
});

describe('parseTransaction: consistency of items, discounts and payments', () => {
  it('requires the amount to equal items − discounts', () => {
    const issues = issuesOf(retailSale({ amount: '17.50', payments: undefined }));
    expect(issues).toEqual([{ path: 'amount', message: 'is 17.50 but the items come to 16.50 after discounts' }]);
    expect(pathsOf(retailSale({ discounts: undefined }))).toEqual(['amount']);
  });

  it('requires a given line amount to equal quantity × unit price − discount', () => {
    const items = [
      { name: '可口可乐 330ml', quantity: 2, unitPrice: '3.50', amount: '7.50' },
      { name: '康师傅红烧牛肉面', quantity: 1, unitPrice: '4.50' },
      { name: '农夫山泉矿泉水', quantity: 3, unitPrice: '2.00' },
    ];
    const issues = issuesOf(retailSale({ items }));
    expect(issues[0]).toEqual({ path: 'items[0].amount', message: 'is 7.50 but quantity × unit price − discount is 7.00' });
  });

  it.each([
    [0, 'items[0].quantity'],
    [-1, 'items[0].quantity'],
    [1.5, 'items[0].quantity'],
    ['0', 'items[0].quantity'],
    ['0.000', 'items[0].quantity'],
    ['1.2345', 'items[0].quantity'],
    ['1,5', 'items[0].quantity'],
  ])('refuses the quantity %j', (quantity, path) => {
    expect(pathsOf(retailSale({ items: [{ name: 'x', quantity: quantity as number, unitPrice: '16.50' }], discounts: undefined }))).toContain(path);
  });

  it.each([
    [{ unitPrice: '3.5.0' }, 'items[0].unitPrice'],
    [{ discount: 'abc' }, 'items[0].discount'],
    [{ amount: '7.000' }, 'items[0].amount'],
    [{ name: '' }, 'items[0].name'],
  ])('names the bad item field in %j', (override, path) => {
    const items = [{ name: '可口可乐 330ml', quantity: 2, unitPrice: '3.50', ...override }];
    expect(pathsOf(retailSale({ items, amount: '7.00', discounts: undefined, payments: undefined }))).toContain(path);
  });

  it('names a bad discount amount once, without blaming the total for it', () => {
    expect(issuesOf(retailSale({ discounts: [{ name: '优惠', amount: '1.0.0' }] }))).toEqual([{ path: 'discounts[0].amount', message: '"1.0.0" is not an amount' }]);
  });

  it('does not blame the total or the payments for a line or payment it could not read', () => {
    expect(pathsOf(retailSale({ items: [{ name: 'x', quantity: 1, unitPrice: '16.5.0' }], discounts: undefined }))).toEqual(['items[0].unitPrice']);
    expect(pathsOf(retailSale({ items: [{ name: 'x', quantity: 1, unitPrice: '17.50', discount: '1,00' }], discounts: undefined }))).toEqual(['items[0].discount']);
    expect(pathsOf(retailSale({ payments: [{ method: 'cash', amount: '16.5.0' }] }))).toEqual(['payments[0].amount']);
    // A readable line amount stands in for an unreadable unit price, so the total is still checked.
    expect(pathsOf(retailSale({ items: [{ name: 'x', quantity: 1, unitPrice: '1..0', amount: '9.00' }], discounts: undefined, payments: undefined }))).toEqual([
      'items[0].unitPrice',
      'amount',
    ]);
  });

  it('requires payments to add up to the amount', () => {
    const issues = issuesOf(sale({ payments: [{ method: 'card', amount: '100.00' }, { method: 'cash', amount: '20.00' }] }));
    expect(issues).toEqual([{ path: 'payments', message: 'add up to 120.00 but the amount is 128.50' }]);
    const split = parseTransaction(sale({ payments: [{ method: 'card', amount: '100.00' }, { method: 'wechat', amount: '28.5', reference: 'WX1' }] }));
    expect(split.payments).toEqual([{ method: 'card', amount: '100.00' }, { method: 'wechat', amount: '28.50', reference: 'WX1' }]);
  });

  it('computes change from the amount tendered and checks a given change', () => {
    expect(parseTransaction(sale({ payments: [{ method: 'cash', amount: '128.50', tendered: '200', change: '71.50' }] })).payments?.[0]).toEqual({
      method: 'cash',
      amount: '128.50',
      tendered: '200.00',
      change: '71.50',
    });
    expect(issuesOf(sale({ payments: [{ method: 'cash', amount: '128.50', tendered: '200.00', change: '70.00' }] }))).toEqual([
      { path: 'payments[0].change', message: 'should be 71.50 (tendered − amount)' },
    ]);
  });

  it('refuses tendered less than paid, and change without tendered', () => {
    expect(issuesOf(sale({ payments: [{ method: 'cash', amount: '128.50', tendered: '100.00' }] }))).toEqual([
      { path: 'payments[0].tendered', message: 'is less than the amount paid' },
    ]);
    expect(issuesOf(sale({ payments: [{ method: 'cash', amount: '128.50', change: '0.00' }] }))).toEqual([
      { path: 'payments[0].change', message: 'change needs the amount tendered' },
    ]);
  });

  it('names bad payment and tax amounts', () => {
    expect(pathsOf(sale({ payments: [{ method: 'cash', amount: '128.50', tendered: '2e2' }] }))).toContain('payments[0].tendered');
    expect(pathsOf(sale({ payments: [{ method: 'cash', amount: '128.50', tendered: '200.00', change: '71,50' }] }))).toContain('payments[0].change');
    expect(pathsOf(sale({ tax: [{ name: 'VAT', rate: '13%', amount: '14.78.0' }] }))).toEqual(['tax[0].amount']);
    expect(parseTransaction(sale({ tax: [{ name: 'VAT', rate: '13%', amount: '14.8' }] })).tax).toEqual([{ name: 'VAT', rate: '13%', amount: '14.80' }]);
  });
});

describe('parseTransaction: corrections point at their original', () => {
  it.each(['void', 'refund'] as const)('a %s needs original.voucherNo or original.referenceNo', (kind) => {
    const issues = issuesOf(sale({ kind }));
    expect(issues).toEqual([{ path: 'original', message: `a ${kind} must name the original sale by voucherNo (and batchNo) or referenceNo` }]);
    expect(pathsOf(sale({ kind, original: { batchNo: '000127' } }))).toEqual(['original']);
  });

  it.each(['sale', 'auth'] as const)('a %s must not name an original', (kind) => {
    expect(issuesOf(sale({ kind, original: { voucherNo: '000001' } }))).toEqual([{ path: 'original', message: `a ${kind} does not refer to an original transaction` }]);
  });
});

describe('transaction ids, times and amounts', () => {
  it('keys a sale by terminal + batch + voucher and reads the key back', () => {
    expect(transactionId({ terminalId: '10023456', batchNo: '000128', voucherNo: '000457' })).toBe('10023456-000128-000457');
    expect(parseTransactionId(' 10023456-000128-000457 ')).toEqual({ terminalId: '10023456', batchNo: '000128', voucherNo: '000457' });
  });

  it.each(['', '10023456-128-457', '10023456-000128', '1002345-000128-000457', '10023456_000128_000457'])('refuses the id %j with BAD_ID', (id) => {
    const error = inputErrorOf(() => parseTransactionId(id));
    expect(error.code).toBe('BAD_ID');
    expect(error.hint).toContain('10023456-000128-000457');
  });

  it('parses occurredAt with its offset into epoch milliseconds', () => {
    expect(parseOccurredAt('2026-11-27T14:32:05+08:00')).toBe(Date.parse('2026-11-27T06:32:05Z'));
    expect(parseOccurredAt('2026-11-27 06:32:05Z')).toBe(Date.parse('2026-11-27T06:32:05Z'));
    expect(parseOccurredAt('2026-11-27T14:32:05.250+0800')).toBe(Date.parse('2026-11-27T06:32:05.250Z'));
    expect(parseOccurredAt('2028-02-29T00:00:00-05:00')).toBe(Date.parse('2028-02-29T05:00:00Z'));
  });

  it.each(['2026-11-27T14:32:05', '2027-02-29T00:00:00Z', '2026-04-31T00:00:00Z', '2026-13-01T00:00:00Z', '2026-11-27T14:32:60Z', '2026-11-27T14:32:05+25:00', ''])(
    'refuses occurredAt %j with BAD_TIME',
    (value) => {
      const error = inputErrorOf(() => parseOccurredAt(value));
      expect(error.code).toBe('BAD_TIME');
      expect(error.hint).toContain('+08:00');
    },
  );

  it('turns a journaled amount back into Money', () => {
    expect(transactionAmount({ amount: '128.50', currency: 'CNY' })).toEqual({ minor: 12850, currency: 'CNY' });
    expect(inputErrorOf(() => transactionAmount({ amount: '128.505', currency: 'CNY' })).code).toBe('BAD_AMOUNT');
  });
});

describe('parseTransaction: item barcodes', () => {
  it('keeps a scanned EAN-13 that happens to pass the Luhn check, but refuses a card number as sku', () => {
    const input = { ...retailSale(), items: [{ name: '可口可乐 330ml', sku: '6900000475140', quantity: 2, unitPrice: '3.50' }, { name: '康师傅红烧牛肉面', quantity: 1, unitPrice: '4.50' }, { name: '农夫山泉矿泉水', quantity: 3, unitPrice: '2.00' }] };
    expect(parseTransaction(input).items?.[0]?.sku).toBe('6900000475140');
    const card = { ...input, items: input.items.map((item, i) => (i === 0 ? { ...item, sku: '6225881234564242' } : item)) };
    expect(() => parseTransaction(card)).toThrow(expect.objectContaining({ code: 'PAN_NOT_MASKED' }));
  });
});
