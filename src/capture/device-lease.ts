import { LinkState, PrinterDisconnectedError, PrinterUnreachableError, type PrinterByteLink, type PrinterError, type PrinterTimers } from '../printer/index.js';

/**
 * A printer on a device file or serial port serves one POS connection at a time, as a
 * network printer with a single connection does: the others wait their turn (up to
 * `waitMs`), then count as unable to reach it. The device stays open between turns.
 */
export class DeviceLease {
  private device: PrinterByteLink | undefined;
  private opening: Promise<PrinterByteLink> | undefined;
  private holder: LeasedLink | undefined;
  private readonly waiting: { grant: () => void; timer: unknown }[] = [];
  private closed = false;

  constructor(
    private readonly address: string,
    private readonly open: () => Promise<PrinterByteLink>,
    private readonly options: { waitMs: number; timers: PrinterTimers },
  ) {}

  /** The device for one connection, once it is that connection's turn and the device is open. */
  async lease(): Promise<PrinterByteLink> {
    if (this.closed) throw new PrinterDisconnectedError(`${this.address} is closed`, { context: { address: this.address } });
    if (this.holder) await this.turn();
    const holder = new LeasedLink(this.address, (link) => this.release(link));
    this.holder = holder;
    try {
      holder.attach(await this.device_());
    } catch (error) {
      this.release(holder);
      throw error;
    }
    return holder;
  }

  /** Closes the device; leases in force go down. */
  close(): void {
    this.closed = true;
    this.device?.destroy();
    this.device = undefined;
  }

  private turn(): Promise<void> {
    return new Promise((resolve, reject) => {
      const entry = {
        grant: () => {
          this.options.timers.clearTimeout(entry.timer);
          resolve();
        },
        timer: this.options.timers.setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(entry), 1);
          reject(
            new PrinterUnreachableError(`${this.address} stayed busy with another POS connection for ${this.options.waitMs} ms`, {
              hint: 'a POS that keeps its connection open holds a USB or serial printer; the job was kept in the journal',
              context: { address: this.address, reason: 'busy', waitMs: this.options.waitMs, rule: 'busy' },
            }),
          );
        }, this.options.waitMs),
      };
      this.waiting.push(entry);
    });
  }

  private async device_(): Promise<PrinterByteLink> {
    if (this.device) return this.device;
    this.opening ??= this.open().then(
      (device) => {
        this.opening = undefined;
        this.device = device;
        device.onData((bytes) => this.holder?.data(bytes));
        device.onDown((error) => {
          if (this.device === device) this.device = undefined;
          this.holder?.down(error ?? new PrinterDisconnectedError(`${this.address} closed`, { context: { address: this.address, reason: 'closed' } }));
        });
        return device;
      },
      (error: unknown) => {
        this.opening = undefined;
        throw error;
      },
    );
    return this.opening;
  }

  private release(link: LeasedLink): void {
    if (this.holder !== link) return;
    this.holder = undefined;
    this.waiting.shift()?.grant();
  }
}

/** One connection's turn on a shared device: writes go to the device, its answers come here; ending it ends the turn. */
class LeasedLink implements PrinterByteLink {
  private device: PrinterByteLink | undefined;
  private readonly state = new LinkState();
  private writes: Promise<void> = Promise.resolve();

  constructor(
    readonly address: string,
    private readonly released: (link: LeasedLink) => void,
  ) {}

  attach(device: PrinterByteLink): void {
    this.device = device;
  }

  write(bytes: Uint8Array): Promise<void> {
    const next = this.writes.then(() => {
      if (this.state.isDown || !this.device) throw this.state.failure ?? new PrinterDisconnectedError(`this turn on ${this.address} is over`, { context: { address: this.address } });
      return this.device.write(bytes);
    });
    this.writes = next.catch(() => undefined);
    return next;
  }

  onData(listener: (bytes: Uint8Array) => void): void {
    this.state.onData(listener);
  }

  onDown(listener: (error: PrinterError | undefined) => void): void {
    this.state.onDown(listener);
  }

  data(bytes: Uint8Array): void {
    this.state.data(bytes);
  }

  down(error: PrinterError | undefined): void {
    if (this.state.isDown) return;
    this.released(this);
    this.state.down(error);
  }

  end(): void {
    void this.writes.then(() => this.down(undefined));
  }

  destroy(): void {
    this.down(undefined);
  }
}
