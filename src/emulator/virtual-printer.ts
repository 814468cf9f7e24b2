import { join } from 'node:path';
import { ConfigError, InputError } from '../core/index.js';
import { printerProfile, type ParserOptions, type PrinterIdentity, type PrinterModel, type PrinterState } from '../escpos/index.js';
import { paperProfile, type PaperId, type PaperProfile } from '../receipt/index.js';
import { formatFault, parseFault, type Fault } from './faults.js';
import { nodeEmulatorFiles } from './node-files.js';
import type { ByteListener, EmulatorFiles } from './ports.js';
import { PrinterEngine, type FaultSource, type PrintedJob, type StateChange } from './printer-engine.js';
import { tcpListener } from './tcp-listener.js';
import { systemTimers, type Timers } from './timers.js';

export interface VirtualPrinterOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 9100; 0 picks any free port (see start()). */
  port?: number;
  /** Default '80'. */
  paper?: PaperId;
  /**
   * What GS I answers: a known model or a full identity. Default: the generic model for the
   * paper. A known model also brings its limits: one without a completion marker or ASB
   * (xprinter-xp58) ignores GS ( H and GS a.
   */
  model?: PrinterModel | PrinterIdentity;
  /** Paper speed; default 150 mm/s (the `slow` fault divides it by 10). */
  speedMmPerSecond?: number;
  /** Where each job is kept as `job-<spooler job no.>` (or `<n>`) `.bin`, `.txt`, `.png`, and the `fault` file is read. */
  jobsDir?: string;
  /** Fault in force from the start, e.g. 'paper-out' or 'drop-after=100'. */
  fault?: Fault | string;
  /** How often the fault file is read; default 200 ms. */
  faultPollMs?: number;
  /** Jobs kept in memory for jobs(); older ones are forgotten (their files stay). Default 1000. */
  keepJobs?: number;
  parser?: ParserOptions;
  timers?: Timers;
  files?: EmulatorFiles;
  listener?: ByteListener;
  /** A job's paper has passed (and its files are written). */
  onJob?: (job: PrintedJob) => void;
  /** The fault or the status changed. */
  onStateChange?: (change: StateChange) => void;
  /** Something went wrong that does not stop the printer (a bad fault file, a failed write). */
  onWarning?: (message: string, cause?: unknown) => void;
  onConnection?: (event: { id: number; remote: string; open: boolean }) => void;
}

const DEFAULT_MODEL: Readonly<Record<PaperId, PrinterModel>> = { '58': 'generic-58', '80': 'generic-80', '80-180': 'epson-tm-t88' };

/**
 * A virtual ESC/POS network printer: listens like a printer on port 9100, prints each job as
 * text and PNG (and files, with a jobs directory), answers status, and takes faults from
 * the start options, setFault() and the `<jobs DIR>/fault` file.
 */
export class VirtualPrinter {
  readonly paper: PaperProfile;
  readonly identity: PrinterIdentity;
  private readonly engine: PrinterEngine;
  private readonly timers: Timers;
  private readonly files: EmulatorFiles;
  private readonly listener: ByteListener;
  private readonly keepJobs: number;
  private readonly printed: PrintedJob[] = [];
  private readonly waiters = new Map<number, { resolve: (job: PrintedJob) => void; reject: (error: Error) => void }[]>();
  private address_: { host: string; port: number } | undefined;
  private started = false;
  private stopped = false;
  private pollTimer: unknown;
  private unwatch: (() => void) | undefined;
  /** The fault file as last read (its stamp and text), so only a new write of it applies. */
  private faultSeen: string | undefined;
  private polling = false;
  private pollAgain = false;

  constructor(private readonly options: VirtualPrinterOptions = {}) {
    this.paper = paperProfile(options.paper ?? '80');
    const model = options.model ?? DEFAULT_MODEL[this.paper.id];
    const profile = typeof model === 'string' ? printerProfile(model) : undefined;
    this.identity = profile?.identity ?? (model as PrinterIdentity);
    const speed = options.speedMmPerSecond ?? 150;
    if (!(speed > 0) || !Number.isFinite(speed)) {
      throw new InputError('BAD_PRINT_SPEED', `print speed must be a positive number of mm/s (got ${speed})`, { hint: 'thermal printers run at 150-300 mm/s' });
    }
    const port = options.port ?? 9100;
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new InputError('BAD_PORT', `port must be 0-65535 (got ${port})`, { hint: 'use 9100 like a network printer, or 0 for any free port' });
    }
    this.keepJobs = Math.max(1, options.keepJobs ?? 1000);
    this.timers = options.timers ?? systemTimers;
    this.files = options.files ?? nodeEmulatorFiles();
    this.listener = options.listener ?? tcpListener();
    const fault = typeof options.fault === 'string' ? parseFault(options.fault) : options.fault;
    this.engine = new PrinterEngine({
      paper: this.paper,
      identity: this.identity,
      speedMmPerSecond: speed,
      timers: this.timers,
      parser: options.parser,
      fault,
      supports: { processId: profile?.completionMarker ?? true, asb: profile?.asb ?? true },
      hooks: {
        printed: (job) => this.jobPrinted(job),
        stateChanged: (change) => this.safely(() => options.onStateChange?.(change)),
        warning: (message, cause) => this.warn(message, cause),
        connection: (event) => this.safely(() => options.onConnection?.(event)),
      },
    });
  }

  /** Starts listening; with port 0 the port actually used is in the result. */
  async start(): Promise<{ host: string; port: number }> {
    if (this.started) throw new InputError('PRINTER_ALREADY_STARTED', 'the virtual printer is already started');
    this.started = true;
    const dir = this.options.jobsDir;
    if (dir !== undefined) {
      await this.files.ensureDir(dir);
      const file = await this.readFaultFile(dir);
      this.faultSeen = file.seen;
      // A fault given at start wins over one left in the file; any later write of the file
      // applies — an empty file (even one created empty) clears the fault, whatever set it.
      if (this.options.fault === undefined && file.text !== '') this.applyFaultText(file.text, 'file');
    }
    const host = this.options.host ?? '127.0.0.1';
    const port = this.options.port ?? 9100;
    try {
      this.address_ = await this.listener.listen(host, port, (connection) => this.engine.open(connection));
    } catch (error) {
      this.started = false;
      throw listenError(error, host, port);
    }
    if (dir !== undefined) {
      this.unwatch = this.files.watch?.(this.faultPath(dir), () => void this.pollFaultFile());
      this.schedulePoll();
    }
    return this.address_;
  }

  /** Stops listening and drops open connections; jobs not yet printed are lost, as at power-off. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.pollTimer !== undefined) this.timers.clearTimeout(this.pollTimer);
    this.unwatch?.();
    await this.listener.close();
    await this.engine.stop();
    for (const [n, list] of this.waiters) for (const w of list) w.reject(new InputError('PRINTER_STOPPED', `the virtual printer stopped before job ${n} printed`));
    this.waiters.clear();
  }

  get address(): { host: string; port: number } | undefined {
    return this.address_;
  }

  get state(): PrinterState {
    return this.engine.state;
  }

  get fault(): Fault | undefined {
    return this.engine.fault;
  }

  /** Sets or clears (undefined) the fault, e.g. setFault('paper-out'), setFault('drop-after=10'). */
  setFault(fault: Fault | string | undefined): void {
    this.engine.setFault(typeof fault === 'string' ? parseFault(fault) : fault, 'api');
  }

  /** Printed jobs, oldest first (at most keepJobs). */
  jobs(): readonly PrintedJob[] {
    return [...this.printed];
  }

  /** Jobs and held answers still waiting for paper to pass. */
  get pending(): number {
    return this.engine.pending;
  }

  /**
   * Resolves once everything received so far has printed (onJob called) and every answer due
   * has been sent: what a test waits for before counting paper. Not while a fault holds work.
   */
  idle(): Promise<void> {
    return this.engine.idle();
  }

  /** Resolves when job n has printed (at once if it already has). */
  waitForJob(n: number, timeoutMs = 10_000): Promise<PrintedJob> {
    const done = this.printed.find((j) => j.n === n);
    if (done) return Promise.resolve(done);
    return new Promise((resolve, reject) => {
      const list = this.waiters.get(n) ?? [];
      const entry = {
        resolve: (job: PrintedJob) => {
          this.timers.clearTimeout(timer);
          resolve(job);
        },
        reject: (error: Error) => {
          this.timers.clearTimeout(timer);
          reject(error);
        },
      };
      const timer = this.timers.setTimeout(() => {
        const rest = (this.waiters.get(n) ?? []).filter((w) => w !== entry);
        if (rest.length > 0) this.waiters.set(n, rest);
        else this.waiters.delete(n);
        reject(new InputError('JOB_NOT_PRINTED', `job ${n} did not print within ${timeoutMs} ms`, { context: { fault: this.fault && formatFault(this.fault) } }));
      }, timeoutMs);
      list.push(entry);
      this.waiters.set(n, list);
    });
  }

  private async jobPrinted(job: PrintedJob): Promise<void> {
    const dir = this.options.jobsDir;
    if (dir !== undefined) {
      // Named after the spooler's job number when the job carries one, so "job 7" in the
      // back office is job-7.png here; otherwise after the printer's own count (3.png).
      const base = join(dir, job.jobNo === undefined ? String(job.n) : `job-${job.jobNo}`);
      const files = { bin: `${base}.bin`, txt: `${base}.txt`, ...(job.png ? { png: `${base}.png` } : {}) };
      try {
        await Promise.all([
          this.files.writeFile(files.bin, job.bytes),
          this.files.writeFile(files.txt, job.text),
          ...(job.png && files.png ? [this.files.writeFile(files.png, job.png)] : []),
        ]);
        job.files = files;
      } catch (error) {
        this.warn(`job ${job.n}: could not write its files to ${dir}: ${(error as Error).message}`, error);
      }
    }
    this.printed.push(job);
    if (this.printed.length > this.keepJobs) this.printed.splice(0, this.printed.length - this.keepJobs);
    const waiting = this.waiters.get(job.n);
    this.waiters.delete(job.n);
    for (const w of waiting ?? []) w.resolve(job);
    this.safely(() => this.options.onJob?.(job));
  }

  private faultPath(dir: string): string {
    return join(dir, 'fault');
  }

  private schedulePoll(): void {
    if (this.stopped) return;
    this.pollTimer = this.timers.setTimeout(() => {
      void this.pollFaultFile().finally(() => this.schedulePoll());
    }, this.options.faultPollMs ?? 200);
  }

  /** The fault file's text (trimmed; '' when missing) and what tells one write of it from another. */
  private async readFaultFile(dir: string): Promise<{ text: string; seen: string }> {
    const path = this.faultPath(dir);
    const stamp = await this.files.stamp?.(path);
    const raw = await this.files.readText(path);
    const text = (raw ?? '').trim();
    return { text, seen: raw === undefined ? 'missing' : `${stamp ?? ''}\n${text}` };
  }

  /** Applies the fault file when it was written, created or removed: a fault name sets it, empty or missing clears it. */
  private async pollFaultFile(): Promise<void> {
    const dir = this.options.jobsDir;
    if (dir === undefined || this.stopped) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = true;
    try {
      do {
        this.pollAgain = false;
        const file = await this.readFaultFile(dir);
        if (file.seen !== this.faultSeen && !this.stopped) {
          this.faultSeen = file.seen;
          this.applyFaultText(file.text, 'file');
        }
      } while (this.pollAgain);
    } catch (error) {
      this.warn(`could not read ${this.faultPath(dir)}: ${(error as Error).message}`, error);
    } finally {
      this.polling = false;
    }
  }

  private applyFaultText(text: string, source: FaultSource): void {
    if (text === '') return this.engine.setFault(undefined, source);
    try {
      this.engine.setFault(parseFault(text), source);
    } catch (error) {
      const hint = (error as { hint?: string }).hint;
      this.warn(`ignoring the fault file: ${(error as Error).message}${hint ? ` (${hint})` : ''}`, error);
    }
  }

  private warn(message: string, cause?: unknown): void {
    try {
      this.options.onWarning?.(message, cause);
    } catch {
      // A listener's failure must not stop the printer.
    }
  }

  private safely(run: () => void): void {
    try {
      run();
    } catch (error) {
      this.warn(`event listener failed: ${(error as Error).message}`, error);
    }
  }
}

function listenError(error: unknown, host: string, port: number): Error {
  const code = (error as NodeJS.ErrnoException).code;
  const where = `${host}:${port}`;
  if (code === 'EADDRINUSE') {
    return new ConfigError('PORT_IN_USE', `cannot listen on ${where}: the port is already in use`, {
      hint: 'stop whatever holds the port (another emulator or a print server), or pick another with --port (0 = any free port)',
      cause: error,
      context: { host, port, rule: 'printer' },
    });
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new ConfigError('PORT_NOT_ALLOWED', `cannot listen on ${where}: permission denied`, { hint: 'ports below 1024 need privileges; use 9100 or above', cause: error, context: { host, port, rule: 'printer' } });
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new ConfigError('BAD_LISTEN_ADDRESS', `cannot listen on ${where}: no such local address`, { hint: 'use 127.0.0.1, 0.0.0.0 or an address of this machine', cause: error, context: { host, port } });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Creates and starts a virtual printer (what `reissue printer-emulator` runs). */
export async function startVirtualPrinter(options: VirtualPrinterOptions = {}): Promise<VirtualPrinter> {
  const printer = new VirtualPrinter(options);
  await printer.start();
  return printer;
}

/** "job 3: 45 lines, 132 mm → jobs/3.png" ("job 3 (spooler job 7): … → jobs/job-7.png"), for a CLI log line. */
export function describeJob(job: PrintedJob): string {
  const where = job.files ? ` → ${job.files.png ?? job.files.txt}` : '';
  const sender = job.jobNo === undefined ? '' : ` (spooler job ${job.jobNo})`;
  return `job ${job.n}${sender}: ${job.lines} line${job.lines === 1 ? '' : 's'}, ${Math.round(job.paperMm)} mm${where}`;
}
