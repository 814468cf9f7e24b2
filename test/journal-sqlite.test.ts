import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
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
