/**
 * A sale that a later void cancelled, or refunds gave back, never passes for a paid one: the
 * search list, the sale, the preview, the duplicate's paper, the e-receipt and the check (API
 * and CLI) all say 已撤销 VOIDED / 已退货 REFUNDED / 部分退货 PARTLY REFUNDED with the
 * void's or refund's voucher, time and amount.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, createApp } from '../src/server/index.js';
import { runCli } from './support/cli.js';
import { sale } from './support/fixtures.js';
import { OLD, RECENT, serverHarness, type Harness } from './support/server-harness.js';

let h: Harness;
let app: ReturnType<typeof createApp>;
let bo: Record<string, string>;

const VOID_ID = '10023456-000128-000458';

beforeAll(async () => {
  h = await serverHarness({ printWaitMs: 8000 });
  app = createApp(h.deps);
  // OLD (128.50 at 14:32:05) voided at 15:01:02; RECENT (66.00) refunded 20.00 and, from another terminal, 6.00.
  await h.opened.journal.record(sale({ kind: 'void', voucherNo: '000458', referenceNo: undefined, occurredAt: '2026-11-27T15:01:02+08:00', original: { voucherNo: '000457' } }));
  await h.opened.journal.record(sale({ kind: 'refund', voucherNo: '000501', referenceNo: undefined, amount: '20.00', occurredAt: '2026-11-27T15:59:10+08:00', original: { voucherNo: '000500' } }));
  await h.opened.journal.record(sale({ kind: 'refund', terminalId: '20000001', voucherNo: '000009', referenceNo: undefined, amount: '6.00', occurredAt: '2026-11-27T15:59:40+08:00', original: { referenceNo: '133041825600' } }));
  const login = await app.request('http://localhost/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'bo', password: 'bo-password' }) });
  bo = { Cookie: login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), [CSRF_HEADER]: ((await login.json()) as { csrfToken: string }).csrfToken };
});

afterAll(async () => {
  await h?.close();
});

const get = (path: string, headers: Record<string, string> = {}) => Promise.resolve(app.request(`http://localhost${path}`, { headers: { ...bo, ...headers } }));
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  Promise.resolve(app.request(`http://localhost${path}`, { method: 'POST', headers: { ...bo, 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) }));

const VOIDED = {
  state: 'voided',
  amount: '128.50',
  currency: 'CNY',
  corrections: [{ id: VOID_ID, kind: 'void', terminalId: '10023456', batchNo: '000128', voucherNo: '000458', occurredAt: '2026-11-27T15:01:02+08:00', amount: '128.50', currency: 'CNY' }],
};

describe('a voided or refunded sale is marked wherever it is shown', () => {
  it('search results carry what undid each sale; the void itself and untouched sales carry nothing', async () => {
    const response = await get('/api/v1/transactions?limit=50');
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: { id: string; status?: { state: string; amount: string; corrections: { voucherNo: string }[] } }[] };
    const byId = new Map(items.map((i) => [i.id, i]));
    expect(byId.get(OLD)?.status).toEqual(VOIDED);
    expect(byId.get(RECENT)?.status).toMatchObject({ state: 'partly-refunded', amount: '26.00', corrections: [{ voucherNo: '000501', amount: '20.00' }, { voucherNo: '000009', terminalId: '20000001', amount: '6.00' }] });
    expect(byId.get(VOID_ID)).not.toHaveProperty('status');
    expect(byId.get('10023456-000128-000501')).not.toHaveProperty('status');
  });

  it('the sale itself and its preview say VOIDED with the void\'s voucher, time and amount', async () => {
    expect(((await (await get(`/api/v1/transactions/${OLD}`)).json()) as { status?: unknown }).status).toEqual(VOIDED);
    const preview = await (await get(`/api/v1/transactions/${OLD}/receipt?format=text`)).text();
    expect(preview).toContain('***已撤销 VOIDED***');
    expect(preview).toMatch(/消费撤销\/VOID 凭证号 VOUCHER NO 000458/);
    expect(preview).toMatch(/2026\/11\/27 15:01:02 金额 AMOUNT 128\.50/);
    const partly = await (await get(`/api/v1/transactions/${RECENT}/receipt?format=text`)).text();
    expect(partly).toContain('***部分退货 PARTLY REFUNDED***');
    expect(partly).toContain('已退金额 REFUNDED 26.00');
  });

  let code = '';

  it('the duplicate of a voided sale prints the mark, never a plain 消费 SALE', async () => {
    const response = await post(`/api/v1/transactions/${OLD}/reprints`, { reason: 'customer_request' });
    const answer = (await response.json()) as { code: string; job: { id: number } };
    expect(response.status, JSON.stringify(answer)).toBe(201);
    code = answer.code;
    const paper = h.printer.jobs().at(-1)?.text ?? '';
    expect(paper).toContain('***重印凭证 / DUPLICATE 1***');
    expect(paper).toContain('***已撤销 VOIDED***');
    expect(paper).toMatch(/凭证号 VOUCHER NO 000458/);
    // What went to paper is what the job keeps: its picture shows the mark too.
    const job = await h.opened.journal.job(answer.job.id);
    expect(JSON.parse(job?.options ?? '{}')).toMatchObject({ status: VOIDED });
  });

  it('the check of the duplicate, anonymous, says the sale was voided, in English and Chinese', async () => {
    const en = (await (await app.request(`http://localhost/api/v1/verify/${code}`, { headers: { 'Accept-Language': 'en' } })).json()) as Record<string, any>;
    expect(en).toMatchObject({ genuine: true, copy: 1, sale: { id: OLD, status: { state: 'voided', amount: '128.50', corrections: [{ voucherNo: '000458', time: '2026-11-27 15:01:02', amount: '128.50' }] } } });
    expect(en.messageText).toMatch(/; the sale was VOIDED: void voucher no\. 000458, 2026-11-27 15:01:02, CNY 128\.50$/);
    expect(en.message).toMatch(/ — VOIDED by void 000458 at 2026-11-27 15:01:02 \(CNY 128\.50\), printed at /);
    const zh = (await (await app.request(`http://localhost/api/v1/verify/${code}`, { headers: { 'Accept-Language': 'zh-CN' } })).json()) as Record<string, any>;
    expect(zh.messageText).toMatch(/；该交易已撤销（已撤销 VOIDED）：撤销凭证号 000458，2026-11-27 15:01:02，CNY 128\.50$/);
  });

  it('the customer\'s e-receipt of a voided sale shows the mark', async () => {
    const { url } = (await (await post(`/api/v1/transactions/${OLD}/e-receipt`, {})).json()) as { url: string };
    const page = await (await app.request(`http://localhost${url}`)).text();
    expect(page).toMatch(/已撤销/);
    expect(page).toContain('VOIDED');
  });

  it('reissue check, find and show on the command line say it too', async () => {
    const check = await runCli(h.dir.path, ['check', code, '--db', h.db, '--lang', 'en']);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/^genuine: copy 1 of sale 10023456-000128-000457 .*; the sale was VOIDED: void voucher no\. 000458, 2026-11-27 15:01:02, CNY 128\.50\n$/);
    const checkZh = await runCli(h.dir.path, ['check', code, '--db', h.db, '--lang', 'zh']);
    expect(checkZh.stdout).toContain('该交易已撤销（已撤销 VOIDED）：撤销凭证号 000458');
    const find = await runCli(h.dir.path, ['find', '--terminal', '10023456', '--db', h.db, '--lang', 'en']);
    expect(find.stdout).toMatch(new RegExp(`^${OLD}\\s+\\S+ \\S+\\s+sale VOIDED\\s`, 'm'));
    expect(find.stdout).toMatch(new RegExp(`^${RECENT}\\s+\\S+ \\S+\\s+sale PARTLY REFUNDED\\s`, 'm'));
    const findZh = await runCli(h.dir.path, ['find', '--terminal', '10023456', '--db', h.db, '--lang', 'zh']);
    expect(findZh.stdout).toMatch(new RegExp(`^${OLD}\\s+\\S+ \\S+\\s+消费 已撤销\\s`, 'm'));
    const json = JSON.parse((await runCli(h.dir.path, ['find', '--voucher', '000457', '--json', '--db', h.db])).stdout) as { items: { status?: unknown }[] };
    expect(json.items[0]?.status).toEqual(VOIDED);
    const show = await runCli(h.dir.path, ['show', OLD, '--db', h.db]);
    expect(show.stdout).toMatch(/^status\s+VOIDED CNY 128\.50: void 10023456-000128-000458 at 2026-11-27 15:01:02 \(CNY 128\.50\)$/m);
    const receipt = await runCli(h.dir.path, ['receipt', OLD, '--db', h.db]);
    expect(receipt.stdout).toContain('***已撤销 VOIDED***');
  });
});
