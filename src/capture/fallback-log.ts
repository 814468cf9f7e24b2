import type { CapturedJob } from './capture-journal.js';

/** A line of the fallback file that could not be read back, and why. */
export interface FallbackNote {
  line: number;
  /** 'torn': the last line, cut short when the process stopped mid-write; 'damaged': any other unreadable line. */
  problem: 'torn' | 'damaged';
}

/**
 * Where captured jobs wait while the journal cannot take them: an append-only log, each
 * write on disk (fsync) before it resolves. Replayed into the journal in order.
 */
export interface FallbackLog {
  /** For messages: the file's path. */
  readonly location: string;
  /** Jobs kept and not yet acknowledged, oldest first; unreadable lines are skipped and noted. */
  open(): Promise<{ pending: CapturedJob[]; notes: FallbackNote[] }>;
  /** Appends the job; resolves once it is on disk. */
  append(job: CapturedJob): Promise<void>;
  /** Records that the job is in the journal now; resolves once that is on disk. */
  acknowledge(id: string): Promise<void>;
  /** Every job is acknowledged: the log is removed. */
  clear(): Promise<void>;
  close(): Promise<void>;
}
