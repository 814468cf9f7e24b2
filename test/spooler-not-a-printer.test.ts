/**
 * A printer address that reaches something other than a printer (a mistyped address, a web
 * server, a device answering HTTP) is said to be "not a printer", like an unreachable one: its
 * reply is never read as ESC/POS status. Found by a review helper: the bits of "HTTP/1.1 400 …"
 * pass for status and automatic status back, so the printer showed "paper out, cutter error,
 * unrecoverable error", its job was held for paper and expired, and the supervisor was sent to
 * load paper while the address was never questioned.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startVirtualPrinter } from '../src/emulator/index.js';
import { Journal } from '../src/journal/index.js';
import { printerDirectory, Spooler, tcpConnector } from '../src/printer/index.js';
import { nthSale } from './support/fixtures.js';
import { FAST_SETTINGS, openSqlite, tempDir } from './support/spooler-harness.js';
import { testRender } from './support/spooler-render.js';

const HTTP400 = 'HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\ndate: Mon, 07 Dec 2026 23:33:23 GMT\r\n\r\n';
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** What any HTTP server answers to bytes that are not HTTP. */
async function webServer(): Promise<number> {
  const sockets: Socket[] = [];
  const server: Server = createServer((s) => {
    sockets.push(s);
    s.on('error', () => undefined);
    s.once('data', () => s.end(HTTP400));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  cleanup.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  });
  return (server.address() as { port: number }).port;
}

async function spoolerFor(printers: { name: string; host: string; port: number }[]) {
  const dir = tempDir('not-a-printer-');
  const store = await openSqlite(`${dir.path}/j.db`);
  const journal = new Journal({ store });
  const spooler = new Spooler({
    journal,
    printers: printerDirectory(printers),
    connect: tcpConnector({ connectTimeoutMs: 500, statusTimeoutMs: 500 }),
    render: testRender,
    settings: { ...FAST_SETTINGS, expireAfterMs: 3000, ackTimeoutMs: 1000 },
  });
  cleanup.push(async () => {
    await spooler.stop();
    await store.close();
    dir.remove();
  });
  return { journal, spooler };
}

describe('an address that answers, but not as a printer', () => {
  it('is reported as not a printer, never as paper out, and its job is retried, not held for paper', async () => {
    const port = await webServer();
    const { journal, spooler } = await spoolerFor([{ name: 'front', host: '127.0.0.1', port }]);
    const [sale] = await journal.recordMany([nthSale(1)]);
    await spooler.start();
    const job = await spooler.enqueue({ transactionId: sale?.id as string, printer: 'front' });
    const done = await spooler.waitFor(job.id, { timeoutMs: 15_000 });
    const [report] = await spooler.printers();
    const events = await spooler.jobEvents(job.id);
    const types = events.map((e) => e.type);
    expect(done.state).toBe('expired');
    expect(report?.status).toBe('not a printer');
    expect(report?.faults).toEqual([]);
    expect(report?.lastError).toContain('answers, but not as an ESC/POS printer');
    expect(report?.lastError).toContain('"HTTP/1.1 400 Bad Reques');
    expect(types).not.toContain('print.held');
    expect(types).toContain('print.retry');
    const retry = JSON.parse(events.find((e) => e.type === 'print.retry')?.payload ?? '{}') as { error?: string; message?: string };
    expect(retry.error).toBe('PRINTER_UNREACHABLE');
    expect(retry.message).toContain('not as an ESC/POS printer');
  }, 30_000);

  it('says the same when the printers are looked at (probe), while a real printer beside it reads ready', async () => {
    const port = await webServer();
    const real = await startVirtualPrinter({ port: 0, speedMmPerSecond: 2000 });
    cleanup.push(() => real.stop());
    const { spooler } = await spoolerFor([
      { name: 'front', host: '127.0.0.1', port },
      { name: 'back', host: '127.0.0.1', port: real.address?.port as number },
    ]);
    const reports = await spooler.printers({ probe: true });
    const by = new Map(reports.map((r) => [r.name, r]));
    expect(by.get('front')).toMatchObject({ status: 'not a printer', faults: [] });
    expect(by.get('back')).toMatchObject({ status: 'ready', faults: [], lastError: null });
  }, 30_000);
});
