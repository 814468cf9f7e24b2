/**
 * A chain of shops end to end, in separate processes: head office (`reissue start` on a
 * throwaway PostgreSQL cluster) and shops on SQLite pushing with `reissue sync` — killed
 * with SIGKILL mid-sync, head office killed mid-batch, a batch delivered twice, a shop's
 * clock months ahead, a shop whose journal was edited, a shop restored from head office.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/app.js';
import { Journal, type EventRow } from '../src/journal/index.js';
import { verificationCode } from '../src/reprint/index.js';
import { nthSale } from './support/fixtures.js';
import { runCli, tempDir } from './support/cli.js';
import { freePort, startPostgres, type PostgresServer } from './support/postgres-server.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const BIN = join(ROOT, 'dist/src/cli/bin.js');
const ENV = { ...process.env, REISSUE_TZ: 'Asia/Shanghai', REISSUE_LANG: 'en' };

let pgServer: PostgresServer;
let hqDb: string;
let dir: ReturnType<typeof tempDir>;
let hqPort: number;
let hq: ChildProcess | undefined;

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `reissue ARGS` as its own process; `whenRunning` may kill it. */
function reissue(args: string[], whenRunning?: (child: ChildProcess) => void): Promise<Finished> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir.path, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr?.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    child.on('error', fail);
    child.on('close', (code, signal) => ok({ code, signal, stdout, stderr }));
    whenRunning?.(child);
  });
}

/** Head office as `reissue start` on its PostgreSQL database; resolves once it listens. */
function startHeadOffice(): Promise<ChildProcess> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [BIN, 'start', '--db', hqDb, '--port', String(hqPort), '--host', '127.0.0.1', '--log-format', 'json'], { cwd: dir.path, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout?.setEncoding('utf8').on('data', (t: string) => {
      out += t;
      if (/listening on http/.test(out)) ok(child);
    });
    child.stderr?.setEncoding('utf8').on('data', (t: string) => (err += t));
    child.on('close', (code) => fail(new Error(`head office stopped (${code}): ${out}${err}`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((ok) => {
    if (child.exitCode !== null || child.signalCode !== null) return ok();
    child.once('close', () => ok());
    child.kill('SIGKILL');
  });
}

const hqUrl = () => `http://127.0.0.1:${hqPort}`;

/** Head office's journal, read directly (as an auditor with database access would). */
async function withHeadOfficeJournal<T>(work: (journal: Journal) => Promise<T>): Promise<T> {
  const journal = new Journal({ store: await openStore(hqDb) });
  try {
    return await work(journal);
  } finally {
    await journal.close();
  }
}

/** A shop's journal with `count` sales on two terminals, recorded with the shop's own clock. */
async function shopWithSales(file: string, storeId: string, count: number, clock: () => number): Promise<void> {
  const journal = new Journal({ store: await openStore(file, { create: true }), clock });
  try {
    await journal.identifyStore(storeId);
    const sales = Array.from({ length: count }, (_, i) => nthSale(i + 1, i % 2 === 0 ? {} : { terminalId: '20000001' }));
    for (let i = 0; i < sales.length; i += 500) await journal.recordMany(sales.slice(i, i + 500));
    await journal.appendAudit('reprint.issued', { user: 'zhang', id: '10023456-000128-000001', at: new Date(clock()).toISOString() });
  } finally {
    await journal.close();
  }
}

const headsOf = (events: readonly EventRow[]) => events.map((e) => ({ chain: e.terminalId, seq: e.seq, hash: e.hash }));

async function shopHeads(file: string) {
  const journal = new Journal({ store: await openStore(file) });
  try {
    return headsOf(await journal.chainHeads());
  } finally {
    await journal.close();
  }
}

/** Every event of a shop at head office is there once, every chain verifies, and its heads equal the shop's. */
async function expectInStep(file: string, storeId: string): Promise<void> {
  const heads = await shopHeads(file);
  await withHeadOfficeJournal(async (journal) => {
    expect(headsOf(await journal.chainHeads(storeId))).toEqual(heads);
    const report = await journal.verify(undefined, { storeId });
    expect(report.ok).toBe(true);
    expect(report.events).toBe(heads.reduce((sum, h) => sum + h.seq, 0));
  });
}

beforeAll(async () => {
  dir = tempDir('reissue-sync-');
  pgServer = await startPostgres();
  hqDb = await pgServer.createDatabase();
  hqPort = await freePort();
  for (const [id, name] of [['SH-001', '浦东店'], ['SH-002', '静安店'], ['SH-003', '徐汇店']]) {
    const added = await runCli(dir.path, ['hq', 'store', 'add', id ?? '', '--name', name ?? '', '--token-file', `${id}.token`, '--db', hqDb]);
    expect(added.code, added.stderr).toBe(0);
    // The token is the last line of stdout, and the file holds the same.
    expect(added.stdout.trim().split('\n').at(-1)).toBe(readFileSync(join(dir.path, `${id}.token`), 'utf8').trim());
    // A secret: only its owner may read it (a token others can read is warned of, TOKEN_FILE_TOO_OPEN).
    expect(statSync(join(dir.path, `${id}.token`)).mode & 0o777).toBe(0o600);
  }
  hq = await startHeadOffice();
}, 120_000);

afterAll(async () => {
  if (hq) await killed(hq);
  await pgServer?.stop();
  dir?.remove();
});

describe('shops and head office in separate processes', () => {
  it('lists the shops without their tokens, hashed at rest', async () => {
    const list = await runCli(dir.path, ['hq', 'store', 'list', '--db', hqDb]);
    expect(list.stdout).toMatch(/SH-001\t浦东店\t.*\tactive/);
    const token = readFileSync(join(dir.path, 'SH-001.token'), 'utf8').trim();
    expect(list.stdout).not.toContain(token.split('.')[1]);
    expect((await runCli(dir.path, ['hq', 'store', 'add', 'SH-001', '--name', 'again', '--db', hqDb])).stderr).toContain('SHOP_EXISTS');
  });

  it('takes a shop killed with SIGKILL mid-sync exactly once, and a batch sent twice once', async () => {
    const shop = join(dir.path, 'shop1.db');
    let now = Date.parse('2026-11-27T08:00:00Z');
    await shopWithSales(shop, 'SH-001', 4000, () => now++);
    // Killed as soon as head office holds part of the shop's events.
    const first = await reissue(['sync', '--to', hqUrl(), '--token-file', 'SH-001.token', '--once', '--db', shop], (child) => {
      const poll = setInterval(() => {
        void withHeadOfficeJournal((j) => j.counts('SH-001')).then(({ events }) => {
          if (events > 0) {
            clearInterval(poll);
            child.kill('SIGKILL');
          }
        });
      }, 50);
      child.once('close', () => clearInterval(poll));
    });
    expect(first.code === 0 || first.signal === 'SIGKILL', first.stderr).toBe(true);
    const again = await reissue(['sync', '--to', hqUrl(), '--token-file', 'SH-001.token', '--once', '--db', shop]);
    expect(again.code, again.stderr).toBe(0);
    await expectInStep(shop, 'SH-001');

    // The same batch again (a lost answer): taken once.
    const token = readFileSync(join(dir.path, 'SH-001.token'), 'utf8').trim();
    const events = (await (await fetch(`${hqUrl()}/api/v1/sync/chains/10023456/events?after=0&limit=5`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { events: unknown[] };
    const post = () => fetch(`${hqUrl()}/api/v1/sync/chains/10023456/events`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, body: gzipSync(JSON.stringify(events)) });
    for (let i = 0; i < 2; i++) expect(await (await post()).json()).toMatchObject({ accepted: 0, duplicates: 5 });
    // An altered event at a position head office holds: 409 naming the chain and position.
    const forked = { events: [{ ...(events.events[0] as object), payload: '{}' }] };
    const fork = await fetch(`${hqUrl()}/api/v1/sync/chains/10023456/events`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(forked) });
    expect(fork.status).toBe(409);
    expect(await fork.json()).toMatchObject({ code: 'CHAIN_EDITED', position: { storeId: 'SH-001', chain: '10023456', seq: 1 } });
    const garbage = await fetch(`${hqUrl()}/api/v1/sync/chains/10023456/events`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Encoding': 'gzip' }, body: 'not gzip' });
    expect(await garbage.json()).toMatchObject({ status: 400, code: 'BAD_SYNC_BODY' });
    await expectInStep(shop, 'SH-001');
    expect((await runCli(dir.path, ['sync', '--status', '--db', shop])).stdout).toMatch(/not yet sent {2}0 events/);

    // Another shop's token reads nothing of this shop, and a wrong token nothing at all.
    const other = readFileSync(join(dir.path, 'SH-002.token'), 'utf8').trim();
    expect(((await (await fetch(`${hqUrl()}/api/v1/sync/heads`, { headers: { Authorization: `Bearer ${other}` } })).json()) as { chains: unknown[] }).chains).toEqual([]);
    const wrong = await fetch(`${hqUrl()}/api/v1/sync/heads`, { headers: { Authorization: `Bearer ${token.slice(0, -2)}xx` } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ code: 'SHOP_TOKEN_INVALID' });
    // A chain is never a sale id: one in that shape whose digits read as a card number is refused before head office journals the read.
    const shaped = await fetch(`${hqUrl()}/api/v1/sync/chains/99411111-111111-111199/events?after=0`, { headers: { Authorization: `Bearer ${token}` } });
    expect(shaped.status).toBe(400);
    expect(await shaped.json()).toMatchObject({ code: 'PAN_NOT_MASKED', errors: [{ path: 'chain' }] });
  }, 240_000);

  it('goes on after head office is killed mid-batch, with a shop clock months ahead', async () => {
    const shop = join(dir.path, 'shop2.db');
    // The shop's clock is three months ahead: its events fall in a month head office has no partition for yet.
    let now = Date.parse('2027-06-02T08:00:00Z');
    await shopWithSales(shop, 'SH-002', 2500, () => now++);
    const syncing = reissue(['sync', '--to', hqUrl(), '--token-file', 'SH-002.token', '--every', '0.2', '--db', shop], (child) => {
      // Head office dies once it took some of this shop's events; it comes back on the same port.
      const poll = setInterval(() => {
        void withHeadOfficeJournal((j) => j.counts('SH-002')).then(async ({ events }) => {
          if (events > 0 && hq) {
            clearInterval(poll);
            const old = hq;
            hq = undefined;
            await killed(old);
            hq = await startHeadOffice();
            // The loop retries with backoff and then catches up: wait until nothing is left, then stop it.
            const done = setInterval(() => {
              void shopHeads(shop).then(async (heads) => {
                const held = await withHeadOfficeJournal((j) => j.chainHeads('SH-002'));
                if (JSON.stringify(headsOf(held)) === JSON.stringify(heads)) {
                  clearInterval(done);
                  child.kill('SIGTERM');
                }
              });
            }, 200);
          }
        });
      }, 20);
    });
    const result = await syncing;
    expect(result.signal === 'SIGTERM' || result.code === 0, result.stderr).toBe(true);
    await expectInStep(shop, 'SH-002');
  }, 240_000);

  it('refuses a shop whose journal was edited at the edited event, and journals an integrity alert', async () => {
    const shop = join(dir.path, 'shop3.db');
    let now = Date.parse('2026-11-27T08:00:00Z');
    await shopWithSales(shop, 'SH-003', 20, () => now++);
    const raw = new Database(shop);
    raw.exec("DROP TRIGGER events_no_update; UPDATE events SET payload = replace(payload, '15.05', '1.05') WHERE terminal_id = '10023456' AND seq = 3");
    raw.close();
    const refused = await reissue(['sync', '--to', hqUrl(), '--token-file', 'SH-003.token', '--once', '--db', shop]);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('CHAIN_EDITED');
    expect(refused.stderr).toMatch(/chain 10023456, event 3/);
    await withHeadOfficeJournal(async (journal) => {
      // The refused batch was refused whole: head office holds nothing of that chain.
      expect((await journal.chainHeads('SH-003')).find((h) => h.terminalId === '10023456')).toBeUndefined();
      // The shop's other chains link fine and went all the same: its other till's sales and its audit trail.
      expect(new Map((await journal.chainHeads('SH-003')).map((h) => [h.terminalId, h.seq]))).toEqual(new Map([['20000001', 10], ['audit', 1], ['store', 1]]));
      const alerts = await journal.auditTrail({ type: 'integrity.alert', stores: [''] });
      expect(alerts[0]?.data).toMatchObject({ code: 'CHAIN_EDITED', storeId: 'SH-003', chain: '10023456', seq: 3 });
    });
  }, 120_000);

  it('restores a lost shop from head office, verified, with the settings it sealed there: its receipts still check as genuine, and it keeps selling', async () => {
    // The shop's receipt key (made when it first printed a code), sent sealed on its next sync.
    const lost = new Journal({ store: await openStore(join(dir.path, 'shop1.db')) });
    let code: string;
    try {
      const key = await lost.metaOnce('verificationKey', () => '5e'.repeat(32));
      const tx = nthSale(7);
      const sale = await lost.get(`${tx.terminalId}-${tx.batchNo}-${tx.voucherNo}`);
      code = verificationCode(key, sale, 0);
    } finally {
      await lost.close();
    }
    expect((await reissue(['sync', '--to', hqUrl(), '--token-file', 'SH-001.token', '--once', '--db', join(dir.path, 'shop1.db')])).code).toBe(0);
    const restored = join(dir.path, 'shop1-new.db');
    const result = await reissue(['restore', '--from', hqUrl(), '--token-file', 'SH-001.token', '--db', restored]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/restored store SH-001 .*: 4002 events on 4 chain\(s\) verify/);
    expect(result.stdout).toMatch(/the shop last pushed 20\d\d-/);
    expect(result.stdout).toMatch(/took back the shop's settings \(receipt key, time zone, currency, created\): the codes on receipts printed before still check as genuine/);
    const checked = await reissue(['check', code, '--db', restored]);
    expect(checked.stdout, checked.stderr).toMatch(/^genuine: the original of sale /);
    // The same restore, said to a Chinese reader.
    const zh = await reissue(['restore', '--from', hqUrl(), '--token-file', 'SH-001.token', '--db', join(dir.path, 'shop1-zh.db'), '--lang', 'zh']);
    expect(zh.code, zh.stderr).toBe(0);
    expect(zh.stdout).toContain('已恢复门店的设置（小票验证密钥、时区、币种、建立时间）：以前打印的凭证上的验证码仍然真实有效');
    expect(await shopHeads(restored)).toEqual(await shopHeads(join(dir.path, 'shop1.db')));
    const journal = new Journal({ store: await openStore(restored) });
    try {
      expect(await journal.storeIdentity()).toBe('SH-001');
      const next = await journal.record(nthSale(4001));
      expect(next).toMatchObject({ created: true, terminalId: '10023456', seq: 2001 });
      expect((await journal.verify()).ok).toBe(true);
    } finally {
      await journal.close();
    }
    const pushed = await reissue(['sync', '--to', hqUrl(), '--token-file', 'SH-001.token', '--once', '--db', restored]);
    expect(pushed.stdout).toContain('sent 1 events');
    await expectInStep(restored, 'SH-001');
    // Into a journal that holds events already: refused, nothing changed.
    const again = await reissue(['restore', '--from', hqUrl(), '--token-file', 'SH-001.token', '--db', restored]);
    expect(again.code).toBe(4);
    expect(again.stderr).toContain('RESTORE_TARGET_NOT_EMPTY');
  }, 120_000);

  it('sends in the background while a shop runs `reissue start` with `sync` configured, and shows the lag in /health', async () => {
    const shop = join(dir.path, 'shop4.db');
    await runCli(dir.path, ['init', '--store', 'SH-004', '--db', shop]);
    expect((await runCli(dir.path, ['store', '--db', shop])).stdout).toContain('store id  SH-004');
    expect((await runCli(dir.path, ['store', 'set-id', 'SH-005', '--db', shop])).stderr).toContain('STORE_ID_ALREADY_SET');
    await runCli(dir.path, ['hq', 'store', 'add', 'SH-004', '--name', '长宁店', '--token-file', 'SH-004.token', '--db', hqDb]);
    writeFileSync(join(dir.path, 'shop4.config.json'), JSON.stringify({ sync: { to: hqUrl(), tokenFile: 'SH-004.token', every: 0.2 } }));
    const shopPort = await freePort();
    const child = spawn(process.execPath, [BIN, 'start', '--db', shop, '--config', 'shop4.config.json', '--port', String(shopPort), '--host', '127.0.0.1', '--log-format', 'json'], { cwd: dir.path, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      await new Promise<void>((ok) => child.stdout?.setEncoding('utf8').on('data', (t: string) => /listening on http/.test(t) && ok()));
      // Sales recorded while it runs (another process writing the shop's journal, as the POS does over HTTP).
      const journal = new Journal({ store: await openStore(shop) });
      await journal.recordMany([nthSale(1), nthSale(2), nthSale(3)]);
      await journal.close();
      for (;;) {
        const held = await withHeadOfficeJournal((j) => j.chainHeads('SH-004'));
        if (held.find((h) => h.terminalId === '10023456')?.seq === 3) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await expectInStep(shop, 'SH-004');
      let health: { sync?: { pending: number } } = {};
      // The lag reads from head office's last acknowledgement, which the loop saves just after the push.
      for (let i = 0; i < 100 && health.sync?.pending !== 0; i++) {
        health = (await (await fetch(`http://127.0.0.1:${shopPort}/health`)).json()) as typeof health;
        if (health.sync?.pending !== 0) await new Promise((r) => setTimeout(r, 100));
      }
      expect(health.sync).toMatchObject({ pending: 0, lastError: null });
    } finally {
      await killed(child);
    }
  }, 120_000);

  it('searches across shops with a store filter at head office', async () => {
    await withHeadOfficeJournal(async (journal) => {
      const at = Date.parse('2026-11-27T06:10:00Z');
      const window = { from: at - 15 * 60_000, to: at + 15 * 60_000, limit: 100 };
      const all = await journal.find(window);
      // SH-003 was refused one chain: only its other till's sales are at head office.
      expect(new Set(all.items.map((i) => i.storeId))).toEqual(new Set(['SH-001', 'SH-002', 'SH-003', 'SH-004']));
      expect(new Set(all.items.filter((i) => i.storeId === 'SH-003').map((i) => i.transaction.terminalId))).toEqual(new Set(['20000001']));
      const one = await journal.find({ ...window, storeIds: ['SH-002'] });
      expect(one.items.length).toBeGreaterThan(0);
      expect(one.items.every((i) => i.storeId === 'SH-002')).toBe(true);
    });
    // The same over HTTP, as the back office searches: `store=` narrows to shops.
    const added = await runCli(dir.path, ['user', 'add', 'finance', '--role', 'admin', '--password-stdin', '--db', hqDb], { stdin: 'finance-password\n' });
    expect(added.code, added.stderr).toBe(0);
    const login = await fetch(`${hqUrl()}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'finance', password: 'finance-password', bearer: true }) });
    const { token } = (await login.json()) as { token: string };
    const search = async (query: string) => {
      const answer = await fetch(`${hqUrl()}/api/v1/transactions?around=2026-11-27%2014:10&within=15m&limit=100${query}`, { headers: { Authorization: `Bearer ${token}` } });
      expect(answer.status).toBe(200);
      return ((await answer.json()) as { items: { storeId: string }[] }).items.map((i) => i.storeId);
    };
    expect(new Set(await search(''))).toEqual(new Set(['SH-001', 'SH-002', 'SH-003', 'SH-004']));
    const narrowed = await search('&store=SH-001');
    expect(narrowed.length).toBeGreaterThan(0);
    expect(new Set(narrowed)).toEqual(new Set(['SH-001']));
    expect(new Set(await search('&store=SH-003'))).toEqual(new Set(['SH-003']));
    expect(await search('&store=SH-009')).toEqual([]);
    const bad = await fetch(`${hqUrl()}/api/v1/transactions?store=bad%20id`, { headers: { Authorization: `Bearer ${token}` } });
    expect(await bad.json()).toMatchObject({ status: 400, code: 'BAD_STORE_ID' });
  });
});
