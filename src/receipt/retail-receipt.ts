import { transactionId, type Transaction, type TransactionCard } from '../core/index.js';
import type { Block } from './document.js';
import { layoutCentredMark } from './duplicate-blocks.js';
import { isReversal, negative, storeTime, sumAmounts } from './format.js';
import { layoutItemTable } from './item-table.js';
import { PAYMENT, RETAIL, SLIP, TRANS_TYPE, retailLabel, slashLabel, type ReceiptLanguage } from './labels.js';
import { ReceiptLines } from './receipt-lines.js';
import { layoutStatus } from './status-mark.js';
import { layoutQr, type TemplateContext } from './template-context.js';
import { sanitizeText } from './width.js';

/**
 * The shop receipt (see shared/reference/retail-receipt-58mm.txt): store header, items,
 * totals, how it was paid (for a card: the card's last four and what matches the bank
 * statement), thanks, and a QR code of the receipt number or the verification link.
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
  layoutStatus(out, ctx, '-');
  out.rule();

  if (tx.items !== undefined && tx.items.length > 0) {
    layoutItemTable(out, tx.items, language, tx.currency);
    out.rule();
    out.justified(label(RETAIL.subtotal), sumAmounts(tx.items.map((i) => i.amount), tx.currency));
  }
  for (const discount of tx.discounts ?? []) out.justified(sanitizeText(discount.name), negative(discount.amount));
  out.justified(label(isReversal(tx) ? RETAIL.refundTotal : RETAIL.total), tx.amount, { bold: true });
  for (const tax of tx.tax ?? []) out.justified(sanitizeText(tax.rate === undefined ? tax.name : `${tax.name} ${tax.rate}`), tax.amount);
  layoutPayments(out, ctx);
  out.rule();

  // The duplicate mark sits above the footer and is the only thing a reprint adds.
  if (ctx.duplicate) layoutCentredMark(out, ctx.duplicate, language, ctx.timeZone);
  if (language !== 'en') out.centered(RETAIL.thanks.zh);
  if (language !== 'zh') out.centered(RETAIL.thanks.en);
  out.feed(1);
  layoutQr(out, ctx, ctx.verificationUrl ?? tx.receiptNo ?? transactionId(tx));
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

type Payment = NonNullable<Transaction['payments']>[number];

/**
 * Each payment, and under the card payment what ties the receipt to the bank statement. A
 * card sale sent without payments was paid by card in full.
 */
function layoutPayments(out: ReceiptLines, ctx: TemplateContext): void {
  const { tx, language } = ctx;
  const label = (l: { zh: string; en: string }) => retailLabel(l, language);
  const given = tx.payments ?? [];
  const payments: Payment[] = given.length === 0 && tx.card ? [{ method: 'card', amount: tx.amount }] : given;
  let cardShown = false;
  for (const payment of payments) {
    const card = payment.method === 'card' ? tx.card : undefined;
    out.justified(`${label(PAYMENT[payment.method])}${card ? ` **** ${card.last4}` : ''}`, payment.amount);
    if (payment.tendered !== undefined) out.justified(label(RETAIL.tendered), payment.tendered);
    if (payment.change !== undefined) out.justified(label(RETAIL.change), payment.change);
    if (payment.reference !== undefined) out.wrapped(sanitizeText(payment.reference), { indent: 2 });
    if (card && !cardShown) layoutCard(out, ctx, card);
    cardShown ||= card !== undefined;
  }
  // A card on record that no payment line names is still shown, so the receipt can be matched.
  if (tx.card && !cardShown) {
    out.wrapped(`${label(PAYMENT.card)} **** ${tx.card.last4}`);
    layoutCard(out, ctx, tx.card);
  }
}

/** Issuer, reference no., authorisation code, voucher, batch and terminal; the copy, and the signature on the merchant's. */
function layoutCard(out: ReceiptLines, ctx: TemplateContext, card: TransactionCard): void {
  const { tx, language } = ctx;
  const line = (l: { zh: string; en: string }, value: string | undefined) => {
    if (value !== undefined) out.justified(`  ${retailLabel(l, language)}`, sanitizeText(value));
  };
  line(SLIP.issuer, card.issuer);
  line(SLIP.refNo, tx.referenceNo);
  line(SLIP.authNo, tx.authCode);
  line(SLIP.voucherNo, tx.voucherNo);
  line(SLIP.batchNo, tx.batchNo);
  line(RETAIL.terminalNo, tx.terminalId);
  const copy = ctx.copy === 'merchant' ? SLIP.merchantCopy : SLIP.cardholderCopy;
  out.wrapped(retailLabel(copy, language), { indent: 2 });
  if (ctx.copy === 'merchant') {
    // The two languages break between them, never inside "CARDHOLDER SIGNATURE".
    out.phrases(language === 'bilingual' ? [SLIP.signature.zh, SLIP.signature.en] : [SLIP.signature[language]], { indent: 2 });
    out.feed(2);
  }
}
