import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sale } from '../../test/support/fixtures.js';
import { openStore } from '../app.js';
import { Journal, type JournalWriter } from './journal.js';
import { jobEventFacts } from './job-projection.js';
import { PrintEventTypes, type NewPrintJob, type PrintJobRow } from './print-jobs.js';

const dir = mkdtempSync(join(tmpdir(), 'reissue-sale-jobs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SALE = '10023456-000128-000457';
const NOW = Date.parse('2026-11-27T07:00:00Z');

/** A duplicate queued as the spooler queues one: the row, and its print.queued event saying all of it. */
async function queue(writer: JournalWriter, copy: number): Promise<PrintJobRow> {
  const job: NewPrintJob = {
    transactionId: SALE, terminalId: '10023456', kind: 'duplicate', copy, printer: 'counter', backup: null, state: 'queued', attempts: 0,
    createdAt: NOW, updatedAt: NOW, expiresAt: NOW + 60_000, notBefore: 0, paperMm: 0, detail: null, options: '{}', reroutedFrom: null,
  };
  const row = { id: await writer.insertJob(job), ...job };
  await writer.append(row.terminalId, PrintEventTypes.queued, { jobId: row.id, transactionId: SALE, kind: row.kind, copy, printer: { name: 'counter', address: null }, attempt: 0, job: jobEventFacts(row, true) });
  return row;
}

/** The job failed: its row and its print.failed event. */
async function fail(writer: JournalWriter, job: PrintJobRow): Promise<void> {
  const next = await writer.changeJob(job.id, ['queued'], { state: 'failed', detail: 'out of paper', updatedAt: NOW + 1 });
  if (!next) throw new Error('the job was not queued');
  await writer.append(next.terminalId, PrintEventTypes.failed, { jobId: next.id, transactionId: SALE, kind: next.kind, copy: next.copy, printer: { name: 'counter', address: null }, attempt: 0, job: jobEventFacts(next, false) });
}

const copies = (journal: Journal) => journal.write(async (writer) => (await writer.jobsOfTransaction(SALE)).map((j) => [j.copy, j.state]));

describe("a sale's jobs kept between writes", () => {
  it('see what another journal on the same file (another process) queued or changed meanwhile, exactly as all the events tell it', async () => {
    const file = join(dir, 'two.db');
    const a = new Journal({ store: await openStore(file, { create: true }) });
    const b = new Journal({ store: await openStore(file) });
    try {
      await a.record(sale());
      expect(await copies(a)).toEqual([]);
      await b.write((w) => queue(w, 1));
      expect(await copies(a)).toEqual([[1, 'queued']]);
      const second = await a.write((w) => queue(w, 2));
      await b.write((w) => fail(w, second));
      await a.write((w) => queue(w, 3));
      const expected = [[1, 'queued'], [2, 'failed'], [3, 'queued']];
      expect(await copies(a)).toEqual(expected);
      expect(await copies(b)).toEqual(expected);
      // Read afresh from every event: the same jobs, field for field.
      expect(await a.write((w) => w.jobsOfTransaction(SALE))).toEqual(await a.jobsOfSale(SALE));
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('keep nothing a rolled-back write read, so a copy it queued is not counted', async () => {
    const journal = new Journal({ store: await openStore(join(dir, 'rollback.db'), { create: true }) });
    try {
      await journal.record(sale());
      expect(await copies(journal)).toEqual([]);
      const refused = journal.write(async (writer) => {
        await queue(writer, 1);
        expect((await writer.jobsOfTransaction(SALE)).map((j) => j.copy)).toEqual([1]);
        throw new Error('refused after numbering');
      });
      await expect(refused).rejects.toThrow('refused after numbering');
      expect(await copies(journal)).toEqual([]);
      await journal.write((w) => queue(w, 1));
      expect(await copies(journal)).toEqual([[1, 'queued']]);
    } finally {
      await journal.close();
    }
  });
});
