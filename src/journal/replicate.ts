import { ConflictError, InputError, checkJsonText, checkTransactionCardData, containsPan, luhnValid, networkLengthsAt } from '../core/index.js';
import { iso, outsideWindow, type AcceptWindow } from './accept-window.js';
import { EventTypes, type CaptureRecordedPayload, type TransactionRecordedPayload } from './events.js';
import { GENESIS_HASH, eventHash } from './hash-chain.js';
import { projectPayload, withEventId, writeProjected, type IndexRow } from './projection.js';
import { StoreEventTypes, type StoreIdentifiedPayload } from './store-identity.js';
import type { ChainTip, EventRow, NewEventRow, StoreWriter } from './store.js';

/** One event of a shop's chain as the shop sends it: every stored field, the hash included. */
export type ReplicaEvent = Pick<EventRow, 'seq' | 'type' | 'recordedAt' | 'payload' | 'prevHash' | 'hash'>;

export interface ReplicateResult {
  /** Events new to this copy, now stored. */
  accepted: number;
  /** Events this copy held already, exactly (a batch sent again). */
  duplicates: number;
  /** The chain's head here after the batch. */
  head: ChainTip;
}

/** Why a shop's events were refused; each names the chain and the position. */
export const ChainRefusalCodes = ['CHAIN_FORK', 'CHAIN_BROKEN_LINK', 'CHAIN_EDITED', 'CHAIN_GAP', 'CHAIN_UNREADABLE', 'CHAIN_OTHER_STORE', 'CHAIN_TIME_REFUSED'] as const;
export type ChainRefusalCode = (typeof ChainRefusalCodes)[number];

/** Where in a shop's chains a batch was refused, and the head this copy holds there (the sender goes on from it after a gap). */
export interface ChainPosition {
  storeId: string;
  chain: string;
  seq: number;
  held: ChainTip;
}

/** A batch of a shop's chain that this copy refuses, whole: nothing of it was stored. */
export class ChainRefusedError extends ConflictError {
  readonly position: ChainPosition;

  /** `more.context`: what the refusal names beside the position (a time refused). */
  constructor(code: ChainRefusalCode, at: ChainPosition, message: string, hint: string, more: { context?: Record<string, unknown> } = {}) {
    super(code, `store ${at.storeId}, chain ${at.chain}, event ${at.seq}: ${message}`, { hint, context: { ...more.context, storeId: at.storeId, chain: at.chain, seq: at.seq, heldSeq: at.held.seq } });
    this.position = at;
  }
}

/** One event of a batch as checked before the chain's head is read: whether its hash recomputes, and its index row or why its content is refused. */
interface CheckedEvent {
  edited: boolean;
  /** The refusal of its content (message), when it cannot be taken. */
  unreadable?: string;
  otherStore?: string;
  /** Why its time (or its sale's) lies outside what head office takes, when it does; the time itself as the shop wrote it. */
  outside?: { message: string; at: string };
  index?: IndexRow;
}

/**
 * The times head office takes in a shop's events, its clock now and the window around it
 * (replicaWindow): every month a time falls in becomes a table of its own at head office.
 */
export interface ReplicaTimes {
  now: number;
  window: AcceptWindow;
}

/**
 * A batch of a shop's chain checked on its own, before the chain's head is known: consecutive,
 * every hash recomputed, every index row projected (head office never trusts the shop's
 * copies). The checks need no database, so they run before the write that stores the batch.
 */
export interface CheckedBatch {
  readonly storeId: string;
  readonly chain: string;
  readonly identity: string;
  readonly events: readonly ReplicaEvent[];
  readonly checks: readonly CheckedEvent[];
}

/**
 * Whether a captured job's bytes print a full card number: the capture module reads ESC/POS,
 * which the journal does not, so the composition root passes its reader in (JournalOptions).
 * `at` is the event's place in its batch, when it is one.
 */
export type CardInCaptureBytes = (capture: CaptureRecordedPayload, at?: number) => boolean;

/**
 * The question of CardInCaptureBytes for a batch's captured jobs at once, answered off the
 * caller's thread (reading a MiB of the costliest bytes takes seconds, and head office's
 * thread answers every shop): one answer each, undefined where the bytes could not be read.
 */
export interface CaptureBytesCheck {
  /**
   * `shop` names whose push it is, so that one shop's captures cannot keep another's waiting.
   * Rejects (kind unavailable) when the check itself could not be made: nothing is then said of the captures.
   */
  holdCard(captures: readonly CaptureRecordedPayload[], shop: string): Promise<(boolean | undefined)[]>;
  close(): Promise<void>;
}

/** Checks a batch on its own (see CheckedBatch); BAD_REPLICA_BATCH when its events are not consecutive. Refusals wait for the head (they name it). */
export function checkBatch(storeId: string, chain: string, events: readonly ReplicaEvent[], identity = storeId, cardInCapture?: CardInCaptureBytes, edited?: readonly boolean[], times?: ReplicaTimes): CheckedBatch {
  // A chain's name is stored with every event and said back in refusals: never a card number (head office's push
  // gates its path; a shop restoring from head office takes the names head office answers).
  if (containsPan(chain, { saleIds: 'never' })) {
    throw new InputError('BAD_REPLICA_BATCH', 'a chain name holds a full card number; nothing was taken', { hint: 'chains are named by terminal, "audit", "store", printer:NAME or capture:SOURCE', context: { rule: 'chain-name' } });
  }
  const first = events[0];
  events.forEach((e, i) => {
    if (!first || !Number.isSafeInteger(e.seq) || e.seq !== first.seq + i || e.seq < 1) {
      throw new InputError('BAD_REPLICA_BATCH', `the events of chain ${chain} are not consecutive from ${first?.seq}`, { hint: 'send one chain\'s events in order, each sequence number once', context: { chain, seq: e.seq } });
    }
  });
  // `edited`: already known for these events (head office's queue hashes a batch with captures before it reads their bytes).
  const changed = edited ?? editedEvents(storeId, chain, events);
  const checks = events.map((e, at): CheckedEvent => {
    const check = { edited: changed[at] ?? true, ...checkContent(e, storeId, identity, cardInCapture, at) };
    const outside = times && check.unreadable === undefined ? timeOutside(e, check.index, times) : undefined;
    return outside ? { ...check, outside } : check;
  });
  return { storeId, chain, identity, events, checks };
}

/** Why an event's time, or its sale's or captured job's, lies outside the times head office takes (ReplicaTimes). */
function timeOutside(e: ReplicaEvent, index: IndexRow | undefined, { now, window }: ReplicaTimes): CheckedEvent['outside'] {
  const recorded = outsideWindow(Date.parse(e.recordedAt), now, window);
  if (recorded !== undefined) return { message: recorded, at: e.recordedAt };
  if (!index) return undefined;
  const occurred = outsideWindow(index.row.occurredAt, now, window);
  return occurred === undefined ? undefined : { message: `its ${index.table === 'transactions' ? 'sale' : 'captured job'}: ${occurred}`, at: iso(index.row.occurredAt) };
}

/** Which events' hashes do not recompute from their content (changed after they were recorded). */
export const editedEvents = (storeId: string, chain: string, events: readonly ReplicaEvent[]): boolean[] => events.map((e) => eventHash({ ...e, storeId, terminalId: chain }) !== e.hash);

/** A checked batch linked to the head held here: the events to store with their index rows, and the answer. */
export interface LinkedBatch {
  fresh: NewEventRow[];
  index: (IndexRow | undefined)[];
  result: ReplicateResult;
}

/**
 * Links a checked batch to the chain's head held here (read under the chain's lock): only
 * when it links (next sequence, same previous hash) are its new events taken. Positions held
 * already must hold the very same event (a batch sent twice is a no-op); a different one is
 * a fork. Throws ChainRefusedError naming the chain and the position; stores nothing.
 */
export async function linkBatch(writer: StoreWriter, batch: CheckedBatch, held: ChainTip | undefined): Promise<LinkedBatch> {
  const { storeId, chain, events, checks } = batch;
  const tip: ChainTip = held ?? { seq: 0, hash: GENESIS_HASH };
  const first = events[0];
  if (!first) return { fresh: [], index: [], result: { accepted: 0, duplicates: 0, head: tip } };
  const at = (seq: number): ChainPosition => ({ storeId, chain, seq, held: tip });
  const edited = events.findIndex((_, i) => checks[i]?.edited);
  if (edited >= 0) throw new ChainRefusedError('CHAIN_EDITED', at(first.seq + edited), 'its hash does not recompute from its content: it was changed after it was recorded', 'the shop\'s journal was altered at this event; run `reissue verify` at the shop');
  if (first.seq > tip.seq + 1) throw new ChainRefusedError('CHAIN_GAP', at(first.seq), `head office holds this chain up to event ${tip.seq}`, `send from event ${tip.seq + 1}`);
  const last = events[events.length - 1] ?? first;
  const kept = first.seq <= tip.seq ? await writer.chainRange(storeId, chain, first.seq, Math.min(tip.seq, last.seq)) : [];
  for (const [i, ours] of kept.entries()) {
    const theirs = events[i];
    if (theirs && ours.hash !== theirs.hash) throw new ChainRefusedError('CHAIN_FORK', at(theirs.seq), 'head office holds a different event at this position', 'the shop\'s journal no longer matches what it sent before: it was altered or replaced; compare with `reissue verify` at the shop');
  }
  const fresh: NewEventRow[] = [];
  const index: (IndexRow | undefined)[] = [];
  let head = tip;
  for (let i = kept.length; i < events.length; i++) {
    const e = events[i] as ReplicaEvent;
    const check = checks[i] as CheckedEvent;
    if (e.prevHash !== head.hash) throw new ChainRefusedError('CHAIN_BROKEN_LINK', at(e.seq), `it does not link to event ${head.seq} held at head office`, 'the shop\'s chain was altered here; run `reissue verify` at the shop');
    if (check.unreadable !== undefined) throw new ChainRefusedError('CHAIN_UNREADABLE', at(e.seq), check.unreadable, 'this event cannot be taken as it is; run `reissue verify` at the shop');
    if (check.otherStore !== undefined) throw new ChainRefusedError('CHAIN_OTHER_STORE', at(e.seq), `it names store ${check.otherStore}: this journal belongs to another shop`, 'each shop pushes with its own token');
    if (check.outside !== undefined) {
      throw new ChainRefusedError('CHAIN_TIME_REFUSED', at(e.seq), check.outside.message, "check the shop's clock and time zone, and head office's; old history is taken up to sales.acceptBack (plus a year) in head office's configuration file", { context: { at: check.outside.at } });
    }
    fresh.push({ storeId, terminalId: chain, seq: e.seq, type: e.type, recordedAt: e.recordedAt, payload: e.payload, prevHash: e.prevHash, hash: e.hash });
    index.push(check.index);
    head = { seq: e.seq, hash: e.hash };
  }
  return { fresh, index, result: { accepted: fresh.length, duplicates: kept.length, head } };
}

/** Stores the new events of linked batches, with their index rows: one statement a table for all of them. */
export async function storeLinked(writer: StoreWriter, linked: readonly LinkedBatch[]): Promise<void> {
  const fresh = linked.flatMap((l) => l.fresh);
  if (fresh.length === 0) return;
  const ids = await writer.insertEvents(fresh);
  await writeProjected(writer, linked.flatMap((l) => l.index).map((row, i) => row && withEventId(row, ids[i] ?? 0)));
}

/**
 * Stores a batch of a shop's chain in this copy, as they are: only when it links to the head
 * held here (next sequence, same previous hash) and every event's hash recomputes from its
 * content; index rows are projected here from the events (checkBatch, linkBatch). Runs
 * inside one write: a refused batch leaves nothing behind. The chain's write lock is taken
 * first. `storeId` is where the events are filed ('' when a shop takes its own chains back
 * from head office), `identity` the shop they must belong to.
 */
export async function replicate(writer: StoreWriter, storeId: string, chain: string, events: readonly ReplicaEvent[], identity = storeId, cardInCapture?: CardInCaptureBytes): Promise<ReplicateResult> {
  const held = await writer.lastEvent(chain, storeId);
  const linked = await linkBatch(writer, checkBatch(storeId, chain, events, identity, cardInCapture), held);
  await storeLinked(writer, [linked]);
  return linked.result;
}

/** What became of one batch of a group: its answer, or why it was refused (nothing of it stored). */
export type GroupOutcome = { ok: true; result: ReplicateResult } | { ok: false; error: unknown };

/**
 * Several chains' checked batches in one write (group commit): each chain locked and its head
 * read (in one order, so two groups never deadlock), each batch linked on its own — a refused
 * one is left out and answered with its refusal, the others stored together, one statement a
 * table. At most one batch a chain.
 */
export async function replicateGroup(writer: StoreWriter, batches: readonly CheckedBatch[]): Promise<GroupOutcome[]> {
  const order = batches.map((_, i) => i).sort((a, b) => chainOrder(batches[a] as CheckedBatch, batches[b] as CheckedBatch));
  const held = await writer.chainTips(order.map((i) => ({ storeId: (batches[i] as CheckedBatch).storeId, terminalId: (batches[i] as CheckedBatch).chain })));
  const tips = new Map<number, ChainTip | undefined>(order.map((i, n) => [i, held[n]]));
  const outcomes: GroupOutcome[] = [];
  const linked: LinkedBatch[] = [];
  for (const [i, b] of batches.entries()) {
    try {
      const l = await linkBatch(writer, b, tips.get(i));
      linked.push(l);
      outcomes.push({ ok: true, result: l.result });
    } catch (error) {
      if (!(error instanceof ChainRefusedError)) throw error;
      outcomes.push({ ok: false, error });
    }
  }
  await storeLinked(writer, linked);
  return outcomes;
}

const chainOrder = (a: CheckedBatch, b: CheckedBatch) => (a.storeId < b.storeId ? -1 : a.storeId > b.storeId ? 1 : a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0);

/**
 * Why an event's content keeps it out of a journal — a card number anywhere in it, a payload
 * that cannot be read, a type or time no journal writes — or undefined: head office's ingest
 * and a restore from a backup file ask the same.
 */
export function eventContentRefusal(e: Pick<ReplicaEvent, 'type' | 'recordedAt' | 'payload'>, storeId: string, cardInCapture?: CardInCaptureBytes): string | undefined {
  return checkContent(e, storeId, undefined, cardInCapture).unreadable;
}

/**
 * What the content of an event must be for head office to take it — readable, no card number,
 * the shop's own identity — and the index row projected from it (once, for the check and the
 * write).
 */
function checkContent(e: Pick<ReplicaEvent, 'type' | 'recordedAt' | 'payload'>, storeId: string, identity: string | undefined, cardInCapture: CardInCaptureBytes | undefined, at?: number): Pick<CheckedEvent, 'unreadable' | 'otherStore' | 'index'> {
  // The envelope is stored and served as sent: a journal writes a type of words and a UTC time, nothing else.
  if (!EVENT_TYPE.test(e.type)) return { unreadable: 'its type is not an event type (words joined by dots)' };
  if (!RECORDED_AT.test(e.recordedAt)) return { unreadable: 'its time is not an ISO 8601 time' };
  let payload: unknown;
  let index: IndexRow | undefined;
  try {
    payload = JSON.parse(e.payload);
    // Its numbers as the shop wrote them (the parsed value keeps 15–17 digits, and the text is stored as sent), and no key twice.
    checkJsonText(e.payload, '', shopNumberHoldsCard);
    // The index row is rebuilt from the event; one that cannot be is refused rather than stored unindexed.
    // No content hash: schema 7 stores none (the payload holds what it is computed from).
    index = projectPayload({ id: 0, storeId, type: e.type }, payload, false);
  } catch (error) {
    // A captured job passes the journal's door again: one holding a full card number says so.
    return { unreadable: error instanceof InputError && error.code === 'PAN_NOT_MASKED' ? 'it holds a full card number' : `its ${e.type} payload cannot be read` };
  }
  if (e.type === EventTypes.transactionRecorded) {
    // The shop's door refused full card numbers; head office checks again rather than trust it.
    try {
      checkTransactionCardData((payload as TransactionRecordedPayload).transaction);
    } catch {
      return { unreadable: 'it holds a full card number' };
    }
    // Beside the sale, what the shop's journal wrote (its id, who recorded it): no card number either.
    const found = cardNumberIn({ ...(payload as TransactionRecordedPayload), transaction: undefined }, 0);
    if (found !== false) return { unreadable: found === true ? 'it holds a full card number' : `its ${e.type} payload is nested too deep` };
  } else if (e.type === EventTypes.captureRecorded) {
    // Its text and fields passed the journal's door above; its bytes are what a preview or a duplicate prints.
    try {
      if (cardInCapture?.(payload as CaptureRecordedPayload, at)) return { unreadable: 'it holds a full card number' };
    } catch {
      return { unreadable: `its ${e.type} bytes cannot be read` };
    }
  } else {
    // Every other event (audit, print, store …) was masked by the shop's journal on its way in:
    // one that still holds a full card number was not written by it, and is not taken either.
    const found = cardNumberIn(payload, 0);
    if (found !== false) return { unreadable: found === true ? 'it holds a full card number' : `its ${e.type} payload is nested too deep` };
  }
  if (identity !== undefined && e.type === StoreEventTypes.identified && (payload as StoreIdentifiedPayload).storeId !== identity) return { otherStore: (payload as StoreIdentifiedPayload).storeId, index };
  return { index };
}

/** Nesting an event's payload may have for the walk below (the shop's are a few levels deep). */
const MAX_PAYLOAD_DEPTH = 32;

const EVENT_TYPE = /^[a-z][a-z-]*(?:\.[a-z][a-z-]*)+$/;
const RECORDED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * A JSON number, as the shop wrote it, whose digits (a fraction's too: 4111111111.111111)
 * hold a card number by a network's prefix and length and the Luhn check; or one no journal
 * writes, with 13 digits or more and an exponent, more than 19 digits, or too long to keep
 * its digits once read. The shop's own numbers (times in ms, job ids, sizes, counts) are
 * not: a 13-digit time starts with no network's prefix of that length.
 */
export function shopNumberHoldsCard(number: string): boolean {
  const [mantissa = '', exponent] = number.toLowerCase().split('e');
  const digits = mantissa.replace(/[-+.]/g, '');
  if (digits.length < 13) return false;
  if (exponent !== undefined || digits.length > 19) return true;
  if (!mantissa.includes('.') && !Number.isSafeInteger(Number(mantissa))) return true;
  for (let start = 0; start + 13 <= digits.length; start++) {
    const lengths = networkLengthsAt(digits, start);
    for (let length = 13; start + length <= digits.length; length++) {
      if ((lengths >> length) & 1 && luhnValid(digits.slice(start, start + length))) return true;
    }
  }
  return false;
}

/** Whether a string or key of a payload holds a full card number (true), or the payload is nested past MAX_PAYLOAD_DEPTH ('deep'); its numbers are read as written (shopNumberHoldsCard). */
function cardNumberIn(value: unknown, depth: number): boolean | 'deep' {
  if (typeof value === 'string') return containsPan(value);
  if (value === null || typeof value !== 'object') return false;
  if (depth >= MAX_PAYLOAD_DEPTH) return 'deep';
  for (const [key, inner] of Array.isArray(value) ? value.entries() : Object.entries(value as Record<string, unknown>)) {
    if (typeof key === 'string' && containsPan(key)) return true;
    const found = cardNumberIn(inner, depth + 1);
    if (found !== false) return found;
  }
  return false;
}
