import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RECEIPTS } from '../../../test/support/captured-receipts.js';
import { capturedJob } from '../../../test/support/captured-jobs.js';
import { fallbackFile } from './fallback-file.js';

/** This process's open descriptors on `path` (Linux /proc): what a lost handle leaves open. */
const openOn = (path: string) =>
  readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false;
    }
  }).length;

describe('fallback file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fallback-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('takes jobs that fail at the same moment one at a time: every line whole, every job kept, one file handle', async () => {
    const path = join(dir, 'tap-front.jsonl');
    const log = fallbackFile(path);
    const receipt = RECEIPTS[0];
    if (!receipt) throw new Error('no test receipt');
    const jobs = Array.from({ length: 20 }, (_, i) => capturedJob(receipt, { n: i + 1 }));
    // Twenty appends and two acknowledgements started together, as the tap's connections would.
    await Promise.all([...jobs.map((job) => log.append(job)), log.acknowledge(jobs[0]?.id ?? ''), log.acknowledge(jobs[1]?.id ?? '')]);
    await log.close();
    expect(openOn(path)).toBe(0);
    const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(22);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    const reopened = fallbackFile(path);
    const { pending, notes } = await reopened.open();
    expect(notes).toEqual([]);
    expect(pending.map((j) => j.id).sort()).toEqual(jobs.slice(2).map((j) => j.id).sort());
    await reopened.close();
  });

  it('is made readable by its owner only, like the journal: it holds receipts', async () => {
    const path = join(dir, 'tap-front.jsonl');
    const log = fallbackFile(path);
    const receipt = RECEIPTS[0];
    if (!receipt) throw new Error('no test receipt');
    // Whatever the process's umask (022 here: a file made without a mode would be 0644).
    const before = process.umask(0o022);
    try {
      await log.append(capturedJob(receipt, { n: 1 }));
    } finally {
      process.umask(before);
    }
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await log.close();
  });
});
