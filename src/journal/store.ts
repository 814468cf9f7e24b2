import type { CompactOptions, CompactReport } from '../sql/index.js';
import type { PackedTail } from './packed-payload.js';
import type { JobFilter, NewPrintJob, PrintJobPatch, PrintJobRow } from './print-jobs.js';
import type { SearchQuery } from './search-query.js';

/**
 * The JournalStore port: the little a database must do for the journal. All journal rules
 * (validation, idempotency, chaining, verification) live once in the Journal service above
 * it; adapters only move rows. One SQL adapter serves every engine (adapters/sql-journal-store.ts);
 * it passes test/support/journal-contract.ts on SQLite and on PostgreSQL.
 */

/** One journal event as stored. `payload` is canonical JSON text and is hashed as stored. */
export interface EventRow {
  /** Global position in this store; assigned on insert. */
  id: number;
  /** '' in the database's own journal; head office keeps each shop's events under its id. Not hashed. */
  storeId: string;
  terminalId: string;
  /** Gapless per terminal, from 1. */
  seq: number;
  type: string;
  /** ISO 8601 UTC with milliseconds. */
  recordedAt: string;
  payload: string;
  prevHash: string;
  hash: string;
}

export type NewEventRow = Omit<EventRow, 'id'> & {
  /** A sale's payload's end packed ahead (PreparedTransaction.packedTail): the store packs only the rest. */
  packedTail?: PackedTail | undefined;
};

/** The search index row of one journaled transaction (derived from its event's payload). */
export interface TransactionRow {
  id: string;
  eventId: number;
  /** The store of its event ('' in the database's own journal). */
  storeId: string;
  terminalId: string;
  batchNo: string;
  voucherNo: string;
  referenceNo: string | null;
  cardLast4: string | null;
  operatorId: string;
  kind: string;
  amountMinor: number;
  currency: string;
  /** Epoch milliseconds (UTC). */
  occurredAt: number;
  merchantId: string;
  originalId: string | null;
  contentHash: string;
}

/** The search index row of one captured print job (derived from its capture.recorded event). */
export interface CaptureRow {
  id: string;
  eventId: number;
  /** The store of its event ('' in the database's own journal). */
  storeId: string;
  source: string;
  /** Epoch ms: the time printed on the receipt when recognised, else the capture time. */
  occurredAt: number;
  capturedAt: number;
  printedLocal: string | null;
  amountMinor: number | null;
  currency: string | null;
  cardLast4: string | null;
  referenceNo: string | null;
  voucherNo: string | null;
  batchNo: string | null;
  terminalId: string | null;
  operatorId: string | null;
  merchant: string | null;
  /** The receipt as printed (card numbers masked), for searches by words. */
  text: string;
}

/** A capture's index row with its event, without the event's payload (a search list reads only the index). */
export interface StoredCapture {
  row: CaptureRow;
  event: Omit<EventRow, 'payload'> & { payload?: string };
}

/** A transaction row together with the payload of the event that recorded it. */
export interface StoredTransaction {
  row: TransactionRow;
  event: EventRow;
}

/** A sale as a search page shows it: its index row's keys and its event's place, hash and payload (the transaction itself). */
export interface FoundTransaction {
  row: Pick<TransactionRow, 'id' | 'storeId' | 'occurredAt' | 'eventId'>;
  event: Pick<EventRow, 'id' | 'seq' | 'recordedAt' | 'hash' | 'payload'>;
  /** Whether a record of its own store points at it (a void, refund or completion), as the search read it. */
  undone: boolean;
}

/** An event in chain order with the index row that claims it, if any. */
export interface ChainedEvent {
  event: EventRow;
  indexed: TransactionRow | undefined;
  /** The captures index row that claims it, if any. */
  capture?: CaptureRow | undefined;
}

/**
 * Which stores a read covers: undefined for every store in the database, or a list ('' is the
 * database's own journal). Head office narrows a user limited to some shops with it.
 */
export type StoreScope = readonly string[] | undefined;

/** The last event of a chain, as a chain is extended from it. */
export type ChainTip = Pick<EventRow, 'seq' | 'hash'>;

/** What a write transaction can do; adapters run it inside one database transaction. */
export interface StoreWriter {
  /**
   * Last event of a chain (the database's own unless `storeId`); also takes the chain's write
   * lock where the database needs one.
   */
  lastEvent(terminalId: string, storeId?: string): Promise<ChainTip | undefined>;
  /** lastEvent of several chains (their locks taken in the order given), in a few round trips. */
  chainTips(chains: readonly { storeId: string; terminalId: string }[]): Promise<(ChainTip | undefined)[]>;
  /** Events of a chain from `fromSeq` to `toSeq` (inclusive), in order. */
  chainRange(storeId: string, terminalId: string, fromSeq: number, toSeq: number): Promise<EventRow[]>;
  /**
   * A sale's event — `eventId` of the database's own chain `terminalId` — and its neighbours
   * (seq − 1 to seq + 1), in order (none when that chain holds no such event), and how many
   * stores' journals in this database hold a sale with id `saleId` (a shop's database: its
   * own only; head office's: every shop's too), in one statement.
   */
  saleAround(saleId: string, terminalId: string, eventId: number): Promise<{ events: EventRow[]; stores: number }>;
  insertEvent(event: NewEventRow): Promise<number>;
  /** Many events in one statement where the engine can; their ids in order. */
  insertEvents(events: readonly NewEventRow[]): Promise<number[]>;
  insertTransaction(row: TransactionRow): Promise<void>;
  insertTransactions(rows: readonly TransactionRow[]): Promise<void>;
  /**
   * A transaction of the database's own journal; with `withHash` false its contentHash may be ''
   * (schema 7 keeps it in the event's payload, which is then not read).
   */
  transactionById(id: string, withHash?: boolean): Promise<TransactionRow | undefined>;
  /** The transactions of the database's own journal with these ids, in no particular order. */
  transactionsByIds(ids: readonly string[]): Promise<TransactionRow[]>;
  /**
   * The newest sales of the database's own journal from a merchant with a reference number,
   * at or before `notAfter` (epoch ms): those of the most recent stretch of hours that has
   * any, in the order they were recorded.
   */
  transactionsByReference(referenceNo: string, merchantId: string, notAfter: number): Promise<TransactionRow[]>;
  /** Voids, refunds and completions that point at a transaction; locks the original against concurrent ones. */
  dependents(originalId: string): Promise<TransactionRow[]>;
  captureById(id: string): Promise<CaptureRow | undefined>;
  insertCapture(row: CaptureRow): Promise<void>;
  insertJob(job: NewPrintJob): Promise<number>;
  /**
   * Changes a job only if it is still in one of `from` (compare-and-set), so two spoolers
   * never both take the same job; true when the row changed.
   */
  updateJob(id: number, from: readonly string[], patch: PrintJobPatch): Promise<boolean>;
  /** updateJob that gives back the row as it is after the change (what its event then says), or undefined when it was no longer in `from`. */
  changeJob(id: number, from: readonly string[], patch: PrintJobPatch): Promise<PrintJobRow | undefined>;
  /** Whether any job waits in `printer`'s queue (one taken for sending now would go before it). */
  hasQueuedJob(printer: string): Promise<boolean>;
  /** Job rows of one sale, oldest first; locks the sale's jobs against a concurrent enqueue. */
  jobsOfTransaction(transactionId: string): Promise<PrintJobRow[]>;
  /** The print events of one sale's jobs in chain order (only those after event id `afterId` when given); locks the sale's jobs like jobsOfTransaction. */
  printEventsOfSale(transactionId: string, afterId?: number): Promise<EventRow[]>;
  /** Inserts a job row with its own id (rebuilt from its events on restore). */
  restoreJob(job: PrintJobRow): Promise<void>;
  /** After restoreJob: new jobs get ids above every restored one. */
  catchUpJobIds(): Promise<void>;
  /** Every integrity.alert event of the journal's own audit chain (store ''; not a shop's, at head office), oldest first; locks the audit chain against a concurrent alert. */
  integrityAlerts(): Promise<EventRow[]>;
}

export interface StoreInfo {
  kind: 'sqlite' | 'postgres';
  /** Where the data lives, with any password removed. */
  location: string;
  /** Whether writes commit in the order they were asked for (see SqlDialect.commitsInOrder). */
  commitsInOrder: boolean;
}

/** Whether the journal can take a write now, or why not. */
export type WriteCheck = { writable: true } | { writable: false; reason: 'disk-full' | 'read-only' };

export interface JournalStore {
  readonly info: StoreInfo;
  /** Whether a write could succeed now, found without writing (see SqlDialect.writeCheck). */
  writeCheck(): Promise<WriteCheck>;
  /**
   * Runs `work` in one serialised write transaction; rolls back everything if it throws. An
   * adapter may run `work` again after a transient conflict, so it must have no effects
   * outside the writer.
   */
  write<T>(work: (writer: StoreWriter) => Promise<T>): Promise<T>;
  /** A sale by id in the stores of `scope`, in store order: one a store (head office may hold the same id from several shops), at most `limit` (default two: enough to know it is not one). */
  transactionsById(id: string, scope: StoreScope, limit?: number): Promise<StoredTransaction[]>;
  /** `query.storeIds` narrows it to some stores. */
  search(query: SearchQuery): Promise<FoundTransaction[]>;
  /** A captured job's index row with its whole event (payload included), in the stores of `scope` (every store when undefined). */
  getCapture(id: string, scope?: StoreScope): Promise<StoredCapture | undefined>;
  /** Captures newest first by (occurredAt, eventId), without payloads. */
  searchCaptures(query: SearchQuery): Promise<StoredCapture[]>;
  explainCaptureSearch(query: SearchQuery): Promise<string[]>;
  /** The same search reading the index rows alone (no event, no payload): what a list shows. */
  searchIndex(query: SearchQuery): Promise<TransactionRow[]>;
  /**
   * The records that point at any of these transactions (`original_id`: voids, refunds,
   * completions), each with its event, in one query; oldest first (occurred_at, event id).
   */
  dependentsOf(originalIds: readonly string[]): Promise<StoredTransaction[]>;
  /**
   * dependentsOf for one sale by both indexes that name what a record points at: the
   * transactions row's and the sale key's. A record one of them no longer names is still found
   * (its own row's check then finds the index edited); hiding a void takes editing both.
   */
  dependentsOfEither(originalId: string): Promise<StoredTransaction[]>;
  /** The database's own query plan for a search, as text lines (tests read it). */
  explainSearch(query: SearchQuery): Promise<string[]>;
  /** Write transactions committed through this store so far (SQLite: a commit shared by several writes counts once). */
  readonly commits: number;
  /** The query plan of printEvents (tests check that it reads the print index, not the whole journal). */
  explainPrintEvents(of: { transactionId: string } | { jobId: number }): Promise<string[]>;
  /** Every event (of one store, if given) ordered by store, terminal then sequence, joined to the index row claiming it. */
  chain(storeId?: string): AsyncIterable<ChainedEvent>;
  /** Committed events in id order (for backups); `afterId` resumes. */
  events(afterId?: number): AsyncIterable<EventRow>;
  /** Sequence of the event in a terminal's chain having this hash (used to tell reordering from editing). */
  seqOfHash(terminalId: string, hash: string, storeId?: string): Promise<number | undefined>;
  /** Events and index rows, of one store if given. */
  counts(storeId?: string): Promise<{ events: number; transactions: number }>;
  /** The last event of every chain of one store, by chain name. */
  heads(storeId: string): Promise<EventRow[]>;
  /** Events of a chain after `afterSeq`, in order, at most `limit`. */
  eventsAfter(storeId: string, terminalId: string, afterSeq: number, limit: number): Promise<EventRow[]>;
  /** Rows in the captures index, of one store if given. */
  captureCount(storeId?: string): Promise<number>;
  /** Names of the database guards that refuse UPDATE and DELETE (or allow only the spooler's changes), as present now. */
  appendOnlyGuards(): Promise<string[]>;
  /** Every chain of the database's own journal: its last event (terminal, seq, hash), by terminal. */
  chainHeads(): Promise<{ terminalId: string; seq: number; hash: string }[]>;
  /** Events `fromSeq`..`toSeq` of one chain (of the database's own journal unless `storeId` is given), in order (those that exist). */
  chainSlice(terminalId: string, fromSeq: number, toSeq: number, storeId?: string): Promise<EventRow[]>;
  /** The print events of a sale's jobs, or of one job, in chain order (found from their payloads). */
  printEvents(of: { transactionId: string } | { jobId: number }): Promise<EventRow[]>;
  getJob(id: number): Promise<PrintJobRow | undefined>;
  /** The job rows with these ids (any order). */
  jobsByIds(ids: readonly number[]): Promise<PrintJobRow[]>;
  countJobs(): Promise<number>;
  /** The lowest job id of a row no print event names, if any. */
  jobWithoutEvents(): Promise<number | undefined>;
  listJobs(filter: JobFilter): Promise<PrintJobRow[]>;
  /** Millimetres of paper printed by a printer since a time (epoch ms). */
  paperUsed(printer: string, since: number): Promise<number>;
  /**
   * Events of one chain, newest first, optionally of some types only: the database's own
   * chain (by sequence), or with `stores` that chain of each of those shops, or of every shop (by time).
   */
  eventsOf(terminalId: string, options: { types?: readonly string[]; limit: number; stores?: readonly string[] | 'shops' }): Promise<EventRow[]>;
  getMeta(key: string): Promise<string | undefined>;
  /** Every setting whose key starts with `prefix`, as [key, value], in key order. */
  metaStartingWith(prefix: string): Promise<[string, string][]>;
  setMeta(key: string, value: string): Promise<void>;
  /** Sets `key` only when it has no value yet; resolves with the value it has then (of two racing, the first). */
  initMeta(key: string, value: string): Promise<string>;
  /**
   * Where the database server is in its write-ahead log (bytes): written on a primary,
   * replayed on a hot standby; where the engine has one (PostgreSQL).
   */
  walPosition?(): Promise<{ bytes: bigint; standby: boolean }>;
  /** A consistent copy of the whole journal into a new file while writers go on, where the engine can (SQLite online backup). */
  snapshotTo?(file: string, onProgress?: (done: number, total: number) => void): Promise<void>;
  /** Rebuilds the indexes of months that are over, once each, where the engine splits tables by month (PostgreSQL; see CompactOptions). */
  compactMonths?(options: CompactOptions): Promise<CompactReport>;
  close(): Promise<void>;
}
