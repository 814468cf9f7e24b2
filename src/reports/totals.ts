import { InputError, TransactionKinds, type TransactionKind } from '../core/index.js';

/** A count and the sum of the amounts as recorded (always ≥ 0), in minor units. */
export interface Tally {
  count: number;
  amountMinor: number;
}

/**
 * The totals of one currency, the way a Chinese settlement slip 交易汇总 shows them:
 *
 * - 消费 `sale` counts every sale recorded in the period, including those later voided;
 * - 撤销 `void` counts every void recorded in the period, so a sale voided the same day is
 *   in both and cancels out in the net;
 * - 退货 `refund`, 预授权 `auth` and 预授权完成 `auth-complete` count their own records;
 * - 净额 `netMinor` = sales + completions − voids − refunds. A pre-authorisation only holds
 *   funds, so it is counted but moves no money and stays out of the net.
 *
 * A void or refund counts on the day it was made, even when its sale was on an earlier day.
 */
export interface CurrencyTotals {
  currency: string;
  kinds: Record<TransactionKind, Tally>;
  /** Every transaction of this currency, of whatever kind. */
  count: number;
  netMinor: number;
}

export const TotalsDimensions = ['all', 'store', 'terminal', 'batch', 'operator'] as const;
export type TotalsDimension = (typeof TotalsDimensions)[number];

/** The totals of one terminal, batch or operator (or of everything), one entry per currency. */
export interface TotalsGroup {
  dimension: TotalsDimension;
  /**
   * '' for all; the terminal no.; "terminal/batch" — a batch no. belongs to its terminal, so
   * batch 000128 on two terminals is two batches; the operator no. (store-wide: operator 01
   * on two terminals is one operator).
   */
  key: string;
  /**
   * Head office: the shop a terminal's, batch's or operator's totals belong to (two shops may
   * both have terminal 10023456 or operator 01: they are never added together).
   */
  storeId?: string;
  /** Sorted by currency code. */
  currencies: CurrencyTotals[];
}

export interface DayTotals {
  overall: TotalsGroup;
  /** Head office (entries that name their shop): each shop's totals, by store id. */
  byStore?: TotalsGroup[];
  /** Each sorted by key. */
  byTerminal: TotalsGroup[];
  byBatch: TotalsGroup[];
  byOperator: TotalsGroup[];
}

/** How a kind moves the net: +1, −1, or 0 for a pre-authorisation. */
export const NET_SIGN: Readonly<Record<TransactionKind, 1 | -1 | 0>> = {
  sale: 1,
  'auth-complete': 1,
  void: -1,
  refund: -1,
  auth: 0,
};

interface Countable {
  kind: TransactionKind;
  amountMinor: number;
  currency: string;
  terminalId: string;
  batchNo: string;
  operatorId: string;
  /** The shop, at head office. */
  storeId?: string;
}

function emptyTotals(currency: string): CurrencyTotals {
  const kinds = Object.fromEntries(TransactionKinds.map((k) => [k, { count: 0, amountMinor: 0 }])) as Record<TransactionKind, Tally>;
  return { currency, kinds, count: 0, netMinor: 0 };
}

function safeAdd(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) {
    throw new InputError('TOTAL_TOO_LARGE', 'the totals exceed what can be counted exactly in minor units', { hint: 'narrow the report to one terminal or batch' });
  }
  return sum;
}

class Accumulator {
  private readonly byCurrency = new Map<string, CurrencyTotals>();

  constructor(
    readonly dimension: TotalsDimension,
    readonly key: string,
    readonly storeId?: string,
  ) {}

  add(e: Countable): void {
    let totals = this.byCurrency.get(e.currency);
    if (!totals) {
      totals = emptyTotals(e.currency);
      this.byCurrency.set(e.currency, totals);
    }
    const tally = totals.kinds[e.kind];
    tally.count++;
    tally.amountMinor = safeAdd(tally.amountMinor, e.amountMinor);
    totals.count++;
    totals.netMinor = safeAdd(totals.netMinor, NET_SIGN[e.kind] * e.amountMinor);
  }

  group(): TotalsGroup {
    const currencies = [...this.byCurrency.values()].sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
    return { dimension: this.dimension, key: this.key, ...(this.storeId === undefined ? {} : { storeId: this.storeId }), currencies };
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function byKey(a: TotalsGroup, b: TotalsGroup): number {
  return compare(a.storeId ?? '', b.storeId ?? '') || compare(a.key, b.key);
}

/**
 * Sums entries overall and per terminal, per terminal batch and per operator — at head office
 * each of those within its shop, and per shop.
 */
export function computeTotals(entries: readonly Countable[]): DayTotals {
  const overall = new Accumulator('all', '');
  const groups = { store: new Map<string, Accumulator>(), terminal: new Map<string, Accumulator>(), batch: new Map<string, Accumulator>(), operator: new Map<string, Accumulator>() };
  const into = (dimension: keyof typeof groups, key: string, e: Countable) => {
    const at = `${e.storeId ?? ''}\u001f${key}`;
    let acc = groups[dimension].get(at);
    if (!acc) {
      acc = new Accumulator(dimension, key, e.storeId);
      groups[dimension].set(at, acc);
    }
    acc.add(e);
  };
  for (const e of entries) {
    overall.add(e);
    if (e.storeId !== undefined) into('store', e.storeId, e);
    into('terminal', e.terminalId, e);
    into('batch', `${e.terminalId}/${e.batchNo}`, e);
    into('operator', e.operatorId, e);
  }
  const list = (m: Map<string, Accumulator>) => [...m.values()].map((a) => a.group()).sort(byKey);
  const byStore = groups.store.size > 0 ? { byStore: list(groups.store).map(({ storeId: _, ...g }) => g) } : {};
  return { overall: overall.group(), ...byStore, byTerminal: list(groups.terminal), byBatch: list(groups.batch), byOperator: list(groups.operator) };
}

/** Every group of the totals in the order they are shown: overall, per shop, terminal, batch, operator. */
export function totalsGroups(totals: DayTotals): TotalsGroup[] {
  return [totals.overall, ...(totals.byStore ?? []), ...totals.byTerminal, ...totals.byBatch, ...totals.byOperator];
}
