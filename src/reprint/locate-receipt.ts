import { ConflictError, InputError, NotFoundError, formatInZone, parseOccurredAt } from '../core/index.js';
import { searchFromRequest, type Journal, type JournaledTransaction, type ReceiptListing, type SearchQuery } from '../journal/index.js';

/** The ways staff reach a receipt (the merchant guide's step 3). */
export type LocateRequest =
  | { by: 'id'; id: string }
  | { by: 'last'; terminalId: string }
  | { by: 'voucher'; voucherNo: string; batchNo?: string; terminalId: string }
  | { by: 'ref'; referenceNo: string }
  | { by: 'search'; around: string; within?: string; amount: string; terminalId?: string };

export interface LocateContext {
  timeZone: string;
  currency: string;
  now: number;
}

/**
 * What a request found: a sale (read whole), or a captured receipt (by its id: the reprint
 * reads it again with its chain checked).
 */
export type Located = { origin: 'sale'; id: string; sale: JournaledTransaction } | { origin: 'capture'; id: string };

/** A sale or captured receipt that could be the one meant, as staff are shown it to choose. */
export interface Candidate {
  id: string;
  time: string;
  amount: string;
  kind: string;
  card: string;
  operatorId: string;
  terminalId: string;
  /** Head office: the shop it was sold in (choose it with the store as well as the id). */
  storeId?: string;
}

const MAX_CANDIDATES = 10;

/** When it was sold, or printed (captured receipts: the printed time when recognised, else the capture time). */
function timeOf(item: ReceiptListing): number {
  return item.origin === 'sale' ? parseOccurredAt(item.transaction.occurredAt) : Date.parse(item.occurredAt);
}

function candidate(item: ReceiptListing, timeZone: string): Candidate {
  const store = item.storeId === '' ? {} : { storeId: item.storeId };
  if (item.origin === 'capture') {
    return { id: item.id, time: formatInZone(timeOf(item), timeZone), amount: item.amount ? `${item.amount.currency} ${item.amount.value}` : '', kind: 'capture', card: item.last4 ? `*${item.last4}` : '', operatorId: item.operatorId ?? '', terminalId: item.terminalId ?? '', ...store };
  }
  const tx = item.transaction;
  return {
    id: item.id,
    time: formatInZone(timeOf(item), timeZone),
    amount: `${tx.currency} ${tx.amount}`,
    kind: tx.kind,
    card: tx.card ? `*${tx.card.last4}` : '',
    operatorId: tx.operatorId,
    terminalId: tx.terminalId,
    ...store,
  };
}

const located = (item: ReceiptListing): Located => (item.origin === 'sale' ? { origin: 'sale', id: item.id, sale: item } : { origin: 'capture', id: item.id });

/** Several sales fit: they are shown and the person chooses; Reissue never guesses. */
export class AmbiguousSaleError extends ConflictError {
  readonly candidates: Candidate[];
  /** `target` says what was looked for (rule: the way, and its values), for messages in the reader's language. */
  constructor(candidates: Candidate[], what: string, target: Record<string, unknown> = {}) {
    super('AMBIGUOUS_SALE', `${candidates.length} sales match ${what}; choose one by its id`, {
      hint: 'run the command again with the id of the right sale (check time, amount and card with the customer)',
      context: { ...target, candidates, count: candidates.length },
    });
    this.candidates = candidates;
  }
}

const digits = (value: string, n: number, what: string, field: string) => {
  const trimmed = value.trim();
  if (!/^\d+$/.test(trimmed) || trimmed.length > n) throw new InputError('BAD_QUERY', `${what} "${value}" is not up to ${n} digits`, { hint: `e.g. ${'0'.repeat(n - 3)}457`, context: { field, value, digits: n } });
  return trimmed.padStart(n, '0');
};

/**
 * Finds exactly one receipt — a sale, or a receipt a tap captured from the POS's own printer —
 * or explains why not: nothing matches (with a hint to widen the search), or several do
 * (AmbiguousSaleError listing them, closest first). Sales and captured receipts are searched
 * with the same filters (`find` lists both), so staff reach either the same way.
 */
export async function locateReceipt(journal: Journal, request: LocateRequest, context: LocateContext): Promise<Located> {
  if (request.by === 'id') return { origin: 'sale', id: request.id, sale: await journal.get(request.id) };
  const query: SearchQuery = { limit: MAX_CANDIDATES + 1 };
  let what: string;
  let target: Record<string, unknown>;
  let centre: number | undefined;
  switch (request.by) {
    case 'last':
      // Enough of the terminal's newest to see whether more than one shop has used its number.
      query.terminalId = request.terminalId;
      what = `the last sale of terminal ${request.terminalId}`;
      target = { rule: 'last', terminalId: request.terminalId };
      break;
    case 'voucher':
      query.terminalId = request.terminalId;
      query.voucherNo = digits(request.voucherNo, 6, 'voucher no.', 'voucherNo');
      if (request.batchNo !== undefined) query.batchNo = digits(request.batchNo, 6, 'batch no.', 'batchNo');
      what = `voucher ${query.voucherNo}${query.batchNo ? ` in batch ${query.batchNo}` : ''} on terminal ${request.terminalId}`;
      target = { rule: query.batchNo ? 'voucher-batch' : 'voucher', voucherNo: query.voucherNo, batchNo: query.batchNo, terminalId: request.terminalId };
      break;
    case 'ref':
      query.referenceNo = request.referenceNo.trim();
      what = `reference no. ${query.referenceNo}`;
      target = { rule: 'ref', referenceNo: query.referenceNo };
      break;
    case 'search': {
      // The same reading of time, window and amount (128.50 or a range 100..200) as `find`.
      const found = searchFromRequest({ around: request.around, within: request.within ?? '15m', amount: request.amount.trim(), ...(request.terminalId !== undefined ? { terminal: request.terminalId } : {}) }, context);
      Object.assign(query, found, { limit: MAX_CANDIDATES + 1 });
      centre = ((found.from ?? 0) + (found.to ?? 0)) / 2;
      const around = formatInZone(centre, context.timeZone).slice(0, 16);
      what = `${request.amount} around ${around} ± ${request.within ?? '15m'}`;
      target = { rule: 'search', amount: request.amount.trim(), around, within: request.within ?? '15m' };
      break;
    }
  }
  const { items } = await journal.findReceipts(query);
  if (items.length === 0) {
    throw new NotFoundError('NO_MATCHING_SALE', `no sale matches ${what}`, {
      hint: request.by === 'search' ? 'widen the window (--within 30m), check the amount and the date, or search by voucher or reference no.' : 'check the number and the terminal, or search by time and amount',
      context: target,
    });
  }
  // The last recorded, not the latest time printed: a till's clock set back must not make the customer before "the last".
  if (request.by === 'last') return lastOfTerminal([...items].sort((a, b) => b.eventId - a.eventId), what, target, context.timeZone);
  const ranked = centre === undefined ? items : [...items].sort((a, b) => Math.abs(timeOf(a) - (centre as number)) - Math.abs(timeOf(b) - (centre as number)));
  const [first] = ranked;
  if (ranked.length === 1 && first) return located(first);
  throw new AmbiguousSaleError(ranked.slice(0, MAX_CANDIDATES).map((item) => candidate(item, context.timeZone)), what, target);
}

/**
 * The terminal's newest sale. At head office two shops may have a terminal of the same
 * number: the last receipt of each is a different sale, so when the newest sales come from
 * more than one shop, each shop's last is listed and the store must be named.
 */
function lastOfTerminal(newestFirst: readonly ReceiptListing[], what: string, target: Record<string, unknown>, timeZone: string): Located {
  const lastOfStore = new Map<string, ReceiptListing>();
  for (const item of newestFirst) if (!lastOfStore.has(item.storeId)) lastOfStore.set(item.storeId, item);
  const [first] = newestFirst;
  if (first && lastOfStore.size === 1) return located(first);
  const stores = [...lastOfStore.keys()].sort();
  const candidates = stores.flatMap((store) => {
    const item = lastOfStore.get(store);
    return item ? [candidate(item, timeZone)] : [];
  });
  const terminalId = target.terminalId;
  throw new AmbiguousSaleError(candidates, `${what} in ${stores.length} stores`, { rule: 'last-stores', terminalId, stores });
}
