import type { Transaction } from '../core/index.js';
import { chooseTemplate, defaultCopy, type ReceiptTemplate } from './layout-receipt.js';
import type { ReceiptCopy } from './template-context.js';

/** Which bank slips (签购单) a shop prints with the receipt of a card sale. */
export const CardSlipModes = ['none', 'merchant', 'both'] as const;
export type CardSlipMode = (typeof CardSlipModes)[number];

/** One piece of paper: a template in one copy. */
export interface ReceiptPiece {
  template: ReceiptTemplate;
  copy: ReceiptCopy;
}

/**
 * The pieces of paper the original print of a sale is, in printing order: the receipt asked
 * for (or the sale's own, in its own copy), then — when no template was asked for and the
 * sale was paid by card — the slips the shop prints: the merchant copy for `merchant`, the
 * merchant and cardholder copies for `both`. A piece is never printed twice.
 */
export function originalPieces(tx: Transaction, asked: { template?: ReceiptTemplate; copy?: ReceiptCopy }, cardSlip: CardSlipMode): ReceiptPiece[] {
  const template = chooseTemplate(tx, asked.template);
  // Without a card the shop receipt has one face: the job says the copy it prints.
  const copy = tx.card === undefined ? defaultCopy(template) : (asked.copy ?? defaultCopy(template));
  const first: ReceiptPiece = { template, copy };
  if (asked.template !== undefined || tx.card === undefined) return [first];
  const slips: ReceiptCopy[] = cardSlip === 'both' ? ['merchant', 'cardholder'] : cardSlip === 'merchant' ? ['merchant'] : [];
  return [first, ...slips.map((copy): ReceiptPiece => ({ template: 'slip', copy })).filter((p) => p.template !== first.template || p.copy !== first.copy)];
}
