/**
 * What the reprint dialog asks of the server before and around printing, against the real
 * app (on SQLite and on PostgreSQL journals, argon2id users, spooler and a virtual printer): the policy assessed
 * without printing, customer_lost enforced by how the sale was paid, the preview rendered as
 * a configured printer prints, the verify link for people, e-receipt links at the public address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_CHAIN } from '../src/journal/index.js';
import { parseConfig } from '../src/config/index.js';
import { CSRF_HEADER, createApp } from '../src/server/index.js';
import { retailSale, sale } from './support/fixtures.js';
import { onBothEngines } from './support/engines.js';
import { OLD, RECENT, START, serverHarness, type Harness } from './support/server-harness.js';

let h: Harness;
let app: ReturnType<typeof createApp>;

interface Who {
  cookie: string;
  csrf: string;
}

function call(method: string, path: string, options: { as?: Who; body?: unknown; headers?: Record<string, string> } = {}, on = app): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.as) {
    headers.Cookie = options.as.cookie;
    if (method !== 'GET') headers[CSRF_HEADER] = options.as.csrf;
  }
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  return Promise.resolve(on.request(`http://localhost${path}`, { method, headers, ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }) }));
}

async function login(username: string): Promise<Who> {
  const response = await call('POST', '/api/v1/auth/login', { body: { username, password: `${username}-password` } });
  expect(response.status).toBe(200);
  return { cookie: response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
}

async function body(response: Response, status: number): Promise<Record<string, any>> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as Record<string, any>;
}

const policyOf = async (id: string, who: Who) => body(await call('GET', `/api/v1/transactions/${id}/reprint-policy`, { as: who }), 200);
const auditCount = async () => (await h.opened.journal.eventsOf(AUDIT_CHAIN, { limit: 100_000 })).length;

const CASH = '10023457-000128-000601';
const WECHAT = '10023457-000128-000602';
const RETAIL_CARD = '10023457-000128-000603';

let li: Who;
let bo: Who;
let zhao: Who;
let root: Who;

onBothEngines((engine) => {
  beforeAll(async () => {
    h = await serverHarness({ printWaitMs: 8000 }, engine);
    await h.opened.journal.recordMany([
      retailSale({ terminalId: '10023457', voucherNo: '000601', occurredAt: '2026-11-27T15:20:00+08:00', amount: '16.50', card: undefined, payments: [{ method: 'cash', amount: '16.50', tendered: '20.00', change: '3.50' }] }),
      retailSale({ terminalId: '10023457', voucherNo: '000602', occurredAt: '2026-11-27T15:21:00+08:00', amount: '16.50', card: undefined, payments: [{ method: 'wechat', amount: '16.50', reference: '4200-0012-3456-7890' }] }),
      retailSale({ terminalId: '10023457', voucherNo: '000603', occurredAt: '2026-11-27T15:22:00+08:00', amount: '16.50' }),
    ]);
    // On a terminal of their own: the harness's RECENT stays the last sale recorded on its terminal.
    app = createApp(h.deps);
    [li, bo, zhao, root] = await Promise.all([login('li'), login('bo'), login('zhao'), login('root')]);
  });

  afterAll(async () => {
    await h?.close();
  });

  describe('GET /api/v1/transactions/{id}/reprint-policy', () => {
    it('says who must approve, by the same rule the reprint applies, and prints and journals nothing', async () => {
      const jobs = h.printer.jobs().length;
      const events = await auditCount();
      expect(await policyOf(RECENT, li)).toMatchObject({ saleId: RECENT, needs: 'none', basis: 'own-last-receipt', why: null, copiesSoFar: 0, copyLimit: 3, cashierWindowMinutes: 10 });
      expect(await policyOf(OLD, li)).toMatchObject({ needs: 'supervisor', why: 'not-last', basis: null });
      expect(await policyOf(OLD, bo)).toMatchObject({ needs: 'none', basis: 'role' });
      expect(await policyOf(OLD, zhao)).toMatchObject({ needs: 'impossible', why: 'view-only' });
      const later = h.clock.now;
      h.clock.now = START + 12 * 60_000; // RECENT (15:58) is now 14 minutes old; li's session has not idled out
      try {
        expect(await policyOf(RECENT, li)).toMatchObject({ needs: 'supervisor', why: 'too-old' });
        // …and the reprint itself refuses for the same reason.
        const refused = await body(await call('POST', `/api/v1/transactions/${RECENT}/reprints`, { as: li, body: { reason: 'paper_jam' } }), 403);
        expect(refused).toMatchObject({ code: 'APPROVAL_REQUIRED' });
        expect(refused.detail).toContain('more than 10 minutes old');
      } finally {
        h.clock.now = later;
      }
      expect(h.printer.jobs()).toHaveLength(jobs);
      expect(await auditCount()).toBe(events + 1); // the refused reprint only
    });

    it('needs an admin once the copy limit is reached, as the reprint does', async () => {
      for (let i = 0; i < 3; i++) await body(await call('POST', `/api/v1/transactions/${OLD}/reprints`, { as: bo, body: { reason: 'faint_print' } }), 201);
      expect(await policyOf(OLD, bo)).toMatchObject({ needs: 'admin', why: 'copy-limit', copiesSoFar: 3 });
      expect(await body(await call('POST', `/api/v1/transactions/${OLD}/reprints`, { as: bo, body: { reason: 'faint_print' } }), 403)).toMatchObject({ code: 'COPY_LIMIT_REACHED' });
      expect(await policyOf(OLD, root)).toMatchObject({ needs: 'none', basis: 'role', copiesSoFar: 3 });
    });

    it('says what to ask a customer who lost the receipt, never the digits themselves', async () => {
      const card = await policyOf(OLD, li);
      expect(card.customer).toEqual({ by: 'card' });
      expect(JSON.stringify(card)).not.toContain('4242');
      expect((await policyOf(RETAIL_CARD, li)).customer).toEqual({ by: 'card' });
      expect((await policyOf(CASH, li)).customer).toEqual({ by: 'payment', methods: [{ method: 'cash', reference: false }] });
      const wechat = await policyOf(WECHAT, li);
      expect(wechat.customer).toEqual({ by: 'payment', methods: [{ method: 'wechat', reference: true }] });
      expect(JSON.stringify(wechat)).not.toContain('7890');
    });

    it('is for signed-in staff only, names a missing sale, and is in the OpenAPI document', async () => {
      expect((await call('GET', `/api/v1/transactions/${OLD}/reprint-policy`)).status).toBe(401);
      expect(await body(await call('GET', '/api/v1/transactions/10023456-000128-999999/reprint-policy', { as: li }), 404)).toMatchObject({ code: 'TRANSACTION_NOT_FOUND' });
      const doc = await body(await call('GET', '/api/v1/openapi.json'), 200);
      const op = doc.paths['/api/v1/transactions/{id}/reprint-policy'].get;
      expect(op.security).toEqual([{ sessionCookie: [] }, { bearer: [] }]);
      expect(op.responses['200'].content['application/json'].schema.properties.needs.enum).toEqual(['none', 'supervisor', 'admin', 'impossible']);
      const customer = doc.paths['/api/v1/transactions/{id}/reprints'].post.requestBody.content['application/json'].schema.properties.customer;
      expect(Object.keys(customer.properties)).toEqual(['last4', 'amount', 'method', 'referenceLast4']);
    });
  });

  describe('customer_lost: what the customer must say depends on how the sale was paid', () => {
    const lost = (id: string, customer: Record<string, string>, who = bo) => call('POST', `/api/v1/transactions/${id}/reprints`, { as: who, body: { reason: 'customer_lost', customer } });

    it('a card sale: card last-4 and amount', async () => {
      expect(await body(await lost(RETAIL_CARD, { amount: '16.50' }), 400)).toMatchObject({ code: 'CUSTOMER_DETAILS_REQUIRED' });
      expect(await body(await lost(RETAIL_CARD, { last4: '1111', amount: '16.50' }), 403)).toMatchObject({ code: 'CUSTOMER_DETAILS_MISMATCH' });
      expect(await body(await lost(RETAIL_CARD, { last4: '4242', amount: '16.50' }), 201)).toMatchObject({ copy: 1 });
      // A bank slip the customer lost comes back as their copy, the cardholder's, unless another is asked for.
      expect(await body(await lost(OLD, { last4: '4242', amount: '128.50' }, root), 201)).toMatchObject({ printed: true });
      expect(h.printer.jobs().at(-1)?.text).toContain('CARDHOLDER COPY');
    });

    it('a cash sale: no card last-4 is accepted; the amount and the payment method are', async () => {
      // Before, any four digits passed here.
      expect(await body(await lost(CASH, { last4: '1234', amount: '16.50' }), 400)).toMatchObject({ code: 'CUSTOMER_NOT_CARD' });
      expect(await body(await lost(CASH, { amount: '16.50' }), 400)).toMatchObject({ code: 'CUSTOMER_PAYMENT_REQUIRED' });
      expect(await body(await lost(CASH, { amount: '16.50', method: 'alipay' }), 403)).toMatchObject({ code: 'CUSTOMER_DETAILS_MISMATCH' });
      expect(await body(await lost(CASH, { amount: '16.00', method: 'cash' }), 403)).toMatchObject({ code: 'CUSTOMER_DETAILS_MISMATCH' });
      expect(await body(await lost(CASH, { amount: '16.50', method: 'cash' }), 201)).toMatchObject({ copy: 1 });
    });

    it('a WeChat sale with a reference: amount, method and the last 4 of that reference', async () => {
      expect(await body(await lost(WECHAT, { amount: '16.50', method: 'wechat' }), 400)).toMatchObject({ code: 'CUSTOMER_PAYMENT_REQUIRED' });
      expect(await body(await lost(WECHAT, { amount: '16.50', method: 'wechat', referenceLast4: '7891' }), 403)).toMatchObject({ code: 'CUSTOMER_DETAILS_MISMATCH' });
      expect(await body(await lost(WECHAT, { amount: '16.50', method: 'wechat', referenceLast4: '7890' }), 201)).toMatchObject({ copy: 1 });
    });

    it('refuses a payment method or reference the schema does not know, naming each field', async () => {
      const refused = await body(await lost(WECHAT, { amount: '16.50', method: 'bitcoin', referenceLast4: 'ab' }), 400);
      expect(refused.code).toBe('INVALID_REQUEST');
      expect(refused.errors.map((e: { path: string }) => e.path).sort()).toEqual(['customer.method', 'customer.referenceLast4']);
    });
  });

  describe('the preview is what the printer prints', () => {
    it('renders "for" a configured printer with its paper and language, as the spooler renders its jobs', async () => {
      const config = parseConfig(
        {
          printers: [...h.config.printers.map((p) => ({ name: p.name, address: `${p.host}:${p.port}`, ...(p.name === 'dead' ? { language: 'zh' } : {}) })), { name: 'kitchen', address: '127.0.0.1:9', model: 'generic-58', language: 'en' }],
          defaultPrinter: 'front',
        },
        'test',
      );
      const kitchenApp = createApp({ ...h.deps, config });
      const kitchen = await (await call('GET', `/api/v1/transactions/${OLD}/receipt?format=text&for=kitchen`, { as: root }, kitchenApp)).text();
      const lines = kitchen.split('\n').filter(Boolean);
      expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(32);
      expect(kitchen).toContain('MERCHANT NAME');
      expect(kitchen).not.toContain('商户名称');
      const front = await (await call('GET', `/api/v1/transactions/${OLD}/receipt?format=text&for=front`, { as: root }, kitchenApp)).text();
      expect(front).toBe(await (await call('GET', `/api/v1/transactions/${OLD}/receipt?format=text&printer=generic-80`, { as: root }, kitchenApp)).text());
      const printers = await body(await call('GET', '/api/v1/printers', { as: root }, kitchenApp), 200);
      expect(printers.defaultPrinter).toBe('front');
      expect(printers.items.map((p: { name: string; language: string | null }) => [p.name, p.language])).toEqual([['front', null], ['dead', 'zh']]);
      const mixed = await body(await call('GET', `/api/v1/transactions/${OLD}/receipt?for=front&lang=zh&paper=58`, { as: root }), 400);
      expect(mixed.errors.map((e: { path: string }) => e.path)).toEqual(['paper', 'lang']);
      expect(await body(await call('GET', `/api/v1/transactions/${OLD}/receipt?for=nowhere`, { as: root }), 404)).toMatchObject({ code: 'UNKNOWN_PRINTER' });
    });

    it('says which copies print differently: a bank slip two, a retail receipt one face', async () => {
      expect((await body(await call('GET', `/api/v1/transactions/${OLD}`, { as: li }), 200)).copies).toEqual(['merchant', 'cardholder']);
      expect((await body(await call('GET', `/api/v1/transactions/${CASH}`, { as: li }), 200)).copies).toEqual([]);
    });
  });

  describe('links people open', () => {
    it('sends a browser opening the verify link to the verification page; a program gets JSON without staff names', async () => {
      const reprinted = await body(await call('POST', `/api/v1/transactions/${RECENT}/reprints`, { as: root, body: { reason: 'paper_jam' } }), 201);
      const pages = createApp({ ...h.deps, options: { ...h.deps.options, staticFiles: async (c) => c.text('static') } });
      const browser = await call('GET', `/api/v1/verify/${reprinted.code}`, { headers: { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } }, pages);
      expect(browser.status).toBe(303);
      expect(browser.headers.get('Location')).toBe(`/verify.html?code=${encodeURIComponent(reprinted.code)}`);
      const answer = await body(await call('GET', `/api/v1/verify/${reprinted.code}`, { headers: { Accept: 'application/json' } }, pages), 200);
      expect(answer).toMatchObject({ genuine: true, copy: 1, saleId: RECENT, sale: { id: RECENT, time: '2026-11-27 15:58:00', amount: '66.00', currency: 'CNY', operatorNo: '01', kind: 'sale' } });
      expect(answer.printedAt).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      expect(JSON.stringify(answer)).not.toMatch(/root|front|operator 99/);
      // Without web pages to send it to, even a browser gets the JSON.
      expect((await call('GET', `/api/v1/verify/${reprinted.code}`, { headers: { Accept: 'text/html' } })).status).toBe(200);
      // A forged code holding a card number is not said back (codes pass no gate: their signature is their check).
      const forged = `99411111-111111-111199.0.${'4111111111111111'}`;
      const sent = await call('GET', `/api/v1/verify/${forged}`, { headers: { Accept: 'text/html' } }, pages);
      expect(sent.status).toBe(303);
      expect(sent.headers.get('Location')).toBe('/verify.html');
    });

    it("makes e-receipt links at the server's public address when it has one", async () => {
      const relative = await body(await call('POST', `/api/v1/transactions/${OLD}/e-receipt`, { as: bo, body: {} }), 201);
      expect(relative.url).toMatch(/^\/r\//);
      const shop = createApp({ ...h.deps, options: { ...h.deps.options, publicUrl: 'https://shop.example/' } });
      const absolute = await body(await call('POST', `/api/v1/transactions/${OLD}/e-receipt`, { as: bo, body: {} }, shop), 201);
      expect(absolute.url).toMatch(/^https:\/\/shop\.example\/r\/[^/]+$/);
      expect(absolute.pdfUrl).toBe(`${absolute.url}.pdf`);
      const page = await (await call('GET', new URL(absolute.url).pathname)).text();
      expect(page).toContain('<svg');
      expect(page).toContain('class="phrase" lang="en">Check that it is genuine');
      expect(page).not.toContain('rcpt-w'); // no per-character boxes: Chinese is not letter-spaced
    });
  });

  // Last: it records a sale after the harness's RECENT, which the tests above take for the terminal's last.
  describe("a till whose clock was set back: the cashier's last receipt is the one recorded last", () => {
    it('does not make the customer before "the last receipt", by id or by asking for the last', async () => {
      // RECENT was stamped 15:58 by the till; its clock then went back four minutes for the next customer.
      const next = '10023456-000128-000501';
      await h.opened.journal.record(sale({ voucherNo: '000501', referenceNo: '133041825601', occurredAt: '2026-11-27T15:54:00+08:00', amount: '12.00' }));
      expect(await policyOf(RECENT, li)).toMatchObject({ needs: 'supervisor', why: 'not-last' });
      expect(await policyOf(next, li)).toMatchObject({ needs: 'none', basis: 'own-last-receipt' });
      const refused = await body(await call('POST', `/api/v1/transactions/${RECENT}/reprints`, { as: li, body: { reason: 'paper_jam' } }), 403);
      expect(refused).toMatchObject({ code: 'APPROVAL_REQUIRED' });
      const last = await body(await call('POST', '/api/v1/reprints', { as: li, body: { locate: { by: 'last', terminalId: '10023456' }, reason: 'paper_jam' } }), 201);
      expect(last).toMatchObject({ saleId: next, basis: 'own-last-receipt', copy: 1 });
    });
  });
});
