import { formatInZone, formatMoney, parseOccurredAt, type SaleStatus } from '../core/index.js';
import type { JournaledCapture, JournaledTransaction, ReceiptListing } from '../journal/index.js';
import { KIND_WORDS, type Language } from '../i18n/index.js';
import { displayWidth, markPreviewText, padText } from '../receipt/index.js';
import { cliText } from './texts.js';

/** A plain table with columns sized to their widest cell (CJK counted as two columns). */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: string[]) => cells.map((c, i) => padText(c, widths[i] ?? 0)).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

/** "VOIDED" / "已撤销": what a void or refunds did to a sale, beside its kind. */
export function saleStateWord(status: SaleStatus | undefined, language: Language): string {
  return status ? cliText(language, `saleState.${status.state}`) : '';
}

export function summaryRow(item: JournaledTransaction, timeZone: string, language: Language = 'en', status?: SaleStatus): string[] {
  const tx = item.transaction;
  const kind = language === 'en' ? tx.kind : (KIND_WORDS[tx.kind]?.[language] ?? tx.kind);
  return [
    item.id,
    formatInZone(parseOccurredAt(tx.occurredAt), timeZone),
    status ? `${kind} ${saleStateWord(status, language)}` : kind,
    `${tx.currency} ${tx.amount}`,
    tx.card ? `*${tx.card.last4}` : '',
    tx.referenceNo ?? '',
    tx.operatorId,
    tx.merchant.name,
  ];
}

/** One row of `find`'s table: a sale, or a captured receipt (kind "captured" and its source; what was read off it). */
export function receiptRow(item: ReceiptListing, timeZone: string, language: Language = 'en', status?: SaleStatus): string[] {
  if (item.origin === 'sale') return summaryRow(item, timeZone, language, status);
  return [
    item.id,
    formatInZone(Date.parse(item.occurredAt), timeZone),
    cliText(language, 'find.captured', { source: item.source }),
    item.amount ? `${item.amount.currency} ${item.amount.value}` : '',
    item.last4 ? `*${item.last4}` : '',
    item.referenceNo ?? '',
    item.operatorId ?? '',
    item.merchant ?? '',
  ];
}

/** `show` of a captured receipt: what was read off it, where it is in the journal, and the text as printed. */
export function captureDetails(item: JournaledCapture, timeZone: string): string {
  const { capture } = item;
  const f = capture.fields;
  const rows: [string, string | undefined][] = [
    ['id', item.id],
    ['origin', `captured by tap ${capture.source} from ${capture.peer} (${capture.channel}), job ${capture.seq} of connection ${capture.connection}, ended by ${capture.endedBy}`],
    ['captured', `${formatInZone(Date.parse(capture.capturedAt), timeZone)} (${timeZone}; ${capture.capturedAt})`],
    ['printed time', f.printedAt ? f.printedAt.local.replace('T', ' ') : undefined],
    ['amount', f.amount ? `${f.amount.currency} ${formatMoney(f.amount)}` : undefined],
    ['merchant', f.merchant],
    ['terminal', f.terminalId],
    ['operator', f.operatorId],
    ['batch / voucher', f.batchNo || f.voucherNo ? `${f.batchNo ?? '-'} / ${f.voucherNo ?? '-'}` : undefined],
    ['reference no.', f.referenceNo],
    ['card', f.last4 ? `*${f.last4}` : undefined],
    ['masked numbers', capture.maskedNumbers > 0 ? String(capture.maskedNumbers) : undefined],
    ['bytes', capture.bytesWithheld ? 'withheld (a card number inside a picture): reprinted from the text' : `${Buffer.from(capture.bytes, 'base64').length}`],
    ['journal', `chain ${item.chain} event ${item.seq}, recorded ${item.recordedAt}`],
    ['hash', item.hash],
  ];
  const out = rows.filter((r): r is [string, string] => r[1] !== undefined).map(([k, v]) => `${k.padEnd(16)}${v}`);
  out.push('text', ...markPreviewText(capture.text).replace(/\n$/, '').split('\n').map((line) => `  ${line}`));
  return out.join('\n') + '\n';
}

const SUMMARY_COLUMNS = ['col.id', 'col.time', 'col.kind', 'col.amount', 'col.card', 'col.ref', 'col.operator', 'col.merchant'] as const;

/** The headings of `find`'s table in the reader's language. */
export function summaryHeaders(language: Language): string[] {
  return SUMMARY_COLUMNS.map((key) => cliText(language, key));
}

/**
 * Whether a list names each line's store: at head office (lines sold in shops other than the
 * journal's own) it always does; in a shop every line is the shop's own, so it never does.
 */
export function showsStores(items: readonly { storeId: string }[], ownStore: string | undefined): boolean {
  return items.some((i) => i.storeId !== '' && i.storeId !== ownStore);
}

/** A table with the store in front of each row, when `withStore`. */
export function withStoreColumn(headers: string[], rows: string[][], stores: readonly string[], withStore: boolean, language: Language): [string[], string[][]] {
  if (!withStore) return [headers, rows];
  return [[cliText(language, 'col.store'), ...headers], rows.map((row, i) => [stores[i] ?? '', ...row])];
}

export function transactionDetails(item: JournaledTransaction, timeZone: string, status?: SaleStatus): string {
  const tx = item.transaction;
  const corrected = status
    ? `${saleStateWord(status, 'en')} ${status.currency} ${status.amount}: ${status.corrections.map((c) => `${c.kind} ${c.id} at ${formatInZone(parseOccurredAt(c.occurredAt), timeZone)} (${c.currency} ${c.amount})`).join(', ')}`
    : undefined;
  const rows: [string, string | undefined][] = [
    ['id', item.id],
    ['kind', tx.kind],
    ['time', `${formatInZone(parseOccurredAt(tx.occurredAt), timeZone)} (${timeZone}; recorded as ${tx.occurredAt})`],
    ['amount', `${tx.currency} ${tx.amount}`],
    ['merchant', `${tx.merchant.name} (${tx.merchant.id})`],
    ['store', tx.store ? [tx.store.name, tx.store.address, tx.store.phone].filter(Boolean).join(', ') : undefined],
    ['terminal', tx.terminalId],
    ['operator', tx.operatorId],
    ['batch / voucher', `${tx.batchNo} / ${tx.voucherNo}`],
    ['reference no.', tx.referenceNo],
    ['auth code', tx.authCode],
    ['receipt no.', tx.receiptNo],
    ['card', tx.card ? [tx.card.masked, tx.card.entryMode, tx.card.issuer, tx.card.acquirer].filter(Boolean).join('  ') : undefined],
    ['original', item.originalId],
    ['status', corrected],
    ['note', tx.note],
    ['journal', `terminal ${tx.terminalId} event ${item.seq}, recorded ${item.recordedAt}`],
    ['hash', item.hash],
  ];
  const out = rows.filter((r): r is [string, string] => r[1] !== undefined).map(([k, v]) => `${k.padEnd(16)}${v}`);
  if (tx.items?.length) {
    out.push('items');
    for (const it of tx.items) out.push(`  ${padText(it.name, 28)} ${it.quantity.padStart(6)} × ${it.unitPrice.padStart(9)} = ${it.amount.padStart(10)}`);
  }
  for (const d of tx.discounts ?? []) out.push(`discount        ${d.name} -${d.amount}`);
  for (const p of tx.payments ?? []) out.push(`payment         ${p.method} ${p.amount}${p.tendered ? ` (tendered ${p.tendered}, change ${p.change ?? '0'})` : ''}`);
  return out.join('\n') + '\n';
}
