import type { TransactionInput } from '../../src/core/index.js';

/** A valid bank-card sale like the one in the issue; override any field. */
export function sale(overrides: Partial<TransactionInput> = {}): TransactionInput {
  return {
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
    card: { masked: '622588******4242', issuer: '招商银行', acquirer: '银联商务', entryMode: 'chip' },
    ...overrides,
  };
}

/** The n-th sale of a terminal: voucher n, a minute apart, distinct reference and amount. */
export function nthSale(n: number, overrides: Partial<TransactionInput> = {}): TransactionInput {
  const at = new Date(Date.parse('2026-11-27T06:00:00Z') + n * 60_000);
  return sale({
    voucherNo: String(n).padStart(6, '0'),
    referenceNo: `1330${String(n).padStart(8, '0')}`,
    occurredAt: at.toISOString().replace('.000Z', '+00:00'),
    amount: `${10 + (n % 50)}.${String(n % 100).padStart(2, '0')}`,
    ...overrides,
  });
}

/** A retail receipt (58 mm sample in shared/reference). */
export function retailSale(overrides: Partial<TransactionInput> = {}): TransactionInput {
  return {
    kind: 'sale',
    merchant: { id: '898310058120123', name: '好又多超市' },
    store: { name: '好又多超市', address: '上海市浦东新区世纪大道100号', phone: '021-12345678' },
    terminalId: '10023456',
    operatorId: '07',
    batchNo: '000128',
    voucherNo: '000458',
    receiptNo: 'S20261127-0457',
    occurredAt: '2026-11-27T14:32:05+08:00',
    amount: '16.50',
    currency: 'CNY',
    card: { masked: '4242' },
    items: [
      { name: '可口可乐 330ml', quantity: 2, unitPrice: '3.50' },
      { name: '康师傅红烧牛肉面', quantity: 1, unitPrice: '4.50' },
      { name: '农夫山泉矿泉水', quantity: 3, unitPrice: '2.00' },
    ],
    discounts: [{ name: '优惠', amount: '1.00' }],
    payments: [{ method: 'card', amount: '16.50' }],
    ...overrides,
  };
}
