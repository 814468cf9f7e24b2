import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/index.js';
import { startVirtualPrinter, type VirtualPrinter } from '../src/emulator/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import { runCli, runningClock, tempDir } from './support/cli.js';
import { sale } from './support/fixtures.js';
import { until } from './support/spooler-harness.js';

const NOW = Date.parse('2026-11-27T08:00:00Z');
const OLD = '10023456-000128-000457';
const RECENT = '10023456-000128-000500';
const PAN = '4111111111111111';

let dir: ReturnType<typeof tempDir>;
let printer: VirtualPrinter;
let server: RunningServer;
const logs: string[] = [];
// A running clock: the server waits for prints (Prefer: wait=N) on its own clock.
const context = () => ({ env: { REISSUE_TZ: 'Asia/Shanghai' }, cwd: dir.path, now: runningClock(NOW) });
const config = () =>
  parseConfig(
    {
      printers: [
        { name: 'front', address: `127.0.0.1:${printer.address?.port}` },
        { name: 'dead', address: '127.0.0.1:9' },
      ],
      defaultPrinter: 'front',
      spooler: { retryInitial: '5s', retryMax: '5s' },
    },
    'test',
  );

beforeAll(async () => {
  dir = tempDir('reissue-port-');
  mkdirSync(join(dir.path, 'web'));
  writeFileSync(join(dir.path, 'web', 'index.html'), '<!doctype html><title>Reissue back office</title><script src="/app.js"></script>');
  writeFileSync(join(dir.path, 'web', 'app.js'), 'console.log("hello")');
  printer = await startVirtualPrinter({ port: 0, speedMmPerSecond: 5000 });
  server = await startServer({ port: 0, db: join(dir.path, 'journal.db'), config: config(), webRoot: 'web', context: context(), logger: (line) => logs.push(line), printWaitMs: 8000 });
  await server.deps.auth.bootstrapAdmin({ name: 'root', password: 'root-password', operatorNo: '99' });
  await server.deps.auth.addUser({ name: 'li', role: 'cashier', password: 'li-password', operatorNo: '07', terminal: '10023456' }, 'root');
});

afterAll(async () => {
  await server?.close();
  await printer?.stop();
  dir?.remove();
});

/** A browser-like session: keeps the cookies and sends the CSRF token on writes. */
class Browser {
  cookies = new Map<string, string>();
  csrf = '';

  async fetch(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
    const method = init.method ?? 'GET';
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size > 0) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method !== 'GET' && this.csrf) headers['X-CSRF-Token'] ??= this.csrf;
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`${server.url}${path}`, { method, headers, ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }) });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (cookie.includes('Max-Age=0')) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }
}

describe('the real server over HTTP', () => {
  it('listens on the port it was given (0: a free one) and serves health, the API and the web pages', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).toBeGreaterThan(0);
    const health = await fetch(`${server.url}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', spooler: { running: true } });
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Type')).toContain('text/html');
    expect(page.headers.get('Content-Security-Policy')).toContain("default-src 'self'");
    expect(page.headers.get('X-Frame-Options')).toBe('DENY');
    expect(await page.text()).toContain('Reissue back office');
    expect((await fetch(`${server.url}/app.js`)).headers.get('Content-Type')).toContain('javascript');
    const missing = await fetch(`${server.url}/api/v1/web-page-that-is-not-there`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('Content-Type')).toBe('application/problem+json');
    expect((await fetch(`${server.url}/../../etc/passwd`)).status).toBe(404);
  });

  it('login → record → search → receipt → reprint → verify', async () => {
    const pos = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'root', password: 'root-password', bearer: true }) });
    const { token } = (await pos.json()) as { token: string };
    const recorded = await fetch(`${server.url}/api/v1/transactions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ transactions: [sale(), sale({ voucherNo: '000500', referenceNo: '133041825600', occurredAt: '2026-11-27T15:58:00+08:00', amount: '66.00' })] }),
    });
    expect(recorded.status).toBe(201);

    const li = new Browser();
    const login = await li.fetch('/api/v1/auth/login', { method: 'POST', body: { username: 'li', password: 'li-password' } });
    expect(login.status).toBe(200);
    li.csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
    expect(li.cookies.get('reissue_session')).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const found = (await (await li.fetch('/api/v1/transactions?around=15:58&amount=66.00')).json()) as { items: { id: string }[] };
    expect(found.items.map((i) => i.id)).toEqual([RECENT]);

    const pdf = await li.fetch(`/api/v1/transactions/${RECENT}/receipt?format=pdf`);
    expect(pdf.headers.get('Content-Type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 8).toString()).toBe('%PDF-1.4');

    const refused = await li.fetch(`/api/v1/transactions/${RECENT}/reprints`, { method: 'POST', body: { reason: 'paper_jam' }, headers: { 'X-CSRF-Token': 'forged' } });
    expect(refused.status).toBe(403);

    const reprint = await li.fetch(`/api/v1/transactions/${RECENT}/reprints`, { method: 'POST', body: { reason: 'paper_jam' } });
    const result = (await reprint.json()) as { code: string; printed: boolean; copy: number; job: { id: number } };
    expect(reprint.status, JSON.stringify(result)).toBe(201);
    expect(result).toMatchObject({ printed: true, copy: 1 });
    expect(printer.jobs().at(-1)?.text).toContain('DUPLICATE 1');

    const verdict = (await (await fetch(`${server.url}/api/v1/verify/${result.code}`)).json()) as { genuine: boolean; message: string };
    expect(verdict.genuine).toBe(true);
    expect(verdict.message).toContain(`copy 1 of sale ${RECENT}`);

    const signIn = (await server.deps.journal.eventsOf('audit', { types: ['login.succeeded'], limit: 1 }))[0];
    expect(JSON.parse(signIn?.payload ?? '{}')).toMatchObject({ user: 'li', detail: { client: expect.stringMatching(/^http:(::ffff:)?127\.0\.0\.1$/) } });

    const job = (await (await li.fetch(`/api/v1/jobs/${result.job.id}`)).json()) as { state: string };
    expect(job.state).toBe('printed');

    expect((await li.fetch('/api/v1/auth/logout', { method: 'POST' })).status).toBe(204);
    expect((await li.fetch('/api/v1/auth/me')).status).toBe(401);
  });

  it('never logs a card number sent in the URL or the body', async () => {
    const before = logs.length;
    await fetch(`${server.url}/api/v1/transactions?ref=${PAN}`);
    await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: PAN, password: PAN }) });
    await fetch(`${server.url}/api/v1/transactions/${PAN}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ card: PAN }) });
    const lines = logs.slice(before);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(lines.join('\n')).not.toContain(PAN);
    expect(lines.join('\n')).toContain('************1111');
  });
});

describe('starting and stopping', () => {
  it('refuses a port in use and a missing web directory, leaving nothing open', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startServer({ port, db: join(dir.path, 'other.db'), config: config(), context: context(), logger: () => undefined })).rejects.toMatchObject({ code: 'PORT_IN_USE', kind: 'config' });
    } finally {
      blocker.close();
    }
    await expect(startServer({ port: 0, db: join(dir.path, 'other.db'), config: config(), webRoot: 'no-such-dir', context: context(), logger: () => undefined })).rejects.toMatchObject({ code: 'NO_WEB_ROOT' });
  });

  it('runs as `reissue start` until stopped', async () => {
    writeFileSync(join(dir.path, 'cli.config.json'), JSON.stringify({ printers: [{ name: 'front', address: `127.0.0.1:${printer.address?.port}` }] }));
    let stop = () => undefined as void;
    let url = '';
    let listening = () => undefined as void;
    const started = new Promise<void>((resolve) => (listening = resolve));
    const run = runCli(dir.path, ['start', '--port', '0', '--db', join(dir.path, 'cli.db'), '--config', 'cli.config.json'], {
      stop: new Promise<void>((resolve) => (stop = resolve)),
      onStdout: (text) => {
        const match = /listening on (http:\/\/\S+?);/.exec(text);
        if (match?.[1]) {
          url = match[1];
          listening();
        }
      },
    });
    await started;
    expect(await (await fetch(`${url}/health`)).json()).toMatchObject({ status: 'ok' });
    stop();
    const result = await run;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('stopped');
    expect(result.stderr).toContain('"event":"request"');
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    expect((await runCli(dir.path, ['start', '--port', 'x'])).stderr).toContain('--port must be 0..65535');
    expect((await runCli(dir.path, ['start', '--tls-key', 'k.pem'])).stderr).toContain('give both --tls-key and --tls-cert');
    expect((await runCli(dir.path, ['start', '--public-url', 'shop'])).stderr).toContain('--public-url must be an http(s) address');
  });

  it('shuts down gracefully: stops accepting, lets the request in hand finish, stops the spooler, closes the journal', async () => {
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'root', password: 'root-password', bearer: true }) });
    const { token } = (await login.json()) as { token: string };
    // A slow request: a print to a printer that never answers, waited for one second.
    const started = Date.now();
    const slow = fetch(`${server.url}/api/v1/transactions/${OLD}/print`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, Prefer: 'wait=1' },
      body: JSON.stringify({ printer: 'dead' }),
    });
    // In hand: its job is queued and it waits on it.
    await until(async () => (await server.deps.journal.jobs({ transactionId: OLD })).length > 0, 'the print job');
    const closing = server.close();
    const answer = await slow;
    expect(answer.status).toBe(202);
    expect(((await answer.json()) as { job: { state: string } }).job.state).toBe('queued');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    await closing;
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    expect(server.deps.spooler.running).toBe(false);
    await expect(server.deps.journal.meta('timeZone')).rejects.toThrow();
    await server.close();
    expect(logs.some((l) => l.includes('"event":"server.stopped"'))).toBe(true);
  });

  it('closes the connection behind an answer finished during shutdown, and answers 503 SHUTTING_DOWN to a request still arriving', async () => {
    const other = tempDir('reissue-drain-');
    const draining = await startServer({ port: 0, db: join(other.path, 'j.db'), config: config(), context: context(), logger: () => undefined });
    try {
      await draining.deps.journal.record(sale());
      await draining.deps.auth.bootstrapAdmin({ name: 'root', password: 'root-password' });
      const { token } = await draining.deps.auth.login({ name: 'root', password: 'root-password' });
      const open = async () => {
        const socket = connect(draining.port, '127.0.0.1');
        const state = { received: '', ended: new Promise((resolve) => socket.on('close', resolve)) };
        socket.on('data', (chunk) => (state.received += chunk.toString()));
        await new Promise((resolve) => socket.on('connect', resolve));
        return { socket, state };
      };
      const slow = await open();
      const late = await open();
      const body = JSON.stringify({ printer: 'dead' });
      // The half request first: it is read no later than the whole one sent after it.
      late.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n');
      slow.socket.write(`POST /api/v1/transactions/${OLD}/print HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nPrefer: wait=1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      // The print is in hand once its job is queued.
      await until(async () => (await draining.deps.journal.jobs({ transactionId: OLD })).length > 0, 'the print job');
      // Shutdown has begun the moment close() is called; the rest of the half request arrives after.
      const closing = draining.close();
      late.socket.write('\r\n');
      await closing;
      await Promise.all([slow.state.ended, late.state.ended]);
      // The request in hand finishes, and its connection closes behind it.
      expect(slow.state.received).toMatch(/^HTTP\/1\.1 202 Accepted\r\n/);
      expect(slow.state.received.toLowerCase()).toContain('connection: close');
      // One that was still arriving when shutdown began is told so.
      expect(late.state.received).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
      expect(late.state.received).toContain('"code":"SHUTTING_DOWN"');
      expect(late.state.received.toLowerCase()).toContain('x-frame-options: deny');
    } finally {
      await draining.close();
      other.remove();
    }
  });

  it('serves HTTPS with a key and certificate, and then marks the cookies Secure', async () => {
    const other = tempDir('reissue-tls-');
    const tls = { key: readFileSync(join(import.meta.dirname, 'support', 'tls', 'localhost-key.pem')), cert: readFileSync(join(import.meta.dirname, 'support', 'tls', 'localhost-cert.pem')) };
    const secure = await startServer({ port: 0, db: join(other.path, 'j.db'), config: config(), context: context(), logger: () => undefined, tls });
    try {
      expect(secure.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      await secure.deps.auth.bootstrapAdmin({ name: 'root', password: 'root-password' });
      const answer = await new Promise<{ status: number; cookies: string[]; hsts: string | undefined }>((resolve, reject) => {
        const req = httpsRequest(`${secure.url}/api/v1/auth/login`, { method: 'POST', ca: tls.cert, headers: { 'Content-Type': 'application/json' } }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, cookies: res.headers['set-cookie'] ?? [], hsts: res.headers['strict-transport-security'] as string | undefined }));
        });
        req.on('error', reject);
        req.end(JSON.stringify({ username: 'root', password: 'root-password' }));
      });
      expect(answer.status).toBe(200);
      expect(answer.cookies).toHaveLength(2);
      for (const cookie of answer.cookies) expect(cookie).toContain('; Secure');
      expect(answer.hsts).toBe('max-age=31536000');
    } finally {
      await secure.close();
      other.remove();
    }
  });
});
