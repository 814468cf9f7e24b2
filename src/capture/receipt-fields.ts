import type { Money } from '../core/index.js';

/** What can be recognised on a captured receipt; the names rules files use. */
export const FieldNames = ['merchant', 'amount', 'printedAt', 'last4', 'referenceNo', 'voucherNo', 'batchNo', 'terminalId', 'operatorId'] as const;
export type FieldName = (typeof FieldNames)[number];

/** The time printed on the receipt, as printed, and as an instant once the store's zone is known. */
export interface PrintedTime {
  /** Wall-clock time as printed: "2026-11-26T19:47:31" (seconds 00 when not printed). */
  local: string;
  /** The same instant in UTC (ISO 8601), when the source's time zone is known. */
  utc?: string;
}

/** Fields recognised from a receipt's text. A field that was not found is absent, never guessed. */
export interface RecognisedFields {
  /** The shop's name: a 商户名称 / MERCHANT NAME field, else the first line of text. */
  merchant?: string;
  /** The amount paid (total, amount due), never tendered cash, change or a subtotal when a total is printed. */
  amount?: Money;
  printedAt?: PrintedTime;
  /** Last four digits of a masked card number. */
  last4?: string;
  referenceNo?: string;
  voucherNo?: string;
  batchNo?: string;
  terminalId?: string;
  operatorId?: string;
}

/** How one source prints: read from the rules file, with defaults for what it leaves out. */
export interface SourceRules {
  /** ISO 4217 currency of amounts without a sign; default CNY. */
  currency: string;
  /** How to read 05/06/2026. Unset: by the numbers when one is above 12, else the reading nearer the capture time. */
  dateOrder: 'dmy' | 'mdy' | undefined;
  /** The source's IANA time zone, to turn the printed wall time into an instant. */
  timeZone: string | undefined;
  /** The source's own patterns, tried before the built-in rules; each has a group named after its field. */
  patterns: Readonly<Partial<Record<FieldName, readonly RegExp[]>>>;
  /** False: only the source's own patterns are used. */
  builtIn: boolean;
}

export const DEFAULT_SOURCE_RULES: SourceRules = { currency: 'CNY', dateOrder: undefined, timeZone: undefined, patterns: {}, builtIn: true };
