import Database from 'better-sqlite3';
import pg from 'pg';

/**
 * Changes a journal the way someone with direct database access would: every guard off,
 * the edit, every guard back as it was — so only Reissue's own checks can notice.
 */
export function tamperSqlite(file: string, sql: string): void {
  const handle = new Database(file);
  try {
    const triggers = handle.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all() as { name: string; sql: string }[];
    for (const t of triggers) handle.exec(`DROP TRIGGER ${t.name}`);
    handle.exec(sql);
    for (const t of triggers) handle.exec(t.sql);
  } finally {
    handle.close();
  }
}

const GUARDED = ['events', 'transactions', 'sale_keys', 'print_jobs', 'captures'];

/** The same on PostgreSQL: the guards (ENABLE ALWAYS triggers) disabled around the edit, then enabled ALWAYS again. */
export async function tamperPostgres(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table: string; name: string }>(
      'SELECT c.relname AS "table", t.tgname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal AND c.relname = ANY($1)',
      [GUARDED],
    );
    for (const table of GUARDED) await client.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
    await client.query(sql);
    for (const t of rows) await client.query(`ALTER TABLE ${t.table} ENABLE ALWAYS TRIGGER ${t.name}`);
  } finally {
    await client.end();
  }
}
