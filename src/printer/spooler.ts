import { ConflictError, NotFoundError, canonicalJson } from '../core/index.js';
import { FINAL_JOB_STATES, isCaptureId, type EventRow, type Journal, type JournaledTransaction, type JournalWriter, type NewPrintJob, type PrintJobRow } from '../journal/index.js';
import { checkRequest, jobOwner, type EnqueueRequest } from './enqueue-rules.js';
import type { ReceiptJobOptions } from './job-options.js';
import { JobLedger, type PrinterLabel } from './job-ledger.js';
import { jobDetail } from './job-detail.js';
import { PrinterHealth } from './printer-health.js';
import { printerReport, type PrinterReport } from './printer-report.js';
import { PrinterWorker, type HandedJob, type RenderedJob } from './printer-worker.js';
import type { PrinterDirectory, PrinterTarget } from './printer-directory.js';
import { systemPrinterTimers, type Printer, type PrinterTimers } from './printer-port.js';
import { PrintWaitTimeoutError } from './spooler-errors.js';
import { PRINT_EVENT_TYPES, PrintEventTypes, printerChain, type PrintEventType, type SpoolerEvent } from './spooler-events.js';
import { spoolerSettings, type SpoolerSettings } from './spooler-settings.js';
import { renderTestPage } from './test-page.js';

export interface SpoolerOptions {
  journal: Journal;
  printers: PrinterDirectory;
  /** Opens a printer; the composition root passes a TCP connector (see tcpConnector). */
  connect: (target: PrinterTarget) => Promise<Printer>;
  /**
   * Bytes for a job, for the model of `target` (job.printer; a rerouted job names its backup).
   * Test pages are rendered here. `handedOver` is true for a job taken for sending in the
   * write that queued it: its row is the one this process made its events from, so there is
   * nothing to check it against (a job read back from the table is checked, see Journal.checkJob).
   * `sale`, for a receipt of a sale handed over: the sale, read and checked against its chain
   * in that write as Journal.get() would (JournalWriter.saleToPrint), so the render need not
   * read it again; absent, the render reads it.
   */
  render: (job: PrintJobRow, target: PrinterTarget, handedOver: boolean, sale?: JournaledTransaction) => Promise<RenderedJob>;
  /** Epoch ms. */
  clock?: () => number;
  timers?: PrinterTimers;
  settings?: Partial<SpoolerSettings>;
  onEvent?: (event: SpoolerEvent) => void;
  /**
   * Called after each look for jobs another process abandoned (at start, then every half
   * lease), with how many it declared unknown: tests count the looks that found nothing.
   */
  onSweep?: (sweep: { abandoned: number }) => void;
}

/** A duplicate to queue; its copy number and options are decided inside the write (see enqueueDuplicate). */
export interface DuplicateRequest {
  transactionId: string;
  terminalId?: string;
  printer: string;
  backup?: string | null;
}

/** A captured job its tap could not get to the printer, for the spooler to deliver (see takeCapture). */
export interface CaptureHandOver {
  /** The captured receipt, already in the journal. */
  captureId: string;
  /** The tap's printer (a configured name, HOST:PORT or device) and its backup. */
  printer: string;
  backup?: string | null;
  /** 'not-sent': no byte reached a printer; otherwise some or all of it may have printed. */
  outcome: 'not-sent' | 'partly-sent' | 'unconfirmed';
  /** The printer's error, for the job's detail line. */
  reason?: string;
}

/** What numbers a duplicate: given the sale's jobs as the chain records them, its copy and options — or a throw that refuses it. */
export type DuplicateNumbering = (jobs: readonly PrintJobRow[]) => { copy: number; options: ReceiptJobOptions };

export interface WaitOptions {
  /** Default: long enough for the job to print or expire. */
  timeoutMs?: number;
  /** Each change of the job (and of the job it was rerouted to). */
  onChange?: (job: PrintJobRow) => void;
  /** Follow a rerouted job to the job on the backup (default true). */
  follow?: boolean;
}

const OPEN_STATES = ['queued', 'sending', 'awaiting-ack'] as const;

/** A receipt rendered from a sale of the journal (not a captured receipt's bytes, a report or a test page). */
const printsSale = (job: PrintJobRow) => (job.kind === 'original' || job.kind === 'duplicate') && job.transactionId !== '' && !isCaptureId(job.transactionId);

/** A job's change made here: its row as committed, and the spooler's count of changes then. */
interface Told {
  job: PrintJobRow;
  changes: number;
}
const SCAN = 100_000;
/** Jobs whose last change made here is kept for waitFor (a job is waited for right after it is queued). */
const KEPT_ROWS = 256;

/**
 * The print spooler: every job is journaled before a byte is sent, and every change of it is
 * a journal event in the same write. Workers (one per printer with work) print the queues;
 * start() recovers what a previous process left, stop() lets jobs in hand finish.
 */
export class Spooler {
  readonly settings: SpoolerSettings;
  private readonly journal: Journal;
  private readonly directory: PrinterDirectory;
  private readonly clock: () => number;
  private readonly timers: PrinterTimers;
  private readonly ledger: JobLedger;
  private readonly health: PrinterHealth;
  private readonly workers = new Map<string, PrinterWorker>();
  private readonly inFlight = new Set<number>();
  private readonly listeners = new Map<number, Set<(told?: Told) => void>>();
  /** What woke a job's waiters, kept up to date until the first of them runs. */
  private readonly told = new Map<number, Told>();
  /** Counts job changes made here, so waitFor never misses one that came while it read. */
  private changes = 0;
  /** The row of each recent job (the last KEPT_ROWS) as its last change made here left it. */
  private readonly lastChanged = new Map<number, PrintJobRow>();
  private started = false;
  private stopping = false;
  private sweepTimer: unknown;
  private sweeping: Promise<void> = Promise.resolve();
  /** While stop() is under way. */
  private stopped: Promise<void> | undefined;

  constructor(private readonly options: SpoolerOptions) {
    this.settings = spoolerSettings(options.settings);
    this.journal = options.journal;
    this.directory = options.printers;
    this.clock = options.clock ?? Date.now;
    this.timers = options.timers ?? systemPrinterTimers;
    const label = (printer: string) => this.label(printer);
    this.ledger = new JobLedger({ journal: this.journal, clock: this.clock, label, notify: (job, event) => this.changed(job, event) });
    this.health = new PrinterHealth({ journal: this.journal, clock: this.clock, cleanEveryMm: this.settings.cleanEveryMm, label, emit: (e) => this.emit(e) });
  }

  get running(): boolean {
    return this.started && !this.stopping;
  }

  /** Printers whose queue a worker is printing now (none while stopped). */
  get working(): string[] {
    return [...this.workers.keys()];
  }

  /** Whether a job queued for `printer` now would be taken for sending in the write that queues it (its worker idle, the printer known ready). */
  takesAtOnce(printer: string): boolean {
    return this.running && (this.workers.get(printer)?.takesAtOnce() ?? false);
  }

  /**
   * Queues a print, journaled (print.queued) before anything is sent. An original is refused
   * while the sale has one printed, in flight, queued or of unknown outcome (PrintConflictError).
   */
  async enqueue(request: EnqueueRequest): Promise<PrintJobRow> {
    const [job] = await this.enqueueAll([request]);
    if (!job) throw new Error('enqueue gave no job');
    return job;
  }

  /**
   * Queues the pieces of one print — a receipt and the bank slips printed with it — each its
   * own job (its own state, paper and journal events, so a fault on one piece never prints
   * another again), checked and queued in one write: all or none, one after the other.
   * `record` adds to the same write (who asked, in the audit chain): no job is queued without it.
   */
  async enqueueAll(requests: readonly EnqueueRequest[], record?: (jobs: readonly PrintJobRow[], writer: JournalWriter) => Promise<void>): Promise<PrintJobRow[]> {
    if (requests.length === 0) return [];
    const items = requests.map((request) => ({ request, checked: checkRequest(request, this.directory) }));
    const now = this.clock();
    return this.queue(
      items.map(({ checked }) => checked.target.name),
      items.map(({ request, checked }) => async (writer) => this.newJob(await jobOwner(writer, request, checked), checked, now)),
      record,
    );
  }

  /**
   * Queues one duplicate in a single journal write with the decision that numbers it:
   * `number` is given the sale's jobs as its events tell them — the sale locked against any
   * other reprint, on every engine and across processes — and returns the copy number and
   * options, or throws to refuse (nothing is written); `record` adds to the same write (who
   * asked, in the audit chain). Both run again if the write is retried.
   */
  async enqueueDuplicate(request: DuplicateRequest, number: DuplicateNumbering, record: (job: PrintJobRow, writer: JournalWriter) => Promise<void>): Promise<PrintJobRow> {
    // A printer that does not exist is refused before anything is decided.
    const target = this.directory.resolve(request.printer);
    const now = this.clock();
    const [job] = await this.queue(
      [target.name],
      [
        async (writer) => {
          const jobs = await writer.jobsOfTransaction(request.transactionId);
          const { copy, options } = number(jobs);
          const full: EnqueueRequest = { ...request, kind: 'duplicate', copy, options };
          const checked = checkRequest(full, this.directory);
          // The owner's checks see the same jobs, read once: nothing was written between (reading them was two statements and every event parsed, twice per reprint).
          const owner = await jobOwner({ ...writer, jobsOfTransaction: async (id) => (id === request.transactionId ? jobs : writer.jobsOfTransaction(id)) }, full, checked);
          return this.newJob(owner, checked, now);
        },
      ],
      async ([row], writer) => {
        if (row) await record(row, writer);
      },
    );
    if (!job) throw new Error('enqueueDuplicate gave no job');
    return job;
  }

  /**
   * Inserts jobs (see JobLedger.insertAll) and wakes their printers' workers. A job for an
   * idle printer that is known ready is taken for sending in the same write — queued and
   * sending in one commit — and handed to its worker, which sends it without looking at
   * the queue or the printer again; any other waits in the queue.
   */
  private async queue(printers: readonly string[], builds: Parameters<JobLedger['insertAll']>[0], after?: Parameters<JobLedger['insertAll']>[2]): Promise<PrintJobRow[]> {
    const handed = new Map<string, (job: HandedJob | undefined) => void>();
    for (const printer of new Set(printers)) {
      if (!this.takesAtOnce(printer)) continue;
      this.workers.get(printer)?.take(new Promise((resolve) => handed.set(printer, resolve)));
    }
    let jobs: PrintJobRow[] = [];
    /** The sales of receipts handed over, read in the write (a write run again reads them again). */
    let sales = new Map<number, JournaledTransaction>();
    const read = async (rows: readonly PrintJobRow[], writer: JournalWriter) => {
      await after?.(rows, writer);
      sales = new Map();
      for (const row of rows) {
        if (row.state !== 'sending' || !printsSale(row)) continue;
        const sale = await writer.saleToPrint(row.transactionId);
        if (sale) sales.set(row.id, sale);
      }
    };
    try {
      // The store's id, read now if it is not known without a read (a receipt handed over is rendered from a sale with it:
      // JournalWriter.saleToPrint reads nothing for it). A failed read hands no sale: the render reads it.
      // Only when it must be read: a write asked for after a pause is asked after the jobs queued meanwhile, and takes none past them.
      if (handed.size > 0 && !this.journal.storeIdentityKnown) await this.journal.storeIdentity().catch(() => undefined);
      jobs = await this.ledger.insertAll(builds, {}, handed.size > 0 ? read : after, new Set(handed.keys()));
      return jobs;
    } finally {
      // A job whose printer is not the one asked for (or a failed write) is left to the queue.
      for (const [printer, resolve] of handed) {
        const job = jobs.find((j) => j.printer === printer && j.state === 'sending');
        resolve(job && { job, ...(sales.has(job.id) ? { sale: sales.get(job.id) } : {}) });
      }
      // A job handed over is the worker's already: only jobs left queued need it to look at the queue.
      for (const printer of new Set(jobs.filter((j) => j.state === 'queued').map((j) => j.printer))) this.wake(printer);
    }
  }

  /**
   * Takes over a captured job the tap could not print. Not sent at all: queued as the
   * receipt's original, and printed by the spooler's rules (hold, retry, failover to the
   * backup, expiry). Cut off or unconfirmed: some of it may be on paper, so — as for any job
   * whose bytes went out — it is journaled as of unknown outcome and never sent again; a
   * supervisor reprints it as a marked duplicate if the customer has nothing. One write; a
   * second hand-over of the same receipt is refused like a second original.
   */
  async takeCapture(handOver: CaptureHandOver): Promise<PrintJobRow> {
    const request: EnqueueRequest = { transactionId: handOver.captureId, printer: handOver.printer, kind: 'original', ...(handOver.backup !== undefined ? { backup: handOver.backup } : {}) };
    const checked = checkRequest(request, this.directory);
    const now = this.clock();
    const cause = handOver.reason ?? 'the printer went away';
    let settled: PrintJobRow | undefined;
    const [job] = await this.ledger.insertAll([async (writer) => this.newJob(await jobOwner(writer, request, checked, { captureOriginal: true }), checked, now)], { handedOver: handOver.outcome }, async ([row], writer) => {
      if (!row || handOver.outcome === 'not-sent') return;
      const detail = handOver.outcome === 'partly-sent' ? jobDetail.sendFailed(cause) : jobDetail.connectionLost(cause);
      // The tap sent it (its own link, not a worker's): journaled as sent, then of unknown outcome.
      const sent = await writer.changeJob(row.id, ['queued'], { state: 'sending', attempts: 1, updatedAt: now });
      if (!sent) throw new Error(`job ${row.id} left the queue inside the write that queued it`);
      await writer.append(sent.terminalId, PrintEventTypes.sending, this.ledger.payload(sent, { by: 'tap' }));
      const next = await writer.changeJob(row.id, ['sending'], { state: 'unknown', detail, updatedAt: now });
      if (!next) throw new Error(`job ${row.id} left sending inside the write that sent it`);
      await writer.append(next.terminalId, PrintEventTypes.unknown, this.ledger.payload(next, { reason: 'tap', outcome: handOver.outcome }));
      settled = next;
    });
    if (!job) throw new Error('takeCapture gave no job');
    if (settled) {
      this.changed(settled, PrintEventTypes.unknown);
      return settled;
    }
    this.wake(job.printer);
    return job;
  }

  private newJob(owner: { transactionId: string; terminalId: string }, checked: ReturnType<typeof checkRequest>, now: number): NewPrintJob {
    const { kind, copy, target, backup, options } = checked;
    return {
      ...owner, kind, copy, printer: target.name, backup, state: 'queued', attempts: 0, createdAt: now, updatedAt: now,
      expiresAt: now + this.settings.expireAfterMs, notBefore: 0, paperMm: 0, detail: null, options, reroutedFrom: null,
    };
  }

  /** Queues a test page (printer name, model, paper, time, ruler, Chinese and English, QR) in the printer's own chain. */
  async testPage(printer: string): Promise<PrintJobRow> {
    const target = this.directory.resolve(printer);
    const now = this.clock();
    const [job] = await this.queue([target.name], [async () => ({
      transactionId: '', terminalId: printerChain(target.name), kind: 'test-page', copy: 0, printer: target.name,
      // A test page tests this printer: it never goes to another.
      backup: null, state: 'queued', attempts: 0, createdAt: now, updatedAt: now, expiresAt: now + this.settings.expireAfterMs,
      notBefore: 0, paperMm: 0, detail: null, options: canonicalJson({ testPage: true }), reroutedFrom: null,
    })]);
    if (!job) throw new Error('queueing a test page gave no job');
    return job;
  }

  /** Recovers what an earlier process left (in-flight jobs → unknown, queued ones resume), then prints. */
  async start(): Promise<void> {
    if (this.stopped) await this.stopped;
    if (this.started) return;
    this.started = true;
    await this.sweep();
    this.scheduleSweep();
  }

  /** Takes no new job; jobs in hand finish (or, held by a printer fault, become unknown). Queued jobs stay for the next start. */
  async stop(): Promise<void> {
    if (this.stopped) return this.stopped;
    if (!this.started) return;
    this.stopping = true;
    this.timers.clearTimeout(this.sweepTimer);
    this.stopped = (async () => {
      const workers = [...this.workers.values()];
      for (const worker of workers) worker.stop();
      await Promise.all(workers.map((w) => w.done));
      await this.sweeping;
      this.started = false;
      this.stopping = false;
      this.stopped = undefined;
    })();
    return this.stopped;
  }

  async job(id: number): Promise<PrintJobRow> {
    const job = await this.journal.job(id);
    if (!job) throw new NotFoundError('JOB_NOT_FOUND', `no print job ${id}`, { hint: 'list jobs with `reissue printers` or look the sale up with `reissue show ID`', context: { jobId: id } });
    return job;
  }

  /** The journal events of one job, oldest first. */
  async jobEvents(id: number): Promise<EventRow[]> {
    const job = await this.job(id);
    const events = await this.journal.eventsOf(job.terminalId, { types: PRINT_EVENT_TYPES, limit: SCAN });
    return events.filter((e) => (JSON.parse(e.payload) as { jobId?: number }).jobId === id).reverse();
  }

  /** Resolves with the job once it is final — following a reroute to the job on the backup unless follow is false. */
  async waitFor(jobId: number, options: WaitOptions = {}): Promise<PrintJobRow> {
    const timeoutMs = options.timeoutMs ?? this.settings.expireAfterMs + this.settings.ackTimeoutMs + 2 * this.settings.statusPollMs;
    const deadline = this.clock() + timeoutMs;
    let id = jobId;
    let seen = '';
    let told: PrintJobRow | undefined = this.unchangedSince(jobId);
    for (;;) {
      const changes = this.changes;
      // The row a change made here was told with, while no other change came since; else read.
      const job = told ?? (await this.job(id));
      told = undefined;
      const key = `${job.id} ${job.state} ${job.updatedAt} ${job.detail ?? ''}`;
      if (key !== seen) {
        seen = key;
        options.onChange?.(job);
      }
      if (FINAL_JOB_STATES.includes(job.state)) {
        const next = job.state === 'rerouted' && options.follow !== false ? await this.successor(job) : undefined;
        if (!next) return job;
        id = next.id;
        continue;
      }
      const left = deadline - this.clock();
      if (left <= 0) throw new PrintWaitTimeoutError(job, timeoutMs);
      // A change that came while we read is not waited for again.
      if (changes !== this.changes) continue;
      // Changes made here wake us at once; a slower poll catches those of another process.
      const woke = await this.changeOf(id, Math.min(left, Math.max(this.settings.statusPollMs, 200)));
      if (woke && this.told.get(id) === woke) this.told.delete(id);
      if (woke && woke.changes === this.changes) told = woke.job;
    }
  }

  /** Every configured printer (and any other a job names): status, fault, queue, paper, cleaning, last print. `probe` reads the status of idle ones now. */
  async printers(options: { probe?: boolean } = {}): Promise<PrinterReport[]> {
    const open = await this.journal.jobs({ states: OPEN_STATES, order: 'oldest', limit: SCAN });
    const names = [...new Set([...this.directory.list().map((t) => t.name), ...open.map((j) => j.printer)])];
    const configured = new Set(this.directory.list().map((t) => t.name));
    return Promise.all(
      names.map(async (name) => {
        const target = this.tryResolve(name);
        if (options.probe && target && !this.workers.has(name)) await this.probe(target);
        const health = await this.health.snapshot(name);
        const [lastPrinted] = await this.journal.jobs({ states: ['printed'], printer: name, order: 'newest', limit: 1 });
        const paperUsedMm = await this.journal.paperUsed(name, 0);
        return printerReport(name, { target, configured: configured.has(name), health, open, lastPrinted, paperUsedMm, held: this.workers.get(name)?.heldFor });
      }),
    );
  }

  /** Same as printers(). */
  describe(options: { probe?: boolean } = {}): Promise<PrinterReport[]> {
    return this.printers(options);
  }

  /**
   * Cancels a job still waiting to be sent (queued: its printer busy, held by a fault, being
   * retried, or never reached — a mistyped address): it ends failed, journaled with who
   * cancelled it, and nothing of it prints. A job whose bytes may have gone (sending,
   * awaiting an answer) or that ended is refused: its outcome is the printer's.
   */
  async cancel(jobId: number, by: string): Promise<PrintJobRow> {
    const refused = (job: PrintJobRow) =>
      new ConflictError('JOB_NOT_CANCELLABLE', `print job ${job.id} is ${job.state}: only a job still queued can be cancelled`, {
        hint: FINAL_JOB_STATES.includes(job.state) ? 'it has ended already; print or reprint the receipt again if it is still wanted' : 'its data may be at the printer already: wait for its outcome',
        context: { jobId: job.id, state: job.state },
      });
    const job = await this.job(jobId);
    if (job.state !== 'queued') throw refused(job);
    const moved = await this.ledger.move({ job, from: ['queued'], patch: { state: 'failed', detail: jobDetail.cancelled(by) }, event: PrintEventTypes.failed, extra: { reason: 'cancelled', by } });
    // Taken by a worker (or a sweep) between the read and the write.
    if (!moved) throw refused(await this.job(jobId));
    return moved;
  }

  /** The print head was cleaned: journaled (printer.cleaned) and the cleaning reminder starts over. */
  async markCleaned(printer: string, by?: string): Promise<{ printer: string; paperMm: number }> {
    const target = this.directory.resolve(printer);
    const { paperMm } = await this.health.markCleaned(target, by);
    return { printer: target.name, paperMm };
  }

  // ------------------------------------------------------------------ internals

  private emit(event: SpoolerEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // A listener's failure must not stop printing.
    }
  }

  /**
   * A job's row as its last change made here left it, while it is in flight here: a job this
   * process took for sending is moved by no other before its lease runs out (the abandoned
   * sweep), nor touched by its heartbeat within a third of the lease, and what this process
   * does with it next wakes waitFor. Else undefined, and waitFor reads the row — a final one
   * too, since a row put back behind the guards must be seen (and is failed, saying why).
   * One read a print less for a job waited for right after it was handed over.
   */
  private unchangedSince(jobId: number): PrintJobRow | undefined {
    const row = this.lastChanged.get(jobId);
    const inFlight = row?.state === 'sending' || row?.state === 'awaiting-ack';
    return row && inFlight && this.clock() - row.updatedAt < this.settings.inFlightLeaseMs / 3 ? row : undefined;
  }

  private changed(job: PrintJobRow, event: PrintEventType): void {
    this.changes += 1;
    this.lastChanged.delete(job.id);
    this.lastChanged.set(job.id, job);
    if (this.lastChanged.size > KEPT_ROWS) this.lastChanged.delete(this.lastChanged.keys().next().value as number);
    this.emit({ type: 'job', event, job });
    // A waiter woken by an earlier change that has not run yet gets this one too.
    const pending = this.told.get(job.id);
    if (pending) Object.assign(pending, { job, changes: this.changes });
    const waiting = this.listeners.get(job.id);
    if (!waiting) return;
    this.listeners.delete(job.id);
    const told = pending ?? { job, changes: this.changes };
    this.told.set(job.id, told);
    for (const wake of waiting) wake(told);
  }

  /**
   * Resolves at the job's next change made here, with its row as committed and the count of
   * changes then, or after `ms` with nothing.
   */
  private changeOf(jobId: number, ms: number): Promise<Told | undefined> {
    return new Promise((resolve) => {
      const set = this.listeners.get(jobId) ?? new Set();
      const done = (told?: Told) => {
        this.timers.clearTimeout(handle);
        set.delete(done);
        if (set.size === 0 && this.listeners.get(jobId) === set) this.listeners.delete(jobId);
        resolve(told);
      };
      const handle = this.timers.setTimeout(done, ms);
      set.add(done);
      this.listeners.set(jobId, set);
    });
  }

  /** The job a rerouted job was moved to (on its backup printer), if any. */
  async successor(job: PrintJobRow): Promise<PrintJobRow | undefined> {
    if (job.state !== 'rerouted') return undefined;
    const jobs = await this.journal.jobs({ transactionId: job.transactionId, order: 'oldest', limit: SCAN });
    return jobs.find((j) => j.reroutedFrom === job.id);
  }

  private label(printer: string): PrinterLabel {
    return { name: printer, address: this.tryResolve(printer)?.address ?? null };
  }

  private tryResolve(printer: string): PrinterTarget | undefined {
    try {
      return this.directory.resolve(printer);
    } catch {
      return undefined;
    }
  }

  private wake(printer: string): void {
    if (!this.started || this.stopping) return;
    const existing = this.workers.get(printer);
    if (existing) return existing.poke();
    const target = this.tryResolve(printer);
    if (!target) {
      void this.orphaned(printer);
      return;
    }
    // The worker serves the jobs that name this printer exactly as they do.
    const worker = new PrinterWorker(
      {
        settings: this.settings,
        clock: this.clock,
        timers: this.timers,
        journal: this.journal,
        ledger: this.ledger,
        health: this.health,
        connect: this.options.connect,
        render: (job, t, handedOver, sale) => (job.kind === 'test-page' ? Promise.resolve(renderTestPage(t, job.createdAt)) : this.options.render(job, t, handedOver, sale)),
        emit: (e) => this.emit(e),
        wake: (p) => this.wake(p),
        canReach: (p) => this.tryResolve(p) !== undefined,
        inFlight: this.inFlight,
      },
      { ...target, name: printer },
      (w) => {
        if (this.workers.get(printer) === w) this.workers.delete(printer);
      },
    );
    this.workers.set(printer, worker);
    worker.start();
  }

  /** Jobs for a printer that is no longer configured cannot print: they fail, journaled, and stay reprintable. */
  private async orphaned(printer: string): Promise<void> {
    try {
      const jobs = await this.journal.jobs({ states: ['queued'], printer, order: 'oldest', limit: SCAN });
      await this.ledger.moveAll(
        jobs.map((job) => ({
          job,
          from: ['queued'],
          patch: { state: 'failed', detail: jobDetail.printerRemoved(printer) },
          event: PrintEventTypes.failed,
          extra: { reason: 'unknown printer' },
        })),
      );
    } catch (error) {
      this.emit({ type: 'error', printer, message: `failing the jobs of unknown printer ${printer}: ${(error as Error).message}`, error });
    }
  }

  private async probe(target: PrinterTarget): Promise<void> {
    let link: Printer | undefined;
    try {
      link = await this.options.connect(target);
      // A near-end spell this look finds first is said here, or no worker's read would start it.
      if (await this.health.observe(target, await link.status())) this.emit({ type: 'warning', printer: target.name, reason: 'paper near end' });
    } catch (error) {
      await this.health.unreachable(target, error instanceof Error ? error : new Error(String(error)));
    } finally {
      await link?.close().catch(() => undefined);
    }
  }

  private scheduleSweep(): void {
    if (!this.started || this.stopping) return;
    const every = Math.max(50, Math.min(this.settings.inFlightLeaseMs / 2, 10_000));
    this.sweepTimer = this.timers.setTimeout(() => {
      this.sweeping = this.sweep().finally(() => this.scheduleSweep());
    }, every);
  }

  /**
   * Jobs another process left in flight and stopped touching (it died) become unknown — they
   * may have printed, so they are never sent again; queued jobs of idle printers get a worker.
   */
  private async sweep(): Promise<void> {
    try {
      const now = this.clock();
      const open = await this.journal.jobs({ states: OPEN_STATES, order: 'oldest', limit: SCAN });
      const abandoned = open.filter((j) => j.state !== 'queued' && !this.inFlight.has(j.id) && now - j.updatedAt >= this.settings.inFlightLeaseMs);
      await this.ledger.moveAll(
        abandoned.map((job) => ({
          job,
          from: [job.state],
          patch: { state: 'unknown', detail: jobDetail.abandoned(job.state) },
          event: PrintEventTypes.unknown,
          extra: { reason: 'abandoned', lastState: job.state, silentMs: now - job.updatedAt },
        })),
      );
      for (const printer of new Set(open.filter((j) => j.state === 'queued').map((j) => j.printer))) this.wake(printer);
      this.options.onSweep?.({ abandoned: abandoned.length });
    } catch (error) {
      this.emit({ type: 'error', message: `spooler sweep: ${(error as Error).message}`, error });
    }
  }
}
