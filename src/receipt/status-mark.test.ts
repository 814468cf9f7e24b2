import { describe, expect, it } from 'vitest';
import { saleStatus, type SaleStatus } from '../core/index.js';
import { STORE_ZONE, retailCardSale, slipSale } from '../../test/support/receipt-cases.js';
import { PaperIds, ReceiptLanguages, displayWidth, layoutReceipt, paperProfile, renderText } from './index.js';

const VOIDED: SaleStatus = {
  state: 'voided', amount: '128.50', currency: 'CNY',
  corrections: [{ id: '10023456-000128-000458', kind: 'void', terminalId: '10023456', batchNo: '000128', voucherNo: '000458', occurredAt: '2026-11-27T15:01:02+08:00', amount: '128.50', currency: 'CNY' }],
};
const PARTLY: SaleStatus = {
  state: 'partly-refunded', amount: '6.50', currency: 'CNY',
  corrections: [
    { id: '10023456-000128-000470', kind: 'refund', terminalId: '10023456', batchNo: '000128', voucherNo: '000470', occurredAt: '2026-11-27T16:00:00+08:00', amount: '3.50', currency: 'CNY' },
    { id: '20000001-000128-000009', kind: 'refund', terminalId: '20000001', batchNo: '000128', voucherNo: '000009', occurredAt: '2026-11-28T09:30:00+08:00', amount: '3.00', currency: 'CNY' },
  ],
};

const lines = (status: SaleStatus | undefined, tx = slipSale(), options: { paper?: string; language?: 'zh' | 'en' | 'bilingual' } = {}) =>
  renderText(layoutReceipt(tx, { paper: paperProfile(options.paper ?? '80'), timeZone: STORE_ZONE, ...(options.language ? { language: options.language } : {}), ...(status ? { status } : {}) })).split('\n');

describe('a voided or refunded sale says so on every rendition of it', () => {
  it('marks a voided slip under its type with the void\'s voucher, time and amount', () => {
    const text = lines(VOIDED);
    const type = text.findIndex((l) => l.includes('消费/SALE'));
    expect(text[type + 1]?.trim()).toBe('***已撤销 VOIDED***');
    expect(text.slice(type + 2, type + 4).join('\n')).toMatch(/消费撤销\/VOID.*凭证号 VOUCHER NO 000458/);
    expect(text.join('\n')).toContain('2026/11/27 15:01:02');
    expect(text.join('\n')).toContain('金额 AMOUNT 128.50');
  });

  it('marks a partly refunded shop receipt with each refund and what was refunded in all', () => {
    const text = lines(PARTLY, retailCardSale(), { paper: '58', language: 'zh' });
    const joined = text.join('\n');
    expect(joined).toContain('***部分退货 PARTLY REFUNDED***');
    expect(joined).toMatch(/退货 凭证号 000470/);
    expect(joined).toMatch(/退货 凭证号 000009/);
    expect(joined).toContain('2026-11-28 09:30:00');
    expect(joined).toContain('已退金额 6.50');
    // Above the items: the first thing read after the header.
    expect(joined.indexOf('部分退货')).toBeLessThan(joined.indexOf('可口可乐'));
  });

  it('fits every paper and language, and changes nothing when nothing undid the sale', () => {
    for (const paper of PaperIds) {
      for (const language of ReceiptLanguages) {
        for (const tx of [slipSale(), retailCardSale()]) {
          for (const status of [VOIDED, PARTLY]) {
            const doc = layoutReceipt(tx, { paper: paperProfile(paper), timeZone: STORE_ZONE, language, status });
            for (const line of renderText(doc).split('\n')) expect(displayWidth(line), `${paper} ${language}: ${line}`).toBeLessThanOrEqual(doc.columns);
          }
          expect(lines(undefined, tx, { paper, language })).toEqual(lines(saleStatus(tx, []), tx, { paper, language }));
        }
      }
    }
  });
});
