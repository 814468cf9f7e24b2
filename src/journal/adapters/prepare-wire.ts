import {
  ConfigError,
  ConflictError,
  InputError,
  IntegrityError,
  NotFoundError,
  ReissueError,
  ValidationError,
  type ErrorKind,
  type FieldIssue,
} from '../../core/index.js';
import { packSaleText } from '../packed-payload.js';
import { prepareBatch, type BatchIssue, type PreparedBatch, type PreparedTransaction } from '../prepare.js';

/**
 * What passes between the worker preparer and its thread. A prepared batch travels as
 * columns — one array of strings or numbers per field — which the structured clone copies
 * at a fraction of the cost of a thousand small objects. Errors travel as plain data and
 * are rebuilt as the same ReissueError on the other side.
 */

export type WireRequest = { type: 'prepare'; id: number; inputs: readonly unknown[] } | { type: 'close' };

export interface PreparedColumns {
  id: string[];
  text: string[];
  contentHash: string[];
  /** PreparedTransaction.packedTail, made on the preparer's thread, as two columns: its length (-1 for none) and its packed text (what it was packed from is `text`). */
  packedLength: number[];
  packed: string[];
  terminalId: string[];
  batchNo: string[];
  voucherNo: string[];
  referenceNo: (string | null)[];
  cardLast4: (string | null)[];
  operatorId: string[];
  kind: PreparedTransaction['kind'][];
  amountMinor: number[];
  currency: string[];
  occurredAt: number[];
  merchantId: string[];
  original: PreparedTransaction['original'][];
}

export interface ErrorData {
  name: string;
  kind: ErrorKind;
  code: string;
  message: string;
  hint: string | undefined;
  context: Record<string, unknown>;
  issues?: readonly FieldIssue[];
}

export interface FaultData {
  name: string;
  message: string;
  stack: string | undefined;
}

export type WireReply =
  | { id: number; ok: true; columns: PreparedColumns }
  | { id: number; ok: false; issues: BatchIssue[]; error: ErrorData }
  | { id: number; fault: FaultData };

export function toColumns(items: readonly PreparedTransaction[]): PreparedColumns {
  const c: PreparedColumns = {
    id: [], text: [], contentHash: [], packedLength: [], packed: [], terminalId: [], batchNo: [], voucherNo: [], referenceNo: [], cardLast4: [],
    operatorId: [], kind: [], amountMinor: [], currency: [], occurredAt: [], merchantId: [], original: [],
  };
  for (const p of items) {
    c.id.push(p.id);
    c.text.push(p.text);
    c.contentHash.push(p.contentHash);
    // Packed here, on the preparer's thread: the writing thread then packs only the payload's head.
    const tail = p.packedTail ?? packSaleText(p.text);
    c.packedLength.push(tail?.length ?? -1);
    c.packed.push(tail?.packed ?? '');
    c.terminalId.push(p.terminalId);
    c.batchNo.push(p.batchNo);
    c.voucherNo.push(p.voucherNo);
    c.referenceNo.push(p.referenceNo);
    c.cardLast4.push(p.cardLast4);
    c.operatorId.push(p.operatorId);
    c.kind.push(p.kind);
    c.amountMinor.push(p.amountMinor);
    c.currency.push(p.currency);
    c.occurredAt.push(p.occurredAt);
    c.merchantId.push(p.merchantId);
    c.original.push(p.original);
  }
  return c;
}

export function fromColumns(c: PreparedColumns): PreparedTransaction[] {
  const items: PreparedTransaction[] = new Array<PreparedTransaction>(c.id.length);
  for (let i = 0; i < c.id.length; i++) {
    const packedLength = c.packedLength[i] ?? -1;
    const text = c.text[i] as string;
    items[i] = {
      id: c.id[i] as string,
      text,
      contentHash: c.contentHash[i] as string,
      packedTail: packedLength < 0 ? undefined : { from: text, length: packedLength, packed: c.packed[i] as string },
      terminalId: c.terminalId[i] as string,
      batchNo: c.batchNo[i] as string,
      voucherNo: c.voucherNo[i] as string,
      referenceNo: c.referenceNo[i] ?? null,
      cardLast4: c.cardLast4[i] ?? null,
      operatorId: c.operatorId[i] as string,
      kind: c.kind[i] as PreparedTransaction['kind'],
      amountMinor: c.amountMinor[i] as number,
      currency: c.currency[i] as string,
      occurredAt: c.occurredAt[i] as number,
      merchantId: c.merchantId[i] as string,
      original: c.original[i] ?? null,
    };
  }
  return items;
}

export function errorData(error: ReissueError): ErrorData {
  const data: ErrorData = { name: error.name, kind: error.kind, code: error.code, message: error.message, hint: error.hint, context: error.context };
  if (error instanceof ValidationError) data.issues = error.issues;
  return data;
}

type Coded = new (code: string, message: string, details?: { hint?: string; context?: Record<string, unknown> }) => ReissueError;
const CODED: Readonly<Record<string, Coded>> = { InputError, NotFoundError, ConflictError, IntegrityError, ConfigError };

/** The same error as the one `errorData` described: class, code, message, hint and context. */
export function reviveError(data: ErrorData): ReissueError {
  const details = { hint: data.hint, context: data.context };
  const Coded = CODED[data.name];
  const error =
    data.name === 'ValidationError' && data.issues
      ? new ValidationError(data.issues, details)
      : Coded
        ? new Coded(data.code, data.message, details)
        : new ReissueError(data.kind, data.code, data.message, details);
  (error as { message: string }).message = data.message;
  if (error.name !== data.name) error.name = data.name;
  return error;
}

export function faultData(fault: unknown): FaultData {
  return fault instanceof Error ? { name: fault.name, message: fault.message, stack: fault.stack } : { name: 'Error', message: String(fault), stack: undefined };
}

/** A fault in the worker (a bug, not bad input), thrown on this side with the worker's stack. */
export function reviveFault(data: FaultData): Error {
  const error = new Error(data.message);
  error.name = data.name;
  if (data.stack) error.stack = data.stack;
  return error;
}

/** The worker's side: prepares one batch with the one prepareBatch and encodes the answer. */
export function answer(id: number, inputs: readonly unknown[]): WireReply {
  let batch: PreparedBatch;
  try {
    batch = prepareBatch(inputs);
  } catch (fault) {
    return { id, fault: faultData(fault) };
  }
  return batch.ok ? { id, ok: true, columns: toColumns(batch.items) } : { id, ok: false, issues: batch.issues, error: errorData(batch.error) };
}

/** The calling side: the reply as the PreparedBatch that prepareBatch returned in the worker. */
export function decodeReply(reply: WireReply): PreparedBatch {
  if ('fault' in reply) throw reviveFault(reply.fault);
  return reply.ok ? { ok: true, items: fromColumns(reply.columns) } : { ok: false, issues: reply.issues, error: reviveError(reply.error) };
}
