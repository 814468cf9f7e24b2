/**
 * Jobs made by public encoders, sent by real TCP clients through a tap to the virtual
 * printer: what reaches the printer is what was sent, status answers come back, and the
 * journal gets each receipt with its card number masked and its fields recognised.
 */
import thermal from 'node-thermal-printer';
import { afterEach, describe, expect, it } from 'vitest';
import { containsPan } from '../src/core/index.js';
import { READY_STATE, encodeStatusResponse } from '../src/escpos/index.js';
import { cardNumber } from './support/card-numbers.js';
import { ENCODERS, encodedJob, fillThermal } from './support/encoder-jobs.js';
import { until } from './support/spooler-harness.js';
import { journalText, tapHarness, type TapHarness } from './support/tap-harness.js';

const DLE_EOT_ALL = Uint8Array.of(0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 3, 0x10, 0x04, 4);
const READY = Buffer.from([1, 2, 3, 4].map((n) => encodeStatusResponse(n, READY_STATE)));
const PAN = cardNumber('622588123456789');

describe('public encoders through the tap', () => {
  let h: TapHarness;
  afterEach(async () => h?.stop());

  for (const encoder of ENCODERS) {
    it(`${encoder}: bytes at the printer equal bytes sent, status answers come back, the journal has it masked`, async () => {
      h = await tapHarness();
      const jobs = [encodedJob(encoder, 'T01-0001', '35.50'), encodedJob(encoder, 'T01-0002', '128.00', PAN)];
      const pos = await h.pos();
      const sent: Uint8Array[] = [];
      for (const job of jobs) {
        const before = pos.received().length;
        await pos.send(job.bytes);
        await pos.send(DLE_EOT_ALL);
        sent.push(job.bytes, DLE_EOT_ALL);
        // The four status bytes come back (after any answers the job itself asked for).
        await until(() => pos.received().subarray(before).includes(READY), 'the status answers');
      }
      await pos.finish();
      await h.journal.waitFor(2);
      expect(h.printer.bytesOf(0)).toEqual(Buffer.concat(sent));
      expect(pos.received()).toEqual(h.printer.answersOf(0));
      expect((await h.printer.virtual.waitForJob(2)).text).toContain(PAN.slice(-4));
      const [first, second] = h.journal.jobs;
      expect(first?.text).toContain('T01-0001');
      expect(second?.text).toContain('T01-0002');
      expect(first?.fields.amount).toEqual({ minor: 3550, currency: 'CNY' });
      expect(second?.fields.amount).toEqual({ minor: 12800, currency: 'CNY' });
      expect(second?.fields.last4).toBe(PAN.slice(-4));
      expect(second?.maskedNumbers).toBe(1);
      expect(containsPan(journalText(h.journal.jobs))).toBe(false);
      expect(containsPan(Buffer.concat(h.journal.jobs.map((j) => Buffer.from(j.bytes))).toString('latin1'))).toBe(false);
      expect(containsPan(JSON.stringify(h.events))).toBe(false);
    });
  }

  it("node-thermal-printer's own network client (execute) prints through the tap as it would straight to the printer", async () => {
    h = await tapHarness();
    const printer = new thermal.ThermalPrinter({ type: thermal.PrinterTypes.EPSON, interface: `tcp://127.0.0.1:${h.port}`, width: 48, characterSet: thermal.CharacterSet.CHINA });
    expect(await printer.isPrinterConnected()).toBe(true);
    fillThermal(printer, 'NTP-0042', '66.60');
    const bytes = Buffer.from(printer.getBuffer());
    await printer.execute();
    await h.journal.waitFor(1);
    await h.event('job-delivered', (e) => e.outcome === 'sent');
    // Its connection check made a connection with no bytes; the job went on the second.
    expect(h.printer.bytesOf(1)).toEqual(bytes);
    expect(h.journal.jobs[0]).toMatchObject({ connection: 2, endedBy: 'cut', fields: { merchant: '北京华联超市', voucherNo: 'NTP-0042', amount: { minor: 6660, currency: 'CNY' } } });
  });
});
