import type { CapturedJob } from './capture-journal.js';
import type { DeliveryOutcome } from './tap-events.js';

/** A line of the fallback file that could not be read back, and why. */
export interface FallbackNote {
  line: number;
  /** 'torn': the last line, cut short when the process stopped mid-write; 'damaged': any other unreadable line. */
  problem: 'torn' | 'damaged';
}

/** Why a job did not reach the printer, as the relay said (no receipt text in it). */
export interface DeliveryReason {
  code: string;
  message: string;
  context: Readonly<Record<string, unknown>>;
}

/** A kept job whose printer did not take it (or may not have) and that no spooler has yet. */
export interface UnfinishedDelivery {
  job: CapturedJob;
  outcome: Exclude<DeliveryOutcome, 'sent'>;
  reason: DeliveryReason | undefined;
}

/**
 * Where every captured job is kept from the moment it is captured until it is in the
 * journal and, when its printer did not take it, in the spooler's hands: an append-only log.
 * `keep` and the marks after it are written at once (they survive the process being
 * killed) and made durable on disk (fsync) together, shortly after, off the forwarding
 * path; `sync` resolves once all written so far is on disk. Read back in order on start.
 */
export interface FallbackLog {
  /** For messages: the file's path. */
  readonly location: string;
  /**
   * What the log still holds: jobs not yet journaled (oldest first) and jobs whose delivery
   * was not finished — no printer took them and no spooler did, or the process stopped
   * before the printer said (outcome 'unconfirmed'). Unreadable lines are skipped and noted.
   */
  open(): Promise<{ pending: CapturedJob[]; undelivered: UnfinishedDelivery[]; notes: FallbackNote[] }>;
  /** Keeps a captured job; written before it returns (throws when it cannot be), on disk at the next sync. */
  keep(job: CapturedJob): void;
  /** The job is in the journal now. */
  journaled(id: string): void;
  /** How the job's delivery to the printer ended. */
  delivered(id: string, outcome: DeliveryOutcome, reason?: DeliveryReason): void;
  /** A job the printer did not take is in the spooler's hands (or was reported as not printed). */
  handedOver(id: string): void;
  /** Resolves once everything written so far is on disk. */
  sync(): Promise<void>;
  /** Keeps a job and resolves once it is on disk (a job whose delivery is not followed). */
  append(job: CapturedJob): Promise<void>;
  /** Marks a job journaled and resolves once that is on disk. */
  acknowledge(id: string): Promise<void>;
  close(): Promise<void>;
}
