import { ReissueError, type ErrorDetails, type ErrorKind } from '../core/index.js';
import type { PrinterState } from '../escpos/index.js';

/** Printer trouble is a device being unavailable: exit code 6 at the CLI, 503 over HTTP. */
const PRINTER_ERROR_KIND: ErrorKind = 'unavailable';

/** Any failure talking to a printer; `code` says which. */
export class PrinterError extends ReissueError {
  constructor(code: string, message: string, details: ErrorDetails = {}) {
    super(PRINTER_ERROR_KIND, code, message, details);
  }
}

/** No connection could be made: refused, no route, or no answer to the connect in time. */
export class PrinterUnreachableError extends PrinterError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('PRINTER_UNREACHABLE', message, {
      ...details,
      hint: details.hint ?? 'check that the printer is switched on, its address and port (usually 9100), and the network cable; try `ping` from this machine',
    });
  }
}

/**
 * The address answers, but what comes back is not an ESC/POS printer's answer (a web server's
 * "HTTP/1.1 400", a banner, a mistyped port): nothing it says is read as printer status.
 */
export class NotAPrinterError extends PrinterUnreachableError {
  constructor(message: string, details: ErrorDetails = {}) {
    super(message, {
      ...details,
      hint: details.hint ?? 'the address answers, but not as an ESC/POS printer: check the address and port (usually 9100) in the configuration',
      context: { ...details.context, rule: 'not-a-printer' },
    });
  }
}

/** The connection went away (closed by the printer, reset, or closed by us) while something was pending. */
export class PrinterDisconnectedError extends PrinterError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('PRINTER_DISCONNECTED', message, {
      ...details,
      hint: details.hint ?? 'the printer dropped the connection (power cycle, network glitch, or another client took it); reconnect and check status before resending',
    });
  }
}

/** The printer stopped answering: a hung printer or a half-open connection. */
export class PrinterTimeoutError extends PrinterError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('PRINTER_TIMEOUT', message, {
      ...details,
      hint: details.hint ?? 'the printer accepted the connection but does not answer; power-cycle it, check that nothing else holds its port, and reconnect',
    });
  }
}

/** What is wrong with a printer, in words, from its status. Empty when it can print. */
export function printerFaults(state: PrinterState): string[] {
  const faults: string[] = [];
  if (state.paperOut) faults.push('paper out');
  if (state.coverOpen) faults.push('cover open');
  if (state.cutterError) faults.push('cutter error');
  if (state.unrecoverableError) faults.push('unrecoverable error');
  if (state.autoRecoverableError) faults.push('overheated (recovers by itself)');
  if (state.error && faults.length === 0) faults.push('error');
  if (!state.online && faults.length === 0) faults.push('offline');
  return faults;
}

/** Can print now: online, with paper, cover shut, no error. Paper near end still prints. */
export function isReady(state: PrinterState): boolean {
  return printerFaults(state).length === 0;
}

/** Which fault decides what to do first (also the message's wording in the reader's language). */
function faultRule(state: PrinterState): 'paper-out' | 'cover-open' | 'cutter-error' | 'unrecoverable-error' | 'overheated' | 'other' {
  if (state.paperOut) return 'paper-out';
  if (state.coverOpen) return 'cover-open';
  if (state.cutterError) return 'cutter-error';
  if (state.unrecoverableError) return 'unrecoverable-error';
  if (state.autoRecoverableError) return 'overheated';
  return 'other';
}

const FAULT_HINTS: Readonly<Record<ReturnType<typeof faultRule>, string>> = {
  'paper-out': 'load a new paper roll and close the cover; held jobs print once the printer is back online',
  'cover-open': 'close the printer cover; held jobs print once the printer is back online',
  'cutter-error': 'clear the paper jammed at the cutter, then switch the printer off and on',
  'unrecoverable-error': 'switch the printer off and on; if the error stays, service it or switch to the backup printer',
  overheated: 'wait for the print head to cool down; printing resumes by itself',
  other: 'check the printer panel (error LED, online button) or switch to the backup printer',
};

/** The printer answers but reports a fault (paper out, cover open, offline …); `state` has the details. */
export class PrinterFaultError extends PrinterError {
  readonly state: PrinterState;
  readonly faults: readonly string[];

  constructor(state: PrinterState, details: ErrorDetails & { address?: string; action?: string } = {}) {
    const faults = printerFaults(state);
    const where = details.address ? ` at ${details.address}` : '';
    const action = details.action ? `${details.action}: ` : '';
    super('PRINTER_FAULT', `${action}printer${where} reports ${faults.length > 0 ? faults.join(', ') : 'a fault'}`, {
      ...details,
      hint: details.hint ?? FAULT_HINTS[faultRule(state)],
      context: { ...details.context, state, faults, rule: faultRule(state), ...(details.address ? { address: details.address } : {}) },
    });
    this.state = state;
    this.faults = faults;
  }
}

export const DeviceErrorCodes = ['DEVICE_NOT_FOUND', 'DEVICE_NO_PERMISSION', 'DEVICE_BUSY', 'SERIAL_SETUP_FAILED'] as const;
export type DeviceErrorCode = (typeof DeviceErrorCodes)[number];

/** A printer on a device file or serial port that cannot be opened or set up; the code says why. */
export class DeviceError extends PrinterError {
  constructor(code: DeviceErrorCode, message: string, details: ErrorDetails = {}) {
    super(code, message, details);
  }
}
