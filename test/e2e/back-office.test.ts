/**
 * The back office at a desk, in English, in real Chromium against the real server (see
 * harness.ts): sign-in, search by the time the customer remembers, the preview as the chosen
 * printer prints, the reprint dialog that says what it needs before printing, a lost
 * receipt, printers, reports, audit, e-receipt links and the verification page. Every page is
 * photographed into artifacts/screenshots/.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { capturedJobToJson } from '../../src/capture/index.js';
import { decodeQrRaster } from '../../src/escpos/index.js';
import { capturedJob } from '../support/captured-jobs.js';
import { sale } from '../support/fixtures.js';
import { RECEIPTS } from '../support/captured-receipts.js';
import { rasterFromQrPath } from '../support/svg-qr.js';
import {
  DESKTOP,
  IDS,
  PASSWORDS,
  PHONE,
  SHOTS,
  browserSuite,
  expectNoSideScroll,
  lines,
  unmarked,
  unpreviewed,
  local,
  openContext,
  refusedWith,
  openReceipt as openReceiptPage,
  openShop,
  qrOf,
  recordCorrections,
  shot,
  signIn,
  signOut,
  type Shop,
} from './harness.js';

const suite = browserSuite({ viewport: DESKTOP, lang: 'en', prepare: recordCorrections });
let shop: Shop;
let browser: Browser;
let page: Page;
let errors: string[];
beforeAll(() => {
  ({ shop, browser, page, errors } = suite);
});

const openReceipt = (id: string) => openReceiptPage(page, shop.url, id);

async function openReprint(): Promise<ReturnType<Page['getByRole']>> {
  await page.getByRole('button', { name: 'Reprint a duplicate…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Reprint a duplicate' });
  await dialog.waitFor();
  await expect.poll(() => dialog.locator('#policy').getAttribute('data-needs')).not.toBe('checking');
  return dialog;
}

describe('back office at a desk, in English', () => {
  it('prints the original through the API first', async () => {
    const printed = await shop.api(`/api/v1/transactions/${IDS.target}/print`, { method: 'POST' });
    expect(printed.status).toBe(201);
    expect(printed.body.printed).toBe(true);
    expect(shop.front.jobs()).toHaveLength(1);
  });

  it('signs a cashier in, saying what went wrong without codes', async () => {
    await page.goto(`${shop.url}/`);
    await page.waitForURL(/\/login\.html\?next=/);
    await expect.poll(() => page.title()).toContain('Sign in');
    await page.getByLabel('User name').fill('li');
    await shot(page, 'desktop-en-01-login');
    await page.getByLabel(/^Password$/).fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const refusal = page.locator('#login-error [role=alert]');
    await refusal.waitFor();
    const said = (await refusal.textContent()) ?? '';
    expect(said).toMatch(/password/i);
    expect(said).not.toContain(`${await refusal.getAttribute('data-code')}`);
    await signIn(page, shop.url, 'li');
    expect(await page.locator('#who').textContent()).toBe('Signed in as li (cashier)');
    expect(await page.locator('nav a').allTextContents()).toEqual(['Find sales', 'Printers']);
  });

  it('finds a sale by the time the customer remembers, closest first, with how far off each is', async () => {
    await page.locator('#results-grid').waitFor(); // the newest sales first
    const today = local(Date.now()).date;
    expect(await page.getByLabel('Date').inputValue()).toBe(today);
    const target = local(Date.parse(shop.target.occurredAt));
    const remembered = local(Date.parse(shop.target.occurredAt) + 6 * 60_000); // "about six minutes later"
    await page.getByLabel('Date').fill(remembered.date); // today, unless the sale was before midnight
    await page.getByLabel('Time', { exact: true }).fill(remembered.time);
    await page.getByLabel('± window').selectOption('15m');
    await page.getByLabel('Amount').fill('128.50');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('#results-grid tbody tr').count()).toBe(1);
    const row = page.locator('#results-grid tbody tr').first();
    expect(await row.locator('td').first().textContent()).toBe(target.display);
    expect(await row.locator('.diff').textContent()).toMatch(/^−[56] min$/);
    expect(await row.textContent()).toContain('CNY 128.50');
    expect(await page.locator('#results-status').textContent()).toBe(`1 found, closest to ${remembered.date} ${remembered.time} first`);

    // Without the amount, a wider window lists several: ordered by how close they are.
    await page.getByLabel('Amount').fill('');
    await page.getByLabel('± window').selectOption('1h');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('#results-grid tbody tr').count()).toBeGreaterThan(2);
    const offs = (await page.locator('#results-grid .diff').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-diff-ms'))))).map(Math.abs);
    expect(offs).toEqual([...offs].sort((a, b) => a - b));
    await shot(page, 'desktop-en-02-search-closest');
  });

  it('says when the time is still to come, and clears the list when the input is wrong', async () => {
    const later = local(Date.now() + 3 * 3_600_000);
    await page.getByLabel('Date').fill(later.date);
    await page.getByLabel('Time', { exact: true }).fill(later.time);
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('#search-note').textContent()).toMatch(/is 1(79|80) minutes later than now: check the date and the time\./);
    await page.getByLabel('Date').fill(local(Date.parse(shop.target.occurredAt)).date); // a whole day with sales on it
    await page.getByLabel('Time', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('#results-grid tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#search-note').isHidden()).toBe(true);
    await page.locator('summary', { hasText: 'More filters' }).click();
    await page.getByLabel('Card last 4').fill('12a4');
    await page.getByRole('button', { name: 'Search' }).click();
    const problem = page.locator('#search-error [role=alert]');
    await problem.waitFor();
    expect(await problem.locator('.field-errors li').allTextContents()).toEqual(['card last 4 must be four digits']);
    expect(await problem.textContent()).not.toContain('INVALID_REQUEST');
    expect(await page.locator('#results-grid').count()).toBe(0);
    expect(await page.locator('#results-status').textContent()).toBe('');
    await shot(page, 'desktop-en-03-search-bad-input');
    await page.getByLabel('Card last 4').fill('');
  });

  it('previews the receipt exactly as the chosen printer prints it', async () => {
    await openReceipt(IDS.target);
    const image = page.locator('#receipt-image');
    const width = () => image.evaluate((img) => ((img as unknown as { complete: boolean }).complete ? (img as unknown as { naturalWidth: number }).naturalWidth : 0));
    await expect.poll(width).toBe(576);
    expect(await page.locator('#preview-printer').inputValue()).toBe('front');
    expect(await page.locator('#preview-note').textContent()).toBe("Shown as front prints it: 80 mm, the receipt's own language.");
    // A bank slip has two faces: the copy can be chosen.
    expect(await page.locator('#copy-field').isVisible()).toBe(true);
    await expect.poll(() => page.locator('#receipt-text').textContent()).toContain('000101');
    const preview = (await page.locator('#receipt-text').textContent()) ?? '';
    // The paper as it prints, marked as a preview (see the next test).
    expect(unpreviewed(preview)).toEqual(unpreviewed(shop.front.jobs()[0]?.text ?? ''));
    expect(await page.locator('#jobs-table tbody tr').count()).toBe(1);
    await shot(page, 'desktop-en-04-receipt');

    // The 58 mm printer prints Chinese only: so does its preview.
    await page.locator('#preview-printer').selectOption('small');
    await expect.poll(width).toBe(384);
    expect(await page.locator('#preview-note').textContent()).toBe('Shown as small prints it: 58 mm, 中文.');
    await expect.poll(() => page.locator('#receipt-text').textContent()).not.toContain('MERCHANT');
    expect(await page.locator('#receipt-text').textContent()).toContain('商户名称');
    await page.locator('#preview-printer').selectOption('front');
  });

  it('marks the preview as no receipt: in the picture, its text, its PDF, above and below it and across it', async () => {
    // The page redraws the preview for the printer chosen last (front, 80 mm): wait for it.
    await expect.poll(async () => ((await page.locator('#receipt-text').textContent()) ?? '').split('\n')[0]?.trim()).toBe('仅供查看 · PREVIEW — NOT A RECEIPT');
    const preview = (await page.locator('#receipt-text').textContent()) ?? '';
    expect(preview.split('\n').filter((l) => l.includes('NOT A RECEIPT')).length).toBeGreaterThanOrEqual(8);
    expect(await page.locator('#receipt-image').getAttribute('alt')).toBe(`Preview of receipt ${IDS.target} as it prints, marked 仅供查看 · PREVIEW — NOT A RECEIPT`);
    expect(await page.locator('.preview-mark').allTextContents()).toEqual(['仅供查看 · PREVIEW — NOT A RECEIPT', '仅供查看 · PREVIEW — NOT A RECEIPT']);
    expect(await page.locator('#preview-why').textContent()).toMatch(/^The preview and its downloads are marked across the paper and journal nothing\. A copy for the customer is a duplicate \(Reprint\) or an e-receipt/);
    expect(await page.locator('#download-pdf').textContent()).toBe('Download preview (PDF)');
    // Laid across the picture too, so a screenshot of any part of it still says so.
    const overlay = await page.locator('.watermarked').evaluate((node) => (globalThis as unknown as { getComputedStyle: (n: unknown, p: string) => { backgroundImage: string } }).getComputedStyle(node, '::after').backgroundImage);
    expect(decodeURIComponent(overlay)).toContain('仅供查看 · PREVIEW');
    await page.locator('.watermarked').screenshot({ path: join(SHOTS, 'desktop-en-04b-preview-marked.png') });
    // A strip from the middle of the picture, as someone cropping it would take it (page coordinates).
    const picture = page.locator('#receipt-image');
    const box = await picture.boundingBox();
    const scrollY = await page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY);
    if (box) await page.screenshot({ path: join(SHOTS, 'desktop-en-04c-preview-cropped.png'), fullPage: true, clip: { x: box.x, y: scrollY + box.y + box.height * 0.45, width: box.width, height: 90 } });
  });

  it('marks a voided sale in the list, on its page, its preview and the reprint dialog', async () => {
    await page.goto(`${shop.url}/?voucher=000102`);
    await page.locator('body[data-loaded=true]').waitFor();
    await expect.poll(() => page.locator('#results-grid tbody tr').count()).toBe(1);
    const row = page.locator('#results-grid tbody tr').first();
    expect(await row.locator('[data-sale-state]').first().getAttribute('data-sale-state')).toBe('voided');
    expect(await row.locator('.sale-state').textContent()).toBe('VOIDED 已撤销');
    expect(await row.locator('.sale-state-list li').first().textContent()).toMatch(/^void, voucher 000110, \d{4}-\d\d-\d\d \d\d:\d\d:\d\d, CNY 128\.00$/);
    await shot(page, 'desktop-en-04d-search-voided');
    await openReceipt(IDS.voided);
    const banner = page.locator('#sale-state');
    expect(await banner.isVisible()).toBe(true);
    expect(await banner.textContent()).toMatch(/^VOIDED 已撤销void, voucher 000110, .*, CNY 128\.00Not a paid sale any more/);
    await expect.poll(() => page.locator('#receipt-text').textContent()).toContain('***已撤销 VOIDED***');
    expect(await page.locator('#sale-details').textContent()).toContain('StatusVOIDED 已撤销');
    await shot(page, 'desktop-en-04e-receipt-voided');
    const dialog = await openReprint();
    expect(await dialog.locator('#reprint-sale-state').textContent()).toContain('VOIDED 已撤销');
    expect(await dialog.locator('[data-i18n="reprint.previewNote"]').textContent()).toContain('the duplicate prints without that mark, as DUPLICATE n');
    await dialog.getByRole('button', { name: 'Close' }).click();
    // A sale refunded in part says how much.
    await openReceipt(IDS.partlyRefunded);
    expect(await page.locator('#sale-state').textContent()).toMatch(/^PARTLY REFUNDED 部分退货 CNY 5\.00 refunded in allrefund, voucher 000111, /);
    await openReceipt(IDS.target);
    expect(await page.locator('#sale-state').isHidden()).toBe(true);
  });

  it('says before printing that a supervisor must approve, and why', async () => {
    const dialog = await openReprint();
    expect(await dialog.locator('#policy .policy-line').textContent()).toBe('Supervisor approval needed: not the last receipt of your terminal.');
    expect(await dialog.getByRole('group', { name: 'Supervisor approval' }).isVisible()).toBe(true);
    // The fields follow the reason.
    expect(await dialog.getByLabel('Why (required for "other")').isVisible()).toBe(false);
    await dialog.getByLabel('Reason').selectOption('other');
    expect(await dialog.getByLabel('Why (required for "other")').isVisible()).toBe(true);
    await dialog.getByLabel('Reason').selectOption('customer_request');
    await shot(page, 'desktop-en-05-reprint-needs-approval');
    // Asked anyway, without approval: refused, in words, nothing printed.
    await dialog.getByLabel('Supervisor user name').fill('wang');
    await dialog.getByLabel('Supervisor password').fill('not-his-password');
    const refusal = await refusedWith(dialog, 'Print duplicate', 'APPROVAL_REFUSED');
    expect(await refusal.textContent()).toMatch(/^Refused: /);
    expect(await dialog.getByLabel('Supervisor password').inputValue()).toBe('');
    expect(shop.front.jobs()).toHaveLength(1);
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
    await shot(page, 'desktop-en-06-reprint-approved');
    const [original, duplicate] = shop.front.jobs();
    const duplicateLines = lines(duplicate?.text ?? '');
    expect(duplicateLines.map((l) => l.trim())).toContain('***重印凭证 / DUPLICATE 1***');
    expect(duplicateLines.find((l) => l.includes('重打印'))).toContain('主管 90');
    expect(unmarked(duplicate?.text ?? '')).toEqual(lines(original?.text ?? ''));
    expect(duplicateLines.length).toBeGreaterThan(lines(original?.text ?? '').length);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page.locator('#jobs-table tbody tr').count()).toBe(2);
  });

  it("keeps the supervisor's password when the customer's details were wrong, and prints the cardholder copy", async () => {
    const dialog = await openReprint();
    await dialog.getByLabel('Reason').selectOption('customer_lost');
    // A lost receipt: the customer keeps the cardholder copy, and proves it with the card's last 4 and the amount.
    expect(await dialog.getByLabel('Copy', { exact: true }).inputValue()).toBe('cardholder');
    expect(await page.locator('#copy').inputValue()).toBe('cardholder');
    expect(await dialog.getByRole('group', { name: 'What the customer says (lost receipt)' }).isVisible()).toBe(true);
    expect(await dialog.getByLabel('How the customer paid').isVisible()).toBe(false);
    await dialog.getByLabel('Card last 4').fill('1234');
    await dialog.getByLabel('Amount', { exact: true }).fill('128.50');
    await dialog.getByLabel('Supervisor user name').fill('wang');
    await dialog.getByLabel('Supervisor password').fill(PASSWORDS.wang);
    const refusal = await refusedWith(dialog, 'Print duplicate', 'CUSTOMER_DETAILS_MISMATCH');
    expect(await refusal.textContent()).toContain('the details the customer gave do not match this sale');
    expect(await dialog.getByLabel('Supervisor password').inputValue()).toBe(PASSWORDS.wang);
    expect(await dialog.locator('#kept-password').textContent()).toContain("The supervisor's password is kept");
    await shot(page, 'desktop-en-07-lost-receipt-kept-password');
    await dialog.getByLabel('Card last 4').fill('4242');
    await dialog.getByRole('button', { name: 'Print duplicate' }).click();
    await expect.poll(() => dialog.locator('#reprint-result .outcome').getAttribute('data-state'), { timeout: 15_000 }).toBe('printed');
    expect(shop.front.jobs().at(-1)?.text).toContain('CARDHOLDER COPY');
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('asks how a cash customer paid, not for a card that does not exist', async () => {
    await openReceipt(IDS.cash);
    expect(await page.locator('#copy-field').isVisible()).toBe(false); // one face: the choice changes nothing
    expect(await page.locator('#copy-note').isVisible()).toBe(true);
    const dialog = await openReprint();
    await dialog.getByLabel('Reason').selectOption('customer_lost');
    expect(await dialog.getByLabel('Card last 4').isVisible()).toBe(false);
    expect(await dialog.getByLabel('How the customer paid').inputValue()).toBe('cash');
    expect(await dialog.getByLabel('Last 4 of the payment reference').isVisible()).toBe(false);
    expect(await dialog.getByLabel('Copy', { exact: true }).isVisible()).toBe(false);
    await shot(page, 'desktop-en-08-lost-cash-receipt');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await openReceipt(IDS.wechat);
    const wechat = await openReprint();
    await wechat.getByLabel('Reason').selectOption('customer_lost');
    expect(await wechat.getByLabel('How the customer paid').inputValue()).toBe('wechat');
    expect(await wechat.getByLabel('Last 4 of the payment reference').isVisible()).toBe(true);
    await wechat.getByRole('button', { name: 'Close' }).click();
    await signOut(page);
  });

  it('shows paper-out on the printers page, and the held job printing once it is cleared', async () => {
    await signIn(page, shop.url, 'root');
    await page.goto(`${shop.url}/printers.html`);
    const row = page.locator('#printers-grid tr[data-printer=front]');
    await expect.poll(() => row.locator('[data-status]').getAttribute('data-status')).toBe('ready');
    await page.locator('section.recent[data-printer=front] li').first().waitFor();
    await shot(page, 'desktop-en-09-printers');
    const before = shop.front.jobs().length;
    shop.front.setFault('paper-out');
    await expect.poll(() => row.locator('[data-status]').getAttribute('data-status'), { timeout: 10_000 }).toBe('paper out');
    const queued = await shop.api(`/api/v1/transactions/${IDS.held}/print`, { method: 'POST', headers: { Prefer: 'respond-async' } });
    expect(queued.status).toBe(202);
    const jobId = queued.body.job.id as number;
    await expect.poll(async () => Number(await row.locator('[data-col=queued]').textContent()) + Number(await row.locator('[data-col=in-flight]').textContent()), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => row.locator('.held').textContent(), { timeout: 10_000 }).toBe('held: paper out');
    await shot(page, 'desktop-en-10-printers-paper-out');
    shop.front.setFault(undefined);
    await expect.poll(() => page.locator(`section.recent[data-printer=front] li[data-job="${jobId}"]`).getAttribute('data-state'), { timeout: 15_000 }).toBe('printed');
    expect(shop.front.jobs()).toHaveLength(before + 1);
    // The virtual printer keeps the job under the number the back office shows.
    await expect.poll(() => existsSync(join(shop.jobsDir, `job-${jobId}.png`))).toBe(true);
    expect(readdirSync(shop.jobsDir).filter((f) => f.endsWith('.png')).every((f) => /^job-\d+\.png$/.test(f))).toBe(true);
  });

  it("lists the day's transactions and totals, with a CSV", async () => {
    const day = local(Date.parse(shop.target.occurredAt)).date;
    await page.goto(`${shop.url}/reports.html?date=${day}`);
    await page.locator('#totals-grid').waitFor();
    await expect.poll(() => page.locator('#list-grid tbody tr').count()).toBeGreaterThan(3);
    expect(await page.locator('#totals-grid tbody tr').first().textContent()).toContain('All');
    const href = (await page.locator('#report-csv').getAttribute('href')) ?? '';
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href);
    expect(csv).toContain('000101');
    await shot(page, 'desktop-en-11-reports');
  });

  it('shows the audit trail: refusals in words, and approvals with whom and what for', async () => {
    await page.goto(`${shop.url}/audit.html`);
    await page.locator('#audit-grid').waitFor();
    const refused = page.locator('#audit-grid tbody tr', { has: page.locator('[data-type="reprint.refused"]') }).first();
    expect(await refused.locator('td').nth(5).textContent()).toContain("why: the customer's details did not match");
    expect(await refused.textContent()).not.toContain('CUSTOMER_DETAILS_MISMATCH');
    const granted = page.locator('#audit-grid tbody tr', { has: page.locator('[data-type="approval.granted"]') }).first();
    expect(await granted.locator('td').nth(3).textContent()).toBe('li');
    expect(await granted.locator('td').nth(4).textContent()).toBe('wang');
    expect(await granted.locator('td').nth(5).textContent()).toBe(`reprint of sale ${IDS.target} · role supervisor`);
    const approvalRefused = page.locator('#audit-grid tbody tr', { has: page.locator('[data-type="approval.refused"]') }).first();
    expect(await approvalRefused.locator('td').nth(5).textContent()).toContain('why: wrong user name or password');
    await shot(page, 'desktop-en-12-audit');
    // "Other": the words the reprint was asked with are the only reason there is, and they are shown, as text.
    const other = await shop.api(`/api/v1/transactions/${IDS.cash}/reprints`, { method: 'POST', headers: { Prefer: 'respond-async' }, body: { reason: 'other', reasonText: 'two copies for <b>expenses</b>' } });
    expect(other.status).toBe(202);
    await page.reload();
    const reprinted = page.locator('#audit-grid tbody tr', { has: page.locator('[data-type="reprint.issued"]') }).first();
    const said = (await reprinted.locator('td').nth(5).textContent()) ?? '';
    expect(said, said).toContain('reason Other 其他 · “two copies for <b>expenses</b>”');
  });

  it("makes an e-receipt link, and says when the link cannot reach a customer's phone", async () => {
    await openReceipt(IDS.target);
    const pdfHref = (await page.locator('#download-pdf').getAttribute('href')) ?? '';
    const pdf = await page.evaluate(async (url) => {
      const r = await fetch(url);
      return { type: r.headers.get('Content-Type'), head: new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5)) };
    }, pdfHref);
    expect(pdf).toEqual({ type: 'application/pdf', head: '%PDF-' });
    await page.getByRole('button', { name: 'E-receipt…' }).click();
    const dialog = page.getByRole('dialog', { name: 'E-receipt for the customer' });
    expect(await dialog.locator('.intro').textContent()).not.toContain('e-receipt.issued');
    await dialog.getByRole('button', { name: 'Create signed link' }).click();
    const link = dialog.locator('#ereceipt-link');
    await link.waitFor();
    const url = (await link.getAttribute('href')) ?? '';
    expect(url).toMatch(new RegExp(`^${shop.url}/r/`));
    expect(await dialog.locator('#ereceipt-loopback').textContent()).toContain("This link points at 127.0.0.1, this computer itself: a customer's phone cannot open it.");
    expect(await dialog.locator('#ereceipt-loopback').textContent()).toContain('--public-url');
    const qr = dialog.getByRole('img', { name: `QR code of the link ${url}` });
    const size = Number(((await qr.getAttribute('viewBox')) ?? '').split(' ')[2]);
    expect(decodeQrRaster(rasterFromQrPath((await qr.locator('path').getAttribute('d')) ?? '', size))?.data).toBe(url);
    await shot(page, 'desktop-en-13-ereceipt-loopback');
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('makes the link at the public address given with --public-url, with no warning', async () => {
    const published = await openShop({ publicUrl: 'http://shop.example:8080', sales: [shop.target] });
    try {
      const other = await openContext(browser, { viewport: DESKTOP, lang: 'en', errors });
      const there = await other.newPage();
      await signIn(there, published.url, 'bo');
      await there.goto(`${published.url}/receipt.html?id=${IDS.target}`);
      await there.locator('body[data-loaded=true]').waitFor();
      await there.getByRole('button', { name: 'E-receipt…' }).click();
      await there.getByRole('button', { name: 'Create signed link' }).click();
      const link = there.locator('#ereceipt-link');
      await link.waitFor();
      expect(await link.getAttribute('href')).toMatch(/^http:\/\/shop\.example:8080\/r\/[^/]+$/);
      expect(await there.locator('#ereceipt-loopback').count()).toBe(0);
      await shot(there, 'desktop-en-14-ereceipt-public-url');
      await other.close();
    } finally {
      await published.close();
    }
  });

  it("opens the duplicate's QR as a verification page, not JSON: genuine, which copy, no staff names", async () => {
    const duplicate = shop.front.jobs().find((j) => j.text.includes('DUPLICATE 1'));
    const qr = qrOf(duplicate);
    expect(qr).toMatch(new RegExp(`^${shop.url}/api/v1/verify/${IDS.target}\\.1\\.`));
    const phone = await openContext(browser, { viewport: PHONE, lang: 'en', errors, mobile: true });
    const customer = await phone.newPage();
    await customer.goto(qr);
    await customer.waitForURL(/\/verify\.html\?code=/);
    await customer.locator('body[data-loaded=true]').waitFor();
    expect(await customer.locator('.verdict-word').textContent()).toBe('Genuine');
    const facts = (await customer.locator('#verify-facts').textContent()) ?? '';
    expect(facts).toContain('DUPLICATE 1 (reprint)');
    expect(facts).toContain('CNY 128.50');
    expect(facts).toContain(local(Date.parse(shop.target.occurredAt)).display);
    expect(facts).toContain('Operator no.01');
    expect(await customer.locator('body').textContent()).not.toMatch(/\bwang\b|\bli\b|front/);
    await expectNoSideScroll(customer, 'verify page');
    await shot(customer, 'phone-en-15-verify-genuine');
    // A forged code says so.
    await customer.getByLabel('Verification code').fill(`${IDS.target}.2.AAAAAAAAAAAAAAAA`);
    await customer.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => customer.locator('.verdict-word').textContent()).toBe('Not genuine');
    await phone.close();
  });

  it('marks a captured receipt above its preview as in the list, previews it marked, and shows its duplicate\'s picture', async () => {
    const receipt = RECEIPTS[0];
    if (!receipt) throw new Error('no captured receipt');
    const job = capturedJob(receipt, { n: 71, capturedAt: new Date().toISOString() });
    await shop.server.deps.journal.appendCapture(capturedJobToJson(job));
    const reprinted = await shop.api(`/api/v1/transactions/${job.id}/reprints`, { method: 'POST', body: { reason: 'paper_jam' }, headers: { Prefer: 'wait=10' } });
    expect(reprinted.status, JSON.stringify(reprinted.body)).toBe(201);
    await openReceipt(job.id);
    const banner = page.locator('#sale-state');
    expect(await banner.isVisible()).toBe(true);
    expect(await banner.locator('.captured').textContent()).toBe('Captured · front-till');
    expect(await banner.textContent()).toContain('a reprint is a marked duplicate');
    await expect.poll(() => page.locator('#receipt-text').textContent()).toMatch(/^\s*仅供查看 · PREVIEW — NOT A RECEIPT/);
    expect(await page.locator('#receipt-text').textContent()).toContain('好又多超市');
    await expect.poll(() => page.locator('#jobs-table tbody tr').count()).toBe(1);
    await shot(page, 'desktop-en-15b-receipt-captured');
    // The duplicate's picture, as the printers page shows it: the POS's bytes with the mark, marked as a preview.
    const picture = await fetch(`${shop.url}/api/v1/jobs/${reprinted.body.job.id}/picture`, { headers: { Authorization: `Bearer ${shop.rootToken}` } });
    expect(picture.status).toBe(200);
    expect(picture.headers.get('Content-Type')).toBe('image/png');
    await page.goto(`${shop.url}/printers.html`);
    const figure = page.locator(`[data-job="${reprinted.body.job.id}"] img`);
    await figure.waitFor();
    await expect.poll(() => figure.evaluate((img) => ((img as unknown as { complete: boolean }).complete ? (img as unknown as { naturalWidth: number }).naturalWidth : 0))).toBeGreaterThan(0);
  });

  it("switches to Chinese and remembers it; the server is asked in the page's language, whatever the browser's", async () => {
    const asked: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/')) asked.push(request.headers()['accept-language'] ?? '');
    });
    await page.goto(`${shop.url}/`);
    await page.locator('#results-grid').waitFor();
    expect(new Set(asked)).toEqual(new Set(['en']));
    await page.getByRole('button', { name: 'Switch to Chinese' }).click();
    expect(await page.locator('h1').textContent()).toBe('查找交易');
    asked.length = 0;
    await page.reload();
    await page.locator('#results-grid').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(new Set(asked)).toEqual(new Set(['zh-CN'])); // the browser itself says en-US
    await shot(page, 'desktop-zh-16-search');
    await page.getByRole('button', { name: '切换到英文' }).click();
    expect(await page.locator('h1').textContent()).toBe('Find a sale');
    // A refused search is said again in the new language (the server words it), not left in the old one.
    await page.getByLabel('Amount').fill('12..abc');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('#search-error [role=alert]').waitFor();
    const english = (await page.locator('#search-error').textContent()) ?? '';
    expect(english).toContain('abc');
    expect(english).not.toMatch(/[\u4e00-\u9fff]/);
    await page.getByRole('button', { name: 'Switch to Chinese' }).click();
    await expect.poll(() => page.locator('#search-error').textContent()).toMatch(/金额/);
    await page.getByRole('button', { name: '切换到英文' }).click();
    await expect.poll(() => page.locator('#search-error').textContent()).toBe(english);
    await page.getByLabel('Amount').fill('');
  });

  it('cancels a job the printer holds from the printers page: nothing of it prints', async () => {
    await page.goto(`${shop.url}/printers.html`);
    const row = page.locator('#printers-grid tr[data-printer=front]');
    await expect.poll(() => row.locator('[data-status]').getAttribute('data-status'), { timeout: 10_000 }).toBe('ready');
    const { id } = await shop.server.deps.journal.record(sale({ voucherNo: '000771', referenceNo: '133041800771' }));
    const before = shop.front.jobs().length;
    shop.front.setFault('paper-out');
    await expect.poll(() => row.locator('[data-status]').getAttribute('data-status'), { timeout: 10_000 }).toBe('paper out');
    const queued = await shop.api(`/api/v1/transactions/${id}/print`, { method: 'POST', headers: { Prefer: 'respond-async' } });
    expect(queued.status).toBe(202);
    const jobId = queued.body.job.id as number;
    const cancel = page.locator(`#cancel-${jobId}`);
    await cancel.waitFor({ timeout: 15_000 });
    await shot(page, 'desktop-en-10b-printers-cancel');
    await cancel.click();
    await expect.poll(() => page.locator(`section.recent[data-printer=front] li[data-job="${jobId}"]`).getAttribute('data-state'), { timeout: 10_000 }).toBe('failed');
    await expect.poll(() => page.locator('#test-page-result').textContent(), { timeout: 10_000 }).toBe(`Job ${jobId} cancelled: nothing of it prints. Print the receipt again if it is still wanted.`);
    shop.front.setFault(undefined);
    await expect.poll(() => row.locator('[data-status]').getAttribute('data-status'), { timeout: 10_000 }).toBe('ready');
    expect(shop.front.jobs()).toHaveLength(before);
    expect((await shop.api(`/api/v1/jobs/${jobId}`)).body).toMatchObject({ state: 'failed', detailCode: 'cancelled' });
  });

  it('signs out whoever this browser is signed in as, even from a tab opened by someone else before', async () => {
    // Tab A shows li; in tab B li signs out and supervisor wang signs in at the same counter.
    await page.goto(`${shop.url}/`);
    await page.locator('#who, #login-form').first().waitFor();
    if (await page.locator('#sign-out').count()) await signOut(page);
    await signIn(page, shop.url, 'li');
    const other = await page.context().newPage();
    try {
      await other.goto(`${shop.url}/`);
      await other.locator('#who').waitFor();
      await signOut(other);
      await signIn(other, shop.url, 'wang');
      await expect.poll(() => other.locator('#who').innerText()).toContain('wang');
      // Sign out in tab A ends wang's session, not a session that is gone: nobody is left signed in.
      await signOut(page);
      await page.waitForTimeout(300);
      expect(new URL(page.url()).pathname).toBe('/login.html');
      expect(await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status)).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('ran without script errors in the pages', () => {
    expect(errors).toEqual([]);
  });
});
