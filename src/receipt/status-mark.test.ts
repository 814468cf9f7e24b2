import { describe, expect, it } from 'vitest';
import { saleStatus, type SaleStatus } from '../core/index.js';
import { PARTLY_REFUNDED, STORE_ZONE, VOIDED, retailCardSale, slipSale } from '../../test/support/receipt-cases.js';
import { PaperIds, ReceiptLanguages, displayWidth, layoutReceipt, paperProfile, renderText } from './index.js';

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
    const text = lines(PARTLY_REFUNDED, retailCardSale(), { paper: '58', language: 'zh' });
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
          for (const status of [VOIDED, PARTLY_REFUNDED]) {
            const doc = layoutReceipt(tx, { paper: paperProfile(paper), timeZone: STORE_ZONE, language, status });
            for (const line of renderText(doc).split('\n')) expect(displayWidth(line), `${paper} ${language}: ${line}`).toBeLessThanOrEqual(doc.columns);
          }
          expect(lines(undefined, tx, { paper, language })).toEqual(lines(saleStatus(tx, []), tx, { paper, language }));
        }
      }
    }
  });
});
