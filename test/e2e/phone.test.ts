/**
 * The back office on a phone (390×844 and 360 px wide), in Chinese as a cashier reads it, in
 * real Chromium against the real server (harness.ts): every task a cashier, supervisor or
 * back office does there, and every page checked for sideways scrolling in both languages.
 * Screenshots go to artifacts/screenshots/phone-*.png.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  IDS,
  PASSWORDS,
  PHONE,
  SMALL_PHONE,
  browserSuite,
  expectNoSideScroll,
  expectThumbSized,
  expectWithinWidth,
  local,
  openContext,
  refusedWith,
  openReceipt as openReceiptPage,
  qrOf,
  recordCorrections,
  shot,
  signIn,
  signOut,
  type Shop,
} from './harness.js';

// Three duplicates of one sale already: the next needs an admin.
const suite = browserSuite({
  viewport: PHONE,
  lang: 'zh',
  mobile: true,
  async prepare(shop) {
    await recordCorrections(shop);
    expect((await shop.api(`/api/v1/transactions/${IDS.target}/print`, { method: 'POST' })).status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await shop.api(`/api/v1/transactions/${IDS.threeCopies}/reprints`, { method: 'POST', body: { reason: 'faint_print' } })).status).toBe(201);
  },
});
let shop: Shop;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];
beforeAll(() => {
  ({ shop, browser, context, page, errors } = suite);
});

const openReceipt = (id: string) => openReceiptPage(page, shop.url, id);

/** Opens the reprint dialog from the receipt page and waits for what the policy says. */
async function openReprint(): Promise<Locator> {
  await expectWithinWidth(page, '#open-reprint');
  await page.getByRole('button', { name: '补打凭证…' }).click();
  const dialog = page.getByRole('dialog', { name: '补打凭证' });
  await dialog.waitFor();
  await expect.poll(() => dialog.locator('#policy').getAttribute('data-needs')).not.toBe('checking');
  await expectNoSideScroll(page, 'reprint dialog');
  return dialog;
}

const policyLine = (dialog: Locator) => dialog.locator('#policy .policy-line').textContent();

describe('on a phone, in Chinese', () => {
  it('signs in on a 360 px and a 390 px screen', async () => {
    await page.setViewportSize(SMALL_PHONE);
    await page.goto(`${shop.url}/login.html`);
    await expectNoSideScroll(page, 'sign-in at 360');
    await expectWithinWidth(page, '#login-submit');
    await page.getByLabel('用户名').fill('li');
    await page.getByLabel('密码', { exact: true }).fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('#login-error [role=alert]').waitFor();
    expect(await page.locator('#login-error').textContent()).not.toContain(`${await page.locator('#login-error [role=alert]').getAttribute('data-code')}`);
    await expectNoSideScroll(page, 'sign-in refused at 360');
    await shot(page, 'phone-zh-01-login-refused');
    await page.setViewportSize(PHONE);
    await signIn(page, shop.url, 'li');
    expect(await page.locator('#who').textContent()).toBe('已登录：li（收银员）');
    // Today's sales are listed on load: the stacked list, its hidden caption included, fits too.
    await page.locator('body[data-loaded=true]').waitFor();
    await page.locator('#results-grid tbody tr').first().waitFor();
    await expectNoSideScroll(page, 'search at 390');
  });

  it("says before printing that the cashier's own last receipt needs no approval, and prints it", async () => {
    await openReceipt(IDS.last);
    // The preview fits the screen: no sideways swipe to read the receipt.
    const shown = await page.locator('#receipt-image').boundingBox();
    expect((shown?.x ?? 0) + (shown?.width ?? 999)).toBeLessThanOrEqual(PHONE.width);
    await expectNoSideScroll(page, 'receipt page');
    await shot(page, 'phone-zh-02-receipt');
    const dialog = await openReprint();
    expect(await policyLine(dialog)).toBe('无需授权：本终端最后一笔，10 分钟内。');
    expect(await dialog.locator('#approval-fields').isHidden()).toBe(true);
    await shot(page, 'phone-zh-03-reprint-no-approval');
    await expectWithinWidth(page, '#reprint-submit');
    await dialog.getByRole('button', { name: '打印重印凭证' }).click();
    await expect.poll(() => dialog.locator('#reprint-result .outcome').getAttribute('data-state'), { timeout: 15_000 }).toBe('printed');
    expect(await dialog.locator('#reprint-result .outcome-line').textContent()).toMatch(/^重印凭证 第 1 份已受理（本终端最后一笔）；作业 \d+：已打印$/);
    await dialog.getByRole('button', { name: '关闭' }).click();
  });

  it('finds a sale by just the time the customer remembers, closest first, "−6 分钟"', async () => {
    await page.goto(`${shop.url}/`);
    await page.locator('body[data-loaded=true]').waitFor();
    expect(await page.getByLabel('日期').inputValue()).toBe(local(Date.now()).date);
    const remembered = local(Date.parse(shop.target.occurredAt) + 6 * 60_000);
    await page.getByLabel('日期').fill(remembered.date); // today, unless the sale was before midnight
    await page.getByLabel('时间', { exact: true }).fill(remembered.time);
    await page.getByLabel('金额', { exact: true }).fill('128.50');
    await expectWithinWidth(page, '#search-submit');
    await page.getByRole('button', { name: '查找' }).click();
    await expect.poll(() => page.locator('#results-grid tbody tr').count()).toBe(1);
    const row = page.locator('#results-grid tbody tr').first();
    expect(await row.locator('.diff').textContent()).toMatch(/^−[56] 分钟$/);
    expect(await page.locator('#results-status').textContent()).toBe(`共 1 笔，按与 ${remembered.date} ${remembered.time} 的接近程度排列`);
    await expectNoSideScroll(page, 'search results');
    await expectWithinWidth(page, `#results-grid a[data-id="${IDS.target}"]`);
    await shot(page, 'phone-zh-04-search-closest');
  });

  it('says a time still to come is in the future, and clears the list when the input is wrong', async () => {
    const later = local(Date.now() + 2 * 3_600_000);
    await page.getByLabel('日期').fill(later.date);
    await page.getByLabel('时间', { exact: true }).fill(later.time);
    await page.getByLabel('金额', { exact: true }).fill('');
    await page.getByRole('button', { name: '查找' }).click();
    await expect.poll(() => page.locator('#search-note').textContent()).toMatch(/比现在晚 1(19|20) 分钟，请检查日期和时间。$/);
    await shot(page, 'phone-zh-05-search-future');
    await page.getByLabel('日期').fill(local(Date.parse(shop.target.occurredAt)).date); // a whole day with sales on it
    await page.getByLabel('时间', { exact: true }).fill('');
    await page.getByRole('button', { name: '查找' }).click();
    await expect.poll(() => page.locator('#results-grid tbody tr').count()).toBeGreaterThan(0);
    await page.getByLabel('金额', { exact: true }).fill('12.3.4');
    await page.getByRole('button', { name: '查找' }).click();
    const problem = page.locator('#search-error [role=alert]');
    await problem.waitFor();
    expect(await page.locator('#results-grid').count()).toBe(0);
    expect(await problem.textContent()).not.toContain(`${await problem.getAttribute('data-code')}`);
    await expectNoSideScroll(page, 'search refused');
    await shot(page, 'phone-zh-06-search-bad-input');
    await page.getByLabel('金额', { exact: true }).fill('');
  });

  it('says a supervisor must approve a receipt that is not the last one, with the legend inside its box', async () => {
    await openReceipt(IDS.target);
    const dialog = await openReprint();
    expect(await policyLine(dialog)).toBe('需主管授权：不是本终端最后一笔');
    const legend = await dialog.locator('#approval-legend').boundingBox();
    const box = await dialog.locator('#approval-fields').boundingBox();
    expect(await dialog.locator('#approval-legend').textContent()).toBe('主管授权');
    expect((legend?.x ?? 0) + (legend?.width ?? 0)).toBeLessThanOrEqual((box?.x ?? 0) + (box?.width ?? 0));
    expect(legend?.height ?? 99).toBeLessThan(40); // one line: it never breaks the box's border
    await dialog.locator('#approval-fields').scrollIntoViewIfNeeded();
    await shot(page, 'phone-zh-07-reprint-needs-supervisor');
    await dialog.getByRole('button', { name: '关闭' }).click();
  });

  it('says an admin must approve once three copies have been printed', async () => {
    await openReceipt(IDS.threeCopies);
    const dialog = await openReprint();
    expect(await policyLine(dialog)).toBe('已达 3 份上限，需管理员');
    expect(await dialog.locator('#approval-legend').textContent()).toBe('管理员授权');
    expect(await dialog.getByLabel('管理员用户名').isVisible()).toBe(true);
    await shot(page, 'phone-zh-08-reprint-needs-admin');
    await dialog.getByRole('button', { name: '关闭' }).click();
  });

  it("asks a WeChat customer how they paid and the reference's last 4, keeping the supervisor's password across a mismatch", async () => {
    await openReceipt(IDS.wechat);
    expect(await page.locator('#copy-field').isHidden()).toBe(true); // a retail receipt: the copy changes nothing
    const dialog = await openReprint();
    await dialog.getByLabel('原因').selectOption('customer_lost');
    expect(await dialog.getByLabel('卡号后四位').isVisible()).toBe(false);
    expect(await dialog.getByLabel('付款方式').inputValue()).toBe('wechat');
    expect(await dialog.locator('#customer-method option:checked').textContent()).toBe('微信支付');
    await dialog.getByLabel('付款单号后四位').fill('7891');
    await dialog.getByLabel('金额', { exact: true }).fill('16.50');
    await dialog.getByLabel('主管用户名').fill('wang');
    await dialog.getByLabel('主管密码').fill(PASSWORDS.wang);
    const refusal = await refusedWith(dialog, '打印重印凭证', 'CUSTOMER_DETAILS_MISMATCH');
    expect(await refusal.textContent()).toMatch(/^已拒绝：/);
    expect(await dialog.getByLabel('主管密码').inputValue()).toBe(PASSWORDS.wang);
    expect(await dialog.locator('#kept-password').textContent()).toBe('主管密码已保留：请更正顾客信息后再打印。');
    await expectNoSideScroll(page, 'lost receipt refused');
    await dialog.locator('#reprint-result').scrollIntoViewIfNeeded();
    await shot(page, 'phone-zh-09-lost-wechat-kept-password');
    await dialog.getByLabel('付款单号后四位').fill('7890');
    await dialog.getByRole('button', { name: '打印重印凭证' }).click();
    await expect.poll(() => dialog.locator('#reprint-result .outcome').getAttribute('data-state'), { timeout: 15_000 }).toBe('printed');
    await dialog.getByRole('button', { name: '关闭' }).click();
  });

  it('asks a cash customer the amount and the payment method, never a card last-4', async () => {
    await openReceipt(IDS.cash);
    const dialog = await openReprint();
    await dialog.getByLabel('原因').selectOption('customer_lost');
    expect(await dialog.getByLabel('卡号后四位').isVisible()).toBe(false);
    expect(await dialog.locator('#customer-method option:checked').textContent()).toBe('现金');
    expect(await dialog.getByLabel('付款单号后四位').isVisible()).toBe(false);
    expect(await dialog.getByLabel('金额', { exact: true }).isVisible()).toBe(true);
    await shot(page, 'phone-zh-10-lost-cash');
    await dialog.getByRole('button', { name: '关闭' }).click();
    await signOut(page);
  });

  it("tells another cashier that a sale more than 10 minutes old needs a supervisor", async () => {
    await signIn(page, shop.url, 'zhang');
    await openReceipt(IDS.zhangLast);
    const dialog = await openReprint();
    expect(await policyLine(dialog)).toBe('需主管授权：超过 10 分钟');
    await shot(page, 'phone-zh-11-reprint-too-old');
    await dialog.getByRole('button', { name: '关闭' }).click();
    await signOut(page);
  });

  it("warns that a link to 127.0.0.1 cannot reach the customer's phone; the customer's page fits the phone", async () => {
    await signIn(page, shop.url, 'bo');
    await openReceipt(IDS.target);
    await page.getByRole('button', { name: '电子凭证…' }).click();
    const dialog = page.getByRole('dialog', { name: '给顾客的电子凭证' });
    await dialog.getByRole('button', { name: '生成签名链接' }).click();
    await dialog.locator('#ereceipt-link').waitFor();
    expect(await dialog.locator('#ereceipt-loopback').textContent()).toContain('此链接指向本机地址 127.0.0.1，顾客的手机无法打开。');
    await expectNoSideScroll(page, 'e-receipt dialog');
    await shot(page, 'phone-zh-12-ereceipt-loopback');
    const url = (await dialog.locator('#ereceipt-link').getAttribute('href')) ?? '';
    await dialog.getByRole('button', { name: '关闭' }).click();
    for (const size of [PHONE, SMALL_PHONE]) {
      const customer = await context.newPage();
      await customer.setViewportSize(size);
      await customer.goto(url);
      await expectNoSideScroll(customer, `customer's e-receipt at ${size.width}`);
      // Each phrase stays whole: "Check that it is genuine" never breaks inside a word.
      const pieces = await customer.locator('.phrase').evaluateAll((spans) => spans.map((s) => s.getClientRects().length));
      expect(pieces.every((n) => n === 1)).toBe(true);
      const svg = await customer.locator('.receipt svg').boundingBox();
      expect(svg?.width ?? 999).toBeLessThanOrEqual(size.width);
      await shot(customer, `phone-zh-13-ereceipt-customer-${size.width}`, true);
      await customer.close();
    }
    // Sent to the wrong person: withdrawn from the same dialog, the link then tells the customer so.
    await page.getByRole('button', { name: '电子凭证…' }).click();
    await dialog.getByText('发错人了？').click();
    await dialog.getByRole('button', { name: '撤回所有链接' }).click();
    expect(await dialog.locator('#ereceipt-withdrawn-note').textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})? 之前生成的链接都已失效。/);
    await expectNoSideScroll(page, 'e-receipt withdrawn');
    await shot(page, 'phone-zh-13b-ereceipt-withdrawn');
    await dialog.getByRole('button', { name: '关闭' }).click();
    const customer = await context.newPage();
    await customer.setViewportSize(PHONE);
    await customer.setExtraHTTPHeaders({ 'Accept-Language': 'zh-CN' });
    await customer.goto(url);
    expect(await customer.locator('body').textContent()).toContain('商户已撤回这个凭证链接');
    await expectNoSideScroll(customer, 'withdrawn link');
    await customer.close();
  });

  it('opens the QR on a duplicate as the verification page, in Chinese', async () => {
    const duplicate = shop.front.jobs().find((j) => j.document.blocks.some((b) => b.type === 'qr' && (b as { data?: string }).data?.includes(`${IDS.wechat}.1.`)));
    await page.goto(qrOf(duplicate));
    await page.waitForURL(/\/verify\.html\?code=/);
    await page.locator('body[data-loaded=true]').waitFor();
    expect(await page.locator('.verdict-word').textContent()).toBe('真实有效');
    const facts = (await page.locator('#verify-facts').textContent()) ?? '';
    expect(facts).toContain('重印凭证 第 1 份');
    expect(facts).toContain('CNY 16.50');
    expect(facts).toContain('操作员号07');
    expect(await page.locator('body').textContent()).not.toMatch(/\bli\b|wang/);
    await expectNoSideScroll(page, 'verify page');
    await shot(page, 'phone-zh-14-verify-genuine');
  });

  it('shows a printer out of paper in Chinese words', async () => {
    await page.goto(`${shop.url}/`);
    await page.locator('#sign-out').waitFor();
    await signOut(page);
    await signIn(page, shop.url, 'root');
    await page.goto(`${shop.url}/printers.html`);
    const row = page.locator('#printers-grid tr[data-printer=front]');
    await expect.poll(() => row.locator('[data-status]').getAttribute('data-status')).toBe('ready');
    shop.front.setFault('paper-out');
    await expect.poll(() => row.locator('[data-status]').textContent(), { timeout: 10_000 }).toBe('缺纸');
    const queued = await shop.api(`/api/v1/transactions/${IDS.held}/print`, { method: 'POST', headers: { Prefer: 'respond-async' } });
    expect(queued.status).toBe(202);
    await expect.poll(() => row.locator('.held').textContent(), { timeout: 10_000 }).toBe('暂停：缺纸');
    await expectNoSideScroll(page, 'printers page');
    await shot(page, 'phone-zh-15-printers-paper-out');
    // The held job says why on the sale's page too, in Chinese (the journal keeps "held: paper out").
    await page.goto(`${shop.url}/receipt.html?id=${IDS.held}`);
    await page.locator('body[data-loaded=true]').waitFor();
    expect(await page.locator('#jobs-table tbody').textContent()).toContain('暂停：缺纸');
    expect(await page.locator('#jobs-table tbody').textContent()).not.toContain('paper out');
    await page.goto(`${shop.url}/printers.html`);
    shop.front.setFault(undefined);
    await expect.poll(() => row.locator('[data-status]').getAttribute('data-status'), { timeout: 15_000 }).toBe('ready');
  });

  it('says in Chinese that a receipt cannot be opened, and offers nothing to print, send or download for it', async () => {
    for (const missing of ['10023456-000128-009999', 'not-an-id']) {
      await page.goto(`${shop.url}/receipt.html?id=${missing}`);
      await page.locator('#receipt-error:not([hidden])').waitFor();
      expect(await page.locator('#receipt-heading').textContent()).toBe('凭证');
      expect(await page.locator('#receipt-error').textContent()).toMatch(/[\u4e00-\u9fff]/);
      for (const action of ['#open-reprint', '#open-ereceipt', '#download-pdf', '#preview-heading']) expect(await page.locator(action).isVisible(), action).toBe(false);
      await expectNoSideScroll(page, `receipt ${missing}`);
    }
  });

  it("shows the audit trail's approvals with whom and what for, in Chinese", async () => {
    await page.goto(`${shop.url}/audit.html`);
    await page.locator('#audit-grid').waitFor();
    const granted = page.locator('#audit-grid tbody tr', { has: page.locator('[data-type="approval.granted"]') }).first();
    expect(await granted.locator('td').nth(5).textContent()).toBe(`补打交易 ${IDS.wechat} · 角色 主管`);
    const refused = page.locator('#audit-grid tbody tr', { has: page.locator('[data-type="reprint.refused"]') }).first();
    expect(await refused.locator('td').nth(5).textContent()).toContain('被拒原因：顾客提供的信息不符');
    await expectNoSideScroll(page, 'audit page');
    await shot(page, 'phone-zh-16-audit');
  });

  it("shows the day's report on a phone", async () => {
    await page.goto(`${shop.url}/reports.html?date=${local(Date.parse(shop.target.occurredAt)).date}`);
    await page.locator('#totals-grid').waitFor();
    await expectNoSideScroll(page, 'reports page');
    await shot(page, 'phone-zh-17-reports');
  });

  it('says on a phone, in Chinese, that the preview is no receipt and that a sale was voided', async () => {
    const phone = await openContext(browser, { viewport: PHONE, lang: 'zh', errors, mobile: true });
    const p = await phone.newPage();
    await signIn(p, shop.url, 'bo');
    // The list says it where the type is read.
    await p.goto(`${shop.url}/?voucher=000102`);
    await p.locator('body[data-loaded=true]').waitFor();
    await expect.poll(() => p.locator('#results-grid tbody tr').count()).toBe(1);
    const row = p.locator('#results-grid tbody tr').first();
    expect(await row.locator('.sale-state').textContent()).toBe('已撤销 VOIDED');
    expect(await row.locator('.sale-state-list li').first().textContent()).toMatch(/^撤销，凭证号 000110，\d{4}-\d\d-\d\d \d\d:\d\d:\d\d，CNY 128\.00$/);
    await expectNoSideScroll(p, 'voided sale in the list');
    await shot(p, 'phone-zh-07a-search-voided');
    // Its page: the mark above the preview, in the preview, in the reprint dialog.
    await p.goto(`${shop.url}/receipt.html?id=${IDS.voided}`);
    await p.locator('body[data-loaded=true]').waitFor();
    expect(await p.locator('#sale-state').textContent()).toMatch(/^已撤销 VOIDED撤销，凭证号 000110，.*这笔交易已不再是已付款的消费/);
    await expect.poll(() => p.locator('#receipt-text').textContent()).toContain('***已撤销 VOIDED***');
    expect(await p.locator('.preview-mark').first().textContent()).toBe('仅供查看 · PREVIEW — NOT A RECEIPT');
    expect(await p.locator('#preview-why').textContent()).toMatch(/^预览和下载的文件都印满“仅供查看”标记，不记入日志。/);
    expect(await p.locator('#download-pdf').textContent()).toBe('下载预览 PDF');
    expect(((await p.locator('#receipt-text').textContent()) ?? '').split('\n')[0]?.trim()).toBe('仅供查看 · PREVIEW — NOT A RECEIPT');
    await expectNoSideScroll(p, 'voided sale\'s page');
    await shot(p, 'phone-zh-07b-receipt-voided');
    await p.locator('#sale-state').scrollIntoViewIfNeeded();
    await p.locator('.watermarked').scrollIntoViewIfNeeded();
    await shot(p, 'phone-zh-07c-preview-marked');
    await p.locator('#open-reprint').click();
    await expect.poll(() => p.locator('#policy').getAttribute('data-needs')).not.toBe('checking');
    expect(await p.locator('#reprint-sale-state').textContent()).toContain('已撤销 VOIDED');
    expect(await p.locator('[data-i18n="reprint.previewNote"]').textContent()).toContain('重印凭证打印时不带这个标记');
    await expectNoSideScroll(p, 'reprint dialog of a voided sale');
    await shot(p, 'phone-zh-07d-reprint-voided');
    await p.locator('#reprint-cancel').click();
    // Its duplicate's QR: the verification page says the sale was voided.
    const reprinted = await shop.api(`/api/v1/transactions/${IDS.voided}/reprints`, { method: 'POST', body: { reason: 'customer_request' } });
    expect(reprinted.status).toBe(201);
    expect(shop.front.jobs().at(-1)?.text).toContain('***已撤销 VOIDED***');
    await p.goto(`${shop.url}/verify.html?code=${encodeURIComponent(reprinted.body.code as string)}`);
    await p.locator('body[data-loaded=true]').waitFor();
    expect(await p.locator('.verdict-word').textContent()).toBe('真实有效');
    const facts = (await p.locator('#verify-facts').textContent()) ?? '';
    expect(facts).toContain('交易状态已撤销 VOIDED撤销，凭证号 000110');
    await expectNoSideScroll(p, 'verify page of a voided sale');
    await shot(p, 'phone-zh-07e-verify-voided');
    await phone.close();
  });

  it('fits every page at 360 and 390 px in both languages, without sideways scrolling', async () => {
    const code = (qrOf(shop.front.jobs().find((j) => qrOf(j) !== '')).split('/').at(-1) ?? '');
    const link = (await shop.api(`/api/v1/transactions/${IDS.target}/e-receipt`, { method: 'POST', body: {} })).body.url as string;
    for (const lang of ['zh', 'en'] as const) {
      for (const size of [SMALL_PHONE, PHONE]) {
        const phone = await openContext(browser, { viewport: size, lang, errors, mobile: true });
        const p = await phone.newPage();
        const name = (what: string) => `phone-${lang}-${size.width}-${what}`;
        await p.goto(`${shop.url}/login.html`);
        await expectNoSideScroll(p, name('login'));
        await p.goto(`${shop.url}/verify.html?code=${encodeURIComponent(code)}`);
        await p.locator('body[data-loaded=true]').waitFor();
        await expectNoSideScroll(p, name('verify'));
        await p.goto(link);
        await expectNoSideScroll(p, name('e-receipt'));
        await signIn(p, shop.url, 'root');
        await p.locator('body[data-loaded=true]').waitFor();
        await expectNoSideScroll(p, name('search'));
        if (size === SMALL_PHONE) await shot(p, name('search'));
        await p.goto(`${shop.url}/receipt.html?id=${IDS.target}`);
        await p.locator('body[data-loaded=true]').waitFor();
        await expectNoSideScroll(p, name('receipt'));
        await p.goto(`${shop.url}/receipt.html?id=${IDS.voided}`);
        await p.locator('body[data-loaded=true]').waitFor();
        await expectNoSideScroll(p, name('voided receipt'));
        if (size === SMALL_PHONE) await shot(p, name('receipt-voided'));
        await p.goto(`${shop.url}/?voucher=000102`);
        await p.locator('#results-grid').waitFor();
        await expectNoSideScroll(p, name('voided in the list'));
        await p.goto(`${shop.url}/receipt.html?id=${IDS.target}`);
        await p.locator('body[data-loaded=true]').waitFor();
        await p.locator('#open-reprint').click();
        await expect.poll(() => p.locator('#policy').getAttribute('data-needs')).not.toBe('checking');
        await expectNoSideScroll(p, name('reprint dialog'));
        if (size === SMALL_PHONE) await shot(p, name('reprint'));
        await p.locator('#reprint-cancel').click();
        await p.locator('#open-ereceipt').click();
        await p.locator('#ereceipt-create').click();
        await p.locator('#ereceipt-link').waitFor();
        await expectNoSideScroll(p, name('e-receipt dialog'));
        if (size === SMALL_PHONE) await shot(p, name('ereceipt'));
        await p.locator('#ereceipt-close').click();
        // The reports of the sales' own day: from 00:00 to 00:40 store time today has none, and an empty totals table has no height.
        const salesDay = `?date=${local(Date.parse(shop.target.occurredAt)).date}`;
        for (const [page_, ready, query] of [['audit', '#audit-grid', ''], ['printers', '#printers-grid', ''], ['reports', '#totals-grid', salesDay]] as const) {
          await p.goto(`${shop.url}/${page_}.html${query}`);
          await p.locator(ready).waitFor();
          await expectNoSideScroll(p, name(page_));
          if (size === SMALL_PHONE) await shot(p, name(page_));
        }
        await phone.close();
      }
    }
  });

  it('gives every control a thumb-sized target (44 px tall) at 360 px in both languages', async () => {
    for (const lang of ['zh', 'en'] as const) {
      const phone = await openContext(browser, { viewport: SMALL_PHONE, lang, errors, mobile: true });
      const p = await phone.newPage();
      const where = (what: string) => `${lang} ${what}`;
      await p.goto(`${shop.url}/login.html`);
      await expectThumbSized(p, where('sign-in'));
      await signIn(p, shop.url, 'root');
      await p.locator('body[data-loaded=true]').waitFor();
      await p.locator('#results-grid tbody tr').first().waitFor(); // each sale's open link too
      await p.locator('.more-filters summary').click();
      await expectThumbSized(p, where('search'));
      await expectNoSideScroll(p, where('search'));
      await openReceiptPage(p, shop.url, IDS.target);
      await expectThumbSized(p, where('receipt'));
      await p.locator('#open-reprint').click();
      await expect.poll(() => p.locator('#policy').getAttribute('data-needs')).not.toBe('checking');
      await expectThumbSized(p, where('reprint dialog'));
      await expectNoSideScroll(p, where('reprint dialog'));
      await p.locator('#reprint-cancel').click();
      await p.locator('#open-ereceipt').click();
      await expectThumbSized(p, where('e-receipt dialog'));
      await p.locator('#ereceipt-close').click();
      await p.goto(`${shop.url}/printers.html`);
      await p.locator('#printers-grid tr[data-printer=front]').waitFor();
      await expectThumbSized(p, where('printers'));
      await expectNoSideScroll(p, where('printers'));
      for (const [page_, ready, query] of [['audit', '#audit-grid', ''], ['reports', '#totals-grid', `?date=${local(Date.parse(shop.target.occurredAt)).date}`]] as const) {
        await p.goto(`${shop.url}/${page_}.html${query}`);
        await p.locator(ready).waitFor();
        await expectThumbSized(p, where(page_));
        await expectNoSideScroll(p, where(page_));
      }
      await phone.close();
    }
  });

  it('ran without script errors in the pages', () => {
    expect(errors).toEqual([]);
  });
});
