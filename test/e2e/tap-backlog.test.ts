/**
 * The printers page shows each tap of the configuration and the receipts it captured that
 * wait for the journal (here: locked by another connection), in Chinese and English on a
 * 360 px phone, in real Chromium against the real server; the wait clears by itself once
 * the journal takes writes again.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiptJobBytes } from '../support/captured-jobs.js';
import { RECEIPTS } from '../support/captured-receipts.js';
import { posClient } from '../support/tap-harness.js';
import { SMALL_PHONE, requirePages, expectNoSideScroll, launchChromium, openContext, openShop, shot, signIn, type Shop } from './harness.js';

let shop: Shop;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  requirePages();
  shop = await openShop({ taps: [{ source: 'till-1', listen: '127.0.0.1:0', printer: 'front' }] });
  browser = await launchChromium();
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await shop?.close();
});

describe('the printers page shows the taps\' backlog', () => {
  it('a receipt captured while the journal is locked shows as waiting, in Chinese and English at 360 px, and clears once the journal is free', async () => {
    const zh = await (await openContext(browser, { viewport: SMALL_PHONE, lang: 'zh', errors, mobile: true })).newPage();
    const en = await (await openContext(browser, { viewport: SMALL_PHONE, lang: 'en', errors, mobile: true })).newPage();
    for (const page of [zh, en]) {
      await signIn(page, shop.url, 'root');
      await page.goto(`${shop.url}/printers.html`);
    }
    const row = (page: typeof zh) => page.locator('#taps-grid tr[data-tap=till-1]');
    await expect.poll(() => row(zh).getAttribute('data-backlog')).toBe('0');
    expect(await row(zh).locator('[data-col=backlog]').textContent()).toBe('已全部写入日志');
    // Its printer as the configuration names it, not the address that name resolved to.
    expect(await row(zh).locator('td.mono').textContent()).toBe('front');

    // Another program holds the journal's write lock: the tap keeps the receipt in its fallback file.
    const lock = new Database(join(shop.dir, 'journal.db'));
    lock.exec('BEGIN IMMEDIATE');
    try {
      const pos = await posClient(shop.server.taps[0]?.tcp?.port ?? 0);
      await pos.send(receiptJobBytes(RECEIPTS[0]?.lines ?? []));
      await pos.finish();
      await expect.poll(() => row(zh).getAttribute('data-backlog'), { timeout: 15_000 }).toBe('1');
      expect(await row(zh).locator('[data-col=backlog] .badge').textContent()).toBe('1 张待补记');
      expect(await row(zh).locator('[data-col=backlog] .held').textContent()).toBe('暂存在备用文件里；日志恢复写入后自动补记。');
      expect(await zh.locator('#taps-heading').textContent()).toBe('收银机小票采集');
      await expectNoSideScroll(zh, 'printers page with a tap backlog, zh');
      await zh.locator('#taps').scrollIntoViewIfNeeded();
      await shot(zh, 'phone-zh-360-printers-tap-backlog');
      await expect.poll(() => row(en).getAttribute('data-backlog'), { timeout: 15_000 }).toBe('1');
      expect(await row(en).locator('[data-col=backlog] .badge').textContent()).toBe('1 waiting');
      expect(await row(en).locator('[data-col=backlog] .held').textContent()).toBe('Kept in the fallback file; added to the journal by themselves once it takes writes again.');
      await expectNoSideScroll(en, 'printers page with a tap backlog, en');
      await en.locator('#taps').scrollIntoViewIfNeeded();
      await shot(en, 'phone-en-360-printers-tap-backlog');
    } finally {
      lock.exec('ROLLBACK');
      lock.close();
    }
    await expect.poll(() => row(zh).getAttribute('data-backlog'), { timeout: 60_000 }).toBe('0');
    expect(errors).toEqual([]);
  }, 120_000);
});
