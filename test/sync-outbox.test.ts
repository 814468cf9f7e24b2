/**
 * The outbox and head office in one process, over real SQLite files: batching, positions,
 * tokens, revocation, and every refusal a shop can meet. (test/sync-e2e.test.ts runs them
 * in separate processes over HTTP and PostgreSQL.)
 */
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/app.js';
import { Journal } from '../src/journal/index.js';
import { ReissueError } from '../src/core/index.js';
import { localiseError } from '../src/i18n/index.js';
import { HeadOffice, MAX_BATCH_EVENTS, Outbox, SqlShopRegistry, backoffMs, inProcessHeadOfficeLink, openSettings, restoreFromHeadOffice, runSyncLoop, syncStatus, type HeadOfficeLink } from '../src/sync/index.js';
import { keySignsRecordedCodes, verificationCode } from '../src/reprint/index.js';
import { openSqliteFile } from '../src/sql/index.js';
import Database from 'better-sqlite3';
import { nthSale } from './support/fixtures.js';
import { runCli, tempDir } from './support/cli.js';
import { chmodSync, copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tamperSqlite } from './support/tamper.js';

let dir: ReturnType<typeof tempDir>;
let hqJournal: Journal;
let office: HeadOffice;
let now: number;
const pushes: number[] = [];

/** Head office reached in-process with a token: the same checks as over HTTP (each push's size noted). */
function linkTo(token: string): HeadOfficeLink {
  const link = inProcessHeadOfficeLink(office, token);
  return {
    ...link,
    push: async (chain, events) => {
      pushes.push(events.length);
      return link.push(chain, events);
    },
  };
}

async function shop(name: string, storeId: string | undefined, sales: number): Promise<Journal> {
  const journal = new Journal({ store: await openStore(join(dir.path, `${name}.db`), { create: true }), clock: () => now++ });
  if (storeId !== undefined) await journal.identifyStore(storeId);
  const all = Array.from({ length: sales }, (_, i) => nthSale(i + 1));
  for (let i = 0; i < all.length; i += 1000) await journal.recordMany(all.slice(i, i + 1000));
  return journal;
}

beforeEach(async () => {
  dir = tempDir('reissue-outbox-');
  now = Date.parse('2026-11-27T08:00:00Z');
  pushes.length = 0;
  hqJournal = new Journal({ store: await openStore(join(dir.path, 'hq.db'), { create: true }), clock: () => now++ });
  const shops = await SqlShopRegistry.open(openSqliteFile({ file: join(dir.path, 'hq.db'), open: (file, options) => new Database(file, options) }));
  let n = 0;
  office = new HeadOffice({ journal: hqJournal, shops, clock: () => now, random: (size) => new Uint8Array(size).fill(++n) });
  closers.push(() => shops.close(), () => hqJournal.close());
});
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  dir.remove();
});

describe('the outbox', () => {
  it('sends every chain in batches of at most 1,000 events, from where head office is, once', async () => {
    const { token } = await office.addShop('SH-001', '浦东店');
    const journal = await shop('a', 'SH-001', 2500);
    closers.push(() => journal.close());
    const outbox = new Outbox({ journal, link: linkTo(token), clock: () => now });
    expect(await syncStatus(journal)).toMatchObject({ storeId: 'SH-001', pending: 2501, lastSuccessAt: null });
    expect(await outbox.pushOnce()).toEqual({ pushed: 2501, batches: 4, settingsSent: true });
    expect(pushes).toEqual([MAX_BATCH_EVENTS, MAX_BATCH_EVENTS, 500, 1]);
    expect(await outbox.pushOnce()).toEqual({ pushed: 0, batches: 0, settingsSent: false });
    await journal.record(nthSale(2501));
    expect((await syncStatus(journal)).pending).toBe(1);
    expect(await outbox.pushOnce()).toEqual({ pushed: 1, batches: 1, settingsSent: false });
    expect(await syncStatus(journal)).toMatchObject({ pending: 0, lastError: null, lastSuccessAt: now });
    expect((await hqJournal.verify(undefined, { storeId: 'SH-001' })).ok).toBe(true);
    expect((await office.listShops())[0]).toMatchObject({ id: 'SH-001', name: '浦东店', lastPushAt: now, revokedAt: null });
  });

  it('refuses without a store id, with another shop\'s token, and when the journal is older than head office', async () => {
    const { token } = await office.addShop('SH-001', '浦东店');
    const unnamed = await shop('b', undefined, 1);
    closers.push(() => unnamed.close());
    await expect(new Outbox({ journal: unnamed, link: linkTo(token), clock: () => now }).pushOnce()).rejects.toMatchObject({ code: 'STORE_ID_MISSING' });
    const other = await shop('c', 'SH-009', 1);
    closers.push(() => other.close());
    await expect(new Outbox({ journal: other, link: linkTo(token), clock: () => now }).pushOnce()).rejects.toMatchObject({ code: 'SYNC_WRONG_STORE', context: { storeId: 'SH-009', tokenStore: 'SH-001' } });
    expect(await syncStatus(other)).toMatchObject({ lastError: 'SYNC_WRONG_STORE' });
    // An older copy of the shop's own journal (last night's backup): what it holds, head office holds too.
    let current = await shop('d', 'SH-001', 2);
    await current.close();
    copyFileSync(join(dir.path, 'd.db'), join(dir.path, 'e.db'));
    current = new Journal({ store: await openStore(join(dir.path, 'd.db')), clock: () => now++ });
    closers.push(() => current.close());
    await current.record(nthSale(3));
    await new Outbox({ journal: current, link: linkTo(token), clock: () => now }).pushOnce();
    const older = new Journal({ store: await openStore(join(dir.path, 'e.db')), clock: () => now++ });
    closers.push(() => older.close());
    await expect(new Outbox({ journal: older, link: linkTo(token), clock: () => now }).pushOnce()).rejects.toMatchObject({ code: 'SHOP_BEHIND_HEAD_OFFICE', context: { seq: 2, heldSeq: 3 } });
  });

  it('refuses a journal restored from an older backup that went on recording (SHOP_DIVERGED), from the first event head office holds otherwise, and never calls it all sent', async () => {
    const { token } = await office.addShop('SH-001', '浦东店');
    const file = join(dir.path, 'g.db');
    let journal = await shop('g', 'SH-001', 17);
    await journal.close();
    copyFileSync(file, join(dir.path, 'g-backup.db'));
    journal = new Journal({ store: await openStore(file), clock: () => now++ });
    await journal.recordMany(Array.from({ length: 13 }, (_, i) => nthSale(18 + i)));
    await new Outbox({ journal, link: linkTo(token), clock: () => now }).pushOnce();
    await journal.close();
    const held = async () => (await office.heads('SH-001')).chains.find((c) => c.chain === '10023456');
    const sent = await held();
    expect(sent?.seq).toBe(30);

    // The disk dies; last night's backup (sales 1–17) goes back in, and the till sells on: fewer sales than were lost, then more.
    const restored = new Journal({ store: await openStore(join(dir.path, 'g-backup.db')), clock: () => now++ });
    closers.push(() => restored.close());
    await restored.recordMany([nthSale(101), nthSale(102), nthSale(103)]);
    const outbox = new Outbox({ journal: restored, link: linkTo(token), clock: () => now });
    await expect(outbox.pushOnce()).rejects.toMatchObject({ code: 'SHOP_DIVERGED', context: { chain: '10023456', seq: 18, shopSeq: 20, heldSeq: 30 } });
    await restored.recordMany(Array.from({ length: 20 }, (_, i) => nthSale(104 + i)));
    const refused = await outbox.pushOnce().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toMatchObject({ code: 'SHOP_DIVERGED', context: { chain: '10023456', seq: 18, shopSeq: 40, heldSeq: 30 } });
    // The 23 sales since the backup are on this shop only: said so, never "all sent".
    expect(await syncStatus(restored)).toMatchObject({ pending: 23, lastError: 'SHOP_DIVERGED' });
    expect(await held()).toEqual(sent);
    const said = localiseError(refused as ReissueError, 'zh', 'cli');
    expect(said.detail).toContain('第 18 条起');
    expect(said.hint).toContain('reissue restore --from');
    expect(localiseError(refused as ReissueError, 'en', 'cli').detail).toContain('restored from an older backup or replaced');

    const status = await runCli(dir.path, ['sync', '--status', '--db', join(dir.path, 'g-backup.db')]);
    expect(status.stdout).toMatch(/not yet sent {2}23 events[\s\S]*last error {4}Journal differs from head office \[SHOP_DIVERGED\]\n/);
    expect((await runCli(dir.path, ['sync', '--status', '--db', join(dir.path, 'g-backup.db'), '--lang', 'zh'])).stdout).toContain('上次错误    本地日志与总部不一致 [SHOP_DIVERGED]');
  });

  it("sends the shop's other chains, its audit trail above all, when one chain is refused, and names every refusal", async () => {
    const { token } = await office.addShop('SH-001', '浦东店');
    const file = join(dir.path, 'h.db');
    let journal = await shop('h', 'SH-001', 3);
    await journal.close();
    copyFileSync(file, join(dir.path, 'h-backup.db'));
    journal = new Journal({ store: await openStore(file), clock: () => now++ });
    await journal.recordMany([nthSale(4), nthSale(5)]);
    await new Outbox({ journal, link: linkTo(token), clock: () => now }).pushOnce();
    await journal.close();

    // Restored from the backup: terminal 10023456 goes on where head office holds other sales; terminal 10099999 is new,
    // and one of its sales was edited in the file; the staff reprint, so the audit chain grows.
    let restored = new Journal({ store: await openStore(join(dir.path, 'h-backup.db')), clock: () => now++ });
    await restored.recordMany([nthSale(6), nthSale(7, { terminalId: '10099999' }), nthSale(8, { terminalId: '10099999' })]);
    await restored.appendAudit('reprint.issued', { user: 'clerk', saleId: '10023456-000128-000006', at: '2026-11-27T08:00:00.000Z' });
    await restored.close();
    tamperSqlite(join(dir.path, 'h-backup.db'), "UPDATE events SET payload = replace(payload, '000008', '000009') WHERE terminal_id = '10099999' AND seq = 2");
    restored = new Journal({ store: await openStore(join(dir.path, 'h-backup.db')), clock: () => now++ });
    closers.push(() => restored.close());

    const outbox = new Outbox({ journal: restored, link: linkTo(token), clock: () => now });
    await expect(outbox.pushOnce()).rejects.toMatchObject({ code: 'SHOP_DIVERGED' });
    const heads = new Map((await office.heads('SH-001')).chains.map((c) => [c.chain, c.seq]));
    const ours = new Map((await restored.chainHeads()).map((c) => [c.terminalId, c.seq]));
    expect(ours.get('audit')).toBeGreaterThan(0);
    expect(heads.get('audit')).toBe(ours.get('audit'));
    expect(heads.get('10023456')).toBe(5);
    expect(heads.has('10099999')).toBe(false);
    expect(await syncStatus(restored)).toMatchObject({ lastError: 'SHOP_DIVERGED,CHAIN_EDITED', pending: 1 + 2 });
    const status = await runCli(dir.path, ['sync', '--status', '--db', join(dir.path, 'h-backup.db')]);
    expect(status.stdout).toContain('last error    Journal differs from head office [SHOP_DIVERGED]; Shop journal edited [CHAIN_EDITED]\n');
  });

  it('retries with capped, jittered backoff until stopped, and never throws', async () => {
    expect([1, 2, 3, 10].map((n) => backoffMs(n, 1000, 60_000, () => 0))).toEqual([500, 1000, 2000, 30_000]);
    expect(backoffMs(3, 1000, 60_000, () => 0.999)).toBeLessThanOrEqual(4000);
    const journal = await shop('f', 'SH-001', 1);
    closers.push(() => journal.close());
    const failing: HeadOfficeLink = { ...linkTo('rst_unused.unused'), location: 'nowhere', heads: () => Promise.reject(Object.assign(new Error('down'), { code: 'HEAD_OFFICE_UNAVAILABLE' })) };
    const stop = new AbortController();
    const waits: number[] = [];
    await runSyncLoop(new Outbox({ journal, link: failing, clock: () => now }), stop.signal, {
      everyMs: 10_000,
      random: () => 0,
      sleep: async (ms) => {
        waits.push(ms);
        if (waits.length === 3) stop.abort();
      },
    });
    expect(waits).toEqual([500, 1000, 2000]);
    expect(await syncStatus(journal)).toMatchObject({ lastError: 'HEAD_OFFICE_UNAVAILABLE', pending: 2 });
  });
});

describe('head office', () => {
  it('keeps tokens hashed, refuses a wrong, unknown or revoked one alike, and names bad shops', async () => {
    const { token } = await office.addShop('SH-001', ' 浦东店 ');
    expect(token).toMatch(/^rst_SH-001\.[A-Za-z0-9_-]{43}$/);
    expect(await office.authenticate(token)).toBe('SH-001');
    for (const bad of [undefined, '', 'rst_SH-001.short', `${token.slice(0, -1)}x`, token.replace('SH-001', 'SH-002')]) {
      await expect(office.authenticate(bad)).rejects.toMatchObject({ code: 'SHOP_TOKEN_INVALID', kind: 'unauthorized' });
    }
    await expect(office.addShop('SH-001', 'again')).rejects.toMatchObject({ code: 'SHOP_EXISTS' });
    await expect(office.addShop('SH-002', '  ')).rejects.toMatchObject({ code: 'BAD_SHOP_NAME' });
    await expect(office.addShop('no such id!', 'x')).rejects.toMatchObject({ code: 'BAD_STORE_ID' });
    await expect(office.revokeShop('SH-404')).rejects.toMatchObject({ code: 'SHOP_NOT_FOUND' });
    await office.revokeShop('SH-001');
    await expect(office.authenticate(token)).rejects.toMatchObject({ code: 'SHOP_TOKEN_INVALID' });
    expect((await hqJournal.auditTrail()).map((e) => e.type)).toEqual(['shop.revoked', 'shop.added']);
  });

  it('restores a shop into an empty journal only, verified, and says when it last pushed', async () => {
    const { token } = await office.addShop('SH-001', '浦东店');
    const journal = await shop('g', 'SH-001', 5);
    closers.push(() => journal.close());
    await new Outbox({ journal, link: linkTo(token), clock: () => now }).pushOnce();
    // Read before the restore: head office journals each read of it (sync.events-read), and its journal's clock ticks with each write.
    const pushedAt = (await office.heads('SH-001')).lastPushAt;
    const target = new Journal({ store: await openStore(join(dir.path, 'new.db'), { create: true }) });
    closers.push(() => target.close());
    const result = await restoreFromHeadOffice(linkTo(token), target);
    expect(result).toMatchObject({ storeId: 'SH-001', events: 6, lastPushAt: pushedAt, chains: [{ chain: '10023456', seq: 5 }, { chain: 'store', seq: 1 }] });
    expect(await target.storeIdentity()).toBe('SH-001');
    await expect(restoreFromHeadOffice(linkTo(token), target)).rejects.toMatchObject({ code: 'RESTORE_TARGET_NOT_EMPTY', context: { events: 6 } });
  });

  it("keeps the shop's settings sealed, sends them again only when they change, and a restore takes them back: a code printed before checks as genuine", async () => {
    const { token } = await office.addShop('SH-001', '浦东店');
    const journal = await shop('k', 'SH-001', 3);
    closers.push(() => journal.close());
    await journal.setMeta('timeZone', 'Asia/Urumqi');
    const key = await journal.metaOnce('verificationKey', () => 'ab'.repeat(32));
    const outbox = new Outbox({ journal, link: linkTo(token), clock: () => now });
    expect((await outbox.pushOnce()).settingsSent).toBe(true);
    expect((await outbox.pushOnce()).settingsSent).toBe(false);
    await journal.setMeta('eReceiptsWithdrawn  10023456-000128-000001', String(Date.parse('2026-11-27T08:00:00.000Z')));
    expect((await outbox.pushOnce()).settingsSent).toBe(true);
    expect((await hqJournal.auditTrail()).filter((e) => e.type === 'sync.settings-kept')).toHaveLength(2);

    // Head office holds them, but not in a form it can read: the key is nowhere in its files.
    await hqJournal.close();
    const hqFiles = ['hq.db', 'hq.db-wal'].map((f) => join(dir.path, f)).filter((f) => existsSync(f)).map((f) => readFileSync(f));
    for (const bytes of hqFiles) {
      expect(bytes.includes(Buffer.from(key))).toBe(false);
      expect(bytes.includes(Buffer.from('Asia/Urumqi'))).toBe(false);
    }
    hqJournal = new Journal({ store: await openStore(join(dir.path, 'hq.db')), clock: () => now++ });
    office = new HeadOffice({ journal: hqJournal, shops: await SqlShopRegistry.open(openSqliteFile({ file: join(dir.path, 'hq.db'), open: (file, options) => new Database(file, options) })), clock: () => now, random: (size) => new Uint8Array(size).fill(7) });
    closers.push(() => hqJournal.close());

    const sale = (await journal.find({ limit: 1 })).items[0];
    if (!sale) throw new Error('no sale');
    const code = verificationCode(key, sale, 0);
    const target = join(dir.path, 'rebuilt.db');
    const rebuilt = new Journal({ store: await openStore(target, { create: true }) });
    const result = await restoreFromHeadOffice(linkTo(token), rebuilt);
    expect(result.settings).toEqual({ taken: expect.arrayContaining(['verificationKey', 'timeZone', 'eReceiptsWithdrawn  10023456-000128-000001']) });
    expect(await rebuilt.meta('verificationKey')).toBe(key);
    expect(await rebuilt.meta('timeZone')).toBe('Asia/Urumqi');
    await rebuilt.close();
    expect((await hqJournal.auditTrail()).map((e) => e.type)).toContain('sync.settings-read');
    const checked = await runCli(dir.path, ['check', code, '--db', target]);
    expect(checked.stdout).toMatch(/^genuine/);
    expect(checked.code).toBe(0);
  });

  it("takes no settings whose receipt key does not sign the codes the shop's duplicates recorded (replaced by someone holding the token)", async () => {
    const { token } = await office.addShop('SH-001', '浦东店');
    const journal = await shop('p', 'SH-001', 3);
    closers.push(() => journal.close());
    const key = await journal.metaOnce('verificationKey', () => '1a'.repeat(32));
    const sale = (await journal.find({ limit: 1 })).items[0];
    if (!sale) throw new Error('no sale');
    await journal.appendAudit('reprint.issued', { saleId: sale.id, copy: 1, user: 'wang', code: verificationCode(key, sale, 1), at: new Date(now).toISOString() });
    await new Outbox({ journal, link: linkTo(token), clock: () => now }).pushOnce();
    const restoreInto = async (name: string) => {
      const target = new Journal({ store: await openStore(join(dir.path, name), { create: true }) });
      closers.push(() => target.close());
      return { target, result: await restoreFromHeadOffice(linkTo(token), target, undefined, (k) => keySignsRecordedCodes(target, k)) };
    };
    const honest = await restoreInto('honest.db');
    expect(honest.result.settings).toEqual({ taken: expect.arrayContaining(['verificationKey']) });
    expect(await honest.target.meta('verificationKey')).toBe(key);

    // Someone with the token seals a key of their own (and a time zone) in the shop's place.
    await linkTo(token).putSettings({ meta: [['verificationKey', '2b'.repeat(32)], ['timeZone', 'Asia/Urumqi']] });
    const planted = await restoreInto('planted.db');
    expect(planted.result.settings).toEqual({ missing: 'not-the-shops-key' });
    expect(await planted.target.meta('verificationKey')).toBeUndefined();
    expect(await planted.target.meta('timeZone')).not.toBe('Asia/Urumqi');
    // The shop's outbox reads back what head office holds once a process: the next start puts its own back.
    const again = new Outbox({ journal, link: linkTo(token), clock: () => now });
    expect((await again.pushOnce()).settingsSent).toBe(true);
    expect((await again.pushOnce()).settingsSent).toBe(false);
    const mended = await restoreInto('mended.db');
    expect(mended.result.settings).toEqual({ taken: expect.arrayContaining(['verificationKey']) });
    expect(await mended.target.meta('verificationKey')).toBe(key);
  });

  it('refuses kept settings holding a card number or not as a shop writes them (BACKUP_CONTENT_REFUSED), before any event is written', async () => {
    const { token } = await office.addShop('SH-001', '浦东店');
    const journal = await shop('c', 'SH-001', 2);
    closers.push(() => journal.close());
    await new Outbox({ journal, link: linkTo(token), clock: () => now }).pushOnce();
    const pan = '4539148803436467';
    const planted: [string, string][][] = [
      [['eReceiptsWithdrawn  10023456-000128-000001', pan]],
      [[`eReceiptsWithdrawn  ${pan}`, '1764230400000']],
      [['currency', 'yuan']],
      [['lastSync', '1764230400000']],
    ];
    for (const [i, meta] of planted.entries()) {
      // Someone with the token seals settings of their own in the shop's place.
      await linkTo(token).putSettings({ meta });
      const target = new Journal({ store: await openStore(join(dir.path, `planted-${i}.db`), { create: true }) });
      closers.push(() => target.close());
      const refused = await restoreFromHeadOffice(linkTo(token), target).then(() => undefined, (error: unknown) => error as ReissueError);
      expect(refused).toMatchObject({ code: 'BACKUP_CONTENT_REFUSED' });
      expect(JSON.stringify([refused?.message, refused?.context])).not.toContain(pan);
      expect((await target.counts()).events).toBe(0);
    }
  });

  it('restores without the settings, and says why, when head office keeps none (or is of a build before them) or cannot open them', async () => {
    const { token } = await office.addShop('SH-001', '浦东店');
    const journal = await shop('n', 'SH-001', 2);
    closers.push(() => journal.close());
    await journal.metaOnce('verificationKey', () => 'cd'.repeat(32));
    // A head office of a build before sealed settings (no door for them: 404 ROUTE_NOT_FOUND): the round still
    // succeeds and the shop asks again next round; a restore from it keeps the defaults.
    const older = () => Promise.reject(new ReissueError('not-found', 'ROUTE_NOT_FOUND', 'head office answered 404 ROUTE_NOT_FOUND: there is no such page or API route'));
    const before: HeadOfficeLink = { ...linkTo(token), putSettings: older, settings: older };
    const outbox = new Outbox({ journal, link: before, clock: () => now });
    expect(await outbox.pushOnce()).toEqual({ pushed: 3, batches: 2, settingsSent: false });
    expect(await syncStatus(journal)).toMatchObject({ pending: 0, lastError: null });
    const first = new Journal({ store: await openStore(join(dir.path, 'none.db'), { create: true }) });
    closers.push(() => first.close());
    expect((await restoreFromHeadOffice(before, first)).settings).toEqual({ missing: 'none-kept' });
    expect(await first.meta('verificationKey')).toBeUndefined();
    // … and one that has the door but was never sent anything.
    const unsent = new Journal({ store: await openStore(join(dir.path, 'none2.db'), { create: true }) });
    closers.push(() => unsent.close());
    expect((await restoreFromHeadOffice(linkTo(token), unsent)).settings).toEqual({ missing: 'none-kept' });
    // Head office that fails otherwise fails the round, and the restore before it writes anything.
    const broken: HeadOfficeLink = { ...linkTo(token), putSettings: () => Promise.reject(new ReissueError('unavailable', 'HEAD_OFFICE_UNAVAILABLE', 'down')), settings: () => Promise.reject(new ReissueError('unavailable', 'HEAD_OFFICE_UNAVAILABLE', 'down')) };
    await expect(new Outbox({ journal, link: broken, clock: () => now }).pushOnce()).rejects.toMatchObject({ code: 'HEAD_OFFICE_UNAVAILABLE' });
    const third = new Journal({ store: await openStore(join(dir.path, 'none3.db'), { create: true }) });
    closers.push(() => third.close());
    await expect(restoreFromHeadOffice(broken, third)).rejects.toMatchObject({ code: 'HEAD_OFFICE_UNAVAILABLE' });
    expect((await third.counts()).events).toBe(0);

    await journal.setMeta('timeZone', 'Asia/Urumqi');
    await new Outbox({ journal, link: linkTo(token), clock: () => now }).pushOnce();
    const raw = new Database(join(dir.path, 'hq.db'));
    const { sealed } = raw.prepare('SELECT sealed FROM hq_shop_settings WHERE store_id = ?').get('SH-001') as { sealed: string };
    const flipped = sealed.slice(0, -2) + (sealed.at(-2) === 'A' ? 'B' : 'A') + sealed.slice(-1);
    raw.prepare('UPDATE hq_shop_settings SET sealed = ? WHERE store_id = ?').run(flipped, 'SH-001');
    raw.close();
    const second = new Journal({ store: await openStore(join(dir.path, 'changed.db'), { create: true }) });
    closers.push(() => second.close());
    const result = await restoreFromHeadOffice(linkTo(token), second);
    expect(result).toMatchObject({ events: 3, settings: { missing: 'unreadable' } });
    expect(await second.meta('timeZone')).not.toBe('Asia/Urumqi');
    // Another shop's token opens nothing of this one's: the store id is sealed in.
    expect(() => openSettings(token.replace('SH-001', 'SH-002'), 'SH-002', sealed)).toThrow(expect.objectContaining({ code: 'SEALED_SETTINGS_UNREADABLE' }));
    expect(openSettings(token, 'SH-001', sealed).meta).toContainEqual(['timeZone', 'Asia/Urumqi']);
  });

  it('answers a restore in pages of at most 1 MB (always one event), and the restore takes every page', async () => {
    const { token } = await office.addShop('SH-001', '浦东店');
    const journal = await shop('g', 'SH-001', 2);
    closers.push(() => journal.close());
    // Five audit events of ~300 KB each: one page of 1,000 events would be 1.5 MB.
    for (let i = 0; i < 5; i++) await journal.appendAudit('note.added', { text: `${i}`.repeat(300_000) });
    await new Outbox({ journal, link: linkTo(token), clock: () => now }).pushOnce();
    const audit = (await office.heads('SH-001')).chains.find((c) => c.seq >= 5);
    expect(audit).toBeDefined();
    const chain = audit?.chain ?? '';
    const first = await office.eventsAfter('SH-001', chain, 0, MAX_BATCH_EVENTS);
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(audit?.seq ?? 0);
    expect(Buffer.byteLength(JSON.stringify(first))).toBeLessThanOrEqual(1024 * 1024);
    const target = new Journal({ store: await openStore(join(dir.path, 'new.db'), { create: true }) });
    closers.push(() => target.close());
    const result = await restoreFromHeadOffice(linkTo(token), target);
    expect(result.chains).toContainEqual({ chain, seq: 5 });
    expect((await target.auditTrail()).filter((e) => e.type === 'note.added')).toHaveLength(5);
  });

  it('refuses an answer about another store than the one the token names, writing nothing (HEAD_OFFICE_WRONG_STORE)', async () => {
    const { token } = await office.addShop('SH-001', '浦东店');
    const journal = await shop('w', 'SH-001', 2);
    closers.push(() => journal.close());
    await new Outbox({ journal, link: linkTo(token), clock: () => now }).pushOnce();
    const honest = linkTo(token);
    expect(honest.storeId).toBe('SH-001');
    const other: HeadOfficeLink = { ...honest, heads: async () => ({ ...(await honest.heads()), storeId: 'SH-999' }) };
    const target = new Journal({ store: await openStore(join(dir.path, 'other.db'), { create: true }) });
    closers.push(() => target.close());
    await expect(restoreFromHeadOffice(other, target)).rejects.toMatchObject({ code: 'HEAD_OFFICE_WRONG_STORE', context: { expected: 'SH-001' } });
    expect((await target.counts()).events).toBe(0);
  });

  it('refuses a rebuilt journal that does not end where head office said its chain ends (RESTORE_NOT_VERIFIED)', async () => {
    const { token } = await office.addShop('SH-001', '浦东店');
    const journal = await shop('h', 'SH-001', 5);
    closers.push(() => journal.close());
    await new Outbox({ journal, link: linkTo(token), clock: () => now }).pushOnce();
    // Head office's heads name event 6 of the terminal's chain, but its events stop at 5 (a cut-off answer).
    const honest = linkTo(token);
    const short: HeadOfficeLink = { ...honest, heads: async () => { const h = await honest.heads(); return { ...h, chains: h.chains.map((c) => (c.chain === '10023456' ? { ...c, seq: 6 } : c)) }; } };
    const target = new Journal({ store: await openStore(join(dir.path, 'short.db'), { create: true }) });
    closers.push(() => target.close());
    await expect(restoreFromHeadOffice(short, target)).rejects.toMatchObject({ code: 'RESTORE_NOT_VERIFIED', kind: 'integrity', context: { chain: '10023456', seq: 6 } });
    const cli = await runCli(dir.path, ['verify', '--db', join(dir.path, 'short.db')]);
    // What was fetched is sound; it is only short of head office's head, so it is not taken as the shop.
    expect(cli.code).toBe(0);
  });
});

describe('reissue sync on the command line', () => {
  it('says what is wrong with its options, a missing token file, and a head office it cannot reach', async () => {
    const db = join(dir.path, 'cli.db');
    await runCli(dir.path, ['init', '--store', 'SH-001', '--db', db]);
    expect((await runCli(dir.path, ['sync', '--db', db])).stderr).toContain('--to is required');
    expect((await runCli(dir.path, ['sync', '--to', 'hq', '--token-file', 't', '--db', db])).stderr).toContain('--to must be an http(s) address');
    const missing = await runCli(dir.path, ['sync', '--to', 'http://127.0.0.1:9', '--token-file', 'none.token', '--once', '--db', db]);
    expect(missing).toMatchObject({ code: 3 });
    expect(missing.stderr).toContain('NO_TOKEN_FILE');
    writeFileSync(join(dir.path, 'shop.token'), 'rst_SH-001.abcdefghijklmnopqrstuvwxyz\n');
    const down = await runCli(dir.path, ['sync', '--to', 'http://127.0.0.1:9', '--token-file', 'shop.token', '--once', '--db', db]);
    expect(down.code).toBe(6);
    expect(down.stderr).toContain('HEAD_OFFICE_UNAVAILABLE');
    expect((await runCli(dir.path, ['sync', '--status', '--db', db])).stdout).toMatch(/not yet sent {2}1 events[\s\S]*last error {4}Head office unreachable \[HEAD_OFFICE_UNAVAILABLE\]\n/);
    expect((await runCli(dir.path, ['sync', '--status', '--db', db, '--lang', 'zh'])).stdout).toMatch(/^门店编号 {4}\S+\n未发送 {6}1 条记录\n上次成功 {4}从未\n上次尝试 {4}\d{4}-[\s\S]*上次错误 {4}连不上总部 \[HEAD_OFFICE_UNAVAILABLE\]\n/);
    expect((await runCli(dir.path, ['store', 'rename', '--db', db])).stderr).toContain('BAD_USAGE');
  });

  it('says in words, in Chinese and English, that a proxy in front of head office answered 502, and what to do', async () => {
    const db = join(dir.path, 'cli.db');
    await runCli(dir.path, ['init', '--store', 'SH-001', '--db', db]);
    writeFileSync(join(dir.path, 'shop.token'), 'rst_SH-001.abcdefghijklmnopqrstuvwxyz\n', { mode: 0o600 });
    // What nginx answers when head office behind it is down: its own HTML page, no problem+json.
    const proxy = createServer((_req, res) => res.writeHead(502, { 'Content-Type': 'text/html' }).end('<html><body><h1>502 Bad Gateway</h1></body></html>'));
    await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
    try {
      const args = ['sync', '--once', '--to', `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, '--token-file', 'shop.token', '--db', db];
      const zh = await runCli(dir.path, [...args, '--lang', 'zh']);
      expect(zh.code).toBe(6);
      expect(zh.stderr).toMatch(/^reissue：总部 http:\S+ 答复了 502，不是总部自己的答复（中间的代理或网关代为答复） \[HEAD_OFFICE_HTTP_ERROR\]\n {2}提示：门店照常营业/);
      const en = await runCli(dir.path, args);
      expect(en.stderr).toMatch(/^reissue: head office answered 502 at http:\S+, not with an answer of its own \(a proxy or gateway in between answered\) \[HEAD_OFFICE_HTTP_ERROR\]\n {2}hint: the shop keeps working/);
    } finally {
      await new Promise((done) => proxy.close(done));
    }
    expect((await runCli(dir.path, ['sync', '--status', '--db', db, '--lang', 'zh'])).stdout).toContain('上次错误    总部答复出错 [HEAD_OFFICE_HTTP_ERROR]\n');
    expect((await runCli(dir.path, ['sync', '--status', '--db', db])).stdout).toContain('last error    Head office answered with an error [HEAD_OFFICE_HTTP_ERROR]\n');
  });

  it('warns, in English and Chinese, of a token file others may read, and still sends', async () => {
    const db = join(dir.path, 'cli.db');
    await runCli(dir.path, ['init', '--store', 'SH-001', '--db', db]);
    const file = join(dir.path, 'open.token');
    writeFileSync(file, 'rst_SH-001.abcdefghijklmnopqrstuvwxyz\n', { mode: 0o644 });
    chmodSync(file, 0o644);
    const args = ['sync', '--to', 'http://127.0.0.1:9', '--token-file', 'open.token', '--once', '--db', db];
    const en = await runCli(dir.path, args);
    expect(en.stderr).toContain(`reissue: warning: others than its owner may read the token file ${file} (0644) [TOKEN_FILE_TOO_OPEN]\n  hint: the token pushes this shop's events and reads them back; let only its owner read it: chmod 600 ${file}\n`);
    // The warning does not stop the round: it went on to head office (which is down here).
    expect(en.stderr).toContain('HEAD_OFFICE_UNAVAILABLE');
    const zh = await runCli(dir.path, [...args, '--lang', 'zh']);
    expect(zh.stderr).toContain(`reissue 警告：除了所有者，别人也能读令牌文件 ${file}（0644） [TOKEN_FILE_TOO_OPEN]\n  提示：令牌能推送并读回本门店的事件；请只让所有者读写：chmod 600 ${file}\n`);
    chmodSync(file, 0o600);
    expect((await runCli(dir.path, args)).stderr).not.toContain('TOKEN_FILE_TOO_OPEN');
  });
});

