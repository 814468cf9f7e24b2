/**
 * Gaps an adversarial review of the promise found in the HTTP server (SQLite): what a
 * refused request leaves in the audit chain, and the other doors a copy or a card number
 * could slip through.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containsPan } from '../src/core/index.js';
import { AUDIT_CHAIN } from '../src/journal/index.js';
import { createApp } from '../src/server/index.js';
import { sale } from './support/fixtures.js';
import { shopInto } from './support/shops.js';
import { tamperSqlite } from './support/tamper.js';
import { RECENT, serverHarness, type Harness } from './support/server-harness.js';

let h: Harness;
let app: ReturnType<typeof createApp>;

async function bearer(username: string): Promise<string> {
  const response = await app.request('http://localhost/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: `${username}-password`, bearer: true }) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

async function auditEvents(type: string): Promise<string[]> {
  const events = await h.opened.journal.eventsOf(AUDIT_CHAIN, { limit: 10_000 });
  return events.filter((e) => e.type === type).map((e) => e.payload);
}

beforeAll(async () => {
  h = await serverHarness({ printWaitMs: 0 });
  app = createApp(h.deps);
});
afterAll(async () => {
  await h?.close();
});

describe('a refused request in the audit chain', () => {
  it('journals access.denied with a card number in the path masked, however the path encodes its separators', async () => {
    const li = await bearer('li');
    for (const path of ['4111%2D1111%2D1111%2D1111', '4111%E2%80%8B1111%E2%80%8B1111%E2%80%8B1111', '%EF%BC%94111111111111111']) {
      const response = await app.request(`http://localhost/api/v1/transactions/${path}/e-receipt`, { method: 'POST', headers: { Authorization: `Bearer ${li}` } });
      expect(response.status).toBe(403);
      const denied = (await auditEvents('access.denied'))[0] ?? '';
      expect(denied).toContain('"permission":"reprint.any"');
      // As a reader of the audit would see it: the path decoded.
      const path_ = (JSON.parse(denied) as { path: string }).path;
      expect(containsPan(decodeURIComponent(path_)), path_).toBe(false);
    }
  });

  it('logs a path with a card number masked when an escape in it is not UTF-8 ("%ZZ" beside "%2D" separators)', async () => {
    const li = await bearer('li');
    for (const path of ['/api/v1/transactions/4111%2D1111%2D1111%2D1111%ZZ', '/nothing/4111%2D1111%2D1111%2D1111%FF', '/api/v1/transactions/4111%2D1111%2D1111%2D1111%ZZ/e-receipt']) {
      const before = h.logs.length;
      const response = await app.request(`http://localhost${path}`, { method: path.endsWith('e-receipt') ? 'POST' : 'GET', headers: { Authorization: `Bearer ${li}` } });
      expect(response.status).toBeGreaterThanOrEqual(400);
      const lines = h.logs.slice(before).join('\n');
      expect(lines).toContain('"event":"request"');
      expect(lines).toContain('****');
      expect(lines.replace(/%2D/gi, '-')).not.toContain('4111-1111-1111-1111');
    }
    const denied = JSON.parse((await auditEvents('access.denied'))[0] ?? '{}') as { path: string };
    expect(denied.path).toMatch(/\*{4}.\*{4}.\*{4}.1111/);
  });
});

/** Runs `sql` on the journal's SQLite file from a second connection, as a failing disk would be simulated. */
function onDatabase(sql: string): void {
  const handle = new Database(h.db);
  try {
    handle.exec(sql);
  } finally {
    handle.close();
  }
}

describe('an original printed over HTTP and its trace', () => {
  it('queues nothing when its print.original audit event cannot be written', async () => {
    const id = '10023456-000128-000701';
    await h.opened.journal.record(sale({ voucherNo: '000701', referenceNo: '133041825701', occurredAt: new Date(h.clock.now - 60_000).toISOString(), card: undefined, payments: [{ method: 'cash', amount: '128.50' }] }));
    const li = await bearer('li');
    onDatabase("CREATE TRIGGER audit_fails BEFORE INSERT ON events WHEN NEW.type = 'print.original' BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
    try {
      const response = await app.request(`http://localhost/api/v1/transactions/${id}/print`, { method: 'POST', headers: { Authorization: `Bearer ${li}`, Prefer: 'respond-async' } });
      expect(response.status).toBeGreaterThanOrEqual(500);
      // No trace, no print: the job would have gone to the printer with nobody named as asking for it.
      expect(await h.opened.journal.jobs({ transactionId: id })).toEqual([]);
    } finally {
      onDatabase('DROP TRIGGER audit_fails');
    }
    const response = await app.request(`http://localhost/api/v1/transactions/${id}/print`, { method: 'POST', headers: { Authorization: `Bearer ${li}`, Prefer: 'respond-async' } });
    expect(response.status).toBe(202);
    const jobs = await h.opened.journal.jobs({ transactionId: id });
    expect(jobs).toHaveLength(1);
    const traced = (await auditEvents('print.original')).map((p) => JSON.parse(p) as { saleId: string; jobIds: number[] });
    expect(traced[0]).toMatchObject({ saleId: id, jobIds: jobs.map((j) => j.id) });
  });
});

describe('a duplicate whose void or refund was altered in the database', () => {
  it('is refused (RECORD_ALTERED, an integrity alert), not printed with a mark read from the altered record', async () => {
    const id = '10023456-000128-000801';
    await h.opened.journal.record(sale({ voucherNo: '000801', referenceNo: '133041825801', occurredAt: '2026-11-27T15:30:00+08:00' }));
    // Refunded at another till: the refund is in a chain of its own, no neighbour of the sale's.
    await h.opened.journal.record(sale({ kind: 'refund', terminalId: '20000002', voucherNo: '000802', referenceNo: undefined, amount: '20.00', occurredAt: '2026-11-27T15:40:00+08:00', original: { referenceNo: '133041825801' } }));
    // Someone with database access makes the partial refund look like the whole sale given back.
    tamperSqlite(h.db, `UPDATE events SET payload = replace(payload, '20.00', '128.50') WHERE type = 'transaction.recorded' AND payload LIKE '%000802%'`);
    expect((await h.opened.journal.eventsOf('20000002', { limit: 1 }))[0]?.payload).toContain('"amount":"128.50"');
    const root = await bearer('root');
    const reprint = await app.request(`http://localhost/api/v1/transactions/${id}/reprints`, { method: 'POST', headers: { Authorization: `Bearer ${root}`, 'Content-Type': 'application/json', Prefer: 'respond-async' }, body: JSON.stringify({ reason: 'customer_request' }) });
    expect(reprint.status).toBe(500);
    expect(((await reprint.json()) as { code: string }).code).toBe('RECORD_ALTERED');
    expect((await h.opened.journal.jobs({ transactionId: id })).filter((j) => j.kind === 'duplicate')).toEqual([]);
    const preview = await app.request(`http://localhost/api/v1/transactions/${id}/receipt`, { headers: { Authorization: `Bearer ${root}` } });
    expect(preview.status).toBe(500);
    const alerts = (await auditEvents('integrity.alert')).map((p) => JSON.parse(p) as { saleId?: string; problem?: string });
    expect(alerts).toContainEqual(expect.objectContaining({ saleId: '20000002-000128-000802', problem: 'edited' }));
    // The audit page says what was found, in the reader's language; the journaled event is as written.
    for (const [language, why] of [['zh-CN', '记录在写入后被改动'], ['en', 'an event was edited after it was recorded']] as const) {
      const answer = await app.request('http://localhost/api/v1/audit?type=integrity.alert', { headers: { Authorization: `Bearer ${root}`, 'Accept-Language': language } });
      expect(answer.status).toBe(200);
      const { items } = (await answer.json()) as { items: Record<string, unknown>[] };
      expect(items).toContainEqual(expect.objectContaining({ saleId: '20000002-000128-000802', problem: 'edited', why }));
    }
    expect(alerts.every((a) => !('why' in a))).toBe(true);
  });
});

describe("the day's list and totals over a sale altered in the database", () => {
  it('refuses the report (RECORD_ALTERED, an integrity alert) rather than add up the edited amount', async () => {
    // A terminal of its own: the edit breaks its chain for every later sale of that terminal.
    await h.opened.journal.record(sale({ terminalId: '10023499', voucherNo: '000821', referenceNo: '133041825821', occurredAt: '2026-11-24T10:31:00+08:00', amount: '66.00', items: undefined }));
    const root = await bearer('root');
    const day = () => app.request('http://localhost/api/v1/reports/day?date=2026-11-24&format=csv', { headers: { Authorization: `Bearer ${root}` } });
    const before = await day();
    expect(before.status).toBe(200);
    expect(await before.text()).toContain('66.00');
    const alerts = (await auditEvents('integrity.alert')).length;
    tamperSqlite(h.db, `UPDATE events SET payload = replace(payload, '66.00', '6.00') WHERE type = 'transaction.recorded' AND payload LIKE '%000821%'`);
    const after = await day();
    const text = await after.text();
    expect(after.status, text).toBe(500);
    expect(JSON.parse(text)).toMatchObject({ code: 'RECORD_ALTERED' });
    expect(text).not.toContain('6.00,');
    expect((await auditEvents('integrity.alert')).length).toBe(alerts + 1);
  });
});

describe('checking a receipt whose sale was altered in the database', () => {
  it('answers anyone "not genuine", and names neither the chain nor the event, whether the code was issued or guessed', async () => {
    const id = '10023456-000128-000811';
    await h.opened.journal.record(sale({ voucherNo: '000811', referenceNo: '133041825811', occurredAt: '2026-11-27T15:31:00+08:00' }));
    const root = await bearer('root');
    const reprint = await app.request(`http://localhost/api/v1/transactions/${id}/reprints`, { method: 'POST', headers: { Authorization: `Bearer ${root}`, 'Content-Type': 'application/json', Prefer: 'respond-async' }, body: JSON.stringify({ reason: 'customer_request' }) });
    expect(reprint.status).toBe(202);
    const issued = ((await reprint.json()) as { code: string }).code;
    const guessed = issued.replace(/\.([0-9A-Z]+)$/, (_, mac: string) => `.${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`);
    expect(guessed).not.toBe(issued);
    tamperSqlite(h.db, `UPDATE events SET payload = replace(payload, '128.50', '1285.00') WHERE type = 'transaction.recorded' AND payload LIKE '%000811%'`);
    for (const code of [issued, guessed]) {
      const answer = await app.request(`http://localhost/api/v1/verify/${code}`, { headers: { 'Accept-Language': 'zh-CN' } });
      const text = await answer.text();
      expect(answer.status, text).toBe(200);
      expect(JSON.parse(text)).toMatchObject({ genuine: false, messageText: expect.stringContaining('不是真实有效的凭证') });
      for (const leak of ['RECORD_ALTERED', 'chain', 'event', '10023456', '1285']) expect(text).not.toContain(leak);
    }
    // Staff are told what happened: the service refuses the issued code as altered; a guessed code is only not genuine.
    await expect(h.deps.reprint.check(issued)).rejects.toMatchObject({ code: 'RECORD_ALTERED' });
    expect(await h.deps.reprint.check(guessed)).toMatchObject({ genuine: false });
  });
});

describe("a shop's sale at head office, for a user limited to that shop", () => {
  it("lists none of head office's own print jobs of a sale with the same id", async () => {
    // Head office prints its own sale RECENT; later a shop's sale of the same terminal, batch and voucher arrives.
    const root = await bearer('root');
    const printed = await app.request(`http://localhost/api/v1/transactions/${RECENT}/reprints`, { method: 'POST', headers: { Authorization: `Bearer ${root}`, 'Content-Type': 'application/json', Prefer: 'respond-async' }, body: JSON.stringify({ reason: 'faint_print', printer: 'dead' }) });
    expect(printed.status).toBe(202);
    await shopInto(h.opened.journal, `${h.dir.path}/shop-a.db`, 'SH-001', [sale({ voucherNo: '000500', referenceNo: '133041825600', occurredAt: '2026-11-27T15:58:00+08:00', amount: '7.00' })]);
    await h.auth.addUser({ name: 'qian', role: 'backoffice', password: 'qian-password', stores: 'SH-001' }, 'root');
    const qian = await bearer('qian');
    const answer = await app.request(`http://localhost/api/v1/transactions/${RECENT}`, { headers: { Authorization: `Bearer ${qian}` } });
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { storeId: string; jobs: unknown[] };
    expect(body.storeId).toBe('SH-001');
    // As GET /api/v1/jobs/{id} answers them for this user: not found.
    expect(body.jobs).toEqual([]);
  });
});
