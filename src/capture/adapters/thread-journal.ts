import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ConfigError, ReissueError } from '../../core/index.js';
import { capturedJobToJson, type CaptureJournal, type CapturedJobJson } from '../capture-journal.js';

const ENTRY = 'journal-thread.js';

export interface ThreadSetup {
  /** The journal: a SQLite file (or a postgres:// URL). */
  target: string;
  cwd: string;
  env: Record<string, string | undefined>;
}

export type ThreadRequest = { type: 'append'; id: number; job: CapturedJobJson } | { type: 'close' };
export type ThreadReply = { id: number; outcome: 'appended' | 'duplicate' } | { id: number; error: { message: string; code?: string } };

/** The compiled entry: beside this file in dist/; from the TypeScript sources (vitest), the one tsc wrote under dist/. */
export function journalThreadEntry(here: string = import.meta.url): URL {
  const entry = here.endsWith('.ts') ? new URL(`../../../dist/src/capture/adapters/${ENTRY}`, here) : new URL(`./${ENTRY}`, here);
  if (!existsSync(entry)) {
    throw new ConfigError('CAPTURE_THREAD_NOT_BUILT', `the capture journal thread ${fileURLToPath(entry)} is missing`, {
      hint: 'build the project first (npm run build): the worker thread runs the compiled JavaScript',
      context: { file: fileURLToPath(entry) },
    });
  }
  return entry;
}

/**
 * The CaptureJournal on a worker thread with its own connection to the journal: the tap's
 * thread only posts the job and goes back to forwarding bytes. A failed append (disk full,
 * locked) rejects as the journal's would, so the recorder keeps the job in the fallback
 * file; a thread that died fails every append from then on, the same way. The thread keeps
 * the process alive only while an append is in flight.
 */
export function threadCaptureJournal(setup: ThreadSetup, entry: string | URL = journalThreadEntry()): CaptureJournal & { close(): Promise<void> } {
  const worker = new Worker(entry, { workerData: setup });
  worker.unref();
  const waiting = new Map<number, { resolve: (outcome: 'appended' | 'duplicate') => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let failure: Error | undefined;
  let exited = false;
  let closing: Promise<void> | undefined;
  const fail = (cause: Error) => {
    failure ??= new ReissueError('internal', 'CAPTURE_THREAD_FAILED', `the capture journal thread stopped: ${cause.message}`, { hint: 'restart Reissue; captured jobs wait in the fallback file meanwhile', cause, context: { reason: cause.message } });
    for (const w of waiting.values()) w.reject(failure);
    waiting.clear();
  };
  worker.on('message', (reply: ThreadReply) => {
    const w = waiting.get(reply.id);
    if (!w) return;
    waiting.delete(reply.id);
    if (waiting.size === 0) worker.unref();
    if ('outcome' in reply) return w.resolve(reply.outcome);
    w.reject(new ReissueError('unavailable', reply.error.code ?? 'JOURNAL_UNAVAILABLE', reply.error.message, { context: { reason: reply.error.message } }));
  });
  worker.on('error', fail);
  worker.on('exit', (code) => {
    exited = true;
    if (!closing) fail(new Error(`the thread exited with code ${code}`));
  });
  return {
    append(job) {
      if (failure) return Promise.reject(failure);
      if (closing) return Promise.reject(new Error('the capture journal is closed'));
      const id = nextId++;
      if (waiting.size === 0) worker.ref();
      const answer = new Promise<'appended' | 'duplicate'>((resolve, reject) => waiting.set(id, { resolve, reject }));
      worker.postMessage({ type: 'append', id, job: capturedJobToJson(job) } satisfies ThreadRequest);
      return answer;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        if (exited) return resolve();
        worker.ref();
        worker.once('exit', () => resolve());
        worker.postMessage({ type: 'close' } satisfies ThreadRequest);
      });
      return closing;
    },
  };
}
