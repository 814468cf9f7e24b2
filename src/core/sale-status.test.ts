import { describe, expect, it } from 'vitest';
import { saleStatus } from './sale-status.js';
import { parseTransaction, transactionId, type Transaction } from './transaction.js';

const sale = parseTransaction({
  kind: 'sale', merchant: { id: '898310058120123', name: '好又多' }, terminalId: '10023456', operatorId: '01', batchNo: '000128', voucherNo: '000457',
  referenceNo: '133041825567', occurredAt: '2026-11-27T14:32:05+08:00', amount: '128.50', currency: 'CNY', card: { masked: '622588******4242' },
});
const record = (kind: Transaction['kind'], voucherNo: string, amount: string, occurredAt: string) => {
  const transaction = { ...sale, kind, voucherNo, amount, occurredAt, original: { voucherNo: '000457' } };
  return { id: transactionId(transaction), transaction };
};

describe('a sale\'s standing from the records that point at it', () => {
  it('is nothing when nothing undid it', () => {
    expect(saleStatus(sale, [])).toBeUndefined();
    expect(saleStatus(sale, [record('auth-complete', '000460', '1.00', '2026-11-27T15:00:00+08:00')])).toBeUndefined();
  });

  it('is voided by a void, with its voucher, time and amount', () => {
    expect(saleStatus(sale, [record('void', '000458', '128.50', '2026-11-27T15:01:02+08:00')])).toEqual({
      state: 'voided', amount: '128.50', currency: 'CNY',
      corrections: [{ id: '10023456-000128-000458', kind: 'void', terminalId: '10023456', batchNo: '000128', voucherNo: '000458', occurredAt: '2026-11-27T15:01:02+08:00', amount: '128.50', currency: 'CNY' }],
    });
  });

  it('is partly refunded until the refunds reach the amount, then refunded; corrections oldest first', () => {
    const later = record('refund', '000470', '100.00', '2026-11-27T17:00:00+08:00');
    const earlier = record('refund', '000469', '20.00', '2026-11-27T16:00:00+08:00');
    expect(saleStatus(sale, [later, earlier])).toMatchObject({ state: 'partly-refunded', amount: '120.00', corrections: [{ voucherNo: '000469' }, { voucherNo: '000470' }] });
    expect(saleStatus(sale, [later, earlier, record('refund', '000471', '8.50', '2026-11-27T18:00:00+08:00')])).toMatchObject({ state: 'refunded', amount: '128.50' });
  });

  it('says nothing of a record that is itself a void, a refund or an auth', () => {
    const voidRecord = record('void', '000458', '128.50', '2026-11-27T15:01:02+08:00');
    expect(saleStatus(voidRecord.transaction, [record('refund', '000470', '1.00', '2026-11-27T17:00:00+08:00')])).toBeUndefined();
    expect(saleStatus({ ...sale, kind: 'auth' }, [record('auth-complete', '000460', '1.00', '2026-11-27T15:00:00+08:00')])).toBeUndefined();
  });
});
