import { createServer, Socket, type Server } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { READY_STATE, encodeEscPos } from '../src/escpos/index.js';
import { VirtualPrinter } from '../src/emulator/index.js';
import {
  PrinterDisconnectedError,
  PrinterError,
  PrinterTimeoutError,
  PrinterUnreachableError,
  TcpPrinter,
  type PrinterTimers,
  type TcpPrinterOptions,
} from '../src/printer/index.js';
import { ReissueError } from '../src/core/index.js';
import { contractReceipt, printerContract } from './support/printer-contract.js';

printerContract('TcpPrinter → VirtualPrinter over 127.0.0.1', {
  async open() {
    const virtual = new VirtualPrinter({ port: 0, speedMmPerSecond: 5000 });
    const { port } = await virtual.start();
    const printer = await TcpPrinter.connect({ host: '127.0.0.1', port, statusTimeoutMs: 1000 });
    return {
      printer,
      control: {
        setFault: (fault) => virtual.setFault(fault),
        printed: () => virtual.jobs().map((job) => job.text),
        close: () => virtual.stop(),
      },
    };
  },
});

/** A local server that accepts and then does whatever the test says (by default: nothing at all). */
async function localServer(onSocket: (socket: Socket) => void = () => undefined): Promise<{ port: number; server: Server; sockets: Socket[]; close: () => Promise<void> }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    server,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 with nothing listening. */
async function closedPort(): Promise<number> {
  const { port, close } = await localServer();
  await close();
  return port;
}

describe('TcpPrinter error paths', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const connect = async (options: TcpPrinterOptions) => {
    const printer = await TcpPrinter.connect(options);
    cleanups.push(() => printer.close());
    return printer;
  };

  it('fails fast with PRINTER_UNREACHABLE when the connection is refused', async () => {
    const port = await closedPort();
    // Timers that never fire: the refusal alone must end it, not the connect timeout.
    const never: PrinterTimers = { setTimeout: () => 0, clearTimeout: () => undefined };
    const error = await TcpPrinter.connect({ host: '127.0.0.1', port, connectTimeoutMs: 5000, timers: never }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrinterUnreachableError);
    expect(error).toBeInstanceOf(ReissueError);
    expect(error).toMatchObject({ code: 'PRINTER_UNREACHABLE', context: { reason: 'ECONNREFUSED' } });
    expect((error as PrinterError).message).toContain(`tcp://127.0.0.1:${port}`);
    expect((error as PrinterError).hint).toMatch(/switched on/);
  });

  it('gives up connecting after connectTimeoutMs with PRINTER_UNREACHABLE', async () => {
    // A socket that never connects stands in for a silent address; no traffic leaves the host.
    let socket: Socket | undefined;
    const started = Date.now();
    const error = await TcpPrinter.connect({
      host: '127.0.0.1',
      port: 9,
      connectTimeoutMs: 120,
      connect: () => (socket = new Socket()),
    }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(error).toMatchObject({ code: 'PRINTER_UNREACHABLE', context: { reason: 'connect-timeout', timeoutMs: 120 } });
    expect(socket?.destroyed).toBe(true);
  });

  it('turns TCP keepalive and no-delay on', async () => {
    const virtual = new VirtualPrinter({ port: 0 });
    const { port } = await virtual.start();
    cleanups.push(() => virtual.stop());
    let socket: Socket | undefined;
    const printer = await connect({
      host: '127.0.0.1',
      port,
      keepAliveMs: 1234,
      connect: (host, p) => {
        socket = new Socket();
        vi.spyOn(socket, 'setKeepAlive');
        vi.spyOn(socket, 'setNoDelay');
        return socket.connect({ host, port: p });
      },
    });
    expect(socket?.setKeepAlive).toHaveBeenCalledWith(true, 1234);
    expect(socket?.setNoDelay).toHaveBeenCalledWith(true);
    expect(await printer.status()).toEqual(READY_STATE);
  });

  it('detects a hung printer: a server that accepts but never answers → PRINTER_TIMEOUT, then the link is torn down', async () => {
    let serverSawClose = false;
    const silent = await localServer((socket) => {
      socket.resume();
      socket.on('close', () => (serverSawClose = true));
    });
    cleanups.push(() => silent.close());
    const printer = await connect({ host: '127.0.0.1', port: silent.port, statusTimeoutMs: 150 });
    const started = Date.now();
    const error = await printer.status().catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(error).toBeInstanceOf(PrinterTimeoutError);
    expect(error).toMatchObject({ code: 'PRINTER_TIMEOUT', context: { timeoutMs: 150 } });
    expect((error as PrinterError).message).toMatch(/half-open/);
    // The server sees the connection go, and later calls fail at once.
    await vi.waitFor(() => expect(serverSawClose).toBe(true), { timeout: 1000 });
    const later = await printer.send(Uint8Array.of(0x0a)).catch((e: unknown) => e);
    expect(later).toBeInstanceOf(PrinterDisconnectedError);
    expect((later as PrinterError).cause).toBe(error);
  });

  it('waitPrinted on a silent printer ends in PRINTER_TIMEOUT (its status query times out too)', async () => {
    const silent = await localServer();
    cleanups.push(() => silent.close());
    const printer = await connect({ host: '127.0.0.1', port: silent.port, statusTimeoutMs: 100 });
    await printer.send(encodeEscPos(contractReceipt('SILENT'), 'generic-80'));
    const started = Date.now();
    const error = await printer.waitPrinted('S001', 100).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PRINTER_TIMEOUT' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('waitPrinted on a printer that answers status but never confirms → PRINTER_TIMEOUT naming the job', async () => {
    // Answers every DLE EOT with "ready" but ignores GS ( H, like a model without process-ID support.
    const server = await localServer((socket) =>
      socket.on('data', (chunk: Buffer) => {
        for (let i = 0; i + 2 < chunk.length; i++) if (chunk[i] === 0x10 && chunk[i + 1] === 0x04) socket.write(Uint8Array.of(0x12));
      }),
    );
    cleanups.push(() => server.close());
    const printer = await connect({ host: '127.0.0.1', port: server.port, statusTimeoutMs: 500 });
    const error = await printer.waitPrinted('N001', 100).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrinterTimeoutError);
    expect((error as PrinterError).message).toContain('N001');
    expect((error as PrinterError).context).toMatchObject({ jobId: 'N001', state: READY_STATE });
  });

  it('rejects pending calls with PRINTER_DISCONNECTED when the printer closes the connection', async () => {
    const server = await localServer();
    cleanups.push(() => server.close());
    const printer = await connect({ host: '127.0.0.1', port: server.port, statusTimeoutMs: 5000 });
    const status = printer.status().catch((e: unknown) => e);
    const printed = printer.waitPrinted('D001', 5000).catch((e: unknown) => e);
    await vi.waitFor(() => expect(server.sockets).toHaveLength(1));
    server.sockets[0]?.end();
    const [s, p] = await Promise.all([status, printed]);
    expect(s).toBeInstanceOf(PrinterDisconnectedError);
    expect(p).toMatchObject({ code: 'PRINTER_DISCONNECTED', context: { reason: 'closed' } });
  });

  it('rejects pending calls with PRINTER_DISCONNECTED carrying the socket error on a reset', async () => {
    const server = await localServer();
    cleanups.push(() => server.close());
    const printer = await connect({ host: '127.0.0.1', port: server.port, statusTimeoutMs: 5000 });
    const status = printer.status().catch((e: unknown) => e);
    await vi.waitFor(() => expect(server.sockets).toHaveLength(1));
    server.sockets[0]?.resetAndDestroy();
    const error = await status;
    expect(error).toBeInstanceOf(PrinterDisconnectedError);
    expect(error).toMatchObject({ context: { reason: 'ECONNRESET' } });
    expect((error as PrinterError).cause).toMatchObject({ code: 'ECONNRESET' });
  });

  it('fails send with PRINTER_TIMEOUT when the printer stops taking data (full buffer)', async () => {
    const server = await localServer((socket) => socket.pause());
    cleanups.push(() => server.close());
    const printer = await connect({ host: '127.0.0.1', port: server.port, writeTimeoutMs: 300 });
    // Far more than the loopback socket buffers hold, so the write cannot complete.
    const big = new Uint8Array(64 * 1024 * 1024).fill(0x41);
    const error = await printer.send(big).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrinterTimeoutError);
    expect(error).toMatchObject({ message: expect.stringMatching(/took no data for 300 ms/), context: { timeoutMs: 300 } });
    await expect(printer.status()).rejects.toBeInstanceOf(PrinterDisconnectedError);
  });

  it('reads the model with GS I', async () => {
    const virtual = new VirtualPrinter({ port: 0, paper: '80-180' });
    const { port } = await virtual.start();
    cleanups.push(() => virtual.stop());
    const printer = await connect({ host: '127.0.0.1', port });
    expect(await printer.identify(67)).toEqual({ model: 'TM-T88V' });
    expect(await printer.identify(66)).toEqual({ maker: 'EPSON' });
    expect(await printer.identify(2)).toEqual({ multiByte: true, autocutter: true });
  });
});
