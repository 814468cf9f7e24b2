import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { captureIdOf } from './support/captured-jobs.js';

/**
 * The tap's fallback file on a disk that fills up. A line written only in part (ENOSPC after
 * a short write, or no room even for the newline after a torn line) must not have the next
 * line, written whole once there is room again, glued onto it: that job, kept and synced
 * without an error, would be read back on the next start as a "damaged" line and skipped.
 * Real full filesystem: a 64 KiB tmpfs in a user and mount namespace (as test/disk-full.test.ts).
 */

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const CHILD = join(ROOT, 'dist/test/support/fallback-full-disk.js');

interface Seen {
  refused?: string;
  sizeBefore: number;
  sizeAfter: number;
  before: string[];
  kept: string;
  pending: string[];
  notes: { line: number; problem: string }[];
}

function onFullDisk(scenario: 'short-write' | 'torn-at-open'): Seen {
  if (!existsSync(CHILD)) throw new Error(`${CHILD} is missing: run \`npx tsc -p .\` first`);
  const script = ['set -e', 'M=$(mktemp -d)', 'mount -t tmpfs -o size=64k tmpfs "$M"', 'node "$CHILD" "$M" "$SCENARIO"'].join('\n');
  const run = spawnSync('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c', script], { env: { ...process.env, CHILD, SCENARIO: scenario }, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as Seen;
}

describe('the fallback file on a full disk', () => {
  it('cuts off a line written only in part, so the job kept once there is room is read back on the next start', () => {
    const seen = onFullDisk('short-write');
    // The disk filled up while the job was written: keep refused it (the tap keeps it in memory).
    expect(seen.refused).toBe('ENOSPC');
    expect(seen.pending).toEqual([captureIdOf(1), seen.kept]);
    expect(seen.notes).toEqual([]);
    // Nothing of the refused job's line stayed in the file.
    expect(seen.sizeAfter).toBe(seen.sizeBefore);
  });

  it('puts a torn last line on a line of its own even when the newline did not fit at first', () => {
    const seen = onFullDisk('torn-at-open');
    expect(seen.refused).toBe('ENOSPC');
    expect(seen.before.length).toBeGreaterThan(0);
    expect(seen.pending).toEqual([...seen.before, seen.kept]);
    // The torn line (the stopped process's, never kept) is the only one skipped.
    expect(seen.notes).toEqual([{ line: seen.before.length + 1, problem: 'damaged' }]);
    expect(seen.sizeAfter).toBe(seen.sizeBefore);
  });
});
