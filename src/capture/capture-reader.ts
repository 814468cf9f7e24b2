import { buildCapture, type BuildOptions, type JobMeta } from './capture-builder.js';
import type { CapturedJob } from './capture-journal.js';

/**
 * Reads a finished job for the journal (masks, decodes, recognises: buildCapture), here or
 * on another thread. `read` takes what it needs of `raw` before it returns: the caller
 * wipes those bytes as soon as it has the answer (or the promise of one).
 */
export interface CaptureReader {
  read(raw: Uint8Array, meta: JobMeta, options: BuildOptions): CapturedJob | undefined | Promise<CapturedJob | undefined>;
  close?(): Promise<void>;
}

/** On the caller's thread: a job of a MiB holds every connection's bytes for about a second. */
export const inlineCaptureReader: CaptureReader = { read: buildCapture };
