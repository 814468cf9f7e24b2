import { InputError } from '../core/index.js';
import { captureRow, captureRowDifference } from './capture-projection.js';
import { EventTypes, type CaptureRecordedPayload, type TransactionRecordedPayload } from './events.js';
import { GENESIS_HASH, eventHash } from './hash-chain.js';
import { isFinalState, jobDifference, readJobEvent, type JobFields } from './job-projection.js';
import { PrintEventTypes, type NewPrintJob, type PrintJobRow } from './print-jobs.js';
import { rowDifference, transactionRow } from './projection.js';
import type { CaptureRow, EventRow, JournalStore, StoredTransaction, TransactionRow } from './store.js';

/**
 * The checks made before anything is rendered from the journal (a receipt, a duplicate, a
 * PDF, a check's answer): cheap enough for every print, unlike a whole `verify`.
 *
 * A record is read together with its neighbours: the previous event must be the one its
 * prev_hash names (and itself intact), and the next event must still link to it. Earlier
 * events are not read: they say nothing about this record, whose content only later events
 * vouch for. The next link catches an edit whose own hash was recomputed; an edit whose
 * every later hash was recomputed too can only be caught against head hashes kept outside
 * the database (`verify --expect`).
 */

export interface RecordFault {
  problem: 'edited' | 'missing' | 'reordered' | 'broken-link' | 'index-mismatch';
  /** The event at fault: the record's own, or the neighbour that gives it away. */
  terminalId: string;
  seq: number;
  eventId?: number;
  detail: string;
}

const label = (e: Pick<EventRow, 'seq' | 'terminalId'>) => `event ${e.seq} of chain ${e.terminalId}`;

/** Events checked at most are remembered (a reprint checks its sale when it reads it, and again in the write that numbers the copy). */
const REMEMBERED = 512;

/** What a sale's event says: its payload read, and the index row it projects once asked (`bare`: without its content hash). */
interface Projected {
  payload: TransactionRecordedPayload;
  row?: TransactionRow;
  bare?: TransactionRow;
}

const sameEvent = (a: EventRow, b: EventRow) =>
  a.id === b.id && a.hash === b.hash && a.payload === b.payload && a.prevHash === b.prevHash && a.seq === b.seq && a.terminalId === b.terminalId && a.storeId === b.storeId && a.type === b.type && a.recordedAt === b.recordedAt;

/**
 * What checks of events found, for events exactly as they were found: one read again with
 * every stored field the same hashes the same and projects the same index row, so neither is
 * computed again. Nothing is taken on trust: an event that differs in any field is checked
 * afresh, and only what checked out is remembered.
 */
export class CheckedEvents {
  private readonly kept = new Map<number, { event: EventRow; expected?: Projected }>();

  /** Whether the event's hash recomputes from its fields. */
  hashes(event: EventRow): boolean {
    if (this.find(event)) return true;
    if (eventHash(event) !== event.hash) return false;
    this.kept.delete(event.id);
    this.kept.set(event.id, { event });
    if (this.kept.size > REMEMBERED) this.kept.delete(this.kept.keys().next().value as number);
    return true;
  }

  /** A sale's event's payload read (`project` throws when it cannot be), with the index row once projected. */
  expected(event: EventRow, project: () => Projected): Projected {
    const kept = this.find(event);
    if (kept?.expected) return kept.expected;
    const expected = project();
    if (kept) kept.expected = expected;
    return expected;
  }

  private find(event: EventRow): { event: EventRow; expected?: Projected } | undefined {
    const kept = this.kept.get(event.id);
    return kept && sameEvent(kept.event, event) ? kept : undefined;
  }
}

/** What is wrong with a stored transaction and its place in the chain, if anything; `checked` remembers what checked out. */
export async function recordFault(store: Pick<JournalStore, 'chainSlice'>, { row, event }: StoredTransaction, checked = new CheckedEvents()): Promise<RecordFault | undefined> {
  return (await chainFault(store, event, checked)) ?? indexFault(event, row, checked);
}

/** What is wrong with one event's place in its chain (itself and its two neighbours), if anything: any record, a sale's or a captured receipt's. */
export async function chainFault(store: Pick<JournalStore, 'chainSlice'>, event: EventRow, checked = new CheckedEvents()): Promise<RecordFault | undefined> {
  const at = (e: EventRow) => ({ terminalId: e.terminalId, seq: e.seq, eventId: e.id });
  if (!checked.hashes(event)) return { ...at(event), problem: 'edited', detail: `${label(event)} was edited after it was recorded (its hash no longer matches its content)` };
  const slice = await store.chainSlice(event.terminalId, event.seq - 1, event.seq + 1, event.storeId);
  // A PostgreSQL journal split by month keeps a chain's place unique within a month only: a
  // second event at one place can only have been put there behind Reissue's back.
  const twice = slice.find((e, i) => slice.findIndex((o) => o.seq === e.seq) !== i);
  if (twice) return twiceFault(twice);
  const before = slice.find((e) => e.seq === event.seq - 1);
  const after = slice.find((e) => e.seq === event.seq + 1);
  if (event.seq === 1) {
    if (event.prevHash !== GENESIS_HASH) return { ...at(event), problem: 'broken-link', detail: `${label(event)} is the first of its chain but does not start from the genesis hash` };
  } else if (!before) {
    return { terminalId: event.terminalId, seq: event.seq - 1, problem: 'missing', detail: `event ${event.seq - 1} of chain ${event.terminalId}, before this record, is missing` };
  } else if (before.hash !== event.prevHash) {
    return { ...at(event), problem: 'broken-link', detail: `${label(event)} does not link to the event before it (its previous-hash was changed)` };
  } else if (!checked.hashes(before)) {
    return { ...at(before), problem: 'edited', detail: `${label(before)} was edited after it was recorded (its hash no longer matches its content)` };
  }
  if (after) {
    if (after.prevHash !== event.hash) return { ...at(event), problem: 'edited', detail: `${label(event)} was changed after the next event was recorded (the next event no longer links to it)` };
    if (!checked.hashes(after)) return { ...at(after), problem: 'edited', detail: `${label(after)} was edited after it was recorded (its hash no longer matches its content)` };
  }
  return undefined;
}

/** The fault of a chain's place held by two events (or one event held twice). */
export const twiceFault = (e: Pick<EventRow, 'terminalId' | 'seq' | 'id'>): RecordFault => ({
  terminalId: e.terminalId,
  seq: e.seq,
  eventId: e.id,
  problem: 'reordered',
  detail: `${label(e)} appears twice: a second event was put into the chain after it was recorded`,
});

/** The fault of one shop's sale found twice: its event copied (twiceFault), or its search-index row listing one event twice. */
export function foundTwice(first: StoredTransaction, again: StoredTransaction): RecordFault {
  if (!sameEvent(first.event, again.event)) return twiceFault(again.event);
  const e = again.event;
  return { terminalId: e.terminalId, seq: e.seq, eventId: e.id, problem: 'index-mismatch', detail: `the search index lists transaction ${again.row.id} (${label(e)}) twice` };
}

function indexFault(event: EventRow, row: StoredTransaction['row'], checked: CheckedEvents): RecordFault | undefined {
  const fault = (detail: string): RecordFault => ({ terminalId: event.terminalId, seq: event.seq, eventId: event.id, problem: 'index-mismatch', detail });
  if (event.type !== EventTypes.transactionRecorded) return fault(`the search index lists ${label(event)}, a ${event.type} event, as transaction ${row.id}`);
  let expected;
  try {
    const said = checked.expected(event, () => ({ payload: JSON.parse(event.payload) as TransactionRecordedPayload }));
    const { payload } = said;
    if (payload.id !== row.id) return fault(`the search index lists ${label(event)} as transaction ${row.id}, but it records ${String(payload.id)}`);
    // A row that keeps no content hash (schema 7 on) is not compared on it: encoding the transaction again to hash it would be wasted.
    expected =
      row.contentHash === ''
        ? (said.bare ??= transactionRow(payload.transaction, event.id, payload.originalId ?? null, event.storeId, false))
        : (said.row ??= transactionRow(payload.transaction, event.id, payload.originalId ?? null, event.storeId));
  } catch (error) {
    if (error instanceof SyntaxError || error instanceof InputError) return fault(`${label(event)} holds a payload that cannot be read`);
    throw error;
  }
  const field = rowDifference(expected, row);
  return field ? fault(`the search index of ${row.id} disagrees with ${label(event)} in ${field}`) : undefined;
}

/**
 * What is wrong with a captured receipt's search-index row against its event, as indexFault
 * for a sale: the row points at another kind of event, or at another receipt's (two rows'
 * event ids swapped would print and vouch for one receipt as the other), or disagrees with it.
 * Without a fault, the payload as read.
 */
export function captureIndexFault(event: EventRow, row: CaptureRow): { fault: RecordFault } | { fault?: undefined; payload: CaptureRecordedPayload } {
  const fault = (detail: string): RecordFault => ({ terminalId: event.terminalId, seq: event.seq, eventId: event.id, problem: 'index-mismatch', detail });
  if (event.type !== EventTypes.captureRecorded) return { fault: fault(`the search index lists ${label(event)}, a ${event.type} event, as captured receipt ${row.id}`) };
  // Read as written, not through today's door (checkCapturePayload): a rule made stricter since must not turn a receipt journaled before it into an altered one.
  let payload: CaptureRecordedPayload;
  let expected: CaptureRow;
  try {
    payload = JSON.parse(event.payload) as CaptureRecordedPayload;
    if (payload.id !== row.id) return { fault: fault(`the search index lists ${label(event)} as captured receipt ${row.id}, but it records ${String(payload.id)}`) };
    expected = captureRow(payload, event.id, event.storeId);
  } catch (error) {
    if (error instanceof SyntaxError || error instanceof TypeError) return { fault: fault(`${label(event)} holds a payload that cannot be read`) };
    throw error;
  }
  const field = captureRowDifference(expected, row);
  return field ? { fault: fault(`the search index of ${row.id} disagrees with ${label(event)} in ${field}`) } : { payload };
}

/** What identifies a job and decides what it prints: these must be as its print.queued event said. */
const PRINTED_AS: readonly (keyof NewPrintJob)[] = ['transactionId', 'terminalId', 'kind', 'copy', 'printer', 'backup', 'createdAt', 'expiresAt', 'options', 'reroutedFrom'];

/**
 * Why a job row may not be printed as it stands (it is not what its events say, or they are
 * not what their chains say), if so; `events` are the job's, in chain order; `checked`
 * remembers what checked out.
 */
export async function jobFault(store: Pick<JournalStore, 'chainSlice'>, job: PrintJobRow, events: readonly EventRow[], checked = new CheckedEvents()): Promise<string | undefined> {
  const said: JobFields = {};
  let queued = false;
  let ended: string | undefined;
  for (const event of events) {
    // Each event in its place, as a sale's: one edited with its own hash recomputed (a duplicate made an unmarked original) is given away by the next event.
    const chained = await chainFault(store, event, checked);
    if (chained) return `print job ${job.id}: ${chained.detail}`;
    const read = readJobEvent(event);
    if (typeof read === 'string' || read.jobId !== job.id) continue;
    // A job the chain saw end (printed, failed …) that moves again was put back behind Reissue's back.
    if (ended) return `print job ${job.id} ended as ${ended} in the journal, yet ${label(event)} moves it again: it is not printed again`;
    queued ||= event.type === PrintEventTypes.queued;
    Object.assign(said, read.fields);
    if (isFinalState(read.fields.state)) ended = read.fields.state;
  }
  if (!queued) return `print job ${job.id} has no print.queued event in the journal`;
  if (ended && job.state !== ended) return `print job ${job.id} ended as ${ended} in the journal, but its row says ${job.state}: it is not printed again`;
  const identity: JobFields = Object.fromEntries(PRINTED_AS.filter((k) => k in said).map((k) => [k, said[k]]));
  const field = jobDifference(identity, job);
  return field ? `print job ${job.id} says ${field} is ${JSON.stringify(job[field])}, but its events say ${JSON.stringify(said[field])}` : undefined;
}
