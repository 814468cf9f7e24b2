import { ConflictError, type ErrorDetails } from '../core/index.js';
import type { PrintJobRow } from '../journal/index.js';
import { PrinterError } from './errors.js';

export const PrintConflictCodes = ['ALREADY_PRINTED', 'PRINT_OUTCOME_UNKNOWN', 'ALREADY_QUEUED', 'COPY_ALREADY_USED'] as const;
export type PrintConflictCode = (typeof PrintConflictCodes)[number];

const REPRINT_HINT = 'to give the customer another receipt, print a marked duplicate with `reissue reprint ID`';

/** A sale already has the print asked for (printed, in flight, or with an unknown outcome): printing it again as such would be a silent duplicate. */
export class PrintConflictError extends ConflictError {
  declare readonly code: PrintConflictCode;
  /** The job that is in the way. */
  readonly job: PrintJobRow;

  constructor(code: PrintConflictCode, job: PrintJobRow, details: ErrorDetails = {}) {
    super(code, conflictMessage(code, job), { ...details, hint: details.hint ?? conflictHint(code), context: { ...details.context, transactionId: job.transactionId, jobId: job.id, state: job.state, printer: job.printer, jobKind: job.kind, copy: job.copy } });
    this.job = job;
  }
}

function conflictMessage(code: PrintConflictCode, job: PrintJobRow): string {
  const what = job.kind === 'original' ? 'the original receipt' : `${job.kind} ${job.copy}`;
  switch (code) {
    case 'ALREADY_PRINTED':
      return `${what} of ${job.transactionId} was already printed (job ${job.id} on ${job.printer})`;
    case 'PRINT_OUTCOME_UNKNOWN':
      return `${what} of ${job.transactionId} may have printed: job ${job.id} on ${job.printer} lost its printer mid-job`;
    case 'ALREADY_QUEUED':
      return `${what} of ${job.transactionId} is already in the queue (job ${job.id} on ${job.printer}, ${job.state})`;
    case 'COPY_ALREADY_USED':
      return `duplicate ${job.copy} of ${job.transactionId} already exists (job ${job.id}, ${job.state})`;
  }
}

function conflictHint(code: PrintConflictCode): string {
  switch (code) {
    case 'ALREADY_PRINTED':
      return REPRINT_HINT;
    case 'PRINT_OUTCOME_UNKNOWN':
      return `look at the printer's output first; if the receipt is not there, ${REPRINT_HINT.replace('to give the customer another receipt, ', '')}`;
    case 'ALREADY_QUEUED':
      return `wait for it (it prints as soon as the printer can); if the customer needs another receipt afterwards, use \`reissue reprint ID\``;
    case 'COPY_ALREADY_USED':
      return 'each reprint takes the next copy number; let `reissue reprint` number it';
  }
}

/** waitFor gave up: the job is still open and goes on by itself. */
export class PrintWaitTimeoutError extends PrinterError {
  readonly job: PrintJobRow;

  constructor(job: PrintJobRow, timeoutMs: number) {
    super('PRINT_WAIT_TIMEOUT', `job ${job.id} on ${job.printer} is still ${job.state} after ${timeoutMs} ms${job.detail ? ` (${job.detail})` : ''}`, {
      hint: 'the job stays queued and prints once the printer is back (or expires); see `reissue printers` for the printer\'s state',
      context: { jobId: job.id, state: job.state, printer: job.printer, timeoutMs, ...(job.detail ? { jobDetail: job.detail } : {}) },
    });
    this.job = job;
  }
}
