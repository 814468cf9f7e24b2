import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createSpooler, journalFiles, openJournal } from '../src/app.js';
import { defaultConfig } from '../src/config/index.js';
import { AUDIT_CHAIN, backupJournal, restoreJournal } from '../src/journal/index.js';
import { createApp } from '../src/server/index.js';
import { startPostgres, type PostgresServer } from './support/postgres-server.js';
import { OLD, RECENT, serverHarness, type Harness } from './support/server-harness.js';
import { tamperPostgres, tamperSqlite } from './support/tamper.js';
import { capturedJobToJson } from '../src/capture/index.js';
import { capturedJob } from './support/captured-jobs.js';
import { RECEIPTS } from './support/captured-receipts.js';
import { sale } from './support/fixtures.js';

/** RECENT's amount 66.00 made 6600.00 in its hashed payload, behind the guards. */
// Figures stay as written in a packed payload (member names are coded): the edit names the figure and the voucher.
const EDIT = `UPDATE events SET payload = replace(payload, '66.00', '6600.00') WHERE type = 'transaction.recorded' AND payload LIKE '%000500%'`;

interface Engine {
  name: string;
  start(): Promise<void>;
  /** A new journal location for a harness (undefined: the harness's own temp SQLite file). */
  journal(): Promise<string | undefined>;
  /** An edit behind the guards of the harness's journal. */
  tamper(h: Harness, sql: string): Promise<void>;
  stop(): Promise<void>;
}

let postgres: PostgresServer | undefined;
const ENGINES: Engine[] = [
  { name: 'SQLite', start: async () => {}, journal: async () => undefined, tamper: async (h, sql) => tamperSqlite(h.db, sql), stop: async () => {} },
  {
    name: 'PostgreSQL',
    start: async () => {
      postgres = await startPostgres();
    },
    journal: async () => postgres?.createDatabase(),
    tamper: (h, sql) => tamperPostgres(h.db, sql),
    stop: async () => postgres?.stop(),
  },
];

for (const engine of ENGINES) {
  describe(`records and print jobs edited behind the guards (${engine.name})`, () => {
    let h: Harness;
    let app: ReturnType<typeof createApp>;
    let token = '';

    beforeAll(() => engine.start(), 60_000);
    afterAll(() => engine.stop());
    beforeEach(async () => {
      const journal = await engine.journal();
      h = await serverHarness({}, journal === undefined ? {} : { journal });
      app = createApp(h.deps);
      const login = await app.request('/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'root', password: 'root-password', bearer: true }) });
      token = ((await login.json()) as { token: string }).token;
    }, 60_000);
    afterEach(() => h.close());
    const tamper = (sql: string) => engine.tamper(h, sql);

    const call = (method: string, path: string, body?: unknown) =>
      app.request(path, { method, headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

    async function refused(response: Response): Promise<void> {
      const text = await response.text();
      expect(response.status, text).toBe(500);
      expect(text).toContain('RECORD_ALTERED');
      expect(text).not.toContain('6600');
    }

    it('is neither printed, reprinted, downloaded, sent nor called genuine; one integrity.alert says so', async () => {
      // Before the edit: a duplicate and an e-receipt link, both good.
      const reprint = await call('POST', `/api/v1/transactions/${RECENT}/reprints`, { reason: 'customer_request' });
      expect(reprint.status, await reprint.clone().text()).toBe(201);
      const { code } = (await reprint.json()) as { code: string };
      const link = (await (await call('POST', `/api/v1/transactions/${RECENT}/e-receipt`, {})).json()) as { url: string };
      expect(((await (await call('GET', `/api/v1/verify/${code}`)).json()) as { genuine: boolean }).genuine).toBe(true);
      await h.printer.waitForJob(1);
      const printed = h.printer.jobs().length;

      await tamper(EDIT);

      await refused(await call('POST', `/api/v1/transactions/${RECENT}/reprints`, { reason: 'customer_request' }));
      // Anyone checking the paper is told only "not genuine": which event was edited is for staff (the alert below).
      const checked = await call('GET', `/api/v1/verify/${code}`);
      const answer = await checked.text();
      expect(checked.status, answer).toBe(200);
      expect(JSON.parse(answer)).toMatchObject({ genuine: false });
      for (const leak of ['RECORD_ALTERED', '6600', 'edited']) expect(answer).not.toContain(leak);
      for (const format of ['text', 'pdf', 'png', 'escpos']) await refused(await call('GET', `/api/v1/transactions/${RECENT}/receipt?format=${format}`));
      await refused(await call('POST', `/api/v1/transactions/${RECENT}/e-receipt`, {}));
      await refused(await call('POST', `/api/v1/transactions/${RECENT}/print`, {}));
      const path = new URL(link.url, 'http://localhost').pathname;
      for (const open of [path, `${path}.pdf`]) expect((await app.request(open)).status).toBe(500);

      expect(h.printer.jobs()).toHaveLength(printed);
      expect((await h.opened.journal.jobs({ transactionId: RECENT })).map((j) => j.copy)).toEqual([1]);
      const alerts = (await h.opened.journal.eventsOf(AUDIT_CHAIN, { types: ['integrity.alert'], limit: 100 })).map((e) => JSON.parse(e.payload) as Record<string, unknown>);
      expect(alerts).toEqual([expect.objectContaining({ saleId: RECENT, terminalId: '10023456', seq: 2, problem: 'edited' })]);
      expect((await h.opened.journal.verify()).failure).toMatchObject({ problem: 'edited', terminalId: '10023456', seq: 2 });
    });

    // SQLite's event id is the table's own key; a PostgreSQL journal split by month keeps an id unique within its month only.
    if (engine.name === 'PostgreSQL') {
      // The sale's event again, a month later: under its own id, or under a new one at the same place in the chain.
      const copy = (id: string) =>
        `INSERT INTO events (id, store_id, terminal_id, seq, type, recorded_at, payload, prev_hash, hash) OVERRIDING SYSTEM VALUE
         SELECT ${id}, store_id, terminal_id, seq, type, to_char((recorded_at::timestamptz + interval '1 month') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), payload, prev_hash, hash
         FROM events WHERE type = 'transaction.recorded' AND payload LIKE '%000500%'`;

      it('refuses a sale whose event was copied into another month under the same id, and one integrity.alert says so', async () => {
        const printed = h.printer.jobs().length;
        await tamper(copy('id'));
        // The spooler's read inside its write hands no sale (the render then reads it and refuses it) instead of failing on the second row.
        expect(await h.opened.journal.write((w) => w.saleToPrint(RECENT))).toBeUndefined();
        await refused(await call('POST', `/api/v1/transactions/${RECENT}/reprints`, { reason: 'customer_request' }));
        await refused(await call('GET', `/api/v1/transactions/${RECENT}/receipt?format=text`));
        await refused(await call('POST', `/api/v1/transactions/${RECENT}/print`, {}));
        expect(h.printer.jobs()).toHaveLength(printed);
        const alerts = (await h.opened.journal.eventsOf(AUDIT_CHAIN, { types: ['integrity.alert'], limit: 100 })).map((e) => JSON.parse(e.payload) as Record<string, unknown>);
        expect(alerts).toEqual([expect.objectContaining({ saleId: RECENT, terminalId: '10023456', seq: 2 })]);
        expect((await h.opened.journal.verify()).ok).toBe(false);
      });

      it('refuses a sale whose search-index row was copied into another month, and one integrity.alert says so', async () => {
        const columns = 'event_id, store_id, id, terminal_id, batch_no, voucher_no, reference_no, card_last4, operator_id, kind, amount_minor, currency, merchant_id, original_id, content_hash';
        await tamper(`INSERT INTO transactions (${columns}, occurred_at) SELECT ${columns}, occurred_at + 2678400000::bigint FROM transactions WHERE id = '${RECENT}'`);
        await refused(await call('POST', `/api/v1/transactions/${RECENT}/reprints`, { reason: 'customer_request' }));
        const alerts = (await h.opened.journal.eventsOf(AUDIT_CHAIN, { types: ['integrity.alert'], limit: 100 })).map((e) => JSON.parse(e.payload) as Record<string, unknown>);
        expect(alerts).toEqual([expect.objectContaining({ saleId: RECENT, terminalId: '10023456', seq: 2, problem: 'index-mismatch' })]);
      });

      it('refuses a sale whose place in the chain a second event was put into, and one integrity.alert says so', async () => {
        await tamper(copy('id + 1000000'));
        expect(await h.opened.journal.write((w) => w.saleToPrint(RECENT))).toBeUndefined();
        await refused(await call('POST', `/api/v1/transactions/${RECENT}/reprints`, { reason: 'customer_request' }));
        const alerts = (await h.opened.journal.eventsOf(AUDIT_CHAIN, { types: ['integrity.alert'], limit: 100 })).map((e) => JSON.parse(e.payload) as Record<string, unknown>);
        expect(alerts).toEqual([expect.objectContaining({ saleId: RECENT, terminalId: '10023456', seq: 2, problem: 'reordered' })]);
        expect((await h.opened.journal.verify()).failure).toMatchObject({ problem: 'reordered', terminalId: '10023456', seq: 2 });
      });
    }

    it('refuses a captured receipt whose index row was pointed at another receipt\'s event, and one integrity.alert says so (found by a review helper)', async () => {
      const [small, large] = [RECEIPTS[1], RECEIPTS[3]].map((r, i) => {
        if (!r) throw new Error('no receipt');
        return capturedJob(r, { n: i + 1, capturedAt: '2026-11-28T01:00:00Z' });
      });
      if (!small || !large) throw new Error('no jobs');
      for (const job of [small, large]) await h.opened.journal.appendCapture(capturedJobToJson(job));
      const before = await call('GET', `/api/v1/captures/${small.id}`);
      expect(before.status, await before.clone().text()).toBe(200);
      // The two rows' ids swapped: each row now names the other receipt's event.
      await tamper(`UPDATE captures SET id = 'cap-swap' WHERE id = '${small.id}'; UPDATE captures SET id = '${small.id}' WHERE id = '${large.id}'; UPDATE captures SET id = '${large.id}' WHERE id = 'cap-swap'`);
      for (const answer of [await call('GET', `/api/v1/captures/${small.id}`), await call('POST', `/api/v1/transactions/${small.id}/reprints`, { reason: 'customer_request' })]) {
        const text = await answer.text();
        expect(answer.status, text).toBe(500);
        expect(text).toContain('RECORD_ALTERED');
      }
      expect(h.printer.jobs()).toHaveLength(0);
      const alerts = (await h.opened.journal.eventsOf(AUDIT_CHAIN, { types: ['integrity.alert'], limit: 100 })).map((e) => JSON.parse(e.payload) as Record<string, unknown>);
      expect(alerts).toEqual([expect.objectContaining({ saleId: small.id, problem: 'index-mismatch' })]);
    });

    it('never shows, reprints or vouches for a voided sale as a paid one when the void\'s index row stops naming it; one integrity.alert says so (found by a review helper)', async () => {
      const voiding = sale({ kind: 'void', voucherNo: '000501', referenceNo: '133041825601', occurredAt: '2026-11-27T15:59:00+08:00', original: { voucherNo: '000457' } });
      const recorded = await call('POST', '/api/v1/transactions', voiding);
      expect(recorded.status, await recorded.clone().text()).toBe(201);
      expect(((await (await call('GET', `/api/v1/transactions/${OLD}`)).json()) as { status?: { state: string } }).status?.state).toBe('voided');
      const before = await call('POST', `/api/v1/transactions/${OLD}/reprints`, { reason: 'customer_request' });
      expect(before.status, await before.clone().text()).toBe(201);
      const { code } = (await before.json()) as { code: string };
      const printed = h.printer.jobs().length;
      await tamper("UPDATE transactions SET original_id = NULL WHERE id = '10023456-000128-000501'");
      expect(((await (await call('GET', `/api/v1/verify/${code}`)).json()) as { genuine: boolean }).genuine).toBe(false);
      for (const answer of [await call('GET', `/api/v1/transactions/${OLD}`), await call('GET', `/api/v1/transactions/${OLD}/receipt?format=text`), await call('POST', `/api/v1/transactions/${OLD}/reprints`, { reason: 'customer_request' })]) {
        const text = await answer.text();
        expect(answer.status, text).toBe(500);
        expect(text).toContain('RECORD_ALTERED');
      }
      expect(h.printer.jobs()).toHaveLength(printed);
      const alerts = (await h.opened.journal.eventsOf(AUDIT_CHAIN, { types: ['integrity.alert'], limit: 100 })).map((e) => JSON.parse(e.payload) as Record<string, unknown>);
      expect(alerts).toEqual([expect.objectContaining({ saleId: '10023456-000128-000501', problem: 'index-mismatch' })]);
    });

    it('never shows a paid sale as voided because a void\'s sale key was pointed at it; one integrity.alert says so (second review helper)', async () => {
      const voiding = sale({ kind: 'void', voucherNo: '000501', referenceNo: '133041825601', occurredAt: '2026-11-27T15:59:00+08:00', original: { voucherNo: '000457' } });
      expect((await call('POST', '/api/v1/transactions', voiding)).status).toBe(201);
      expect(((await (await call('GET', `/api/v1/transactions/${RECENT}`)).json()) as { status?: unknown }).status).toBeUndefined();
      await tamper(`UPDATE sale_keys SET original_id = '${RECENT}' WHERE id = '10023456-000128-000501'`);
      const answer = await call('GET', `/api/v1/transactions/${RECENT}`);
      const text = await answer.text();
      expect(answer.status, text).toBe(500);
      expect(text).toContain('RECORD_ALTERED');
      const alerts = (await h.opened.journal.eventsOf(AUDIT_CHAIN, { types: ['integrity.alert'], limit: 100 })).map((e) => JSON.parse(e.payload) as Record<string, unknown>);
      expect(alerts).toEqual([expect.objectContaining({ saleId: '10023456-000128-000501', problem: 'index-mismatch' })]);
    });

    it('keeps a printed copy counted when its job row is made "failed"; verify names the job; the row can no longer print', async () => {
      const first = (await (await call('POST', `/api/v1/transactions/${RECENT}/reprints`, { reason: 'customer_request' })).json()) as { copy: number; printed: boolean; job: { id: number } };
      expect(first).toMatchObject({ copy: 1, printed: true });
      await tamper(`UPDATE print_jobs SET state = 'failed' WHERE id = ${first.job.id}`);
      expect((await h.opened.journal.verify()).failure).toMatchObject({ problem: 'projection', jobId: first.job.id, field: 'state' });

      const second = await call('POST', `/api/v1/transactions/${RECENT}/reprints`, { reason: 'customer_request' });
      const body = (await second.json()) as { copy: number; printed: boolean };
      expect(body).toMatchObject({ copy: 2, printed: true });
      expect(h.printer.jobs().map((j) => /DUPLICATE (\d+)/.exec(j.text)?.[1])).toEqual(['1', '2']);
      // The table says what it is told; copy numbers and outcomes come from the chain.
      expect((await h.opened.journal.jobsOfSale(RECENT)).map((j) => [j.copy, j.state])).toEqual([[1, 'printed'], [2, 'printed']]);
    });

    it('never prints a job row put back in the queue after it printed, and tells why', async () => {
      const first = (await (await call('POST', `/api/v1/transactions/${RECENT}/reprints`, { reason: 'customer_request' })).json()) as { job: { id: number } };
      const printed = h.printer.jobs().length;
      await h.spooler.stop();
      await tamper(`UPDATE print_jobs SET state = 'queued', attempts = 0, not_before = 0 WHERE id = ${first.job.id}`);
      await h.spooler.start();
      const ended = await h.spooler.waitFor(first.job.id);
      expect(ended.state).toBe('failed');
      expect(ended.detail).toContain('ended as printed in the journal');
      expect(h.printer.jobs()).toHaveLength(printed);
      const alerts = (await h.opened.journal.eventsOf(AUDIT_CHAIN, { types: ['integrity.alert'], limit: 100 })).map((e) => JSON.parse(e.payload) as Record<string, unknown>);
      expect(alerts).toEqual([expect.objectContaining({ jobId: first.job.id, problem: 'job-altered' })]);
    });

    it('rebuilds the job table from the print events when a backup is restored, and the copy verifies', async () => {
      // More jobs than a write is tried again after a key collision: new jobs cannot find a free id by luck.
      const COPIES = 6;
      for (let i = 0; i < COPIES; i++) expect((await call('POST', `/api/v1/transactions/${RECENT}/reprints`, { reason: 'customer_request' })).status).toBe(201);
      const backup = join(h.dir.path, 'copy.db');
      expect((await backupJournal(h.opened.journal, backup, journalFiles)).report.ok).toBe(true);
      // Restored into this engine: a new database on PostgreSQL, a file on SQLite.
      const database = await engine.journal();
      const fresh = database ?? join(h.dir.path, 'restored.db');
      const open = async () => (await openJournal(fresh, h.context, { create: true })).journal;
      const result = await restoreJournal(backup, { ...(database === undefined ? { file: fresh } : {}), open }, journalFiles, { now: () => h.clock.now });
      expect(result.report).toMatchObject({ ok: true });
      const opened = await openJournal(fresh, h.context);
      const spooler = createSpooler(opened, defaultConfig(), h.context);
      try {
        const jobs = await h.opened.journal.jobs({ order: 'oldest' });
        expect(jobs.map((j) => [j.copy, j.state])).toEqual(Array.from({ length: COPIES }, (_, i) => [i + 1, 'printed']));
        expect(await opened.journal.jobs({ order: 'oldest' })).toEqual(jobs);
        // The restored journal takes new jobs, numbered after the restored ones (PostgreSQL's identity had to be moved on).
        const next = await spooler.enqueue({ transactionId: RECENT, printer: '127.0.0.1:9' });
        expect(next.id).toBeGreaterThan(Math.max(...jobs.map((j) => j.id)));
      } finally {
        await spooler.stop();
        await opened.journal.close();
      }
    });
  });
}
