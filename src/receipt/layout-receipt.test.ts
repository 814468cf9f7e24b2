import { describe, expect, it } from 'vitest';
import { containsPan, parseTransaction } from '../core/index.js';
import { sale } from '../../test/support/fixtures.js';
import {
  DUPLICATE,
  RECEIPT_CASES,
  STORE_ZONE,
  VERIFY_URL,
  bareCashSale,
  refundSlip,
  retailCardSale,
  retailCashSale,
  retailRefund,
  slipSale,
  voidSlip,
} from '../../test/support/receipt-cases.js';
import {
  PAPER_PROFILES,
  PaperIds,
  ReceiptCopies,
  ReceiptLanguages,
  displayWidth,
  layoutReceipt,
  lineWidth,
  paperProfile,
  receiptTemplate,
  renderText,
  type LayoutOptions,
  type ReceiptDocument,
} from './index.js';

const base = (paper: keyof typeof PAPER_PROFILES = '80'): LayoutOptions => ({ paper: PAPER_PROFILES[paper], timeZone: STORE_ZONE });
const text = (doc: ReceiptDocument) => renderText(doc).split('\n');

/** Every combination a receipt can be laid out in. */
const combinations = RECEIPT_CASES.flatMap((c) =>
  PaperIds.flatMap((paper) =>
    ReceiptLanguages.flatMap((language) =>
      ReceiptCopies.flatMap((copy) =>
        [undefined, DUPLICATE].map((duplicate) => ({ ...c, paper, language, copy, duplicate, label: `${c.name} ${paper} ${language} ${copy}${duplicate ? ' duplicate' : ''}` })),
      ),
    ),
  ),
);

const layout = (c: (typeof combinations)[number]) =>
  layoutReceipt(c.tx(), { paper: paperProfile(c.paper), language: c.language, copy: c.copy, timeZone: STORE_ZONE, verificationUrl: VERIFY_URL, ...(c.duplicate ? { duplicate: c.duplicate } : {}) });

describe('template choice', () => {
  it('prints a bank slip for a card payment with no items and a shop receipt otherwise', () => {
    expect(receiptTemplate(slipSale())).toBe('bank-slip');
    expect(receiptTemplate(retailCardSale())).toBe('retail');
    expect(receiptTemplate(bareCashSale())).toBe('retail');
  });
});

describe('every template × paper × language × copy fits the paper', () => {
  it.each(PaperIds)('no line is wider than the %s mm profile, counting double width twice', (paper) => {
    const columns = paperProfile(paper).columns;
    const cases = combinations.filter((c) => c.paper === paper);
    for (const c of cases) {
      const doc = layout(c);
      expect(doc.columns, c.label).toBe(columns);
      expect(doc.dots, c.label).toBe(paperProfile(paper).dots);
      for (const block of doc.blocks) {
        if (block.type === 'text') expect(lineWidth(block), `${c.label}: ${block.runs.map((r) => r.text).join('')}`).toBeLessThanOrEqual(columns);
      }
      for (const line of text(doc)) expect(displayWidth(line), `${c.label}: ${line}`).toBeLessThanOrEqual(columns);
    }
    expect(cases.length).toBe(RECEIPT_CASES.length * 3 * 2 * 2);
  });

  it('never prints anything that looks like a full card number', () => {
    for (const c of combinations) expect(containsPan(renderText(layout(c))), c.label).toBe(false);
  });
});

describe('duplicates', () => {
  it('differ from the original only by the mark and the reprint lines', () => {
    for (const c of combinations.filter((x) => x.duplicate)) {
      const original = layout({ ...c, duplicate: undefined }).blocks.map((b) => JSON.stringify(b));
      const duplicate = layout(c).blocks.map((b) => JSON.stringify(b));
      const at = duplicate.findIndex((b) => b.includes('DUPLICATE 1'));
      const added = duplicate.length - original.length;
      expect(at, c.label).toBeGreaterThan(0);
      expect(added, c.label).toBeGreaterThanOrEqual(2);
      expect([...duplicate.slice(0, at), ...duplicate.slice(at + added)], c.label).toEqual(original);
      const inserted = duplicate.slice(at, at + added).join('');
      expect(inserted).toContain('***重印凭证 / DUPLICATE 1***');
      expect(inserted).toContain('2026'); // reprint time
      expect(inserted).toMatch(/09:12:40/); // 01:12:40Z in Shanghai
      expect(inserted).toContain('02');
      expect(inserted).toContain('90');
    }
  });

  it('puts the mark in 备注 on the slip and above the footer on retail', () => {
    const slip = text(layoutReceipt(slipSale(), { ...base(), duplicate: DUPLICATE }));
    expect(slip.indexOf('  ***重印凭证 / DUPLICATE 1***')).toBe(slip.indexOf('备注(REFERENCE):') + 1);
    expect(slip).toContain('  重打印 2026/11/28 09:12:40 操作员 02 主管 90');
    const retail = text(layoutReceipt(retailCardSale(), { ...base('58'), duplicate: { ...DUPLICATE, copy: 3 } }));
    const mark = retail.findIndex((l) => l.includes('***重印凭证 / DUPLICATE 3***'));
    expect(retail.findIndex((l) => l.includes('谢谢惠顾'))).toBeGreaterThan(mark);
  });

  it('refuses a copy number that is not a whole number from 1', () => {
    expect(() => layoutReceipt(slipSale(), { ...base(), duplicate: { ...DUPLICATE, copy: 0 } })).toThrow(/copy number/);
    expect(() => layoutReceipt(slipSale(), { ...base(), duplicate: { ...DUPLICATE, copy: 1.5 } })).toThrow(/copy number/);
  });
});

describe('determinism', () => {
  it('gives the same document for the same transaction and options', () => {
    for (const c of combinations) expect(JSON.stringify(layout(c)), c.label).toBe(JSON.stringify(layout(c)));
  });
});

describe('bank slip content', () => {
  const slip = (options: Partial<LayoutOptions> = {}) => text(layoutReceipt(slipSale(), { ...base(), ...options }));

  it('carries the reference fields in bilingual labels by default', () => {
    const lines = slip();
    expect(lines).toContain('商户存根                           MERCHANT COPY');
    expect(lines).toContain('商户编号(MERCHANT NO):  898310058120123');
    expect(lines).toContain('  6225 88** **** 4242 /C');
    expect(lines).toContain('  消费/SALE');
    expect(lines).toContain('日期/时间(DATE/TIME):   2026/11/27 14:32:05');
    expect(lines).toContain('金额(AMOUNT):           RMB 128.50');
    expect(lines).toContain('参考号(REF NO):         133041825567');
  });

  it('shows the expiry date and the signature area on the merchant copy only', () => {
    const merchant = slip({ copy: 'merchant' }).join('\n');
    const cardholder = slip({ copy: 'cardholder' }).join('\n');
    expect(merchant).toContain('有效期(EXP DATE):       12/28');
    expect(merchant).toContain('持卡人签名(CARDHOLDER SIGNATURE):');
    expect(cardholder).not.toContain('12/28');
    expect(cardholder).not.toContain('签名');
    expect(cardholder).toContain('持卡人存根                       CARDHOLDER COPY');
  });

  it('prints times in the store zone', () => {
    expect(slip({ timeZone: 'Europe/London' })).toContain('日期/时间(DATE/TIME):   2026/11/27 06:32:05');
    expect(() => slip({ timeZone: 'Mars/Olympus' })).toThrow(/time zone/);
  });

  it('prints a void or refund negative, with the original voucher and reference', () => {
    const lines = text(layoutReceipt(voidSlip(), base()));
    expect(lines).toContain('  消费撤销/VOID');
    expect(lines).toContain('金额(AMOUNT):           RMB -128.50');
    expect(lines).toContain('  原凭证号(ORIG VOUCHER): 000457');
    expect(lines).toContain('  原参考号(ORIG REF): 133041825567');
    expect(lines).toContain('  6225 88** **** 4242 /S');
    const refund = text(layoutReceipt(refundSlip(), { ...base(), language: 'en' }));
    expect(refund).toContain('AMOUNT:       RMB -28.50');
    expect(refund).toContain('  REFUND');
  });

  it('marks every entry mode after the card number', () => {
    const modes = { swipe: '/S', chip: '/I', contactless: '/C', manual: '/M', fallback: '/F' } as const;
    for (const [entryMode, suffix] of Object.entries(modes)) {
      const tx = parseTransaction(sale({ card: { masked: '622588******4242', entryMode: entryMode as keyof typeof modes } }));
      expect(text(layoutReceipt(tx, base()))).toContain(`  6225 88** **** 4242 ${suffix}`);
    }
  });

  it('names other currencies by their code', () => {
    const tx = parseTransaction(sale({ currency: 'HKD', amount: '99.00' }));
    expect(text(layoutReceipt(tx, { ...base(), language: 'zh' }))).toContain('金额:       HKD 99.00');
  });
});

describe('retail receipt content', () => {
  it('follows the 58 mm reference layout', () => {
    const lines = text(layoutReceipt(retailCardSale(), base('58')));
    expect(lines).toContain('单号 S20261127-0457    收银员 07');
    expect(lines).toContain('品名               数量     金额');
    expect(lines).toContain('可口可乐 330ml        2     7.00');
    expect(lines).toContain('合计                       17.50');
    expect(lines).toContain('优惠                       -1.00');
    expect(lines).toContain('银行卡 **** 4242           16.50');
    expect(lines).toContain('      [QR: S20261127-0457]');
  });

  it('keeps the number columns aligned whatever the names, wrapping long ones', () => {
    for (const paper of PaperIds) {
      for (const language of ReceiptLanguages) {
        const lines = text(layoutReceipt(retailCashSale(), { ...base(paper), language }));
        const header = lines.findIndex((l) => /品名|ITEM/.test(l));
        const rows = lines.slice(header, lines.indexOf('-'.repeat(paperProfile(paper).columns), header));
        const numeric = rows.filter((l) => /\d+\.\d\d$/.test(l));
        expect(numeric.length).toBeGreaterThanOrEqual(5);
        // Every amount ends at the paper edge, and every quantity at the same column.
        for (const row of numeric) expect(displayWidth(row)).toBe(paperProfile(paper).columns);
        const qtyEnds = new Set(numeric.filter((r) => !r.includes('单品优惠') && !r.includes('DISCOUNT')).map((r) => displayWidth(r.replace(/ +[-\d.]+$/, ''))));
        expect(qtyEnds.size).toBe(1);
        expect(rows.join('\n')).toContain('𠮷野家');
      }
    }
  });

  it('shows cash tendered and change, tax and the item discount', () => {
    const lines = text(layoutReceipt(retailCashSale(), base('58')));
    expect(lines).toContain('现金                      161.96');
    expect(lines).toContain('实收                      200.00');
    expect(lines).toContain('找零                       38.04');
    expect(lines).toContain('增值税 13%                 18.63');
    expect(lines).toContain('  单品优惠                -10.00');
    expect(lines).toContain('应收                      161.96');
  });

  it('labels a refund and its original', () => {
    const lines = text(layoutReceipt(retailRefund(), { ...base(), language: 'bilingual' }));
    expect(lines.join('\n')).toContain('退货/REFUND');
    expect(lines).toContain('原凭证号 ORIG VOUCHER 000457'.replace('000457', '000458'));
    expect(lines.some((l) => l.startsWith('应退 REFUND DUE') && l.endsWith('6.00'))).toBe(true);
  });
});
