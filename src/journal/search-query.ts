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
  /** Captured receipts only: words their printed text holds (all of them, any case). */
  words?: string[];
  /** Captured receipts only: the tap's source name. */
  source?: string;
  /** Only sales, or only captured receipts; both when absent. */
  origin?: ReceiptOrigin;
  /** Only these stores (head office); every store in the database when absent. */
  storeIds?: readonly string[];
  /** Page size, 1..500. */
  limit: number;
  cursor?: Cursor;
}

/** Where a receipt in the journal came from: a sale sent to Reissue, or a print job captured by a tap. */
export const ReceiptOrigins = ['sale', 'capture'] as const;
export type ReceiptOrigin = (typeof ReceiptOrigins)[number];

/** Words at most in one search, and characters at most in one word. */
export const MAX_WORDS = 8;
export const MAX_WORD_LENGTH = 64;

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
  if (query.origin !== undefined && !ReceiptOrigins.includes(query.origin)) {
    throw new InputError('BAD_ORIGIN', `unknown origin "${String(query.origin)}"`, { hint: `use one of ${ReceiptOrigins.join(', ')}`, context: { value: String(query.origin), allowed: ReceiptOrigins } });
  }
  if (query.words !== undefined && (query.words.length === 0 || query.words.length > MAX_WORDS || query.words.some((w) => w.length === 0 || w.length > MAX_WORD_LENGTH))) {
    throw new InputError('BAD_TEXT_QUERY', `give 1 to ${MAX_WORDS} words of at most ${MAX_WORD_LENGTH} characters to look for`, { hint: 'e.g. --text "拿铁 LATTE"', context: { max: MAX_WORDS, length: MAX_WORD_LENGTH } });
  }
  if (query.last4 !== undefined && !/^\d{4}$/.test(query.last4)) {
    throw new InputError('BAD_LAST4', 'card last-4 must be four digits', { hint: 'e.g. --last4 4242', context: { value: query.last4 } });
  }
  return query;
}
