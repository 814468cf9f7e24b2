import { parseOccurredAt, type Transaction } from '../core/index.js';
import { captureRow, checkCapturePayload } from './capture-projection.js';
import { EventTypes, type TransactionRecordedPayload } from './events.js';
import { transactionsTable } from './journal-tables.js';
import { indexFieldsOf, preparedOf, preparedRow } from './prepare.js';
import type { CaptureRow, EventRow, StoreWriter, TransactionRow } from './store.js';

/**
 * The search-index row of a journaled transaction, as restore, verify and head office's
 * ingest rebuild it from an event: the same row ingest writes, but the stored time is read
 * strictly, since a payload read back from disk (or received from a shop) has not been
 * through validation here.
 */
export function transactionRow(tx: Transaction, eventId: number, originalId: string | null, storeId = '', contentHash = true): TransactionRow {
  const row = preparedRow(contentHash ? preparedOf(tx) : indexFieldsOf(tx), eventId, originalId);
  row.storeId = storeId;
  row.occurredAt = parseOccurredAt(tx.occurredAt);
  return row;
}

/** The index row an event owns: a sale's in transactions, a captured job's in captures. */
export type IndexRow = { table: 'transactions'; row: TransactionRow } | { table: 'captures'; row: CaptureRow };

/**
 * The index row an event owns, computed from the event alone: the one projection that
 * restore, verify and head office use, so none of them trusts an index row it was given.
 * Throws (SyntaxError, InputError) when the payload cannot be read; a captured job passes
 * the journal's door again (its shape, no full card number).
 */
export function projectEvent(event: Pick<EventRow, 'id' | 'storeId' | 'type' | 'payload'>): IndexRow | undefined {
  return event.type === EventTypes.transactionRecorded || event.type === EventTypes.captureRecorded ? projectPayload(event, JSON.parse(event.payload)) : undefined;
}

/**
 * projectEvent for a payload already parsed (head office reads each once for all its
 * checks). With `contentHash` false a sale's row has '' for it: schema 7 stores none, so
 * head office's ingest skips encoding the transaction again to hash it.
 */
export function projectPayload(event: Pick<EventRow, 'id' | 'storeId' | 'type'>, payload: unknown, contentHash = true): IndexRow | undefined {
  if (event.type === EventTypes.transactionRecorded) {
    const sale = payload as TransactionRecordedPayload;
    return { table: 'transactions', row: transactionRow(sale.transaction, event.id, sale.originalId ?? null, event.storeId, contentHash) };
  }
  if (event.type === EventTypes.captureRecorded) {
    return { table: 'captures', row: captureRow(checkCapturePayload(payload), event.id, event.storeId) };
  }
  return undefined;
}

/** Projects events just inserted (with their new ids) and writes their index rows, sales in one statement. */
export function writeIndexRows(writer: StoreWriter, events: readonly Pick<EventRow, 'id' | 'storeId' | 'type' | 'payload'>[]): Promise<void> {
  return writeProjected(writer, events.map(projectEvent));
}

/** An index row projected before its event had an id, given the id it was stored under (in place: it was projected for this write, and a write run again sets it again). */
export function withEventId(index: IndexRow, eventId: number): IndexRow {
  index.row.eventId = eventId;
  return index;
}

/** Writes index rows already projected (with their events' ids): sales in one statement. */
export async function writeProjected(writer: StoreWriter, rows: readonly (IndexRow | undefined)[]): Promise<void> {
  const sales: TransactionRow[] = [];
  for (const index of rows) {
    if (index?.table === 'transactions') sales.push(index.row);
    else if (index?.table === 'captures') await writer.insertCapture(index.row);
  }
  if (sales.length > 0) await writer.insertTransactions(sales);
}

const FIELDS = transactionsTable.columns.map((c) => c.key as keyof TransactionRow);

/**
 * Names the first field where an index row disagrees with what its event says. A content
 * hash of '' is not stored (schema 7 on): the event's payload holds what it is computed from.
 */
export function rowDifference(expected: TransactionRow, actual: TransactionRow): string | undefined {
  return FIELDS.find((field) => expected[field] !== actual[field] && !(field === 'contentHash' && actual.contentHash === ''));
}
