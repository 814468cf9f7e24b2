/**
 * Head office's integrity alerts beside its shops': whether an alert was written already is
 * decided from head office's own audit chain, and a shop's record is named with its store. A
 * shop's pushed audit chain (its own alerts, or anything it chose to write) must not keep head
 * office from journaling what it found, nor may a shop's record pass for head office's own at
 * the same place in a chain of the same terminal number.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/app.js';
import { AUDIT_CHAIN, GENESIS_HASH, Journal, eventHash, type ReplicaEvent } from '../src/journal/index.js';
import { tempDir } from './support/cli.js';
import { nthSale } from './support/fixtures.js';
import { replicaSales } from './support/replica-events.js';
import { tamperSqlite } from './support/tamper.js';

const TERMINAL = '10023456';
const saleId = (n: number) => `${TERMINAL}-000128-${String(n).padStart(6, '0')}`;

/** A shop's audit chain holding integrity alerts about `subjects`, as its outbox would push it. */
function shopAlerts(subjects: readonly string[]): ReplicaEvent[] {
  const out: ReplicaEvent[] = [];
  for (const subject of subjects) {
    const prev = out.at(-1) ?? { seq: 0, hash: GENESIS_HASH };
    const event = { seq: prev.seq + 1, type: 'integrity.alert', recordedAt: '2026-11-27T07:00:00.000Z', payload: JSON.stringify({ subject, problem: 'edited', at: '2026-11-27T07:00:00.000Z' }), prevHash: prev.hash };
    out.push({ ...event, hash: eventHash({ ...event, storeId: '', terminalId: AUDIT_CHAIN }) });
  }
  return out;
}

describe("head office's own integrity alerts, with shops' chains beside them (SQLite)", () => {
  let dir: ReturnType<typeof tempDir> | undefined;
  let journal: Journal | undefined;
  afterEach(async () => {
    await journal?.close();
    dir?.remove();
  });

  async function headOffice(): Promise<{ journal: Journal; file: string }> {
    dir = tempDir('hq-own-alerts-');
    const file = join(dir.path, 'hq.db');
    let now = Date.parse('2026-11-27T08:00:00Z');
    journal = new Journal({ store: await openStore(file, { create: true }), clock: () => now++ });
    // Head office's own sales 1 and 2: events 1 and 2 of its chain 10023456.
    await journal.recordMany([nthSale(1), nthSale(2)]);
    return { journal, file };
  }

  const own = async (j: Journal) => (await j.eventsOf(AUDIT_CHAIN, { types: ['integrity.alert'], limit: 100 })).map((e) => JSON.parse(e.payload) as Record<string, unknown>).reverse();
  const refusal = (j: Journal, id: string) => j.get(id).then(() => undefined, (e: { code?: string }) => e.code);

  it('journals its own edited sale although a shop pushed alerts with the same subjects', async () => {
    const { journal: hq, file } = await headOffice();
    await hq.replicate('SH-777', AUDIT_CHAIN, shopAlerts([`event:${TERMINAL}:2`, 'job:1']));
    tamperSqlite(file, `UPDATE events SET payload = replace(payload, '12.02', '1200.02') WHERE store_id = '' AND terminal_id = '${TERMINAL}' AND seq = 2`);
    expect(await refusal(hq, saleId(2))).toBe('RECORD_ALTERED');
    expect(await own(hq)).toEqual([expect.objectContaining({ saleId: saleId(2), terminalId: TERMINAL, seq: 2, problem: 'edited' })]);
  });

  it("tells a shop's edited sale from its own at the same place of a chain, each alerted once", async () => {
    const { journal: hq, file } = await headOffice();
    // The shop's terminal has head office's number: its sale 12 is event 2 of its chain 10023456 too.
    await hq.replicate('SH-777', TERMINAL, replicaSales('SH-777', TERMINAL, [11, 12]));
    tamperSqlite(file, `UPDATE events SET payload = replace(payload, '22.12', '2200.12') WHERE store_id = 'SH-777' AND terminal_id = '${TERMINAL}' AND seq = 2`);
    expect(await refusal(hq, saleId(12))).toBe('RECORD_ALTERED');
    tamperSqlite(file, `UPDATE events SET payload = replace(payload, '12.02', '1200.02') WHERE store_id = '' AND terminal_id = '${TERMINAL}' AND seq = 2`);
    expect(await refusal(hq, saleId(2))).toBe('RECORD_ALTERED');
    // Asked for again: nothing more to say.
    expect(await refusal(hq, saleId(12))).toBe('RECORD_ALTERED');
    expect(await refusal(hq, saleId(2))).toBe('RECORD_ALTERED');
    const alerts = await own(hq);
    expect(alerts).toEqual([
      expect.objectContaining({ subject: `store:SH-777:event:${TERMINAL}:2`, storeId: 'SH-777', saleId: saleId(12), terminalId: TERMINAL, seq: 2, problem: 'edited' }),
      expect.objectContaining({ subject: `event:${TERMINAL}:2`, saleId: saleId(2), terminalId: TERMINAL, seq: 2, problem: 'edited' }),
    ]);
    expect(alerts[1]).not.toHaveProperty('storeId');
  });
});
