import { describe, expect, it } from 'vitest';
import { checkCarriedSettings } from './carried-settings.js';

const none = async (_saleId: string) => false;
const refusal = (entries: [string, string][], hasSale = none) => checkCarriedSettings(entries, hasSale).then(() => undefined, (error: { code: string; context: Record<string, unknown>; message: string }) => error);

describe('checkCarriedSettings', () => {
  it('takes the settings as a journal writes them', async () => {
    await expect(
      refusal([
        ['timeZone', 'Asia/Shanghai'],
        ['currency', 'CNY'],
        ['createdAt', '2026-11-27T08:00:00.000Z'],
        ['verificationKey', 'ab'.repeat(32)],
        ['eReceiptsWithdrawn  10023456-000128-000001', '1764230400000'],
        ['eReceiptsWithdrawn SH-001 10023456-000128-000002', '1764230400001'],
      ]),
    ).resolves.toBeUndefined();
  });

  it('refuses a key it does not carry, a key or value not of its shape, and a card number anywhere, never echoing it', async () => {
    const pan = '4539148803436467';
    const cases: [string, string][] = [
      ['lastSync', '1'],
      [`eReceiptsWithdrawn  ${pan}`, '1764230400000'],
      [`eReceiptsWithdrawn ${pan} 10023456-000128-000001`, '1764230400000'],
      ['eReceiptsWithdrawn  10023456-000128-000001', pan],
      ['eReceiptsWithdrawn  10023456-000128-000001', 'soon'],
      ['timeZone', 'Asia/Nowhere'],
      ['currency', 'yuan'],
      ['createdAt', 'yesterday'],
      ['verificationKey', `card ${pan}`],
    ];
    for (const entry of cases) {
      const error = await refusal([['currency', 'CNY'], entry]);
      expect(error, entry[0]).toMatchObject({ code: 'BACKUP_CONTENT_REFUSED' });
      expect(JSON.stringify([error?.message, error?.context])).not.toContain(pan);
    }
  });

  it('takes a sale id whose digits read as a card number only when that sale is there', async () => {
    // A sale id of a terminal 45391488 whose digits, read as one run, hold a card number.
    const id = '45391488-034364-000003';
    const entries: [string, string][] = [[`eReceiptsWithdrawn  ${id}`, '1764230400000']];
    expect(await refusal(entries)).toMatchObject({ code: 'BACKUP_CONTENT_REFUSED' });
    await expect(refusal(entries, async (saleId) => saleId === id)).resolves.toBeUndefined();
  });
});
