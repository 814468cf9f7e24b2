import type { PaperId } from '../receipt/index.js';
import type { RecognisedFields } from './receipt-fields.js';

/**
 * What ended a job: a cut command, a pause in the data, the POS closing the connection, the
 * tap stopping, or the job reaching the most a tap keeps of one (a POS that never stops sending).
 */
export const JobEndings = ['cut', 'idle', 'close', 'stop', 'size'] as const;
export type JobEnding = (typeof JobEndings)[number];

/** How the job reached the tap: raw TCP (port 9100) or LPD. */
export const CaptureChannels = ['tcp', 'lpd'] as const;
export type CaptureChannel = (typeof CaptureChannels)[number];

/**
 * One print job as the tap captured it: what a journal keeps. Every full card number is
 * already masked in `bytes` and `text`; the unmasked bytes exist only on the wire to the
 * printer.
 */
export interface CapturedJob {
  /** Unique; the journal refuses a second job with the same id (a replay after a crash). */
  id: string;
  /** The tap's source name: one hash chain per source. */
  source: string;
  /** When the job ended (UTC, ISO 8601): the capture time. */
  capturedAt: string;
  /** When its first byte arrived. */
  startedAt: string;
  channel: CaptureChannel;
  /** The POS's address, "192.168.1.20:51234". */
  peer: string;
  /** Connection number within this run of the tap, and the job's number within it (1, 2, …): order within a connection. */
  connection: number;
  seq: number;
  endedBy: JobEnding;
  /** The job's bytes, card numbers masked in place (same length), so it reprints as the POS printed it. */
  bytes: Uint8Array;
  /** The text as printed, one line per printed line. */
  text: string;
  /** The bytes were read with GB18030 in Kanji mode from the start (Chinese printers), or in code page 437. */
  kanji: boolean;
  /** The paper the text was laid out for (the tap's --paper); absent in jobs from before it was kept: 80 mm. */
  paper?: PaperId;
  fields: RecognisedFields;
  /** How many card numbers were masked. */
  maskedNumbers: number;
  /** A card number could not be masked in the bytes (it was inside an image): the bytes were not kept, only the text. */
  bytesWithheld: boolean;
}

/**
 * Where captured jobs are journaled. Implemented on the SQL journal (a hash chain per
 * source); the tap's fallback file replays into the same port.
 */
export interface CaptureJournal {
  /**
   * Appends the job durably, at the end of its source's chain. Idempotent by id: a job
   * already on record resolves 'duplicate' and is not appended twice. Rejects when the
   * journal cannot be written (disk full, locked, unreachable): nothing was appended then.
   */
  append(job: CapturedJob): Promise<'appended' | 'duplicate'>;
  /** Lets go of what it holds (a thread, a connection); the tap calls it last when it stops. */
  close?(): Promise<void>;
}

/** A CapturedJob as JSON: the bytes in base64. */
export type CapturedJobJson = Omit<CapturedJob, 'bytes'> & { bytes: string };

export function capturedJobToJson(job: CapturedJob): CapturedJobJson {
  return { ...job, bytes: Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength).toString('base64') };
}

export function capturedJobFromJson(json: CapturedJobJson): CapturedJob {
  return { ...json, bytes: new Uint8Array(Buffer.from(json.bytes, 'base64')) };
}
