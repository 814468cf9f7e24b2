import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { loadavg, tmpdir } from 'node:os';
import { Random } from '../src/seed/index.js';
import { count, note } from './measure.js';
import { openRaw, openStore, removeDb } from './setup.js';

/**
 * How recording slows as the journal grows, the engine alone: the journal's real schema and
 * settings (synchronous=FULL, WAL), rows written straight through better-sqlite3 in commits
 * of 1000, with the key distributions of real sales (amounts, reference and card numbers in
 * random order, vouchers counted per terminal) at a fixed number of sales per hour. The
 * first 100,000 sales are timed against each later stretch of 100,000 in the same run, so
 * the other work on a shared machine weighs on both alike; CPU time and bytes written per
 * sale (which that work does not move) are printed beside the rates.
 *
 *   node dist/bench/index-growth.js --sales 2m [--indexes hour|old] [--per-hour N]
 *
 * `--indexes old` puts back the indexes journal schemas up to 5 had (led by the random keys),
 * for a before/after in one command.
 */

const OLD_INDEXES = [
  'DROP INDEX tx_hour_amount', 'DROP INDEX tx_hour_voucher', 'DROP INDEX tx_hour_ref', 'DROP INDEX tx_hour_last4',
  'CREATE INDEX tx_amount ON transactions (amount_minor, occurred_at)',
  'CREATE INDEX tx_voucher ON transactions (voucher_no, occurred_at)',
  'CREATE INDEX tx_ref ON transactions (reference_no) WHERE reference_no IS NOT NULL',
  'CREATE INDEX tx_last4 ON transactions (card_last4, occurred_at) WHERE card_last4 IS NOT NULL',
];

const STRETCH = 100_000;
const BATCH = 1000;
const TERMINALS = 14;

function size(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text);
  const n = match ? Number(match[1]) * (match[2]?.toLowerCase() === 'm' ? 1e6 : match[2]?.toLowerCase() === 'k' ? 1e3 : 1) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 2 * STRETCH) throw new Error(`--sales takes a count of at least ${2 * STRETCH}, e.g. 2m (got "${text}")`);
  return n;
}

/** Bytes this process has written so far (Linux). */
const written = () => Number(/wchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? Number.NaN);

interface Stretch {
  at: number;
  rate: number;
  cpuUs: number;
  writtenKb: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sales: { type: 'string', default: '2m' }, indexes: { type: 'string', default: 'hour' }, 'per-hour': { type: 'string', default: '14000' }, dir: { type: 'string', default: tmpdir() } } });
  const total = size(values.sales);
  const perHour = Number(values['per-hour']);
  if (values.indexes !== 'hour' && values.indexes !== 'old') throw new Error('--indexes takes hour or old');
  const file = join(values.dir, `index-growth-${values.indexes}-${process.pid}.db`);
  removeDb(file);
  await (await openStore(file)).close();
  const db = openRaw(file);
  if (values.indexes === 'old') for (const statement of OLD_INDEXES) db.exec(statement);
  const random = new Random('index-growth');
  const insertEvent = db.prepare("INSERT INTO events (terminal_id, seq, type, recorded_at, payload, prev_hash, hash) VALUES (?, ?, 'transaction.recorded', ?, ?, ?, ?)");
  const insertTx = db.prepare('INSERT INTO transactions (event_id, id, terminal_id, batch_no, voucher_no, reference_no, card_last4, operator_id, kind, amount_minor, currency, occurred_at, merchant_id, original_id, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const hex = (n: number) => Array.from({ length: n }, () => random.int(0, 15).toString(16)).join('');
  const filler = 'x'.repeat(520);
  const seqs = new Array<number>(TERMINALS).fill(0);
  const start = Date.parse('2026-01-01T00:00:00Z');
  const write = (from: number) => {
    db.exec('BEGIN IMMEDIATE');
    for (let i = from; i < from + BATCH; i++) {
      const terminal = i % TERMINALS;
      const seq = ++(seqs[terminal] as number);
      const terminalId = String(10_000_000 + terminal);
      const voucher = String(seq % 1_000_000).padStart(6, '0');
      const batch = String(Math.floor(seq / 1_000_000) + 1).padStart(6, '0');
      const occurredAt = start + Math.floor((i * 3_600_000) / perHour);
      const hash = hex(64);
      const { lastInsertRowid } = insertEvent.run(terminalId, seq, new Date(occurredAt).toISOString(), `{"n":${i},"f":"${filler}"}`, hex(64), hash);
      insertTx.run(Number(lastInsertRowid), `${terminalId}-${batch}-${voucher}`, terminalId, batch, voucher, String(random.int(100_000_000, 999_999_999)) + String(random.int(100, 999)), String(random.int(0, 9999)).padStart(4, '0'), String(random.int(1, 20)).padStart(2, '0'), 'sale', random.int(100, 200_000), 'CNY', occurredAt, '898310054110001', null, hash);
    }
    db.exec('COMMIT');
  };
  const stretches: Stretch[] = [];
  let mark = { time: performance.now(), cpu: process.cpuUsage(), bytes: written() };
  const began = mark.time;
  for (let done = 0; done < total; done += BATCH) {
    write(done);
    const after = done + BATCH;
    if (after % STRETCH === 0) {
      const now = { time: performance.now(), cpu: process.cpuUsage(), bytes: written() };
      const cpu = now.cpu.user + now.cpu.system - mark.cpu.user - mark.cpu.system;
      stretches.push({ at: after, rate: (STRETCH * 1000) / (now.time - mark.time), cpuUs: cpu / STRETCH, writtenKb: (now.bytes - mark.bytes) / STRETCH / 1024 });
      const s = stretches.at(-1) as Stretch;
      note(`${values.indexes}: ${count(after)} sales: ${count(s.rate)}/s, ${s.cpuUs.toFixed(1)} µs CPU and ${s.writtenKb.toFixed(1)} KB written per sale (load ${loadavg()[0]?.toFixed(1)}); ${((now.time - began) / 1000).toFixed(0)} s`);
      mark = now;
    }
  }
  db.close();
  const bytes = ['', '-wal'].reduce((sum, suffix) => sum + (statSync(file + suffix, { throwIfNoEntry: false })?.size ?? 0), 0);
  const first = stretches[0] as Stretch;
  const tail = stretches.slice(-3);
  const mean = (key: keyof Stretch) => tail.reduce((sum, s) => sum + s[key], 0) / tail.length;
  note(`${values.indexes}: first ${count(STRETCH)}: ${count(first.rate)}/s, ${first.cpuUs.toFixed(1)} µs, ${first.writtenKb.toFixed(1)} KB per sale`);
  note(`${values.indexes}: last ${count(tail.length * STRETCH)} (to ${count(total)}): ${count(mean('rate'))}/s = ${((mean('rate') / first.rate) * 100).toFixed(0)}% of the first; CPU ${((mean('cpuUs') / first.cpuUs) * 100).toFixed(0)}%, bytes written ${((mean('writtenKb') / first.writtenKb) * 100).toFixed(0)}% of the first's per sale`);
  note(`${values.indexes}: ${count(bytes / total)} bytes on disk per sale (file + WAL)`);
  removeDb(file);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
