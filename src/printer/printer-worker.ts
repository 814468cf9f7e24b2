import type { PrinterState } from '../escpos/index.js';
import type { Journal, JournaledTransaction, PrintJobRow } from '../journal/index.js';
import { Alarm } from './alarm.js';
import { awaitCompletion, settledWithin } from './completion.js';
import { printerFaults } from './errors.js';
import { jobDetail } from './job-detail.js';
import type { JobLedger, JobMove } from './job-ledger.js';
import { leaseHeartbeat } from './lease-heartbeat.js';
import type { PrinterHealth } from './printer-health.js';
import type { PrinterTarget } from './printer-directory.js';
import type { Printer, PrinterTimers } from './printer-port.js';
import { PrintEventTypes, spoolerFailure, type SpoolerEvent, type SpoolerFailure } from './spooler-events.js';
import { retryDelay, type SpoolerSettings } from './spooler-settings.js';

/** What the spooler sends for a job, and how much paper it takes. */
export interface RenderedJob {
  bytes: Uint8Array;
  paperMm: number;
  /**
   * What the render read at print time that the job's options did not fix (a duplicate's
   * mark, read from its sale as it is now): journaled as `printedWith` in the event that takes
   * the job for sending, before a byte goes out, so the record says what the paper carries.
   */
  printedWith?: Readonly<Record<string, unknown>>;
}

/** A job taken for sending in the write that queued it, with the sale it prints when that write read and checked it (see JournalWriter.saleToPrint). */
export interface HandedJob {
  job: PrintJobRow;
  sale?: JournaledTransaction;
}

/** What a worker needs from its spooler. */
export interface WorkerContext {
  settings: SpoolerSettings;
  clock: () => number;
  timers: PrinterTimers;
  journal: Journal;
  ledger: JobLedger;
  health: PrinterHealth;
  connect: (target: PrinterTarget) => Promise<Printer>;
  /** `handedOver`: the job was taken for sending in the write that queued it, `sale` read and checked there (see SpoolerOptions.render). */
  render: (job: PrintJobRow, target: PrinterTarget, handedOver: boolean, sale?: JournaledTransaction) => Promise<RenderedJob>;
  emit: (event: SpoolerEvent) => void;
  /** Work arrived for another printer (jobs rerouted to it). */
  wake: (printer: string) => void;
  /** Whether a printer can take rerouted jobs (it is configured). */
  canReach: (printer: string) => boolean;
  /** Jobs this process has in flight: the abandoned-job sweep leaves them alone. */
  inFlight: Set<number>;
}

type Pick = { kind: 'job'; job: PrintJobRow; queue: PrintJobRow[] } | { kind: 'wait'; ms: number } | { kind: 'empty' };

/** Queued jobs looked at per pick: the head and a few behind it (stale ones expire as they reach the head). */
const PAGE = 20;
/** How long an answer may take and still be journaled in one write with awaiting-ack. */
const FOLD_MS = 20;
const IN_FLIGHT = ['sending', 'awaiting-ack'] as const;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const codeOf = (error: unknown) => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'ERROR';
};

/**
 * Prints one printer's queue, oldest first, one job at a time: connect, read status, send,
 * wait for the completion answer. Holds while the printer reports a fault, backs off while it
 * cannot be reached, hands jobs to the backup, and goes away once the queue stays empty.
 */
export class PrinterWorker {
  private readonly alarm: Alarm;
  private stopping = false;
  private link: Printer | undefined;
  private retryAt = 0;
  private hold: { reason: string; since: number; noted: Set<number> } | undefined;
  private done_: Promise<void> = Promise.resolve();
  /** Asleep with an empty queue: a new job may be handed to it in the write that queues it. */
  private idle = false;
  /**
   * Its job journaled printed, the queue empty at its last look and nothing queued here since:
   * a new job may be handed over as to an idle worker. A job asked for right after the one
   * before printed (a cashier's next receipt) then costs one commit less and no look at the
   * queue. Set only once the printed write is in, so the next job's sending comes after it;
   * the write that takes a job takes none past a job already queued (JobLedger.insertAll).
   */
  private free = false;
  /** A job being handed over: the write that queues it and takes it for sending, under way. */
  private handed: Promise<HandedJob | undefined> | undefined;
  /** The writes of printed jobs the worker did not wait for (see leave). */
  private settling: Promise<void> = Promise.resolve();
  /** When the printer last said it could print (a status read without faults) over the open link. */
  private readyAt: number | undefined;
  /** A job was queued for this printer here (poke) since the worker last read its queue. */
  private poked = false;

  constructor(
    private readonly ctx: WorkerContext,
    readonly target: PrinterTarget,
    private readonly onExit: (worker: PrinterWorker) => void,
  ) {
    this.alarm = new Alarm(ctx.timers);
  }

  get name(): string {
    return this.target.name;
  }

  /** Why the printer's queue waits, while it does. */
  get heldFor(): string | undefined {
    return this.hold?.reason;
  }

  /** Settles once the worker has gone (idle, or stopped). */
  get done(): Promise<void> {
    return this.done_;
  }

  start(): void {
    this.done_ = this.run();
  }

  /** New work for this printer. */
  poke(): void {
    this.poked = true;
    // A job is in the queue: the next one is not handed over past it.
    this.free = false;
    this.alarm.wake();
  }

  /**
   * Whether a job for this printer may be taken for sending in the write that queues it (one
   * commit for print.queued and print.sending): the worker is idle on an open link, and the
   * printer said it could print no longer than a status poll ago — it held no fault, no
   * failure or backoff since. Otherwise the job is queued and picked up as usual.
   */
  takesAtOnce(): boolean {
    return (this.idle || this.free) && !this.stopping && this.handed === undefined && this.knownReady(this.ctx.clock());
  }

  /** On an open link, the printer said it could print no longer than a status poll ago, and nothing failed or held since. */
  private knownReady(now: number): boolean {
    const since = this.readySince(now);
    return since !== undefined && now - since <= this.ctx.settings.statusPollMs;
  }

  /** When the printer last said it could print over the open link, unless a failure, backoff or hold came since. */
  private readySince(now: number): number | undefined {
    const clear = this.link !== undefined && this.hold === undefined && this.retryAt <= now && this.ctx.health.failures(this.name) === 0;
    return clear ? this.readyAt : undefined;
  }

  /** `claim` resolves with the job once its write has taken it for sending (undefined if the write failed): the worker sends it next. */
  take(claim: Promise<HandedJob | undefined>): void {
    this.handed = claim;
    this.idle = false;
    this.free = false;
    this.alarm.wake();
  }

  /** Finish the job in hand, take no other. */
  stop(): void {
    this.stopping = true;
    this.alarm.wake();
  }

  private async run(): Promise<void> {
    let idleSince: number | undefined;
    /**
     * The queue was empty when the worker went idle and took a job handed over; unless a job
     * was queued here since (poke), it still is, and reading it again per job cost a query.
     * Jobs another process queues are found by the spooler's sweep, as while idle (and no job
     * is handed over past them: the write that would take it sees them queued).
     */
    let stillEmpty = false;
    try {
      // A job handed over is in hand: it is sent even when stop() came first.
      while (!this.stopping || this.handed) {
        this.free = false;
        if (this.handed) {
          idleSince = undefined;
          await this.sendHanded(this.handed);
          stillEmpty = !this.poked;
          continue;
        }
        let pick: Pick;
        try {
          pick = stillEmpty ? { kind: 'empty' } : await this.pick();
          stillEmpty = false;
          if (pick.kind === 'job') {
            idleSince = undefined;
            await this.attempt(pick.job, pick.queue);
            continue;
          }
        } catch (error) {
          // The journal failed us (disk, lock); the jobs are where the journal says — try again shortly.
          this.ctx.emit({ type: 'error', printer: this.name, message: `printer ${this.name}: ${message(error)}`, error });
          await this.dropLink();
          await this.alarm.sleep(this.ctx.settings.retryInitialMs);
          continue;
        }
        if (pick.kind === 'wait') {
          idleSince = undefined;
          await this.alarm.sleep(pick.ms);
          continue;
        }
        // A wake left from a job that was read and printed since tells nothing new: only a poke does.
        if (this.alarm.takeWake()) {
          stillEmpty = !this.poked;
          continue;
        }
        const now = this.ctx.clock();
        idleSince ??= now;
        const left = idleSince + this.ctx.settings.idleCloseMs - now;
        if (left <= 0) break;
        const refreshIn = this.refreshDue(now);
        if (refreshIn === 0) {
          await this.refresh();
          continue;
        }
        this.idle = true;
        await this.alarm.sleep(Math.min(left, refreshIn));
        this.idle = false;
      }
    } finally {
      // Synchronously, right after the last look at the queue: a later enqueue starts a new worker.
      this.idle = false;
      this.onExit(this);
      await this.settling;
      await this.dropLink();
    }
  }

  /**
   * When to read an idle printer's status again (ms from now, 0: now): half a status poll
   * after the last read that found it ready, so a job queued while it idles is still handed
   * over at once instead of waiting for a status read of its own (one read a poll at most, as
   * with jobs in a row). Never without an open link, after a failure, or once it reported a
   * fault: the next job reads the status then.
   */
  private refreshDue(now: number): number {
    const since = this.readySince(now);
    return since === undefined ? Number.POSITIVE_INFINITY : Math.max(0, since + this.ctx.settings.statusPollMs / 2 - now);
  }

  /** Reads the idle printer's status over the open link: journaled like any other read; a link that fails is dropped (the next job connects again). */
  private async refresh(): Promise<void> {
    const { ctx, link } = this;
    if (!link) return;
    let state: PrinterState;
    try {
      state = await link.status();
    } catch {
      return this.dropLink();
    }
    const warns = await ctx.health.observe(this.target, state);
    this.readyAt = printerFaults(state).length === 0 ? ctx.clock() : undefined;
    this.nearEnd(warns);
  }

  /** The next job to try, expiring stale ones on the way. */
  private async pick(): Promise<Pick> {
    this.poked = false;
    const now = this.ctx.clock();
    const queue = await this.ctx.journal.jobs({ states: ['queued'], printer: this.name, order: 'oldest', limit: PAGE });
    const stale = queue.filter((j) => j.expiresAt <= now);
    if (stale.length > 0) {
      await this.expire(stale, now);
      return { kind: 'wait', ms: 0 };
    }
    const head = queue[0];
    if (!head) return { kind: 'empty' };
    // A printer known down hands new jobs to their backup at once rather than after its backoff.
    if (this.ctx.health.failures(this.name) >= this.ctx.settings.failoverAfter && queue.some((j) => this.reroutable(j))) {
      return { kind: 'job', job: head, queue };
    }
    const due = Math.max(head.notBefore, this.retryAt);
    if (due > now) return { kind: 'wait', ms: Math.min(due, ...queue.map((j) => j.expiresAt)) - now };
    return { kind: 'job', job: head, queue };
  }

  private async expire(jobs: readonly PrintJobRow[], now: number): Promise<void> {
    const { expireAfterMs } = this.ctx.settings;
    await this.ctx.ledger.moveAll(
      jobs.map((job) => ({
        job,
        from: ['queued'],
        patch: { state: 'expired', detail: jobDetail.expired(job.expiresAt, expireAfterMs) },
        event: PrintEventTypes.expired,
        extra: { expiresAt: job.expiresAt, lateMs: now - job.expiresAt, lastError: job.detail },
      })),
    );
  }

  private reroutable(job: PrintJobRow): boolean {
    return job.backup !== null && job.reroutedFrom === null && job.backup !== this.name && this.ctx.canReach(job.backup);
  }

  private async attempt(job: PrintJobRow, queue: PrintJobRow[]): Promise<void> {
    const { ctx, target } = this;
    const failures = ctx.health.failures(this.name);
    if (failures >= ctx.settings.failoverAfter && (await this.failover(queue, `${this.name} unreachable (${failures} failures in a row)`))) return;
    // A printer known ready (by the same rule as a job handed over) is not asked again: jobs in a row read the status once a poll.
    if (!this.knownReady(ctx.clock())) {
      let state: PrinterState;
      try {
        state = await this.readStatus();
      } catch (error) {
        await this.dropLink();
        return this.unreachable(job, queue, error);
      }
      const warns = await ctx.health.observe(target, state);
      const faults = printerFaults(state);
      if (faults.length > 0) {
        this.readyAt = undefined;
        return this.faulted(job, queue, faults.join(', '));
      }
      this.readyAt = ctx.clock();
      this.resumed();
      this.nearEnd(warns);
    }
    if (ctx.clock() >= job.expiresAt) return;
    let rendered: RenderedJob;
    try {
      rendered = await ctx.render(job, target, false);
    } catch (error) {
      // The sale's data does not change, so neither would the next try.
      await ctx.ledger.move({
        job,
        from: ['queued'],
        patch: { state: 'failed', detail: jobDetail.renderFailed(message(error)) },
        event: PrintEventTypes.failed,
        extra: { reason: 'render', error: codeOf(error), message: message(error) },
      });
      return;
    }
    // The job before must be journaled printed before this one is journaled sending: a crash
    // between the two commits would otherwise leave both in flight (both unknown). Where writes
    // commit in turn (SQLite) this one may ask now and share that commit.
    if (!ctx.journal.info.commitsInOrder) await this.settling;
    const taken = await ctx.ledger.move({
      job,
      from: ['queued'],
      patch: { state: 'sending', attempts: job.attempts + 1, detail: null },
      event: PrintEventTypes.sending,
      ...(rendered.printedWith ? { extra: { printedWith: rendered.printedWith } } : {}),
    });
    if (!taken) return; // another spooler has it
    this.retryAt = 0;
    ctx.inFlight.add(job.id);
    let settling: Promise<void> | undefined;
    try {
      // More jobs wait: the next one's sending may share the commit that journals this one printed.
      // It was the only one: once it is journaled printed, the next may be handed over.
      const last = queue.length === 1 ? () => (this.free = !this.poked) : undefined;
      settling = (await this.print(taken, rendered, queue.length > 1, last))?.settling;
    } finally {
      if (settling) this.leave(job.id, settling);
      else ctx.inFlight.delete(job.id);
    }
  }

  /**
   * A printed job whose write the worker did not wait for: it stays in flight until that
   * write is in, a failure is reported (the job stays in flight in the journal and is
   * declared unknown after the lease, as when the write fails in hand), and the worker goes
   * only once it is settled.
   */
  private leave(jobId: number, write: Promise<void>): void {
    const { ctx } = this;
    const settled = write
      .catch((error: unknown) => ctx.emit({ type: 'error', printer: this.name, message: `job ${jobId}: ${message(error)}`, error }))
      .finally(() => ctx.inFlight.delete(jobId));
    this.settling = Promise.all([this.settling, settled]).then(() => undefined);
  }

  /**
   * Sends a job handed over in the write that queued it (already journaled as sending, the
   * printer's status fresh): rendered now, then printed like any other. Nothing of it can be
   * sent again: a receipt that cannot be rendered ends unknown, saying why (nothing went out).
   */
  private async sendHanded(claim: Promise<HandedJob | undefined>): Promise<void> {
    const { ctx } = this;
    const handed = await claim.catch(() => undefined);
    this.handed = undefined;
    if (!handed) return;
    const { job, sale } = handed;
    ctx.inFlight.add(job.id);
    try {
      let rendered: RenderedJob;
      try {
        rendered = await ctx.render(job, this.target, true, sale);
      } catch (error) {
        return void (await this.unknown(job, jobDetail.renderFailed(message(error)), error));
      }
      this.retryAt = 0;
      // Its end committed, with nothing queued here meanwhile, the next job may be handed over. Its sending is
      // journaled already: what the render read goes with the event that ends it.
      await this.print(job, rendered, false, () => (this.free = !this.poked), rendered.printedWith);
    } finally {
      ctx.inFlight.delete(job.id);
    }
  }

  /** Status over the kept connection, else a fresh one: an idle connection may have gone stale without the printer being down. */
  private async readStatus(): Promise<PrinterState> {
    if (this.link) {
      try {
        return await this.link.status();
      } catch {
        await this.dropLink();
      }
    }
    this.link = await this.ctx.connect(this.target);
    return this.link.status();
  }

  /** Nothing was sent: try again after a backoff, and after failoverAfter failures hand the queue to the backup. */
  private async unreachable(job: PrintJobRow, queue: PrintJobRow[], error: unknown): Promise<void> {
    const { ctx } = this;
    const cause = error instanceof Error ? error : new Error(String(error));
    const failures = await ctx.health.unreachable(this.target, cause);
    const delay = retryDelay(failures, ctx.settings);
    const now = ctx.clock();
    this.retryAt = now + delay;
    const failure = spoolerFailure(cause);
    if (failures >= ctx.settings.failoverAfter) await this.failover(queue, `${this.name} unreachable (${failures} failures in a row: ${cause.message})`, { failures, ...(failure ? { failure } : {}) });
    const retried = await ctx.ledger.move({
      job,
      from: ['queued'],
      patch: { attempts: job.attempts + 1, notBefore: now + delay, detail: jobDetail.retry(delay, cause.message) },
      event: PrintEventTypes.retry,
      extra: { error: codeOf(cause), message: cause.message, failures, retryInMs: delay },
    });
    if (retried) ctx.emit({ type: 'retry', printer: this.name, jobId: job.id, failures, retryInMs: delay, error: cause.message, ...(failure ? { failure } : {}) });
  }

  /** The printer answers but cannot print: the jobs that have a backup go there, the others wait here. */
  private async faulted(job: PrintJobRow, queue: PrintJobRow[], reason: string): Promise<void> {
    if (await this.failover(queue, reason)) return;
    await this.holdJob(job, reason, ['queued']);
    if (!this.stopping) await this.alarm.sleep(this.ctx.settings.statusPollMs);
  }

  private async failover(queue: readonly PrintJobRow[], reason: string, unreachable: { failures: number; failure?: SpoolerFailure } | Record<string, never> = {}): Promise<boolean> {
    const movable = queue.filter((j) => this.reroutable(j));
    if (movable.length === 0) return false;
    const moved = await this.ctx.ledger.reroute(movable, reason);
    for (const { from, to } of moved) this.ctx.emit({ type: 'rerouted', printer: this.name, to: to.printer, jobId: from.id, newJobId: to.id, reason, ...unreachable });
    for (const printer of new Set(moved.map((m) => m.to.printer))) this.ctx.wake(printer);
    return moved.length > 0;
  }

  /** Reports a hold once (not per poll), and journals print.held once per job and hold. */
  private async holdJob(job: PrintJobRow, reason: string, from: readonly string[]): Promise<void> {
    this.readyAt = undefined;
    if (!this.hold || this.hold.reason !== reason) {
      this.hold = { reason, since: this.hold?.since ?? this.ctx.clock(), noted: new Set() };
      this.ctx.emit({ type: 'held', printer: this.name, reason, jobId: job.id });
    }
    if (this.hold.noted.has(job.id)) return;
    this.hold.noted.add(job.id);
    await this.ctx.ledger.move({ job, from, patch: { detail: jobDetail.held(reason) }, event: PrintEventTypes.held, extra: { reason, phase: job.state } });
  }

  private resumed(): void {
    if (!this.hold) return;
    this.ctx.emit({ type: 'resumed', printer: this.name, heldMs: this.ctx.clock() - this.hold.since });
    this.hold = undefined;
  }

  /** The printer's health said a near-end spell starts with this read (see PrinterHealth.observe). */
  private nearEnd(starts: boolean): void {
    if (starts) this.ctx.emit({ type: 'warning', printer: this.name, reason: 'paper near end' });
  }

  /**
   * From the first byte on, the job either prints or becomes unknown: it is never sent again
   * as an original. With `pipelined` (more jobs wait), the write that journals it printed is
   * handed back unawaited, so the next job's sending can join its commit (where writes commit
   * in turn; elsewhere the next job waits for it, see attempt). `printedWith`: what the render
   * read, for a job whose sending was journaled before it was rendered (handed over).
   */
  private async print(job: PrintJobRow, rendered: RenderedJob, pipelined = false, printedCommitted?: () => void, printedWith?: RenderedJob['printedWith']): Promise<{ settling: Promise<void> } | undefined> {
    const { ctx } = this;
    const said = printedWith ? { printedWith } : {};
    const link = this.link;
    const beat = leaseHeartbeat(ctx.timers, ctx.settings.inFlightLeaseMs / 3, () => ctx.ledger.touchInFlight(job.id), (error) =>
      ctx.emit({ type: 'error', printer: this.name, message: `job ${job.id}: ${message(error)}`, error }),
    );
    try {
      if (!link) return void (await this.unknown(job, jobDetail.notSent(), undefined, said));
      try {
        await link.send(rendered.bytes);
      } catch (error) {
        return void (await this.unknown(job, jobDetail.sendFailed(message(error)), error, said));
      }
      const awaiting: JobMove = { job, from: ['sending'], patch: { state: 'awaiting-ack' }, event: PrintEventTypes.awaitingAck };
      let marking: Promise<PrintJobRow> | undefined;
      // Journaled while the printer prints, so the answer does not wait for the disk.
      const mark = () =>
        (marking ??= ctx.ledger.move(awaiting).then(
          (row) => row ?? job,
          (error: unknown) => {
            ctx.emit({ type: 'error', printer: this.name, message: `job ${job.id}: ${message(error)}`, error });
            return job;
          },
        ));
      const completing = awaitCompletion({
        link,
        profile: this.target.profile,
        job,
        settings: ctx.settings,
        clock: ctx.clock,
        timers: ctx.timers,
        // A job sent without a status read first (the printer known ready) may meet a fault here: the history must show it.
        observed: async (state) => this.nearEnd(await ctx.health.observe(this.target, state)),
        held: async (reason) => this.holdJob(await mark(), reason, IN_FLIGHT),
        resumed: () => this.resumed(),
        giveUp: () => this.holdLimit(job),
        sleep: (ms) => this.alarm.sleep(ms),
      });
      // A printer that answers at once gets awaiting-ack and printed in one write: one commit less per job.
      if (!(await settledWithin(completing, FOLD_MS, ctx.timers))) mark();
      const outcome = await completing;
      const current = marking ? await marking : job;
      if (!outcome.ok) return void (await this.unknown(current, outcome.reason, outcome.error, said));
      const printed = { patch: { state: 'printed', paperMm: rendered.paperMm, detail: null }, event: PrintEventTypes.printed, extra: { paperMm: rendered.paperMm, ...said } } as const;
      const write = (marking ? ctx.ledger.move({ job: current, from: IN_FLIGHT, ...printed }, printedCommitted) : ctx.ledger.settleSending(job, printed, printedCommitted)).then(async (row) => {
        if (row) await ctx.health.printed(this.target, rendered.paperMm);
      });
      // Wrapped: an async function would wait for a promise it returns.
      if (pipelined) return { settling: write };
      await write;
    } finally {
      beat();
    }
  }

  private async unknown(job: PrintJobRow, reason: string, error: unknown, said: Record<string, unknown> = {}): Promise<void> {
    await this.ctx.ledger.move({
      job,
      from: IN_FLIGHT,
      patch: { state: 'unknown', detail: reason },
      event: PrintEventTypes.unknown,
      extra: { reason, ...(error === undefined ? {} : { error: codeOf(error) }), ...said },
    });
    // A late answer or half-sent data must not be taken for the next job's.
    await this.dropLink();
  }

  /** Why to stop waiting for a held job whose data the printer already has, if it is time to. */
  private holdLimit(job: PrintJobRow): string | undefined {
    if (this.stopping) return jobDetail.stoppedWhileHeld(this.hold?.reason ?? 'error');
    if (this.ctx.clock() >= job.expiresAt) return jobDetail.expiredWhileHeld(this.hold?.reason ?? 'error');
    return undefined;
  }

  private async dropLink(): Promise<void> {
    const link = this.link;
    this.link = undefined;
    this.readyAt = undefined;
    if (link) await link.close().catch(() => undefined);
  }
}
