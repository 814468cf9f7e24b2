import pg from 'pg';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { TransactionInput } from '../src/core/index.js';
import { SqlJournalStore } from '../src/journal/adapters/index.js';
import { JOURNAL_SCHEMA_VERSION, Journal, WorkerPreparer, type JournalStore } from '../src/journal/index.js';
import { postgresDialect } from '../src/app.js';
import { Random, generateSales } from '../src/seed/index.js';
import { startPostgres, type PostgresServer } from '../test/support/postgres-server.js';
import { pcts, timeAroundFind, type AroundFind, type FirstRow } from './find-around.js';
import { Progress, availableMemory, count, note, pageCacheProbe, rate } from './measure.js';
import { DAYS, TIME_ZONE, UNTIL, chunks, openRaw, openStore, removeDb, type BenchOptions, type Row } from './setup.js';

/** Share of the empty-file rate a journal of the scale's size must keep (issue 15). */
const TARGET_SHARE = 0.8;
/** Sales appended by each probe: a tenth of the journal, at most 20,000. */
const probeSize = (scale: number) => Math.min(20_000, Math.max(1000, Math.floor(scale / 10)));
const DAY_MS = 86_400_000;
/** Issue 14: find ±15 min + amount, p99 — SQLite at 10M sales, PostgreSQL at 1M. */
const FIND_TARGET_MS = { SQLite: 1, PostgreSQL: 2 } as const;

export interface ScaleOptions extends BenchOptions {
  /** Sales in the large SQLite journal. */
  scale: number;
  /** Sales in the PostgreSQL one (0: none); seeding it is slower, so a run may choose fewer. */
  postgresScale: number;
}

/** Sales of a period after the seeded one, with their own terminals: appended, they land at the end of every time-ordered index, as tomorrow's sales would. */
const laterSales = (n: number, seed: number, period: number) =>
  generateSales({ count: n, seed: seed + 1000 * period, until: UNTIL + period * DAYS * DAY_MS, timeZone: TIME_ZONE, days: DAYS });

const rssMb = () => process.memoryUsage().rss / 2 ** 20;

interface Seeding {
  /** Sales in each step of the rates below: a million from 2 million on, else a tenth. */
  step: number;
  /** Sales per second in each step of the journal, first to last. */
  steps: number[];
  /** CPU µs of this process (both threads) per sale in each step: what the machine's other work moves far less than the rate. */
  cpuSteps: number[];
  /** Sales per second over the first 100,000 (the file nearly empty), when the journal is larger. */
  first100k: number | undefined;
  peakRssMb: number;
  seconds: number;
}

const FIRST = 100_000;

/** Seeds `total` sales through the pipeline `reissue seed` uses, timing the first 100,000 and each step. */
async function seed(store: JournalStore, total: number, options: ScaleOptions, label: string, preparer: WorkerPreparer): Promise<Seeding> {
  const journal = new Journal({ store });
  const progress = new Progress(label, total);
  const step = total >= 2_000_000 ? 1_000_000 : Math.max(1, Math.floor(total / 10));
  const steps: number[] = [];
  const cpuSteps: number[] = [];
  let cpuMark = process.cpuUsage();
  let first100k: number | undefined;
  let done = 0;
  const started = performance.now();
  let mark = started;
  let markDone = 0;
  let peakRssMb = rssMb();
  await journal.recordBatches(chunks(generateSales({ count: total, seed: options.seed, until: UNTIL, timeZone: TIME_ZONE, days: DAYS }), options.batchSize), {
    preparer,
    onBatch: (outcomes) => {
      done += outcomes.length;
      progress.tick(done);
      const now = performance.now();
      if (first100k === undefined && total > 2 * FIRST && done >= FIRST) first100k = (done * 1000) / (now - started);
      if (done - markDone >= step || done === total) {
        steps.push(((done - markDone) * 1000) / (now - mark));
        const cpu = process.cpuUsage(cpuMark);
        cpuMark = process.cpuUsage();
        cpuSteps.push((cpu.user + cpu.system) / (done - markDone));
        peakRssMb = Math.max(peakRssMb, rssMb());
        note(`${label}: ${count(done)} sales, ${rate(steps.at(-1) ?? 0)} over the last ${count(done - markDone)} (${(cpuSteps.at(-1) ?? 0).toFixed(0)} µs CPU a sale), RSS ${rssMb().toFixed(0)} MB, load ${loadavg()[0]?.toFixed(1) ?? '?'}`);
        mark = now;
        markDone = done;
      }
    },
  });
  progress.end();
  return { step, steps, cpuSteps, first100k, peakRssMb, seconds: (performance.now() - started) / 1000 };
}

interface Probe {
  single: number;
  piped: number;
}

/** Appends `size` later sales twice — recordMany in this thread, then the worker pipeline — and gives both rates. */
async function probe(store: JournalStore, options: ScaleOptions, period: number, preparer: WorkerPreparer, size: number): Promise<Probe> {
  const journal = new Journal({ store });
  const time = async (work: () => Promise<unknown>) => {
    const start = performance.now();
    await work();
    return (size * 1000) / (performance.now() - start);
  };
  const a = [...laterSales(size, options.seed, period)];
  const b = [...laterSales(size, options.seed, period + 1)];
  const single = await time(async () => {
    for (const batch of chunks(a, options.batchSize)) await journal.recordMany(batch);
  });
  const piped = await time(() => journal.recordBatches(chunks(b, options.batchSize), { preparer }));
  return { single, piped };
}

interface EngineRun {
  engine: keyof typeof FIND_TARGET_MS;
  seeding: Seeding | undefined;
  empty: Probe;
  full: Probe;
  /** Sales appended by each probe. */
  probe: number;
  bytesPerSale: number;
  /** PostgreSQL: bytes a sale once the months that are over were packed as a running server packs them. */
  packed?: { bytesPerSale: number; partitions: number; seconds: number };
  sales: number;
  find: AroundFind;
  /** Share of the journal file in the OS page cache just before the searches (SQLite). */
  cached?: number | undefined;
  /** The same searches over other sales: SQLite after the whole file was read into the page cache (when it fits in memory); PostgreSQL right after the first pass. */
  /** `read`: the files were read into the page cache first (they fit in half the available memory). */
  warm?: { cached: number | undefined; find: AroundFind; read?: boolean };
}

/** The find bench's ±15 min + amount searches over the full journal, after the appends (`pass` draws other sales). */
function findAround(journal: Journal, first: FirstRow, options: ScaleOptions, engine: string, sales: number, pass = ''): Promise<AroundFind> {
  return timeAroundFind(journal, first, options.queries, new Random(`bench-scale${pass}:${options.seed}`), `scale: ${engine} find ±15m + amount over ${count(sales)} sales${pass ? ` (${pass})` : ''}`);
}


/**
 * Reads the whole file (or every file of a database) once, so the OS holds it in its page
 * cache: a long-running server whose machine has the memory keeps its journal there. Only when
 * the files fit in half the memory available; false otherwise.
 */
function readIntoPageCache(files: readonly string[], label = files[0] ?? ''): boolean {
  const sizes = files.map((file) => statSync(file).size);
  const size = sizes.reduce((a, b) => a + b, 0);
  if (size > availableMemory() / 2) return false;
  const progress = new Progress(`scale: reading ${(size / 1e9).toFixed(1)} GB of ${label} into the page cache`, size);
  const buffer = Buffer.allocUnsafe(8 * 1024 * 1024);
  let done = 0;
  for (const file of files) {
    const fd = openSync(file, 'r');
    try {
      for (;;) {
        const n = readSync(fd, buffer, 0, buffer.length, null);
        if (n === 0) break;
        progress.tick((done += n));
      }
    } finally {
      closeSync(fd);
    }
  }
  progress.end();
  return true;
}

/** The files of the database a PostgreSQL connection is on, in the cluster's data directory. */
async function databaseFiles(db: { get: (sql: string) => Promise<Record<string, unknown> | undefined> }, dataDir: string): Promise<string[]> {
  const oid = String((await db.get('SELECT oid FROM pg_database WHERE datname = current_database()'))?.oid);
  const dir = join(dataDir, 'base', oid);
  return readdirSync(dir).map((name) => join(dir, name)).filter((file) => statSync(file).isFile());
}

/**
 * Empty and full are probed in turn, twice, and the better of each kept: the machine is
 * shared, and a burst of other work during one probe should not pass for the journal's size.
 */
async function probePair(openEmpty: () => Promise<{ store: JournalStore; drop: () => Promise<void> }>, full: JournalStore, options: ScaleOptions, firstPeriod: number, preparer: WorkerPreparer, size: number): Promise<{ empty: Probe; full: Probe; probe: number }> {
  const best = (x: Probe, y: Probe): Probe => ({ single: Math.max(x.single, y.single), piped: Math.max(x.piped, y.piped) });
  let emptyBest: Probe = { single: 0, piped: 0 };
  let fullBest: Probe = { single: 0, piped: 0 };
  for (let round = 0; round < 2; round++) {
    const empty = await openEmpty();
    emptyBest = best(emptyBest, await probe(empty.store, options, 1, preparer, size));
    await empty.drop();
    fullBest = best(fullBest, await probe(full, options, firstPeriod + 2 * round, preparer, size));
  }
  return { empty: emptyBest, full: fullBest, probe: size };
}

/** Periods already appended to a cached journal by earlier probes, so each run appends new sales. */
async function nextPeriod(journal: Journal): Promise<number> {
  const used = Number((await journal.meta('benchScalePeriods')) ?? '1');
  await journal.setMeta('benchScalePeriods', String(used + 4));
  return used + 1;
}

async function sqliteRun(options: ScaleOptions, preparer: WorkerPreparer): Promise<EngineRun> {
  mkdirSync(options.cacheDir, { recursive: true });
  const file = join(options.cacheDir, `scale-${options.scale}-seed${options.seed}-schema${JOURNAL_SCHEMA_VERSION}.db`);
  let seeding: Seeding | undefined;
  if (options.fresh) removeDb(file);
  else takeOlderSchema(file);
  if (!existsSync(file)) {
    const partial = `${file}.partial`;
    removeDb(partial);
    const store = await openStore(partial);
    seeding = await seed(store, options.scale, options, `scale: seeding SQLite with ${count(options.scale)} sales`, preparer);
    await store.close();
    renameSync(partial, file);
  } else {
    note(`scale: reusing ${file} (pass --fresh to seed it again)`);
  }
  // Started before the journal opens: asking it later forks nothing from this process (see pageCacheProbe).
  const probe = pageCacheProbe();
  try {
    const store = await openStore(file, upgradeProgress('scale: SQLite'));
    const period = await nextPeriod(new Journal({ store }));
    let n = 0;
    const openEmpty = async () => {
      const empty = join(options.cacheDir, `scale-empty-${process.pid}-${n++}.db`);
      removeDb(empty);
      const emptyStore = await openStore(empty);
      return { store: emptyStore, drop: async () => { await emptyStore.close(); removeDb(empty); } };
    };
    const probes = await probePair(openEmpty, store, options, period, preparer, probeSize(options.scale));
    const sales = (await store.counts()).transactions;
    const cached = await probe.share(file);
    const raw = openRaw(file);
    const first: FirstRow = (sql, params) => raw.prepare(sql).get(...params) as Record<string, unknown> | undefined;
    let find: AroundFind;
    let warm: EngineRun['warm'];
    try {
      find = await findAround(new Journal({ store }), first, options, 'SQLite', sales);
      // Again over other sales with the whole file cached, when it fits: where the searches' time goes once the disk is out of it.
      if (readIntoPageCache([file])) warm = { cached: await probe.share(file), find: await findAround(new Journal({ store }), first, options, 'SQLite', sales, 'file in the page cache') };
    } finally {
      raw.close();
    }
    await store.close();
    const bytes = ['', '-wal'].reduce((sum, suffix) => sum + (existsSync(file + suffix) ? statSync(file + suffix).size : 0), 0);
    return { engine: 'SQLite', seeding, ...probes, bytesPerSale: bytes / sales, sales, find, cached, ...(warm ? { warm } : {}) };
  } finally {
    probe.close();
  }
}

/**
 * A cached journal of an older schema (same size and seed) becomes this schema's: renamed,
 * and upgraded in place when opened (migrate; schema 8 copies every sale's key, with
 * progress), instead of seeding millions of sales again. `path` names the current schema's.
 */
function takeOlderSchema(path: string): void {
  if (existsSync(path)) return;
  for (let v = Number(JOURNAL_SCHEMA_VERSION) - 1; v >= 1; v--) {
    const older = path.replace(`-schema${JOURNAL_SCHEMA_VERSION}`, `-schema${v}`);
    if (older === path || !existsSync(older)) continue;
    note(`scale: upgrading the cached schema-${v} journal ${older} to schema ${JOURNAL_SCHEMA_VERSION} in place (renamed to ${path})`);
    for (const suffix of ['-wal', '-shm']) if (existsSync(older + suffix)) renameSync(older + suffix, path + suffix);
    renameSync(older, path);
    return;
  }
}

/** Progress of an upgrade on open, one Progress a step. */
function upgradeProgress(label: string): (step: string, done: number, total: number) => void {
  let current: { step: string; progress: Progress } | undefined;
  return (step, done, total) => {
    if (current?.step !== step) current = { step, progress: new Progress(`${label}: ${step}`, total) };
    current.progress.tick(done);
    if (done >= total) current.progress.end();
  };
}

/** A statement on the cluster's maintenance database (creating and dropping databases). */
async function onCluster(server: PostgresServer, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

const SCALE_DATABASE = 'scale';

/**
 * PostgreSQL with fsync and synchronous commits on, like SQLite's synchronous=FULL: a cluster
 * kept in the bench cache, seeded once (into a .partial directory renamed when complete), as
 * the SQLite journal is; each run appends new periods to it.
 */
async function postgresRun(options: ScaleOptions, preparer: WorkerPreparer): Promise<EngineRun> {
  mkdirSync(options.cacheDir, { recursive: true });
  const dir = join(options.cacheDir, `scale-pg-${options.postgresScale}-seed${options.seed}-schema${JOURNAL_SCHEMA_VERSION}`);
  // As the app opens it: searches planned once on a pool of their own.
  const dialect = (url: string) => postgresDialect(url);
  const open = async (url: string) => SqlJournalStore.open(dialect(url));
  let seeding: Seeding | undefined;
  if (options.fresh) rmSync(dir, { recursive: true, force: true });
  else takeOlderSchema(dir);
  if (!existsSync(dir)) {
    const partial = `${dir}.partial`;
    rmSync(partial, { recursive: true, force: true });
    const building = await startPostgres({ durable: true, dir: partial });
    try {
      await onCluster(building, `CREATE DATABASE ${SCALE_DATABASE}`);
      const store = await open(building.urlOf(SCALE_DATABASE));
      seeding = await seed(store, options.postgresScale, options, `scale: seeding PostgreSQL with ${count(options.postgresScale)} sales`, preparer);
      await store.close();
    } finally {
      await building.stop();
    }
    renameSync(partial, dir);
  } else {
    note(`scale: reusing the PostgreSQL cluster in ${dir} (pass --fresh to seed it again)`);
  }
  const server = await startPostgres({ durable: true, dir });
  try {
    const url = server.urlOf(SCALE_DATABASE);
    const db = dialect(url);
    const store = await SqlJournalStore.open(db, { onProgress: upgradeProgress('scale: PostgreSQL') });
    const period = await nextPeriod(new Journal({ store }));
    const openEmpty = async () => {
      const emptyUrl = await server.createDatabase();
      const emptyStore = await open(emptyUrl);
      return { store: emptyStore, drop: async () => { await emptyStore.close(); await onCluster(server, `DROP DATABASE ${new URL(emptyUrl).pathname.slice(1)}`); } };
    };
    const probes = await probePair(openEmpty, store, options, period, preparer, probeSize(options.postgresScale));
    const sales = (await store.counts()).transactions;
    const first: FirstRow = (sql, params) => db.get(sql, params);
    const find = await findAround(new Journal({ store }), first, options, 'PostgreSQL', sales);
    // Again over other sales: the cluster was just started, and each connection plans a search's text on its first use of it;
    // with the database's files read into the page cache first when they fit, as the SQLite row does with its file.
    const read = readIntoPageCache(await databaseFiles(db, join(dir, 'data')), `the ${SCALE_DATABASE} database's files`);
    const warm = { cached: undefined, find: await findAround(new Journal({ store }), first, options, 'PostgreSQL', sales, 'second pass'), read };
    const databaseSize = async () => Number((await db.get('SELECT pg_database_size(current_database()) AS size'))?.size);
    const size = await databaseSize();
    // What a server running on this journal does in the background (scheduleCompaction): months over for three days packed, once each.
    const started = performance.now();
    const report = await new Journal({ store }).compactMonths({
      now: Date.now(),
      // A partition of a 10M journal takes minutes: each is said as it starts and ends.
      onProgress: (done, total, partition) => note(`scale: PostgreSQL: packing the indexes of months that are over: ${done}/${total} partitions${partition ? ` (${partition} done, ${((performance.now() - started) / 1000).toFixed(0)} s)` : ''}`),
    });
    const packed = { bytesPerSale: (await databaseSize()) / sales, partitions: report?.compacted.length ?? 0, seconds: (performance.now() - started) / 1000 };
    await store.close();
    return { engine: 'PostgreSQL', seeding, ...probes, bytesPerSale: size / sales, packed, sales, find, warm };
  } finally {
    await server.stop();
  }
}

function rows(run: EngineRun, scale: number): Row[] {
  const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(0)}%`;
  const verdict = (a: number, b: number) => (a >= TARGET_SHARE * b ? 'met' : 'NOT met');
  const out: Row[] = [];
  if (run.seeding) {
    const { step, steps, cpuSteps, first100k, peakRssMb, seconds } = run.seeding;
    const first = first100k ?? steps[0] ?? Number.NaN;
    const last = steps.at(-1) ?? Number.NaN;
    const per = step === 1_000_000 ? 'million' : 'tenth';
    out.push({
      bench: `${run.engine}: seeding ${count(scale)} sales, rate per ${per}`,
      result: rate(last),
      detail: `${first100k === undefined ? '' : `first ${count(FIRST)}: ${rate(first100k)}; `}${steps.map((r) => count(r)).join(' → ')} /s (pipelined, ×batch); CPU a sale ${cpuSteps.map((c) => c.toFixed(0)).join(' → ')} µs (first ${per} to last; the machine's other work moves it less than the rates); last ${per} ${pct(last, first)} of the first ${first100k === undefined ? per : count(FIRST)} (target ≥ ${TARGET_SHARE * 100}%: ${verdict(last, first)}); ${seconds.toFixed(0)} s; peak RSS ${peakRssMb.toFixed(0)} MB`,
    });
  }
  const load = loadavg()[0]?.toFixed(1) ?? '?';
  for (const mode of ['single', 'piped'] as const) {
    const label = mode === 'single' ? 'recordMany in this thread' : 'recordBatches, worker preparer';
    out.push({
      bench: `${run.engine}: append ${count(run.probe)} into ${count(run.sales)} sales, ${label}`,
      result: rate(run.full[mode]),
      detail: `${pct(run.full[mode], run.empty[mode])} of the same into an empty journal (${rate(run.empty[mode])}); target ≥ ${TARGET_SHARE * 100}%: ${verdict(run.full[mode], run.empty[mode])} · load ${load}`,
    });
  }
  out.push({ bench: `${run.engine}: bytes on disk per sale at ${count(run.sales)}`, result: `${count(run.bytesPerSale)} B`, detail: run.engine === 'SQLite' ? 'file + WAL, all indexes' : 'pg_database_size, all indexes' });
  if (run.packed) {
    const { bytesPerSale, partitions, seconds } = run.packed;
    out.push({
      bench: `${run.engine}: bytes on disk per sale at ${count(run.sales)}, the months that are over packed`,
      result: `${count(bytesPerSale)} B`,
      ratio: `${(bytesPerSale / run.bytesPerSale).toFixed(2)}× the row above`,
      detail: `as a running server packs them (REINDEX … CONCURRENTLY of each month's partitions once it has been over three days; the current month is left as it fills): ${partitions === 0 ? 'nothing due this run (packed by an earlier run, or no month over yet)' : `${partitions} partitions packed in ${seconds.toFixed(0)} s this run`}`,
    });
  }
  const target = FIND_TARGET_MS[run.engine];
  const findRow = ({ times, hits, found, listed }: AroundFind, cached: number | undefined, how: string): Row => ({
    bench: `${run.engine}: find --around T --within 15m --amount A over ${count(run.sales)} sales (Journal.find, limit 20)${how}`,
    result: pcts(times),
    ratio: `p99 ${(times.p99 / target).toFixed(2)}× the ${target} ms target`,
    detail: `${count(times.n)} queries; ${hits} with results, ${found} list the sampled sale, ${(listed / times.n).toFixed(1)} sales a page${cached === undefined ? '' : `; ${(cached * 100).toFixed(0)} % of the file in the OS page cache before the searches (fincore)`}; target p99 < ${target} ms (issue 14, at ${run.engine === 'SQLite' ? '10M' : '1M'} sales): ${times.p99 < target ? 'met' : 'NOT met'} · load ${loadavg()[0]?.toFixed(1) ?? '?'}`,
  });
  out.push(findRow(run.find, run.cached, ''));
  if (run.warm) out.push(findRow(run.warm.find, run.warm.cached, run.engine === 'SQLite' ? ', other sales, the file read into the page cache first' : `, a second pass over other sales (the cluster warm, its connections' plans made${run.warm.read ? '; the database\'s files read into the page cache first' : ''})`));
  return out;
}

/** `--scale N`: the large-journal rows of issue 15, SQLite and PostgreSQL side by side. */
export async function scaleBenches(options: ScaleOptions): Promise<Row[]> {
  const preparer = new WorkerPreparer();
  try {
    // Each engine's rows are shown as soon as they are known: a long run interrupted later keeps them.
    const show = (list: Row[]) => {
      for (const row of list) note(`scale: ${row.bench}: ${row.result} — ${row.detail}`);
      return list;
    };
    const out = show(rows(await sqliteRun(options, preparer), options.scale));
    if (options.postgresScale > 0) out.push(...show(rows(await postgresRun(options, preparer), options.postgresScale)));
    return out;
  } finally {
    await preparer.close();
  }
}
