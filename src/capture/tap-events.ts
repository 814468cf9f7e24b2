import type { CaptureChannel, JobEnding } from './capture-journal.js';
import type { RecognisedFields } from './receipt-fields.js';

/**
 * What became of a job on its way to the printer. 'sent': the printer took all of it;
 * 'not-sent': no printer could be reached; 'partly-sent': the printer went away in the
 * middle of it; 'unconfirmed': all of it went out but the link failed before the printer
 * could have had it for certain. Anything but 'sent' is handed over (phase 2: the spooler).
 */
export const DeliveryOutcomes = ['sent', 'not-sent', 'partly-sent', 'unconfirmed'] as const;
export type DeliveryOutcome = (typeof DeliveryOutcomes)[number];

/** Everything the tap reports. No event carries a card number, receipt text or raw bytes. */
export type TapEvent =
  | { type: 'listening'; channel: CaptureChannel; host: string; port: number }
  | { type: 'connection-opened'; connection: number; channel: CaptureChannel; peer: string }
  | { type: 'connection-closed'; connection: number; channel: CaptureChannel; peer: string; jobs: number }
  | { type: 'printer-connected'; connection: number; printer: string; backup: boolean }
  | { type: 'printer-lost'; connection: number; printer: string; code: string; message: string }
  | {
      type: 'job-captured';
      connection: number;
      seq: number;
      id: string;
      source: string;
      bytes: number;
      endedBy: JobEnding;
      maskedNumbers: number;
      fields: Pick<RecognisedFields, 'amount' | 'printedAt' | 'last4'>;
    }
  | { type: 'job-skipped'; connection: number; seq: number; bytes: number; reason: 'nothing-printed' | 'unreadable' }
  | { type: 'job-kept'; id: string; source: string; where: 'journal' | 'fallback'; duplicate?: boolean; backlog: number }
  | { type: 'job-delivered'; connection: number; seq: number; outcome: DeliveryOutcome; id?: string }
  | { type: 'job-handed-over'; id: string; outcome: Exclude<DeliveryOutcome, 'sent'> }
  | { type: 'journal-up'; backlog: number }
  | { type: 'warning'; code: string; message: string; hint: string; context?: Record<string, unknown> };
