import type { SaleStatus, Transaction } from '../core/index.js';
import type { QrBlock } from './document.js';
import type { DuplicateInfo } from './duplicate-mark.js';
import { RETAIL, retailLabel, type ReceiptLanguage } from './labels.js';
import type { ReceiptLines } from './receipt-lines.js';

export const ReceiptCopies = ['merchant', 'cardholder'] as const;
export type ReceiptCopy = (typeof ReceiptCopies)[number];

/** Everything a template needs, resolved from the transaction and the layout options. */
export interface TemplateContext {
  tx: Transaction;
  columns: number;
  dots: number;
  language: ReceiptLanguage;
  timeZone: string;
  copy: ReceiptCopy;
  duplicate?: DuplicateInfo;
  /** What voids and refunds did to the sale, printed under its type. */
  status?: SaleStatus;
  verificationUrl?: string;
  verificationCode?: string;
}

/** A QR code about a quarter of the paper wide: easy to scan, cheap in paper. */
export function qrBlock(data: string, dots: number): QrBlock {
  return { type: 'qr', data, size: dots >= 512 ? 6 : 5, ecc: 'M', align: 'center' };
}

/**
 * The QR code and, when there is one, the verification code printed under it, so that a
 * customer without a phone can type it (`reissue check`, /verify). The code breaks only
 * after one of its dots, so a line break never looks like part of it.
 */
export function layoutQr(out: ReceiptLines, ctx: TemplateContext, data: string): void {
  layoutCodeQr(out, { dots: ctx.dots, language: ctx.language, code: ctx.verificationCode }, data);
}

/** The QR code of `data` and, when given, the verification code under it (also on duplicates of captured receipts). */
export function layoutCodeQr(out: ReceiptLines, where: { dots: number; language: ReceiptLanguage; code: string | undefined }, data: string): void {
  out.block(qrBlock(data, where.dots));
  if (where.code === undefined) return;
  out.centered(retailLabel(RETAIL.verificationCode, where.language));
  out.phrases(where.code.split(/(?<=\.)/), { align: 'center', joiner: '' });
}
