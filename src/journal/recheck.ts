import { IntegrityError } from '../core/index.js';
import { GENESIS_HASH, eventHash } from './hash-chain.js';
import type { EventRow, JournalStore } from './store.js';

/**
 * What is wrong with one event as its chain holds it, or undefined: its hash recomputed
 * from its content, its link to the event before it, and the link of the event after it.
 * Anything rendered from the journal (a reprint, a preview, a verification) passes this
 * first, so an edited record is never printed or called genuine between two `verify` runs.
 */
export async function eventProblem(store: Pick<JournalStore, 'eventAt'>, event: EventRow): Promise<string | undefined> {
  const label = `event ${event.seq} of chain ${event.terminalId}`;
  if (eventHash(event) !== event.hash) return `${label} was edited after it was recorded (its hash no longer matches its content)`;
  const before = event.seq > 1 ? await store.eventAt(event.terminalId, event.seq - 1) : undefined;
  const expected = event.seq === 1 ? GENESIS_HASH : before?.hash;
  if (expected === undefined) return `the event before ${label} is missing`;
  if (event.prevHash !== expected) return `${label} does not link to the event before it`;
  const after = await store.eventAt(event.terminalId, event.seq + 1);
  if (after && after.prevHash !== event.hash) return `the event after ${label} does not link to it: one of them was changed`;
  return undefined;
}

/** Throws RECORD_ALTERED when the event does not match its chain (see eventProblem). */
export async function recheckEvent(store: Pick<JournalStore, 'eventAt'>, event: EventRow, id: string): Promise<void> {
  const problem = await eventProblem(store, event);
  if (problem === undefined) return;
  throw new IntegrityError('RECORD_ALTERED', `the journal record of ${id} does not match its chain: ${problem}; it is not shown, printed or called genuine`, {
    hint: 'run `reissue verify` to see the damage, and restore the journal from a backup',
    context: { id, chain: event.terminalId, seq: event.seq },
  });
}
