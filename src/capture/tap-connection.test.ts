import { describe, expect, it } from 'vitest';
import { localiseError } from '../i18n/index.js';
import { LinkState, PrinterUnreachableError, type PrinterByteLink } from '../printer/index.js';
import { ManualTimers } from '../../test/support/manual-timers.js';
import { TapConnection, type ConnectionOptions, type UndeliveredJob } from './tap-connection.js';
import type { TapEvent } from './tap-events.js';

/** A printer link in memory: keeps what is written, closes in order when ended. */
function memoryLink(): PrinterByteLink & { written: number[] } {
  const state = new LinkState();
  const written: number[] = [];
  return {
    address: 'tcp://memory:9100',
    written,
    write: async (bytes) => void written.push(...bytes),
    onData: (listener) => state.onData(listener),
    onDown: (listener) => state.onDown(listener),
    end: () => state.down(undefined),
    destroy: () => state.down(undefined),
  };
}

function connection(overrides: Partial<ConnectionOptions> = {}) {
  const events: TapEvent[] = [];
  const recorded: unknown[] = [];
  const handed: UndeliveredJob[] = [];
  const timers = new ManualTimers();
  const link = memoryLink();
  const tap = new TapConnection({
    id: 1,
    channel: 'tcp',
    peer: '10.0.0.5:50123',
    source: 'front-till',
    pos: { write: () => undefined, end: () => undefined, pause: () => undefined, resume: () => undefined },
    targets: [{ address: link.address, backup: false, open: async () => link }],
    kanji: true,
    idleGapMs: 2000,
    timers,
    now: timers.now,
    newId: () => 'id-1',
    maxQueueBytes: 1024,
    build: () => undefined,
    record: (job) => recorded.push(job),
    delivered: () => undefined,
    handOver: (job) => handed.push(job),
    emit: (event) => events.push(event),
    ...overrides,
  });
  return { tap, events, recorded, handed, link };
}

describe('TapConnection', () => {
  it('keeps printing when a job cannot be read for the journal, and says so without its content', async () => {
    const { tap, events, link } = connection({
      build: () => {
        throw Object.assign(new Error('6225881234567897 broke the reader'), { code: 'READER_BROKE' });
      },
    });
    const bytes = Uint8Array.from([...Buffer.from('HELLO 6225881234567897\n'), 0x1d, 0x56, 0x42, 0]);
    tap.data(bytes);
    await tap.close();
    expect(link.written).toEqual([...bytes]);
    const warning = events.find((e) => e.type === 'warning');
    expect(warning).toMatchObject({ code: 'TAP_CAPTURE_FAILED', message: 'job 1 from 10.0.0.5:50123 printed but could not be read for the journal (READER_BROKE)' });
    expect(JSON.stringify(events)).not.toMatch(/6225881234567897/);
    expect(warning?.type === 'warning' && localiseError(warning, 'zh')).toEqual({
      title: '小票没能记录',
      detail: '收银机 10.0.0.5:50123 发来的第 1 张小票已打印，但没能读取并记入日志',
      hint: '小票本身已经打印；请把这个问题和发生的时间报告给管理员',
    });
    expect(events).toContainEqual({ type: 'job-skipped', connection: 1, seq: 1, bytes: bytes.length, reason: 'nothing-printed' });
  });

  it('hands a job over as not sent when no printer can be reached, without trying again before the retry time', async () => {
    let attempts = 0;
    const job = { id: 'id-1', fields: {}, maskedNumbers: 0 } as never;
    const { tap, handed, events } = connection({
      build: () => job,
      targets: [
        {
          address: 'tcp://down:9100',
          backup: false,
          open: async () => {
            attempts++;
            throw new PrinterUnreachableError('cannot connect to the printer at tcp://down:9100: ECONNREFUSED');
          },
        },
      ],
    });
    tap.data(Uint8Array.from([...Buffer.from('ONE\n'), 0x1b, 0x69]));
    tap.data(Uint8Array.from([...Buffer.from('TWO\n'), 0x1b, 0x69]));
    await tap.close();
    expect(attempts).toBe(1);
    expect(handed.map((h) => [h.outcome, h.reason?.code])).toEqual([
      ['not-sent', 'PRINTER_UNREACHABLE'],
      ['not-sent', 'PRINTER_UNREACHABLE'],
    ]);
    expect(events.filter((e) => e.type === 'printer-lost')).toHaveLength(1);
  });
});
