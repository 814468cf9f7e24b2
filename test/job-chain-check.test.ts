import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createSpooler, openJournal, type OpenedJournal } from '../src/app.js';
import { parseConfig } from '../src/config/index.js';
import { startVirtualPrinter, type VirtualPrinter } from '../src/emulator/index.js';
import { eventHash } from '../src/journal/hash-chain.js';
import type { Spooler } from '../src/printer/index.js';
import { ReprintService } from '../src/reprint/index.js';
import { runningClock, tempDir } from './support/cli.js';
import { sale } from './support/fixtures.js';
import { tamperSqlite } from './support/tamper.js';

/**
 * A job's print events are checked in their place in the chain before the job prints or its
 * copy is vouched for, as a sale's event is: one edited behind the guards with its own hash
 * recomputed is given away by the next event, which no longer links to it.
 */

const SALE = '10023456-000128-000457';
const DUPLICATE = { duplicate: { copy: 1, reprintedAt: '2026-11-27T16:01:00+08:00', operatorId: '07' }, verificationUrl: 'https://shop.example/v/CODE-1' };

let dir: ReturnType<typeof tempDir>;
let opened: OpenedJournal | undefined;
let printer: VirtualPrinter | undefined;
let spooler: Spooler | undefined;
afterEach(async () => {
  await spooler?.stop();
  await printer?.stop();
  await opened?.journal.close();
  dir.remove();
});

async function setUp(): Promise<{ db: string; spooler: Spooler; printer: VirtualPrinter; opened: OpenedJournal }> {
  dir = tempDir('reissue-job-chain-');
  const db = join(dir.path, 'journal.db');
  const context = { env: {}, cwd: dir.path, now: runningClock() };
  opened = await openJournal(db, context, { create: true, timeZone: 'Asia/Shanghai' });
  await opened.journal.record(sale());
  printer = await startVirtualPrinter({ port: 0, speedMmPerSecond: 5000 });
  const config = parseConfig({ printers: [{ name: 'front', address: `127.0.0.1:${printer.address?.port}` }], defaultPrinter: 'front' }, 'test');
  spooler = createSpooler(opened, config, context);
  return { db, spooler, printer, opened };
}

/**
 * Edits a job's print.queued event and its row as someone with the database file would: the
 * event's own hash recomputed, the next event of its chain left linking to the old one.
 */
function editQueued(db: string, jobId: number, edit: (payload: Record<string, any>) => void, row: string): void {
  const handle = new Database(db, { readonly: true });
  const queued = handle.prepare("SELECT * FROM events WHERE type = 'print.queued' AND json_extract(payload, '$.jobId') = ?").get(jobId) as Record<string, any>;
  const next = handle.prepare('SELECT * FROM events WHERE terminal_id = ? AND seq = ?').get(queued.terminal_id, queued.seq + 1) as Record<string, any> | undefined;
  handle.close();
  expect(next?.prev_hash).toBe(queued.hash);
  const payload = JSON.parse(queued.payload);
  edit(payload);
  const text = JSON.stringify(payload);
  const hash = eventHash({ prevHash: queued.prev_hash, terminalId: queued.terminal_id, seq: queued.seq, type: queued.type, recordedAt: queued.recorded_at, payload: text } as never);
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
  tamperSqlite(db, `UPDATE events SET payload = ${q(text)}, hash = ${q(hash)} WHERE id = ${queued.id}; UPDATE print_jobs SET ${row} WHERE id = ${jobId}`);
}

const alerts = async (journal: OpenedJournal['journal']) => (await journal.auditTrail()).filter((e) => e.type === 'integrity.alert');

describe("a job's print events checked in their chain", () => {
  it('does not print a queued duplicate whose print.queued event was made an unmarked original with its own hash recomputed', async () => {
    const { db, spooler, printer, opened } = await setUp();
    // Queued while the spooler is stopped; the till goes on selling, so the next event links to print.queued.
    const dup = await spooler.enqueue({ transactionId: SALE, printer: 'front', kind: 'duplicate', copy: 1, options: DUPLICATE });
    await opened.journal.record(sale({ voucherNo: '000458', referenceNo: '133041825458' }));
    editQueued(
      db,
      dup.id,
      (payload) => {
        payload.kind = 'original';
        payload.copy = 0;
        payload.job.kind = 'original';
        payload.job.copy = 0;
        payload.job.options = {};
      },
      "kind = 'original', copy = 0, options = '{}'",
    );
    expect((await opened.journal.verify()).ok).toBe(false);

    await spooler.start();
    const final = await spooler.waitFor(dup.id, { timeoutMs: 10_000 });
    expect(final.state).toBe('failed');
    expect(printer.jobs()).toEqual([]);
    const events = await spooler.jobEvents(dup.id);
    expect(JSON.parse(events.at(-1)?.payload ?? '{}')).toMatchObject({ reason: 'render', error: 'JOB_ALTERED' });
    // Refused again (the picture of the job): still one alert.
    await expect(opened.journal.checkJob(final)).rejects.toMatchObject({ code: 'JOB_ALTERED' });
    const said = await alerts(opened.journal);
    expect(said).toHaveLength(1);
    expect(JSON.stringify(said[0])).toContain('the next event no longer links to it');
  }, 30_000);

  it('does not vouch for a printed copy whose print.queued event was edited with its own hash recomputed', async () => {
    const { db, spooler, opened } = await setUp();
    const service = new ReprintService({
      journal: opened.journal,
      auth: { verify: async () => ({ name: 'bo', role: 'backoffice' }), approve: async () => ({ name: 'x', role: 'supervisor' }) },
      queue: spooler,
      audit: async () => undefined,
      clock: runningClock(),
      context: opened.settings,
      policy: { cashierWindowMs: 600_000, reprintWindowMs: 10 * 365 * 86_400_000, copyLimit: 10 },
    });
    await spooler.start();
    const { job, code } = await service.reprint({ locate: { by: 'id', id: SALE }, user: { actor: { name: 'bo', role: 'backoffice' } }, reason: 'customer_request', printer: 'front' });
    expect((await spooler.waitFor(job.id)).state).toBe('printed');
    expect((await service.check(code)).printedAt).toEqual(expect.any(String));
    // Who printed the copy, told to anyone who checks it, changed in the event and the row alike.
    const row = (await opened.journal.job(job.id))!;
    const options = JSON.parse(row.options);
    options.duplicate.operatorId = 'someone-else';
    editQueued(db, job.id, (payload) => (payload.job.options = options), `options = '${JSON.stringify(options)}'`);

    const verdict = await service.check(code);
    expect(verdict).toMatchObject({ genuine: true, copy: 1, printedAt: null });
    expect(verdict.message).toContain('the next event no longer links to it');
    expect(JSON.stringify(verdict)).not.toContain('someone-else');
    expect(await alerts(opened.journal)).toHaveLength(1);
  }, 30_000);
});
