import type { z } from 'zod';
import type { Journal, PrintJobRow } from '../journal/index.js';
import { FINAL_JOB_STATES } from '../journal/index.js';
import { DEFAULT_API_LANGUAGE, JOB_STATE_WORDS, auditWhy, conditionCodes, conditionText, jobDetailText, localiseError, noticeText, type Language } from '../i18n/index.js';
import { PRINTER_NAME, readJobDetail, type PrinterReport } from '../printer/index.js';
import type { ReceiptLanguage } from '../receipt/index.js';
import { withoutNetworkDetails } from './network-details.js';
import type { replicaNoticeView } from './schemas.js';

/** A print job as the API shows it: ISO 8601 times, no renderer options. */
export interface JobView {
  id: number;
  transactionId: string | null;
  kind: PrintJobRow['kind'];
  copy: number;
  /** Null when it is an address the reader may not see (shownPrinter). */
  printer: string | null;
  backup: string | null;
  state: PrintJobRow['state'];
  /** The job will not change any more. */
  final: boolean;
  attempts: number;
  detail: string | null;
  /** What the detail says, as a code (held, retry, expired …), for programs. */
  detailCode: string | null;
  /** The detail in the reader's language ("暂停：缺纸"). */
  detailText: string | null;
  /** The state in the reader's language ("排队中", "已打印"). */
  stateText: string;
  paperMm: number;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  reroutedFrom: number | null;
  /** Where to poll it. */
  href: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A printer as a reader sees it named: by its name (a configured printer's, or any name-like
 * word) always; by a network address or device path — a printer given by address on the
 * command line or to a tap — only when `addresses` (whoever manages printers: with an address
 * anyone could print past the spooler and its journal), else null.
 */
export function shownPrinter(printer: string, addresses: boolean): string | null {
  return addresses || PRINTER_NAME.test(printer) ? printer : null;
}

/** A job as the API answers it; `addresses`: whether the reader may see printers' addresses (shownPrinter). */
export function jobView(job: PrintJobRow, language: Language = DEFAULT_API_LANGUAGE, addresses = false): JobView {
  const said = job.detail === null ? null : withoutNetworkDetails(job.detail);
  const detail = said ? readJobDetail(said) : undefined;
  return {
    id: job.id,
    transactionId: job.transactionId === '' ? null : job.transactionId,
    kind: job.kind,
    copy: job.copy,
    printer: shownPrinter(job.printer, addresses),
    backup: job.backup === null ? null : shownPrinter(job.backup, addresses),
    state: job.state,
    final: FINAL_JOB_STATES.includes(job.state),
    attempts: job.attempts,
    detail: said,
    detailCode: detail?.code ?? null,
    detailText: detail ? jobDetailText(detail, language) : null,
    stateText: JOB_STATE_WORDS[job.state]?.[language] ?? job.state,
    paperMm: job.paperMm,
    createdAt: iso(job.createdAt),
    updatedAt: iso(job.updatedAt),
    expiresAt: iso(job.expiresAt),
    reroutedFrom: job.reroutedFrom,
    href: `/api/v1/jobs/${job.id}`,
  };
}

const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/**
 * A printer as GET /api/v1/printers shows it: ISO 8601 times, and the language it prints
 * (null: each receipt's own). Its status words are journaled English ("paper out"), kept as
 * they are; beside them stand their codes (`conditions`, `heldCodes`) and the words in the
 * reader's language (`statusText`, `heldText`): the printers page shows 暂停：缺纸.
 */
export function printerView(p: PrinterReport, language: ReceiptLanguage | null, reader: Language = DEFAULT_API_LANGUAGE) {
  const states = [...p.status.split(/\s*,\s*/), ...p.warnings];
  const { lastErrorRule, ...report } = p;
  return {
    ...report,
    lastError: p.lastError === null ? null : withoutNetworkDetails(p.lastError),
    lastErrorText: lastErrorText(p, reader),
    language,
    conditions: conditionCodes(states),
    statusText: conditionText(states, reader),
    heldCodes: p.held === null ? null : conditionCodes(p.held),
    heldText: p.held === null ? null : conditionText(p.held, reader),
    checkedAt: isoOrNull(p.checkedAt),
    lastCleanedAt: isoOrNull(p.lastCleanedAt),
    lastPrintedAt: isoOrNull(p.lastPrintedAt),
  };
}
export type PrinterView = ReturnType<typeof printerView>;

/**
 * Why the printer could not be asked, by the error's code, in the reader's language. Said
 * without the error's values (its address), as `lastError` leaves out the network details.
 */
function lastErrorText(p: PrinterReport, reader: Language): string | null {
  if (p.lastError === null || p.lastErrorCode === null) return null;
  const said = localiseError({ code: p.lastErrorCode, message: withoutNetworkDetails(p.lastError), context: p.lastErrorRule === null ? {} : { rule: p.lastErrorRule } }, reader);
  return said.hint ? `${said.detail}${reader === 'zh' ? '：' : ': '}${said.hint}` : said.detail;
}

/**
 * `{replica}` when `journal` reads a hot standby: how far behind the primary it was just
 * after the search (asked after, so a lag that hid something is never missed); else nothing.
 */
export async function replicaNotice(journal: Journal, reader: Language): Promise<{ replica?: z.output<typeof replicaNoticeView> }> {
  const lag = await journal.replicaLag();
  if (lag === undefined) return {};
  const code = lag.bytes > 0 ? 'REPLICA_BEHIND' : 'REPLICA_CAUGHT_UP';
  return { replica: { behindBytes: lag.bytes, code, text: noticeText(code, { bytes: lag.bytes }, reader) } };
}

/**
 * An audit entry as the API answers it: with `why`, in the reader's language, when it records
 * a refusal or an alarm — its error code's title (print.refused, a shop's chain alarm at head
 * office) or what an integrity alert found wrong with a record. The journaled fields are as
 * they were written, but for a printer's address the reader may not see (shownPrinter); `why`
 * is not part of the hashed event.
 */
export function auditEntryView(entry: Record<string, unknown>, reader: Language, addresses = false): Record<string, unknown> {
  const why = auditWhy(entry, reader);
  // A printer given by address (a print from the command line) is shown as printers' addresses are.
  if (typeof entry.printer === 'string' && shownPrinter(entry.printer, addresses) === null) entry = { ...entry, printer: null };
  return why === undefined ? entry : { ...entry, why };
}
