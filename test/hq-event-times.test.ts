/**
 * Head office on PostgreSQL splits events, sales and captured jobs by month: the times a shop
 * pushes decide which tables it makes. Times far from head office's clock are refused before
 * anything is written; the months a legitimate push needs are made in one go.
 */
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHeadOffice, type OpenedHeadOffice } from '../src/app.js';
import { EventTypes, GENESIS_HASH, eventHash, prepareTransaction, type ReplicaEvent } from '../src/journal/index.js';
import { SYNC_PATHS } from '../src/sync/index.js';
import { createApp } from '../src/server/index.js';
import { nthSale } from './support/fixtures.js';
import { postgresEngine } from './support/engines.js';
import { startPostgres, type PostgresServer } from './support/postgres-server.js';
import { START, serverHarness, type Harness } from './support/server-harness.js';

/** Events of `chain` as a shop's outbox sends them, one a time of `times`, hash-linked from genesis. */
function linked(chain: string, times: readonly string[], payloadOf: (i: number) => { type: string; payload: string }): ReplicaEvent[] {
  const out: ReplicaEvent[] = [];
  for (const [i, recordedAt] of times.entries()) {
    const prev = out.at(-1) ?? { seq: 0, hash: GENESIS_HASH };
    const event = { seq: prev.seq + 1, recordedAt, prevHash: prev.hash, ...payloadOf(i) };
    out.push({ ...event, hash: eventHash({ ...event, storeId: '', terminalId: chain }) });
  }
  return out;
}

/** The 15th of `count` months in a row, from `firstMonth` (0-based, as Date.UTC counts) of `firstYear`. */
const monthly = (firstYear: number, firstMonth: number, count: number) => Array.from({ length: count }, (_, i) => new Date(Date.UTC(firstYear, firstMonth + i, 15)).toISOString());

const reprint = (i: number) => ({ type: 'reprint.issued', payload: JSON.stringify({ user: 'clerk', n: i }) });

describe('the times head office takes from a shop (PostgreSQL)', () => {
  let server: PostgresServer | undefined;
  let h: Harness;
  let hq: OpenedHeadOffice;
  let app: ReturnType<typeof createApp>;
  let token: string;

  beforeAll(async () => {
    server = await startPostgres();
    h = await serverHarness({ printWaitMs: 0 }, postgresEngine(() => server));
    hq = await openHeadOffice(h.db, h.opened.journal, h.context);
    token = (await hq.office.addShop('SH-001', '浦东店')).token;
    app = createApp({ ...h.deps, headOffice: hq.office });
  }, 120_000);
  afterAll(async () => {
    await hq?.close();
    await h?.close();
    await server?.stop();
  });

  const push = async (chain: string, events: readonly ReplicaEvent[]) => {
    const answer = await app.request(SYNC_PATHS.events(chain), {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
      body: gzipSync(JSON.stringify({ events })),
    });
    return { status: answer.status, code: ((await answer.json()) as { code?: string }).code };
  };

  async function partitions(): Promise<number> {
    const client = new pg.Client({ connectionString: h.db });
    await client.connect();
    try {
      const { rows } = await client.query("SELECT count(*)::int AS n FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname IN ('events', 'transactions', 'captures')");
      return rows[0].n as number;
    } finally {
      await client.end();
    }
  }

  it('refuses audit events dated across the centuries, as often as they come, and makes no month for them', async () => {
    const before = await partitions();
    // One a month from year 1700 on: a shop with a broken clock, or a hostile one; its outbox tries again every round.
    const events = linked('audit', monthly(1700, 0, 400), reprint);
    const answers = [];
    for (let round = 0; round < 3; round++) answers.push(await push('audit', events));
    expect({ answers, made: (await partitions()) - before }).toEqual({ answers: Array(3).fill({ status: 409, code: 'CHAIN_TIME_REFUSED' }), made: 0 });
  });

  it('refuses events more than a year ahead of its clock, and a sale from before the years it takes', async () => {
    const before = await partitions();
    const ahead = new Date(START + 400 * 86_400_000).toISOString();
    expect(await push('audit', linked('audit', [ahead], reprint))).toEqual({ status: 409, code: 'CHAIN_TIME_REFUSED' });
    // Recorded now, by the event's time; the sale itself 30 years back.
    const p = prepareTransaction(nthSale(1, { occurredAt: '1996-11-27T15:00:00+08:00' }));
    const sale = linked('10023456', [new Date(START).toISOString()], () => ({ type: EventTypes.transactionRecorded, payload: `{"id":${JSON.stringify(p.id)},"transaction":${p.text}}` }));
    expect(await push('10023456', sale)).toEqual({ status: 409, code: 'CHAIN_TIME_REFUSED' });
    expect((await partitions()) - before).toBe(0);
    // Both journaled at head office as integrity alerts, as every refusal is.
    const alerts = (await h.opened.journal.eventsOf('audit', { types: ['integrity.alert'], limit: 100 })).map((e) => JSON.parse(e.payload) as { code?: string });
    expect(alerts.filter((a) => a.code === 'CHAIN_TIME_REFUSED').length).toBeGreaterThanOrEqual(2);
  });

  it("takes a shop's first push of three years of history in one go, making the months it needs", async () => {
    const before = await partitions();
    // A shop that kept its journal for 40 months before it was connected to head office: one event a month, and a sale now.
    const start = new Date(START);
    const events = linked('printer:front', monthly(start.getUTCFullYear(), start.getUTCMonth() - 39, 40), reprint);
    expect(await push('printer:front', events)).toEqual({ status: 200, code: undefined });
    expect((await partitions()) - before).toBeGreaterThan(24);
    // A shop whose clock is months ahead of head office's is taken too: its events keep the times they were recorded with.
    const soon = linked('printer:back', [new Date(START + 90 * 86_400_000).toISOString()], reprint);
    expect((await push('printer:back', soon)).status).toBe(200);
  });
});
