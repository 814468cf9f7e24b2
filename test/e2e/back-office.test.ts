/**
 * The back-office pages in a real browser (Debian's Chromium through playwright-core)
 * against the real server: startServer on a temporary SQLite journal, users made through
 * the auth service, demo sales recorded, and a virtual ESC/POS printer as the shop's
 * printer. Every page is photographed into artifacts/screenshots/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configFromText } from '../../src/config/index.js';
import type { TransactionInput } from '../../src/core/index.js';
import { startVirtualPrinter, type VirtualPrinter } from '../../src/emulator/index.js';
import { decodeQrRaster } from '../../src/escpos/index.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { sale } from '../support/fixtures.js';
import { rasterFromQrPath } from '../support/svg-qr.js';

/** Debian's Chromium; REISSUE_CHROMIUM names another build. */
const CHROMIUM = process.env.REISSUE_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = resolve(import.meta.dirname, '..', '..');
const WEB_ROOT = join(ROOT, 'dist', 'web');
const SHOTS = join(ROOT, 'artifacts', 'screenshots');
const ZONE = 'Asia/Shanghai';
const TERMINAL = '10023456';

const PASSWORDS = { root: 'root-password-1', li: 'li-password-12', wang: 'wang-password-1' } as const;

/** Store-local (UTC+8) pieces of an instant: ISO with offset, "YYYY-MM-DDTHH:MM" for inputs, the date. */
function local(ms: number) {
  const shifted = new Date(ms + 8 * 3_600_000).toISOString();
  return { iso: `${shifted.slice(0, 19)}+08:00`, input: shifted.slice(0, 16), date: shifted.slice(0, 10), display: `${shifted.slice(0, 10)} ${shifted.slice(11, 19)}` };
}

const NOW = Date.now();
const at = (minutesAgo: number) => local(NOW - minutesAgo * 60_000).iso;
const TARGET = { voucherNo: '000101', occurredAt: at(125), amount: '128.50', referenceNo: '133041800101' };
const TARGET_ID = `${TERMINAL}-000128-000101`;
const HELD_ID = `${TERMINAL}-000128-000104`;
const SALES: TransactionInput[] = [
  sale({ voucherNo: '000099', referenceNo: '133041800099', occurredAt: at(200), amount: '128.50' }), // same amount, outside the window
  sale({ voucherNo: '000100', referenceNo: '133041800100', occurredAt: at(130), amount: '66.00' }),
  sale(TARGET),
  sale({ voucherNo: '000102', referenceNo: '133041800102', occurredAt: at(121), amount: '128.00', card: { masked: '621700******1234', issuer: '中国建设银行', acquirer: '银联商务', entryMode: 'contactless' } }),
  sale({ voucherNo: '000103', referenceNo: '133041800103', occurredAt: at(60), amount: '19.90', operatorId: '07' }),
  sale({ voucherNo: '000104', referenceNo: '133041800104', occurredAt: at(30), amount: '245.00', operatorId: '07' }),
  sale({ voucherNo: '000105', referenceNo: '133041800105', occurredAt: at(2), amount: '35.00', operatorId: '07' }),
  sale({ terminalId: '10023457', voucherNo: '000007', referenceNo: '133041800907', occurredAt: at(45), amount: '88.80', merchant: { id: '898310058120124', name: 'Corner Coffee 街角咖啡' } }),
];

let dir: string;
let printer: VirtualPrinter;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const serverLog: string[] = [];
const pageErrors: string[] = [];

const lines = (text: string) => text.split('\n').map((l) => l.trimEnd()).filter(Boolean);
// What a duplicate adds: the mark, the reprint line, its QR code and the verification code printed under it.
const marked = (l: string) => l.includes('DUPLICATE') || l.includes('重打印') || l.startsWith('[QR') || l.includes('验证码') || /\d{8}-\d{6}-\d{6}\.\d+\./.test(l);

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

async function signIn(name: keyof typeof PASSWORDS): Promise<void> {
  await page.goto(`${server.url}/login.html`);
  await page.getByLabel(/User name|用户名/).fill(name);
  await page.getByLabel(/^(Password|密码)$/).fill(PASSWORDS[name]);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.getByRole('button', { name: /^(Sign in|登录)$/ }).click()]);
  await page.locator('#who').waitFor();
}

async function signOut(): Promise<void> {
  await Promise.all([page.waitForURL(/\/login\.html/), page.locator('#sign-out').click()]);
}

/** Calls the API as root with a bearer token (what a POS integrator does). */
let rootToken = '';
async function asRoot(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { Authorization: `Bearer ${rootToken}`, ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...init.headers },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: response.status, body: await response.json() };
}

/** Why setting up failed: every test then fails with it (none is skipped). */
let setupError: unknown;

beforeAll(async () => {
  try {
    await setUp();
  } catch (error) {
    setupError = error;
  }
}, 60_000);

beforeEach(() => {
  if (setupError) throw setupError;
});

async function setUp(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: the back-office browser tests need it. Install it with \`apt-get install -y chromium\` (bash scripts/system-deps.sh --test does).`);
  }
  // The pages as the server serves them: compiled from src/web now, so the test never sees stale pages.
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-web.mjs')], { cwd: ROOT, stdio: 'pipe' });
  mkdirSync(SHOTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'reissue-e2e-'));
  printer = await startVirtualPrinter({ port: 0, speedMmPerSecond: 2000 });
  const config = configFromText(
    JSON.stringify({
      printers: [{ name: 'front', address: `127.0.0.1:${printer.address?.port}`, model: 'generic-80' }],
      defaultPrinter: 'front',
      spooler: { statusPoll: '1s', retryInitial: '1s', retryMax: '2s', expireAfter: '10m' },
    }),
    'e2e',
  );
  server = await startServer({
    port: 0,
    db: join(dir, 'journal.db'),
    config,
    webRoot: WEB_ROOT,
    context: { env: { REISSUE_TZ: ZONE }, cwd: dir, now: Date.now },
    logger: (line) => serverLog.push(line),
    shutdownGraceMs: 500,
  });
  const { auth, journal } = server.deps;
  await auth.bootstrapAdmin({ name: 'root', password: PASSWORDS.root, operatorNo: '99' });
  await auth.addUser({ name: 'li', role: 'cashier', password: PASSWORDS.li, operatorNo: '07', terminal: TERMINAL }, 'root');
  await auth.addUser({ name: 'wang', role: 'supervisor', password: PASSWORDS.wang, operatorNo: '90' }, 'root');
  await journal.recordMany(SALES);
  const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'root', password: PASSWORDS.root, bearer: true }) });
  rootToken = ((await login.json()) as { token: string }).token;

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: ZONE });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 40[0-9]/.test(message.text())) pageErrors.push(message.text());
  });
}

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await printer?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('back office in Chromium', () => {
  it('prints the original through the API first', async () => {
    const printed = await asRoot(`/api/v1/transactions/${TARGET_ID}/print`, { method: 'POST' });
    expect(printed.status).toBe(201);
    expect(printed.body.printed).toBe(true);
    expect(printer.jobs()).toHaveLength(1);
  });

  it('signs a cashier in', async () => {
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/login\.html\?next=/);
    await expect.poll(() => page.title()).toContain('Sign in');
    await page.getByLabel('User name').fill('li');
    await shot('01-login');
    await page.getByLabel(/^Password$/).fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('#login-error [role=alert]').textContent()).toMatch(/user name or password|not signed in|wrong/i);
    await signIn('li');
    expect(await page.locator('#who').textContent()).toBe('Signed in as li (cashier)');
    // A cashier sees the pages their role may use.
    const nav = await page.locator('nav a').allTextContents();
    expect(nav).toEqual(['Find sales', 'Printers']);
  });

  it('finds a sale by time and amount', async () => {
    await page.locator('#results-grid').waitFor(); // the newest sales first
    const target = local(Date.parse(TARGET.occurredAt));
    const remembered = local(Date.parse(TARGET.occurredAt) + 6 * 60_000); // the customer remembers "about 6 minutes later"
    await page.getByLabel('Time (store-local)').fill(remembered.input);
    await page.getByLabel('± window').selectOption('15m');
    await page.getByLabel('Amount').fill('128.50');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('#results-grid tbody tr').count()).toBe(1);
    const row = page.locator('#results-grid tbody tr').first();
    expect(await row.locator('td').first().textContent()).toBe(target.display);
    expect(await row.textContent()).toContain('CNY 128.50');
    expect(await row.textContent()).toContain('622588******4242');
    expect(await page.locator('#results-status').textContent()).toBe('1 shown, newest first');
    await shot('02-search');
  });

  it('previews the receipt exactly as it prints', async () => {
    await Promise.all([page.waitForURL(/receipt\.html\?id=/), page.getByRole('link', { name: `Preview receipt ${TARGET_ID}` }).click()]);
    await page.locator('body[data-loaded=true]').waitFor();
    const image = page.locator('#receipt-image');
    await expect.poll(() => image.evaluate((img) => { const i = img as unknown as { complete: boolean; naturalWidth: number }; return i.complete ? i.naturalWidth : 0; })).toBe(576);
    expect(await image.getAttribute('alt')).toBe(`Receipt ${TARGET_ID} as printed`);
    await expect.poll(() => page.locator('#receipt-text').textContent()).toContain('000101');
    expect(await page.locator('#sale-details').textContent()).toContain('CNY 128.50');
    expect(await page.locator('#jobs-table tbody tr').count()).toBe(1); // the original, printed
    expect(await page.locator('#jobs-table tbody').textContent()).toContain('printed');
    // The preview is the receipt the printer printed: same text as the original on paper.
    const previewText = (await page.locator('#receipt-text').textContent()) ?? '';
    expect(lines(previewText).filter((l) => !marked(l))).toEqual(lines(printer.jobs()[0]?.text ?? '').filter((l) => !marked(l)));
    await shot('03-receipt');
  });

  it('refuses a cashier an old reprint and says why', async () => {
    await page.getByRole('button', { name: 'Reprint a duplicate…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reprint a duplicate' });
    await dialog.waitFor();
    // The fields follow the reason: a few words for "other", the customer's details for a lost receipt.
    expect(await dialog.getByLabel('Why (required for "other")').isVisible()).toBe(false);
    await dialog.getByLabel('Reason').selectOption('other');
    expect(await dialog.getByLabel('Why (required for "other")').isVisible()).toBe(true);
    await dialog.getByLabel('Reason').selectOption('customer_lost');
    expect(await dialog.getByRole('group', { name: 'What the customer says (lost receipt)' }).isVisible()).toBe(true);
    await dialog.getByLabel('Reason').selectOption('customer_request');
    expect(await dialog.getByRole('group', { name: 'What the customer says (lost receipt)' }).isVisible()).toBe(false);
    await dialog.getByRole('button', { name: 'Print duplicate' }).click();
    const refusal = dialog.locator('#reprint-result [role=alert]');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('APPROVAL_REQUIRED');
    expect(await refusal.textContent()).toContain(`Refused: sale ${TARGET_ID} is not the last receipt of your terminal: a supervisor must approve this reprint`);
    expect(await refusal.textContent()).toContain('ask a supervisor');
    expect(printer.jobs()).toHaveLength(1);
    await shot('04-reprint-refused');
  });

  it("reprints it with a supervisor's approval: DUPLICATE 1, equal to the original but for the mark", async () => {
    const dialog = page.getByRole('dialog', { name: 'Reprint a duplicate' });
    await dialog.getByLabel('Supervisor user name').fill('wang');
    await dialog.getByLabel('Supervisor password').fill(PASSWORDS.wang);
    await dialog.getByRole('button', { name: 'Print duplicate' }).click();
    const outcome = dialog.locator('#reprint-result .outcome');
    await expect.poll(() => outcome.getAttribute('data-state'), { timeout: 15_000 }).toBe('printed');
    expect(await outcome.textContent()).toMatch(/DUPLICATE 1 accepted \(approved\); job \d+: printed/);
    expect(await dialog.getByLabel('Supervisor password').inputValue()).toBe('');
    await shot('05-reprint-approved');

    const [original, duplicate] = printer.jobs();
    const originalLines = lines(original?.text ?? '');
    const duplicateLines = lines(duplicate?.text ?? '');
    expect(duplicateLines.map((l) => l.trim())).toContain('***重印凭证 / DUPLICATE 1***');
    expect(duplicateLines.find((l) => l.includes('重打印'))).toContain('主管 90');
    expect(duplicateLines.filter((l) => !marked(l))).toEqual(originalLines.filter((l) => !marked(l)));
    expect(duplicateLines.length).toBeGreaterThan(originalLines.filter((l) => !marked(l)).length);

    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page.locator('#jobs-table tbody tr').count()).toBe(2);
    expect(await page.locator('#jobs-table tbody tr').nth(1).textContent()).toContain('DUPLICATE 1');
    await signOut();
  });

  it('shows paper-out on the printers page, and the held job printing once it is cleared', async () => {
    await signIn('root');
    await page.goto(`${server.url}/printers.html`);
    const row = page.locator('#printers-grid tr[data-printer=front]');
    await expect.poll(() => row.locator('[data-status]').getAttribute('data-status')).toBe('ready');
    await page.locator('section.recent[data-printer=front] li').first().waitFor();
    await shot('06-printers');

    printer.setFault('paper-out');
    await expect.poll(() => row.locator('[data-status]').getAttribute('data-status'), { timeout: 10_000 }).toBe('paper out');
    const queued = await asRoot(`/api/v1/transactions/${HELD_ID}/print`, { method: 'POST', headers: { Prefer: 'respond-async' } });
    expect(queued.status).toBe(202);
    const jobId = queued.body.job.id as number;
    await expect.poll(async () => Number(await row.locator('[data-col=queued]').textContent()) + Number(await row.locator('[data-col=in-flight]').textContent()), { timeout: 10_000 }).toBe(1);
    expect(await row.textContent()).toContain('paper out');
    expect(printer.jobs()).toHaveLength(2);
    await shot('07-printers-paper-out');

    printer.setFault(undefined);
    await expect.poll(() => page.locator(`section.recent[data-printer=front] li[data-job="${jobId}"]`).getAttribute('data-state'), { timeout: 15_000 }).toBe('printed');
    await expect.poll(() => row.locator('[data-status]').getAttribute('data-status')).toBe('ready');
    expect(await row.locator('[data-col=queued]').textContent()).toBe('0');
    expect(printer.jobs()).toHaveLength(3);
    expect(printer.jobs()[2]?.text).toContain('000104');
    await shot('08-printers-recovered');
  });

  it("lists the day's transactions and totals, with a CSV", async () => {
    const day = local(Date.parse(TARGET.occurredAt)).date;
    await page.goto(`${server.url}/reports.html?date=${day}`);
    await page.locator('#totals-grid').waitFor();
    const expected = SALES.filter((s) => local(Date.parse(s.occurredAt)).date === day);
    await expect.poll(() => page.locator('#list-grid tbody tr').count()).toBe(expected.length);
    expect(await page.locator('#list-heading').textContent()).toBe(`Transactions (${expected.length})`);
    const overall = page.locator('#totals-grid tbody tr').first();
    expect(await overall.textContent()).toContain('All');
    const href = (await page.locator('#report-csv').getAttribute('href')) ?? '';
    expect(href).toContain('format=csv');
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href);
    expect(csv).toContain('000101');
    expect(csv.split('\r\n').length).toBeGreaterThan(expected.length);
    await shot('09-reports');
  });

  it('shows the audit trail: the refusal and the approved reprint', async () => {
    await page.goto(`${server.url}/audit.html`);
    await page.locator('#audit-grid').waitFor();
    const refused = page.locator('#audit-grid tbody tr', { has: page.locator('[data-type="reprint.refused"]') }).first();
    expect(await refused.textContent()).toContain('li');
    expect(await refused.textContent()).toContain('APPROVAL_REQUIRED');
    const issued = page.locator('#audit-grid tbody tr', { has: page.locator('[data-type="reprint.issued"]') }).first();
    expect(await issued.locator('td').nth(3).textContent()).toBe('li');
    expect(await issued.locator('td').nth(4).textContent()).toBe('wang');
    expect(await issued.textContent()).toContain(`sale ${TARGET_ID}`);
    await page.getByLabel('Event').selectOption('reprint.issued');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => page.locator('#audit-grid tbody tr').count()).toBe(1);
    await shot('10-audit');
  });

  it("refuses a lost receipt's reprint when the customer's details do not match", async () => {
    await page.goto(`${server.url}/receipt.html?id=${TARGET_ID}`);
    await page.locator('body[data-loaded=true]').waitFor();
    await page.getByRole('button', { name: 'Reprint a duplicate…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reprint a duplicate' });
    await dialog.getByLabel('Reason').selectOption('customer_lost');
    await dialog.getByLabel('Card last 4').fill('1234');
    await dialog.getByLabel('Amount').fill('128.50');
    await dialog.getByRole('button', { name: 'Print duplicate' }).click();
    const refusal = dialog.locator('#reprint-result [role=alert]');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('CUSTOMER_DETAILS_MISMATCH');
    expect(await refusal.textContent()).toContain('the card last-4 or the amount the customer gave does not match this sale');
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(printer.jobs()).toHaveLength(3);
  });

  it('makes an e-receipt link with its QR code and a PDF', async () => {
    const pdfHref = (await page.locator('#download-pdf').getAttribute('href')) ?? '';
    const pdf = await page.evaluate(async (url) => {
      const r = await fetch(url);
      return { type: r.headers.get('Content-Type'), head: new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5)) };
    }, pdfHref);
    expect(pdf).toEqual({ type: 'application/pdf', head: '%PDF-' });
    await page.getByRole('button', { name: 'E-receipt…' }).click();
    const dialog = page.getByRole('dialog', { name: 'E-receipt for the customer' });
    await dialog.getByRole('button', { name: 'Create signed link' }).click();
    const link = dialog.locator('#ereceipt-link');
    await link.waitFor();
    const url = (await link.getAttribute('href')) ?? '';
    expect(url).toMatch(new RegExp(`^${server.url}/r/`));
    const qr = dialog.getByRole('img', { name: `QR code of the link ${url}` });
    // The QR on the page reads back as the link (the project's own QR decoder).
    const size = Number(((await qr.getAttribute('viewBox')) ?? '').split(' ')[2]);
    expect(decodeQrRaster(rasterFromQrPath((await qr.locator('path').getAttribute('d')) ?? '', size))?.data).toBe(url);
    await shot('11-ereceipt');
    const customer = await context.newPage();
    await customer.goto(url);
    expect(await customer.locator('.verify').textContent()).toContain('Verification code');
    await customer.screenshot({ path: join(SHOTS, '12-ereceipt-customer.png') });
    await customer.close();
  });

  it('switches to Chinese and remembers it', async () => {
    await page.goto(`${server.url}/`);
    await page.locator('#results-grid').waitFor();
    await page.getByRole('button', { name: 'Switch to Chinese' }).click();
    expect(await page.locator('h1').textContent()).toBe('查找交易');
    expect(await page.locator('#results-grid thead th').first().textContent()).toBe('时间');
    await page.reload();
    await page.locator('#results-grid').waitFor();
    expect(await page.locator('h1').textContent()).toBe('查找交易');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.getByLabel('金额').count()).toBe(1);
    await shot('13-search-zh');
    await page.goto(`${server.url}/printers.html`);
    await page.locator('#printers-grid').waitFor();
    await shot('14-printers-zh');
    await page.getByRole('button', { name: '切换到英文' }).click();
    expect(await page.locator('h1').textContent()).toBe('Printers');
  });

  it('ran without script errors in the pages', () => {
    expect(pageErrors).toEqual([]);
  });
});
