import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SOURCE_RULES,
  buildCapture,
  inlineCaptureReader,
  readerThreadEntry,
  readerUnavailable,
  threadCaptureReader,
  type BuildOptions,
  type CaptureReader,
  type JobMeta,
} from '../src/capture/index.js';
import { containsPan } from '../src/core/index.js';
import { localiseError } from '../src/i18n/index.js';
import { encodeEscPos } from '../src/escpos/index.js';
import type { Block } from '../src/receipt/index.js';
import { cardNumber, grouped } from './support/card-numbers.js';
import { RECEIPTS } from './support/captured-receipts.js';
import { tempDir } from './support/cli.js';
import { tapHarness, type TapHarness } from './support/tap-harness.js';

const PAN = cardNumber('622588123456789');
const OPTIONS: BuildOptions = { kanji: true, paper: { id: '80', columns: 48, dots: 576 }, rules: DEFAULT_SOURCE_RULES };

function receiptBytes(lines: readonly string[]): Uint8Array {
  const blocks: Block[] = [...lines.map((text): Block => ({ type: 'text', runs: [{ text }] })), { type: 'feed', lines: 2 }, { type: 'cut', partial: true }];
  return encodeEscPos({ columns: 48, dots: 576, blocks }, 'generic-80');
}

function meta(seq: number, overrides: Partial<JobMeta> = {}): JobMeta {
  return { id: `cap-${seq}`, source: 'front-till', channel: 'tcp', peer: '10.0.0.5:50123', connection: 1, seq, endedBy: 'cut', startedAt: 1_790_000_000_000, capturedAt: 1_790_000_000_500, ...overrides };
}

/** A job whose reading costs out of proportion to its size (a left margin before every short line): ~1 s for 256 KiB. */
function costlyJob(kib: number): Uint8Array {
  const unit = [0x1d, 0x4c, 0xff, 0xff, 0x41, 0x0a];
  return Uint8Array.from({ length: Math.floor((kib * 1024) / unit.length) * unit.length }, (_, i) => unit[i % unit.length] as number);
}

const sale = () => {
  const receipt = RECEIPTS[1];
  if (!receipt) throw new Error('no receipt');
  return receiptBytes([...receipt.lines, `卡号 ${grouped(PAN)}`]);
};

const readers: { name: string; make: () => CaptureReader }[] = [
  { name: 'on the caller\'s thread', make: () => inlineCaptureReader },
  { name: 'on a thread of its own', make: () => threadCaptureReader() },
];

describe.each(readers)('a capture reader $name', ({ make }) => {
  let reader: CaptureReader | undefined;
  afterEach(async () => reader?.close?.());

  it('gives what buildCapture gives: the card number masked in bytes and text, the fields read', async () => {
    reader = make();
    const raw = sale();
    const expected = buildCapture(Uint8Array.from(raw), meta(1), OPTIONS);
    const capture = await reader.read(raw, meta(1), OPTIONS);
    expect(capture).toEqual(expected);
    expect(capture?.maskedNumbers).toBe(1);
    expect(containsPan(capture?.text ?? '')).toBe(false);
    expect(Buffer.from(capture?.bytes ?? []).includes(Buffer.from(grouped(PAN)))).toBe(false);
    expect(capture?.fields.amount).toEqual(RECEIPTS[1]?.fields.amount);
  });

  it('has taken the bytes by the time read returns: the caller wipes them at once', async () => {
    reader = make();
    const raw = sale();
    const expected = buildCapture(Uint8Array.from(raw), meta(2), OPTIONS);
    const reading = reader.read(raw, meta(2), OPTIONS);
    raw.fill(0);
    expect(await reading).toEqual(expected);
  });

  it('answers undefined for a job that prints nothing, and each of many jobs with its own capture, in order', async () => {
    reader = make();
    expect(await reader.read(Uint8Array.of(0x10, 0x04, 0x01), meta(3), OPTIONS)).toBeUndefined();
    const jobs = Array.from({ length: 20 }, (_, i) => receiptBytes([`单号 S-${i}`, `合计 ${i}.00`]));
    const captures = await Promise.all(jobs.map((raw, i) => reader?.read(raw, meta(10 + i), OPTIONS)));
    expect(captures.map((c) => [c?.id, c?.text.split('\n')[0]])).toEqual(jobs.map((_, i) => [`cap-${10 + i}`, `单号 S-${i}`]));
  });

  it('refuses a job it cannot read with the error\'s code', async () => {
    reader = make();
    // A capture time that is no time: buildCapture throws a RangeError.
    const reading = Promise.resolve().then(() => reader?.read(sale(), meta(4, { capturedAt: Number.NaN }), OPTIONS));
    const error = (await reading.catch((e: unknown) => e)) as Error & { code?: string };
    expect(error).toBeInstanceOf(Error);
    expect(error.code ?? error.name).toBe('RangeError');
  });
});

describe('the reader thread', () => {
  let reader: ReturnType<typeof threadCaptureReader> | undefined;
  afterEach(async () => reader?.close());

  it('that runs out of memory fails the job it was reading (CAPTURE_READER_STOPPED) and reads the next on a new thread', async () => {
    reader = threadCaptureReader(readerThreadEntry(), { maxOldGenerationSizeMb: 24 });
    const big = reader.read(costlyJob(1024), meta(1), OPTIONS);
    const next = reader.read(sale(), meta(2), OPTIONS);
    await expect(big).rejects.toMatchObject({ code: 'CAPTURE_READER_STOPPED', context: { reason: expect.stringMatching(/memory limit/) } });
    expect(await next).toEqual(buildCapture(sale(), meta(2), OPTIONS));
    // And the one after, on the same new thread.
    expect((await reader.read(sale(), meta(3), OPTIONS))?.id).toBe('cap-3');
  });

  it('that cannot start blames no job: those it held and every one after are read here, and it says so once', async () => {
    const causes: Error[] = [];
    const thread = threadCaptureReader(join(import.meta.dirname, '..', 'dist', 'test', 'support', 'broken-reader-thread.js'), undefined, { onBroken: (cause) => causes.push(cause) });
    reader = thread;
    const [a, b] = await Promise.all([thread.read(sale(), meta(1), OPTIONS), thread.read(sale(), meta(2), OPTIONS)]);
    expect(a).toEqual(buildCapture(sale(), meta(1), OPTIONS));
    expect(b?.id).toBe('cap-2');
    expect((await thread.read(sale(), meta(3), OPTIONS))?.id).toBe('cap-3');
    // Bytes that print a full card number read as GB18030 (Kanji mode), none in code page 437.
    const bytes = Buffer.from('1b52081c4300343131313131311b5208311b210031311c4300311c4300313181310a31310a', 'hex').toString('base64');
    expect([await thread.holdsCard({ bytes, kanji: true }), await thread.holdsCard({ bytes, kanji: false })]).toEqual([true, false]);
    expect(causes.map((c) => c.message)).toEqual([expect.stringMatching(/cannot start/)]);
    // What the tap tells its operator then, in both languages.
    const warning = readerUnavailable(causes[0] as Error);
    expect(localiseError(warning, 'zh')).toMatchObject({ title: '读取线程没能启动', detail: expect.stringContaining('this reader thread cannot start') });
    expect(localiseError(warning, 'en')).toMatchObject({ title: 'Reader thread unavailable', detail: warning.message });
  });

  it('that cannot even be made reads here too, and tries a thread again once retryAfterMs has passed', async () => {
    const causes: Error[] = [];
    // A relative path: Node refuses it as the worker is made (ERR_WORKER_PATH), before any thread runs.
    const thread = threadCaptureReader('not/an/absolute/path.js', undefined, { onBroken: (cause) => causes.push(cause), retryAfterMs: 0 });
    reader = thread;
    expect((await thread.read(sale(), meta(1), OPTIONS))?.id).toBe('cap-1');
    expect((await thread.read(sale(), meta(2), OPTIONS))?.id).toBe('cap-2');
    // Tried again for the second job (retryAfterMs 0), and said again.
    expect(causes.map((c) => (c as { code?: string }).code)).toEqual(['ERR_WORKER_PATH', 'ERR_WORKER_PATH']);
    const patient: Error[] = [];
    const later = threadCaptureReader('not/an/absolute/path.js', undefined, { onBroken: (cause) => patient.push(cause) });
    await later.read(sale(), meta(3), OPTIONS);
    await later.read(sale(), meta(4), OPTIONS);
    expect(patient).toHaveLength(1);
  });

  it("says only the code of what failed in the thread, never the error's own words (they may quote the job)", async () => {
    const thread = threadCaptureReader();
    reader = thread;
    const error = (await Promise.resolve(thread.read(sale(), meta(4, { capturedAt: Number.NaN }), OPTIONS)).catch((e: unknown) => e)) as Error & { code?: string };
    expect([error.code, error.message]).toEqual(['RangeError', 'the job could not be read (RangeError)']);
  });

  it('takes no job once closed, and lets the process exit when idle without being closed', async () => {
    reader = threadCaptureReader();
    await reader.read(sale(), meta(1), OPTIONS);
    await reader.close();
    await expect(Promise.resolve().then(() => reader?.read(sale(), meta(2), OPTIONS))).rejects.toThrow(/closed/);
    // A process that read a job and never closed its reader still ends by itself.
    const script = `
      const { threadCaptureReader, DEFAULT_SOURCE_RULES } = await import(${JSON.stringify(join(import.meta.dirname, '..', 'dist', 'src', 'capture', 'index.js'))});
      const reader = threadCaptureReader();
      const meta = { id: 'x', source: 's', channel: 'tcp', peer: 'p', connection: 1, seq: 1, endedBy: 'cut', startedAt: 0, capturedAt: 0 };
      const options = { kanji: true, paper: { id: '80', columns: 48, dots: 576 }, rules: DEFAULT_SOURCE_RULES };
      // A job that cannot even be handed to the thread (a function cannot be copied) fails alone and holds nothing back.
      const refused = await reader.read(Buffer.from('NO\\n'), meta, { ...options, rules: { ...DEFAULT_SOURCE_RULES, extra: () => 1 } }).catch((e) => e.name);
      const c = await reader.read(Buffer.from('HELLO\\n\\x1dVB\\x00', 'latin1'), meta, options);
      process.stdout.write(refused + ' ' + c.text);`;
    const dir = tempDir('reissue-reader-');
    const file = join(dir.path, 'read-one.mjs');
    writeFileSync(file, script);
    const child = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 20_000 });
    dir.remove();
    expect(child.error).toBeUndefined();
    expect(child.status).toBe(0);
    expect(child.stdout.trim()).toBe('DataCloneError HELLO');
  });
});

describe('a tap reading on its own thread', () => {
  let h: TapHarness | undefined;
  afterEach(async () => h?.stop());

  it("answers another POS's status while it reads a big job: the relay never waits for a reading", async () => {
    h = await tapHarness({ reader: threadCaptureReader() });
    const big = await h.pos();
    const small = await h.pos();
    const job = Uint8Array.from([...costlyJob(256), 0x1d, 0x56, 0x42, 0]);
    await big.send(job);
    // Every byte of the big job went out to the printer: it has ended (its cut) and is being read.
    for (let i = 0; i < 2000 && h.printer.bytesOf(0).length < job.length; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(h.printer.bytesOf(0).length).toBe(job.length);
    await small.send(Uint8Array.of(...Buffer.from('TEST\n'), 0x1d, 0x56, 0x42, 0, 0x10, 0x04, 0x01));
    await small.answers(1);
    // The status came back before the big job's reading was done.
    expect(h.events.filter((e) => e.type === 'job-captured' && e.connection === 1)).toEqual([]);
    const captured = await h.event('job-captured', (e) => e.connection === 1);
    expect(captured.bytes).toBe(job.length);
    await h.journal.waitFor(2);
  });
});
