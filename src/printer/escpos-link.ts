import { InputError } from '../core/index.js';
import { READY_STATE, StatusReader, type PrinterIdentity, type PrinterState, type StatusOptions } from '../escpos/index.js';
import { NotAPrinterError, PrinterDisconnectedError, PrinterError, PrinterFaultError, PrinterTimeoutError, isReady } from './errors.js';
import { systemPrinterTimers, type Printer, type PrinterTimers } from './printer-port.js';

/** A byte pipe to a printer; a transport (TCP, device file) provides it and feeds back what it reads via EscPosLink.receive. */
export interface ByteChannel {
  /** Resolves once the transport has taken the bytes; the next write waits for it (backpressure). */
  write(bytes: Uint8Array): Promise<void>;
  /** Flushes and closes. */
  close(): Promise<void>;
  /** Tears the link down at once (a hung printer). */
  destroy(): void;
}

export interface LinkOptions {
  /** For messages: "tcp://host:9100". */
  address: string;
  /** How long a DLE EOT status query may go unanswered before the link counts as hung; default 2000 ms. */
  statusTimeoutMs?: number;
  timers?: PrinterTimers;
  statusOptions?: StatusOptions;
  /** Automatic status back blocks (after GS a), as they arrive. */
  onAsb?: (state: PrinterState) => void;
}

const DLE = 0x10;
const EOT = 0x04;
const GS = 0x1d;
const STATUS_QUERY = Uint8Array.of(DLE, EOT, 1, DLE, EOT, 2, DLE, EOT, 3, DLE, EOT, 4);
/** XON and XOFF: a serial printer's flow control, not an answer. */
const FLOW_CONTROL = new Set([0x11, 0x13]);
/** How much of what a peer that is not a printer sent goes into the error, for whoever checks the address. */
const HEARD_BYTES = 24;

/** GS ( H pL pH fn m d1 d2 d3 d4 with fn = m = 48: "answer d1..d4 once everything before this has printed". */
export function processIdRequest(jobId: string): Uint8Array {
  checkJobId(jobId);
  return Uint8Array.of(GS, 0x28, 0x48, 6, 0, 48, 48, ...Array.from(jobId, (c) => c.charCodeAt(0)));
}

export function checkJobId(jobId: string): void {
  if (!/^[\x20-\x7e]{4}$/.test(jobId)) {
    throw new InputError('BAD_JOB_ID', `job id "${jobId}" must be exactly 4 printable ASCII characters`, { hint: 'e.g. the last 4 characters of the spool job number', context: { value: jobId, rule: 'four-chars' } });
  }
}

/** DLE EOT 1-4 answers → one state; a cause reported by any of them counts. */
export function combineStatus(parts: readonly Partial<PrinterState>[]): PrinterState {
  const state: PrinterState = { ...READY_STATE };
  for (const part of parts) {
    for (const [key, value] of Object.entries(part) as [keyof PrinterState, boolean][]) {
      state[key] = key === 'online' ? value : state[key] || value;
    }
  }
  return state;
}

interface StatusWaiter {
  parts: Partial<PrinterState>[];
  resolve: (state: PrinterState) => void;
  reject: (error: Error) => void;
  timer: unknown;
}

interface PrintedWaiter {
  settled: boolean;
  resolve: () => void;
  reject: (error: Error) => void;
  timer: unknown;
}

interface IdentityWaiter {
  /** Timed out: its late answer is still taken off the queue, then dropped. */
  abandoned: boolean;
  resolve: (identity: Partial<PrinterIdentity>) => void;
  reject: (error: Error) => void;
  timer: unknown;
}

/**
 * The printer protocol over any byte channel: status queries, completion markers, printer
 * id, and the bookkeeping that matches answers to questions. It holds no socket; transports
 * wrap it.
 */
export class EscPosLink implements Printer {
  readonly address: string;
  private readonly reader: StatusReader;
  private readonly timers: PrinterTimers;
  private readonly statusTimeoutMs: number;
  private statusWaiters: StatusWaiter[] = [];
  private identityWaiters: IdentityWaiter[] = [];
  private readonly printedWaiters = new Map<string, PrintedWaiter[]>();
  private writes: Promise<void> = Promise.resolve();
  private failure_: PrinterError | undefined;
  private lastAsb_: PrinterState | undefined;
  /**
   * The peer has answered a full status query the way an ESC/POS printer does. Until then
   * anything else it sends means it is not a printer, and its automatic status back is not
   * believed: a web server's "HTTP/1.1 400 …" holds bytes whose bits pass for status.
   */
  private answered = false;
  /** The first bytes the peer sent, while it has not answered as a printer yet. */
  private heard: number[] = [];

  constructor(
    private readonly channel: ByteChannel,
    private readonly options: LinkOptions,
  ) {
    this.address = options.address;
    this.reader = new StatusReader(options.statusOptions);
    this.timers = options.timers ?? systemPrinterTimers;
    this.statusTimeoutMs = options.statusTimeoutMs ?? 2000;
  }

  /** Why the link is down, once it is. */
  get failure(): PrinterError | undefined {
    return this.failure_;
  }

  /** The last automatic status back block received, if the printer sends them (GS a). */
  get lastAsb(): PrinterState | undefined {
    return this.lastAsb_;
  }

  send(bytes: Uint8Array): Promise<void> {
    return this.write(bytes);
  }

  status(): Promise<PrinterState> {
    return new Promise((resolve, reject) => {
      if (this.rejectIfDown(reject)) return;
      const waiter: StatusWaiter = { parts: [], resolve, reject, timer: undefined };
      this.statusWaiters.push(waiter);
      for (const n of [1, 2, 3, 4]) this.reader.expect({ kind: 'status', n });
      // The clock starts once the query is on its way: a long send ahead of it has its own write timeout.
      this.write(STATUS_QUERY).then(
        () => {
          if (!this.statusWaiters.includes(waiter)) return;
          const timedOut = () => {
            if (!this.statusWaiters.includes(waiter)) return;
            // Answers can no longer be matched to questions: the link is finished.
            this.hang(new PrinterTimeoutError(`printer at ${this.address} did not answer a status query within ${this.statusTimeoutMs} ms (hung printer or half-open connection)`, {
              context: { address: this.address, timeoutMs: this.statusTimeoutMs, rule: 'status' },
            }));
          };
          // Timers fire before pending input is read: after a stall (a busy machine) the answer may
          // already be waiting in the socket, so the verdict waits one more turn for it.
          waiter.timer = this.timers.setTimeout(() => {
            waiter.timer = this.timers.setTimeout(timedOut, 0);
          }, this.statusTimeoutMs);
        },
        (error: unknown) => this.fail(asPrinterError(error, this.address)),
      );
    });
  }

  waitPrinted(jobId: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const marker = processIdRequest(jobId);
      if (this.rejectIfDown(reject)) return;
      const waiter: PrintedWaiter = { settled: false, resolve, reject, timer: undefined };
      const list = this.printedWaiters.get(jobId) ?? [];
      list.push(waiter);
      this.printedWaiters.set(jobId, list);
      waiter.timer = this.timers.setTimeout(() => void this.printedTimeout(jobId, waiter, timeoutMs), timeoutMs);
      this.write(marker).catch((error: unknown) => this.settlePrinted(jobId, waiter, asPrinterError(error, this.address)));
    });
  }

  /**
   * GS I n: 65 firmware, 66 maker, 67 model, 68 serial, 69 fonts; 1-3 model id / type / version.
   * The printer answers in turn with print data, so an offline printer answers only later.
   */
  identify(n: number, timeoutMs = this.statusTimeoutMs): Promise<Partial<PrinterIdentity>> {
    return new Promise((resolve, reject) => {
      if (this.rejectIfDown(reject)) return;
      this.reader.expect({ kind: 'printer-id', n });
      const waiter: IdentityWaiter = { abandoned: false, resolve, reject, timer: undefined };
      this.identityWaiters.push(waiter);
      waiter.timer = this.timers.setTimeout(() => {
        waiter.abandoned = true;
        reject(new PrinterTimeoutError(`printer at ${this.address} did not answer GS I ${n} within ${timeoutMs} ms`, { context: { address: this.address, n, rule: 'identity' } }));
      }, timeoutMs);
      this.write(Uint8Array.of(GS, 0x49, n)).catch((error: unknown) => this.fail(asPrinterError(error, this.address)));
    });
  }

  /** Bytes from the printer, as the transport reads them. */
  receive(chunk: Uint8Array): void {
    // A link that failed (or was found not to be a printer) says nothing more that is believed.
    if (this.failure_) return;
    if (!this.answered && this.heard.length < HEARD_BYTES) this.heard.push(...chunk.subarray(0, HEARD_BYTES - this.heard.length));
    for (const response of this.reader.feed(chunk)) {
      if (this.failure_) return;
      if (!this.answered && response.type === 'unknown' && !Array.from(response.bytes).every((b) => FLOW_CONTROL.has(b))) {
        this.hang(
          new NotAPrinterError(`the printer at ${this.address} answers, but not as an ESC/POS printer (it sent ${describeBytes(this.heard)})`, {
            context: { address: this.address, heard: describeBytes(this.heard) },
          }),
        );
        return;
      }
      switch (response.type) {
        case 'status': {
          const waiter = this.statusWaiters[0];
          if (!waiter || response.n === null) break;
          waiter.parts.push(response.state);
          if (waiter.parts.length === 4) {
            this.statusWaiters.shift();
            this.timers.clearTimeout(waiter.timer);
            this.answered = true;
            this.heard = [];
            waiter.resolve(combineStatus(waiter.parts));
          }
          break;
        }
        case 'asb':
          if (!this.answered) break;
          this.lastAsb_ = response.state;
          this.options.onAsb?.(response.state);
          break;
        case 'process-id':
          for (const waiter of [...(this.printedWaiters.get(response.id) ?? [])]) this.settlePrinted(response.id, waiter, undefined);
          break;
        case 'printer-id': {
          const waiter = this.identityWaiters.shift();
          if (waiter && !waiter.abandoned) {
            this.timers.clearTimeout(waiter.timer);
            waiter.resolve(response.identity);
          }
          break;
        }
        default:
          break;
      }
    }
  }

  /** The link is down (closed, reset, hung): everything pending fails with `error`, later calls with PrinterDisconnectedError. */
  fail(error: PrinterError): void {
    if (this.failure_) return;
    this.failure_ = error;
    for (const waiter of this.statusWaiters.splice(0)) {
      this.timers.clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    for (const waiter of this.identityWaiters.splice(0)) {
      this.timers.clearTimeout(waiter.timer);
      if (!waiter.abandoned) waiter.reject(error);
    }
    for (const [id, list] of [...this.printedWaiters]) for (const waiter of list) this.settlePrinted(id, waiter, error);
  }

  async close(): Promise<void> {
    if (this.failure_) {
      this.channel.destroy();
      return;
    }
    this.fail(new PrinterDisconnectedError(`connection to ${this.address} was closed`, { context: { address: this.address, reason: 'closed' } }));
    await this.channel.close();
  }

  private hang(error: PrinterError): void {
    this.fail(error);
    this.channel.destroy();
  }

  private write(bytes: Uint8Array): Promise<void> {
    const next = this.writes.then(() => {
      const down = this.downError();
      if (down) throw down;
      return this.channel.write(bytes);
    });
    this.writes = next.catch(() => undefined);
    return next;
  }

  private downError(): PrinterError | undefined {
    const failure = this.failure_;
    if (!failure) return undefined;
    if (failure instanceof PrinterDisconnectedError) return failure;
    return new PrinterDisconnectedError(`connection to ${this.address} is down: ${failure.message}`, { cause: failure, context: { address: this.address } });
  }

  private rejectIfDown(reject: (error: Error) => void): boolean {
    const down = this.downError();
    if (down) reject(down);
    return down !== undefined;
  }

  private settlePrinted(jobId: string, waiter: PrintedWaiter, error: Error | undefined): void {
    if (waiter.settled) return;
    waiter.settled = true;
    this.timers.clearTimeout(waiter.timer);
    const rest = (this.printedWaiters.get(jobId) ?? []).filter((w) => w !== waiter);
    if (rest.length > 0) this.printedWaiters.set(jobId, rest);
    else this.printedWaiters.delete(jobId);
    if (error) waiter.reject(error);
    else waiter.resolve();
  }

  /** No completion in time: a status query says whether the printer has a fault, is hung, or is just slow. */
  private async printedTimeout(jobId: string, waiter: PrintedWaiter, timeoutMs: number): Promise<void> {
    if (waiter.settled) return;
    let error: Error;
    try {
      const state = await this.status();
      error = isReady(state)
        ? new PrinterTimeoutError(`job ${jobId} was not confirmed printed by ${this.address} within ${timeoutMs} ms`, {
            hint: 'the printer is online and answers status but did not confirm the job; check the print and the printer model (some do not support GS ( H)',
            context: { address: this.address, jobId, timeoutMs, state, rule: 'confirm' },
          })
        : new PrinterFaultError(state, { address: this.address, action: `job ${jobId} not printed within ${timeoutMs} ms`, context: { jobId, timeoutMs } });
    } catch (statusError) {
      error = statusError as Error;
    }
    this.settlePrinted(jobId, waiter, error);
  }
}

/** Bytes as text for a message: printable ASCII as it is, the rest as \xNN. */
function describeBytes(bytes: readonly number[]): string {
  const text = bytes.map((b) => (b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
  return `"${text}"${bytes.length >= HEARD_BYTES ? '…' : ''}`;
}

function asPrinterError(error: unknown, address: string): PrinterError {
  if (error instanceof PrinterError) return error;
  return new PrinterDisconnectedError(`connection to ${address} failed: ${(error as Error).message}`, { cause: error, context: { address } });
}
