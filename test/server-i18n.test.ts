/**
 * The API answers in the language of Accept-Language: problem+json title, detail, hint and
 * every errors[].message, printer states and job details — with code and errors[].path kept
 * for programs. No Accept-Language (scripts, integrators) answers in English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, createApp } from '../src/server/index.js';
import { sale } from './support/fixtures.js';
import { OLD, serverHarness, type Harness } from './support/server-harness.js';
import { problemOf } from './support/problem.js';

let h: Harness;
let app: ReturnType<typeof createApp>;

const ZH = { 'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.5' };

interface Session {
  cookie: string;
  csrf: string;
}

async function call(method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; as?: Session } = {}): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.as) {
    headers.Cookie = options.as.cookie;
    if (method !== 'GET') headers[CSRF_HEADER] = options.as.csrf;
  }
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  return app.request(`http://localhost${path}`, { method, headers, ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }) });
}

async function login(username: string): Promise<Session> {
  const response = await call('POST', '/api/v1/auth/login', { body: { username, password: `${username}-password` } });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { csrfToken: string };
  return { cookie: response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: body.csrfToken };
}

const problem = problemOf;

beforeAll(async () => {
  h = await serverHarness({ printWaitMs: 3000 });
  app = createApp(h.deps);
});
afterAll(() => h.close());

describe('problem+json in the reader’s language', () => {
  it('says a wrong sign-in in Chinese for a Chinese client, in English for one that names no language', async () => {
    const zh = call('POST', '/api/v1/auth/login', { body: { username: 'li', password: 'not-the-password' }, headers: ZH });
    const response = await zh;
    expect(response.headers.get('Content-Language')).toBe('zh');
    expect(response.headers.get('Vary')).toContain('Accept-Language');
    const body = await problem(response, 401, 'BAD_CREDENTIALS');
    expect(body).toMatchObject({ title: '登录失败', detail: '用户名或密码不对', hint: expect.stringContaining('密码区分大小写') });
    const en = await problem(await call('POST', '/api/v1/auth/login', { body: { username: 'li', password: 'not-the-password' } }), 401, 'BAD_CREDENTIALS');
    expect(en).toMatchObject({ title: 'Sign-in failed', detail: 'wrong user name or password' });
  });

  it('explains a reprint refusal in Chinese: why, and what to do, with no code, path or API hint in the words', async () => {
    const li = await login('li');
    const body = await problem(await call('POST', `/api/v1/transactions/${OLD}/reprints`, { as: li, body: { reason: 'customer_request' }, headers: ZH }), 403, 'APPROVAL_REQUIRED');
    expect(body.title).toBe('需主管授权：不是本机最后一笔');
    expect(body.detail).toBe(`交易 ${OLD} 不是本机最后一张小票：需要主管授权补打`);
    expect(body.hint).toBe('请主管输入自己的用户名和密码，为这一次补打授权');
    for (const words of [body.title, body.detail, body.hint]) expect(words).not.toMatch(/[A-Z]+_[A-Z]+|\/api\/|--[a-z]|`/);
  });

  it("says a wrong approver password is the approver's (APPROVAL_REFUSED, 403), not the cashier's", async () => {
    const li = await login('li');
    const body = await problem(
      await call('POST', `/api/v1/transactions/${OLD}/reprints`, { as: li, body: { reason: 'customer_request', approver: { username: 'wang', password: 'wrong-password' } }, headers: ZH }),
      403,
      'APPROVAL_REFUSED',
    );
    expect(body).toMatchObject({ title: '主管授权失败', detail: '主管的用户名或密码不对' });
    // The cashier is still signed in.
    expect((await call('GET', '/api/v1/auth/me', { as: li })).status).toBe(200);
  });

  it('names every bad field of a batch as the screen labels it, keeping code and path for programs', async () => {
    const pos = await login('pos');
    const body = await problem(
      await call('POST', '/api/v1/transactions', {
        as: pos,
        headers: ZH,
        body: { transactions: [sale({ voucherNo: '000601' }), sale({ voucherNo: '000602', amount: 'twelve' }), sale({ voucherNo: '000603', card: { masked: '4111111111111111' } })] },
      }),
      400,
      'INVALID_BATCH',
    );
    expect(body.title).toBe('批量数据有误');
    expect(body.detail).toBe('3 笔交易中有 2 笔有误，全部没有记录');
    expect(body.errors).toEqual([
      { path: 'transactions[1].amount', message: '第 2 笔 金额：“twelve”不是金额' },
      { path: 'transactions[2].card.masked', message: '第 3 笔 卡号含有完整卡号，没有记录任何内容' },
    ]);
    expect(JSON.stringify(body)).not.toContain('4111111111111111');
  });

  it('reports every bad search parameter, each labelled, in one answer', async () => {
    const bo = await login('bo');
    const body = await problem(await call('GET', '/api/v1/transactions?terminal=12&last4=abc&kind=gift', { as: bo, headers: ZH }), 400, 'INVALID_REQUEST');
    expect(body.errors).toEqual([
      { path: 'terminal', message: '终端号：应为 8 位字母或数字' },
      { path: 'last4', message: '卡号后四位：应为 4 位数字' },
      { path: 'kind', message: expect.stringMatching(/^交易类型：应为以下之一：sale、void/) },
    ]);
    expect(body.detail).toBe('终端号：应为 8 位字母或数字；另有 2 处需要改正');
  });

  it('words answers that have no domain error: an unknown route, a method not allowed', async () => {
    const missing = await problem(await call('GET', '/api/v1/nothing-here', { headers: ZH }), 404, 'ROUTE_NOT_FOUND');
    expect(missing).toMatchObject({ title: '没有这个页面', detail: '没有这个页面或接口' });
    const method = await problem(await call('DELETE', '/api/v1/auth/login', { headers: ZH }), 405, 'METHOD_NOT_ALLOWED');
    expect(method).toMatchObject({ detail: '这里不能用 DELETE', hint: '请用 POST' });
  });

  it('shows an e-receipt error page in the reader’s language first, then the other (a customer’s phone may not say which it reads)', async () => {
    const response = await call('GET', '/r/not-a-token', { headers: ZH });
    expect(response.status).toBe(404);
    expect(response.headers.get('Content-Language')).toBe('zh');
    const page = await response.text();
    expect(page).toContain('<html lang="zh">');
    expect(page).toContain('<section lang="zh"><h1>未找到凭证</h1>');
    expect(page).toContain('这个凭证链接无效');
    expect(page.indexOf('<section lang="zh">')).toBeLessThan(page.indexOf('<section lang="en">'));
    const english = await (await call('GET', '/r/not-a-token')).text();
    expect(english.indexOf('<section lang="en">')).toBeLessThan(english.indexOf('<section lang="zh">'));
    expect(english).toContain('未找到凭证');
  });
});

describe('printer states and job details in the reader’s language', () => {
  it('shows a printer out of paper as 缺纸, and its held job as 暂停：缺纸, with codes beside the words', async () => {
    const office = await login('root');
    h.printer.setFault('paper-out');
    try {
      const printed = await call('POST', `/api/v1/transactions/${OLD}/print`, { as: office, body: {}, headers: { ...ZH, Prefer: 'respond-async' } });
      expect(printed.status).toBe(202);
      const { job } = (await printed.json()) as { job: { id: number } };
      let seen: Record<string, any> = {};
      await expect
        .poll(async () => {
          seen = (await (await call('GET', `/api/v1/jobs/${job.id}`, { as: office, headers: ZH })).json()) as Record<string, any>;
          return seen.detailCode;
        }, { timeout: 15_000, interval: 100 })
        .toBe('held');
      expect(seen).toMatchObject({ detail: 'held: paper out', detailText: '暂停：缺纸', stateText: '排队中' });
      const printers = (await (await call('GET', '/api/v1/printers?probe=true', { as: office, headers: ZH })).json()) as { items: Record<string, any>[] };
      const front = printers.items.find((p) => p.name === 'front');
      expect(front).toMatchObject({ status: 'paper out', conditions: ['paper-out'], statusText: '缺纸', held: 'paper out', heldCodes: ['paper-out'], heldText: '缺纸' });
      const english = (await (await call('GET', '/api/v1/printers', { as: office })).json()) as { items: Record<string, any>[] };
      expect(english.items.find((p) => p.name === 'front')).toMatchObject({ statusText: 'paper out', heldText: 'paper out' });
    } finally {
      h.printer.setFault(undefined);
    }
  });

  it('says why a printer cannot be reached by its error code, in Chinese for a Chinese reader (the page\'s tooltip), without its address', async () => {
    const office = await login('root');
    const printers = (await (await call('GET', '/api/v1/printers?probe=true', { as: office, headers: ZH })).json()) as { items: Record<string, any>[] };
    const dead = printers.items.find((p) => p.name === 'dead');
    expect(dead).toMatchObject({
      status: 'unreachable',
      statusText: '无法连接',
      lastErrorCode: 'PRINTER_UNREACHABLE',
      lastErrorText: '无法连接打印机：检查打印机是否开机、地址和端口（通常是 9100）是否正确、网线是否插好',
    });
    expect(dead).not.toHaveProperty('lastErrorRule');
    const english = (await (await call('GET', '/api/v1/printers', { as: office })).json()) as { items: Record<string, any>[] };
    expect(english.items.find((p) => p.name === 'dead')?.lastErrorText).toBe('cannot connect to the printer: check that the printer is switched on, its address and port (usually 9100), and the network cable');
    expect(english.items.find((p) => p.name === 'front')).toMatchObject({ lastErrorCode: null, lastErrorText: null });
  });
});
