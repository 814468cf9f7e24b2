import pg from 'pg';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { TransactionInput } from '../src/core/index.js';
import { SqlJournalStore } from '../src/journal/adapters/index.js';
import { Journal, WorkerPreparer } from '../src/journal/index.js';
import { PostgresDialect } from '../src/sql/index.js';
import { generateSales } from '../src/seed/index.js';
import { startPostgres } from '../test/support/postgres-server.js';
import { chunks } from './setup.js';

/**
 * Issue 15 on PostgreSQL: does appending slow down with the NUMBER of monthly partitions?
 * The same number of sales is seeded over a few months and over many (events recorded at
 * the sales' own times, so both tables get as many months), then later sales are appended to
 * each in turn, single-thread and pipelined, and the rates are printed side by side.
 * Standalone (node dist/bench/months-bench.js), so an older build can run the same file.
 */

const DAY_MS = 86_400_000;
const UNTIL = Date.parse('2026-11-28T00:00:00+08:00');
const TIME_ZONE = 'Asia/Shanghai';

const { values } = parseArgs({
  options: {
    sales: { type: 'string', default: '100000' },
    append: { type: 'string', default: '10000' },
    few: { type: 'string', default: '2' },
    many: { type: 'string', default: '36' },
    rounds: { type: 'string', default: '2' },
    batch: { type: 'string', default: '1000' },
    explain: { type: 'boolean', default: false },
    stats: { type: 'boolean', default: false },
  },
});
const SALES = Number(values.sales);
const APPEND = Number(values.append);
const ROUNDS = Number(values.rounds);
const BATCH = Number(values.batch);
const note = (text: string) => process.stderr.write(`${text}\n`);
const load = () => loadavg()[0]?.toFixed(1) ?? '?';

/** A clock that follows the sales being written: each batch is recorded at its last sale's time. */
function followingClock() {
  let now = 0;
  return {
    clock: () => now,
    follow: function* (batches: Iterable<TransactionInput[]>) {
      for (const batch of batches) {
        const last = batch.at(-1);
        if (last) now = Math.max(now, Date.parse(last.occurredAt) + 1000);
        yield batch;
      }
    },
  };
}

interface Subject {
  months: number;
  journal: Journal;
  store: SqlJournalStore;
  follow: ReturnType<typeof followingClock>['follow'];
  db: PostgresDialect;
}

async function seeded(url: string, months: number, preparer: WorkerPreparer): Promise<Subject> {
  const db = new PostgresDialect(new pg.Pool({ connectionString: url }), { url });
  const store = await SqlJournalStore.open(db, { now: UNTIL - months * 30 * DAY_MS });
  const { clock, follow } = followingClock();
  const journal = new Journal({ store, clock });
  const started = performance.now();
  const sales = generateSales({ count: SALES, seed: 1, until: UNTIL, timeZone: TIME_ZONE, days: months * 30 });
  await journal.recordBatches(follow(chunks(sales, BATCH)), { preparer });
  const parts = await db.get("SELECT count(*) AS n FROM pg_inherits WHERE inhparent = 'transactions'::regclass");
  const eparts = await db.get("SELECT count(*) AS n FROM pg_inherits WHERE inhparent = 'events'::regclass");
  note(`seeded ${SALES} sales over ${months} months in ${((performance.now() - started) / 1000).toFixed(0)} s: ${String(parts?.n)} transactions and ${String(eparts?.n)} events partitions · load ${load()}`);
  return { months, journal, store, follow, db };
}

/** Later sales, one day of period `period` after the seeded ones. */
const later = (period: number) => [...generateSales({ count: APPEND, seed: 100 + period, until: UNTIL + period * 2 * DAY_MS, timeZone: TIME_ZONE, days: 1 })];

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return (APPEND * 1000) / (performance.now() - start);
}

async function appendRates(s: Subject, period: number, preparer: WorkerPreparer): Promise<{ single: number; piped: number }> {
  const a = later(period);
  const b = later(period + 1);
  const single = await timed(async () => {
    for (const batch of s.follow(chunks(a, BATCH))) await s.journal.recordMany(batch);
  });
  const piped = await timed(() => s.journal.recordBatches(s.follow(chunks(b, BATCH)), { preparer }));
  return { single, piped };
}

/** Partitions a plan touched (its lines naming one) and shared buffers it hit. */
async function explain(s: Subject, label: string, sql: string, params: unknown[]): Promise<void> {
  const rows = await s.db.all(`EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) ${sql}`, params);
  const lines = rows.map((r) => String(Object.values(r)[0]));
  const scanned = new Set<string>();
  for (const line of lines) {
    if (line.includes('never executed')) continue;
    const m = / on ((?:transactions|events|captures|sale_keys|tx_keys)\w*)/.exec(line);
    if (m?.[1]) scanned.add(m[1]);
  }
  const buffers = lines.find((l) => l.includes('Buffers:'))?.trim() ?? '';
  const time = lines.find((l) => l.startsWith('Execution Time'))?.trim() ?? '';
  note(`  ${s.months} months: ${label}: ${scanned.size} relations scanned; ${buffers}; ${time}`);
}

async function explainAll(s: Subject): Promise<void> {
  const ids = (await s.db.all("SELECT id FROM transactions WHERE store_id = '' ORDER BY occurred_at DESC LIMIT 500")).map((r) => r.id as string);
  const original = (await s.db.all("SELECT original_id FROM transactions WHERE original_id IS NOT NULL LIMIT 1"))[0]?.original_id as string;
  const q = await import('../src/journal/adapters/journal-queries.js');
  const qq = q as unknown as Record<string, string>;
  await s.db.run('SET jit = off');
  if (qq.TX_BY_IDS_UNNEST) await explain(s, `TX_BY_IDS_UNNEST (${ids.length} ids, all on record)`, qq.TX_BY_IDS_UNNEST, [ids]);
  if (qq.TX_BY_IDS_UNNEST) await explain(s, `TX_BY_IDS_UNNEST (${ids.length} new ids)`, qq.TX_BY_IDS_UNNEST, [ids.map((i) => `${i}-new`)]);
  if (qq.TX_BY_ID) await explain(s, 'TX_BY_ID', qq.TX_BY_ID, [ids[0]]);
  if (qq.TX_DEPENDENTS) await explain(s, 'TX_DEPENDENTS', qq.TX_DEPENDENTS, [original]);
  if (qq.CAPTURE_BY_ID) await explain(s, 'CAPTURE_BY_ID', qq.CAPTURE_BY_ID, ['x']);
  // After sale_keys (schema 8): where the sales are, then their rows from their months.
  if (qq.KEYS_BY_IDS_ARRAY) await explain(s, `KEYS_BY_IDS_ARRAY (${ids.length} ids)`, qq.KEYS_BY_IDS_ARRAY, [ids]);
  if (qq.KEY_BY_ID) await explain(s, 'KEY_BY_ID', qq.KEY_BY_ID, [ids[0]]);
  if (qq.KEYS_OF_DEPENDENTS) await explain(s, 'KEYS_OF_DEPENDENTS', qq.KEYS_OF_DEPENDENTS, [original]);
  const rowsAt = (q as unknown as { saleRowsAt?: (k: { eventId: number; occurredAt: number }[], p: boolean) => { sql: string; params: unknown[] } }).saleRowsAt;
  if (rowsAt) {
    const key = await s.db.get("SELECT event_id, occurred_at FROM sale_keys WHERE id = ?", [ids[0]]);
    const one = rowsAt([{ eventId: Number(key?.event_id), occurredAt: Number(key?.occurred_at) }], false);
    await explain(s, 'saleRowsAt (1 sale, no payload)', one.sql, one.params);
  }
  const terminals = (await s.db.all("SELECT DISTINCT terminal_id FROM transactions WHERE store_id = '' LIMIT 8")).map((r) => r.terminal_id as string);
  if (qq.CHAIN_TIPS_UNNEST) await explain(s, `CHAIN_TIPS_UNNEST (${terminals.length} chains)`, qq.CHAIN_TIPS_UNNEST, [terminals.map(() => ''), terminals]);
}

async function main(): Promise<void> {
  const server = await startPostgres({ durable: true });
  const preparer = new WorkerPreparer();
  if (values.stats) {
    // pg_stat_statements must be loaded at start: set it, and start the server again.
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
    await admin.end();
    await server.crash();
    await server.start();
    // Known only once the library is loaded: planning time too (PostgreSQL plans a statement over every month it may touch).
    const again = new pg.Client({ connectionString: server.url });
    await again.connect();
    await again.query('ALTER SYSTEM SET pg_stat_statements.track_planning = on');
    await again.query('SELECT pg_reload_conf()');
    await again.end();
  }
  try {
    const few = await seeded(await server.createDatabase(), Number(values.few), preparer);
    const many = await seeded(await server.createDatabase(), Number(values.many), preparer);
    if (values.explain) for (const s of [few, many]) await explainAll(s);
    const best = { few: { single: 0, piped: 0 }, many: { single: 0, piped: 0 } };
    for (let round = 0; round < ROUNDS; round++) {
      // The two journals in turn, the order swapped each round: the machine is shared.
      const order = round % 2 === 0 ? (['few', 'many'] as const) : (['many', 'few'] as const);
      for (const which of order) {
        const s = which === 'few' ? few : many;
        if (values.stats) {
          await s.db.run('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
          await s.db.run('SELECT pg_stat_statements_reset()');
        }
        const r = await appendRates(s, 1 + 2 * round, preparer);
        if (values.stats) {
          const top = await s.db.all(
            'SELECT calls, round(total_exec_time::numeric, 1) AS exec_ms, round(total_plan_time::numeric, 1) AS plan_ms, shared_blks_hit AS hit, left(regexp_replace(query, \'\\s+\', \' \', \'g\'), 110) AS q FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY total_exec_time + total_plan_time DESC LIMIT 10',
          );
          const sum = await s.db.get('SELECT sum(calls) AS calls, round(sum(total_exec_time)::numeric, 1) AS exec_ms, round(sum(total_plan_time)::numeric, 1) AS plan_ms FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())');
          note(`    ${s.months} months: all statements: ${String(sum?.calls)} calls, exec ${String(sum?.exec_ms)} ms, plan ${String(sum?.plan_ms)} ms (for ${2 * APPEND} sales)`);
          for (const t of top) note(`    ${s.months} months: ${String(t.calls)} calls, exec ${String(t.exec_ms)} ms, plan ${String(t.plan_ms)} ms, hit ${String(t.hit)}: ${String(t.q)}`);
        }
        note(`round ${round + 1}: ${s.months} months: single ${r.single.toFixed(0)}/s, pipelined ${r.piped.toFixed(0)}/s · load ${load()}`);
        best[which] = { single: Math.max(best[which].single, r.single), piped: Math.max(best[which].piped, r.piped) };
      }
    }
    const ratio = (a: number, b: number) => `${((a / b) * 100).toFixed(0)}%`;
    process.stdout.write(
      `${JSON.stringify({ sales: SALES, append: APPEND, few: few.months, many: many.months, best, singleRatio: ratio(best.many.single, best.few.single), pipedRatio: ratio(best.many.piped, best.few.piped), load: load() })}\n`,
    );
    await few.store.close();
    await many.store.close();
  } finally {
    await preparer.close();
    await server.stop();
  }
}

await main();
