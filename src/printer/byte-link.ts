import type { PrinterError } from './errors.js';

/**
 * A raw two-way byte pipe to a printer, whatever carries it (TCP, a device file, a serial
 * port). The tap forwards through it unchanged; LinkedPrinter speaks the printer protocol
 * over it.
 */
export interface PrinterByteLink {
  /** "tcp://192.168.1.50:9100", "device:/dev/usb/lp0", for messages. */
  readonly address: string;
  /**
   * Hands bytes to the transport, in order; resolves once it has taken them (backpressure).
   * Rejects with a PrinterError when the link is down or the printer took nothing for too long.
   */
  write(bytes: Uint8Array): Promise<void>;
  /** What the printer sends (status answers, automatic status back), in order. One listener. */
  onData(listener: (bytes: Uint8Array) => void): void;
  /**
   * Called once, at the moment the link goes down: with the PrinterError when it failed (reset,
   * device gone, write timeout), with nothing when it closed in order (either side).
   */
  onDown(listener: (error: PrinterError | undefined) => void): void;
  /** No more bytes from us: what was written is flushed, then our side closes; the link goes down once the printer closes too (or after a grace period). */
  end(): void;
  /** Tears the link down at once. */
  destroy(): void;
}

/** Opens a link to a printer, or fails with a PrinterError saying why it cannot be reached. */
export type PrinterLinkOpener<A> = (address: A) => Promise<PrinterByteLink>;

/** The down-once bookkeeping every link adapter needs. */
export class LinkState {
  private down_ = false;
  private failure_: PrinterError | undefined;
  private readonly listeners: ((error: PrinterError | undefined) => void)[] = [];
  private dataListener: ((bytes: Uint8Array) => void) | undefined;

  get isDown(): boolean {
    return this.down_;
  }

  get failure(): PrinterError | undefined {
    return this.failure_;
  }

  onDown(listener: (error: PrinterError | undefined) => void): void {
    if (this.down_) listener(this.failure_);
    else this.listeners.push(listener);
  }

  onData(listener: (bytes: Uint8Array) => void): void {
    this.dataListener = listener;
  }

  data(bytes: Uint8Array): void {
    this.dataListener?.(bytes);
  }

  /** Marks the link down (once); a failure wins over a later orderly close. */
  down(error: PrinterError | undefined): void {
    if (this.down_) return;
    this.down_ = true;
    this.failure_ = error;
    for (const listener of this.listeners.splice(0)) listener(error);
  }
}
