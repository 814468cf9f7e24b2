import type { Transaction } from '../core/index.js';
import type { QrBlock } from './document.js';
import type { DuplicateInfo } from './duplicate-mark.js';
import type { ReceiptLanguage } from './labels.js';

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
  verificationUrl?: string;
}

/** A QR code about a quarter of the paper wide: easy to scan, cheap in paper. */
export function qrBlock(data: string, dots: number): QrBlock {
  return { type: 'qr', data, size: dots >= 512 ? 6 : 5, ecc: 'M', align: 'center' };
}
