import type { Transaction } from '../core/index.js';

/** Event types in the journal. Later modules add printing and reprint events. */
export const EventTypes = {
  transactionRecorded: 'transaction.recorded',
} as const;

export interface TransactionRecordedPayload {
  id: string;
  transaction: Transaction;
  /** Id of the sale a void, refund or completion points at, resolved when it was recorded. */
  originalId?: string;
}
