import { describe, expect, it } from 'vitest';
import { inputErrorOf } from '../../test/support/errors.js';
import { retailSale, sale } from '../../test/support/fixtures.js';
import { parseTransaction, type TransactionInput } from './transaction.js';

/** The fields a refusal names, and its code; fails when the sale is accepted. */
function refusal(input: TransactionInput) {
  const error = inputErrorOf(() => parseTransaction(input));
  return { code: error.code, rule: error.context.rule, path: error.context.path, with: error.context.with, fields: error.context.fields, message: error.message };
}

describe('parseTransaction: fields a receipt prints together', () => {
  it('refuses a card number split over the store name and the address the receipt prints under it', () => {
    const found = refusal(retailSale({ store: { name: '好又多超市 4539 1488', address: '0343 6467 号' } }));
    expect(found).toMatchObject({ code: 'PAN_NOT_MASKED', rule: 'printed-together', path: 'store.name', with: 'store.address', fields: ['store.name', 'store.address'] });
    expect(found.message).toBe('store.name, store.address print next to each other on the receipt and together read as a full card number; nothing was recorded');
    // Never the digits themselves.
    expect(found.message).not.toMatch(/4539|6467/);
  });

  it('refuses it over the merchant name and the English name the bank slip prints under it', () => {
    const found = refusal(sale({ merchant: { id: '898310058120123', name: '好又多超市 4539 1488', nameEn: '0343 6467 Ltd' } }));
    expect(found).toMatchObject({ code: 'PAN_NOT_MASKED', path: 'merchant.name', with: 'merchant.nameEn' });
  });

  it('accepts digits in the merchant name when no store is given: the shop receipt heads with it, over no address', () => {
    expect(() => parseTransaction(retailSale({ merchant: { id: '898310058120123', name: '好又多 4539 1488' }, store: undefined }))).not.toThrow();
  });

  it('refuses an item name that makes one with the prices printed beside it', () => {
    const found = refusal(retailSale({ amount: '6.02', items: [{ name: '4539 1488 0343', quantity: 1, unitPrice: '6.02' }], discounts: undefined, payments: [{ method: 'card', amount: '6.02' }] }));
    expect(found).toMatchObject({ code: 'PAN_NOT_MASKED', path: 'items[0].name' });
  });

  it('refuses a note that makes one with the original voucher no. printed above it on the slip', () => {
    const found = refusal(sale({ kind: 'refund', original: { voucherNo: '453914' }, note: '8803 4364 67' }));
    expect(found).toMatchObject({ code: 'PAN_NOT_MASKED', path: 'original.voucherNo', with: 'note' });
  });

  it('accepts the ordinary numbers a shop prints: phone, street and room numbers, store no., item sizes, amounts', () => {
    const ordinary = retailSale({
      merchant: { id: '898310058120123', name: '好又多超市 No.0021', nameEn: 'Haoyouduo 0021 Store 2026' },
      store: { name: '好又多超市 第0021号店 13800138000', address: '上海市浦东新区世纪大道 1001 号 3 楼 302 室 200120', phone: '021-6888 8888' },
      amount: '1256.00',
      items: [
        { name: '可口可乐 330ml 24 罐 6901234567', quantity: 2, unitPrice: '72.00' },
        { name: '农夫山泉 550ml×12', quantity: 12, unitPrice: '95.00' },
      ],
      discounts: [{ name: '满 1000 减 28', amount: '28.00' }],
      payments: [{ method: 'cash', amount: '1256.00', tendered: '1300.00', reference: '会员 13800138000' }],
    });
    expect(() => parseTransaction(ordinary)).not.toThrow();
  });
});
