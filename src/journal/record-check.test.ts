import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sale } from '../../test/support/fixtures.js';
import { openStore } from '../app.js';
import { Journal } from './journal.js';
import { CheckedEvents, recordFault } from './record-check.js';

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
