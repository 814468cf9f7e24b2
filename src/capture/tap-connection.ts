import type { PrinterError, PrinterTimers } from '../printer/index.js';
import type { CaptureChannel, CapturedJob, JobEnding } from './capture-journal.js';
import type { JobMeta } from './capture-builder.js';
import { JobSplitter, type StatusQuery } from './job-splitter.js';
import { PrinterRelay, type RelayTarget } from './printer-relay.js';
import type { DeliveryOutcome, TapEvent } from './tap-events.js';

/** The POS end of a connection, as the tap drives it. */
export interface PosSide {
  write(bytes: Uint8Array): void;
  /** Closes our side once the printer's last answer has gone to the POS. */
  end(): void;
  pause(): void;
  resume(): void;
}

/** A job the printer did not take (or may not have), for whoever delivers it instead. */
export interface UndeliveredJob {
  capture: CapturedJob;
  outcome: Exclude<DeliveryOutcome, 'sent'>;
  /** Why: the printer error, when there was one, with the context its words in the catalog are filled from. */
  reason: { code: string; message: string; context: Readonly<Record<string, unknown>> } | undefined;
}

export interface ConnectionOptions {
  id: number;
  channel: CaptureChannel;
  peer: string;
  source: string;
  pos: PosSide;
  targets: readonly RelayTarget[];
  kanji: boolean;
  idleGapMs: number;
  timers: PrinterTimers;
  now: () => number;
  newId: () => string;
  retryInitialMs?: number;
  retryMaxMs?: number;
  confirmBytes?: number;
  offlineAnswer?: (n: number) => Uint8Array;
  /** Bytes held for a slow printer before the POS is asked to wait (its reads are paused). */
  maxQueueBytes: number;
  /** A job this long with no cut or pause is ended there ('size'): what the tap holds of a job stays bounded. */
  maxJobBytes?: number;
  /**
   * Masks, decodes and recognises a finished job; undefined when it prints nothing. A promise
   * (a reader on another thread) must have taken what it needs of `raw`: the bytes are wiped
   * as soon as it is returned.
   */
  build: (raw: Uint8Array, meta: JobMeta) => CapturedJob | undefined | Promise<CapturedJob | undefined>;
  record: (job: CapturedJob) => void;
  /** How a recorded job's delivery ended (every job, before any hand-over). */
  delivered: (capture: CapturedJob, outcome: DeliveryOutcome, reason: UndeliveredJob['reason']) => void;
  handOver: (job: UndeliveredJob) => void;
  emit: (event: TapEvent) => void;
}

/** The most of one job a tap holds by default (a receipt is a few kilobytes, one with pictures a few hundred; reading a MiB of the costliest bytes takes seconds and hundreds of MB). */
const DEFAULT_MAX_JOB_BYTES = 1024 * 1024;
/** How far past the limit a piece may run to end outside a number (a POS streaming digits for ever still gets cut). */
const SIZE_SLACK_BYTES = 4096;

/** Longest a finished job waits for the printer's answer before it is masked and kept all the same. */
const MAX_BUILD_WAIT_MS = 20;

interface OpenJob {
  seq: number;
  startedAt: number;
  chunks: Uint8Array[];
  bytes: number;
}

/**
 * One POS connection: its bytes go to the printer at once and unchanged (the relay), and
 * are cut into jobs (the splitter) that are captured once each ends.
 */
export class TapConnection {
  private readonly splitter: JobSplitter;
  private readonly relay: PrinterRelay;
  private current: OpenJob | undefined;
  private seq = 0;
  /** Bytes received from the POS: the stream offset the splitter's cuts are counted in. */
  private received = 0;
  private closed = false;
  private stopWhenIdle = false;
  private paused = false;
  private readonly captures = new Map<number, CapturedJob | null>();
  private readonly outcomes = new Map<number, { outcome: DeliveryOutcome; reason: PrinterError | undefined }>();
  private building = 0;
  /** Finished jobs not yet masked and read, oldest first (see scheduleBuild). */
  private readonly toBuild: { raw: Uint8Array; meta: JobMeta }[] = [];
  private buildScheduled = false;
  /** The next build waits for the printer's answer. */
  private waiting = false;
  /** A wait just ended: the next build runs even if the POS asks again meanwhile (no starving). */
  private waitedOut = false;
  /** Closing: jobs are built without waiting for the printer. */
  private hurry = false;
  /** A job is being read elsewhere (a reader thread): the next waits for it, so captures keep their order. */
  private reading = false;
  private built: (() => void) | undefined;
  readonly done: Promise<void>;
  private resolveDone: (() => void) | undefined;

  constructor(private readonly options: ConnectionOptions) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.splitter = new JobSplitter({
      parser: { kanjiDefault: options.kanji },
      idleGapMs: options.idleGapMs,
      timers: options.timers,
      onIdle: () => this.endJob('idle'),
    });
    this.relay = new PrinterRelay({
      connection: options.id,
      targets: options.targets,
      toPos: (bytes) => options.pos.write(bytes),
      timers: options.timers,
      now: options.now,
      retryInitialMs: options.retryInitialMs,
      retryMaxMs: options.retryMaxMs,
      confirmBytes: options.confirmBytes,
      ...(options.offlineAnswer ? { offlineAnswer: options.offlineAnswer } : {}),
      onSettled: (seq, outcome, reason) => this.settled(seq, outcome, reason),
      emit: options.emit,
    });
    this.relay.open();
  }

  /** Jobs begun on this connection. */
  get jobs(): number {
    return this.seq;
  }

  /** Bytes from the POS, in order. */
  data(chunk: Uint8Array): void {
    if (this.closed) return;
    const base = this.received;
    this.received += chunk.length;
    const { cuts, queries } = this.splitter.feed(chunk);
    let from = 0;
    for (const cut of cuts) {
      const at = cut - base;
      if (at > from) this.take(chunk.subarray(from, at), base + from, queries);
      this.endJob('cut');
      from = at;
    }
    if (from < chunk.length) this.take(chunk.subarray(from), base + from, queries);
    // A POS that never cuts or pauses: its stream is journaled in pieces rather than held whole,
    // each ending where no number is cut in two (else neither piece shows a card number whole, to be masked).
    const limit = this.options.maxJobBytes ?? DEFAULT_MAX_JOB_BYTES;
    if (this.current && this.current.bytes >= limit && (!this.splitter.insideNumber || this.current.bytes >= limit + SIZE_SLACK_BYTES)) this.endJob('size');
    if (!this.paused && this.relay.backlog > this.options.maxQueueBytes) {
      // A printer that stopped reading slows the POS, as it would without the tap.
      this.paused = true;
      this.options.pos.pause();
      void this.relay.whenBelow(this.options.maxQueueBytes / 2).then(() => {
        this.paused = false;
        this.options.pos.resume();
      });
    }
  }

  /** The POS closed (or the tap is stopping): the open job ends, what is queued goes out, then the connection closes. */
  async close(endedBy: Extract<JobEnding, 'close' | 'stop'> = 'close'): Promise<void> {
    if (this.closed) return this.done;
    this.closed = true;
    this.endJob(endedBy);
    this.hurryBuilds();
    this.splitter.end();
    await this.relay.finish();
    await this.allBuilt();
    this.options.pos.end();
    this.resolveDone?.();
    return this.done;
  }

  /** Stops at once (the tap's grace period is over): what has not gone out is handed over. */
  async abort(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.endJob('stop');
      this.splitter.end();
    }
    this.hurryBuilds();
    this.relay.destroy();
    await this.relay.finish();
    await this.allBuilt();
    this.options.pos.end();
    this.resolveDone?.();
  }

  /** Closes the connection as soon as no job is open (now, or when the open one ends); resolves when it is closed. */
  closeWhenIdle(): Promise<void> {
    this.stopWhenIdle = true;
    if (!this.current) void this.close('stop');
    return this.done;
  }

  private take(bytes: Uint8Array, start: number, queries: readonly StatusQuery[]): void {
    if (bytes.length === 0) return;
    if (!this.current) this.current = { seq: ++this.seq, startedAt: this.options.now(), chunks: [], bytes: 0 };
    this.current.chunks.push(Uint8Array.from(bytes));
    this.current.bytes += bytes.length;
    const end = start + bytes.length;
    this.relay.push(this.current.seq, bytes, start, queries.filter((q) => q.end > start && q.end <= end));
  }

  private endJob(endedBy: JobEnding): void {
    const job = this.current;
    if (!job) return;
    this.current = undefined;
    if (endedBy !== 'cut' && endedBy !== 'idle') this.splitter.markEnded();
    this.relay.endJob(job.seq);
    const raw: Uint8Array = Buffer.concat(job.chunks);
    const meta = {
      id: this.options.newId(),
      source: this.options.source,
      channel: this.options.channel,
      peer: this.options.peer,
      connection: this.options.id,
      seq: job.seq,
      endedBy,
      startedAt: job.startedAt,
      capturedAt: this.options.now(),
    };
    this.building++;
    this.toBuild.push({ raw, meta });
    this.scheduleBuild();
    if (this.stopWhenIdle && !this.closed) void this.close('stop');
  }

  /**
   * Masking and reading a finished job wait until the printer's answer has gone back to the
   * POS (or MAX_BUILD_WAIT_MS has passed: a printer that never answers) and the I/O that was
   * pending then has been read, then run one job a turn of the event loop, so bytes arriving
   * in either direction never queue behind more than one job's work.
   */
  private scheduleBuild(): void {
    if (this.buildScheduled || this.toBuild.length === 0) return;
    this.buildScheduled = true;
    setImmediate(() => this.buildNext());
  }

  private buildNext(): void {
    this.buildScheduled = false;
    if (this.toBuild.length === 0) return;
    if (this.waiting || this.reading) return;
    if (!this.hurry && !this.waitedOut && this.relay.awaitingAnswer) {
      this.waiting = true;
      const timer = this.options.timers.setTimeout(() => wake(), MAX_BUILD_WAIT_MS);
      let woken = false;
      const wake = () => {
        if (woken) return;
        woken = true;
        this.options.timers.clearTimeout(timer);
        this.waiting = false;
        this.waitedOut = true;
        // One turn later: what the answer set off (the POS's next bytes, other connections) is read first.
        setImmediate(() => this.scheduleBuild());
      };
      this.relay.whenAnswered(wake);
      return;
    }
    this.waitedOut = false;
    const next = this.toBuild.shift();
    if (next) this.build(next.raw, next.meta);
    this.scheduleBuild();
  }

  /** Closing: what is left is built without waiting for the printer. */
  private hurryBuilds(): void {
    this.hurry = true;
    this.waiting = false;
    this.scheduleBuild();
  }

  private build(raw: Uint8Array, meta: JobMeta): void {
    let reading: ReturnType<ConnectionOptions['build']>;
    try {
      reading = this.options.build(raw, meta);
    } catch (error) {
      this.readFailed(meta, raw.length, error);
      raw.fill(0);
      return this.read(meta, undefined, raw.length, 'unreadable');
    }
    const length = raw.length;
    raw.fill(0);
    if (!(reading instanceof Promise)) return this.read(meta, reading, length);
    this.reading = true;
    reading.then(
      (capture) => this.read(meta, capture, length),
      (error: unknown) => {
        this.readFailed(meta, length, error);
        this.read(meta, undefined, length, 'unreadable');
      },
    ).finally(() => {
      this.reading = false;
      this.scheduleBuild();
    });
  }

  private read(meta: JobMeta, capture: CapturedJob | undefined, length: number, skipped: 'nothing-printed' | 'unreadable' = 'nothing-printed'): void {
    this.captured(meta.seq, capture, length, meta.endedBy, skipped);
    if (--this.building === 0) this.built?.();
  }

  private readFailed(meta: JobMeta, length: number, error: unknown): void {
    // The error may quote the job: only its code is reported.
    const failure = (error as { code?: string }).code ?? (error as Error).name;
    this.options.emit({
      type: 'warning',
      code: 'TAP_CAPTURE_FAILED',
      message: `job ${meta.seq} from ${this.options.peer} printed but could not be read for the journal (${failure})`,
      hint: 'please report this with the log; the receipt itself printed',
      context: { connection: this.options.id, peer: this.options.peer, seq: meta.seq, bytes: length, failure },
    });
  }

  private captured(seq: number, capture: CapturedJob | undefined, length: number, endedBy: JobEnding, skipped: 'nothing-printed' | 'unreadable'): void {
    if (capture) {
      this.options.record(capture);
      const { amount, printedAt, last4 } = capture.fields;
      this.options.emit({
        type: 'job-captured',
        connection: this.options.id,
        seq,
        id: capture.id,
        source: capture.source,
        bytes: length,
        endedBy,
        maskedNumbers: capture.maskedNumbers,
        fields: { ...(amount ? { amount } : {}), ...(printedAt ? { printedAt } : {}), ...(last4 ? { last4 } : {}) },
      });
    } else {
      this.options.emit({ type: 'job-skipped', connection: this.options.id, seq, bytes: length, reason: skipped });
    }
    this.captures.set(seq, capture ?? null);
    this.deliver(seq);
  }

  private settled(seq: number, outcome: DeliveryOutcome, reason: PrinterError | undefined): void {
    this.outcomes.set(seq, { outcome, reason });
    this.deliver(seq);
  }

  /** Once a job is both captured and settled: reported, and handed over unless the printer has it. */
  private deliver(seq: number): void {
    const capture = this.captures.get(seq);
    const settled = this.outcomes.get(seq);
    if (capture === undefined || !settled) return;
    this.captures.delete(seq);
    this.outcomes.delete(seq);
    this.options.emit({ type: 'job-delivered', connection: this.options.id, seq, outcome: settled.outcome, ...(capture ? { id: capture.id } : {}) });
    if (!capture) return;
    const reason = settled.reason ? { code: settled.reason.code, message: settled.reason.message, context: settled.reason.context } : undefined;
    this.options.delivered(capture, settled.outcome, reason);
    if (settled.outcome !== 'sent') this.options.handOver({ capture, outcome: settled.outcome, reason });
  }

  private allBuilt(): Promise<void> {
    if (this.building === 0) return Promise.resolve();
    return new Promise((resolve) => (this.built = resolve));
  }
}
