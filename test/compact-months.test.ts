/**
 * Months that are over get their indexes packed once (PostgreSQL): a month's rows arrive in
 * many interleaved ascending runs (one per terminal, operator …), and PostgreSQL leaves the
 * pages it splits half empty. Real cluster, real REINDEX … CONCURRENTLY.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/app.js';
import { Journal, verifyJournal, type JournalStore } from '../src/journal/index.js';
import { generateSales } from '../src/seed/index.js';
import { startPostgres, type PostgresServer } from './support/postgres-server.js';

let server: PostgresServer | undefined;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.stop();
});

const UNTIL = Date.parse('2026-11-28T00:00:00+08:00');
/** Sales of 30 days before UNTIL (October and November), recorded (events' month) on 15 November. */
const RECORDED_AT = Date.parse('2026-11-15T04:00:00Z');
const AFTER_NOVEMBER = Date.parse('2026-12-10T00:00:00Z');

async function client(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}

async function seeded(count: number): Promise<{ url: string; store: JournalStore; journal: Journal }> {
  if (!server) throw new Error('the PostgreSQL test server did not start');
  const url = await server.createDatabase();
  const store = await openStore(url);
  let now = RECORDED_AT;
  const journal = new Journal({ store, clock: () => now++ });
  const sales = [...generateSales({ count, seed: 5, until: UNTIL, timeZone: 'Asia/Shanghai', days: 30 })];
  for (let i = 0; i < sales.length; i += 1000) await journal.recordMany(sales.slice(i, i + 1000));
  return { url, store, journal };
}

const invalidIndexes = async (c: pg.Client) =>
  (await c.query("SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE NOT i.indisvalid")).rows.map((r) => String(r.name));

/**
 * A journal whose rebuilds are held: a reader keeps a snapshot open (REINDEX … CONCURRENTLY builds
 * its copies, then waits for it before it swaps them in), and a watcher sees the rebuild's backend.
 */
async function heldRebuilds(count: number) {
  const { url, journal } = await seeded(count);
  const reader = await client(url);
  const watcher = await client(url);
  await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
  await reader.query('SELECT count(*) FROM events');
  return {
    journal,
    watcher,
    release: () => reader.query('ROLLBACK'),
    /** The backend of the rebuild under way, once it shows. */
    rebuilding: async (): Promise<number | undefined> => {
      for (let i = 0; i < 600; i++) {
        const pid = (await watcher.query("SELECT pid FROM pg_stat_activity WHERE query LIKE 'REINDEX TABLE CONCURRENTLY%'")).rows[0]?.pid as number | undefined;
        if (pid !== undefined) return pid;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return undefined;
    },
    compactedCount: async () => (await watcher.query("SELECT count(*) AS n FROM meta WHERE key LIKE 'compacted:%'")).rows[0]?.n as string,
    close: async () => {
      await reader.end();
      await watcher.end();
      await journal.close();
    },
  };
}

describe('compacting the months that are over (PostgreSQL)', () => {
  it('packs each closed month once, leaves the open one, and finds, verifies and records as before', async () => {
    const { url, store, journal } = await seeded(12_000);
    const c = await client(url);
    try {
      const around = { around: '2026-11-20T12:00:00+08:00', within: '12h', limit: 50 };
      const before = (await journal.find(around)).items.map((t) => t.id);
      expect(before.length).toBeGreaterThan(0);

      // October has not been over for three days yet: nothing is due.
      expect(await journal.compactMonths({ now: Date.parse('2026-11-03T23:00:00Z') })).toEqual({ compacted: [], busy: false });

      const steps: [number, number, string | undefined][] = [];
      const report = await journal.compactMonths({ now: AFTER_NOVEMBER, onProgress: (done, total, partition) => steps.push([done, total, partition]) });
      expect(report?.busy).toBe(false);
      const names = report?.compacted.map((p) => p.partition);
      expect(names).toEqual(['events_p202611', 'transactions_p202610', 'transactions_p202611']);
      expect(steps).toEqual([[0, 3, undefined], [1, 3, 'events_p202611'], [2, 3, 'transactions_p202610'], [3, 3, 'transactions_p202611']]);
      // Half-empty pages packed: November's indexes take less (12,000 sales: ~0.8× for the sales', ~0.75× for the events'; ~0.7× at 10M).
      for (const name of ['events_p202611', 'transactions_p202611']) {
        const month = report?.compacted.find((p) => p.partition === name);
        expect(month?.after).toBeLessThan((month?.before ?? 0) * 0.9);
      }
      for (const p of report?.compacted ?? []) {
        const size = Number((await c.query('SELECT pg_indexes_size(to_regclass($1)) AS b', [p.partition])).rows[0].b);
        expect(size).toBe(p.after);
        const meta = (await c.query('SELECT value FROM meta WHERE key = $1', [`compacted:${p.partition}`])).rows[0];
        expect(JSON.parse(String(meta?.value))).toMatchObject({ before: p.before, after: p.after });
      }

      // Once each: a second run finds nothing due.
      expect(await journal.compactMonths({ now: AFTER_NOVEMBER })).toEqual({ compacted: [], busy: false });
      expect((await journal.find(around)).items.map((t) => t.id)).toEqual(before);
      // A late sale into a compacted month is recorded and found as any other.
      const late = await journal.record({ ...[...generateSales({ count: 1, seed: 99, until: UNTIL, timeZone: 'Asia/Shanghai', days: 1 })][0]!, voucherNo: '999001' });
      expect((await journal.get(late.id))?.id).toBe(late.id);
      expect(await verifyJournal(store)).toMatchObject({ ok: true, transactions: 12_001 });
      expect(await invalidIndexes(c)).toEqual([]);
    } finally {
      await c.end();
      await journal.close();
    }
  });

  it('does nothing while another process compacts, and says so', async () => {
    const { url, journal } = await seeded(200);
    const other = await client(url);
    try {
      await other.query('SELECT pg_advisory_lock(7320, 0)');
      expect(await journal.compactMonths({ now: AFTER_NOVEMBER })).toEqual({ compacted: [], busy: true });
      await other.query('SELECT pg_advisory_unlock(7320, 0)');
      expect((await journal.compactMonths({ now: AFTER_NOVEMBER }))?.compacted.length).toBe(3);
    } finally {
      await other.end();
      await journal.close();
    }
  });

  it('fails a stopped rebuild with COMPACTION_FAILED, keeps the month due, and next time drops what it left and compacts it', async () => {
    const h = await heldRebuilds(2_000);
    try {
      const outcome = h.journal.compactMonths({ now: AFTER_NOVEMBER }).then(
        () => undefined,
        (error: unknown) => error,
      );
      const pid = await h.rebuilding();
      expect(pid).toBeDefined();
      expect((await h.watcher.query('SELECT pg_cancel_backend($1) AS ok', [pid])).rows[0]?.ok).toBe(true);
      expect(await outcome).toMatchObject({ code: 'COMPACTION_FAILED', context: { partition: 'events_p202611' } });
      await h.release();
      expect(await h.compactedCount()).toBe('0');
      // The same month again, now that nothing holds it; the copies the stopped rebuild left are gone first.
      expect((await h.journal.compactMonths({ now: AFTER_NOVEMBER }))?.compacted.map((p) => p.partition)).toEqual(['events_p202611', 'transactions_p202610', 'transactions_p202611']);
      expect(await invalidIndexes(h.watcher)).toEqual([]);
    } finally {
      await h.close();
    }
  });
});

describe('stopping a run (a server that stops)', () => {
  it('cancels the rebuild under way at once, says the run stopped, and leaves the month due', async () => {
    const h = await heldRebuilds(2_000);
    try {
      const stopping = new AbortController();
      const running = h.journal.compactMonths({ now: AFTER_NOVEMBER, signal: stopping.signal });
      expect(await h.rebuilding()).toBeDefined();
      stopping.abort();
      // Ends while the snapshot is still held (uncancelled, the rebuild would wait for it for ever).
      expect(await running).toEqual({ compacted: [], busy: false, stopped: true });
      await h.release();
      expect(await h.compactedCount()).toBe('0');
      expect((await h.journal.compactMonths({ now: AFTER_NOVEMBER }))?.compacted).toHaveLength(3);
      expect(await invalidIndexes(h.watcher)).toEqual([]);
    } finally {
      await h.close();
    }
  });
});

describe('compacting on SQLite', () => {
  it('has nothing to do: one table, its pages kept full by SQLite itself', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reissue-compact-'));
    const journal = new Journal({ store: await openStore(join(dir, 'journal.db'), { create: true }) });
    try {
      await journal.record([...generateSales({ count: 1, seed: 5, until: UNTIL, timeZone: 'Asia/Shanghai', days: 30 })][0]!);
      expect(await journal.compactMonths({ now: AFTER_NOVEMBER })).toBeUndefined();
    } finally {
      await journal.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
