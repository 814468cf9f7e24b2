import { canonicalJson, parseOccurredAt, transactionAmount, transactionId, type Transaction } from '../core/index.js';
import { sha256Hex } from './hash-chain.js';
import type { TransactionRow } from './store.js';

/** The search-index row of a transaction; the same function serves recording, restore and verify. */
export function transactionRow(tx: Transaction, eventId: number, originalId: string | null, knownContentHash?: string): TransactionRow {
  return {
    id: transactionId(tx),
    eventId,
    terminalId: tx.terminalId,
    batchNo: tx.batchNo,
    voucherNo: tx.voucherNo,
    referenceNo: tx.referenceNo ?? null,
    cardLast4: tx.card?.last4 ?? null,
    operatorId: tx.operatorId,
    kind: tx.kind,
    amountMinor: transactionAmount(tx).minor,
    currency: tx.currency,
    occurredAt: parseOccurredAt(tx.occurredAt),
    merchantId: tx.merchant.id,
    originalId,
    contentHash: knownContentHash ?? contentHash(tx),
  };
}

/** Identity of a transaction's content, for idempotent ingest. */
export function contentHash(tx: Transaction): string {
  return sha256Hex(canonicalJson(tx));
}

const FIELDS: readonly (keyof TransactionRow)[] = [
  'id', 'eventId', 'terminalId', 'batchNo', 'voucherNo', 'referenceNo', 'cardLast4', 'operatorId',
  'kind', 'amountMinor', 'currency', 'occurredAt', 'merchantId', 'originalId', 'contentHash',
];

/** Names the first field where an index row disagrees with what its event says. */
export function rowDifference(expected: TransactionRow, actual: TransactionRow): string | undefined {
  return FIELDS.find((field) => expected[field] !== actual[field]);
}
