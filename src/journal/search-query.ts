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
  /** Only these stores (head office); every store in the database when absent. */
  storeIds?: readonly string[];
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
