/**
 * `reissue tap` as a shop runs it: the real CLI, a real TCP client as the POS, the virtual
 * printer, and a SQLite journal made on first use; what it captured is then found, shown and
 * rendered by the ordinary commands.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { killLeftovers, reissue } from './support/binary.js';
import { RECEIPTS } from './support/captured-receipts.js';
import { openJournal } from '../src/app.js';
import { capturedJobToJson } from '../src/capture/index.js';
import { capturedJob } from './support/captured-jobs.js';
import { receiptJobBytes } from './support/captured-jobs.js';
import { runCli, tempDir } from './support/cli.js';
import { recordingPrinter, type RecordingPrinter } from './support/recording-printer.js';
import { posClient } from './support/tap-harness.js';

const receipt = RECEIPTS[0];
if (!receipt) throw new Error('no test receipt');

describe('reissue tap', () => {
  let printer: RecordingPrinter | undefined;
  const dir = tempDir('reissue-cli-tap-');
  afterEach(async () => {
    await printer?.virtual.stop();
    printer = undefined;
    // A binary a failed test left running (a tap that hangs instead of exiting).
    await killLeftovers();
  });

  it('forwards a POS job byte for byte, journals it, and find / show / receipt show it as captured', async () => {
    printer = await recordingPrinter();
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    let out = '';
    const lines: ((text: string) => void)[] = [];
    const seen = (pattern: RegExp) =>
      new Promise<RegExpExecArray>((resolve) => {
        const check = () => {
          const match = pattern.exec(out);
          if (match) resolve(match);
          return match !== null;
        };
        if (!check()) lines.push(() => void check());
      });
    const running = runCli(dir.path, ['tap', '--listen', '127.0.0.1:0', '--printer', printer.address, '--source', 'front-till', '--db', 'data/j.db'], {
      stop: stopped,
      onStdout: (text) => {
        out += text;
        for (const line of lines) line(text);
      },
    });
    const [, port] = await seen(/prints to 127\.0\.0\.1:(\d+)/);
    const pos = await posClient(Number(port));
    const bytes = receiptJobBytes(receipt.lines);
    await pos.send(bytes);
    await pos.finish();
    const [, id] = await seen(/captured (cap-[a-z]{24}): amount CNY 16\.50/);
    stop();
    const result = await running;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/stopped: 1 captured, 0 waiting for the journal, 0 kept nowhere/);
    expect(printer.bytesOf(0)).toEqual(Buffer.from(bytes));

    const found = await runCli(dir.path, ['find', '--text', '红烧牛肉面', '--json', '--db', 'data/j.db']);
    expect(found.code, found.stderr).toBe(0);
    expect(JSON.parse(found.stdout).items).toEqual([expect.objectContaining({ origin: 'capture', id, source: 'front-till', last4: '4242' })]);
    const table = await runCli(dir.path, ['find', '--source', 'front-till', '--db', 'data/j.db']);
    expect(table.stdout).toContain(`${id}`);
    expect(table.stdout).toContain('captured front-till');
    const shown = await runCli(dir.path, ['show', id ?? '', '--db', 'data/j.db']);
    expect(shown.stdout).toContain('chain capture:front-till');
    expect(shown.stdout).toContain('好又多超市');
    const text = await runCli(dir.path, ['receipt', id ?? '', '--db', 'data/j.db']);
    expect(text.stdout).toContain('应收');
  });

  it('says what is missing or wrong before listening', async () => {
    const noPrinter = await runCli(dir.path, ['tap', '--listen', '127.0.0.1:0', '--db', 'data/k.db']);
    expect(noPrinter.code).toBe(2);
    expect(noPrinter.stderr).toContain('--printer');
    const badListen = await runCli(dir.path, ['tap', '--listen', 'everywhere', '--printer', '127.0.0.1:9', '--db', 'data/k.db']);
    expect(badListen.code).toBe(2);
    expect(badListen.stderr).toContain('HOST:PORT');
    const badPrinter = await runCli(dir.path, ['tap', '--listen', '127.0.0.1:0', '--printer', 'serial:/dev/ttyUSB0:1234', '--db', 'data/k.db']);
    expect(badPrinter.code).toBe(2);
    expect(badPrinter.stderr).toContain('BAD_PRINTER_ADDRESS');
    const noRules = await runCli(dir.path, ['tap', '--listen', '127.0.0.1:0', '--printer', '127.0.0.1:9', '--rules', 'missing.json', '--db', 'data/k.db']);
    expect(noRules.code).toBe(3);
    expect(noRules.stderr).toContain('NO_RULES_FILE');
    // The fallback file keeps receipts while the journal cannot: one that could never be written is said now, not found out when it is needed.
    writeFileSync(join(dir.path, 'a-file'), 'x');
    mkdirSync(join(dir.path, 'a-folder'), { recursive: true });
    for (const fallback of [join(dir.path, 'a-file', 'tap.fallback'), join(dir.path, 'a-folder')]) {
      const r = await runCli(dir.path, ['tap', '--listen', '127.0.0.1:0', '--printer', '127.0.0.1:9', '--fallback', fallback, '--db', 'data/k.db', '--lang', 'zh'], { stop: new Promise(() => undefined) });
      expect(r.code, r.stderr).toBe(5);
      expect(r.stderr).toContain('FALLBACK_UNUSABLE');
      expect(r.stderr).not.toContain('意外错误');
    }
  });

  it("ships its journal to head office from the configuration's sync, with the token file named beside the configuration", async () => {
    printer = await recordingPrinter();
    mkdirSync(join(dir.path, 'conf'), { recursive: true });
    expect((await runCli(dir.path, ['init', '--store', 'SH-001', '--db', 'data/s.db'])).code).toBe(0);
    // Head office is down (nothing listens on port 9): the tap takes jobs all the same and says sync is retrying.
    writeFileSync(join(dir.path, 'conf', 'tap.config.json'), JSON.stringify({ sync: { to: 'http://127.0.0.1:9', tokenFile: 'shop.token', every: 60 } }));
    writeFileSync(join(dir.path, 'conf', 'shop.token'), 'rst_SH-001.abcdefghijklmnopqrstuvwxyz\n', { mode: 0o600 });
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    let err = '';
    let retrying!: () => void;
    const failed = new Promise<void>((resolve) => (retrying = resolve));
    const running = runCli(dir.path, ['tap', '--listen', '127.0.0.1:0', '--printer', printer.address, '--config', 'conf/tap.config.json', '--db', 'data/s.db'], {
      stop: stopped,
      env: { REISSUE_LANG: 'zh' },
      onStderr: (text) => {
        err += text;
        if (/同步：连不上总部 http:\/\/127\.0\.0\.1:9.*秒后重试/.test(err)) retrying();
      },
    });
    await failed;
    stop();
    const result = await running;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('NO_TOKEN_FILE');

    // A token file that is not where the configuration says stops the tap before it listens, saying which file.
    writeFileSync(join(dir.path, 'conf', 'tap.config.json'), JSON.stringify({ sync: { to: 'http://127.0.0.1:9', tokenFile: 'other.token' } }));
    const missing = await runCli(dir.path, ['tap', '--listen', '127.0.0.1:0', '--printer', printer.address, '--config', 'conf/tap.config.json', '--db', 'data/s.db']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('NO_TOKEN_FILE');
    expect(missing.stderr).toContain(join(dir.path, 'conf', 'other.token'));
    expect(missing.stdout).not.toMatch(/prints to/);
  });

  it('the shipped binary: a tap that cannot start says why and exits (its journal thread does not keep the process alive)', async () => {
    // A port another program holds.
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const taken = await reissue(['tap', '--listen', `127.0.0.1:${port}`, '--printer', '127.0.0.1:9', '--db', 'data/b.db'], { cwd: dir.path });
      expect({ code: taken.code, signal: taken.signal }, taken.stderr).toEqual({ code: 5, signal: null });
      expect(taken.stderr).toContain('PORT_IN_USE');
      const badSource = await reissue(['tap', '--listen', '127.0.0.1:0', '--printer', '127.0.0.1:9', '--source', 'front till', '--db', 'data/b.db'], { cwd: dir.path });
      expect({ code: badSource.code, signal: badSource.signal }, badSource.stderr).toEqual({ code: 2, signal: null });
      expect(badSource.stderr).toContain('BAD_SOURCE');
    } finally {
      holder.close();
    }
  });

  it('backup and restore carry captured receipts: the restored journal verifies and finds them by their words', async () => {
    const job = capturedJob(receipt, { n: 77 });
    const opened = await openJournal(join(dir.path, 'data', 'c.db'), { env: {}, cwd: dir.path, now: Date.now }, { create: true });
    await opened.journal.appendCapture(capturedJobToJson(job));
    await opened.journal.close();
    const backup = await runCli(dir.path, ['backup', join(dir.path, 'c-backup.db'), '--db', 'data/c.db']);
    expect(backup.code, backup.stderr).toBe(0);
    const restored = await runCli(dir.path, ['restore', join(dir.path, 'c-backup.db'), '--db', 'data/c-restored.db']);
    expect(restored.code, restored.stderr).toBe(0);
    expect((await runCli(dir.path, ['verify', '--db', 'data/c-restored.db'])).code).toBe(0);
    const found = await runCli(dir.path, ['find', '--text', '红烧牛肉面', '--json', '--db', 'data/c-restored.db']);
    expect(JSON.parse(found.stdout).items).toEqual([expect.objectContaining({ origin: 'capture', id: job.id, source: 'front-till', last4: '4242' })]);
    const shown = await runCli(dir.path, ['receipt', job.id, '--db', 'data/c-restored.db']);
    expect(shown.stdout).toContain('应收');
  });
});
