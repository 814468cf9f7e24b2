import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_CHAIN } from '../src/journal/index.js';
import { originalRequests } from '../src/printer/index.js';
import { createApp } from '../src/server/index.js';
import { sale } from './support/fixtures.js';
import { OLD, RECENT, serverHarness, type Harness } from './support/server-harness.js';
import { problemOf } from './support/problem.js';

/**
 * Issue 9 item 9: printing an original over HTTP keeps to the policy of the last-receipt
 * reprint (own terminal, within the cashier window, never printed before; else refused or
 * approved), journals who asked, takes only configured printer names, and says nothing about
 * the network in its answers.
 */

let h: Harness;
let app: ReturnType<typeof createApp>;
const EN = { 'Accept-Language': 'en' };
const ZH = { 'Accept-Language': 'zh-CN' };
/** A sale of li's terminal, one minute old. */
const FRESH = '10023456-000128-000601';
/** A sale of another terminal, one minute old. */
const OTHER = '10023457-000128-000602';
/** A sale of li's terminal, older than the 180-day reprint window. */
const ANCIENT = '10023456-000128-000603';

function call(method: string, path: string, as: string | undefined, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(
    app.request(`http://localhost${path}`, {
      method,
      headers: { ...headers, ...(as ? { Authorization: `Bearer ${as}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
}

async function bearer(username: string): Promise<string> {
  const response = await call('POST', '/api/v1/auth/login', undefined, { username, password: `${username}-password`, bearer: true });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

const problem = problemOf;

async function audit(type: string): Promise<Record<string, unknown>[]> {
  const events = await h.opened.journal.eventsOf(AUDIT_CHAIN, { limit: 10_000 });
  // Newest first from the store; oldest first here, so .at(-1) is the latest.
  return events.filter((e) => e.type === type).map((e) => JSON.parse(e.payload) as Record<string, unknown>).reverse();
}

const jobsOf = (id: string) => h.opened.journal.jobs({ transactionId: id });

let li = '';
let root = '';

beforeAll(async () => {
  h = await serverHarness({ printWaitMs: 3000 });
  app = createApp(h.deps);
  const minuteAgo = new Date(h.clock.now - 60_000).toISOString();
  await h.opened.journal.recordMany([
    sale({ voucherNo: '000601', referenceNo: '133041825601', occurredAt: minuteAgo, card: undefined, payments: [{ method: 'cash', amount: '128.50' }] }),
    sale({ terminalId: '10023457', voucherNo: '000602', referenceNo: '133041825602', occurredAt: minuteAgo }),
    sale({ voucherNo: '000603', referenceNo: '133041825603', occurredAt: '2026-04-01T10:00:00+08:00' }),
  ]);
  li = await bearer('li');
  root = await bearer('root');
});
afterAll(() => h.close());

describe('who may print an original', () => {
  it("lets a cashier print a fresh sale of their own terminal, and journals who asked", async () => {
    const printed = await call('POST', `/api/v1/transactions/${FRESH}/print`, li, {});
    expect(printed.status, await printed.clone().text()).toBe(201);
    const body = (await printed.json()) as { job: { id: number; printer: string } };
    expect(body.job.printer).toBe('front');
    expect((await audit('print.original')).at(-1)).toMatchObject({ saleId: FRESH, user: 'li', approver: null, basis: 'own-terminal', printer: 'front', jobIds: [body.job.id] });
  });

  it('refuses it twice, in English and Chinese, and journals the refusal', async () => {
    const en = await problem(await call('POST', `/api/v1/transactions/${FRESH}/print`, li, {}, EN), 409, 'ALREADY_PRINTED');
    expect(en.title).toBe('Already printed');
    const zh = await problem(await call('POST', `/api/v1/transactions/${FRESH}/print`, li, {}, ZH), 409, 'ALREADY_PRINTED');
    expect(zh.title).toMatch(/[\u4e00-\u9fff]/);
    expect((await audit('print.refused')).at(-1)).toMatchObject({ saleId: FRESH, user: 'li', code: 'ALREADY_PRINTED' });
    // A cash sale's receipt has one face: its "merchant copy" would be the same paper, unmarked, again.
    for (const asked of [{ copy: 'merchant' }, { template: 'retail', copy: 'merchant' }]) await problem(await call('POST', `/api/v1/transactions/${FRESH}/print`, li, asked, EN), 409, 'ALREADY_PRINTED');
    expect(await jobsOf(FRESH)).toHaveLength(1);
  });

  it('refuses a sale older than the cashier window without a supervisor, in English and Chinese, printing nothing', async () => {
    const en = await problem(await call('POST', `/api/v1/transactions/${OLD}/print`, li, {}, EN), 403, 'ORIGINAL_APPROVAL_REQUIRED');
    expect(en).toMatchObject({ title: 'Supervisor approval needed: over 10 minutes', detail: `sale ${OLD} is more than 10 minutes old: a supervisor must approve printing its original` });
    const zh = await problem(await call('POST', `/api/v1/transactions/${OLD}/print`, li, {}, ZH), 403, 'ORIGINAL_APPROVAL_REQUIRED');
    expect(zh).toMatchObject({ title: '需主管授权：超过 10 分钟', detail: `交易 ${OLD} 已超过 10 分钟：打印原始凭证需要主管授权` });
    expect(await jobsOf(OLD)).toEqual([]);
    expect((await audit('print.refused')).at(-1)).toMatchObject({ saleId: OLD, user: 'li', approver: null, code: 'ORIGINAL_APPROVAL_REQUIRED', rule: 'too-old' });
    // The audit answer says why in the reader's language (the journaled event keeps only the code).
    for (const [headers, why] of [[ZH, '需主管授权'], [EN, 'Supervisor approval needed']] as const) {
      const answer = await call('GET', '/api/v1/audit?type=print.refused', root, undefined, headers);
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { items: Record<string, unknown>[] }).items[0]).toMatchObject({ saleId: OLD, code: 'ORIGINAL_APPROVAL_REQUIRED', why });
    }
    expect((await audit('print.refused')).at(-1)).not.toHaveProperty('why');
  });

  it("refuses another terminal's sale without a supervisor, in English and Chinese", async () => {
    const en = await problem(await call('POST', `/api/v1/transactions/${OTHER}/print`, li, {}, EN), 403, 'ORIGINAL_APPROVAL_REQUIRED');
    expect(en.detail).toBe(`sale ${OTHER} is from terminal 10023457, not yours: a supervisor must approve printing its original`);
    const zh = await problem(await call('POST', `/api/v1/transactions/${OTHER}/print`, li, {}, ZH), 403, 'ORIGINAL_APPROVAL_REQUIRED');
    expect(zh.detail).toBe(`交易 ${OTHER} 属于终端 10023457，不是您的终端：打印原始凭证需要主管授权`);
    expect(await jobsOf(OTHER)).toEqual([]);
  });

  it("refuses a wrong supervisor password and one's own approval, then prints with a supervisor's approval, journaling both people", async () => {
    const wrong = await problem(await call('POST', `/api/v1/transactions/${OTHER}/print`, li, { approver: { username: 'wang', password: 'not-it' } }, ZH), 403, 'APPROVAL_REFUSED');
    expect(wrong.title).toMatch(/[\u4e00-\u9fff]/);
    await problem(await call('POST', `/api/v1/transactions/${OTHER}/print`, li, { approver: { username: 'li', password: 'li-password' } }, EN), 403, 'SELF_APPROVAL');
    expect(await jobsOf(OTHER)).toEqual([]);
    const approved = await call('POST', `/api/v1/transactions/${OTHER}/print`, li, { approver: { username: 'wang', password: 'wang-password' } });
    expect(approved.status, await approved.clone().text()).toBe(201);
    expect((await audit('print.original')).at(-1)).toMatchObject({ saleId: OTHER, user: 'li', approver: 'wang', basis: 'approved' });
  });

  it('refuses the original of a sale past the reprint window to anyone, in English and Chinese', async () => {
    const en = await problem(await call('POST', `/api/v1/transactions/${ANCIENT}/print`, root, {}, EN), 403, 'ORIGINAL_WINDOW_PASSED');
    expect(en.detail).toBe(`sale ${ANCIENT} is older than 180 days: its original can no longer be printed`);
    const zh = await problem(await call('POST', `/api/v1/transactions/${ANCIENT}/print`, root, {}, ZH), 403, 'ORIGINAL_WINDOW_PASSED');
    expect(zh.detail).toBe(`交易 ${ANCIENT} 已超过 180 天：不能再打印原始凭证`);
    expect(await jobsOf(ANCIENT)).toEqual([]);
  });
});

describe('printers over HTTP', () => {
  let listener: Server;
  let connections = 0;
  let port = 0;

  beforeAll(async () => {
    listener = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    port = (listener.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => listener.close(() => resolve())));

  it('takes only configured printer names: an address is refused (404, zh and en) and never dialled', async () => {
    const address = `127.0.0.1:${port}`;
    const en = await problem(await call('POST', `/api/v1/transactions/${RECENT}/print`, root, { printer: address }, EN), 404, 'UNKNOWN_PRINTER');
    expect(en).toMatchObject({ detail: `no printer "${address}" in the configuration`, hint: 'use one of front, dead; a new printer is added by name in the configuration file' });
    const zh = await problem(await call('POST', `/api/v1/transactions/${RECENT}/print`, root, { printer: 'front', backup: address }, ZH), 404, 'UNKNOWN_PRINTER');
    expect(zh.detail).toBe(`配置里没有打印机“${address}”`);
    expect(zh.hint).not.toContain('主机:端口');
    await problem(await call('POST', `/api/v1/transactions/${RECENT}/reprints`, root, { reason: 'paper_jam', printer: address }), 404, 'UNKNOWN_PRINTER');
    await problem(await call('POST', `/api/v1/printers/${encodeURIComponent(address)}/test-page`, root), 404, 'UNKNOWN_PRINTER');
    await problem(await call('POST', `/api/v1/printers/${encodeURIComponent(address)}/cleaned`, root), 404, 'UNKNOWN_PRINTER');
    expect(await jobsOf(RECENT)).toEqual([]);
    // Anything dialled would have been accepted by now: the refusals came before any job existed.
    await new Promise<void>((resolve) => listener.getConnections(() => resolve()));
    expect(connections).toBe(0);
  });

  it('says a printer could not be reached without the error code, address or port, in job details and the printer list', async () => {
    const queued = await call('POST', `/api/v1/transactions/${RECENT}/print`, root, { printer: 'dead' }, { Prefer: 'respond-async' });
    expect(queued.status).toBe(202);
    const { job } = (await queued.json()) as { job: { id: number } };
    let seen: Record<string, any> = {};
    await expect
      .poll(async () => {
        seen = (await (await call('GET', `/api/v1/jobs/${job.id}`, root, undefined, ZH)).json()) as Record<string, any>;
        return seen.detailCode;
      }, { timeout: 15_000, interval: 100 })
      .toBe('retry');
    // The journal keeps the real cause for the shop's staff at the server.
    expect((await h.opened.journal.jobs({ transactionId: RECENT }))[0]?.detail).toMatch(/ECONNREFUSED/);
    const said = JSON.stringify(seen);
    expect(seen.detail).toMatch(/^retry in \d+ ms: the printer could not be reached$/);
    expect(said).not.toMatch(/ECONN|127\.0\.0\.1|:9\b|tcp:\/\//);
    const printers = JSON.stringify(await (await call('GET', '/api/v1/printers', root)).json());
    expect(printers).not.toMatch(/ECONN/);
  });
});

describe('cancelling a print job', () => {
  it('lets a supervisor cancel a job still waiting for its printer (journaled, nothing printed) so the original prints elsewhere; refuses a cashier, an ended job and a bad number', async () => {
    const { id } = await h.opened.journal.record(sale({ voucherNo: '000604', referenceNo: '133041825604', occurredAt: new Date(h.clock.now - 60_000).toISOString() }));
    const queued = await call('POST', `/api/v1/transactions/${id}/print`, root, { printer: 'dead' }, { Prefer: 'respond-async' });
    expect(queued.status).toBe(202);
    const { job } = (await queued.json()) as { job: { id: number } };
    // Waiting for a printer that does not answer: the original cannot be printed elsewhere meanwhile.
    await problem(await call('POST', `/api/v1/transactions/${id}/print`, root, { printer: 'front' }), 409, 'ALREADY_QUEUED');
    await problem(await call('POST', `/api/v1/jobs/${job.id}/cancel`, li), 403, 'PERMISSION_DENIED');
    const wang = await bearer('wang');
    const cancelled = await call('POST', `/api/v1/jobs/${job.id}/cancel`, wang, undefined, ZH);
    expect(cancelled.status, await cancelled.clone().text()).toBe(200);
    expect(await cancelled.json()).toMatchObject({ id: job.id, state: 'failed', final: true, detailCode: 'cancelled', detailText: '发送前已由 wang 取消' });
    const failed = (await h.opened.journal.eventsOf('10023456', { types: ['print.failed'], limit: 10 })).map((e) => JSON.parse(e.payload) as Record<string, unknown>);
    expect(failed.find((e) => e.jobId === job.id)).toMatchObject({ reason: 'cancelled', by: 'wang' });
    const again = await problem(await call('POST', `/api/v1/jobs/${job.id}/cancel`, wang, undefined, EN), 409, 'JOB_NOT_CANCELLABLE');
    expect(again.detail).toBe(`print job ${job.id} is failed: only a job still queued can be cancelled`);
    expect((await problem(await call('POST', `/api/v1/jobs/${job.id}/cancel`, wang, undefined, ZH), 409, 'JOB_NOT_CANCELLABLE')).title).toBe('这个打印任务不能取消');
    await problem(await call('POST', '/api/v1/jobs/12x/cancel', wang), 400, 'BAD_JOB_ID');
    await problem(await call('POST', '/api/v1/jobs/987654/cancel', wang), 404, 'JOB_NOT_FOUND');
    const printed = await call('POST', `/api/v1/transactions/${id}/print`, root, { printer: 'front' });
    expect(printed.status, await printed.clone().text()).toBe(201);
  });

  it('names the waiting job of a 409 by its printer as the user may see it: an address (queued from the command line) only to whoever manages printers', async () => {
    const { id } = await h.opened.journal.record(sale({ voucherNo: '000605', referenceNo: '133041825605', occurredAt: new Date(h.clock.now - 60_000).toISOString() }));
    const [job] = await h.deps.spooler.enqueueAll(originalRequests((await h.opened.journal.get(id)).transaction, { transactionId: id, printer: '127.0.0.1:1' }, {}, 'none'));
    expect(job?.printer).toMatch(/127\.0\.0\.1:1\b/);
    const cashier = await problem(await call('POST', `/api/v1/transactions/${id}/print`, li, {}), 409, 'ALREADY_QUEUED');
    expect(cashier.job).toMatchObject({ id: job?.id, printer: null });
    expect(JSON.stringify(cashier)).not.toMatch(/127\.0\.0\.1/);
    expect(cashier.detail).toBe(`the receipt of ${id} is already in the queue (job ${job?.id} on the printer, queued)`);
    const zh = await problem(await call('POST', `/api/v1/transactions/${id}/print`, li, {}, ZH), 409, 'ALREADY_QUEUED');
    expect(JSON.stringify(zh)).not.toMatch(/127\.0\.0\.1/);
    expect(zh.detail).toBe(`交易 ${id} 的凭证已在队列里（任务 ${job?.id}，打印机，排队中）`);
    const admin = await problem(await call('POST', `/api/v1/transactions/${id}/print`, root, {}), 409, 'ALREADY_QUEUED');
    expect(admin.job).toMatchObject({ id: job?.id, printer: job?.printer });
    expect(admin.detail).toContain(`on ${job?.printer},`);
    await h.deps.spooler.cancel(job?.id ?? 0, 'test');
  });
});
