/**
 * The journal store of a test's child process (crash writer, spooler child): through the
 * journal and SQL modules only, as a child started many times should start fast. `target`
 * is a SQLite file or a PostgreSQL URL.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { SqlJournalStore } from '../../src/journal/adapters/index.js';
import { PostgresDialect, openSqliteFile } from '../../src/sql/index.js';

export function openChildStore(target: string): Promise<SqlJournalStore> {
  const postgres = /^postgres(ql)?:\/\//.test(target);
  return SqlJournalStore.open(postgres ? new PostgresDialect(new pg.Pool({ connectionString: target }), { url: target }) : openSqliteFile({ file: target, open: (f, o) => new Database(f, o) }));
}
