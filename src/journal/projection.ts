import { parseOccurredAt, type Transaction } from '../core/index.js';
import { EventTypes, type TransactionRecordedPayload } from './events.js';
import { transactionsTable } from './journal-tables.js';
import { preparedOf, preparedRow } from './prepare.js';
import type { EventRow, TransactionRow } from './store.js';

/**
 * The search-index row of a journaled transaction, as restore, verify and head office's
 * ingest rebuild it from an event: the same row ingest writes, but the stored time is read
 * strictly, since a payload read back from disk (or received from a shop) has not been
 * through validation here.
 */
export function transactionRow(tx: Transaction, eventId: number, originalId: string | null, storeId = ''): TransactionRow {
  return { ...preparedRow(preparedOf(tx), eventId, originalId), storeId, occurredAt: parseOccurredAt(tx.occurredAt) };
}

/**
 * The index rows an event owns, computed from the event alone: the one projection that
 * restore, verify and head office use, so none of them trusts an index row it was given.
 * Throws (SyntaxError, InputError) when the payload cannot be read.
 */
export function projectEvent(event: Pick<EventRow, 'id' | 'storeId' | 'type' | 'payload'>): TransactionRow | undefined {
  if (event.type !== EventTypes.transactionRecorded) return undefined;
  return projectPayload(JSON.parse(event.payload) as TransactionRecordedPayload, event.id, event.storeId);
}

/** projectEvent for a transaction.recorded payload already parsed (head office's ingest reads each payload once). */
export function projectPayload(payload: TransactionRecordedPayload, eventId: number, storeId: string): TransactionRow {
  return transactionRow(payload.transaction, eventId, payload.originalId ?? null, storeId);
}

const FIELDS = transactionsTable.columns.map((c) => c.key as keyof TransactionRow);

/** Names the first field where an index row disagrees with what its event says. */
export function rowDifference(expected: TransactionRow, actual: TransactionRow): string | undefined {
  return FIELDS.find((field) => expected[field] !== actual[field]);
}
