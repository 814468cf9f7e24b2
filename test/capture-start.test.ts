/**
 * Taps declared in the configuration file, run by `reissue start` (in process, and the
 * shipped binary): real TCP POS clients, virtual printers, a SQLite journal, the server's
 * own spooler taking the jobs the printer did not.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/index.js';
import { localiseError, type LocalisableError } from '../src/i18n/index.js';
import { readJobDetail } from '../src/printer/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import { killLeftovers, refusedAt, reissue, start } from './support/binary.js';
import { receiptJobBytes } from './support/captured-jobs.js';
import { RECEIPTS } from './support/captured-receipts.js';
import { tempDir } from './support/cli.js';
import { recordingPrinter, type RecordingPrinter } from './support/recording-printer.js';
import { closedPort } from './support/spooler-harness.js';
import { posClient } from './support/tap-harness.js';

const receipt = RECEIPTS[0];
if (!receipt) throw new Error('no test receipt');
const STATUS_1 = Uint8Array.of(0x10, 0x04, 0x01);

/** How many times `part` occurs in `whole`. */
function occurrences(whole: Buffer, part: Uint8Array): number {
  let count = 0;
  for (let at = whole.indexOf(part); at !== -1; at = whole.indexOf(part, at + 1)) count++;
  return count;
}

/** A server with the configuration's taps, its log lines kept and waited on. */
async function serverWithTaps(raw: Record<string, unknown>, dir: string, configFile = 'test') {
  const lines: Record<string, unknown>[] = [];
  const waiters: { test: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }[] = [];
  const server = await startServer({
    port: 0,
    db: join(dir, 'journal.db'),
    config: parseConfig(raw, configFile),
    context: { env: { REISSUE_TZ: 'Asia/Shanghai' }, cwd: dir, now: Date.now },
    logger: (text) => {
      const line = JSON.parse(text) as Record<string, unknown>;
      lines.push(line);
      for (const w of [...waiters]) {
        if (!w.test(line)) continue;
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    },
  });
  const logged = (event: string, match: (line: Record<string, unknown>) => boolean = () => true) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const test = (line: Record<string, unknown>) => line.event === event && match(line);
      const seen = lines.find(test);
      if (seen) return resolve(seen);
      waiters.push({ test, resolve });
    });
  return { server, lines, logged };
}

describe('taps in the configuration file, run by reissue start', () => {
  const dir = tempDir('reissue-start-tap-');
  const printers: RecordingPrinter[] = [];
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    for (const p of printers.splice(0)) await p.virtual.stop();
    await killLeftovers();
  });

  it('forwards and journals a POS job, shows the tap in /health, and stops with the server', async () => {
    const printer = await recordingPrinter();
    printers.push(printer);
    const s = await serverWithTaps({ printers: [{ name: 'front', address: printer.address }], taps: [{ source: 'till-1', listen: '127.0.0.1:0', printer: 'front' }] }, join(dir.path, 'a'));
    server = s.server;
    const tap = server.taps[0];
    expect(tap?.source).toBe('till-1');
    const pos = await posClient(tap?.tcp?.port ?? 0);
    const bytes = receiptJobBytes(receipt.lines);
    await pos.send(bytes);
    await pos.finish();
    const kept = await s.logged('tap.job-kept');
    expect(kept).toMatchObject({ source: 'till-1', where: 'journal', backlog: 0 });
    expect(printer.bytesOf(0)).toEqual(Buffer.from(bytes));
    const { capture } = await server.deps.journal.getCapture(kept.id as string);
    expect(capture.source).toBe('till-1');
    const health = (await (await fetch(`${server.url}/health`)).json()) as { taps: unknown[] };
    expect(health.taps).toEqual([{ source: 'till-1', connections: 0, captured: 1, backlog: 0, undelivered: 0 }]);
    const port = tap?.tcp?.port ?? 0;
    await server.close();
    server = undefined;
    expect(await s.logged('tap.stopped')).toMatchObject({ source: 'till-1', captured: 1, unsaved: 0 });
    expect(await refusedAt(port)).toBe(true);
  });

  it('hands a job no printer took to the spooler: the POS is told "offline", the backup prints it once it is up, once', async () => {
    const [frontPort, sparePort] = [await closedPort(), await closedPort()];
    const s = await serverWithTaps(
      {
        printers: [{ name: 'front', address: `127.0.0.1:${frontPort}` }, { name: 'spare', address: `127.0.0.1:${sparePort}` }],
        spooler: { retryInitial: '100ms', retryMax: '200ms', failoverAfter: 2 },
        taps: [{ source: 'till-2', listen: '127.0.0.1:0', printer: 'front', backup: 'spare' }],
      },
      join(dir.path, 'b'),
    );
    server = s.server;
    const pos = await posClient(server.taps[0]?.tcp?.port ?? 0);
    const bytes = receiptJobBytes(receipt.lines);
    await pos.send(Buffer.concat([bytes, STATUS_1]));
    // No printer answers: the tap does, with the printer offline.
    expect(await pos.answers(1)).toEqual(Buffer.of(0x1a));
    await pos.finish();
    const handed = await s.logged('tap.job-handed-over');
    expect(handed).toMatchObject({ source: 'till-2', outcome: 'not-sent' });
    const [queued] = await server.deps.journal.jobs({ transactionId: handed.id as string, order: 'oldest', limit: 10 });
    expect(queued).toMatchObject({ kind: 'original', printer: 'front', backup: 'spare', copy: 0 });
    // The backup printer comes up; the spooler's failover takes the job there.
    const spare = await recordingPrinter({ port: sparePort });
    printers.push(spare);
    const done = await server.deps.spooler.waitFor(queued?.id ?? 0, { timeoutMs: 60_000 });
    expect(done).toMatchObject({ state: 'printed', printer: 'spare' });
    const all = Buffer.concat(Array.from({ length: spare.connections() }, (_, i) => spare.bytesOf(i)));
    expect(occurrences(all, bytes)).toBe(1);
    // A second hand-over of the same receipt is refused like a second original.
    await expect(server.deps.spooler.takeCapture({ captureId: handed.id as string, printer: 'front', outcome: 'not-sent' })).rejects.toMatchObject({ code: 'ALREADY_PRINTED' });
  });

  it('journals a job cut off by the printer dying mid-job as of unknown outcome and never prints it again; the next job goes to the backup', async () => {
    const front = await recordingPrinter();
    const spare = await recordingPrinter();
    printers.push(front, spare);
    const s = await serverWithTaps(
      {
        printers: [{ name: 'front', address: front.address }, { name: 'spare', address: spare.address }],
        taps: [{ source: 'till-3', listen: '127.0.0.1:0', printer: 'front', backup: 'spare' }],
      },
      join(dir.path, 'c'),
    );
    server = s.server;
    front.virtual.setFault('drop-after=12');
    const first = receiptJobBytes(receipt.lines);
    const second = receiptJobBytes(['NEXT JOB', '合计 3.00']);
    const pos = await posClient(server.taps[0]?.tcp?.port ?? 0);
    await pos.send(first.subarray(0, 20));
    await s.logged('tap.printer-lost');
    await pos.send(first.subarray(20));
    // The front printer is gone for good: the next job finds the backup.
    await front.virtual.stop();
    await pos.send(second);
    await pos.finish();
    const handed = await s.logged('tap.job-handed-over');
    expect(handed).toMatchObject({ outcome: 'partly-sent' });
    await s.logged('tap.job-delivered', (l) => l.seq === 2 && l.outcome === 'sent');
    const [job] = await server.deps.journal.jobs({ transactionId: handed.id as string, order: 'oldest', limit: 10 });
    expect(job?.state).toBe('unknown');
    expect(readJobDetail(job?.detail ?? '').code).toBe('send-failed');
    // The row is what its events say (sent by the tap, then unknown).
    if (job) await server.deps.journal.checkJob(job);
    expect(spare.bytesOf(0)).toEqual(Buffer.from(second));
    expect(occurrences(Buffer.concat(Array.from({ length: spare.connections() }, (_, i) => spare.bytesOf(i))), first)).toBe(0);
  });

  it('reads a tap\'s rules file from the configuration file\'s folder, not the working directory', async () => {
    const printer = await recordingPrinter();
    printers.push(printer);
    const shop = join(dir.path, 'f', 'shop');
    mkdirSync(shop, { recursive: true });
    const configFile = join(shop, 'reissue.config.json');
    const raw = { printers: [{ name: 'front', address: printer.address }], taps: [{ source: 'till-6', listen: '127.0.0.1:0', printer: 'front', rules: 'rules.json' }] };
    // Not there yet: the error names the file in the configuration's folder and the setting.
    const missing = await serverWithTaps(raw, join(dir.path, 'f'), configFile).then(
      () => undefined,
      (error: unknown) => error as LocalisableError,
    );
    expect(missing).toMatchObject({ code: 'NO_RULES_FILE', context: { file: join(shop, 'rules.json'), given: `taps[0].rules in ${configFile}` } });
    expect(localiseError(missing as LocalisableError, 'zh').hint).toBe(`检查 taps[0].rules in ${configFile} 给出的路径（相对于配置文件所在的文件夹）`);
    writeFileSync(join(shop, 'rules.json'), JSON.stringify({ sources: { 'till-6': { dateOrder: 'dmy' } } }));
    // The server's working directory is the folder above: the file is found beside the configuration all the same.
    const s = await serverWithTaps(raw, join(dir.path, 'f'), configFile);
    server = s.server;
    expect(server.taps.map((t) => t.source)).toEqual(['till-6']);
  });

  it('refuses to start when a tap\'s port is taken, and leaves nothing listening', async () => {
    const printer = await recordingPrinter();
    printers.push(printer);
    // The printer's own port is taken.
    await expect(
      serverWithTaps({ printers: [{ name: 'front', address: printer.address }], taps: [{ source: 'till-4', listen: printer.address, printer: 'front' }] }, join(dir.path, 'd')),
    ).rejects.toMatchObject({ code: 'PORT_IN_USE' });
  });

  it('the shipped binary: `reissue start` runs the tap, journals what the POS prints, and SIGTERM stops both, exit 0', async () => {
    const printer = await recordingPrinter();
    printers.push(printer);
    const config = join(dir.path, 'e.config.json');
    writeFileSync(config, JSON.stringify({ printers: [{ name: 'front', address: printer.address }], taps: [{ source: 'till-5', listen: '127.0.0.1:0', printer: 'front' }] }));
    const db = join(dir.path, 'e.db');
    const running = start(['start', '--port', '0', '--config', config, '--db', db, '--log-format', 'json'], { cwd: dir.path });
    const [, port] = await running.output(/tap till-5 is running: the POS prints to 127\.0\.0\.1:(\d+)/);
    const pos = await posClient(Number(port));
    const bytes = receiptJobBytes(receipt.lines);
    await pos.send(bytes);
    await pos.finish();
    const [, id] = await running.output(/"event":"tap\.job-kept","source":"till-5","id":"(cap-[a-z]+)","where":"journal"/, 'stderr');
    running.signal('SIGTERM');
    const exit = await running.exited;
    expect({ code: exit.code, signal: exit.signal }, exit.stderr).toEqual({ code: 0, signal: null });
    expect(exit.stderr).toMatch(/"event":"tap\.stopped","source":"till-5","captured":1,"backlog":0,"unsaved":0/);
    expect(await refusedAt(Number(port))).toBe(true);
    expect(printer.bytesOf(0)).toEqual(Buffer.from(bytes));
    const found = await reissue(['find', '--source', 'till-5', '--json', '--db', db], { cwd: dir.path });
    expect(found.code, found.stderr).toBe(0);
    expect(JSON.parse(found.stdout).items).toEqual([expect.objectContaining({ origin: 'capture', id, source: 'till-5' })]);
  });
});
