import { close as fsClose, constants, open as fsOpen, read as fsRead, write as fsWrite } from 'node:fs';
import { isatty, ReadStream } from 'node:tty';
import { LinkState, type PrinterByteLink } from './byte-link.js';
import { DeviceError, PrinterDisconnectedError, PrinterError, PrinterTimeoutError, PrinterUnreachableError } from './errors.js';
import { systemPrinterTimers, type PrinterTimers } from './printer-port.js';

export interface DeviceLinkOptions {
  path: string;
  /** For messages; default "device:PATH". */
  address?: string;
  /**
   * How answers are read: 'stream' as a terminal delivers them (serial ports), 'poll' by
   * reading the device file every pollMs (USB printer class, which has no readiness signal).
   * Default: 'stream' for a terminal, else 'poll'.
   */
  reads?: 'stream' | 'poll';
  /** Default 20 ms. */
  pollMs?: number;
  /** A device that takes no data for this long has stopped (paper out with flow control, unplugged); default 10000 ms. */
  writeTimeoutMs?: number;
  timers?: PrinterTimers;
}

const READ_SIZE = 4096;
/** Errors that mean the device went away (unplugged, pty closed). */
const GONE = new Set(['EIO', 'ENODEV', 'ENXIO', 'EBADF', 'EPIPE']);

/** Opens a printer's device file read-write without blocking; fails with DeviceError or PrinterUnreachableError. */
export function openDeviceLink(options: DeviceLinkOptions): Promise<PrinterByteLink> {
  const address = options.address ?? `device:${options.path}`;
  return new Promise((resolve, reject) => {
    fsOpen(options.path, constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK, (error, fd) => {
      if (error) return reject(openError(error, options.path, address));
      resolve(deviceLink(fd, address, options));
    });
  });
}

function deviceLink(fd: number, address: string, options: DeviceLinkOptions): PrinterByteLink {
  const timers = options.timers ?? systemPrinterTimers;
  const writeTimeoutMs = options.writeTimeoutMs ?? 10_000;
  const pollMs = options.pollMs ?? 20;
  const state = new LinkState();
  const mode = options.reads ?? (isatty(fd) ? 'stream' : 'poll');
  let stream: ReadStream | undefined;
  let pollTimer: unknown;
  let closed = false;
  let writes: Promise<void> = Promise.resolve();

  const shut = (error: PrinterError | undefined) => {
    if (!closed) {
      closed = true;
      if (pollTimer !== undefined) timers.clearTimeout(pollTimer);
      // The stream owns the descriptor once it exists.
      if (stream) stream.destroy();
      else fsClose(fd, () => undefined);
    }
    state.down(error);
  };
  /** `reason`: the errno code (EIO, ENODEV …), or EOF when the far end hung up without one. */
  const gone = (reason: string, cause?: Error) =>
    shut(new PrinterDisconnectedError(`printer at ${address} is gone: ${reason}`, { cause, context: { address, reason, rule: 'gone' } }));
  const goneWith = (error: NodeJS.ErrnoException) => gone(error.code ?? error.message, error);

  if (mode === 'stream') {
    stream = new ReadStream(fd);
    stream.on('data', (chunk: Buffer) => state.data(chunk));
    stream.on('error', goneWith);
    // The far end hung up: some kernels say so with EIO, others with end of file (no errno to quote).
    stream.on('end', () => gone('EOF'));
  } else {
    const buffer = Buffer.alloc(READ_SIZE);
    const poll = () => {
      pollTimer = undefined;
      if (closed) return;
      fsRead(fd, buffer, 0, READ_SIZE, null, (error, n) => {
        if (closed) return;
        if (error && error.code !== 'EAGAIN') return GONE.has(error.code ?? '') ? goneWith(error) : undefined;
        if (!error && n > 0) {
          state.data(Buffer.from(buffer.subarray(0, n)));
          return poll();
        }
        pollTimer = timers.setTimeout(poll, pollMs);
      });
    };
    poll();
  }

  /** Writes all of `bytes`, waiting out EAGAIN (a full device buffer) as long as the device keeps taking data. */
  const writeAll = (bytes: Uint8Array) =>
    new Promise<void>((resolve, reject) => {
      let offset = 0;
      // Time spent waiting on a full device since it last took data.
      let stalled = 0;
      let wait = 1;
      const step = () => {
        if (closed) return reject(state.failure ?? new PrinterDisconnectedError(`connection to ${address} is closed`, { context: { address } }));
        if (offset >= bytes.length) return resolve();
        fsWrite(fd, bytes, offset, bytes.length - offset, null, (error, n) => {
          if (error?.code === 'EAGAIN' || (!error && n === 0)) {
            if (stalled >= writeTimeoutMs) {
              const timeout = new PrinterTimeoutError(`printer at ${address} took no data for ${writeTimeoutMs} ms (paper out, flow control, or it hung)`, {
                context: { address, timeoutMs: writeTimeoutMs, bytes: bytes.length, rule: 'device-write' },
              });
              shut(timeout);
              return reject(timeout);
            }
            wait = Math.min(wait * 2, 50);
            stalled += wait;
            timers.setTimeout(step, wait);
            return;
          }
          if (error) {
            goneWith(error);
            return reject(state.failure ?? error);
          }
          offset += n;
          stalled = 0;
          wait = 1;
          step();
        });
      };
      step();
    });

  return {
    address,
    write: (bytes) => {
      const next = writes.then(() => writeAll(bytes));
      writes = next.catch(() => undefined);
      return next;
    },
    onData: (listener) => state.onData(listener),
    onDown: (listener) => state.onDown(listener),
    end: () => void writes.then(() => shut(undefined)),
    destroy: () => shut(undefined),
  };
}

/** Why a device file could not be opened, in words a shop owner can act on. */
export function openError(error: NodeJS.ErrnoException, path: string, address: string): PrinterError {
  const reason = error.code;
  switch (error.code) {
    case 'ENOENT':
    case 'ENODEV':
    case 'ENXIO':
      return new DeviceError('DEVICE_NOT_FOUND', `no printer at ${path}`, {
        hint: 'check that the printer is plugged in and switched on; USB printers appear as /dev/usb/lp0, serial ones as /dev/ttyUSB0 or /dev/ttyS0 (ls /dev/usb /dev/tty*)',
        cause: error,
        context: { address, path, reason },
      });
    case 'EACCES':
    case 'EPERM':
      return new DeviceError('DEVICE_NO_PERMISSION', `not allowed to open ${path}`, {
        hint: 'add the user that runs Reissue to the group that owns the device (lp for USB, dialout for serial: sudo usermod -aG lp,dialout USER), then log in again',
        cause: error,
        context: { address, path, reason },
      });
    case 'EBUSY':
      return new DeviceError('DEVICE_BUSY', `${path} is in use by another program`, {
        hint: 'stop the other program that prints to it (a CUPS queue, the POS driver) or point that program at Reissue instead',
        cause: error,
        context: { address, path, reason },
      });
    default:
      return new PrinterUnreachableError(`cannot open the printer at ${path}: ${error.code ?? error.message}`, { cause: error, context: { address, path, reason, rule: 'device' } });
  }
}
