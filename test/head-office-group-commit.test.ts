/**
 * Head office's group commit on PostgreSQL: batches of several shops pushed at once are
 * stored in fewer writes than batches, yet each is answered on its own — a fork or a broken
 * link is refused at its exact position while the other shops' batches of the same group are
 * stored, a group whose write fails (a sale one shop sent twice on two chains) is written
 * again batch by batch so the other shops lose nothing, and a batch delivered twice at once
 * is stored once.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/app.js';
import { ChainRefusedError, GENESIS_HASH, Journal, eventHash, type JournalStore, type ReplicaEvent } from '../src/journal/index.js';
import { replicaSales as sales } from './support/replica-events.js';
import { startPostgres, type PostgresServer } from './support/postgres-server.js';

let server: PostgresServer;
let store: JournalStore;
let hq: Journal;

beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(async () => {
  await server.stop();
});
beforeEach(async () => {
  store = await openStore(await server.createDatabase());
  hq = new Journal({ store });
  return () => hq.close();
});

const settled = (pushes: Promise<unknown>[]) => Promise.all(pushes.map((p) => p.then((value) => ({ value }), (error: unknown) => ({ error }))));

describe("head office's group commit", () => {
  it('stores the batches of many shops pushed at once in fewer commits, and refuses a fork or broken link at its position without touching the others', async () => {
    // What head office holds already of shop S2's chain: a fork must be told from it.
    const held = sales('S2', '10000002', [1, 2, 3]);
    await hq.replicate('S2', '10000002', held);
    const before = store.commits;
    const good = ['S1', 'S3', 'S4', 'S5'].map((id, i) => ({ id, chain: `1000000${i + 3}`, events: sales(id, `1000000${i + 3}`, [10 * i + 1, 10 * i + 2]) }));
    // S2 sends another event 2 (a fork); S6 a batch whose second event does not link to its first.
    const fork = sales('S2', '10000002', [99], held[0]);
    const broken = sales('S6', '10000009', [51, 52]);
    broken[1] = { ...(broken[1] as ReplicaEvent), prevHash: 'f'.repeat(64) };
    broken[1] = { ...(broken[1] as ReplicaEvent), hash: eventHash({ ...(broken[1] as ReplicaEvent), storeId: 'S6', terminalId: '10000009' }) };
    const results = await settled([
      ...good.slice(0, 2).map((g) => hq.replicate(g.id, g.chain, g.events)),
      hq.replicate('S2', '10000002', fork),
      hq.replicate('S6', '10000009', broken),
      ...good.slice(2).map((g) => hq.replicate(g.id, g.chain, g.events)),
    ]);
    expect(results.map((r) => ('value' in r ? r.value : undefined))).toEqual([
      expect.objectContaining({ accepted: 2, duplicates: 0 }),
      expect.objectContaining({ accepted: 2, duplicates: 0 }),
      undefined,
      undefined,
      expect.objectContaining({ accepted: 2, duplicates: 0 }),
      expect.objectContaining({ accepted: 2, duplicates: 0 }),
    ]);
    const [forkError, brokenError] = [results[2], results[3]].map((r) => (r && 'error' in r ? r.error : undefined));
    expect(forkError).toBeInstanceOf(ChainRefusedError);
    expect(forkError).toMatchObject({ code: 'CHAIN_FORK', position: { storeId: 'S2', chain: '10000002', seq: 2, held: { seq: 3 } } });
    expect(brokenError).toMatchObject({ code: 'CHAIN_BROKEN_LINK', position: { storeId: 'S6', chain: '10000009', seq: 2, held: { seq: 0 } } });
    // Six batches, fewer commits: the ones that came while a write was under way went together.
    expect(store.commits - before).toBeLessThan(6);
    for (const g of good) expect((await hq.eventsAfter(g.id, g.chain, 0, 10)).map((e) => e.hash)).toEqual(g.events.map((e) => e.hash));
    expect(await hq.counts('S2')).toEqual({ events: 3, transactions: 3 });
    expect(await hq.counts('S6')).toEqual({ events: 0, transactions: 0 });
    expect((await hq.verify()).ok).toBe(true);
  });

  it("writes a failed group's batches again one by one: a shop that sent one sale on two chains is refused alone", async () => {
    // S7 sends sale 5 on a second chain: the same sale id in one shop, which the database refuses.
    const first = sales('S7', '20000001', [5]);
    await hq.replicate('S7', '20000001', first);
    const copy: ReplicaEvent = { ...(first[0] as ReplicaEvent), prevHash: GENESIS_HASH };
    const twice = [{ ...copy, hash: eventHash({ ...copy, storeId: 'S7', terminalId: '20000002' }) }];
    const others = ['S8', 'S9', 'S10'].map((id, i) => ({ id, events: sales(id, '20000001', [20 + i, 30 + i]) }));
    const results = await settled([hq.replicate('S8', '20000001', others[0]?.events ?? []), hq.replicate('S9', '20000001', others[1]?.events ?? []), hq.replicate('S7', '20000002', twice), hq.replicate('S10', '20000001', others[2]?.events ?? [])]);
    expect(results.map((r) => 'value' in r)).toEqual([true, true, false, true]);
    for (const o of others) expect(await hq.counts(o.id)).toEqual({ events: 2, transactions: 2 });
    expect(await hq.counts('S7')).toEqual({ events: 1, transactions: 1 });
  });

  it('stores a batch delivered twice at once once, and answers the second as duplicates', async () => {
    const events = sales('S11', '20000001', [1, 2, 3]);
    const [a, b] = await Promise.all([hq.replicate('S11', '20000001', events), hq.replicate('S11', '20000001', events)]);
    expect([a, b]).toEqual([expect.objectContaining({ accepted: 3, duplicates: 0 }), expect.objectContaining({ accepted: 0, duplicates: 3, head: a.head })]);
    expect(await hq.counts('S11')).toEqual({ events: 3, transactions: 3 });
  });
});
