import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PLANNED_READS_SETTINGS, PostgresDialect, defineTable, migrate, openSqliteFile, toInt, type SchemaSpec, type SqlDialect } from '../src/sql/index.js';
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

/** V2's counters with a column more, as a later version adds one to a table in use. */
const countersV3 = defineTable({ name: 'counters', columns: { name: { type: 'text', primaryKey: true }, value: { type: 'bigint' }, owner: { type: 'text', default: '', bytewise: true }, note: { type: 'text', nullable: true } } });
const V3: SchemaSpec = { ...V1, version: '3', tables: [ledger, countersV3, later] };

/** A table split by month of an epoch-ms column, with a unique key and an append-only guard. */
const stamps = defineTable({
  name: 'stamps',
  columns: {
    id: { type: 'bigint', primaryKey: true, generated: 'key' },
    chain: { type: 'text', bytewise: true },
    seq: { type: 'bigint' },
    at: { type: 'bigint' },
    label: { type: 'text', unique: true },
  },
  indexes: [{ name: 'stamps_chain', columns: ['chain', 'seq'], unique: true }],
  appendOnly: true,
  partitionByMonth: { column: 'at', unit: 'epoch-ms' },
});
const PARTS: SchemaSpec = { name: 'parts', version: '1', versionKey: 'partsSchemaVersion', tables: [stamps] };

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

  it('adds the columns a newer version describes to a table that has rows, with their defaults', async () => {
    const db = await open();
    await migrate(db, V2);
    await db.run(counters.insert(), ['a', 1]);
    await migrate(db, V3);
    await db.run(countersV3.insert(), ['b', 2, 'shop-1', 'new']);
    const rows = (await db.all(`SELECT ${countersV3.select('c')} FROM counters c ORDER BY c.name`)).map((r) => countersV3.decode(r));
    expect(rows).toEqual([
      { name: 'a', value: 1, owner: '', note: null },
      { name: 'b', value: 2, owner: 'shop-1', note: 'new' },
    ]);
    // A column without a default cannot be added to rows that exist: said before anything runs.
    const strict = defineTable({ name: 'counters', columns: { name: { type: 'text', primaryKey: true }, value: { type: 'bigint' }, must: { type: 'text' } } });
    await expect(migrate(db, { ...V1, version: '4', tables: [strict] })).rejects.toThrow(/counters\.must is new: a column added to an existing table must be nullable or have a default/);
  });

  it('replaces an index by one led by an expression on upgrade, dropping the old one, and a query writing the expression uses it', async () => {
    const db = await open();
    await migrate(db, V1);
    await db.insert(ledger.insert(['account', 'amountMinor', 'rate']), ['a', 250, 1]);
    const ledgerV4 = defineTable({
      ...ledger.spec,
      indexes: [{ name: 'ledger_hundreds_account', leading: 'amount_minor / 100', columns: ['account'], thenKey: true }, { name: 'ledger_notes', columns: ['note'], where: 'note IS NOT NULL' }],
      droppedIndexes: ['ledger_account'],
    });
    await migrate(db, { ...V1, version: '4', tables: [ledgerV4, counters] });
    await expect(db.run('DROP INDEX ledger_account')).rejects.toThrow(/no such index|does not exist/);
    const query = 'SELECT l.id FROM ledger l WHERE (l.amount_minor / 100) = ? AND l.account = ?';
    expect((await db.all(query, [2, 'a'])).length).toBe(1);
    expect((await db.explain(query, [2, 'a'])).join('\n')).toMatch(/ledger_hundreds_account/);
    // A name is never both wanted and dropped: the new index needs a name of its own.
    expect(() => defineTable({ ...ledger.spec, droppedIndexes: ['ledger_account'] })).toThrow(/ledger_account is both wanted and dropped; give the new index a new name/);
  });

  it('inserts many rows in one call and gives their keys back in order', async () => {
    const db = await open();
    await migrate(db, V1);
    const rows = Array.from({ length: 300 }, (_, i) => [`acct-${i % 7}`, i, i / 4, i % 2 === 0 ? `n${i}` : null, i % 3 === 0]);
    const ids = await db.transaction((tx) => db.insertMany(tx, ledger, ['account', 'amountMinor', 'rate', 'note', 'settled'], rows));
    expect(ids).toHaveLength(300);
    const stored = (await db.all(`SELECT ${ledger.select('l')} FROM ledger l ORDER BY l.id`)).map((r) => ledger.decode(r));
    expect(stored.map((r) => r.id)).toEqual(ids);
    expect(stored.map((r) => [r.account, r.amountMinor, r.rate, r.note, r.settled])).toEqual(rows);
    expect(await db.insertMany(db, counters, ['name', 'value'], [['x', 1], ['y', 2]])).toEqual([]);
    expect(await db.insertMany(db, counters, ['name', 'value'], [])).toEqual([]);
  });

  it('keeps a monthly table: partitions ahead, one made when a row needs it, guards on every month', async () => {
    const db = await open();
    const now = Date.parse('2026-11-15T00:00:00Z');
    await migrate(db, PARTS, { now });
    const at = (iso: string) => Date.parse(iso);
    await db.transaction((tx) => db.insertMany(tx, stamps, ['chain', 'seq', 'at', 'label'], [['a', 1, at('2026-11-27T06:00:00Z'), 'one'], ['a', 2, at('2027-02-01T00:00:00Z'), 'two']]));
    // Years away from any partition made ahead: made on demand, and the write goes through.
    await db.transaction((tx) => tx.run(stamps.insert(), ['a', 3, at('2031-05-05T00:00:00Z'), 'three']));
    expect((await db.all('SELECT seq FROM stamps ORDER BY seq')).map((r) => toInt(r.seq))).toEqual([1, 2, 3]);
    await expect(db.run('UPDATE stamps SET label = ?', ['x'])).rejects.toThrow(/append-only/);
    await expect(db.run('DELETE FROM stamps WHERE seq = 1')).rejects.toThrow(/append-only/);
    if (db.name === 'postgres') {
      const partitions = (await db.all("SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'stamps'::regclass ORDER BY 1")).map((r) => r.name);
      expect(partitions).toEqual(['stamps_p202610', 'stamps_p202611', 'stamps_p202612', 'stamps_p202701', 'stamps_p202702', 'stamps_p203105']);
      // A statement aimed at one month still meets the guards.
      await expect(db.run("UPDATE stamps_p202611 SET label = 'x'")).rejects.toThrow(/append-only/);
      await expect(db.run('DELETE FROM stamps_p203105')).rejects.toThrow(/append-only/);
      await expect(db.run('TRUNCATE stamps_p202611')).rejects.toThrow(/append-only/);
      // Another process opening later finds them and makes only what is missing.
      const again = await reopen(db);
      await migrate(again, PARTS, { now: Date.parse('2027-03-02T00:00:00Z') });
      const after = (await again.all("SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'stamps'::regclass ORDER BY 1")).map((r) => r.name);
      expect(after.slice(-4)).toEqual(['stamps_p202704', 'stamps_p202705', 'stamps_p202706', 'stamps_p203105']);
    }
  });

  it('inserts a large batch in one call (COPY on PostgreSQL): keys in order, any text as given, a missing month made, a refused batch leaves nothing', async () => {
    const db = await open();
    await migrate(db, PARTS, { now: Date.parse('2026-11-15T00:00:00Z') });
    const odd = ['tab\there', 'line\nbreak', 'back\\slash', '\\.', 'cr\rlf', '\u0001\u001f packed', '王老吉 "quoted"', ''];
    // Half in a month made ahead, half in one no partition covers yet.
    const rows = Array.from({ length: 40 }, (_, i) => ['c', i + 1, Date.parse(i < 20 ? '2026-11-20T00:00:00Z' : '2029-07-04T00:00:00Z') + i, `${odd[i % odd.length]}#${i}`]);
    const ids = await db.transaction((tx) => db.insertMany(tx, stamps, ['chain', 'seq', 'at', 'label'], rows));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(40);
    const stored = (await db.all(`SELECT ${stamps.select('s')} FROM stamps s ORDER BY s.id`)).map((r) => stamps.decode(r));
    expect(stored.map((r) => r.id)).toEqual(ids);
    expect(stored.map((r) => [r.chain, r.seq, r.at, r.label])).toEqual(rows);
    // A label taken already (at the same time: PostgreSQL's unique holds within a month): the whole batch is refused and nothing of it stays.
    const again = Array.from({ length: 20 }, (_, i) => (i === 19 ? ['d', 20, rows[3]?.[2], rows[3]?.[3]] : ['d', i + 1, Date.parse('2026-11-21T00:00:00Z') + i, `new#${i}`]));
    await expect(db.transaction((tx) => db.insertMany(tx, stamps, ['chain', 'seq', 'at', 'label'], again))).rejects.toThrow();
    expect(toInt((await db.get('SELECT count(*) AS n FROM stamps'))?.n)).toBe(40);
  });

  it('upgrades an older table with its new columns, keeping its rows', async () => {
    const db = await open();
    await migrate(db, V1);
    await db.run(counters.insert(), ['n', 5]);
    const counters2 = defineTable({ name: 'counters', columns: { name: { type: 'text', primaryKey: true }, value: { type: 'bigint' }, note: { type: 'text', nullable: true }, step: { type: 'integer', default: 1 } }, indexes: [{ name: 'counters_note', columns: ['note'] }] });
    const V3: SchemaSpec = { ...V1, version: '3', tables: [ledger, counters2] };
    await migrate(db, V3);
    expect((await db.all(`SELECT ${counters2.select()} FROM counters`)).map((r) => counters2.decode(r))).toEqual([{ name: 'n', value: 5, note: null, step: 1 }]);
    await db.run(counters2.insert(), ['m', 1, 'new', 2]);
    expect(await db.explain('SELECT name FROM counters WHERE note = ?', ['new'])).toEqual(expect.arrayContaining([expect.stringMatching(/counters_note/)]));
    // A new column that rows already there could not fill is a mistake in the schema, said at once.
    const bad = defineTable({ name: 'counters', columns: { name: { type: 'text', primaryKey: true }, value: { type: 'bigint' }, owner: { type: 'text' } } });
    await expect(migrate(db, { ...V1, version: '4', tables: [ledger, bad] })).rejects.toThrow(/counters.owner is new: a column added to an existing table must be nullable or have a default/);
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

/** Counts a watch's calls; `heard()` waits until it was called since the last look (signalling again while it waits, for a watch still starting). */
function listener(db: SqlDialect, again?: () => Promise<void>) {
  let calls = 0;
  let seen = 0;
  const stop = db.watch('auth', () => void calls++);
  return {
    stop,
    get calls() {
      return calls;
    },
    /** `quietly`: without signalling meanwhile (a call that only the watch itself can make). */
    heard: async (quietly = false) => {
      await vi.waitFor(
        async () => {
          if (calls === seen && !quietly) await again?.();
          expect(calls).toBeGreaterThan(seen);
        },
        { timeout: 5000, interval: 20 },
      );
      seen = calls;
    },
  };
}

describe.each(engines)('signals between connections on $name', (engine) => {
  const opened: SqlDialect[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.close().catch(() => undefined);
  });
  const pair = async () => {
    const db = await engine.open();
    opened.push(db);
    const other = await engine.reopen(db);
    opened.push(other);
    return [db, other] as const;
  };

  it("tells every connection to the database that a topic changed, the signaller's own watch included, until a watch is stopped", async () => {
    const [db, other] = await pair();
    const here = listener(db, () => other.signal('auth'));
    const there = listener(other, () => db.signal('auth'));
    // Each watch is live once it has heard a signal from the other connection.
    await here.heard();
    await there.heard();
    await other.signal('auth');
    await here.heard();
    await there.heard();
    await db.signal('auth');
    await here.heard();
    await there.heard();
    here.stop();
    const before = here.calls;
    // Two signals heard there, each also sent to every watch here: none reached the stopped one.
    await other.signal('auth');
    await there.heard(true);
    await other.signal('auth');
    await there.heard(true);
    expect(here.calls).toBe(before);
  });

  it('tells its watchers when the watch broke, and hears signals again once it is back', async () => {
    const [db, other] = await pair();
    const here = listener(db, () => other.signal('auth'));
    await here.heard();
    if (engine.name === 'SQLite') {
      // The signal file removed under the watch (a clean-up of the folder).
      const file = `${sqliteFiles.get(db) as string}-signal-auth`;
      expect(statSync(file).mode & 0o777).toBe(0o600);
      rmSync(file);
      await here.heard(true);
      await vi.waitFor(() => expect(existsSync(file)).toBe(true));
    } else {
      // The listening connection ended by the server (a restart, an administrator).
      const admin = new pg.Pool({ connectionString: pgUrls.get(db) as string });
      try {
        await vi.waitFor(async () => expect((await admin.query("SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE query LIKE 'LISTEN%'")).rowCount).toBeGreaterThan(0));
      } finally {
        await admin.end();
      }
      // Told when it broke, and again once it listens: a read made in between may predate a signal.
      await here.heard(true);
      await here.heard(true);
    }
    await here.heard();
  });
});

describe('signals beside a SQLite file', () => {
  const open = (file: string) => openSqliteFile({ file, open: (f, o) => new Database(f, o) });

  it('meets a process that opened the same database by another name (a link) at one signal file', async () => {
    const file = join(dir, `named${++n}.db`);
    const link = join(dir, `link${n}.db`);
    const db = open(file);
    symlinkSync(file, link);
    const other = open(link);
    try {
      const here = listener(db, () => other.signal('auth'));
      await here.heard();
      expect(existsSync(`${link}-signal-auth`)).toBe(false);
    } finally {
      await other.close();
      await db.close();
    }
  });

  it('never writes through a link put in place of the signal file, nor watches one; a signal alone makes no file', async () => {
    const file = join(dir, `linked${++n}.db`);
    const db = open(file);
    const other = open(file);
    try {
      // Nobody watches: a signal leaves nothing behind.
      await other.signal('auth');
      expect(existsSync(`${file}-signal-auth`)).toBe(false);
      // Someone who may write the folder points the signal file at another file, the journal itself say.
      const target = join(dir, `target${n}.txt`);
      writeFileSync(target, 'keep me');
      symlinkSync(target, `${file}-signal-auth`);
      let calls = 0;
      db.watch('auth', () => void calls++);
      await other.signal('auth');
      expect(readFileSync(target, 'utf8')).toBe('keep me');
      expect(calls).toBe(0);
    } finally {
      await other.close();
      await db.close();
    }
  });
});

describe('PostgreSQL dialect', () => {
  it('closes while its watch is still trying to reach a server that does not answer', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `postgres://reissue@127.0.0.1:${(silent.address() as { port: number }).port}/nowhere`;
    const db = new PostgresDialect(new pg.Pool({ connectionString: url }), { url, listening: new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 300 }) });
    try {
      db.watch('auth', () => undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await db.close();
    } finally {
      silent.close();
    }
  });

  it('numbers ? placeholders, leaving quoted ones alone', async () => {
    const url = await server!.createDatabase();
    const db = new PostgresDialect(new pg.Pool({ connectionString: url }), { url });
    try {
      expect(await db.get(`SELECT '?' AS "a?", ?::int AS b, ?::text AS c`, [41, 'x'])).toEqual({ 'a?': '?', b: 41, c: 'x' });
    } finally {
      await db.close();
    }
  });

  it('plans a read asked with planOnce once per connection, as a named statement with a generic plan; other reads stay unnamed', async () => {
    const url = await server!.createDatabase();
    const planned = new pg.Pool({ connectionString: url, max: 1, options: PLANNED_READS_SETTINGS });
    const db = new PostgresDialect(new pg.Pool({ connectionString: url }), { url, plannedReads: planned });
    const plain = new PostgresDialect(new pg.Pool({ connectionString: url }), { url });
    try {
      await migrate(db, V1);
      for (const [name, value] of [['a', 1], ['b', 2], ['c', 3]] as const) await db.run(counters.insert(), [name, value]);
      const read = 'SELECT name, value FROM counters WHERE value >= ? ORDER BY name';
      for (const least of [1, 2, 3, 2]) {
        expect(await db.all(read, [least], { planOnce: true })).toEqual(await plain.all(read, [least]));
      }
      // Asked on the planned connection itself (max 1): the read is kept there under one name, planned generically every run.
      const kept = (await planned.query('SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements')).rows;
      expect(kept).toEqual([{ statement: 'SELECT name, value FROM counters WHERE value >= $1 ORDER BY name', generic_plans: '4', custom_plans: '0' }]);
      // A generic plan is costed before its months are pruned: compiled by JIT at every run, it cost a search 36 ms.
      expect((await planned.query("SELECT current_setting('jit') AS jit")).rows).toEqual([{ jit: 'off' }]);
      // A failure keeps its mapping on the planned path too.
      await expect(db.all('SELECT nope FROM counters WHERE value >= ?', [1], { planOnce: true })).rejects.toThrow(/nope/);
    } finally {
      await Promise.all([db.close(), plain.close()]);
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

describe('a full disk', () => {
  it('SQLite: the write fails as DISK_FULL (not "cannot rollback"), nothing of it stays, and writeCheck says so until a write succeeds', async () => {
    const file = join(dir, `full${++n}.db`);
    const db = openSqliteFile({ file, open: (f, o) => new Database(f, o) });
    try {
      await migrate(db, V1);
      await db.run(counters.insert(), ['kept', 1]);
      expect(await db.writeCheck()).toEqual({ writable: true });
      // The file may grow by three pages more: a write of many rows cannot fit.
      db.db.pragma(`max_page_count = ${Number(db.db.pragma('page_count', { simple: true })) + 3}`);
      const error = await db
        .transaction(async (tx) => {
          for (let i = 0; i < 200; i++) await tx.run(counters.insert(), [`row ${i} ${'x'.repeat(200)}`, i]);
        })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'DISK_FULL', kind: 'unavailable', context: { rule: 'sqlite', location: file } });
      expect((error as Error).message).toBe(`the disk holding the journal (${file}) is full: nothing was written`);
      expect((error as Error).cause).toMatchObject({ code: 'SQLITE_FULL' });
      expect(toInt((await db.get('SELECT count(*) AS n FROM counters'))?.n)).toBe(1);
      expect(await db.writeCheck()).toEqual({ writable: false, reason: 'disk-full' });
      // A statement outside a transaction meets the same answer.
      await expect(db.run(`INSERT INTO counters (name, value) VALUES (?, 1)`, ['z'.repeat(40_000)])).rejects.toMatchObject({ code: 'DISK_FULL' });
      db.db.pragma('max_page_count = 1000000');
      await db.run(counters.insert(), ['after', 2]);
      expect(await db.writeCheck()).toEqual({ writable: true });
    } finally {
      await db.close();
    }
  });

  it('SQLite: writeCheck measures the room under the page limit without writing, and a read-only handle is not writable', async () => {
    const file = join(dir, `room${++n}.db`);
    const db = openSqliteFile({ file, open: (f, o) => new Database(f, o) });
    try {
      await migrate(db, V1);
      const pages = Number(db.db.pragma('page_count', { simple: true }));
      db.db.pragma(`max_page_count = ${pages + 10}`);
      expect(await db.writeCheck()).toEqual({ writable: false, reason: 'disk-full' });
      expect(Number(db.db.pragma('page_count', { simple: true }))).toBe(pages);
    } finally {
      await db.close();
    }
    const reader = openSqliteFile({ file, open: (f, o) => new Database(f, o), readonly: true });
    try {
      expect(await reader.writeCheck()).toEqual({ writable: false, reason: 'read-only' });
    } finally {
      await reader.close();
    }
  });

  it("PostgreSQL: the server's disk_full (53100) is DISK_FULL, the transaction rolled back, and writeCheck says so until a write succeeds", async () => {
    const url = await server!.createDatabase();
    const db = new PostgresDialect(new pg.Pool({ connectionString: url }), { url });
    try {
      await migrate(db, V1);
      expect(await db.writeCheck()).toEqual({ writable: true });
      // The server itself answers with SQLSTATE 53100 when the trigger runs, as it does when it cannot extend a file.
      await db.run(`CREATE FUNCTION no_room() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'could not extend file "base/1/2": No space left on device' USING ERRCODE = 'disk_full'; END $$`);
      await db.run(`CREATE TRIGGER no_room BEFORE INSERT ON counters FOR EACH ROW WHEN (NEW.value < 0) EXECUTE FUNCTION no_room()`);
      const error = await db
        .transaction(async (tx) => {
          await tx.run(counters.insert(), ['first', 1]);
          await tx.run(counters.insert(), ['second', -1]);
        })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'DISK_FULL', kind: 'unavailable', context: { rule: 'postgres' } });
      expect((error as Error).cause).toMatchObject({ code: '53100' });
      expect(await db.get('SELECT name FROM counters')).toBeUndefined();
      await expect(db.run(counters.insert(), ['alone', -2])).rejects.toMatchObject({ code: 'DISK_FULL' });
      expect(await db.writeCheck()).toEqual({ writable: false, reason: 'disk-full' });
      await db.run(counters.insert(), ['after', 2]);
      expect(await db.writeCheck()).toEqual({ writable: true });
    } finally {
      await db.close();
    }
  });
});
