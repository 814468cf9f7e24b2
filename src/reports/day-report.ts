import { InputError, formatInZone, parseMoney, parseOccurredAt, type TransactionKind } from '../core/index.js';
import { MAX_PAGE, decodeCursor, type ChainHead, type Journal, type JournaledTransaction, type SearchQuery } from '../journal/index.js';
import { dayWindow } from './day-window.js';
import { computeTotals, type DayTotals } from './totals.js';

/** Which transactions a day report covers: one store-local day, optionally narrowed. */
export interface DayReportOptions {
  /** Store-local calendar day, "YYYY-MM-DD". */
  date: string;
  /** IANA zone of the store, e.g. "Asia/Shanghai". */
  timeZone: string;
  terminalId?: string;
  /** Up to 6 digits; "128" reads as "000128". */
  batchNo?: string;
  operatorId?: string;
  merchantId?: string;
  /** Epoch ms; injected so tests control the time the report was made. Date.now unless given. */
  clock?: () => number;
}

/** The narrowing a report was made with, normalised (batch no. padded to 6 digits). */
export interface ReportFilters {
  terminalId?: string;
  batchNo?: string;
  operatorId?: string;
  merchantId?: string;
}

/** One line of the transaction list 交易明细. */
export interface ReportEntry {
  /** terminal-batch-voucher, the journal id. */
  id: string;
  /** The shop it was sold in, when the journal names one (head office: always). */
  storeId?: string;
  /** Epoch ms. */
  occurredAt: number;
  /** "YYYY-MM-DD HH:MM:SS" in the store's zone. */
  localTime: string;
  kind: TransactionKind;
  merchantId: string;
  terminalId: string;
  batchNo: string;
  voucherNo: string;
  operatorId: string;
  /** Last four digits of the card; absent for cash and QR payments. */
  last4: string | undefined;
  /** As recorded: always positive, whatever the kind. */
  amountMinor: number;
  currency: string;
  referenceNo: string | undefined;
  /** For a void, refund or auth-complete: the journal id of the transaction it points at. */
  originalId: string | undefined;
  /** True for a sale (or completion) that a void within this report cancels. */
  voided: boolean;
  /** Journal event id: breaks ties between transactions of the same millisecond. */
  eventId: number;
}

export interface MerchantSeen {
  id: string;
  name: string;
  nameEn: string | undefined;
}

/** One store-local day of the journal: the list in time order and its totals. */
export interface DayReport {
  date: string;
  timeZone: string;
  /** The day as UTC instants [start, end): 23, 24 or 25 hours. */
  start: number;
  end: number;
  filters: ReportFilters;
  /** Merchants that appear in the list, in order of first appearance. */
  merchants: MerchantSeen[];
  /** Oldest first; ties in time by journal order. */
  entries: ReportEntry[];
  totals: DayTotals;
  /** Epoch ms when the report was collected. */
  generatedAt: number;
  /**
   * The heads (last event and its hash) when the report was collected of the journal's own
   * chains (when the reader sees them) and of every chain of each shop in the report: printed,
   * they anchor the journal outside the database.
   */
  heads: ChainHead[];
}

function checkFilter(value: string | undefined, pattern: RegExp, what: string, example: string, field: string): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (!pattern.test(trimmed)) {
    throw new InputError('BAD_FILTER', `${what} "${String(value)}" is not valid`, { hint: `e.g. ${example}`, context: { value, field } });
  }
  return trimmed;
}

/** Normalises and checks the narrowing options; InputError BAD_FILTER names the one that is wrong. */
export function reportFilters(options: Omit<DayReportOptions, 'date' | 'timeZone' | 'clock'>): ReportFilters {
  const filters: ReportFilters = {};
  const terminalId = checkFilter(options.terminalId, /^[0-9A-Za-z]{8}$/, 'terminal no.', '--terminal 10023456 (8 letters or digits)', 'terminal');
  const batch = checkFilter(options.batchNo, /^\d{1,6}$/, 'batch no.', '--batch 000128 (up to 6 digits)', 'batch');
  const operatorId = checkFilter(options.operatorId, /^[0-9A-Za-z]{1,10}$/, 'operator no.', '--operator 01 (1–10 letters or digits)', 'operator');
  const merchantId = checkFilter(options.merchantId, /^\d{15}$/, 'merchant no.', '--merchant 898310058120123 (15 digits)', 'merchant.id');
  if (terminalId !== undefined) filters.terminalId = terminalId;
  if (batch !== undefined) filters.batchNo = batch.padStart(6, '0');
  if (operatorId !== undefined) filters.operatorId = operatorId;
  if (merchantId !== undefined) filters.merchantId = merchantId;
  return filters;
}

function entryOf(item: JournaledTransaction, timeZone: string): ReportEntry {
  const tx = item.transaction;
  const occurredAt = parseOccurredAt(tx.occurredAt);
  return {
    id: item.id,
    ...(item.storeId === '' ? {} : { storeId: item.storeId }),
    occurredAt,
    localTime: formatInZone(occurredAt, timeZone),
    kind: tx.kind,
    merchantId: tx.merchant.id,
    terminalId: tx.terminalId,
    batchNo: tx.batchNo,
    voucherNo: tx.voucherNo,
    operatorId: tx.operatorId,
    last4: tx.card?.last4,
    amountMinor: parseMoney(tx.amount, tx.currency).minor,
    currency: tx.currency,
    referenceNo: tx.referenceNo,
    originalId: item.originalId,
    voided: false,
    eventId: item.eventId,
  };
}

/**
 * Collects one store-local day from the journal: every transaction whose time falls in
 * [00:00, 24:00) local — 23 or 25 hours on a daylight-saving day — read page by page
 * (500 a page, newest first, following the cursor) and returned oldest first with totals
 * per terminal, per batch, per operator and overall. See totals.ts for what counts where.
 */
export async function collectDay(journal: Pick<Journal, 'findChecked' | 'reportHeads'>, options: DayReportOptions): Promise<DayReport> {
  const window = dayWindow(options.date, options.timeZone);
  const filters = reportFilters(options);
  const generatedAt = (options.clock ?? Date.now)();
  const base: SearchQuery = { ...filters, from: window.start, to: window.end - 1, limit: MAX_PAGE };
  const entries: ReportEntry[] = [];
  const merchants = new Map<string, MerchantSeen>();
  let cursor: string | undefined;
  do {
    // Every sale checked against its chain: an edited amount is refused (and journaled), never added up.
    const page = await journal.findChecked(cursor === undefined ? base : { ...base, cursor: decodeCursor(cursor) });
    for (const item of page.items) {
      entries.push(entryOf(item, window.timeZone));
      const m = item.transaction.merchant;
      if (!merchants.has(m.id)) merchants.set(m.id, { id: m.id, name: m.name, nameEn: m.nameEn });
    }
    cursor = page.next;
  } while (cursor !== undefined);

  // Pages come newest first; the list reads oldest first.
  entries.sort((a, b) => a.occurredAt - b.occurredAt || a.eventId - b.eventId);
  // A void cancels a sale of its own store (head office holds the same ids from several shops).
  const saleKey = (storeId: string | undefined, id: string | undefined) => `${storeId ?? ''}\u001f${id ?? ''}`;
  const voidedIds = new Set(entries.filter((e) => e.kind === 'void' && e.originalId !== undefined).map((e) => saleKey(e.storeId, e.originalId)));
  for (const e of entries) if (voidedIds.has(saleKey(e.storeId, e.id))) e.voided = true;
  // Merchants in order of first appearance in the (time-ordered) list.
  const merchantOrder = [...new Set(entries.map((e) => e.merchantId))].flatMap((id) => {
    const m = merchants.get(id);
    return m ? [m] : [];
  });

  return {
    date: window.date,
    timeZone: window.timeZone,
    start: window.start,
    end: window.end,
    filters,
    merchants: merchantOrder,
    entries,
    totals: computeTotals(entries),
    generatedAt,
    // Head office: the chains of the shops in the report (those the reader may see), not head office's own.
    heads: await journal.reportHeads(entries.flatMap((e) => (e.storeId === undefined ? [] : [e.storeId]))),
  };
}
