/**
 * What head office's ingest costs PostgreSQL, variant against variant (bench/RESULTS.md,
 * 2026-12-06, "what PostgreSQL's CPU an event is spent on"). New shops' backlogs go through
 * replicateGroup as head office writes them (chain locks and tips, COPY of events,
 * transactions and sale_keys), each variant its own copy of the same events under its own
 * store ids, the variants taking turns chunk by chunk so the machine's swings fall on all
 * of them alike. Every transaction is rolled back after it ran: a variant may drop indexes
 * inside it (DROP INDEX rolls back) and the cluster keeps its schema and its rows.
 *
 *   node dist/bench/ingest-costs.js <cluster dir> <database> <rounds> <variant,variant,…>
 *
 * (a first round, not counted, warms the caches up).
 *
 * A variant is parts joined by '+': `base`, `drop:<index>`, `dropc:<table>.<constraint>`,
 * `set:<setting>=<value>` (SET LOCAL) or `g<N>` (N batches a transaction; default 18, as the
 * in-process bench groups them). Start with a control that every other variant extends, so
 * each pays the same catalogue reloads after the DDL: e.g. dropping the partial indexes a
 * sale never enters (events_alerts, tx_original, sk_original). Figures are the writing
 * backend's CPU (/proc/<pid>/schedstat) an event; Linux only; uses the cluster the head
 * office bench caches (start it nowhere else meanwhile).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { postgresDialect } from '../src/app.js';
import { SqlJournalStore } from '../src/journal/adapters/index.js';
import { checkBatch, replicateGroup, type CheckedBatch } from '../src/journal/replicate.js';
import type { SqlExecutor, SqlTransaction, TableShape, TransactionOptions } from '../src/sql/index.js';
import { startPostgres } from '../test/support/postgres-server.js';
import { shopPushes, type Push } from './hq-shops.js';
import { UNTIL } from './setup.js';

const SHOPS = 20;
const SALES_A_SHOP = 1000;
const GROUP = 18;

interface Variant {
  name: string;
  /** Statements run in each transaction before the clock starts. */
  inTx: string[];
  group: number;
}

function parseVariant(name: string): Variant {
  const out: Variant = { name, inTx: [], group: GROUP };
  for (const part of name.split('+')) {
    if (part === 'base') continue;
    else if (part.startsWith('drop:')) out.inTx.push(`DROP INDEX ${ident(part.slice(5))}`);
    else if (part.startsWith('dropc:')) {
      const [table = '', constraint = ''] = part.slice(6).split('.');
      out.inTx.push(`ALTER TABLE ${ident(table)} DROP CONSTRAINT ${ident(constraint)}`);
    } else if (part.startsWith('set:')) {
      const [setting = '', value = ''] = part.slice(4).split('=');
      out.inTx.push(`SET LOCAL ${ident(setting)} = '${value.replace(/'/g, "''")}'`);
    } else if (/^g\d+$/.test(part)) out.group = Number(part.slice(1));
    else throw new Error(`unknown variant part "${part}"`);
  }
  return out;
}

/** A bare SQL name as given on the command line; anything else is refused. */
function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain SQL name: "${name}"`);
  return name;
}

/** CPU ns a process has run (first field of /proc/<pid>/schedstat). */
const cpuNs = (pid: number) => Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

function chunks<T>(list: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let at = 0; at < list.length; at += n) out.push(list.slice(at, at + n));
  return out;
}

/** The marker thrown to roll a measured transaction back. */
class RolledBack extends Error {}

async function main(): Promise<void> {
  const [dir, database, roundsText, variantsText] = process.argv.slice(2);
  if (!dir || !database || !roundsText || !variantsText) throw new Error('usage: node dist/bench/ingest-costs.js <cluster dir> <database> <rounds> <variant,variant,…>');
  const rounds = Number(roundsText);
  const variants = variantsText.split(',').map(parseVariant);
  const server = await startPostgres({ durable: true, headOffice: true, dir });
  const dialect = postgresDialect(server.urlOf(database), { maxConnections: 2 });

  // The measured transaction: its backend's CPU from after the variant's statements to the end of its writes.
  let around: { before: (tx: SqlTransaction) => Promise<void>; after: () => void } | undefined;
  const transaction = dialect.transaction.bind(dialect);
  dialect.transaction = <T>(work: (tx: SqlTransaction) => Promise<T>, options?: TransactionOptions): Promise<T> =>
    transaction(async (tx) => {
      const hook = around;
      if (!hook) return work(tx);
      await hook.before(tx);
      await work(tx);
      hook.after();
      throw new RolledBack();
    }, options);
  // The backend's CPU a table's COPY took.
  let backend = 0;
  let perTable: Record<string, number> | undefined;
  const insertMany = dialect.insertMany.bind(dialect);
  dialect.insertMany = async (db: SqlExecutor, table: TableShape, keys: readonly string[], rows: readonly (readonly unknown[])[]) => {
    if (!perTable) return insertMany(db, table, keys, rows);
    const start = cpuNs(backend);
    const ids = await insertMany(db, table, keys, rows);
    perTable[table.name] = (perTable[table.name] ?? 0) + cpuNs(backend) - start;
    return ids;
  };
  const store = await SqlJournalStore.open(dialect, { now: UNTIL });
  const stamp = Date.now() % 1e7;
  let seed = 800_000_000 + (Date.now() % 100_000) * 1000;
  const results = variants.map(() => ({ us: [] as number[], tables: [] as Record<string, number>[] }));
  try {
    // Round 0 warms the cluster's caches up and is not counted.
    for (let round = 0; round <= rounds; round++) {
      const shops: Push[][][] = [];
      for (let i = 0; i < SHOPS; i++) shops.push(shopPushes(`g${i}`, seed++, SALES_A_SHOP));
      // Batches in the order the shops' outboxes send them, interleaved.
      const queues = shops.map((chains) => chains.flat());
      const batches: Push[] = [];
      for (let k = 0; queues.some((q) => k < q.length); k++) {
        for (const q of queues) {
          const batch = q[k];
          if (batch) batches.push(batch);
        }
      }
      const events = batches.reduce((n, b) => n + b.events.length, 0);
      const chunkSize = Math.max(...variants.map((v) => v.group));
      const checked: CheckedBatch[][][] = variants.map((_, v) => chunks(batches, chunkSize).map((chunk) => chunk.map((b) => checkBatch(`P${stamp}-${round}-${v}-${b.storeId}`, b.chain, b.events))));
      const ns = variants.map(() => 0);
      const tables = variants.map((): Record<string, number> => ({}));
      const chunkCount = checked[0]?.length ?? 0;
      for (let c = 0; c < chunkCount; c++) {
        for (let k = 0; k < variants.length; k++) {
          const v = (k + c + round) % variants.length;
          const variant = variants[v] as Variant;
          let start = 0;
          around = {
            before: async (tx) => {
              backend = Number((await tx.get('SELECT pg_backend_pid() AS pid'))?.pid);
              for (const sql of variant.inTx) await tx.run(sql);
              perTable = tables[v];
              start = cpuNs(backend);
            },
            after: () => {
              ns[v] = (ns[v] ?? 0) + cpuNs(backend) - start;
              perTable = undefined;
            },
          };
          for (const group of chunks(checked[v]?.[c] ?? [], variant.group)) {
            try {
              await store.write((writer) => replicateGroup(writer, group));
            } catch (error) {
              if (!(error instanceof RolledBack) && !(error instanceof Error && error.cause instanceof RolledBack)) throw error;
            }
          }
          around = undefined;
          perTable = undefined;
        }
      }
      const line = variants.map((x, v) => `${x.name}=${((ns[v] ?? 0) / 1000 / events).toFixed(1)}`).join(' ');
      console.log(`round ${round}${round === 0 ? ' (warm-up, not counted)' : ''} (${events} events, load ${loadavg()[0]?.toFixed(2)}): ${line}`);
      if (round === 0) continue;
      variants.forEach((_, v) => {
        results[v]?.us.push((ns[v] ?? 0) / 1000 / events);
        results[v]?.tables.push(Object.fromEntries(Object.entries(tables[v] ?? {}).map(([name, t]) => [name, t / 1000 / events])));
      });
    }
  } finally {
    await store.close();
    await server.stop();
  }
  const control = results[0]?.us ?? [];
  console.log('\nvariant | backend µs an event (median of rounds) | / first variant (median of the rounds\' ratios, range) | rounds below the first | COPY µs: events / transactions / sale_keys');
  variants.forEach((variant, v) => {
    const r = results[v] ?? { us: [], tables: [] };
    const ratios = r.us.map((x, i) => x / (control[i] ?? x));
    const table = (name: string) => median(r.tables.map((t) => t[name] ?? 0)).toFixed(1);
    console.log(`${variant.name} | ${median(r.us).toFixed(1)} | ${median(ratios).toFixed(3)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}) | ${ratios.filter((x) => x < 1).length}/${ratios.length} | ${table('events')} / ${table('transactions')} / ${table('sale_keys')}`);
  });
  console.log(`load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}

await main();
