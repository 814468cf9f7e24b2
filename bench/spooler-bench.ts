/**
 * The spooler against the bare socket, side by side in one run, on one zero-delay virtual
 * printer on 127.0.0.1: jobs per second, and the latency a job gains by going through the
 * spooler (journaled enqueue and sending — one commit when the printer is idle and known
 * ready —, the job checked against its events and the sale re-read as the app's render does,
 * journaled printed) over writing the same bytes straight to the socket and waiting for the
 * same GS ( H answer. The journal is a SQLite file on the project's disk (synchronous=FULL),
 * like the other benches; the commits are counted on the store and the commit cost of that
 * disk is measured too, as it is most of the difference.
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
  // What the app's render reads before it encodes (src/app.ts): the job against its events (unless handed over in the write that queued it), the sale against its chain.
  const render = async (job: PrintJobRow, _target: unknown, handedOver: boolean): Promise<RenderedJob> => {
    if (!handedOver) await journal.checkJob(job);
    await journal.get(job.transactionId);
    return { bytes: bytes.get(job.transactionId) ?? new Uint8Array(), paperMm: 30 };
  };
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
    const commitsBefore = store.commits;
    for (let i = 0; i < latencyJobs; i++) {
      const id = next();
      let t0 = performance.now();
      await straight(id);
      directMs.push(performance.now() - t0);
      t0 = performance.now();
      await spooled(id);
      spoolerMs.push(performance.now() - t0);
    }
    const commitsPerJob = (store.commits - commitsBefore) / latencyJobs;
    const d = distribution(directMs);
    const s = distribution(spoolerMs);
    const added = { p50: s.p50 - d.p50, p99: s.p99 - d.p99 };

    note(`spooler: throughput, ${jobs} jobs each way`);
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
    const commitsPerQueuedJob = (store.commits - throughputBefore) / jobs;
    const commit = commitCost(dir, 300);
    const met = added.p99 < TARGET_P99_MS ? 'met' : 'NOT met';
    const per = (n: number) => n.toFixed(2);
    return [
      {
        bench: 'spooler: jobs/s to a zero-delay virtual printer',
        result: rate(spoolerRate),
        ratio: `${per(spoolerRate / directRate)}× straight`,
        detail: `${jobs.toLocaleString('en')} jobs queued one after another while it prints, one printer; straight to the socket (send + GS ( H answer, no journal) ${rate(directRate)}; ${per(commitsPerQueuedJob)} commits per job (counted on the store; writes asked for together share one)`,
      },
      {
        bench: 'spooler: added latency per job',
        result: `p50 ${ms(added.p50)} · p99 ${ms(added.p99)} ms`,
        ratio: `${per(s.p50 / d.p50)}× straight (p50) · ${per(s.p99 / d.p99)}× (p99)`,
        detail: `enqueue → printed ${show(s)} vs same bytes straight to the socket → answer ${show(d)}; ${latencyJobs} interleaved jobs, ${per(commitsPerJob)} commits per job (counted: queued + sending in one when the printer is idle and known ready, awaiting-ack + printed in one); target p99 < ${TARGET_P99_MS} ms: ${met}`,
      },
      {
        bench: 'spooler: one SQLite commit on this disk',
        result: show(commit),
        ratio: `${per((commitsPerJob * commit.p50) / Math.max(added.p50, 1e-9))}× added p50`,
        detail: `BEGIN IMMEDIATE + 1 row + COMMIT, WAL, synchronous=FULL; a spooled job waited for ${per(commitsPerJob)} of them, so about ${ms(commitsPerJob * commit.p50)} ms of the added p50 is the disk`,
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
      for (const row of rows) process.stdout.write(`| ${row.bench} | ${row.result} | ${row.ratio ?? ''} | ${row.detail} |\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    });
}
