import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, ConflictError, InputError, NotFoundError } from '../src/core/index.js';
import { Journal, verifyJournal } from '../src/journal/index.js';
import {
  PrintConflictError,
  PrintWaitTimeoutError,
  Spooler,
  markerId,
  printerDirectory,
  retryDelay,
  spoolerSettings,
  type Printer,
  type PrinterTarget,
  type ReceiptJobOptions,
} from '../src/printer/index.js';
import type { ReceiptCopy, ReceiptTemplate } from '../src/receipt/index.js';
import { onBothEngines } from './support/engines.js';
import { eventTypes, labelOf, spoolerHarness, testRender, until, type Harness, type PrinterSpec } from './support/spooler-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

onBothEngines((engine) => {
  const harnessOn = (specs: PrinterSpec[], options: Parameters<typeof spoolerHarness>[1] = {}) => spoolerHarness(specs, { ...options, engine });

  describe('Spooler: the happy path', () => {
    it('journals the job and each step in the sale chain, and prints on the completion answer', async () => {
      h = await harnessOn([{ name: 'front' }]);
      const [id] = await h.sales(1);
      await h.spooler.start();
      const changes: string[] = [];
      const queued = await h.spooler.enqueue({ transactionId: id as string, printer: 'front', options: { copy: 'cardholder' } });
      expect(queued).toMatchObject({ state: 'queued', kind: 'original', copy: 0, printer: 'front', terminalId: '10023456', transactionId: id, attempts: 0, options: '{"copy":"cardholder"}' });
      const done = await h.spooler.waitFor(queued.id, { onChange: (j) => changes.push(j.state) });
      expect(done.state, done.detail ?? '').toBe('printed');
      expect(done.paperMm).toBeGreaterThan(10);
      expect(done.attempts).toBe(1);
      // waitFor reports the states it saw, in order; the worker may already have taken the job
      // (sending) by the time it first reads it, so the first one seen is any step before printed.
      const order = ['queued', 'sending', 'awaiting-ack', 'printed'];
      expect(changes.map((state) => order.indexOf(state))).toEqual([...new Set(changes.map((state) => order.indexOf(state)))].sort((a, b) => a - b));
      expect(changes.every((state) => order.includes(state))).toBe(true);
      expect(changes.at(-1)).toBe('printed');
      expect(await eventTypes(h.spooler, queued.id)).toEqual(['print.queued', 'print.sending', 'print.awaiting-ack', 'print.printed']);
      const events = await h.spooler.jobEvents(queued.id);
      expect(events.every((e) => e.terminalId === '10023456')).toBe(true);
      const printed = JSON.parse(events.at(-1)?.payload ?? '{}') as Record<string, unknown>;
      expect(printed).toMatchObject({ jobId: queued.id, transactionId: id, kind: 'original', copy: 0, attempt: 1, printer: { name: 'front', address: `tcp://127.0.0.1:${h.ports.get('front')}` }, paperMm: done.paperMm });
      const paper = h.paper.get('front') ?? [];
      expect(paper.map((p) => labelOf(p))).toEqual([{ sale: id, kind: 'original', copy: 0, jobId: queued.id }]);
      expect((await verifyJournal(h.store)).ok).toBe(true);
    });

    it('has the job and its sending event on disk before the first byte goes out', async () => {
      h = await harnessOn([{ name: 'front' }]);
      const [id] = await h.sales(1);
      const seen: { state?: string; events: string[] }[] = [];
      const store = h.store;
      const harness = h;
      const connect = async (target: PrinterTarget): Promise<Printer> => {
        const real = await (await import('../src/printer/index.js')).tcpConnector()(target);
        return {
          address: real.address,
          status: () => real.status(),
          waitPrinted: (jobId, ms) => real.waitPrinted(jobId, ms),
          close: () => real.close(),
          send: async (bytes) => {
            // Read back through a second connection: only committed data is visible there.
            const other = await harness.newSpooler();
            const [job] = await store.listJobs({ transactionId: id as string });
            seen.push({ state: job?.state, events: job ? await eventTypes(other, job.id) : [] });
            return real.send(bytes);
          },
        };
      };
      const spooler = await h.newSpooler({ connect });
      await spooler.start();
      const job = await spooler.enqueue({ transactionId: id as string, printer: 'front' });
      expect((await spooler.waitFor(job.id)).state).toBe('printed');
      expect(seen).toEqual([{ state: 'sending', events: ['print.queued', 'print.sending'] }]);
    });

    it('prints jobs enqueued before start once started, oldest first', async () => {
      h = await harnessOn([{ name: 'front' }]);
      const ids = await h.sales(5);
      const jobs = [];
      for (const id of ids) jobs.push(await h.spooler.enqueue({ transactionId: id, printer: 'front' }));
      // Not started: no worker took them (a worker starts the moment a job is queued, if at all).
      expect(h.spooler.working).toEqual([]);
      expect((await h.store.listJobs({ states: ['queued'] })).length).toBe(5);
      await h.spooler.start();
      for (const job of jobs) expect((await h.spooler.waitFor(job.id)).state).toBe('printed');
      expect((h.paper.get('front') ?? []).map((p) => labelOf(p)?.sale)).toEqual(ids);
    });

    it('prints by HOST:PORT without configuration, and test pages and reports in the printer chain', async () => {
      h = await harnessOn([{ name: 'front' }]);
      await h.spooler.start();
      const address = `127.0.0.1:${h.ports.get('front')}`;
      // A configured printer's address resolves to its name.
      const page = await h.spooler.testPage(address);
      expect(page).toMatchObject({ kind: 'test-page', printer: 'front', terminalId: 'printer:front', transactionId: '', backup: null });
      expect((await h.spooler.waitFor(page.id)).state).toBe('printed');
      const report = await h.spooler.enqueue({ printer: address, kind: 'report', options: { report: { date: '2026-11-27' } } });
      expect(report.terminalId).toBe('printer:front');
      expect((await h.spooler.waitFor(report.id)).state).toBe('printed');
      const paper = h.paper.get('front') ?? [];
      const text = paper[0]?.text ?? '';
      expect(text).toContain('TEST PAGE');
      expect(text).toContain('Printer front');
      expect(text).toContain('Model generic-80');
      expect(text).toContain('Paper 80 mm, 203 dpi, 48 col');
      expect(text).toContain('123456789012345678901234567890123456789012345678');
      expect(text).toContain('中文样张');
      expect(text).toContain('English sample');
      expect(paper[0]?.document.blocks.some((b) => b.type === 'qr' && b.data.startsWith('reissue test-page front'))).toBe(true);
      expect(await eventTypes(h.spooler, page.id)).toEqual(['print.queued', 'print.sending', 'print.awaiting-ack', 'print.printed']);
    });

    it('confirms a printer without GS ( H (xprinter-xp58) by a clean status after the data', async () => {
      h = await harnessOn([{ name: 'cheap', model: 'xprinter-xp58' }]);
      const [id] = await h.sales(1);
      await h.spooler.start();
      const job = await h.spooler.enqueue({ transactionId: id as string, printer: 'cheap' });
      expect((await h.spooler.waitFor(job.id)).state).toBe('printed');
      await until(() => (h?.paper.get('cheap')?.length ?? 0) === 1, 'the receipt on paper');
      expect(labelOf(h.paper.get('cheap')?.[0] ?? { text: '' })?.sale).toBe(id);
    });

    it('gives each job a 4-character completion marker', () => {
      expect(markerId(1)).toBe('0001');
      expect(markerId(36 ** 4 + 35)).toBe('000Z');
      expect(markerId(1_000_000)).toMatch(/^[0-9A-Z]{4}$/);
    });
  });

  describe('Spooler: no silent double print', () => {
    it('refuses a second original while one is queued, printed, or of unknown outcome — exactly one original per sale on paper', async () => {
      h = await harnessOn([{ name: 'front' }]);
      const [id] = await h.sales(1);
      const results = await Promise.allSettled(Array.from({ length: 5 }, () => h?.spooler.enqueue({ transactionId: id as string, printer: 'front' })));
      const ok = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as PrintConflictError);
      expect(ok).toHaveLength(1);
      expect(refused).toHaveLength(4);
      for (const error of refused) {
        expect(error).toBeInstanceOf(PrintConflictError);
        expect(error).toBeInstanceOf(ConflictError);
        expect(error.code).toBe('ALREADY_QUEUED');
        expect(error.hint).toContain('reissue reprint');
      }
      await h.spooler.start();
      const job = (ok[0] as PromiseFulfilledResult<{ id: number }>).value;
      await h.spooler.waitFor(job.id);
      const again = await h.spooler.enqueue({ transactionId: id as string, printer: 'front' }).catch((e: unknown) => e);
      expect(again).toMatchObject({ code: 'ALREADY_PRINTED', kind: 'conflict', context: { jobId: job.id, state: 'printed' } });
      expect((again as PrintConflictError).hint).toContain('reissue reprint');
      // A marked duplicate is what may follow; its copy number is taken once.
      const dup = await h.spooler.enqueue({ transactionId: id as string, printer: 'front', kind: 'duplicate', copy: 1 });
      await expect(h.spooler.enqueue({ transactionId: id as string, printer: 'front', kind: 'duplicate', copy: 1 })).rejects.toMatchObject({ code: 'COPY_ALREADY_USED' });
      expect((await h.spooler.waitFor(dup.id)).state).toBe('printed');
      const labels = (h.paper.get('front') ?? []).map((p) => labelOf(p));
      expect(labels.filter((l) => l?.kind === 'original' && l.sale === id)).toHaveLength(1);
      expect(labels.filter((l) => l?.kind === 'duplicate' && l.sale === id)).toHaveLength(1);
    });

    it('lets an original be queued again when the earlier one expired or failed (nothing was printed)', async () => {
      h = await harnessOn([{ name: 'front' }], { settings: { expireAfterMs: 1_000 } });
      const [id] = await h.sales(1);
      // The spooler's clock, moved on by hand past the job's age.
      let now = Date.now();
      const spooler = await h.newSpooler({ clock: () => now });
      const first = await spooler.enqueue({ transactionId: id as string, printer: 'front' });
      now += 1_000;
      await spooler.start();
      expect((await spooler.waitFor(first.id)).state).toBe('expired');
      const second = await spooler.enqueue({ transactionId: id as string, printer: 'front' });
      expect(second.id).not.toBe(first.id);
    });

    it('cancels a job still queued: it ends failed with who cancelled it, never prints, and the receipt can be printed again; an ended job is refused', async () => {
      h = await harnessOn([{ name: 'front' }]);
      const [id] = await h.sales(1);
      // Not started: the job waits, as one for a dead or mistyped printer does.
      const job = await h.spooler.enqueue({ transactionId: id as string, printer: 'front' });
      expect(await h.spooler.cancel(job.id, 'wang')).toMatchObject({ id: job.id, state: 'failed', detail: 'cancelled by wang before it was sent' });
      expect(await eventTypes(h.spooler, job.id)).toEqual(['print.queued', 'print.failed']);
      expect(JSON.parse((await h.spooler.jobEvents(job.id)).at(-1)?.payload ?? '{}')).toMatchObject({ reason: 'cancelled', by: 'wang' });
      await expect(h.spooler.cancel(job.id, 'wang')).rejects.toMatchObject({ code: 'JOB_NOT_CANCELLABLE', kind: 'conflict', context: { jobId: job.id, state: 'failed' } });
      await expect(h.spooler.cancel(987654, 'wang')).rejects.toMatchObject({ code: 'JOB_NOT_FOUND' });
      const again = await h.spooler.enqueue({ transactionId: id as string, printer: 'front' });
      await h.spooler.start();
      expect((await h.spooler.waitFor(again.id)).state).toBe('printed');
      await h.printerIdle('front');
      expect(h.paper.get('front')).toHaveLength(1);
      await expect(h.spooler.cancel(again.id, 'wang')).rejects.toMatchObject({ code: 'JOB_NOT_CANCELLABLE', context: { state: 'printed' } });
      expect((await verifyJournal(h.store)).ok).toBe(true);
    });

    it('never lets two spoolers on one journal take the same job', async () => {
      h = await harnessOn([{ name: 'front' }]);
      const ids = await h.sales(30);
      const other = await h.newSpooler();
      const jobs = [];
      for (const id of ids) jobs.push(await h.spooler.enqueue({ transactionId: id, printer: 'front' }));
      await Promise.all([h.spooler.start(), other.start()]);
      for (const job of jobs) expect((await h.spooler.waitFor(job.id)).state).toBe('printed');
      const sales = (h.paper.get('front') ?? []).map((p) => labelOf(p)?.sale);
      expect(sales.sort()).toEqual([...ids].sort());
      for (const job of jobs) expect((await eventTypes(h.spooler, job.id)).filter((t) => t === 'print.sending')).toHaveLength(1);
    });
  });

  describe('Spooler: the pieces of paper of one print (a receipt and its bank slips)', () => {
    const piece = (template: ReceiptTemplate, copy: ReceiptCopy): ReceiptJobOptions => ({ template, copy });

    it('queues each piece as its own job in one write, prints them in order, and journals each', async () => {
      h = await harnessOn([{ name: 'front' }]);
      const [id] = await h.sales(1);
      const pieces = [piece('retail', 'cardholder'), piece('slip', 'merchant'), piece('slip', 'cardholder')];
      const jobs = await h.spooler.enqueueAll(pieces.map((options) => ({ transactionId: id as string, printer: 'front', options })));
      expect(jobs.map((j) => j.id)).toEqual([jobs[0]?.id, (jobs[0]?.id ?? 0) + 1, (jobs[0]?.id ?? 0) + 2]);
      expect(jobs.map((j) => JSON.parse(j.options))).toEqual(pieces);
      await h.spooler.start();
      for (const job of jobs) {
        const done = await h.spooler.waitFor(job.id);
        expect(done.state).toBe('printed');
        expect(done.paperMm).toBeGreaterThan(10);
        expect(await eventTypes(h.spooler, job.id)).toEqual(['print.queued', 'print.sending', 'print.awaiting-ack', 'print.printed']);
      }
      expect((h.paper.get('front') ?? []).map((p) => labelOf(p)?.jobId)).toEqual(jobs.map((j) => j.id));
      expect((await verifyJournal(h.store)).ok).toBe(true);
    });

    it('refuses a piece already printed, lets another piece of the same sale print, and queues all or none', async () => {
      h = await harnessOn([{ name: 'front' }]);
      const [id] = await h.sales(1);
      const request = (options: ReceiptJobOptions) => ({ transactionId: id as string, printer: 'front', options });
      await h.spooler.start();
      const [receipt] = await h.spooler.enqueueAll([request(piece('retail', 'cardholder'))]);
      expect((await h.spooler.waitFor(receipt?.id ?? 0)).state).toBe('printed');
      // The merchant slip is a piece of its own; the receipt again is not.
      const mixed = await h.spooler.enqueueAll([request(piece('slip', 'merchant')), request(piece('retail', 'cardholder'))]).catch((e: unknown) => e);
      expect(mixed).toMatchObject({ code: 'ALREADY_PRINTED', context: { jobId: receipt?.id } });
      expect(await h.store.listJobs({ transactionId: id as string })).toHaveLength(1);
      // Two of one piece in one print: the second sees the first, inside the same write.
      await expect(h.spooler.enqueueAll([request(piece('slip', 'merchant')), request(piece('slip', 'merchant'))])).rejects.toMatchObject({ code: 'ALREADY_QUEUED' });
      expect(await h.store.listJobs({ transactionId: id as string })).toHaveLength(1);
      const [slip] = await h.spooler.enqueueAll([request(piece('slip', 'merchant'))]);
      expect((await h.spooler.waitFor(slip?.id ?? 0)).state).toBe('printed');
      expect(await h.spooler.enqueueAll([])).toEqual([]);
    });

    it('treats an original that names no piece (queued before pieces) as the whole original', async () => {
      h = await harnessOn([{ name: 'front' }]);
      const [first, second] = await h.sales(2);
      await h.spooler.enqueue({ transactionId: first as string, printer: 'front', options: { copy: 'merchant' } });
      await expect(h.spooler.enqueue({ transactionId: first as string, printer: 'front', options: piece('slip', 'cardholder') })).rejects.toMatchObject({ code: 'ALREADY_QUEUED' });
      await h.spooler.enqueue({ transactionId: second as string, printer: 'front', options: piece('slip', 'merchant') });
      await expect(h.spooler.enqueue({ transactionId: second as string, printer: 'front' })).rejects.toMatchObject({ code: 'ALREADY_QUEUED' });
    });
  });

  describe('Spooler: refusals and error paths', () => {
    it('names what is wrong with a request', async () => {
      h = await harnessOn([{ name: 'front', backup: 'back' }, { name: 'back' }]);
      const [id] = await h.sales(1);
      const s = h.spooler;
      const tx = id as string;
      await expect(s.enqueue({ transactionId: tx, printer: 'front', kind: 'bogus' as never })).rejects.toMatchObject({ code: 'BAD_JOB_KIND' });
      await expect(s.enqueue({ printer: 'front', kind: 'test-page' })).rejects.toMatchObject({ code: 'BAD_JOB_KIND', hint: expect.stringContaining('testPage') });
      await expect(s.enqueue({ transactionId: tx, printer: 'front', copy: 2 })).rejects.toMatchObject({ code: 'BAD_COPY' });
      await expect(s.enqueue({ transactionId: tx, printer: 'front', kind: 'duplicate' })).rejects.toMatchObject({ code: 'BAD_COPY' });
      await expect(s.enqueue({ transactionId: tx, printer: 'front', kind: 'duplicate', copy: 1.5 })).rejects.toBeInstanceOf(InputError);
      await expect(s.enqueue({ transactionId: tx, printer: 'nowhere' })).rejects.toMatchObject({ code: 'UNKNOWN_PRINTER', hint: expect.stringContaining('front, back') });
      await expect(s.enqueue({ transactionId: tx, printer: 'front', backup: 'front' })).rejects.toMatchObject({ code: 'BACKUP_IS_PRINTER' });
      await expect(s.enqueue({ transactionId: tx, printer: 'front', backup: 'ghost' })).rejects.toBeInstanceOf(NotFoundError);
      await expect(s.enqueue({ printer: 'front' })).rejects.toMatchObject({ code: 'NO_TRANSACTION' });
      await expect(s.enqueue({ transactionId: 'not-an-id', printer: 'front' })).rejects.toMatchObject({ code: 'BAD_ID' });
      await expect(s.enqueue({ transactionId: '10023456-000128-999999', printer: 'front' })).rejects.toMatchObject({ code: 'TRANSACTION_NOT_FOUND' });
      await expect(s.enqueue({ transactionId: tx, terminalId: '99999999', printer: 'front' })).rejects.toMatchObject({ code: 'TERMINAL_MISMATCH' });
      await expect(s.enqueue({ transactionId: tx, printer: 'front', options: { bad: Number.NaN } as never })).rejects.toMatchObject({ code: 'BAD_JOB_OPTIONS' });
      await expect(s.job(424242)).rejects.toMatchObject({ code: 'JOB_NOT_FOUND' });
      await expect(s.waitFor(424242)).rejects.toMatchObject({ code: 'JOB_NOT_FOUND' });
      await expect(s.markCleaned('nowhere')).rejects.toMatchObject({ code: 'UNKNOWN_PRINTER' });
      await expect(s.testPage('nowhere')).rejects.toMatchObject({ code: 'UNKNOWN_PRINTER' });
      // Nothing of any refused request reached the journal.
      expect(await h.store.listJobs({})).toEqual([]);
      // backup: null opts out of the configured backup.
      expect((await s.enqueue({ transactionId: tx, printer: 'front', backup: null })).backup).toBeNull();
    });

    it('times out waiting (the job goes on) with PRINT_WAIT_TIMEOUT', async () => {
      h = await harnessOn([{ name: 'front' }]);
      const [id] = await h.sales(1);
      const job = await h.spooler.enqueue({ transactionId: id as string, printer: 'front' });
      const error = await h.spooler.waitFor(job.id, { timeoutMs: 30 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PrintWaitTimeoutError);
      expect(error).toMatchObject({ code: 'PRINT_WAIT_TIMEOUT', kind: 'unavailable', context: { jobId: job.id, state: 'queued' } });
      await h.spooler.start();
      expect((await h.spooler.waitFor(job.id)).state).toBe('printed');
    });

    it('fails a job whose receipt cannot be rendered, journaled, and goes on with the next', async () => {
      h = await harnessOn([{ name: 'front' }]);
      const [bad, good] = await h.sales(2);
      const spooler = await h.newSpooler({
        render: async (job, target) => {
          if (job.transactionId === bad) throw new InputError('DOCUMENT_TOO_WIDE', 'does not fit');
          return testRender(job, target);
        },
      });
      await spooler.start();
      const a = await spooler.enqueue({ transactionId: bad as string, printer: 'front' });
      const b = await spooler.enqueue({ transactionId: good as string, printer: 'front' });
      expect(await spooler.waitFor(a.id)).toMatchObject({ state: 'failed', detail: expect.stringContaining('does not fit') });
      expect((await spooler.waitFor(b.id)).state).toBe('printed');
      expect(await eventTypes(spooler, a.id)).toEqual(['print.queued', 'print.failed']);
      const failed = JSON.parse((await spooler.jobEvents(a.id)).at(-1)?.payload ?? '{}') as Record<string, unknown>;
      expect(failed).toMatchObject({ reason: 'render', error: 'DOCUMENT_TOO_WIDE' });
    });

    it('fails the queued jobs of a printer that left the configuration', async () => {
      h = await harnessOn([{ name: 'front' }]);
      const [id] = await h.sales(1);
      const job = await h.spooler.enqueue({ transactionId: id as string, printer: 'front' });
      const spooler = await h.newSpooler({ printers: printerDirectory([]) });
      await spooler.start();
      expect(await spooler.waitFor(job.id)).toMatchObject({ state: 'failed', detail: 'printer front is not configured any more' });
      expect(await eventTypes(spooler, job.id)).toEqual(['print.queued', 'print.failed']);
    });

    it('carries on after the journal fails it for a moment, reporting the error', async () => {
      h = await harnessOn([{ name: 'front' }]);
      const [id] = await h.sales(1);
      const store = h.store;
      let failures = 2;
      const listJobs: typeof store.listJobs = async (filter) => {
        if (filter.printer !== undefined && failures-- > 0) throw new Error('SQLITE_BUSY: database is locked');
        return store.listJobs(filter);
      };
      const flaky = new Proxy(store, {
        get: (target, key) => {
          if (key === 'listJobs') return listJobs;
          const value = Reflect.get(target, key) as unknown;
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
      const errors: string[] = [];
      const spooler = await h.newSpooler({ journal: new Journal({ store: flaky }), onEvent: (e) => e.type === 'error' && errors.push(e.message) });
      await spooler.start();
      const job = await spooler.enqueue({ transactionId: id as string, printer: 'front' });
      expect((await spooler.waitFor(job.id)).state).toBe('printed');
      expect(errors).toEqual(['printer front: SQLITE_BUSY: database is locked', 'printer front: SQLITE_BUSY: database is locked']);
    });

    it('reports a listener that throws without stopping', async () => {
      h = await harnessOn([{ name: 'front' }]);
      const [id] = await h.sales(1);
      const spooler = await h.newSpooler({ onEvent: () => { throw new Error('listener broke'); } });
      await spooler.start();
      const job = await spooler.enqueue({ transactionId: id as string, printer: 'front' });
      expect((await spooler.waitFor(job.id)).state).toBe('printed');
    });

    it('checks its settings', () => {
      expect(spoolerSettings()).toMatchObject({ expireAfterMs: 600_000, failoverAfter: 3, statusPollMs: 1000, cleanEveryMm: 150_000 });
      for (const bad of [{ ackTimeoutMs: -1 }, { statusPollMs: 0 }, { failoverAfter: 1.5 }, { retryInitialMs: 500, retryMaxMs: 100 }, { expireAfterMs: Number.NaN }, { nonsense: 1 } as never]) {
        const error = (() => {
          try {
            spoolerSettings(bad);
          } catch (e) {
            return e;
          }
          return undefined;
        })();
        expect(error).toBeInstanceOf(ConfigError);
        expect(error).toMatchObject({ code: 'BAD_SPOOLER_SETTING' });
      }
      expect(() => new Spooler({ journal: {} as never, printers: printerDirectory([]), connect: async () => ({}) as never, render: testRender, settings: { failoverAfter: 0 } })).toThrow(ConfigError);
      expect([1, 2, 3, 4, 5, 10].map((n) => retryDelay(n, { retryInitialMs: 100, retryMaxMs: 1000 }))).toEqual([100, 200, 400, 800, 1000, 1000]);
    });
  });
});

describe('printerDirectory', () => {
  it('resolves names and addresses, and refuses a bad configuration', () => {
    const dir = printerDirectory([
      { name: 'front', host: '192.168.1.50', backup: 'back', group: 'counter' },
      { name: 'back', host: '192.168.1.51', port: 9101, model: 'epson-tm-t88' },
    ]);
    expect(dir.resolve('front')).toMatchObject({ name: 'front', address: 'tcp://192.168.1.50:9100', backup: 'back', group: 'counter', profile: { id: 'generic-80' } });
    expect(dir.resolve('192.168.1.51:9101')).toMatchObject({ name: 'back', profile: { id: 'epson-tm-t88' } });
    expect(dir.resolve('10.0.0.9:9100')).toMatchObject({ name: '10.0.0.9:9100', host: '10.0.0.9', port: 9100 });
    expect(dir.resolve('[::1]:9100')).toMatchObject({ name: '::1:9100', address: 'tcp://[::1]:9100' });
    expect(() => dir.resolve('frnt')).toThrow(expect.objectContaining({ code: 'UNKNOWN_PRINTER' }) as Error);
    expect(() => printerDirectory([]).resolve('x')).toThrow(/no printer "x"/);
    expect(dir.list().map((t) => t.name)).toEqual(['front', 'back']);
    const bad = (entries: Parameters<typeof printerDirectory>[0], options?: Parameters<typeof printerDirectory>[1]) => {
      try {
        printerDirectory(entries, options);
      } catch (e) {
        return (e as { code?: string }).code;
      }
      return undefined;
    };
    expect(bad([{ name: 'a b', host: 'x' }])).toBe('BAD_PRINTER_NAME');
    expect(bad([{ name: 'a', host: 'x' }, { name: 'a', host: 'y' }])).toBe('DUPLICATE_PRINTER');
    expect(bad([{ name: 'a', host: 'x', backup: 'a' }])).toBe('BACKUP_IS_SELF');
    expect(bad([{ name: 'a', host: 'x', backup: 'z' }])).toBe('UNKNOWN_BACKUP');
    expect(bad([{ name: 'a', host: 'x', port: 70000 }])).toBe('BAD_PRINTER_PORT');
    expect(bad([{ name: 'a', host: 'x', model: 'tm-999' }])).toBe('UNKNOWN_PRINTER_MODEL');
    expect(bad([], { defaultModel: 'nope' })).toBe('UNKNOWN_PRINTER_MODEL');
  });
});
