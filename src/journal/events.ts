import type { Transaction } from '../core/index.js';

/** Event types in the journal. Later modules add printing and reprint events. */
export const EventTypes = {
  transactionRecorded: 'transaction.recorded',
  captureRecorded: 'capture.recorded',
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

/** The chain of one capture source's print jobs (see `reissue tap`). */
export const captureChain = (source: string) => `capture:${source}`;

/** What was read off a captured receipt; a field not recognised is absent, never guessed. */
export interface CapturedFields {
  merchant?: string;
  amount?: { minor: number; currency: string };
  /** The time printed on it: as printed, and in UTC once the zone is known. */
  printedAt?: { local: string; utc?: string };
  last4?: string;
  referenceNo?: string;
  voucherNo?: string;
  batchNo?: string;
  terminalId?: string;
  operatorId?: string;
}

/**
 * A print job captured on its way from a POS to its printer, as journaled: card numbers are
 * masked in `bytes` (base64) and `text` before it gets here. The capture module fills it in
 * (src/capture, CapturedJob); the journal indexes it and never changes it.
 */
export interface CaptureRecordedPayload {
  id: string;
  source: string;
  capturedAt: string;
  startedAt: string;
  channel: string;
  peer: string;
  connection: number;
  seq: number;
  endedBy: string;
  /** The job's bytes as the POS sent them, card numbers masked in place; base64. */
  bytes: string;
  /** The text as printed, one line per printed line. */
  text: string;
  kanji: boolean;
  /** Paper it was read for ("80", "58"); absent means 80 mm. */
  paper?: string;
  fields: CapturedFields;
  maskedNumbers: number;
  bytesWithheld: boolean;
}
