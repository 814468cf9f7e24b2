import { describe, expect, it } from 'vitest';
import { localiseError } from '../i18n/index.js';
import { LinkState, PrinterUnreachableError, type PrinterByteLink } from '../printer/index.js';
import { ManualTimers } from '../../test/support/manual-timers.js';
import { TapConnection, type ConnectionOptions, type UndeliveredJob } from './tap-connection.js';
import type { TapEvent } from './tap-events.js';

/** A printer link in memory: keeps what is written, closes in order when ended. */
type MemoryLink = PrinterByteLink & { written: number[]; answer: (bytes: Uint8Array) => void; hangUp: () => void };

function memoryLink(): MemoryLink {
  const state = new LinkState();
  const written: number[] = [];
  const link: MemoryLink = {
    address: 'tcp://memory:9100',
    written,
    /** The printer sends these bytes back. */
    answer: (bytes: Uint8Array) => state.data(bytes),
    /** The printer closes the connection in order, unasked. */
    hangUp: () => state.down(undefined),
    write: async (bytes: Uint8Array) => void written.push(...bytes),
    onData: (listener) => state.onData(listener),
    onDown: (listener) => state.onDown(listener),
    end: () => state.down(undefined),
    destroy: () => state.down(undefined),
  };
  return link;
}

/** Lets the event loop go round: what was scheduled for the next turns runs. */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

const STATUS_QUERY = [0x10, 0x04, 0x01];

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
  return { tap, events, recorded, handed, link, timers };
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
    expect(events).toContainEqual({ type: 'job-skipped', connection: 1, seq: 1, bytes: bytes.length, reason: 'unreadable' });
  });

  it('reads with a reader that answers later one job at a time, records them in order, wipes each job at once, and closes only when all are read', async () => {
    const asked: { text: string; wiped: () => boolean }[] = [];
    const answers: ((capture: unknown) => void)[] = [];
    const { tap, recorded } = connection({
      build: (raw, meta) => {
        asked.push({ text: Buffer.from(raw).toString('latin1'), wiped: () => raw.every((b) => b === 0) });
        return new Promise((resolve) => answers.push((capture) => resolve(capture as never))).then(() => ({ id: `id-${meta.seq}`, fields: {}, maskedNumbers: 0 }) as never);
      },
    });
    tap.data(Uint8Array.from([...Buffer.from('ONE\n'), 0x1b, 0x69, ...Buffer.from('TWO\n'), 0x1b, 0x69]));
    await turns(5);
    // The second waits for the first's answer; the first's bytes are wiped while it is read.
    expect(asked.map((a) => a.text.slice(0, 3))).toEqual(['ONE']);
    expect(asked[0]?.wiped()).toBe(true);
    let closed = false;
    const closing = tap.close().then(() => (closed = true));
    answers[0]?.(undefined);
    await turns(5);
    expect(asked.map((a) => a.text.slice(0, 3))).toEqual(['ONE', 'TWO']);
    expect(closed).toBe(false);
    answers[1]?.(undefined);
    await closing;
    expect(recorded.map((r) => (r as { id: string }).id)).toEqual(['id-1', 'id-2']);
  });

  it('says a job a reader refused (its promise rejected) could not be read, with its code only, and reads the next', async () => {
    let calls = 0;
    const { tap, events, recorded } = connection({
      build: async (_raw, meta) => {
        if (++calls === 1) throw Object.assign(new Error('6225881234567897 broke the reader thread'), { code: 'CAPTURE_READER_STOPPED' });
        return { id: `id-${meta.seq}`, fields: {}, maskedNumbers: 0 } as never;
      },
    });
    tap.data(Uint8Array.from([...Buffer.from('ONE 6225881234567897\n'), 0x1b, 0x69, ...Buffer.from('TWO\n'), 0x1b, 0x69]));
    await tap.close();
    expect(events.find((e) => e.type === 'warning')).toMatchObject({ code: 'TAP_CAPTURE_FAILED', context: { seq: 1, failure: 'CAPTURE_READER_STOPPED' } });
    expect(JSON.stringify(events)).not.toMatch(/6225881234567897/);
    expect(recorded.map((r) => (r as { id: string }).id)).toEqual(['id-2']);
    expect(events.filter((e) => e.type === 'job-skipped').map((e) => e.type === 'job-skipped' && [e.seq, e.reason])).toEqual([[1, 'unreadable']]);
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

  it('calls a job that went out just before the printer closed the connection unasked "unconfirmed", and one that went out long before "sent"', async () => {
    let ids = 0;
    const { tap, link, events, handed, timers } = connection({ build: () => ({ id: `id-${++ids}`, fields: {}, maskedNumbers: 0 }) as never });
    tap.data(Uint8Array.from([...Buffer.from('LONG AGO\n'), 0x1b, 0x69]));
    await turns(5);
    timers.advance(2000);
    tap.data(Uint8Array.from([...Buffer.from('JUST NOW\n'), 0x1b, 0x69]));
    await turns(5);
    timers.advance(1999);
    link.hangUp();
    await turns(5);
    expect(events.flatMap((e) => (e.type === 'job-delivered' ? [[e.seq, e.outcome]] : []))).toEqual([
      [1, 'sent'],
      [2, 'unconfirmed'],
    ]);
    expect(handed.map((h) => [h.capture.id, h.outcome, h.reason?.context['rule']])).toEqual([['id-2', 'unconfirmed', 'after-job']]);
    const reason = handed[0]?.reason;
    expect(reason && localiseError(reason, 'zh')).toMatchObject({ detail: '打印机 tcp://memory:9100 在第 2 张刚发出时断开了连接，可能没收全', hint: '这张可能没有打印：看一下出纸，需要的话补打重印凭证' });
    expect(reason && localiseError(reason, 'en')).toMatchObject({ detail: 'the printer at tcp://memory:9100 closed the connection right after job 2 went out: it may not have read all of it' });
    await tap.close();
  });

  it("reads a finished job only once the printer's answer to the POS's status query has gone back to the POS", async () => {
    const order: string[] = [];
    const { tap, link } = connection({
      build: () => void order.push('read'),
      pos: { write: () => void order.push('answer to the POS'), end: () => undefined, pause: () => undefined, resume: () => undefined },
    });
    const bytes = Uint8Array.from([...Buffer.from('TOTAL 12.50\n'), 0x1d, 0x56, 0x42, 0, ...STATUS_QUERY]);
    tap.data(bytes);
    await turns(5);
    expect(link.written).toEqual([...bytes]);
    expect(order).toEqual([]);
    link.answer(Uint8Array.of(0x12));
    await turns(2);
    expect(order).toEqual(['answer to the POS', 'read']);
    await tap.close();
  });

  it('reads the job all the same when the printer never answers the status query', async () => {
    let reads = 0;
    const { tap, timers } = connection({ build: () => void reads++ });
    tap.data(Uint8Array.from([...Buffer.from('TOTAL 12.50\n'), 0x1d, 0x56, 0x42, 0, ...STATUS_QUERY]));
    await turns(5);
    timers.advance(19);
    await turns(2);
    expect(reads).toBe(0);
    timers.advance(1);
    await turns(2);
    expect(reads).toBe(1);
    await tap.close();
  });

  it('ends a job that grows past maxJobBytes without a cut or a pause (a POS that never stops sending): what the tap holds stays bounded, every byte still prints', async () => {
    const built: { bytes: number; endedBy: string }[] = [];
    const { tap, link } = connection({
      maxJobBytes: 1000,
      maxQueueBytes: 1 << 20,
      build: (raw, meta) => void built.push({ bytes: raw.length, endedBy: meta.endedBy }),
    });
    const chunk = new Uint8Array(400).fill(0x41);
    for (let i = 0; i < 6; i++) tap.data(chunk);
    await tap.close();
    // 400 + 400 + 400 reach the limit: a job of 1,200 bytes, then another, then what was left at the close.
    expect(built).toEqual([{ bytes: 1200, endedBy: 'size' }, { bytes: 1200, endedBy: 'size' }]);
    expect(link.written).toHaveLength(2400);
  });

  it('does not end a job by its size in the middle of a number: the piece runs on to where the number ends', async () => {
    const built: string[] = [];
    const { tap, link } = connection({
      maxJobBytes: 30,
      maxQueueBytes: 1 << 20,
      build: (raw) => void built.push(Buffer.from(raw).toString('latin1')),
    });
    tap.data(Buffer.from('RECEIPT LINE ONE\nCARD NO: 6225 8812 34'));
    tap.data(Buffer.from('56 4242\nTOTAL'));
    tap.data(Buffer.from(' 12.50\n'));
    await tap.close();
    expect(built).toEqual(['RECEIPT LINE ONE\nCARD NO: 6225 8812 3456 4242\nTOTAL', ' 12.50\n']);
    expect(link.written).toHaveLength(58);
  });

  it('waits out a pause in the middle of a number (up to five gaps), so no card number is cut in two captures', async () => {
    const built: { text: string; endedBy: string }[] = [];
    const { tap, timers } = connection({ build: (raw, meta) => void built.push({ text: Buffer.from(raw).toString('latin1'), endedBy: meta.endedBy }) });
    tap.data(Buffer.from('CARD NO: 6225 8812 '));
    timers.advance(2000 * 4);
    await turns(3);
    expect(built).toEqual([]);
    tap.data(Buffer.from('3456 4242\nTHANK YOU\n'));
    timers.advance(2000);
    await turns(3);
    expect(built).toEqual([{ text: 'CARD NO: 6225 8812 3456 4242\nTHANK YOU\n', endedBy: 'idle' }]);
    // A POS that stops for good inside a number still has its job ended, after five gaps.
    tap.data(Buffer.from('REF 1330'));
    timers.advance(2000 * 4);
    await turns(3);
    expect(built).toHaveLength(1);
    timers.advance(2000);
    await turns(3);
    expect(built[1]).toEqual({ text: 'REF 1330', endedBy: 'idle' });
    await tap.close();
  });
});
