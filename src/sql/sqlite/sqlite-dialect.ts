import { ConfigError } from '../../core/index.js';
import { likePattern } from '../ddl-parts.js';
import { noteRollbackFailure } from '../rollback.js';
import type { SqlDialect, SqlParams, SqlRow, SqlTransaction } from '../sql-dialect.js';
import type { TableShape } from '../table.js';
import type { SqliteBackupProgress, SqliteDatabase, SqliteOpener, SqliteStatement } from './better-sqlite3.js';
import { sqliteDdl } from './sqlite-ddl.js';

const NONE: SqlParams = [];
/** How long a statement waits for another connection's write to finish before it gives up with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 10_000;
const MAX_BACKOFF_MS = 25;

const isBusy = (error: unknown) => (error as { code?: unknown } | null)?.code === 'SQLITE_BUSY';
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
  readonly accessHint = 'open the database file read-write, on a disk with free space, as a user allowed to write it';
  readonly ddl = sqliteDdl;
  readonly location: string;
  readonly readonly: boolean;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly statements = new Map<string, SqliteStatement>();
  private readonly tx: SqlTransaction;

  constructor(
    /** The handle, for what only SQLite does (tests, benches); everything else goes through the dialect. */
    readonly db: SqliteDatabase,
    options: SqliteDialectOptions = {},
  ) {
    this.location = options.location ?? ':memory:';
    this.readonly = options.readonly ?? false;
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
        if (!isBusy(error) || Date.now() >= deadline) throw error;
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
    return this.whenFree(() => this.stmt(sql).run(bind(params)).changes);
  }

  insert(sql: string, params: SqlParams = NONE): Promise<number> {
    return this.whenFree(() => Number(this.stmt(sql).run(bind(params)).lastInsertRowid));
  }

  transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      await this.whenFree(() => this.db.exec('BEGIN IMMEDIATE'));
      try {
        const result = await work(this.tx);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        // After a full disk or an I/O error SQLite may have rolled back already.
        if (this.db.inTransaction) {
          try {
            this.db.exec('ROLLBACK');
          } catch (rollbackError) {
            noteRollbackFailure(error, rollbackError);
          }
        }
        throw error;
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
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
    await this.db.backup(file, {
      progress: (info: SqliteBackupProgress) => {
        onProgress?.(info.totalPages - info.remainingPages, info.totalPages);
        return 2000;
      },
    });
  }

  async close(): Promise<void> {
    await this.queue;
    this.db.close();
  }
}

export interface SqliteFileOptions {
  file: string;
  open: SqliteOpener;
  readonly?: boolean;
}

/**
 * Opens a database file as Reissue needs it: write-ahead logging and synchronous=FULL
 * (checked, not assumed: every acknowledged sale is on disk), foreign keys on, and a busy
 * timeout so several processes can share the file.
 */
export function openSqliteFile(options: SqliteFileOptions): SqliteDialect {
  const readonly = options.readonly ?? false;
  const db = options.open(options.file, { readonly, fileMustExist: readonly });
  try {
    db.pragma('busy_timeout = 10000');
    if (!readonly) {
      const mode = String(db.pragma('journal_mode = WAL', { simple: true }));
      if (mode.toLowerCase() !== 'wal') {
        throw new ConfigError('SQLITE_NOT_WAL', `SQLite refused write-ahead logging for ${options.file} (mode is ${mode})`, {
          hint: 'put the journal on a local disk that supports WAL (not a network share or :memory:)',
          context: { file: options.file, mode },
        });
      }
    }
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
    throw error;
  }
  return new SqliteDialect(db, { location: options.file, readonly });
}
