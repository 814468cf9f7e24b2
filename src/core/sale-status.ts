import { formatMoney, parseMoney } from './money.js';
import type { Transaction } from './transaction.js';

/**
 * What later records did to a sale: a void cancelled it, refunds gave all or part of it back.
 * Nothing in the journal is edited, so this is read from the records that point at the sale,
 * and every rendition of the sale (list, preview, duplicate, check) says it.
 */
export const SaleStates = ['voided', 'refunded', 'partly-refunded'] as const;
export type SaleState = (typeof SaleStates)[number];

/** One void or refund of a sale, as its own record says. */
export interface SaleCorrection {
  id: string;
  kind: 'void' | 'refund';
  terminalId: string;
  batchNo: string;
  voucherNo: string;
  /** As journaled: ISO 8601 with the offset. */
  occurredAt: string;
  amount: string;
  currency: string;
}

export interface SaleStatus {
  state: SaleState;
  /** What was voided or refunded in all, in the sale's currency. */
  amount: string;
  currency: string;
  /** Oldest first. */
  corrections: SaleCorrection[];
}

/** A record pointing at the sale, as the journal gives it back. */
export interface Dependent {
  id: string;
  transaction: Transaction;
}

/**
 * The sale's standing from the records that point at it, or undefined when nothing undid
 * any of it. Only a sale (or a completed pre-authorisation) can be voided or refunded; an
 * auth's completion is not a correction.
 */
export function saleStatus(sale: Transaction, dependents: readonly Dependent[]): SaleStatus | undefined {
  if (sale.kind !== 'sale' && sale.kind !== 'auth-complete') return undefined;
  const corrections: SaleCorrection[] = dependents
    .filter((d): d is Dependent & { transaction: Transaction & { kind: 'void' | 'refund' } } => d.transaction.kind === 'void' || d.transaction.kind === 'refund')
    .map(({ id, transaction: t }) => ({ id, kind: t.kind, terminalId: t.terminalId, batchNo: t.batchNo, voucherNo: t.voucherNo, occurredAt: t.occurredAt, amount: t.amount, currency: t.currency }))
    .sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || a.id.localeCompare(b.id));
  if (corrections.length === 0) return undefined;
  const total = corrections.reduce((sum, c) => sum + parseMoney(c.amount, sale.currency).minor, 0);
  const state: SaleState = corrections.some((c) => c.kind === 'void') ? 'voided' : total >= parseMoney(sale.amount, sale.currency).minor ? 'refunded' : 'partly-refunded';
  return { state, amount: formatMoney({ minor: total, currency: sale.currency }), currency: sale.currency, corrections };
}
