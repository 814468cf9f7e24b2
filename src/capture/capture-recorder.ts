import { ReissueError } from '../core/index.js';
import type { PrinterTimers } from '../printer/index.js';
import type { CaptureJournal, CapturedJob } from './capture-journal.js';
import type { FallbackLog } from './fallback-log.js';
import type { TapEvent } from './tap-events.js';

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
 * Gets every captured job into the journal, in the order captured. While the journal
 * cannot be written, jobs go to the fallback log (on disk before this counts them as kept)
 * and everything after them follows them there, so order holds; the log is replayed into
 * the journal as soon as it takes writes again. Printing never waits for any of this.
 */
export class CaptureRecorder {
  /** Captured, not yet on disk anywhere. */
  private readonly waiting: CapturedJob[] = [];
  /** In the fallback log, not yet in the journal. */
  private inFallback: CapturedJob[] = [];
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

  constructor(private readonly options: RecorderOptions) {
    this.retryDelay = options.retryInitialMs ?? 1000;
  }

  /** Reads what the fallback log still holds (from before a crash or restart) and starts replaying it. */
  async start(): Promise<void> {
    let opened: Awaited<ReturnType<FallbackLog['open']>>;
    try {
      opened = await this.options.fallback.open();
    } catch (error) {
      // Printing must start all the same; jobs will wait in memory if the file stays unusable.
      this.fallbackFailed(`could not read ${this.options.fallback.location}: ${(error as Error).message}`, { rule: 'read' });
      return;
    }
    const { pending, notes } = opened;
    for (const note of notes) {
      this.options.emit({
        type: 'warning',
        code: 'TAP_FALLBACK_LINE_SKIPPED',
        message: `line ${note.line} of ${this.options.fallback.location} is ${note.problem === 'torn' ? 'incomplete (Reissue stopped while writing it)' : 'unreadable'} and was skipped`,
        hint: 'nothing to do: the receipt on that line was printed; only its copy in the journal is missing',
        context: { file: this.options.fallback.location, line: note.line, problem: note.problem, rule: note.problem },
      });
    }
    this.inFallback = pending;
    if (pending.length > 0) this.pump();
  }

  /** Takes a captured job; it is kept in order, in the journal or the fallback log. */
  record(job: CapturedJob): void {
    this.waiting.push(job);
    this.pump();
  }

  /**
   * Resolves true once the job recorded under `id` is in the journal (at once when it is
   * already), false when the recorder stops first (it stays in the fallback log then).
   */
  whenJournaled(id: string): Promise<boolean> {
    const pending = this.waiting.some((j) => j.id === id) || this.inFallback.some((j) => j.id === id);
    if (!pending) return Promise.resolve(true);
    return new Promise((resolve) => this.journalWaiters.set(id, [...(this.journalWaiters.get(id) ?? []), resolve]));
  }

  /** Jobs not yet in the journal: in the fallback log or not yet on disk. */
  get backlog(): number {
    return this.waiting.length + this.inFallback.length;
  }

  /** Resolves once every job recorded so far is on disk (journal or fallback log), or the attempt to put it there is over. */
  flush(): Promise<void> {
    if (this.waiting.length === 0 && !this.pumping) return Promise.resolve();
    if (!this.pumping) this.pump();
    return new Promise((resolve) => this.drained.push(resolve));
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
    return this.waiting.length;
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
      await this.replay();
      while (this.waiting.length > 0) {
        const job = this.waiting[0] as CapturedJob;
        const outcome = this.inFallback.length === 0 && this.journalRetryDue ? await this.toJournal(job) : undefined;
        if (outcome) {
          this.waiting.shift();
          this.kept(job, 'journal', outcome);
          continue;
        }
        try {
          await this.options.fallback.append(job);
        } catch (error) {
          this.fallbackFailed(`could not keep captured job ${job.id} in ${this.options.fallback.location}: ${(error as Error).message}; it waits in memory`, { id: job.id, waiting: this.waiting.length, rule: 'keep' });
          return;
        }
        this.waiting.shift();
        this.inFallback.push(job);
        this.kept(job, 'fallback', 'appended');
      }
    } while (this.again && !this.stopped);
  }

  /** The fallback log into the journal, oldest first, until the journal fails. */
  private async replay(): Promise<void> {
    while (this.inFallback.length > 0 && this.journalRetryDue) {
      const job = this.inFallback[0] as CapturedJob;
      const outcome = await this.toJournal(job);
      if (!outcome) return;
      this.inFallback.shift();
      try {
        await this.options.fallback.acknowledge(job.id);
        if (this.inFallback.length === 0) await this.options.fallback.clear();
      } catch (error) {
        // The job is journaled; left unacknowledged it replays once more as a duplicate, which the journal ignores.
        this.fallbackFailed(`could not mark job ${job.id} as journaled in ${this.options.fallback.location}: ${(error as Error).message}`, { id: job.id, rule: 'mark' });
      }
      this.kept(job, 'journal', outcome);
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

  private kept(job: CapturedJob, where: 'journal' | 'fallback', outcome: 'appended' | 'duplicate'): void {
    if (where === 'journal') {
      for (const resolve of this.journalWaiters.get(job.id) ?? []) resolve(true);
      this.journalWaiters.delete(job.id);
    }
    this.options.emit({ type: 'job-kept', id: job.id, source: job.source, where, ...(outcome === 'duplicate' ? { duplicate: true } : {}), backlog: this.backlog });
  }

  private async toJournal(job: CapturedJob): Promise<'appended' | 'duplicate' | undefined> {
    try {
      const outcome = await this.withTimeout(this.options.journal.append(job));
      if (this.journalDown) {
        this.options.emit({ type: 'journal-up', backlog: this.backlog });
        this.journalDown = undefined;
      }
      this.retryDelay = this.options.retryInitialMs ?? 1000;
      return outcome;
    } catch (error) {
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
