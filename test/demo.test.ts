import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoLogins, demoPassword, isLoopbackHost } from '../src/cli/commands/demo-logins.js';
import { runCli, tempDir, type CliOptions, type CliResult } from './support/cli.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

/** The passwords the demo printed, by user name. */
function shownPasswords(out: string): Map<string, string> {
  return new Map([...out.matchAll(/^ {2}(\w+)\s+([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})\s/gm)].map((m) => [m[1] ?? '', m[2] ?? '']));
}

/** Runs `demo` until it printed its banner, lets `work` use the server, then stops it. */
async function demo(args: string[], work: (base: string, out: string) => Promise<void> = async () => undefined, options: CliOptions = {}): Promise<CliResult & { out: string }> {
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  let started: (url: string) => void = () => undefined;
  const url = new Promise<string>((resolve) => (started = resolve));
  let out = '';
  const run = runCli(dir.path, ['demo', '--port', '0', '--printer-port', '0', '--db', join(dir.path, 'data', 'reissue.db'), ...args], {
    now: Date.now(),
    stop: stopped,
    ...options,
    onStdout: (text) => {
      out += text;
      const match = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (match?.[1] && out.includes('Ctrl-C')) started(match[1]);
    },
  });
  const base = await Promise.race([url, run.then((r) => Promise.reject(new Error(`stopped early: ${r.stderr}`)))]);
  try {
    await work(base, out);
  } finally {
    stop();
  }
  return { ...(await run), out };
}

async function signIn(base: string, username: string, password: string): Promise<Response> {
  return fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
}

describe('the main job (npm start → reissue demo)', () => {
  it('seeds demo data, starts a virtual printer and the server, prints the URL and the demo logins once, and stops cleanly', async () => {
    const logins = join(dir.path, 'data', 'demo-logins.txt');
    const first = await demo([], async (base, out) => {
      expect(out).toMatch(/DEMO logins/);
      const passwords = shownPasswords(out);
      expect([...passwords.keys()]).toEqual(['admin', 'supervisor', 'cashier', 'office', 'auditor']);
      expect(out).toMatch(new RegExp(`cashier\\s+${passwords.get('cashier')}\\s+cashier at terminal \\d{8}`));
      // Made for this install: none is the same as another, none is one of the old published ones.
      expect(new Set(passwords.values()).size).toBe(5);
      expect(out).not.toMatch(/demo-\w+-pass/);
      expect(out).toContain(`kept in ${logins} (readable by this account only)`);
      const health = await fetch(`${base}/health`);
      expect(health.status).toBe(200);
      expect((await signIn(base, 'office', 'demo-office-pass')).status).toBe(401);
      const login = await signIn(base, 'office', passwords.get('office') ?? '');
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie') ?? '';
      const found = await fetch(`${base}/api/v1/transactions?limit=5`, { headers: { cookie: cookie.split(';')[0] ?? '' } });
      expect(((await found.json()) as { items: unknown[] }).items).toHaveLength(5);
    });
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('stopped');
    // Kept beside the journal for this account only, with the passwords shown.
    expect(statSync(logins).mode & 0o777).toBe(0o600);
    const kept = readFileSync(logins, 'utf8');
    for (const [name, password] of shownPasswords(first.out)) expect(kept).toMatch(new RegExp(`^${name}\\s+${password}\\s`, 'm'));

    // A second start finds the data and the users already there, and says where the passwords are, not what.
    const second = await demo([], async (base, out) => {
      expect(out).toContain(`Their passwords were shown at first start and are kept in ${logins}`);
      expect(shownPasswords(out).size).toBe(0);
      for (const password of shownPasswords(first.out).values()) expect(out).not.toContain(password);
      expect(out).toMatch(/^ {2}cashier\s+cashier at terminal \d{8}$/m);
      expect((await signIn(base, 'admin', shownPasswords(first.out).get('admin') ?? '')).status).toBe(200);
    });
    expect(second.stderr).not.toContain('first run');
    expect(second.code).toBe(0);

    // Without the file, the banner says how to set new passwords.
    rmSync(logins);
    const third = await demo(['--lang', 'zh']);
    expect(third.out).toContain(`首次启动时显示过的密码文件 ${logins} 已不在：用 \`reissue user passwd 用户名 --by admin\` 设新密码。`);
    expect(third.code).toBe(0);
  });

  it('sends to head office when the configuration beside the journal has `sync`, and shows the lag in /health', async () => {
    const db = join(dir.path, 'data', 'reissue.db');
    expect((await runCli(dir.path, ['init', '--store', 'SH-001', '--db', db])).code).toBe(0);
    // Head office is down (nothing listens on port 9): the demo runs all the same, and says what is waiting.
    writeFileSync(join(dir.path, 'data', 'reissue.config.json'), JSON.stringify({ sync: { to: 'http://127.0.0.1:9', tokenFile: 'shop.token', every: 1 } }));
    // The token file is named relative to the configuration file's folder.
    writeFileSync(join(dir.path, 'data', 'shop.token'), 'rst_SH-001.abcdefghijklmnopqrstuvwxyz\n', { mode: 0o600 });
    const run = await demo([], async (base) => {
      let sync: { pending: number; lastError: string | null } | undefined;
      // The first round runs as the server starts; wait for it to have failed.
      while (!sync?.lastError) {
        sync = ((await (await fetch(`${base}/health`)).json()) as { sync?: { pending: number; lastError: string | null } }).sync;
        if (sync === undefined) break;
        if (!sync.lastError) await new Promise((r) => setTimeout(r, 100));
      }
      // The store id and the demo's users (user.added) wait for head office.
      expect(sync).toMatchObject({ lastError: expect.stringContaining('HEAD_OFFICE_UNAVAILABLE') });
      expect(sync?.pending).toBeGreaterThanOrEqual(6);
    });
    expect(run.code).toBe(0);
    // The configuration file keeps `sync` beside the demo's printer.
    expect(JSON.parse(readFileSync(join(dir.path, 'data', 'reissue.config.json'), 'utf8'))).toMatchObject({ sync: { to: 'http://127.0.0.1:9' }, printers: [{ name: 'counter' }] });
  });

  it('takes its passwords from the randomness it is given', async () => {
    let next = 0;
    const counting = (size: number) => Uint8Array.from({ length: size }, () => next++);
    const result = await demo([], async () => undefined, { randomBytes: counting });
    const passwords = shownPasswords(result.out);
    expect(passwords.get('admin')).toBe('abcd-efgh-ijkm');
    expect(passwords.get('supervisor')).toBe('npqr-stuv-wxyz');
    expect(passwords.get('cashier')).toBe('2345-6789-abcd');
  });

  it('refuses to serve the demo beyond this computer (exit 2, zh/en), before making anything', async () => {
    for (const host of ['0.0.0.0', '192.168.1.20', '::', 'shop.example']) {
      const refused = await runCli(dir.path, ['demo', '--host', host, '--port', '0', '--printer-port', '0', '--db', join(dir.path, 'data', 'reissue.db'), '--lang', 'en']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`demo listens on this computer only (127.0.0.1, ::1, localhost), not on "${host}"`);
      expect(refused.stderr).toContain(`run \`reissue start --host ${host}\` with real users`);
      expect(refused.stderr).toContain('[DEMO_HOST_NOT_LOOPBACK]');
    }
    const zh = await runCli(dir.path, ['demo', '--host', '0.0.0.0', '--db', join(dir.path, 'data', 'reissue.db'), '--lang', 'zh']);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain('demo 只监听本机地址（127.0.0.1、::1、localhost），不能是“0.0.0.0”');
    expect(existsSync(join(dir.path, 'data'))).toBe(false);
  });
});

describe('demo logins', () => {
  it('are 60 random bits each, from an alphabet without look-alikes, one password per user', () => {
    const bytes = [0, 31, 32, 255, 7, 8, 9, 10, 11, 12, 13, 14];
    // Only the low five bits of each byte count: 0 and 32 are both "a", 31 and 255 both "9".
    expect(demoPassword(() => Uint8Array.from(bytes))).toBe('a9a9-hijk-mnpq');
    expect(() => demoPassword(() => new Uint8Array(3))).toThrow(/3 bytes/);
    expect(demoLogins(() => new Uint8Array(12)).map((l) => l.name)).toEqual(['admin', 'supervisor', 'cashier', 'office', 'auditor']);
  });

  it('know a loopback host from any other', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', 'demo.localhost']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.20', '10.0.0.1', 'shop.example', '127.0.0.1.nip.io', '']) expect(isLoopbackHost(host), host).toBe(false);
  });
});
