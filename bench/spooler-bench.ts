/**
 * The spooler against the bare socket, side by side in one run, on one zero-delay virtual
 * printer on 127.0.0.1: jobs per second, and the latency a job gains by going through the
 * spooler (journaled enqueue, status read, journaled sending, journaled printed) over writing
 * the same bytes straight to the socket and waiting for the same GS ( H answer. The journal
 * is a SQLite file on the project's disk (synchronous=FULL), like the other benches; the
 * commit cost of that disk is measured too, as it is most of the difference.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startVirtualPrinter } from '../src/emulator/index.js';
import { encodeEscPos } from '../src/escpos/index.js';
import { Journal, type PrintJobRow } from '../src/journal/index.js';
import { Spooler, connectTcpPrinter, markerId, printerDirectory, tcpConnector, type RenderedJob } from '../src/printer/index.js';
import type { ReceiptDocument } from '../src/receipt/index.js';
import { distribution, ms, note, perSecond, rate, type Distribution } from './measure.js';
import { openStore, removeDb, sales, type Row } from './setup.js';

export interface SpoolerBenchOptions {
  /** Jobs for the throughput runs (default 1000). */
  jobs?: number;
  /** Interleaved jobs for the latency comparison (default 500). */
  latencyJobs?: number;
  /** Where the journal file goes (default bench/.cache). */
  dir?: string;
}

const TARGET_P99_MS = 5;
const COMMITS_PER_JOB = 3;

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

export async function runSpoolerBench(options: SpoolerBenchOptions = {}): Promise<Row[]> {
  const jobs = options.jobs ?? 1000;
  const latencyJobs = options.latencyJobs ?? 500;
  const dir = options.dir ?? fileURLToPath(new URL('../../bench/.cache/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `spooler-${process.pid}.db`);
  removeDb(file);

  const printer = await startVirtualPrinter({ port: 0, speedMmPerSecond: 1e9, keepJobs: 1 });
  const port = printer.address?.port ?? 0;
  const store = await openStore(file);
  const journal = new Journal({ store });
  const directory = printerDirectory([{ name: 'bench', host: '127.0.0.1', port }]);
  const bytes = new Map<string, Uint8Array>();
  const render = async (job: PrintJobRow): Promise<RenderedJob> => ({ bytes: bytes.get(job.transactionId) ?? new Uint8Array(), paperMm: 30 });
  const spooler = new Spooler({ journal, printers: directory, connect: tcpConnector(), render, settings: { idleCloseMs: 60_000 } });
  const direct = await connectTcpPrinter({ host: '127.0.0.1', port });
  try {
    const total = jobs * 2 + latencyJobs;
    note(`spooler: recording ${total.toLocaleString('en')} sales in ${file}`);
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

    note(`spooler: latency, ${latencyJobs} jobs each way, interleaved`);
    const directMs: number[] = [];
    const spoolerMs: number[] = [];
    for (let i = 0; i < latencyJobs; i++) {
      const id = next();
      let t0 = performance.now();
      await straight(id);
      directMs.push(performance.now() - t0);
      t0 = performance.now();
      await spooled(id);
      spoolerMs.push(performance.now() - t0);
    }
    const d = distribution(directMs);
    const s = distribution(spoolerMs);
    const added = { p50: s.p50 - d.p50, p99: s.p99 - d.p99 };

    note(`spooler: throughput, ${jobs} jobs each way`);
    let t0 = performance.now();
    for (let i = 0; i < jobs; i++) await straight(ids[i % ids.length] as string);
    const directRate = perSecond(jobs, performance.now() - t0);
    t0 = performance.now();
    const queued: number[] = [];
    for (let i = 0; i < jobs; i++) queued.push((await spooler.enqueue({ transactionId: next(), printer: 'bench' })).id);
    for (const id of queued) {
      const done = await spooler.waitFor(id, { timeoutMs: 60_000 });
      if (done.state !== 'printed') throw new Error(`bench job ${id} ended ${done.state}: ${done.detail ?? ''}`);
    }
    const spoolerRate = perSecond(jobs, performance.now() - t0);
    const commit = commitCost(dir, 300);
    const met = added.p99 < TARGET_P99_MS ? 'met' : 'NOT met';
    return [
      {
        bench: 'spooler: jobs/s to a zero-delay virtual printer',
        result: rate(spoolerRate),
        detail: `${jobs.toLocaleString('en')} jobs queued at once, one printer; straight to the socket (send + GS ( H answer, no journal) ${rate(directRate)}; ${COMMITS_PER_JOB} commits per job (queued, sending, awaiting-ack + printed)`,
      },
      {
        bench: 'spooler: added latency per job',
        result: `p50 ${ms(added.p50)} · p99 ${ms(added.p99)} ms`,
        detail: `enqueue → printed ${show(s)} vs same bytes straight to the socket → answer ${show(d)}; ${latencyJobs} interleaved jobs; target p99 < ${TARGET_P99_MS} ms: ${met}`,
      },
      {
        bench: 'spooler: one SQLite commit on this disk',
        result: show(commit),
        detail: `BEGIN IMMEDIATE + 1 row + COMMIT, WAL, synchronous=FULL; a spooled job waits for ${COMMITS_PER_JOB} of them, so about ${ms(COMMITS_PER_JOB * commit.p50)} ms of the added p50 is the disk`,
      },
    ];
  } finally {
    await direct.close();
    await spooler.stop();
    await journal.close();
    await printer.stop();
    removeDb(file);
  }
}

// Run on its own: node dist/bench/spooler-bench.js
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runSpoolerBench()
    .then((rows) => {
      for (const row of rows) process.stdout.write(`| ${row.bench} | ${row.result} | ${row.detail} |\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    });
}
