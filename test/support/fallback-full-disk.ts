/**
 * Child process for test/fallback-disk-full.test.ts, run on a small tmpfs of its own: keeps
 * captured jobs in a fallback file while the disk fills up and after it has room again, then
 * reads the file back as the next start would, and prints what it saw as one JSON line.
 *
 * usage: node dist/test/support/fallback-full-disk.js MOUNT short-write|torn-at-open
 */
import { closeSync, ftruncateSync, openSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fallbackFile } from '../../src/capture/index.js';
import { RECEIPTS } from './captured-receipts.js';
import { capturedJob } from './captured-jobs.js';

const PAGE = 4096;

/** Fills the disk a page at a time (tmpfs gives out whole pages); answers a function that frees it. */
function fill(mount: string): () => void {
  let n = 0;
  try {
    for (;;) writeFileSync(join(mount, `fill${n++}`), Buffer.alloc(PAGE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
  return () => {
    for (let i = 0; i < n; i++) {
      try {
        unlinkSync(join(mount, `fill${i}`));
      } catch {
        // the write that failed left no file
      }
    }
  };
}

async function main(): Promise<void> {
  const [mount, scenario] = process.argv.slice(2);
  const receipt = RECEIPTS[0];
  if (!mount || !receipt || (scenario !== 'short-write' && scenario !== 'torn-at-open')) {
    process.stderr.write('usage: fallback-full-disk MOUNT short-write|torn-at-open\n');
    process.exit(64);
  }
  const path = join(mount, 'tap-front.jsonl');
  const job = (n: number) => capturedJob(receipt, { n });
  const before: string[] = [];

  if (scenario === 'torn-at-open') {
    // A file left by a process that stopped while writing a line, cut where a page ends: on a
    // full disk not even the newline that puts the torn line on its own fits after it.
    const earlier = fallbackFile(path);
    for (let n = 1; (statSync(path, { throwIfNoEntry: false })?.size ?? 0) <= 3 * PAGE; n++) {
      earlier.keep(job(n));
      await earlier.sync();
    }
    await earlier.close();
    const bytes = readFileSync(path);
    // The first page end after a whole line that falls inside a line.
    const first = bytes.indexOf(0x0a);
    const cut = [PAGE, 2 * PAGE, 3 * PAGE].find((at) => at > first + 1 && bytes[at - 1] !== 0x0a);
    if (cut === undefined) throw new Error('no page end falls inside a line');
    const fd = openSync(path, 'r+');
    ftruncateSync(fd, cut);
    closeSync(fd);
    const whole = bytes.subarray(0, bytes.lastIndexOf(0x0a, cut - 1)).toString('utf8');
    for (const line of whole.split('\n')) before.push((JSON.parse(line) as { job: { id: string } }).job.id);
  } else {
    const log = fallbackFile(path);
    log.keep(job(1));
    await log.sync();
    await log.close();
    before.push(job(1).id);
  }

  const log = fallbackFile(path);
  const free = fill(mount);
  const sizeBefore = statSync(path).size;
  let refused: string | undefined;
  try {
    log.keep(job(100));
  } catch (error) {
    refused = (error as NodeJS.ErrnoException).code;
  }
  const sizeAfter = statSync(path).size;
  free();
  // Room again: the next job is written whole and synced, so the tap counts it as kept.
  const kept = job(101);
  log.keep(kept);
  await log.sync();
  await log.close();
  const opened = await fallbackFile(path).open();
  process.stdout.write(`${JSON.stringify({ refused, sizeBefore, sizeAfter, before, kept: kept.id, pending: opened.pending.map((j) => j.id), notes: opened.notes })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
