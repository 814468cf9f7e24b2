/**
 * The part of better-sqlite3 the SQLite user store uses — a subset of the journal's
 * SqliteDatabase, so the same open handle (or a second one on the same file) serves both.
 */
export interface SqliteUserStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

export interface SqliteUserHandle {
  prepare(sql: string): SqliteUserStatement;
  exec(sql: string): unknown;
}
