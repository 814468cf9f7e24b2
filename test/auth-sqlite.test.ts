import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/app.js';
import { Argon2idHasher, AuthService, cryptoRandom, SqlUserStore, type UserStore } from '../src/auth/index.js';
import { ConfigError } from '../src/core/index.js';
import { Journal, verifyJournal } from '../src/journal/index.js';
import { SqliteDialect, openSqliteFile } from '../src/sql/index.js';
import { sale } from './support/fixtures.js';
import { raceToDisableEachOther } from './support/last-admin-race.js';
import { userStoreContract } from './support/user-store-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'reissue-auth-sqlite-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const dialects = new WeakMap<UserStore, SqliteDialect>();

/** A user store on its own connection to `file`, as a server opens it. */
async function openOn(file: string): Promise<SqlUserStore> {
  const db = openSqliteFile({ file, open: (f, o) => new Database(f, o) });
  const store = await SqlUserStore.open(db);
  dialects.set(store, db);
  return store;
}

userStoreContract('SQLite', {
  open: () => openOn(join(dir, `u${++n}.db`)),
  reopen: (store) => openOn(dialects.get(store)!.location),
  close: async (store) => {
    await dialects.get(store)?.close();
  },
  rows: async (store, table) => dialects.get(store)!.db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[],
});

describe('SQLite user store', () => {
  it("shares the journal's file without disturbing the journal", async () => {
    const file = join(dir, `shared${++n}.db`);
    const journalStore = await openStore(file, { create: true });
    const users = await openOn(file);
    try {
      const auth = new AuthService({ store: users, hasher: new Argon2idHasher(), clock: () => Date.parse('2026-11-27T06:40:00Z'), random: cryptoRandom });
      const journal = new Journal({ store: journalStore });
      await journal.record(sale());
      await auth.bootstrapAdmin({ name: 'boss', password: 'boss password' });
      const { token } = await auth.login({ name: 'boss', password: 'boss password' });
      await journal.record(sale({ voucherNo: '000458', referenceNo: '133041825568' }));
      expect((await auth.authenticate(token)).user.role).toBe('admin');
      expect(await verifyJournal(journalStore)).toMatchObject({ ok: true, events: 2 });
      // Opening the file again finds the users tables and leaves them as they were.
      const again = await openOn(file);
      expect(await again.hasUsers()).toBe(true);
      await dialects.get(again)?.close();
    } finally {
      await journalStore.close();
      await dialects.get(users)?.close();
    }
  });

  it('keeps one enabled admin when two admins disable each other at once', async () => {
    const file = join(dir, `race${++n}.db`);
    const stores = [await openOn(file), await openOn(file)] as const;
    try {
      await raceToDisableEachOther(stores);
    } finally {
      for (const store of stores) await dialects.get(store)?.close();
    }
  });

  it('refuses a read-only database with USER_STORE_UNAVAILABLE', async () => {
    const file = join(dir, `ro${++n}.db`);
    new Database(file).close();
    const db = new SqliteDialect(new Database(file, { readonly: true }), { location: file });
    try {
      const error = await SqlUserStore.open(db).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect(error).toMatchObject({ code: 'USER_STORE_UNAVAILABLE', message: expect.stringMatching(/cannot open the users tables in SQLite: .*readonly/), hint: expect.any(String) });
    } finally {
      await db.close();
    }
  });
});
