/**
 * Restart safety, on SQLite and on PostgreSQL: a spooler process killed with SIGKILL mid-job,
 * again and again. Afterwards every job is printed or unknown with its events — none lost,
 * none printed twice without a mark.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyJournal } from '../src/journal/index.js';
import { Random } from '../src/seed/index.js';
import { readChildLines } from './support/child-lines.js';
import { onBothEngines } from './support/engines.js';
import { accountForPaper } from './support/paper-accounting.js';
import { eventTypes, labelOf, printEventsByJob, spoolerHarness, until, type Harness, type PrinterSpec } from './support/spooler-harness.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const CHILD_JS = join(ROOT, 'dist/test/support/spooler-child.js');

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/**
 * Runs the child spooler; kills it with SIGKILL once it has journaled `killAt` sending events
 * (undefined: lets it drain). A job is claimed, then sent: from that line until its printed
 * commit the receipt is in flight, a whole print long, however slow the commits are.
 */
function runChild(target: string, port: number, leaseMs: number, killAt: number | undefined): Promise<{ lines: string[]; signal: NodeJS.Signals | null; code: number | null; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CHILD_JS, target, String(port), String(leaseMs), ...(killAt === undefined ? ['drain'] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let sending = 0;
    const output = readChildLines(child, (line) => {
      lines.push(line);
      if (line.startsWith('print.sending ')) sending += 1;
      if (killAt !== undefined && sending === killAt) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ lines, signal, code, stderr: output.stderr }));
  });
}

onBothEngines((engine) => {
  const harnessOn = (specs: PrinterSpec[], options: Parameters<typeof spoolerHarness>[1] = {}) => spoolerHarness(specs, { ...options, engine });

  describe('restart safety', () => {
    it('recovers jobs left in flight as unknown and resumes queued ones, across SIGKILLs mid-job', async () => {
      // ~40 mm receipts at 400 mm/s: 0.1 s of paper each, so a kill lands while one prints.
      h = await harnessOn([{ name: 'front', speedMmPerSecond: 400 }], { settings: { inFlightLeaseMs: 300 } });
      const port = h.ports.get('front') as number;
      // Each child is killed at its 2nd to 6th job: 30 leave some for the last one to drain.
      const ids = await h.sales(30);
      const jobs = [];
      for (const id of ids) jobs.push(await h.spooler.enqueue({ transactionId: id, printer: 'front' }));
      const random = new Random('spooler-restart');
      const KILLS = 4;
      for (let round = 0; round < KILLS; round++) {
        const run = await runChild(h.target, port, 300, 2 + random.int(0, 4));
        expect(run.signal, run.stderr).toBe('SIGKILL');
      }
      // What was in flight at the last kill is still in flight in the journal (so is an earlier
      // kill's if no child has swept it yet): one printer, so one job in flight per process.
      const open = await h.store.listJobs({ states: ['sending', 'awaiting-ack'] });
      expect(open.length).toBeGreaterThanOrEqual(1);
      expect(open.length).toBeLessThanOrEqual(KILLS);
      // A restarted process finishes the rest.
      const drained = await runChild(h.target, port, 300, undefined);
      expect(drained.code, drained.stderr).toBe(0);
      await h.spooler.start();
      const finals = [];
      for (const job of jobs) finals.push(await h.spooler.waitFor(job.id, { timeoutMs: 20_000 }));
      await h.printerIdle('front');

      const states = new Map<string, number>();
      for (const f of finals) states.set(f.state, (states.get(f.state) ?? 0) + 1);
      expect([...states.keys()].every((s) => s === 'printed' || s === 'unknown'), JSON.stringify([...states])).toBe(true);
      // Only a kill leaves a job unknown, and each kill at most one.
      expect(states.get('unknown') ?? 0).toBeGreaterThanOrEqual(1);
      expect(states.get('unknown') ?? 0).toBeLessThanOrEqual(KILLS);

      // Every piece of paper is one job's receipt, whole, or cut short by a kill; in the order sent.
      const account = await accountForPaper(h.store, h.directory, 'front', h.paper.get('front') ?? []);
      expect(account.problems).toEqual([]);
      const paper = new Map(account.jobs.map((j) => [j.job.id, j.paper.kind]));
      const events = await printEventsByJob(h.store);
      for (const f of finals) {
        const types = (events.get(f.id) ?? []).map((e) => e.type);
        expect(types[0], `job ${f.id}`).toBe('print.queued');
        expect(types.at(-1), `job ${f.id}`).toBe(`print.${f.state}`);
        // Never sent twice: one sending event per job, whatever happened.
        expect(types.filter((t) => t === 'print.sending'), `job ${f.id}`).toHaveLength(1);
        if (f.state === 'printed') expect(paper.get(f.id), `job ${f.id}`).toBe('full');
        else {
          // Unknown, saying why: a process died with it in flight; on paper whole, cut short or not at all.
          expect(f.detail).toContain('by a spooler that stopped');
          const last = events.get(f.id)?.at(-1)?.payload;
          expect(last).toMatchObject({ reason: 'abandoned', lastState: expect.stringMatching(/^(sending|awaiting-ack)$/) });
          expect(['full', 'partial', 'none']).toContain(paper.get(f.id));
        }
      }
      expect((await verifyJournal(h.store)).ok).toBe(true);
    });
  });

  describe('stop and start in one process', () => {
    it('on start, a job another process left in flight past the lease becomes unknown; a fresh one is left alone until then', async () => {
      h = await harnessOn([{ name: 'front' }], { settings: { inFlightLeaseMs: 400 } });
      const [old, fresh, waiting] = await h.sales(3);
      const harness = h;
      // What a process that died mid-job leaves behind: rows in sending / awaiting-ack with their events.
      const leave = async (id: string, state: 'sending' | 'awaiting-ack', age: number) => {
        const job = await harness.spooler.enqueue({ transactionId: id, printer: 'front' });
        const at = Date.now() - age;
        await harness.store.write(async (w) => {
          // Along the moves the spooler makes (the job table's guard allows no other).
          await w.updateJob(job.id, ['queued'], { state: 'sending', attempts: 1, updatedAt: at });
          if (state === 'awaiting-ack') await w.updateJob(job.id, ['sending'], { state, updatedAt: at });
          await harness.journal.appendEvent(w, job.terminalId, 'print.sending', { jobId: job.id });
        });
        return job;
      };
      const a = await leave(old as string, 'awaiting-ack', 10_000);
      const b = await leave(fresh as string, 'sending', 0);
      const c = await h.spooler.enqueue({ transactionId: waiting as string, printer: 'front' });
      const spooler = await h.newSpooler();
      await spooler.start();
      expect(await spooler.job(a.id)).toMatchObject({ state: 'unknown', detail: expect.stringContaining('left awaiting-ack by a spooler that stopped') });
      expect((await spooler.job(b.id)).state).toBe('sending');
      expect((await spooler.waitFor(c.id)).state).toBe('printed');
      expect(await spooler.waitFor(b.id)).toMatchObject({ state: 'unknown' });
      const last = JSON.parse((await spooler.jobEvents(b.id)).at(-1)?.payload ?? '{}') as Record<string, unknown>;
      expect(last).toMatchObject({ reason: 'abandoned', lastState: 'sending', printer: { name: 'front' } });
      expect(last.silentMs).toBeGreaterThanOrEqual(400);
      // Neither was sent again: only the queued one is on paper.
      expect((h.paper.get('front') ?? []).map((p) => labelOf(p)?.sale)).toEqual([waiting]);
    });

    it('start and stop are idempotent, and a stopped spooler starts again', async () => {
      h = await harnessOn([{ name: 'front' }]);
      const [x, y] = await h.sales(2);
      await Promise.all([h.spooler.start(), h.spooler.start()]);
      expect(h.spooler.running).toBe(true);
      expect((await h.spooler.waitFor((await h.spooler.enqueue({ transactionId: x as string, printer: 'front' })).id)).state).toBe('printed');
      await Promise.all([h.spooler.stop(), h.spooler.stop()]);
      expect(h.spooler.running).toBe(false);
      const job = await h.spooler.enqueue({ transactionId: y as string, printer: 'front' });
      // A stopped spooler takes the job but starts no worker for it (workers start as a job is queued).
      expect(h.spooler.working).toEqual([]);
      expect((await h.spooler.job(job.id)).state).toBe('queued');
      await h.spooler.start();
      expect((await h.spooler.waitFor(job.id)).state).toBe('printed');
    });

    it('stop() leaves queued jobs queued; the next start prints them', async () => {
      h = await harnessOn([{ name: 'front', fault: 'offline' }]);
      const ids = await h.sales(3);
      await h.spooler.start();
      const jobs = [];
      for (const id of ids) jobs.push(await h.spooler.enqueue({ transactionId: id, printer: 'front' }));
      await until(() => (h?.events ?? []).some((e) => e.type === 'held'), 'the hold');
      await h.spooler.stop();
      expect(h.spooler.running).toBe(false);
      for (const job of jobs) expect((await h.spooler.job(job.id)).state).toBe('queued');
      h.virtual.get('front')?.setFault(undefined);
      const next = await h.newSpooler();
      await next.start();
      for (const job of jobs) expect((await next.waitFor(job.id)).state).toBe('printed');
      expect(await eventTypes(next, jobs[0]?.id as number)).toEqual(['print.queued', 'print.held', 'print.sending', 'print.awaiting-ack', 'print.printed']);
    });

    it('stop() while the printer holds a sent job: unknown, saying why', async () => {
      h = await harnessOn([{ name: 'front' }], { settings: { ackTimeoutMs: 150 } });
      const [id] = await h.sales(1);
      const harness = h;
      const spooler = await h.newSpooler({
        // The job is claimed and its bytes not yet sent: the printer gets them with its paper out.
        onEvent: (e) => {
          if (e.type === 'job' && e.event === 'print.sending') harness.virtual.get('front')?.setFault('paper-out');
        },
      });
      await spooler.start();
      const job = await spooler.enqueue({ transactionId: id as string, printer: 'front' });
      await until(async () => (await spooler.job(job.id)).detail === 'held: paper out', 'the hold in flight');
      await spooler.stop();
      expect(await spooler.job(job.id)).toMatchObject({ state: 'unknown', detail: expect.stringContaining('the spooler stopped while the printer held the job (paper out)') });
      expect(await eventTypes(spooler, job.id)).toEqual(['print.queued', 'print.sending', 'print.awaiting-ack', 'print.held', 'print.unknown']);
    });

    it('does not declare another live spooler\'s long-held job abandoned (it touches it)', async () => {
      h = await harnessOn([{ name: 'front' }], { settings: { inFlightLeaseMs: 200, ackTimeoutMs: 300 } });
      const [id] = await h.sales(1);
      const harness = h;
      const holder = await h.newSpooler({
        // Claimed, bytes not yet sent (the event is told before they go): the printer gets them with its
        // cover open and holds them, however long the commits take.
        onEvent: (e) => {
          if (e.type === 'job' && e.event === 'print.sending') harness.virtual.get('front')?.setFault('cover-open');
        },
      });
      const sweeps: number[] = [];
      const afterSweeps: { count: number; resolve: () => void }[] = [];
      const watcher = await h.newSpooler({
        onSweep: ({ abandoned }) => {
          sweeps.push(abandoned);
          for (const w of afterSweeps.filter((w) => sweeps.length >= w.count)) {
            afterSweeps.splice(afterSweeps.indexOf(w), 1);
            w.resolve();
          }
        },
      });
      await holder.start();
      const job = await holder.enqueue({ transactionId: id as string, printer: 'front' });
      await until(async () => (await holder.job(job.id)).detail === 'held: cover open', 'the hold in flight');
      const heldAt = await holder.job(job.id);
      // Started only now, the watcher never saw the job queued, so it cannot have claimed it itself.
      await watcher.start();
      // Eight sweeps by the watcher after its first, each at least 100 ms after the one before:
      // three and a half leases of 200 ms the job sat held, and not one sweep took it for abandoned.
      await new Promise<void>((resolve) => afterSweeps.push({ count: 9, resolve }));
      expect(sweeps.slice(0, 9)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
      const still = await watcher.job(job.id);
      expect(still.state).toBe('awaiting-ack');
      // It was not declared abandoned because its holder kept touching it.
      expect(still.updatedAt).toBeGreaterThan(heldAt.updatedAt);
      h.virtual.get('front')?.setFault(undefined);
      expect((await holder.waitFor(job.id)).state).toBe('printed');
      expect(await eventTypes(holder, job.id)).toEqual(['print.queued', 'print.sending', 'print.awaiting-ack', 'print.held', 'print.printed']);
    });
  });
});
