import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Argon2idHasher, AuthService, cryptoRandom, SqliteUserStore, type UserStore } from '../src/auth/index.js';
import { ConfigError } from '../src/core/index.js';
import { Journal, SqliteStore, verifyJournal } from '../src/journal/index.js';
import { sale } from './support/fixtures.js';
import { userStoreContract } from './support/user-store-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'reissue-auth-sqlite-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const files = new WeakMap<UserStore, string>();
const handles = new WeakMap<UserStore, Database.Database>();

function openOn(file: string): SqliteUserStore {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 10000');
  db.pragma('foreign_keys = ON');
  const store = new SqliteUserStore(db);
  files.set(store, file);
  handles.set(store, db);
  return store;
}

userStoreContract('SQLite', {
  open: async () => openOn(join(dir, `u${++n}.db`)),
  reopen: async (store) => openOn(files.get(store)!),
  close: async (store) => {
    handles.get(store)?.close();
  },
  rows: async (store, table) => (store as SqliteUserStore).db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[],
});

describe('SQLite user store', () => {
  it('shares the journal\'s file and handle without disturbing the journal', async () => {
    const journalStore = new SqliteStore({ file: join(dir, `shared${++n}.db`), open: (file, options) => new Database(file, options) });
    try {
      const users = new SqliteUserStore(journalStore.db);
      const auth = new AuthService({ store: users, hasher: new Argon2idHasher(), clock: () => Date.parse('2026-11-27T06:40:00Z'), random: cryptoRandom });
      const journal = new Journal({ store: journalStore });
      await journal.record(sale());
      await auth.bootstrapAdmin({ name: 'boss', password: 'boss password' });
      const { token } = await auth.login({ name: 'boss', password: 'boss password' });
      await journal.record(sale({ voucherNo: '000458', referenceNo: '133041825568' }));
      expect((await auth.authenticate(token)).user.role).toBe('admin');
      expect(await verifyJournal(journalStore)).toMatchObject({ ok: true, events: 2 });
      // Reopening the file finds the users tables and leaves them as they were.
      expect(await new SqliteUserStore(journalStore.db).hasUsers()).toBe(true);
    } finally {
      await journalStore.close();
    }
  });

  it('refuses a read-only database with USER_STORE_UNAVAILABLE', () => {
    const file = join(dir, `ro${++n}.db`);
    new Database(file).close();
    const db = new Database(file, { readonly: true });
    try {
      expect(() => new SqliteUserStore(db)).toThrow(ConfigError);
      expect(() => new SqliteUserStore(db)).toThrow(expect.objectContaining({ code: 'USER_STORE_UNAVAILABLE', message: expect.stringMatching(/cannot create the users tables in SQLite: .*readonly/), hint: expect.any(String) }));
    } finally {
      db.close();
    }
  });
});
