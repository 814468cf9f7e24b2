/**
 * 1,000 jobs from 10 POS connections at once, made by three public encoders, a fifth of
 * them printing a full card number, while the printer drops its connection at random
 * points, runs out of paper now and then, and the journal is locked for stretches.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { capturedJobToJson, fallbackFile, type FallbackLog } from '../src/capture/index.js';
import { containsPan } from '../src/core/index.js';
import { cardNumber } from './support/card-numbers.js';
import { ENCODERS, encodedJob, type EncodedJob } from './support/encoder-jobs.js';
import { mulberry32 } from './support/random.js';
import { until } from './support/spooler-harness.js';
import { tapHarness, type TapHarness } from './support/tap-harness.js';
import { join } from 'node:path';
import { tempDir } from './support/cli.js';

const TILLS = 10;
const JOBS_PER_TILL = 100;
const RECONNECT_EVERY = 25;
const DLE_EOT_1 = Uint8Array.of(0x10, 0x04, 0x01);

describe('the tap under load with faults', () => {
  let h: TapHarness | undefined;
  afterEach(async () => h?.stop());

  it('loses none of 1,000 jobs, keeps each connection in order, and keeps every card number out of the journal, the fallback file and the log', { timeout: 600_000 }, async () => {
    const random = mulberry32(20261126);
    const log: string[] = [];
    const kept: string[] = [];
    const dir = tempDir('reissue-soak-');
    const file = fallbackFile(join(dir.path, 'fallback.ndjson'));
    // What reaches the fallback file, as the file adapter writes it.
    const fallback: FallbackLog = { ...file, keep: (job) => (kept.push(JSON.stringify(capturedJobToJson(job))), file.keep(job)) };
    // Ids of a fixed form: a random UUID now and then holds a run of digits that passes Luhn.
    let ids = 0;
    h = await tapHarness({ fallback, newId: () => `soak-${String(++ids).padStart(6, '0')}`, onEvent: (e) => log.push(JSON.stringify(e)) });
    const harness = h;

    const jobs: EncodedJob[][] = Array.from({ length: TILLS }, (_, till) =>
      Array.from({ length: JOBS_PER_TILL }, (_, n) => {
        const encoder = ENCODERS[Math.floor(random() * ENCODERS.length)] ?? 'receiptline';
        const pan = random() < 0.2 ? cardNumber(`62258${String(Math.floor(random() * 1e10)).padStart(10, '0')}`) : undefined;
        const marker = `T${String(till + 1).padStart(2, '0')}-${String(n + 1).padStart(4, '0')}`;
        return encodedJob(encoder, marker, `${1 + Math.floor(random() * 500)}.${String(Math.floor(random() * 100)).padStart(2, '0')}`, pan);
      }),
    );

    // Faults, for as long as the tills print.
    let printing = true;
    let faults = 0;
    const injector = (async () => {
      while (printing) {
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.floor(random() * 40)));
        const roll = random();
        const printer = harness.printer.virtual;
        if (roll < 0.45 && printer.fault === undefined) {
          printer.setFault(`drop-after=${50 + Math.floor(random() * 3000)}`);
          faults++;
        } else if (roll < 0.55 && printer.fault === undefined) {
          printer.setFault('paper-out');
          faults++;
        } else if (roll < 0.7 && printer.fault?.name === 'paper-out') {
          printer.setFault(undefined);
        } else if (roll < 0.8) {
          harness.journal.failWith = harness.journal.failWith ? undefined : Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
        }
      }
    })();

    await Promise.all(
      jobs.map(async (tillJobs) => {
        let pos = await harness.pos();
        for (const [n, job] of tillJobs.entries()) {
          if (n > 0 && n % RECONNECT_EVERY === 0) {
            await pos.finish();
            pos = await harness.pos();
          }
          // Now and then the POS asks for the printer's status before printing, as many do.
          if (random() < 0.3) {
            const before = pos.received().length;
            await pos.send(DLE_EOT_1);
            // A POS gives up waiting after a while: with no printer reachable nothing answers.
            let timer: NodeJS.Timeout | undefined;
            await Promise.race([pos.answers(before + 1), new Promise((resolve) => (timer = setTimeout(resolve, 300)))]);
            clearTimeout(timer);
          }
          await pos.send(job.bytes);
        }
        await pos.finish();
      }),
    );
    printing = false;
    await injector;
    harness.printer.virtual.setFault(undefined);
    harness.journal.failWith = undefined;

    const total = TILLS * JOBS_PER_TILL;
    await harness.journal.waitFor(total);
    await harness.event('job-delivered', (e) => e.id !== undefined, total);
    // The faults really happened: links lost to drops, and paper run out.
    expect(faults).toBeGreaterThan(10);
    expect(log.filter((l) => l.includes('"printer-lost"')).length).toBeGreaterThan(5);

    // Zero lost: every job is in the journal once, and either reached the printer or was handed over.
    const journaled = harness.journal.jobs;
    expect(journaled).toHaveLength(total);
    expect(new Set(journaled.map((j) => j.id)).size).toBe(total);
    // Receiptline cuts twice (its "=" line and the final cut): the bit after the first cut prints nothing and is not a job.
    const delivered = log.map((l) => JSON.parse(l) as { type: string; id?: string; outcome?: string }).filter((e) => e.type === 'job-delivered' && e.id !== undefined);
    expect(delivered).toHaveLength(total);
    const outcome = new Map(delivered.map((e) => [e.id, e.outcome]));
    // Each is handed over once it is in the journal.
    const undelivered = delivered.filter((e) => e.outcome !== 'sent').length;
    if (undelivered > 0) await harness.event('job-handed-over', () => true, undelivered);
    expect(harness.handedOver.map((j) => j.capture.id).sort()).toEqual(delivered.filter((e) => e.outcome !== 'sent').map((e) => e.id).sort());
    await until(() => harness.tap.status().backlog === 0, 'the fallback file to be replayed');
    expect(harness.tap.status()).toMatchObject({ captured: total, backlog: 0, undelivered: harness.handedOver.length });

    // Zero reordered: each till's jobs are journaled in the order sent, and printed in that order.
    const printerStreams = Array.from({ length: harness.printer.connections() }, (_, c) => harness.printer.bytesOf(c));
    for (const tillJobs of jobs) {
      const till = tillJobs[0]?.marker.slice(0, 3) ?? '';
      const order = journaled.filter((j) => j.text.includes(`${till}-`)).map((j) => /T\d\d-\d{4}/.exec(j.text)?.[0]);
      expect(order).toEqual(tillJobs.map((j) => j.marker));
      let last: [number, number] = [-1, -1];
      for (const job of tillJobs) {
        const captured = journaled.find((j) => j.text.includes(job.marker));
        if (outcome.get(captured?.id) !== 'sent') continue;
        // The receipt is the job up to its cut: what the encoder adds after it (ESC @, a second cut,
        // GS r) starts the tap's next job, which may go out on another connection.
        const where = locate(printerStreams, job.bytes.subarray(0, firstCutEnd(job.bytes)));
        expect(where, `${job.marker} was delivered but is not in what the printer received`).toBeDefined();
        if (!where) continue;
        expect(where[0] > last[0] || (where[0] === last[0] && where[1] > last[1]), `${job.marker} printed out of order`).toBe(true);
        last = where;
      }
    }

    // Zero full card numbers in the journal, the fallback file, the log, or what is handed over.
    expect(jobs.flat().filter((j) => j.pan !== undefined).length).toBeGreaterThan(100);
    for (const job of journaled) {
      expect(containsPan(Buffer.from(job.bytes).toString('latin1'))).toBe(false);
      expect(containsPan(job.text)).toBe(false);
    }
    expect(containsPan(JSON.stringify(journaled.map(capturedJobToJson)))).toBe(false);
    expect(kept.length).toBeGreaterThan(0);
    expect(containsPan(kept.join('\n'))).toBe(false);
    expect(containsPan(log.join('\n'))).toBe(false);
    expect(containsPan(JSON.stringify(harness.handedOver.map((j) => capturedJobToJson(j.capture))))).toBe(false);
    dir.remove();
  });
});

/** [printer connection, offset] where `bytes` sit whole in what the printer received. */
function locate(streams: readonly Buffer[], bytes: Uint8Array): [number, number] | undefined {
  for (const [c, stream] of streams.entries()) {
    const at = stream.indexOf(Buffer.from(bytes));
    if (at >= 0) return [c, at];
  }
  return undefined;
}

/** Where the first cut (GS V m, or GS V m n for m ≥ 65) ends: the end of the receipt the tap sees as one job. */
function firstCutEnd(bytes: Uint8Array): number {
  for (let i = 0; i + 2 < bytes.length; i++) {
    if (bytes[i] === 0x1d && bytes[i + 1] === 0x56) return i + ((bytes[i + 2] ?? 0) >= 65 ? 4 : 3);
  }
  throw new Error('the job has no cut');
}
