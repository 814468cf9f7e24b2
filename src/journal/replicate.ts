import { ConflictError, InputError, checkTransactionCardData } from '../core/index.js';
import { EventTypes, type TransactionRecordedPayload } from './events.js';
import { GENESIS_HASH, eventHash } from './hash-chain.js';
import { projectEvent, writeIndexRows } from './projection.js';
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
export const ChainRefusalCodes = ['CHAIN_FORK', 'CHAIN_BROKEN_LINK', 'CHAIN_EDITED', 'CHAIN_GAP', 'CHAIN_UNREADABLE', 'CHAIN_OTHER_STORE'] as const;
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

  constructor(code: ChainRefusalCode, at: ChainPosition, message: string, hint: string) {
    super(code, `store ${at.storeId}, chain ${at.chain}, event ${at.seq}: ${message}`, { hint, context: { storeId: at.storeId, chain: at.chain, seq: at.seq, heldSeq: at.held.seq } });
    this.position = at;
  }
}

/**
 * Stores a batch of a shop's chain in this copy, as they are: only when it links to the head
 * held here (next sequence, same previous hash) and every event's hash recomputes from its
 * content; index rows are projected here from the events. Positions held already must hold
 * the very same event (a batch sent twice is a no-op); a different one is a fork. Runs inside
 * one write: a refused batch leaves nothing behind. The chain's write lock is taken first.
 * `storeId` is where the events are filed ('' when a shop takes its own chains back from
 * head office), `identity` the shop they must belong to.
 */
export async function replicate(writer: StoreWriter, storeId: string, chain: string, events: readonly ReplicaEvent[], identity = storeId): Promise<ReplicateResult> {
  const tip: ChainTip = (await writer.lastEvent(chain, storeId)) ?? { seq: 0, hash: GENESIS_HASH };
  const first = events[0];
  if (!first) return { accepted: 0, duplicates: 0, head: tip };
  events.forEach((e, i) => {
    if (!Number.isSafeInteger(e.seq) || e.seq !== first.seq + i || e.seq < 1) {
      throw new InputError('BAD_REPLICA_BATCH', `the events of chain ${chain} are not consecutive from ${first.seq}`, { hint: 'send one chain\'s events in order, each sequence number once', context: { chain, seq: e.seq } });
    }
  });
  const at = (seq: number): ChainPosition => ({ storeId, chain, seq, held: tip });
  for (const e of events) {
    if (eventHash({ ...e, storeId, terminalId: chain }) !== e.hash) throw new ChainRefusedError('CHAIN_EDITED', at(e.seq), 'its hash does not recompute from its content: it was changed after it was recorded', 'the shop\'s journal was altered at this event; run `reissue verify` at the shop');
  }
  if (first.seq > tip.seq + 1) throw new ChainRefusedError('CHAIN_GAP', at(first.seq), `head office holds this chain up to event ${tip.seq}`, `send from event ${tip.seq + 1}`);
  const last = events[events.length - 1] ?? first;
  const held = first.seq <= tip.seq ? await writer.chainRange(storeId, chain, first.seq, Math.min(tip.seq, last.seq)) : [];
  for (const [i, ours] of held.entries()) {
    const theirs = events[i];
    if (theirs && ours.hash !== theirs.hash) throw new ChainRefusedError('CHAIN_FORK', at(theirs.seq), 'head office holds a different event at this position', 'the shop\'s journal no longer matches what it sent before: it was altered or replaced; compare with `reissue verify` at the shop');
  }
  const fresh: NewEventRow[] = [];
  let head = tip;
  for (const e of events.slice(held.length)) {
    if (e.prevHash !== head.hash) throw new ChainRefusedError('CHAIN_BROKEN_LINK', at(e.seq), `it does not link to event ${head.seq} held at head office`, 'the shop\'s chain was altered here; run `reissue verify` at the shop');
    checkContent(e, identity, at(e.seq));
    fresh.push({ storeId, terminalId: chain, seq: e.seq, type: e.type, recordedAt: e.recordedAt, payload: e.payload, prevHash: e.prevHash, hash: e.hash });
    head = { seq: e.seq, hash: e.hash };
  }
  if (fresh.length > 0) {
    const ids = await writer.insertEvents(fresh);
    await writeIndexRows(writer, fresh.map((e, i) => ({ ...e, id: ids[i] ?? 0 })));
  }
  return { accepted: fresh.length, duplicates: held.length, head };
}

/** What the content of an event must be for head office to take it: readable, no card number, the shop's own identity. */
function checkContent(e: ReplicaEvent, storeId: string, at: ChainPosition): void {
  const unreadable = (message: string) => new ChainRefusedError('CHAIN_UNREADABLE', at, message, 'this event cannot be taken as it is; run `reissue verify` at the shop');
  let payload: unknown;
  try {
    payload = JSON.parse(e.payload);
    // The index row is rebuilt from the event; one that cannot be is refused rather than stored unindexed.
    projectEvent({ id: 0, storeId, type: e.type, payload: e.payload });
  } catch (error) {
    // A captured job passes the journal's door again: one holding a full card number says so.
    throw unreadable(error instanceof InputError && error.code === 'PAN_NOT_MASKED' ? 'it holds a full card number' : `its ${e.type} payload cannot be read`);
  }
  if (e.type === EventTypes.transactionRecorded) {
    // The shop's door refused full card numbers; head office checks again rather than trust it.
    try {
      checkTransactionCardData((payload as TransactionRecordedPayload).transaction);
    } catch {
      throw unreadable('it holds a full card number');
    }
  }
  if (e.type === StoreEventTypes.identified && (payload as StoreIdentifiedPayload).storeId !== storeId) {
    throw new ChainRefusedError('CHAIN_OTHER_STORE', at, `it names store ${(payload as StoreIdentifiedPayload).storeId}: this journal belongs to another shop`, 'each shop pushes with its own token');
  }
}
