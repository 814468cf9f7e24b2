/**
 * Commits per job: a job for an idle printer known ready is queued and taken for sending in
 * one write (one commit), concurrent jobs share commits where the engine groups them
 * (SQLite), and every job's events stay what they were — counted on the store's own commit
 * counter, on both engines.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../src/core/index.js';
import { Journal, STORE_CHAIN, verifyJournal, type JournaledTransaction, type PrintJobRow } from '../src/journal/index.js';
import type { RenderedJob } from '../src/printer/index.js';
import { onBothEngines } from './support/engines.js';
import { tamperPostgres, tamperSqlite } from './support/tamper.js';
import { FAST_SETTINGS, eventTypes, labelOf, printEventsByJob, spoolerHarness, testRender, until, type Harness, type PrinterSpec } from './support/spooler-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const PRINTED = ['print.queued', 'print.sending', 'print.awaiting-ack', 'print.printed'];
// A status read stays fresh for a status poll: long here, so that the hand-over does not depend on the machine's speed.
const SETTINGS = { statusPollMs: 10_000, idleCloseMs: 10_000 };

onBothEngines((engine) => {
  const harnessOn = (specs: PrinterSpec[], options: Parameters<typeof spoolerHarness>[1] = {}) => spoolerHarness(specs, { ...options, engine, settings: { ...SETTINGS, ...options.settings } });

  /** Prints one job so that the printer's worker has an open link and a fresh status, then waits for it to be idle. */
  async function warm(harness: Harness | Harness['spooler'], sale: string): Promise<void> {
    const spooler = 'spooler' in harness ? harness.spooler : harness;
    const first = await spooler.enqueue({ transactionId: sale, printer: 'front' });
    expect(first.state).toBe('queued');
    expect((await spooler.waitFor(first.id)).state).toBe('printed');
    await until(() => spooler.takesAtOnce('front'), 'the worker idle and ready');
  }

  describe('commits per job', () => {
    it('queues a job for an idle, ready printer and takes it for sending in one commit; its events are unchanged', async () => {
      h = await harnessOn([{ name: 'front' }]);
      const [a, b] = await h.sales(2);
      await h.spooler.start();
      await warm(h, a as string);
      const before = h.store.commits;
      const job = await h.spooler.enqueue({ transactionId: b as string, printer: 'front' });
      expect(h.store.commits - before).toBe(1);
      expect(job).toMatchObject({ state: 'sending', attempts: 1, detail: null });
      expect((await h.spooler.waitFor(job.id)).state).toBe('printed');
      expect(await eventTypes(h.spooler, job.id)).toEqual(PRINTED);
      const [queued, sending] = (await h.spooler.jobEvents(job.id)).map((e) => JSON.parse(e.payload) as { attempt: number; job: { state: string } });
      expect([queued?.job.state, queued?.attempt, sending?.job.state, sending?.attempt]).toEqual(['queued', 0, 'sending', 1]);
      expect((h.paper.get('front') ?? []).map((p) => labelOf(p)?.sale)).toEqual([a, b]);
      expect((await verifyJournal(h.store)).ok).toBe(true);
    });

    it('a job queued the moment the one before is printed is handed over too: one commit to queue and send it, no look at the queue', async () => {
      h = await harnessOn([{ name: 'front' }]);
      const [first, ...ids] = await h.sales(6);
      await h.spooler.start();
      await warm(h, first as string);
      const queueReads: number[] = [];
      const listJobs = h.store.listJobs.bind(h.store);
      h.store.listJobs = (filter) => {
        if (filter.printer === 'front' && filter.states?.join() === 'queued') queueReads.push(1);
        return listJobs(filter);
      };
      const reads = h.statusReads('front');
      const seen: [string, number][] = [];
      // A cashier's next receipt: asked for as soon as the last one is printed, before the worker has gone back to sleep.
      for (const id of ids) {
        const before = h.store.commits;
        const job = await h.spooler.enqueue({ transactionId: id, printer: 'front' });
        seen.push([job.state, h.store.commits - before]);
        expect((await h.spooler.waitFor(job.id)).state).toBe('printed');
      }
      expect(seen).toEqual(ids.map(() => ['sending', 1]));
      expect(queueReads).toEqual([]);
      expect(h.statusReads('front') - reads).toBe(0);
      await h.printerIdle('front');
      expect((h.paper.get('front') ?? []).map((p) => labelOf(p)?.sale)).toEqual([first, ...ids]);
      const events = await printEventsByJob(h.store);
      expect([...events.values()].map((e) => e.map((x) => x.type))).toEqual([first, ...ids].map(() => PRINTED));
      expect((await verifyJournal(h.store)).ok).toBe(true);
    });

    it('a job queued while one prints is not overtaken: the next job asked for once that one is printed waits behind it', async () => {
      h = await harnessOn([{ name: 'front', speedMmPerSecond: 200 }]);
      const [first, a, b, c] = await h.sales(4);
      await h.spooler.start();
      await warm(h, first as string);
      const handed = await h.spooler.enqueue({ transactionId: a as string, printer: 'front' });
      expect(handed.state).toBe('sending');
      // Asked for while the first prints: it waits in the queue.
      const queued = await h.spooler.enqueue({ transactionId: b as string, printer: 'front' });
      expect(queued.state).toBe('queued');
      expect((await h.spooler.waitFor(handed.id)).state).toBe('printed');
      const next = await h.spooler.enqueue({ transactionId: c as string, printer: 'front' });
      expect(next.state).toBe('queued');
      for (const job of [queued, next]) expect((await h.spooler.waitFor(job.id)).state).toBe('printed');
      expect((h.paper.get('front') ?? []).map((p) => labelOf(p)?.sale)).toEqual([first, a, b, c]);
    });

    it('a job queued by another process while one prints is not overtaken by the next job asked for here (found by a review helper)', async () => {
      h = await harnessOn([{ name: 'front', speedMmPerSecond: 300 }]);
      const [first, a, b, x, y] = await h.sales(5);
      // Another process's spooler on the same journal: it queues, and has no worker of its own.
      const other = await h.newSpooler();
      await h.spooler.start();
      await warm(h, first as string);
      const handed = await h.spooler.enqueue({ transactionId: a as string, printer: 'front' });
      expect(handed.state).toBe('sending');
      const fromQueue = await h.spooler.enqueue({ transactionId: b as string, printer: 'front' });
      expect(fromQueue.state).toBe('queued');
      await until(() => h!.events.some((e) => e.type === 'job' && e.job.id === fromQueue.id && e.event === 'print.sending'), 'b taken from the queue');
      const elsewhere = await other.enqueue({ transactionId: x as string, printer: 'front' });
      expect(elsewhere.state).toBe('queued');
      expect((await h.spooler.waitFor(fromQueue.id)).state).toBe('printed');
      const next = await h.spooler.enqueue({ transactionId: y as string, printer: 'front' });
      // The write that queues it sees x waiting: it is not taken past it.
      expect(next.state).toBe('queued');
      for (const job of [elsewhere, next]) expect((await h.spooler.waitFor(job.id, { timeoutMs: 5_000 })).state).toBe('printed');
      expect((h.paper.get('front') ?? []).map((p) => labelOf(p)?.sale)).toEqual([first, a, b, x, y]);
    });

    it('a job rerouted here while the worker finishes the one before is not overtaken by the next job asked for here (found by a review helper)', async () => {
      h = await harnessOn([{ name: 'front' }, { name: 'back', virtual: false, backup: 'front' }]);
      const [first, a, r, y] = await h.sales(4);
      await h.spooler.start();
      await warm(h, first as string);
      // Holds the worker right after a's printed commit, where recording the paper it used may wait for I/O.
      const health = (h.spooler as unknown as { health: { printed: (target: { name: string }, mm: number) => Promise<void> } }).health;
      const printed = health.printed.bind(health);
      let release = () => undefined as void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let entered = () => undefined as void;
      const inWindow = new Promise<void>((resolve) => (entered = resolve));
      health.printed = async (target, mm) => {
        if (target.name === 'front') {
          entered();
          await gate;
        }
        return printed(target, mm);
      };
      let next: PrintJobRow;
      try {
        const handed = await h.spooler.enqueue({ transactionId: a as string, printer: 'front' });
        expect(handed.state).toBe('sending');
        await inWindow;
        // For a printer that is down: after its failures it goes to front's queue.
        const rerouted = await h.spooler.enqueue({ transactionId: r as string, printer: 'back' });
        await until(() => h!.events.some((e) => e.type === 'rerouted' && e.jobId === rerouted.id), 'the job rerouted to front');
        next = await h.spooler.enqueue({ transactionId: y as string, printer: 'front' });
        expect(next.state).toBe('queued');
      } finally {
        health.printed = printed;
        release();
      }
      expect((await h.spooler.waitFor(next.id, { timeoutMs: 5_000 })).state).toBe('printed');
      await h.printerIdle('front');
      expect((h.paper.get('front') ?? []).map((p) => labelOf(p)?.sale)).toEqual([first, a, r, y]);
    });

    it('N jobs queued at once: at most the first is handed over, none past another, the rest queue; all print once, each with its own events in order', async () => {
      h = await harnessOn([{ name: 'front' }]);
      const [first, ...ids] = await h.sales(13);
      await h.spooler.start();
      await warm(h, first as string);
      const before = h.store.commits;
      const reads = h.statusReads('front');
      const jobs = await Promise.all(ids.map((id) => h!.spooler.enqueue({ transactionId: id, printer: 'front' })));
      const commits = h.store.commits - before;
      const handed = jobs.filter((j) => j.state === 'sending');
      expect(handed.length).toBeLessThanOrEqual(1);
      // A job is taken for sending in the write that queues it only when none waits before it. SQLite runs the writes one
      // after the other as asked; on PostgreSQL a write of the same burst on another connection, not committed yet, is not seen.
      if (engine.name === 'SQLite') for (const job of handed) expect(job.id).toBe(Math.min(...jobs.map((j) => j.id)));
      expect(jobs.filter((j) => j.state === 'queued')).toHaveLength(ids.length - handed.length);
      // SQLite runs writes asked for together in one transaction (a savepoint each); PostgreSQL commits each on its own connection.
      if (engine.name === 'SQLite') expect(commits).toBeLessThan(ids.length);
      for (const job of jobs) expect((await h.spooler.waitFor(job.id)).state).toBe('printed');
      // The printer said it was ready within a status poll: the queued jobs are sent without asking it again, one by one.
      expect(h.statusReads('front') - reads).toBe(0);
      // A job printed while others wait shares its commit with the next one's sending (else: two commits a job, and more).
      if (engine.name === 'SQLite') expect(h.store.commits - before).toBeLessThan(2 * ids.length);
      const events = await printEventsByJob(h.store);
      for (const job of jobs) expect((events.get(job.id) ?? []).map((e) => e.type), `job ${job.id}`).toEqual(PRINTED);
      // One job in flight at a time in the journal too: each job's printed is in before the next
      // one's sending (a crash between them must not leave two jobs unknown).
      const at = (id: number, type: string) => (events.get(id) ?? []).find((e) => e.type === type)?.event.id ?? Number.NaN;
      const bySending = jobs.map((j) => j.id).sort((x, y) => at(x, 'print.sending') - at(y, 'print.sending'));
      // Sent in the order they were queued (on PostgreSQL, see above, the queued ones among themselves).
      const queued = jobs.filter((j) => j.state === 'queued').map((j) => j.id);
      expect(bySending.filter((id) => engine.name === 'SQLite' || queued.includes(id))).toEqual((engine.name === 'SQLite' ? jobs.map((j) => j.id) : queued).sort((x, y) => x - y));
      for (let i = 1; i < bySending.length; i++) {
        const [before, next] = [bySending[i - 1] as number, bySending[i] as number];
        expect(at(before, 'print.printed'), `job ${before} printed before job ${next} sending`).toBeLessThan(at(next, 'print.sending'));
      }
      await h.printerIdle('front');
      expect((h.paper.get('front') ?? []).map((p) => labelOf(p)?.sale).sort()).toEqual([first, ...ids].sort());
      expect((await verifyJournal(h.store)).ok).toBe(true);
    });

    it('a printer whose status is older than a status poll gets the job through the queue, its status read first', async () => {
      h = await harnessOn([{ name: 'front' }]);
      const [a, b] = await h.sales(2);
      let later = 0;
      const spooler = await h.newSpooler({ clock: () => Date.now() + later, settings: { ...FAST_SETTINGS, ...SETTINGS } });
      await spooler.start();
      await warm(spooler, a as string);
      later = SETTINGS.statusPollMs + 1;
      expect(spooler.takesAtOnce('front')).toBe(false);
      const reads = h.statusReads('front');
      const job = await spooler.enqueue({ transactionId: b as string, printer: 'front' });
      expect(job.state).toBe('queued');
      expect((await spooler.waitFor(job.id)).state).toBe('printed');
      expect(h.statusReads('front')).toBeGreaterThan(reads);
      expect(await eventTypes(spooler, job.id)).toEqual(PRINTED);
    });

    it('an idle printer has its status read again before it goes stale: a job queued after more than a poll of idling is still handed over in one commit', async () => {
      let later = 0;
      const statusPollMs = 300;
      // The harness's own spooler: its store counts the commits.
      h = await harnessOn([{ name: 'front' }], { settings: { statusPollMs }, spooler: { clock: () => Date.now() + later } });
      const [a, b] = await h.sales(2);
      const spooler = h.spooler;
      await spooler.start();
      await warm(spooler, a as string);
      const reads = h.statusReads('front');
      // More than a poll of idling: the status read before is stale now.
      later = statusPollMs + 1;
      expect(spooler.takesAtOnce('front')).toBe(false);
      await until(() => spooler.takesAtOnce('front'), 'the idle worker to read the status again');
      expect(h.statusReads('front')).toBeGreaterThan(reads);
      const before = h.store.commits;
      const job = await spooler.enqueue({ transactionId: b as string, printer: 'front' });
      expect(h.store.commits - before).toBe(1);
      expect(job).toMatchObject({ state: 'sending', attempts: 1 });
      expect((await spooler.waitFor(job.id)).state).toBe('printed');
      expect(await eventTypes(spooler, job.id)).toEqual(PRINTED);
    });

    it('an idle printer whose status read again reports a fault is handed no job: the next one waits in the queue, held, and prints once the fault clears', async () => {
      h = await harnessOn([{ name: 'front' }]);
      const [a, b] = await h.sales(2);
      const spooler = await h.newSpooler({ settings: { ...FAST_SETTINGS, ...SETTINGS, statusPollMs: 200 } });
      await spooler.start();
      await warm(spooler, a as string);
      h.virtual.get('front')?.setFault('paper-out');
      // Seen by a status read of the idle worker: a read answered the moment before the fault came says "ready" for a poll
      // (a job sent then waits in the printer for paper and prints, as on a real printer; CI once caught that moment).
      await until(async () => !spooler.takesAtOnce('front') && ((await spooler.printers()).find((p) => p.name === 'front')?.faults.length ?? 0) > 0, 'the idle worker to see the fault');
      const job = await spooler.enqueue({ transactionId: b as string, printer: 'front' });
      expect(job.state).toBe('queued');
      await until(async () => (await spooler.job(job.id)).detail !== null, 'the job held');
      expect((await spooler.job(job.id)).state).toBe('queued');
      h.virtual.get('front')?.setFault(undefined);
      expect((await spooler.waitFor(job.id)).state).toBe('printed');
      expect(await eventTypes(spooler, job.id)).toEqual(['print.queued', 'print.held', 'print.sending', 'print.awaiting-ack', 'print.printed']);
      await h.printerIdle('front');
      expect((h.paper.get('front') ?? []).map((p) => labelOf(p)?.sale)).toEqual([a, b]);
    });

    it('tells the render a receipt was handed over, with the sale read and checked in the write that took it for sending (what get() gives); a job read from the queue is told neither', async () => {
      h = await harnessOn([{ name: 'front' }]);
      const [a, b] = await h.sales(2);
      const told: [string, boolean, JournaledTransaction | undefined][] = [];
      const spooler = await h.newSpooler({
        render: async (job, target, handedOver, sale) => {
          told.push([job.transactionId, handedOver, sale]);
          return testRender(job, target);
        },
      });
      await spooler.start();
      await warm(spooler, a as string);
      const handed = await spooler.enqueue({ transactionId: b as string, printer: 'front' });
      expect(handed.state).toBe('sending');
      expect((await spooler.waitFor(handed.id)).state).toBe('printed');
      expect(told).toEqual([
        [a, false, undefined],
        [b, true, await h.journal.get(b as string)],
      ]);
    });

    it("journals what the render read at print time (printedWith) with the job's sending, before a byte goes out; a job handed over (its sending journaled already) with the event that ends it", async () => {
      h = await harnessOn([{ name: 'front' }]);
      const [a, b] = await h.sales(2);
      const spooler = await h.newSpooler({
        render: async (job, target, handedOver) => ({ ...(await testRender(job, target)), printedWith: { read: handedOver ? 'handed' : 'queued' } }),
      });
      await spooler.start();
      const queued = await spooler.enqueue({ transactionId: a as string, printer: 'front' });
      expect(queued.state).toBe('queued');
      expect((await spooler.waitFor(queued.id)).state).toBe('printed');
      await until(() => spooler.takesAtOnce('front'), 'the worker idle and ready');
      const handed = await spooler.enqueue({ transactionId: b as string, printer: 'front' });
      expect(handed.state).toBe('sending');
      expect((await spooler.waitFor(handed.id)).state).toBe('printed');
      const said = async (id: number) => (await spooler.jobEvents(id)).map((e) => [e.type, (JSON.parse(e.payload) as { printedWith?: unknown }).printedWith]);
      expect(await said(queued.id)).toEqual([['print.queued', undefined], ['print.sending', { read: 'queued' }], ['print.awaiting-ack', undefined], ['print.printed', undefined]]);
      expect(await said(handed.id)).toEqual([['print.queued', undefined], ['print.sending', undefined], ['print.awaiting-ack', undefined], ['print.printed', { read: 'handed' }]]);
      expect((await verifyJournal(h.store)).ok).toBe(true);
    });

    it('waits for a job it just handed over without reading its row (in flight here, its own changes are the job); a final job is read', async () => {
      h = await harnessOn([{ name: 'front' }]);
      const [a, b] = await h.sales(2);
      await h.spooler.start();
      await warm(h, a as string);
      const reads: number[] = [];
      const getJob = h.store.getJob.bind(h.store);
      h.store.getJob = (id) => {
        reads.push(id);
        return getJob(id);
      };
      const job = await h.spooler.enqueue({ transactionId: b as string, printer: 'front' });
      expect(job.state).toBe('sending');
      const done = await h.spooler.waitFor(job.id);
      expect(done).toMatchObject({ id: job.id, state: 'printed' });
      expect(reads).toEqual([]);
      expect(done).toEqual(await getJob(job.id));
      // Waited for again once final: read (a row put back behind the guards must be seen).
      expect(await h.spooler.waitFor(job.id)).toEqual(done);
      expect(reads).toEqual([job.id]);
    });

    it('hands no sale to the render of a receipt whose sale no longer matches its chain: the render reads it, and get() refuses it', async () => {
      h = await harnessOn([{ name: 'front' }]);
      const [a, b] = await h.sales(2);
      const told: [string, JournaledTransaction | undefined][] = [];
      const spooler = await h.newSpooler({
        render: async (job, target, _handedOver, sale) => {
          told.push([job.transactionId, sale]);
          await (sale ?? h!.journal.get(job.transactionId));
          return testRender(job, target);
        },
      });
      await spooler.start();
      await warm(spooler, a as string);
      const { eventId } = await h.journal.get(b as string);
      const edit = `UPDATE events SET hash = '${'0'.repeat(64)}' WHERE id = ${eventId}`;
      await (engine.name === 'SQLite' ? tamperSqlite(h.target, edit) : tamperPostgres(h.target, edit));
      const handed = await spooler.enqueue({ transactionId: b as string, printer: 'front' });
      expect(handed.state).toBe('sending');
      const done = await spooler.waitFor(handed.id);
      expect(done.state).toBe('unknown');
      expect(done.detail).toMatch(/does not match its journal chain/);
      expect(told).toEqual([
        [a, undefined],
        [b, undefined],
      ]);
      await expect(h.journal.get(b as string)).rejects.toMatchObject({ code: 'RECORD_ALTERED' });
    });

    it("a job handed over is not reported failed by a read after its commit: a failed read of the store's id leaves no job journaled as sending that nobody sends", async () => {
      h = await harnessOn([{ name: 'front' }]);
      const [a, b] = await h.sales(2);
      // The store's id (unset here) was last asked long ago, as on a till that prints a receipt now and then.
      let now = 0;
      const journal = new Journal({ store: h.store, monotonicMs: () => now });
      const spooler = await h.newSpooler({ journal });
      await spooler.start();
      await warm(spooler, a as string);
      now += 60_000;
      // While the job is queued, the journal answers no read of the store's id (a connection lost, a server restarting).
      let failing = true;
      const eventsOf = h.store.eventsOf.bind(h.store);
      h.store.eventsOf = (terminalId, options) => (failing && terminalId === STORE_CHAIN ? Promise.reject(new Error('connection lost')) : eventsOf(terminalId, options));
      const queued = spooler.enqueue({ transactionId: b as string, printer: 'front' });
      const outcome = await queued.then((job) => ({ job }), (error: unknown) => ({ error }));
      failing = false;
      expect(outcome).toMatchObject({ job: { state: 'sending', transactionId: b } });
      const [job] = await h.journal.jobs({ transactionId: b as string });
      expect((await spooler.waitFor(job?.id ?? 0)).state).toBe('printed');
      await h.printerIdle('front');
      expect((h.paper.get('front') ?? []).map((p) => labelOf(p)?.sale)).toEqual([a, b]);
    });

    it('a job handed over prints without its worker reading the queue again; a job queued here while it prints is still read and printed', async () => {
      let sales: string[] = [];
      let later: Promise<PrintJobRow> | undefined;
      h = await harnessOn([{ name: 'front' }], {
        spooler: {
          // While b is in hand (handed over), c is queued: its worker is busy, so c waits in the queue.
          render: async (job, target) => {
            if (job.transactionId === sales[1]) later ??= h!.spooler.enqueue({ transactionId: sales[2] as string, printer: 'front' });
            return testRender(job, target);
          },
        },
      });
      sales = await h.sales(3);
      const queueReads: number[] = [];
      const listJobs = h.store.listJobs.bind(h.store);
      h.store.listJobs = (filter) => {
        if (filter.printer === 'front' && filter.states?.join() === 'queued') queueReads.push(Date.now());
        return listJobs(filter);
      };
      await h.spooler.start();
      await warm(h, sales[0] as string);
      const readsBefore = queueReads.length;
      const handed = await h.spooler.enqueue({ transactionId: sales[1] as string, printer: 'front' });
      expect(handed.state).toBe('sending');
      expect((await h.spooler.waitFor(handed.id)).state).toBe('printed');
      const queued = await (later as Promise<PrintJobRow>);
      expect(queued.state).toBe('queued');
      expect((await h.spooler.waitFor(queued.id)).state).toBe('printed');
      // Read for c (poked while b was in hand), not for b; and once more after c, a job taken from the queue.
      await until(() => queueReads.length - readsBefore >= 2, 'the worker to look at its queue after c');
      await until(() => h!.spooler.takesAtOnce('front'), 'the worker idle and ready');
      const readsIdle = queueReads.length;
      const next = await h.spooler.enqueue({ transactionId: (await h.sales(1))[0] as string, printer: 'front' });
      expect(next.state).toBe('sending');
      expect((await h.spooler.waitFor(next.id)).state).toBe('printed');
      await until(() => h!.spooler.takesAtOnce('front'), 'the worker idle and ready again');
      expect(queueReads.length).toBe(readsIdle);
      await h.printerIdle('front');
      expect((h.paper.get('front') ?? []).map((p) => labelOf(p)?.sale)).toEqual([...sales, next.transactionId]);
    });

    it('a job handed over whose receipt cannot be rendered ends unknown, saying why; nothing goes out and the next job prints', async () => {
      h = await harnessOn([{ name: 'front' }]);
      const [a, bad, c] = await h.sales(3);
      const spooler = await h.newSpooler({
        render: async (job, target) => {
          if (job.transactionId === bad) throw new InputError('DOCUMENT_TOO_WIDE', 'does not fit');
          return testRender(job, target);
        },
      });
      await spooler.start();
      await warm(spooler, a as string);
      const job = await spooler.enqueue({ transactionId: bad as string, printer: 'front' });
      expect(job.state).toBe('sending');
      expect(await spooler.waitFor(job.id)).toMatchObject({ state: 'unknown', detail: 'could not render the receipt: does not fit' });
      expect(await eventTypes(spooler, job.id)).toEqual(['print.queued', 'print.sending', 'print.unknown']);
      expect(JSON.parse((await spooler.jobEvents(job.id)).at(-1)?.payload ?? '{}')).toMatchObject({ error: 'DOCUMENT_TOO_WIDE' });
      const next = await spooler.enqueue({ transactionId: c as string, printer: 'front' });
      expect((await spooler.waitFor(next.id)).state).toBe('printed');
      await h.printerIdle('front');
      expect((h.paper.get('front') ?? []).map((p) => labelOf(p)?.sale)).toEqual([a, c]);
    });

    it('a process that dies after the commit that queued and took a job: another spooler declares it unknown after the lease, never sends it', async () => {
      h = await harnessOn([{ name: 'front' }], { settings: { inFlightLeaseMs: 300 } });
      const [a, stuck, c] = await h.sales(3);
      let release: (error: Error) => void = () => undefined;
      const hung = new Promise<RenderedJob>((_, reject) => (release = reject));
      // The first process stops dead between its commit and the first byte (as if killed there).
      const dying = await h.newSpooler({ render: async (job: PrintJobRow, target) => (job.transactionId === stuck ? hung : testRender(job, target)) });
      await dying.start();
      await warm(dying, a as string);
      const job = await dying.enqueue({ transactionId: stuck as string, printer: 'front' });
      expect(job.state).toBe('sending');
      const restarted = await h.newSpooler();
      await restarted.start();
      const final = await restarted.waitFor(job.id);
      expect(final).toMatchObject({ state: 'unknown' });
      expect(final.detail).toContain('by a spooler that stopped');
      expect(await eventTypes(restarted, job.id)).toEqual(['print.queued', 'print.sending', 'print.unknown']);
      // The first process wakes up: the job is no longer in flight, so nothing of it is sent.
      release(new Error('woke up late'));
      // It goes on with the next job (whichever spooler takes it); the stuck one stays unknown and off the paper.
      const next = await dying.enqueue({ transactionId: c as string, printer: 'front' });
      expect((await dying.waitFor(next.id)).state).toBe('printed');
      await h.printerIdle('front');
      expect((h.paper.get('front') ?? []).map((p) => labelOf(p)?.sale)).toEqual([a, c]);
      expect(await eventTypes(restarted, job.id)).toEqual(['print.queued', 'print.sending', 'print.unknown']);
      expect((await verifyJournal(h.store)).ok).toBe(true);
    });
  });
});
