import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSpooler, openJournal } from '../src/app.js';
import { defaultConfig } from '../src/config/index.js';
import { startVirtualPrinter, type VirtualPrinter } from '../src/emulator/index.js';
import { ReprintService } from '../src/reprint/index.js';
import { capturedJobToJson } from '../src/capture/index.js';
import { capturedJob } from './support/captured-jobs.js';
import { RECEIPTS } from './support/captured-receipts.js';
import { runCli, tempDir } from './support/cli.js';
import { retailSale, sale } from './support/fixtures.js';
import { onBothEngines } from './support/engines.js';
import { tamperSqlite } from './support/tamper.js';

let dir: ReturnType<typeof tempDir>;
let printer: VirtualPrinter;
const NOW = Date.parse('2026-11-27T08:00:00Z');
const db = () => join(dir.path, 'j.db');
const cli = (args: string[], stdin?: string) => runCli(dir.path, [...args, '--db', db()], { now: NOW, ...(stdin === undefined ? {} : { stdin }) });
const RECENT = '10023456-000128-000500';
const OLD = '10023456-000128-000457';
const lines = (text: string) => text.split('\n').map((l) => l.trimEnd()).filter(Boolean);

beforeEach(async () => {
  dir = tempDir();
  printer = await startVirtualPrinter({ port: 0, speedMmPerSecond: 5000 });
  writeFileSync(join(dir.path, 'reissue.config.json'), JSON.stringify({ printers: [{ name: 'front', address: `127.0.0.1:${printer.address?.port}` }], defaultPrinter: 'front' }));
});
afterEach(async () => {
  await printer.stop();
  dir.remove();
});

describe('reissue reprint', () => {
  beforeEach(async () => {
    await cli(['record'], `${JSON.stringify(sale())}\n${JSON.stringify(sale({ voucherNo: '000500', referenceNo: '133041825600', occurredAt: '2026-11-27T15:58:00+08:00', amount: '66.00' }))}\n`);
    await cli(['user', 'add', 'root', '--role', 'admin', '--operator-no', '99', '--password-stdin'], 'root-password\n');
    const add = (name: string, role: string, extra: string[] = []) => cli(['user', 'add', name, '--role', role, ...extra, '--by', 'root', '--password-stdin'], `${name}-password\nroot-password\n`);
    await add('li', 'cashier', ['--operator-no', '07', '--terminal', '10023456']);
    await add('wang', 'supervisor', ['--operator-no', '90']);
    await add('zhao', 'auditor');
  });

  it("prints the cashier's own last receipt as a marked duplicate equal to the original but for the mark", async () => {
    expect((await cli(['print', RECENT])).code).toBe(0);
    const r = await cli(['reprint', '--last', '--terminal', '10023456', '--reason', 'paper_jam', '--user', 'li', '--password-stdin'], 'li-password\n');
    expect(r.stderr).toContain('own-last-receipt');
    expect(r.stdout).toMatch(/^printed DUPLICATE 1 of 10023456-000128-000500 on front; verification code 10023456-000128-000500\.1\.[0-9A-Z]{16}\n$/);
    expect(r.code).toBe(0);
    const [original, duplicate] = printer.jobs();
    const originalLines = lines(original?.text ?? '');
    const duplicateLines = lines(duplicate?.text ?? '');
    expect(duplicateLines).toContain('  ***重印凭证 / DUPLICATE 1***');
    expect(duplicateLines.find((l) => l.includes('重打印'))).toContain('操作员 07');
    // The verification code is printed under its QR code: a line of its label, a line of the code.
    const marked = (l: string) => l.includes('DUPLICATE') || l.includes('重打印') || l.startsWith('[QR') || l.includes('验证码') || /\d{8}-\d{6}-\d{6}\.\d+\./.test(l);
    expect(duplicateLines.filter((l) => !marked(l))).toEqual(originalLines.filter((l) => !marked(l)));
  });

  it('reaches one sale every way; the printer holds one original and duplicates 1..5 equal to it but for the mark', async () => {
    expect((await cli(['print', RECENT])).code).toBe(0);
    const ways = [[RECENT], ['--last', '--terminal', '10023456'], ['--voucher', '500', '--terminal', '10023456', '--batch', '128'], ['--ref', '133041825600'], ['--around', '15:55', '--amount', '66.00']];
    for (const [i, way] of ways.entries()) {
      const r = await cli(['reprint', ...way, '--reason', 'customer_request', '--user', 'root', '--password-stdin'], 'root-password\n');
      expect(r.stdout).toContain(`DUPLICATE ${i + 1} of ${RECENT}`);
    }
    const jobs = printer.jobs();
    expect(jobs).toHaveLength(6);
    // The verification code is printed under its QR code: a line of its label, a line of the code.
    const marked = (l: string) => l.includes('DUPLICATE') || l.includes('重打印') || l.startsWith('[QR') || l.includes('验证码') || /\d{8}-\d{6}-\d{6}\.\d+\./.test(l);
    const body = (text: string) => lines(text).filter((l) => !marked(l));
    expect(lines(jobs[0]?.text ?? '').some((l) => l.includes('DUPLICATE'))).toBe(false);
    for (const [i, job] of jobs.slice(1).entries()) {
      expect(lines(job.text)).toContain(`  ***重印凭证 / DUPLICATE ${i + 1}***`);
      expect(body(job.text)).toEqual(body(jobs[0]?.text ?? ''));
    }
  });

  it('refuses an old receipt without a supervisor, journals the refusal, and prints nothing', async () => {
    const r = await cli(['reprint', OLD, '--reason', 'customer_request', '--user', 'li', '--password-stdin'], 'li-password\n');
    expect(r.code).toBe(7);
    expect(r.stderr).toContain('APPROVAL_REQUIRED');
    expect(r.stderr).toContain('is not the last receipt of your terminal');
    expect(printer.jobs()).toHaveLength(0);
    const audit = JSON.parse((await cli(['audit', '--json', '--type', 'reprint.refused'])).stdout);
    expect(audit[0]).toMatchObject({ user: 'li', code: 'APPROVAL_REQUIRED', saleId: OLD });
    const self = await cli(['reprint', OLD, '--reason', 'customer_request', '--user', 'wang', '--approver', 'wang', '--password-stdin'], 'wang-password\nwang-password\n');
    expect(self.stderr).toContain('SELF_APPROVAL');
    expect((await cli(['reprint', OLD, '--reason', 'customer_request', '--user', 'zhao', '--password-stdin'], 'zhao-password\n')).stderr).toContain('REPRINT_NOT_ALLOWED');
    expect((await cli(['reprint', OLD, '--reason', 'customer_lost', '--customer-last4', '1111', '--customer-amount', '128.50', '--user', 'root', '--password-stdin'], 'root-password\n')).stderr).toContain('CUSTOMER_DETAILS_MISMATCH');
    expect((await cli(['reprint', OLD, '--reason', 'other', '--user', 'root', '--password-stdin'], 'root-password\n')).stderr).toContain('REASON_TEXT_REQUIRED');
    const refusals = JSON.parse((await cli(['audit', '--json', '--type', 'reprint.refused'])).stdout).map((e: { code: string }) => e.code);
    expect(refusals.sort()).toEqual(['APPROVAL_REQUIRED', 'CUSTOMER_DETAILS_MISMATCH', 'REASON_TEXT_REQUIRED', 'REPRINT_NOT_ALLOWED', 'SELF_APPROVAL']);
    expect(printer.jobs()).toHaveLength(0);
  });

  it('takes how a cash customer paid for a lost receipt, and refuses a card last-4 for it', async () => {
    const cash = retailSale({ voucherNo: '000600', occurredAt: '2026-11-27T15:30:00+08:00', card: undefined, payments: [{ method: 'cash', amount: '16.50', tendered: '20.00', change: '3.50' }] });
    await cli(['record'], `${JSON.stringify(cash)}\n`);
    const id = '10023456-000128-000600';
    const asked = (extra: string[]) => cli(['reprint', id, '--reason', 'customer_lost', '--customer-amount', '16.50', ...extra, '--user', 'root', '--password-stdin'], 'root-password\n');
    const card = await asked(['--customer-last4', '1234']);
    expect(card.code).toBe(2);
    expect(card.stderr).toContain('CUSTOMER_NOT_CARD');
    expect((await asked([])).stderr).toContain('CUSTOMER_PAYMENT_REQUIRED');
    expect((await asked(['--customer-method', 'wechat'])).stderr).toContain('CUSTOMER_DETAILS_MISMATCH');
    const right = await asked(['--customer-method', 'cash']);
    expect(right.stdout).toContain(`printed DUPLICATE 1 of ${id}`);
  });

  it("prints an old receipt with a supervisor's approval, reached by voucher, reference and time+amount", async () => {
    const approved = await cli(['reprint', '--voucher', '457', '--terminal', '10023456', '--reason', 'customer_request', '--user', 'li', '--approver', 'wang', '--password-stdin'], 'li-password\nwang-password\n');
    expect(approved.stdout).toContain('DUPLICATE 1 of 10023456-000128-000457');
    expect(lines(printer.jobs()[0]?.text ?? '').find((l) => l.includes('重打印'))).toContain('主管 90');
    expect((await cli(['reprint', '--ref', '133041825567', '--reason', 'paper_out', '--user', 'li', '--approver', 'wang', '--password-stdin'], 'li-password\nwang-password\n')).stdout).toContain('DUPLICATE 2');
    const search = await cli(['reprint', '--around', '14:30', '--amount', '128.50', '--reason', 'faint_print', '--user', 'root', '--password-stdin'], 'root-password\n');
    expect(search.stdout).toContain('DUPLICATE 3');
    const limit = await cli(['reprint', OLD, '--reason', 'faint_print', '--user', 'li', '--approver', 'wang', '--password-stdin'], 'li-password\nwang-password\n');
    expect(limit.stderr).toContain('COPY_LIMIT_REACHED');
    const audit = JSON.parse((await cli(['audit', '--json', '--user', 'wang'])).stdout);
    expect(audit.filter((e: { type: string }) => e.type === 'reprint.issued').map((e: { copy: number }) => e.copy)).toEqual([2, 1]);
  });

  it('checks a receipt code: genuine with its copy, or not genuine', async () => {
    const r = await cli(['reprint', OLD, '--reason', 'customer_request', '--user', 'root', '--password-stdin'], 'root-password\n');
    const code = /verification code (\S+)/.exec(r.stdout)?.[1] ?? '';
    const good = await cli(['check', code]);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/^genuine: copy 1 of sale 10023456-000128-000457 \(CNY 128\.50, 2026-11-27 14:32:05\), printed at .+ on front by operator 99\n$/);
    const forged = code.replace(/\.1\./, '.2.');
    expect((await cli(['check', forged])).stdout).toContain('not genuine');
    expect((await cli(['check', forged])).code).toBe(1);
    expect((await cli(['check', 'rubbish'])).stderr).toContain('BAD_VERIFICATION_CODE');
  });

  it('refuses a sale edited behind the guards: reprint, check, receipt and print exit 1 and print nothing', async () => {
    const r = await cli(['reprint', OLD, '--reason', 'customer_request', '--user', 'root', '--password-stdin'], 'root-password\n');
    const code = /verification code (\S+)/.exec(r.stdout)?.[1] ?? '';
    const printed = printer.jobs().length;
    tamperSqlite(db(), `UPDATE events SET payload = replace(payload, '128.50', '12850.00') WHERE type = 'transaction.recorded' AND payload LIKE '%000457%'`);
    const tries = [
      await cli(['reprint', OLD, '--reason', 'customer_request', '--user', 'root', '--password-stdin'], 'root-password\n'),
      await cli(['check', code]),
      await cli(['receipt', OLD]),
      await cli(['print', OLD]),
    ];
    for (const t of tries) {
      expect(t.code, t.stderr).toBe(1);
      expect(t.stderr).toContain('RECORD_ALTERED');
      expect(t.stdout).not.toContain('12850');
      expect(t.stdout).not.toContain('genuine');
    }
    expect(printer.jobs()).toHaveLength(printed);
    const alerts = JSON.parse((await cli(['audit', '--json'])).stdout).filter((e: { type: string }) => e.type === 'integrity.alert');
    // The damaged event is the alert's subject; `seq` is the alert's own place in the audit chain.
    expect(alerts).toEqual([expect.objectContaining({ saleId: OLD, subject: 'event:10023456:1', terminalId: '10023456', problem: 'edited', type: 'integrity.alert' })]);
    expect(alerts[0].seq).toBeGreaterThan(1);
  });

  it('asks which sale when several match, and explains missing options', async () => {
    await cli(['record'], JSON.stringify(sale({ voucherNo: '000501', referenceNo: '133041825601', occurredAt: '2026-11-27T14:33:00+08:00' })));
    const r = await cli(['reprint', '--around', '14:30', '--amount', '128.50', '--reason', 'paper_jam', '--user', 'root', '--password-stdin'], 'root-password\n');
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('AMBIGUOUS_SALE');
    expect(r.stdout).toContain('10023456-000128-000457');
    expect(r.stdout).toContain('10023456-000128-000501');
    expect(printer.jobs()).toHaveLength(0);
    expect((await cli(['reprint', OLD, '--user', 'root'])).stderr).toContain('REASON_REQUIRED');
    expect((await cli(['reprint', '--reason', 'paper_jam', '--user', 'root'])).stderr).toContain('which sale?');
    expect((await cli(['reprint', OLD, '--reason', 'paper_jam', '--user', 'root'])).stderr).toContain('PASSWORD_MISSING');
  });
});

describe('reissue reprint of a captured receipt', () => {
  /** The supermarket receipt captured by front-till at `capturedAt`, a tap that prints on `front`, users root and bo. */
  async function capturedReceiptWithUsers(capturedAt: string) {
    const receipt = RECEIPTS[0];
    if (!receipt) throw new Error('no test receipt');
    writeFileSync(join(dir.path, 'reissue.config.json'), JSON.stringify({ printers: [{ name: 'front', address: `127.0.0.1:${printer.address?.port}` }], taps: [{ source: 'front-till', listen: '127.0.0.1:0', printer: 'front' }] }));
    const job = capturedJob(receipt, { n: 1, capturedAt });
    const opened = await openJournal(db(), { env: {}, cwd: dir.path, now: () => NOW }, { create: true });
    await opened.journal.appendCapture(capturedJobToJson(job));
    await opened.journal.close();
    await cli(['user', 'add', 'root', '--role', 'admin', '--password-stdin'], 'root-password\n');
    await cli(['user', 'add', 'bo', '--role', 'backoffice', '--by', 'root', '--password-stdin'], 'bo-password\nroot-password\n');
    return job;
  }

  it("prints on its tap's printer (the configuration's taps) when no --printer is given, and asks which printer when no tap names one", async () => {
    // No defaultPrinter: only the tap says where front-till's receipts print.
    const job = await capturedReceiptWithUsers('2026-11-27T07:55:00Z');
    const r = await cli(['reprint', job.id, '--reason', 'paper_jam', '--user', 'bo', '--password-stdin'], 'bo-password\n');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^printed DUPLICATE 1 of ${job.id} on front;`));
    expect(printer.jobs().at(-1)?.text).toContain('DUPLICATE 1');
    // Another source's tap, no default: still asked, as before.
    writeFileSync(join(dir.path, 'reissue.config.json'), JSON.stringify({ printers: [{ name: 'front', address: `127.0.0.1:${printer.address?.port}` }], taps: [{ source: 'back-till', listen: '127.0.0.1:0', printer: 'front' }] }));
    const asked = await cli(['reprint', job.id, '--reason', 'paper_jam', '--user', 'bo', '--password-stdin'], 'bo-password\n');
    expect(asked.code).toBe(2);
    expect(asked.stderr).toContain('which printer?');
  });

  it('finds a captured receipt by time and amount as it finds a sale, and lists both when both match', async () => {
    // Printed 2026-11-27 14:32:05 in Shanghai, 06:32:05 in the journal's zone (UTC: made without one); 应收 16.50, card **** 4242.
    const job = await capturedReceiptWithUsers('2026-11-27T06:32:06Z');
    const byTime = await cli(['reprint', '--around', '2026-11-27 06:30', '--amount', '16.50', '--reason', 'paper_jam', '--user', 'bo', '--password-stdin'], 'bo-password\n');
    expect(byTime.code, byTime.stderr).toBe(0);
    expect(byTime.stdout).toMatch(new RegExp(`^printed DUPLICATE 1 of ${job.id} on front;`));
    // A sale of the same amount two minutes later: both are listed, the receipt as what it is; nothing printed.
    await cli(['record'], JSON.stringify(sale({ voucherNo: '000501', referenceNo: '133041825601', occurredAt: '2026-11-27T14:34:00+08:00', amount: '16.50' })));
    const printed = printer.jobs().length;
    const both = await cli(['reprint', '--around', '2026-11-27 06:33', '--amount', '16.50', '--reason', 'paper_jam', '--user', 'bo', '--password-stdin'], 'bo-password\n');
    expect(both.code).toBe(4);
    expect(both.stderr).toContain('AMBIGUOUS_SALE');
    expect(both.stdout).toContain(job.id);
    expect(both.stdout).toContain('captured receipt');
    expect(both.stdout).toContain('10023456-000128-000501');
    expect(printer.jobs()).toHaveLength(printed);
  });
});

onBothEngines((engine) => {
  describe('copy numbers under concurrency', () => {
    it('gives 50 simultaneous reprints of one sale the copies 1..50, no gap, no repeat', async () => {
      const context = { env: {}, cwd: dir.path, now: () => NOW };
      const target = await engine.newTarget(dir.path);
      await runCli(dir.path, ['record', '--db', target], { now: NOW, stdin: `${JSON.stringify(sale())}\n` });
      const opened = await openJournal(target, context);
      const spooler = createSpooler(opened, defaultConfig(), context);
      const service = new ReprintService({
        journal: opened.journal,
        auth: { verify: async () => ({ name: 'bo', role: 'backoffice' }), approve: async () => ({ name: 'x', role: 'supervisor' }) },
        queue: spooler,
        audit: async () => undefined,
        clock: () => NOW,
        context: opened.settings,
        policy: { cashierWindowMs: 600_000, reprintWindowMs: 180 * 86_400_000, copyLimit: 1000 },
      });
      const results = await Promise.all(
        Array.from({ length: 50 }, () => service.reprint({ locate: { by: 'id', id: OLD }, user: { actor: { name: 'bo', role: 'backoffice' } }, reason: 'customer_request', printer: '127.0.0.1:9' })),
      );
      const oneToFifty = Array.from({ length: 50 }, (_, i) => i + 1);
      expect(results.map((r) => r.copy).sort((a, b) => a - b)).toEqual(oneToFifty);
      // What the journal holds agrees with what was answered.
      expect((await opened.journal.jobsOfSale(OLD)).map((j) => j.copy).sort((a, b) => a - b)).toEqual(oneToFifty);
      await spooler.stop();
      await opened.journal.close();
    });
  });
});
