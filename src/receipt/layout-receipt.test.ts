import { describe, expect, it } from 'vitest';
import { containsPan, parseTransaction } from '../core/index.js';
import { retailSale, sale } from '../../test/support/fixtures.js';
import {
  DUPLICATE,
  RECEIPT_CASES,
  STORE_ZONE,
  VERIFY_CODE,
  VERIFY_URL,
  bareCashSale,
  refundSlip,
  retailCardNoPayments,
  retailCardSale,
  retailCashSale,
  retailRefund,
  retailSplitPayment,
  slipSale,
  voidSlip,
} from '../../test/support/receipt-cases.js';
import {
  PAPER_PROFILES,
  PaperIds,
  ReceiptCopies,
  ReceiptLanguages,
  ReceiptTemplates,
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

/** Every combination a receipt can be laid out in; a card sale in both templates too. */
const combinations = RECEIPT_CASES.flatMap((c) =>
  (c.tx().card ? [undefined, ...ReceiptTemplates] : [undefined]).flatMap((template) =>
    PaperIds.flatMap((paper) =>
      ReceiptLanguages.flatMap((language) =>
        ReceiptCopies.flatMap((copy) =>
          [undefined, DUPLICATE].map((duplicate) => ({ ...c, template, paper, language, copy, duplicate, label: `${c.name} ${template ?? 'own template'} ${paper} ${language} ${copy}${duplicate ? ' duplicate' : ''}` })),
        ),
      ),
    ),
  ),
);

const layout = (c: (typeof combinations)[number]) =>
  layoutReceipt(c.tx(), {
    paper: paperProfile(c.paper),
    language: c.language,
    copy: c.copy,
    timeZone: STORE_ZONE,
    verificationUrl: VERIFY_URL,
    verificationCode: VERIFY_CODE,
    ...(c.template ? { template: c.template } : {}),
    ...(c.duplicate ? { duplicate: c.duplicate } : {}),
  });

describe('template choice', () => {
  it('prints a bank slip for a card payment with no items and a shop receipt otherwise', () => {
    expect(receiptTemplate(slipSale())).toBe('slip');
    expect(receiptTemplate(retailCardSale())).toBe('retail');
    expect(receiptTemplate(retailCardNoPayments())).toBe('retail');
    expect(receiptTemplate(bareCashSale())).toBe('retail');
  });

  it('prints the template asked for: the slip of a card sale with items, the shop receipt of a slip sale', () => {
    const slip = text(layoutReceipt(retailCardNoPayments(), { ...base(), template: 'slip' }));
    expect(slip).toContain('                 银联POS签购单');
    expect(slip).toContain('  6217 00** **** *** 9031 /I');
    expect(slip).toContain('金额(AMOUNT):           RMB 16.50');
    const retail = text(layoutReceipt(slipSale(), { ...base(), template: 'retail' }));
    expect(retail.some((l) => l.startsWith('银行卡 **** 4242') && l.endsWith('128.50'))).toBe(true);
    expect(retail.join('\n')).not.toContain('签购单');
  });

  it('refuses the slip of a sale not paid by card, and a template it does not know', () => {
    expect(() => layoutReceipt(retailCashSale(), { ...base(), template: 'slip' })).toThrow(expect.objectContaining({ code: 'NO_CARD_SLIP', message: 'sale 10023456-000128-000462 was not paid by card, so it has no bank slip' }));
    expect(() => layoutReceipt(slipSale(), { ...base(), template: 'receipt' as never })).toThrow(expect.objectContaining({ code: 'BAD_LAYOUT_OPTION', hint: 'use one of slip, retail' }));
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
    const cardCases = RECEIPT_CASES.filter((c) => c.tx().card).length;
    expect(cases.length).toBe((RECEIPT_CASES.length + 2 * cardCases) * 3 * 2 * 2);
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

describe('invisible characters', () => {
  it('are dropped on paper, as a reader sees the text: a zero-width space or joiner, a soft hyphen, a BOM print as nothing, not as boxes', () => {
    const hidden = (t: string) => [...t].join('\u200b').replace('超', '\u200d超').replace('多', '\ufeff多') + '\u00ad';
    for (const [name, make] of [['retail cash', retailCashSale], ['slip sale', slipSale]] as const) {
      const plain = make();
      const pasted = { ...plain, merchant: { ...plain.merchant, name: hidden(plain.merchant.name) }, ...(plain.items ? { items: plain.items.map((i) => ({ ...i, name: hidden(i.name) })) } : {}) };
      expect(JSON.stringify(pasted)).toMatch(/\u200b/);
      for (const language of ReceiptLanguages) {
        const options = { ...base('58'), language };
        expect(renderText(layoutReceipt(pasted, options)), `${name} ${language}`).toBe(renderText(layoutReceipt(plain, options)));
      }
    }
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

describe('retail receipt: how it was paid', () => {
  const lines = (tx = retailCardNoPayments(), options: Partial<LayoutOptions> = {}) => text(layoutReceipt(tx, { ...base('58'), ...options }));

  it('shows a card sale sent without payments as paid by card, with what matches the bank statement', () => {
    expect(lines()).toEqual(
      expect.arrayContaining([
        '应收                       16.50',
        '银行卡 **** 9031           16.50',
        '  发卡行            中国工商银行',
        '  参考号            133041825568',
        '  授权码                  823115',
        '  凭证号                  000458',
        '  批次号                  000128',
        '  终端号                10023456',
        '  持卡人存根',
      ]),
    );
  });

  it('shows the card block in every language and on every paper, never the expiry date', () => {
    const expected = {
      zh: ['银行卡 **** 9031', '发卡行', '参考号', '授权码', '凭证号', '批次号', '终端号'],
      en: ['CARD **** 9031', 'ISSUER', 'REF NO', 'AUTH NO', 'VOUCHER NO', 'BATCH NO', 'TERMINAL NO'],
      bilingual: ['银行卡 CARD **** 9031', '发卡行 ISSUER', '参考号 REF NO', '授权码 AUTH NO', '凭证号 VOUCHER NO', '批次号 BATCH NO', '终端号 TERMINAL NO'],
    } as const;
    for (const paper of PaperIds) {
      for (const language of ReceiptLanguages) {
        const all = text(layoutReceipt(retailCardNoPayments(), { ...base(paper), language })).join('\n');
        for (const words of expected[language]) expect(all, `${paper} ${language}`).toContain(words);
        for (const value of ['133041825568', '823115', '000458', '000128', '10023456', '中国工商银行']) expect(all, `${paper} ${language}`).toContain(value);
        expect(all).not.toContain('08/29');
      }
    }
  });

  it('is the cardholder copy unless told; the merchant copy is labelled and has room to sign', () => {
    const cardholder = lines();
    expect(lines(retailCardNoPayments(), { copy: 'cardholder' })).toEqual(cardholder);
    const merchant = lines(retailCardNoPayments(), { copy: 'merchant', language: 'bilingual' });
    expect(merchant).toContain('  商户存根 MERCHANT COPY');
    expect(merchant.slice(merchant.indexOf('  持卡人签名'), merchant.indexOf('  持卡人签名') + 4)).toEqual(['  持卡人签名', '  CARDHOLDER SIGNATURE', '', '']);
    expect(cardholder.join('\n')).not.toContain('签名');
    expect(lines(retailCashSale()).join('\n')).not.toMatch(/存根|签名/);
  });

  it('puts the card block under the card payment of a split payment', () => {
    const all = lines(retailSplitPayment());
    const cash = all.indexOf('现金                        6.50');
    expect(all.slice(cash, cash + 5)).toEqual([
      '现金                        6.50',
      '实收                       10.00',
      '找零                        3.50',
      '银行卡 **** 4242           10.00',
      '  发卡行                招商银行',
    ]);
  });

  it('still shows a card on record that no payment line names', () => {
    const tx = parseTransaction(retailSale({ referenceNo: '133041825568', card: { masked: '621700*********9031' }, payments: [{ method: 'wechat', amount: '16.50' }] }));
    const all = lines(tx);
    expect(all).toContain('微信支付                   16.50');
    expect(all).toContain('银行卡 **** 9031');
    expect(all).toContain('  参考号            133041825568');
  });
});

describe('verification code under the QR code', () => {
  it('prints the code as text below its QR, breaking only after a dot', () => {
    const doc = layoutReceipt(slipSale(), { ...base('58'), language: 'zh', duplicate: DUPLICATE, verificationUrl: VERIFY_URL, verificationCode: VERIFY_CODE });
    const qr = doc.blocks.findIndex((b) => b.type === 'qr');
    expect(doc.blocks[qr]).toMatchObject({ type: 'qr', data: VERIFY_URL });
    const under = doc.blocks.slice(qr + 1).filter((b) => b.type === 'text');
    expect(under.map((b) => b.type === 'text' && b.align)).toEqual(['center', 'center', 'center']);
    // The text ends with a newline: the last element of the split is empty.
    expect(text(doc).slice(-4, -1)).toEqual(['             验证码', '   10023456-000128-000457.1.', '        K7QX2M9PZR4T8VWA']);
    const wide = text(layoutReceipt(retailCardNoPayments(), { ...base('80'), language: 'en', verificationUrl: VERIFY_URL, verificationCode: VERIFY_CODE }));
    expect(wide.slice(-3, -1)).toEqual(['               VERIFICATION CODE', '   10023456-000128-000457.1.K7QX2M9PZR4T8VWA']);
  });

  it('prints nothing under the QR code when there is no code', () => {
    const plain = text(layoutReceipt(retailCardNoPayments(), base('58')));
    expect(plain.at(-2)).toMatch(/^\s*\[QR: S20261127-0457\]$/);
  });
});

describe('card numbers of every length', () => {
  it('prints a 19-digit number with its last four together on the slip', () => {
    expect(text(layoutReceipt(retailCardNoPayments(), { ...base('58'), template: 'slip', language: 'zh' }))).toContain('  6217 00** **** *** 9031 /I');
  });
});
