import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { InputError, ReissueError } from '../core/index.js';
import {
  formatPrinterAddress,
  openPrinterLink,
  systemPrinterTimers,
  type PrinterAddress,
  type PrinterByteLink,
  type PrinterTimers,
} from '../printer/index.js';
import { READY_STATE, encodeStatusResponse, type PrinterState } from '../escpos/index.js';
import { paperProfile, type PaperId } from '../receipt/index.js';
import type { BuildOptions } from './capture-builder.js';
import type { CaptureChannel, CaptureJournal } from './capture-journal.js';
import { CaptureRecorder } from './capture-recorder.js';
import { inlineCaptureReader, type CaptureReader } from './capture-reader.js';
import { DeviceLease } from './device-lease.js';
import type { FallbackLog } from './fallback-log.js';
import { LpdServer } from './adapters/lpd-server.js';
import { ConnectionLimit, MAX_TAP_CONNECTIONS } from './connection-limit.js';
import { listen, type HostPort } from './adapters/tcp-listen.js';
import type { RelayTarget } from './printer-relay.js';
import { DEFAULT_CAPTURE_RULES, type CaptureRules } from './rules-file.js';
import { TapConnection, type PosSide, type UndeliveredJob } from './tap-connection.js';
import type { TapEvent } from './tap-events.js';

export interface TapOptions {
  /** Names the POS (till) whose receipts these are: one hash chain per source, and its section of the rules file. */
  source: string;
  /** Where the POS prints to instead of the printer (raw TCP, like port 9100). */
  listen?: HostPort;
  /** Also take jobs over LPD (RFC 1179), which some POS software prints with. */
  lpd?: HostPort;
  printer: PrinterAddress;
  /** Tried when the printer cannot be reached. */
  backup?: PrinterAddress;
  journal: CaptureJournal;
  /** Reads each finished job for the journal; default on the tap's own thread (the app gives it a thread of its own). Closed by stop(). */
  reader?: CaptureReader;
  /** Where captured jobs wait while the journal cannot take them. */
  fallback: FallbackLog;
  rules?: CaptureRules;
  /** Read jobs as GB18030 in Kanji mode from the start (Chinese printers, the default), else code page 437. */
  kanji?: boolean;
  /** Paper the POS prints on, for the captured text's line width; default 80 mm. */
  paper?: PaperId;
  /** A pause this long ends a job; default 2000 ms, 0 turns it off. */
  idleGapMs?: number;
  /** Opens a link to a printer; default: TCP, device file or serial port by the address. */
  openLink?: (address: PrinterAddress) => Promise<PrinterByteLink>;
  /**
   * A job the printer did not take (or may not have), given over once it is in the journal —
   * to the spooler (see spoolerHandOver); the tap's stop waits for it. Default: a
   * TAP_JOB_NOT_PRINTED warning.
   */
  handOver?: (job: UndeliveredJob) => void | Promise<unknown>;
  /**
   * What the POS is told when it asks for status (DLE EOT) and no printer will answer:
   * offline, with whatever else is known of the printer (paper out, cover open). Default: offline.
   */
  offlineStatus?: () => Partial<PrinterState>;
  onEvent?: (event: TapEvent) => void;
  timers?: PrinterTimers;
  now?: () => number;
  /** Default: captureId. */
  newId?: () => string;
  /** Waits before a printer that did not answer is tried again, doubling; defaults 1000 and 30000 ms. */
  retryInitialMs?: number;
  retryMaxMs?: number;
  /** See RelayOptions.confirmBytes; default 4 MiB. */
  confirmBytes?: number;
  /** Bytes held for a slow printer per connection before the POS is made to wait; default 8 MiB. */
  maxQueueBytes?: number;
  /** A job this long with no cut or pause is ended there (endedBy 'size'); default 1 MiB. */
  maxJobBytes?: number;
  /** Connections taken at once on each channel (raw TCP, LPD); default MAX_TAP_CONNECTIONS. */
  maxConnections?: number;
  /** On stop: how long open jobs may take to end, then to go out; default 5000 ms each. */
  stopGraceMs?: number;
  /** A journal append unanswered this long counts as failed; default 5000 ms. */
  journalTimeoutMs?: number;
  /** Waits before a failed journal is tried again (replaying the fallback file), doubling; defaults 1000 and 30000 ms. */
  journalRetryInitialMs?: number;
  journalRetryMaxMs?: number;
  /** A USB or serial printer busy with another connection is waited for this long; default 10000 ms. */
  deviceWaitMs?: number;
}

export interface TapStatus {
  source: string;
  printer: string;
  backup: string | undefined;
  /** POS connections open now (LPD jobs being handled included). */
  connections: number;
  /** Jobs captured since start. */
  captured: number;
  /** Captured jobs not yet in the journal (in the fallback file or waiting to be written). */
  backlog: number;
  /** Jobs the printer did not take, or may not have, since start. */
  undelivered: number;
}

/** The spooler's answers to a second hand-over of one job: it has the job already. */
const ALREADY_HANDED: readonly string[] = ['ALREADY_PRINTED', 'ALREADY_QUEUED', 'PRINT_OUTCOME_UNKNOWN'];

/** Why a job found in the fallback file without its printer's answer is of unknown outcome. */
function stoppedUnconfirmed(): NonNullable<UndeliveredJob['reason']> {
  const error = new ReissueError('unavailable', 'TAP_STOPPED_UNCONFIRMED', 'Reissue stopped before the printer confirmed the job', { hint: 'check the paper; reprint it as a marked duplicate if it is missing', context: {} });
  return { code: error.code, message: error.message, context: error.context ?? {} };
}

/** A tap on one POS's printer line (see README "Use it with your existing POS"). */
export class Tap {
  private readonly timers: PrinterTimers;
  private readonly now: () => number;
  private readonly recorder: CaptureRecorder;
  private readonly reader: CaptureReader;
  /** How this tap's jobs are read: its paper, code page and the source's rules. */
  private readonly reading: BuildOptions;
  private readonly connections = new Set<TapConnection>();
  private readonly sockets = new Set<Socket>();
  private readonly leases = new Map<string, DeviceLease>();
  private readonly handOvers = new Set<Promise<void>>();
  private server: Server | undefined;
  private tcpLimit: ConnectionLimit | undefined;
  private lpd: LpdServer | undefined;
  private connectionCount = 0;
  private captured = 0;
  private undelivered = 0;
  private stopping = false;

  constructor(private readonly options: TapOptions) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(options.source)) {
      throw new InputError('BAD_SOURCE', `"${options.source}" cannot name a source`, {
        hint: 'use 1–64 letters, digits, ".", "_" or "-", e.g. "front-till"',
        context: { source: options.source },
      });
    }
    this.timers = options.timers ?? systemPrinterTimers;
    this.now = options.now ?? Date.now;
    this.reader = options.reader ?? inlineCaptureReader;
    const { id, columns, dots } = paperProfile(options.paper ?? '80');
    // Plain values and patterns only: they are copied to a reader thread with every job.
    this.reading = { kanji: options.kanji ?? true, paper: { id, columns, dots }, rules: (options.rules ?? DEFAULT_CAPTURE_RULES).forSource(options.source) };
    this.recorder = new CaptureRecorder({
      journal: options.journal,
      fallback: options.fallback,
      timers: this.timers,
      appendTimeoutMs: options.journalTimeoutMs,
      retryInitialMs: options.journalRetryInitialMs,
      retryMaxMs: options.journalRetryMaxMs,
      emit: (event) => this.emit(event),
    });
  }

  /** Replays what the fallback file holds, then listens; resolves with the addresses in use (port 0 picks one). */
  async start(): Promise<{ tcp?: HostPort; lpd?: HostPort }> {
    // Jobs a stopped or crashed run left undelivered go to the spooler as live ones do.
    for (const { job, outcome, reason } of await this.recorder.start()) {
      this.undelivered++;
      this.handOver({ capture: job, outcome, reason: reason ?? (outcome === 'unconfirmed' ? stoppedUnconfirmed() : undefined) });
    }
    const out: { tcp?: HostPort; lpd?: HostPort } = {};
    if (this.options.listen) {
      this.tcpLimit = new ConnectionLimit('tcp', this.options.maxConnections ?? MAX_TAP_CONNECTIONS, (event) => this.emit(event));
      const server = createServer({ allowHalfOpen: true }, (socket) => this.accept(socket));
      out.tcp = await listen(server, this.options.listen);
      this.server = server;
      this.emit({ type: 'listening', channel: 'tcp', ...out.tcp });
    }
    if (this.options.lpd) {
      this.lpd = new LpdServer({
        timers: this.timers,
        job: (peer, data) => this.stream('lpd', peer, data),
        emit: (event) => this.emit(event),
        ...(this.options.maxConnections === undefined ? {} : { maxSessions: this.options.maxConnections }),
      });
      out.lpd = await this.lpd.listen(this.options.lpd, (server, at) => listen(server, at));
      this.emit({ type: 'listening', channel: 'lpd', ...out.lpd });
    }
    return out;
  }

  status(): TapStatus {
    return {
      source: this.options.source,
      printer: formatPrinterAddress(this.options.printer),
      backup: this.options.backup ? formatPrinterAddress(this.options.backup) : undefined,
      connections: this.connections.size,
      captured: this.captured,
      backlog: this.recorder.backlog,
      undelivered: this.undelivered,
    };
  }

  /**
   * Stops taking connections; open jobs get the grace period to end (a cut, a pause, the
   * POS closing), then what is queued goes out; every captured job is put in the journal
   * or the fallback file. Resolves with the number of jobs that could be kept nowhere.
   */
  async stop(): Promise<{ unsaved: number }> {
    this.stopping = true;
    const grace = this.options.stopGraceMs ?? 5000;
    const closing = Promise.all([new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve())), this.lpd?.close()]);
    const open = [...this.connections];
    if (!(await this.within(Promise.all(open.map((c) => c.closeWhenIdle())), grace))) {
      for (const connection of open) void connection.close('stop');
      if (!(await this.within(Promise.all(open.map((c) => c.done)), grace))) await Promise.all(open.map((c) => c.abort()));
    }
    for (const socket of this.sockets) socket.destroy();
    await closing;
    for (const lease of this.leases.values()) lease.close();
    const unsaved = await this.recorder.stop();
    await Promise.all([...this.handOvers]);
    await Promise.all([this.reader.close?.(), this.options.journal.close?.()]);
    return { unsaved };
  }

  private accept(socket: Socket): void {
    if (this.stopping) return void socket.destroy();
    if (this.tcpLimit && !this.tcpLimit.admit(socket)) return;
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    const connection = this.connection('tcp', peer, {
      write: (bytes) => {
        if (!socket.destroyed && socket.writable) socket.write(bytes);
      },
      end: () => {
        if (!socket.destroyed) socket.end();
      },
      pause: () => socket.pause(),
      resume: () => socket.resume(),
    });
    socket.on('data', (chunk: Buffer) => connection.data(chunk));
    // A reset: 'close' follows and ends the connection like a close.
    socket.on('error', () => undefined);
    socket.on('end', () => void connection.close('close'));
    socket.on('close', () => {
      this.sockets.delete(socket);
      void connection.close('close');
    });
  }

  /** A whole job stream from elsewhere than a POS socket (an LPD job): printer answers are dropped. */
  private async stream(channel: CaptureChannel, peer: string, data: readonly Uint8Array[]): Promise<void> {
    const connection = this.connection(channel, peer, { write: () => undefined, end: () => undefined, pause: () => undefined, resume: () => undefined });
    for (const chunk of data) connection.data(chunk);
    await connection.close('close');
  }

  private connection(channel: CaptureChannel, peer: string, pos: PosSide): TapConnection {
    const id = ++this.connectionCount;
    const o = this.options;
    const connection = new TapConnection({
      id,
      channel,
      peer,
      source: o.source,
      pos,
      targets: this.targets(),
      kanji: o.kanji ?? true,
      idleGapMs: o.idleGapMs ?? 2000,
      timers: this.timers,
      now: this.now,
      newId: o.newId ?? captureId,
      retryInitialMs: o.retryInitialMs,
      retryMaxMs: o.retryMaxMs,
      confirmBytes: o.confirmBytes,
      offlineAnswer: (n) => Uint8Array.of(encodeStatusResponse(n, { ...READY_STATE, ...o.offlineStatus?.(), online: false })),
      maxQueueBytes: o.maxQueueBytes ?? 8 * 1024 * 1024,
      ...(o.maxJobBytes !== undefined ? { maxJobBytes: o.maxJobBytes } : {}),
      build: (raw, meta) => this.reader.read(raw, meta, this.reading),
      record: (job) => {
        this.captured++;
        this.recorder.record(job);
      },
      delivered: (capture, outcome, reason) => this.recorder.delivered(capture.id, outcome, reason),
      handOver: (job) => {
        this.undelivered++;
        this.handOver(job);
      },
      emit: (event) => this.emit(event),
    });
    this.connections.add(connection);
    this.emit({ type: 'connection-opened', connection: id, channel, peer });
    void connection.done.then(() => {
      this.connections.delete(connection);
      this.emit({ type: 'connection-closed', connection: id, channel, peer, jobs: connection.jobs });
    });
    return connection;
  }

  private targets(): RelayTarget[] {
    const list = [{ address: this.options.printer, backup: false }, ...(this.options.backup ? [{ address: this.options.backup, backup: true }] : [])];
    return list.map(({ address, backup }) => ({ address: formatPrinterAddress(address), backup, open: () => this.openLink(address) }));
  }

  private openLink(address: PrinterAddress): Promise<PrinterByteLink> {
    const open = () => (this.options.openLink ?? tapLinkOpener(this.timers))(address);
    if (address.kind === 'tcp') return open();
    // A device file or serial port is one line: connections take turns on it.
    const key = formatPrinterAddress(address);
    let lease = this.leases.get(key);
    if (!lease) {
      lease = new DeviceLease(key, open, { waitMs: this.options.deviceWaitMs ?? 10_000, timers: this.timers });
      this.leases.set(key, lease);
    }
    return lease.lease();
  }

  private handOver(job: UndeliveredJob): void {
    const give = this.options.handOver;
    if (!give) {
      this.notPrinted(job);
      return this.recorder.handedOver(job.capture.id);
    }
    const { id } = job.capture;
    // The spooler prints from the journal: the job is given over once it is in it.
    const work = this.recorder.whenJournaled(id).then(async (journaled) => {
      // Not journaled: it stays in the fallback file, and the next start hands it over.
      if (!journaled) return this.notPrinted(job);
      try {
        await give(job);
        this.emit({ type: 'job-handed-over', id, outcome: job.outcome });
      } catch (error) {
        const code = (error as { code?: string }).code;
        // Handed over before a crash, its mark not yet written: the spooler has it already.
        if (code !== undefined && ALREADY_HANDED.includes(code)) this.emit({ type: 'job-handed-over', id, outcome: job.outcome });
        else this.emit({ type: 'warning', code: 'TAP_HANDOVER_FAILED', message: `could not hand over job ${id}: ${(error as Error).message}`, hint: 'the receipt is in the journal; reprint it from there', context: { id, seq: job.capture.seq, peer: job.capture.peer, ...(code ? { reason: code } : {}) } });
      }
      this.recorder.handedOver(id);
    });
    this.handOvers.add(work);
    void work.finally(() => this.handOvers.delete(work));
  }

  private notPrinted(job: UndeliveredJob): void {
    const what = { 'not-sent': 'not printed: no printer could be reached', 'partly-sent': 'cut off: the printer went away in the middle of it', unconfirmed: 'perhaps not printed: the printer went away right after it' }[job.outcome];
    this.emit({
      type: 'warning',
      code: 'TAP_JOB_NOT_PRINTED',
      message: `job ${job.capture.seq} from ${job.capture.peer} was ${what}${job.reason ? ` (${job.reason.message})` : ''}`,
      hint: 'the receipt is kept in the journal; once the printer is back, check the paper and reprint it as a marked duplicate if it is missing',
      context: { id: job.capture.id, source: job.capture.source, seq: job.capture.seq, peer: job.capture.peer, outcome: job.outcome, rule: job.outcome, code: job.reason?.code },
    });
  }

  private emit(event: TapEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // A listener's failure must not stop the till.
    }
  }

  /** True when `work` finished within `ms`. */
  private within(work: Promise<unknown>, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = this.timers.setTimeout(() => resolve(false), ms);
      void work.then(() => {
        this.timers.clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

/**
 * A capture id: "cap-" and 24 random letters (over 110 bits). No digits, so no id can ever
 * look like a card number to a log scanner, as a UUID's digit groups now and then do.
 */
export function captureId(): string {
  return `cap-${Array.from(randomBytes(24), (b) => String.fromCharCode(97 + (b % 26))).join('')}`;
}

/** Printer links for the tap: the printer may take its time reading a long job after the POS has finished. */
export function tapLinkOpener(timers: PrinterTimers): (address: PrinterAddress) => Promise<PrinterByteLink> {
  return (address) => openPrinterLink(address, { timers, writeTimeoutMs: 30_000, closeGraceMs: 30_000 });
}
