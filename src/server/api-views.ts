/**
 * The API's answers as types, for the back-office pages (src/web imports them with
 * `import type`): written once, here, from what the routes return, so a page cannot read a
 * field the server no longer sends.
 */
import type { z } from 'zod';
import type { SaleStatus } from '../core/index.js';
import type { CaptureListing, JournaledTransaction } from '../journal/index.js';
import type { ReceiptCopy } from '../receipt/index.js';
import type { captureView } from './routes/captures.js';
import type { eReceiptView, replicaNoticeView, reprintOutcomeView, reprintPolicyView, sessionView, verifyView } from './schemas.js';
import type { JobView } from './views.js';

export type { JobView, PrinterView } from './views.js';
export type { Problem } from './problem.js';
export type { DayReport, Tally } from '../reports/index.js';

/** A journaled sale as JSON (an undefined originalId is left out), with what voids and refunds did to it. */
export type TransactionView = Omit<JournaledTransaction, 'originalId'> & { originalId?: string; status?: SaleStatus };

/** GET /api/v1/transactions/{id}. */
export interface TransactionWithJobs extends TransactionView {
  /** The copies that print differently; empty when the copy changes nothing. */
  copies: ReceiptCopy[];
  jobs: JobView[];
}

/** GET /api/v1/captures/{id}. */
export type CaptureWithJobs = z.output<typeof captureView> & { jobs: JobView[] };

/** GET /api/v1/receipts: a sale or a captured receipt. */
export type ReceiptView = (TransactionView & { origin: 'sale' }) | CaptureListing;

export interface PageOf<T> {
  items: T[];
  next: string | null;
  /** A search answered by a read replica: how far it lags. */
  replica?: ReplicaNotice;
}

export type ReplicaNotice = z.output<typeof replicaNoticeView>;

export type SessionView = z.output<typeof sessionView>;
export type ReprintOutcome = z.output<typeof reprintOutcomeView>;
export type ReprintPolicyView = z.output<typeof reprintPolicyView>;
export type VerifyView = z.output<typeof verifyView>;
export type EReceiptView = z.output<typeof eReceiptView>;

/** One audit entry: its type, when, and the event's own fields. */
export type AuditEntry = { seq: number; type: string; recordedAt: string } & Record<string, unknown>;
