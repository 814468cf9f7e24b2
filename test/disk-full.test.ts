import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createReprintService, createSpooler, openAuth, type AppContext } from '../src/app.js';
import { defaultConfig } from '../src/config/index.js';
import { Journal, storeSettings } from '../src/journal/index.js';
import { SqlJournalStore } from '../src/journal/adapters/index.js';
import { createApp, type ServerDeps } from '../src/server/index.js';
import { openSqliteFile, type SqliteDialect } from '../src/sql/index.js';
import { tempDir } from './support/cli.js';
import { nthSale } from './support/fixtures.js';

/**
 * Issue 9 item 15: a full disk is its own error (DISK_FULL: HTTP 503, exit 6, hint: free
 * space), nothing of the refused write stays, and /health says the journal cannot be
 * written. Over HTTP the journal's connection is held under a page limit (max_page_count);
 * the CLI runs on a real, full filesystem: a 512 KiB tmpfs in a user and mount namespace.
 */

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const BIN = join(ROOT, 'dist/src/cli/bin.js');
const NOW = Date.parse('2026-11-27T08:00:00Z');

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

/** A server over a SQLite journal whose connection the test holds (to set its page limit). */
async function server() {
  const dir = tempDir('reissue-full-');
  const file = join(dir.path, 'journal.db');
  const context: AppContext = { env: { REISSUE_TZ: 'Asia/Shanghai' }, cwd: dir.path, now: () => NOW };
  const dialect = openSqliteFile({ file, open: (f, o) => new Database(f, o) });
  const journal = new Journal({ store: await SqlJournalStore.open(dialect), clock: context.now });
  const settings = await storeSettings(journal, { timeZone: 'Asia/Shanghai', currency: 'CNY', now: NOW });
  const opened = { journal, settings };
  const { auth, close: closeAuth } = await openAuth(file, journal, context);
  await auth.bootstrapAdmin({ name: 'root', password: 'root-password' });
  const spooler = createSpooler(opened, defaultConfig(), context);
  const deps: ServerDeps = {
    journal,
    settings,
    auth,
    spooler,
    reprint: createReprintService(opened, auth, spooler, context),
    config: defaultConfig(),
    clock: context.now,
    logger: () => undefined,
    audit: (type, payload) => journal.appendAudit(type, payload),
  };
  const app = createApp(deps);
  const login = await app.request('/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'root', password: 'root-password', bearer: true }) });
  const { token } = (await login.json()) as { token: string };
  cleanup = async () => {
    await closeAuth();
    await journal.close();
    dir.remove();
  };
  const post = (body: unknown, language = 'en') =>
    app.request('/api/v1/transactions', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, 'Accept-Language': language }, body: JSON.stringify(body) });
  return { app, journal, dialect: dialect as SqliteDialect, post };
}

const batch = (from: number, count: number) => ({ transactions: Array.from({ length: count }, (_, i) => nthSale(from + i)) });

describe('a full disk over HTTP and /health', () => {
  it('answers 503 DISK_FULL with a free-space hint in zh and en, keeps nothing of the batch, and /health reports the journal not writable until it is again', async () => {
    const { app, journal, dialect, post } = await server();
    expect((await post(batch(1, 3))).status).toBe(201);
    const health = await app.request('/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', journal: { status: 'ok', store: 'sqlite' } });
    const before = await journal.counts();

    // The file may grow by a few pages more: a batch of 200 sales does not fit.
    dialect.db.pragma(`max_page_count = ${Number(dialect.db.pragma('page_count', { simple: true })) + 4}`);
    const refused = await post(batch(100, 200));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('Content-Type')).toContain('application/problem+json');
    const problem = (await refused.json()) as Record<string, string>;
    expect(problem).toMatchObject({ code: 'DISK_FULL', status: 503, title: 'Disk full', detail: 'the disk holding the journal is full: nothing was written' });
    expect(problem.hint).toMatch(/free space on the disk/);
    expect(JSON.stringify(problem)).not.toMatch(/cannot rollback|SQLITE|journal\.db/);
    const zh = (await (await post(batch(100, 200), 'zh')).json()) as Record<string, string>;
    expect(zh).toMatchObject({ code: 'DISK_FULL', title: '磁盘已满', detail: '存放流水的磁盘已满：这次什么也没有写入' });
    expect(zh.hint).toMatch(/清理这台电脑的磁盘空间/);
    expect(await journal.counts()).toEqual(before);
    expect((await journal.verify()).ok).toBe(true);

    const full = await app.request('/health');
    expect(full.status).toBe(503);
    expect(await full.json()).toMatchObject({ status: 'unavailable', journal: { status: 'not-writable', reason: 'disk-full', store: 'sqlite' } });

    // Room again: the next write goes through, and /health says so.
    dialect.db.pragma('max_page_count = 1000000');
    expect((await post(batch(100, 200))).status).toBe(201);
    expect((await app.request('/health')).status).toBe(200);
  });
});

/** Runs a shell script in a new user and mount namespace (no root needed where unprivileged user namespaces are allowed). */
function inNamespace(script: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stderr }));
  });
}

/**
 * Runs `lines` (sh) with a 512 KiB disk mounted at $MOUNT, the compiled CLI as $BIN, 1,500
 * sales as NDJSON in $INPUT and a folder for what they write in $OUT; answers a reader of $OUT's files.
 */
async function onSmallDisk(prefix: string, mountName: string, lines: string[]): Promise<(name: string) => string> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: this test runs the compiled CLI; run \`npx tsc -p .\` first`);
  const dir = tempDir(prefix);
  cleanup = async () => dir.remove();
  const mount = join(dir.path, mountName);
  mkdirSync(mount);
  const input = join(dir.path, 'sales.jsonl');
  // 1500 sales (600 kB of input, twice that in the journal) do not fit on a 512 KiB disk beside the journal's tables.
  writeFileSync(input, `${Array.from({ length: 1500 }, (_, i) => JSON.stringify(nthSale(i + 1, { terminalId: String(10000000 + Math.floor(i / 999)) }))).join('\n')}\n`);
  const run = await inNamespace(lines.join('\n'), { MOUNT: mount, BIN, INPUT: input, OUT: dir.path, REISSUE_TZ: 'Asia/Shanghai' });
  expect(run).toMatchObject({ code: 0 });
  return (name: string) => readFileSync(join(dir.path, name), 'utf8');
}

describe('a full disk at the CLI', () => {
  it('exits 6 with DISK_FULL and a free-space hint (zh and en), not "a bug", and leaves a journal that verifies with nothing half-written', async () => {
    const read = await onSmallDisk('reissue-full-cli-', 'small-disk', [
      'set -e',
      'mount -t tmpfs -o size=512k tmpfs "$MOUNT"',
      'node "$BIN" init --db "$MOUNT/j.db" > "$OUT/init.out"',
      'set +e',
      'node "$BIN" record --db "$MOUNT/j.db" "$INPUT" > "$OUT/record.out" 2> "$OUT/record.err"; echo $? > "$OUT/record.code"',
      'node "$BIN" record --lang zh --db "$MOUNT/j.db" "$INPUT" > /dev/null 2> "$OUT/record-zh.err"; echo $? > "$OUT/record-zh.code"',
      'node "$BIN" verify --db "$MOUNT/j.db" > "$OUT/verify.out" 2>/dev/null; echo $? > "$OUT/verify.code"',
    ]);
    expect(read('record.code').trim()).toBe('6');
    const said = read('record.err');
    expect(said).toContain('is full: nothing was written [DISK_FULL]');
    expect(said).toContain('hint: free space on the disk');
    expect(said).not.toMatch(/unexpected error|this is a bug|cannot rollback/);
    expect(read('record-zh.code').trim()).toBe('6');
    expect(read('record-zh.err')).toMatch(/存放流水的磁盘已满（.*j\.db）：这次什么也没有写入 \[DISK_FULL\]\n {2}提示：请清理这台电脑的磁盘空间/);
    expect(read('verify.code').trim()).toBe('0');
    expect(read('verify.out')).toMatch(/^ok: 0 events/);
  });
});

describe('a backup onto a full disk', () => {
  it('exits 6 with DISK_FULL (zh and en), not "a bug", and leaves no half-written file to be taken for a backup or to block the next try', async () => {
    const read = await onSmallDisk('reissue-full-backup-', 'usb-stick', [
      'set -e',
      'node "$BIN" record --db "$OUT/j.db" "$INPUT" > /dev/null',
      'mount -t tmpfs -o size=512k tmpfs "$MOUNT"',
      'set +e',
      'node "$BIN" backup --db "$OUT/j.db" "$MOUNT/b.db" > "$OUT/backup.out" 2> "$OUT/backup.err"; echo $? > "$OUT/backup.code"',
      'node "$BIN" backup --lang zh --db "$OUT/j.db" "$MOUNT/b.db" > /dev/null 2> "$OUT/backup-zh.err"; echo $? > "$OUT/backup-zh.code"',
      'ls -A "$MOUNT" > "$OUT/left.txt"',
    ]);
    const said = read('backup.err');
    expect(said).toContain('[DISK_FULL]');
    expect(said).not.toMatch(/unexpected error|this is a bug|BACKUP_EXISTS/);
    expect(read('backup.code').trim()).toBe('6');
    // The second try met the same full disk, not its predecessor's leftovers.
    expect(read('backup-zh.err')).toMatch(/磁盘已满.*\[DISK_FULL\]/);
    expect(read('left.txt')).toBe('');
  });
});
