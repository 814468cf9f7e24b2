import type { PrintJobRow } from '../journal/index.js';
import { FINAL_JOB_STATES } from '../journal/index.js';
import type { PrinterReport } from '../printer/index.js';
import type { ReceiptLanguage } from '../receipt/index.js';

/** A print job as the API shows it: ISO 8601 times, no renderer options. */
export interface JobView {
  id: number;
  transactionId: string | null;
  kind: PrintJobRow['kind'];
  copy: number;
  printer: string;
  backup: string | null;
  state: PrintJobRow['state'];
  /** The job will not change any more. */
  final: boolean;
  attempts: number;
  detail: string | null;
  paperMm: number;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  reroutedFrom: number | null;
  /** Where to poll it. */
  href: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function jobView(job: PrintJobRow): JobView {
  return {
    id: job.id,
    transactionId: job.transactionId === '' ? null : job.transactionId,
    kind: job.kind,
    copy: job.copy,
    printer: job.printer,
    backup: job.backup,
    state: job.state,
    final: FINAL_JOB_STATES.includes(job.state),
    attempts: job.attempts,
    detail: job.detail,
    paperMm: job.paperMm,
    createdAt: iso(job.createdAt),
    updatedAt: iso(job.updatedAt),
    expiresAt: iso(job.expiresAt),
    reroutedFrom: job.reroutedFrom,
    href: `/api/v1/jobs/${job.id}`,
  };
}

const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/** A printer as GET /api/v1/printers shows it: ISO 8601 times, and the language it prints (null: each receipt's own). */
export function printerView(p: PrinterReport, language: ReceiptLanguage | null) {
  return { ...p, language, checkedAt: isoOrNull(p.checkedAt), lastCleanedAt: isoOrNull(p.lastCleanedAt), lastPrintedAt: isoOrNull(p.lastPrintedAt) };
}
export type PrinterView = ReturnType<typeof printerView>;
