/**
 * Head office's audit view: each entry says whose audit chain holds it, and a shop's own
 * words cannot say otherwise (a shop pushes whatever its journal holds; its token names it).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore } from '../src/app.js';
import { Journal, type EventRow } from '../src/journal/index.js';
import { createApp } from '../src/server/index.js';
import { httpClient, type Who } from './support/http-client.js';
import { serverHarness, type Harness } from './support/server-harness.js';
import { runCli } from './support/cli.js';

let h: Harness;
let http: ReturnType<typeof httpClient>;
let root: Who;

beforeAll(async () => {
  h = await serverHarness({ printWaitMs: 0 });
  // SH-003's journal holds an audit entry whose payload names SH-001: pushed with SH-003's token, it is SH-003's.
  const shop = new Journal({ store: await openStore(`${h.dir.path}/c.db`, { create: true }), clock: () => Date.parse('2026-11-27T07:00:00Z') });
  try {
    await shop.identifyStore('SH-003');
    await shop.appendAudit('reprint.issued', { user: 'mallory', storeId: 'SH-001', saleId: '10023456-000128-000457', at: '2026-11-27T07:00:00.000Z' });
    for (const head of await shop.chainHeads()) {
      const events = await shop.eventsAfter('', head.terminalId, 0, 10_000);
      await h.opened.journal.replicate('SH-003', head.terminalId, events.map(({ seq, type, recordedAt, payload, prevHash, hash }: EventRow) => ({ seq, type, recordedAt, payload, prevHash, hash })));
    }
  } finally {
    await shop.close();
  }
  await h.auth.addUser({ name: 'ann', role: 'auditor', password: 'ann-password', stores: 'SH-001' }, 'root');
  http = httpClient(createApp(h.deps));
  root = await http.bearer('root');
});

afterAll(async () => {
  await h?.close();
});

it("shows a shop's audit entry as that shop's, whatever store its payload names", async () => {
  const all = (await (await http.call('GET', '/api/v1/audit?user=mallory', { as: root })).json()) as { items: { storeId?: string; user?: string }[] };
  expect(all.items).toEqual([expect.objectContaining({ storeId: 'SH-003', user: 'mallory' })]);
  const ann = await http.bearer('ann');
  expect(((await (await http.call('GET', '/api/v1/audit?user=mallory', { as: ann })).json()) as { items: unknown[] }).items).toEqual([]);
});

it("says the same on the command line (reissue audit --json)", async () => {
  const out = await runCli(h.dir.path, ['audit', '--json', '--user', 'mallory', '--db', h.db], { env: { REISSUE_TZ: 'Asia/Shanghai', REISSUE_LANG: 'en' } });
  expect(out.code, out.stderr).toBe(0);
  expect(JSON.parse(out.stdout)).toEqual([expect.objectContaining({ storeId: 'SH-003', user: 'mallory', type: 'reprint.issued' })]);
});
