import { InputError, checkTimeZone, transactionId, type SaleStatus, type Transaction } from '../core/index.js';
import { layoutBankSlip } from './bank-slip.js';
import type { ReceiptDocument } from './document.js';
import { duplicateMark, type DuplicateInfo } from './duplicate-mark.js';
import { ReceiptLanguages, type ReceiptLanguage } from './labels.js';
import type { PaperProfile } from './paper.js';
import { markPreview } from './preview-mark.js';
import { markEReceipt } from './e-receipt-mark.js';
import { layoutRetailReceipt } from './retail-receipt.js';
import { ReceiptCopies, type ReceiptCopy, type TemplateContext } from './template-context.js';

/** The bank-card slip 签购单, or the shop receipt 小票. */
export const ReceiptTemplates = ['slip', 'retail'] as const;
export type ReceiptTemplate = (typeof ReceiptTemplates)[number];

export interface LayoutOptions {
  paper: PaperProfile;
  /** The sale's own template unless told (see receiptTemplate); a slip needs a card sale. */
  template?: ReceiptTemplate;
  /** Which copy: the slip is the merchant copy unless told, the shop receipt the cardholder's (it is handed over). */
  copy?: ReceiptCopy;
  /** Bilingual for the bank slip and Chinese for retail unless told. */
  language?: ReceiptLanguage;
  /** IANA zone of the store: every time on the receipt is local to it. */
  timeZone: string;
  duplicate?: DuplicateInfo;
  /** What voids and refunds did to the sale (Journal.statusOf): marked under its type, e.g. ***已撤销 VOIDED***. */
  status?: SaleStatus;
  /** QR payload, e.g. a link to verify the receipt; retail falls back to the receipt no. */
  verificationUrl?: string;
  /** Printed as text under the QR code, for whoever cannot scan it. */
  verificationCode?: string;
  /**
   * Not a receipt but a look at one (the back office's preview and downloads, the CLI's
   * `receipt`): marked 仅供查看 · PREVIEW — NOT A RECEIPT across the paper (see markPreview).
   */
  preview?: boolean;
  /** The customer's e-receipt (the link's page and PDF): banded 电子凭证 · E-RECEIPT above and below (see markEReceipt). */
  eReceipt?: boolean;
}

/** A card payment with nothing itemised is a bank slip; anything else is a shop receipt. */
export function receiptTemplate(tx: Transaction): ReceiptTemplate {
  return tx.card !== undefined && (tx.items === undefined || tx.items.length === 0) ? 'slip' : 'retail';
}

/** The copy a template prints when none is asked for. */
export function defaultCopy(template: ReceiptTemplate): ReceiptCopy {
  return template === 'slip' ? 'merchant' : 'cardholder';
}

function check<T extends string>(value: T | undefined, allowed: readonly T[], what: string): void {
  if (value !== undefined && !allowed.includes(value)) {
    throw new InputError('BAD_LAYOUT_OPTION', `unknown ${what} "${String(value)}"`, { hint: `use one of ${allowed.join(', ')}`, context: { option: what, value: String(value), allowed } });
  }
}

/** The template asked for, or the sale's own; a slip of a sale not paid by card is refused. */
export function chooseTemplate(tx: Transaction, asked: ReceiptTemplate | undefined): ReceiptTemplate {
  check(asked, ReceiptTemplates, 'template');
  if (asked === 'slip' && tx.card === undefined) {
    throw new InputError('NO_CARD_SLIP', `sale ${transactionId(tx)} was not paid by card, so it has no bank slip`, {
      hint: 'print its shop receipt instead (template retail)',
      context: { id: transactionId(tx) },
    });
  }
  return asked ?? receiptTemplate(tx);
}

/**
 * Lays a journaled transaction out for one paper. A pure function of its arguments — no
 * clock, no settings — so a reprint is the original plus the duplicate mark, byte for byte.
 */
export function layoutReceipt(tx: Transaction, options: LayoutOptions): ReceiptDocument {
  check(options.copy, ReceiptCopies, 'copy');
  check(options.language, ReceiptLanguages, 'language');
  const template = chooseTemplate(tx, options.template);
  // Fails early with a clear error for an unknown zone, before any line is laid out.
  checkTimeZone(options.timeZone);
  if (options.duplicate) duplicateMark(options.duplicate.copy);

  const ctx: TemplateContext = {
    tx,
    columns: options.paper.columns,
    dots: options.paper.dots,
    language: options.language ?? (template === 'slip' ? 'bilingual' : 'zh'),
    timeZone: options.timeZone,
    copy: options.copy ?? defaultCopy(template),
  };
  if (options.duplicate) ctx.duplicate = options.duplicate;
  if (options.status) ctx.status = options.status;
  if (options.verificationUrl !== undefined) ctx.verificationUrl = options.verificationUrl;
  if (options.verificationCode !== undefined) ctx.verificationCode = options.verificationCode;
  const blocks = template === 'slip' && tx.card ? layoutBankSlip(ctx, tx.card) : layoutRetailReceipt(ctx);
  const doc = { columns: options.paper.columns, dots: options.paper.dots, blocks };
  if (options.preview) return markPreview(doc);
  return options.eReceipt ? markEReceipt(doc) : doc;
}
