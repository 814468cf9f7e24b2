/**
 * Shops copied into a head office journal as `reissue sync` would: each shop a SQLite journal
 * with its store id, some sales and an audit entry, every chain replicated in order.
 */
import { openStore } from '../../src/app.js';
import type { TransactionInput } from '../../src/core/index.js';
import { Journal, type EventRow } from '../../src/journal/index.js';

/** A shop's journal at `file` with `sales` (and `captures`, as its tap journals them) and one audit entry by `clerk-STORE`, then every chain copied into `headOffice`. */
export async function shopInto(headOffice: Journal, file: string, storeId: string, sales: readonly TransactionInput[], captures: readonly unknown[] = []): Promise<void> {
  const shop = new Journal({ store: await openStore(file, { create: true }), clock: () => Date.parse('2026-11-27T07:00:00Z') });
  try {
    await shop.identifyStore(storeId);
    await shop.recordMany([...sales]);
    for (const capture of captures) await shop.appendCapture(capture);
    await shop.appendAudit('reprint.issued', { user: `clerk-${storeId}`, saleId: sales[0] ? `${sales[0].terminalId}-${sales[0].batchNo}-${sales[0].voucherNo}` : '', at: '2026-11-27T07:00:00.000Z' });
    for (const head of await shop.chainHeads()) {
      const events = await shop.eventsAfter('', head.terminalId, 0, 10_000);
      await headOffice.replicate(storeId, head.terminalId, events.map(({ seq, type, recordedAt, payload, prevHash, hash }: EventRow) => ({ seq, type, recordedAt, payload, prevHash, hash })));
    }
  } finally {
    await shop.close();
  }
}
