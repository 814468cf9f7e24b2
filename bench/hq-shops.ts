import { EventTypes, GENESIS_HASH, eventHash, prepareBatch, type ReplicaEvent } from '../src/journal/index.js';
import { generateSales } from '../src/seed/index.js';
import { DAYS, TIME_ZONE, UNTIL } from './setup.js';

/** A sync batch holds at most this many events (MAX_BATCH_EVENTS). */
export const BATCH = 1000;

/** One batch as a shop's outbox sends it: consecutive events of one of its chains. */
export interface Push {
  storeId: string;
  chain: string;
  events: ReplicaEvent[];
}

/**
 * A shop's journal as head office receives it: its own sales (its own seed: its own terminal
 * numbers), hash-chained per terminal exactly as the shop's journal chains them, cut into
 * batches of at most BATCH events; one list of batches per chain, to be sent in order.
 */
export function shopPushes(storeId: string, seed: number, sales: number): Push[][] {
  const prepared = prepareBatch([...generateSales({ count: sales, seed, until: UNTIL, timeZone: TIME_ZONE, days: DAYS })]);
  if (!prepared.ok) throw prepared.error;
  const chains = new Map<string, ReplicaEvent[]>();
  for (const p of prepared.items) {
    const events = chains.get(p.terminalId) ?? [];
    chains.set(p.terminalId, events);
    const last = events.at(-1);
    const event = {
      seq: (last?.seq ?? 0) + 1,
      type: EventTypes.transactionRecorded,
      recordedAt: new Date(p.occurredAt + 2000).toISOString(),
      payload: `{"id":${JSON.stringify(p.id)},"transaction":${p.text}}`,
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    events.push({ ...event, hash: eventHash({ ...event, storeId, terminalId: p.terminalId }) });
  }
  return [...chains].map(([chain, events]) => {
    const pushes: Push[] = [];
    for (let i = 0; i < events.length; i += BATCH) pushes.push({ storeId, chain, events: events.slice(i, i + BATCH) });
    return pushes;
  });
}

