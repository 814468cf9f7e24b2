import { InputError, TransactionKinds, parseDuration, parseMoney, parseStoreList, zonedLocalToUtc, type TransactionKind } from '../core/index.js';
import { MAX_WORDS, MAX_WORD_LENGTH, ReceiptOrigins, decodeCursor, type ReceiptOrigin, type SearchQuery } from './search-query.js';

/** "拿铁  latte" → ["拿铁", "latte"]: words split at blanks (ideographic space too); case is left to the search. */
function wordsOf(text: string): string[] {
  const words = text.split(/\s+/u).filter((w) => w !== '');
  if (words.length === 0 || words.length > MAX_WORDS || words.some((w) => w.length > MAX_WORD_LENGTH)) {
    throw new InputError('BAD_TEXT_QUERY', `give 1 to ${MAX_WORDS} words of at most ${MAX_WORD_LENGTH} characters to look for`, { hint: 'e.g. --text "拿铁 LATTE"', context: { max: MAX_WORDS, length: MAX_WORD_LENGTH } });
  }
  return words;
}

/** A search as people and integrators write it: strings, store-local times, decimal amounts. */
export interface SearchRequest {
  from?: string;
  to?: string;
  around?: string;
  within?: string;
  amount?: string;
  currency?: string;
  voucher?: string;
  batch?: string;
  terminal?: string;
  ref?: string;
  last4?: string;
  operator?: string;
  kind?: string;
  merchant?: string;
  /** Words the printed text of a captured receipt holds. */
  text?: string;
  /** A tap's source name. */
  source?: string;
  /** sale or capture. */
  origin?: string;
  /** Head office: one store id, or several separated by commas. */
  store?: string;
  limit?: string | number;
  cursor?: string;
}

export interface SearchContext {
  timeZone: string;
  /** Currency amounts are read in when the request names none. */
  currency: string;
  now: number;
}

const DEFAULT_WITHIN = '15m';
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY = 86_400_000;

/** "2026-11-27" → "2026-11-28": the end of a local day is the next local midnight (days can be 23 or 25 hours). */
function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
}

/**
 * Turns a request into a SearchQuery. Shared by the CLI and the HTTP API so both read
 * "--around 14:30 --within 15m --amount 128.50" the same way.
 */
export function searchFromRequest(request: SearchRequest, context: SearchContext): SearchQuery {
  const query: SearchQuery = { limit: 20 };
  const at = (text: string) => zonedLocalToUtc(text, context.timeZone, context.now);
  if (request.around !== undefined) {
    if (request.from !== undefined || request.to !== undefined) {
      throw new InputError('BAD_TIME_WINDOW', 'use either --around (with --within) or --from/--to, not both', { hint: 'e.g. --around "2026-11-27 14:30" --within 15m', context: { rule: 'both' } });
    }
    const centre = at(request.around);
    const within = parseDuration(request.within ?? DEFAULT_WITHIN);
    query.from = centre - within;
    query.to = centre + within;
  } else {
    if (request.within !== undefined) throw new InputError('BAD_TIME_WINDOW', '--within needs --around', { hint: 'e.g. --around 14:30 --within 15m', context: { rule: 'within-alone' } });
    if (request.from !== undefined) query.from = at(request.from);
    // A bare date as the end of a window means the whole of that day.
    if (request.to !== undefined) query.to = DATE_ONLY.test(request.to.trim()) ? at(nextDay(request.to.trim())) - 1 : at(request.to);
  }
  if (request.amount !== undefined) {
    const currency = request.currency ?? context.currency;
    const [low, high, extra] = request.amount.split('..');
    if (extra !== undefined || low === undefined) throw new InputError('BAD_AMOUNT', `"${request.amount}" is not an amount or a range`, { hint: 'write 128.50, or a range 100..200', context: { rule: 'range', value: request.amount } });
    if (high === undefined) {
      query.amountMin = query.amountMax = parseMoney(low.trim(), currency).minor;
    } else {
      if (low.trim() !== '') query.amountMin = parseMoney(low.trim(), currency).minor;
      if (high.trim() !== '') query.amountMax = parseMoney(high.trim(), currency).minor;
    }
    query.currency = currency;
  } else if (request.currency !== undefined) {
    query.currency = request.currency;
  }
  const digits = (value: string | undefined, n: number, what: string, flag: string) => {
    if (value === undefined) return undefined;
    const trimmed = value.trim();
    if (!/^\d+$/.test(trimmed) || trimmed.length > n) throw new InputError('BAD_QUERY', `${what} "${value}" is not up to ${n} digits`, { hint: `e.g. ${flag} ${'0'.repeat(n - 3)}457`, context: { field: flag.replace(/^--/, ''), value, digits: n } });
    return trimmed.padStart(n, '0');
  };
  const voucherNo = digits(request.voucher, 6, 'voucher no.', '--voucher');
  const batchNo = digits(request.batch, 6, 'batch no.', '--batch');
  if (voucherNo) query.voucherNo = voucherNo;
  if (batchNo) query.batchNo = batchNo;
  if (request.terminal !== undefined) query.terminalId = request.terminal.trim();
  if (request.ref !== undefined) query.referenceNo = request.ref.trim();
  if (request.last4 !== undefined) query.last4 = request.last4.trim();
  if (request.operator !== undefined) query.operatorId = request.operator.trim();
  if (request.merchant !== undefined) query.merchantId = request.merchant.trim();
  if (request.text !== undefined) query.words = wordsOf(request.text);
  if (request.source !== undefined) query.source = request.source.trim();
  if (request.origin !== undefined) {
    const origin = request.origin.trim();
    if (!(ReceiptOrigins as readonly string[]).includes(origin)) {
      throw new InputError('BAD_ORIGIN', `unknown origin "${request.origin}"`, { hint: `use one of ${ReceiptOrigins.join(', ')}`, context: { value: request.origin, allowed: ReceiptOrigins } });
    }
    query.origin = origin as ReceiptOrigin;
  }
  if (request.store !== undefined) query.storeIds = parseStoreList(request.store);
  if (request.kind !== undefined) {
    if (!(TransactionKinds as readonly string[]).includes(request.kind)) {
      throw new InputError('BAD_KIND', `unknown kind "${request.kind}"`, { hint: `use one of ${TransactionKinds.join(', ')}`, context: { value: request.kind, allowed: TransactionKinds } });
    }
    query.kind = request.kind as TransactionKind;
  }
  if (request.limit !== undefined) {
    const limit = Number(request.limit);
    if (!Number.isInteger(limit)) throw new InputError('BAD_LIMIT', `limit "${request.limit}" is not a whole number`, { hint: 'e.g. --limit 50', context: { rule: 'whole', value: request.limit } });
    query.limit = limit;
  }
  if (request.cursor !== undefined) query.cursor = decodeCursor(request.cursor);
  return query;
}
