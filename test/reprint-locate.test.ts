import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/app.js';
import { Journal } from '../src/journal/index.js';
import { AmbiguousSaleError, locateReceipt as locateSale } from '../src/reprint/index.js';
import { tempDir } from './support/cli.js';
import { nthSale, sale } from './support/fixtures.js';

let dir: ReturnType<typeof tempDir>;
let journal: Journal;
const context = { timeZone: 'Asia/Shanghai', currency: 'CNY', now: Date.parse('2026-11-27T08:00:00Z') };

beforeEach(async () => {
  dir = tempDir();
  journal = new Journal({ store: await openStore(join(dir.path, 'j.db'), { create: true }) });
  await journal.recordMany([
    sale(),
    nthSale(1, { amount: '50.00' }),
    nthSale(2, { amount: '50.00' }),
    nthSale(3, { batchNo: '000129', voucherNo: '000001', referenceNo: '133000000099' }),
    nthSale(4, { terminalId: '20000001' }),
  ]);
});
afterEach(async () => {
  await journal.close();
  dir.remove();
});

describe('locating the sale to reprint', () => {
  it('by id, by the last sale of a terminal, by voucher and by reference', async () => {
    expect((await locateSale(journal, { by: 'id', id: '10023456-000128-000457' }, context)).id).toBe('10023456-000128-000457');
    // The last recorded, though 000457 says a later time: a till's clock may be wrong.
    expect((await locateSale(journal, { by: 'last', terminalId: '10023456' }, context)).id).toBe('10023456-000129-000001');
    expect((await locateSale(journal, { by: 'voucher', voucherNo: '2', terminalId: '10023456' }, context)).id).toBe('10023456-000128-000002');
    expect((await locateSale(journal, { by: 'ref', referenceNo: '133000000099' }, context)).id).toBe('10023456-000129-000001');
  });

  it('asks which one when a voucher no. exists in two batches', async () => {
    const error = await locateSale(journal, { by: 'voucher', voucherNo: '000001', terminalId: '10023456' }, context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmbiguousSaleError);
    expect((error as AmbiguousSaleError).candidates.map((c) => c.id).sort()).toEqual(['10023456-000128-000001', '10023456-000129-000001']);
    expect((await locateSale(journal, { by: 'voucher', voucherNo: '000001', batchNo: '129', terminalId: '10023456' }, context)).id).toBe('10023456-000129-000001');
  });

  it('by time and amount: one match is taken, several are shown closest first, none explains', async () => {
    expect((await locateSale(journal, { by: 'search', around: '2026-11-27 14:30', amount: '128.50' }, context)).id).toBe('10023456-000128-000457');
    const error = (await locateSale(journal, { by: 'search', around: '14:02', within: '5m', amount: '50' }, context).catch((e: unknown) => e)) as AmbiguousSaleError;
    expect(error.code).toBe('AMBIGUOUS_SALE');
    expect(error.candidates.map((c) => c.id)).toEqual(['10023456-000128-000002', '10023456-000128-000001']);
    expect(error.candidates[0]).toMatchObject({ time: '2026-11-27 14:02:00', amount: 'CNY 50.00', card: '*4242', operatorId: '01' });
    await expect(locateSale(journal, { by: 'search', around: '09:00', amount: '50' }, context)).rejects.toMatchObject({ code: 'NO_MATCHING_SALE', hint: expect.stringContaining('widen') });
    await expect(locateSale(journal, { by: 'search', around: '09:00', amount: 'fifty' }, context)).rejects.toMatchObject({ code: 'BAD_AMOUNT' });
  });
});
