/**
 * The back office for browser tests, as a shop runs it: startServer on a temporary SQLite
 * journal with the built pages, users made through the auth service, sales recorded, and
 * two virtual ESC/POS printers — "front" (80 mm, the default; each receipt in its own
 * language) and "small" (58 mm, set to print Chinese). Real Chromium through playwright-core.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { configFromText } from '../../src/config/index.js';
import type { TransactionInput } from '../../src/core/index.js';
import { startVirtualPrinter, type VirtualPrinter } from '../../src/emulator/index.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { retailSale, sale } from '../support/fixtures.js';

/** Debian's Chromium; REISSUE_CHROMIUM names another build. */
export const CHROMIUM = process.env.REISSUE_CHROMIUM ?? '/usr/bin/chromium';
export const ROOT = resolve(import.meta.dirname, '..', '..');
export const WEB_ROOT = join(ROOT, 'dist', 'web');
export const SHOTS = join(ROOT, 'artifacts', 'screenshots');
export const ZONE = 'Asia/Shanghai';
export const PHONE = { width: 390, height: 844 } as const;
export const SMALL_PHONE = { width: 360, height: 740 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;

export const PASSWORDS = { root: 'root-password-1', li: 'li-password-12', zhang: 'zhang-password-1', wang: 'wang-password-1', bo: 'bo-password-123', au: 'au-password-123' } as const;
export type UserName = keyof typeof PASSWORDS;

/** Store-local (UTC+8) pieces of an instant: ISO with offset, the date, the time, as shown. */
export function local(ms: number) {
  const shifted = new Date(ms + 8 * 3_600_000).toISOString();
  return { iso: `${shifted.slice(0, 19)}+08:00`, date: shifted.slice(0, 10), time: shifted.slice(11, 16), display: `${shifted.slice(0, 10)} ${shifted.slice(11, 19)}` };
}

const T1 = '10023456';
const T2 = '10023457';
const T3 = '10023458';
const id = (terminal: string, voucher: string) => `${terminal}-000128-${voucher}`;

/** The sales every browser test finds, by what they are for. */
export const IDS = {
  target: id(T1, '000101'),
  threeCopies: id(T1, '000100'),
  held: id(T1, '000104'),
  cash: id(T1, '000106'),
  wechat: id(T1, '000107'),
  /** li's own last receipt, rung up after the corrections (recordCorrections): reprinted without approval for ten minutes. */
  last: id(T1, '000112'),
  /** zhang's last receipt, 25 minutes old. */
  zhangLast: id(T3, '000201'),
  /** Cancelled by a void (voucher 000110) after it was made (see recordCorrections). */
  voided: id(T1, '000102'),
  /** 5.00 of its 19.90 refunded (voucher 000111). */
  partlyRefunded: id(T1, '000103'),
} as const;

/**
 * A void of IDS.voided and a refund of part of IDS.partlyRefunded, stamped earlier, then li's
 * last receipt (IDS.last): the last receipt of a terminal is the one recorded last.
 */
export async function recordCorrections(shop: Shop): Promise<void> {
  const at = (minutesAgo: number) => local(Date.now() - minutesAgo * 60_000).iso;
  const corrections = [
    sale({ kind: 'void', voucherNo: '000110', referenceNo: undefined, amount: '128.00', occurredAt: at(100), original: { voucherNo: '000102' } }),
    sale({ kind: 'refund', voucherNo: '000111', referenceNo: undefined, amount: '5.00', occurredAt: at(55), original: { voucherNo: '000103' } }),
    sale({ voucherNo: '000112', referenceNo: '133041800112', occurredAt: at(0.5), amount: '35.00', operatorId: '07' }),
  ];
  for (const body of corrections) expect((await shop.api('/api/v1/transactions', { method: 'POST', body })).status).toBe(201);
}

export function shopSales(now: number): { sales: TransactionInput[]; target: TransactionInput } {
  const at = (minutesAgo: number) => local(now - minutesAgo * 60_000).iso;
  const target = sale({ voucherNo: '000101', occurredAt: at(125), amount: '128.50', referenceNo: '133041800101' });
  const sales = [
    sale({ voucherNo: '000099', referenceNo: '133041800099', occurredAt: at(200), amount: '128.50' }), // same amount, outside the window
    sale({ voucherNo: '000100', referenceNo: '133041800100', occurredAt: at(130), amount: '66.00' }),
    target,
    sale({ voucherNo: '000102', referenceNo: '133041800102', occurredAt: at(121), amount: '128.00', card: { masked: '621700******1234', issuer: '中国建设银行', acquirer: '银联商务', entryMode: 'contactless' } }),
    sale({ voucherNo: '000103', referenceNo: '133041800103', occurredAt: at(60), amount: '19.90', operatorId: '07' }),
    retailSale({ voucherNo: '000106', receiptNo: 'S-000106', occurredAt: at(50), amount: '16.50', card: undefined, payments: [{ method: 'cash', amount: '16.50', tendered: '20.00', change: '3.50' }] }),
    retailSale({ voucherNo: '000107', receiptNo: 'S-000107', occurredAt: at(40), amount: '16.50', card: undefined, payments: [{ method: 'wechat', amount: '16.50', reference: '4200-0012-3456-7890' }] }),
    sale({ voucherNo: '000104', referenceNo: '133041800104', occurredAt: at(30), amount: '245.00', operatorId: '07' }),
    sale({ voucherNo: '000105', referenceNo: '133041800105', occurredAt: at(1), amount: '35.00', operatorId: '07' }),
    sale({ terminalId: T2, voucherNo: '000007', referenceNo: '133041800907', occurredAt: at(45), amount: '88.80', merchant: { id: '898310058120124', name: 'Corner Coffee 街角咖啡' } }),
    sale({ terminalId: T3, voucherNo: '000201', referenceNo: '133041800201', occurredAt: at(25), amount: '19.90', operatorId: '08' }),
  ];
  return { sales, target };
}

export interface Shop {
  server: RunningServer;
  /** The shop's folder: journal.db and the virtual printers' files. */
  dir: string;
  /** The sale the tests look for (IDS.target), as recorded. */
  target: TransactionInput;
  url: string;
  front: VirtualPrinter;
  small: VirtualPrinter;
  /** Where the virtual printers keep each job's files. */
  jobsDir: string;
  rootToken: string;
  api(path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

/** The built pages are there (and the screenshots' folder). */
export function requirePages(): void {
  // Built once by vitest's global setup, never here: files run two at a time, and a build
  // here replaced dist/web while the other file's browser was loading a page from it.
  if (!existsSync(join(WEB_ROOT, 'index.html'))) throw new Error(`the web pages are not built (${WEB_ROOT}): run the tests with \`npx vitest\` (its global setup builds them) or \`npm run build\``);
  mkdirSync(SHOTS, { recursive: true });
}

/**
 * A running shop. `publicUrl: 'self'` gives the server its own (loopback) address as the
 * public one, as `reissue demo` on one computer does: reprint QR codes link to it.
 */
export async function openShop(options: { publicUrl?: 'self' | string; sales?: TransactionInput[]; taps?: Record<string, unknown>[] } = {}): Promise<Shop> {
  const dir = mkdtempSync(join(tmpdir(), 'reissue-e2e-'));
  const jobsDir = join(dir, 'virtual-printer');
  const front = await startVirtualPrinter({ port: 0, speedMmPerSecond: 2000, jobsDir });
  const small = await startVirtualPrinter({ port: 0, speedMmPerSecond: 2000, paper: '58' });
  const config = configFromText(
    JSON.stringify({
      printers: [
        { name: 'front', address: `127.0.0.1:${front.address?.port}`, model: 'generic-80' },
        { name: 'small', address: `127.0.0.1:${small.address?.port}`, model: 'generic-58', language: 'zh' },
      ],
      defaultPrinter: 'front',
      spooler: { statusPoll: '1s', retryInitial: '1s', retryMax: '2s', expireAfter: '10m' },
      ...(options.taps ? { taps: options.taps } : {}),
    }),
    'e2e',
  );
  const port = await freePort();
  const publicUrl = options.publicUrl === 'self' ? `http://127.0.0.1:${port}` : options.publicUrl;
  const serverLog: string[] = [];
  const server = await startServer({
    port,
    db: join(dir, 'journal.db'),
    config,
    webRoot: WEB_ROOT,
    context: { env: { REISSUE_TZ: ZONE }, cwd: dir, now: Date.now },
    logger: (line) => serverLog.push(line),
    shutdownGraceMs: 500,
    ...(publicUrl ? { publicUrl } : {}),
  });
  const { auth, journal } = server.deps;
  await auth.bootstrapAdmin({ name: 'root', password: PASSWORDS.root, operatorNo: '99' });
  await auth.addUser({ name: 'li', role: 'cashier', password: PASSWORDS.li, operatorNo: '07', terminal: T1 }, 'root');
  await auth.addUser({ name: 'zhang', role: 'cashier', password: PASSWORDS.zhang, operatorNo: '08', terminal: T3 }, 'root');
  await auth.addUser({ name: 'wang', role: 'supervisor', password: PASSWORDS.wang, operatorNo: '90' }, 'root');
  await auth.addUser({ name: 'bo', role: 'backoffice', password: PASSWORDS.bo, operatorNo: '55' }, 'root');
  await auth.addUser({ name: 'au', role: 'auditor', password: PASSWORDS.au }, 'root');
  const recorded = shopSales(Date.now());
  await journal.recordMany(options.sales ?? recorded.sales);
  const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'root', password: PASSWORDS.root, bearer: true }) });
  const rootToken = ((await login.json()) as { token: string }).token;
  return {
    server,
    dir,
    target: options.sales?.find((s) => s.voucherNo === '000101' && s.terminalId === T1) ?? recorded.target,
    url: server.url,
    front,
    small,
    jobsDir,
    rootToken,
    async api(path, init = {}) {
      const response = await fetch(`${server.url}${path}`, {
        method: init.method ?? 'GET',
        headers: { Authorization: `Bearer ${rootToken}`, ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...init.headers },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      });
      return { status: response.status, body: await response.json() };
    },
    async close() {
      await server.close();
      await front.stop();
      await small.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: the back-office browser tests need it. Install it with \`apt-get install -y chromium\` (bash scripts/system-deps.sh --test does).`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Script errors and console errors of every page opened in the context (HTTP 4xx are the pages' own business). */
export function watchErrors(context: BrowserContext, errors: string[]): void {
  context.on('page', (page) => {
    page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of 40[0-9]/.test(message.text())) errors.push(`${page.url()}: ${message.text()}`);
    });
  });
}

/** A browser context as a phone or a desktop, with the pages' language chosen before any page loads. */
export async function openContext(browser: Browser, options: { viewport: { width: number; height: number }; lang: 'zh' | 'en'; errors: string[]; mobile?: boolean }): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: options.viewport,
    locale: options.lang === 'zh' ? 'zh-CN' : 'en-US',
    timezoneId: ZONE,
    ...(options.mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  context.setDefaultTimeout(10_000);
  // about:blank has no storage: the pages' own origin has.
  await context.addInitScript({ content: `try { if (!localStorage.getItem('reissue.lang')) localStorage.setItem('reissue.lang', ${JSON.stringify(options.lang)}); } catch {}` });
  watchErrors(context, options.errors);
  return context;
}

export async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
}

/** Nothing on the page is wider than the window: no sideways scrolling. */
export async function expectNoSideScroll(page: Page, where: string): Promise<void> {
  // Against the screen's width, not window.innerWidth: a mobile browser widens its layout
  // viewport to fit content that sticks out (zooming the page out), so innerWidth hides it.
  const screen = page.viewportSize()?.width ?? 0;
  const sizes = (await page.evaluate('({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth, body: document.body.scrollWidth })')) as { scroll: number; inner: number; body: number };
  const limit = screen > 0 ? screen : sizes.inner;
  expect(sizes.scroll, `${where}: page ${sizes.scroll} px wide on a ${limit} px screen`).toBeLessThanOrEqual(limit);
  expect(sizes.body, `${where}: body ${sizes.body} px wide on a ${limit} px screen`).toBeLessThanOrEqual(limit);
}

/** The least height of a control a thumb hits without missing (WCAG 2.5.5). */
export const TOUCH_TARGET = 44;

/**
 * Every control in sight — button, link drawn as a button, nav link, field, <summary> — is at
 * least TOUCH_TARGET px tall; with a dialog open, only the dialog's (the rest cannot be reached).
 */
export async function expectThumbSized(page: Page, where: string): Promise<void> {
  const script = `(() => {
    const out = [];
    const modal = document.querySelector('dialog[open]');
    for (const el of document.querySelectorAll('button, a.button-link, .site-header nav a, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, summary')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || !el.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true }) || el.closest('[hidden]')) continue;
      if (modal && !modal.contains(el)) continue;
      if (r.height < ${TOUCH_TARGET}) out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' + (el.textContent || '').trim().slice(0, 20) + '" ' + r.height.toFixed(1) + ' px');
    }
    return out;
  })()`;
  expect((await page.evaluate(script)) as string[], `${where}: controls lower than ${TOUCH_TARGET} px`).toEqual([]);
}

/** Every element the user must reach lies within the window's width. */
export async function expectWithinWidth(page: Page, selector: string): Promise<void> {
  const box = await page.locator(selector).first().boundingBox();
  const width = page.viewportSize()?.width ?? 0;
  expect(box, `${selector} is on the page`).not.toBeNull();
  expect((box?.x ?? 0) + (box?.width ?? 0), `${selector} ends inside the ${width} px window`).toBeLessThanOrEqual(width);
  expect(box?.x ?? -1, `${selector} starts inside the window`).toBeGreaterThanOrEqual(0);
}

export async function signIn(page: Page, url: string, name: UserName): Promise<void> {
  await page.goto(`${url}/login.html`);
  await page.locator('#username').fill(name);
  await page.locator('#password').fill(PASSWORDS[name]);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.locator('#login-submit').click()]);
  await page.locator('#who').waitFor();
}

export async function signOut(page: Page): Promise<void> {
  await Promise.all([page.waitForURL(/\/login\.html/), page.locator('#sign-out').click()]);
}

export const lines = (text: string) => text.split('\n').map((l) => l.trimEnd()).filter(Boolean);
/** The lines a duplicate adds: its mark, the reprint line, the QR and the verification code printed under it. */
export const marked = (l: string) =>
  l.includes('DUPLICATE') || l.includes('重打印') || l.includes('REPRINTED') || l.includes('验证码') || l.includes('VERIFICATION CODE') || /\d{8}-\d{6}-\d{6}\.\d+\./.test(l);
/** A receipt's lines without what a duplicate adds (the QR's text marker may wrap over lines). */
export const unmarked = (text: string) => lines(text.replace(/\[QR[^\]]*\]/g, '')).filter((l) => !marked(l));
/** A preview's lines without its 仅供查看 · PREVIEW — NOT A RECEIPT marks and without rules (a preview marks its rules): the paper it shows. */
export const unpreviewed = (text: string) => lines(text).filter((l) => !(l.includes('仅供查看') && l.includes('NOT A RECEIPT')) && !/^-+$/.test(l));

/** The data of the QR code a printed job carries. */
export function qrOf(job: { document: { blocks: readonly { type: string; data?: string }[] } } | undefined): string {
  return job?.document.blocks.find((b) => b.type === 'qr')?.data ?? '';
}

/** What a browser test file works with, filled in before its first test. */
export interface Suite {
  shop: Shop;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Script errors of the pages: the last test of a file expects none. */
  errors: string[];
}

/**
 * Sets up a test file: the pages built, a shop whose public address is its own (as `reissue
 * demo` on one computer), Chromium, one context of the size and language asked for. If
 * setting up fails, every test fails with that error (none is skipped).
 */
export function browserSuite(options: { viewport: { width: number; height: number }; lang: 'zh' | 'en'; mobile?: boolean; prepare?: (shop: Shop) => Promise<void> }): Suite {
  const suite = { errors: [] as string[] } as Suite;
  let setupError: unknown;
  beforeAll(async () => {
    try {
      requirePages();
      suite.shop = await openShop({ publicUrl: 'self' });
      await options.prepare?.(suite.shop);
      suite.browser = await launchChromium();
      suite.context = await openContext(suite.browser, { viewport: options.viewport, lang: options.lang, errors: suite.errors, ...(options.mobile ? { mobile: true } : {}) });
      suite.page = await suite.context.newPage();
    } catch (error) {
      setupError = error;
    }
  }, 90_000);
  beforeEach(() => {
    if (setupError) throw setupError;
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.shop?.close();
  });
  return suite;
}

export async function openReceipt(page: Page, url: string, id: string): Promise<void> {
  await page.goto(`${url}/receipt.html?id=${id}`);
  await page.locator('body[data-loaded=true]').waitFor();
}

/** Presses the dialog's print button, expects a refusal with this code, and returns it. */
export async function refusedWith(dialog: Locator, button: string, code: string): Promise<Locator> {
  await dialog.getByRole('button', { name: button }).click();
  const refusal = dialog.locator('#reprint-result [role=alert]');
  await refusal.waitFor();
  expect(await refusal.getAttribute('data-code')).toBe(code);
  expect(await refusal.textContent(), 'the code stays out of sight').not.toContain(code);
  return refusal;
}
