/**
 * Print jobs as the journal keeps them: a mutable working row per job (the spooler's queue)
 * whose every change is written in the same transaction as a journal event in the sale's
 * terminal chain, so the events are the audit trail and the row is only an index of them.
 */

export const JobStates = ['queued', 'sending', 'awaiting-ack', 'printed', 'failed', 'expired', 'rerouted', 'unknown'] as const;
export type JobState = (typeof JobStates)[number];

/** States a job never leaves. */
export const FINAL_JOB_STATES: readonly JobState[] = ['printed', 'failed', 'expired', 'rerouted', 'unknown'];

export const JobKinds = ['original', 'duplicate', 'test-page', 'report'] as const;
export type JobKind = (typeof JobKinds)[number];

export interface PrintJobRow {
  id: number;
  /** The sale printed (empty for a test page or report). */
  transactionId: string;
  /** Chain the job's events are journaled in: the sale's terminal, or "printer:NAME". */
  terminalId: string;
  kind: JobKind;
  /** 0 for an original; n for DUPLICATE n. */
  copy: number;
  /** Printer name (from the configuration) or HOST:PORT. */
  printer: string;
  backup: string | null;
  state: JobState;
  attempts: number;
  createdAt: number;
  updatedAt: number;
  /** After this the job expires instead of printing a stale receipt. */
  expiresAt: number;
  /** Not tried again before this (retry backoff). */
  notBefore: number;
  /** Paper length in millimetres once printed. */
  paperMm: number;
  /** Last fault or error, for people. */
  detail: string | null;
  /** How to render it (paper, model, copy, language, duplicate mark …), JSON. */
  options: string;
  /** Job that this one was rerouted from. */
  reroutedFrom: number | null;
}

export type NewPrintJob = Omit<PrintJobRow, 'id'>;

/** Fields a state change may set. */
export type PrintJobPatch = Partial<Pick<PrintJobRow, 'state' | 'printer' | 'attempts' | 'updatedAt' | 'notBefore' | 'paperMm' | 'detail'>>;

export interface JobFilter {
  states?: readonly JobState[];
  printer?: string;
  transactionId?: string;
  /** Newest first when listing history; the spooler asks oldest first. */
  order?: 'oldest' | 'newest';
  limit?: number;
}

const camel = (column: string) => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** SQL for listing jobs, with placeholders made by `param` (SQLite ?, PostgreSQL $n). */
export function buildJobListSql(filter: JobFilter, param: (value: unknown) => string): string {
  const where: string[] = [];
  if (filter.states && filter.states.length > 0) where.push(`state IN (${filter.states.map((s) => param(s)).join(', ')})`);
  if (filter.printer !== undefined) where.push(`printer = ${param(filter.printer)}`);
  if (filter.transactionId !== undefined) where.push(`transaction_id = ${param(filter.transactionId)}`);
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  return `${clause} ORDER BY id ${filter.order === 'newest' ? 'DESC' : 'ASC'} LIMIT ${param(filter.limit ?? 1000)}`;
}

/** SET clause of a job update, in a fixed column order. */
export function buildJobPatchSql(patch: PrintJobPatch, param: (value: unknown) => string): string {
  return Object.entries(patch)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)} = ${param(v)}`)
    .join(', ');
}

/** A database row (snake_case columns, numbers maybe as strings) → PrintJobRow. */
export function jobFromRow(row: Record<string, unknown>): PrintJobRow {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[camel(key)] = value;
  for (const key of ['id', 'copy', 'attempts', 'createdAt', 'updatedAt', 'expiresAt', 'notBefore', 'paperMm']) out[key] = Number(out[key]);
  if (out.reroutedFrom !== null && out.reroutedFrom !== undefined) out.reroutedFrom = Number(out.reroutedFrom);
  else out.reroutedFrom = null;
  return out as unknown as PrintJobRow;
}
