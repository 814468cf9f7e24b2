import type { PrinterState } from '../escpos/index.js';

/**
 * A printer as the spooler sees it, whatever carries the bytes (TCP 9100, a device file, an
 * in-process virtual printer). Every adapter passes test/support/printer-contract.ts.
 */
export interface Printer {
  /** Where the printer is, for messages: "tcp://192.168.1.50:9100". */
  readonly address: string;
  /**
   * Hands bytes to the printer, in order. Resolves once the transport has taken them — not
   * once they are printed (see waitPrinted). A printer that stops taking data fails it with
   * PrinterTimeoutError.
   */
  send(bytes: Uint8Array): Promise<void>;
  /** DLE EOT 1-4 combined. A printer that does not answer in time fails it with PrinterTimeoutError. */
  status(): Promise<PrinterState>;
  /**
   * Sends the completion marker GS ( H fn 48 with `jobId` (4 printable ASCII characters)
   * after everything sent so far, and resolves when the printer answers it — which it does
   * only once that paper has passed. Fails with PrinterFaultError (the printer reports a
   * fault) or PrinterTimeoutError when no answer comes within `timeoutMs`.
   */
  waitPrinted(jobId: string, timeoutMs: number): Promise<void>;
  /** Closes the link; pending calls fail with PrinterDisconnectedError. Safe to call twice. */
  close(): Promise<void>;
}

/** Timers, injected where tests need control. */
export interface PrinterTimers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemPrinterTimers: PrinterTimers = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
