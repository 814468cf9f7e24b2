import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSpooler, openJournal, type OpenedJournal } from '../src/app.js';
import { parseConfig } from '../src/config/index.js';
import { startVirtualPrinter, type VirtualPrinter } from '../src/emulator/index.js';
import type { Spooler } from '../src/printer/index.js';
import { ReprintService } from '../src/reprint/index.js';
import { runningClock, tempDir } from './support/cli.js';
import { sale } from './support/fixtures.js';
import { tamperSqlite } from './support/tamper.js';

/** Job options through the composition root's spooler: what is stored is what prints, or nothing does. */

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

async function setUp(): Promise<{ db: string; spooler: Spooler; printer: VirtualPrinter }> {
  dir = tempDir('reissue-job-options-');
  const db = join(dir.path, 'journal.db');
  const context = { env: {}, cwd: dir.path, now: runningClock() };
  opened = await openJournal(db, context, { create: true, timeZone: 'Asia/Shanghai' });
  await opened.journal.record(sale());
  printer = await startVirtualPrinter({ port: 0, speedMmPerSecond: 5000 });
  const config = parseConfig({ printers: [{ name: 'front', address: `127.0.0.1:${printer.address?.port}` }], defaultPrinter: 'front' }, 'test');
  spooler = createSpooler(opened, config, context);
  return { db, spooler, printer };
}

describe('print job options', () => {
  it('takes the shop receipt of a cash sale as one piece whatever copy it names: no second unmarked original', async () => {
    const { spooler } = await setUp();
    const cash = sale({ voucherNo: '000777', referenceNo: '133041825777', card: undefined, payments: [{ method: 'cash', amount: '128.50' }] });
    await opened!.journal.record(cash);
    const id = '10023456-000128-000777';
    const first = await spooler.enqueue({ transactionId: id, printer: 'front', kind: 'original', options: { template: 'retail', copy: 'cardholder' } });
    await expect(spooler.enqueue({ transactionId: id, printer: 'front', kind: 'original', options: { template: 'retail', copy: 'merchant' } })).rejects.toMatchObject({ code: 'ALREADY_QUEUED' });
    await spooler.start();
    expect((await spooler.waitFor(first.id)).state).toBe('printed');
    await expect(spooler.enqueue({ transactionId: id, printer: 'front', kind: 'original', options: { template: 'retail', copy: 'merchant' } })).rejects.toMatchObject({ code: 'ALREADY_PRINTED' });
    // A card sale's shop receipt has two faces (the copy label, the signature): each is its own original.
    const card = await spooler.enqueue({ transactionId: SALE, printer: 'front', kind: 'original', options: { template: 'retail', copy: 'cardholder' } });
    expect((await spooler.waitFor(card.id)).state).toBe('printed');
    const merchant = await spooler.enqueue({ transactionId: SALE, printer: 'front', kind: 'original', options: { template: 'retail', copy: 'merchant' } });
    expect((await spooler.waitFor(merchant.id)).state).toBe('printed');
    expect((await opened!.journal.jobs({ transactionId: id })).map((j) => j.state)).toEqual(['printed']);
  });

  it('refuses a misspelt key when the job is queued, and queues nothing', async () => {
    const { spooler } = await setUp();
    const misspelt = { ...DUPLICATE, verificationUrl: undefined, verificationURL: DUPLICATE.verificationUrl };
    await expect(spooler.enqueue({ transactionId: SALE, printer: 'front', kind: 'duplicate', copy: 1, options: misspelt as never })).rejects.toMatchObject({
      code: 'BAD_JOB_OPTIONS',
      message: expect.stringContaining('verificationURL'),
    });
    expect(await opened!.journal.jobs({})).toEqual([]);
  });

  it('prints a duplicate with its mark and QR as stored, and fails a job whose stored options were damaged without printing it', async () => {
    const { db, spooler, printer } = await setUp();
    const good = await spooler.enqueue({ transactionId: SALE, printer: 'front', kind: 'duplicate', copy: 1, options: DUPLICATE });
    const damaged = await spooler.enqueue({ transactionId: SALE, printer: 'front', kind: 'duplicate', copy: 2, options: { ...DUPLICATE, duplicate: { ...DUPLICATE.duplicate, copy: 2 } } });
    // Someone with the database file misspells a key of the second job.
    // Behind the guards, as someone with the database file would.
    const damagedOptions = JSON.stringify({ duplicate: { copy: 2, reprintedAt: '2026-11-27T16:02:00+08:00', operatorId: '07' }, verificationURL: 'https://shop.example/v/CODE-2' });
    tamperSqlite(db, `UPDATE print_jobs SET options = '${damagedOptions}' WHERE id = ${damaged.id}`);
    await spooler.start();
    expect((await spooler.waitFor(good.id)).state).toBe('printed');
    const failed = await spooler.waitFor(damaged.id);
    // The job row is a projection of its hash-chained events: a row that disagrees with them is never printed.
    expect(failed).toMatchObject({ state: 'failed', detail: expect.stringContaining(`print job ${damaged.id} says options is`) });
    expect(failed.detail).toContain('it is not printed');
    const events = await spooler.jobEvents(damaged.id);
    expect(events.map((e) => e.type)).toEqual(['print.queued', 'print.failed']);
    expect(JSON.parse(events.at(-1)?.payload ?? '{}')).toMatchObject({ reason: 'render', error: 'JOB_ALTERED' });
    const paper = printer.jobs();
    expect(paper).toHaveLength(1);
    expect(paper[0]?.text).toContain('DUPLICATE 1');
    expect(paper[0]?.document.blocks.some((b) => b.type === 'qr' && b.data === DUPLICATE.verificationUrl)).toBe(true);
  });

  it('answers a code from the chained events when the job row of its printed copy was damaged', async () => {
    const { db, spooler } = await setUp();
    const clock = runningClock();
    const service = new ReprintService({
      journal: opened!.journal,
      auth: { verify: async () => ({ name: 'bo', role: 'backoffice' }), approve: async () => ({ name: 'x', role: 'supervisor' }) },
      queue: spooler,
      audit: async () => undefined,
      clock,
      context: opened!.settings,
      policy: { cashierWindowMs: 600_000, reprintWindowMs: 10 * 365 * 86_400_000, copyLimit: 10 },
    });
    await spooler.start();
    const { job, code } = await service.reprint({ locate: { by: 'id', id: SALE }, user: { actor: { name: 'bo', role: 'backoffice' } }, reason: 'customer_request', printer: 'front' });
    expect((await spooler.waitFor(job.id)).state).toBe('printed');
    expect((await service.check(code)).message).toMatch(/^genuine: copy 1 of sale/);
    tamperSqlite(db, `UPDATE print_jobs SET options = '{"duplicate":{"copy":1}}' WHERE id = ${job.id}`);
    // Copies and outcomes come from the events, not the job table: the answer stands.
    expect(await service.check(code)).toMatchObject({ genuine: true, copy: 1, message: expect.stringMatching(/^genuine: copy 1 of sale .* printed at /) });
  });

  it('reads the sale again inside the write that numbers the copy: one edited after it was checked is refused and nothing is queued', async () => {
    const { db, spooler } = await setUp();
    const audited: { type: string; payload: Record<string, unknown> }[] = [];
    const service = new ReprintService({
      journal: opened!.journal,
      auth: { verify: async () => ({ name: 'bo', role: 'backoffice' }), approve: async () => ({ name: 'x', role: 'supervisor' }) },
      // The edit lands between the check before the write and the write itself.
      queue: {
        enqueueDuplicate: (request, number, record) => {
          tamperSqlite(db, `UPDATE events SET payload = replace(payload, '128.50', '12.85') WHERE terminal_id = '10023456' AND seq = 1`);
          return spooler.enqueueDuplicate(request, number, record);
        },
      },
      audit: async (type, payload) => {
        audited.push({ type, payload });
      },
      clock: runningClock(),
      context: opened!.settings,
      policy: { cashierWindowMs: 600_000, reprintWindowMs: 10 * 365 * 86_400_000, copyLimit: 10 },
    });
    await expect(service.reprint({ locate: { by: 'id', id: SALE }, user: { actor: { name: 'bo', role: 'backoffice' } }, reason: 'customer_request', printer: 'front' })).rejects.toMatchObject({
      code: 'RECORD_ALTERED',
      context: { id: SALE, seq: 1, problem: 'edited' },
    });
    expect(await opened!.journal.jobs({})).toEqual([]);
    expect((await opened!.journal.auditTrail({ type: 'reprint.issued' })).length).toBe(0);
    expect(audited).toMatchObject([{ type: 'reprint.refused', payload: { saleId: SALE, code: 'RECORD_ALTERED' } }]);
  });
});
