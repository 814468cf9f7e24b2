import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import receiptline from 'receiptline';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { inputErrorOf } from './support/errors.js';
import {
  FaultNames,
  PrinterEngine,
  VirtualPrinter,
  describeJob,
  faultState,
  formatFault,
  parseFault,
  type ByteConnection,
  type EmulatorFiles,
  type PrintedJob,
  type StateChange,
  type Timers,
  type VirtualPrinterOptions,
} from '../src/emulator/index.js';
import { READY_STATE, decodeAsb, encodeEscPos, parseToDocument, printerProfile } from '../src/escpos/index.js';
import { TcpPrinter } from '../src/printer/index.js';
import { PAPER_PROFILES, displayWidth, layoutScene, type ReceiptDocument } from '../src/receipt/index.js';
import { decodePng } from './support/png-decode.js';

// ---------------------------------------------------------------- fixtures

function receipt(title: string, extraFeed = 0): ReceiptDocument {
  return {
    columns: 48,
    dots: 576,
    blocks: [
      { type: 'text', align: 'center', runs: [{ text: '好又多超市 HAOYOUDUO', style: { bold: true, width: 2, height: 2 } }] },
      { type: 'text', align: 'center', runs: [{ text: title }] },
      { type: 'rule' },
      { type: 'text', runs: [{ text: row('可口可乐 Coke 330ml x2', '￥7.00') }] },
      { type: 'text', runs: [{ text: row('奥利奥 Oreo', '￥12.90') }] },
      { type: 'rule', char: '=' },
      { type: 'text', runs: [{ text: '合计 TOTAL', style: { bold: true } }, { text: row('', '￥19.90', 48 - displayWidth('合计 TOTAL')) }] },
      { type: 'qr', data: 'https://example.com/r/10023456-000128-000457', align: 'center' },
      ...(extraFeed > 0 ? [{ type: 'feed' as const, lines: extraFeed }] : []),
      { type: 'feed', lines: 2 },
      { type: 'cut', partial: true },
    ],
  };
}

function row(left: string, right: string, width = 48): string {
  return left + ' '.repeat(width - displayWidth(left) - displayWidth(right)) + right;
}

const bytesOf = (title: string, extraFeed = 0) => encodeEscPos(receipt(title, extraFeed), 'generic-80');
const GS_H = (id: string) => Uint8Array.of(0x1d, 0x28, 0x48, 6, 0, 48, 48, ...Buffer.from(id, 'latin1'));
const ACK = (id: string) => [0x37, 0x22, ...Buffer.from(id, 'latin1'), 0x00];
const DLE_EOT_ALL = Uint8Array.of(0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 3, 0x10, 0x04, 4);
const join2 = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
const FAST = 20_000;

// ---------------------------------------------------------------- real-socket harness

/** A raw TCP client that records what the printer sends back and when. */
class Client {
  private buf: number[] = [];
  readonly arrivals: { at: number; bytes: number[] }[] = [];
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buf.push(...chunk);
      this.arrivals.push({ at: performance.now(), bytes: [...chunk] });
    });
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => undefined);
  }

  static open(port: number): Promise<Client> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port }, () => resolve(new Client(socket)));
      socket.once('error', reject);
    });
  }

  write(bytes: Uint8Array | string): void {
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  /** The next n bytes the printer sent, waiting up to timeoutMs. */
  async read(n: number, timeoutMs = 2000): Promise<number[]> {
    await vi.waitFor(() => expect(this.buf.length).toBeGreaterThanOrEqual(n), { timeout: timeoutMs, interval: 2 });
    return this.buf.splice(0, n);
  }

  get pending(): number[] {
    return [...this.buf];
  }

  end(): void {
    this.socket.end();
  }
}

const tmpRoot = mkdtempSync(join(tmpdir(), 'reissue-emulator-'));
let dirSeq = 0;
const freshDir = () => join(tmpRoot, `jobs-${++dirSeq}`);
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(options: VirtualPrinterOptions = {}) {
  const jobs: PrintedJob[] = [];
  const changes: StateChange[] = [];
  const warnings: string[] = [];
  const waiting: ((change: StateChange) => void)[] = [];
  const printer = new VirtualPrinter({
    port: 0,
    speedMmPerSecond: FAST,
    ...options,
    onJob: (job) => jobs.push(job),
    onStateChange: (change) => {
      changes.push(change);
      for (const resolve of waiting.splice(0)) resolve(change);
    },
    onWarning: (message) => warnings.push(message),
  });
  /** The next status change, whatever causes it. */
  const nextChange = () => new Promise<StateChange>((resolve) => waiting.push(resolve));
  const { port } = await printer.start();
  cleanups.push(() => printer.stop());
  const client = async () => {
    const c = await Client.open(port);
    cleanups.push(() => c.socket.destroy());
    return c;
  };
  return { printer, port, jobs, changes, warnings, client, nextChange };
}

// ---------------------------------------------------------------- jobs

describe('VirtualPrinter: jobs', () => {
  it('keeps a job as bytes, document, text and PNG, and writes <n>.bin/.txt/.png to the jobs directory', async () => {
    const dir = freshDir();
    const { printer, client, jobs } = await start({ jobsDir: dir });
    const sent = bytesOf('SALE 000457');
    (await client()).write(sent);
    const job = await printer.waitForJob(1);

    expect(job).toMatchObject({ n: 1, connection: 1, endedBy: 'cut', unknownCommands: 0 });
    expect(Buffer.from(job.bytes).equals(Buffer.from(sent))).toBe(true);
    expect(job.text).toContain('好又多超市 HAOYOUDUO');
    expect(job.text).toContain('可口可乐 Coke 330ml x2');
    expect(job.document.blocks).toContainEqual(expect.objectContaining({ type: 'qr', data: 'https://example.com/r/10023456-000128-000457' }));
    expect(job.lines).toBe(job.text.split('\n').length - 1);
    expect(job.document.blocks.at(-1)).toEqual({ type: 'cut', partial: true });

    const png = decodePng(job.png ?? new Uint8Array());
    expect(png.width).toBe(576);
    expect(png.height).toBe(job.heightDots);
    expect(job.paperMm).toBeCloseTo(job.heightDots / 8, 1);
    expect(job.printedAt).toBeGreaterThanOrEqual(job.endedAt);

    expect(job.files).toEqual({ bin: join(dir, '1.bin'), txt: join(dir, '1.txt'), png: join(dir, '1.png') });
    expect(readFileSync(join(dir, '1.bin')).equals(Buffer.from(sent))).toBe(true);
    expect(readFileSync(join(dir, '1.txt'), 'utf8')).toBe(job.text);
    expect(readFileSync(join(dir, '1.png')).equals(job.png ?? Buffer.alloc(0))).toBe(true);

    expect(jobs).toEqual([job]);
    expect(printer.jobs()).toEqual([job]);
    expect(describeJob(job)).toBe(`job 1: ${job.lines} lines, ${Math.round(job.paperMm)} mm → ${join(dir, '1.png')}`);
  });

  it('without a jobs directory draws a job\'s picture once, when first asked for, the same as one written to a directory', async () => {
    const dir = freshDir();
    const kept = await start({ jobsDir: dir });
    const bare = await start({});
    const sent = bytesOf('SALE 000458');
    (await kept.client()).write(sent);
    (await bare.client()).write(sent);
    const withFiles = await kept.printer.waitForJob(1);
    const job = await bare.printer.waitForJob(1);
    expect(job.files).toBeUndefined();
    const png = job.png;
    expect(png).toBeInstanceOf(Buffer);
    expect(job.png).toBe(png);
    expect(png?.equals(readFileSync(join(dir, '1.png')))).toBe(true);
    expect(decodePng(png ?? new Uint8Array()).height).toBe(job.heightDots);
    expect(withFiles.png?.equals(png ?? Buffer.alloc(0))).toBe(true);
  });

  it("names the kept files after the spooler's job number when the job is followed by its completion marker", async () => {
    const dir = freshDir();
    const { printer, client } = await start({ jobsDir: dir, speedMmPerSecond: 50 });
    const c = await client();
    // Reissue's spooler asks GS ( H with its job id in base 36 right after the data: job 7 → "0007", job 1296 → "0100".
    c.write(join2(bytesOf('SPOOLER JOB SEVEN'), GS_H('0007')));
    c.write(join2(bytesOf('SPOOLER JOB 1296'), GS_H('0100')));
    c.write(bytesOf('NO MARKER'));
    const third = await printer.waitForJob(3);
    const [first, second] = printer.jobs();
    expect([first?.jobNo, second?.jobNo, third.jobNo]).toEqual([7, 1296, undefined]);
    expect(first?.files?.png).toBe(join(dir, 'job-7.png'));
    expect(readFileSync(join(dir, 'job-1296.txt'), 'utf8')).toContain('SPOOLER JOB 1296');
    // Without a marker (another program, or a model that has none) the printer's own count names it.
    expect(third.files?.txt).toBe(join(dir, '3.txt'));
    expect(existsSync(join(dir, '1.png'))).toBe(false);
    expect(describeJob(second ?? third)).toBe(`job 2 (spooler job 1296): ${second?.lines} lines, ${Math.round(second?.paperMm ?? 0)} mm → ${join(dir, 'job-1296.png')}`);
  });

  it('cuts one stream into jobs at each GS V, each keeping exactly its own bytes', async () => {
    const dir = freshDir();
    const { printer, client } = await start({ jobsDir: dir });
    const a = bytesOf('FIRST');
    const b = bytesOf('SECOND');
    const c = bytesOf('THIRD');
    (await client()).write(join2(a, b, c));
    const third = await printer.waitForJob(3);
    const [j1, j2] = printer.jobs();
    expect([j1?.n, j2?.n, third.n]).toEqual([1, 2, 3]);
    expect(Buffer.from(j1?.bytes ?? []).equals(Buffer.from(a))).toBe(true);
    expect(Buffer.from(j2?.bytes ?? []).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(third.bytes).equals(Buffer.from(c))).toBe(true);
    expect(j1?.text).toContain('FIRST');
    expect(third.text).toContain('THIRD');
    expect(['1', '2', '3'].map((n) => existsSync(join(dir, `${n}.png`)))).toEqual([true, true, true]);
  });

  it('gives the same job when the bytes arrive one at a time', async () => {
    const sent = bytesOf('ONE BYTE AT A TIME');
    const whole = await start();
    (await whole.client()).write(sent);
    const expected = await whole.printer.waitForJob(1);

    const split = await start();
    const c = await split.client();
    for (const byte of sent) {
      c.write(Uint8Array.of(byte));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const job = await split.printer.waitForJob(1);
    expect(Buffer.from(job.bytes).equals(Buffer.from(sent))).toBe(true);
    expect(job.document).toEqual(expected.document);
    expect(job.text).toBe(expected.text);
    expect(job.png?.equals(expected.png ?? Buffer.alloc(0))).toBe(true);
  });

  it('prints what a connection sent before it closed without a cut, and nothing for an empty one', async () => {
    const closed: number[] = [];
    const { printer, client } = await start({ onConnection: (e) => void (e.open ? undefined : closed.push(e.id)) });
    const empty = await client();
    empty.write(Uint8Array.of(0x1b, 0x40, 0x0a, 0x0a));
    empty.end();
    const c = await client();
    c.write('\x1b@PARTIAL RECEIPT LINE 1\nLINE 2\n');
    c.end();
    const job = await printer.waitForJob(1);
    expect(job).toMatchObject({ n: 1, connection: 2, endedBy: 'close' });
    expect(job.text).toBe('PARTIAL RECEIPT LINE 1\nLINE 2\n');
    // Both connections have ended and everything they left has come out: one job only.
    await vi.waitFor(() => expect(closed.sort()).toEqual([1, 2]), { timeout: 2000, interval: 5 });
    await printer.idle();
    expect(printer.jobs()).toHaveLength(1);
  });

  it('prints what receiptline sends (GB18030, raster QR, its GS a / GS r queries answered)', async () => {
    const { printer, client } = await start();
    const doc = '^^^好又多超市\nCONVENIENCE STORE\n---\n|可口可乐 330ml | 2 | ¥7.00|\n|合计 TOTAL | ^¥19.90|\n{code:https://example.com/r/457;option:qrcode,4,m}\n{code:6901234567892;option:ean,hri}\n=';
    const c = await client();
    c.write(Buffer.from(receiptline.transform(doc, { cpl: 48, encoding: 'gb18030', command: 'escpos', cutting: true }), 'binary'));
    const job = await printer.waitForJob(1);
    expect(job.unknownCommands).toBe(0);
    expect(job.text).toContain('好又多超市');
    expect(job.text).toContain('CONVENIENCE STORE');
    expect(job.text).toContain('可口可乐 330ml');
    expect(job.text).toContain('[QR: https://example.com/r/457]');
    expect(job.text).toContain('[BARCODE: 690123456789');
    // receiptline asks GS r 1 (paper sensor) up front: answered 0x00 "paper adequate".
    expect(await c.read(1)).toEqual([0x00]);
  });

  it('prints what @point-of-sale/receipt-printer-encoder sends', async () => {
    const { printer, client } = await start();
    const encoder = new ReceiptPrinterEncoder({ language: 'esc-pos', columns: 48 });
    const bytes = encoder
      .initialize()
      .align('center')
      .bold(true)
      .line('CAFE DE FLORE')
      .bold(false)
      .align('left')
      .table(
        [
          { width: 36, align: 'left' },
          { width: 12, align: 'right' },
        ],
        [
          ['Cafe creme', '$4.50'],
          ['Croissant', '$2.10'],
        ],
      )
      .rule()
      .qrcode('https://example.com/r/9')
      .barcode('3130630574613', 'ean13', 60)
      .cut()
      .encode();
    (await client()).write(bytes);
    const job = await printer.waitForJob(1);
    expect(job.unknownCommands).toBe(0);
    expect(job.text).toContain('CAFE DE FLORE');
    expect(job.text).toMatch(/Cafe creme {33}\$4\.50\nCroissant {34}\$2\.10\n/);
    expect(job.text).toContain('[QR: https://example.com/r/9]');
    expect(job.text).toContain('[BARCODE: 313063057461');
  });
});

// ---------------------------------------------------------------- status

describe('VirtualPrinter: status', () => {
  const table: [string | undefined, number[]][] = [
    [undefined, [0x12, 0x12, 0x12, 0x12]],
    ['paper-out', [0x1a, 0x32, 0x12, 0x7e]],
    ['near-end', [0x12, 0x12, 0x12, 0x1e]],
    ['cover-open', [0x1a, 0x16, 0x12, 0x12]],
    ['offline', [0x1a, 0x12, 0x12, 0x12]],
  ];

  it('answers DLE EOT 1-4 from its state: ready, paper-out, near-end, cover-open, offline', async () => {
    const { printer, client, port } = await start();
    const c = await client();
    const tcp = await TcpPrinter.connect({ host: '127.0.0.1', port });
    cleanups.push(() => tcp.close());
    for (const [fault, bytes] of table) {
      printer.setFault(fault);
      c.write(DLE_EOT_ALL);
      expect(await c.read(4), fault ?? 'ready').toEqual(bytes);
      expect(await tcp.status()).toEqual(faultState(fault === undefined ? undefined : parseFault(fault)));
    }
  });

  it('answers DLE EOT at once even while offline with a job waiting', async () => {
    const { printer, client } = await start({ fault: 'paper-out' });
    const c = await client();
    c.write(join2(bytesOf('WAITING'), Uint8Array.of(0x10, 0x04, 4)));
    expect(await c.read(1)).toEqual([0x7e]);
    expect(printer.jobs()).toEqual([]);
  });

  it('sends ASB at once when enabled and again whenever the status changes', async () => {
    const { printer, client } = await start();
    const c = await client();
    c.write(Uint8Array.of(0x1d, 0x61, 0xff));
    expect(await c.read(4)).toEqual([0x10, 0x00, 0x00, 0x00]);
    printer.setFault('paper-out');
    const out = await c.read(4);
    expect(out).toEqual([0x18, 0x00, 0x0f, 0x00]);
    expect(decodeAsb(out)).toMatchObject({ online: false, paperOut: true });
    printer.setFault('cover-open');
    expect(await c.read(4)).toEqual([0x38, 0x00, 0x00, 0x00]);
    printer.setFault(undefined);
    expect(await c.read(4)).toEqual([0x10, 0x00, 0x00, 0x00]);
    // slow does not change the status: no block.
    printer.setFault('slow');
    printer.setFault(undefined);
    // Only the groups enabled in n: bit 3 = paper sensor, so a cover does not report but near end does.
    c.write(Uint8Array.of(0x1d, 0x61, 0x08));
    expect(await c.read(4)).toEqual([0x10, 0x00, 0x00, 0x00]);
    printer.setFault('cover-open');
    printer.setFault('near-end');
    expect(await c.read(4)).toEqual([0x10, 0x00, 0x03, 0x00]);
    // GS a 0 turns it off: a status query after it is answered once it has been read.
    c.write(Uint8Array.of(0x1d, 0x61, 0x00, 0x10, 0x04, 1));
    expect(await c.read(1)).toEqual([0x12]);
    printer.setFault('paper-out');
    // A block for the change would be on the wire before the answer to this query.
    c.write(Uint8Array.of(0x10, 0x04, 4));
    expect(await c.read(1)).toEqual([0x7e]);
    expect(c.pending).toEqual([]);
  });

  it('answers GS I with the model identity', async () => {
    const { client } = await start({ paper: '58' });
    const c = await client();
    c.write(Uint8Array.of(0x1d, 0x49, 1, 0x1d, 0x49, 2, 0x1d, 0x49, 3, 0x1d, 0x49, 65, 0x1d, 0x49, 66, 0x1d, 0x49, 67, 0x1d, 0x49, 69));
    const text = (s: string) => [0x5f, ...Buffer.from(s, 'latin1'), 0x00];
    const expected = [0x21, 0x03, 0x01, ...text('1.00'), ...text('GENERIC'), ...text('POS-58'), ...text('CHINA GB18030')];
    expect(await c.read(expected.length)).toEqual(expected);
  });

  it('impersonates a given model', async () => {
    const identity = { ...printerProfile('xprinter-xp58').identity, serial: 'VP-0001' };
    const { client } = await start({ model: identity });
    const c = await client();
    c.write(Uint8Array.of(0x1d, 0x49, 67, 0x1d, 0x49, 68, 0x1d, 0x49, 2));
    // XP-58: "_XP-58" NUL, "_VP-0001" NUL, type byte: multi-byte, no autocutter.
    expect(await c.read(17)).toEqual([0x5f, ...Buffer.from('XP-58'), 0x00, 0x5f, ...Buffer.from('VP-0001'), 0x00, 0x01]);
  });
});

describe('VirtualPrinter: models and setup', () => {
  it('impersonating a budget model without GS ( H or ASB, it ignores both (waitPrinted then times out)', async () => {
    const { printer, client, port } = await start({ paper: '58', model: 'xprinter-xp58' });
    const c = await client();
    c.write(join2(Uint8Array.of(0x1d, 0x61, 0xff), Buffer.from('\x1b@58 MM RECEIPT\n\n\n\n', 'latin1'), GS_H('X001'), Uint8Array.of(0x1d, 0x49, 67)));
    // An ASB block would have gone out at once, before this answer.
    expect(await c.read(7)).toEqual([0x5f, ...Buffer.from('XP-58'), 0x00]);
    // A completion answer would be due once the paper before it passed: let it pass.
    await printer.idle();
    expect(c.pending).toEqual([]);
    const tcp = await TcpPrinter.connect({ host: '127.0.0.1', port, statusTimeoutMs: 500 });
    cleanups.push(() => tcp.close());
    await expect(tcp.waitPrinted('X002', 80)).rejects.toMatchObject({ code: 'PRINTER_TIMEOUT', context: { jobId: 'X002' } });
    c.end();
    const job = await printer.waitForJob(1);
    expect(job.document).toMatchObject({ columns: 32, dots: 384 });
    expect(job.png && decodePng(job.png).width).toBe(384);
  });

  it('measures paper at 7.09 dots/mm on a 180 dpi head (TM-T88, 42 columns)', async () => {
    const { printer, client } = await start({ paper: '80-180' });
    const doc: ReceiptDocument = { columns: 42, dots: 512, blocks: [{ type: 'text', runs: [{ text: 'TM-T88 180 DPI 中文' }] }, { type: 'feed', lines: 3 }, { type: 'cut' }] };
    (await client()).write(encodeEscPos(doc, 'epson-tm-t88'));
    const job = await printer.waitForJob(1);
    expect(job.document).toMatchObject({ columns: 42, dots: 512 });
    expect(job.paperMm).toBeCloseTo(job.heightDots / (180 / 25.4), 1);
    expect(decodePng(job.png ?? new Uint8Array()).width).toBe(512);
  });

  it('refuses a port already in use with PORT_IN_USE and a hint', async () => {
    const { port } = await start();
    const second = new VirtualPrinter({ port });
    await expect(second.start()).rejects.toMatchObject({ code: 'PORT_IN_USE', hint: expect.stringMatching(/--port/) });
  });

  it('refuses a bad speed, paper or model at construction', () => {
    expect(() => new VirtualPrinter({ speedMmPerSecond: 0 })).toThrow(expect.objectContaining({ code: 'BAD_PRINT_SPEED' }));
    expect(() => new VirtualPrinter({ paper: '76' as '80' })).toThrow(expect.objectContaining({ code: 'BAD_PAPER' }));
    expect(() => new VirtualPrinter({ model: 'tm-u220' as 'generic-80' })).toThrow(expect.objectContaining({ code: 'UNKNOWN_PRINTER_MODEL' }));
  });
});

// ---------------------------------------------------------------- completion and faults

describe('VirtualPrinter: completion (GS ( H) and faults', () => {
  it('answers GS ( H only after the simulated paper before it has passed', async () => {
    const { printer, client, jobs } = await start({ speedMmPerSecond: 1000 });
    const c = await client();
    const events: string[] = [];
    c.socket.on('data', () => events.push('ack'));
    const origin = performance.now();
    c.write(join2(bytesOf('TIMED', 6), GS_H('T001')));
    expect(await c.read(7)).toEqual(ACK('T001'));
    const latency = (c.arrivals[0]?.at ?? 0) - origin;
    const job = jobs[0];
    expect(job).toBeDefined();
    expect(job?.printMs).toBeCloseTo(((job?.heightDots ?? 0) / 8 / 1000) * 1000, 3);
    expect(job?.printMs).toBeGreaterThan(50);
    // Not before the paper passed (how soon after is the injected-clock test's business below).
    expect(latency).toBeGreaterThanOrEqual((job?.printMs ?? 0) - 2);
    // The job was on record (and its files written) before the answer left.
    expect(printer.jobs()).toHaveLength(1);
    expect(events).toEqual(['ack']);
  });

  it('answers queued markers in paper order, each only after the paper before it', async () => {
    const { client, jobs } = await start({ speedMmPerSecond: 1000 });
    const c = await client();
    const origin = performance.now();
    c.write(join2(GS_H('E000'), bytesOf('ONE'), GS_H('E001'), bytesOf('TWO'), GS_H('E002')));
    expect(await c.read(7)).toEqual(ACK('E000'));
    expect(await c.read(14)).toEqual([...ACK('E001'), ...ACK('E002')]);
    const last = c.arrivals.at(-1)?.at ?? 0;
    const total = jobs.reduce((ms, j) => ms + j.printMs, 0);
    expect(jobs).toHaveLength(2);
    expect(last - origin).toBeGreaterThanOrEqual(total - 2);
  });

  it('holds GS ( H during paper-out set through the fault FILE and releases it when the file is cleared', async () => {
    const dir = freshDir();
    const { printer, client, changes } = await start({ jobsDir: dir, faultPollMs: 20 });
    writeFileSync(join(dir, 'fault'), 'paper-out\n');
    await vi.waitFor(() => expect(printer.state.paperOut).toBe(true), { timeout: 2000, interval: 5 });
    expect(changes.at(-1)).toMatchObject({ source: 'file', fault: { name: 'paper-out' } });

    const c = await client();
    c.write(join2(bytesOf('HELD'), GS_H('P001'), Uint8Array.of(0x1d, 0x49, 67)));
    // Answered at once, after all of the above was read: nothing went out before it, nothing printed.
    c.write(Uint8Array.of(0x10, 0x04, 4));
    expect(await c.read(1)).toEqual([0x7e]);
    expect(c.pending).toEqual([]);
    expect(printer.jobs()).toEqual([]);
    expect(printer.pending).toBe(3);
    expect(existsSync(join(dir, '1.bin'))).toBe(false);

    writeFileSync(join(dir, 'fault'), '');
    // GS I is answered as soon as the printer is back online; the completion once the paper has passed.
    expect(await c.read(8 + 7)).toEqual([0x5f, ...Buffer.from('POS-80'), 0x00, ...ACK('P001')]);
    expect(printer.fault).toBeUndefined();
    expect(printer.jobs()).toHaveLength(1);
    // Kept under the number its completion marker names (base 36).
    expect(readFileSync(join(dir, `job-${Number.parseInt('P001', 36)}.txt`), 'utf8')).toContain('HELD');
    expect(changes.at(-1)).toMatchObject({ source: 'file', fault: undefined, state: READY_STATE });
  });

  it('clears a fault given at start when the fault file is created empty', async () => {
    const dir = freshDir();
    const { printer, changes, nextChange } = await start({ jobsDir: dir, fault: 'paper-out', faultPollMs: 20 });
    expect(printer.fault).toEqual({ name: 'paper-out' });
    expect(existsSync(join(dir, 'fault'))).toBe(false);
    const cleared = nextChange();
    writeFileSync(join(dir, 'fault'), '');
    expect(await cleared).toMatchObject({ source: 'file', fault: undefined, state: READY_STATE });
    expect(printer.fault).toBeUndefined();
    expect(printer.state.online).toBe(true);
    expect(changes.filter((c) => c.source === 'file')).toHaveLength(1);
  });

  it('applies every write of the fault file, even one that leaves its text the same, and nothing else', async () => {
    // A file system in memory: the stamp says which write the file is at.
    let file: { text: string; stamp: number } | undefined = { text: '', stamp: 1 };
    let changed: () => void = () => undefined;
    const files: EmulatorFiles = {
      ensureDir: async () => undefined,
      writeFile: async () => undefined,
      readText: async () => file?.text,
      stamp: async () => (file ? String(file.stamp) : undefined),
      watch: (_path, onChange) => {
        changed = onChange;
        return () => undefined;
      },
    };
    const write = (text: string) => {
      file = { text, stamp: (file?.stamp ?? 0) + 1 };
      changed();
    };
    // An empty file left from an earlier run does not override the fault given at start.
    const { printer, changes, nextChange } = await start({ jobsDir: '/jobs', files, fault: 'offline', faultPollMs: 60_000 });
    expect(printer.fault).toEqual({ name: 'offline' });
    let next = nextChange();
    write('');
    expect(await next).toMatchObject({ source: 'file', fault: undefined });
    printer.setFault('cover-open');
    // A look at the file that finds no new write changes nothing; the next write applies.
    changed();
    next = nextChange();
    write('near-end');
    expect(await next).toMatchObject({ source: 'file', fault: { name: 'near-end' } });
    next = nextChange();
    file = undefined;
    changed();
    expect(await next).toMatchObject({ source: 'file', fault: undefined });
    expect(changes.map((c) => `${c.source}:${c.fault ? formatFault(c.fault) : 'ready'}`)).toEqual(['file:ready', 'api:cover-open', 'file:near-end', 'file:ready']);
  });

  it('ignores a misspelt fault file with a warning', async () => {
    const dir = freshDir();
    const { printer, warnings } = await start({ jobsDir: dir, faultPollMs: 20 });
    writeFileSync(join(dir, 'fault'), 'paper-outt');
    await vi.waitFor(() => expect(warnings.join('\n')).toMatch(/did you mean "paper-out"/), { timeout: 2000, interval: 5 });
    expect(printer.fault).toBeUndefined();
  });

  it('takes the fault file at start when no fault option is given', async () => {
    const dir = freshDir();
    const first = await start({ jobsDir: dir });
    await first.printer.stop();
    writeFileSync(join(dir, 'fault'), 'near-end');
    const { printer } = await start({ jobsDir: dir });
    expect(printer.fault).toEqual({ name: 'near-end' });
    const overridden = await start({ jobsDir: dir, fault: 'offline' });
    expect(overridden.printer.fault).toEqual({ name: 'offline' });
  });

  for (const fault of ['cover-open', 'offline'] as const) {
    it(`holds printing while ${fault} and resumes with the buffered data`, async () => {
      const { printer, client } = await start({ fault });
      const c = await client();
      c.write(join2(bytesOf(`AFTER ${fault}`), GS_H('R001'), Uint8Array.of(0x10, 0x04, 1)));
      // The status query is answered at once, after the data was read: the job and its answer wait.
      expect(await c.read(1)).toEqual([0x1a]);
      expect(c.pending).toEqual([]);
      expect(printer.jobs()).toEqual([]);
      expect(printer.pending).toBe(2);
      printer.setFault(undefined);
      expect(await c.read(7)).toEqual(ACK('R001'));
      expect(printer.jobs()[0]?.text).toContain(`AFTER ${fault}`);
    });
  }

  it('prints normally at paper near end while the sensor says so', async () => {
    const { printer, client } = await start({ fault: 'near-end' });
    const c = await client();
    c.write(join2(bytesOf('NEAR END'), GS_H('N001'), Uint8Array.of(0x10, 0x04, 4)));
    expect(await c.read(1)).toEqual([0x1e]);
    expect(await c.read(7)).toEqual(ACK('N001'));
    expect(printer.jobs()[0]?.text).toContain('NEAR END');
  });

  it('slow prints at a tenth of the speed', async () => {
    const { printer, client } = await start({ speedMmPerSecond: 2000 });
    const c = await client();
    c.write(join2(bytesOf('NORMAL'), GS_H('V001')));
    await c.read(7);
    const normal = printer.jobs()[0];
    printer.setFault('slow');
    const origin = performance.now();
    c.write(join2(bytesOf('SLOWER'), GS_H('V002')));
    expect(await c.read(7, 5000)).toEqual(ACK('V002'));
    const latency = (c.arrivals.at(-1)?.at ?? 0) - origin;
    const slow = printer.jobs()[1];
    expect(slow?.printMs).toBeCloseTo((normal?.printMs ?? 0) * 10, 3);
    expect(latency).toBeGreaterThanOrEqual((slow?.printMs ?? 0) - 2);
  });

  it('drop-after=N destroys the connection after N more bytes, prints what it got, then clears', async () => {
    const { printer, client, changes } = await start();
    printer.setFault('drop-after=10');
    const c = await client();
    c.write('HELLO WORLD OF RECEIPTS\n');
    await vi.waitFor(() => expect(c.closed).toBe(true), { timeout: 2000, interval: 5 });
    const job = await printer.waitForJob(1);
    expect(job).toMatchObject({ endedBy: 'close', text: 'HELLO WORL\n' });
    expect(job.bytes).toHaveLength(10);
    expect(printer.fault).toBeUndefined();
    expect(changes.at(-1)).toMatchObject({ source: 'drop', fault: undefined });
    // The next connection works normally.
    const next = await client();
    next.write(DLE_EOT_ALL);
    expect(await next.read(4)).toEqual([0x12, 0x12, 0x12, 0x12]);
  });

  it('drop-after counts bytes across chunks and connections from when it is set', async () => {
    const { printer, client } = await start({ fault: 'drop-after=9' });
    const a = await client();
    a.write('ABC');
    // Read and answered: these six bytes (the query's own three count too) did not drop the connection.
    a.write(Uint8Array.of(0x10, 0x04, 1));
    expect(await a.read(1)).toEqual([0x12]);
    expect(a.closed).toBe(false);
    a.write('DEFGH');
    await vi.waitFor(() => expect(a.closed).toBe(true), { timeout: 2000, interval: 5 });
    expect((await printer.waitForJob(1)).text).toBe('ABCDEF\n');
  });

  it('mute never answers and never prints; a TcpPrinter times out with PRINTER_TIMEOUT', async () => {
    const { printer, client, port } = await start({ fault: 'mute' });
    const c = await client();
    c.write(join2(Uint8Array.of(0x1d, 0x61, 0xff), bytesOf('MUTED'), GS_H('M001'), DLE_EOT_ALL, Uint8Array.of(0x1d, 0x49, 67)));
    const tcp = await TcpPrinter.connect({ host: '127.0.0.1', port, statusTimeoutMs: 150 });
    cleanups.push(() => tcp.close());
    await expect(tcp.status()).rejects.toMatchObject({ code: 'PRINTER_TIMEOUT' });
    printer.setFault(undefined);
    // Once it speaks again, the first thing c hears is the answer to this query: nothing was answered while mute.
    c.write(Uint8Array.of(0x10, 0x04, 1));
    expect(await c.read(1)).toEqual([0x12]);
    expect(c.pending).toEqual([]);
    c.end();
    await vi.waitFor(() => expect(c.closed).toBe(true), { timeout: 2000, interval: 5 });
    await printer.idle();
    expect(printer.jobs()).toEqual([]);
    const again = await client();
    again.write(DLE_EOT_ALL);
    expect(await again.read(4)).toEqual([0x12, 0x12, 0x12, 0x12]);
  });
});

// ---------------------------------------------------------------- faults by name

describe('fault names', () => {
  it('parses every fault and reads back what it formats', () => {
    expect(FaultNames).toEqual(['paper-out', 'near-end', 'cover-open', 'offline', 'slow', 'drop-after', 'mute']);
    for (const text of ['paper-out', 'near-end', 'cover-open', 'offline', 'slow', 'drop-after=100', 'mute']) expect(formatFault(parseFault(text))).toBe(text);
    expect(parseFault('  Paper-Out \n')).toEqual({ name: 'paper-out' });
    expect(parseFault('drop-after=0')).toEqual({ name: 'drop-after', bytes: 0 });
  });

  it('refuses a bad name with a suggestion and the list', () => {
    const error = inputErrorOf(() => parseFault('paper-outt'));
    expect(error.code).toBe('BAD_FAULT');
    expect(error.message).toBe('unknown printer fault "paper-outt"');
    expect(error.hint).toBe('did you mean "paper-out"? faults: paper-out | near-end | cover-open | offline | slow | drop-after=N | mute');
    expect(() => parseFault('jammed')).toThrow(/unknown printer fault "jammed"/);
    expect(() => parseFault('drop-after')).toThrow(/needs a byte count/);
    expect(() => parseFault('drop-after=ten')).toThrow(/needs a byte count/);
    expect(() => parseFault('mute=1')).toThrow(/takes no value/);
    expect(() => new VirtualPrinter({ fault: 'cover-opne' })).toThrow(expect.objectContaining({ code: 'BAD_FAULT', hint: expect.stringMatching(/^did you mean "cover-open"\?/) }));
  });
});

// ---------------------------------------------------------------- the engine on an injected clock

class FakeTimers implements Timers {
  t = 1_000_000;
  private seq = 0;
  private tasks: { at: number; id: number; run: () => void }[] = [];
  now = () => this.t;
  setTimeout = (run: () => void, ms: number) => {
    const id = ++this.seq;
    this.tasks.push({ at: this.t + ms, id, run });
    return id;
  };
  clearTimeout = (id: unknown) => {
    this.tasks = this.tasks.filter((task) => task.id !== id);
  };
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      const next = [...this.tasks].sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!next || next.at > end) break;
      this.tasks = this.tasks.filter((task) => task !== next);
      this.t = Math.max(this.t, next.at);
      next.run();
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.t = end;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function engineRig(fault?: string) {
  const timers = new FakeTimers();
  const printed: PrintedJob[] = [];
  const engine = new PrinterEngine({
    paper: PAPER_PROFILES['80'],
    identity: printerProfile('generic-80').identity,
    speedMmPerSecond: 100,
    timers,
    fault: fault === undefined ? undefined : parseFault(fault),
    hooks: { printed: async (job) => void printed.push(job), stateChanged: () => undefined, warning: () => undefined },
  });
  const out: number[] = [];
  let destroyed = false;
  const connection: ByteConnection = { remote: 'test', write: (bytes) => out.push(...bytes), destroy: () => (destroyed = true) };
  const handler = engine.open(connection);
  return { timers, engine, printed, out, handler, destroyed: () => destroyed };
}

describe('PrinterEngine on an injected clock', () => {
  it('answers GS ( H exactly when the paper has passed, after the job is on record', async () => {
    const rig = engineRig();
    rig.handler.data(join2(bytesOf('CLOCKED'), GS_H('K001')));
    await rig.timers.advance(0);
    expect(rig.printed).toEqual([]);
    expect(rig.engine.pending).toBe(2);
    // Print time = height / 8 dots per mm / 100 mm/s.
    const parsedHeight = heightOf('CLOCKED');
    const expectedMs = (parsedHeight / 8 / 100) * 1000;
    await rig.timers.advance(Math.ceil(expectedMs) - 1);
    expect(rig.out).toEqual([]);
    expect(rig.printed).toEqual([]);
    await rig.timers.advance(1);
    expect(rig.printed).toHaveLength(1);
    expect(rig.printed[0]?.printMs).toBeCloseTo(expectedMs, 6);
    expect(rig.out).toEqual(ACK('K001'));
  });

  it('answers a GS ( H with nothing before it at once, before any paper moves', async () => {
    const rig = engineRig();
    rig.handler.data(join2(GS_H('E000'), bytesOf('ONE'), GS_H('E001')));
    await rig.timers.advance(0);
    expect(rig.out).toEqual(ACK('E000'));
    expect(rig.printed).toEqual([]);
    await rig.timers.advance(Math.ceil((heightOf('ONE') / 8 / 100) * 1000));
    expect(rig.printed).toHaveLength(1);
    expect(rig.out).toEqual([...ACK('E000'), ...ACK('E001')]);
  });

  it('is idle only once everything it received has printed (what tests wait for before counting paper)', async () => {
    const rig = engineRig('paper-out');
    rig.handler.data(bytesOf('IDLE'));
    let idle = false;
    void rig.engine.idle().then(() => (idle = true));
    await rig.timers.advance(60_000);
    expect(idle).toBe(false);
    rig.engine.setFault(undefined, 'api');
    await rig.timers.advance(60_000);
    expect(rig.printed).toHaveLength(1);
    expect(idle).toBe(true);
  });

  it('stops the paper mid-print on paper-out and finishes the rest after it clears', async () => {
    const rig = engineRig();
    rig.handler.data(join2(bytesOf('INTERRUPTED'), GS_H('K002')));
    const total = Math.ceil((heightOf('INTERRUPTED') / 8 / 100) * 1000);
    await rig.timers.advance(Math.floor(total / 2));
    rig.engine.setFault(parseFault('paper-out'), 'api');
    await rig.timers.advance(60_000);
    expect(rig.out).toEqual([]);
    expect(rig.printed).toEqual([]);
    rig.engine.setFault(undefined, 'api');
    await rig.timers.advance(total - Math.floor(total / 2) - 2);
    expect(rig.out).toEqual([]);
    await rig.timers.advance(2);
    expect(rig.printed).toHaveLength(1);
    expect(rig.out).toEqual(ACK('K002'));
  });

  it('counts content not yet cut into the time before a GS ( H, and prints it as a job at close', async () => {
    const rig = engineRig();
    const lines = Array.from({ length: 20 }, (_, i) => `LINE ${i + 1}\n`).join('');
    rig.handler.data(join2(Buffer.from(`\x1b@${lines}`, 'latin1'), GS_H('K003')));
    // 20 lines of 30 dots + 24-dot margins top and bottom = 648 dots = 81 mm = 810 ms at 100 mm/s.
    await rig.timers.advance(809);
    expect(rig.out).toEqual([]);
    await rig.timers.advance(1);
    expect(rig.out).toEqual(ACK('K003'));
    rig.handler.closed();
    await rig.timers.advance(0);
    // Its paper was already accounted for: it is on record at once.
    expect(rig.printed[0]).toMatchObject({ endedBy: 'close', lines: 20, heightDots: 648 });
  });

  it('splits a cut that arrives across chunks at exactly the right byte', async () => {
    const rig = engineRig();
    const a = bytesOf('SPLIT A');
    const b = bytesOf('SPLIT B');
    const all = join2(a, b);
    // Break inside the GS V of the first receipt's cut.
    const cut = a.length - 2;
    rig.handler.data(all.subarray(0, cut));
    rig.handler.data(all.subarray(cut, cut + 1));
    rig.handler.data(all.subarray(cut + 1));
    await rig.timers.advance(60_000);
    expect(rig.printed.map((j) => j.bytes.length)).toEqual([a.length, b.length]);
  });

  it('holds GS I while offline and answers it on resume, without waiting for paper', async () => {
    const rig = engineRig('offline');
    rig.handler.data(join2(bytesOf('BEFORE ID'), Uint8Array.of(0x1d, 0x49, 1)));
    await rig.timers.advance(10_000);
    expect(rig.out).toEqual([]);
    rig.engine.setFault(undefined, 'api');
    await rig.timers.advance(0);
    expect(rig.out).toEqual([0x20]);
    expect(rig.printed).toEqual([]);
  });
});

/** The paper a receipt takes, in dots, as the renderer lays it out. */
function heightOf(title: string): number {
  return layoutScene(parseToDocument(bytesOf(title), { paper: PAPER_PROFILES['80'] }).doc).height;
}
