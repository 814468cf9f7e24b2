/**
 * The back office at head office, in real Chromium at 360 px, in English and Chinese: head
 * office (`startServer` on a throwaway PostgreSQL cluster) holds two shops' sales and audit;
 * the search, reports and audit pages show each line's store and a store filter, and a
 * backoffice user limited to one shop sees only that shop's lines (and no filter: no choice).
 */
import type { Browser, Page } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/app.js';
import { Journal } from '../../src/journal/index.js';
import { configFromText } from '../../src/config/index.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { nthSale } from '../support/fixtures.js';
import { freePort, startPostgres, type PostgresServer } from '../support/postgres-server.js';
import { shopInto } from '../support/shops.js';
import { tempDir } from '../support/cli.js';
import { SMALL_PHONE, WEB_ROOT, ZONE, requirePages, expectNoSideScroll, launchChromium, openContext, refusedWith, shot } from './harness.js';

let pg: PostgresServer;
let server: RunningServer;
let browser: Browser;
let dir: ReturnType<typeof tempDir>;
const errors: string[] = [];

beforeAll(async () => {
  requirePages();
  dir = tempDir('reissue-hq-web-');
  pg = await startPostgres();
  server = await startServer({
    port: await freePort(),
    db: await pg.createDatabase(),
    // A printer of its own (nothing listens there): head office prints its own sales only.
    config: configFromText('{"printers":[{"name":"office","address":"127.0.0.1:9"}],"defaultPrinter":"office"}', 'e2e'),
    webRoot: WEB_ROOT,
    context: { env: { REISSUE_TZ: ZONE }, cwd: dir.path, now: Date.now },
    logger: () => undefined,
    shutdownGraceMs: 500,
  });
  const { auth, journal, headOffice } = server.deps;
  await headOffice?.addShop('SH-001', '浦东店');
  await headOffice?.addShop('SH-002', '静安店');
  await shopInto(journal, `${dir.path}/a.db`, 'SH-001', [nthSale(1), nthSale(2)]);
  await shopInto(journal, `${dir.path}/b.db`, 'SH-002', [nthSale(3, { amount: '33.00' }), nthSale(4)]);
  await auth.bootstrapAdmin({ name: 'root', password: 'root-password-1' });
  await auth.addUser({ name: 'qian', role: 'backoffice', password: 'qian-password-1', stores: 'SH-001' }, 'root');
  await auth.addUser({ name: 'au', role: 'auditor', password: 'au-password-123' }, 'root');
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await pg?.stop();
  dir?.remove();
});

async function signedIn(lang: 'zh' | 'en', name: string, password: string, url = server.url): Promise<Page> {
  const context = await openContext(browser, { viewport: SMALL_PHONE, lang, errors, mobile: true });
  const page = await context.newPage();
  await page.goto(`${url}/login.html`);
  await page.locator('#username').fill(name);
  await page.locator('#password').fill(password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.locator('#login-submit').click()]);
  await page.locator('#who').waitFor();
  return page;
}

const headers = (page: Page, table: string) => page.locator(`${table} thead th`).allTextContents();
const storesShown = async (page: Page, table: string) => new Set(await page.locator(`${table} span.store`).allTextContents());

describe('head office pages at 360 px', () => {
  it('in English: every store with a store column; the filter narrows to one and its receipt names the store', async () => {
    const page = await signedIn('en', 'root', 'root-password-1');
    await page.goto(`${server.url}/`);
    await page.locator('body[data-loaded=true]').waitFor();
    await page.locator('#results-grid').waitFor();
    expect(await headers(page, '#results-grid')).toContain('Store');
    expect(await storesShown(page, '#results-grid')).toEqual(new Set(['SH-001', 'SH-002']));
    expect(await page.locator('#store-field').isVisible()).toBe(true);
    expect(await page.locator('#store option').allTextContents()).toEqual(['All stores', 'SH-001 浦东店', 'SH-002 静安店']);
    await expectNoSideScroll(page, 'search, en, head office');
    await page.locator('#store').selectOption('SH-002');
    await page.locator('#search-submit').click();
    await expect.poll(async () => [...(await storesShown(page, '#results-grid'))]).toEqual(['SH-002']);
    await shot(page, 'head-office-search-en-360');
    const link = page.locator('#results-grid a.button-link').first();
    expect(await link.getAttribute('href')).toMatch(/&store=SH-002$/);
    await link.click();
    await page.locator('body[data-loaded=true]').waitFor();
    await expect.poll(() => page.locator('#sale-details').textContent()).toContain('SH-002');
    await expectNoSideScroll(page, 'receipt, en, head office');
  });

  it('in Chinese: a user limited to one shop sees its lines only, in search and reports, with no filter to choose', async () => {
    const page = await signedIn('zh', 'qian', 'qian-password-1');
    await page.goto(`${server.url}/`);
    await page.locator('body[data-loaded=true]').waitFor();
    await page.locator('#results-grid').waitFor();
    expect(await headers(page, '#results-grid')).toContain('门店');
    expect(await storesShown(page, '#results-grid')).toEqual(new Set(['SH-001']));
    expect(await page.locator('#store-field').isVisible()).toBe(false);
    await expectNoSideScroll(page, 'search, zh, limited');
    await shot(page, 'head-office-search-zh-360');
    await page.goto(`${server.url}/reports.html?date=2026-11-27`);
    await page.locator('#date').fill('2026-11-27');
    await page.locator('#report-submit').click();
    await page.locator('#list-grid').waitFor();
    expect(await headers(page, '#list-grid')).toContain('门店');
    expect(await storesShown(page, '#list-grid')).toEqual(new Set(['SH-001']));
    await expectNoSideScroll(page, 'reports, zh, limited');
  });

  it('in Chinese: the audit page lists each shop\'s entries with its store, and filters by store', async () => {
    const page = await signedIn('zh', 'au', 'au-password-123');
    await page.goto(`${server.url}/audit.html`);
    await page.locator('body[data-loaded=true]').waitFor();
    expect(await headers(page, '#audit-grid')).toContain('门店');
    expect(await page.locator('#store option').first().textContent()).toBe('全部门店');
    await page.locator('#store').selectOption('SH-001');
    await page.locator('#audit-submit').click();
    await expect.poll(async () => [...(await storesShown(page, '#audit-grid'))]).toEqual(['SH-001']);
    expect(await page.locator('#audit-grid').textContent()).toContain('clerk-SH-001');
    await expectNoSideScroll(page, 'audit, zh, head office');
    await shot(page, 'head-office-audit-zh-360');
  });

  for (const lang of ['zh', 'en'] as const) {
    it(`in ${lang === 'zh' ? 'Chinese' : 'English'}: a shop's sale is not reprinted at head office, and the dialog says where it is printed`, async () => {
      const page = await signedIn(lang, 'root', 'root-password-1');
      const id = (await server.deps.journal.find({ storeIds: ['SH-002'], limit: 1 })).items[0]?.id ?? '';
      await page.goto(`${server.url}/receipt.html?id=${id}&store=SH-002`);
      await page.locator('body[data-loaded=true]').waitFor();
      await page.locator('#open-reprint').click();
      const dialog = page.locator('#reprint-dialog');
      await expect.poll(() => dialog.locator('#policy').getAttribute('data-needs')).not.toBe('checking');
      await dialog.locator('#reason').selectOption('customer_request');
      const refusal = await refusedWith(dialog, lang === 'zh' ? '打印重印凭证' : 'Print duplicate', 'PRINTED_IN_ITS_SHOP');
      expect(await refusal.textContent()).toContain(lang === 'zh' ? '门店的交易在门店打印' : "A shop's sale prints in its shop");
      expect(await refusal.textContent()).toContain('SH-002');
      await expectNoSideScroll(page, `reprint refused, ${lang}, head office`);
      await shot(page, `head-office-shop-sale-reprint-${lang}-360`);
    });
  }

  it("a shop sending to head office shows on its printers page how far head office is behind, in Chinese", async () => {
    const { token } = (await server.deps.headOffice?.addShop('SH-003', '徐汇店')) ?? { token: '' };
    writeFileSync(join(dir.path, 'SH-003.token'), `${token}\n`, { mode: 0o600 });
    const db = join(dir.path, 'shop-3.db');
    const own = new Journal({ store: await openStore(db, { create: true }) });
    await own.identifyStore('SH-003');
    await own.record(nthSale(5));
    await own.close();
    const shop = await startServer({
      port: await freePort(),
      db,
      config: configFromText(JSON.stringify({ sync: { to: server.url, tokenFile: 'SH-003.token', every: 1 } }), 'e2e'),
      webRoot: WEB_ROOT,
      context: { env: { REISSUE_TZ: ZONE }, cwd: dir.path, now: Date.now },
      logger: () => undefined,
      shutdownGraceMs: 500,
    });
    try {
      await shop.deps.auth.bootstrapAdmin({ name: 'root', password: 'root-password-1' });
      const page = await signedIn('zh', 'root', 'root-password-1', shop.url);
      await page.goto(`${shop.url}/printers.html`);
      // The background round sends the shop's two events; the page reads /health every poll.
      await page.locator('#sync-lag', { hasText: '总部同步：全部已发送' }).waitFor({ timeout: 30_000 });
      await expectNoSideScroll(page, 'printers, zh, shop sending to head office');
      await shot(page, 'shop-printers-sync-zh-360');
      expect((await server.deps.journal.find({ storeIds: ['SH-003'], limit: 5 })).items).toHaveLength(1);
    } finally {
      await shop.close();
    }
  });

  it('ran without script errors in the pages', () => {
    expect(errors).toEqual([]);
  });
});
