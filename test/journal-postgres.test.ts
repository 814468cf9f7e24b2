import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../src/core/index.js';
import { openStore } from '../src/app.js';
import { Journal, verifyJournal, type JournalStore } from '../src/journal/index.js';
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
    expect(store.info).toEqual({ kind: 'postgres', location: url.replace(':s3cret', '') });
    await store.close();
  });
});
