import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../src/core/index.js';
import { readFileSync } from 'node:fs';
import { openAuth, openJournal, openStore } from '../src/app.js';
import { Journal, verifyJournal, type JournalStore } from '../src/journal/index.js';
import { JOURNAL_SCHEMA } from '../src/journal/journal-tables.js';
import { captureContract } from './support/capture-contract.js';
import { journalContract } from './support/journal-contract.js';
import { nthSale, sale } from './support/fixtures.js';
import { startPostgres, type PostgresServer } from './support/postgres-server.js';

let server: PostgresServer | undefined;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.stop();
});

const urls = new WeakMap<JournalStore, string>();

async function open(url?: string): Promise<JournalStore> {
  if (!server) throw new Error('the PostgreSQL test server did not start');
  const at = url ?? (await server.createDatabase());
  const store = await openStore(at);
  urls.set(store, at);
  return store;
}

async function raw(store: JournalStore, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: urls.get(store) });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const postgresHarness = {
  open,
  raw,
  reopen: (store: JournalStore) => open(urls.get(store)),
  planUsesIndex: (plan: string[]) => plan.some((line) => /Index Scan|Index Only Scan|Bitmap Index Scan/.test(line)) && !plan.some((line) => /Seq Scan/.test(line)),
};
journalContract('PostgreSQL', postgresHarness);
captureContract('PostgreSQL', postgresHarness);

describe('PostgreSQL store', () => {
  it('keeps one gapless chain per terminal when two servers write at once', async () => {
    const a = await open();
    const b = await open(urls.get(a));
    try {
      const clock = () => Date.parse('2026-11-27T06:40:00Z');
      const [ja, jb] = [new Journal({ store: a, clock }), new Journal({ store: b, clock })];
      const writes = Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? ja : jb).record(nthSale(i + 1)));
      // The same sale through both at once is still one record.
      const replays = await Promise.all([ja.record(nthSale(1000)), jb.record(nthSale(1000))]);
      await Promise.all(writes);
      expect(replays.map((r) => r.created).sort()).toEqual([false, true]);
      const report = await verifyJournal(a);
      expect(report).toMatchObject({ ok: true, events: 61, heads: [{ terminalId: '10023456', seq: 61 }] });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('lets only one of two concurrent refunds from other terminals take the rest of a sale', async () => {
    const a = await open();
    const b = await open(urls.get(a));
    try {
      const [ja, jb] = [new Journal({ store: a }), new Journal({ store: b })];
      await ja.record(sale());
      const refund = (terminalId: string) => sale({ kind: 'refund', terminalId, voucherNo: '000470', referenceNo: undefined, amount: '100.00', original: { referenceNo: '133041825567' } });
      const results = await Promise.allSettled([ja.record(refund('20000001')), jb.record(refund('30000001'))]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'REFUND_EXCEEDS_SALE' } });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('lists events for a backup without skipping one that commits after a later id', async () => {
    const store = await open();
    try {
      const journal = new Journal({ store });
      let inserted!: () => void;
      let commit!: () => void;
      const insertedFirst = new Promise<void>((resolve) => (inserted = resolve));
      const held = new Promise<void>((resolve) => (commit = resolve));
      const slow = store.write(async (writer) => {
        await journal.appendEvent(writer, '10000001', 'note', { n: 1 });
        inserted();
        await held;
      });
      await insertedFirst;
      await journal.record(nthSale(1));
      const listing = (async () => {
        const types: string[] = [];
        for await (const event of store.events()) types.push(event.type);
        return types;
      })();
      setTimeout(commit, 100);
      await slow;
      expect(await listing).toEqual(['note', 'transaction.recorded']);
    } finally {
      await store.close();
    }
  });

  it('refuses TRUNCATE and reports a disabled guard', async () => {
    const store = await open();
    try {
      await new Journal({ store }).record(sale());
      await expect(raw(store, 'TRUNCATE transactions')).rejects.toThrow(/append-only/);
      await expect(raw(store, 'TRUNCATE events CASCADE')).rejects.toThrow(/append-only/);
      expect(await store.counts()).toEqual({ events: 1, transactions: 1 });
      await raw(store, 'ALTER TABLE events DISABLE TRIGGER events_no_delete');
      expect(await verifyJournal(store)).toMatchObject({ ok: false, failure: { problem: 'guard-missing' } });
    } finally {
      await store.close();
    }
  });

  it('creates the schema once when two processes start together', async () => {
    const url = await server!.createDatabase();
    const stores = await Promise.all([1, 2, 3].map(() => open(url)));
    await Promise.all(stores.map((s) => s.close()));
    const again = await open(url);
    expect(await again.appendOnlyGuards()).toEqual(expect.arrayContaining(['events_no_update', 'events_no_delete', 'transactions_no_update', 'transactions_no_delete']));
    await again.close();
  });

  it('gives a clear error, without the password, when the database cannot be reached', async () => {
    const port = new URL(server!.url).port;
    const attempt = (url: string) => openStore(url);
    await expect(attempt('postgres://reissue:s3cret@127.0.0.1:1/journal')).rejects.toSatisfy(
      (e: unknown) => e instanceof ConfigError && /cannot open the PostgreSQL journal at postgres:\/\/reissue@127\.0\.0\.1:1\/journal: .*ECONNREFUSED/.test(e.message) && !e.message.includes('s3cret'),
    );
    await expect(attempt(`postgres://postgres:s3cret@127.0.0.1:${port}/missing`)).rejects.toThrow(/database "missing" does not exist/);
    const url = (await server!.createDatabase()).replace('postgres@', 'postgres:s3cret@');
    const store = await open(url);
    expect(store.info).toEqual({ kind: 'postgres', location: url.replace(':s3cret', ''), commitsInOrder: false });
    await store.close();
  });
});

describe('PostgreSQL journal of schema 3 (before head office)', () => {
  /**
   * A journal as Reissue left it at schema 3 (test/support/postgres-schema-3.sql, dumped from
   * commit e49771e): events and transactions are plain tables. The upgrade to 4 adds the store
   * columns and indexes and keeps the tables as they are — not partitioned: turning a live
   * journal's tables into partitioned ones means copying every row past the append-only
   * guards, which an upgrade on open must not do (README, "Head office"). Everything works
   * on plain tables, head office's ingest and search by store included.
   */
  it('upgrades on open (3 → 4 → 5): store columns, indexes and guards, its sales kept, tables left unpartitioned; it records, replicates and verifies', async () => {
    if (!server) throw new Error('the PostgreSQL test server did not start');
    const url = await server.createDatabase();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(readFileSync(new URL('./support/postgres-schema-3.sql', import.meta.url), 'utf8'));
    } finally {
      await client.end();
    }
    const context = { env: { REISSUE_TZ: 'Asia/Shanghai' }, cwd: process.cwd(), now: () => Date.parse('2026-11-27T08:00:00Z') };
    const opened = await openJournal(url, context);
    const { auth, close } = await openAuth(url, opened.journal, context);
    const store = await openStore(url);
    const ask = async (sql: string, params: unknown[] = []) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        return (await c.query(sql, params)).rows as Record<string, unknown>[];
      } finally {
        await c.end();
      }
    };
    try {
      const { journal } = opened;
      // Through 4 (store ids) and 5 (captures) to the current schema (6: hour-led indexes).
      expect(await journal.meta('schemaVersion')).toBe(JOURNAL_SCHEMA.version);
      expect(await journal.meta('usersSchemaVersion')).toBe('3');
      const columns = async (table: string) => (await ask('SELECT column_name FROM information_schema.columns WHERE table_name = $1', [table])).map((r) => r.column_name);
      expect(await columns('events')).toContain('store_id');
      expect(await columns('transactions')).toContain('store_id');
      expect(await columns('users')).toContain('stores');
      expect(await ask("SELECT partrelid FROM pg_partitioned_table WHERE partrelid IN ('events'::regclass, 'transactions'::regclass)")).toEqual([]);
      const indexes = (await ask("SELECT indexname FROM pg_indexes WHERE tablename IN ('events', 'transactions')")).map((r) => r.indexname);
      expect(indexes).toEqual(expect.arrayContaining(['events_chain', 'tx_id', 'tx_store', 'tx_hour_amount', 'tx_hour_ref']));
      expect(indexes).not.toContain('tx_amount');
      expect(await store.appendOnlyGuards()).toEqual(expect.arrayContaining(['events_no_update', 'events_no_delete', 'transactions_no_update', 'print_jobs_transitions']));
      expect(await journal.get('10023456-000128-000001')).toMatchObject({ storeId: '', transaction: { amount: '11.01' } });
      await journal.record(nthSale(3));
      // Head office on the upgraded database: a shop's chain is taken and searched by store.
      const shop = await open();
      const shopJournal = new Journal({ store: shop, clock: () => Date.parse('2026-11-27T07:00:00Z') });
      try {
        await shopJournal.identifyStore('SH-009');
        // The same terminal and sale id as head office's own: held per store since schema 4.
        await shopJournal.recordMany([nthSale(1, { amount: '99.00' }), nthSale(4)]);
        for (const head of await shopJournal.chainHeads()) {
          const events = await shopJournal.eventsAfter('', head.terminalId, 0, 100);
          await journal.replicate('SH-009', head.terminalId, events.map(({ seq, type, recordedAt, payload, prevHash, hash }) => ({ seq, type, recordedAt, payload, prevHash, hash })));
        }
      } finally {
        await shopJournal.close();
      }
      expect((await journal.find({ storeIds: ['SH-009'], limit: 10 })).items.map((i) => i.id)).toEqual(['10023456-000128-000004', '10023456-000128-000001']);
      expect(await journal.within(['SH-009']).get('10023456-000128-000001')).toMatchObject({ storeId: 'SH-009', transaction: { amount: '99.00' } });
      await auth.addUser({ name: 'qian', role: 'backoffice', password: 'qian-password', stores: 'SH-009' });
      expect((await auth.getUser('qian')).stores).toEqual(['SH-009']);
      // 3 events from schema 3, a sale, user.added, and the shop's 3: every chain verifies.
      expect(await journal.verify()).toMatchObject({ ok: true, events: 8, transactions: 5 });
    } finally {
      await close();
      await store.close();
      await opened.journal.close();
    }
  });
});
