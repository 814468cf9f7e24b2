import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/app.js';
import { Journal, verifyJournal } from '../src/journal/index.js';
import { tempDir } from './support/cli.js';
import { mulberry32 } from './support/random.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const WRITER_JS = join(ROOT, 'dist/test/support/crash-writer.js');
const RUNS = 25;
/** Must match crash-writer.ts: each run owns this many voucher numbers from its start. */
const VOUCHERS_PER_RUN = 30_000;
const SEED = 20261127;


interface CrashRun {
  /** Ids the writer printed on complete lines before it died: sales the journal acknowledged. */
  acknowledged: string[];
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
}

/** Starts the writer, and kills it with SIGKILL `killAfterMs` after its first output. */
function crashOnce(file: string, start: number, seed: number, killAfterMs: number): Promise<CrashRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [WRITER_JS, file, String(start), String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    let stderr = '';
    const acknowledged: string[] = [];
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      timer ??= setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      pending += chunk;
      const lines = pending.split('\n');
      // The last piece has no newline yet: it may be cut off by the kill, so it is not counted.
      pending = lines.pop() ?? '';
      acknowledged.push(...lines);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolvePromise({ acknowledged, signal, code, stderr });
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
    expect(new Set(acknowledged).size).toBe(acknowledged.length);

    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      // Sales are written one after another, so what survived of each run is an unbroken run of vouchers from its start.
      for (const start of startOf) {
        const row = raw
          .prepare('SELECT count(*) AS n, min(CAST(voucher_no AS INTEGER)) AS lo, max(CAST(voucher_no AS INTEGER)) AS hi FROM transactions WHERE CAST(voucher_no AS INTEGER) BETWEEN ? AND ?')
          .get(start, start + VOUCHERS_PER_RUN - 1) as { n: number; lo: number; hi: number };
        expect(row.lo, `the run starting at voucher ${start} lost its first sale`).toBe(start);
        expect(row.hi - row.lo + 1, `the run starting at voucher ${start} has a hole`).toBe(row.n);
      }
    } finally {
      raw.close();
    }

    const store = await openStore(file, { create: true });
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
  }, 60_000);
});
