import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { displayWidth } from '../src/receipt/index.js';
import { decodePng } from './support/png-decode.js';
import { retailSale, sale } from './support/fixtures.js';
import { runCli, tempDir } from './support/cli.js';

let dir: ReturnType<typeof tempDir>;
const cli = (args: string[], options = {}) => runCli(dir.path, [...args, '--db', join(dir.path, 'j.db')], options);
const SLIP = '10023456-000128-000457';

beforeEach(async () => {
  dir = tempDir();
  await cli(['record'], { stdin: `${JSON.stringify(sale())}\n${JSON.stringify(retailSale())}\n` });
});
afterEach(() => dir.remove());

describe('reissue receipt', () => {
  it('renders the bank slip as text with exact columns for each paper', async () => {
    for (const [paper, columns] of [['58', 32], ['80', 48], ['80-180', 42]] as const) {
      const r = await cli(['receipt', SLIP, '--paper', paper]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('银联POS签购单');
      // A look at the receipt, not one: the mark fills the first and the last line of the paper.
      const lines = r.stdout.split('\n').filter(Boolean);
      for (const band of [lines[0] ?? '', lines.at(-1) ?? '']) {
        expect(band).toContain('仅供查看');
        expect(band).toContain('NOT A RECEIPT');
        expect(displayWidth(band)).toBe(columns);
      }
      expect(Math.max(...lines.map(displayWidth))).toBe(columns);
    }
    const en = await cli(['receipt', SLIP, '--lang', 'en', '--copy', 'cardholder']);
    expect(en.stdout).toContain('CARDHOLDER COPY');
    expect(en.stdout).not.toContain('商户存根');
  });

  it('writes PNG at the paper dot width and ESC/POS that decodes back to the same text', async () => {
    await cli(['receipt', SLIP, '--format', 'png', '--paper', '58', '--out', 'r.png']);
    expect(decodePng(readFileSync(join(dir.path, 'r.png'))).width).toBe(384);
    await cli(['receipt', SLIP, '--format', 'escpos', '--out', 'r.bin']);
    const text = (await cli(['receipt', SLIP])).stdout;
    const decoded = await runCli(dir.path, ['decode', 'r.bin']);
    expect(decoded.code).toBe(0);
    const lines = (s: string) => s.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '');
    expect(lines(decoded.stdout)).toEqual(lines(text));
    const piped = await cli(['receipt', SLIP, '--format', 'escpos']);
    expect(piped.bytes.equals(readFileSync(join(dir.path, 'r.bin')))).toBe(true);
  });

  it('renders a retail receipt as HTML', async () => {
    const r = await cli(['receipt', '10023456-000128-000458', '--format', 'html']);
    expect(r.stdout).toContain('<span class="rcpt-w">可</span>');
    expect(r.stdout).toContain(' 330ml');
    expect(r.stdout).toContain('<b>16.50</b>');
  });

  it('shows how a card sale with items was paid, and prints its bank slip with --template slip', async () => {
    const card = { masked: '621700*********9031', issuer: '中国工商银行', entryMode: 'chip' } as const;
    await cli(['record'], { stdin: JSON.stringify(retailSale({ voucherNo: '000470', referenceNo: '133041825570', authCode: '823170', card, payments: undefined })) });
    const id = '10023456-000128-000470';
    const receipt = (await cli(['receipt', id, '--paper', '58'])).stdout.split('\n');
    expect(receipt).toEqual(
      expect.arrayContaining(['银行卡 **** 9031           16.50', '  发卡行            中国工商银行', '  参考号            133041825570', '  授权码                  823170', '  凭证号                  000470', '  批次号                  000128', '  终端号                10023456', '  持卡人存根']),
    );
    const merchant = (await cli(['receipt', id, '--paper', '58', '--copy', 'merchant'])).stdout;
    expect(merchant).toContain('  商户存根');
    expect(merchant).toContain('  持卡人签名');
    const slip = (await cli(['receipt', id, '--template', 'slip', '--copy', 'cardholder', '--lang', 'zh'])).stdout;
    expect(slip).toContain('银联POS签购单');
    expect(slip).toContain('  6217 00** **** *** 9031 /I');
    expect(slip).toContain('持卡人存根');
    const cash = await cli(['record'], { stdin: JSON.stringify(retailSale({ voucherNo: '000471', card: undefined, payments: [{ method: 'cash', amount: '16.50' }] })) });
    expect(cash.code).toBe(0);
    const refused = await cli(['receipt', '10023456-000128-000471', '--template', 'slip']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('NO_CARD_SLIP');
    expect(refused.stderr).toContain('was not paid by card');
  });

  it('writes a one-page PDF of the receipt', async () => {
    const r = await cli(['receipt', SLIP, '--format', 'pdf', '--paper', '58', '--out', 'r.pdf']);
    expect(r.code).toBe(0);
    const pdf = readFileSync(join(dir.path, 'r.pdf'));
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    expect(pdf.toString('latin1')).toContain(`/Title (Receipt ${SLIP})`);
    // 384 dots at 203 dpi is 136.22 pt wide.
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 136\.2\d? [\d.]+\]/);
  });

  it('refuses bad options and unknown sales', async () => {
    expect((await cli(['receipt', SLIP, '--format', 'docx'])).stderr).toContain('BAD_FORMAT');
    const template = await cli(['receipt', SLIP, '--template', 'invoice']);
    expect(template.code).toBe(2);
    expect(template.stderr).toContain('--template must be one of slip, retail, not "invoice"');
    expect((await cli(['receipt', SLIP, '--paper', '76'])).stderr).toContain('BAD_PAPER');
    expect((await cli(['receipt', SLIP, '--copy', 'bank'])).code).toBe(2);
    expect((await cli(['receipt', SLIP, '--paper', '58', '--printer', 'generic-80'])).stderr).toContain('PAPER_MISMATCH');
    expect((await cli(['receipt', 'nonsense'])).stderr).toContain('BAD_ID');
    expect((await cli(['receipt', '10023456-000128-000999'])).code).toBe(3);
  });
});

describe('reissue decode', () => {
  it('reads bytes from other POS software and explains unknown input', async () => {
    const bytes = Buffer.concat([Buffer.from([0x1b, 0x40]), Buffer.from('TOTAL 12.50\n'), Buffer.from([0x1c, 0x26]), Buffer.from([0xd6, 0xd0, 0xce, 0xc4, 0x0a]), Buffer.from([0x1b, 0xfe, 0x1d, 0x56, 0x00])]);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir.path, 'pos.bin'), bytes);
    const r = await runCli(dir.path, ['decode', 'pos.bin']);
    expect(r.stdout).toContain('TOTAL 12.50');
    expect(r.stdout).toContain('中文');
    // ESC 0xFE is no command: skipped, and said so in the reader's language.
    expect(r.stderr).toContain('note: 1 command(s) not understood were skipped');
    expect((await runCli(dir.path, ['decode', 'pos.bin', '--lang', 'zh'])).stderr).toContain('注意：跳过了 1 条看不懂的命令');
    const json = JSON.parse((await runCli(dir.path, ['decode', 'pos.bin', '--format', 'json'])).stdout);
    expect(json.document.blocks.length).toBeGreaterThan(0);
    expect((await runCli(dir.path, ['decode', 'missing.bin'])).stderr).toContain('cannot read missing.bin');
    expect((await runCli(dir.path, ['decode', 'pos.bin', '--format', 'svg'])).stderr).toContain('BAD_FORMAT');
  });
});

describe('reissue decode of bytes that print more paper than any receipt', () => {
  it('shows the first part with every digit hidden and says so in the reader\'s language', async () => {
    const { writeFileSync } = await import('node:fs');
    // 3 bytes of ESC d feed 255 lines: 1,000 of them ask for 255,000 lines.
    const feeds = Buffer.from(Array<number[]>(1000).fill([0x1b, 0x64, 0xff]).flat());
    writeFileSync(join(dir.path, 'long.bin'), Buffer.concat([Buffer.from('TOTAL 12.50\n'), feeds, Buffer.from('6222 0212 3456 7894\n')]));
    const r = await runCli(dir.path, ['decode', 'long.bin']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('TOTAL **.**');
    expect(r.stdout).not.toMatch(/[0-9]/);
    expect(r.stderr).toContain('note: these bytes print more than 41666 lines of paper');
    expect((await runCli(dir.path, ['decode', 'long.bin', '--lang', 'zh'])).stderr).toContain('注意：这些字节打印的内容超过 41666 行纸');
  });
});

describe('reissue decode and card numbers', () => {
  it('masks a full card number the bytes print before anything is drawn from them (text, JSON, PNG), and says so', async () => {
    const { writeFileSync } = await import('node:fs');
    // A merchant copy of another POS that prints the whole number, once plain and once with a bold switch inside it.
    const bytes = Buffer.concat([Buffer.from([0x1b, 0x40]), Buffer.from('CARD 6222 0212 3456 7894\n'), Buffer.from('NO 6222 0212'), Buffer.from([0x1b, 0x45, 0x01]), Buffer.from(' 3456 7894\nTOTAL 12.50\n')]);
    writeFileSync(join(dir.path, 'slip.bin'), bytes);
    const digits = (text: string) => text.replace(/[^0-9]/g, '');
    const text = await runCli(dir.path, ['decode', 'slip.bin']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('TOTAL 12.50');
    expect(text.stdout).toContain('7894');
    expect(digits(text.stdout)).not.toContain('6222021234567894');
    expect(text.stderr).toContain('2');
    const json = await runCli(dir.path, ['decode', 'slip.bin', '--format', 'json']);
    expect(digits(json.stdout)).not.toContain('6222021234567894');
    expect(json.stdout).not.toContain(Buffer.from('3456 7894').toString('hex'));
    const zh = await runCli(dir.path, ['decode', 'slip.bin', '--lang', 'zh']);
    expect(zh.stderr).toContain('卡号');
  });

  it('masks a card number a barcode holds in code set C (two digits a byte), which no byte reading sees as digits', async () => {
    const { writeFileSync } = await import('node:fs');
    const pairs = ('6222021234567894'.match(/../g) ?? []).map(Number);
    const data = [0x7b, 0x43, ...pairs];
    writeFileSync(join(dir.path, 'code-c.bin'), Buffer.from([0x1b, 0x40, ...Buffer.from('CARD SLIP\n'), 0x1d, 0x6b, 73, data.length, ...data, 0x0a, ...Buffer.from('TOTAL 16.50\n')]));
    for (const format of ['text', 'json']) {
      const r = await runCli(dir.path, ['decode', 'code-c.bin', '--format', format]);
      expect(r.code).toBe(0);
      expect(r.stdout.replace(/[^0-9]/g, '')).not.toContain('6222021234567894');
      expect(r.stdout).toContain('7894');
      expect(r.stderr).toContain('1');
    }
    await runCli(dir.path, ['decode', 'code-c.bin', '--format', 'png', '--out', 'code-c.png']);
    expect(decodePng(readFileSync(join(dir.path, 'code-c.png'))).width).toBe(576);
  });
});

describe('reissue report', () => {
  it("prints the day's list and totals, and exports CSV", async () => {
    const text = await cli(['report', '--date', '2026-11-27']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('交易明细');
    expect(text.stdout).toContain('128.50');
    const csv = await cli(['report', '--date', '2026-11-27', '--format', 'csv']);
    expect(csv.stdout.startsWith('\uFEFF')).toBe(true);
    expect(csv.stdout).toContain('10023456');
    const empty = await cli(['report', '--date', '2026-11-26']);
    expect(empty.stdout).toContain('NO TRANSACTIONS');
    await cli(['report', '--date', '2026-11-27', '--format', 'png', '--paper', '58', '--out', 'day.png']);
    expect(decodePng(readFileSync(join(dir.path, 'day.png'))).width).toBe(384);
  });

  it('refuses a bad date, format or language', async () => {
    expect((await cli(['report', '--date', '27/11/2026'])).stderr).toContain('BAD_DATE');
    expect((await cli(['report', '--format', 'xlsx'])).stderr).toContain('BAD_FORMAT');
    expect((await cli(['report', '--lang', 'fr'])).code).toBe(2);
  });
});
