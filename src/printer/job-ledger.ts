import { jobEventFacts, type Journal, type JournalWriter, type NewPrintJob, type PrintJobPatch, type PrintJobRow } from '../journal/index.js';
import { PrintEventTypes, type PrintEventType } from './spooler-events.js';
import { jobDetail } from './job-detail.js';

/** A printer as journal events name it. */
export interface PrinterLabel {
  name: string;
  /** null when the printer is no longer in the configuration. */
  address: string | null;
}

export interface LedgerDeps {
  journal: Journal;
  clock: () => number;
  label: (printer: string) => PrinterLabel;
  /** Told of every committed change, after the commit. */
  notify: (job: PrintJobRow, event: PrintEventType) => void;
}

/** One job change: compare-and-set from `from`, and the event that records it. */
export interface JobMove {
  job: PrintJobRow;
  from: readonly string[];
  patch: PrintJobPatch;
  event: PrintEventType;
  extra?: Record<string, unknown>;
}

const NO_CLAIMS: ReadonlySet<string> = new Set();

/**
 * Job rows and their journal events, always together: every change is one journal write that
 * compare-and-sets the row and appends the event to the job's chain, so the row never says
 * what the journal does not, and of two spoolers only one ever wins a job.
 */
export class JobLedger {
  constructor(private readonly deps: LedgerDeps) {}

  /**
   * The event payload: which job, sale, copy, printer and attempt, plus what this event adds,
   * and under `job` the row as it is after the change (all of it when queued): the job table
   * is rebuilt and checked from these.
   */
  payload(job: PrintJobRow, extra: Record<string, unknown> = {}, queued = false): Record<string, unknown> {
    return {
      jobId: job.id,
      ...(job.transactionId !== '' ? { transactionId: job.transactionId } : {}),
      kind: job.kind,
      copy: job.copy,
      printer: this.deps.label(job.printer),
      attempt: job.attempts,
      ...extra,
      job: jobEventFacts(job, queued),
    };
  }

  /**
   * Inserts several jobs in one write, all or none, in order: each is built after the one
   * before it is in, so a rule that looks at a sale's jobs sees its siblings too. The first
   * job for a printer in `claim` is taken for sending in the same write (print.queued and
   * print.sending, one commit): its printer's worker is idle and sends it once this resolves —
   * unless a job waits in that printer's queue already, which then goes first.
   */
  async insertAll(
    builds: readonly ((writer: JournalWriter) => Promise<NewPrintJob>)[],
    extra: Record<string, unknown> = {},
    after?: (rows: readonly PrintJobRow[], writer: JournalWriter) => Promise<void>,
    claim: ReadonlySet<string> = NO_CLAIMS,
  ): Promise<PrintJobRow[]> {
    const { rows, sent } = await this.deps.journal.write(async (writer) => {
      const inserted: PrintJobRow[] = [];
      const printers = new Set(claim);
      // A job already waiting in the queue goes first (queued by another process, rerouted here, or just before): none is
      // taken past it. Committed ones: on PostgreSQL a write of the same moment on another connection is not seen yet.
      for (const printer of claim) if (await writer.hasQueuedJob(printer)) printers.delete(printer);
      const claimed: (PrintJobRow | undefined)[] = [];
      for (const build of builds) {
        const job = await build(writer);
        // The first job for a printer in `claim` is stored already taken for sending: no one sees the row before this write
        // commits, and its events still say queued, then sending (an UPDATE of the row just inserted was one statement more a job).
        const sending: NewPrintJob | undefined = printers.delete(job.printer) ? { ...job, state: 'sending', attempts: job.attempts + 1, detail: null } : undefined;
        const id = await writer.insertJob(sending ?? job);
        const row: PrintJobRow = { id, ...job };
        await writer.append(job.terminalId, PrintEventTypes.queued, this.payload(row, extra, true));
        inserted.push(row);
        claimed.push(sending && { id, ...sending });
      }
      const taken = new Set<number>();
      for (const [i, next] of claimed.entries()) {
        if (!next) continue;
        await writer.append(next.terminalId, PrintEventTypes.sending, this.payload(next));
        inserted[i] = next;
        taken.add(next.id);
      }
      await after?.(inserted, writer);
      return { rows: inserted, sent: taken };
    });
    for (const row of rows) {
      if (sent.has(row.id)) this.deps.notify({ ...row, state: 'queued', attempts: row.attempts - 1 }, PrintEventTypes.queued);
      this.deps.notify(row, sent.has(row.id) ? PrintEventTypes.sending : PrintEventTypes.queued);
    }
    return rows;
  }

  /**
   * One move; the job as it is now, or undefined when it was no longer in `from`. `committed`
   * runs once the write is in, before anyone is told of the change.
   */
  async move(move: JobMove, committed?: () => void): Promise<PrintJobRow | undefined> {
    const [row] = await this.moveAll([move], committed);
    return row;
  }

  /** Several moves in one write (one commit); each that lost its compare-and-set is undefined. */
  async moveAll(moves: readonly JobMove[], committed?: () => void): Promise<(PrintJobRow | undefined)[]> {
    if (moves.length === 0) return [];
    const now = this.deps.clock();
    const rows = await this.deps.journal.write(async (writer) => {
      const out: (PrintJobRow | undefined)[] = [];
      for (const m of moves) {
        // The row as the database now has it: what another spooler changed meanwhile is in it, and in the event.
        const next = await writer.changeJob(m.job.id, m.from, { ...m.patch, updatedAt: now });
        if (!next) {
          out.push(undefined);
          continue;
        }
        await writer.append(next.terminalId, m.event, this.payload(next, m.extra));
        out.push(next);
      }
      return out;
    });
    committed?.();
    rows.forEach((row, i) => {
      const m = moves[i];
      if (row && m) this.deps.notify(row, m.event);
    });
    return rows;
  }

  /**
   * A job whose answer came while it was still journaled as sending, settled in one write:
   * print.awaiting-ack then `settled`'s event, with one change of the row (sending straight to
   * the final state, a move the guard allows); the awaiting-ack event shows the row as it was
   * between the two. Undefined when the job was no longer sending. `committed` as for move.
   */
  async settleSending(job: PrintJobRow, settled: Omit<JobMove, 'job' | 'from'>, committed?: () => void): Promise<PrintJobRow | undefined> {
    const now = this.deps.clock();
    const rows = await this.deps.journal.write(async (writer) => {
      const next = await writer.changeJob(job.id, ['sending'], { ...settled.patch, updatedAt: now });
      if (!next) return undefined;
      const between: PrintJobRow = { ...next, state: 'awaiting-ack', paperMm: job.paperMm, detail: job.detail };
      await writer.append(next.terminalId, PrintEventTypes.awaitingAck, this.payload(between));
      await writer.append(next.terminalId, settled.event, this.payload(next, settled.extra));
      return { between, next };
    });
    committed?.();
    if (!rows) return undefined;
    this.deps.notify(rows.between, PrintEventTypes.awaitingAck);
    this.deps.notify(rows.next, settled.event);
    return rows.next;
  }

  /** Refreshes updatedAt of a job in flight (no event: nothing changed) so other spoolers see it is alive. */
  async touchInFlight(jobId: number): Promise<boolean> {
    return this.deps.journal.write((writer) => writer.updateJob(jobId, ['sending', 'awaiting-ack'], { updatedAt: this.deps.clock() }));
  }

  /**
   * Moves queued jobs to their backup printers in one write: each becomes 'rerouted' and a
   * new job on the backup points back at it (reroutedFrom), so the journal shows both ends.
   */
  async reroute(jobs: readonly PrintJobRow[], reason: string): Promise<{ from: PrintJobRow; to: PrintJobRow }[]> {
    const now = this.deps.clock();
    const moved = await this.deps.journal.write(async (writer) => {
      const out: { from: PrintJobRow; to: PrintJobRow }[] = [];
      for (const job of jobs) {
        if (job.backup === null) continue;
        // Still queued (and ours until the commit)? Then the new job first, whose id the old one names.
        if (!(await writer.updateJob(job.id, ['queued'], { updatedAt: now }))) continue;
        const { id: _from, ...rest } = job;
        const fresh: NewPrintJob = {
          ...rest,
          printer: job.backup,
          backup: null,
          state: 'queued',
          attempts: 0,
          createdAt: now,
          updatedAt: now,
          // The age limit runs from when the sale asked for its receipt, not from the move.
          expiresAt: job.expiresAt,
          notBefore: 0,
          paperMm: 0,
          detail: null,
          reroutedFrom: job.id,
        };
        const id = await writer.insertJob(fresh);
        const to: PrintJobRow = { id, ...fresh };
        const from = await writer.changeJob(job.id, ['queued'], { state: 'rerouted', updatedAt: now, detail: jobDetail.rerouted(id, job.backup, reason) });
        if (!from) throw new Error(`job ${job.id} left the queue inside the write that reroutes it`);
        await writer.append(job.terminalId, PrintEventTypes.rerouted, this.payload(from, { reason, to: { jobId: id, printer: this.deps.label(job.backup) } }));
        await writer.append(job.terminalId, PrintEventTypes.queued, this.payload(to, { reason, reroutedFrom: job.id }, true));
        out.push({ from, to });
      }
      return out;
    });
    for (const { from, to } of moved) {
      this.deps.notify(from, PrintEventTypes.rerouted);
      this.deps.notify(to, PrintEventTypes.queued);
    }
    return moved;
  }
}
