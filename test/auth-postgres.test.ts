import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/app.js';
import { Argon2idHasher, AuthService, cryptoRandom, SqlUserStore, type UserStore } from '../src/auth/index.js';
import { ConfigError } from '../src/core/index.js';
import { Journal, verifyJournal } from '../src/journal/index.js';
import { PostgresDialect } from '../src/sql/index.js';
import { sale } from './support/fixtures.js';
import { raceToDisableEachOther } from './support/last-admin-race.js';
import { startPostgres, type PostgresServer } from './support/postgres-server.js';
import { userStoreContract } from './support/user-store-contract.js';

let server: PostgresServer | undefined;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.stop();
});

const pools = new WeakMap<UserStore, { pool: pg.Pool; url: string; dialect: PostgresDialect }>();

async function openOn(url: string): Promise<SqlUserStore> {
  const pool = new pg.Pool({ connectionString: url });
  const dialect = new PostgresDialect(pool, { url });
  const store = await SqlUserStore.open(dialect);
  pools.set(store, { pool, url, dialect });
  return store;
}

/** Through the dialect, as a server closes it: it gives back the connection its watch of other servers' changes holds. */
const closeStore = async (store: UserStore) => pools.get(store)?.dialect.close();

async function fresh(): Promise<string> {
  if (!server) throw new Error('the PostgreSQL test server did not start');
  return server.createDatabase();
}

userStoreContract('PostgreSQL', {
  open: async () => openOn(await fresh()),
  reopen: async (store) => openOn(pools.get(store)!.url),
  close: closeStore,
  rows: async (store, table) => (await pools.get(store)!.pool.query(`SELECT * FROM ${table}`)).rows,
});

describe('PostgreSQL user store', () => {
  it('creates its tables once when several servers start together', async () => {
    const url = await fresh();
    const stores = await Promise.all([1, 2, 3].map(() => openOn(url)));
    expect(await stores[0]!.hasUsers()).toBe(false);
    await Promise.all(stores.map(closeStore));
  });

  it('lives beside the journal in one database', async () => {
    const url = await fresh();
    const journalStore = await openStore(url);
    const users = await openOn(url);
    try {
      const auth = new AuthService({ store: users, hasher: new Argon2idHasher(), clock: () => Date.parse('2026-11-27T06:40:00Z'), random: cryptoRandom });
      await new Journal({ store: journalStore }).record(sale());
      await auth.bootstrapAdmin({ name: 'boss', password: 'boss password' });
      expect((await auth.login({ name: 'boss', password: 'boss password' })).user.role).toBe('admin');
      expect(await verifyJournal(journalStore)).toMatchObject({ ok: true, events: 1 });
    } finally {
      await journalStore.close();
      await closeStore(users);
    }
  });

  it('keeps one enabled admin when two admins disable each other at once', async () => {
    const url = await fresh();
    const stores = [await openOn(url), await openOn(url)] as const;
    try {
      await raceToDisableEachOther(stores);
    } finally {
      for (const store of stores) await closeStore(store);
    }
  });

  it('refuses an unreachable database with USER_STORE_UNAVAILABLE', async () => {
    const url = 'postgres://reissue:s3cret@127.0.0.1:1/users';
    const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      const error = await SqlUserStore.open(new PostgresDialect(pool, { url })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect(error).toMatchObject({ code: 'USER_STORE_UNAVAILABLE', message: expect.stringMatching(/cannot open the users tables in PostgreSQL: .*ECONNREFUSED/), hint: expect.any(String) });
      expect((error as Error).message).not.toContain('s3cret');
    } finally {
      await pool.end();
    }
  });
});
