/**
 * The capture journal on a worker thread (what a tap on a SQLite journal uses): the same
 * outcomes as on the tap's own thread, the journal's chain shared with the main
 * connection's writes, failures reported so the recorder falls back, and a clean close.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJournal } from '../src/app.js';
import { capturedJobToJson, threadCaptureJournal } from '../src/capture/index.js';
import { capturedJob } from './support/captured-jobs.js';
import { RECEIPTS } from './support/captured-receipts.js';
import { tempDir } from './support/cli.js';

const receipt = RECEIPTS[0];
if (!receipt) throw new Error('no test receipt');
const context = (cwd: string) => ({ env: { REISSUE_TZ: 'Asia/Shanghai' }, cwd, now: Date.now });

describe('the capture journal on its own thread', () => {
  const dir = tempDir('reissue-thread-journal-');

  it('appends in the shared chain beside the main connection\'s writes, idempotent by id, and closes the journal', async () => {
    const file = join(dir.path, 'a.db');
    const opened = await openJournal(file, context(dir.path), { create: true, timeZone: 'Asia/Shanghai' });
    const thread = threadCaptureJournal({ target: file, cwd: dir.path, env: { REISSUE_TZ: 'Asia/Shanghai' } });
    try {
      const first = capturedJob(receipt, { n: 1 });
      const second = capturedJob(receipt, { n: 2 });
      const third = capturedJob(receipt, { n: 3 });
      expect(await thread.append(first)).toBe('appended');
      // The main connection writes the same chain in between.
      expect((await opened.journal.appendCapture(capturedJobToJson(second))).created).toBe(true);
      expect(await thread.append(third)).toBe('appended');
      expect(await thread.append(first)).toBe('duplicate');
      const found = await Promise.all([first, second, third].map((j) => opened.journal.getCapture(j.id)));
      expect(found.map((f) => [f.chain, f.seq])).toEqual([['capture:front-till', 1], ['capture:front-till', 2], ['capture:front-till', 3]]);
      expect(found[0]?.capture.fields.amount).toEqual({ minor: 1650, currency: 'CNY' });
    } finally {
      await thread.close();
      await opened.journal.close();
    }
    // Both connections closed: SQLite folded its write-ahead log back into the file.
    expect(existsSync(`${file}-wal`)).toBe(false);
    await expect(thread.append(capturedJob(receipt, { n: 4 }))).rejects.toThrow(/closed/);
  });

  it('rejects an append the journal cannot take, with its code, so the job goes to the fallback file', async () => {
    // A folder where the journal file should be: it cannot be opened.
    const target = join(dir.path, 'not-a-file.db');
    mkdirSync(target);
    const thread = threadCaptureJournal({ target, cwd: dir.path, env: {} });
    try {
      await expect(thread.append(capturedJob(receipt, { n: 5 }))).rejects.toMatchObject({ kind: 'unavailable', message: expect.any(String) });
    } finally {
      await thread.close();
    }
  });

  it('fails every append once its thread has died', async () => {
    const thread = threadCaptureJournal({ target: join(dir.path, 'b.db'), cwd: dir.path, env: {} }, new URL('data:text/javascript,process.exit(3)'));
    await expect(thread.append(capturedJob(receipt, { n: 6 }))).rejects.toMatchObject({ code: 'CAPTURE_THREAD_FAILED', message: expect.stringMatching(/exited with code 3/) });
    await expect(thread.append(capturedJob(receipt, { n: 7 }))).rejects.toMatchObject({ code: 'CAPTURE_THREAD_FAILED' });
    await thread.close();
  });
});
