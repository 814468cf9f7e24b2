/**
 * Soak: 2,000 generated sales printed through two printers that back each other up, while
 * faults of every kind are injected at random (seeded). At the end every job has ended —
 * printed exactly once as an original, or expired / failed / unknown — with its events in
 * the journal; no sale is lost and none printed twice.
 */
import { describe, expect, it } from 'vitest';
import type { TransactionInput } from '../src/core/index.js';
import { FINAL_JOB_STATES, verifyJournal, type PrintJobRow } from '../src/journal/index.js';
import type { SpoolerEvent } from '../src/printer/index.js';
import { Random, generateSales } from '../src/seed/index.js';
import { labelOf, printEventsByJob, sleep, spoolerHarness } from './support/spooler-harness.js';

const SALES = 2_000;
const SEED = 'spooler-soak-1';
const PRINTERS = ['front', 'back'] as const;

describe('spooler soak', () => {
  it(`prints ${SALES} sales over two printers under random faults: none lost, none printed twice`, async () => {
    const events: SpoolerEvent[] = [];
    let ended = 0;
    const h = await spoolerHarness(
      [
        { name: 'front', backup: 'back', speedMmPerSecond: 20_000 },
        { name: 'back', backup: 'front', speedMmPerSecond: 20_000 },
      ],
      {
        settings: { expireAfterMs: 30_000, retryInitialMs: 20, retryMaxMs: 100, failoverAfter: 2, ackTimeoutMs: 300, statusPollMs: 20, inFlightLeaseMs: 10_000, idleCloseMs: 500 },
        statusTimeoutMs: 200,
        spooler: {
          onEvent: (e) => {
            events.push(e);
            if (e.type === 'job' && ['print.printed', 'print.expired', 'print.failed', 'print.unknown'].includes(e.event)) ended += 1;
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

      // Faults at random while the sales come in and are printed, until 95% have ended.
      const random = new Random(SEED);
      let chaotic = true;
      const injected = new Map<string, number>();
      const restarting = new Set<string>();
      const chaos = (async () => {
        while (chaotic) {
          await sleep(random.int(30, 120));
          const name = PRINTERS[random.int(0, 1)] as (typeof PRINTERS)[number];
          if (restarting.has(name)) continue;
          const printer = h.virtual.get(name);
          const kind = ['paper-out', 'near-end', 'cover-open', 'offline', 'slow', 'drop-after', 'mute', 'power-off'][random.int(0, 7)] as string;
          injected.set(kind, (injected.get(kind) ?? 0) + 1);
          const lasts = random.int(40, 400);
          if (kind === 'power-off') {
            // Connections refused until it is back.
            restarting.add(name);
            await printer?.stop();
            void sleep(lasts).then(async () => {
              await h.startPrinter(name);
              restarting.delete(name);
            });
            continue;
          }
          printer?.setFault(kind === 'drop-after' ? `drop-after=${random.int(20, 600)}` : kind);
          void sleep(lasts).then(() => {
            if (h.virtual.get(name) === printer && printer?.fault?.name === (kind === 'drop-after' ? 'drop-after' : kind)) printer.setFault(undefined);
          });
        }
      })();

      const jobs: PrintJobRow[] = [];
      for (let i = 0; i < ids.length; i += 25) {
        for (const [k, id] of ids.slice(i, i + 25).entries()) jobs.push(await h.spooler.enqueue({ transactionId: id, printer: PRINTERS[(i + k) % 2] as string }));
        await sleep(5);
      }
      while (ended < SALES * 0.95) await sleep(50);
      chaotic = false;
      await chaos;
      // Let the printers recover for good.
      while (restarting.size > 0) await sleep(20);
      for (const name of PRINTERS) h.virtual.get(name)?.setFault(undefined);

      const finals = await Promise.all(jobs.map((job) => h.spooler.waitFor(job.id, { timeoutMs: 30_000 })));
      for (const name of PRINTERS) {
        while ((h.virtual.get(name)?.pending ?? 0) > 0) await sleep(20);
      }
      await sleep(100);

      // Every job ended, and its events say so.
      const all = await h.store.listJobs({ limit: 100_000 });
      expect(all.filter((j) => !FINAL_JOB_STATES.includes(j.state))).toEqual([]);
      const byJob = await printEventsByJob(h.store);
      for (const job of all) {
        const types = (byJob.get(job.id) ?? []).map((e) => e.type);
        expect(types[0], `job ${job.id}`).toBe('print.queued');
        expect(types.at(-1), `job ${job.id} (${types.join(' ')})`).toBe(`print.${job.state}`);
        expect(types.filter((t) => t === 'print.sending').length, `job ${job.id}`).toBeLessThanOrEqual(1);
        if (job.state === 'rerouted' || job.state === 'expired' || job.state === 'failed') expect(types, `job ${job.id}`).not.toContain('print.sending');
      }

      // Paper: each sale's original at most once; exactly once where the journal says printed, on the printer it names.
      const onPaper = new Map<string, { printer: string; jobId: number }[]>();
      for (const name of PRINTERS) {
        for (const p of h.paper.get(name) ?? []) {
          const label = labelOf(p);
          if (!label) continue;
          expect(label.kind).toBe('original');
          onPaper.set(label.sale, [...(onPaper.get(label.sale) ?? []), { printer: name, jobId: label.jobId }]);
        }
      }
      const tally = { printed: 0, unknown: 0, expired: 0, failed: 0 } as Record<string, number>;
      for (const [i, final] of finals.entries()) {
        const sale = ids[i] as string;
        tally[final.state] = (tally[final.state] ?? 0) + 1;
        const copies = onPaper.get(sale) ?? [];
        expect(copies.length, `sale ${sale}`).toBeLessThanOrEqual(1);
        const story = `sale ${sale}, job ${final.id}: ${(byJob.get(final.id) ?? []).map((e) => e.type).join(' ')}`;
        if (final.state === 'printed') expect(copies, story).toEqual([{ printer: final.printer, jobId: final.id }]);
        if (final.state === 'expired' || final.state === 'failed') expect(copies, story).toEqual([]);
        expect(['printed', 'unknown', 'expired', 'failed']).toContain(final.state);
      }
      process.stderr.write(`soak: ${JSON.stringify(tally)}; rerouted ${all.filter((j) => j.state === 'rerouted').length}; faults ${JSON.stringify(Object.fromEntries(injected))}\n`);
      expect(finals.length).toBe(SALES);
      expect(tally.printed).toBeGreaterThan(SALES * 0.8);
      expect(tally.failed).toBe(0);
      // The faults really happened and were handled.
      expect(injected.size).toBeGreaterThanOrEqual(6);
      expect(events.some((e) => e.type === 'rerouted')).toBe(true);
      expect(events.some((e) => e.type === 'held' || e.type === 'retry')).toBe(true);
      expect((await verifyJournal(h.store)).ok).toBe(true);
    } finally {
      await h.close();
    }
  }, 120_000);
});
