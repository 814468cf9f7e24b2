/**
 * Answers that are not the server's own, in real Chromium on a 360 px phone in Chinese: a
 * proxy's 502 or 504 page (nginx in front of the back office) and a printer that cannot be
 * reached. The page says them in its own language, chosen by status or code, never with the
 * proxy's English status line; a reprint cut off by a proxy is not called a failure.
 */
import type { Page, Route } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { IDS, SMALL_PHONE, browserSuite, openContext, openReceipt, recordCorrections, signIn, type Shop } from './harness.js';

const suite = browserSuite({ viewport: SMALL_PHONE, lang: 'zh', mobile: true, prepare: recordCorrections });
let shop: Shop;
beforeAll(() => ({ shop } = suite));

// What nginx answers when the server takes longer than proxy_read_timeout, or is not there.
const NGINX_504 = '<html><head><title>504 Gateway Time-out</title></head><body><center><h1>504 Gateway Time-out</h1></center><hr><center>nginx</center></body></html>';
const NGINX_502 = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';

async function zhPage(): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await openContext(suite.browser, { viewport: SMALL_PHONE, lang: 'zh', errors: suite.errors, mobile: true });
  const page = await context.newPage();
  await signIn(page, shop.url, 'root');
  return { page, close: () => context.close() };
}

describe('a proxy\'s page instead of the server\'s answer', () => {
  it('a reprint cut off by a 504 says the duplicate may or may not have printed, and to look before printing again', async () => {
    const { page, close } = await zhPage();
    try {
      await openReceipt(page, shop.url, IDS.target);
      // Only the POST: the dialog's policy is the server's own answer.
      await page.route('**/api/v1/transactions/*/reprints**', (route: Route) =>
        route.request().method() === 'POST' ? route.fulfill({ status: 504, contentType: 'text/html', body: NGINX_504 }) : route.continue(),
      );
      await page.locator('#open-reprint').click();
      await expect.poll(() => page.locator('#policy').getAttribute('data-needs')).not.toBe('checking');
      await page.locator('#reprint-submit').click();
      const alert = page.locator('#reprint-result [role=alert]');
      await alert.waitFor();
      expect(await alert.getAttribute('data-code')).toBe('HTTP_504');
      expect(await alert.locator('strong').first().textContent()).toBe('结果未知：');
      expect(await alert.locator('.detail').textContent()).toBe('没有等到答复（代理答复了 504）：重印凭证可能已打印，也可能没有。');
      expect(await alert.locator('.hint').textContent()).toContain('先查看打印机的任务列表（打印机页面）和本凭证的重印份数');
      expect(await alert.textContent()).not.toMatch(/[A-Za-z]/);
    } finally {
      await close();
    }
  });

  it('a search answered by a 502 page says, in Chinese, that the server did not answer and what to do', async () => {
    const { page, close } = await zhPage();
    try {
      await page.route('**/api/v1/receipts**', (route: Route) => route.fulfill({ status: 502, contentType: 'text/html', body: NGINX_502 }));
      await page.locator('#search-submit').click();
      const alert = page.locator('#search-error [role=alert]');
      await alert.waitFor();
      expect(await alert.getAttribute('data-code')).toBe('HTTP_502');
      expect(await alert.locator('.detail').textContent()).toBe('页面与服务器之间的代理代替服务器答复了 502。');
      expect(await alert.locator('.hint').textContent()).toContain('请稍等片刻再试');
      expect(await alert.textContent()).not.toMatch(/[A-Za-z]/);
    } finally {
      await close();
    }
  });

  it('a JSON answer without a code (another service\'s) is said by its status too, not by its own words', async () => {
    const { page, close } = await zhPage();
    try {
      await page.route('**/api/v1/receipts**', (route: Route) => route.fulfill({ status: 500, contentType: 'application/json', body: '{"message":"Internal Server Error"}' }));
      await page.locator('#search-submit').click();
      const alert = page.locator('#search-error [role=alert]');
      await alert.waitFor();
      expect(await alert.locator('.detail').textContent()).toBe('服务器无法答复（500）。');
      expect(await alert.textContent()).not.toMatch(/[A-Za-z]/);
    } finally {
      await close();
    }
  });
});

describe('a printer that cannot be reached', () => {
  // Last in the file: it stops the shop's second printer.
  it('its status says why in Chinese, the title (a long press) too, not the spooler\'s English error', async () => {
    const { page, close } = await zhPage();
    try {
      await shop.small.stop();
      await page.goto(`${shop.url}/printers.html`);
      const cell = page.locator('#printers-grid tr[data-printer=small] .status-cell');
      await expect.poll(() => cell.locator('[data-status]').getAttribute('data-status'), { timeout: 20_000 }).toBe('unreachable');
      expect(await cell.locator('[data-status]').textContent()).toBe('无法连接');
      expect(await cell.getAttribute('title')).toMatch(/^无法连接打印机：检查打印机是否开机/);
    } finally {
      await close();
    }
  });
});
