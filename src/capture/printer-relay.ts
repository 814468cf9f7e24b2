import { StatusReader } from '../escpos/index.js';
import { PrinterDisconnectedError, type PrinterByteLink, type PrinterError, type PrinterTimers } from '../printer/index.js';
import type { StatusQuery } from './job-splitter.js';
import type { DeliveryOutcome, TapEvent } from './tap-events.js';

/** A printer the relay may use: the primary first, then the backup. */
export interface RelayTarget {
  address: string;
  backup: boolean;
  open(): Promise<PrinterByteLink>;
}

export interface RelayOptions {
  connection: number;
  targets: readonly RelayTarget[];
  /** Bytes from the printer, for the POS. */
  toPos: (bytes: Uint8Array) => void;
  timers: PrinterTimers;
  now: () => number;
  /** Waits between attempts to reach a printer that did not answer, doubling; defaults 1000 and 30000 ms. */
  retryInitialMs?: number;
  retryMaxMs?: number;
  /**
   * A job counts as received by the printer once this many more bytes went out on the same
   * link after it: more than the sender's socket buffer can hold, so the printer's TCP has
   * acknowledged the job. Default 4 MiB (Linux's largest send buffer).
   */
  confirmBytes?: number;
  /**
   * When the printer closes the connection on its own, a job whose last byte went out less
   * than this long before may have been on the wire as it closed (TCP cannot say whether it
   * read it), so it counts as 'unconfirmed'; older jobs it had read. Default 2000 ms.
   */
  closeDoubtMs?: number;
  /**
   * The answer to DLE EOT n when no printer will answer it (the piece asking was not sent,
   * or its link went down first): the POS sees the printer offline instead of waiting.
   */
  offlineAnswer?: (n: number) => Uint8Array;
  /** A job's fate on the way to the printer is known. */
  onSettled: (seq: number, outcome: DeliveryOutcome, reason: PrinterError | undefined) => void;
  emit: (event: TapEvent) => void;
}

interface Piece {
  seq: number;
  bytes: Uint8Array;
  /** Stream offset of its first byte. */
  start: number;
  /** Status queries that end inside it. */
  queries: readonly StatusQuery[];
}

interface RelayJob {
  seq: number;
  pushed: number;
  taken: number;
  ended: boolean;
  /** The rest of this job is not sent: its link failed mid-way, or no printer was reachable when it began. */
  dropped: boolean;
  /** The link its bytes went to (set as the first write starts), and that link's byte count after its last byte. */
  gen: number | undefined;
  linkMark: number;
  /** Stream offset after its last byte so far. */
  end: number;
  /** When its last byte so far was taken by the link. */
  takenAt: number;
  /** A write of it was under way when its link failed: some of it may have reached the printer. */
  attempted: boolean;
  reason: PrinterError | undefined;
}

interface LiveLink {
  gen: number;
  link: PrinterByteLink;
  target: RelayTarget;
  taken: number;
  ending: boolean;
  /** Reads the printer's answers, to tell status answers from the rest. */
  reader: StatusReader;
  /** Status queries written on this link and not yet answered, oldest first. */
  asked: StatusQuery[];
}

const DEFAULT_CONFIRM = 4 * 1024 * 1024;
const DEFAULT_CLOSE_DOUBT_MS = 2000;

/**
 * Carries one POS connection's bytes to the printer unchanged and in order, and the
 * printer's bytes back. A link is only ever started at the beginning of a job, so a job
 * never goes out half on one link and half on another: when the printer goes away in the
 * middle of a job, the rest of that job is held back (it was captured; it is handed over)
 * and the next job tries the primary, then the backup, again.
 */
export class PrinterRelay {
  private readonly queue: Piece[] = [];
  private queued = 0;
  private readonly roomWaiters: { bytes: number; resolve: () => void }[] = [];
  private readonly jobs = new Map<number, RelayJob>();
  private live: LiveLink | undefined;
  private gen = 0;
  private writing = false;
  private connecting = false;
  private preferred = 0;
  private retryAt: number | undefined;
  private retryDelay: number;
  private lastFailure: PrinterError | undefined;
  private reported = false;
  private finishing = false;
  /** destroy() tore the link down: what it had taken may not have reached the printer. */
  private forced = false;
  private finished: (() => void) | undefined;
  /** Called once each when no status answer is awaited any more (see whenAnswered). */
  private answerWaiters: (() => void)[] = [];
  private readonly done: Promise<void>;

  constructor(private readonly options: RelayOptions) {
    this.retryDelay = options.retryInitialMs ?? 1000;
    this.done = new Promise((resolve) => (this.finished = resolve));
  }

  /** Connects at once, so a POS that asks for status before printing gets its answer. */
  open(): void {
    this.connect();
  }

  /**
   * The POS is waiting for the printer: bytes not yet written, or status queries written and
   * not yet answered. Per-job work holds back meanwhile, so it never delays the answer.
   */
  get awaitingAnswer(): boolean {
    return this.queue.length > 0 || (this.live?.asked.length ?? 0) > 0;
  }

  /** Calls `resolve` once the printer's bytes have gone back to the POS and nothing more is awaited (or the link is gone). */
  whenAnswered(resolve: () => void): void {
    this.answerWaiters.push(resolve);
  }

  /** Bytes of job `seq`, next in the stream from `start`, with the status queries that end in them. */
  push(seq: number, bytes: Uint8Array, start: number, queries: readonly StatusQuery[] = []): void {
    let job = this.jobs.get(seq);
    if (!job) {
      job = { seq, pushed: 0, taken: 0, ended: false, dropped: false, gen: undefined, linkMark: 0, end: start, takenAt: 0, attempted: false, reason: undefined };
      this.jobs.set(seq, job);
    }
    job.pushed += bytes.length;
    job.end = start + bytes.length;
    this.queue.push({ seq, bytes, start, queries });
    this.queued += bytes.length;
    this.pump();
  }

  /** Job `seq` has all its bytes. */
  endJob(seq: number): void {
    const job = this.jobs.get(seq);
    if (!job) return;
    job.ended = true;
    this.settle(job);
  }

  /** Bytes waiting to go to the printer. */
  get backlog(): number {
    return this.queued;
  }

  /** Resolves once no more than `bytes` wait (or the relay is finished). */
  whenBelow(bytes: number): Promise<void> {
    if (this.queued <= bytes || this.finishing) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push({ bytes, resolve }));
  }

  /** No more bytes: sends what is queued, closes the link in order, resolves when every job's fate is known. */
  finish(): Promise<void> {
    this.finishing = true;
    this.pump();
    return this.done;
  }

  /** Tears the link down now; what had not gone out is not sent. */
  destroy(): void {
    this.finishing = true;
    this.forced = true;
    // The piece being written stays at the head until its write settles.
    while (this.queue.length > (this.writing ? 1 : 0)) {
      const piece = this.queue.pop() as Piece;
      this.queued -= piece.bytes.length;
      this.drop(piece);
      this.answerOffline(piece.queries);
    }
    this.live?.link.destroy();
    if (!this.live) this.checkFinished();
  }

  private pump(): void {
    if (this.writing || this.connecting) return;
    while (this.queue.length > 0) {
      const piece = this.queue[0] as Piece;
      const job = this.jobs.get(piece.seq) as RelayJob;
      if (job.dropped) {
        this.shift();
        this.drop(piece);
        this.answerOffline(piece.queries);
        continue;
      }
      if (!this.live) {
        // A link may start only where a job starts.
        if (job.taken === 0 && this.mayRetry()) return this.connect();
        job.dropped = true;
        job.reason ??= this.lastFailure;
        continue;
      }
      return this.write(this.live, piece, job);
    }
    if (this.finishing && !this.writing && !this.connecting) {
      if (!this.live) return this.checkFinished();
      if (!this.live.ending) {
        this.live.ending = true;
        this.live.link.end();
      }
    }
  }

  private write(live: LiveLink, piece: Piece, job: RelayJob): void {
    this.writing = true;
    job.gen = live.gen;
    live.link.write(piece.bytes).then(
      () => {
        this.writing = false;
        this.shift();
        job.taken += piece.bytes.length;
        job.takenAt = this.options.now();
        live.taken += piece.bytes.length;
        job.linkMark = live.taken;
        for (const query of piece.queries) {
          live.asked.push(query);
          live.reader.expect({ kind: 'status', n: query.n });
        }
        if (job.dropped) this.settle(job);
        else this.settleConfirmed(live);
        this.pump();
      },
      (error: unknown) => {
        this.writing = false;
        this.linkDown(live, error as PrinterError);
        this.pump();
      },
    );
  }

  private shift(): void {
    const piece = this.queue.shift();
    if (piece) this.queued -= piece.bytes.length;
    for (let i = this.roomWaiters.length - 1; i >= 0; i--) {
      const waiter = this.roomWaiters[i];
      if (waiter && this.queued <= waiter.bytes) {
        this.roomWaiters.splice(i, 1);
        waiter.resolve();
      }
    }
    this.wakeIfAnswered();
  }

  private drop(piece: Piece): void {
    const job = this.jobs.get(piece.seq);
    if (!job) return;
    job.dropped = true;
    this.settle(job);
  }

  private answerOffline(queries: readonly StatusQuery[]): void {
    const answer = this.options.offlineAnswer;
    if (!answer) return;
    for (const query of queries) this.options.toPos(answer(query.n));
  }

  private mayRetry(): boolean {
    return this.retryAt === undefined || this.options.now() >= this.retryAt;
  }

  private connect(): void {
    if (this.connecting || this.live) return;
    this.connecting = true;
    void this.reach().then((live) => {
      this.connecting = false;
      if (live) {
        this.live = live;
        this.retryAt = undefined;
        this.retryDelay = this.options.retryInitialMs ?? 1000;
        this.reported = false;
      } else {
        this.retryAt = this.options.now() + this.retryDelay;
        this.retryDelay = Math.min(this.retryDelay * 2, this.options.retryMaxMs ?? 30_000);
      }
      this.pump();
    });
  }

  /** The printer that answered last, then the others in order. */
  private async reach(): Promise<LiveLink | undefined> {
    const { targets } = this.options;
    const order = targets.map((_, i) => (this.preferred + i) % targets.length);
    for (const index of order) {
      const target = targets[index] as RelayTarget;
      try {
        const link = await target.open();
        if (this.finishing && this.queue.length === 0) {
          link.destroy();
          return undefined;
        }
        this.preferred = index;
        const live: LiveLink = { gen: ++this.gen, link, target, taken: 0, ending: false, reader: new StatusReader(), asked: [] };
        link.onData((bytes) => {
          this.options.toPos(bytes);
          this.answered(live, bytes);
          this.wakeIfAnswered();
        });
        link.onDown((error) => this.linkDown(live, error));
        this.options.emit({ type: 'printer-connected', connection: this.options.connection, printer: target.address, backup: target.backup });
        return live;
      } catch (error) {
        this.lastFailure = error as PrinterError;
        if (!this.reported) {
          this.options.emit({
            type: 'printer-lost',
            connection: this.options.connection,
            printer: target.address,
            code: (error as PrinterError).code ?? 'PRINTER_UNREACHABLE',
            message: (error as Error).message,
          });
        }
      }
    }
    this.reported = true;
    return undefined;
  }

  /** The link went down: in order (what it took was read), or failed (what it took may be lost). */
  private linkDown(live: LiveLink, orderly: PrinterError | undefined): void {
    if (this.live !== live) return;
    this.live = undefined;
    // Queries the printer took and will never answer now.
    this.answerOffline(live.asked.splice(0));
    this.wakeIfAnswered();
    const cutOff = [...this.jobs.values()].find((job) => job.gen === live.gen && !(job.ended && job.taken === job.pushed));
    const { address } = live.target;
    // A job cut off is named in its reason, whatever the link said (the link's error is its cause).
    const midJob = (seq: number) =>
      new PrinterDisconnectedError(`printer at ${address} closed the connection in the middle of job ${seq}`, {
        ...(orderly ? { cause: orderly } : {}),
        context: { address, reason: orderly?.context['reason'] ?? 'closed', seq, rule: 'mid-job' },
      });
    // A printer that closes in order in the middle of a job still cuts that job off.
    const error = orderly ?? (cutOff && !live.ending ? midJob(cutOff.seq) : undefined);
    if (error) {
      this.lastFailure = error;
      this.options.emit({ type: 'printer-lost', connection: this.options.connection, printer: address, code: error.code, message: error.message });
    }
    const failed = orderly !== undefined || this.forced;
    // Closed by the printer, unasked: what went out just before may have crossed its close.
    const doubtSince = live.ending ? Infinity : this.options.now() - (this.options.closeDoubtMs ?? DEFAULT_CLOSE_DOUBT_MS);
    for (const job of [...this.jobs.values()]) {
      if (job.gen !== live.gen) continue;
      if (job.ended && job.taken === job.pushed) {
        if (failed) this.finishJob(job, 'unconfirmed', error);
        else if (job.takenAt > doubtSince) this.finishJob(job, 'unconfirmed', closedAfter(address, job.seq));
        else this.finishJob(job, 'sent', undefined);
        continue;
      }
      // Some of it went to a printer that is gone (perhaps the piece being written): the rest must not go to another one.
      job.dropped = true;
      job.attempted = true;
      job.reason ??= orderly === undefined || orderly instanceof PrinterDisconnectedError ? midJob(job.seq) : orderly;
      this.settle(job);
    }
    this.pump();
  }

  /** A status answer proves the printer has every byte before its query: jobs that ended there are delivered. */
  private answered(live: LiveLink, bytes: Uint8Array): void {
    for (const response of live.reader.feed(bytes)) {
      if (response.type !== 'status' || response.n === null) continue;
      const query = live.asked.shift();
      if (!query) continue;
      for (const job of [...this.jobs.values()]) {
        if (job.gen === live.gen && job.ended && job.taken === job.pushed && job.end <= query.end) this.finishJob(job, 'sent', undefined);
      }
    }
  }

  private wakeIfAnswered(): void {
    if (this.answerWaiters.length === 0 || this.awaitingAnswer) return;
    for (const resolve of this.answerWaiters.splice(0)) resolve();
  }

  /** Jobs far enough behind on a live link are on the printer's side for certain. */
  private settleConfirmed(live: LiveLink): void {
    const margin = this.options.confirmBytes ?? DEFAULT_CONFIRM;
    for (const job of this.jobs.values()) {
      if (job.gen === live.gen && job.ended && job.taken === job.pushed && live.taken - job.linkMark >= margin) this.finishJob(job, 'sent', undefined);
    }
  }

  /** Settles a job whose bytes are all accounted for and that cannot change any more. */
  private settle(job: RelayJob): void {
    if (!job.ended) return;
    const queuedOfJob = this.queue.some((p) => p.seq === job.seq);
    if (queuedOfJob) return;
    if (job.dropped) this.finishJob(job, this.partOutcome(job), job.reason ?? this.lastFailure);
  }

  private partOutcome(job: RelayJob): DeliveryOutcome {
    return job.taken === 0 && !job.attempted ? 'not-sent' : 'partly-sent';
  }

  private finishJob(job: RelayJob, outcome: DeliveryOutcome, reason: PrinterError | undefined): void {
    if (!this.jobs.delete(job.seq)) return;
    this.options.onSettled(job.seq, outcome, outcome === 'sent' ? undefined : reason);
    this.checkFinished();
  }

  private checkFinished(): void {
    if (!this.finishing || this.live || this.writing || this.connecting || this.queue.length > 0) return;
    // Whatever is left went out on links that closed in order.
    for (const job of [...this.jobs.values()]) {
      if (job.dropped || job.taken < job.pushed) this.finishJob(job, this.partOutcome(job), job.reason ?? this.lastFailure);
      else this.finishJob(job, this.forced ? 'unconfirmed' : 'sent', undefined);
    }
    this.finished?.();
  }
}

/** The printer closed the connection, unasked, right after a job went out. */
function closedAfter(address: string, seq: number): PrinterDisconnectedError {
  return new PrinterDisconnectedError(`printer at ${address} closed the connection right after job ${seq} went out: it may not have read all of it`, {
    context: { address, reason: 'closed', seq, rule: 'after-job' },
  });
}
