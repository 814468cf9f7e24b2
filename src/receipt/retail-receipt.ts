import { transactionId, type Transaction } from '../core/index.js';
import type { Block } from './document.js';
import { duplicateMark, reprintPhrases } from './duplicate-mark.js';
import { isReversal, negative, storeTime, sumAmounts } from './format.js';
import { layoutItemTable } from './item-table.js';
import { PAYMENT, RETAIL, SLIP, TRANS_TYPE, retailLabel, slashLabel, type ReceiptLanguage } from './labels.js';
import { ReceiptLines } from './receipt-lines.js';
import { qrBlock, type TemplateContext } from './template-context.js';
import { sanitizeText } from './width.js';

/**
 * The shop receipt (see shared/reference/retail-receipt-58mm.txt): store header, items,
 * totals, payments and change, thanks, and a QR code of the receipt number.
 */
export function layoutRetailReceipt(ctx: TemplateContext): Block[] {
  const { tx, language } = ctx;
  const out = new ReceiptLines(ctx.columns);
  const label = (l: { zh: string; en: string }) => retailLabel(l, language);

  out.big(sanitizeText(tx.store?.name ?? tx.merchant.name), { align: 'center' });
  if (tx.store?.address !== undefined) out.centered(sanitizeText(tx.store.address));
  if (tx.store?.phone !== undefined) out.centered(`${label(RETAIL.phone)} ${sanitizeText(tx.store.phone)}`);
  out.rule();
  out.justified(`${label(RETAIL.receiptNo)} ${sanitizeText(tx.receiptNo ?? transactionId(tx))}`, `${label(RETAIL.cashier)} ${tx.operatorId}`);
  out.wrapped(storeTime(tx.occurredAt, ctx.timeZone, '-'));
  if (tx.kind !== 'sale') layoutKind(out, tx, language);
  out.rule();

  if (tx.items !== undefined && tx.items.length > 0) {
    layoutItemTable(out, tx.items, language, tx.currency);
    out.rule();
    out.justified(label(RETAIL.subtotal), sumAmounts(tx.items.map((i) => i.amount), tx.currency));
  }
  for (const discount of tx.discounts ?? []) out.justified(sanitizeText(discount.name), negative(discount.amount));
  out.justified(label(isReversal(tx) ? RETAIL.refundTotal : RETAIL.total), tx.amount, { bold: true });
  for (const tax of tx.tax ?? []) out.justified(sanitizeText(tax.rate === undefined ? tax.name : `${tax.name} ${tax.rate}`), tax.amount);
  layoutPayments(out, tx, language);
  out.rule();

  // The duplicate mark sits above the footer and is the only thing a reprint adds.
  if (ctx.duplicate) {
    out.centered(duplicateMark(ctx.duplicate.copy), { bold: true });
    out.phrases(reprintPhrases(ctx.duplicate, language, ctx.timeZone, '-'), { align: 'center' });
  }
  if (language !== 'en') out.centered(RETAIL.thanks.zh);
  if (language !== 'zh') out.centered(RETAIL.thanks.en);
  out.feed(1);
  out.block(qrBlock(ctx.verificationUrl ?? tx.receiptNo ?? transactionId(tx), ctx.dots));
  out.block({ type: 'cut', partial: true });
  return out.blocks;
}

function layoutKind(out: ReceiptLines, tx: Transaction, language: ReceiptLanguage): void {
  out.big(slashLabel(TRANS_TYPE[tx.kind], language), { align: 'center' });
  const original = tx.original;
  const refs = [
    [SLIP.origBatch, original?.batchNo],
    [SLIP.origVoucher, original?.voucherNo],
    [SLIP.origRef, original?.referenceNo],
  ] as const;
  for (const [l, value] of refs) if (value !== undefined) out.wrapped(`${retailLabel(l, language)} ${value}`);
}

function layoutPayments(out: ReceiptLines, tx: Transaction, language: ReceiptLanguage): void {
  const label = (l: { zh: string; en: string }) => retailLabel(l, language);
  for (const payment of tx.payments ?? []) {
    const card = payment.method === 'card' && tx.card ? ` **** ${tx.card.last4}` : '';
    out.justified(`${label(PAYMENT[payment.method])}${card}`, payment.amount);
    if (payment.tendered !== undefined) out.justified(label(RETAIL.tendered), payment.tendered);
    if (payment.change !== undefined) out.justified(label(RETAIL.change), payment.change);
    if (payment.reference !== undefined) out.wrapped(sanitizeText(payment.reference), { indent: 2 });
  }
}
