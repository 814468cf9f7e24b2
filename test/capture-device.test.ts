import { afterEach, describe, expect, it } from 'vitest';
import { READY_STATE, encodeEscPos, encodeStatusResponse } from '../src/escpos/index.js';
import { localiseError } from '../src/i18n/index.js';
import { startPtyPrinter, type PtyPrinter } from './support/pty-printer.js';
import { recordingPrinter, type RecordingPrinter } from './support/recording-printer.js';
import { tapHarness, type TapHarness } from './support/tap-harness.js';
import { until } from './support/spooler-harness.js';

const DLE_EOT_ALL = Uint8Array.of(0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 3, 0x10, 0x04, 4);
const receipt = (title: string) =>
  encodeEscPos({ columns: 48, dots: 576, blocks: [{ type: 'text', runs: [{ text: title }] }, { type: 'text', runs: [{ text: '应收 18.80' }] }, { type: 'cut', partial: true }] }, 'generic-80');

describe('the tap in front of a serial or USB printer', () => {
  let h: TapHarness | undefined;
  let bridge: PtyPrinter | undefined;
  let device: RecordingPrinter | undefined;
  afterEach(async () => {
    await h?.stop();
    await bridge?.stop();
    await device?.virtual.stop();
  });

  for (const kind of ['serial', 'usb'] as const) {
    it(`forwards jobs and status answers through a ${kind} device, connections taking turns on it`, async () => {
      device = await recordingPrinter();
      bridge = await startPtyPrinter('127.0.0.1', device.port, { cooked: kind === 'serial' });
      h = await tapHarness({ printerAddress: kind === 'serial' ? `serial:${bridge.path}:115200` : bridge.path });
      const first = await h.pos();
      const second = await h.pos();
      await first.send(DLE_EOT_ALL);
      expect(await first.answers(4)).toEqual(Buffer.from([1, 2, 3, 4].map((n) => encodeStatusResponse(n, READY_STATE))));
      const a = receipt('FIRST TILL');
      const b = receipt('SECOND TILL');
      // The second till waits while the first holds the line, then goes.
      await second.send(b);
      await first.send(a);
      await first.finish();
      await second.finish();
      await h.journal.waitFor(2);
      // One line, one byte stream: the first connection's bytes, then the second's (the pty passes them on in its own time).
      const expected = Buffer.concat([DLE_EOT_ALL, a, b]);
      await until(() => (device?.bytesOf(0).length ?? 0) >= expected.length, 'the printer to receive both jobs');
      expect(device.bytesOf(0)).toEqual(expected);
      // Captured as each job ended, which was before its turn on the line came.
      expect(h.journal.jobs.map((j) => [j.connection, j.text.trim().split('\n')[0]]).sort()).toEqual([
        [1, 'FIRST TILL'],
        [2, 'SECOND TILL'],
      ]);
      expect(h.events.filter((e) => e.type === 'job-delivered').map((e) => (e as { outcome: string }).outcome)).toEqual(['sent', 'sent']);
    });
  }

  it('gives up on a device held by another connection after deviceWaitMs, and hands the job over', async () => {
    device = await recordingPrinter();
    bridge = await startPtyPrinter('127.0.0.1', device.port);
    h = await tapHarness({ printerAddress: bridge.path, deviceWaitMs: 200 });
    const holder = await h.pos();
    // A POS that keeps its connection (and so the line) open.
    await holder.send(DLE_EOT_ALL);
    await holder.answers(4);
    const waiting = await h.pos();
    await waiting.send(receipt('NEVER GOT THE LINE'));
    const delivered = await h.event('job-delivered', (e) => e.connection === 2);
    expect(delivered.outcome).toBe('not-sent');
    await h.event('job-handed-over');
    expect(h.handedOver[0]?.reason).toMatchObject({ code: 'PRINTER_UNREACHABLE', message: expect.stringMatching(/stayed busy with another POS connection for 200 ms/) });
    const reason = h.handedOver[0]?.reason;
    expect(reason && localiseError(reason, 'zh')).toMatchObject({
      title: '打印机正忙',
      detail: `打印机 device:${bridge.path} 被另一台收银机的连接占着，等了 1 秒还没空出来`,
      hint: 'USB 或串口打印机一次只能接一个连接，一直不断开的收银机会占住它；这张小票已记入日志',
    });
    await waiting.finish();
    await holder.finish();
  });
});
