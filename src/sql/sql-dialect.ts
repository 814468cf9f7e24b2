import type { LockName } from './locks.js';
import type { Month } from './partitions.js';
import type { WriteCheck } from './storage-full.js';
import type { ColumnModel, TableShape } from './table.js';

/**
 * What the stores above need from a database: statements written once, with `?`
 * placeholders, run the same on every engine. A dialect (one folder per engine) is bound
 * to one connection (a better-sqlite3 handle, a pg pool) and hides what differs:
 * placeholders, transactions and their retries, locks, DDL, and the few engine-only
 * tools (query plans, trigger listing, online backup).
 */

export const DialectNames = ['sqlite', 'postgres'] as const;
export type DialectName = (typeof DialectNames)[number];

/** A result row keyed by column name or alias; integers may arrive as strings (pg BIGINT): decode with the table model or toInt. */
export type SqlRow = Record<string, unknown>;

/** What one process can tell the others on the same database has changed (SqlDialect.signal). */
export const SignalTopics = ['auth'] as const;
export type SignalTopic = (typeof SignalTopics)[number];
export type SqlParams = readonly unknown[];

/**
 * `planOnce`: the statement's plan does not depend on its values (it names its partitions'
 * bounds as parameters the executor prunes by), so PostgreSQL may plan it once per connection
 * and reuse the plan. Planning a statement over monthly partitions cost it 0.7–1.3 ms against
 * 0.1–0.2 ms to run one search. SQLite prepares every statement once anyway.
 */
export interface ReadOptions {
  planOnce?: boolean;
}

export interface SqlExecutor {
  all(sql: string, params?: SqlParams, options?: ReadOptions): Promise<SqlRow[]>;
  /** The first row, or undefined. */
  get(sql: string, params?: SqlParams): Promise<SqlRow | undefined>;
  /** Runs a statement; resolves with the number of rows it changed. */
  run(sql: string, params?: SqlParams): Promise<number>;
  /** Runs an INSERT of one row and resolves with its generated integer key (column `id`). */
  insert(sql: string, params?: SqlParams): Promise<number>;
}

export type LockMode = 'exclusive' | 'shared';

export interface SqlTransaction extends SqlExecutor {
  /**
   * Holds a named lock (see LOCKS) until the transaction ends; `key` narrows it to one
   * chain, sale or user key. SQLite takes nothing: BEGIN IMMEDIATE already serialises
   * every writer. Take it before reading what it protects. Several keys are taken in the
   * order given, in one round trip (give every writer the same order).
   */
  lock(name: LockName, key?: string | readonly string[], mode?: LockMode): Promise<void>;
}

export interface TransactionOptions {
  /** A lock without a key taken with BEGIN itself (one round trip on PostgreSQL). */
  lock?: { name: LockName; mode?: LockMode };
  /**
   * Also run the work again after a unique violation: a concurrent writer committed the
   * same key first, and the rerun sees its row. Deadlocks and serialization failures are
   * always rerun (PostgreSQL; SQLite serialises writers, so nothing is ever rerun there).
   */
  retryUniqueViolation?: boolean;
}

export interface SqlDialect extends SqlExecutor {
  readonly name: DialectName;
  /** The engine as people know it: "SQLite", "PostgreSQL". */
  readonly label: string;
  /**
   * Whether a transaction asked for later never commits before one asked for earlier (SQLite:
   * one writer, in turn). PostgreSQL runs them side by side on a pool, so callers that need an
   * order must wait for the first commit.
   */
  readonly commitsInOrder: boolean;
  /** Where the data lives (file, or URL without password), for messages. */
  readonly location: string;
  /** What to check when the database cannot be opened or written. */
  readonly accessHint: string;
  /** True when opened read-only: no schema is created or changed. */
  readonly readonly: boolean;
  /**
   * Runs `work` in one write transaction: committed when it resolves, rolled back when it
   * throws (the work's own error is what the caller gets, whatever the rollback does).
   * The work may run again after a transient conflict, so it must have no effect outside
   * the transaction. A full disk is StorageFullError DISK_FULL, whoever met it.
   */
  transaction<T>(work: (tx: SqlTransaction) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Transactions committed through this dialect so far (one shared SQLite commit counts once): tests and benches count them. */
  readonly commits: number;
  /** The statements that create a table with its indexes (idempotent), its append-only guards, and a table-exists probe. */
  readonly ddl: DdlRenderer;
  /** Whether `error` is a unique violation of `table`.`column`. */
  violatesUnique(error: unknown, table: string, column: string): boolean;
  /**
   * A WHERE condition: `alias`.`column` of `table` holds every one of `words` (case-insensitive
   * substrings, Chinese included), through the table's words index where it has one — an FTS5
   * trigram table named TABLE_fts (SQLite), a pg_trgm index (PostgreSQL); see TableSpec.extra.
   */
  containsWords(table: TableShape, alias: string, column: string, words: readonly string[]): { sql: string; params: unknown[] };
  /** The engine's plan for a query, as text lines. */
  explain(sql: string, params?: SqlParams): Promise<string[]>;
  /** Names of the enabled triggers on `tables`, sorted. */
  triggers(tables: readonly string[]): Promise<string[]>;
  /**
   * The error to report when a store cannot open here: PostgreSQL names the server
   * (password removed) under POSTGRES_UNAVAILABLE; SQLite's own errors already name the file.
   */
  openFailure(what: string, error: unknown): unknown;
  /**
   * Whether a write could succeed now, without writing: the room left (SQLite: on the disk
   * and under the file's page limit) and whether the last write here failed for lack of
   * space with none succeeding since. Cheap, and measured at most every few seconds.
   */
  writeCheck(): Promise<WriteCheck>;
  /**
   * Where a server with streaming replication is in its write-ahead log (bytes): written on a
   * primary, replayed on a hot standby; only where the engine has one (PostgreSQL).
   */
  walPosition?(): Promise<{ bytes: bigint; standby: boolean }>;
  /** A consistent copy of the whole database into a new file while writers go on, where the engine has one (SQLite). */
  snapshotTo?(file: string, onProgress?: (done: number, total: number) => void): Promise<void>;
  /**
   * Inserts many rows of one table in one statement where the engine can (PostgreSQL: one
   * INSERT … SELECT FROM unnest of one array per column), else one by one; resolves with the
   * generated integer keys in row order (empty when the table generates none).
   */
  insertMany(db: SqlExecutor, table: TableShape, keys: readonly string[], rows: readonly (readonly unknown[])[]): Promise<number[]>;
  /**
   * Tables split by month (TableSpec.partitionByMonth) that the dialect keeps partitions for:
   * a row for a month without one makes the dialect create it and run the transaction again.
   * migrate() registers a schema's partitioned tables here.
   */
  track(tables: readonly TableShape[]): void;
  /**
   * Makes sure months `from` … `from + count - 1` have partitions in every tracked table
   * that is partitioned in this database (PostgreSQL); resolves with the partitions made.
   */
  ensurePartitions(from: Month, count: number): Promise<string[]>;
  /**
   * Rebuilds, once, the indexes of each month that is over (see CompactOptions), where the
   * engine splits tables by month (PostgreSQL); SQLite keeps one table whose B-tree pages
   * stay nearly full, and has no such method.
   */
  compactMonths?(options: CompactOptions): Promise<CompactReport>;
  /**
   * Tells every connection to this database, in this process or another, that `topic`
   * changed; call it once the change has committed. Best effort: it never throws, and a
   * watcher keeps a time bound of its own for a signal it may miss.
   */
  signal(topic: SignalTopic): Promise<void>;
  /**
   * Calls `onSignal` soon (milliseconds) after any connection signals `topic`, this one's
   * own signals included, until the returned stop or close(); also when the watch was
   * broken and started again, since a signal may have been missed meanwhile.
   */
  watch(topic: SignalTopic, onSignal: () => void): () => void;
  close(): Promise<void>;
}

/**
 * A month's partitions keep getting rows for a while after it ends (shops that were offline
 * push late); then they never change again. Their indexes were filled entry by entry in many
 * interleaved ascending runs (one per terminal, one per operator …), and PostgreSQL splits a
 * full page that is not the index's last one in half, so they end about half empty; rebuilt
 * once, they are packed full.
 */
export interface CompactOptions {
  /** Epoch ms: a month is compacted once it ended more than `graceDays` before it. */
  now: number;
  /** Days after a month's end before it is compacted (default 3). */
  graceDays?: number;
  /** After each partition (and once before the first, with done 0). */
  onProgress?: (done: number, total: number, partition: string | undefined) => void;
  /** Aborted: the rebuild under way is cancelled and the run ends (`stopped`); the month stays due. */
  signal?: AbortSignal;
}

export interface CompactedPartition {
  partition: string;
  /** Bytes of its indexes before and after. */
  before: number;
  after: number;
  ms: number;
}

export interface CompactReport {
  compacted: CompactedPartition[];
  /** Another process was compacting: nothing was done here. */
  busy: boolean;
  /** The run was stopped (CompactOptions.signal) before it got through every month due. */
  stopped?: boolean;
}

export interface DdlRenderer {
  /** CREATE TABLE and CREATE INDEX, all IF NOT EXISTS. */
  create(table: TableShape): string[];
  /**
   * Guards of an append-only table (refusing UPDATE, DELETE and TRUNCATE where the engine has
   * it) or of a state-guarded one (only the moves its state machine allows; no DELETE or
   * TRUNCATE); none for other tables.
   */
  guards(table: TableShape): string[];
  /** One `?` (the table name); a row when the table exists. */
  readonly tableExists: string;
  /** One `?` (the table name); a row `name` per column it has. */
  readonly columnNames: string;
  /** ALTER TABLE … ADD COLUMN for a column an older database lacks. */
  addColumn(table: TableShape, column: ColumnModel): string;
  /** Engines with partitioning: one `?` (the table name); a row when the table is partitioned. */
  readonly partitioned?: string;
  /** Engines with partitioning: one `?` (the parent table); a row `name` per partition. */
  readonly partitions?: string;
  /** Engines with partitioning: the statements that create one month's partition with its guards (idempotent). */
  partition?(table: TableShape, month: Month): string[];
  /** The text of `key` in the JSON held by `column`, as an expression (NULL when absent): what an index with `json` indexes. */
  jsonText(column: string, key: string): string;
  /** An INSERT of one row that gives the generated integer key itself (a row rebuilt with the key other records name), values as `?` in column order. */
  insertWithKey(table: TableShape): string;
  /** Run after insertWithKey: moves the key generator past the largest key in the table. */
  keyCatchUp(table: TableShape): string[];
}
