/**
 * Worker entry for test/capture-thread-journal.test.ts: the real capture journal thread,
 * except that the first job whose text holds KILL-THE-THREAD kills it (an uncaught error,
 * before the journal sees the job). The file named by CRASH_FLAG in the thread's
 * environment records that it happened, so the thread started again takes the job.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { ThreadRequest, ThreadSetup } from '../../src/capture/adapters/thread-journal.js';

const flag = (workerData as ThreadSetup).env.CRASH_FLAG;
const port = parentPort;
if (!port) throw new Error('runs as a worker thread');
// The real thread's listener, wrapped as it is added (adding it starts the port, so no message comes before it).
const on = port.on.bind(port) as (event: string, listener: (value: unknown) => void) => void;
(port as unknown as { on: typeof on }).on = (event, listener) =>
  on(event, event !== 'message' ? listener : (value) => {
    const request = value as ThreadRequest;
    if (request.type === 'append' && request.job.text.includes('KILL-THE-THREAD') && flag !== undefined && !existsSync(flag)) {
      writeFileSync(flag, '');
      throw new Error('the journal thread crashed on purpose');
    }
    listener(value);
  });
await import('../../src/capture/adapters/journal-thread.js');
