/**
 * The capture journal on a worker thread (what a tap on a SQLite journal uses): the same
 * outcomes as on the tap's own thread, the journal's chain shared with the main
 * connection's writes, failures reported so the recorder falls back, and a clean close.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJournal } from '../src/app.js';
import { capturedJobToJson, threadCaptureJournal, type ThreadHooks } from '../src/capture/index.js';
import { localiseError, type LocalisableError } from '../src/i18n/index.js';
import { capturedJob } from './support/captured-jobs.js';
import { RECEIPTS } from './support/captured-receipts.js';
import { tempDir } from './support/cli.js';

const CRASHING_ENTRY = join(import.meta.dirname, '..', 'dist', 'test', 'support', 'crashing-journal-thread.js');
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

  it('fails an append held by two threads that died, so a thread that cannot run does not hold jobs for ever', async () => {
    const restarts: unknown[] = [];
    const thread = threadCaptureJournal({ target: join(dir.path, 'b.db'), cwd: dir.path, env: {} }, new URL('data:text/javascript,process.exit(3)'), { onRestart: (w) => restarts.push(w), restartInitialMs: 5 });
    await expect(thread.append(capturedJob(receipt, { n: 6 }))).rejects.toMatchObject({ code: 'CAPTURE_THREAD_FAILED', message: expect.stringMatching(/exited with code 3/) });
    await expect(thread.append(capturedJob(receipt, { n: 7 }))).rejects.toMatchObject({ code: 'CAPTURE_THREAD_FAILED' });
    expect(restarts.length).toBeGreaterThanOrEqual(2);
    await thread.close();
    await expect(thread.append(capturedJob(receipt, { n: 8 }))).rejects.toThrow(/closed/);
  });

  it('starts a thread that crashed again, sends it the jobs it held (nothing dropped), and says so in Chinese and English', async () => {
    expect(existsSync(CRASHING_ENTRY), 'run `npx tsc -p tsconfig.json` first: the thread runs from dist/').toBe(true);
    const file = join(dir.path, 'c.db');
    const opened = await openJournal(file, context(dir.path), { create: true, timeZone: 'Asia/Shanghai' });
    const restarts: Parameters<NonNullable<ThreadHooks['onRestart']>>[0][] = [];
    const thread = threadCaptureJournal({ target: file, cwd: dir.path, env: { REISSUE_TZ: 'Asia/Shanghai', CRASH_FLAG: join(dir.path, 'crashed') } }, CRASHING_ENTRY, { onRestart: (w) => restarts.push(w), restartInitialMs: 5 });
    try {
      const before = capturedJob(receipt, { n: 9 });
      const killer = { ...capturedJob(receipt, { n: 10 }), text: `KILL-THE-THREAD\n${receipt.lines.join('\n')}` };
      const after = capturedJob(receipt, { n: 11 });
      expect(await thread.append(before)).toBe('appended');
      // Both are in the thread's hands when it dies on the first.
      expect(await Promise.all([thread.append(killer), thread.append(after)])).toEqual(['appended', 'appended']);
      expect(restarts).toEqual([{ type: 'warning', code: 'CAPTURE_THREAD_RESTARTED', message: expect.stringMatching(/crashed on purpose/), hint: expect.any(String), context: { reason: 'the journal thread crashed on purpose', delayMs: 5, held: 2, restarts: 1 } }]);
      const warning = restarts[0] as LocalisableError;
      expect(localiseError(warning, 'zh').detail).toBe('小票日志工作线程停止了（the journal thread crashed on purpose），5 毫秒后自动重新启动，它手上的 2 张小票会重新交给它');
      expect(localiseError(warning, 'en').title).toBe('Capture journal thread restarted');
      expect(await thread.append(killer)).toBe('duplicate');
      const found = await Promise.all([before, killer, after].map((j) => opened.journal.getCapture(j.id)));
      expect(found.map((f) => f.seq)).toEqual([1, 2, 3]);
    } finally {
      await thread.close();
      await opened.journal.close();
    }
  });
});
