import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { containsPan } from '../src/core/index.js';
import { encodeEscPos, encodePrinterIdResponse, encodeProcessIdResponse } from '../src/escpos/index.js';
import type { Block } from '../src/receipt/index.js';
import { cardNumber, grouped } from './support/card-numbers.js';
import { RECEIPTS } from './support/captured-receipts.js';
import { ManualTimers } from './support/manual-timers.js';
import { posClient } from './support/tap-harness.js';
import { until } from './support/spooler-harness.js';
import { journalText, tapHarness, type TapHarness } from './support/tap-harness.js';

const DLE_EOT_ALL = Uint8Array.of(0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 3, 0x10, 0x04, 4);
const PAN = cardNumber('622588123456789');

/** A receipt as a POS prints it: our encoder's bytes for the lines, then a cut. */
function receiptBytes(lines: readonly string[], extra: Block[] = []): Uint8Array {
  const blocks: Block[] = [...lines.map((text): Block => ({ type: 'text', runs: [{ text }] })), ...extra, { type: 'feed', lines: 2 }, { type: 'cut', partial: true }];
  return encodeEscPos({ columns: 48, dots: 576, blocks }, 'generic-80');
}

describe('the tap: transparent on the wire', () => {
  let h: TapHarness;
  afterEach(async () => h?.stop());

  it('passes a job to the printer byte for byte and journals it with its fields', async () => {
    h = await tapHarness();
    const receipt = RECEIPTS[1];
    if (!receipt) throw new Error('no receipt');
    const bytes = receiptBytes(receipt.lines);
    const pos = await h.pos();
    await pos.send(bytes);
    await pos.finish();
    await h.journal.waitFor(1);
    expect(h.printer.bytesOf(0)).toEqual(Buffer.from(bytes));
    const printed = await h.printer.virtual.waitForJob(1);
    expect(printed.text).toContain('上海好又多超市有限公司');
    const [job] = h.journal.jobs;
    expect(job).toMatchObject({ source: 'front-till', channel: 'tcp', connection: 1, seq: 1, endedBy: 'cut', kanji: true, maskedNumbers: 0, bytesWithheld: false });
    expect(job?.bytes).toEqual(bytes);
    expect(job?.id).toMatch(/^cap-[a-z]{24}$/);
    expect(job?.text).toBe(printed.text);
    expect(job?.fields).toEqual(receipt.fields);
    expect(Date.parse(job?.capturedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(job?.startedAt ?? ''));
    await h.event('job-delivered', (e) => e.seq === 1 && e.outcome === 'sent');
  });

  it("returns the printer's status answers to the POS unchanged: DLE EOT, GS I, GS ( H, automatic status back", async () => {
    h = await tapHarness();
    const pos = await h.pos();
    const direct = await posClient(h.printer.port);
    const both = async (bytes: Uint8Array, count: number) => {
      const [a, b] = [pos.received().length, direct.received().length];
      await Promise.all([pos.send(bytes), direct.send(bytes)]);
      const [viaTap, straight] = await Promise.all([pos.answers(a + count), direct.answers(b + count)]);
      expect(viaTap.subarray(a)).toEqual(straight.subarray(b));
      return viaTap.subarray(a);
    };
    expect(await both(DLE_EOT_ALL, 4)).toHaveLength(4);
    h.printer.virtual.setFault('paper-out');
    const out = await both(DLE_EOT_ALL, 4);
    expect((out[3] ?? 0) & 0x60).toBe(0x60);
    h.printer.virtual.setFault(undefined);
    // GS I 67: the model name as "_" text NUL.
    const model = encodePrinterIdResponse(67, h.printer.virtual.identity);
    expect(await both(Uint8Array.of(0x1d, 0x49, 67), model.length)).toEqual(Buffer.from(model));
    // GS a: automatic status back, at once and again when the state changes.
    const before = pos.received().length;
    await pos.send(Uint8Array.of(0x1d, 0x61, 0xff));
    await pos.answers(before + 4);
    h.printer.virtual.setFault('cover-open');
    const asb = await pos.answers(before + 8);
    expect((asb[before + 4] ?? 0) & 0x20).toBe(0x20);
    h.printer.virtual.setFault(undefined);
    await pos.answers(before + 12);
    // GS ( H: answered only once the receipt before it has printed.
    const from = pos.received().length;
    await pos.send(receiptBytes(['PROCESS ID TEST']));
    await pos.send(Uint8Array.of(0x1d, 0x28, 0x48, 6, 0, 48, 48, ...Buffer.from('AB12')));
    const answer = encodeProcessIdResponse('AB12');
    const all = await pos.answers(from + answer.length);
    expect(all.subarray(from)).toEqual(Buffer.from(answer));
    expect(h.printer.virtual.jobs().some((j) => j.text.includes('PROCESS ID TEST'))).toBe(true);
    await pos.finish();
    await direct.finish();
  });

  it('keeps each of several POS connections in order, and their bytes apart', async () => {
    h = await tapHarness();
    const tills = await Promise.all([1, 2, 3].map(() => h.pos()));
    const sent: Buffer[] = tills.map(() => Buffer.alloc(0));
    for (let n = 1; n <= 4; n++) {
      await Promise.all(
        tills.map(async (pos, i) => {
          const bytes = receiptBytes([`TILL ${i + 1} RECEIPT ${n}`, `合计 ${n}${i}.00`]);
          sent[i] = Buffer.concat([sent[i] as Buffer, bytes]);
          await pos.send(bytes);
        }),
      );
    }
    await Promise.all(tills.map((pos) => pos.finish()));
    await h.journal.waitFor(12);
    // Each POS connection had its own printer connection carrying exactly its bytes.
    const atPrinter = [0, 1, 2].map((c) => h.printer.bytesOf(c));
    expect(atPrinter.map((b) => b.toString('hex')).sort()).toEqual(sent.map((b) => b.toString('hex')).sort());
    for (const connection of [1, 2, 3]) {
      const jobs = h.journal.ofConnection(connection);
      expect(jobs.map((j) => j.seq)).toEqual([1, 2, 3, 4]);
      const till = /TILL (\d)/.exec(jobs[0]?.text ?? '')?.[1];
      expect(jobs.map((j) => /RECEIPT (\d)/.exec(j.text)?.[1])).toEqual(['1', '2', '3', '4']);
      expect(jobs.every((j) => j.text.includes(`TILL ${till}`))).toBe(true);
    }
  });
});

describe('the tap: where jobs end', () => {
  let h: TapHarness;
  afterEach(async () => h?.stop());

  it('takes at most maxConnections POS connections at once: more are closed, said once a flood, and one is taken again when one closes', async () => {
    h = await tapHarness({ maxConnections: 2 });
    const closed = (c: { socket: { closed: boolean; once: (e: 'close', f: () => void) => unknown } }) => (c.socket.closed ? Promise.resolve() : new Promise<void>((resolve) => c.socket.once('close', resolve)));
    const first = await h.pos();
    const second = await h.pos();
    await h.event('connection-opened', () => true, 2);
    const third = await h.pos();
    const fourth = await h.pos();
    await Promise.all([closed(third), closed(fourth)]);
    const warnings = h.events.filter((e) => e.type === 'warning' && e.code === 'TAP_TOO_MANY_CONNECTIONS');
    expect(warnings).toEqual([expect.objectContaining({ context: expect.objectContaining({ channel: 'tcp', max: 2 }) })]);
    expect(h.events.filter((e) => e.type === 'connection-opened')).toHaveLength(2);
    // The two taken still print; once one closes, a new connection is taken and prints too.
    await first.send(receiptBytes(['FIRST']));
    await first.finish();
    await h.event('connection-closed', () => true, 1);
    const fifth = await h.pos();
    await fifth.send(receiptBytes(['FIFTH']));
    await fifth.finish();
    await second.finish();
    await h.journal.waitFor(2);
    expect(h.journal.jobs.map((j) => j.text.trim().split('\n')[0]).sort()).toEqual(['FIFTH', 'FIRST']);
  });

  it('ends a job at each cut command (GS V, ESC i, ESC m), and only there', async () => {
    h = await tapHarness();
    const raster = Uint8Array.of(0x1d, 0x76, 0x30, 0, 2, 0, 2, 0, 0x1d, 0x56, 0x1d, 0x56);
    const text = (s: string) => [...iconv.encode(s, 'gb18030'), 0x0a];
    const bytes = Uint8Array.from([
      0x1b, 0x40, ...text('ONE 合计 1.00'), 0x1d, 0x56, 0x42, 0x00,
      0x1b, 0x40, ...text('TWO 合计 2.00'), ...raster, 0x1b, 0x69,
      0x1b, 0x40, ...text('THREE 合计 3.00'), 0x1b, 0x6d,
      0x1b, 0x40, ...text('FOUR, no cut'),
    ]);
    const pos = await h.pos();
    // In small pieces, so cuts and the image arrive split across chunks.
    for (let i = 0; i < bytes.length; i += 5) await pos.send(bytes.subarray(i, i + 5));
    await pos.finish();
    await h.journal.waitFor(4);
    expect(h.journal.jobs.map((j) => [j.seq, j.endedBy, j.text.trim().split('\n')[0]])).toEqual([
      [1, 'cut', 'ONE 合计 1.00'],
      [2, 'cut', 'TWO 合计 2.00'],
      [3, 'cut', 'THREE 合计 3.00'],
      [4, 'close', 'FOUR, no cut'],
    ]);
    expect(Buffer.concat(h.journal.jobs.map((j) => j.bytes))).toEqual(Buffer.from(bytes));
    expect(h.printer.bytesOf(0)).toEqual(Buffer.from(bytes));
  });

  it('ends a job after a pause in the data (2 s by default), but not in the middle of a command', async () => {
    const timers = new ManualTimers();
    h = await tapHarness({ timers, now: timers.now });
    const pos = await h.pos();
    await pos.send(Uint8Array.from([0x1b, 0x40, ...Buffer.from('FIRST\n')]));
    await until(() => h.printer.bytesOf(0).length === 8, 'the printer to receive the bytes');
    timers.advance(1999);
    expect(h.events.some((e) => e.type === 'job-captured')).toBe(false);
    timers.advance(1);
    await h.event('job-captured', (e) => e.seq === 1 && e.endedBy === 'idle');
    // Half an image, then a pause: the job does not end inside the command.
    await pos.send(Uint8Array.from([...Buffer.from('SECOND\n'), 0x1d, 0x76, 0x30, 0, 1, 0, 2, 0, 0xff]));
    await until(() => h.printer.bytesOf(0).length === 8 + 7 + 9, 'the printer to receive the bytes');
    timers.advance(5000);
    await pos.send(Uint8Array.of(0x81, 0x0a));
    await until(() => h.printer.bytesOf(0).length === 8 + 7 + 9 + 2, 'the printer to receive the bytes');
    timers.advance(2000);
    const second = await h.event('job-captured', (e) => e.seq === 2);
    expect(second.endedBy).toBe('idle');
    expect(second.bytes).toBe(7 + 9 + 2);
    await pos.finish();
  });

  it('skips a job that prints nothing (a status poll), and carries many jobs on one connection', async () => {
    h = await tapHarness();
    const pos = await h.pos();
    for (let n = 1; n <= 3; n++) {
      await pos.send(DLE_EOT_ALL);
      await pos.answers(4 * n);
      await pos.send(receiptBytes([`RECEIPT ${n}`, `TOTAL ${n}.50`]));
    }
    await pos.finish();
    await h.journal.waitFor(3);
    expect(h.journal.jobs.map((j) => j.fields.amount?.minor)).toEqual([150, 250, 350]);
    // The poll before each receipt travels with it: nothing ended the job in between.
    expect(h.journal.jobs.map((j) => Buffer.from(j.bytes.subarray(0, 3)).toString('hex'))).toEqual(['100401', '100401', '100401']);
  });
});

describe('the tap: card numbers', () => {
  let h: TapHarness;
  afterEach(async () => h?.stop());

  it('sends the original to the printer and journals the number masked in place; no event or answer carries it', async () => {
    h = await tapHarness();
    const bytes = receiptBytes(['银联POS签购单', '卡号(CARD NO):', `  ${grouped(PAN)} /C`, '金额(AMOUNT): RMB 12.50']);
    const pos = await h.pos();
    await pos.send(bytes);
    await pos.finish();
    await h.journal.waitFor(1);
    // The customer's paper is the POS's business: the printer gets exactly what the POS sent.
    expect(h.printer.bytesOf(0)).toEqual(Buffer.from(bytes));
    expect((await h.printer.virtual.waitForJob(1)).text).toContain(grouped(PAN));
    const [job] = h.journal.jobs;
    expect(job?.bytes.length).toBe(bytes.length);
    expect(job?.maskedNumbers).toBe(1);
    expect(job?.text).toContain(`6225 88** **** ${PAN.slice(-4)} /C`);
    expect(job?.fields.last4).toBe(PAN.slice(-4));
    expect(containsPan(Buffer.from(job?.bytes ?? []).toString('latin1'))).toBe(false);
    expect(containsPan(journalText(h.journal.jobs))).toBe(false);
    expect(containsPan(JSON.stringify(h.events))).toBe(false);
  });
});
