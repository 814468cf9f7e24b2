/**
 * Behind a reverse proxy (`--trust-proxy`), the client is the address the proxy appended to
 * X-Forwarded-For: what a client writes in front of it neither moves its sign-in throttle nor
 * puts a false address in the audit.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_CHAIN } from '../src/journal/index.js';
import { withTrustProxyValue } from '../src/cli/commands/start.js';
import { createApp } from '../src/server/index.js';
import { runCli, tempDir } from './support/cli.js';
import { serverHarness, type Harness } from './support/server-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await serverHarness();
});

afterAll(async () => {
  await h?.close();
});

function login(app: ReturnType<typeof createApp>, username: string, password: string, forwardedFor: string): Promise<Response> {
  return Promise.resolve(
    app.request('http://localhost/api/v1/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': forwardedFor },
      body: JSON.stringify({ username, password }),
    }),
  );
}

describe('--trust-proxy: the address our proxy appended, never the client\'s own', () => {
  it('failed sign-ins with different spoofed leftmost entries are all audited as the one real client (the key the throttle counts them by)', async () => {
    const app = createApp({ ...h.deps, options: { trustProxy: true } });
    for (const spoof of ['198.51.100.1', '198.51.100.2, 10.9.9.9', '127.0.0.1']) {
      expect((await login(app, 'leaver', 'wrong-password', `${spoof}, 203.0.113.9`)).status).toBe(401);
    }
    const events = await h.opened.journal.eventsOf(AUDIT_CHAIN, { limit: 10_000 });
    const failed = events.filter((e) => e.type === 'login.failed').map((e) => JSON.parse(e.payload) as { user: string; detail: { client?: string } });
    expect(failed.filter((e) => e.user === 'leaver').map((e) => e.detail.client)).toEqual(['http:203.0.113.9', 'http:203.0.113.9', 'http:203.0.113.9']);
  });

  it('a successful sign-in is audited with the proxy-appended address; with two proxies, the entry two from the right', async () => {
    const one = createApp({ ...h.deps, options: { trustProxy: true } });
    expect((await login(one, 'wang', 'wang-password', '6.6.6.6, 203.0.113.10')).status).toBe(200);
    const two = createApp({ ...h.deps, options: { trustProxy: 2 } });
    expect((await login(two, 'wang', 'wang-password', '6.6.6.6, 203.0.113.11, 10.0.0.2')).status).toBe(200);
    const events = await h.opened.journal.eventsOf(AUDIT_CHAIN, { limit: 10_000 });
    const succeeded = events
      .filter((e) => e.type === 'login.succeeded')
      .map((e) => JSON.parse(e.payload) as { user: string; detail: { client?: string } })
      .filter((e) => e.user === 'wang')
      .map((e) => e.detail.client);
    // Newest first.
    expect(succeeded.slice(0, 2)).toEqual(['http:203.0.113.11', 'http:203.0.113.10']);
    expect(succeeded).not.toContain('http:6.6.6.6');
  });
});

describe('reissue start --trust-proxy [N]', () => {
  it('reads the bare flag as one proxy and a following number as that many', () => {
    expect(withTrustProxyValue(['--trust-proxy', '--port', '0'])).toEqual(['--trust-proxy=1', '--port', '0']);
    expect(withTrustProxyValue(['--port', '0', '--trust-proxy', '2'])).toEqual(['--port', '0', '--trust-proxy=2']);
    expect(withTrustProxyValue(['--trust-proxy=3'])).toEqual(['--trust-proxy=3']);
    expect(withTrustProxyValue(['--trust-proxy'])).toEqual(['--trust-proxy=1']);
  });

  it('a server started with --trust-proxy 2 audits the address two entries from the right', async () => {
    const dir = tempDir();
    try {
      const db = join(dir.path, 'journal.db');
      expect((await runCli(dir.path, ['init', '--db', db])).code).toBe(0);
      let stop = () => undefined as void;
      const stopped = new Promise<void>((done) => (stop = done));
      let ready: (url: string) => void = () => undefined;
      const url = new Promise<string>((done) => (ready = done));
      const run = runCli(dir.path, ['start', '--port', '0', '--trust-proxy', '2', '--db', db], {
        now: Date.now(),
        stop: stopped,
        onStdout: (text) => {
          const match = /listening on (\S+?)[ ;(]/.exec(text);
          if (match?.[1]) ready(match[1]);
        },
      });
      const base = await Promise.race([url, run.then((r) => Promise.reject(new Error(`stopped early: ${r.stderr}`)))]);
      try {
        const response = await fetch(`${base}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '6.6.6.6, 203.0.113.20, 10.0.0.9' },
          body: JSON.stringify({ username: 'nobody', password: 'not-a-password' }),
        });
        expect(response.status).toBe(401);
      } finally {
        stop();
      }
      expect((await run).code).toBe(0);
      const audit = await runCli(dir.path, ['audit', '--type', 'login.failed', '--json', '--db', db]);
      expect((JSON.parse(audit.stdout) as { detail?: { client?: string } }[]).map((e) => e.detail?.client)).toEqual(['http:203.0.113.20']);
    } finally {
      dir.remove();
    }
  });

  it('refuses a count that is not 1..10, in the reader\'s language (exit 2)', async () => {
    const dir = tempDir();
    try {
      const en = await runCli(dir.path, ['start', '--trust-proxy=0', '--lang', 'en']);
      expect(en.code).toBe(2);
      expect(en.stderr).toContain('--trust-proxy takes how many proxies you run in front of the server (1..10), not "0"');
      const zh = await runCli(dir.path, ['start', '--trust-proxy=many', '--lang', 'zh']);
      expect(zh.code).toBe(2);
      expect(zh.stderr).toContain('--trust-proxy 后面是服务器前面反向代理的层数（1..10），不能是“many”');
    } finally {
      dir.remove();
    }
  });
});
