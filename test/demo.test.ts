import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './support/cli.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

describe('the main job (npm start → reissue demo)', () => {
  it('seeds demo data, starts a virtual printer and the server, prints the URL and the demo logins, and stops cleanly', async () => {
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    let started: (url: string) => void = () => undefined;
    const url = new Promise<string>((resolve) => (started = resolve));
    let out = '';
    const run = runCli(dir.path, ['demo', '--port', '0', '--printer-port', '0', '--db', join(dir.path, 'data', 'reissue.db')], {
      now: Date.now(),
      stop: stopped,
      onStdout: (text) => {
        out += text;
        const match = /Back office:\s+(\S+)\//.exec(out);
        if (match?.[1] && out.includes('Press Ctrl-C')) started(match[1]);
      },
    });
    const base = await url;
    expect(out).toMatch(/DEMO logins/);
    expect(out).toMatch(/cashier\s+demo-cashier-pass\s+cashier at terminal \d{8}/);
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'office', password: 'demo-office-pass' }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie') ?? '';
    const found = await fetch(`${base}/api/v1/transactions?limit=5`, { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(((await found.json()) as { items: unknown[] }).items).toHaveLength(5);
    stop();
    const result = await run;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('stopped');
    // A second start finds the data and the users already there.
    const again = runCli(dir.path, ['demo', '--port', '0', '--printer-port', '0', '--db', join(dir.path, 'data', 'reissue.db')], { now: Date.now(), stop: Promise.resolve() });
    const second = await again;
    expect(second.stderr).not.toContain('first run');
    expect(second.code).toBe(0);
  });
});
