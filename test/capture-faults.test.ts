import { spawn } from 'node:child_process';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Tap, buildCapture, fallbackFile, type CapturedJob } from '../src/capture/index.js';
import { ConfigError, InputError } from '../src/core/index.js';
import { encodeEscPos } from '../src/escpos/index.js';
import { localiseError, type LocalisableError } from '../src/i18n/index.js';
import { parsePrinterAddress } from '../src/printer/index.js';
import { paperProfile, type Block } from '../src/receipt/index.js';
import { DEFAULT_SOURCE_RULES } from '../src/capture/index.js';
import { readChildLines } from './support/child-lines.js';
import { tempDir } from './support/cli.js';
import { MemoryCaptureJournal } from './support/memory-capture-journal.js';
import { recordingPrinter } from './support/recording-printer.js';
import { posClient, tapHarness, type TapHarness } from './support/tap-harness.js';
import { closedPort, until } from './support/spooler-harness.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const WRITER_JS = join(ROOT, 'dist/test/support/fallback-writer.js');

function receiptBytes(title: string, amount = '9.90'): Uint8Array {
  const blocks: Block[] = [
    { type: 'text', runs: [{ text: title }] },
    { type: 'text', runs: [{ text: `合计 ${amount}` }] },
    { type: 'cut', partial: true },
  ];
  return encodeEscPos({ columns: 48, dots: 576, blocks }, 'generic-80');
}

/** A stand-in printer on TCP that does whatever the test says with each chunk it reads. */
async function rawPrinter(onData: (socket: Socket, chunk: Buffer) => void): Promise<{ address: string; close: () => Promise<void> }> {
  const server = createServer((socket) => socket.on('data', (chunk: Buffer) => onData(socket, chunk)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { address: `127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

const locked = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

describe('the tap when the journal cannot be written', () => {
  let h: TapHarness;
  afterEach(async () => h?.stop());

  it('keeps printing, keeps the jobs in an fsync\'d fallback file, and replays them in order once the journal is back', async () => {
    const journal = new MemoryCaptureJournal();
    journal.failWith = locked();
    h = await tapHarness({ journal });
    const pos = await h.pos();
    const sent: Uint8Array[] = [];
    for (let n = 1; n <= 3; n++) {
      const bytes = receiptBytes(`LOCKED ${n}`);
      sent.push(bytes);
      await pos.send(bytes);
    }
    await h.event('job-kept', (e) => e.where === 'fallback', 3);
    // The till never noticed: every byte reached the printer.
    expect(h.printer.bytesOf(0)).toEqual(Buffer.concat(sent));
    expect(h.tap.status()).toMatchObject({ captured: 3, backlog: 3, undelivered: 0 });
    const warning = await h.event('warning', (e) => e.code === 'TAP_JOURNAL_UNAVAILABLE');
    expect(warning.message).toMatch(/database is locked/);
    expect(warning.hint).toMatch(/nothing is lost/);
    expect(localiseError(warning, 'zh')).toEqual({
      title: '日志暂时无法写入',
      detail: `收银机打印的小票暂时记不进日志，先存在 ${h.fallbackPath}，日志恢复后自动补记`,
      hint: '检查磁盘空间，以及是否有其他程序锁住了日志；打印照常进行，小票不会丢',
    });
    expect(localiseError(warning, 'en').detail).toMatch(/^the journal cannot take captured receipts \(.*database is locked.*\); they are kept in .*capture-fallback\.ndjson and added once it can$/);
    expect(h.events.filter((e) => e.type === 'warning' && e.code === 'TAP_JOURNAL_UNAVAILABLE')).toHaveLength(1);
    const onDisk = (await fallbackFile(h.fallbackPath).open()).pending;
    expect(onDisk.map((j) => j.seq)).toEqual([1, 2, 3]);
    expect(onDisk.map((j) => Buffer.from(j.bytes))).toEqual(sent.map((b) => Buffer.from(b)));

    journal.failWith = undefined;
    await pos.send(receiptBytes('AFTER 4'));
    await h.event('journal-up');
    await journal.waitFor(4);
    expect(journal.jobs.map((j) => j.seq)).toEqual([1, 2, 3, 4]);
    await h.event('job-kept', (e) => e.backlog === 0 && e.where === 'journal');
    expect(h.tap.status().backlog).toBe(0);
    // The file stays until the printer's delivery of each job is settled too (here: when the POS closes).
    expect(existsSync(h.fallbackPath)).toBe(true);
    await pos.finish();
    await h.event('job-delivered', (e) => e.seq === 4);
    await until(() => !existsSync(h.fallbackPath), 'the fallback file to be removed');
  });

  it('counts a journal that does not answer as down (its writes time out) and lands the job in the fallback file', async () => {
    const journal = new MemoryCaptureJournal();
    journal.append = () => new Promise(() => undefined);
    h = await tapHarness({ journal, journalTimeoutMs: 100 });
    const pos = await h.pos();
    await pos.send(receiptBytes('HUNG JOURNAL'));
    await h.event('job-kept', (e) => e.where === 'fallback');
    expect((await h.event('warning', (e) => e.code === 'TAP_JOURNAL_UNAVAILABLE')).message).toMatch(/no answer within 100 ms/);
    await pos.finish();
  });

  it('holds a job in memory when the fallback file cannot be written either, and says how many were lost at stop', async () => {
    const journal = new MemoryCaptureJournal();
    journal.failWith = locked();
    const dir = tempDir();
    // A folder that is a file: no fallback file can be made there, even for root.
    writeFileSync(join(dir.path, 'not-a-folder'), '');
    const printer = await recordingPrinter();
    const tap = new Tap({
      source: 'front-till',
      listen: { host: '127.0.0.1', port: 0 },
      printer: parsePrinterAddress(printer.address),
      journal,
      fallback: fallbackFile(join(dir.path, 'not-a-folder', 'fallback.ndjson')),
      journalRetryInitialMs: 50,
      onEvent: (e) => events.push(e),
    });
    const events: ({ type: string; code?: string; message?: string } & Partial<LocalisableError>)[] = [];
    const { tcp } = await tap.start();
    const pos = await posClient(tcp?.port ?? 0);
    const bytes = receiptBytes('NOWHERE TO KEEP IT');
    await pos.send(bytes);
    await pos.finish();
    const inMemory = (e: { code?: string; message?: string }) => e.code === 'TAP_FALLBACK_FAILED' && /waits in memory/.test(e.message ?? '');
    await until(() => events.some(inMemory), 'the job to wait in memory');
    expect(printer.bytesOf(0)).toEqual(Buffer.from(bytes));
    expect(tap.status().backlog).toBe(1);
    // Starting could not read the file either, and said so; the till printed all the same.
    expect(events.find((e) => e.code === 'TAP_FALLBACK_FAILED')?.message).toMatch(/could not read .*ENOTDIR/);
    const file = join(dir.path, 'not-a-folder', 'fallback.ndjson');
    const said = events.filter((e) => e.code === 'TAP_FALLBACK_FAILED').map((e) => localiseError(e as LocalisableError, 'zh').detail);
    expect(said).toEqual([`无法读取备用文件 ${file}`, `小票存不进备用文件 ${file}，暂时留在内存里（共 1 张在等）`]);
    expect(await tap.stop()).toEqual({ unsaved: 1 });
    await printer.virtual.stop();
    dir.remove();
  });
});

describe('the tap when the journal refuses a job for good', () => {
  let h: TapHarness;
  afterEach(async () => h?.stop());

  it('sets that job aside, says so in Chinese and English, and journals the jobs after it (they waited behind it for ever before)', async () => {
    const journal = new MemoryCaptureJournal();
    const append = journal.append.bind(journal);
    // What the journal's own checks answer (INVALID_CAPTURE, PAN_NOT_MASKED) never changes on a retry.
    journal.append = async (job) => {
      if (job.text.includes('REFUSE ME')) throw new InputError('INVALID_CAPTURE', 'not a captured job: text: Too big', { context: { path: 'text' } });
      return append(job);
    };
    h = await tapHarness({ journal, journalRetryInitialMs: 20 });
    const pos = await h.pos();
    await pos.send(receiptBytes('REFUSE ME'));
    await pos.send(receiptBytes('AFTER IT', '1.00'));
    await journal.waitFor(1);
    expect(journal.jobs.map((j) => j.seq)).toEqual([2]);
    const warning = await h.event('warning', (e) => e.code === 'TAP_JOB_REFUSED');
    expect(warning.context).toMatchObject({ seq: 1, reason: 'INVALID_CAPTURE' });
    expect(localiseError(warning, 'en').detail).toMatch(/^the journal refused job 1 from .* \(INVALID_CAPTURE\): it printed, but is not in the journal; the jobs after it are journaled as usual$/);
    expect(localiseError(warning, 'zh').detail).toMatch(/^日志拒收了收银机 .* 发来的第 1 张小票（INVALID_CAPTURE）：小票已打印，但不会记入日志；之后的小票照常记录$/);
    await until(() => h.tap.status().backlog === 0, 'no job to wait for the journal');
    await pos.finish();
    // Nothing is left to do with either job: the fallback file goes.
    await until(() => !existsSync(h.fallbackPath), 'the fallback file to be removed');
  });
});

describe('the fallback file', () => {
  const dirs: { remove: () => void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

  const job = (n: number): CapturedJob =>
    buildCapture(receiptBytes(`FALLBACK ${n}`), { id: `id-${n}`, source: 'front-till', channel: 'tcp', peer: '127.0.0.1:1', connection: 1, seq: n, endedBy: 'cut', startedAt: 0, capturedAt: 1 }, {
      kanji: true,
      paper: paperProfile('80'),
      rules: DEFAULT_SOURCE_RULES,
    }) as CapturedJob;

  it('skips a torn last line with a note, and a tap started on it replays the rest', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const path = join(dir.path, 'fallback.ndjson');
    const log = fallbackFile(path);
    for (const n of [1, 2, 3]) await log.append(job(n));
    await log.acknowledge('id-2');
    await log.append(job(4));
    await log.close();
    // The process died in the middle of writing job 4's line.
    truncateSync(path, readFileSync(path).length - 40);
    const reread = await fallbackFile(path).open();
    expect(reread.pending.map((j) => j.id)).toEqual(['id-1', 'id-3']);
    expect(reread.notes).toEqual([{ line: 5, problem: 'torn' }]);

    const journal = new MemoryCaptureJournal();
    const h = await tapHarness({ journal, fallback: fallbackFile(path) });
    try {
      await journal.waitFor(2);
      expect(journal.jobs.map((j) => j.id)).toEqual(['id-1', 'id-3']);
      const note = await h.event('warning', (e) => e.code === 'TAP_FALLBACK_LINE_SKIPPED');
      expect(note.message).toMatch(/line 5 .* incomplete/);
      expect(localiseError(note, 'zh')).toMatchObject({ detail: `备用文件 ${path} 第 5 行不完整（写这一行时本系统停止了），已跳过`, hint: '不用处理：那张小票已经打印了，只是日志里缺少它的记录' });
      await h.event('job-kept', (e) => e.backlog === 0);
      await until(() => !existsSync(path), 'the fallback file to be removed');
    } finally {
      await h.stop();
    }
  });

  it('starts a new line after a torn one, so a later job is not lost with it', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const path = join(dir.path, 'fallback.ndjson');
    writeFileSync(path, '{"v":1,"kind":"job","sum":"00","job":{"id":"half');
    const log = fallbackFile(path);
    await log.append(job(7));
    const { pending, notes } = await fallbackFile(path).open();
    expect(pending.map((j) => j.id)).toEqual(['id-7']);
    expect(notes).toEqual([{ line: 1, problem: 'damaged' }]);
  });

  it('survives kill -9 in the middle of writing: every acknowledged append is there, at most the last line is torn', async () => {
    expect(existsSync(WRITER_JS), 'run `npx tsc -p tsconfig.json` first: the writer runs from dist/').toBe(true);
    const dir = tempDir();
    dirs.push(dir);
    const path = join(dir.path, 'fallback.ndjson');
    for (let run = 0; run < 5; run++) {
      const printed = await new Promise<string[]>((resolveRun, reject) => {
        const child = spawn(process.execPath, [WRITER_JS, path, `run${run}`], { stdio: ['ignore', 'pipe', 'pipe'] });
        const lines: string[] = [];
        let killAt = 30 + run * 17;
        readChildLines(child, (line) => {
          lines.push(line);
          if (lines.length >= killAt) {
            killAt = Infinity;
            child.kill('SIGKILL');
          }
        });
        child.on('error', reject);
        child.on('close', () => resolveRun(lines));
      });
      const appended = printed.filter((l) => l.startsWith('append ')).map((l) => l.slice(7));
      const acked = new Set(printed.filter((l) => l.startsWith('ack ')).map((l) => l.slice(4)));
      const { pending, notes } = await fallbackFile(path).open();
      const ids = new Set(pending.map((j) => j.id));
      const last = appended[appended.length - 1];
      for (const id of appended) {
        // The last one may have had its acknowledgement written just before the kill, unreported.
        if (!acked.has(id) && id !== last) expect(ids.has(id), `${id} was reported written`).toBe(true);
      }
      for (const id of acked) expect(ids.has(id)).toBe(false);
      expect(notes.filter((n) => n.problem === 'torn').length).toBeLessThanOrEqual(1);
      // Each run starts over on the same file: what the previous run left torn is now an old damaged line.
    }
  });
});

describe('what a stopped or crashed tap left in its fallback file', () => {
  const dirs: { remove: () => void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));
  const reason = { code: 'PRINTER_UNREACHABLE', message: 'connection refused', context: { printer: '127.0.0.1:9' } };

  it('journals the jobs and hands the spooler only those no printer took, with why, once; the file then goes', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const path = join(dir.path, 'fallback.ndjson');
    const log = fallbackFile(path);
    const [printed, refused, journaledOnly] = [1, 2, 3].map((n) => buildCapture(receiptBytes(`LEFT ${n}`), { id: `cap-left${'abc'[n - 1]}`, source: 'front-till', channel: 'tcp', peer: '127.0.0.1:1', connection: 1, seq: n, endedBy: 'cut', startedAt: 0, capturedAt: 1 }, { kanji: true, paper: paperProfile('80'), rules: DEFAULT_SOURCE_RULES }) as CapturedJob);
    for (const job of [printed, refused, journaledOnly]) log.keep(job as CapturedJob);
    log.delivered(printed?.id ?? '', 'sent');
    log.delivered(refused?.id ?? '', 'not-sent', reason);
    log.journaled(journaledOnly?.id ?? '');
    log.delivered(journaledOnly?.id ?? '', 'sent');
    await log.close();
    const journal = new MemoryCaptureJournal();
    const h = await tapHarness({ journal, fallback: fallbackFile(path) });
    try {
      await journal.waitFor(2);
      expect(journal.jobs.map((j) => j.id)).toEqual([printed?.id, refused?.id]);
      await h.event('job-handed-over', (e) => e.id === refused?.id);
      expect(h.handedOver.map((u) => [u.capture.id, u.outcome, u.reason])).toEqual([[refused?.id, 'not-sent', reason]]);
      expect(h.tap.status()).toMatchObject({ backlog: 0, undelivered: 1 });
      await until(() => !existsSync(path), 'the fallback file to be removed');
    } finally {
      await h.stop();
    }
  });

  it('counts a second hand-over the spooler refuses as one it already has (it took the job before the crash)', async () => {
    const port = await closedPort();
    const h = await tapHarness({
      printerAddress: `127.0.0.1:${port}`,
      handOver: () => {
        throw Object.assign(new Error('this receipt is already queued'), { code: 'ALREADY_QUEUED' });
      },
    });
    try {
      const pos = await h.pos();
      await pos.send(receiptBytes('TAKEN BEFORE'));
      await pos.finish();
      const handed = await h.event('job-handed-over');
      expect(handed.outcome).toBe('not-sent');
      expect(h.events.filter((e) => e.type === 'warning' && e.code === 'TAP_HANDOVER_FAILED')).toEqual([]);
      await until(() => !existsSync(h.fallbackPath), 'the fallback file to be removed');
    } finally {
      await h.stop();
    }
  });

  it('says so when how a job went to the printer cannot be noted in the file, and goes on', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = fallbackFile(join(dir.path, 'fallback.ndjson'));
    const h = await tapHarness({
      fallback: {
        ...file,
        delivered: () => {
          throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
        },
      },
    });
    try {
      const pos = await h.pos();
      await pos.send(receiptBytes('NOTE FAILS'));
      await pos.finish();
      const warning = await h.event('warning', (e) => e.code === 'TAP_FALLBACK_FAILED');
      expect(warning.message).toMatch(/could not note how job cap-[a-z]+ went to the printer in .*EIO/);
      expect(localiseError(warning, 'zh').detail).toMatch(/^没能在备用文件 .*fallback\.ndjson 里记下小票 cap-[a-z]+ 的打印结果$/);
      await h.journal.waitFor(1);
    } finally {
      await h.stop();
    }
  });
});

describe('the tap when the printer fails', () => {
  let h: TapHarness;
  afterEach(async () => h?.stop());

  it('reports a hand-over that fails, and the tap goes on', async () => {
    const port = await closedPort();
    h = await tapHarness({
      printerAddress: `127.0.0.1:${port}`,
      handOver: () => {
        throw new Error('spooler queue is full');
      },
    });
    const pos = await h.pos();
    await pos.send(receiptBytes('NO SPOOLER'));
    const warning = await h.event('warning', (e) => e.code === 'TAP_HANDOVER_FAILED');
    expect(warning.message).toMatch(/spooler queue is full/);
    expect(localiseError(warning, 'zh').detail).toMatch(/^收银机 127\.0\.0\.1:\d+ 发来的第 1 张小票没有打印，也没能转交打印队列$/);
    await pos.send(receiptBytes('STILL TAKING JOBS'));
    await h.journal.waitFor(2);
    await pos.finish();
  });

  it('prints on the backup when the printer cannot be reached', async () => {
    const backup = await recordingPrinter();
    const port = await closedPort();
    h = await tapHarness({ backupPrinter: backup, printerAddress: `127.0.0.1:${port}` });
    const pos = await h.pos();
    const bytes = receiptBytes('TO THE BACKUP');
    await pos.send(bytes);
    await pos.finish();
    await h.event('job-delivered', (e) => e.outcome === 'sent');
    expect(backup.bytesOf(0)).toEqual(Buffer.from(bytes));
    expect(await h.event('printer-connected')).toMatchObject({ backup: true, printer: `tcp://${backup.address}` });
    expect(await h.event('printer-lost')).toMatchObject({ code: 'PRINTER_UNREACHABLE' });
    expect(h.handedOver).toEqual([]);
  });

  it('hands over a job no printer took, journals it all the same, and tells the shop when nobody takes it over', async () => {
    const port = await closedPort();
    h = await tapHarness({ printerAddress: `127.0.0.1:${port}`, handOver: undefined });
    const pos = await h.pos();
    await pos.send(receiptBytes('NOBODY HOME', '12.00'));
    await pos.finish();
    await h.journal.waitFor(1);
    const warning = await h.event('warning', (e) => e.code === 'TAP_JOB_NOT_PRINTED');
    expect(warning.message).toMatch(/job 1 from 127\.0\.0\.1:\d+ was not printed: no printer could be reached \(cannot connect/);
    expect(warning.hint).toMatch(/kept in the journal/);
    expect(warning.context).toMatchObject({ outcome: 'not-sent', code: 'PRINTER_UNREACHABLE' });
    const zh = localiseError(warning, 'zh');
    expect(zh.title).toBe('小票没有打印');
    expect(zh.detail).toMatch(/^收银机 127\.0\.0\.1:\d+ 发来的第 1 张小票没有打印：连不上打印机$/);
    expect(localiseError(warning, 'en').detail).toMatch(/^job 1 from 127\.0\.0\.1:\d+ was not printed: no printer could be reached$/);
    expect(h.tap.status()).toMatchObject({ captured: 1, undelivered: 1 });
    expect(h.journal.jobs[0]?.fields.amount).toEqual({ minor: 1200, currency: 'CNY' });
  });

  it('answers the POS\'s status queries itself when no printer will: offline, with what is known of the printer', async () => {
    const port = await closedPort();
    h = await tapHarness({ printerAddress: `127.0.0.1:${port}`, offlineStatus: () => ({ paperOut: true }) });
    const pos = await h.pos();
    // A status poll before any job, then a job that ends with one: none reaches a printer.
    await pos.send(Uint8Array.of(0x10, 0x04, 0x01));
    expect(await pos.answers(1)).toEqual(Buffer.of(0x1a));
    await pos.send(Buffer.concat([receiptBytes('NO PRINTER', '3.00'), Uint8Array.of(0x10, 0x04, 0x04)]));
    expect(await pos.answers(2)).toEqual(Buffer.of(0x1a, 0x72));
    await pos.finish();
    await h.event('job-handed-over');
    expect(h.handedOver.map((j) => j.outcome)).toEqual(['not-sent']);
  });

  it('when the printer dies in the middle of a job: the rest of it is held back, the next job goes out whole on a new connection', async () => {
    h = await tapHarness();
    const first = receiptBytes('KILLED MID-JOB');
    const second = receiptBytes('NEXT JOB');
    h.printer.virtual.setFault('drop-after=12');
    const pos = await h.pos();
    await pos.send(first.subarray(0, 20));
    await h.event('printer-lost');
    await pos.send(first.subarray(20));
    await pos.send(second);
    await pos.finish();
    await h.event('job-delivered', (e) => e.seq === 2);
    // The printer's connection carried only the start of job 1 (it died reading it), never the rest.
    const cut = h.printer.bytesOf(0);
    expect(cut.length).toBeLessThan(first.length);
    expect(cut).toEqual(Buffer.from(first.subarray(0, cut.length)));
    expect(h.printer.bytesOf(1)).toEqual(Buffer.from(second));
    // Handed over once it is in the journal.
    await h.event('job-handed-over');
    expect(h.handedOver.map((j) => [j.capture.seq, j.outcome])).toEqual([[1, 'partly-sent']]);
    expect(h.handedOver[0]?.capture.bytes).toEqual(first);
    const reason = h.handedOver[0]?.reason;
    expect(reason && localiseError(reason, 'zh').detail).toBe(`打印机 tcp://${h.printer.address} 在打印第 1 张时断开了连接`);
    expect((await h.event('job-delivered', (e) => e.seq === 2)).outcome).toBe('sent');
  });

  it('calls a job whose link was reset right after it "unconfirmed" (it may not have printed), and hands it over', async () => {
    const first = receiptBytes('ALL SENT, THEN THE LINK BROKE');
    // A printer that reads the whole job, then resets the connection instead of closing it.
    let got = 0;
    const printer = await rawPrinter((socket, chunk) => {
      got += chunk.length;
      if (got >= first.length) socket.resetAndDestroy();
    });
    try {
      h = await tapHarness({ printerAddress: printer.address });
      const pos = await h.pos();
      await pos.send(first);
      await h.event('job-handed-over');
      expect(h.handedOver.map((j) => [j.capture.seq, j.outcome, j.reason?.code])).toEqual([[1, 'unconfirmed', 'PRINTER_DISCONNECTED']]);
      expect(await h.event('printer-lost')).toMatchObject({ code: 'PRINTER_DISCONNECTED', message: expect.stringMatching(/ECONNRESET/) });
      await pos.finish();
    } finally {
      await printer.close();
    }
  });
});

describe('the tap confirming delivery by the printer\'s own answers', () => {
  let h: TapHarness;
  afterEach(async () => h?.stop());

  it('counts a job as delivered once the printer answers a status query sent after it, even if the link breaks later', async () => {
    const first = receiptBytes('CONFIRMED BY A STATUS ANSWER');
    const second = receiptBytes('BROKEN OFF');
    // A printer that answers DLE EOT at once and resets the connection in the middle of the second job.
    let got = 0;
    const printer = await rawPrinter((socket, chunk) => {
      for (let i = 0; i + 2 < chunk.length; i++) if (chunk[i] === 0x10 && chunk[i + 1] === 0x04) socket.write(Uint8Array.of(0x12));
      got += chunk.length;
      if (got >= first.length + 3 + 10) socket.resetAndDestroy();
    });
    try {
      h = await tapHarness({ printerAddress: printer.address });
      const pos = await h.pos();
      await pos.send(first);
      await pos.send(Uint8Array.of(0x10, 0x04, 0x01));
      expect(await pos.answers(1)).toEqual(Buffer.of(0x12));
      expect((await h.event('job-delivered', (e) => e.seq === 1)).outcome).toBe('sent');
      await pos.send(second.subarray(0, 20));
      await h.event('printer-lost');
      await pos.send(second.subarray(20));
      expect((await h.event('job-delivered', (e) => e.seq === 2)).outcome).toBe('partly-sent');
      await h.event('job-handed-over');
      expect(h.handedOver.map((j) => j.capture.seq)).toEqual([2]);
      await pos.finish();
    } finally {
      await printer.close();
    }
  });
});

describe('stopping the tap', () => {
  let h: TapHarness;
  afterEach(async () => h?.stop());

  it('lets an open job finish within the grace period, then closes the connection', async () => {
    h = await tapHarness({ stopGraceMs: 5000 });
    const pos = await h.pos();
    const bytes = receiptBytes('FINISHED WHILE STOPPING');
    await pos.send(bytes.subarray(0, 20));
    await until(() => h.printer.bytesOf(0).length >= 20, 'the printer to receive the start of the job');
    const stopped = h.tap.stop();
    await pos.send(bytes.subarray(20));
    expect(await stopped).toEqual({ unsaved: 0 });
    expect(h.printer.bytesOf(0)).toEqual(Buffer.from(bytes));
    expect(h.journal.jobs.map((j) => j.endedBy)).toEqual(['cut']);
    await pos.finish();
  });

  it('ends a job that does not finish in time as "stop", sends what it has, and journals it', async () => {
    h = await tapHarness({ stopGraceMs: 200 });
    const pos = await h.pos();
    const idle = await h.pos();
    await pos.send(receiptBytes('NEVER CUT').subarray(0, 20));
    await until(() => h.printer.bytesOf(0).length >= 20 && h.printer.connections() >= 2, 'both connections and the start of the job');
    expect(await h.tap.stop()).toEqual({ unsaved: 0 });
    expect(h.journal.jobs.map((j) => [j.endedBy, j.bytes.length])).toEqual([['stop', 20]]);
    await Promise.all([pos.finish(), idle.finish()]);
  });
});

describe('starting a tap', () => {
  it('refuses a port in use with PORT_IN_USE, and a bad source name', async () => {
    const printer = await recordingPrinter();
    try {
      const options = { source: 'front-till', listen: { host: '127.0.0.1', port: printer.port }, printer: parsePrinterAddress(printer.address), journal: new MemoryCaptureJournal(), fallback: fallbackFile(join(tempDir().path, 'f')) };
      const error = await new Tap(options).start().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect(error).toMatchObject({ code: 'PORT_IN_USE', hint: expect.stringMatching(/another program/) });
      expect(localiseError(error as ConfigError, 'zh')).toEqual({
        title: '端口已被占用',
        detail: `127.0.0.1 上的端口 ${printer.port} 已被占用`,
        hint: '停掉占用这个端口的程序（虚拟打印机、打印服务，或另一个在这里接收收银机打印的本系统），或换一个端口',
      });
      let badSource: unknown;
      try {
        new Tap({ ...options, source: 'front till!' });
      } catch (e) {
        badSource = e;
      }
      expect(badSource).toBeInstanceOf(InputError);
      expect(localiseError(badSource as InputError, 'zh').detail).toBe('“front till!”不能用作来源名');
      // 192.0.2.1 is a documentation address: never one of this machine's.
      const elsewhere = await new Tap({ ...options, listen: { host: '192.0.2.1', port: 0 } }).start().catch((e: unknown) => e);
      expect(elsewhere).toMatchObject({ code: 'BAD_LISTEN_ADDRESS', hint: expect.stringMatching(/0\.0\.0\.0/) });
      expect(localiseError(elsewhere as ConfigError, 'zh')).toMatchObject({ detail: '无法在 192.0.2.1:0 上监听：本机没有这个地址', hint: '用 0.0.0.0（所有网络）、127.0.0.1 或本机的某个地址' });
    } finally {
      await printer.virtual.stop();
    }
  });
});
