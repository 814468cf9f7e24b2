import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sale } from '../../test/support/fixtures.js';
import { shopInto } from '../../test/support/shops.js';
import { tamperSqlite } from '../../test/support/tamper.js';
import { openStore } from '../app.js';
import { Journal } from './journal.js';

const dir = mkdtempSync(join(tmpdir(), 'reissue-sale-to-print-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SALE = '10023456-000128-000457';
const OTHER = '10023456-000128-000458';

/** `known`: the store's id read once (unset here), as a spooler reads it before a write that hands a receipt over; the clock stands still, so it stays known. */
async function journalAt(name: string, known = true): Promise<Journal> {
  const journal = new Journal({ store: await openStore(join(dir, name), { create: true }), monotonicMs: () => 0 });
  if (known) await journal.storeIdentity();
  return journal;
}

describe('JournalWriter.saleToPrint: the sale a receipt handed over is rendered from', () => {
  it('is what get() gives, read and checked inside the write; a sale not on record is none', async () => {
    const journal = await journalAt('plain.db', false);
    try {
      await journal.record(sale());
      await journal.record(sale({ voucherNo: '000458' }));
      // The store's id not known without a read: none (nothing is read for it in the write, nor after its commit).
      expect(await journal.write((writer) => writer.saleToPrint(SALE))).toBeUndefined();
      await journal.storeIdentity();
      const read = await journal.write((writer) => writer.saleToPrint(SALE));
      expect(read).toEqual(await journal.get(SALE));
      expect(await journal.write((writer) => writer.saleToPrint('10023456-000128-000999'))).toBeUndefined();
    } finally {
      await journal.close();
    }
  });

  it("is none for a sale that does not match its chain, or one its neighbour no longer links to: get() refuses those, journaling the alert", async () => {
    const file = 'tampered.db';
    const journal = await journalAt(file);
    try {
      await journal.record(sale());
      await journal.record(sale({ voucherNo: '000458' }));
      await journal.record(sale({ voucherNo: '000459' }));
      const { eventId } = await journal.get(SALE);
      const other = await journal.get(OTHER);
      tamperSqlite(join(dir, file), `UPDATE events SET hash = '${'0'.repeat(64)}' WHERE id = ${eventId}`);
      tamperSqlite(join(dir, file), `UPDATE events SET prev_hash = '${'1'.repeat(64)}' WHERE id = ${other.eventId + 1}`);
      for (const id of [SALE, OTHER]) {
        expect(await journal.write((writer) => writer.saleToPrint(id))).toBeUndefined();
        await expect(journal.get(id)).rejects.toMatchObject({ code: 'RECORD_ALTERED' });
      }
    } finally {
      await journal.close();
    }
  });

  it('is none at head office for a sale on record in other stores too, and in a view limited to some stores: get() answers those', async () => {
    const hq = await journalAt('hq.db');
    try {
      await hq.record(sale());
      await shopInto(hq, join(dir, 'shop.db'), 'SH-001', [sale()]);
      expect(await hq.write((writer) => writer.saleToPrint(SALE))).toBeUndefined();
      await expect(hq.get(SALE)).rejects.toMatchObject({ code: 'SALE_IN_SEVERAL_STORES' });
      await hq.record(sale({ voucherNo: '000458' }));
      expect(await hq.write((writer) => writer.saleToPrint(OTHER))).toEqual(await hq.get(OTHER));
      expect(await hq.within(['']).write((writer) => writer.saleToPrint(OTHER))).toBeUndefined();
    } finally {
      await hq.close();
    }
  });
});
