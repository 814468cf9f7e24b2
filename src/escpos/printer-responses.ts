import { InputError } from '../core/index.js';
import type { QueryCommand } from './commands.js';
import type { PrinterIdentity } from './printer-profiles.js';
import { encodeAsb, encodeStatusResponse, type PrinterState, type StatusOptions } from './printer-status.js';

const NUL = 0x00;
const PROCESS_ID_HEADER = 0x37;
const PROCESS_ID_IDENTIFIER = 0x22;
const INFO_HEADER = 0x5f;

/** GS ( H fn 48 answer, sent once the related data is printed: "7" '"' d1 d2 d3 d4 NUL. */
export function encodeProcessIdResponse(id: string): Uint8Array {
  if (!/^[\x20-\x7e]{4}$/.test(id)) throw new InputError('BAD_JOB_ID', `process id "${id}" must be exactly 4 printable ASCII characters`, { context: { value: id, rule: 'four-chars' } });
  return Uint8Array.of(PROCESS_ID_HEADER, PROCESS_ID_IDENTIFIER, ...Array.from(id, (c) => c.charCodeAt(0)), NUL);
}

export function decodeProcessIdResponse(bytes: ArrayLike<number>): string {
  if (bytes.length !== 7 || bytes[0] !== PROCESS_ID_HEADER || bytes[1] !== PROCESS_ID_IDENTIFIER || bytes[6] !== NUL) {
    throw new InputError('PROCESS_ID_BAD_BYTES', 'not a process-ID response (37 22 d1 d2 d3 d4 00)');
  }
  return String.fromCharCode(...Array.from(bytes).slice(2, 6));
}

/** GS I n: 1-3 (or 49-51) answer one byte 0xx0xxxx; 65-69 answer "_" text NUL. */
const INFO_FIELDS: Readonly<Record<number, 'firmware' | 'maker' | 'model' | 'serial' | 'fonts'>> = {
  65: 'firmware',
  66: 'maker',
  67: 'model',
  68: 'serial',
  69: 'fonts',
};

export function encodePrinterIdResponse(n: number, identity: PrinterIdentity): Uint8Array {
  const field = INFO_FIELDS[n];
  if (field) {
    const text = identity[field];
    if (!/^[\x20-\x7e]{0,80}$/.test(text)) throw new InputError('PRINTER_ID_BAD_TEXT', `printer ${field} "${text}" must be up to 80 printable ASCII characters`);
    return Uint8Array.of(INFO_HEADER, ...Array.from(text, (c) => c.charCodeAt(0)), NUL);
  }
  const kind = n >= 49 ? n - 48 : n;
  const value = kind === 1 ? identity.modelId : kind === 2 ? (identity.multiByte ? 1 : 0) | (identity.autocutter ? 2 : 0) : kind === 3 ? identity.firmwareId : -1;
  if (value < 0) throw new InputError('PRINTER_ID_BAD_REQUEST', `GS I ${n} is not a printer-id request this printer answers`);
  if ((value & 0x90) !== 0 || value > 0xff) throw new InputError('PRINTER_ID_BAD_VALUE', `id byte 0x${value.toString(16)} must match 0xx0xxxx`);
  return Uint8Array.of(value);
}

export function decodePrinterIdResponse(n: number, bytes: ArrayLike<number>): Partial<PrinterIdentity> {
  const field = INFO_FIELDS[n];
  const list = Array.from(bytes);
  if (field) {
    if (list[0] !== INFO_HEADER || list[list.length - 1] !== NUL) throw new InputError('PRINTER_ID_BAD_BYTES', `GS I ${n} answer must be "_" text NUL`);
    return { [field]: String.fromCharCode(...list.slice(1, -1)) };
  }
  const value = list[0];
  if (list.length !== 1 || value === undefined || (value & 0x90) !== 0) throw new InputError('PRINTER_ID_BAD_BYTES', `GS I ${n} answer must be one byte 0xx0xxxx`);
  const kind = n >= 49 ? n - 48 : n;
  if (kind === 1) return { modelId: value };
  if (kind === 2) return { multiByte: (value & 1) !== 0, autocutter: (value & 2) !== 0 };
  if (kind === 3) return { firmwareId: value };
  throw new InputError('PRINTER_ID_BAD_REQUEST', `GS I ${n} is not a printer-id request`);
}

export interface ResponderContext {
  state: PrinterState;
  identity: PrinterIdentity;
  statusOptions?: StatusOptions;
}

/**
 * What a printer sends back for a query, or undefined when it sends nothing. A process-ID
 * answer is due only after the paper has passed; the caller decides when to send it.
 */
export function responseTo(query: QueryCommand, ctx: ResponderContext): Uint8Array | undefined {
  const { state, statusOptions } = ctx;
  switch (query.type) {
    case 'realtime-status':
      return query.n >= 1 && query.n <= 4 ? Uint8Array.of(encodeStatusResponse(query.n, state, statusOptions)) : undefined;
    case 'printer-id-request':
      return INFO_FIELDS[query.n] || [1, 2, 3, 49, 50, 51].includes(query.n) ? encodePrinterIdResponse(query.n, ctx.identity) : undefined;
    case 'process-id':
      return encodeProcessIdResponse(query.id);
    case 'asb':
      return query.mask === 0 ? undefined : encodeAsb(state, statusOptions);
    case 'status-request': {
      const kind = query.n >= 49 ? query.n - 48 : query.n;
      if (kind === 1) return Uint8Array.of((state.paperNearEnd ? 0x03 : 0) | (state.paperOut ? 0x0c : 0));
      if (kind === 2) return Uint8Array.of(state.drawerOpen === ((statusOptions?.drawerOpenLevel ?? 'high') === 'high') ? 1 : 0);
      return undefined;
    }
    default:
      return undefined;
  }
}
