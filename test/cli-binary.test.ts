/**
 * The shipped binary (dist/src/cli/bin.js) as a user runs it: every exit code of the README's
 * table reached through a real process, sales piped into `record -`, passwords through
 * `--password-stdin`, and SIGINT / SIGTERM to the long-running commands.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, killLeftovers, refusedAt, reissue, start, type Exit } from './support/binary.js';
import { tempDir } from './support/cli.js';
import { sale } from './support/fixtures.js';
import { closedPort } from './support/spooler-harness.js';

const SLIP = '10023456-000128-000457';
let dir: ReturnType<typeof tempDir>;
let db: string;
const run = (args: string[], stdin?: RunStdin) => reissue([...args, '--db', db], { cwd: dir.path, ...(stdin === undefined ? {} : { stdin }) });
type RunStdin = string | readonly (string | Uint8Array)[];

/** Refused: the exit code, the error code on stderr, and nothing on stdout. */
function refused(exit: Exit, code: number, errorCode: string): void {
  expect({ code: exit.code, signal: exit.signal }, exit.stderr).toEqual({ code, signal: null });
  // "reissue: why [CODE]" (a full-width colon in Chinese), the fields in question, then a hint.
  expect(exit.stderr).toMatch(new RegExp(`^reissue[:：] ?.*\\[${errorCode}\\]\\n(  - .*\\n)*  (hint|提示)[:：] ?\\S`, 'm'));
}

/** Events in the journal, as `verify` counts them. */
const events = async () => Number(/^ok: (\d+) events/.exec((await run(['verify'])).stdout)?.[1]);

beforeAll(async () => {
  dir = tempDir('reissue-binary-');
  db = join(dir.path, 'j.db');
  expect(await run(['init'])).toMatchObject({ code: 0, signal: null });
  expect(await run(['record', '-'], JSON.stringify(sale()))).toMatchObject({ code: 0, stdout: `${SLIP} recorded\n` });
  expect(await run(['user', 'add', 'root', '--role', 'admin', '--password-stdin'], 'root-password-1\n')).toMatchObject({ code: 0, stdout: 'added root (admin)\n' });
});
afterEach(killLeftovers);
afterAll(() => dir.remove());

describe('exit codes through the real binary (README "Exit codes")', () => {
  const seen = new Set<number>();
  const cases: { name: string; code: number; exercise: () => Promise<void> }[] = [
    {
      name: 'done: show a journaled sale',
      code: 0,
      exercise: async () => {
        const r = await run(['show', SLIP]);
        expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
        expect(r.stdout).toContain(SLIP);
      },
    },
    {
      name: 'failure: a receipt code this journal did not issue is not genuine',
      code: 1,
      exercise: async () => {
        const r = await run(['check', `${SLIP}.1.AAAAAAAAAAAAAAAA`]);
        expect(r.code).toBe(1);
        expect(r.stdout).toMatch(/^not genuine/);
      },
    },
    {
      name: 'bad input: a line of stdin that is not JSON, and nothing is written',
      code: 2,
      exercise: async () => {
        const before = await events();
        const lines = [JSON.stringify(sale({ voucherNo: '000460', referenceNo: '133041825570' })), '{"kind": "sale",'];
        refused(await run(['record', '-'], lines.join('\n')), 2, 'BAD_JSON');
        expect(await events()).toBe(before);
      },
    },
    {
      name: 'bad input: usage without a command',
      code: 2,
      exercise: async () => {
        const r = await reissue([], { cwd: dir.path });
        expect(r.code).toBe(2);
        expect(r.stdout).toContain('usage: reissue COMMAND');
      },
    },
    {
      name: 'not found: no such sale',
      code: 3,
      exercise: async () => refused(await run(['show', '10023456-000128-999999']), 3, 'TRANSACTION_NOT_FOUND'),
    },
    {
      name: 'not found, told in Chinese (REISSUE_LANG=zh): the code and the exit are the same',
      code: 3,
      exercise: async () => {
        const r = await reissue(['show', '10023456-000128-999999', '--db', db], { cwd: dir.path, env: { REISSUE_LANG: 'zh' } });
        refused(r, 3, 'TRANSACTION_NOT_FOUND');
        expect(r.stderr).toMatch(/[\u4e00-\u9fff]/);
      },
    },
    {
      name: 'not found: no journal at --db',
      code: 3,
      exercise: async () => refused(await reissue(['verify', '--db', join(dir.path, 'none.db')], { cwd: dir.path }), 3, 'NO_JOURNAL'),
    },
    {
      name: 'conflict: the same sale key piped in again with other content',
      code: 4,
      exercise: async () => refused(await run(['record', '-'], JSON.stringify(sale({ amount: '128.51' }))), 4, 'IDEMPOTENCY_CONFLICT'),
    },
    {
      name: 'set-up refused: a configuration file naming a backup printer it does not have',
      code: 5,
      exercise: async () => {
        const file = join(dir.path, 'bad.config.json');
        writeFileSync(file, JSON.stringify({ printers: [{ name: 'front', address: '127.0.0.1:9100', backup: 'nowhere' }] }));
        const r = await run(['printers', '--config', file]);
        refused(r, 5, 'BAD_CONFIG');
        expect(r.stderr).toContain('printers[0].backup: names "nowhere"');
      },
    },
    {
      name: 'unavailable: a printer nobody listens on',
      code: 6,
      exercise: async () => {
        const r = await run(['print', SLIP, '--printer', `127.0.0.1:${await closedPort()}`, '--timeout', '1s']);
        refused(r, 6, 'PRINT_WAIT_TIMEOUT');
        expect(r.stderr).toContain('unreachable');
      },
    },
    {
      name: "refused by a rule: the confirming admin's password, piped with --password-stdin, is wrong",
      code: 7,
      exercise: async () => refused(await run(['user', 'add', 'li', '--role', 'cashier', '--by', 'root', '--password-stdin'], 'li-password-12\nnot-the-password\n'), 7, 'BAD_CREDENTIALS'),
    },
  ];

  for (const c of cases) {
    it(`${c.code} — ${c.name}`, async () => {
      await c.exercise();
      seen.add(c.code);
    });
  }

  it('reached every documented code, 0 to 7', () => {
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('standard input', () => {
  it('records NDJSON piped into `record -`, arriving in pieces split inside a character, and says so per sale', async () => {
    const sales = [458, 459].map((n) => sale({ voucherNo: `000${n}`, referenceNo: `1330418255${n - 400}`, merchant: { id: '898310058120123', name: '上海好又多超市有限公司' } }));
    const text = Buffer.from(`${sales.map((s) => JSON.stringify(s)).join('\n')}\n`, 'utf8');
    // Cut inside the first Chinese character's three UTF-8 bytes, and again mid-line.
    const cut = text.indexOf(Buffer.from('上', 'utf8')) + 1;
    const r = await run(['record', '-'], [text.subarray(0, cut), text.subarray(cut, cut + 40), text.subarray(cut + 40)]);
    expect(r).toMatchObject({ code: 0, stderr: '', stdout: '10023456-000128-000458 recorded\n10023456-000128-000459 recorded\n' });
    const again = await run(['record', '-'], text.toString('utf8'));
    expect(again.stdout).toBe('10023456-000128-000458 already on record\n10023456-000128-000459 already on record\n');
    expect((await run(['show', '10023456-000128-000458'])).stdout).toContain('上海好又多超市有限公司');
  });

  it('refuses a full card number piped in without echoing it anywhere, and writes nothing', async () => {
    const before = await events();
    const pan = '4111 1111 1111 1111';
    const r = await run(['record', '-'], JSON.stringify(sale({ voucherNo: '000470', referenceNo: '133041825599', merchant: { id: '898310058120123', name: `Shop ${pan}` } })));
    refused(r, 2, 'PAN_NOT_MASKED');
    expect(r.stderr).toMatch(/merchant.name holds a full card number/);
    expect((r.stdout + r.stderr).replace(/\D/g, '')).not.toContain('4111111111111111');
    expect(await events()).toBe(before);
  });

  it('finishes and exits 0 when the reader of its output goes away first (`reissue show … | head`), without an EPIPE trace', async () => {
    const child = spawn(process.execPath, [BIN, 'show', SLIP, '--db', db], { cwd: dir.path, stdio: ['ignore', 'pipe', 'pipe'] });
    // Closed before the child writes a byte: every write it makes meets a closed pipe.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
    expect({ code, signal, stderr }).toEqual({ code: 0, signal: null, stderr: '' });
  });

  it('refuses empty stdin', async () => {
    refused(await run(['record', '-'], ''), 2, 'EMPTY_INPUT');
  });

  it('--password-stdin takes one password a line: the new user\'s, then the confirming admin\'s', async () => {
    refused(await run(['user', 'add', 'wang', '--role', 'supervisor', '--by', 'root', '--password-stdin'], 'wang-password-1\n'), 2, 'PASSWORD_MISSING');
    const added = await run(['user', 'add', 'wang', '--role', 'supervisor', '--by', 'root', '--password-stdin'], 'wang-password-1\nroot-password-1\n');
    expect(added).toMatchObject({ code: 0, stdout: 'added wang (supervisor)\n', stderr: '' });
    const list = await run(['user', 'list']);
    expect(list.stdout).toMatch(/wang\s+supervisor/);
    expect(list.stdout + list.stderr).not.toContain('wang-password-1');
    // Without a terminal or --password-stdin there is no way to ask: it says how to give one.
    refused(await run(['user', 'passwd', 'wang', '--by', 'wang']), 2, 'PASSWORD_MISSING');
  });
});


describe('signals: Ctrl-C (SIGINT) and SIGTERM stop the long-running commands gracefully, exit 0', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`start: ${signal} finishes, stops listening, closes the journal and exits 0`, async () => {
      const server = start(['start', '--port', '0', '--db', db], { cwd: dir.path });
      const [, url] = await server.output(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      expect((await fetch(`${url}/health`)).status).toBe(200);
      server.signal(signal);
      const exit = await server.exited;
      expect({ code: exit.code, signal: exit.signal }, exit.stderr).toEqual({ code: 0, signal: null });
      expect(exit.stdout).toMatch(/stopping: finishing requests in hand…\nstopped\n$/);
      expect(exit.stderr).toContain('"event":"server.stopped"');
      expect(await refusedAt(Number(new URL(url as string).port))).toBe(true);
      // The journal was closed, not abandoned: SQLite folded its write-ahead log back into the file.
      expect(existsSync(`${db}-wal`)).toBe(false);
    });

    it(`printer-emulator: ${signal} stops it after the jobs it printed, exit 0`, async () => {
      const jobs = join(dir.path, `jobs-${signal}`);
      const emulator = start(['printer-emulator', '--port', '0', '--jobs', jobs, '--speed', '2000'], { cwd: dir.path });
      const [, address] = await emulator.output(/listening on (127\.0\.0\.1:\d+)/);
      const voucher = signal === 'SIGTERM' ? '000480' : '000481';
      const id = `10023456-000128-${voucher}`;
      await run(['record', '-'], JSON.stringify(sale({ voucherNo: voucher, referenceNo: `1330418255${voucher.slice(-2)}` })));
      const printed = await run(['print', id, '--printer', address as string]);
      expect(printed.code, printed.stderr).toBe(0);
      expect(printed.stdout).toMatch(new RegExp(`^printed ${id} on ${address}: `));
      const [, png] = await emulator.output(/^job 1\b.*: \d+ lines, \d+ mm → (\S+\.png)$/m);
      emulator.signal(signal);
      const exit = await emulator.exited;
      expect({ code: exit.code, signal: exit.signal }, exit.stderr).toEqual({ code: 0, signal: null });
      expect(exit.stdout).toMatch(/stopped after 1 job\(s\)\n$/);
      expect(png?.startsWith(jobs)).toBe(true);
      expect(existsSync(png as string)).toBe(true);
      expect(await refusedAt(Number((address as string).split(':')[1]))).toBe(true);
    });
  }

  it('start: the request in hand is answered before it exits 0; a second signal while it stops ends it at once (143)', async () => {
    const config = join(dir.path, 'dead-printer.config.json');
    writeFileSync(config, JSON.stringify({ printers: [{ name: 'dead', address: `127.0.0.1:${await closedPort()}` }], spooler: { retryInitial: '200ms' } }));
    for (const twice of [false, true]) {
      // A journal of its own: no job left by another test is retried here.
      const own = join(dir.path, `in-hand-${twice}.db`);
      expect((await reissue(['user', 'add', 'root', '--role', 'admin', '--password-stdin', '--db', own], { cwd: dir.path, stdin: 'root-password-1\n' })).code).toBe(0);
      const server = start(['start', '--port', '0', '--config', config, '--db', own], { cwd: dir.path });
      const [, url] = await server.output(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'root', password: 'root-password-1', bearer: true }) });
      const { token } = (await login.json()) as { token: string };
      const voucher = twice ? '000491' : '000490';
      await reissue(['record', '-', '--db', own], { cwd: dir.path, stdin: JSON.stringify(sale({ voucherNo: voucher, referenceNo: `1330418255${voucher.slice(-2)}` })) });
      // A print that waits up to 5 s for a printer nobody listens on: in hand until then.
      const answer = fetch(`${url}/api/v1/transactions/10023456-000128-${voucher}/print`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, Prefer: 'wait=5' },
        body: JSON.stringify({ printer: 'dead' }),
      }).then(
        (response) => response.status,
        () => 'no answer',
      );
      // The spooler has tried the printer: the request is waiting on the job.
      await server.output(/"event":"spooler.retry"/, 'stderr');
      server.signal('SIGTERM');
      await server.output(/stopping: finishing requests in hand/);
      if (twice) {
        server.signal('SIGTERM');
        const exit = await server.exited;
        expect({ code: exit.code, signal: exit.signal }, exit.stderr).toEqual({ code: 143, signal: null });
        expect(exit.stdout).not.toContain('stopped\n');
        expect(await answer).toBe('no answer');
      } else {
        expect(await answer).toBe(202);
        const exit = await server.exited;
        expect({ code: exit.code, signal: exit.signal }, exit.stderr).toEqual({ code: 0, signal: null });
        expect(exit.stdout).toMatch(/stopped\n$/);
      }
    }
  });
});
