import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sale } from '../../test/support/fixtures.js';
import { openStore } from '../app.js';
import { Journal } from './journal.js';
import { CheckedEvents, captureIndexFault, recordFault } from './record-check.js';
import { capturedJobToJson } from '../capture/index.js';
import { capturedJob } from '../../test/support/captured-jobs.js';
import { RECEIPTS, type CapturedReceipt } from '../../test/support/captured-receipts.js';
import { captureRow, checkCapturePayload } from './capture-projection.js';
import type { EventRow } from './store.js';

const dir = mkdtempSync(join(tmpdir(), 'reissue-record-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a record checked again', () => {
  it('is found altered when any field changed since it checked out, though the first check is remembered', async () => {
    const store = await openStore(join(dir, 'checked.db'), { create: true });
    const journal = new Journal({ store });
    try {
      await journal.record(sale());
      await journal.record(sale({ voucherNo: '000458' }));
      const [stored] = await store.transactionsById('10023456-000128-000457', undefined);
      if (!stored) throw new Error('the sale was not recorded');
      const checked = new CheckedEvents();
      expect(await recordFault(store, stored, checked)).toBeUndefined();
      // The same record, unchanged: checks out again from what was remembered.
      expect(await recordFault(store, { ...stored, event: { ...stored.event } }, checked)).toBeUndefined();
      // Its payload edited, its hash kept: recomputed, so found.
      const edited = { ...stored, event: { ...stored.event, payload: stored.event.payload.replace('128.50', '1285.00') } };
      expect(edited.event.payload).not.toBe(stored.event.payload);
      expect(await recordFault(store, edited, checked)).toMatchObject({ problem: 'edited', seq: stored.event.seq });
      // Its index row changed: compared with what the unchanged event projects.
      expect(await recordFault(store, { ...stored, row: { ...stored.row, amountMinor: 1 } }, checked)).toMatchObject({ problem: 'index-mismatch' });
      // The event's recorded time changed (a hashed field the payload does not hold).
      expect(await recordFault(store, { ...stored, event: { ...stored.event, recordedAt: '2020-01-01T00:00:00.000Z' } }, checked)).toMatchObject({ problem: 'edited' });
    } finally {
      await journal.close();
    }
  });
});

describe("a captured receipt's index row checked against its event", () => {
  const job = capturedJobToJson(capturedJob(RECEIPTS[1] as CapturedReceipt, { n: 1, capturedAt: '2026-11-28T01:00:00Z' }));
  const event = (payload: unknown): EventRow => ({ id: 9, storeId: '', terminalId: 'capture:front-till', seq: 1, type: 'capture.recorded', recordedAt: '2026-11-28T01:00:00.000Z', payload: JSON.stringify(payload), prevHash: '0'.repeat(64), hash: 'a'.repeat(64) });

  it('reads the event as written, not through the door of today: a rule made stricter since turns no receipt journaled before it into an altered one', () => {
    // Text today's door refuses (a full card number), as an older build might have let through.
    const older = { ...job, text: `${job.text}\n4111 1111 1111 1111` };
    expect(() => checkCapturePayload(older)).toThrow();
    const checked = captureIndexFault(event(older), captureRow(older as never, 9));
    expect(checked.fault).toBeUndefined();
  });

  it("finds another receipt's event, another kind of event, a payload that cannot be read and a row that disagrees", () => {
    const row = captureRow(job as never, 9);
    expect(captureIndexFault(event(job), { ...row, id: 'cap-other' }).fault?.detail).toContain('records');
    expect(captureIndexFault({ ...event(job), type: 'print.queued' }, row).fault?.problem).toBe('index-mismatch');
    expect(captureIndexFault({ ...event(job), payload: '{"id":' }, row).fault?.detail).toContain('cannot be read');
    expect(captureIndexFault(event({ id: row.id }), row).fault?.detail).toContain('cannot be read');
    expect(captureIndexFault(event(job), { ...row, amountMinor: 1 }).fault?.detail).toContain('disagrees');
  });
});
