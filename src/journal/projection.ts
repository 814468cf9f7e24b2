import { parseOccurredAt, type Transaction } from '../core/index.js';
import { transactionsTable } from './journal-tables.js';
import { preparedOf, preparedRow } from './prepare.js';
import type { TransactionRow } from './store.js';

/**
 * The search-index row of a journaled transaction, as restore and verify rebuild it from an
 * event: the same row ingest writes, but the stored time is read strictly, since a payload
 * read back from disk has not been through validation.
 */
export function transactionRow(tx: Transaction, eventId: number, originalId: string | null): TransactionRow {
  return { ...preparedRow(preparedOf(tx), eventId, originalId), occurredAt: parseOccurredAt(tx.occurredAt) };
}

const FIELDS = transactionsTable.columns.map((c) => c.key as keyof TransactionRow);

/** Names the first field where an index row disagrees with what its event says. */
export function rowDifference(expected: TransactionRow, actual: TransactionRow): string | undefined {
  return FIELDS.find((field) => expected[field] !== actual[field]);
}
