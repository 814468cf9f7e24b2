import { ConflictError, IntegrityError } from '../core/index.js';
import { readJobEvent, rowFromFields } from './job-projection.js';
import { PrintEventTypes, type PrintJobPatch } from './print-jobs.js';
import { writeIndexRows } from './projection.js';
import type { EventRow, JournalStore, StoreWriter } from './store.js';
import { verifyJournal, type ChainHead, type VerifyProgress, type VerifyReport } from './verify.js';

export type TransferProgress = (done: number, total: number) => void;

/** A chain's key across stores: the store ('' for the database's own) and the chain. */
const chainOf = (at: { storeId?: string; terminalId: string }) => `${at.storeId ?? ''}\u001f${at.terminalId}`;

const CHUNK = 5000;

const OPEN_STATES = ['queued', 'sending', 'awaiting-ack'] as const;
const CHANGING: readonly (keyof PrintJobPatch)[] = ['state', 'attempts', 'notBefore', 'paperMm', 'detail', 'updatedAt'];

/**
 * Replays one print event on the job table, as the spooler made the change: a print.queued
 * inserts the row with its own id, a later event moves it (an event of a job the target
 * lacks, or a move the job table refuses, changes nothing: verify then names the job).
 */
async function projectPrintEvent(writer: StoreWriter, event: EventRow): Promise<boolean> {
  const read = readJobEvent(event);
  if (typeof read === 'string') return false;
  if (event.type === PrintEventTypes.queued) {
    await writer.restoreJob(rowFromFields(read.jobId, read.fields, event.recordedAt));
    return true;
  }
  const patch: PrintJobPatch = {};
  for (const key of CHANGING) if (read.fields[key] !== undefined) (patch as Record<string, unknown>)[key] = read.fields[key];
  if (Object.keys(patch).length > 0) await writer.updateJob(read.jobId, OPEN_STATES, patch);
  return false;
}

/**
 * Copies events, hashes unchanged, into `target` and rebuilds their search-index rows and
 * the print-job rows (a projection of the print events). Used for backups of a PostgreSQL
 * journal and for every restore.
 */
export async function copyEvents(events: AsyncIterable<EventRow>, target: JournalStore, total: number, onProgress?: TransferProgress): Promise<number> {
  let done = 0;
  let chunk: EventRow[] = [];
  let jobsRestored = false;
  const flush = async () => {
    const rows = chunk;
    chunk = [];
    await target.write(async (writer) => {
      const ids = await writer.insertEvents(rows.map(({ id: _ignored, ...fresh }) => fresh));
      await writeIndexRows(writer, rows.map((event, i) => ({ ...event, id: ids[i] ?? 0 })));
      // The job table projects the database's own print events (a shop's, at head office, have no jobs here).
      for (const event of rows) {
        if (event.storeId === '' && event.type.startsWith('print.')) jobsRestored = (await projectPrintEvent(writer, event)) || jobsRestored;
      }
      // New jobs get ids above the restored ones (PostgreSQL's identity does not look).
      if (jobsRestored) await writer.catchUpJobIds();
    });
    done += rows.length;
    onProgress?.(done, total);
  };
  for await (const event of events) {
    chunk.push(event);
    if (chunk.length >= CHUNK) await flush();
  }
  if (chunk.length > 0) await flush();
  return done;
}

export interface RestorePlan {
  /** Events in the backup that the target does not have yet. */
  missing: number;
  backupHeads: ChainHead[];
}

/** The backup's own verification; a backup that does not verify is refused (BACKUP_INVALID). */
export async function checkBackup(backup: JournalStore, onProgress?: VerifyProgress): Promise<VerifyReport> {
  const backupReport = await verifyJournal(backup, onProgress);
  if (!backupReport.ok) {
    throw new IntegrityError('BACKUP_INVALID', `the backup does not verify: ${backupReport.failure?.detail ?? 'unknown problem'}`, {
      hint: 'restore from another backup; this one was damaged or altered',
      context: { failure: backupReport.failure, problem: backupReport.failure?.problem, terminalId: backupReport.failure?.terminalId, seq: backupReport.failure?.seq },
    });
  }
  return backupReport;
}

/**
 * Decides whether `backup` may be restored into `target`: the backup must verify, and the
 * target must hold nothing the backup lacks — a newer or different journal is never
 * overwritten silently. `verified`: the backup's report from checkBackup, when already made.
 */
export async function planRestore(backup: JournalStore, target: JournalStore, onProgress?: VerifyProgress, verified?: VerifyReport): Promise<RestorePlan & { targetHeads: Map<string, number> }> {
  const backupReport = verified ?? (await checkBackup(backup, onProgress));
  const targetReport = await verifyJournal(target);
  if (!targetReport.ok) {
    throw new IntegrityError('JOURNAL_DAMAGED', `the current journal does not verify: ${targetReport.failure?.detail ?? ''}`, {
      hint: 'restore with --force to set the damaged journal aside and restore the backup in its place',
      context: { problem: targetReport.failure?.problem, terminalId: targetReport.failure?.terminalId, seq: targetReport.failure?.seq },
    });
  }
  const backupByTerminal = new Map(backupReport.heads.map((h) => [chainOf(h), h]));
  const targetHeads = new Map<string, number>();
  for (const head of targetReport.heads) {
    const theirs = backupByTerminal.get(chainOf(head));
    const hashAtSeq = theirs && theirs.seq >= head.seq ? await backup.seqOfHash(head.terminalId, head.hash, head.storeId ?? '') : undefined;
    if (hashAtSeq !== head.seq) {
      throw new ConflictError('JOURNAL_NEWER', `the journal already holds events for terminal ${head.terminalId} that the backup does not have (up to event ${head.seq})`, {
        hint: 'restoring would lose them: back up the current journal first, then restore with --force to set it aside',
        context: { terminalId: head.terminalId, seq: head.seq },
      });
    }
    targetHeads.set(chainOf(head), head.seq);
  }
  const already = [...targetHeads.values()].reduce((a, b) => a + b, 0);
  return { missing: backupReport.events - already, backupHeads: backupReport.heads, targetHeads };
}

/** Events of `backup` that come after each terminal's head in the target, in backup order. */
export async function* eventsAfterHeads(backup: JournalStore, targetHeads: Map<string, number>): AsyncIterable<EventRow> {
  for await (const event of backup.events()) {
    if (event.seq > (targetHeads.get(chainOf(event)) ?? 0)) yield event;
  }
}
