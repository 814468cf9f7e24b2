/**
 * The first ten minutes, end to end: `reissue start` on a terminal shows its banner and one
 * line per notable event in the reader's language while the JSON request log goes to
 * data/reissue.log; with --log-format json (or no terminal: the built CLI in a pipe) every
 * JSON line goes to stderr. And the demo's printer is one the CLI knows.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir, type CliResult } from './support/cli.js';
import { sale } from './support/fixtures.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

const OLD = '10023456-000128-000457';

/** Runs a long-running command until `work` is done with its URL, then stops it. */
async function whileRunning(args: string[], options: { env?: Record<string, string>; isTty?: boolean; urlPattern: RegExp }, work: (url: string) => Promise<void>): Promise<CliResult> {
  let stop = () => undefined as void;
  const stopped = new Promise<void>((done) => (stop = done));
  let ready: (url: string) => void = () => undefined;
  const url = new Promise<string>((done) => (ready = done));
  let out = '';
  const run = runCli(dir.path, args, {
    now: Date.now(),
    stop: stopped,
    ...(options.env ? { env: options.env } : {}),
    ...(options.isTty ? { isTty: true } : {}),
    onStdout: (text) => {
      out += text;
      const match = options.urlPattern.exec(out);
      if (match?.[1]) ready(match[1]);
    },
  });
  const base = await Promise.race([url, run.then((r) => Promise.reject(new Error(`stopped early: ${r.stderr}`)))]);
  try {
    await work(base);
  } finally {
    stop();
  }
  return run;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

async function signIn(base: string, username: string, password: string): Promise<Record<string, string>> {
  const response = await post(`${base}/api/v1/auth/login`, { username, password });
  expect(response.status).toBe(200);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { Cookie: response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), 'X-CSRF-Token': csrfToken };
}

async function journalWithUsers(): Promise<string> {
  const db = join(dir.path, 'data', 'reissue.db');
  await runCli(dir.path, ['record', '--db', db], { stdin: `${JSON.stringify(sale())}\n${JSON.stringify(sale({ voucherNo: '000500', referenceNo: '133041825600', occurredAt: '2026-11-27T15:58:00+08:00', amount: '66.00' }))}\n` });
  await runCli(dir.path, ['user', 'add', 'root', '--role', 'admin', '--password-stdin', '--db', db], { stdin: 'root-password\n' });
  // A printer nobody listens on: refusals come before any printing.
  writeFileSync(join(dir.path, 'reissue.config.json'), JSON.stringify({ printers: [{ name: 'front', address: '127.0.0.1:9' }], defaultPrinter: 'front' }));
  await runCli(dir.path, ['user', 'add', 'li', '--role', 'cashier', '--operator-no', '07', '--terminal', '10023456', '--by', 'root', '--password-stdin', '--db', db], { stdin: 'li-password\nroot-password\n' });
  return db;
}

describe('reissue start on a terminal', () => {
  it('shows the banner and one Chinese line per notable event; every JSON line goes to data/reissue.log', async () => {
    const db = await journalWithUsers();
    const result = await whileRunning(['start', '--port', '0', '--db', db, '--lang', 'zh'], { isTty: true, urlPattern: /正在 (http:\/\/\S+) 上运行/ }, async (base) => {
      for (let i = 0; i < 5; i++) expect((await fetch(`${base}/health`)).status).toBe(200);
      const li = await signIn(base, 'li', 'li-password');
      // A refusal: the old receipt is not the cashier's last one.
      expect((await post(`${base}/api/v1/transactions/${OLD}/reprints`, { reason: 'customer_request' }, li)).status).toBe(403);
      // A lock-out: enough wrong passwords.
      let status = 0;
      for (let i = 0; i < 12 && status !== 429; i++) status = (await post(`${base}/api/v1/auth/login`, { username: 'root', password: `wrong-${i}` })).status;
      expect(status).toBe(429);
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('请求日志写在');
    const consoleLines = result.stderr.trim().split('\n');
    expect(consoleLines).toEqual([expect.stringMatching(/^\d\d:\d\d:\d\d 拒绝补打 10023456-000128-000457（li）：需主管授权：不是本机最后一笔$/), expect.stringMatching(/^\d\d:\d\d:\d\d 登录已锁定：root，\d+ 分钟后可再试$/)]);
    expect(result.stderr).not.toContain('{');
    const log = readFileSync(join(dir.path, 'data', 'reissue.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(log.filter((r) => r.event === 'request' && r.path === '/health')).toHaveLength(5);
    expect(log.some((r) => r.event === 'reprint.refused' && r.code === 'APPROVAL_REQUIRED')).toBe(true);
    expect(log.some((r) => r.event === 'login.locked')).toBe(true);
    expect(JSON.stringify(log)).not.toMatch(/password/i);
  });

  it('with --log-format json writes every JSON line to stderr, as in production, and no log file', async () => {
    const db = await journalWithUsers();
    const result = await whileRunning(['start', '--port', '0', '--db', db, '--log-format', 'json'], { isTty: true, urlPattern: /listening on (http:\/\/[^\s;]+)/ }, async (base) => {
      expect((await fetch(`${base}/health`)).status).toBe(200);
    });
    expect(result.stderr).toContain('"event":"request"');
    expect(result.stderr).toContain('"path":"/health"');
    expect(existsSync(join(dir.path, 'data', 'reissue.log'))).toBe(false);
  });
});

describe('the built CLI, not on a terminal', () => {
  it('logs JSON to stderr by default (a service manager or a pipe collects it)', async () => {
    // Current: the vitest global setup (test/support/build-once.ts) built it from this source.
    const bin = resolve('dist/src/cli/bin.js');
    const child = spawn(process.execPath, [bin, 'start', '--port', '0', '--db', join(dir.path, 'data', 'reissue.db')], { cwd: dir.path, env: { ...process.env, LANG: 'C', REISSUE_LANG: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.once('exit', done));
    try {
      const base = await new Promise<string>((done, fail) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const match = /listening on (http:\/\/[^\s;]+)/.exec(stdout);
          if (match?.[1]) done(match[1]);
        });
        void exited.then(() => fail(new Error(`exited: ${stderr}`)));
      });
      expect((await fetch(`${base}/health`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toContain('"event":"request"');
    expect(existsSync(join(dir.path, 'data', 'reissue.log'))).toBe(false);
  });
});

describe('the demo’s printer is the CLI’s', () => {
  it('writes "counter" beside the journal; `printers` lists it and `reprint` prints on it without --printer', async () => {
    const db = join(dir.path, 'data', 'reissue.db');
    let listed: CliResult | undefined;
    let reprinted: CliResult | undefined;
    const result = await whileRunning(['demo', '--port', '0', '--printer-port', '0', '--db', db], { urlPattern: /Back office:\s+(\S+)\// }, async () => {
      const config = JSON.parse(readFileSync(join(dir.path, 'data', 'reissue.config.json'), 'utf8')) as { printers: { name: string; address: string }[]; defaultPrinter: string };
      expect(config.defaultPrinter).toBe('counter');
      expect(config.printers[0]?.name).toBe('counter');
      listed = await runCli(dir.path, ['printers', '--json', '--db', db]);
      reprinted = await runCli(dir.path, ['reprint', '--last', '--terminal', await cashierTerminal(db), '--reason', 'paper_jam', '--user', 'office', '--db', db], {
        now: Date.now(),
        // The demo's passwords are made per install and kept beside the journal.
        env: { REISSUE_PASSWORD: /^office\s+(\S+)/m.exec(readFileSync(join(dir.path, 'data', 'demo-logins.txt'), 'utf8'))?.[1] ?? '' },
      });
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('data/reissue.config.json');
    expect((JSON.parse(listed?.stdout ?? '[]') as { name: string; status: string }[]).map((p) => [p.name, p.status])).toEqual([['counter', 'ready']]);
    expect(reprinted?.stderr).not.toContain('which printer');
    expect(reprinted?.stdout).toMatch(/^printed DUPLICATE 1 of \S+ on counter; verification code /);
    expect(reprinted?.code).toBe(0);
  });
});

async function cashierTerminal(db: string): Promise<string> {
  const found = await runCli(dir.path, ['find', '--kind', 'sale', '--limit', '1', '--json', '--db', db]);
  return (JSON.parse(found.stdout) as { items: { transaction: { terminalId: string } }[] }).items[0]?.transaction.terminalId ?? '';
}
