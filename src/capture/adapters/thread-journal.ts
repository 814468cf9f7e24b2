import { Worker } from 'node:worker_threads';
import { ReissueError } from '../../core/index.js';
import { capturedJobToJson, type CaptureJournal, type CapturedJobJson } from '../capture-journal.js';
import type { TapEvent } from '../tap-events.js';
import { threadEntry } from './thread-entry.js';

const ENTRY = 'journal-thread.js';

export interface ThreadSetup {
  /** The journal: a SQLite file (or a postgres:// URL). */
  target: string;
  cwd: string;
  env: Record<string, string | undefined>;
}

export type ThreadRequest = { type: 'append'; id: number; job: CapturedJobJson } | { type: 'close' };
export type ThreadReply = { id: number; outcome: 'appended' | 'duplicate' } | { id: number; error: { message: string; code?: string } };

/** The compiled entry of the journal thread (see threadEntry). */
export function journalThreadEntry(here: string = import.meta.url): URL {
  return threadEntry(ENTRY, here);
}

export interface ThreadHooks {
  /** The thread died and is started again after `delayMs` (a warning for the tap's events). */
  onRestart?: (warning: Extract<TapEvent, { type: 'warning' }>) => void;
  timers?: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
  /** First wait before a dead thread is started again, doubling up to restartMaxMs; defaults 100 and 30000 ms. */
  restartInitialMs?: number;
  restartMaxMs?: number;
}

interface Request {
  job: CapturedJobJson;
  resolve: (outcome: 'appended' | 'duplicate') => void;
  reject: (error: Error) => void;
  /** Threads that died holding it: sent once more after the first, failed after the second. */
  deaths: number;
}

/**
 * The CaptureJournal on a worker thread with its own connection to the journal: the tap's
 * thread only posts the job and goes back to forwarding bytes. A failed append (disk full,
 * locked) rejects as the journal's would, so the recorder keeps the job in the fallback
 * file. A thread that dies is started again, after a wait that doubles while it keeps
 * dying; the appends it held are sent to the new one (a job that may have been committed
 * comes back 'duplicate'), and one that was held by two threads that died is failed, so a
 * job that kills the thread cannot keep killing it. The thread keeps the process alive only
 * while an append is in flight.
 */
export function threadCaptureJournal(setup: ThreadSetup, entry: string | URL = journalThreadEntry(), hooks: ThreadHooks = {}): CaptureJournal & { close(): Promise<void> } {
  const timers = hooks.timers ?? { setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout) };
  const waiting = new Map<number, Request>();
  let nextId = 1;
  let worker: Worker | undefined;
  let restartTimer: unknown;
  let delay = hooks.restartInitialMs ?? 100;
  let restarts = 0;
  let closing: Promise<void> | undefined;
  let closed: (() => void) | undefined;

  const post = (id: number, request: Request) => worker?.postMessage({ type: 'append', id, job: request.job } satisfies ThreadRequest);

  const failure = (cause: Error) =>
    new ReissueError('internal', 'CAPTURE_THREAD_FAILED', `the capture journal thread stopped: ${cause.message}`, { hint: 'nothing to do: it is started again by itself; captured jobs wait in the fallback file meanwhile', cause, context: { reason: cause.message } });

  const died = (dead: Worker, cause: Error) => {
    if (worker !== dead) return;
    worker = undefined;
    if (closing) {
      for (const r of waiting.values()) r.reject(new Error('the capture journal is closed'));
      waiting.clear();
      return closed?.();
    }
    for (const [id, r] of waiting) {
      if (++r.deaths < 2) continue;
      waiting.delete(id);
      r.reject(failure(cause));
    }
    restarts++;
    hooks.onRestart?.({
      type: 'warning',
      code: 'CAPTURE_THREAD_RESTARTED',
      message: `the capture journal thread stopped (${cause.message}); it is started again in ${delay} ms, and the ${waiting.size} job(s) it held are sent to it again`,
      hint: 'nothing to do: captured jobs wait in the fallback file until the journal has them; if this repeats, send the log to support',
      context: { reason: cause.message, delayMs: delay, held: waiting.size, restarts },
    });
    restartTimer = timers.setTimeout(() => {
      restartTimer = undefined;
      spawn();
      for (const [id, r] of waiting) post(id, r);
    }, delay);
    delay = Math.min(delay * 2, hooks.restartMaxMs ?? 30_000);
  };

  const spawn = () => {
    const current = new Worker(entry, { workerData: setup });
    worker = current;
    let error: Error | undefined;
    current.on('message', (reply: ThreadReply) => {
      const r = waiting.get(reply.id);
      if (!r) return;
      waiting.delete(reply.id);
      if (waiting.size === 0) current.unref();
      if ('outcome' in reply) {
        // A thread that answers is healthy again: the next death waits the shortest time.
        delay = hooks.restartInitialMs ?? 100;
        return r.resolve(reply.outcome);
      }
      r.reject(new ReissueError('unavailable', reply.error.code ?? 'JOURNAL_UNAVAILABLE', reply.error.message, { context: { reason: reply.error.message } }));
    });
    current.on('error', (e) => (error = e));
    current.on('exit', (code) => died(current, error ?? new Error(`the thread exited with code ${code}`)));
    // After the listeners: adding a 'message' listener refs the thread again, and a tap that
    // failed to start (its port taken) never closes it — the process would never exit.
    if (waiting.size === 0) current.unref();
  };
  spawn();

  return {
    append(job) {
      if (closing) return Promise.reject(new Error('the capture journal is closed'));
      const id = nextId++;
      worker?.ref();
      return new Promise<'appended' | 'duplicate'>((resolve, reject) => {
        const request: Request = { job: capturedJobToJson(job), resolve, reject, deaths: 0 };
        waiting.set(id, request);
        // While a dead thread waits to be started again, the job waits with the others.
        post(id, request);
      });
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        if (restartTimer !== undefined) timers.clearTimeout(restartTimer);
        restartTimer = undefined;
        if (!worker) {
          for (const r of waiting.values()) r.reject(new Error('the capture journal is closed'));
          waiting.clear();
          return resolve();
        }
        closed = resolve;
        worker.ref();
        worker.postMessage({ type: 'close' } satisfies ThreadRequest);
      });
      return closing;
    },
  };
}
