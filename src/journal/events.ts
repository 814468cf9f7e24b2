import type { Transaction } from '../core/index.js';

/** Event types in the journal. Later modules add printing and reprint events. */
export const EventTypes = {
  transactionRecorded: 'transaction.recorded',
  /** In the audit chain: a record or print job did not match its chain, so nothing was rendered from it (once per event or job). */
  integrityAlert: 'integrity.alert',
} as const;

export interface TransactionRecordedPayload {
  id: string;
  transaction: Transaction;
  /** Id of the sale a void, refund or completion points at, resolved when it was recorded. */
  originalId?: string;
}
