/**
 * Journals for the reports tests (not exported from the module): a real SQLite journal in a
 * temporary directory, and the day every test reads — checked by hand in reports.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sale } from './fixtures.js';
import type { TransactionInput } from '../../src/core/index.js';
import { openStore } from '../../src/app.js';
import { Journal } from '../../src/journal/index.js';

export const T1 = '10023456';
export const T2 = '10023457';
/** A 25-hour day: New York falls back from EDT (−04:00) to EST (−05:00) at 02:00, so 01:00–01:59 happens twice. */
export const DST_DAY = '2026-11-01';
export const DST_ZONE = 'America/New_York';
/** When the test collected the report: 2026-11-02 09:30:00 EST. */
export const GENERATED_AT = Date.parse('2026-11-02T14:30:00Z');

export interface TempJournal {
  journal: Journal;
  close(): Promise<void>;
}

/** An empty journal on a SQLite file of its own; close() removes it. */
export async function tempJournal(): Promise<TempJournal> {
  const dir = mkdtempSync(join(tmpdir(), 'reissue-reports-'));
  const store = await openStore(join(dir, 'journal.db'), { create: true });
  let now = Date.parse('2026-11-02T12:00:00Z');
  const journal = new Journal({ store, clock: () => now++ });
  return {
    journal,
    close: async () => {
      await journal.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const MERCHANT = { id: '898310058120123', name: '纽约华埠好又多超市', nameEn: 'Chinatown Good Market, New York' };

/** One transaction of the day; every field not given comes from the fixture sale. */
function tx(fields: Partial<TransactionInput> & Pick<TransactionInput, 'terminalId' | 'batchNo' | 'voucherNo' | 'occurredAt' | 'amount' | 'operatorId'>): TransactionInput {
  return sale({ merchant: MERCHANT, currency: 'USD', referenceNo: `9900${fields.terminalId.slice(-2)}${fields.voucherNo}`, ...fields });
}

const card = (last4: string) => ({ masked: `622588******${last4}`, issuer: '招商银行', entryMode: 'chip' as const });

/** The sale just before the day starts (23:59:59 EDT the evening before): voided on the day. */
export const BEFORE = tx({ terminalId: T1, batchNo: '000128', voucherNo: '000100', occurredAt: '2026-10-31T23:59:59-04:00', amount: '50.00', operatorId: '01', card: card('0001') });
/** The sale just after the day ends (00:00:00 EST the next morning). */
export const AFTER = tx({ terminalId: T2, batchNo: '000129', voucherNo: '000205', occurredAt: '2026-11-02T00:00:00-05:00', amount: '20.00', operatorId: '07', card: card('0002') });

/**
 * The day, in time order: two terminals, batches 000128 and 000129 (three terminal batches),
 * operators 01, 02 and 07, both 01:30s of the repeated hour, and the first and last second.
 */
export const DAY: readonly TransactionInput[] = [
  tx({ terminalId: T1, batchNo: '000128', voucherNo: '000101', occurredAt: '2026-11-01T00:00:00-04:00', amount: '128.50', operatorId: '01', card: card('4242') }),
  tx({ terminalId: T1, batchNo: '000128', voucherNo: '000102', occurredAt: '2026-11-01T01:30:00-04:00', amount: '88.00', operatorId: '01', card: card('5678') }),
  tx({ terminalId: T2, batchNo: '000129', voucherNo: '000201', occurredAt: '2026-11-01T01:30:00-05:00', amount: '66.60', operatorId: '02', card: card('9012') }),
  // A void on the day of a sale made the evening before.
  tx({ kind: 'void', terminalId: T1, batchNo: '000128', voucherNo: '000103', occurredAt: '2026-11-01T08:00:00-05:00', amount: '50.00', operatorId: '01', card: card('0001'), original: { voucherNo: '000100' } }),
  tx({ kind: 'void', terminalId: T1, batchNo: '000128', voucherNo: '000104', occurredAt: '2026-11-01T09:15:00-05:00', amount: '88.00', operatorId: '01', card: card('5678'), original: { voucherNo: '000102' } }),
  tx({ kind: 'auth', terminalId: T1, batchNo: '000128', voucherNo: '000105', occurredAt: '2026-11-01T10:00:00-05:00', amount: '300.00', operatorId: '02', card: card('3333') }),
  tx({ kind: 'auth-complete', terminalId: T1, batchNo: '000129', voucherNo: '000106', occurredAt: '2026-11-01T12:30:00-05:00', amount: '280.00', operatorId: '02', card: card('3333'), original: { batchNo: '000128', voucherNo: '000105' } }),
  // Cash: no card, no reference no.
  tx({ terminalId: T1, batchNo: '000129', voucherNo: '000107', occurredAt: '2026-11-01T13:00:00-05:00', amount: '200.00', operatorId: '07', card: undefined, referenceNo: undefined, authCode: undefined }),
  tx({ terminalId: T2, batchNo: '000129', voucherNo: '000202', occurredAt: '2026-11-01T14:00:00-05:00', amount: '1234.56', operatorId: '02', card: card('1111') }),
  // Refunded on the other terminal, naming the sale by its reference no.
  tx({ kind: 'refund', terminalId: T2, batchNo: '000129', voucherNo: '000203', occurredAt: '2026-11-01T15:45:00-05:00', amount: '28.50', operatorId: '02', card: card('4242'), original: { referenceNo: '990056000101' } }),
  tx({ kind: 'refund', terminalId: T1, batchNo: '000129', voucherNo: '000108', occurredAt: '2026-11-01T20:00:00-05:00', amount: '50.00', operatorId: '07', card: undefined, referenceNo: undefined, authCode: undefined, original: { batchNo: '000129', voucherNo: '000107' } }),
  tx({ terminalId: T2, batchNo: '000129', voucherNo: '000204', occurredAt: '2026-11-01T23:59:59-05:00', amount: '10.00', operatorId: '07', card: card('2222') }),
];

/** Records the day and the sales either side of it, in an order unlike time order. */
export async function recordDay(journal: Journal): Promise<void> {
  await journal.record(BEFORE);
  await journal.record(AFTER);
  // Terminal by terminal: journal order differs from time order (T2 refunds a sale of T1).
  for (const input of DAY.filter((t) => t.terminalId === T1)) await journal.record(input);
  for (const input of DAY.filter((t) => t.terminalId === T2)) await journal.record(input);
}
