/**
 * Head office with a read replica: a PostgreSQL 15 primary and a hot standby streaming from
 * it (pg_basebackup -R), started once for the file. A shop pushes to the primary; searches
 * through the replica view see its sales once the standby has replayed them. Replay is
 * paused on the standby to show what a user meets when the replica lags, and that the
 * answers really come from the standby.
 */
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_REPLICA_APPLICATION, openHeadOffice, openJournal, openStore, type AppContext, type OpenedJournal } from '../src/app.js';
import { defaultConfig } from '../src/config/index.js';
import { Journal, type SearchQuery } from '../src/journal/index.js';
import { startServer } from '../src/server/index.js';
import { Outbox, inProcessHeadOfficeLink, type HeadOffice, type HeadOfficeLink } from '../src/sync/index.js';
import { nthSale } from './support/fixtures.js';
import { runCli, tempDir } from './support/cli.js';
import { freePort, startPostgres, type PostgresServer } from './support/postgres-server.js';
import { SMALL_PHONE, WEB_ROOT, requirePages, expectNoSideScroll, launchChromium, openContext, shot } from './e2e/harness.js';

const NOW = Date.parse('2026-11-27T08:00:00Z');
const context: AppContext = { env: { REISSUE_TZ: 'Asia/Shanghai' }, cwd: process.cwd(), now: () => NOW };
const ENV = { REISSUE_LANG: 'en' };

let primary: PostgresServer;
let standby: PostgresServer;
let primaryUrl: string;
let replicaUrl: string;
let dir: ReturnType<typeof tempDir>;
let hq: OpenedJournal;
let office: { office: HeadOffice; close: () => Promise<void> };
let shop: Journal;
let outbox: Outbox;
let shopClock = NOW - 3_600_000;

/** One query on a server, on a connection of its own. */
async function query<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Until `check` holds: each try is a query answered, no fixed pause decides the outcome. */
async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((done) => setTimeout(done, 10));
}

/** Waits until the standby has replayed everything the primary had written when asked (LSNs compared). */
async function replayed(): Promise<void> {
  const lsn = (await query<{ lsn: string }>(primaryUrl, 'SELECT pg_current_wal_insert_lsn()::text AS lsn'))[0]?.lsn;
  await until(async () => (await query<{ done: boolean }>(replicaUrl, 'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done', [lsn]))[0]?.done === true);
}

async function pauseReplay(): Promise<void> {
  await query(replicaUrl, 'SELECT pg_wal_replay_pause()');
  await until(async () => (await query<{ state: string }>(replicaUrl, 'SELECT pg_get_wal_replay_pause_state() AS state'))[0]?.state === 'paused');
}

/** Head office reached in-process with the shop's token: the same checks as over HTTP. */
const linkTo = (token: string): HeadOfficeLink => inProcessHeadOfficeLink(office.office, token);

/** Sales n.. recorded at the shop and pushed to head office's primary. */
async function sell(...ns: number[]): Promise<string[]> {
  const outcomes = await shop.recordMany(ns.map((n) => nthSale(n)));
  expect((await outbox.pushOnce()).pushed).toBeGreaterThanOrEqual(ns.length);
  return outcomes.map((o) => o.id);
}

/** `find --around T --within 15m --amount A` for sale n, of one store or all. */
function around(n: number, storeIds?: string[]): SearchQuery {
  const sale = nthSale(n);
  const at = Date.parse(sale.occurredAt as string);
  const amount = Math.round(Number(sale.amount) * 100);
  return { from: at - 15 * 60_000, to: at + 15 * 60_000, amountMin: amount, amountMax: amount, limit: 20, ...(storeIds ? { storeIds } : {}) };
}

const ids = async (journal: Journal, q: SearchQuery) => (await journal.find(q)).items.map((i) => `${i.storeId}/${i.id}`);

/** The CLI's --around form of sale n's time, store-local (Asia/Shanghai). */
const aroundArgs = (n: number) => {
  const sale = nthSale(n);
  const local = new Date(Date.parse(sale.occurredAt as string) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
  return ['--around', local, '--within', '15m', '--amount', String(sale.amount)];
};

beforeAll(async () => {
  dir = tempDir('reissue-replica-');
  primary = await startPostgres();
  primaryUrl = await primary.createDatabase();
  // The journal's tables exist before the base backup; the standby gets every later change by streaming.
  await (await openJournal(primaryUrl, context, { create: true })).journal.close();
  standby = await startPostgres({ standbyOf: primary });
  replicaUrl = standby.urlOf(new URL(primaryUrl).pathname.slice(1));
  hq = await openJournal(primaryUrl, context, { readReplica: replicaUrl });
  office = await openHeadOffice(primaryUrl, hq.journal, context);
  const { token } = await office.office.addShop('SH-001', '浦东店');
  shop = new Journal({ store: await openStore(join(dir.path, 'shop.db'), { create: true }), clock: () => shopClock++ });
  await shop.identifyStore('SH-001');
  outbox = new Outbox({ journal: shop, link: linkTo(token), clock: () => NOW });
}, 120_000);

afterAll(async () => {
  await office?.close();
  await hq?.journal.close();
  await shop?.close();
  await standby?.stop();
  await primary?.stop();
  dir?.remove();
});

describe('head office with a read replica', () => {
  it('searches on the standby see what a shop pushed to the primary, with and without a store, and are served there', async () => {
    const [, , third] = await sell(1, 2, 3);
    await replayed();
    const view = hq.journal.onReplica();
    expect(await ids(view, around(3, ['SH-001']))).toEqual([`SH-001/${third}`]);
    expect(await ids(view, around(3))).toEqual([`SH-001/${third}`]);
    expect(await ids(view, around(3, ['SH-999']))).toEqual([]);
    // The view's connections are on the standby, named as the replica's; the primary has none of them.
    const onStandby = await query<{ n: number }>(replicaUrl, 'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()', [READ_REPLICA_APPLICATION]);
    const onPrimary = await query<{ n: number }>(primaryUrl, 'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [READ_REPLICA_APPLICATION]);
    expect(onStandby[0]?.n).toBeGreaterThan(0);
    expect(onPrimary[0]?.n).toBe(0);
    expect(await view.replicaLag()).toEqual({ bytes: expect.any(Number) });
    expect(await hq.journal.replicaLag()).toBeUndefined();
  });

  it('while the standby lags: a search misses the newest sale and says so, a receipt by id comes from the primary; once replayed the search finds it', async () => {
    await pauseReplay();
    let fresh: string | undefined;
    try {
      [fresh] = await sell(4);
      const view = hq.journal.onReplica();
      // The primary has it and the replica view does not: the search was answered by the standby.
      expect(await ids(hq.journal, around(4, ['SH-001']))).toEqual([`SH-001/${fresh}`]);
      expect(await ids(view, around(4, ['SH-001']))).toEqual([]);
      expect((await view.replicaLag())?.bytes).toBeGreaterThan(0);
      // A receipt someone asks for by its id is found on the primary, checked against its chain there.
      expect((await view.get(fresh ?? '')).transaction.voucherNo).toBe('000004');

      const find = await runCli(dir.path, ['find', '--db', primaryUrl, '--read-replica', replicaUrl, ...aroundArgs(4)], { env: ENV });
      expect(find.code).toBe(0);
      expect(find.stdout).toContain('no matching transactions');
      expect(find.stderr).toMatch(/read replica, \d+ bytes of log behind the primary/);
      const zh = await runCli(dir.path, ['find', '--db', primaryUrl, '--read-replica', replicaUrl, ...aroundArgs(4), '--lang', 'zh'], { env: ENV });
      expect(zh.stderr).toContain('只读副本');
      const show = await runCli(dir.path, ['show', fresh ?? '', '--db', primaryUrl, '--read-replica', replicaUrl, '--json'], { env: ENV });
      expect(show.code).toBe(0);
      expect(JSON.parse(show.stdout)).toMatchObject({ id: fresh, storeId: 'SH-001' });
      const receipt = await runCli(dir.path, ['receipt', fresh ?? '', '--db', primaryUrl, '--read-replica', replicaUrl], { env: ENV });
      expect(receipt.code).toBe(0);
      expect(receipt.stdout).toContain('000004');
      // Without the replica the same search asks the primary and finds it.
      const direct = await runCli(dir.path, ['find', '--db', primaryUrl, ...aroundArgs(4), '--json'], { env: ENV });
      expect((JSON.parse(direct.stdout) as { items: { id: string }[] }).items.map((i) => i.id)).toEqual([fresh]);
      expect(direct.stderr).toBe('');
    } finally {
      await query(replicaUrl, 'SELECT pg_wal_replay_resume()');
    }
    await replayed();
    const found = await runCli(dir.path, ['find', '--db', primaryUrl, '--read-replica', replicaUrl, ...aroundArgs(4), '--json'], { env: ENV });
    expect((JSON.parse(found.stdout) as { items: { id: string; storeId: string }[] }).items.map((i) => `${i.storeId}/${i.id}`)).toEqual([`SH-001/${fresh}`]);
    // The day report, read on the replica, has the shop's sales once they are replayed.
    const report = await runCli(dir.path, ['report', '--format', 'csv', '--db', primaryUrl, '--read-replica', replicaUrl], { env: ENV });
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('000004');
  });

  it('start reads through the replica named in the configuration (readReplica); the primary takes the writes', async () => {
    const server = await startServer({ db: primaryUrl, port: 0, config: { ...defaultConfig(), readReplica: replicaUrl }, context, logger: () => undefined });
    try {
      await pauseReplay();
      let fresh: string | undefined;
      try {
        [fresh] = await sell(5);
        expect(await ids(server.deps.journal, around(5))).toEqual([]);
        expect(await ids(hq.journal, around(5))).toEqual([`SH-001/${fresh}`]);
        expect((await server.deps.journal.get(fresh ?? '')).id).toBe(fresh);
        // Writes through the server's journal go to the primary even while the standby is paused.
        await server.deps.audit('test.note', { at: 'paused' });
        expect((await hq.journal.auditTrail({ type: 'test.note' })).length).toBe(1);
      } finally {
        await query(replicaUrl, 'SELECT pg_wal_replay_resume()');
      }
      await replayed();
      expect(await ids(server.deps.journal, around(5))).toEqual([`SH-001/${fresh}`]);
    } finally {
      await server.close();
    }
  });

  it('HTTP searches and the search page (360 px, zh and en) read on the standby say when it is behind', async () => {
    requirePages();
    const server = await startServer({ db: primaryUrl, port: 0, config: { ...defaultConfig(), readReplica: replicaUrl }, webRoot: WEB_ROOT, context, logger: () => undefined });
    const direct = await startServer({ db: primaryUrl, port: 0, config: defaultConfig(), context, logger: () => undefined });
    const browser = await launchChromium();
    const errors: string[] = [];
    try {
      await server.deps.auth.bootstrapAdmin({ name: 'root', password: 'root-password-1' });
      const token = async (url: string) => {
        const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'root', password: 'root-password-1', bearer: true }) });
        expect(login.status).toBe(200);
        return ((await login.json()) as { token: string }).token;
      };
      const [onReplica, onPrimary] = [await token(server.url), await token(direct.url)];
      const search = async (url: string, bearer: string, path: string, lang = 'en') => {
        const answer = await fetch(`${url}${path}`, { headers: { Authorization: `Bearer ${bearer}`, 'Accept-Language': lang } });
        expect(answer.status).toBe(200);
        return (await answer.json()) as { items: { id: string }[]; replica?: { behindBytes: number; code: string; text: string } };
      };
      const sale = nthSale(6);
      const at = `${new Date(Date.parse(sale.occurredAt as string) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')}`;
      const filter = `around=${encodeURIComponent(at)}&within=15m&amount=${sale.amount}`;
      await pauseReplay();
      let fresh: string | undefined;
      try {
        [fresh] = await sell(6);
        for (const path of [`/api/v1/transactions?${filter}`, `/api/v1/transactions?${filter}&view=list`, `/api/v1/receipts?${filter}`]) {
          const behind = await search(server.url, onReplica, path);
          expect(behind.items).toEqual([]);
          expect(behind.replica).toMatchObject({ code: 'REPLICA_BEHIND', behindBytes: expect.any(Number) });
          expect(behind.replica?.behindBytes).toBeGreaterThan(0);
          expect(behind.replica?.text).toContain(`${behind.replica?.behindBytes} bytes of log behind the primary`);
        }
        expect((await search(server.url, onReplica, `/api/v1/receipts?${filter}`, 'zh-CN')).replica?.text).toContain('只读副本');
        // The primary answers without a replica note, and finds the sale.
        const primaryAnswer = await search(direct.url, onPrimary, `/api/v1/transactions?${filter}`);
        expect(primaryAnswer.items.map((i) => i.id)).toEqual([fresh]);
        expect(primaryAnswer).not.toHaveProperty('replica');

        for (const lang of ['en', 'zh'] as const) {
          const page = await (await openContext(browser, { viewport: SMALL_PHONE, lang, errors, mobile: true })).newPage();
          await page.goto(`${server.url}/login.html`);
          await page.locator('#username').fill('root');
          await page.locator('#password').fill('root-password-1');
          await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.locator('#login-submit').click()]);
          await page.locator('body[data-loaded=true]').waitFor();
          const note = page.locator('#replica-note');
          await note.waitFor();
          expect(await note.textContent()).toMatch(lang === 'en' ? /standby copy, which is \d+ bytes of log behind/ : /备用副本，它落后主库 \d+ 字节/);
          await expectNoSideScroll(page, `search on a lagging replica, ${lang}`);
          await shot(page, `head-office-replica-behind-${lang}-360`);
          await page.context().close();
        }
      } finally {
        await query(replicaUrl, 'SELECT pg_wal_replay_resume()');
      }
      await replayed();
      const caughtUp = await search(server.url, onReplica, `/api/v1/receipts?${filter}`);
      expect(caughtUp.items.map((i) => i.id)).toEqual([fresh]);
      // Still read on the replica; whether it is behind now depends on writes since (sessions), and the code says which.
      expect(caughtUp.replica?.code).toBe((caughtUp.replica?.behindBytes ?? 0) > 0 ? 'REPLICA_BEHIND' : 'REPLICA_CAUGHT_UP');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await direct.close();
      await server.close();
    }
  });

  it('refuses a replica it cannot use, saying what is wrong', async () => {
    const sqlite = await runCli(dir.path, ['find', '--db', join(dir.path, 'shop.db'), '--read-replica', replicaUrl], { env: ENV });
    expect(sqlite.code).not.toBe(0);
    expect(sqlite.stderr).toContain('READ_REPLICA_NEEDS_POSTGRES');
    const notPg = await runCli(dir.path, ['find', '--db', primaryUrl, '--read-replica', 'mysql://user:secret@db/x'], { env: ENV });
    expect(notPg.stderr).toContain('BAD_READ_REPLICA');
    expect(notPg.stderr).not.toContain('secret');
    // The standby's `postgres` database holds no journal: the wrong database named.
    const other = await runCli(dir.path, ['show', '10023456-000128-000001', '--db', primaryUrl, '--read-replica', standby.url], { env: ENV });
    expect(other.stderr).toContain('READ_REPLICA_NOT_JOURNAL');
    const gone = await runCli(dir.path, ['find', '--db', primaryUrl, '--read-replica', `postgres://postgres@127.0.0.1:${await freePort()}/x`], { env: ENV });
    expect(gone.stderr).toContain('READ_REPLICA_UNAVAILABLE');
    expect(gone.stderr).toContain('cannot reach the read replica');
    const config = await runCli(dir.path, ['find', '--db', primaryUrl], { env: { ...ENV, REISSUE_READ_REPLICA: 'not-a-url' } });
    expect(config.stderr).toContain('BAD_READ_REPLICA');
  });
});
