import { isFinalState, jobDifference, readJobEvent, type JobFields } from './job-projection.js';
import { PrintEventTypes, type PrintJobRow } from './print-jobs.js';
import type { EventRow, JournalStore } from './store.js';

/** A job row that disagrees with the print events of its chain. */
export interface ProjectionFault {
  jobId?: number;
  /** The column that disagrees ('row' when the row is missing or no event accounts for it). */
  field: string;
  terminalId?: string;
  seq?: number;
  detail: string;
}

interface Followed {
  fields: JobFields;
  terminalId: string;
  /** The job's last event so far. */
  seq: number;
}

const BATCH = 500;
/** Reads of a job's events and row in a live journal before giving up on catching it still. */
const RECHECKS = 5;

const show = (value: unknown) => JSON.stringify(value);

/**
 * Follows the print events of verify's chain walk and checks the job table against them: a
 * job's row must say what its events say (see job-projection.ts). Jobs are compared as they
 * reach a final state (a final row never changes again), the rest at the end, so memory holds
 * only the jobs still open.
 */
export class ProjectionCheck {
  private readonly open = new Map<number, Followed>();
  private finished: [number, Followed][] = [];
  /** print.queued events seen: one per job. */
  queued = 0;

  constructor(private readonly store: Pick<JournalStore, 'jobsByIds' | 'getJob' | 'printEvents' | 'countJobs' | 'jobWithoutEvents'>) {}

  /** Takes one event of the walk (print events only matter); a fault when it cannot belong to its job's history. */
  async event(event: EventRow): Promise<ProjectionFault | undefined> {
    const read = readJobEvent(event);
    const at = { terminalId: event.terminalId, seq: event.seq };
    if (typeof read === 'string') return { ...at, field: 'event', detail: `event ${event.seq} of chain ${event.terminalId} is a ${event.type} event, but ${read}` };
    const followed = this.open.get(read.jobId);
    if (event.type === PrintEventTypes.queued) {
      if (followed) return { ...at, jobId: read.jobId, field: 'event', detail: `print job ${read.jobId} is queued twice (again at event ${event.seq} of chain ${event.terminalId})` };
      this.queued++;
      this.open.set(read.jobId, { fields: { ...read.fields }, ...at });
    } else if (!followed || followed.terminalId !== event.terminalId) {
      return { ...at, jobId: read.jobId, field: 'event', detail: `event ${event.seq} of chain ${event.terminalId} (${event.type}) names print job ${read.jobId}, which is not queued or already ended there` };
    } else {
      Object.assign(followed.fields, read.fields);
      followed.seq = event.seq;
    }
    const job = this.open.get(read.jobId) as Followed;
    if (isFinalState(job.fields.state)) {
      this.open.delete(read.jobId);
      this.finished.push([read.jobId, job]);
      if (this.finished.length >= BATCH) return this.compareFinished();
    }
    return undefined;
  }

  /** After the walk: the jobs still to compare, and any row no event accounts for. `rowsBefore` was counted before the walk began. */
  async finish(rowsBefore: number): Promise<ProjectionFault | undefined> {
    const fault = await this.compareFinished();
    if (fault) return fault;
    for (const [jobId, job] of this.open) {
      const problem = await this.recheck(jobId, job);
      if (problem) return problem;
    }
    // Rows counted before the walk all had their print.queued event by then, and the walk saw it.
    if (rowsBefore > this.queued) {
      const jobId = await this.store.jobWithoutEvents();
      return { ...(jobId === undefined ? {} : { jobId }), field: 'row', detail: `${rowsBefore - this.queued} print-job rows (the first: job ${jobId ?? '?'}) are not in the journal: no print event names them` };
    }
    return undefined;
  }

  private async compareFinished(): Promise<ProjectionFault | undefined> {
    const batch = this.finished;
    this.finished = [];
    const rows = new Map((await this.store.jobsByIds(batch.map(([id]) => id))).map((r) => [r.id, r]));
    for (const [jobId, job] of batch) {
      const problem = differs(jobId, job, rows.get(jobId));
      if (problem) return problem;
    }
    return undefined;
  }

  /**
   * A job still open when the walk passed its chain may have moved on since: its row and its
   * events are read again, events either side of the row, until they are seen still.
   */
  private async recheck(jobId: number, job: Followed): Promise<ProjectionFault | undefined> {
    let first = differs(jobId, job, await this.store.getJob(jobId));
    for (let attempt = 0; first && attempt < RECHECKS; attempt++) {
      const before = await this.store.printEvents({ jobId });
      const row = await this.store.getJob(jobId);
      const after = await this.store.printEvents({ jobId });
      if (before.at(-1)?.id !== after.at(-1)?.id) continue;
      const fields: JobFields = {};
      for (const event of after) {
        const read = readJobEvent(event);
        if (typeof read !== 'string' && read.jobId === jobId) Object.assign(fields, read.fields);
      }
      first = differs(jobId, { ...job, fields, seq: after.at(-1)?.seq ?? job.seq }, row);
      break;
    }
    return first;
  }
}

function differs(jobId: number, job: Followed, row: PrintJobRow | undefined): ProjectionFault | undefined {
  const at = { jobId, terminalId: job.terminalId, seq: job.seq };
  if (!row) return { ...at, field: 'row', detail: `print job ${jobId} is in the journal (chain ${job.terminalId}) but missing from the job table` };
  const field = jobDifference(job.fields, row);
  if (!field) return undefined;
  return { ...at, field, detail: `print job ${jobId}: the job table says ${field} is ${show(row[field])}, its journal events say ${show(job.fields[field])}` };
}
