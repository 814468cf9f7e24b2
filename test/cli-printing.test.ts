import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startVirtualPrinter, type VirtualPrinter } from '../src/emulator/index.js';
import { runCli, runningClock, tempDir } from './support/cli.js';
import { retailSale, sale } from './support/fixtures.js';

let dir: ReturnType<typeof tempDir>;
let printer: VirtualPrinter | undefined;
const db = () => join(dir.path, 'j.db');
const SLIP = '10023456-000128-000457';

beforeEach(async () => {
  dir = tempDir();
  await runCli(dir.path, ['record', '--db', db()], { stdin: JSON.stringify(sale()) });
});
afterEach(async () => {
  await printer?.stop();
  printer = undefined;
  dir.remove();
});

async function virtualPrinter(fault?: string): Promise<string> {
  printer = await startVirtualPrinter({ port: 0, speedMmPerSecond: 2000, ...(fault ? { fault } : {}) });
  const at = printer.address;
  return `${at?.host}:${at?.port}`;
}

describe('reissue print', () => {
  it('prints over a real socket and waits for the printer to confirm the paper passed', async () => {
    const address = await virtualPrinter();
    const r = await runCli(dir.path, ['print', SLIP, '--printer', address, '--db', db()]);
    expect(r.stdout).toBe(`printed ${SLIP} on ${address}: job 1 (bank slip, merchant copy)\n`);
    expect(r.stderr).toContain(`job 1 on ${address}: queued`);
    expect(r.stderr).toContain(`job 1 on ${address}: printed`);
    expect(r.code).toBe(0);
    const job = printer?.jobs()[0];
    const expected = (await runCli(dir.path, ['receipt', SLIP, '--db', db()])).stdout;
    // `receipt` is the same paper marked as a preview: without its marks and rules, line for line.
    const lines = (s: string) => s.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '' && !l.includes('NOT A RECEIPT') && !/^-+$/.test(l));
    expect(lines(job?.text ?? '')).toEqual(lines(expected));
    expect(job?.text).not.toContain('仅供查看');
  });

  it('journals who asked for the original (print.original, --by or the system user) in the write that queues it; a bad --by queues nothing', async () => {
    const address = await virtualPrinter();
    const bad = await runCli(dir.path, ['print', SLIP, '--printer', address, '--by', 'li wang', '--db', db()]);
    expect(bad.code, bad.stderr).toBe(2);
    const none = await runCli(dir.path, ['audit', '--json', '--db', db()]);
    expect(none.stdout).not.toContain('print.original');
    const r = await runCli(dir.path, ['print', SLIP, '--printer', address, '--by', 'li', '--db', db()], { env: { USER: 'shoppc' } });
    expect(r.code, r.stderr).toBe(0);
    const trail = JSON.parse((await runCli(dir.path, ['audit', '--json', '--db', db()])).stdout) as Record<string, unknown>[];
    const original = trail.filter((e) => e.type === 'print.original');
    expect(original).toHaveLength(1);
    expect(original[0]).toMatchObject({ saleId: SLIP, user: 'li', via: 'cli', basis: 'command-line', printer: address, jobIds: [1] });
    await runCli(dir.path, ['record', '--db', db()], { stdin: JSON.stringify(sale({ voucherNo: '000458' })) });
    expect((await runCli(dir.path, ['print', '10023456-000128-000458', '--printer', address, '--no-wait', '--db', db()], { env: { USER: 'shoppc' } })).code).toBe(0);
    const again = JSON.parse((await runCli(dir.path, ['audit', '--json', '--db', db()])).stdout) as Record<string, unknown>[];
    expect(again.filter((e) => e.type === 'print.original').map((e) => e.user)).toEqual(['shoppc', 'li']);
  });

  it('names the fault when the printer is out of paper, and exits 6', async () => {
    const address = await virtualPrinter('paper-out');
    const r = await runCli(dir.path, ['print', SLIP, '--printer', address, '--timeout', '1s', '--db', db()], { clock: runningClock() });
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/paper/i);
  });

  it('keeps retrying a printer that does not answer, and says so', async () => {
    const address = await virtualPrinter();
    await printer?.stop();
    printer = undefined;
    const r = await runCli(dir.path, ['print', SLIP, '--printer', address, '--timeout', '2s', '--db', db()], { clock: runningClock() });
    expect(r.code).toBe(6);
    expect(r.stderr).toContain('unreachable');
    expect(r.stderr).toContain('PRINT_WAIT_TIMEOUT');
    // In Chinese, the retry lines say why in Chinese too, not the socket's English words.
    await runCli(dir.path, ['record', '--db', db()], { stdin: JSON.stringify(retailSale()) });
    const zh = await runCli(dir.path, ['print', '10023456-000128-000458', '--printer', '127.0.0.1:1', '--timeout', '2s', '--db', db(), '--lang', 'zh'], { clock: runningClock() });
    expect(zh.stderr).toContain('127.0.0.1:1 无法连接（无法连接打印机 tcp://127.0.0.1:1）；1 秒后重试');
    expect(zh.stderr).not.toMatch(/cannot connect|ECONNREFUSED/);
  });

  it('says in Chinese why it moved the job to the backup printer', async () => {
    const office = await virtualPrinter();
    writeFileSync(join(dir.path, 'reissue.config.json'), JSON.stringify({ printers: [{ name: 'front', address: '127.0.0.1:1', backup: 'office' }, { name: 'office', address: office }], spooler: { failoverAfter: 1 } }));
    const r = await runCli(dir.path, ['print', SLIP, '--printer', 'front', '--timeout', '20s', '--db', db(), '--lang', 'zh'], { clock: runningClock() });
    expect(r.stderr).toContain('已从 front 转到 office：连续 1 次无法连接（无法连接打印机 tcp://127.0.0.1:1）');
    expect(r.stderr).not.toMatch(/cannot connect|ECONNREFUSED|failures in a row/);
  });

  it('never prints a second original: it points to reprint', async () => {
    const address = await virtualPrinter();
    expect((await runCli(dir.path, ['print', SLIP, '--printer', address, '--db', db()])).code).toBe(0);
    const again = await runCli(dir.path, ['print', SLIP, '--printer', address, '--db', db()]);
    expect(again.code).toBe(4);
    expect(again.stderr).toContain('ALREADY_PRINTED');
    expect(again.stderr).toContain('reissue reprint');
    expect(printer?.jobs()).toHaveLength(1);
  });

  it('prints the bank slips the printer configuration adds to a card sale, each piece its own job', async () => {
    const address = await virtualPrinter();
    writeFileSync(join(dir.path, 'reissue.config.json'), JSON.stringify({ printers: [{ name: 'front', address, cardSlip: 'both' }], defaultPrinter: 'front' }));
    const RETAIL = '10023456-000128-000470';
    await runCli(dir.path, ['record', '--db', db()], { stdin: JSON.stringify(retailSale({ voucherNo: '000470', referenceNo: '133041825570', card: { masked: '621700*********9031', issuer: '中国工商银行' }, payments: undefined })) });
    const r = await runCli(dir.path, ['print', RETAIL, '--db', db()]);
    expect(r.stdout).toBe(`printed ${RETAIL} on front: job 1 (receipt, cardholder copy), job 2 (bank slip, merchant copy), job 3 (bank slip, cardholder copy)\n`);
    expect(r.code).toBe(0);
    const [receipt, merchant, cardholder] = printer?.jobs() ?? [];
    expect(receipt?.text).toContain('银行卡 **** 9031');
    expect(receipt?.text).toContain('参考号');
    expect(merchant?.text).toContain('银联POS签购单');
    expect(merchant?.text).toContain('商户存根');
    expect(merchant?.text).toContain('持卡人签名');
    expect(cardholder?.text).toContain('持卡人存根');
    expect(cardholder?.text).not.toContain('签名');
    // Every piece printed: none is an original again, even alone.
    const again = await runCli(dir.path, ['print', RETAIL, '--template', 'slip', '--copy', 'cardholder', '--db', db()]);
    expect(again.code).toBe(4);
    expect(again.stderr).toContain('ALREADY_PRINTED');
    expect(printer?.jobs()).toHaveLength(3);
    // The bank slip of a cash sale does not exist: refused before anything is queued.
    await runCli(dir.path, ['record', '--db', db()], { stdin: JSON.stringify(retailSale({ voucherNo: '000471', card: undefined, payments: [{ method: 'cash', amount: '16.50' }] })) });
    const refused = await runCli(dir.path, ['print', '10023456-000128-000471', '--template', 'slip', '--db', db()]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('NO_CARD_SLIP');
    expect(printer?.jobs()).toHaveLength(3);
  });

  it('prints just the piece asked for with --template, the rest stays printable', async () => {
    const address = await virtualPrinter();
    const slip = await runCli(dir.path, ['print', SLIP, '--printer', address, '--template', 'retail', '--db', db()]);
    expect(slip.stdout).toBe(`printed ${SLIP} on ${address}: job 1 (receipt, cardholder copy)\n`);
    expect(printer?.jobs()[0]?.text).toContain('银行卡 **** 4242');
    const own = await runCli(dir.path, ['print', SLIP, '--printer', address, '--db', db()]);
    expect(own.stdout).toBe(`printed ${SLIP} on ${address}: job 2 (bank slip, merchant copy)\n`);
    const bad = await runCli(dir.path, ['print', SLIP, '--printer', address, '--template', 'invoice', '--db', db()]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--template must be one of slip, retail');
  });

  it('refuses an unknown printer or a missing --printer', async () => {
    expect((await runCli(dir.path, ['print', SLIP, '--printer', 'host:99999', '--db', db()])).stderr).toContain('UNKNOWN_PRINTER');
    expect((await runCli(dir.path, ['print', SLIP, '--db', db()])).stderr).toContain('which printer?');
  });
});

describe('reissue printer-emulator', () => {
  it('listens, keeps each job as files, takes faults from the fault file and stops', async () => {
    let release: () => void = () => undefined;
    const stop = new Promise<void>((resolve) => (release = resolve));
    let announced: (line: string) => void = () => undefined;
    const listening = new Promise<string>((resolve) => (announced = resolve));
    let faulted: () => void = () => undefined;
    const coverOpen = new Promise<void>((resolve) => (faulted = resolve));
    const jobs = join(dir.path, 'jobs');
    const running = runCli(dir.path, ['printer-emulator', '--port', '0', '--jobs', jobs, '--speed', '2000'], {
      stop,
      onStdout: (text) => {
        const match = /listening on (\S+)/.exec(text);
        if (match?.[1]) announced(match[1]);
        if (text.includes('status: cover-open (file)')) faulted();
      },
    });
    const address = await listening;
    const printed = await runCli(dir.path, ['print', SLIP, '--printer', address, '--db', db()]);
    expect(printed.code).toBe(0);
    // Kept under the spooler's job number (job 1 of this journal), which came with its completion marker.
    expect(readFileSync(join(jobs, 'job-1.txt'), 'utf8')).toContain('银联POS签购单');
    expect(existsSync(join(jobs, 'job-1.png'))).toBe(true);
    writeFileSync(join(jobs, 'fault'), 'cover-open\n');
    // The emulator says when it has read the fault file.
    await coverOpen;
    await runCli(dir.path, ['record', '--db', db()], { stdin: JSON.stringify(sale({ voucherNo: '000458', referenceNo: '133041825568' })) });
    const held = await runCli(dir.path, ['print', '10023456-000128-000458', '--printer', address, '--timeout', '1s', '--db', db()], { clock: runningClock() });
    expect(held.code).toBe(6);
    expect(held.stderr).toContain('cover open');
    release();
    const result = await running;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('job 1 (spooler job 1): ');
    expect(result.stdout).toContain('status: cover-open (file)');
    expect(result.stdout).toContain('stopped after 1 job(s)');
  });

  it('refuses a misspelt fault and a bad port', async () => {
    const r = await runCli(dir.path, ['printer-emulator', '--fault', 'paper-outt']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean "paper-out"');
    expect((await runCli(dir.path, ['printer-emulator', '--port', '70000'])).stderr).toContain('--port must be');
  });
});

describe('reissue printers', () => {
  it('says an address that answers but not as a printer (a web server) is not a printer, in both languages, never paper out', async () => {
    const web = createServer((s) => {
      s.on('error', () => undefined);
      s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\ndate: Mon, 07 Dec 2026 23:33:23 GMT\r\n\r\n'));
    });
    await new Promise<void>((r) => web.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (web.address() as AddressInfo).port;
      writeFileSync(join(dir.path, 'reissue.config.json'), JSON.stringify({ printers: [{ name: 'front', address: `127.0.0.1:${port}` }] }));
      const en = await runCli(dir.path, ['printers', '--db', db(), '--lang', 'en']);
      expect(en.code).toBe(0);
      expect(en.stdout).toMatch(/front\s+tcp:\/\/127\.0\.0\.1:\d+\s+generic-80\s+not a printer at that address \(check the address and port\)/);
      expect(en.stdout).not.toContain('paper out');
      const zh = await runCli(dir.path, ['printers', '--db', db(), '--lang', 'zh']);
      expect(zh.stdout).toContain('该地址不是打印机（检查地址和端口）');
      expect(zh.stdout).not.toContain('缺纸');
      const json = JSON.parse((await runCli(dir.path, ['printers', '--json', '--db', db()])).stdout) as { status: string; lastError: string }[];
      expect(json[0]).toMatchObject({ status: 'not a printer' });
      expect(json[0]?.lastError).toContain('not as an ESC/POS printer');
    } finally {
      web.close();
    }
  });

  it('lists configured printers with live status, prints a test page and records a cleaning', async () => {
    const address = await virtualPrinter();
    const [host, port] = address.split(':');
    writeFileSync(join(dir.path, 'reissue.config.json'), JSON.stringify({ printers: [{ name: 'front', address: `${host}:${port}`, backup: 'dead' }, { name: 'dead', address: '127.0.0.1:1' }], defaultPrinter: 'front' }));
    const list = await runCli(dir.path, ['printers', '--db', db()]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/front\s+tcp:\/\/127\.0\.0\.1:\d+\s+generic-80\s+ready/);
    expect(list.stdout).toMatch(/dead\s+tcp:\/\/127\.0\.0\.1:1\s+generic-80\s+unreachable/);
    const test = await runCli(dir.path, ['printers', '--test-page', 'front', '--db', db()]);
    expect(test.stdout).toContain('printed');
    expect(printer?.jobs()[0]?.text).toContain('front');
    const printed = await runCli(dir.path, ['print', SLIP, '--db', db()]);
    expect(printed.stdout).toContain('on front');
    expect((await runCli(dir.path, ['printers', '--cleaned', 'front', '--by', 'li', '--db', db()])).stdout).toMatch(/front: print head cleaning recorded after \d+\.\d m of paper/);
    // Who cleaned is a name: a card number in a sale id's shape is refused (second review helper), nothing recorded.
    const shaped = await runCli(dir.path, ['printers', '--cleaned', 'front', '--by', 'AAAAAAAA-411111-111111.1111', '--db', db()]);
    expect(shaped.code).toBe(2);
    expect(shaped.stderr).toContain('PAN_NOT_MASKED');
    for (const file of [db(), `${db()}-wal`]) if (existsSync(file)) expect(readFileSync(file).includes('111111.1111'), file).toBe(false);
    const json = JSON.parse((await runCli(dir.path, ['printers', '--json', '--db', db()])).stdout);
    expect(json.find((p: { name: string }) => p.name === 'front').paperUsedMm).toBeGreaterThan(0);
  });

  it('cancels a job waiting for a mistyped printer address, journaled with who, so the original prints on the right one; refuses an ended job, a bad number and two actions at once', async () => {
    const address = await virtualPrinter();
    // A typo: nothing listens there, so the job waits and retries; the original is held meanwhile.
    const typo = await runCli(dir.path, ['print', SLIP, '--printer', '127.0.0.1:9', '--no-wait', '--db', db()]);
    expect(typo.code, typo.stderr).toBe(0);
    expect((await runCli(dir.path, ['print', SLIP, '--printer', address, '--no-wait', '--db', db()])).stderr).toContain('ALREADY_QUEUED');
    const cancelled = await runCli(dir.path, ['printers', '--cancel', '1', '--by', 'wang', '--db', db()]);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(cancelled.stdout).toBe('job 1 on 127.0.0.1:9: failed (cancelled by wang before it was sent)\n');
    const zh = await runCli(dir.path, ['printers', '--cancel', '1', '--db', db(), '--lang', 'zh']);
    expect(zh.code).toBe(4);
    expect(zh.stderr).toContain('打印任务 1 的状态是“打印失败”：只有还在排队的任务能取消');
    expect((await runCli(dir.path, ['printers', '--cancel', 'one', '--db', db()])).stderr).toContain('BAD_JOB_ID');
    expect((await runCli(dir.path, ['printers', '--cancel', '1', '--cleaned', 'front', '--db', db()])).stderr).toContain('use --cleaned or --cancel, not both');
    const printed = await runCli(dir.path, ['print', SLIP, '--printer', address, '--db', db()]);
    expect(printed.code, printed.stderr).toBe(0);
    expect(printer?.jobs()).toHaveLength(1);
  });

  it("prints the day's report through the spooler", async () => {
    const address = await virtualPrinter();
    const r = await runCli(dir.path, ['report', '--date', '2026-11-27', '--print', address, '--db', db()]);
    expect(r.stdout).toMatch(/printed/);
    expect(r.code).toBe(0);
    expect(printer?.jobs()[0]?.text).toContain('交易汇总');
  });

  it('explains a broken configuration file', async () => {
    writeFileSync(join(dir.path, 'reissue.config.json'), JSON.stringify({ printers: [{ name: 'front', address: '127.0.0.1:9100', backup: 'nowhere' }] }));
    const r = await runCli(dir.path, ['printers', '--db', db()]);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('printers[0].backup: names "nowhere", which is not a printer in this file');
    expect((await runCli(dir.path, ['printers', '--config', 'missing.json', '--db', db()])).stderr).toContain('NO_CONFIG');
  });

  it('reads a configuration file saved with a byte-order mark (Windows Notepad), and says so when the file cannot be read', async () => {
    writeFileSync(join(dir.path, 'notepad.json'), `\ufeff${JSON.stringify({ printers: [{ name: 'front', address: '127.0.0.1:9100' }] })}`);
    const bom = await runCli(dir.path, ['printers', '--config', 'notepad.json', '--db', db()]);
    expect(bom.stderr).not.toContain('BAD_CONFIG');
    expect(bom.stdout).toContain('front');
    mkdirSync(join(dir.path, 'folder.json'));
    const folder = await runCli(dir.path, ['printers', '--config', 'folder.json', '--db', db(), '--lang', 'zh']);
    expect(folder.code).toBe(5);
    expect(folder.stderr).toContain('CONFIG_UNREADABLE');
    expect(folder.stderr).toContain('无法读取配置文件');
    expect(folder.stderr).not.toContain('意外错误');
  });
});
