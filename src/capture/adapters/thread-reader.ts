import { Worker, type ResourceLimits } from 'node:worker_threads';
import { ReissueError } from '../../core/index.js';
import { buildCapture, captureBytesHoldCard, type BuildOptions, type JobMeta } from '../capture-builder.js';
import type { CapturedJob } from '../capture-journal.js';
import type { CaptureReader } from '../capture-reader.js';
import type { TapEvent } from '../tap-events.js';
import { threadEntry } from './thread-entry.js';

/** A captured job's bytes as a journal keeps them (base64), with how they are read. */
export interface StoredCaptureBytes {
  bytes: string;
  kanji: boolean;
  paper?: string;
}

export type Work = { type: 'read'; raw: Uint8Array; meta: JobMeta; options: BuildOptions } | ({ type: 'holds-card' } & StoredCaptureBytes);
export type ReaderRequest = (Work & { id: number }) | { type: 'close' };
export type ReaderReply = { id: number; capture?: CapturedJob; holds?: boolean; failure?: string };
/** The thread's first message, once its code is loaded: a thread that dies before it could not start. */
export const READER_READY = 'reader-ready';

export type ThreadCaptureReader = CaptureReader & {
  /** Whether stored capture bytes print a full card number (captureBytesHoldCard), read on the thread. */
  holdsCard(capture: StoredCaptureBytes): Promise<boolean>;
  close(): Promise<void>;
};

/** The compiled entry of the reader thread (see threadEntry). */
export function readerThreadEntry(here: string = import.meta.url): URL {
  return threadEntry('reader-thread.js', here);
}

/**
 * Heap the reader thread may take: the costliest 1 MiB job (the tap's default bound) read in
 * 3.7 s at 379 MB of the process's memory; a tap given a larger bound can ask far more, and
 * past this the thread, not the tap, runs out of memory.
 */
export const READER_HEAP_MB = 2048;

interface Pending {
  /** Sent again if the thread dies before it answers; a job's bytes are the reader's own copy, wiped on the answer. */
  work: Work;
  resolve: (reply: ReaderReply) => void;
  reject: (error: Error) => void;
}

export interface ReaderHooks {
  /** The thread could not start: jobs are read on the caller's thread, as before there was one, until it is tried again. */
  onBroken?: (cause: Error) => void;
  /** How long after a thread could not start a new one is tried (default 30 s: a passing shortage of file descriptors or memory). */
  retryAfterMs?: number;
  now?: () => number;
}

/** The warning a tap gives when its reader thread could not start (onBroken). */
export function readerUnavailable(cause: Error): Extract<TapEvent, { type: 'warning' }> {
  return {
    type: 'warning',
    code: 'CAPTURE_READER_UNAVAILABLE',
    message: `the thread reading captured jobs could not start (${cause.message}); jobs are read on the tap's own thread, where a big one holds up the others' bytes while it is read`,
    hint: 'receipts keep printing and being captured; restart Reissue, and if this repeats send the log to support',
    context: { reason: cause.message },
  };
}

/** What is said of an error reading a job: its code or its kind, never its words (they may quote the job). */
export function failureOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : ((error as Error).name ?? 'Error');
}

/** The reading itself threw on these bytes (a verdict on them), as against a thread that could not answer. */
const readFailed = (failure: string) => Object.assign(new Error(`the job could not be read (${failure})`), { code: failure, unreadable: true as const });

/** What the thread does with a request (and the caller's thread, when no thread can start). */
export function workHere(work: Work): ReaderReply {
  if (work.type === 'holds-card') return { id: 0, holds: captureBytesHoldCard(Buffer.from(work.bytes, 'base64'), { kanji: work.kanji, ...(work.paper === undefined ? {} : { paper: work.paper }) }) };
  const capture = buildCapture(work.raw, work.meta, work.options);
  return capture ? { id: 0, capture } : { id: 0 };
}

/**
 * A CaptureReader on a worker thread: reading a job (a MiB of the costliest bytes takes
 * seconds) never holds up the thread that forwards POS bytes and printer
 * answers. Jobs are read one after the other, in the order given. A thread that dies (out
 * of memory) fails the job it was reading — the oldest one it held — with
 * CAPTURE_READER_STOPPED; the others go to a new thread at once. The thread keeps the
 * process alive only while a job is being read. It starts on the first job. A thread that
 * cannot be made or dies before it has started (its code would not load, no memory or file
 * descriptor for it) blames no job: they, and the jobs of the next retryAfterMs, are read on
 * the caller's thread (onBroken says so), then a thread is tried again.
 */
export function threadCaptureReader(entry: string | URL = readerThreadEntry(), limits: ResourceLimits = { maxOldGenerationSizeMb: READER_HEAP_MB }, hooks: ReaderHooks = {}): ThreadCaptureReader {
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let worker: Worker | undefined;
  let closing: Promise<void> | undefined;
  /** When a thread last could not start; jobs are read here until retryAfterMs later. */
  let brokenAt: number | undefined;
  const now = hooks.now ?? Date.now;

  const settle = (id: number): Pending | undefined => {
    const p = pending.get(id);
    if (!p) return undefined;
    pending.delete(id);
    if (p.work.type === 'read') p.work.raw.fill(0);
    if (pending.size === 0) worker?.unref();
    return p;
  };

  const post = (id: number, p: Pending, thread: Worker) => {
    if (p.work.type !== 'read') return thread.postMessage({ ...p.work, id } satisfies ReaderRequest);
    // A copy of its own, moved to the thread rather than serialised: the unmasked bytes are copied nowhere else.
    const raw = Uint8Array.from(p.work.raw);
    try {
      thread.postMessage({ ...p.work, raw, id } satisfies ReaderRequest, [raw.buffer]);
    } catch (error) {
      raw.fill(0);
      throw error;
    }
  };

  /** No thread could start: what it held, and every job until the next try, is read here. */
  const cannotStart = (cause: Error) => {
    brokenAt = now();
    hooks.onBroken?.(cause);
    for (const id of [...pending.keys()]) here(id);
  };

  /** Does a pending request's work here (the thread could not start). */
  const here = (id: number) => {
    const p = pending.get(id);
    if (!p) return;
    try {
      const reply = workHere(p.work);
      settle(id)?.resolve(reply);
    } catch (error) {
      settle(id)?.reject(readFailed(failureOf(error)));
    }
  };

  const died = (dead: Worker, cause: Error, started: boolean) => {
    if (worker !== dead) return;
    worker = undefined;
    if (!started && !closing) return cannotStart(cause);
    const oldest = pending.keys().next();
    if (!oldest.done) {
      settle(oldest.value)?.reject(
        new ReissueError('internal', 'CAPTURE_READER_STOPPED', `the thread reading captured jobs stopped while it read one: ${cause.message}`, {
          hint: 'the receipt printed; if this repeats, send the log to support',
          cause,
          context: { reason: cause.message },
        }),
      );
    }
    if (closing) {
      for (const id of [...pending.keys()]) settle(id)?.reject(new Error('the capture reader is closed'));
      return;
    }
    for (const id of [...pending.keys()]) send(id);
  };

  const spawn = (): Worker => {
    const current = new Worker(entry, { resourceLimits: limits });
    worker = current;
    let error: Error | undefined;
    let started = false;
    current.on('message', (reply: ReaderReply | typeof READER_READY) => {
      if (reply === READER_READY) return void (started = true);
      const p = settle(reply.id);
      if (!p) return;
      if (reply.failure !== undefined) p.reject(readFailed(reply.failure));
      else p.resolve(reply);
    });
    current.on('error', (e) => (error = e));
    current.on('exit', (code) => died(current, error ?? new Error(`the thread exited with code ${code}`), started));
    return current;
  };

  /** Posts a pending request to the thread (started if need be); one that cannot be posted fails alone, its copies wiped. */
  const send = (id: number) => {
    const p = pending.get(id);
    if (!p) return;
    let thread = worker;
    if (!thread) {
      try {
        thread = spawn();
      } catch (error) {
        return cannotStart(error as Error);
      }
    }
    try {
      post(id, p, thread);
      thread.ref();
    } catch (error) {
      settle(id)?.reject(error as Error);
    }
  };

  const ask = (work: Work): Promise<ReaderReply> => {
    if (closing) return Promise.reject(new Error('the capture reader is closed'));
    const id = nextId++;
    return new Promise<ReaderReply>((resolve, reject) => {
      pending.set(id, { work, resolve, reject });
      if (brokenAt !== undefined && now() - brokenAt < (hooks.retryAfterMs ?? 30_000)) here(id);
      else send(id);
    });
  };

  return {
    read: (raw, meta, options) => ask({ type: 'read', raw: Uint8Array.from(raw), meta, options }).then((reply) => reply.capture),
    holdsCard: (capture) => ask({ type: 'holds-card', bytes: capture.bytes, kanji: capture.kanji, ...(capture.paper === undefined ? {} : { paper: capture.paper }) }).then((reply) => reply.holds === true),
    close() {
      closing ??= (async () => {
        const current = worker;
        if (!current) return;
        // Jobs in flight are read first (the tap's stop waits for them before this).
        await new Promise<void>((resolve) => {
          current.once('exit', () => resolve());
          current.ref();
          current.postMessage({ type: 'close' } satisfies ReaderRequest);
        });
      })();
      return closing;
    },
  };
}
