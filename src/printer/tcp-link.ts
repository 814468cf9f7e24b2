import { connect as netConnect, type Socket } from 'node:net';
import { LinkState, type PrinterByteLink } from './byte-link.js';
import { PrinterDisconnectedError, PrinterTimeoutError, PrinterUnreachableError } from './errors.js';
import { systemPrinterTimers, type PrinterTimers } from './printer-port.js';

export interface TcpLinkOptions {
  host: string;
  /** Default 9100, the raw printing port. */
  port?: number;
  /** Default 3000 ms. */
  connectTimeoutMs?: number;
  /** A write the printer does not take within this long means it stopped reading; default 10000 ms. */
  writeTimeoutMs?: number;
  /** TCP keepalive probe delay; default 5000 ms. */
  keepAliveMs?: number;
  /** After end(), how long the printer may take to read the rest and close before the link is torn down; default 1000 ms. */
  closeGraceMs?: number;
  timers?: PrinterTimers;
  /** Makes the socket; tests swap it. Default: net.connect. */
  connect?: (host: string, port: number) => Socket;
}

const WRITE_CHUNK = 64 * 1024;

/** Connects to a printer's raw TCP port, or fails with PrinterUnreachableError (refused, unreachable, or no answer within connectTimeoutMs). */
export function connectTcpLink(options: TcpLinkOptions): Promise<PrinterByteLink> {
  const port = options.port ?? 9100;
  const address = `tcp://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
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
      resolve(tcpLink(socket, address, options));
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

function tcpLink(socket: Socket, address: string, options: TcpLinkOptions): PrinterByteLink {
  const timers = options.timers ?? systemPrinterTimers;
  const writeTimeoutMs = options.writeTimeoutMs ?? 10_000;
  const state = new LinkState();
  let lastError: NodeJS.ErrnoException | undefined;

  const writePiece = (piece: Uint8Array, total: number) =>
    new Promise<void>((resolve, reject) => {
      if (socket.destroyed) return reject(state.failure ?? new PrinterDisconnectedError(`connection to ${address} is closed`, { context: { address } }));
      let done = false;
      const timer = timers.setTimeout(() => {
        if (done) return;
        done = true;
        const error = new PrinterTimeoutError(`printer at ${address} took no data for ${writeTimeoutMs} ms (its buffer is full or it hung)`, {
          context: { address, timeoutMs: writeTimeoutMs, bytes: total, rule: 'write' },
        });
        state.down(error);
        socket.destroy();
        reject(error);
      }, writeTimeoutMs);
      // The callback runs once the kernel has the bytes; the next piece waits for it.
      socket.write(piece, (error) => {
        if (done) return;
        done = true;
        timers.clearTimeout(timer);
        if (error) reject(state.failure ?? new PrinterDisconnectedError(`writing to ${address} failed: ${error.message}`, { cause: error, context: { address } }));
        else resolve();
      });
    });

  socket.setKeepAlive(true, options.keepAliveMs ?? 5000);
  socket.setNoDelay(true);
  socket.on('data', (chunk: Buffer) => state.data(chunk));
  socket.on('error', (error: NodeJS.ErrnoException) => {
    lastError = error;
  });
  socket.on('close', () => {
    const why = lastError ? `: ${lastError.code ?? lastError.message}` : '';
    state.down(lastError ? new PrinterDisconnectedError(`printer at ${address} closed the connection${why}`, { cause: lastError, context: { address, reason: lastError.code ?? 'closed' } }) : undefined);
  });

  return {
    address,
    write: async (bytes) => {
      // In pieces, each with its own deadline: a big job to a slow printer is fine as long as it keeps taking data.
      for (let offset = 0; offset < bytes.length; offset += WRITE_CHUNK) {
        await writePiece(bytes.subarray(offset, offset + WRITE_CHUNK), bytes.length);
      }
    },
    onData: (listener) => state.onData(listener),
    onDown: (listener) => state.onDown(listener),
    end: () => {
      if (socket.destroyed) return;
      const timer = timers.setTimeout(() => socket.destroy(), options.closeGraceMs ?? 1000);
      socket.once('close', () => timers.clearTimeout(timer));
      socket.end();
    },
    destroy: () => socket.destroy(),
  };
}
