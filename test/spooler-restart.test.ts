/**
 * Restart safety: a spooler process killed with SIGKILL mid-job, again and again. Afterwards
 * every job is printed or unknown (or expired / failed) with its events — none lost, none
 * printed twice without a mark.
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FINAL_JOB_STATES, verifyJournal } from '../src/journal/index.js';
import { Random } from '../src/seed/index.js';
import { eventTypes, labelOf, printEventsByJob, sleep, spoolerHarness, until, type Harness } from './support/spooler-harness.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const CHILD_JS = join(ROOT, 'dist/test/support/spooler-child.js');
const CHILD_TS = join(ROOT, 'test/support/spooler-child.ts');

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function childIsBuilt(): void {
  if (!existsSync(CHILD_JS)) {
    throw new Error(`${CHILD_JS} is missing: this test runs the compiled spooler in a real process; run \`npx tsc -p .\` (npm test does) first`);
  }
  if (statSync(CHILD_TS).mtimeMs > statSync(CHILD_JS).mtimeMs) {
    throw new Error(`${CHILD_JS} is older than ${CHILD_TS}: run \`npx tsc -p .\` (npm test does) first`);
  }
}

/** Runs the child spooler; kills it with SIGKILL once it has journaled `killAt` awaiting-ack events (undefined: let it drain). */
function runChild(file: string, port: number, leaseMs: number, killAt: number | undefined): Promise<{ lines: string[]; signal: NodeJS.Signals | null; code: number | null; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CHILD_JS, file, String(port), String(leaseMs), ...(killAt === undefined ? ['drain'] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let pending = '';
    let stderr = '';
    let awaiting = 0;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (line.startsWith('print.awaiting-ack ')) awaiting += 1;
        // Mid-job: the receipt is on its way to the printer and not yet confirmed.
        if (killAt !== undefined && awaiting === killAt) child.kill('SIGKILL');
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ lines, signal, code, stderr }));
  });
}

describe('restart safety', () => {
  it('recovers jobs left in flight as unknown and resumes queued ones, across SIGKILLs mid-job', async () => {
    childIsBuilt();
    // ~40 mm receipts at 400 mm/s: 0.1 s of paper each, so a kill lands while one prints.
    h = await spoolerHarness([{ name: 'front', speedMmPerSecond: 400 }], { settings: { inFlightLeaseMs: 300 } });
    const file = join(h.dir, 'journal.db');
    const port = h.ports.get('front') as number;
    const ids = await h.sales(40);
    const jobs = [];
    for (const id of ids) jobs.push(await h.spooler.enqueue({ transactionId: id, printer: 'front' }));
    const random = new Random('spooler-restart');
    const kills = [];
    for (let round = 0; round < 4; round++) {
      const run = await runChild(file, port, 300, 2 + random.int(0, 4));
      expect(run.signal, run.stderr).toBe('SIGKILL');
      kills.push(run);
    }
    // What was in flight at each kill is still in flight in the journal.
    const open = await h.store.listJobs({ states: ['sending', 'awaiting-ack'] });
    expect(open.length).toBeGreaterThanOrEqual(1);
    // A restarted process finishes the rest.
    const drained = await runChild(file, port, 300, undefined);
    expect(drained.code, drained.stderr).toBe(0);
    await h.spooler.start();
    const finals = [];
    for (const job of jobs) finals.push(await h.spooler.waitFor(job.id, { timeoutMs: 20_000 }));
    await until(() => (h?.virtual.get('front')?.pending ?? 0) === 0, 'the printer to finish');
    await sleep(100);

    const states = new Map<string, number>();
    for (const f of finals) states.set(f.state, (states.get(f.state) ?? 0) + 1);
    for (const f of finals) expect(FINAL_JOB_STATES).toContain(f.state);
    expect([...states.keys()].every((s) => s === 'printed' || s === 'unknown')).toBe(true);
    expect(states.get('unknown') ?? 0).toBeGreaterThanOrEqual(1);

    const onPaper = new Map<string, number>();
    for (const p of h.paper.get('front') ?? []) {
      const label = labelOf(p);
      if (label) onPaper.set(label.sale, (onPaper.get(label.sale) ?? 0) + 1);
    }
    const events = await printEventsByJob(h.store);
    for (const f of finals) {
      const types = (events.get(f.id) ?? []).map((e) => e.type);
      expect(types[0], `job ${f.id}`).toBe('print.queued');
      expect(types.at(-1), `job ${f.id}`).toBe(`print.${f.state}`);
      // Never sent twice: one sending event per job, whatever happened.
      expect(types.filter((t) => t === 'print.sending'), `job ${f.id}`).toHaveLength(1);
      const copies = onPaper.get(f.transactionId) ?? 0;
      if (f.state === 'printed') expect(copies, `sale ${f.transactionId}`).toBe(1);
      else {
        expect(copies, `sale ${f.transactionId}`).toBeLessThanOrEqual(1);
        const last = events.get(f.id)?.at(-1)?.payload;
        expect(last).toMatchObject({ reason: 'abandoned', lastState: expect.stringMatching(/^(sending|awaiting-ack)$/) });
      }
    }
    expect([...onPaper.values()].every((n) => n === 1)).toBe(true);
    expect((await verifyJournal(h.store)).ok).toBe(true);
  });
});

describe('stop and start in one process', () => {
  it('on start, a job another process left in flight past the lease becomes unknown; a fresh one is left alone until then', async () => {
    h = await spoolerHarness([{ name: 'front' }], { settings: { inFlightLeaseMs: 400 } });
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
    h = await spoolerHarness([{ name: 'front' }]);
    const [x, y] = await h.sales(2);
    await Promise.all([h.spooler.start(), h.spooler.start()]);
    expect(h.spooler.running).toBe(true);
    expect((await h.spooler.waitFor((await h.spooler.enqueue({ transactionId: x as string, printer: 'front' })).id)).state).toBe('printed');
    await Promise.all([h.spooler.stop(), h.spooler.stop()]);
    expect(h.spooler.running).toBe(false);
    const job = await h.spooler.enqueue({ transactionId: y as string, printer: 'front' });
    await sleep(100);
    expect((await h.spooler.job(job.id)).state).toBe('queued');
    await h.spooler.start();
    expect((await h.spooler.waitFor(job.id)).state).toBe('printed');
  });

  it('stop() leaves queued jobs queued; the next start prints them', async () => {
    h = await spoolerHarness([{ name: 'front', fault: 'offline' }]);
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
    h = await spoolerHarness([{ name: 'front', speedMmPerSecond: 100 }], { settings: { ackTimeoutMs: 150 } });
    const [id] = await h.sales(1);
    const harness = h;
    const spooler = await h.newSpooler({
      onEvent: (e) => {
        if (e.type === 'job' && e.event === 'print.awaiting-ack') harness.virtual.get('front')?.setFault('paper-out');
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
    h = await spoolerHarness([{ name: 'front', speedMmPerSecond: 400 }], { settings: { inFlightLeaseMs: 150, ackTimeoutMs: 300 } });
    const [id] = await h.sales(1);
    const harness = h;
    const holder = await h.newSpooler({
      onEvent: (e) => {
        if (e.type === 'job' && e.event === 'print.awaiting-ack') harness.virtual.get('front')?.setFault('cover-open');
      },
    });
    const watcher = await h.newSpooler();
    await holder.start();
    await watcher.start();
    const job = await holder.enqueue({ transactionId: id as string, printer: 'front' });
    await until(async () => (await holder.job(job.id)).detail === 'held: cover open', 'the hold in flight');
    await sleep(600); // four leases: the watcher sweeps every 75 ms
    expect((await watcher.job(job.id)).state).toBe('awaiting-ack');
    h.virtual.get('front')?.setFault(undefined);
    expect((await holder.waitFor(job.id)).state).toBe('printed');
    expect(await eventTypes(holder, job.id)).toEqual(['print.queued', 'print.sending', 'print.awaiting-ack', 'print.held', 'print.printed']);
  });
});
