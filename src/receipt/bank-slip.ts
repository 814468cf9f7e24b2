import type { TransactionCard } from '../core/index.js';
import type { Block } from './document.js';
import { duplicateMark, reprintPhrases } from './duplicate-mark.js';
import { cardNumberText, slipAmount, storeTime } from './format.js';
import { SLIP, TRANS_TYPE, slashLabel, slipLabel } from './labels.js';
import { ReceiptLines } from './receipt-lines.js';
import { layoutStatus } from './status-mark.js';
import { layoutQr, type TemplateContext } from './template-context.js';
import { displayWidth, sanitizeText } from './width.js';

const BOLD_TALL = { bold: true, height: 2 } as const;

/**
 * The bank-card slip 签购单 in the UnionPay layout (see shared/reference/bank-slip-80mm.txt):
 * merchant or cardholder copy, bilingual labels by default, signature on the merchant copy.
 */
export function layoutBankSlip(ctx: TemplateContext, card: TransactionCard): Block[] {
  const { tx, language, columns } = ctx;
  const out = new ReceiptLines(columns);
  const label = (l: { zh: string; en: string }) => slipLabel(l, language);
  // Values line up one column after the longest label, as long as a date and time
  // (19 columns) still fits after it; past that they go to the right edge or below.
  const inline = [SLIP.merchantNo, SLIP.terminalNo, SLIP.operatorNo, SLIP.issuer, SLIP.acquirer, SLIP.expiry, SLIP.batchNo, SLIP.voucherNo, SLIP.authNo, SLIP.refNo, SLIP.dateTime, SLIP.amount];
  const valueColumn = Math.min(columns - 19, Math.max(...inline.map((l) => displayWidth(label(l)))) + 2);
  const field = (l: { zh: string; en: string }, value: string, style?: typeof BOLD_TALL) => out.field(label(l), sanitizeText(value), valueColumn, style);

  if (language !== 'en') out.big(SLIP.title.zh, { align: 'center' });
  if (language !== 'zh') out.centered(SLIP.title.en, language === 'en' ? { bold: true, height: 2 } : undefined);
  out.rule();
  const copyLabel = ctx.copy === 'merchant' ? SLIP.merchantCopy : SLIP.cardholderCopy;
  if (language === 'bilingual') out.justified(copyLabel.zh, copyLabel.en);
  else out.wrapped(copyLabel[language]);
  out.rule();

  out.wrapped(label(SLIP.merchantName));
  if (language !== 'en' || tx.merchant.nameEn === undefined) out.wrapped(sanitizeText(tx.merchant.name), { indent: 2 });
  if (language !== 'zh' && tx.merchant.nameEn !== undefined) out.wrapped(sanitizeText(tx.merchant.nameEn), { indent: 2 });
  field(SLIP.merchantNo, tx.merchant.id);
  field(SLIP.terminalNo, tx.terminalId);
  field(SLIP.operatorNo, tx.operatorId);
  out.rule();

  if (card.issuer !== undefined) field(SLIP.issuer, card.issuer);
  if (card.acquirer !== undefined) field(SLIP.acquirer, card.acquirer);
  out.stacked(label(SLIP.cardNo), cardNumberText(card), BOLD_TALL);
  // The expiry date helps a fraudster more than the cardholder: merchant copy only.
  if (ctx.copy === 'merchant' && card.expiry !== undefined) field(SLIP.expiry, card.expiry);
  out.wrapped(label(SLIP.transType));
  out.big(slashLabel(TRANS_TYPE[tx.kind], language), { indent: 2 });
  layoutStatus(out, ctx, '/');
  field(SLIP.batchNo, tx.batchNo);
  field(SLIP.voucherNo, tx.voucherNo);
  if (tx.authCode !== undefined) field(SLIP.authNo, tx.authCode);
  if (tx.referenceNo !== undefined) field(SLIP.refNo, tx.referenceNo);
  field(SLIP.dateTime, storeTime(tx.occurredAt, ctx.timeZone, '/'));
  field(SLIP.amount, slipAmount(tx), BOLD_TALL);
  out.rule();

  // Always printed, even empty, so that a duplicate differs from the original only by the
  // mark and the reprint line inside it.
  out.wrapped(label(SLIP.reference));
  const inner = (l: { zh: string; en: string }, value: string) => out.wrapped(`${label(l)} ${value}`, { indent: 2 });
  if (tx.original?.batchNo !== undefined) inner(SLIP.origBatch, tx.original.batchNo);
  if (tx.original?.voucherNo !== undefined) inner(SLIP.origVoucher, tx.original.voucherNo);
  if (tx.original?.referenceNo !== undefined) inner(SLIP.origRef, tx.original.referenceNo);
  if (tx.note !== undefined) out.wrapped(tx.note.split(/\r\n|\r|\n/).map(sanitizeText).join('\n'), { indent: 2 });
  if (ctx.duplicate) {
    out.bold(duplicateMark(ctx.duplicate.copy), { indent: 2 });
    out.phrases(reprintPhrases(ctx.duplicate, language, ctx.timeZone, '/'), { indent: 2 });
  }
  out.rule();

  if (ctx.copy === 'merchant') {
    if (language === 'bilingual') out.phrases([SLIP.signature.zh, `(${SLIP.signature.en}):`], { joiner: '' });
    else out.wrapped(label(SLIP.signature));
    out.feed(3);
  }
  if (language !== 'en') out.phrases(SLIP.acknowledge.zh.split(/(?<=,)/), { joiner: '' });
  if (language !== 'zh') out.wrapped(SLIP.acknowledge.en);
  if (ctx.verificationUrl !== undefined) {
    out.feed(1);
    layoutQr(out, ctx, ctx.verificationUrl);
  }
  out.block({ type: 'cut', partial: true });
  return out.blocks;
}
