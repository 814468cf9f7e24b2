import { formatMoney } from '../core/index.js';
import type { CaptureRecordedPayload } from './events.js';
import type { JournaledTransaction } from './journal.js';
import type { StoredCapture } from './store.js';

/** A capture id as the tap makes them: "cap-" and 24 letters (no digits, so never mistaken for a card number). */
export const CAPTURE_ID = /^cap-[a-z]{24}$/;

export function isCaptureId(id: string): boolean {
  return CAPTURE_ID.test(id.trim());
}

/** A captured print job as journaled, its event rechecked against its chain. */
export interface JournaledCapture {
  id: string;
  /** The store whose tap captured it (this journal's own id at a shop). */
  storeId: string;
  capture: CaptureRecordedPayload;
  /** The chain it is in: capture:SOURCE. */
  chain: string;
  eventId: number;
  seq: number;
  recordedAt: string;
  hash: string;
}

/** A captured receipt as a search lists it: read from the index, not the payload. */
export interface CaptureListing {
  origin: 'capture';
  id: string;
  /** The shop it was captured in (the journal's own store id, or a shop's at head office). */
  storeId: string;
  source: string;
  /** The time printed on it when recognised, else when it was captured (ISO 8601 UTC): what --around matches. */
  occurredAt: string;
  capturedAt: string;
  /** The date and time as printed, when recognised ("2026-11-26T19:47:31"). */
  printedAt: string | null;
  amount: { minor: number; currency: string; value: string } | null;
  last4: string | null;
  referenceNo: string | null;
  voucherNo: string | null;
  batchNo: string | null;
  terminalId: string | null;
  operatorId: string | null;
  merchant: string | null;
  eventId: number;
  seq: number;
  recordedAt: string;
  hash: string;
}

/** A sale as a search lists it. */
export type SaleListing = JournaledTransaction & { origin: 'sale' };

/** One item of a search over everything the journal can reprint. */
export type ReceiptListing = SaleListing | CaptureListing;

export function captureListing({ row, event }: StoredCapture, ownStore: string | undefined): CaptureListing {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    origin: 'capture',
    id: row.id,
    storeId: row.storeId === '' ? (ownStore ?? '') : row.storeId,
    source: row.source,
    occurredAt: iso(row.occurredAt),
    capturedAt: iso(row.capturedAt),
    printedAt: row.printedLocal,
    amount: row.amountMinor === null || row.currency === null ? null : { minor: row.amountMinor, currency: row.currency, value: formatMoney({ minor: row.amountMinor, currency: row.currency }) },
    last4: row.cardLast4,
    referenceNo: row.referenceNo,
    voucherNo: row.voucherNo,
    batchNo: row.batchNo,
    terminalId: row.terminalId,
    operatorId: row.operatorId,
    merchant: row.merchant,
    eventId: event.id,
    seq: event.seq,
    recordedAt: event.recordedAt,
    hash: event.hash,
  };
}
