import { InputError } from '../core/index.js';
import type { PrinterIdentity } from './printer-profiles.js';
import { decodePrinterIdResponse } from './printer-responses.js';
import { decodeAsb, decodeStatusResponse, isAsbHeader, isStatusByte, type PrinterState, type StatusOptions } from './printer-status.js';

/** A question sent to the printer whose one-byte answer cannot be told apart by its bits alone. */
export type PendingQuery = { kind: 'status'; n: number } | { kind: 'printer-id'; n: number };

export type PrinterResponse =
  | { type: 'status'; n: number | null; byte: number; state: Partial<PrinterState> }
  | { type: 'asb'; state: PrinterState }
  | { type: 'process-id'; id: string }
  | { type: 'printer-id'; n: number; identity: Partial<PrinterIdentity> }
  | { type: 'unknown'; bytes: Uint8Array };

const MAX_BLOCK = 82;

/**
 * Splits what a printer sends back into responses, as Epson's "identification of send status"
 * prescribes: ASB starts 0xx1xx00 and runs four bytes, DLE EOT answers are 0xx1xx10, GS I
 * one-byte answers 0xx0xxxx, and header-to-NUL blocks start with 0x37 (process ID) or 0x5F
 * (printer information). Single bytes are matched to queries in the order they were sent.
 */
export class StatusReader {
  private pending: PendingQuery[] = [];
  private buf: number[] = [];

  constructor(private readonly options: StatusOptions = {}) {}

  expect(query: PendingQuery): void {
    const valid = query.kind === 'status' ? query.n >= 1 && query.n <= 4 : [1, 2, 3, 49, 50, 51, 65, 66, 67, 68, 69].includes(query.n);
    if (!valid) throw new InputError('STATUS_BAD_REQUEST', `cannot expect an answer to ${query.kind} request ${query.n}`);
    this.pending.push(query);
  }

  feed(chunk: ArrayLike<number>): PrinterResponse[] {
    for (let i = 0; i < chunk.length; i++) this.buf.push(chunk[i] ?? 0);
    const out: PrinterResponse[] = [];
    for (;;) {
      const taken = this.next(out);
      if (taken === 0) break;
      this.buf.splice(0, taken);
    }
    return out;
  }

  private next(out: PrinterResponse[]): number {
    const b = this.buf[0];
    if (b === undefined) return 0;
    if (b === 0x37 || b === 0x5f) return this.block(out);
    if (isAsbHeader(b)) {
      if (this.buf.length < 4) return 0;
      const bytes = this.buf.slice(0, 4);
      try {
        out.push({ type: 'asb', state: decodeAsb(bytes, this.options) });
      } catch {
        out.push({ type: 'unknown', bytes: Uint8Array.of(b) });
        return 1;
      }
      return 4;
    }
    if (isStatusByte(b)) {
      const query = this.take('status', () => true);
      out.push({ type: 'status', n: query?.n ?? null, byte: b, state: query ? decodeStatusResponse(query.n, b, this.options) : {} });
      return 1;
    }
    const query = (b & 0x90) === 0 ? this.take('printer-id', (n) => n < 65) : undefined;
    out.push(query ? { type: 'printer-id', n: query.n, identity: decodePrinterIdResponse(query.n, [b]) } : { type: 'unknown', bytes: Uint8Array.of(b) });
    return 1;
  }

  private block(out: PrinterResponse[]): number {
    const end = this.buf.indexOf(0);
    if (end < 0) {
      if (this.buf.length < MAX_BLOCK) return 0;
      out.push({ type: 'unknown', bytes: Uint8Array.from(this.buf.slice(0, 1)) });
      return 1;
    }
    const bytes = this.buf.slice(0, end + 1);
    if (bytes[0] === 0x37 && bytes[1] === 0x22 && bytes.length === 7) {
      out.push({ type: 'process-id', id: String.fromCharCode(...bytes.slice(2, 6)) });
      return bytes.length;
    }
    const query = bytes[0] === 0x5f ? this.take('printer-id', (n) => n >= 65) : undefined;
    out.push(query ? { type: 'printer-id', n: query.n, identity: decodePrinterIdResponse(query.n, bytes) } : { type: 'unknown', bytes: Uint8Array.from(bytes) });
    return bytes.length;
  }

  private take(kind: PendingQuery['kind'], fits: (n: number) => boolean): PendingQuery | undefined {
    const index = this.pending.findIndex((q) => q.kind === kind && fits(q.n));
    if (index < 0) return undefined;
    return this.pending.splice(index, 1)[0];
  }
}
