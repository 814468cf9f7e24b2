/**
 * Entry of the worker thread behind threadCaptureJournal (thread-journal.ts): opens the
 * journal on a connection of its own and appends each captured job it is sent, one after
 * the other, so a SQLite commit (synchronous, fsync'd) never holds up the thread that
 * forwards POS bytes to the printer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openJournal, type AppContext } from '../../app.js';
import { capturedJobFromJson } from '../capture-journal.js';
import { journaledCaptures } from '../journaled-captures.js';
import type { ThreadReply, ThreadRequest, ThreadSetup } from './thread-journal.js';

const port = parentPort;
if (!port) throw new Error('journal-thread.js runs as a worker thread started by threadCaptureJournal');
const setup = workerData as ThreadSetup;
const context: AppContext = { env: setup.env, cwd: setup.cwd, now: Date.now };
const opening = openJournal(setup.target, context, { create: true });
// Settled either way, so a journal that cannot be opened fails each append instead of the thread.
opening.catch(() => undefined);
let queue: Promise<void> = Promise.resolve();

port.on('message', (request: ThreadRequest) => {
  queue = queue.then(async () => {
    if (request.type === 'close') {
      await opening.then(({ journal }) => journal.close()).catch(() => undefined);
      port.close();
      return;
    }
    let reply: ThreadReply;
    try {
      const { journal, settings } = await opening;
      reply = { id: request.id, outcome: await journaledCaptures(journal, settings).append(capturedJobFromJson(request.job)) };
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      reply = { id: request.id, error: { message: (error as Error).message ?? String(error), ...(typeof code === 'string' ? { code } : {}) } };
    }
    port.postMessage(reply);
  });
});
