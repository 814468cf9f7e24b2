import type { PrinterIdentity, PrinterState, StatusOptions } from '../escpos/index.js';
import type { PrinterByteLink } from './byte-link.js';
import { PrinterDisconnectedError } from './errors.js';
import { EscPosLink } from './escpos-link.js';
import type { Printer, PrinterTimers } from './printer-port.js';

export interface LinkedPrinterOptions {
  /** A status query unanswered this long means a hung printer or a half-open connection; default 2000 ms. */
  statusTimeoutMs?: number;
  timers?: PrinterTimers;
  statusOptions?: StatusOptions;
  onAsb?: (state: PrinterState) => void;
}

/** The Printer port over any byte link: the printer protocol (EscPosLink) fed by the transport. */
export class LinkedPrinter implements Printer {
  readonly address: string;
  private readonly protocol: EscPosLink;

  constructor(link: PrinterByteLink, options: LinkedPrinterOptions = {}) {
    this.address = link.address;
    const address = link.address;
    let closed: (() => void) | undefined;
    const down = new Promise<void>((resolve) => (closed = resolve));
    this.protocol = new EscPosLink(
      {
        write: (bytes) => link.write(bytes),
        close: async () => {
          link.end();
          await down;
        },
        destroy: () => link.destroy(),
      },
      { address, statusTimeoutMs: options.statusTimeoutMs, timers: options.timers, statusOptions: options.statusOptions, onAsb: options.onAsb },
    );
    link.onData((chunk) => this.protocol.receive(chunk));
    link.onDown((error) => {
      this.protocol.fail(error ?? new PrinterDisconnectedError(`printer at ${address} closed the connection`, { context: { address, reason: 'closed' } }));
      closed?.();
    });
  }

  send(bytes: Uint8Array): Promise<void> {
    return this.protocol.send(bytes);
  }

  status(): Promise<PrinterState> {
    return this.protocol.status();
  }

  waitPrinted(jobId: string, timeoutMs: number): Promise<void> {
    return this.protocol.waitPrinted(jobId, timeoutMs);
  }

  /** GS I n (65 firmware, 66 maker, 67 model, 68 serial, 69 fonts; 1-3 ids). */
  identify(n: number, timeoutMs?: number): Promise<Partial<PrinterIdentity>> {
    return this.protocol.identify(n, timeoutMs);
  }

  /** The last automatic status back block, after the printer was sent GS a. */
  get lastAsb(): PrinterState | undefined {
    return this.protocol.lastAsb;
  }

  close(): Promise<void> {
    return this.protocol.close();
  }
}
