/**
 * Captured receipts over the HTTP API: found with sales by the same filters (and words,
 * source), shown as the POS printed them, and reprinted through the same reprint route,
 * policy and audit as sales.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedJobToJson } from '../src/capture/index.js';
import { parseConfig } from '../src/config/index.js';
import { CSRF_HEADER, createApp } from '../src/server/index.js';
import { RECEIPTS } from './support/captured-receipts.js';
import { capturedJob } from './support/captured-jobs.js';
import { serverHarness, type Harness } from './support/server-harness.js';

let h: Harness;
let app: ReturnType<typeof createApp>;
const ids: string[] = [];

interface Who {
  cookie: string;
  csrf: string;
}

async function call(method: string, path: string, as?: Who, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = {};
  if (as) {
    headers.Cookie = as.cookie;
    if (method !== 'GET') headers[CSRF_HEADER] = as.csrf;
  }
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return app.request(`http://localhost${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

async function login(username: string): Promise<Who> {
  const response = await call('POST', '/api/v1/auth/login', undefined, { username, password: `${username}-password` });
  expect(response.status).toBe(200);
  return { cookie: response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
}

beforeAll(async () => {
  h = await serverHarness({ printWaitMs: 8000 });
  app = createApp(h.deps);
  // The supermarket receipt (2026-11-27 14:32:05, 应收 16.50, card 4242) and the next one, captured by the front till 10 minutes after the harness's sales.
  for (const [n, receipt] of RECEIPTS.slice(0, 2).entries()) {
    const job = capturedJob(receipt, { n: n + 1, capturedAt: '2026-11-27T06:40:00Z' });
    await h.opened.journal.appendCapture(capturedJobToJson({ ...job, fields: { ...job.fields, ...(job.fields.printedAt ? { printedAt: { ...job.fields.printedAt, utc: '2026-11-27T06:32:05.000Z' } } : {}) } }));
    ids.push(job.id);
  }
});

afterAll(async () => {
  await h?.close();
});

describe('captured receipts over HTTP', () => {
  it('GET /receipts finds sales and captured receipts together, each with its origin; words and source leave sales out', async () => {
    const bo = await login('bo');
    const all = (await (await call('GET', '/api/v1/receipts?limit=50', bo)).json()) as { items: { origin: string; id: string; source?: string }[] };
    expect(all.items.map((i) => i.origin).sort()).toEqual(['capture', 'capture', 'sale', 'sale']);
    const byAmount = (await (await call('GET', `/api/v1/receipts?around=${encodeURIComponent('2026-11-27 14:30')}&amount=16.50`, bo)).json()) as { items: Record<string, unknown>[] };
    expect(byAmount.items).toEqual([expect.objectContaining({ origin: 'capture', id: ids[0], source: 'front-till', last4: '4242', amount: { minor: 1650, currency: 'CNY', value: '16.50' } })]);
    const byWords = (await (await call('GET', `/api/v1/receipts?text=${encodeURIComponent('红烧牛肉面')}`, bo)).json()) as { items: { id: string }[] };
    expect(byWords.items.map((i) => i.id)).toEqual([ids[0]]);
    const bad = await call('GET', '/api/v1/receipts?origin=fax', bo);
    expect(bad.status).toBe(400);
  });

  it('GET /captures/{id} and …/receipt show it as journaled and as printed; an unknown id is 404', async () => {
    const bo = await login('bo');
    const shown = (await (await call('GET', `/api/v1/captures/${ids[0]}`, bo)).json()) as Record<string, unknown>;
    expect(shown).toMatchObject({ origin: 'capture', id: ids[0], chain: 'capture:front-till', source: 'front-till', jobs: [] });
    expect(String(shown.text)).toContain('好又多超市');
    // The receipt's text in the answer is marked too: above, below, and never more than four lines without the mark.
    const lines = String(shown.text).trimEnd().split('\n');
    expect([lines[0], lines.at(-1)]).toEqual(['仅供查看 · PREVIEW — NOT A RECEIPT', '仅供查看 · PREVIEW — NOT A RECEIPT']);
    const runs = lines.join('\n').split('仅供查看 · PREVIEW — NOT A RECEIPT').map((part) => part.split('\n').filter(Boolean).length);
    expect(Math.max(...runs)).toBeLessThanOrEqual(4);
    const text = await (await call('GET', `/api/v1/captures/${ids[0]}/receipt?format=text`, bo)).text();
    expect(text).toContain('应收');
    // A preview, marked as a sale's is, in every format: no download passes for the receipt.
    expect(text.split('\n')[0]?.trim()).toBe('仅供查看 · PREVIEW — NOT A RECEIPT');
    const escpos = Buffer.from(await (await call('GET', `/api/v1/captures/${ids[0]}/receipt?format=escpos`, bo)).arrayBuffer());
    expect(escpos.includes('NOT A RECEIPT')).toBe(true);
    const png = await call('GET', `/api/v1/captures/${ids[0]}/receipt?format=png`, bo);
    expect(png.headers.get('Content-Type')).toBe('image/png');
    const missing = await call('GET', '/api/v1/captures/cap-zzzzzzzzzzzzzzzzzzzzzzzz', bo);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { code: string }).code).toBe('CAPTURE_NOT_FOUND');
  });

  it('POST /transactions/{id}/reprints re-issues a captured receipt under the policy: refused for a cashier of another terminal, printed as DUPLICATE 1 for back office', async () => {
    const li = await login('li');
    const refused = await call('POST', `/api/v1/transactions/${ids[0]}/reprints`, li, { reason: 'paper_jam' });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe('APPROVAL_REQUIRED');
    const bo = await login('bo');
    const policy = (await (await call('GET', `/api/v1/transactions/${ids[0]}/reprint-policy`, bo)).json()) as Record<string, unknown>;
    expect(policy).toMatchObject({ saleId: ids[0], copiesSoFar: 0 });
    const printed = await call('POST', `/api/v1/transactions/${ids[0]}/reprints`, bo, { reason: 'paper_jam' });
    const outcome = (await printed.json()) as { copy: number; printed: boolean; code: string };
    expect(printed.status, JSON.stringify(outcome)).toBe(201);
    expect(outcome).toMatchObject({ copy: 1, printed: true });
    const job = h.printer.jobs().at(-1);
    const lines = job?.document.blocks.flatMap((b) => (b.type === 'text' ? [b.runs.map((r) => r.text).join('')] : [])) ?? [];
    expect(lines.some((l) => l.includes('***重印凭证 / DUPLICATE 1***'))).toBe(true);
    expect(lines.some((l) => l.includes('好又多超市'))).toBe(true);
    const verdict = (await (await call('GET', `/api/v1/verify/${encodeURIComponent(outcome.code)}`, bo)).json()) as Record<string, unknown>;
    expect(verdict).toMatchObject({ genuine: true, copy: 1 });
    // Its picture, as the printers page shows it: the duplicate as it went to paper.
    const picture = await call('GET', `/api/v1/jobs/${(outcome as unknown as { job: { id: number } }).job.id}/picture`, bo);
    expect(picture.status).toBe(200);
    expect(picture.headers.get('Content-Type')).toBe('image/png');
  });

  it("POST …/reprints without a printer sends a captured receipt back to its tap's printer (the configuration's taps), not the default", async () => {
    const { taps } = parseConfig({ printers: [{ name: 'dead', address: '127.0.0.1:9' }], taps: [{ source: 'front-till', listen: '127.0.0.1:0', printer: 'dead' }] }, 'test');
    const withTap = createApp({ ...h.deps, config: { ...h.deps.config, taps } });
    const bo = await login('bo');
    const response = await withTap.request(`http://localhost/api/v1/transactions/${ids[1]}/reprints`, {
      method: 'POST',
      headers: { Cookie: bo.cookie, [CSRF_HEADER]: bo.csrf, 'Content-Type': 'application/json', Prefer: 'respond-async' },
      body: JSON.stringify({ reason: 'paper_jam' }),
    });
    const outcome = (await response.json()) as { job: { printer: string } };
    expect(response.status, JSON.stringify(outcome)).toBe(202);
    expect(outcome.job.printer).toBe('dead');
  });

  it('POST /reprints reaches a captured receipt by time and amount, as it reaches a sale, and prints it on its tap\'s printer; a sale and a receipt that both match are listed to choose from', async () => {
    const { taps } = parseConfig({ printers: [{ name: 'dead', address: '127.0.0.1:9' }], taps: [{ source: 'front-till', listen: '127.0.0.1:0', printer: 'dead' }] }, 'test');
    const withTap = createApp({ ...h.deps, config: { ...h.deps.config, taps } });
    const bo = await login('bo');
    const reprint = (locate: Record<string, string>) =>
      withTap.request('http://localhost/api/v1/reprints', {
        method: 'POST',
        headers: { Cookie: bo.cookie, [CSRF_HEADER]: bo.csrf, 'Content-Type': 'application/json', Prefer: 'respond-async' },
        body: JSON.stringify({ locate, reason: 'paper_jam' }),
      });
    const byTime = await reprint({ by: 'search', around: '2026-11-27 14:30', amount: '16.50' });
    const outcome = (await byTime.json()) as { job: { printer: string; transactionId: string } };
    expect(byTime.status, JSON.stringify(outcome)).toBe(202);
    expect(outcome.job).toMatchObject({ printer: 'dead', transactionId: ids[0] });
    // The UnionPay slip was captured from the till and its sale was also sent as JSON: one reference no., two records.
    const byRef = await reprint({ by: 'ref', referenceNo: '133041825567' });
    const problem = (await byRef.json()) as { code: string; candidates: { id: string; kind: string }[] };
    expect(byRef.status).toBe(409);
    expect(problem.code).toBe('AMBIGUOUS_SALE');
    expect(problem.candidates).toEqual(expect.arrayContaining([expect.objectContaining({ id: ids[1], kind: 'capture' }), expect.objectContaining({ kind: 'sale' })]));
  });
  it('a captured receipt printed with a time ahead of the clock is not "a few minutes old": a cashier still needs a supervisor', async () => {
    // The POS's clock a year fast: the time it prints is what the capture knows. Its terminal no. is li's.
    const job = capturedJob(RECEIPTS[0] as (typeof RECEIPTS)[number], { n: 9, capturedAt: '2026-11-27T07:59:00Z' });
    const ahead = { ...job.fields.printedAt, local: '2027-11-27T15:59:00', utc: '2027-11-27T07:59:00.000Z' };
    await h.opened.journal.appendCapture(capturedJobToJson({ ...job, fields: { ...job.fields, printedAt: ahead, terminalId: '10023456' } }));
    const printed = h.printer.jobs().length;
    const li = await login('li');
    const refused = await call('POST', `/api/v1/transactions/${job.id}/reprints`, li, { reason: 'paper_jam', printer: 'front' });
    const text = await refused.text();
    expect(refused.status, text).toBe(403);
    expect(JSON.parse(text)).toMatchObject({ code: 'APPROVAL_REQUIRED' });
    expect(JSON.parse(text).detail).toMatch(/more than 10 minutes old/);
    expect(h.printer.jobs()).toHaveLength(printed);
  });
});
