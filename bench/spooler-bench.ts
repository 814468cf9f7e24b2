/**
 * The spooler against the bare socket, side by side in one run, on one zero-delay virtual
 * printer on 127.0.0.1 in a process of its own: jobs per second, and the latency a job gains by going through the
 * spooler (journaled enqueue and sending — one commit when the printer is idle and known
 * ready —, the sale read and checked against its chain as the app's render has it — in that write
 * for a job handed over, else read again —, journaled printed) over writing the
 * same bytes straight to the socket and waiting for the same GS ( H answer. The journal is a
 * SQLite file on the project's disk (synchronous=FULL), like the other benches, and then a
 * durable throwaway PostgreSQL cluster (fsync and synchronous_commit on); the commits are
 * counted on the store, the CPU a job costs is measured beside its time (on a loaded machine
 * the time swings, the CPU less), and the commit cost of the disk is measured too.
 */
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { encodeEscPos } from '../src/escpos/index.js';
import { SqlJournalStore } from '../src/journal/adapters/index.js';
import { Journal, type JournaledTransaction, type JournalStore, type PrintJobRow } from '../src/journal/index.js';
import { Spooler, connectTcpPrinter, markerId, printerDirectory, tcpConnector, type RenderedJob } from '../src/printer/index.js';
import type { ReceiptDocument } from '../src/receipt/index.js';
import { PostgresDialect } from '../src/sql/index.js';
import { startPostgres } from '../test/support/postgres-server.js';
import { distribution, ms, note, perSecond, rate, type Distribution } from './measure.js';
import { printerProcess } from './printer-child.js';
import { UNTIL, openStore, removeDb, sales, type Row } from './setup.js';

export interface SpoolerBenchOptions {
  /** Jobs for the throughput runs (default 1000). */
  jobs?: number;
  /** Interleaved jobs for the latency comparison (default 500). */
  latencyJobs?: number;
  /** Where the journal file goes (default bench/.cache). */
  dir?: string;
  /** Also on a throwaway PostgreSQL cluster (default true). */
  postgres?: boolean;
}

/** What one engine's run measured. */
interface EngineRun {
  direct: Distribution;
  spooled: Distribution;
  added: { p50: number; p99: number };
  /** CPU ms of this process per job: spooled, and straight to the socket. */
  cpu: { spooled: number; direct: number };
  commitsPerJob: number;
  /** Jobs asked for one after the other, each as soon as the one before is printed (a cashier's receipts in a row). */
  inRow: { spooled: Distribution; commitsPerJob: number };
  spoolerRate: number;
  directRate: number;
  commitsPerQueuedJob: number;
  /** 1-minute load average at the start and end of the latency run. */
  load: [number, number];
}

const TARGET_P99_MS = 2;

function receipt(id: string): ReceiptDocument {
  return {
    columns: 48,
    dots: 576,
    blocks: [
      { type: 'text', align: 'center', runs: [{ text: '好又多超市 HAOYOUDUO', style: { bold: true } }] },
      { type: 'text', runs: [{ text: `SALE ${id}` }] },
      { type: 'rule' },
      { type: 'text', runs: [{ text: '合计 TOTAL                               ￥12.50' }] },
      { type: 'feed', lines: 1 },
      { type: 'cut', partial: true },
    ],
  };
}

/** What one SQLite commit (BEGIN IMMEDIATE, one row, COMMIT; WAL, synchronous=FULL) costs on this disk. */
function commitCost(dir: string, count: number): Distribution {
  const file = join(dir, `commit-probe-${process.pid}.db`);
  removeDb(file);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE t (x INTEGER)');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    const samples: number[] = [];
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      db.exec('BEGIN IMMEDIATE');
      insert.run(i);
      db.exec('COMMIT');
      samples.push(performance.now() - t0);
    }
    return distribution(samples);
  } finally {
    db.close();
    removeDb(file);
  }
}

const show = (d: Distribution) => `p50 ${ms(d.p50)} · p99 ${ms(d.p99)} ms`;

/** The latency and throughput runs on one journal store (the caller closes nothing: the store is closed here). */
async function measure(store: JournalStore, label: string, jobs: number, latencyJobs: number): Promise<EngineRun> {
  // In a process of its own, as a printer is a device of its own: its parsing is not this process's work, nor in its event loop.
  const printer = await printerProcess({ speedMmPerSecond: 1e9, keepJobs: 1 });
  const port = printer.port;
  const journal = new Journal({ store });
  const directory = printerDirectory([{ name: 'bench', host: '127.0.0.1', port }]);
  const bytes = new Map<string, Uint8Array>();
  // What the app's render reads before it encodes (src/app.ts): the job against its events (unless handed over in the write that queued it), the sale against its chain (unless read and checked in that write).
  const render = async (job: PrintJobRow, _target: unknown, handedOver: boolean, sale?: JournaledTransaction): Promise<RenderedJob> => {
    if (!handedOver) await journal.checkJob(job);
    if (!sale) await journal.get(job.transactionId);
    return { bytes: bytes.get(job.transactionId) ?? new Uint8Array(), paperMm: 30 };
  };
  const spooler = new Spooler({ journal, printers: directory, connect: tcpConnector(), render, settings: { idleCloseMs: 60_000 } });
  const direct = await connectTcpPrinter({ host: '127.0.0.1', port });
  try {
    const total = jobs * 2 + latencyJobs * 2;
    note(`spooler (${label}): recording ${total.toLocaleString('en')} sales`);
    const ids: string[] = [];
    const inputs = [...sales(total, 7)];
    for (let i = 0; i < inputs.length; i += 1000) ids.push(...(await journal.recordMany(inputs.slice(i, i + 1000))).map((o) => o.id));
    for (const id of ids) bytes.set(id, encodeEscPos(receipt(id), 'generic-80'));
    const next = (() => {
      let i = 0;
      return () => ids[i++] as string;
    })();
    await spooler.start();
    let marker = 0;
    const straight = async (id: string) => {
      await direct.send(bytes.get(id) as Uint8Array);
      await direct.waitPrinted(markerId(++marker), 5000);
    };
    const spooled = async (id: string) => {
      const job = await spooler.enqueue({ transactionId: id, printer: 'bench' });
      const done = await spooler.waitFor(job.id, { timeoutMs: 10_000 });
      if (done.state !== 'printed') throw new Error(`bench job ${job.id} ended ${done.state}: ${done.detail ?? ''}`);
    };
    // Warm both paths (JIT, statement cache, connections).
    for (let i = 0; i < 20; i++) {
      await straight(ids[0] as string);
      await spooled(next());
    }

    note(`spooler (${label}): latency, ${latencyJobs} jobs each way, interleaved`);
    const directMs: number[] = [];
    const spoolerMs: number[] = [];
    const cpuMs = { spooled: 0, direct: 0 };
    const cpuOf = (since: NodeJS.CpuUsage) => {
      const used = process.cpuUsage(since);
      return (used.user + used.system) / 1000;
    };
    const loadBefore = loadavg()[0] ?? 0;
    const commitsBefore = store.commits;
    for (let i = 0; i < latencyJobs; i++) {
      const id = next();
      let cpu = process.cpuUsage();
      let t0 = performance.now();
      await straight(id);
      directMs.push(performance.now() - t0);
      cpuMs.direct += cpuOf(cpu);
      cpu = process.cpuUsage();
      t0 = performance.now();
      await spooled(id);
      spoolerMs.push(performance.now() - t0);
      cpuMs.spooled += cpuOf(cpu);
    }
    const commitsPerJob = (store.commits - commitsBefore) / latencyJobs;
    const load: [number, number] = [loadBefore, loadavg()[0] ?? 0];
    const d = distribution(directMs);
    const s = distribution(spoolerMs);

    note(`spooler (${label}): ${latencyJobs} jobs in a row, each asked for once the one before is printed`);
    const inRowMs: number[] = [];
    const inRowBefore = store.commits;
    for (let i = 0; i < latencyJobs; i++) {
      const t = performance.now();
      await spooled(next());
      inRowMs.push(performance.now() - t);
    }
    const inRow = { spooled: distribution(inRowMs), commitsPerJob: (store.commits - inRowBefore) / latencyJobs };

    note(`spooler (${label}): throughput, ${jobs} jobs each way`);
    let t0 = performance.now();
    for (let i = 0; i < jobs; i++) await straight(ids[i % ids.length] as string);
    const directRate = perSecond(jobs, performance.now() - t0);
    t0 = performance.now();
    const throughputBefore = store.commits;
    const queued: number[] = [];
    for (let i = 0; i < jobs; i++) queued.push((await spooler.enqueue({ transactionId: next(), printer: 'bench' })).id);
    for (const id of queued) {
      const done = await spooler.waitFor(id, { timeoutMs: 60_000 });
      if (done.state !== 'printed') throw new Error(`bench job ${id} ended ${done.state}: ${done.detail ?? ''}`);
    }
    const spoolerRate = perSecond(jobs, performance.now() - t0);
    return {
      direct: d,
      spooled: s,
      added: { p50: s.p50 - d.p50, p99: s.p99 - d.p99 },
      cpu: { spooled: cpuMs.spooled / latencyJobs, direct: cpuMs.direct / latencyJobs },
      commitsPerJob,
      inRow,
      spoolerRate,
      directRate,
      commitsPerQueuedJob: (store.commits - throughputBefore) / jobs,
      load,
    };
  } finally {
    await direct.close();
    await spooler.stop();
    await journal.close();
    await printer.stop();
  }
}

const per = (n: number) => n.toFixed(2);

function engineRows(engine: string, run: EngineRun, jobs: number, latencyJobs: number): Row[] {
  const { direct: d, spooled: s, added } = run;
  const met = added.p99 < TARGET_P99_MS ? 'met' : 'NOT met';
  return [
    {
      bench: `spooler (${engine}): jobs/s to a zero-delay virtual printer`,
      result: rate(run.spoolerRate),
      ratio: `${per(run.spoolerRate / run.directRate)}× straight`,
      detail: `${jobs.toLocaleString('en')} jobs queued one after another while it prints, one printer; straight to the socket (send + GS ( H answer, no journal) ${rate(run.directRate)}; ${per(run.commitsPerQueuedJob)} commits per job (counted on the store; writes asked for together share one, and a job printed shares its commit with the next one's sending)`,
    },
    {
      bench: `spooler (${engine}): added latency per job`,
      result: `p50 ${ms(added.p50)} · p99 ${ms(added.p99)} ms`,
      ratio: `${per(s.p50 / d.p50)}× straight (p50) · ${per(s.p99 / d.p99)}× (p99)`,
      detail:
        `enqueue → printed ${show(s)} vs same bytes straight to the socket → answer ${show(d)}; ${latencyJobs} interleaved jobs, ${per(run.commitsPerJob)} commits per job ` +
        `(counted: queued + sending in one when the printer is idle and known ready, awaiting-ack + printed in one); CPU of this process per job ${ms(run.cpu.spooled)} ms spooled vs ${ms(run.cpu.direct)} ms straight (${ms(run.cpu.spooled - run.cpu.direct)} ms added); ` +
        `load average ${run.load[0].toFixed(1)} → ${run.load[1].toFixed(1)}; target p99 < ${TARGET_P99_MS} ms: ${met}`,
    },
    {
      bench: `spooler (${engine}): jobs in a row, each asked for once the one before is printed`,
      result: `p50 ${ms(run.inRow.spooled.p50 - d.p50)} · p99 ${ms(run.inRow.spooled.p99 - d.p99)} ms added`,
      ratio: `${per(run.inRow.spooled.p50 / d.p50)}× straight (p50)`,
      detail: `enqueue → printed ${show(run.inRow.spooled)} against the straight jobs above (${show(d)}); ${latencyJobs} jobs, ${per(run.inRow.commitsPerJob)} commits per job (a cashier's receipts one after the other: the printer's worker has not gone back to sleep when the next is asked for)`,
    },
  ];
}

export async function runSpoolerBench(options: SpoolerBenchOptions = {}): Promise<Row[]> {
  const jobs = options.jobs ?? 1000;
  const latencyJobs = options.latencyJobs ?? 500;
  const dir = options.dir ?? fileURLToPath(new URL('../../bench/.cache/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `spooler-${process.pid}.db`);
  removeDb(file);
  let sqlite: EngineRun;
  try {
    sqlite = await measure(await openStore(file), 'SQLite', jobs, latencyJobs);
  } finally {
    removeDb(file);
  }
  const commit = commitCost(dir, 300);
  const rows: Row[] = [
    ...engineRows('SQLite', sqlite, jobs, latencyJobs),
    {
      bench: 'spooler: one SQLite commit on this disk',
      result: show(commit),
      ratio: `${per((sqlite.commitsPerJob * commit.p50) / Math.max(sqlite.added.p50, 1e-9))}× added p50`,
      detail: `BEGIN IMMEDIATE + 1 row + COMMIT, WAL, synchronous=FULL; a spooled job waited for ${per(sqlite.commitsPerJob)} of them, so about ${ms(sqlite.commitsPerJob * commit.p50)} ms of the added p50 is the disk`,
    },
  ];
  if (options.postgres === false) return rows;
  const clusterDir = mkdtempSync(join(dir, 'spooler-pg-'));
  note('spooler (PostgreSQL): starting a throwaway durable cluster');
  const server = await startPostgres({ durable: true, dir: clusterDir });
  try {
    const url = await server.createDatabase();
    const store = await SqlJournalStore.open(new PostgresDialect(new pg.Pool({ connectionString: url, max: 4 }), { url }), { now: UNTIL });
    rows.push(...engineRows('PostgreSQL', await measure(store, 'PostgreSQL', jobs, latencyJobs), jobs, latencyJobs));
  } finally {
    await server.stop();
    rmSync(clusterDir, { recursive: true, force: true });
  }
  return rows;
}

// Run on its own: node dist/bench/spooler-bench.js
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runSpoolerBench()
    .then((rows) => {
      for (const row of rows) process.stdout.write(`| ${row.bench} | ${row.result} | ${row.ratio ?? ''} | ${row.detail} |\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    });
}
