import { metaTable, migrate, toInt, type CompactOptions, type CompactReport, type MigrateOptions, type SqlDialect, type SqlExecutor, type SqlRow, type SqlTransaction } from '../../sql/index.js';
import { AUDIT_CHAIN } from '../audit-trail.js';
import { EventTypes } from '../events.js';
import { sha256Hex } from '../hash-chain.js';
import { packPayload, packPayloadEnding, unpackPayload } from '../packed-payload.js';
import { JOURNAL_SCHEMA, TX_HOUR_MS, capturesTable, eventsTable, printJobsTable, saleKeysTable, transactionsTable } from '../journal-tables.js';
import type { JobFilter, NewPrintJob, PrintJobRow } from '../print-jobs.js';
import type { SearchQuery } from '../search-query.js';
import type { CaptureRow, ChainedEvent, EventRow, FoundTransaction, JournalStore, NewEventRow, StoreInfo, StoreScope, StoreWriter, StoredCapture, StoredTransaction, TransactionRow, WriteCheck } from '../store.js';
import { firstHours, hourOf, hourWalk, hoursOf, needsSpan, walksHours, type HourSeek, type Hours, type JournalSpan } from './hour-walk.js';
import * as q from './journal-queries.js';

const GUARDED = JOURNAL_SCHEMA.tables.filter((t) => t.spec.appendOnly || t.spec.stateGuard).map((t) => t.name);
const READ_META = `SELECT value FROM ${metaTable.name} WHERE key = ?`;
// substr, not LIKE: a key may hold % or _, and both engines spell substr alike.
const READ_META_PREFIX = `SELECT key, value FROM ${metaTable.name} WHERE substr(key, 1, ?) = ? ORDER BY key`;
const WRITE_META = metaTable.upsert(['key']);
const INIT_META = metaTable.insertOrIgnore(['key']);

const eventOf = (row: SqlRow): EventRow => {
  const event = eventsTable.decode(row, 'e_');
  // A search list's rows have no payload.
  if (typeof event.payload === 'string') event.payload = unpackPayload(event.payload);
  return event;
};
const PAYLOAD_AT = eventsTable.insertKeys.indexOf('payload');
const CONTENT_HASH_AT = transactionsTable.insertKeys.indexOf('contentHash');
/**
 * A sale's index row as stored: without its content hash (schema 7), 65 bytes a sale that the
 * event's payload already determines; the writer's lookup of a sale computes it back.
 */
function storedRow(row: TransactionRow): unknown[] {
  const values = transactionsTable.values(row);
  values[CONTENT_HASH_AT] = '';
  return values;
}
/** The transaction's canonical text inside a sale's payload: its last member, as Journal.recordOne writes it. */
const transactionText = (payload: string) => payload.slice(payload.indexOf('"transaction":') + '"transaction":'.length, -1);

/** A writer's sale row with the hash of its content, computed from its event where the row keeps none (schema 7). */
function withContentHash(row: SqlRow): TransactionRow {
  const found = txOf(row);
  if (found.contentHash === '' && typeof row.payload === 'string') found.contentHash = sha256Hex(transactionText(unpackPayload(row.payload)));
  return found;
}

/** Ids looked up a statement on SQLite: well under its parameter limit. */
const IDS_A_STATEMENT = 500;
/** Up to this many ids are one IN list on PostgreSQL too (a single sale needs one); more go as one array. */
const FEW_IDS = 16;
/** Where a sale is (sale_keys): its event and its time, the month its row is in. */
type SaleKey = { eventId: number; occurredAt: number };
const keyOf = (row: SqlRow): SaleKey => ({ eventId: toInt(row.eventId), occurredAt: toInt(row.occurredAt) });
/** A sale's sale_keys row, written with its transactions row. */
const saleKeyValues = (row: TransactionRow): unknown[] => saleKeysTable.values({ eventId: row.eventId, storeId: row.storeId, id: row.id, occurredAt: row.occurredAt, originalId: row.originalId });

/** The rows of sales found in sale_keys, read from their own months (a few hundred a statement). */
async function saleRows(tx: SqlExecutor, keys: readonly SaleKey[], payload: boolean): Promise<SqlRow[]> {
  const rows: SqlRow[] = [];
  for (let at = 0; at < keys.length; at += IDS_A_STATEMENT) {
    const { sql, params } = q.saleRowsAt(keys.slice(at, at + IDS_A_STATEMENT), payload);
    rows.push(...(await tx.all(sql, params)));
  }
  return rows;
}
/** An event's values as stored: a sale's payload packed (schema 7, packed-payload.ts), every other event's as is (print events are found by their JSON). */
function storedValues(event: NewEventRow): unknown[] {
  const values = eventsTable.values(event);
  if (event.type === EventTypes.transactionRecorded) values[PAYLOAD_AT] = event.packedTail ? packPayloadEnding(event.payload, event.packedTail) : packPayload(event.payload);
  return values;
}
const txOf = (row: SqlRow): TransactionRow => transactionsTable.decode(row);
const jobOf = (row: SqlRow) => printJobsTable.decode(row) as PrintJobRow;
const storedOf = (row: SqlRow): StoredTransaction => ({ row: txOf(row), event: eventOf(row) });
/** A row of a search for found sales (journal-queries.ts, FOUND_SELECT). */
const foundOf = (row: SqlRow): FoundTransaction => {
  const eventId = toInt(row.eventId);
  return {
    row: { id: row.id as string, storeId: row.storeId as string, occurredAt: toInt(row.occurredAt), eventId },
    event: { id: eventId, seq: toInt(row.e_seq), recordedAt: row.e_recordedAt as string, hash: row.e_hash as string, payload: unpackPayload(row.e_payload as string) },
    // SQLite answers 1 or 0, PostgreSQL true or false.
    undone: row.undone === true || Number(row.undone) === 1,
  };
};
const captureOf = (row: SqlRow): CaptureRow => capturesTable.decode(row, 'c_');
/** A capture with its event; a search list's rows have no payload. */
const storedCaptureOf = (row: SqlRow): StoredCapture => {
  const event = eventOf(row);
  if (row.e_payload === undefined) delete (event as { payload?: string }).payload;
  return { row: captureOf(row), event };
};

const SPAN = { transactions: q.timeSpan('transactions'), captures: q.timeSpan('captures') } as const;
const BEFORE = { transactions: q.timeBefore('transactions'), captures: q.timeBefore('captures') } as const;
const BEFORE_SINCE = { transactions: q.timeBeforeSince('transactions'), captures: q.timeBeforeSince('captures') } as const;
/**
 * How far back a seek looks first. PostgreSQL plans a statement over every month it may read:
 * unbounded below, a seek planned every month's index (4–5 ms at 36 months, for each refund by
 * reference); the newest time before a bound is nearly always within a month of it, and only
 * when that window is empty is the rest asked.
 */
const SEEK_NEAR_MS = 31 * 86_400_000;

/** The first and last sale's (or capture's) time in the journal, undefined when it holds none. */
async function spanOf(db: SqlExecutor, table: q.HourTable = 'transactions'): Promise<JournalSpan | undefined> {
  const row = await db.get(SPAN[table]);
  return row?.first === null || row?.first === undefined ? undefined : { first: toInt(row.first), last: toInt(row.last) };
}

/** The hours a search reads (hour-walk.ts), asking the journal for its span only when the search's own window does not bound them. */
async function hoursToWalk(db: SqlExecutor, query: SearchQuery, table: q.HourTable): Promise<Hours | undefined> {
  return hoursOf(query, needsSpan(query) ? await spanOf(db, table) : undefined);
}

/** The walk's seek over the time index: the newest hour at or before `hour` with a sale (or capture). */
const seekOn = (db: SqlExecutor, table: q.HourTable = 'transactions'): HourSeek => async (hour) => {
  const bound = (hour + 1) * TX_HOUR_MS;
  const near = (await db.get(BEFORE_SINCE[table], [bound, bound - SEEK_NEAR_MS]))?.at;
  const at = near === null || near === undefined ? (await db.get(BEFORE[table], [bound]))?.at : near;
  return at === null || at === undefined ? undefined : hourOf(toInt(at));
};

const PLAN_ONCE = { planOnce: true } as const;

/** One statement, or for a search on an hour-led index one per step of hours until the page is full. */
async function walkRows(db: SqlExecutor, query: SearchQuery, table: q.HourTable, statement: (query: SearchQuery, hours?: readonly number[]) => q.Query): Promise<SqlRow[]> {
  if (!walksHours(query)) {
    const { sql, params } = statement(query);
    return db.all(sql, params);
  }
  const rows: SqlRow[] = [];
  for await (const hours of hourWalk(await hoursToWalk(db, query, table), seekOn(db, table))) {
    const { sql, params } = statement({ ...query, limit: query.limit - rows.length }, hours);
    // Its months are bounded by parameters (the hours and times), pruned when it runs: planned once.
    rows.push(...(await db.all(sql, params, PLAN_ONCE)));
    if (rows.length >= query.limit) break;
  }
  return rows;
}

async function jobs(db: SqlExecutor, filter: JobFilter): Promise<PrintJobRow[]> {
  const { sql, params } = q.listJobs(filter);
  return (await db.all(sql, params)).map(jobOf);
}

/** The lock key of a chain: the terminal for the database's own, store and chain for a shop's at head office. */
const chainKey = (storeId: string, terminalId: string) => (storeId === '' ? terminalId : `${storeId}\u001f${terminalId}`);

/** Statements that hold the engine's JSON expression (the one its print-event indexes hold). */
function engineQueries(db: SqlDialect) {
  const jsonText = (column: string, key: string) => db.ddl.jsonText(column, key);
  return {
    printEventsOfSale: q.printEventsBy(jsonText, 'transactionId'),
    printEventsOfSaleAfter: q.printEventsBy(jsonText, 'transactionId', true),
    printEventsOfJob: q.printEventsBy(jsonText, 'jobId'),
    jobWithoutEvents: q.jobWithoutEvents(jsonText),
    restoreJob: db.ddl.insertWithKey(printJobsTable),
    catchUpJobIds: db.ddl.keyCatchUp(printJobsTable),
  };
}
type EngineQueries = ReturnType<typeof engineQueries>;

/** The writes of one transaction. Locks are taken before reading what they protect (none needed on SQLite). */
function writerOn(db: SqlDialect, tx: SqlTransaction, eq: EngineQueries): StoreWriter {
  return {
    lastEvent: async (terminalId, storeId = '') => {
      await tx.lock('chain', chainKey(storeId, terminalId));
      const row = await tx.get(q.LAST_EVENT, [storeId, terminalId]);
      return row ? { seq: toInt(row.seq), hash: row.hash as string } : undefined;
    },
    chainTips: async (chains) => {
      await tx.lock('chain', chains.map((c) => chainKey(c.storeId, c.terminalId)));
      const tipOf = (row: SqlRow | undefined) => (row && row.seq !== null && row.seq !== undefined ? { seq: toInt(row.seq), hash: row.hash as string } : undefined);
      if (db.name !== 'postgres') {
        const tips = [];
        for (const c of chains) tips.push(tipOf(await tx.get(q.LAST_EVENT, [c.storeId, c.terminalId])));
        return tips;
      }
      // A lock is a statement of its own: this one, after them, sees what their last holders committed.
      const rows = await tx.all(q.CHAIN_TIPS_UNNEST, [chains.map((c) => c.storeId), chains.map((c) => c.terminalId)]);
      return rows.map(tipOf);
    },
    chainRange: async (storeId, terminalId, fromSeq, toSeq) => (await tx.all(q.CHAIN_RANGE, [storeId, terminalId, fromSeq, toSeq])).map(eventOf),
    saleAround: async (saleId, terminalId, eventId) => {
      const rows = await tx.all(q.SALE_AROUND, [saleId, terminalId, eventId, terminalId, eventId, terminalId]);
      return { events: rows.map(eventOf), stores: toInt(rows[0]?.saleStores ?? 0) };
    },
    insertEvent: (event: NewEventRow) => tx.insert(q.INSERT_EVENT, storedValues(event)),
    insertEvents: (events) => db.insertMany(tx, eventsTable, eventsTable.insertKeys, events.map(storedValues)),
    insertTransaction: async (row: TransactionRow) => {
      await tx.run(q.INSERT_TRANSACTION, storedRow(row));
      await tx.run(q.INSERT_SALE_KEY, saleKeyValues(row));
    },
    insertTransactions: async (rows) => {
      await db.insertMany(tx, transactionsTable, transactionsTable.insertKeys, rows.map(storedRow));
      await db.insertMany(tx, saleKeysTable, saleKeysTable.insertKeys, rows.map(saleKeyValues));
    },
    transactionById: async (id, withHash = true) => {
      const key = await tx.get(q.KEY_BY_ID, [id]);
      if (!key) return undefined;
      const [row] = await saleRows(tx, [keyOf(key)], withHash);
      return row ? withContentHash(row) : undefined;
    },
    transactionsByIds: async (ids) => {
      const keys: SaleKey[] = [];
      if (db.name === 'postgres' && ids.length > FEW_IDS) {
        for (const row of await tx.all(q.KEYS_BY_IDS_ARRAY, [ids])) keys.push(keyOf(row));
      } else {
        for (let at = 0; at < ids.length; at += IDS_A_STATEMENT) {
          const some = ids.slice(at, at + IDS_A_STATEMENT);
          for (const row of await tx.all(q.keysByIds(some.length), some)) keys.push(keyOf(row));
        }
      }
      // Usually none: a batch of new sales costs the one statement above.
      return keys.length === 0 ? [] : (await saleRows(tx, keys, true)).map(withContentHash);
    },
    transactionsByReference: async (referenceNo, merchantId, notAfter) => {
      // Newest first from `notAfter`, and no further back than the first step of hours that
      // holds one: a refund's sale is usually days old, and walking every hour of a large
      // journal for each refund made recording slow down as the journal grew (issue 15). The
      // walk's seeks find where the sales end, so it needs no span of the journal (on
      // PostgreSQL a min and max over every month, 1–4 ms a refund).
      for await (const hours of hourWalk({ newest: hourOf(notAfter), oldest: 0 }, seekOn(tx))) {
        const { sql, params } = q.transactionsByReference(referenceNo, merchantId, hours);
        const found = (await tx.all(sql, params)).map(txOf);
        if (found.length > 0) return found.sort((a, b) => a.eventId - b.eventId);
      }
      return [];
    },
    dependents: async (originalId) => {
      // Refunds of one sale may come from other terminals, whose chain locks do not exclude
      // each other; without this lock two of them could both fit under the sale amount.
      await tx.lock('saleDependents', originalId);
      const keys = (await tx.all(q.KEYS_OF_DEPENDENTS, [originalId])).map(keyOf);
      return keys.length === 0 ? [] : (await saleRows(tx, keys, false)).map(txOf);
    },
    captureById: async (id) => {
      const row = await tx.get(q.CAPTURE_BY_ID, [id]);
      return row ? captureOf(row) : undefined;
    },
    insertCapture: async (row: CaptureRow) => {
      await tx.run(q.INSERT_CAPTURE, capturesTable.values(row));
    },
    insertJob: (job: NewPrintJob) => tx.insert(q.INSERT_JOB, printJobsTable.values(job)),
    updateJob: async (id, from, patch) => {
      const { sql, params } = q.updateJob(id, from, patch);
      return (await tx.run(sql, params)) === 1;
    },
    changeJob: async (id, from, patch) => {
      const { sql, params } = q.updateJob(id, from, patch, true);
      const row = await tx.get(sql, params);
      return row ? jobOf(row) : undefined;
    },
    hasQueuedJob: async (printer) => (await tx.get(q.QUEUED_JOB_FOR, [printer])) !== undefined,
    jobsOfTransaction: async (transactionId) => {
      // Two enqueues of one sale (e.g. two reprints at once) must see each other's jobs.
      await tx.lock('saleJobs', transactionId);
      return jobs(tx, { transactionId });
    },
    printEventsOfSale: async (transactionId, afterId) => {
      await tx.lock('saleJobs', transactionId);
      const rows = afterId === undefined ? await tx.all(eq.printEventsOfSale, [transactionId]) : await tx.all(eq.printEventsOfSaleAfter, [transactionId, afterId]);
      return rows.map(eventOf);
    },
    restoreJob: async (job) => {
      await tx.run(eq.restoreJob, printJobsTable.values(job, printJobsTable.columns.map((c) => c.key) as (keyof PrintJobRow)[]));
    },
    catchUpJobIds: async () => {
      for (const statement of eq.catchUpJobIds) await tx.get(statement);
    },
    integrityAlerts: async () => {
      await tx.lock('chain', AUDIT_CHAIN);
      return (await tx.all(q.INTEGRITY_ALERT_EVENTS)).map(eventOf);
    },
  };
}

/**
 * The journal on any SQL engine the dialect speaks: each write is one transaction that
 * holds the writers' lock shared, and the chains it extends exclusively (SQLite: BEGIN
 * IMMEDIATE serialises it all). A unique violation from a concurrent writer of the same
 * sale reruns the write, which then finds the sale on record.
 */
export class SqlJournalStore implements JournalStore {
  readonly info: StoreInfo;
  private readonly eq: EngineQueries;

  private constructor(private readonly db: SqlDialect) {
    this.info = { kind: db.name, location: db.location, commitsInOrder: db.commitsInOrder };
    this.eq = engineQueries(db);
    if (db.snapshotTo) this.snapshotTo = (file, onProgress) => db.snapshotTo!(file, onProgress);
    if (db.walPosition) this.walPosition = () => db.walPosition!();
    if (db.compactMonths) this.compactMonths = (options) => db.compactMonths!(options);
  }

  /**
   * Creates the journal's tables in a new database, or brings an older one's up to date (not
   * when read-only), with partitions for the months around `now` (PostgreSQL); the store owns
   * the dialect from here and closes it. `onProgress` hears how far an upgrade's long work got
   * (schema 8 copies every sale's key into sale_keys).
   */
  static async open(db: SqlDialect, options: MigrateOptions = {}): Promise<SqlJournalStore> {
    try {
      await migrate(db, JOURNAL_SCHEMA, options);
    } catch (error) {
      await db.close().catch(() => undefined);
      throw db.openFailure('journal', error);
    }
    return new SqlJournalStore(db);
  }

  snapshotTo?: (file: string, onProgress?: (done: number, total: number) => void) => Promise<void>;
  walPosition?: () => Promise<{ bytes: bigint; standby: boolean }>;
  compactMonths?: (options: CompactOptions) => Promise<CompactReport>;

  get commits(): number {
    return this.db.commits;
  }

  writeCheck(): Promise<WriteCheck> {
    return this.db.writeCheck();
  }

  write<T>(work: (writer: StoreWriter) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => work(writerOn(this.db, tx, this.eq)), { lock: { name: 'journalWriters', mode: 'shared' }, retryUniqueViolation: true });
  }

  async transactionsById(id: string, scope: StoreScope, limit?: number): Promise<StoredTransaction[]> {
    const { sql, params } = q.transactionsById(id, scope, limit);
    // Nothing in it bounds the months: planned, it named every month's index each time.
    return (await this.db.all(sql, params, PLAN_ONCE)).map(storedOf);
  }

  async search(query: SearchQuery): Promise<FoundTransaction[]> {
    return (await this.searchRows(query, 'found')).map(foundOf);
  }

  async searchIndex(query: SearchQuery): Promise<TransactionRow[]> {
    return (await this.searchRows(query, 'index')).map(txOf);
  }

  private searchRows(query: SearchQuery, columns: q.SearchColumns): Promise<SqlRow[]> {
    return walkRows(this.db, query, 'transactions', (step, hours) => q.searchTransactions(step, columns, hours));
  }

  async dependentsOf(originalIds: readonly string[]): Promise<StoredTransaction[]> {
    if (originalIds.length === 0) return [];
    const { sql, params } = q.dependentsOf(originalIds);
    return (await this.db.all(sql, params)).map(storedOf);
  }

  async dependentsOfEither(originalId: string): Promise<StoredTransaction[]> {
    const byRow = await this.dependentsOf([originalId]);
    const seen = new Set(byRow.map((d) => d.event.id));
    const byKey = (await this.db.all(q.DEPENDENTS_BY_KEY, [originalId])).map(storedOf).filter((d) => !seen.has(d.event.id));
    if (byKey.length === 0) return byRow;
    return [...byRow, ...byKey].sort((a, b) => a.row.occurredAt - b.row.occurredAt || a.event.id - b.event.id);
  }

  /** The plan of a search's first statement (its first step of hours; the next steps differ only in which hours). */
  async explainSearch(query: SearchQuery): Promise<string[]> {
    const span = walksHours(query) && needsSpan(query) ? await spanOf(this.db) : undefined;
    const { sql, params } = q.searchTransactions(query, 'found', firstHours(query, span));
    return this.db.explain(sql, params);
  }

  async getCapture(id: string, scope?: StoreScope): Promise<StoredCapture | undefined> {
    const { sql, params } = q.captureById(id, scope);
    const row = await this.db.get(sql, params);
    return row ? storedCaptureOf(row) : undefined;
  }

  async searchCaptures(query: SearchQuery): Promise<StoredCapture[]> {
    return (await walkRows(this.db, query, 'captures', (step, hours) => q.searchCaptures(step, this.db, hours))).map(storedCaptureOf);
  }

  /** The plan of a capture search's first statement, like explainSearch. */
  async explainCaptureSearch(query: SearchQuery): Promise<string[]> {
    const span = walksHours(query) && needsSpan(query) ? await spanOf(this.db, 'captures') : undefined;
    const { sql, params } = q.searchCaptures(query, this.db, firstHours(query, span));
    return this.db.explain(sql, params);
  }

  async captureCount(storeId?: string): Promise<number> {
    const row = storeId === undefined ? await this.db.get(q.CAPTURE_COUNT) : await this.db.get(q.STORE_CAPTURE_COUNT, [storeId]);
    return toInt(row?.n ?? 0);
  }

  async *chain(storeId?: string): AsyncIterable<ChainedEvent> {
    let store = storeId ?? '';
    let terminal = '';
    let seq = 0;
    for (;;) {
      const rows = storeId === undefined ? await this.db.all(q.CHAIN_PAGE, [store, terminal, seq]) : await this.db.all(q.STORE_CHAIN_PAGE, [storeId, store, terminal, seq]);
      for (const row of rows) yield { event: eventOf(row), indexed: row.id === null ? undefined : txOf(row), capture: row.c_id === null ? undefined : captureOf(row) };
      const last = rows.at(-1);
      if (!last || rows.length < q.PAGE) return;
      store = last.e_storeId as string;
      terminal = last.e_terminalId as string;
      seq = toInt(last.e_seq);
    }
  }

  /**
   * Ids are drawn when a row is inserted, not when it commits, so a concurrent writer can
   * commit id 7 after id 8 is visible: a backup reading past 8 and resuming "after 8" would
   * lose 7. Events stop at a horizon below which every writer has finished.
   */
  async *events(afterId = 0): AsyncIterable<EventRow> {
    // A read-only journal (a backup being checked) has no writers to wait for.
    const horizon = this.db.readonly
      ? toInt((await this.db.get(q.MAX_EVENT_ID))?.id ?? 0)
      : await this.db.transaction(async (tx) => {
          await tx.lock('journalWriters');
          return toInt((await tx.get(q.MAX_EVENT_ID))?.id ?? 0);
        });
    let after = afterId;
    for (;;) {
      const rows = await this.db.all(q.EVENTS_PAGE, [after, horizon]);
      for (const row of rows) yield eventOf(row);
      const last = rows.at(-1);
      if (!last || rows.length < q.PAGE) return;
      after = toInt(last.e_id);
    }
  }

  async seqOfHash(terminalId: string, hash: string, storeId = ''): Promise<number | undefined> {
    const row = await this.db.get(q.SEQ_OF_HASH, [storeId, terminalId, hash]);
    return row ? toInt(row.seq) : undefined;
  }

  async counts(storeId?: string): Promise<{ events: number; transactions: number }> {
    const row = storeId === undefined ? await this.db.get(q.COUNTS) : await this.db.get(q.STORE_COUNTS, [storeId, storeId]);
    return { events: toInt(row?.events ?? 0), transactions: toInt(row?.transactions ?? 0) };
  }

  async heads(storeId: string): Promise<EventRow[]> {
    const out: EventRow[] = [];
    // A store has a handful of chains: one seek to the next chain and one to its head each,
    // instead of grouping every event.
    for (let after = ''; ; ) {
      const next = (await this.db.get(q.NEXT_CHAIN, [storeId, after]))?.terminal_id as string | undefined;
      if (next === undefined) return out;
      const head = await this.db.get(q.CHAIN_HEAD, [storeId, next]);
      if (head) out.push(eventOf(head));
      after = next;
    }
  }

  async eventsAfter(storeId: string, terminalId: string, afterSeq: number, limit: number): Promise<EventRow[]> {
    return (await this.db.all(q.EVENTS_AFTER, [storeId, terminalId, afterSeq, limit])).map(eventOf);
  }

  appendOnlyGuards(): Promise<string[]> {
    return this.db.triggers(GUARDED);
  }

  async chainHeads(): Promise<{ terminalId: string; seq: number; hash: string }[]> {
    return (await this.db.all(q.CHAIN_HEADS)).map((r) => ({ terminalId: String(r.terminal_id), seq: toInt(r.seq), hash: String(r.hash) }));
  }

  async chainSlice(terminalId: string, fromSeq: number, toSeq: number, storeId = ''): Promise<EventRow[]> {
    return (await this.db.all(q.CHAIN_RANGE, [storeId, terminalId, fromSeq, toSeq], PLAN_ONCE)).map(eventOf);
  }

  async printEvents(of: { transactionId: string } | { jobId: number }): Promise<EventRow[]> {
    return (await this.db.all(...this.printEventsQuery(of))).map(eventOf);
  }

  explainPrintEvents(of: { transactionId: string } | { jobId: number }): Promise<string[]> {
    return this.db.explain(...this.printEventsQuery(of));
  }

  private printEventsQuery(of: { transactionId: string } | { jobId: number }): [string, string[]] {
    return 'jobId' in of ? [this.eq.printEventsOfJob, [String(of.jobId)]] : [this.eq.printEventsOfSale, [of.transactionId]];
  }

  async getJob(id: number): Promise<PrintJobRow | undefined> {
    const row = await this.db.get(q.JOB_BY_ID, [id]);
    return row ? jobOf(row) : undefined;
  }

  async jobsByIds(ids: readonly number[]): Promise<PrintJobRow[]> {
    if (ids.length === 0) return [];
    return (await this.db.all(q.jobsByIds(ids.length), ids)).map(jobOf);
  }

  async countJobs(): Promise<number> {
    return toInt((await this.db.get(q.JOB_COUNT))?.jobs ?? 0);
  }

  async jobWithoutEvents(): Promise<number | undefined> {
    const row = await this.db.get(this.eq.jobWithoutEvents);
    return row ? toInt(row.id) : undefined;
  }

  listJobs(filter: JobFilter): Promise<PrintJobRow[]> {
    return jobs(this.db, filter);
  }

  async paperUsed(printer: string, since: number): Promise<number> {
    return Number((await this.db.get(q.PAPER_USED, [printer, since]))?.mm ?? 0);
  }

  async eventsOf(terminalId: string, options: { types?: readonly string[]; limit: number; stores?: readonly string[] | 'shops' }): Promise<EventRow[]> {
    const { sql, params } = q.eventsOfChain(terminalId, options.types ?? [], options.limit, options.stores);
    return (await this.db.all(sql, params)).map(eventOf);
  }

  async getMeta(key: string): Promise<string | undefined> {
    return (await this.db.get(READ_META, [key]))?.value as string | undefined;
  }

  async metaStartingWith(prefix: string): Promise<[string, string][]> {
    return (await this.db.all(READ_META_PREFIX, [prefix.length, prefix])).map((row) => [String(row.key), String(row.value)]);
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.db.run(WRITE_META, [key, value]);
  }

  async initMeta(key: string, value: string): Promise<string> {
    await this.db.run(INIT_META, [key, value]);
    return (await this.getMeta(key)) ?? value;
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
