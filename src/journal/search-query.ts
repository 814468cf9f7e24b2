import { InputError, TransactionKinds, type TransactionKind } from '../core/index.js';

/** A search over journaled transactions. Times are epoch ms, amounts minor units. */
export interface SearchQuery {
  from?: number;
  to?: number;
  amountMin?: number;
  amountMax?: number;
  currency?: string;
  terminalId?: string;
  batchNo?: string;
  voucherNo?: string;
  referenceNo?: string;
  last4?: string;
  operatorId?: string;
  kind?: TransactionKind;
  merchantId?: string;
  /** Page size, 1..500. */
  limit: number;
  cursor?: Cursor;
}

/** Position after the last row of a page: newest first, so the next page is older. */
export interface Cursor {
  occurredAt: number;
  eventId: number;
}

export const MAX_PAGE = 500;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.occurredAt}.${cursor.eventId}`).toString('base64url');
}

export function decodeCursor(text: string): Cursor {
  const match = /^(-?\d+)\.(\d+)$/.exec(Buffer.from(text, 'base64url').toString());
  if (!match) throw new InputError('BAD_CURSOR', 'the cursor is not one this journal gave out', { hint: 'pass the "next" value printed by the previous page unchanged' });
  return { occurredAt: Number(match[1]), eventId: Number(match[2]) };
}

export function checkSearchQuery(query: SearchQuery): SearchQuery {
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_PAGE) {
    throw new InputError('BAD_LIMIT', `limit must be between 1 and ${MAX_PAGE}`, { hint: `ask for at most ${MAX_PAGE} rows a page and follow the cursor`, context: { rule: 'range', max: MAX_PAGE } });
  }
  if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
    throw new InputError('BAD_RANGE', 'the time window ends before it starts', { hint: 'swap --from and --to', context: { rule: 'time' } });
  }
  if (query.amountMin !== undefined && query.amountMax !== undefined && query.amountMin > query.amountMax) {
    throw new InputError('BAD_RANGE', 'the amount range ends below where it starts', { hint: 'write the range low..high, e.g. 100..200', context: { rule: 'amount' } });
  }
  if (query.kind !== undefined && !TransactionKinds.includes(query.kind)) {
    throw new InputError('BAD_KIND', `unknown kind "${String(query.kind)}"`, { hint: `use one of ${TransactionKinds.join(', ')}`, context: { value: String(query.kind), allowed: TransactionKinds } });
  }
  if (query.last4 !== undefined && !/^\d{4}$/.test(query.last4)) {
    throw new InputError('BAD_LAST4', 'card last-4 must be four digits', { hint: 'e.g. --last4 4242', context: { value: query.last4 } });
  }
  return query;
}

/** Column list shared by both SQL dialects. */
export const TRANSACTION_COLUMNS = [
  'id', 'event_id', 'terminal_id', 'batch_no', 'voucher_no', 'reference_no', 'card_last4', 'operator_id',
  'kind', 'amount_minor', 'currency', 'occurred_at', 'merchant_id', 'original_id', 'content_hash',
] as const;

/**
 * The WHERE / ORDER BY / LIMIT of a search, with placeholders made by `param` so the same
 * builder serves SQLite (?) and PostgreSQL ($n). Every filter maps to an indexed column.
 */
export function buildSearchSql(query: SearchQuery, param: (value: unknown) => string, alias = 't'): string {
  const where: string[] = [];
  const eq = (column: string, value: unknown) => {
    if (value !== undefined) where.push(`${alias}.${column} = ${param(value)}`);
  };
  eq('reference_no', query.referenceNo);
  eq('terminal_id', query.terminalId);
  eq('batch_no', query.batchNo);
  eq('voucher_no', query.voucherNo);
  eq('card_last4', query.last4);
  eq('operator_id', query.operatorId);
  eq('kind', query.kind);
  eq('merchant_id', query.merchantId);
  eq('currency', query.currency);
  if (query.amountMin !== undefined && query.amountMin === query.amountMax) {
    eq('amount_minor', query.amountMin);
  } else {
    if (query.amountMin !== undefined) where.push(`${alias}.amount_minor >= ${param(query.amountMin)}`);
    if (query.amountMax !== undefined) where.push(`${alias}.amount_minor <= ${param(query.amountMax)}`);
  }
  if (query.from !== undefined) where.push(`${alias}.occurred_at >= ${param(query.from)}`);
  if (query.to !== undefined) where.push(`${alias}.occurred_at <= ${param(query.to)}`);
  if (query.cursor) {
    // A row-value comparison lets both databases seek the index instead of filtering every newer row.
    where.push(`(${alias}.occurred_at, ${alias}.event_id) < (${param(query.cursor.occurredAt)}, ${param(query.cursor.eventId)})`);
  }
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  return `${clause} ORDER BY ${alias}.occurred_at DESC, ${alias}.event_id DESC LIMIT ${param(query.limit)}`;
}
