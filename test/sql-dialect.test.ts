import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PostgresDialect, defineTable, migrate, openSqliteFile, toInt, type SchemaSpec, type SqlDialect } from '../src/sql/index.js';
import { startPostgres, type PostgresServer } from './support/postgres-server.js';

/** The SQL layer itself, on both engines: DDL from one description, migration, transactions, locks. */

const dir = mkdtempSync(join(tmpdir(), 'reissue-sql-'));
let server: PostgresServer | undefined;
let n = 0;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const ledger = defineTable({
  name: 'ledger',
  columns: {
    id: { type: 'bigint', primaryKey: true, generated: 'key' },
    account: { type: 'text', bytewise: true },
    amountMinor: { type: 'bigint' },
    rate: { type: 'real' },
    note: { type: 'text', nullable: true, unique: true },
    settled: { type: 'boolean', default: false },
  },
  unique: [['account', 'amountMinor']],
  indexes: [
    { name: 'ledger_account', columns: ['account'], thenKey: true },
    { name: 'ledger_notes', columns: ['note'], where: 'note IS NOT NULL' },
  ],
  appendOnly: true,
  // A per-engine extra: a view, as a full-text table or a partition would be.
  extra: {
    sqlite: ['CREATE VIEW IF NOT EXISTS ledger_totals AS SELECT account, sum(amount_minor) AS total FROM ledger GROUP BY account'],
    postgres: ['CREATE OR REPLACE VIEW ledger_totals AS SELECT account, sum(amount_minor) AS total FROM ledger GROUP BY account'],
  },
});

const counters = defineTable({ name: 'counters', columns: { name: { type: 'text', primaryKey: true }, value: { type: 'bigint' } } });
const later = defineTable({ name: 'later', columns: { id: { type: 'bigint', primaryKey: true, generated: 'never-reused-key' }, what: { type: 'text' } }, appendOnly: true });

const V1: SchemaSpec = { name: 'test', version: '1', versionKey: 'testSchemaVersion', tables: [ledger, counters] };
const V2: SchemaSpec = { ...V1, version: '2', tables: [ledger, counters, later] };

type Engine = { name: string; open(): Promise<SqlDialect>; reopen(db: SqlDialect): Promise<SqlDialect> };

const sqliteFiles = new WeakMap<SqlDialect, string>();
const pgUrls = new WeakMap<SqlDialect, string>();
const engines: Engine[] = [
  {
    name: 'SQLite',
    open: async () => {
      const file = join(dir, `s${++n}.db`);
      const db = openSqliteFile({ file, open: (f, o) => new Database(f, o) });
      sqliteFiles.set(db, file);
      return db;
    },
    reopen: async (db) => {
      const file = sqliteFiles.get(db) as string;
      const again = openSqliteFile({ file, open: (f, o) => new Database(f, o) });
      sqliteFiles.set(again, file);
      return again;
    },
  },
  {
    name: 'PostgreSQL',
    open: async () => {
      const url = await server!.createDatabase();
      const db = new PostgresDialect(new pg.Pool({ connectionString: url }), { url });
      pgUrls.set(db, url);
      return db;
    },
    reopen: async (db) => {
      const url = pgUrls.get(db) as string;
      const again = new PostgresDialect(new pg.Pool({ connectionString: url }), { url });
      pgUrls.set(again, url);
      return again;
    },
  },
];

describe.each(engines)('SQL layer on $name', (engine) => {
  const opened: SqlDialect[] = [];
  const open = async () => {
    const db = await engine.open();
    opened.push(db);
    return db;
  };
  const reopen = async (db: SqlDialect) => {
    const again = await engine.reopen(db);
    opened.push(again);
    return again;
  };
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.close().catch(() => undefined);
  });

  it('creates a table from its one description, with types, keys, indexes, guards and the engine extra', async () => {
    const db = await open();
    await migrate(db, V1);
    const id = await db.insert(ledger.insert(), ledger.values({ account: 'b', amountMinor: 2 ** 40, rate: 0.5, note: 'first', settled: true }));
    await db.insert(ledger.insert(['account', 'amountMinor', 'rate']), ['a', 7, 1.25]);
    const rows = (await db.all(`SELECT ${ledger.select('l')} FROM ledger l ORDER BY l.account`)).map((r) => ledger.decode(r));
    expect(rows).toEqual([
      { id: id + 1, account: 'a', amountMinor: 7, rate: 1.25, note: null, settled: false },
      { id, account: 'b', amountMinor: 2 ** 40, rate: 0.5, note: 'first', settled: true },
    ]);
    expect(toInt((await db.get('SELECT total FROM ledger_totals WHERE account = ?', ['b']))?.total)).toBe(2 ** 40);
    await expect(db.run('UPDATE ledger SET rate = 2')).rejects.toThrow(/append-only: ledger cannot be updated/);
    await expect(db.run('DELETE FROM ledger')).rejects.toThrow(/append-only: ledger cannot be deleted/);
    expect(await db.triggers(['ledger'])).toEqual(expect.arrayContaining(['ledger_no_delete', 'ledger_no_update']));
    const clash = await db.insert(ledger.insert(['account', 'amountMinor', 'rate', 'note']), ['c', 1, 1, 'first']).catch((e: unknown) => e);
    expect(db.violatesUnique(clash, 'ledger', 'note')).toBe(true);
    expect(db.violatesUnique(clash, 'ledger', 'account')).toBe(false);
    const plan = await db.explain('SELECT id FROM ledger WHERE account = ? ORDER BY id', ['a']);
    expect(plan.join('\n')).toMatch(/ledger_account/);
  });

  it('upgrades an older schema with its new tables, once, and never puts back a removed guard', async () => {
    const db = await open();
    await migrate(db, V1);
    await db.run('DROP TRIGGER ledger_no_delete' + (db.name === 'postgres' ? ' ON ledger' : ''));
    await migrate(db, V2);
    expect(await db.triggers(['ledger'])).not.toContain('ledger_no_delete');
    // A table new in this version comes with its guards.
    await db.insert(later.insert(), ['x']);
    await expect(db.run('DELETE FROM later')).rejects.toThrow(/append-only/);
    expect((await db.get('SELECT value FROM meta WHERE key = ?', ['testSchemaVersion']))?.value).toBe('2');
    // Servers starting together: one upgrades, the others find it done.
    const more = await Promise.all([reopen(db), reopen(db), reopen(db)]);
    await Promise.all(more.map((m) => migrate(m, V2)));
  });

  it('rolls a failed transaction back whole and reports the work\'s own error', async () => {
    const db = await open();
    await migrate(db, V1);
    const error = await db
      .transaction(async (tx) => {
        await tx.run(counters.insert(), ['n', 1]);
        throw new Error('refused by the work');
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ message: 'refused by the work' });
    expect(await db.get('SELECT value FROM counters WHERE name = ?', ['n'])).toBeUndefined();
  });

  it('serialises read-then-write under a named lock, across connections', async () => {
    const db = await open();
    await migrate(db, V1);
    await db.run(counters.insert(), ['n', 0]);
    const others = [db, await reopen(db), await reopen(db)];
    const bump = (on: SqlDialect) =>
      on.transaction(async (tx) => {
        await tx.lock('chain', 'n');
        const value = toInt((await tx.get('SELECT value FROM counters WHERE name = ?', ['n']))?.value);
        await new Promise((resolve) => setTimeout(resolve, 5));
        await tx.run('UPDATE counters SET value = ? WHERE name = ?', [value + 1, 'n']);
      });
    await Promise.all(Array.from({ length: 12 }, (_, i) => bump(others[i % others.length] as SqlDialect)));
    expect(toInt((await db.get('SELECT value FROM counters WHERE name = ?', ['n']))?.value)).toBe(12);
  });
});

describe('PostgreSQL dialect', () => {
  it('numbers ? placeholders, leaving quoted ones alone', async () => {
    const url = await server!.createDatabase();
    const db = new PostgresDialect(new pg.Pool({ connectionString: url }), { url });
    try {
      expect(await db.get(`SELECT '?' AS "a?", ?::int AS b, ?::text AS c`, [41, 'x'])).toEqual({ 'a?': '?', b: 41, c: 'x' });
    } finally {
      await db.close();
    }
  });

  it('runs a transaction again after a deadlock, so both sides succeed', async () => {
    const url = await server!.createDatabase();
    const [a, b] = [0, 1].map(() => new PostgresDialect(new pg.Pool({ connectionString: url }), { url })) as [PostgresDialect, PostgresDialect];
    try {
      let runs = 0;
      let bothHoldOne!: () => void;
      const holding = new Promise<void>((resolve) => (bothHoldOne = resolve));
      let held = 0;
      const crosswise = (db: PostgresDialect, first: string, second: string) =>
        db.transaction(async (tx) => {
          runs++;
          await tx.lock('chain', first);
          if (++held === 2) bothHoldOne();
          await holding;
          await tx.lock('chain', second);
        });
      await Promise.all([crosswise(a, 'x', 'y'), crosswise(b, 'y', 'x')]);
      // One of the two was chosen as the deadlock victim and ran again.
      expect(runs).toBe(3);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("keeps the work's error when the connection dies and the rollback fails too", async () => {
    const url = await server!.createDatabase();
    const db = new PostgresDialect(new pg.Pool({ connectionString: url }), { url });
    const killer = new pg.Client({ connectionString: url });
    await killer.connect();
    try {
      const error = await db
        .transaction(async (tx) => {
          const pid = (await tx.get('SELECT pg_backend_pid() AS pid'))?.pid;
          await killer.query('SELECT pg_terminate_backend($1)', [pid]);
          await tx.get('SELECT 1 AS one').catch((cause: unknown) => {
            throw new Error('the work lost its connection', { cause });
          });
        })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ message: 'the work lost its connection' });
      expect((error as { rollbackError?: unknown }).rollbackError).toBeInstanceOf(Error);
      // The dead connection was not handed back to the pool.
      expect(await db.get('SELECT 2 AS two')).toEqual({ two: 2 });
    } finally {
      await killer.end();
      await db.close();
    }
  });
});
