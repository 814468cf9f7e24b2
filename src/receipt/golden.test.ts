import { describe, expect, it } from 'vitest';
import type { Transaction } from '../core/index.js';
import { readGolden } from '../../test/support/golden.js';
import { DUPLICATE, PARTLY_REFUNDED, STORE_ZONE, VERIFY_CODE, VERIFY_URL, VOIDED, retailCardNoPayments, retailCardSale, retailCashSale, retailSplitPayment, slipSale, voidSlip } from '../../test/support/receipt-cases.js';
import { PaperIds, ReceiptLanguages, layoutReceipt, paperProfile, renderText, type LayoutOptions } from './index.js';

// Compared exactly; UPDATE_GOLDEN=1 rewrites them after an intended layout change.
function matchesGolden(name: string, actual: string): void {
  expect(actual).toBe(readGolden(name, actual).toString('utf8'));
}

const templates: ReadonlyArray<{ name: string; tx: () => Transaction; options: Partial<LayoutOptions> }> = [
  // As in the reference samples: the merchant copy of a reprinted slip; a reprinted receipt of
  // a card sale (sent without payments), its payment block showing the card. Both carry the
  // verification QR with its code printed under it.
  { name: 'bank-slip', tx: slipSale, options: { duplicate: DUPLICATE, verificationUrl: VERIFY_URL, verificationCode: VERIFY_CODE } },
  { name: 'retail', tx: retailCardNoPayments, options: { duplicate: DUPLICATE, verificationUrl: VERIFY_URL, verificationCode: VERIFY_CODE } },
];

describe('text goldens: template × paper × language', () => {
  for (const t of templates) {
    for (const paper of PaperIds) {
      for (const language of ReceiptLanguages) {
        it(`${t.name} ${paper} ${language}`, () => {
          const doc = layoutReceipt(t.tx(), { paper: paperProfile(paper), timeZone: STORE_ZONE, language, ...t.options });
          matchesGolden(`${t.name}-${paper}-${language}.txt`, renderText(doc));
        });
      }
    }
  }
});

describe('text goldens: other shapes', () => {
  const extra: ReadonlyArray<[string, Transaction, Omit<Partial<LayoutOptions>, 'paper'> & { paper: string }]> = [
    ['bank-slip-cardholder-80-bilingual.txt', slipSale(), { paper: '80', copy: 'cardholder' }],
    ['bank-slip-void-58-zh.txt', voidSlip(), { paper: '58', language: 'zh' }],
    ['retail-cash-80-bilingual.txt', retailCashSale(), { paper: '80', language: 'bilingual' }],
    ['retail-cash-58-en.txt', retailCashSale(), { paper: '58', language: 'en' }],
    ['retail-card-payment-58-zh.txt', retailCardSale(), { paper: '58', language: 'zh' }],
    ['retail-merchant-copy-80-bilingual.txt', retailCardNoPayments(), { paper: '80', language: 'bilingual', copy: 'merchant' }],
    ['retail-card-and-cash-80-180-zh.txt', retailSplitPayment(), { paper: '80-180', language: 'zh' }],
    ['bank-slip-of-retail-sale-58-bilingual.txt', retailCardNoPayments(), { paper: '58', template: 'slip', copy: 'cardholder' }],
    // What the back office and `reissue receipt` give: a look at the receipt, marked across the paper.
    ['preview-bank-slip-58-bilingual.txt', slipSale(), { paper: '58', preview: true }],
    ['preview-retail-80-zh.txt', retailCardSale(), { paper: '80', language: 'zh', preview: true }],
    // The duplicate of a sale a void cancelled: marked under its type.
    ['bank-slip-voided-duplicate-80-bilingual.txt', slipSale(), { paper: '80', status: VOIDED, duplicate: DUPLICATE, verificationUrl: VERIFY_URL, verificationCode: VERIFY_CODE }],
    ['retail-partly-refunded-58-zh.txt', retailCardSale(), { paper: '58', language: 'zh', status: PARTLY_REFUNDED }],
  ];
  it.each(extra)('%s', (name, tx, { paper, ...options }) => {
    matchesGolden(name, renderText(layoutReceipt(tx, { timeZone: STORE_ZONE, ...options, paper: paperProfile(paper) })));
  });
});
