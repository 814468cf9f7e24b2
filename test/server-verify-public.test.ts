/**
 * What anyone holding a receipt is told (GET /api/v1/verify/{code}, no sign-in): every field
 * of the answer, in both languages — the sale's time, amount, kind, operator no. and
 * merchant, which copy and when it printed; never a login name, a printer or an address. And
 * the duplicate itself, which leaves the shop, names the operator by number only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, createApp } from '../src/server/index.js';
import { OLD, serverHarness, type Harness } from './support/server-harness.js';

let h: Harness;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  h = await serverHarness({ printWaitMs: 8000 });
  app = createApp(h.deps);
  // A back-office user without an operator no.: only a login name to go by.
  await h.auth.addUser({ name: 'nono', role: 'backoffice', password: 'nono-password' }, 'root');
});

afterAll(async () => {
  await h?.close();
});

async function signIn(username: string): Promise<Record<string, string>> {
  const response = await app.request('http://localhost/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: `${username}-password` }) });
  expect(response.status).toBe(200);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { Cookie: response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), [CSRF_HEADER]: csrfToken };
}

async function verify(code: string, language?: string): Promise<{ text: string; body: Record<string, unknown> }> {
  const response = await app.request(`http://localhost/api/v1/verify/${encodeURIComponent(code)}`, { headers: language ? { 'Accept-Language': language } : {} });
  expect(response.status).toBe(200);
  const text = await response.text();
  return { text, body: JSON.parse(text) as Record<string, unknown> };
}

/** Login names, printer names and addresses of this shop: none may reach an anonymous reader. */
function staffAndPrinters(): RegExp {
  const port = String(h.printer.address?.port ?? 'none');
  return new RegExp(`\\b(root|nono|wang|li|bo|front|dead)\\b|127\\.0\\.0\\.1|:${port}\\b|:9\\b|approved by|on front`, 'i');
}

describe('the anonymous verification answer', () => {
  let code = '';

  it('a duplicate issued by a user without an operator no. names nobody by login on its paper', async () => {
    const response = await app.request(`http://localhost/api/v1/transactions/${OLD}/reprints`, { method: 'POST', headers: { ...(await signIn('nono')), 'Content-Type': 'application/json' }, body: JSON.stringify({ reason: 'customer_request' }) });
    const answer = (await response.json()) as { code: string; printed: boolean };
    expect(response.status, JSON.stringify(answer)).toBe(201);
    expect(answer.printed).toBe(true);
    code = answer.code;
    const paper = h.printer.jobs().at(-1)?.text ?? '';
    expect(paper).toContain('***重印凭证 / DUPLICATE 1***');
    expect(paper).not.toMatch(/nono/);
    expect(paper).toMatch(/操作员 --/);
  });

  it('holds exactly the public fields for a printed duplicate, in English and Chinese', async () => {
    const en = await verify(code, 'en');
    expect(Object.keys(en.body).sort()).toEqual(['copy', 'genuine', 'message', 'messageText', 'printedAt', 'sale', 'saleId']);
    expect(en.body).toEqual({
      genuine: true,
      message: expect.stringMatching(/^genuine: copy 1 of sale 10023456-000128-000457 \(CNY 128\.50, 2026-11-27 14:32:05\), printed at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
      messageText: expect.stringMatching(/^genuine: copy 1 of sale 10023456-000128-000457 \(CNY 128\.50, 2026-11-27 14:32:05\), printed at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
      saleId: OLD,
      copy: 1,
      sale: { id: OLD, kind: 'sale', time: '2026-11-27 14:32:05', amount: '128.50', currency: 'CNY', operatorNo: '01', merchant: '上海好又多超市有限公司' },
      printedAt: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
    });
    expect(en.text).not.toMatch(staffAndPrinters());
    const zh = await verify(code, 'zh-CN');
    expect(zh.body.messageText).toMatch(/^真实有效：交易 10023456-000128-000457（CNY 128\.50，2026-11-27 14:32:05）的第 1 份重印凭证，\d{4}-\d\d-\d\d \d\d:\d\d:\d\d 打印$/);
    expect(zh.text).not.toMatch(staffAndPrinters());
  });

  it('holds exactly the public fields for a copy not (yet) printed and for forged codes', async () => {
    // Copy 2 goes to a printer nobody listens on: issued, never printed.
    const response = await app.request(`http://localhost/api/v1/transactions/${OLD}/reprints`, { method: 'POST', headers: { ...(await signIn('nono')), 'Content-Type': 'application/json', Prefer: 'respond-async' }, body: JSON.stringify({ reason: 'customer_request', printer: 'dead' }) });
    expect(response.status).toBe(202);
    const unprinted = await verify(((await response.json()) as { code: string }).code, 'en');
    expect(unprinted.body).toEqual({
      genuine: true,
      message: 'genuine code for copy 2 of sale 10023456-000128-000457 (CNY 128.50, 2026-11-27 14:32:05), but that copy has no printed record',
      messageText: 'genuine code for copy 2 of sale 10023456-000128-000457 (CNY 128.50, 2026-11-27 14:32:05), but that copy has no printed record',
      saleId: OLD,
      copy: 2,
      sale: { id: OLD, kind: 'sale', time: '2026-11-27 14:32:05', amount: '128.50', currency: 'CNY', operatorNo: '01', merchant: '上海好又多超市有限公司' },
      printedAt: null,
    });
    // Copy 1's check part under another copy number, or under the original's: forged.
    const [sale, , check] = code.split('.');
    for (const forged of [`${sale}.0.${check}`, `${sale}.7.${check}`]) {
      const answer = await verify(forged, 'zh');
      expect(answer.body).toEqual({ genuine: false, message: 'not genuine: this code was not issued by this journal (or the sale was altered)', messageText: '不是真实有效的凭证：这个验证码不是本系统发出的（或交易记录被改动过）' });
    }
    expect(unprinted.text).not.toMatch(staffAndPrinters());
  });

  it('an e-receipt\'s code (the original) tells the sale and nothing about who or where', async () => {
    const issued = await app.request(`http://localhost/api/v1/transactions/${OLD}/e-receipt`, { method: 'POST', headers: { ...(await signIn('bo')), 'Content-Type': 'application/json' }, body: '{}' });
    expect(issued.status).toBe(201);
    const { url } = (await issued.json()) as { url: string };
    const page = await (await app.request(`http://localhost${url}`)).text();
    const originalCode = /<code>([^<]+)<\/code>/.exec(page)?.[1] ?? '';
    expect(originalCode).toMatch(/^10023456-000128-000457\.0\./);
    const answer = await verify(originalCode, 'zh');
    expect(answer.body).toEqual({
      genuine: true,
      message: 'genuine: the original of sale 10023456-000128-000457 (CNY 128.50, 2026-11-27 14:32:05)',
      messageText: '真实有效：交易 10023456-000128-000457（CNY 128.50，2026-11-27 14:32:05）的原始凭证',
      saleId: OLD,
      copy: 0,
      sale: { id: OLD, kind: 'sale', time: '2026-11-27 14:32:05', amount: '128.50', currency: 'CNY', operatorNo: '01', merchant: '上海好又多超市有限公司' },
    });
    expect(answer.text).not.toMatch(staffAndPrinters());
    expect(page).not.toMatch(staffAndPrinters());
  });
});
