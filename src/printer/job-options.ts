import { z } from 'zod';
import { InputError, IntegrityError, SaleStates, canonicalJson } from '../core/index.js';
import { PrintEventTypes, isPrintEvent, type EventRow, type JobKind, type PrintJobRow } from '../journal/index.js';
import { ReceiptCopies, ReceiptLanguages, ReceiptTemplates } from '../receipt/index.js';

/**
 * What a print job asks of the renderer, kept in the job so a retry prints the same thing.
 * One schema per kind, strict: an unknown (e.g. misspelt) key is refused when the job is
 * queued, and a stored value that no longer parses is reported when it is read — a
 * duplicate never prints without its mark or QR because a key was wrong.
 */

const duplicateInfo = z.strictObject({
  /** 1 for the first reprint, 2 for the second… */
  copy: z.number().int().min(1),
  /** ISO 8601. */
  reprintedAt: z.string().min(1),
  operatorId: z.string().min(1),
  approverId: z.string().min(1).optional(),
});

/** What voids and refunds had done to the sale when a duplicate was issued, or when it was sent (core SaleStatus). */
const saleStatus = z.strictObject({
  state: z.enum(SaleStates),
  amount: z.string().min(1),
  currency: z.string().min(1),
  corrections: z.array(
    z.strictObject({
      id: z.string().min(1),
      kind: z.enum(['void', 'refund']),
      terminalId: z.string(),
      batchNo: z.string(),
      voucherNo: z.string(),
      occurredAt: z.string().min(1),
      amount: z.string().min(1),
      currency: z.string().min(1),
    }),
  ),
});

/** An original or a duplicate of a sale. */
export const receiptJobOptions = z.strictObject({
  /** Which piece of paper: the bank slip or the shop receipt (an original names it, see originalRequests). */
  template: z.enum(ReceiptTemplates).optional(),
  copy: z.enum(ReceiptCopies).optional(),
  language: z.enum(ReceiptLanguages).optional(),
  /** The DUPLICATE mark and reprint line; set on duplicates only. */
  duplicate: duplicateInfo.optional(),
  /** Printed under the type: 已撤销 VOIDED / 已退货 REFUNDED with each correction. */
  status: saleStatus.optional(),
  /** The verification link in the QR code. */
  verificationUrl: z.string().min(1).optional(),
  /** Printed under the QR code of a duplicate. */
  verificationCode: z.string().min(1).optional(),
});

/** A day's transaction list and totals, rendered from the journal when it prints. */
export const reportJobOptions = z.strictObject({
  report: z.strictObject({
    /** The store-local day, YYYY-MM-DD. */
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    terminalId: z.string().min(1).optional(),
    batchNo: z.string().min(1).optional(),
    operatorId: z.string().min(1).optional(),
    /** Head office: the shops the report covers (`report --store`); every store when left out. */
    stores: z.array(z.string().min(1)).min(1).optional(),
  }),
  language: z.enum(ReceiptLanguages).optional(),
});

const testPageOptions = z.strictObject({ testPage: z.literal(true) });

export type ReceiptJobOptions = z.infer<typeof receiptJobOptions>;
export type ReportJobOptions = z.infer<typeof reportJobOptions>;
export type PrintJobOptions = ReceiptJobOptions | ReportJobOptions;

const SCHEMAS: Readonly<Record<JobKind, z.ZodType>> = { original: receiptJobOptions, duplicate: receiptJobOptions, report: reportJobOptions, 'test-page': testPageOptions };

function problem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'not valid';
  return `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`;
}

/** The options of a new job of `kind` as stored (canonical JSON); BAD_JOB_OPTIONS names what is wrong. */
export function encodeJobOptions(kind: JobKind, options: unknown): string {
  const parsed = SCHEMAS[kind].safeParse(options ?? {});
  if (!parsed.success) {
    const reason = problem(parsed.error);
    throw new InputError('BAD_JOB_OPTIONS', `the print options of a ${kind} job are wrong: ${reason}`, {
      hint:
        kind === 'report'
          ? 'give { report: { date: "YYYY-MM-DD", terminalId?, batchNo?, operatorId?, stores? }, language? }'
          : 'use only template (slip|retail), copy (merchant|cardholder), language (zh|en|bilingual), duplicate { copy, reprintedAt, operatorId, approverId? }, status, verificationUrl and verificationCode',
      context: { jobKind: kind, reason },
    });
  }
  return canonicalJson(parsed.data);
}

function decode<T>(job: PrintJobRow, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(job.options);
  } catch {
    value = undefined;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const reason = value === undefined ? 'not JSON' : problem(parsed.error);
    throw new IntegrityError('JOB_OPTIONS_DAMAGED', `the stored options of print job ${job.id} cannot be read (${reason}), so it is not printed`, {
      hint: 'the job was changed outside Reissue; queue the print again (a reprint for a duplicate) and check who has access to the database',
      context: { jobId: job.id, jobKind: job.kind, reason },
    });
  }
  return parsed.data;
}

/** The stored options of an original or duplicate; JOB_OPTIONS_DAMAGED when they do not parse. */
export function receiptOptionsOf(job: PrintJobRow): ReceiptJobOptions {
  if (job.kind !== 'original' && job.kind !== 'duplicate') throw new InputError('NOT_A_RECEIPT_JOB', `print job ${job.id} is a ${job.kind}, not a receipt`, { hint: 'only originals and duplicates of a sale carry receipt options', context: { jobId: job.id, jobKind: job.kind } });
  return decode(job, receiptJobOptions);
}

/** The stored options of a report job; JOB_OPTIONS_DAMAGED when they do not parse. */
export function reportOptionsOf(job: PrintJobRow): ReportJobOptions {
  if (job.kind !== 'report') throw new InputError('NOT_A_REPORT_JOB', `print job ${job.id} is a ${job.kind}, not a report`, { hint: 'only report jobs carry report options', context: { jobId: job.id, jobKind: job.kind } });
  return decode(job, reportJobOptions);
}

/**
 * What a duplicate's render read from its sale when it was sent: its mark, the sale's status
 * then (null: none). Journaled with the job's sending (RenderedJob.printedWith); a job sent as
 * it was queued (handed over in that write) says nothing and printed its options' mark.
 */
export const printedWith = z.strictObject({ status: saleStatus.nullable() });
export type PrintedWith = z.infer<typeof printedWith>;

/**
 * A receipt job's options as they went to paper, from the job's print events (checked, see
 * Journal.checkJob): its options with the mark its render journaled when it was sent, if it
 * did. `sent` is false for a job never taken for sending (queued, rerouted, failed or expired
 * before): nothing of it went to paper. A journaled mark that does not parse is reported as
 * the options are (JOB_OPTIONS_DAMAGED).
 */
export function receiptOptionsAsSent(job: PrintJobRow, events: readonly EventRow[]): { options: ReceiptJobOptions; sent: boolean } {
  const options = receiptOptionsOf(job);
  let sent = false;
  let said: PrintedWith | undefined;
  for (const event of events) {
    let payload: { jobId?: unknown; printedWith?: unknown };
    try {
      payload = JSON.parse(event.payload) as typeof payload;
    } catch {
      continue;
    }
    if (payload.jobId !== job.id || !isPrintEvent(event.type)) continue;
    if (event.type === PrintEventTypes.sending) sent = true;
    if (payload.printedWith === undefined) continue;
    const parsed = printedWith.safeParse(payload.printedWith);
    if (!parsed.success) {
      const reason = `printedWith: ${problem(parsed.error)}`;
      throw new IntegrityError('JOB_OPTIONS_DAMAGED', `the mark print job ${job.id} was sent with cannot be read (${reason})`, {
        hint: 'the journal holds an event Reissue did not write this way; run `reissue verify` and check who has access to the database',
        context: { jobId: job.id, jobKind: job.kind, reason },
      });
    }
    said = parsed.data;
  }
  if (!said) return { options, sent };
  const { status: _queuedWith, ...rest } = options;
  return { options: { ...rest, ...(said.status ? { status: said.status } : {}) }, sent };
}
