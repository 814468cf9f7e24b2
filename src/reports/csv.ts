import { TransactionKinds, formatMoney } from '../core/index.js';
import type { DayReport, ReportEntry } from './day-report.js';
import { NET_SIGN, totalsGroups, type TotalsGroup } from './totals.js';

/** Byte order mark: Excel reads a CSV as UTF-8 (and so shows Chinese) only when it starts with one. */
export const CSV_BOM = '\uFEFF';
const CRLF = '\r\n';

/** RFC 4180: a field with a comma, a quote or a line break is quoted, quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvRecords(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvField).join(',') + CRLF).join('');
}

/** Columns of the list, in order. Amounts are decimal strings in the currency's minor digits. */
export const LIST_COLUMNS = [
  'date',
  'local_time',
  'voucher_no',
  'kind',
  'card_last4',
  'amount',
  'net_amount',
  'currency',
  'operator_id',
  'terminal_id',
  'batch_no',
  'reference_no',
  'original_id',
  'voided',
  'merchant_id',
  'id',
  'utc_time',
] as const;

function listRow(report: DayReport, e: ReportEntry): string[] {
  return [
    report.date,
    e.localTime,
    e.voucherNo,
    e.kind,
    e.last4 ?? '',
    formatMoney({ minor: e.amountMinor, currency: e.currency }),
    // What the line does to the net: negative for voids and refunds, zero for an auth.
    formatMoney({ minor: NET_SIGN[e.kind] * e.amountMinor, currency: e.currency }),
    e.currency,
    e.operatorId,
    e.terminalId,
    e.batchNo,
    e.referenceNo ?? '',
    e.originalId ?? '',
    e.voided ? 'yes' : 'no',
    e.merchantId,
    e.id,
    new Date(e.occurredAt).toISOString(),
  ];
}

/** Columns of the totals: one row per group (all, each terminal, batch, operator) and currency. */
export const TOTALS_COLUMNS = [
  'date',
  'group',
  'key',
  'currency',
  ...TransactionKinds.flatMap((k) => [`${k.replace('-', '_')}_count`, `${k.replace('-', '_')}_amount`] as const),
  'count',
  'net_amount',
] as const;

/** Head office's reports name each line's shop in a last column (a shop's own report has none). */
const namesStores = (report: DayReport) => report.entries.some((e) => e.storeId !== undefined);

function totalsRows(report: DayReport, group: TotalsGroup, stores: boolean): string[][] {
  return group.currencies.map((t) => [
    report.date,
    group.dimension,
    group.key,
    t.currency,
    ...TransactionKinds.flatMap((k) => [String(t.kinds[k].count), formatMoney({ minor: t.kinds[k].amountMinor, currency: t.currency })]),
    String(t.count),
    formatMoney({ minor: t.netMinor, currency: t.currency }),
    ...(stores ? [group.dimension === 'store' ? group.key : (group.storeId ?? '')] : []),
  ]);
}

function listRecords(report: DayReport): string {
  const stores = namesStores(report);
  return csvRecords([stores ? [...LIST_COLUMNS, 'store_id'] : LIST_COLUMNS, ...report.entries.map((e) => (stores ? [...listRow(report, e), e.storeId ?? ''] : listRow(report, e)))]);
}

function totalsRecords(report: DayReport): string {
  const stores = namesStores(report);
  return csvRecords([stores ? [...TOTALS_COLUMNS, 'store_id'] : TOTALS_COLUMNS, ...totalsGroups(report.totals).flatMap((g) => totalsRows(report, g, stores))]);
}

/** The transaction list as one RFC 4180 table: BOM, header row, one row per transaction, CRLF line ends. */
export function listCsv(report: DayReport): string {
  return CSV_BOM + listRecords(report);
}

/** The totals as one RFC 4180 table: BOM, header row, one row per group and currency, CRLF line ends. */
export function totalsCsv(report: DayReport): string {
  return CSV_BOM + totalsRecords(report);
}

/**
 * Both tables in one file for a spreadsheet: the list, an empty line, then the totals
 * (each with its own header row; one BOM at the start). Each table on its own is RFC 4180;
 * a program that wants exactly one table per file should use listCsv and totalsCsv.
 */
export function reportCsv(report: DayReport): string {
  return CSV_BOM + listRecords(report) + CRLF + totalsRecords(report);
}
