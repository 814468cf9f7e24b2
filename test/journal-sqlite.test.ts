import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore, type JournalStore } from '../src/journal/index.js';
import { journalContract } from './support/journal-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'reissue-sqlite-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

journalContract('SQLite', {
  open: async () => new SqliteStore({ file: join(dir, `j${++n}.db`), open: (file, options) => new Database(file, options) }),
  raw: async (store: JournalStore, sql: string) => {
    (store as SqliteStore).db.exec(sql);
  },
  // SQLite says "SCAN t" for a table scan and "SEARCH t USING INDEX …" / "SCAN t USING INDEX …" otherwise.
  planUsesIndex: (plan) => plan.some((line) => /USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/.test(line)) && !plan.some((line) => /^SCAN t$/.test(line)),
});

describe('SQLite schema upgrades', () => {
  const open = (file: string) => new SqliteStore({ file, open: (f, o) => new Database(f, o) });

  it('adds new tables to an older journal but never re-creates a removed guard', async () => {
    const file = join(dir, 'old.db');
    await open(file).close();
    const raw = new Database(file);
    raw.exec("DROP TABLE print_jobs; DROP TRIGGER events_no_delete; UPDATE meta SET value = '1' WHERE key = 'schemaVersion'");
    raw.close();
    const store = open(file);
    expect(await store.listJobs({})).toEqual([]);
    expect(await store.appendOnlyGuards()).not.toContain('events_no_delete');
    expect(await store.getMeta('schemaVersion')).toBe('2');
    await store.close();
  });
});
