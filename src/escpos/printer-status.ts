import { InputError } from '../core/index.js';

/** Everything the status bytes can say about a printer. */
export interface PrinterState {
  online: boolean;
  coverOpen: boolean;
  paperNearEnd: boolean;
  paperOut: boolean;
  /** Drawer kick-out connector pin 3 reads "open" (see StatusOptions.drawerOpenLevel). */
  drawerOpen: boolean;
  /** Paper is being fed with the FEED button. */
  feeding: boolean;
  /** Any error; the three causes below say which. */
  error: boolean;
  cutterError: boolean;
  unrecoverableError: boolean;
  /** e.g. head overheat: clears by itself. */
  autoRecoverableError: boolean;
}

export const READY_STATE: Readonly<PrinterState> = Object.freeze({
  online: true,
  coverOpen: false,
  paperNearEnd: false,
  paperOut: false,
  drawerOpen: false,
  feeding: false,
  error: false,
  cutterError: false,
  unrecoverableError: false,
  autoRecoverableError: false,
});

/** DLE EOT n: 1 printer, 2 offline cause, 3 error cause, 4 roll paper sensor. */
export const StatusRequests = [1, 2, 3, 4] as const;
export type StatusRequest = (typeof StatusRequests)[number];

export interface StatusOptions {
  /**
   * Pin 3 level that means "drawer open". It depends on the drawer's switch; most close the
   * circuit when shut, so the pin reads high when the drawer is open.
   */
  drawerOpenLevel?: 'high' | 'low';
}

const FIXED = 0x12;

function bit(on: boolean, mask: number): number {
  return on ? mask : 0;
}

function pin3(state: Pick<PrinterState, 'drawerOpen'>, options: StatusOptions): boolean {
  return state.drawerOpen === ((options.drawerOpenLevel ?? 'high') === 'high');
}

/** The one-byte answer to DLE EOT n. */
export function encodeStatusResponse(n: number, state: PrinterState, options: StatusOptions = {}): number {
  switch (n) {
    case 1:
      return FIXED | bit(pin3(state, options), 0x04) | bit(!state.online, 0x08);
    case 2:
      return FIXED | bit(state.coverOpen, 0x04) | bit(state.feeding, 0x08) | bit(state.paperOut, 0x20) | bit(anyError(state), 0x40);
    case 3:
      return FIXED | bit(state.cutterError, 0x08) | bit(state.unrecoverableError, 0x20) | bit(state.autoRecoverableError, 0x40);
    case 4:
      return FIXED | bit(state.paperNearEnd, 0x0c) | bit(state.paperOut, 0x60);
    default:
      throw new InputError('STATUS_BAD_REQUEST', `DLE EOT ${n} is not a status request (use 1-4)`);
  }
}

/** A DLE EOT answer has bits 1 and 4 set and bits 0 and 7 clear. */
export function isStatusByte(byte: number): boolean {
  return (byte & 0x93) === 0x12;
}

function checkStatusByte(byte: number): void {
  if (!Number.isInteger(byte) || byte < 0 || byte > 0xff || !isStatusByte(byte)) {
    throw new InputError('STATUS_BAD_BYTE', `0x${byte.toString(16)} is not a DLE EOT status byte (pattern 0xx1xx10)`);
  }
}

/** DLE EOT 1. */
export function decodePrinterStatus(byte: number, options: StatusOptions = {}): Pick<PrinterState, 'online' | 'drawerOpen'> {
  checkStatusByte(byte);
  return { online: (byte & 0x08) === 0, drawerOpen: ((byte & 0x04) !== 0) === ((options.drawerOpenLevel ?? 'high') === 'high') };
}

/** DLE EOT 2. */
export function decodeOfflineCause(byte: number): Pick<PrinterState, 'coverOpen' | 'feeding' | 'paperOut' | 'error'> {
  checkStatusByte(byte);
  return { coverOpen: (byte & 0x04) !== 0, feeding: (byte & 0x08) !== 0, paperOut: (byte & 0x20) !== 0, error: (byte & 0x40) !== 0 };
}

/** DLE EOT 3. */
export function decodeErrorCause(byte: number): Pick<PrinterState, 'cutterError' | 'unrecoverableError' | 'autoRecoverableError' | 'error'> {
  checkStatusByte(byte);
  const cutterError = (byte & 0x08) !== 0;
  const unrecoverableError = (byte & 0x20) !== 0;
  const autoRecoverableError = (byte & 0x40) !== 0;
  return { cutterError, unrecoverableError, autoRecoverableError, error: cutterError || unrecoverableError || autoRecoverableError };
}

/** DLE EOT 4: either bit of a sensor pair reports it (printers set both). */
export function decodePaperSensor(byte: number): Pick<PrinterState, 'paperNearEnd' | 'paperOut'> {
  checkStatusByte(byte);
  return { paperNearEnd: (byte & 0x0c) !== 0, paperOut: (byte & 0x60) !== 0 };
}

export function decodeStatusResponse(n: number, byte: number, options: StatusOptions = {}): Partial<PrinterState> {
  switch (n) {
    case 1:
      return decodePrinterStatus(byte, options);
    case 2:
      return decodeOfflineCause(byte);
    case 3:
      return decodeErrorCause(byte);
    case 4:
      return decodePaperSensor(byte);
    default:
      throw new InputError('STATUS_BAD_REQUEST', `DLE EOT ${n} is not a status request (use 1-4)`);
  }
}

function anyError(state: PrinterState): boolean {
  return state.error || state.cutterError || state.unrecoverableError || state.autoRecoverableError;
}

/** GS a automatic status back: four bytes, the first matching 0xx1xx00, the others 0xx0xxxx. */
export function encodeAsb(state: PrinterState, options: StatusOptions = {}): Uint8Array {
  return Uint8Array.of(
    0x10 | bit(pin3(state, options), 0x04) | bit(!state.online, 0x08) | bit(state.coverOpen, 0x20) | bit(state.feeding, 0x40),
    bit(state.feeding, 0x02) | bit(state.cutterError, 0x08) | bit(state.unrecoverableError, 0x20) | bit(state.autoRecoverableError, 0x40),
    bit(state.paperNearEnd, 0x03) | bit(state.paperOut, 0x0c),
    0x00,
  );
}

export function isAsbHeader(byte: number): boolean {
  return (byte & 0x93) === 0x10;
}

export function decodeAsb(bytes: ArrayLike<number>, options: StatusOptions = {}): PrinterState {
  const [b1, b2, b3, b4] = [bytes[0] ?? -1, bytes[1] ?? -1, bytes[2] ?? -1, bytes[3] ?? -1];
  if (bytes.length !== 4 || !isAsbHeader(b1) || [b2, b3, b4].some((b) => b < 0 || b > 0xff || (b & 0x90) !== 0)) {
    throw new InputError('ASB_BAD_BYTES', `not an automatic status back block: ${Array.from(bytes, (b) => b.toString(16)).join(' ')}`, {
      hint: 'ASB is four bytes: 0xx1xx00 then three 0xx0xxxx',
    });
  }
  const cutterError = (b2 & 0x08) !== 0;
  const unrecoverableError = (b2 & 0x20) !== 0;
  const autoRecoverableError = (b2 & 0x40) !== 0;
  return {
    online: (b1 & 0x08) === 0,
    coverOpen: (b1 & 0x20) !== 0,
    paperNearEnd: (b3 & 0x03) !== 0,
    paperOut: (b3 & 0x0c) !== 0,
    drawerOpen: ((b1 & 0x04) !== 0) === ((options.drawerOpenLevel ?? 'high') === 'high'),
    feeding: (b1 & 0x40) !== 0,
    error: cutterError || unrecoverableError || autoRecoverableError,
    cutterError,
    unrecoverableError,
    autoRecoverableError,
  };
}
