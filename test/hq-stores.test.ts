/**
 * Head office by store, on both engines: two shops' events are replicated into a head office
 * journal that also holds sales of its own; a backoffice user limited to SH-001 and an
 * auditor limited to SH-002 read through every path (search, show, receipt, PDF, e-receipt,
 * reprint, reports, audit — HTTP and CLI) and never see or print another store's sale:
 * it is not found for them, and naming another store is STORE_NOT_PERMITTED.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/server/index.js';
import { deriveKeys } from '../src/server/signing.js';
import { verificationCode } from '../src/reprint/index.js';
import { onBothEngines } from './support/engines.js';
import { sale } from './support/fixtures.js';
import { httpClient, type Who } from './support/http-client.js';
import { runCli } from './support/cli.js';
import { OLD, RECENT, serverHarness, type Harness } from './support/server-harness.js';
import { shopInto } from './support/shops.js';
import { capturedJobToJson } from '../src/capture/index.js';
import { capturedJob } from './support/captured-jobs.js';
import { RECEIPTS, type CapturedReceipt } from './support/captured-receipts.js';

const ONLY_A = '10023456-000128-000601';
const ONLY_B = '10023456-000128-000602';
const SHARED = OLD;

onBothEngines((engine) => {
  let h: Harness;
  let http: ReturnType<typeof httpClient>;
  let root: Who;
  let qian: Who;
  let sun: Who;

  beforeAll(async () => {
    h = await serverHarness({ printWaitMs: 0 }, engine);
    const own = (storeId: string, voucherNo: string, amount: string) => [sale({ amount: storeId === 'SH-001' ? '11.00' : '22.00' }), sale({ voucherNo, amount, occurredAt: '2026-11-27T15:10:00+08:00' })];
    await shopInto(h.opened.journal, `${h.dir.path}/a.db`, 'SH-001', own('SH-001', '000601', '61.00'));
    await shopInto(h.opened.journal, `${h.dir.path}/b.db`, 'SH-002', own('SH-002', '000602', '62.00'), [capturedJobToJson(capturedJob(RECEIPTS[0] as CapturedReceipt))]);
    await h.auth.addUser({ name: 'qian', role: 'backoffice', password: 'qian-password', stores: 'SH-001' }, 'root');
    await h.auth.addUser({ name: 'sun', role: 'auditor', password: 'sun-password', stores: 'SH-002' }, 'root');
    http = httpClient(createApp(h.deps));
    [root, qian, sun] = await Promise.all([http.bearer('root'), http.bearer('qian'), http.bearer('sun')]);
  });

  afterAll(async () => {
    await h?.close();
  });

  const get = (path: string, as: Who, headers: Record<string, string> = {}) => http.call('GET', path, { as, headers });
  const storesOf = async (response: Response) => {
    expect(response.status).toBe(200);
    return new Set(((await response.json()) as { items: { storeId: string }[] }).items.map((i) => i.storeId));
  };

  describe('HTTP', () => {
    it('searches only the stores a user may see, and refuses a store outside them in Chinese and English', async () => {
      const day = '/api/v1/transactions?from=2026-11-27&to=2026-11-27&limit=100';
      expect(await storesOf(await get(day, root))).toEqual(new Set(['', 'SH-001', 'SH-002']));
      expect(await storesOf(await get(`${day}&store=SH-002`, root))).toEqual(new Set(['SH-002']));
      expect(await storesOf(await get(day, qian))).toEqual(new Set(['SH-001']));
      expect(await storesOf(await get(`${day}&view=list`, qian))).toEqual(new Set(['SH-001']));
      expect(await storesOf(await get(`${day}&store=SH-001`, qian))).toEqual(new Set(['SH-001']));
      const en = await http.problem(await get(`${day}&store=SH-001,SH-002`, qian), 403, 'STORE_NOT_PERMITTED');
      expect(en.body.detail).toBe('you may not see store SH-002; you see SH-001 only');
      const zh = await http.problem(await get(`${day}&store=SH-002`, qian, { 'Accept-Language': 'zh-CN' }), 403, 'STORE_NOT_PERMITTED');
      expect(zh.body.title).toBe('无权查看这个门店');
      expect(zh.body.detail).toContain('SH-002');
    });

    it("answers another store's sale as not found: show, receipt, PDF, e-receipt, reprint and its policy, day report", async () => {
      for (const path of [`/api/v1/transactions/${ONLY_B}`, `/api/v1/transactions/${ONLY_B}/receipt`, `/api/v1/transactions/${ONLY_B}/receipt?format=pdf`, `/api/v1/transactions/${ONLY_B}/reprint-policy`]) {
        await http.problem(await get(path, qian), 404, 'TRANSACTION_NOT_FOUND');
      }
      await http.problem(await http.call('POST', `/api/v1/transactions/${ONLY_B}/e-receipt`, { as: qian, body: {} }), 404, 'TRANSACTION_NOT_FOUND');
      await http.problem(await http.call('POST', `/api/v1/transactions/${ONLY_B}/reprints`, { as: qian, body: { reason: 'faint_print' } }), 404, 'TRANSACTION_NOT_FOUND');
      expect((await get(`/api/v1/transactions/${ONLY_A}`, qian)).status).toBe(200);
      const pdf = await get(`/api/v1/transactions/${ONLY_A}/receipt?format=pdf`, qian);
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('Content-Type')).toBe('application/pdf');
      expect((await http.call('POST', `/api/v1/transactions/${ONLY_A}/e-receipt`, { as: qian, body: {} })).status).toBe(201);
      // The shared id is the user's own store's sale for them; for someone who sees every store it needs a store.
      expect(await (await get(`/api/v1/transactions/${SHARED}`, qian)).json()).toMatchObject({ storeId: 'SH-001', transaction: { amount: '11.00' } });
      const several = await http.problem(await get(`/api/v1/transactions/${SHARED}`, root), 409, 'SALE_IN_SEVERAL_STORES');
      // Every store that holds it, head office's own by that name.
      expect(several.body.detail).toBe(`${SHARED} is on record in several stores: head office, SH-001, SH-002`);
      const zhSeveral = await http.problem(await get(`/api/v1/transactions/${SHARED}`, root, { 'Accept-Language': 'zh-CN' }), 409, 'SALE_IN_SEVERAL_STORES');
      expect(zhSeveral.body.detail).toBe(`${SHARED} 在多个门店都有记录：总部、SH-001、SH-002`);
      expect(await (await get(`/api/v1/transactions/${SHARED}?store=SH-002`, root)).json()).toMatchObject({ storeId: 'SH-002', transaction: { amount: '22.00' } });
      expect(await (await get(`/api/v1/transactions/${SHARED}/receipt?store=SH-002`, root)).text()).toContain('22.00');
      await http.problem(await get(`/api/v1/transactions/${SHARED}?store=SH-002`, qian), 403, 'STORE_NOT_PERMITTED');
      await http.problem(await get(`/api/v1/transactions/${SHARED}/receipt?store=SH-002`, qian), 403, 'STORE_NOT_PERMITTED');
    });

    it("an e-receipt made at head office opens the sale of the shop it was made for, and its code checks as genuine, though another shop has the same id", async () => {
      const open = async (as: Who, query: string) => {
        const issued = await http.call('POST', `/api/v1/transactions/${SHARED}/e-receipt${query}`, { as, body: {} });
        expect(issued.status, await issued.clone().text()).toBe(201);
        const { url, pdfUrl } = (await issued.json()) as { url: string; pdfUrl: string };
        const page = await http.call('GET', url);
        expect(page.status, await page.clone().text()).toBe(200);
        expect((await http.call('GET', pdfUrl)).status).toBe(200);
        const html = await page.text();
        const code = /<code>([^<]+)<\/code>/.exec(html)?.[1] ?? '';
        const verdict = (await (await http.call('GET', `/api/v1/verify/${encodeURIComponent(code)}`)).json()) as { genuine: boolean; sale?: { amount: string } };
        return { html, verdict };
      };
      // qian sees SH-001 only: SHARED is SH-001's sale for them.
      const a = await open(qian, '');
      expect(a.html).toContain('11.00');
      expect(a.verdict).toMatchObject({ genuine: true, sale: { amount: '11.00' } });
      const b = await open(root, '?store=SH-002');
      expect(b.html).toContain('22.00');
      expect(b.html).not.toContain('11.00');
      expect(b.verdict).toMatchObject({ genuine: true, sale: { amount: '22.00' } });
      // Each opening is journaled with the shop whose receipt left.
      const opened = (await h.opened.journal.auditTrail({ type: 'e-receipt.opened', stores: [''] })).map((e) => e.data);
      expect(opened).toEqual(expect.arrayContaining([
        expect.objectContaining({ saleId: SHARED, store: 'SH-001', format: 'html' }),
        expect.objectContaining({ saleId: SHARED, store: 'SH-001', format: 'pdf' }),
        expect.objectContaining({ saleId: SHARED, store: 'SH-002', format: 'html' }),
      ]));
    });

    it("reports and audits only the user's stores, each line with its store", async () => {
      const report = (await (await get('/api/v1/reports/day?date=2026-11-27', qian)).json()) as { entries: { id: string; storeId?: string }[] };
      expect(report.entries.map((e) => e.storeId)).toEqual(['SH-001', 'SH-001']);
      expect(report.entries.map((e) => e.id)).not.toContain(ONLY_B);
      const csv = await (await get('/api/v1/reports/day?date=2026-11-27&format=csv', qian)).text();
      expect(csv).not.toContain('000602');
      await http.problem(await get('/api/v1/reports/day?date=2026-11-27&store=SH-002', qian), 403, 'STORE_NOT_PERMITTED');
      const everyStore = (await (await get('/api/v1/reports/day?date=2026-11-27&store=SH-002', root)).json()) as { entries: { storeId?: string }[] };
      expect(new Set(everyStore.entries.map((e) => e.storeId))).toEqual(new Set(['SH-002']));
      const audit = (await (await get('/api/v1/audit', sun)).json()) as { items: { storeId?: string; user?: string }[] };
      expect(audit.items.map((e) => e.storeId)).toEqual(['SH-002']);
      expect(audit.items.map((e) => e.user)).toEqual(['clerk-SH-002']);
      await http.problem(await get('/api/v1/audit?store=SH-001', sun), 403, 'STORE_NOT_PERMITTED');
      const all = (await (await get('/api/v1/audit?store=SH-001', root)).json()) as { items: { storeId?: string }[] };
      expect(all.items.map((e) => e.storeId)).toEqual(['SH-001']);
    });

    it("refuses to print a shop's sale at head office, naming the shop in Chinese and English, and journals the refusal", async () => {
      const printed = h.printer.jobs().length;
      const reprint = await http.problem(await http.call('POST', `/api/v1/transactions/${ONLY_B}/reprints`, { as: root, body: { reason: 'faint_print', printer: 'dead' } }), 409, 'PRINTED_IN_ITS_SHOP');
      expect(reprint.body.detail).toBe(`${ONLY_B} is a sale of store SH-002: head office prints its own sales only`);
      const zh = await http.problem(await http.call('POST', `/api/v1/transactions/${ONLY_B}/print`, { as: root, body: {}, headers: { 'Accept-Language': 'zh-CN' } }), 409, 'PRINTED_IN_ITS_SHOP');
      expect(zh.body.title).toBe('门店的交易在门店打印');
      expect(zh.body.detail).toContain('SH-002');
      const refusals = async (type: string) => (await h.opened.journal.auditTrail({ type, stores: [''] })).map((e) => e.data).filter((d) => d.code === 'PRINTED_IN_ITS_SHOP');
      expect(await refusals('reprint.refused')).toEqual([expect.objectContaining({ saleId: ONLY_B, user: 'root' })]);
      expect(await refusals('print.refused')).toEqual([expect.objectContaining({ saleId: ONLY_B, user: 'root' })]);
      expect(h.printer.jobs()).toHaveLength(printed);
      // Head office's own sale of the same terminal prints as before.
      expect((await http.call('POST', `/api/v1/transactions/${RECENT}/reprints`, { as: root, body: { reason: 'faint_print', printer: 'dead' } })).status).toBe(202);
    });

    it("checks head office's own receipt of an id shops use too, and tells a guessed code nothing of the shops' sales", async () => {
      const own = await h.opened.journal.within(['']).get(SHARED);
      const code = verificationCode(await h.deps.reprint.verificationKey(), own, 0);
      const genuine = await http.call('GET', `/api/v1/verify/${code}`);
      expect(genuine.status, await genuine.clone().text()).toBe(200);
      expect(await genuine.json()).toMatchObject({ genuine: true, saleId: SHARED, copy: 0 });
      // Anyone may ask, signed in or not: a guessed code is not genuine, whoever else used the id.
      for (const id of [SHARED, ONLY_B]) {
        const guessed = await http.call('GET', `/api/v1/verify/${id}.0.${'A'.repeat(16)}`);
        const text = await guessed.text();
        expect(guessed.status, text).toBe(200);
        expect(JSON.parse(text)).toMatchObject({ genuine: false });
        expect(text).not.toMatch(/SH-00/);
      }
      // The code on an e-receipt head office issued for a shop's sale is head office's to vouch for.
      const link = (await (await http.call('POST', `/api/v1/transactions/${ONLY_B}/e-receipt`, { as: root, body: {} })).json()) as { url: string };
      const page = await (await http.call('GET', new URL(link.url, 'http://localhost').pathname)).text();
      const onPage = /<code>([^<]+)<\/code>/.exec(page)?.[1] ?? '';
      expect(onPage).toMatch(new RegExp(`^${ONLY_B}\\.0\\.`));
      expect(await (await http.call('GET', `/api/v1/verify/${onPage}`)).json()).toMatchObject({ genuine: true, saleId: ONLY_B, sale: { amount: '62.00' } });
    });

    it('a link of before links named their store opens no sale whose id several shops hold, and its page names no shop', async () => {
      const keys = deriveKeys(await h.deps.reprint.verificationKey());
      const exp = Math.floor((Date.now() + 86_400_000) / 1000);
      const legacy = `${SHARED}.${exp}.${createHmac('sha256', keys.eReceipt).update(`e-receipt\n${SHARED}\n${exp}`).digest('base64url')}`;
      const page = await http.call('GET', `/r/${legacy}`);
      expect(page.status).toBe(404);
      const text = await page.text();
      expect(text).toContain('this receipt link is not valid');
      expect(text).not.toMatch(/SH-00[12]/);
    });

    it("refuses to reprint a shop's captured receipt at head office (its copies are numbered in the shop), and lists no job of head office's for it", async () => {
      const id = capturedJob(RECEIPTS[0] as CapturedReceipt).id;
      const printed = h.printer.jobs().length;
      const refused = await http.problem(await http.call('POST', `/api/v1/transactions/${id}/reprints`, { as: root, body: { reason: 'faint_print' } }), 409, 'PRINTED_IN_ITS_SHOP');
      expect(refused.body.detail).toContain('SH-002');
      expect(h.printer.jobs()).toHaveLength(printed);
      const shown = await get(`/api/v1/captures/${id}`, root);
      expect(shown.status).toBe(200);
      expect(((await shown.json()) as { jobs: unknown[] }).jobs).toEqual([]);
    });

    it("head office's own sale prints though shops hold sales under the same id", async () => {
      // Reached by time and amount (head office's own OLD is 128.50; the shops' are 11.00 and 22.00).
      const asked = await http.call('POST', '/api/v1/reprints', { as: root, body: { locate: { by: 'search', around: '2026-11-27 14:32', amount: '128.50' }, reason: 'faint_print' } });
      expect(asked.status, await asked.clone().text()).toBe(202);
      const { job } = (await asked.json()) as { job: { id: number } };
      const done = await h.deps.spooler.waitFor(job.id, { timeoutMs: 10_000 });
      expect(done.state, JSON.stringify(done)).toBe('printed');
      expect(done.transactionId).toBe(SHARED);
    });

    it("head office's own print jobs are not found for a user limited to some shops: job, picture, a printer's recent jobs", async () => {
      // Head office prints its own sales only (a shop's sale is printed in its shop): a job of RECENT, head office's.
      const reprinted = await http.call('POST', `/api/v1/transactions/${RECENT}/reprints`, { as: root, body: { reason: 'faint_print', printer: 'dead' } });
      expect(reprinted.status, await reprinted.clone().text()).toBe(202);
      const job = ((await reprinted.json()) as { job: { id: number } }).job.id;
      expect((await get(`/api/v1/jobs/${job}`, root)).status).toBe(200);
      const picture = await get(`/api/v1/jobs/${job}/picture`, root);
      expect(picture.headers.get('Content-Type')).toBe('image/png');
      // Exactly as a job that does not exist: nothing says there is one.
      const hidden = await http.problem(await get(`/api/v1/jobs/${job}`, qian), 404, 'JOB_NOT_FOUND');
      const missing = await http.problem(await get('/api/v1/jobs/999999', qian), 404, 'JOB_NOT_FOUND');
      expect(hidden.body.detail).toBe(`no print job ${job}`);
      expect(missing.body.title).toBe(hidden.body.title);
      await http.problem(await get(`/api/v1/jobs/${job}/picture`, qian), 404, 'JOB_NOT_FOUND');
      await http.problem(await get('/api/v1/jobs/x1', qian), 400, 'BAD_JOB_ID');
      const recent = async (as: Who) => ((await (await get('/api/v1/printers/dead/jobs/recent?limit=100', as)).json()) as { items: { id: number }[] }).items.map((j) => j.id);
      expect(await recent(root)).toContain(job);
      expect(await recent(qian)).toEqual([]);
      await http.problem(await get('/api/v1/printers/nowhere/jobs/recent', qian), 404, 'UNKNOWN_PRINTER');
    });

    it('the last receipt of a terminal is picked in the shop asked for, and the policy weighs it within that shop', async () => {
      const last = { locate: { by: 'last', terminalId: '10023456' }, reason: 'faint_print', printer: 'dead' };
      // Head office's own sale, SH-001's and SH-002's: three terminals numbered 10023456.
      const several = await http.problem(await http.call('POST', '/api/v1/reprints', { as: root, body: last }), 409, 'AMBIGUOUS_SALE');
      expect(several.body.detail).toBe('3 stores have sales on this terminal no.; name the store');
      expect((several.body.candidates as { storeId?: string }[]).map((c) => c.storeId ?? '')).toEqual(['', 'SH-001', 'SH-002']);
      const zh = await http.problem(await http.call('POST', '/api/v1/reprints', { as: root, body: last, headers: { 'Accept-Language': 'zh-CN' } }), 409, 'AMBIGUOUS_SALE');
      expect(zh.body.detail).toBe('3 个门店都有这个终端号的交易，请指定门店');
      // A user limited to one shop reaches that shop's last only; naming another shop is refused.
      await http.problem(await http.call('POST', '/api/v1/reprints', { as: qian, body: { ...last, store: 'SH-002' } }), 403, 'STORE_NOT_PERMITTED');
      // A cashier of SH-001 at terminal 10023456, two minutes after ONLY_A: it is the last of
      // their terminal in their shop, though head office's own terminal 10023456 sold later.
      await h.auth.addUser({ name: 'ma', role: 'cashier', password: 'ma-password', terminal: '10023456', stores: 'SH-001' }, 'root');
      const ma = await http.bearer('ma');
      const now = h.clock.now;
      h.clock.now = Date.parse('2026-11-27T15:12:00+08:00');
      try {
        const policy = (await (await get(`/api/v1/transactions/${ONLY_A}/reprint-policy`, ma)).json()) as { needs: string; why: string | null };
        expect(policy).toMatchObject({ needs: 'none' });
      } finally {
        h.clock.now = now;
      }
    });

    it("the day report of head office is the shops': totals per store (a terminal within its store), heads of the shops' chains", async () => {
      type Report = { totals: { byStore?: { key: string }[]; byTerminal: { key: string; storeId?: string; currencies: { count: number }[] }[] }; heads: { storeId?: string; terminalId: string; seq: number; hash: string }[] };
      const mine = (await (await get('/api/v1/reports/day?date=2026-11-27', qian)).json()) as Report;
      expect(mine.totals.byStore?.map((g) => g.key)).toEqual(['SH-001']);
      expect(mine.totals.byTerminal.map((g) => `${g.storeId}/${g.key}`)).toEqual(['SH-001/10023456']);
      // Only SH-001's chains, each named by its store, as head office holds them.
      const shopHeads = (await h.opened.journal.chainHeads('SH-001')).map((e) => ({ storeId: 'SH-001', terminalId: e.terminalId, seq: e.seq, hash: e.hash }));
      expect(mine.heads).toEqual(shopHeads);
      const all = (await (await get('/api/v1/reports/day?date=2026-11-27', root)).json()) as Report;
      expect(all.totals.byStore?.map((g) => g.key)).toEqual(['SH-001', 'SH-002']);
      // Three terminals numbered 10023456 are three lines, never added together.
      expect(all.totals.byTerminal.map((g) => `${g.storeId ?? '(head office)'}/${g.key}`)).toEqual(['(head office)/10023456', 'SH-001/10023456', 'SH-002/10023456']);
      expect(new Set(all.heads.map((x) => x.storeId))).toEqual(new Set([undefined, 'SH-001', 'SH-002']));
      const csv = await (await get('/api/v1/reports/day?date=2026-11-27&format=csv', qian)).text();
      expect(csv.split('\r\n')[0]).toMatch(/,store_id$/);
      expect(csv).toContain('store,SH-001,CNY');
      const text = await (await get('/api/v1/reports/day?date=2026-11-27&format=text&lang=en', qian)).text();
      expect(text).toContain('BY STORE');
      expect(text).toContain('STORE SH-001');
      expect(text).not.toContain('SH-002');
    });

    it('tells the pages which stores the user may choose', async () => {
      expect(await (await get('/api/v1/stores', qian)).json()).toEqual({ headOffice: false, limited: true, stores: [] });
      expect(await (await get('/api/v1/stores', root)).json()).toEqual({ headOffice: false, limited: false, stores: [] });
    });

    it('a changed limit applies from the next request; lifting it shows every store', async () => {
      const tao = await (async () => {
        await h.auth.addUser({ name: 'tao', role: 'backoffice', password: 'tao-password', stores: 'SH-002' }, 'root');
        return http.bearer('tao');
      })();
      await http.problem(await get(`/api/v1/transactions/${ONLY_A}`, tao), 404, 'TRANSACTION_NOT_FOUND');
      await h.auth.changeUser('tao', { stores: 'SH-001,SH-002' }, 'root');
      expect((await get(`/api/v1/transactions/${ONLY_A}`, tao)).status).toBe(200);
      await h.auth.changeUser('tao', { stores: null }, 'root');
      expect(await storesOf(await get('/api/v1/transactions?from=2026-11-27&to=2026-11-27&limit=100', tao))).toEqual(new Set(['', 'SH-001', 'SH-002']));
    });
  });

  describe('CLI', () => {
    const cli = (args: string[], stdin?: string) => runCli(h.dir.path, [...args, '--db', h.db], { env: { REISSUE_TZ: 'Asia/Shanghai', REISSUE_LANG: 'en' }, now: Date.parse('2026-11-27T08:00:00Z'), ...(stdin === undefined ? {} : { stdin }) });

    it('--store narrows show, receipt, find, report and audit, with a store column at head office', async () => {
      const shown = await cli(['show', SHARED, '--store', 'SH-002', '--json']);
      expect(shown.code, shown.stderr).toBe(0);
      expect(JSON.parse(shown.stdout)).toMatchObject({ storeId: 'SH-002', transaction: { amount: '22.00' } });
      const ambiguous = await cli(['show', SHARED]);
      expect(ambiguous.stderr).toContain('SALE_IN_SEVERAL_STORES');
      const receipt = await cli(['receipt', SHARED, '--store', 'SH-001']);
      expect(receipt.code, receipt.stderr).toBe(0);
      expect(receipt.stdout).toContain('11.00');
      const found = await cli(['find', '--from', '2026-11-27', '--to', '2026-11-27', '--store', 'SH-002']);
      expect(found.code, found.stderr).toBe(0);
      expect(found.stdout.split('\n')[0]).toMatch(/^STORE\s+ID/);
      expect(found.stdout).toContain('SH-002');
      expect(found.stdout).not.toContain('SH-001');
      const report = await cli(['report', '--date', '2026-11-27', '--store', 'SH-001', '--format', 'csv']);
      expect(report.code, report.stderr).toBe(0);
      expect(report.stdout).toContain('000601');
      expect(report.stdout).not.toContain('000602');
      const audit = await cli(['audit', '--store', 'SH-002', '--json']);
      expect(JSON.parse(audit.stdout)).toEqual([expect.objectContaining({ storeId: 'SH-002', user: 'clerk-SH-002' })]);
      const table = await cli(['audit', '--store', 'SH-002']);
      expect(table.stdout.split('\n')[0]).toMatch(/^STORE\s+#/);
      const bad = await cli(['find', '--store', 'SH 1']);
      expect(bad.stderr).toContain('BAD_STORE_ID');
    });

    it("a limited user's CLI reprint of another store's sale is not found, and nothing is printed", async () => {
      const before = (await h.opened.journal.jobs({ order: 'newest', limit: 1000 })).length;
      const refused = await cli(['reprint', ONLY_B, '--user', 'qian', '--reason', 'faint_print', '--password-stdin', '--printer', '127.0.0.1:9', '--no-wait'], 'qian-password\n');
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('TRANSACTION_NOT_FOUND');
      expect((await h.opened.journal.jobs({ order: 'newest', limit: 1000 })).length).toBe(before);
    });

    it('report --print --store prints that shop only; reprint --last lists each shop\'s last, and --store is checked', async () => {
      const printed = await cli(['report', '--date', '2026-11-27', '--store', 'SH-002', '--print', `127.0.0.1:${h.printer.address?.port}`, '--lang', 'en']);
      expect(printed.code, printed.stderr).toBe(0);
      const paper = h.printer.jobs().at(-1)?.text ?? '';
      expect(paper).toContain('000602');
      expect(paper).not.toContain('000601');
      expect(paper).toContain('STORE SH-002');
      const several = await cli(['reprint', '--last', '--terminal', '10023456', '--user', 'root', '--reason', 'faint_print', '--password-stdin', '--printer', '127.0.0.1:9', '--no-wait'], 'root-password\n');
      expect(several.stderr).toContain('AMBIGUOUS_SALE');
      expect(several.stdout).toContain(`SH-002 ${ONLY_B}`);
      expect(several.stdout).toContain(`SH-001 ${ONLY_A}`);
      const bad = await cli(['reprint', '--last', '--terminal', '10023456', '--store', 'SH 1', '--user', 'root', '--reason', 'faint_print', '--password-stdin', '--printer', '127.0.0.1:9', '--no-wait'], 'root-password\n');
      expect(bad.stderr).toContain('BAD_STORE_ID');
    });

    it('user stores limits, changes and lifts, confirmed by an admin', async () => {
      const added = await cli(['user', 'add', 'wu', '--role', 'auditor', '--stores', 'SH-001', '--by', 'root', '--password-stdin'], 'wu-password\nroot-password\n');
      expect(added.code, added.stderr).toBe(0);
      expect(added.stdout).toBe('added wu (auditor; stores SH-001)\n');
      const changed = await cli(['user', 'stores', 'wu', '--stores', 'SH-001,SH-002', '--by', 'root', '--password-stdin'], 'root-password\n');
      expect(changed.stdout).toBe('wu sees stores SH-001, SH-002 only\n');
      const list = await cli(['user', 'list', '--json']);
      expect((JSON.parse(list.stdout) as { name: string; stores?: string[] }[]).find((u) => u.name === 'wu')?.stores).toEqual(['SH-001', 'SH-002']);
      const lifted = await cli(['user', 'stores', 'wu', '--all-stores', '--by', 'root', '--password-stdin'], 'root-password\n');
      expect(lifted.stdout).toBe('wu sees every store\n');
      const neither = await cli(['user', 'stores', 'wu', '--by', 'root', '--password-stdin'], 'root-password\n');
      expect(neither.stderr).toContain('BAD_USAGE');
      const admin = await cli(['user', 'stores', 'root', '--stores', 'SH-001', '--by', 'root', '--password-stdin'], 'root-password\n');
      expect(admin.stderr).toContain('STORES_NOT_FOR_ADMIN');
    });
  });
});
