import { ReissueError } from '../core/index.js';
import type { PrinterTimers } from '../printer/index.js';
import type { CaptureJournal, CapturedJob } from './capture-journal.js';
import type { DeliveryReason, FallbackLog, UnfinishedDelivery } from './fallback-log.js';
import type { DeliveryOutcome, TapEvent } from './tap-events.js';

export interface RecorderOptions {
  journal: CaptureJournal;
  fallback: FallbackLog;
  timers: PrinterTimers;
  /** A journal that has not answered in this long counts as down for this job; default 5000 ms. */
  appendTimeoutMs?: number;
  /** First wait before the journal is tried again after a failure, doubling up to retryMaxMs; defaults 1000 and 30000 ms. */
  retryInitialMs?: number;
  retryMaxMs?: number;
  emit: (event: TapEvent) => void;
}

/**
 * The journal's own refusals of a job (its shape, a card number it holds): the same job is
 * refused the same way every time, so it is set aside rather than retried — a job the
 * journal will never take must not keep every later one out of it.
 */
const REFUSED_FOR_GOOD: readonly string[] = ['INVALID_CAPTURE', 'PAN_NOT_MASKED'] as const;

/** A job recorded and not yet in the journal. */
interface Waiting {
  job: CapturedJob;
  /** Written to the fallback log; false when that failed: it is held in memory only. */
  inFile: boolean;
  /** Reported as kept in the fallback log (job-kept 'fallback') because the journal could not take it. */
  reported: boolean;
}

/**
 * Gets every captured job into the journal, in the order captured. Each job is written to
 * the fallback log the moment it is recorded (kill -9 cannot lose it from then on; power
 * loss, after the fsync that follows within milliseconds) and marked there once journaled;
 * while the journal cannot be written, jobs wait there, on disk, and are journaled in order
 * as soon as it takes writes again. Printing never waits for any of this.
 */
export class CaptureRecorder {
  /** Not yet in the journal, oldest first. */
  private readonly queue: Waiting[] = [];
  private pumping = false;
  private again = false;
  private retryTimer: unknown;
  private retryDelay: number;
  /** When the journal failed, it is not tried again before this (timers' clock, via retry timer). */
  private journalDown: ReissueError | Error | undefined;
  private journalRetryDue = true;
  private drained: (() => void)[] = [];
  /** Who waits for a job to be in the journal (a hand-over to the spooler), by job id. */
  private readonly journalWaiters = new Map<string, ((journaled: boolean) => void)[]>();
  private stopped = false;
  /** Jobs the journal refused for good (rare: kept so a later hand-over of one is not given a job the journal lacks). */
  private readonly refused = new Set<string>();

  constructor(private readonly options: RecorderOptions) {
    this.retryDelay = options.retryInitialMs ?? 1000;
  }

  /**
   * Reads what the fallback log still holds (from before a crash or restart) and starts
   * replaying it; resolves with the jobs whose delivery was left unfinished (for the spooler).
   */
  async start(): Promise<UnfinishedDelivery[]> {
    let opened: Awaited<ReturnType<FallbackLog['open']>>;
    try {
      opened = await this.options.fallback.open();
    } catch (error) {
      // Printing must start all the same; jobs will wait in memory if the file stays unusable.
      this.fallbackFailed(`could not read ${this.options.fallback.location}: ${(error as Error).message}`, { rule: 'read' });
      return [];
    }
    const { pending, undelivered, notes } = opened;
    for (const note of notes) {
      this.options.emit({
        type: 'warning',
        code: 'TAP_FALLBACK_LINE_SKIPPED',
        message: `line ${note.line} of ${this.options.fallback.location} is ${note.problem === 'torn' ? 'incomplete (Reissue stopped while writing it)' : 'unreadable'} and was skipped`,
        hint: 'nothing to do: the receipt on that line was printed; only its copy in the journal is missing',
        context: { file: this.options.fallback.location, line: note.line, problem: note.problem, rule: note.problem },
      });
    }
    this.queue.push(...pending.map((job) => ({ job, inFile: true, reported: true })));
    if (pending.length > 0) this.pump();
    return undelivered;
  }

  /** Takes a captured job: written to the fallback log at once, then put in the journal in order. */
  record(job: CapturedJob): void {
    let inFile = true;
    try {
      this.options.fallback.keep(job);
    } catch (error) {
      inFile = false;
      const waiting = this.queue.filter((w) => !w.inFile).length + 1;
      this.fallbackFailed(`could not keep captured job ${job.id} in ${this.options.fallback.location}: ${(error as Error).message}; it waits in memory`, { id: job.id, waiting, rule: 'keep' });
    }
    this.queue.push({ job, inFile, reported: false });
    this.pump();
  }

  /** How the job's delivery to the printer ended, for a restart after a crash to finish it. */
  delivered(id: string, outcome: DeliveryOutcome, reason?: DeliveryReason): void {
    this.mark(id, 'delivery', () => this.options.fallback.delivered(id, outcome, reason));
  }

  /** The job the printer did not take is in the spooler's hands (or was reported not printed). */
  handedOver(id: string): void {
    this.mark(id, 'delivery', () => this.options.fallback.handedOver(id));
  }

  /**
   * Resolves true once the job recorded under `id` is in the journal (at once when it is
   * already), false when the recorder stops first (it stays in the fallback log then).
   */
  whenJournaled(id: string): Promise<boolean> {
    if (this.refused.has(id)) return Promise.resolve(false);
    if (!this.queue.some((w) => w.job.id === id)) return Promise.resolve(true);
    return new Promise((resolve) => this.journalWaiters.set(id, [...(this.journalWaiters.get(id) ?? []), resolve]));
  }

  /** Jobs not yet in the journal: in the fallback log or, when it could not be written, in memory. */
  get backlog(): number {
    return this.queue.length;
  }

  /** Resolves once every job recorded so far is in the journal or on disk in the fallback log, or the attempt is over. */
  async flush(): Promise<void> {
    if (this.pumping) await new Promise<void>((resolve) => this.drained.push(resolve));
    await this.options.fallback.sync().catch(() => undefined);
  }

  /** Stops retrying; resolves with the number of jobs that could be kept nowhere (the fallback log failed too). */
  async stop(): Promise<number> {
    await this.flush();
    this.stopped = true;
    if (this.retryTimer !== undefined) this.options.timers.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    await this.options.fallback.close();
    for (const waiters of this.journalWaiters.values()) for (const resolve of waiters) resolve(false);
    this.journalWaiters.clear();
    return this.queue.filter((w) => !w.inFile).length;
  }

  private pump(): void {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    void this.run().finally(() => {
      this.pumping = false;
      if (this.again && !this.stopped) return this.pump();
      for (const resolve of this.drained.splice(0)) resolve();
      if (this.backlog > 0) this.scheduleRetry();
    });
  }

  private async run(): Promise<void> {
    do {
      this.again = false;
      while (this.queue.length > 0 && this.journalRetryDue) {
        const waiting = this.queue[0] as Waiting;
        const outcome = await this.toJournal(waiting.job);
        if (!outcome) break;
        this.queue.shift();
        // Set aside: done with in the fallback file too (so a card number the journal found goes with it).
        if (waiting.inFile) this.mark(waiting.job.id, 'mark', () => this.options.fallback.journaled(waiting.job.id));
        if (outcome === 'refused') this.notJournaled(waiting.job.id);
        else this.kept(waiting.job, 'journal', outcome);
      }
      if (this.queue.length > 0 && !this.journalRetryDue) await this.reportFallback();
    } while (this.again && !this.stopped);
  }

  /** The jobs the journal could not take are on disk in the fallback log: said once each. */
  private async reportFallback(): Promise<void> {
    const fresh = this.queue.filter((w) => w.inFile && !w.reported);
    if (fresh.length === 0) return;
    try {
      await this.options.fallback.sync();
    } catch (error) {
      const first = fresh[0] as Waiting;
      this.fallbackFailed(`could not keep captured job ${first.job.id} in ${this.options.fallback.location}: ${(error as Error).message}; it waits in memory`, { id: first.job.id, waiting: fresh.length, rule: 'keep' });
      return;
    }
    for (const w of fresh) {
      w.reported = true;
      this.kept(w.job, 'fallback', 'appended');
    }
  }

  /** A mark in the fallback log; a failure is said, and the job replays once more (the journal ignores the repeat). */
  private mark(id: string, rule: 'mark' | 'delivery', write: () => void): void {
    try {
      write();
    } catch (error) {
      const what = rule === 'mark' ? `mark job ${id} as journaled` : `note how job ${id} went to the printer`;
      this.fallbackFailed(`could not ${what} in ${this.options.fallback.location}: ${(error as Error).message}`, { id, rule });
    }
  }

  private fallbackFailed(message: string, context: Record<string, unknown>): void {
    this.options.emit({
      type: 'warning',
      code: 'TAP_FALLBACK_FAILED',
      message,
      hint: 'free disk space or fix the permissions of that folder; receipts keep printing, but jobs held in memory are lost if Reissue stops',
      context: { file: this.options.fallback.location, ...context },
    });
  }

  /** Who waits for the job to be in the journal hears it never will be. */
  private notJournaled(id: string): void {
    this.refused.add(id);
    for (const resolve of this.journalWaiters.get(id) ?? []) resolve(false);
    this.journalWaiters.delete(id);
  }

  private kept(job: CapturedJob, where: 'journal' | 'fallback', outcome: 'appended' | 'duplicate'): void {
    if (where === 'journal') {
      for (const resolve of this.journalWaiters.get(job.id) ?? []) resolve(true);
      this.journalWaiters.delete(job.id);
    }
    this.options.emit({ type: 'job-kept', id: job.id, source: job.source, where, ...(outcome === 'duplicate' ? { duplicate: true } : {}), backlog: this.backlog });
  }

  private async toJournal(job: CapturedJob): Promise<'appended' | 'duplicate' | 'refused' | undefined> {
    try {
      const outcome = await this.withTimeout(this.options.journal.append(job));
      if (this.journalDown) {
        this.options.emit({ type: 'journal-up', backlog: this.backlog });
        this.journalDown = undefined;
      }
      this.retryDelay = this.options.retryInitialMs ?? 1000;
      return outcome;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && REFUSED_FOR_GOOD.includes(code)) {
        // The journal answered (it is up); its message names the problem, never the receipt's content.
        this.options.emit({
          type: 'warning',
          code: 'TAP_JOB_REFUSED',
          message: `the journal refused job ${job.seq} from ${job.peer} (${code}: ${(error as Error).message}): it printed, but is not in the journal; the jobs after it are journaled as usual`,
          hint: 'please report this with the log and the time it happened; the receipt itself printed',
          context: { id: job.id, source: job.source, seq: job.seq, peer: job.peer, reason: code },
        });
        return 'refused';
      }
      if (!this.journalDown) {
        const reason = error instanceof ReissueError ? `${error.message} (${error.code})` : (error as Error).message;
        this.options.emit({
          type: 'warning',
          code: 'TAP_JOURNAL_UNAVAILABLE',
          message: `the journal cannot take captured receipts: ${reason}; they are kept in ${this.options.fallback.location} and added once it can`,
          hint: 'check free disk space and that no other program holds the journal locked; receipts keep printing and nothing is lost',
          context: { file: this.options.fallback.location, reason },
        });
      }
      this.journalDown = error as Error;
      this.journalRetryDue = false;
      return undefined;
    }
  }

  private withTimeout<T>(promise: Promise<T>): Promise<T> {
    const ms = this.options.appendTimeoutMs ?? 5000;
    return new Promise<T>((resolve, reject) => {
      const timer = this.options.timers.setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      promise.then(
        (value) => {
          this.options.timers.clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          this.options.timers.clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  private scheduleRetry(): void {
    if (this.retryTimer !== undefined || this.stopped) return;
    const delay = this.journalRetryDue ? 0 : this.retryDelay;
    this.retryTimer = this.options.timers.setTimeout(() => {
      this.retryTimer = undefined;
      this.journalRetryDue = true;
      this.retryDelay = Math.min(this.retryDelay * 2, this.options.retryMaxMs ?? 30_000);
      this.pump();
    }, delay);
  }
}
