/**
 * The part of better-sqlite3 the SQLite dialect uses, so nothing above depends on the
 * library and the composition root decides which one provides it.
 */
export interface SqliteRunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface SqliteStatement {
  run(...params: unknown[]): SqliteRunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

export interface SqliteBackupProgress {
  totalPages: number;
  remainingPages: number;
}

export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  backup(destination: string, options?: { progress?: (info: SqliteBackupProgress) => number }): Promise<SqliteBackupProgress>;
  /** Whether a transaction is open (SQLite ends one by itself after some errors, e.g. a full disk). */
  readonly inTransaction: boolean;
  close(): unknown;
}

export interface SqliteOpenOptions {
  readonly?: boolean;
  fileMustExist?: boolean;
}

export type SqliteOpener = (file: string, options: SqliteOpenOptions) => SqliteDatabase;
