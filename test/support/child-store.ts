/**
 * The journal store of a test's child process (crash writer, spooler child): through the
 * journal and SQL modules only, as a child started many times should start fast. `target`
 * is a SQLite file or a PostgreSQL URL.
 */
import Database from 'better-sqlite3';
import { SqlJournalStore } from '../../src/journal/adapters/index.js';
import { PostgresDialect, openSqliteFile } from '../../src/sql/index.js';

export async function openChildStore(target: string): Promise<SqlJournalStore> {
  if (!/^postgres(ql)?:\/\//.test(target)) return SqlJournalStore.open(openSqliteFile({ file: target, open: (f, o) => new Database(f, o) }));
  // Loaded only for PostgreSQL: a SQLite child (started 25 times by the crash test) starts as before.
  const { default: pg } = await import('pg');
  return SqlJournalStore.open(new PostgresDialect(new pg.Pool({ connectionString: target }), { url: target }));
}
