import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_CHAIN } from '../src/journal/index.js';
import { createApp } from '../src/server/index.js';
import { sale } from './support/fixtures.js';
import { httpClient, type Who } from './support/http-client.js';
import { serverHarness, type Harness } from './support/server-harness.js';

/**
 * A step-up approver limited to other stores than the sale's lets no copy of it leave: neither
 * a marked duplicate nor the unmarked original (a review helper found the original printed on
 * the say-so of a supervisor who could not even find the sale).
 */

let h: Harness;
let app: ReturnType<typeof createApp>;
let client: ReturnType<typeof httpClient>;
/** A sale of another terminal than li's, one minute old. */
const OTHER = '10023457-000128-000602';
/** Another one, for the reprint. */
const OTHER2 = '10023457-000128-000603';
const EN = { 'Accept-Language': 'en' };
const ZH = { 'Accept-Language': 'zh-CN' };

async function audit(type: string): Promise<Record<string, unknown>[]> {
  const events = await h.opened.journal.eventsOf(AUDIT_CHAIN, { limit: 10_000 });
  return events.filter((e) => e.type === type).map((e) => JSON.parse(e.payload) as Record<string, unknown>).reverse();
}

const jobsOf = (id: string) => h.opened.journal.jobs({ transactionId: id });

let li: Who;
const far = { username: 'far', password: 'far-password' };

beforeAll(async () => {
  h = await serverHarness({ printWaitMs: 3000 });
  app = createApp(h.deps);
  client = httpClient(app);
  // The shop is SH-001; "far" supervises SH-002 only (a regional supervisor of another store), "near" both.
  await h.opened.journal.identifyStore('SH-001');
  await h.auth.addUser({ name: 'far', role: 'supervisor', operatorNo: '91', stores: 'SH-002', password: 'far-password' }, 'root');
  await h.auth.addUser({ name: 'near', role: 'supervisor', operatorNo: '92', stores: 'SH-002,SH-001', password: 'near-password' }, 'root');
  const minuteAgo = new Date(h.clock.now - 60_000).toISOString();
  await h.opened.journal.recordMany([
    sale({ terminalId: '10023457', voucherNo: '000602', referenceNo: '133041825602', occurredAt: minuteAgo }),
    sale({ terminalId: '10023457', voucherNo: '000603', referenceNo: '133041825603', occurredAt: minuteAgo }),
  ]);
  li = await client.bearer('li');
});
afterAll(() => h.close());

describe('an approver limited to other stores', () => {
  it("cannot find this shop's sale, nor approve a reprint of it", async () => {
    expect((await client.call('GET', `/api/v1/transactions/${OTHER2}`, { as: await client.bearer('far') })).status).toBe(404);
    const r = await client.call('POST', `/api/v1/transactions/${OTHER2}/reprints`, { as: li, body: { reason: 'paper_jam', approver: far } });
    await client.problem(r, 403, 'APPROVER_OTHER_STORE');
    expect(await jobsOf(OTHER2)).toEqual([]);
  });

  it('may not approve printing its original either, in English and Chinese: journaled as print.refused, nothing queued', async () => {
    const en = await client.problem(await client.call('POST', `/api/v1/transactions/${OTHER}/print`, { as: li, body: { approver: far }, headers: EN }), 403, 'APPROVER_OTHER_STORE');
    expect(en.body).toMatchObject({ title: 'Approver of another store', detail: 'far may not approve printing the original of a sale of store SH-001' });
    const zh = await client.problem(await client.call('POST', `/api/v1/transactions/${OTHER}/print`, { as: li, body: { approver: far }, headers: ZH }), 403, 'APPROVER_OTHER_STORE');
    expect(zh.body).toMatchObject({ title: '不能授权其他门店的打印', detail: 'far 不能授权打印门店 SH-001 的交易原始凭证' });
    expect(await jobsOf(OTHER)).toEqual([]);
    expect(await audit('print.original')).toEqual([]);
    expect((await audit('print.refused')).at(-1)).toMatchObject({ saleId: OTHER, user: 'li', approver: 'far', code: 'APPROVER_OTHER_STORE' });
  });

  it('an approver whose stores include the sale\'s prints it', async () => {
    const r = await client.call('POST', `/api/v1/transactions/${OTHER}/print`, { as: li, body: { approver: { username: 'near', password: 'near-password' } } });
    expect(r.status, await r.clone().text()).toBe(201);
    expect((await audit('print.original')).at(-1)).toMatchObject({ saleId: OTHER, user: 'li', approver: 'near', basis: 'approved' });
  });
});
