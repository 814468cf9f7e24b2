/**
 * Soak: 2,000 generated sales printed through two printers that back each other up, while
 * faults of every kind are injected at random (seeded). At the end every byte on paper is
 * accounted for and every job has ended: printed exactly once, whole and with its own label,
 * on the printer the journal names; or unknown — only while a fault that can lose a job in
 * flight (a dropped connection, a mute printer, a power cut) was in force on its printer, with
 * its paper none, whole or cut short; or expired / rerouted / failed with the reason, and no
 * paper. No sale is lost and none printed twice.
 */
import { describe, expect, it } from 'vitest';
import type { TransactionInput } from '../src/core/index.js';
import { FINAL_JOB_STATES, verifyJournal, type PrintJobRow } from '../src/journal/index.js';
import type { SpoolerEvent } from '../src/printer/index.js';
import { Random, generateSales } from '../src/seed/index.js';
import { accountForPaper, type PaperOutcome } from './support/paper-accounting.js';
import { printEventsByJob, sleep, spoolerHarness, testRender } from './support/spooler-harness.js';

const SALES = 2_000;
const SEED = 'spooler-soak-1';
const PRINTERS = ['front', 'back'] as const;
const FAULTS = ['paper-out', 'near-end', 'cover-open', 'offline', 'slow', 'drop-after', 'mute', 'power-off'] as const;
/** Faults that can leave a job sent but unconfirmed: the connection goes, or the answers stop. */
const CAN_LOSE_A_JOB: ReadonlySet<string> = new Set(['drop-after', 'mute', 'power-off']);
/** Faults that hold a job the printer has: past its age it ends unknown (it may print when the fault clears). */
const HOLDS_A_JOB: ReadonlySet<string> = new Set(['paper-out', 'cover-open', 'offline']);

interface FaultWindow {
  printer: string;
  kind: string;
  from: number;
  to: number;
}

describe('spooler soak', () => {
  it(`prints ${SALES} sales over two printers under random faults: every job and every byte on paper accounted for`, async () => {
    const events: SpoolerEvent[] = [];
    let ended = 0;
    let mostlyEnded: () => void = () => undefined;
    const mostly = new Promise<void>((resolve) => (mostlyEnded = resolve));
    const h = await spoolerHarness(
      [
        { name: 'front', backup: 'back', speedMmPerSecond: 20_000 },
        { name: 'back', backup: 'front', speedMmPerSecond: 20_000 },
      ],
      {
        // Timeouts well above what a busy machine can stall for: an unknown outcome must come from a fault, never from load.
        settings: { expireAfterMs: 600_000, retryInitialMs: 20, retryMaxMs: 100, failoverAfter: 2, ackTimeoutMs: 1_500, statusPollMs: 20, inFlightLeaseMs: 10_000, idleCloseMs: 500 },
        statusTimeoutMs: 1_000,
        spooler: {
          onEvent: (e) => {
            events.push(e);
            if (e.type === 'job' && ['print.printed', 'print.expired', 'print.failed', 'print.unknown'].includes(e.event) && ++ended >= SALES * 0.95) mostlyEnded();
          },
        },
      },
    );
    try {
      const inputs = [...generateSales({ count: SALES, seed: SEED, until: Date.parse('2026-11-28T00:00:00+08:00'), timeZone: 'Asia/Shanghai', days: 3 })] as TransactionInput[];
      const ids: string[] = [];
      for (let i = 0; i < inputs.length; i += 500) ids.push(...(await h.journal.recordMany(inputs.slice(i, i + 500))).map((o) => o.id));
      expect(ids).toHaveLength(SALES);
      await h.spooler.start();

      // Faults at random (the pacing is the test's own randomness, not a wait for a result) until 95% of the jobs have ended.
      const random = new Random(SEED);
      let chaotic = true;
      const windows: FaultWindow[] = [];
      const clearing: Promise<void>[] = [];
      const restarting = new Set<string>();
      const chaos = (async () => {
        while (chaotic) {
          await sleep(random.int(30, 120));
          const name = PRINTERS[random.int(0, 1)] as (typeof PRINTERS)[number];
          if (restarting.has(name)) continue;
          const printer = h.virtual.get(name);
          const kind = FAULTS[random.int(0, FAULTS.length - 1)] as string;
          const lasts = random.int(40, 400);
          const window: FaultWindow = { printer: name, kind, from: Date.now(), to: Infinity };
          windows.push(window);
          if (kind === 'power-off') {
            // Connections refused (and what the printer had not printed lost) until it is back.
            restarting.add(name);
            await printer?.stop();
            clearing.push(
              sleep(lasts).then(async () => {
                await h.startPrinter(name);
                restarting.delete(name);
                window.to = Date.now();
              }),
            );
            continue;
          }
          printer?.setFault(kind === 'drop-after' ? `drop-after=${random.int(20, 600)}` : kind);
          clearing.push(
            sleep(lasts).then(() => {
              if (h.virtual.get(name) === printer && printer?.fault?.name === kind) printer.setFault(undefined);
              window.to = Date.now();
            }),
          );
        }
      })();

      const jobs: PrintJobRow[] = [];
      for (let i = 0; i < ids.length; i += 25) {
        for (const [k, id] of ids.slice(i, i + 25).entries()) jobs.push(await h.spooler.enqueue({ transactionId: id, printer: PRINTERS[(i + k) % 2] as string }));
        await sleep(5);
      }
      await mostly;
      chaotic = false;
      await chaos;
      // Every fault cleared, every printer back, for good.
      await Promise.all(clearing);
      for (const name of PRINTERS) h.virtual.get(name)?.setFault(undefined);

      const finals = await Promise.all(jobs.map((job) => h.spooler.waitFor(job.id, { timeoutMs: 240_000 })));
      for (const name of PRINTERS) await h.printerIdle(name);

      // Every job ended, and its events say so.
      const all = await h.store.listJobs({ limit: 100_000 });
      expect(all.filter((j) => !FINAL_JOB_STATES.includes(j.state))).toEqual([]);
      const byJob = await printEventsByJob(h.store);
      const at = (job: PrintJobRow, type: string) => Date.parse((byJob.get(job.id) ?? []).find((e) => e.type === type)?.event.recordedAt ?? 'NaN');
      for (const job of all) {
        const types = (byJob.get(job.id) ?? []).map((e) => e.type);
        expect(types[0], `job ${job.id}`).toBe('print.queued');
        expect(types.at(-1), `job ${job.id} (${types.join(' ')})`).toBe(`print.${job.state}`);
        expect(types.filter((t) => t === 'print.sending').length, `job ${job.id}`).toBeLessThanOrEqual(1);
        if (job.state === 'rerouted' || job.state === 'expired' || job.state === 'failed') expect(types, `job ${job.id}`).not.toContain('print.sending');
        // Anything but printed says why.
        if (job.state !== 'printed') expect(job.detail?.trim(), `job ${job.id} ${job.state}`).toBeTruthy();
      }

      // Paper: every piece on either printer is a job's receipt, whole or (unknown) cut short, in the order sent.
      const paperOf = new Map<number, PaperOutcome>();
      for (const name of PRINTERS) {
        const account = await accountForPaper(h.store, h.directory, name, h.paper.get(name) ?? []);
        expect(account.problems, name).toEqual([]);
        for (const { job, paper } of account.jobs) paperOf.set(job.id, paper);
      }

      const tally: Record<string, number> = {};
      const partial = { whole: 0, cut: 0, none: 0 };
      for (const [i, final] of finals.entries()) {
        const sale = ids[i] as string;
        tally[final.state] = (tally[final.state] ?? 0) + 1;
        const story = `sale ${sale}, job ${final.id}: ${(byJob.get(final.id) ?? []).map((e) => e.type).join(' ')}; ${final.detail ?? ''}`;
        // One job of this sale ever went to a printer, at most: nothing was sent twice.
        expect(all.filter((j) => j.transactionId === sale && paperOf.has(j.id)).length, story).toBeLessThanOrEqual(1);
        const paper = paperOf.get(final.id) ?? { kind: 'none' };
        switch (final.state) {
          case 'printed':
            expect(paper.kind, story).toBe('full');
            break;
          case 'unknown': {
            partial[paper.kind === 'full' ? 'whole' : paper.kind === 'partial' ? 'cut' : 'none'] += 1;
            // Lost in flight only on a connection that lived through something that can lose it: a
            // fault may end before the link that went through it is found broken.
            const bytes = (await testRender(final, h.directory.resolve(final.printer))).bytes;
            const link = h.links.find((l) => l.printer === final.printer && l.sent.some((s) => Buffer.from(s.bytes).equals(Buffer.from(bytes))));
            expect(link, `${story}: sent on no connection`).toBeDefined();
            const from = link?.openedAt ?? at(final, 'print.sending');
            const to = at(final, 'print.unknown');
            const heldTooLong = (final.detail ?? '').includes('expired while the printer held it');
            if (heldTooLong) expect(to, story).toBeGreaterThanOrEqual(final.expiresAt);
            const causes = heldTooLong ? HOLDS_A_JOB : CAN_LOSE_A_JOB;
            const cause = windows.find((w) => w.printer === final.printer && causes.has(w.kind) && w.from <= to + 5 && w.to >= from - 5);
            const near = windows.filter((w) => w.printer === final.printer && w.from <= to + 3000 && w.to >= from - 3000).map((w) => `${w.kind} ${new Date(w.from).toISOString()}..${new Date(w.to).toISOString()}`);
            expect(cause, `${story} — no ${[...causes].join(', ')} on ${final.printer} while its connection was open, between ${new Date(from).toISOString()} and ${new Date(to).toISOString()}; faults near: ${near.join(', ')}`).toBeDefined();
            break;
          }
          case 'expired':
          case 'failed':
            expect(paper.kind, story).toBe('none');
            break;
          default:
            throw new Error(`${story}: ended ${final.state}`);
        }
      }
      const injected = Object.fromEntries(FAULTS.map((f) => [f, windows.filter((w) => w.kind === f).length]));
      process.stderr.write(`soak: ${JSON.stringify(tally)}; unknown paper ${JSON.stringify(partial)}; rerouted ${all.filter((j) => j.state === 'rerouted').length}; faults ${JSON.stringify(injected)}\n`);
      expect(finals.length).toBe(SALES);
      expect(tally.failed ?? 0).toBe(0);
      // The faults really happened and were handled.
      expect(Object.values(injected).filter((n) => n > 0).length).toBeGreaterThanOrEqual(6);
      expect(events.some((e) => e.type === 'rerouted')).toBe(true);
      expect(events.some((e) => e.type === 'held' || e.type === 'retry')).toBe(true);
      expect((await verifyJournal(h.store)).ok).toBe(true);
    } finally {
      await h.close();
    }
  }, 300_000);
});
