/**
 * Print jobs as the journal keeps them: a mutable working row per job (the spooler's queue)
 * whose every change is written in the same transaction as a journal event in the sale's
 * terminal chain, so the events are the audit trail and the row is only an index of them.
 */

export const JobStates = ['queued', 'sending', 'awaiting-ack', 'printed', 'failed', 'expired', 'rerouted', 'unknown'] as const;
export type JobState = (typeof JobStates)[number];

/** States a job never leaves. */
export const FINAL_JOB_STATES: readonly JobState[] = ['printed', 'failed', 'expired', 'rerouted', 'unknown'];

/**
 * The moves the spooler makes, and the only ones the database lets a job row make (the
 * print_jobs guard): staying put is a retry, a hold or a heartbeat; a final state is never left.
 */
export const JOB_TRANSITIONS: Readonly<Record<'queued' | 'sending' | 'awaiting-ack', readonly JobState[]>> = {
  queued: ['sending', 'failed', 'expired', 'rerouted'],
  sending: ['awaiting-ack', 'printed', 'unknown'],
  'awaiting-ack': ['printed', 'unknown'],
};

/** Journal event types of a job's changes, in the job's chain (the sale's terminal, or printer:NAME). */
export const PrintEventTypes = {
  queued: 'print.queued',
  sending: 'print.sending',
  awaitingAck: 'print.awaiting-ack',
  printed: 'print.printed',
  failed: 'print.failed',
  expired: 'print.expired',
  rerouted: 'print.rerouted',
  unknown: 'print.unknown',
  held: 'print.held',
  retry: 'print.retry',
} as const;
export type PrintEventType = (typeof PrintEventTypes)[keyof typeof PrintEventTypes];
export const PRINT_EVENT_TYPES: readonly PrintEventType[] = Object.values(PrintEventTypes);

export const JobKinds = ['original', 'duplicate', 'test-page', 'report'] as const;
export type JobKind = (typeof JobKinds)[number];

export interface PrintJobRow {
  id: number;
  /** The sale printed (empty for a test page or report). */
  transactionId: string;
  /** Chain the job's events are journaled in: the sale's terminal, or "printer:NAME". */
  terminalId: string;
  kind: JobKind;
  /** 0 for an original; n for DUPLICATE n. */
  copy: number;
  /** Printer name (from the configuration) or HOST:PORT. */
  printer: string;
  backup: string | null;
  state: JobState;
  attempts: number;
  createdAt: number;
  updatedAt: number;
  /** After this the job expires instead of printing a stale receipt. */
  expiresAt: number;
  /** Not tried again before this (retry backoff). */
  notBefore: number;
  /** Paper length in millimetres once printed. */
  paperMm: number;
  /** Last fault or error, for people. */
  detail: string | null;
  /** How to render it (paper, model, copy, language, duplicate mark …), JSON. */
  options: string;
  /** Job that this one was rerouted from. */
  reroutedFrom: number | null;
}

export type NewPrintJob = Omit<PrintJobRow, 'id'>;

/** Fields a state change may set. */
export type PrintJobPatch = Partial<Pick<PrintJobRow, 'state' | 'printer' | 'attempts' | 'updatedAt' | 'notBefore' | 'paperMm' | 'detail'>>;

export interface JobFilter {
  states?: readonly JobState[];
  printer?: string;
  transactionId?: string;
  /** Newest first when listing history; the spooler asks oldest first. */
  order?: 'oldest' | 'newest';
  limit?: number;
}
