/**
 * The README's Quick start, run as written: `npm start` in a fresh copy of the checkout whose
 * install step is already satisfied (node_modules present). It builds, seeds, starts the
 * virtual printer and the server, prints the URL and the demo logins — which must work — and
 * stops cleanly on SIGTERM sent to npm alone (as a service manager or `docker stop` does),
 * leaving no process of its group behind.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_WORDS } from '../src/i18n/index.js';
import { ROOT, start } from './support/binary.js';

/** What a checkout holds besides the install (node_modules) and what running it makes. */
const NOT_COPIED = new Set(['node_modules', 'dist', 'data', 'artifacts', 'coverage', '.git']);

let copy: string;
beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'reissue-quick-start-'));
  for (const entry of readdirSync(ROOT)) {
    if (!NOT_COPIED.has(entry)) cpSync(join(ROOT, entry), join(copy, entry), { recursive: true, filter: (path) => !path.includes(`${join('bench', '.cache')}`) });
  }
  // The install step, already done: the same packages.
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
});
let group: number | undefined;
afterEach(() => {
  // Whatever the outcome (even a timeout), nothing this test started keeps running.
  if (group !== undefined && liveInGroup(group).length > 0) process.kill(-group, 'SIGKILL');
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

/** Live (not zombie) processes in process group `group`, from /proc. */
function liveInGroup(group: number): string[] {
  const live: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // ended while we looked
    }
    // pid (comm) state ppid pgrp …; comm may hold spaces and parentheses, so read after the last ')'.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === group && state !== 'Z') live.push(`${pid} ${stat.slice(0, stat.lastIndexOf(')') + 1)}`);
  }
  return live;
}

describe('Quick start: npm start', () => {
  it('builds and runs the back office, prints a URL and logins that work, and stops on SIGTERM leaving nothing behind', async () => {
    // Its own process group, so everything it starts can be found afterwards.
    const main = start(['start', '--', '--port', '0', '--printer-port', '0'], { cwd: copy, command: 'npm', spawn: { detached: true } });
    group = main.pid;
    await main.output(/Press Ctrl-C to stop\./);
    const [, url] = /Back office:\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(main.stdout) ?? [];
    expect(url, main.stdout).toBeDefined();
    // "  office      k7pq-3mzt-h2wd  back office": name, the password made for this install, the role in the reader's words.
    const logins = [...main.stdout.matchAll(/^ {2}(\w+) +([0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}) +(.+)$/gm)].map(([, name, password, role]) => ({ name, password, role: role ?? '' }));
    expect(logins.map((l) => l.name)).toEqual(['admin', 'supervisor', 'cashier', 'office', 'auditor']);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect((await fetch(`${url}/`)).headers.get('content-type')).toMatch(/^text\/html/);
    const signIn = async (name: string | undefined, password: string | undefined) => {
      const answer = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: name, password, bearer: true }) });
      expect(answer.status, `${name} ${password}`).toBe(200);
      return { Authorization: `Bearer ${((await answer.json()) as { token: string }).token}` };
    };
    for (const login of logins) {
      const me = (await (await fetch(`${url}/api/v1/auth/me`, { headers: await signIn(login.name, login.password) })).json()) as { user: { name: string; role: string } };
      // Each login is the role it was shown with.
      expect(me.user.name).toBe(login.name);
      expect(login.role.startsWith(ROLE_WORDS[me.user.role]?.en ?? me.user.role), `${login.role} / ${me.user.role}`).toBe(true);
    }
    expect(new Set(logins.map((l) => l.role.split(' at ')[0])).size).toBe(5);
    // The demo sales are there, and the virtual printer prints one of them.
    const auth = await signIn(logins[0]?.name, logins[0]?.password);
    const { items } = (await (await fetch(`${url}/api/v1/transactions?kind=sale&limit=1`, { headers: auth })).json()) as { items: { id: string }[] };
    expect(items).toHaveLength(1);
    const printed = await fetch(`${url}/api/v1/transactions/${items[0]?.id}/print`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ printer: 'counter' }) });
    expect(printed.status).toBe(201);
    const answer = (await printed.json()) as { printed: boolean; job: { id: number } };
    expect(answer.printed).toBe(true);
    // The virtual printer keeps it as a picture, named by the job number.
    expect(existsSync(join(copy, 'data', 'virtual-printer', `job-${answer.job.id}.png`))).toBe(true);

    main.signal('SIGTERM');
    expect(await main.ended).toEqual({ code: 0, signal: null });
    // npm has exited; whatever it started must have ended with it (an orphan would hold the pipes open).
    expect(liveInGroup(group)).toEqual([]);
    const exit = await main.exited;
    expect(exit.stderr).toContain('stopped; the virtual printer printed 1 job(s)');
    // The journal was closed, not abandoned.
    expect(existsSync(join(copy, 'data', 'reissue.db-wal'))).toBe(false);
  }, 300_000);
});
