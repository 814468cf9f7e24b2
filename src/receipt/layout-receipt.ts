import { InputError, formatInZone, type Transaction } from '../core/index.js';
import { layoutBankSlip } from './bank-slip.js';
import type { ReceiptDocument } from './document.js';
import { duplicateMark, type DuplicateInfo } from './duplicate-mark.js';
import { ReceiptLanguages, type ReceiptLanguage } from './labels.js';
import type { PaperProfile } from './paper.js';
import { layoutRetailReceipt } from './retail-receipt.js';
import { ReceiptCopies, type ReceiptCopy, type TemplateContext } from './template-context.js';

export const ReceiptTemplates = ['bank-slip', 'retail'] as const;
export type ReceiptTemplate = (typeof ReceiptTemplates)[number];

export interface LayoutOptions {
  paper: PaperProfile;
  /** Bank slip only; the merchant copy unless told. */
  copy?: ReceiptCopy;
  /** Bilingual for the bank slip and Chinese for retail unless told. */
  language?: ReceiptLanguage;
  /** IANA zone of the store: every time on the receipt is local to it. */
  timeZone: string;
  duplicate?: DuplicateInfo;
  /** QR payload, e.g. a link to verify the receipt; retail falls back to the receipt no. */
  verificationUrl?: string;
}

/** A card payment with nothing itemised is a bank slip; anything else is a shop receipt. */
export function receiptTemplate(tx: Transaction): ReceiptTemplate {
  return tx.card !== undefined && (tx.items === undefined || tx.items.length === 0) ? 'bank-slip' : 'retail';
}

function check<T extends string>(value: T | undefined, allowed: readonly T[], what: string): void {
  if (value !== undefined && !allowed.includes(value)) {
    throw new InputError('BAD_LAYOUT_OPTION', `unknown ${what} "${String(value)}"`, { hint: `use one of ${allowed.join(', ')}`, context: { option: what, value: String(value), allowed } });
  }
}

/**
 * Lays a journaled transaction out for one paper. A pure function of its arguments — no
 * clock, no settings — so a reprint is the original plus the duplicate mark, byte for byte.
 */
export function layoutReceipt(tx: Transaction, options: LayoutOptions): ReceiptDocument {
  check(options.copy, ReceiptCopies, 'copy');
  check(options.language, ReceiptLanguages, 'language');
  // Fails early with a clear error for an unknown zone, before any line is laid out.
  formatInZone(0, options.timeZone);
  if (options.duplicate) duplicateMark(options.duplicate.copy);

  const template = receiptTemplate(tx);
  const ctx: TemplateContext = {
    tx,
    columns: options.paper.columns,
    dots: options.paper.dots,
    language: options.language ?? (template === 'bank-slip' ? 'bilingual' : 'zh'),
    timeZone: options.timeZone,
    copy: options.copy ?? 'merchant',
  };
  if (options.duplicate) ctx.duplicate = options.duplicate;
  if (options.verificationUrl !== undefined) ctx.verificationUrl = options.verificationUrl;
  const blocks = template === 'bank-slip' && tx.card ? layoutBankSlip(ctx, tx.card) : layoutRetailReceipt(ctx);
  return { columns: options.paper.columns, dots: options.paper.dots, blocks };
}
