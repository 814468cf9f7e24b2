/**
 * Nothing captured is lost when the tap's process is killed (SIGKILL) in the middle of a
 * POS's stream while the journal is held by another program: the shipped `reissue tap`
 * writes each job (card numbers masked) to its fallback file as it captures it, and the
 * next start journals every one exactly once and hands those the printer never confirmed
 * to the spooler, as the live path does.
 */
import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openJournal } from '../src/app.js';
import { fallbackFile } from '../src/capture/index.js';
import { killLeftovers, reissue, start } from './support/binary.js';
import { cardNumber } from './support/card-numbers.js';
import { receiptJobBytes } from './support/captured-jobs.js';
import { tempDir } from './support/cli.js';
import { recordingPrinter, type RecordingPrinter } from './support/recording-printer.js';
import { until } from './support/spooler-harness.js';
import { posClient } from './support/tap-harness.js';

const JOBS = 6;
const pans = Array.from({ length: JOBS + 1 }, (_, n) => cardNumber(`6225881234${String(n).padStart(5, '0')}`));
const job = (n: number) => receiptJobBytes([`好又多超市 CRASH-${n}`, `卡号 ${pans[n] ?? ''}`, `应收 ${n}.50`]);

describe('the tap killed mid-stream', () => {
  const dir = tempDir('reissue-tap-crash-');
  let printer: RecordingPrinter | undefined;
  afterEach(async () => {
    await killLeftovers();
    await printer?.virtual.stop();
    dir.remove();
  });

  it('journals every captured job exactly once after the restart, hands the unconfirmed ones to the spooler once, and writes no card number anywhere', async () => {
    printer = await recordingPrinter();
    const db = join(dir.path, 'data', 'journal.db');
    const fallback = join(dir.path, 'data', 'tap-till-k.jsonl');
    const context = { env: { REISSUE_TZ: 'Asia/Shanghai' }, cwd: dir.path, now: Date.now };
    await (await openJournal(db, context, { create: true })).journal.close();
    const args = ['tap', '--listen', '127.0.0.1:0', '--printer', printer.address, '--source', 'till-k', '--db', db];

    const first = start(args, { cwd: dir.path });
    const [, port] = await first.output(/POS prints to 127\.0\.0\.1:(\d+)/);
    // Another program holds the journal: nothing captured can be journaled before the kill.
    const lock = new Database(db);
    lock.exec('BEGIN IMMEDIATE');
    const pos = await posClient(Number(port));
    for (let n = 1; n <= JOBS; n++) {
      await pos.send(job(n));
      await first.output(new RegExp(`(?:captured (cap-[a-z]+)[^\\n]*\\n[\\s\\S]*){${n}}`));
    }
    // Half of one more job is on its way when the process dies.
    const last = job(JOBS);
    await pos.send(last.subarray(0, last.length >> 1));
    const sent = Array.from({ length: JOBS }, (_, i) => job(i + 1).length).reduce((a, b) => a + b, 0) + (last.length >> 1);
    await until(() => (printer?.bytesOf(0).length ?? 0) >= sent, 'the printer to have every byte sent');
    first.signal('SIGKILL');
    const killed = await first.exited;
    expect(killed.signal).toBe('SIGKILL');
    lock.exec('ROLLBACK');
    lock.close();
    const captured = [...killed.stdout.matchAll(/captured (cap-[a-z]+)/g)].map((m) => m[1]);
    expect(captured).toHaveLength(JOBS);

    // What the dead process left: every captured job, masked.
    const left = readFileSync(fallback);
    for (const pan of pans) expect(left.includes(pan)).toBe(false);
    const { pending, undelivered } = await fallbackFile(fallback).open();
    expect(pending.map((j) => j.id)).toEqual(captured);
    expect(undelivered.map((u) => [u.job.id, u.outcome])).toEqual(captured.map((id) => [id, 'unconfirmed']));

    const second = start(args, { cwd: dir.path });
    await second.output(/POS prints to/);
    // Each job the printer never confirmed is handed to the spooler, once.
    for (const id of captured) await second.output(new RegExp(`${id} may have printed only in part`));
    second.signal('SIGTERM');
    const stopped = await second.exited;
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stdout).toMatch(/0 waiting for the journal, 0 kept nowhere/);
    expect(existsSync(fallback)).toBe(false);

    const found = await reissue(['find', '--source', 'till-k', '--limit', '100', '--json', '--db', db], { cwd: dir.path });
    expect(found.code, found.stderr).toBe(0);
    const items = (JSON.parse(found.stdout) as { items: { id: string; last4?: string }[] }).items;
    expect(items.map((i) => i.id).sort()).toEqual([...captured].sort());
    expect(new Set(items.map((i) => i.last4)).size).toBe(JOBS);
    const opened = await openJournal(db, context, {});
    try {
      for (const id of captured) {
        const jobs = (await opened.journal.jobs({ order: 'newest', limit: 100 })).filter((j) => j.transactionId === id);
        expect(jobs.map((j) => [j.kind, j.state])).toEqual([['original', 'unknown']]);
      }
    } finally {
      await opened.journal.close();
    }
    // No full card number in the journal, its write-ahead log, or anything either run printed.
    const stored = [db, `${db}-wal`].filter(existsSync).map((f) => readFileSync(f));
    for (const pan of pans) {
      for (const bytes of stored) expect(bytes.includes(pan)).toBe(false);
      expect(`${killed.stdout}${killed.stderr}${stopped.stdout}${stopped.stderr}`).not.toContain(pan);
    }
  });
});
