import {
  InputError,
  ReissueError,
  canonicalJson,
  parseTransaction,
  transactionAmount,
  transactionId,
  type Transaction,
  type TransactionKind,
} from '../core/index.js';
import { sha256Hex } from './hash-chain.js';
import type { PackedTail } from './packed-payload.js';
import type { TransactionRow } from './store.js';

/**
 * A transaction validated and encoded, ready to be written: everything that needs no
 * database. Pure CPU work, so a batch can be prepared on another thread while the one
 * before it is written. Flat strings and numbers, cheap to pass between threads.
 */
export interface PreparedTransaction {
  id: string;
  /** Canonical JSON of the validated transaction: hashed as the content hash and embedded as is in the event payload. */
  text: string;
  /** SHA-256 of `text`, for idempotent ingest. */
  contentHash: string;
  /**
   * The end of the sale's event payload (`text` but its first member's name) as the journal
   * stores it, packed by a preparer on another thread so the write need not (packSaleText);
   * absent when prepared on the writing thread, where packing in the write costs the same.
   * The journal uses it only for the text it was packed from (`from`).
   */
  packedTail?: PackedTail;
  terminalId: string;
  batchNo: string;
  voucherNo: string;
  referenceNo: string | null;
  cardLast4: string | null;
  operatorId: string;
  kind: TransactionKind;
  amountMinor: number;
  currency: string;
  /** Epoch milliseconds (UTC). */
  occurredAt: number;
  merchantId: string;
  /** The sale a void, refund or completion names; null for everything else. */
  original: NonNullable<Transaction['original']> | null;
}

/** One line of a batch that could not be taken, with its 1-based position. */
export interface BatchIssue {
  line: number;
  code: string;
  message: string;
  /** The refusal's context, for the edges to word it in the reader's language. */
  params?: Record<string, unknown>;
}

/**
 * A batch after preparation: every line prepared, in order, or the refusal of the whole
 * batch — its bad lines, and the error recording it would throw (what `parseBatch` throws:
 * a batch of one fails with its own error, a longer one with INVALID_BATCH naming each line).
 */
export type PreparedBatch = { ok: true; items: PreparedTransaction[] } | { ok: false; issues: BatchIssue[]; error: ReissueError };

type Fields = Record<string, unknown>;

const isPlain = (value: unknown): value is Fields => typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/** A plain object holding nothing but text in the members named. */
function textOnly(value: unknown, allowed: ReadonlySet<string>): value is Fields {
  if (!isPlain(value)) return false;
  for (const key in value) {
    if (!allowed.has(key)) return false;
    const member = value[key];
    if (member !== undefined && typeof member !== 'string') return false;
  }
  return true;
}

const listOf = (value: unknown, allowed: ReadonlySet<string>): value is Fields[] => Array.isArray(value) && value.every((item) => textOnly(item, allowed));

const MERCHANT = new Set(['id', 'name', 'nameEn']);
const STORE = new Set(['name', 'address', 'phone']);
const CARD = new Set(['masked', 'last4', 'bin', 'issuer', 'acquirer', 'entryMode', 'expiry']);
const ITEM = new Set(['name', 'sku', 'quantity', 'unitPrice', 'discount', 'amount']);
const DISCOUNT = new Set(['name', 'amount']);
const TAX = new Set(['name', 'rate', 'amount']);
const PAYMENT = new Set(['method', 'amount', 'tendered', 'change', 'reference']);
const ORIGINAL = new Set(['batchNo', 'voucherNo', 'referenceNo']);
const TEXT_MEMBERS = ['kind', 'terminalId', 'operatorId', 'batchNo', 'voucherNo', 'referenceNo', 'authCode', 'receiptNo', 'occurredAt', 'amount', 'currency', 'note'];
const TRANSACTION = new Set([...TEXT_MEMBERS, 'merchant', 'store', 'card', 'items', 'discounts', 'tax', 'payments', 'original']);

/**
 * canonicalJson(tx), written faster for the shape parseTransaction builds: the members are
 * copied in sorted key order into literals that the native JSON.stringify writes as they
 * are (undefined members left out, as canonicalJson leaves them out). Anything outside
 * that shape — a member it does not know, a value that is not text — goes to canonicalJson
 * itself, so the text is always the canonical one.
 */
export function transactionText(tx: Transaction): string {
  const t = tx as unknown as Fields;
  if (!isPlain(t)) return canonicalJson(tx);
  for (const key in t) if (!TRANSACTION.has(key)) return canonicalJson(tx);
  for (const key of TEXT_MEMBERS) {
    const member = t[key];
    if (member !== undefined && typeof member !== 'string') return canonicalJson(tx);
  }
  const { merchant, store, card, items, discounts, tax, payments, original } = t;
  if (
    !textOnly(merchant, MERCHANT) ||
    (store !== undefined && !textOnly(store, STORE)) ||
    (card !== undefined && !textOnly(card, CARD)) ||
    (items !== undefined && !listOf(items, ITEM)) ||
    (discounts !== undefined && !listOf(discounts, DISCOUNT)) ||
    (tax !== undefined && !listOf(tax, TAX)) ||
    (payments !== undefined && !listOf(payments, PAYMENT)) ||
    (original !== undefined && !textOnly(original, ORIGINAL))
  ) {
    return canonicalJson(tx);
  }
  // Keys below are in UTF-16 code unit order, as canonicalJson sorts them (checked by the tests).
  return JSON.stringify({
    amount: t.amount,
    authCode: t.authCode,
    batchNo: t.batchNo,
    card: card && { acquirer: card.acquirer, bin: card.bin, entryMode: card.entryMode, expiry: card.expiry, issuer: card.issuer, last4: card.last4, masked: card.masked },
    currency: t.currency,
    discounts: discounts?.map((d) => ({ amount: d.amount, name: d.name })),
    items: items?.map((i) => ({ amount: i.amount, discount: i.discount, name: i.name, quantity: i.quantity, sku: i.sku, unitPrice: i.unitPrice })),
    kind: t.kind,
    merchant: { id: merchant.id, name: merchant.name, nameEn: merchant.nameEn },
    note: t.note,
    occurredAt: t.occurredAt,
    operatorId: t.operatorId,
    original: original && { batchNo: original.batchNo, referenceNo: original.referenceNo, voucherNo: original.voucherNo },
    payments: payments?.map((p) => ({ amount: p.amount, change: p.change, method: p.method, reference: p.reference, tendered: p.tendered })),
    receiptNo: t.receiptNo,
    referenceNo: t.referenceNo,
    store: store && { address: store.address, name: store.name, phone: store.phone },
    tax: tax?.map((x) => ({ amount: x.amount, name: x.name, rate: x.rate })),
    terminalId: t.terminalId,
    voucherNo: t.voucherNo,
  });
}

/** The prepared form of a transaction that is already valid. */
export function preparedOf(tx: Transaction): PreparedTransaction {
  // Encoded once: the same text gives the content hash and sits inside the event payload.
  const text = transactionText(tx);
  return preparedWith(tx, text, sha256Hex(text));
}

/**
 * The index fields of a transaction read from an event's payload, without encoding it again:
 * `text` and `contentHash` are '' — head office's ingest stores no content hash (schema 7)
 * and has the event's payload as it came, so encoding it to hash it was wasted work.
 */
export const indexFieldsOf = (tx: Transaction): PreparedTransaction => preparedWith(tx, '', '');

function preparedWith(tx: Transaction, text: string, contentHash: string): PreparedTransaction {
  return {
    id: transactionId(tx),
    text,
    contentHash,
    terminalId: tx.terminalId,
    batchNo: tx.batchNo,
    voucherNo: tx.voucherNo,
    referenceNo: tx.referenceNo ?? null,
    cardLast4: tx.card?.last4 ?? null,
    operatorId: tx.operatorId,
    kind: tx.kind,
    amountMinor: transactionAmount(tx).minor,
    currency: tx.currency,
    // parseTransaction checked the time and wrote it as ISO 8601 with a T and a colon in the
    // offset, so this is what parseOccurredAt gives for it, without checking it again.
    occurredAt: Date.parse(tx.occurredAt),
    merchantId: tx.merchant.id,
    original: tx.original ?? null,
  };
}

/** Validates one raw input (throws as parseTransaction does) and encodes it for writing. */
export function prepareTransaction(input: unknown): PreparedTransaction {
  return preparedOf(parseTransaction(input));
}

/** The search-index row of a prepared transaction; the same values transactionRow gives for it. */
export function preparedRow(p: PreparedTransaction, eventId: number, originalId: string | null): TransactionRow {
  return {
    id: p.id,
    eventId,
    storeId: '',
    terminalId: p.terminalId,
    batchNo: p.batchNo,
    voucherNo: p.voucherNo,
    referenceNo: p.referenceNo,
    cardLast4: p.cardLast4,
    operatorId: p.operatorId,
    kind: p.kind,
    amountMinor: p.amountMinor,
    currency: p.currency,
    occurredAt: p.occurredAt,
    merchantId: p.merchantId,
    originalId,
    contentHash: p.contentHash,
  };
}

/**
 * The error a batch of `total` inputs is refused with: a batch of one fails with its own
 * error, a longer one with INVALID_BATCH naming every bad line.
 */
export function batchRefusal(total: number, issues: readonly BatchIssue[], ownError: ReissueError): ReissueError {
  const first = issues[0];
  if (total === 1 || !first) return ownError;
  return new InputError('INVALID_BATCH', `${issues.length} of ${total} transactions are invalid (first: line ${first.line}: ${first.message}); nothing was recorded`, {
    hint: 'fix the listed lines and send the batch again; lines already on record are accepted again without duplicates',
    context: { issues, invalid: issues.length, total },
  });
}

type Checked<T> = { ok: true; items: T[] } | { ok: false; issues: BatchIssue[]; error: ReissueError };

/**
 * Runs `each` over every input, gathering refusals instead of stopping at the first.
 * Anything that is not a ReissueError is a fault, not bad input, and is thrown at once.
 */
function checkEvery<T>(inputs: readonly unknown[], each: (input: unknown) => T): Checked<T> {
  const items: T[] = [];
  const issues: BatchIssue[] = [];
  let firstError: ReissueError | undefined;
  for (let i = 0; i < inputs.length; i++) {
    try {
      items.push(each(inputs[i]));
    } catch (error) {
      if (!(error instanceof ReissueError)) throw error;
      firstError ??= error;
      issues.push({ line: i + 1, code: error.code, message: error.message, params: error.context });
    }
  }
  if (!firstError) return { ok: true, items };
  return { ok: false, issues, error: batchRefusal(inputs.length, issues, firstError) };
}

/** Prepares every input of a batch; the refusal names every bad line. */
export function prepareBatch(inputs: readonly unknown[]): PreparedBatch {
  return checkEvery(inputs, prepareTransaction);
}

/**
 * Validates every input before anything is written. One input's own error is thrown as
 * is; a batch's errors are gathered into one INVALID_BATCH naming each bad line.
 */
export function parseBatch(inputs: readonly unknown[]): Transaction[] {
  const checked = checkEvery(inputs, parseTransaction);
  if (!checked.ok) throw checked.error;
  return checked.items;
}
