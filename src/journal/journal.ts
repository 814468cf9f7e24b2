import {
  ConflictError,
  InputError,
  NotFoundError,
  ReissueError,
  canonicalJson,
  parseTransaction,
  parseTransactionId,
  transactionAmount,
  transactionId,
  type Transaction,
} from '../core/index.js';
import { EventTypes, type TransactionRecordedPayload } from './events.js';
import { GENESIS_HASH, eventHash, sha256Hex } from './hash-chain.js';
import { transactionRow } from './projection.js';
import { checkSearchQuery, encodeCursor, type SearchQuery } from './search-query.js';
import type { EventRow, JournalStore, StoreWriter, StoredTransaction, TransactionRow } from './store.js';

type ChainHeads = Map<string, Pick<EventRow, 'seq' | 'hash'>>;

export interface RecordOutcome {
  id: string;
  /** False when the same sale was already on record (idempotent replay). */
  created: boolean;
  terminalId: string;
  /** Position in the terminal's chain, when this call created the record. */
  seq?: number;
}

export interface JournaledTransaction {
  id: string;
  transaction: Transaction;
  originalId: string | undefined;
  eventId: number;
  seq: number;
  recordedAt: string;
  hash: string;
}

export interface SearchPage {
  items: JournaledTransaction[];
  /** Pass back as the cursor for the next (older) page; absent on the last page. */
  next: string | undefined;
}

/** One line of a batch that could not be taken, with its 1-based position. */
export interface BatchIssue {
  line: number;
  code: string;
  message: string;
}

export interface JournalOptions {
  store: JournalStore;
  /** Epoch milliseconds; injected so tests control recorded times. */
  clock?: () => number;
}

/**
 * The journal: append-only, per-terminal gapless sequences, a SHA-256 chain per terminal,
 * idempotent ingest. The rules live here once; stores only persist rows.
 */
export class Journal {
  readonly store: JournalStore;
  private readonly clock: () => number;

  constructor(options: JournalOptions) {
    this.store = options.store;
    this.clock = options.clock ?? Date.now;
  }

  /** Records one transaction (raw input, validated here). */
  async record(input: unknown): Promise<RecordOutcome> {
    const [outcome] = await this.recordMany([input]);
    if (!outcome) throw new Error('recordMany returned nothing for one input');
    return outcome;
  }

  /**
   * Records many transactions atomically: every input is validated first, and any refusal —
   * bad input, unknown original, conflict — leaves the journal exactly as it was.
   */
  async recordMany(inputs: readonly unknown[]): Promise<RecordOutcome[]> {
    const parsed = parseBatch(inputs);
    return this.store.write(async (writer) => {
      const outcomes: RecordOutcome[] = [];
      const heads: ChainHeads = new Map();
      for (let i = 0; i < parsed.length; i++) {
        const tx = parsed[i] as Transaction;
        try {
          outcomes.push(await this.recordOne(writer, tx, heads));
        } catch (error) {
          if (error instanceof ReissueError && parsed.length > 1) {
            error.context.line = i + 1;
            (error as { message: string }).message = `line ${i + 1}: ${error.message}; nothing in this batch was recorded`;
          }
          throw error;
        }
      }
      return outcomes;
    });
  }

  private async recordOne(writer: StoreWriter, tx: Transaction, heads: ChainHeads): Promise<RecordOutcome> {
    const id = transactionId(tx);
    // Encoded once: the same text gives the content hash and sits inside the event payload.
    const txText = canonicalJson(tx);
    const hash = sha256Hex(txText);
    const existing = await writer.transactionById(id);
    if (existing) {
      if (existing.contentHash === hash) return { id, created: false, terminalId: tx.terminalId };
      throw new ConflictError('IDEMPOTENCY_CONFLICT', `${id} is already on record with different content`, {
        hint: 'terminal + batch + voucher identify one sale; send the original content again or use a new voucher no.',
        context: { id },
      });
    }
    const original = await this.resolveOriginal(writer, tx);
    // Canonical form of TransactionRecordedPayload: keys in sorted order id, originalId, transaction.
    const payload = `{"id":${JSON.stringify(id)},${original ? `"originalId":${JSON.stringify(original.id)},` : ''}"transaction":${txText}}`;
    const event = await this.appendEncodedEvent(writer, tx.terminalId, EventTypes.transactionRecorded, payload, heads);
    await writer.insertTransaction(transactionRow(tx, event.id, original?.id ?? null, hash));
    return { id, created: true, terminalId: tx.terminalId, seq: event.seq };
  }

  /** Appends one event to a terminal's chain inside a write. Later modules journal their events through this. */
  async appendEvent(writer: StoreWriter, terminalId: string, type: string, payload: unknown): Promise<EventRow> {
    return this.appendEncodedEvent(writer, terminalId, type, canonicalJson(payload), new Map());
  }

  /** `heads` remembers each chain's head within one write, so a batch reads it once per terminal. */
  private async appendEncodedEvent(writer: StoreWriter, terminalId: string, type: string, payload: string, heads: ChainHeads): Promise<EventRow> {
    const last = heads.get(terminalId) ?? (await writer.lastEvent(terminalId));
    const unhashed = {
      terminalId,
      seq: (last?.seq ?? 0) + 1,
      type,
      recordedAt: new Date(this.clock()).toISOString(),
      payload,
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const row = { ...unhashed, hash: eventHash(unhashed) };
    const id = await writer.insertEvent(row);
    heads.set(terminalId, { seq: row.seq, hash: row.hash });
    return { ...row, id };
  }

  /** Voids and refunds must point at a sale on record that is still open to them. */
  private async resolveOriginal(writer: StoreWriter, tx: Transaction): Promise<TransactionRow | undefined> {
    if (!tx.original) return undefined;
    const { voucherNo, referenceNo } = tx.original;
    let original: TransactionRow | undefined;
    if (voucherNo) {
      original = await writer.transactionById(transactionId({ terminalId: tx.terminalId, batchNo: tx.original.batchNo ?? tx.batchNo, voucherNo }));
    } else if (referenceNo) {
      // Reference numbers are unique per acquirer, not worldwide: only this merchant's sales count.
      const matches = (await writer.transactionsByReference(referenceNo)).filter((m) => m.merchantId === tx.merchant.id);
      original = matches.find((m) => m.terminalId === tx.terminalId) ?? matches[0];
    }
    const named = voucherNo ? `voucher ${voucherNo}${tx.original.batchNo ? ` in batch ${tx.original.batchNo}` : ''}` : `reference ${referenceNo}`;
    if (!original || !['sale', 'auth', 'auth-complete'].includes(original.kind)) {
      throw new InputError('ORIGINAL_NOT_FOUND', `the ${tx.kind} names ${named}, which is not a sale on record for terminal ${tx.terminalId}`, {
        hint: 'record the original sale first, or correct original.voucherNo / original.batchNo / original.referenceNo',
        context: { original: tx.original },
      });
    }
    if (tx.kind === 'auth-complete') {
      if (original.kind !== 'auth') throw new InputError('ORIGINAL_NOT_AUTH', `${original.id} is a ${original.kind}, not a pre-authorisation`, { hint: 'an auth-complete names the auth it completes' });
      return original;
    }
    if (original.kind !== 'sale' && original.kind !== 'auth-complete') {
      throw new InputError('ORIGINAL_NOT_SALE', `${original.id} is a ${original.kind}; only a sale can be voided or refunded`, { hint: 'name the original sale' });
    }
    const dependents = await writer.dependents(original.id);
    if (dependents.some((d) => d.kind === 'void')) {
      throw new ConflictError('ALREADY_VOIDED', `${original.id} was already voided`, { hint: 'a voided sale cannot be voided or refunded again', context: { id: original.id } });
    }
    const amount = transactionAmount(tx).minor;
    if (tx.currency !== original.currency) {
      throw new InputError('CURRENCY_MISMATCH', `the ${tx.kind} is in ${tx.currency} but ${original.id} is in ${original.currency}`, { hint: 'use the currency of the original sale' });
    }
    if (tx.kind === 'void') {
      if (tx.terminalId !== original.terminalId) throw new InputError('VOID_OTHER_TERMINAL', `${original.id} belongs to another terminal`, { hint: 'void a sale on the terminal that took it, or refund it instead' });
      if (dependents.length > 0) throw new ConflictError('ALREADY_REFUNDED', `${original.id} was already (partly) refunded and cannot be voided`, { hint: 'refund the rest instead' });
      if (amount !== original.amountMinor) throw new InputError('VOID_AMOUNT_MISMATCH', `a void must be for the full amount of ${original.id}`, { hint: 'send the amount of the original sale, or use a refund for part of it' });
    } else {
      const refunded = dependents.filter((d) => d.kind === 'refund').reduce((sum, d) => sum + d.amountMinor, 0);
      if (refunded + amount > original.amountMinor) {
        throw new ConflictError('REFUND_EXCEEDS_SALE', `refunds of ${original.id} would exceed the sale amount`, { hint: 'refund at most what is left of the sale', context: { id: original.id } });
      }
    }
    return original;
  }

  /** A journaled transaction by id; NotFoundError names the id. */
  async get(id: string): Promise<JournaledTransaction> {
    parseTransactionId(id);
    const found = await this.store.getTransaction(id.trim());
    if (!found) {
      throw new NotFoundError('TRANSACTION_NOT_FOUND', `no transaction ${id} on record`, { hint: 'look it up with `reissue find` (by time and amount, voucher, reference or card last-4)' });
    }
    return toJournaled(found);
  }

  async find(query: SearchQuery): Promise<SearchPage> {
    const checked = checkSearchQuery(query);
    const rows = await this.store.search({ ...checked, limit: checked.limit + 1 });
    const items = rows.slice(0, checked.limit).map(toJournaled);
    const last = rows.length > checked.limit ? rows[checked.limit - 1] : undefined;
    return { items, next: last ? encodeCursor({ occurredAt: last.row.occurredAt, eventId: last.row.eventId }) : undefined };
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}

function toJournaled({ row, event }: StoredTransaction): JournaledTransaction {
  const payload = JSON.parse(event.payload) as TransactionRecordedPayload;
  return {
    id: row.id,
    transaction: payload.transaction,
    originalId: payload.originalId,
    eventId: event.id,
    seq: event.seq,
    recordedAt: event.recordedAt,
    hash: event.hash,
  };
}

/**
 * Validates every input before anything is written. One input's own error is thrown as
 * is; a batch's errors are gathered into one INVALID_BATCH naming each bad line.
 */
export function parseBatch(inputs: readonly unknown[]): Transaction[] {
  const parsed: Transaction[] = [];
  const issues: BatchIssue[] = [];
  for (const [i, input] of inputs.entries()) {
    try {
      parsed.push(parseTransaction(input));
    } catch (error) {
      if (!(error instanceof ReissueError) || inputs.length === 1) throw error;
      issues.push({ line: i + 1, code: error.code, message: error.message });
    }
  }
  const first = issues[0];
  if (!first) return parsed;
  throw new InputError('INVALID_BATCH', `${issues.length} of ${inputs.length} transactions are invalid (first: line ${first.line}: ${first.message}); nothing was recorded`, {
    hint: 'fix the listed lines and send the batch again; lines already on record are accepted again without duplicates',
    context: { issues },
  });
}
