import { parseTransaction, type SaleStatus, type Transaction } from '../../src/core/index.js';
import { retailSale, sale } from './fixtures.js';

/** Sample transactions for receipt layout tests, one per shape a template must handle. */

export const STORE_ZONE = 'Asia/Shanghai';
/** A duplicate's verification code (copy 1) and the link in its QR code. */
export const VERIFY_CODE = '10023456-000128-000457.1.K7QX2M9PZR4T8VWA';
export const VERIFY_URL = `https://verify.example.cn/v/${VERIFY_CODE}`;
export const DUPLICATE = { copy: 1, reprintedAt: '2026-11-28T01:12:40Z', operatorId: '02', approverId: '90' } as const;

/** The slip sale (000457) after a void at 15:01:02. */
export const VOIDED: SaleStatus = {
  state: 'voided',
  amount: '128.50',
  currency: 'CNY',
  corrections: [{ id: '10023456-000128-000458', kind: 'void', terminalId: '10023456', batchNo: '000128', voucherNo: '000458', occurredAt: '2026-11-27T15:01:02+08:00', amount: '128.50', currency: 'CNY' }],
};

/** The retail card sale (16.50) after two refunds, one from another terminal of the merchant. */
export const PARTLY_REFUNDED: SaleStatus = {
  state: 'partly-refunded',
  amount: '6.50',
  currency: 'CNY',
  corrections: [
    { id: '10023456-000128-000470', kind: 'refund', terminalId: '10023456', batchNo: '000128', voucherNo: '000470', occurredAt: '2026-11-27T16:00:00+08:00', amount: '3.50', currency: 'CNY' },
    { id: '20000001-000128-000009', kind: 'refund', terminalId: '20000001', batchNo: '000128', voucherNo: '000009', occurredAt: '2026-11-28T09:30:00+08:00', amount: '3.00', currency: 'CNY' },
  ],
};

const REFERENCE_CARD = { masked: '622588******4242', issuer: '招商银行', acquirer: '银联商务', entryMode: 'contactless', expiry: '12/28' } as const;

/** The slip of shared/reference/bank-slip-80mm.txt. */
export function slipSale(): Transaction {
  return parseTransaction(sale({ card: { ...REFERENCE_CARD } }));
}

export function voidSlip(): Transaction {
  return parseTransaction(
    sale({
      kind: 'void',
      voucherNo: '000458',
      referenceNo: '133041825601',
      occurredAt: '2026-11-27T15:02:11+08:00',
      card: { ...REFERENCE_CARD, entryMode: 'swipe' },
      original: { batchNo: '000128', voucherNo: '000457', referenceNo: '133041825567' },
      note: '顾客要求撤销 customer changed mind',
    }),
  );
}

export function refundSlip(): Transaction {
  return parseTransaction(
    sale({ kind: 'refund', voucherNo: '000459', amount: '28.50', card: { ...REFERENCE_CARD, entryMode: 'manual' }, original: { voucherNo: '000457', referenceNo: '133041825567' } }),
  );
}

export function authSlip(kind: 'auth' | 'auth-complete'): Transaction {
  return parseTransaction(
    sale({
      kind,
      voucherNo: kind === 'auth' ? '000460' : '000461',
      merchant: { id: '898310058120123', name: '上海国际大酒店管理有限公司浦东分公司前台收银处', nameEn: 'Shanghai International Hotel, Pudong' },
      card: { masked: '4242', issuer: '中国工商银行股份有限公司上海市分行', entryMode: 'fallback' },
      ...(kind === 'auth-complete' ? { original: { voucherNo: '000460' } } : {}),
    }),
  );
}

/** The receipt of shared/reference/retail-receipt-58mm.txt. */
export function retailCardSale(): Transaction {
  return parseTransaction(retailSale());
}

/**
 * A card sale with items sent without payments (paid by card in full), as in issue 10: the
 * receipt must still show the card and what matches it to the bank statement. 19 digits.
 */
export function retailCardNoPayments(): Transaction {
  return parseTransaction(
    retailSale({
      payments: undefined,
      referenceNo: '133041825568',
      authCode: '823115',
      card: { masked: '621700*********9031', issuer: '中国工商银行', acquirer: '银联商务', entryMode: 'chip', expiry: '08/29' },
    }),
  );
}

/** Card and cash together: the card block follows the card's payment line. */
export function retailSplitPayment(): Transaction {
  return parseTransaction(
    retailSale({
      referenceNo: '133041825569',
      card: { masked: '622588******4242', issuer: '招商银行' },
      payments: [
        { method: 'cash', amount: '6.50', tendered: '10.00' },
        { method: 'card', amount: '10.00' },
      ],
    }),
  );
}

/** Cash, tax, an item discount, a weighed item and names too long for any column. */
export function retailCashSale(): Transaction {
  return parseTransaction(
    retailSale({
      voucherNo: '000462',
      receiptNo: 'S20261127-0462',
      card: undefined,
      items: [
        { name: '金龙鱼黄金比例食用调和油（非转基因）5L 桶装 特惠装', quantity: 1, unitPrice: '89.90', discount: '10.00' },
        { name: 'Fuji apples, organic, loose', quantity: '1.255', unitPrice: '12.80' },
        { name: '可口可乐 330ml', quantity: 12, unitPrice: '3.50' },
        { name: '𠮷野家 牛肉饭', quantity: 1, unitPrice: '29.00' },
      ],
      discounts: [{ name: '会员日满100减5', amount: '5.00' }],
      tax: [{ name: '增值税', rate: '13%', amount: '18.63' }],
      amount: '161.96',
      payments: [{ method: 'cash', amount: '161.96', tendered: '200.00' }],
    }),
  );
}

export function retailRefund(): Transaction {
  return parseTransaction(
    retailSale({
      kind: 'refund',
      voucherNo: '000463',
      receiptNo: 'R20261127-0463',
      items: [{ name: '农夫山泉矿泉水', quantity: 3, unitPrice: '2.00' }],
      discounts: undefined,
      amount: '6.00',
      payments: [{ method: 'wechat', amount: '6.00', reference: '4200001234202611270000123456' }],
      original: { voucherNo: '000458' },
    }),
  );
}

/** A cash sale with nothing itemised still gets the shop receipt. */
export function bareCashSale(): Transaction {
  return parseTransaction(sale({ card: undefined, amount: '35.00', payments: [{ method: 'cash', amount: '35.00', tendered: '50.00' }] }));
}

export const RECEIPT_CASES: ReadonlyArray<{ name: string; tx: () => Transaction }> = [
  { name: 'slip sale', tx: slipSale },
  { name: 'slip void', tx: voidSlip },
  { name: 'slip refund', tx: refundSlip },
  { name: 'slip auth', tx: () => authSlip('auth') },
  { name: 'slip auth-complete', tx: () => authSlip('auth-complete') },
  { name: 'retail card', tx: retailCardSale },
  { name: 'retail card, no payments', tx: retailCardNoPayments },
  { name: 'retail card + cash', tx: retailSplitPayment },
  { name: 'retail cash', tx: retailCashSale },
  { name: 'retail refund', tx: retailRefund },
  { name: 'bare cash', tx: bareCashSale },
];
