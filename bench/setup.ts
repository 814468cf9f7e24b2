import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { TransactionInput } from '../src/core/index.js';
import { SqlJournalStore } from '../src/journal/adapters/index.js';
import { JOURNAL_SCHEMA_VERSION, Journal, type JournalStore } from '../src/journal/index.js';
import { openSqliteFile, type SqliteDatabase } from '../src/sql/index.js';
import { generateSales } from '../src/seed/index.js';
import { Progress, note } from './measure.js';

/** Fixed so the seeded data, and so the cache, do not depend on the day the bench runs. */
export const UNTIL = Date.parse('2026-11-28T00:00:00+08:00');
export const TIME_ZONE = 'Asia/Shanghai';
export const DAYS = 30;

export interface BenchOptions {
  count: number;
  seed: number;
  appendCount: number;
  singleCount: number;
  batchSize: number;
  queries: number;
  scans: number;
  fresh: boolean;
  cacheDir: string;
}

export interface Row {
  bench: string;
  result: string;
  /** Against what this row is compared, as a ratio ("0.62× /health"); empty when nothing compares. */
  ratio?: string;
  detail: string;
}

export const sales = (count: number, seed: number) => generateSales({ count, seed, until: UNTIL, timeZone: TIME_ZONE, days: DAYS });

const open = (file: string, options: object) => new Database(file, options);

export function openStore(file: string, onProgress?: (step: string, done: number, total: number) => void): Promise<JournalStore> {
  return SqlJournalStore.open(openSqliteFile({ file, open }), onProgress ? { onProgress } : {});
}

/** A second handle on a journal file with the store's settings (WAL, synchronous=FULL), for raw SQL timings. */
export function openRaw(file: string): SqliteDatabase {
  return openSqliteFile({ file, open }).db;
}

export function removeDb(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}

/** A fresh, empty journal file in the cache directory (same disk as the cached journal). */
export function freshFile(options: BenchOptions, name: string): string {
  mkdirSync(options.cacheDir, { recursive: true });
  const file = join(options.cacheDir, `${name}-${process.pid}.db`);
  removeDb(file);
  return file;
}

/** Records `inputs` through recordMany in batches, reporting progress; returns ms spent. */
export async function recordInBatches(journal: Journal, inputs: Iterable<TransactionInput>, total: number, batchSize: number, label: string): Promise<number> {
  const progress = new Progress(label, total);
  let batch: TransactionInput[] = [];
  let done = 0;
  for (const tx of inputs) {
    batch.push(tx);
    if (batch.length === batchSize) {
      await journal.recordMany(batch);
      done += batch.length;
      batch = [];
      progress.tick(done);
    }
  }
  if (batch.length > 0) await journal.recordMany(batch);
  return progress.end();
}

/**
 * Changes whenever the generator's output or the journal's schema does, so a cache built by an
 * older generator, or stored as an older schema wrote it (schema 7 packs sales' payloads), is
 * not reused: an upgraded journal keeps its old rows as they were written.
 */
function generatorFingerprint(seed: number): string {
  const hash = createHash('sha256');
  hash.update(`journal schema ${JOURNAL_SCHEMA_VERSION}\n`);
  for (const tx of sales(1000, seed)) hash.update(JSON.stringify(tx));
  return hash.digest('hex').slice(0, 10);
}

/**
 * The journal of `count` seeded sales, kept under the cache directory keyed by count and
 * seed: seeding a million rows takes minutes, so reruns reuse it. It is written under a
 * temporary name and renamed only once complete, so an interrupted seeding is never reused.
 */
export async function seededJournal(options: BenchOptions): Promise<{ file: string; seedMs: number | undefined }> {
  mkdirSync(options.cacheDir, { recursive: true });
  const prefix = `journal-${options.count}-seed${options.seed}-`;
  const file = join(options.cacheDir, `${prefix}${generatorFingerprint(options.seed)}.db`);
  if (options.fresh) removeDb(file);
  for (const name of readdirSync(options.cacheDir)) {
    if (name.startsWith(prefix) && !name.startsWith(basename(file))) rmSync(join(options.cacheDir, name), { force: true });
  }
  if (existsSync(file)) {
    note(`find: reusing the seeded journal ${file} (delete it or pass --fresh to seed again)`);
    return { file, seedMs: undefined };
  }
  const partial = `${file}.partial`;
  removeDb(partial);
  const journal = new Journal({ store: await openStore(partial) });
  const seedMs = await recordInBatches(journal, sales(options.count, options.seed), options.count, options.batchSize, `find: seeding ${options.count.toLocaleString('en')} sales`);
  await journal.close();
  renameSync(partial, file);
  return { file, seedMs };
}

/** `items` in batches of `size` (the last may be smaller). */
export function* chunks<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
