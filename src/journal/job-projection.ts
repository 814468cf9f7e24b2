import { canonicalJson } from '../core/index.js';
import { FINAL_JOB_STATES, JobKinds, JobStates, PrintEventTypes, type JobKind, type JobState, type NewPrintJob, type PrintJobRow } from './print-jobs.js';
import type { EventRow } from './store.js';

/**
 * The print_jobs table is a projection of the hash-chained print.* events: each event says,
 * under `job`, the values the row holds after the change (a print.queued all of them), so
 * the row can be rebuilt (restore) and checked (verify, printing, copy numbering) from the
 * events alone. Events written before `job` existed say less; what they leave out is not
 * checked and is filled with defaults when rebuilt.
 */

/** The row values that events set; `id` is the job. */
export type JobFields = Partial<NewPrintJob>;

export interface JobEvent {
  jobId: number;
  fields: JobFields;
}

const STATE_OF_EVENT: Readonly<Partial<Record<string, JobState>>> = {
  [PrintEventTypes.queued]: 'queued',
  [PrintEventTypes.sending]: 'sending',
  [PrintEventTypes.awaitingAck]: 'awaiting-ack',
  [PrintEventTypes.printed]: 'printed',
  [PrintEventTypes.failed]: 'failed',
  [PrintEventTypes.expired]: 'expired',
  [PrintEventTypes.rerouted]: 'rerouted',
  [PrintEventTypes.unknown]: 'unknown',
};

const PRINT_TYPES = new Set<string>(Object.values(PrintEventTypes));
export const isPrintEvent = (type: string) => PRINT_TYPES.has(type);

/** Values a row takes that an event did not say (events written before `job` existed). */
function defaults(createdAt: number): Omit<NewPrintJob, 'transactionId' | 'terminalId' | 'kind' | 'copy' | 'printer'> {
  return { backup: null, state: 'queued', attempts: 0, createdAt, updatedAt: createdAt, expiresAt: createdAt, notBefore: 0, paperMm: 0, detail: null, options: '{}', reroutedFrom: null };
}

/** The `job` member of a print event: the row after the change; `queued` adds what never changes. */
export function jobEventFacts(row: PrintJobRow, queued: boolean): Record<string, unknown> {
  const facts: Record<string, unknown> = { state: row.state, attempts: row.attempts, notBefore: row.notBefore, paperMm: row.paperMm, detail: row.detail, updatedAt: row.updatedAt };
  if (!queued) return facts;
  let options: unknown;
  try {
    options = JSON.parse(row.options);
  } catch {
    options = row.options;
  }
  return { ...facts, backup: row.backup, createdAt: row.createdAt, expiresAt: row.expiresAt, options, reroutedFrom: row.reroutedFrom };
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isText = (v: unknown): v is string => typeof v === 'string';
const orNull = <T>(check: (v: unknown) => v is T) => (v: unknown): v is T | null => v === null || check(v);

type Reader = (value: unknown) => boolean;
const FACT_READERS: Readonly<Partial<Record<keyof NewPrintJob, Reader>>> = {
  state: (v) => (JobStates as readonly unknown[]).includes(v),
  attempts: isInt,
  notBefore: isNum,
  paperMm: isNum,
  detail: orNull(isText),
  updatedAt: isNum,
  backup: orNull(isText),
  createdAt: isNum,
  expiresAt: isNum,
  reroutedFrom: orNull(isInt),
};

/**
 * What one print event says of its job's row, or a sentence saying why it cannot be read
 * (a print event is hashed like any other, so an unreadable one was written that way).
 */
export function readJobEvent(event: EventRow): JobEvent | string {
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(event.payload) as Record<string, unknown>;
  } catch {
    return 'its payload is not JSON';
  }
  const { jobId, kind, copy, printer, transactionId, attempt } = payload;
  if (!isInt(jobId) || jobId < 1) return 'it names no print job';
  if (!(JobKinds as readonly unknown[]).includes(kind) || !isInt(copy)) return `it does not say which kind of job ${jobId} is`;
  const printerName = (printer as { name?: unknown } | null)?.name;
  const fields: JobFields = { terminalId: event.terminalId, kind: kind as JobKind, copy, transactionId: isText(transactionId) ? transactionId : '' };
  if (isText(printerName)) fields.printer = printerName;
  if (isInt(attempt)) fields.attempts = attempt;
  const state = STATE_OF_EVENT[event.type];
  if (state) fields.state = state;
  const facts = payload.job;
  if (facts !== null && typeof facts === 'object') {
    for (const [key, read] of Object.entries(FACT_READERS) as [keyof NewPrintJob, Reader][]) {
      if (!(key in facts)) continue;
      const value = (facts as Record<string, unknown>)[key];
      if (!read(value)) return `it gives job ${jobId} an unreadable ${key}`;
      (fields as Record<string, unknown>)[key] = value;
    }
    if ('options' in facts) fields.options = canonicalJson((facts as { options: unknown }).options);
  } else {
    // Written before events said the row: a printed one told its paper, a rerouted copy its origin.
    if (event.type === PrintEventTypes.printed && isNum(payload.paperMm)) fields.paperMm = payload.paperMm;
    if (event.type === PrintEventTypes.queued) fields.reroutedFrom = isInt(payload.reroutedFrom) ? payload.reroutedFrom : null;
  }
  return { jobId, fields };
}

export const isFinalState = (state: JobState | undefined) => state !== undefined && FINAL_JOB_STATES.includes(state);

/** Columns compared with what the events say; updatedAt only once the job is final (a job in flight refreshes it as a heartbeat, with no event). */
const COMPARED: readonly (keyof NewPrintJob)[] = [
  'transactionId', 'terminalId', 'kind', 'copy', 'printer', 'backup', 'state', 'attempts', 'createdAt', 'expiresAt', 'notBefore', 'paperMm', 'detail', 'options', 'reroutedFrom',
];

/** The first column where `row` disagrees with what its job's events said, if any. */
export function jobDifference(said: JobFields, row: PrintJobRow): keyof NewPrintJob | undefined {
  for (const field of COMPARED) if (field in said && said[field] !== row[field]) return field;
  if (isFinalState(said.state) && said.updatedAt !== undefined && said.updatedAt !== row.updatedAt) return 'updatedAt';
  return undefined;
}

/** A whole row from what a job's events said (oldest first), with defaults for what they did not say. */
export function rowFromFields(id: number, said: JobFields, recordedAt: string): PrintJobRow {
  const createdAt = said.createdAt ?? Date.parse(recordedAt);
  return { id, transactionId: '', terminalId: '', kind: 'original', copy: 0, printer: '', ...defaults(createdAt), ...said };
}

/** What a sale's print events have said of one job so far. */
export interface SaidJob {
  readonly fields: JobFields;
  /** When its first event was recorded (a row rebuilt from events that did not say createdAt). */
  readonly first: string;
  readonly queued: boolean;
  /** Its events named every column, so the stored row adds nothing. */
  readonly complete: boolean;
}

/** Every column of a job row but its id, as events name them. */
const ROW_FIELDS: readonly (keyof NewPrintJob)[] = [...COMPARED, 'updatedAt'];

/**
 * Folds print events (in chain order) into what they say of each job, after `earlier`
 * (left as it is: a job that changes is copied), so a sale's jobs can be kept and brought up
 * to date by reading only its newer events.
 */
export function foldJobEvents(earlier: ReadonlyMap<number, SaidJob> | undefined, events: readonly EventRow[]): Map<number, SaidJob> {
  const said = new Map(earlier);
  for (const event of events) {
    const read = readJobEvent(event);
    if (typeof read === 'string') continue;
    const before = said.get(read.jobId);
    const fields = { ...before?.fields, ...read.fields };
    said.set(read.jobId, {
      fields,
      first: before?.first ?? event.recordedAt,
      queued: (before?.queued ?? false) || event.type === PrintEventTypes.queued,
      complete: ROW_FIELDS.every((key) => key in fields),
    });
  }
  return said;
}

/** Whether the stored rows would add nothing to what the events said (every job's events named every column). */
export const foldComplete = (said: ReadonlyMap<number, SaidJob>) => [...said.values()].every((job) => job.complete);

/**
 * The jobs of one sale as its events tell them, oldest first: every job that has a
 * print.queued event, its values from the events, and where older events said less, from
 * the stored row. A row without events is not a job.
 */
export function jobsOfFold(said: ReadonlyMap<number, SaidJob>, rows: readonly PrintJobRow[]): PrintJobRow[] {
  const stored = new Map(rows.map((r) => [r.id, r]));
  return [...said.entries()]
    .filter(([, job]) => job.queued)
    .sort(([a], [b]) => a - b)
    .map(([id, job]) => {
      const row = stored.get(id);
      return row ? { ...row, ...job.fields, id } : builtRow(id, job);
    });
}

/** Rows built from events alone, once per state of a job a kept fold holds (a sale's n jobs were built again for every copy). */
const built = new WeakMap<SaidJob, PrintJobRow>();

function builtRow(id: number, job: SaidJob): PrintJobRow {
  let row = built.get(job);
  if (!row) {
    // Shared by every read of the fold: frozen, so a caller cannot change what the next one reads.
    row = Object.freeze(rowFromFields(id, job.fields, job.first));
    built.set(job, row);
  }
  return row;
}

/** The jobs of one sale from all its print events (see jobsOfFold). */
export function jobsFromEvents(events: readonly EventRow[], rows: readonly PrintJobRow[]): PrintJobRow[] {
  return jobsOfFold(foldJobEvents(undefined, events), rows);
}
