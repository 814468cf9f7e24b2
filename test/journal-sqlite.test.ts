import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/app.js';
import { SqlJournalStore } from '../src/journal/adapters/index.js';
import { JOURNAL_SCHEMA } from '../src/journal/journal-tables.js';
import { Journal, verifyJournal, type JournalStore } from '../src/journal/index.js';
import { openSqliteFile } from '../src/sql/index.js';
import { captureContract } from './support/capture-contract.js';
import { journalContract } from './support/journal-contract.js';
import { nthSale } from './support/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'reissue-sqlite-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** SQL on the journal's file through a connection of its own, as someone with the file would run it. */
function onFile<T>(store: JournalStore, work: (db: Database.Database) => T): T {
  const db = new Database(store.info.location);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

const sqliteHarness = {
  open: () => openStore(join(dir, `j${++n}.db`), { create: true }),
  reopen: (store: JournalStore) => openStore(store.info.location),
  raw: async (store: JournalStore, sql: string) => {
    onFile(store, (db) => db.exec(sql));
  },
  // SQLite says "SCAN t" for a table scan and "SEARCH t USING INDEX …" / "SCAN t USING INDEX …" otherwise.
  planUsesIndex: (plan: string[]) => plan.some((line) => /USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/.test(line)) && !plan.some((line) => /^SCAN [tc]$/.test(line)),
};
journalContract('SQLite', sqliteHarness);
captureContract('SQLite', sqliteHarness);

describe('SQLite file contents (schema 7)', () => {
  it('stores a sale\'s payload packed, about half its canonical bytes, and reads it back canonical', async () => {
    const store = await sqliteHarness.open();
    const journal = new Journal({ store });
    try {
      const { id, terminalId } = await journal.record(nthSale(1));
      const [event] = await store.chainSlice(terminalId, 1, 1);
      const onDisk = onFile(store, (db) => db.prepare("SELECT payload, length(CAST(payload AS BLOB)) AS bytes FROM events WHERE type = 'transaction.recorded'").get()) as { payload: string; bytes: number };
      expect(onDisk.payload.charCodeAt(0)).toBe(1);
      expect(event?.payload.startsWith(`{"id":"${id}"`)).toBe(true);
      expect(onDisk.bytes).toBeLessThan(Buffer.byteLength(event?.payload ?? '') * 0.7);
    } finally {
      await journal.close();
    }
  });

  it('leads the capture indexes of amounts, cards, references and vouchers by the hour, and searches on them use those', async () => {
    const store = await sqliteHarness.open();
    try {
      for (const [query, index] of [[{ amountMin: 100, amountMax: 100 }, 'cap_hour_amount'], [{ last4: '4242' }, 'cap_hour_last4'], [{ referenceNo: '1' }, 'cap_hour_ref'], [{ voucherNo: '1' }, 'cap_hour_voucher']] as const) {
        expect((await store.explainCaptureSearch({ limit: 20, ...query })).join('\n')).toContain(index);
      }
    } finally {
      await store.close();
    }
  });
});

describe('SQLite statements stay prepared', () => {
  // A bare `LIMIT ?` makes SQLite (built with STAT4) read the bound value while planning, so each
  // new binding expires the statement and it is prepared again on every run (limit-param.ts).
  it('binds no bare LIMIT ? in what searches, lists and chains run', async () => {
    const prepared: string[] = [];
    const open = (file: string, options: Database.Options) => {
      const db = new Database(file, options);
      const prepare = db.prepare.bind(db);
      db.prepare = ((sql: string) => (prepared.push(sql), prepare(sql))) as typeof db.prepare;
      return db;
    };
    const store = await SqlJournalStore.open(openSqliteFile({ file: join(dir, 'limits.db'), open }));
    const journal = new Journal({ store });
    await journal.recordMany(Array.from({ length: 30 }, (_, i) => nthSale(i + 1)));
    for (const filter of [{}, { amountMin: 1101, amountMax: 1101, currency: 'CNY' }, { voucherNo: '000003' }, { referenceNo: '133000000004' }, { terminalId: '10023456' }]) {
      await journal.find({ ...filter, limit: 7 });
      await journal.findReceipts({ ...filter, limit: 3 });
    }
    await journal.jobs({ limit: 5 });
    await store.close();
    expect(prepared.filter((sql) => /LIMIT \?/.test(sql))).toEqual([]);
    expect(prepared.filter((sql) => sql.includes('LIMIT CAST(? AS INTEGER)')).length).toBeGreaterThan(0);
  });
});

describe('SQLite schema upgrades', () => {
  it('adds new tables to an older journal but never re-creates a removed guard', async () => {
    const file = join(dir, 'old.db');
    await (await openStore(file, { create: true })).close();
    const raw = new Database(file);
    raw.exec("DROP TABLE print_jobs; DROP TRIGGER events_no_delete; UPDATE meta SET value = '1' WHERE key = 'schemaVersion'");
    raw.close();
    const store = await openStore(file);
    expect(await store.listJobs({})).toEqual([]);
    expect(await store.appendOnlyGuards()).not.toContain('events_no_delete');
    expect(await store.getMeta('schemaVersion')).toBe(JOURNAL_SCHEMA.version);
    // A guard new in this version is installed on the upgrade, once.
    expect(await store.appendOnlyGuards()).toEqual(expect.arrayContaining(['print_jobs_transitions', 'print_jobs_no_delete']));
    await store.close();
  });

  it('guards the print-job table of a version-2 journal once, and never again after the guard is dropped', async () => {
    const file = join(dir, 'v2.db');
    await (await openStore(file, { create: true })).close();
    const raw = new Database(file);
    raw.exec("DROP TRIGGER print_jobs_transitions; DROP TRIGGER print_jobs_no_delete; DELETE FROM meta WHERE key = 'guarded:print_jobs'; UPDATE meta SET value = '2' WHERE key = 'schemaVersion'");
    raw.close();
    let store = await openStore(file);
    expect(await store.appendOnlyGuards()).toEqual(expect.arrayContaining(['print_jobs_transitions', 'print_jobs_no_delete']));
    await store.close();
    const again = new Database(file);
    again.exec("DROP TRIGGER print_jobs_transitions; UPDATE meta SET value = '2' WHERE key = 'schemaVersion'");
    again.close();
    store = await openStore(file);
    expect(await store.appendOnlyGuards()).not.toContain('print_jobs_transitions');
    expect((await verifyJournal(store)).failure).toMatchObject({ problem: 'guard-missing' });
    await store.close();
  });

  // Releases before 5 had no captures (main's 3 and 4); a development branch had captures at 3
  // without the print-job guards. Version 5 brings a journal of any of these kinds to all of it.
  const schemaObjects = (file: string) => {
    const raw = new Database(file, { readonly: true });
    try {
      return (raw.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index', 'trigger')").all() as { name: string }[]).map((r) => r.name);
    } finally {
      raw.close();
    }
  };

  it('fills sale_keys of a schema-7 journal in steps, saying how far it got, and the journal verifies', async () => {
    const file = join(dir, 'v7-no-sale-keys.db');
    const first = await openStore(file, { create: true });
    await new Journal({ store: first }).recordMany(Array.from({ length: 25 }, (_, i) => nthSale(i + 1)));
    await first.close();
    const raw = new Database(file);
    raw.exec("DROP TABLE sale_keys; UPDATE meta SET value = '7' WHERE key = 'schemaVersion'");
    raw.close();
    const told: [string, number, number][] = [];
    const store = await SqlJournalStore.open(openSqliteFile({ file, open: (f, o) => new Database(f, o) }), { fillStep: 10, onProgress: (step, done, total) => told.push([step, done, total]) });
    try {
      expect(await store.getMeta('schemaVersion')).toBe(JOURNAL_SCHEMA.version);
      const step = 'filling sale_keys from transactions';
      expect(told).toEqual([[step, 0, 25], [step, 10, 25], [step, 20, 25], [step, 25, 25]]);
      expect(onFile(store, (db) => db.prepare('SELECT count(*) AS n FROM sale_keys').get())).toEqual({ n: 25 });
      expect(await verifyJournal(store)).toMatchObject({ ok: true, transactions: 25 });
    } finally {
      await store.close();
    }
  });

  it('adds the captured-receipt index, with store ids, to a schema-4 journal that has none', async () => {
    const file = join(dir, 'v4-no-captures.db');
    await (await openStore(file, { create: true })).close();
    const raw = new Database(file);
    raw.exec("DROP TABLE captures; DELETE FROM meta WHERE key LIKE 'guarded:captures%'; UPDATE meta SET value = '4' WHERE key = 'schemaVersion'");
    raw.close();
    expect(schemaObjects(file)).not.toContain('captures');
    const store = await openStore(file);
    expect(await store.getMeta('schemaVersion')).toBe(JOURNAL_SCHEMA.version);
    expect(await store.captureCount()).toBe(0);
    expect(schemaObjects(file)).toEqual(expect.arrayContaining(['captures', 'cap_occurred', 'cap_hour_amount', 'cap_id', 'cap_store']));
    expect(await verifyJournal(store)).toMatchObject({ ok: true });
    await store.close();
  });

  it('guards print_jobs and indexes print events of a schema-3 journal that has captures but neither', async () => {
    const file = join(dir, 'v3-captures.db');
    await (await openStore(file, { create: true })).close();
    const raw = new Database(file);
    raw.exec(
      "DROP TRIGGER print_jobs_transitions; DROP TRIGGER print_jobs_no_delete; DELETE FROM meta WHERE key = 'guarded:print_jobs'; DROP INDEX events_print_sale; DROP INDEX events_print_job; DROP INDEX events_alerts; UPDATE meta SET value = '3' WHERE key = 'schemaVersion'",
    );
    raw.close();
    const store = await openStore(file);
    expect(await store.getMeta('schemaVersion')).toBe(JOURNAL_SCHEMA.version);
    expect(await store.appendOnlyGuards()).toEqual(expect.arrayContaining(['print_jobs_transitions', 'print_jobs_no_delete']));
    expect(schemaObjects(file)).toEqual(expect.arrayContaining(['captures', 'events_print_sale', 'events_print_job', 'events_alerts']));
    expect(await verifyJournal(store)).toMatchObject({ ok: true });
    await store.close();
  });
});

describe('SQLite journal of schema 3 without store ids', () => {
  it('gets the store-id columns and indexes on open (the current version), keeps its sales, guards and projection, and records again', async () => {
    const file = join(dir, 'v3.db');
    let store = await openStore(file, { create: true });
    let journal = new Journal({ store });
    const first = await journal.record(nthSale(1));
    await journal.close();
    // A journal as main's schema 3 left it: no store_id on events or transactions.
    const raw = new Database(file);
    raw.exec(`DROP INDEX events_chain; DROP INDEX events_replica_time; DROP INDEX tx_id; DROP INDEX tx_store;
      ALTER TABLE events DROP COLUMN store_id; ALTER TABLE transactions DROP COLUMN store_id;
      UPDATE meta SET value = '3' WHERE key = 'schemaVersion'`);
    raw.close();
    store = await openStore(file);
    journal = new Journal({ store });
    try {
      expect(await store.getMeta('schemaVersion')).toBe(JOURNAL_SCHEMA.version);
      const columns = (table: string) => onFile(store, (db) => (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).map((r) => r.name));
      expect(columns('events')).toContain('store_id');
      expect(columns('transactions')).toContain('store_id');
      const indexes = onFile(store, (db) => (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as { name: string }[]).map((r) => r.name));
      expect(indexes).toEqual(expect.arrayContaining(['events_chain', 'tx_id', 'tx_store', 'events_print_sale', 'events_alerts']));
      expect(await store.appendOnlyGuards()).toEqual(expect.arrayContaining(['events_no_update', 'events_no_delete', 'print_jobs_transitions', 'print_jobs_no_delete']));
      expect((await journal.get(first.id)).storeId).toBe('');
      await journal.record(nthSale(2));
      expect(await verifyJournal(store)).toMatchObject({ ok: true, events: 2, transactions: 2 });
    } finally {
      await journal.close();
    }
  });
});

describe('SQLite journal on a full disk', () => {
  it('reports the disk-full error, not a failed rollback, and writes again once there is room', async () => {
    const db = openSqliteFile({ file: join(dir, `full${++n}.db`), open: (f, o) => new Database(f, o) });
    const store = await SqlJournalStore.open(db);
    const journal = new Journal({ store });
    try {
      await journal.record(nthSale(1));
      // SQLite stops at max_page_count as at a full disk, and then rolls the transaction back itself.
      const pages = Number(db.db.pragma('page_count', { simple: true }));
      db.db.pragma(`max_page_count = ${pages + 1}`);
      const error = await journal.recordMany(Array.from({ length: 500 }, (_, i) => nthSale(i + 2))).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'DISK_FULL', kind: 'unavailable' });
      expect((error as Error).cause).toMatchObject({ code: 'SQLITE_FULL', message: 'database or disk is full' });
      expect((error as { rollbackError?: unknown }).rollbackError).toBeUndefined();
      expect(await store.counts()).toEqual({ events: 1, transactions: 1 });
      db.db.pragma('max_page_count = 1073741823');
      await journal.recordMany(Array.from({ length: 500 }, (_, i) => nthSale(i + 2)));
      expect(await verifyJournal(store)).toMatchObject({ ok: true, events: 501 });
    } finally {
      await journal.close();
    }
  });
});
