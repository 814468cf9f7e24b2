import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ConfigError, ReissueError } from '../../core/index.js';
import type { PreparedBatch } from '../prepare.js';
import { inProcessPreparer, type Preparer } from '../preparer.js';
import { decodeReply, type WireReply, type WireRequest } from './prepare-wire.js';

const ENTRY = 'prepare-worker.js';

/**
 * The compiled worker entry. Next to this file when running from dist/; when running the
 * TypeScript sources (vitest), the one tsc wrote under dist/ — a worker thread cannot
 * load .ts files.
 */
export function preparerWorkerEntry(here: string = import.meta.url): URL {
  const entry = here.endsWith('.ts') ? new URL(`../../../dist/src/journal/adapters/${ENTRY}`, here) : new URL(`./${ENTRY}`, here);
  if (!existsSync(entry)) {
    throw new ConfigError('PREPARER_NOT_BUILT', `the preparer worker ${fileURLToPath(entry)} is missing`, {
      hint: 'build the project first (npm run build, i.e. tsc -p .): the worker thread runs the compiled JavaScript',
      context: { file: fileURLToPath(entry) },
    });
  }
  return entry;
}

export interface WorkerPreparerOptions {
  /** The worker entry file; preparerWorkerEntry() unless given (tests). */
  entry?: string | URL;
}

interface Waiting {
  resolve: (batch: PreparedBatch) => void;
  reject: (error: unknown) => void;
}

/** How long close() waits for the worker to finish queued batches and exit before it is terminated. */
const CLOSE_TIMEOUT_MS = 10_000;

/**
 * The Preparer on a worker thread: the writing thread hands it the next batches and
 * keeps writing while they are validated and encoded on the other core. Batches are
 * answered in the order they were sent. The thread only keeps the process alive while a
 * batch is in flight, so a preparer that is never closed cannot hang it; close() lets it
 * finish what it was sent and waits for it to exit.
 */
export class WorkerPreparer implements Preparer {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private failure: Error | undefined;
  private exited = false;
  private closing: Promise<void> | undefined;

  constructor(options: WorkerPreparerOptions = {}) {
    this.worker = new Worker(options.entry ?? preparerWorkerEntry());
    this.worker.unref();
    this.worker.on('message', (reply: WireReply) => this.settle(reply));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      this.exited = true;
      this.fail(new Error(`the worker thread exited with code ${code}`));
    });
  }

  prepare(inputs: readonly unknown[]): Promise<PreparedBatch> {
    if (this.closing) return Promise.reject(new Error('WorkerPreparer.prepare after close()'));
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const request: WireRequest = { type: 'prepare', id, inputs };
    try {
      this.worker.postMessage(request);
    } catch (error) {
      // Inputs that cannot cross a thread (functions, symbols) are prepared here, so they
      // are refused exactly as in-process.
      if ((error as { name?: unknown }).name === 'DataCloneError') return inProcessPreparer.prepare(inputs);
      return Promise.reject(error);
    }
    if (this.waiting.size === 0) this.worker.ref();
    return new Promise<PreparedBatch>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (this.exited) {
        resolve();
        return;
      }
      // Kept alive until it has exited, so the caller's await returns.
      this.worker.ref();
      const timer = setTimeout(() => void this.worker.terminate(), CLOSE_TIMEOUT_MS);
      timer.unref();
      this.worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.worker.postMessage({ type: 'close' } satisfies WireRequest);
    });
    return this.closing;
  }

  private settle(reply: WireReply): void {
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0 && !this.closing) this.worker.unref();
    try {
      waiting.resolve(decodeReply(reply));
    } catch (fault) {
      waiting.reject(fault);
    }
  }

  /** A dead worker fails every batch still waiting, and every later one. */
  private fail(cause: Error): void {
    if (this.waiting.size === 0 && this.closing) return;
    const error =
      this.failure ??
      new ReissueError('internal', 'PREPARER_FAILED', `the preparer worker stopped: ${cause.message}`, {
        hint: 'nothing of the batches still being prepared was recorded; run the command again',
        cause,
        context: { reason: cause.message },
      });
    this.failure = error;
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}
