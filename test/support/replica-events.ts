import { EventTypes, GENESIS_HASH, eventHash, prepareTransaction, type ReplicaEvent } from '../../src/journal/index.js';
import { nthSale } from './fixtures.js';

/** Sales `numbers` of a shop's terminal as its outbox sends them: hash-linked after `after`, as the shop's journal links them. */
export function replicaSales(storeId: string, terminalId: string, numbers: readonly number[], after: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH }): ReplicaEvent[] {
  const out: ReplicaEvent[] = [];
  for (const n of numbers) {
    const p = prepareTransaction(nthSale(n, { terminalId }));
    const prev = out.at(-1) ?? after;
    const event = { seq: prev.seq + 1, type: EventTypes.transactionRecorded, recordedAt: new Date(p.occurredAt + 1000).toISOString(), payload: `{"id":${JSON.stringify(p.id)},"transaction":${p.text}}`, prevHash: prev.hash };
    out.push({ ...event, hash: eventHash({ ...event, storeId, terminalId }) });
  }
  return out;
}
