import Database from 'better-sqlite3';
import pg from 'pg';
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/app.js';
import { Journal, verifyJournal } from '../src/journal/index.js';
import { readChildLines } from './support/child-lines.js';
import { tempDir } from './support/cli.js';
import { startPostgres, type PostgresServer } from './support/postgres-server.js';
import { mulberry32 } from './support/random.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const WRITER_JS = join(ROOT, 'dist/test/support/crash-writer.js');
const RUNS = 25;
/** Must match crash-writer.ts: each run owns this many voucher numbers from its start. */
const VOUCHERS_PER_RUN = 30_000;
const SEED = 20261127;
/** Each PostgreSQL run ends in a crash-recovery cycle of the server (seconds with fsync on). */
const PG_RUNS = 8;


interface CrashRun {
  /** Ids the writer printed on complete lines before it died: sales the journal acknowledged. */
  acknowledged: string[];
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
}

/**
 * Starts the writer, and `killAfterMs` after its first output crashes it: SIGKILL by default,
 * or `crash(child)` (the database going down under it).
 */
function crashOnce(file: string, start: number, seed: number, killAfterMs: number, crash = (child: ChildProcess) => void child.kill('SIGKILL')): Promise<CrashRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [WRITER_JS, file, String(start), String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acknowledged: string[] = [];
    let timer: NodeJS.Timeout | undefined;
    // Only complete lines count: the last piece may be cut off by the kill.
    const output = readChildLines(child, (line) => {
      timer ??= setTimeout(() => crash(child), killAfterMs);
      acknowledged.push(line);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolvePromise({ acknowledged, signal, code, stderr: output.stderr });
    });
  });
}

let dir: ReturnType<typeof tempDir>;
beforeAll(() => {
  dir = tempDir('reissue-crash-');
});
afterAll(() => dir.remove());

describe('the SQLite journal survives SIGKILL mid-write', () => {
  it(`keeps every acknowledged sale and a verifiable chain through ${RUNS} kills`, async () => {
    const file = join(dir.path, 'journal.db');
    const random = mulberry32(SEED);
    const acknowledged: string[] = [];
    const startOf: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const start = 1 + run * VOUCHERS_PER_RUN;
      startOf.push(start);
      const killAfterMs = 30 + Math.floor(random() * 271);
      const result = await crashOnce(file, start, SEED + run, killAfterMs);
      // A writer that stopped by itself (an error, or the end of its vouchers) proves nothing about a crash.
      expect(result, `run ${run}: the writer was not killed mid-write (exit ${result.code}): ${result.stderr}`).toMatchObject({ signal: 'SIGKILL', code: null });
      expect(result.acknowledged.length, `run ${run}: the writer acknowledged nothing before the kill`).toBeGreaterThan(0);
      acknowledged.push(...result.acknowledged);
    }
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      const range = raw.prepare('SELECT count(*) AS n, min(CAST(voucher_no AS INTEGER)) AS lo, max(CAST(voucher_no AS INTEGER)) AS hi FROM transactions WHERE CAST(voucher_no AS INTEGER) BETWEEN ? AND ?');
      await expectSurvivors(file, acknowledged, startOf, async (lo, hi) => range.get(lo, hi) as VoucherRange);
    } finally {
      raw.close();
    }
  }, 60_000);
});

describe('the PostgreSQL journal (fsync on) survives its server crashing mid-write', () => {
  let server: PostgresServer | undefined;
  beforeAll(async () => {
    server = await startPostgres({ durable: true });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it(`keeps every acknowledged sale and a verifiable chain through ${PG_RUNS} crash-recovery cycles`, async () => {
    if (!server) throw new Error('the PostgreSQL test cluster did not start');
    const cluster = server;
    const url = await cluster.createDatabase();
    // A cluster that does not sync its WAL would pass this test without proving anything.
    expect(await settings(url, ['fsync', 'synchronous_commit', 'full_page_writes'])).toEqual({ fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on' });
    const random = mulberry32(SEED + 1);
    const acknowledged: string[] = [];
    const startOf: number[] = [];
    for (let run = 0; run < PG_RUNS; run++) {
      const start = 1 + run * VOUCHERS_PER_RUN;
      startOf.push(start);
      let crashing: Promise<void> | undefined;
      // Every server process ends at once (no checkpoint, no clean shutdown), then the writer is killed too.
      const result = await crashOnce(url, start, SEED + run, 30 + Math.floor(random() * 271), (child) => {
        crashing = cluster.crash().finally(() => child.kill('SIGKILL'));
      });
      expect(crashing, `run ${run}: the writer ended before the crash (exit ${result.code}): ${result.stderr}`).toBeDefined();
      await crashing;
      expect(result.acknowledged.length, `run ${run}: the writer acknowledged nothing before the crash`).toBeGreaterThan(0);
      acknowledged.push(...result.acknowledged);
      // Crash recovery replays the WAL before the server takes connections again.
      await cluster.start();
    }
    const raw = new pg.Client({ connectionString: url });
    await raw.connect();
    try {
      await expectSurvivors(url, acknowledged, startOf, async (lo, hi) => {
        const { rows } = await raw.query<{ n: string; lo: number; hi: number }>('SELECT count(*) AS n, min(voucher_no::integer) AS lo, max(voucher_no::integer) AS hi FROM transactions WHERE voucher_no::integer BETWEEN $1 AND $2', [lo, hi]);
        const row = rows[0];
        return { n: Number(row?.n), lo: Number(row?.lo), hi: Number(row?.hi) };
      });
    } finally {
      await raw.end();
    }
  }, 180_000);
});

/** What the server at `url` says its settings are. */
async function settings(url: string, names: string[]): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; setting: string }>('SELECT name, setting FROM pg_settings WHERE name = ANY($1)', [names]);
    return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
  } finally {
    await client.end();
  }
}

interface VoucherRange {
  n: number;
  lo: number;
  hi: number;
}

/** Every acknowledged sale is there, each run's survivors are an unbroken run of vouchers from its start, and the chain verifies. */
async function expectSurvivors(target: string, acknowledged: string[], startOf: number[], range: (lo: number, hi: number) => Promise<VoucherRange>): Promise<void> {
  expect(new Set(acknowledged).size).toBe(acknowledged.length);
  // Sales are written one after another, so what survived of each run is an unbroken run of vouchers from its start.
  for (const start of startOf) {
    const row = await range(start, start + VOUCHERS_PER_RUN - 1);
    expect(row.lo, `the run starting at voucher ${start} lost its first sale`).toBe(start);
    expect(row.hi - row.lo + 1, `the run starting at voucher ${start} has a hole`).toBe(row.n);
  }
  const store = await openStore(target, { create: true });
  const journal = new Journal({ store });
  try {
    const missing: string[] = [];
    for (const id of acknowledged) {
      const found = await journal.get(id).catch(() => undefined);
      if (found?.id !== id) missing.push(id);
    }
    expect(missing, 'acknowledged sales missing after the crashes').toEqual([]);
    const report = await verifyJournal(store);
    expect(report.failure).toBeUndefined();
    expect(report.ok).toBe(true);
    expect(report.events).toBeGreaterThanOrEqual(acknowledged.length);
    expect(report.transactions).toBe(report.events);
    expect(report.heads).toHaveLength(1);
    expect(report.heads[0]?.seq).toBe(report.events);
  } finally {
    await journal.close();
  }
}
