import { z } from 'zod';
import { InputError, containsPan, fieldIssuesFromZod } from '../core/index.js';
import type { CaptureRecordedPayload } from './events.js';
import { capturesTable } from './journal-tables.js';
import type { CaptureRow } from './store.js';

/** The longest text a captured job may carry (the tap keeps the first this many characters of a longer one). */
export const MAX_CAPTURE_TEXT = 1_000_000;
const text = z.string().max(MAX_CAPTURE_TEXT);
const short = z.string().min(1).max(200);
const isoTime = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'is not an ISO 8601 time');

const fieldsSchema = z.strictObject({
  merchant: short.optional(),
  amount: z.strictObject({ minor: z.number().int().safe(), currency: z.string().regex(/^[A-Z]{3}$/) }).optional(),
  printedAt: z.strictObject({ local: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/), utc: isoTime.optional() }).optional(),
  last4: z.string().regex(/^\d{4}$/).optional(),
  referenceNo: short.optional(),
  voucherNo: short.optional(),
  batchNo: short.optional(),
  terminalId: short.optional(),
  operatorId: short.optional(),
});

/** A captured job as the journal takes it: what the capture module builds, checked once more at the door. */
export const capturePayloadSchema = z.strictObject({
  id: z.string().regex(/^cap-[a-z]{24}$/, 'is not a capture id (cap- and 24 letters)'),
  source: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/),
  capturedAt: isoTime,
  startedAt: isoTime,
  channel: z.enum(['tcp', 'lpd']),
  peer: z.string().max(200),
  connection: z.number().int().min(0),
  seq: z.number().int().min(1),
  endedBy: z.enum(['cut', 'idle', 'close', 'stop', 'size']),
  bytes: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'is not base64').max(64 * 1024 * 1024),
  text,
  kanji: z.boolean(),
  paper: z.enum(['58', '80', '80-180']).optional(),
  fields: fieldsSchema,
  maskedNumbers: z.number().int().min(0),
  bytesWithheld: z.boolean(),
}) satisfies z.ZodType<CaptureRecordedPayload>;

/**
 * Checks a captured job before it is journaled: its shape, and — the last gate, whatever
 * the tap did — no full card number in its text or recognised fields (the tap masked the
 * bytes and the text; a number it missed is refused here, never stored).
 */
export function checkCapturePayload(input: unknown): CaptureRecordedPayload {
  const parsed = capturePayloadSchema.safeParse(input);
  if (!parsed.success) {
    const issues = fieldIssuesFromZod(parsed.error);
    const first = issues[0];
    throw new InputError('INVALID_CAPTURE', `not a captured job: ${first ? `${first.path}: ${first.message}` : 'invalid'}`, {
      hint: 'captured jobs are made by `reissue tap`; this one was changed or made by hand',
      context: { issues, path: first?.path ?? '' },
    });
  }
  const payload = parsed.data;
  if (containsPan(payload.text) || containsPan(JSON.stringify(payload.fields))) {
    throw new InputError('PAN_NOT_MASKED', `captured job ${payload.id} holds a full card number`, {
      hint: 'the tap masks card numbers before journaling; report this with the receipt (the card number is not logged)',
      context: { id: payload.id, path: 'text' },
    });
  }
  return payload;
}

/** The capture's index row as ingest writes it and verify and restore rebuild it from the event. */
export function captureRow(payload: CaptureRecordedPayload, eventId: number, storeId = ''): CaptureRow {
  const f = payload.fields;
  const capturedAt = Date.parse(payload.capturedAt);
  const printed = f.printedAt?.utc !== undefined ? Date.parse(f.printedAt.utc) : Number.NaN;
  return {
    eventId,
    storeId,
    id: payload.id,
    source: payload.source,
    occurredAt: Number.isNaN(printed) ? capturedAt : printed,
    capturedAt,
    printedLocal: f.printedAt?.local ?? null,
    amountMinor: f.amount?.minor ?? null,
    currency: f.amount?.currency ?? null,
    cardLast4: f.last4 ?? null,
    referenceNo: f.referenceNo ?? null,
    voucherNo: f.voucherNo ?? null,
    batchNo: f.batchNo ?? null,
    terminalId: f.terminalId ?? null,
    operatorId: f.operatorId ?? null,
    merchant: f.merchant ?? null,
    text: payload.text,
  };
}

const FIELDS = capturesTable.columns.map((c) => c.key as keyof CaptureRow);

/** Names the first field where a capture's index row disagrees with its event. */
export function captureRowDifference(expected: CaptureRow, actual: CaptureRow): string | undefined {
  return FIELDS.find((field) => expected[field] !== actual[field]);
}
