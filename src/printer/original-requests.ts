import type { Transaction } from '../core/index.js';
import { originalPieces, type CardSlipMode, type ReceiptCopy, type ReceiptTemplate } from '../receipt/index.js';
import type { EnqueueRequest } from './enqueue-rules.js';

/**
 * The jobs of an original print, one per piece of paper: the receipt asked for and, for a card
 * sale, the bank slips the printer adds (its cardSlip setting). Each names its template and
 * copy, which is what tells one original piece from another (see enqueue-rules).
 */
export function originalRequests(
  tx: Transaction,
  base: { transactionId: string; printer: string; backup?: string },
  asked: { template?: ReceiptTemplate; copy?: ReceiptCopy },
  cardSlip: CardSlipMode,
): EnqueueRequest[] {
  return originalPieces(tx, asked, cardSlip).map((piece) => ({ ...base, terminalId: tx.terminalId, kind: 'original', options: { template: piece.template, copy: piece.copy } }));
}
