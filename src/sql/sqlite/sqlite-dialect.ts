import { existsSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError, InputError } from '../../core/index.js';
import { likePattern } from '../ddl-parts.js';
import { noteRollbackFailure } from '../rollback.js';
import { StorageFullError, type WriteCheck } from '../storage-full.js';
import type { SignalTopic, SqlDialect, SqlExecutor, SqlParams, SqlRow, SqlTransaction } from '../sql-dialect.js';
import type { TableShape } from '../table.js';
import type { SqliteBackupProgress, SqliteDatabase, SqliteOpener, SqliteStatement } from './better-sqlite3.js';
import { FileSignals } from './file-signals.js';
import { createPrivateFile, filesOpenToOthers, type OpenToOthers } from './private-files.js';
import { sqliteDdl } from './sqlite-ddl.js';

const NONE: SqlParams = [];
/** How long a statement waits for another connection's write to finish before it gives up with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 10_000;
const MAX_BACKOFF_MS = 25;

/** Writes that may share one commit; more wait for the next. */
const MAX_SHARED_COMMIT = 64;
/**
 * A shared commit takes no more writes once its work has run this long (monotonic ms): the
 * writes run one after another without giving the event loop a turn, and a server that does
 * not get its turn neither reads requests nor takes new connections (Node takes one per turn),
 * so 64 slow writes in a row held 50 clients' connections back for seconds.
 */
const SHARED_COMMIT_BUDGET_MS = 10;

interface PendingWrite {
  work: (tx: SqlTransaction) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Less room than this and a write cannot be counted on (one sale touches a few dozen pages of the file and the WAL). */
const MIN_ROOM_BYTES = 256 * 1024;
/** The room is measured at most this often (monotonic ms). */
const ROOM_PROBE_MS = 2000;

const isBusy = (error: unknown) => (error as { code?: unknown } | null)?.code === 'SQLITE_BUSY';
const isFull = (error: unknown) => (error as { code?: unknown } | null)?.code === 'SQLITE_FULL';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** SQLite binds no booleans: 1 and 0, as the schema stores them. */
function bind(params: SqlParams): unknown[] {
  for (const value of params) if (typeof value === 'boolean') return params.map((v) => (typeof v === 'boolean' ? Number(v) : v));
  return params as unknown[];
}

export interface SqliteDialectOptions {
  /** The file, for messages (default ":memory:"). */
  location?: string;
  readonly?: boolean;
  /** Monotonic milliseconds, for how often the room left is measured and how long a shared commit takes writes (default performance.now). */
  monotonicMs?: () => number;
}

/**
 * SQL on one better-sqlite3 handle. Statements are prepared once and kept (by SQL text);
 * transactions are BEGIN IMMEDIATE, one at a time per handle, so no lock needs taking
 * inside them. While another connection writes, a statement or BEGIN waits for it without
 * blocking the thread (SQLite's own busy timeout would sleep the whole process, and with it
 * the very transaction it waits for when that one is on another handle in this process).
 */
export class SqliteDialect implements SqlDialect {
  readonly name = 'sqlite';
  readonly label = 'SQLite';
  readonly commitsInOrder = true;
  readonly accessHint = 'open the database file read-write, on a disk with free space, as a user allowed to write it';
  readonly ddl = sqliteDdl;
  readonly location: string;
  readonly readonly: boolean;
  private readonly pending: PendingWrite[] = [];
  private draining = false;
  commits = 0;
  private idle: (() => void) | undefined;
  private readonly statements = new Map<string, SqliteStatement>();
  private readonly tx: SqlTransaction;
  private readonly monotonicMs: () => number;
  /** The room left when the last write failed for lack of it; cleared by a write that succeeds. */
  private full: { room: number } | undefined;
  private measured: { at: number; bytes: number } | undefined;
  private readonly signals: FileSignals;

  constructor(
    /** The handle, for what only SQLite does (tests, benches); everything else goes through the dialect. */
    readonly db: SqliteDatabase,
    options: SqliteDialectOptions = {},
  ) {
    this.location = options.location ?? ':memory:';
    this.readonly = options.readonly ?? false;
    this.monotonicMs = options.monotonicMs ?? (() => performance.now());
    this.signals = new FileSignals(this.location === ':memory:' || this.location === '' ? undefined : this.location, { readonly: this.readonly });
    db.pragma('busy_timeout = 0');
    // Inside a transaction this handle holds the write lock: statements never wait.
    this.tx = {
      all: async (sql, params = NONE) => this.stmt(sql).all(bind(params)) as SqlRow[],
      get: async (sql, params = NONE) => this.stmt(sql).get(bind(params)) as SqlRow | undefined,
      run: async (sql, params = NONE) => this.stmt(sql).run(bind(params)).changes,
      insert: async (sql, params = NONE) => Number(this.stmt(sql).run(bind(params)).lastInsertRowid),
      lock: () => Promise.resolve(),
    };
  }

  /** Runs `attempt` now, or again after a short pause while another connection holds the write lock. */
  private async whenFree<T>(attempt: () => T): Promise<T> {
    const deadline = Date.now() + BUSY_TIMEOUT_MS;
    for (let backoff = 1; ; backoff = Math.min(backoff * 2, MAX_BACKOFF_MS)) {
      try {
        return attempt();
      } catch (error) {
        if (!isBusy(error) || Date.now() >= deadline) throw this.failure(error);
      }
      await pause(backoff);
    }
  }

  private stmt(sql: string): SqliteStatement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  all(sql: string, params: SqlParams = NONE): Promise<SqlRow[]> {
    return this.whenFree(() => this.stmt(sql).all(bind(params)) as SqlRow[]);
  }

  get(sql: string, params: SqlParams = NONE): Promise<SqlRow | undefined> {
    return this.whenFree(() => this.stmt(sql).get(bind(params)) as SqlRow | undefined);
  }

  run(sql: string, params: SqlParams = NONE): Promise<number> {
    return this.whenFree(() => this.wrote(this.stmt(sql).run(bind(params)).changes));
  }

  insert(sql: string, params: SqlParams = NONE): Promise<number> {
    return this.whenFree(() => this.wrote(Number(this.stmt(sql).run(bind(params)).lastInsertRowid)));
  }

  /** A write went through: whatever filled the disk before, there is room again. */
  private wrote<T>(result: T): T {
    if (this.full) {
      this.full = undefined;
      this.measured = undefined;
    }
    return result;
  }

  /** The error to report: a full disk becomes DISK_FULL (and is remembered for writeCheck), anything else stays itself. */
  private failure(error: unknown): unknown {
    if (!isFull(error)) return error;
    this.measured = undefined;
    this.full = { room: this.room() };
    return new StorageFullError('sqlite', this.location, error);
  }

  /**
   * Bytes a write may still add: the smaller of the room under the file's page limit
   * (max_page_count, counting free pages inside the file) and the free space on its disk.
   */
  private room(): number {
    const now = this.monotonicMs();
    if (this.measured && now - this.measured.at < ROOM_PROBE_MS) return this.measured.bytes;
    const pragma = (name: string) => Number(this.db.pragma(name, { simple: true }));
    let bytes = (pragma('max_page_count') - pragma('page_count') + pragma('freelist_count')) * pragma('page_size');
    if (this.location !== ':memory:') {
      try {
        const disk = statfsSync(dirname(this.location));
        bytes = Math.min(bytes, disk.bavail * disk.bsize);
      } catch {
        // A folder that cannot be measured is no sign of a full disk; the page limit still counts.
      }
    }
    this.measured = { at: now, bytes };
    return bytes;
  }

  /**
   * Writable unless the room left is below what one write needs, or the last write failed
   * for lack of room and no more has been made since. Measuring writes nothing (a rolled-
   * back write would not even reach the disk in WAL mode, so it could not tell).
   */
  async writeCheck(): Promise<WriteCheck> {
    if (this.readonly) return { writable: false, reason: 'read-only' };
    const room = this.room();
    if (room < MIN_ROOM_BYTES || (this.full && room < this.full.room + MIN_ROOM_BYTES)) return { writable: false, reason: 'disk-full' };
    this.full = undefined;
    return { writable: true };
  }

  /**
   * Writes share commits: transactions asked for while the event loop is busy are run one
   * after another inside one BEGIN IMMEDIATE … COMMIT, each in its own savepoint, and each
   * resolves only once that COMMIT is on disk. One that fails is rolled back to its savepoint
   * alone; the others still commit. On a synchronous=FULL disk the commit is most of a small
   * write's cost, so under load (many clients, the spooler's transitions, reprints) this is
   * where the time goes.
   */
  transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) {
        this.draining = true;
        // After this turn's I/O callbacks, so the requests that arrived with it can join.
        setImmediate(() => void this.drain());
      }
    });
  }

  /**
   * One shared commit, then the event loop's turn: writes asked for by the continuations of
   * the ones just committed (and by requests that arrived meanwhile) go into the next one,
   * and answers and new requests are not held up behind a stream of commits.
   */
  private async drain(): Promise<void> {
    try {
      await this.runBatch();
    } catch (error) {
      // Not expected (runBatch settles each write itself); no write is left waiting for ever.
      for (const job of this.pending.splice(0)) job.reject(error);
    }
    if (this.pending.length > 0) {
      setImmediate(() => void this.drain());
      return;
    }
    this.draining = false;
    this.idle?.();
  }

  private async runBatch(): Promise<void> {
    const done: { job: PendingWrite; result: unknown }[] = [];
    const failAll = (error: unknown) => {
      for (const { job } of done.splice(0)) job.reject(error);
    };
    try {
      await this.whenFree(() => this.db.exec('BEGIN IMMEDIATE'));
    } catch (error) {
      for (const job of this.pending.splice(0, MAX_SHARED_COMMIT)) job.reject(error);
      return;
    }
    const started = this.monotonicMs();
    for (let taken = 0; taken < MAX_SHARED_COMMIT && this.pending.length > 0 && (taken === 0 || this.monotonicMs() - started < SHARED_COMMIT_BUDGET_MS); taken++) {
      const job = this.pending.shift() as PendingWrite;
      try {
        this.db.exec('SAVEPOINT write');
        const result = await job.work(this.tx);
        this.db.exec('RELEASE write');
        done.push({ job, result });
      } catch (error) {
        if (this.db.inTransaction) {
          try {
            this.db.exec('ROLLBACK TO write');
            this.db.exec('RELEASE write');
            job.reject(this.failure(error));
            continue;
          } catch (rollbackError) {
            noteRollbackFailure(error, rollbackError);
          }
        }
        // After a full disk or an I/O error SQLite may have rolled back the whole transaction:
        // the writes before this one are gone too, and say so.
        const failure = this.failure(error);
        job.reject(failure);
        failAll(failure);
        if (this.db.inTransaction) this.rollback(error);
        return;
      }
    }
    try {
      this.db.exec('COMMIT');
      this.commits += 1;
    } catch (error) {
      if (this.db.inTransaction) this.rollback(error);
      failAll(this.failure(error));
      return;
    }
    for (const { job, result } of done) job.resolve(this.wrote(result));
  }

  private rollback(error: unknown): void {
    try {
      this.db.exec('ROLLBACK');
    } catch (rollbackError) {
      noteRollbackFailure(error, rollbackError);
    }
  }

  /** One prepared INSERT a row: inside a transaction that is as fast as SQLite goes. */
  async insertMany(db: SqlExecutor, table: TableShape, keys: readonly string[], rows: readonly (readonly unknown[])[]): Promise<number[]> {
    const sql = `INSERT INTO ${table.name} (${keys.map((k) => table.column(k)).join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`;
    const ids: number[] = [];
    for (const row of rows) ids.push(await db.insert(sql, row));
    return table.integerKey?.spec.generated ? ids : [];
  }

  /** One table holds every month in SQLite. */
  track(): void {}

  async ensurePartitions(): Promise<string[]> {
    return [];
  }

  violatesUnique(error: unknown, table: string, column: string): boolean {
    return error instanceof Error && error.message.startsWith('UNIQUE constraint failed:') && error.message.includes(`${table}.${column}`);
  }

  /**
   * Words of three characters or more go to the trigram index in one MATCH (each a quoted
   * phrase, all required); shorter ones — a two-character Chinese word — cannot use trigrams
   * and are a LIKE on the rows the other conditions leave.
   */
  containsWords(table: TableShape, alias: string, column: string, words: readonly string[]): { sql: string; params: unknown[] } {
    const long = words.filter((w) => [...w].length >= 3);
    const short = words.filter((w) => [...w].length < 3);
    const parts: string[] = [];
    const params: unknown[] = [];
    const key = table.integerKey?.name;
    if (long.length > 0 && key !== undefined) {
      parts.push(`${alias}.${key} IN (SELECT rowid FROM ${table.name}_fts WHERE ${table.name}_fts MATCH ?)`);
      params.push(long.map((w) => `"${w.replace(/"/g, '""')}"`).join(' AND '));
    }
    for (const word of key === undefined ? words : short) {
      parts.push(`${alias}.${table.column(column)} LIKE ? ESCAPE '\\'`);
      params.push(likePattern(word));
    }
    return { sql: parts.join(' AND '), params };
  }

  async explain(sql: string, params: SqlParams = NONE): Promise<string[]> {
    return (this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(bind(params)) as { detail: string }[]).map((r) => r.detail);
  }

  async triggers(tables: readonly string[]): Promise<string[]> {
    const rows = await this.all(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (${tables.map(() => '?').join(', ')}) ORDER BY name`, tables);
    return rows.map((r) => r.name as string);
  }

  openFailure(_what: string, error: unknown): unknown {
    return error;
  }

  /** SQLite's online backup: a consistent copy of the live file while writers go on. */
  async snapshotTo(file: string, onProgress?: (done: number, total: number) => void): Promise<void> {
    try {
      const done = await this.db.backup(file, {
        progress: (info: SqliteBackupProgress) => {
          onProgress?.(info.totalPages - info.remainingPages, info.totalPages);
          return 2000;
        },
      });
      // SQLite tells progress before each step only: the last word is the whole copy (a small journal's one step would stay at 0%).
      onProgress?.(done.totalPages, done.totalPages);
    } catch (error) {
      // The copy's disk (a USB stick), not the journal's, is full: said as DISK_FULL, naming the copy.
      throw isFull(error) ? new StorageFullError('sqlite', file, error) : error;
    }
  }

  async signal(topic: SignalTopic): Promise<void> {
    this.signals.signal(topic);
  }

  watch(topic: SignalTopic, onSignal: () => void): () => void {
    return this.signals.watch(topic, onSignal);
  }

  async close(): Promise<void> {
    this.signals.close();
    if (this.draining) await new Promise<void>((resolve) => (this.idle = resolve));
    this.db.close();
  }
}

/**
 * How a journal file is kept in memory and on disk; see docs/storage.md for the
 * measurements behind each value.
 */
export interface SqliteTuning {
  /** Bytes per page, for a new file only (an existing file keeps its own). */
  pageSize: number;
  /** Page cache per connection, in KiB. */
  cacheKiB: number;
  /** Bytes of the file read through a memory map instead of read() calls (0: none). */
  mmapBytes: number;
  /** WAL pages after which a commit copies the log back into the file. */
  walAutocheckpointPages: number;
}

/**
 * Chosen by measurement (docs/storage.md). 4 KiB pages: an insert at a random key (amount,
 * reference, card last-4, voucher) dirties a whole leaf the commit writes to the WAL;
 * smaller pages wrote no fewer bytes per sale at 120k sales and cost CPU in deeper trees.
 * 32 MiB of cache per connection (SQLite's default is 2 MiB) keeps every index's upper
 * levels and hot leaves in memory; the 128 MiB map reads the rest without a system call
 * and a copy per page, and both stay well inside a till's memory. A 32 MiB WAL between
 * checkpoints copies a leaf dirtied by many commits back to the file once, not per commit.
 */
export const SQLITE_TUNING: SqliteTuning = {
  pageSize: 4096,
  cacheKiB: 32 * 1024,
  mmapBytes: 128 * 1024 * 1024,
  walAutocheckpointPages: 8192,
};

export interface SqliteFileOptions {
  file: string;
  open: SqliteOpener;
  readonly?: boolean;
  /** Defaults to SQLITE_TUNING; a bench may pass SQLite's own defaults to compare. */
  tuning?: SqliteTuning;
  /** Told of the database's files (itself, -wal, -shm) that others than its owner may open. */
  onOpenToOthers?: (found: OpenToOthers[]) => void;
  /** Monotonic milliseconds (default performance.now); see SqliteDialectOptions. */
  monotonicMs?: () => number;
}

const isExisting = (error: unknown) => (error as { code?: unknown } | null)?.code === 'EEXIST';

/** What the file system or SQLite says when the path is a folder, or this user may not open or write it. */
const CANNOT_OPEN = new Set(['SQLITE_CANTOPEN', 'SQLITE_PERM', 'SQLITE_READONLY', 'SQLITE_READONLY_DIRECTORY', 'SQLITE_AUTH', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'EROFS']);

/**
 * A path that is no SQLite database, or one this user cannot open, said as such (the engine's
 * own words go along as the cause, for a log) instead of surfacing as an unexpected error.
 */
function cannotOpen(file: string, error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_NOTADB') return new InputError('NOT_A_JOURNAL', `${file} is not a Reissue journal`, { hint: 'check the path (--db or REISSUE_DB)', cause: error, context: { file } });
  if (typeof code !== 'string' || !CANNOT_OPEN.has(code)) return error;
  return new ConfigError('JOURNAL_CANNOT_OPEN', `cannot open the journal file ${file}`, {
    hint: 'check that --db (or REISSUE_DB) names the journal file, not a folder, and that this operating-system user may read and write it and its folder; a journal is readable by the user who created it only, so run reissue as that user',
    cause: error,
    context: { file },
  });
}

/**
 * Opens a database file as Reissue needs it: write-ahead logging and synchronous=FULL
 * (checked, not assumed: every acknowledged sale is on disk), foreign keys on, and a busy
 * timeout so several processes can share the file.
 */
export function openSqliteFile(options: SqliteFileOptions): SqliteDialect {
  const readonly = options.readonly ?? false;
  if (!readonly && options.file !== ':memory:' && !existsSync(options.file)) {
    try {
      createPrivateFile(options.file);
    } catch (error) {
      // Another process made it first: it is opened as it is (and reported below if too open).
      if (!isExisting(error)) throw cannotOpen(options.file, error);
    }
  }
  let db: SqliteDatabase;
  try {
    db = options.open(options.file, { readonly, fileMustExist: readonly });
  } catch (error) {
    throw cannotOpen(options.file, error);
  }
  try {
    db.pragma('busy_timeout = 10000');
    const tuning = options.tuning ?? SQLITE_TUNING;
    // Before WAL is switched on: a new file takes its page size from its first write.
    if (!readonly) db.pragma(`page_size = ${tuning.pageSize}`);
    db.pragma(`cache_size = -${tuning.cacheKiB}`);
    db.pragma(`mmap_size = ${tuning.mmapBytes}`);
    if (!readonly) {
      const mode = String(db.pragma('journal_mode = WAL', { simple: true }));
      if (mode.toLowerCase() !== 'wal') {
        throw new ConfigError('SQLITE_NOT_WAL', `SQLite refused write-ahead logging for ${options.file} (mode is ${mode})`, {
          hint: 'put the journal on a local disk that supports WAL (not a network share or :memory:)',
          context: { file: options.file, mode },
        });
      }
    }
    if (!readonly) db.pragma(`wal_autocheckpoint = ${tuning.walAutocheckpointPages}`);
    db.pragma('synchronous = FULL');
    const sync = Number(db.pragma('synchronous', { simple: true }));
    if (sync !== 2) {
      throw new ConfigError('SQLITE_NOT_DURABLE', `SQLite would not run with synchronous=FULL (got ${sync})`, {
        hint: 'Reissue needs every acknowledged sale on disk; remove any setting that lowers synchronous',
        context: { value: sync },
      });
    }
    db.pragma('foreign_keys = ON');
  } catch (error) {
    db.close();
    throw cannotOpen(options.file, error);
  }
  if (options.onOpenToOthers && options.file !== ':memory:') {
    const found = filesOpenToOthers(options.file);
    if (found.length > 0) options.onOpenToOthers(found);
  }
  return new SqliteDialect(db, { location: options.file, readonly, ...(options.monotonicMs ? { monotonicMs: options.monotonicMs } : {}) });
}

/**
 * Whether another connection (a running server, a tap, a backup) has the database file open:
 * every connection to a WAL database holds a shared lock on it while open, so an exclusive
 * lock, asked without waiting, is refused exactly then. Nothing is written.
 */
export function sqliteFileInUse(file: string, open: SqliteOpener): boolean {
  const db = open(file, { readonly: false, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return false;
  } catch (error) {
    if (isBusy(error)) return true;
    throw error;
  } finally {
    db.close();
  }
}

/**
 * Makes a database file stand alone: its write-ahead log folded in and the file switched to
 * a rollback journal, so it is one file and opening it to read leaves no -wal or -shm beside
 * it (a copy in WAL mode would get both from every reader). For backups.
 */
export function sealSqliteFile(file: string, open: SqliteOpener): void {
  const db = open(file, { readonly: false, fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
  } catch (error) {
    throw isFull(error) ? new StorageFullError('sqlite', file, error) : error;
  } finally {
    db.close();
  }
}
