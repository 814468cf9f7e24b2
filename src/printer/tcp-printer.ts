import { connect as netConnect, type Socket } from 'node:net';
import type { PrinterIdentity, PrinterState, StatusOptions } from '../escpos/index.js';
import { PrinterDisconnectedError, PrinterTimeoutError, PrinterUnreachableError } from './errors.js';
import { EscPosLink, type ByteChannel } from './escpos-link.js';
import { systemPrinterTimers, type Printer, type PrinterTimers } from './printer-port.js';

export interface TcpPrinterOptions {
  host: string;
  /** Default 9100, the raw printing port. */
  port?: number;
  /** Default 3000 ms. */
  connectTimeoutMs?: number;
  /** A status query unanswered this long means a hung printer or a half-open connection; default 2000 ms. */
  statusTimeoutMs?: number;
  /** A write the printer does not take within this long means it stopped reading; default 10000 ms. */
  writeTimeoutMs?: number;
  /** TCP keepalive probe delay; default 5000 ms. */
  keepAliveMs?: number;
  timers?: PrinterTimers;
  statusOptions?: StatusOptions;
  onAsb?: (state: PrinterState) => void;
  /** Makes the socket; tests swap it. Default: net.connect. */
  connect?: (host: string, port: number) => Socket;
}

const CLOSE_GRACE_MS = 1000;
const WRITE_CHUNK = 64 * 1024;

/** A network printer on raw TCP (port 9100): the Printer port over a socket. */
export class TcpPrinter implements Printer {
  readonly address: string;
  private readonly link: EscPosLink;

  private constructor(
    private readonly socket: Socket,
    options: TcpPrinterOptions,
    address: string,
  ) {
    this.address = address;
    const timers = options.timers ?? systemPrinterTimers;
    const writeTimeoutMs = options.writeTimeoutMs ?? 10_000;
    let lastError: NodeJS.ErrnoException | undefined;

    const writePiece = (piece: Uint8Array, total: number) =>
      new Promise<void>((resolve, reject) => {
        if (socket.destroyed) return reject(this.link.failure ?? new PrinterDisconnectedError(`connection to ${address} is closed`, { context: { address } }));
        let done = false;
        const timer = timers.setTimeout(() => {
          if (done) return;
          done = true;
          const error = new PrinterTimeoutError(`printer at ${address} took no data for ${writeTimeoutMs} ms (its buffer is full or it hung)`, {
            context: { address, timeoutMs: writeTimeoutMs, bytes: total, rule: 'write' },
          });
          this.link.fail(error);
          socket.destroy();
          reject(error);
        }, writeTimeoutMs);
        // The callback runs once the kernel has the bytes; the next piece waits for it.
        socket.write(piece, (error) => {
          if (done) return;
          done = true;
          timers.clearTimeout(timer);
          if (error) reject(this.link.failure ?? new PrinterDisconnectedError(`writing to ${address} failed: ${error.message}`, { cause: error, context: { address } }));
          else resolve();
        });
      });

    const channel: ByteChannel = {
      write: async (bytes) => {
        // In pieces, each with its own deadline: a big job to a slow printer is fine as long as it keeps taking data.
        for (let offset = 0; offset < bytes.length; offset += WRITE_CHUNK) {
          await writePiece(bytes.subarray(offset, offset + WRITE_CHUNK), bytes.length);
        }
      },
      close: () =>
        new Promise<void>((resolve) => {
          if (socket.destroyed) return resolve();
          const timer = timers.setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
          socket.once('close', () => {
            timers.clearTimeout(timer);
            resolve();
          });
          socket.end();
        }),
      destroy: () => socket.destroy(),
    };

    this.link = new EscPosLink(channel, {
      address,
      statusTimeoutMs: options.statusTimeoutMs,
      timers,
      statusOptions: options.statusOptions,
      onAsb: options.onAsb,
    });
    socket.setKeepAlive(true, options.keepAliveMs ?? 5000);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.link.receive(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      lastError = error;
    });
    socket.on('close', () => {
      const why = lastError ? `: ${lastError.code ?? lastError.message}` : '';
      this.link.fail(new PrinterDisconnectedError(`printer at ${address} closed the connection${why}`, { cause: lastError, context: { address, reason: lastError?.code ?? 'closed' } }));
    });
  }

  /** Connects, or fails with PrinterUnreachableError (refused, unreachable, or no answer within connectTimeoutMs). */
  static connect(options: TcpPrinterOptions): Promise<TcpPrinter> {
    const port = options.port ?? 9100;
    const address = `tcp://${options.host}:${port}`;
    const timers = options.timers ?? systemPrinterTimers;
    const connectTimeoutMs = options.connectTimeoutMs ?? 3000;
    const socket = (options.connect ?? ((host, p) => netConnect({ host, port: p })))(options.host, port);
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        timers.clearTimeout(timer);
        socket.off('error', onError);
        socket.off('connect', onConnect);
      };
      const onError = (error: NodeJS.ErrnoException) => {
        cleanup();
        socket.destroy();
        reject(new PrinterUnreachableError(`cannot connect to the printer at ${address}: ${error.code ?? error.message}`, { cause: error, context: { address, reason: error.code } }));
      };
      const onConnect = () => {
        cleanup();
        resolve(new TcpPrinter(socket, options, address));
      };
      const timer = timers.setTimeout(() => {
        cleanup();
        socket.destroy();
        reject(new PrinterUnreachableError(`no connection to the printer at ${address} within ${connectTimeoutMs} ms`, { context: { address, reason: 'connect-timeout', timeoutMs: connectTimeoutMs, rule: 'connect-timeout' } }));
      }, connectTimeoutMs);
      socket.once('error', onError);
      socket.once('connect', onConnect);
    });
  }

  send(bytes: Uint8Array): Promise<void> {
    return this.link.send(bytes);
  }

  status(): Promise<PrinterState> {
    return this.link.status();
  }

  waitPrinted(jobId: string, timeoutMs: number): Promise<void> {
    return this.link.waitPrinted(jobId, timeoutMs);
  }

  /** GS I n (65 firmware, 66 maker, 67 model, 68 serial, 69 fonts; 1-3 ids). */
  identify(n: number, timeoutMs?: number): Promise<Partial<PrinterIdentity>> {
    return this.link.identify(n, timeoutMs);
  }

  /** The last automatic status back block, after the printer was sent GS a. */
  get lastAsb(): PrinterState | undefined {
    return this.link.lastAsb;
  }

  close(): Promise<void> {
    return this.link.close();
  }
}

/** Connects to a printer on raw TCP. */
export function connectTcpPrinter(options: TcpPrinterOptions): Promise<TcpPrinter> {
  return TcpPrinter.connect(options);
}
