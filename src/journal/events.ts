import type { Transaction } from '../core/index.js';

/** Event types in the journal. Later modules add printing and reprint events. */
export const EventTypes = {
  transactionRecorded: 'transaction.recorded',
  /** In the audit chain: a record or print job did not match its chain, so nothing was rendered from it (once per event or job). */
  integrityAlert: 'integrity.alert',
} as const;

/**
 * Who recorded a sale: the signed-in user over HTTP; on the command line the name given with
 * --by, else the operating-system user running it (the CLI has the journal file, not a
 * sign-in, so its name is the operator's word, kept as such). Absent for sales recorded by
 * Reissue itself (demo data) and before this was kept.
 */
export interface RecordedBy {
  via: 'http' | 'cli';
  user: string;
}

export interface TransactionRecordedPayload {
  id: string;
  transaction: Transaction;
  /** Id of the sale a void, refund or completion points at, resolved when it was recorded. */
  originalId?: string;
  recordedBy?: RecordedBy;
}
