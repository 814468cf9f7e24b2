import { InputError, NotFoundError, parseTransactionId } from '../core/index.js';
import { JobKinds, captureChain, isCaptureId, type JobKind, type PrintJobRow, type StoreWriter } from '../journal/index.js';
import { encodeJobOptions, receiptOptionsOf, type PrintJobOptions, type ReceiptJobOptions } from './job-options.js';
import type { PrinterDirectory, PrinterTarget } from './printer-directory.js';
import { PrintConflictError } from './spooler-errors.js';
import { printerChain } from './spooler-events.js';

/** What may be printed, checked before anything is written. */
export interface EnqueueRequest {
  /** The sale; required for an original or duplicate. */
  transactionId?: string;
  /** Chain the job's events go to: the sale's terminal (checked, and the default), or any chain for a report. */
  terminalId?: string;
  /** A configured name or HOST:PORT. */
  printer: string;
  /** Overrides the printer's configured backup; null for none. */
  backup?: string | null;
  /** Default 'original'. */
  kind?: JobKind;
  /** 0 for an original or report (the default); n ≥ 1 for DUPLICATE n. */
  copy?: number;
  /** For the renderer: receipt options for an original or duplicate, the report's filters for a report (checked against the kind's schema). */
  options?: PrintJobOptions;
}

export interface CheckedRequest {
  kind: JobKind;
  copy: number;
  target: PrinterTarget;
  backup: string | null;
  /** Canonical JSON. */
  options: string;
}

const OPEN_STATES: readonly string[] = ['queued', 'sending', 'awaiting-ack'];
/** Duplicates that still count: a copy number is free again only if its job never printed. */
const LIVE_STATES: readonly string[] = ['queued', 'sending', 'awaiting-ack', 'printed', 'unknown'];

/** Kind, copy number, printer, backup and options of a request, or the InputError / NotFoundError naming what is wrong. */
export function checkRequest(request: EnqueueRequest, directory: PrinterDirectory): CheckedRequest {
  const kind = request.kind ?? 'original';
  if (!(JobKinds as readonly string[]).includes(kind)) throw new InputError('BAD_JOB_KIND', `unknown print job kind "${kind}"`, { hint: `use one of ${JobKinds.join(', ')}`, context: { value: kind, allowed: JobKinds } });
  if (kind === 'test-page') throw new InputError('BAD_JOB_KIND', 'a test page is not enqueued by hand', { hint: 'use testPage(printer) (`reissue printers --test-page NAME`)', context: { rule: 'test-page' } });
  const copy = request.copy ?? 0;
  if (kind === 'duplicate' ? !(Number.isInteger(copy) && copy >= 1) : copy !== 0) {
    throw new InputError('BAD_COPY', kind === 'duplicate' ? `a duplicate needs a copy number ≥ 1 (got ${copy})` : `an ${kind} is copy 0 (got ${copy})`, {
      hint: 'duplicates are numbered 1, 2, … by the reprint service; originals and reports are copy 0',
      context: { rule: kind === 'duplicate' ? 'duplicate' : 'zero', jobKind: kind, copy },
    });
  }
  const target = directory.resolve(request.printer);
  return { kind, copy, target, backup: backupOf(target, request.backup, directory), options: encodeJobOptions(kind, request.options) };
}

function backupOf(target: PrinterTarget, given: string | null | undefined, directory: PrinterDirectory): string | null {
  const name = given === undefined ? target.backup : given;
  if (name === undefined || name === null || name.trim() === '') return null;
  const backup = directory.resolve(name);
  if (backup.name === target.name) {
    throw new InputError('BACKUP_IS_PRINTER', `printer ${target.name} cannot be its own backup`, { hint: 'name another printer as backup, or none', context: { printer: target.name } });
  }
  return backup.name;
}

/**
 * The sale and chain of a job, checked inside the write that inserts it (so two enqueues of
 * one sale are decided one after the other): the sale must be on record, and an original is
 * refused while the sale has one printed, in flight, queued or of unknown outcome.
 */
export async function jobOwner(writer: StoreWriter, request: EnqueueRequest, checked: CheckedRequest, rules: OwnerRules = {}): Promise<{ transactionId: string; terminalId: string }> {
  const given = request.terminalId?.trim() || undefined;
  if (checked.kind === 'report') return { transactionId: '', terminalId: given ?? printerChain(checked.target.name) };
  if (request.transactionId === undefined || request.transactionId.trim() === '') {
    throw new InputError('NO_TRANSACTION', `an ${checked.kind} print needs the sale's transaction id`, { hint: 'e.g. 10023456-000128-000457 (see `reissue find`)', context: { jobKind: checked.kind } });
  }
  if (isCaptureId(request.transactionId)) return captureOwner(writer, request, checked, rules);
  parseTransactionId(request.transactionId);
  const transactionId = request.transactionId.trim();
  // An original needs only the sale's chain here, not its content hash (computed from its event's payload, read for it); a
  // duplicate's sale is checked again in this write (JournalWriter.checkRecord, which compares the hash): read with it once.
  const sale = await writer.transactionById(transactionId, checked.kind === 'duplicate');
  if (!sale) throw new NotFoundError('TRANSACTION_NOT_FOUND', `no transaction ${transactionId} on record`, { hint: 'record the sale first; a receipt is printed only for a journaled sale', context: { id: transactionId, rule: 'print' } });
  if (given !== undefined && given !== sale.terminalId) {
    throw new InputError('TERMINAL_MISMATCH', `${transactionId} belongs to terminal ${sale.terminalId}, not ${given}`, { hint: 'leave terminalId out; it is taken from the sale', context: { id: transactionId, terminalId: sale.terminalId, given } });
  }
  refuseDouble(checked, await writer.jobsOfTransaction(transactionId), sale.cardLast4 !== null);
  return { transactionId, terminalId: sale.terminalId };
}

export interface OwnerRules {
  /** The tap hands over a captured job its printer did not take: its original is printed by the spooler (see Spooler.takeCapture). */
  captureOriginal?: boolean;
}

/**
 * A captured receipt is printed by its POS; Reissue prints only duplicates of it, in its
 * source's chain (capture:SOURCE) — and the original of a job the tap could not get to the
 * printer, handed over by the tap.
 */
async function captureOwner(writer: StoreWriter, request: EnqueueRequest, checked: CheckedRequest, rules: OwnerRules): Promise<{ transactionId: string; terminalId: string }> {
  const id = (request.transactionId ?? '').trim();
  if (checked.kind !== 'duplicate' && !(checked.kind === 'original' && rules.captureOriginal === true)) {
    throw new InputError('CAPTURE_NOT_ORIGINAL', `${id} is a captured receipt: its POS printed the original; Reissue prints only duplicates of it`, { hint: 'reprint it as a duplicate (`reissue reprint ID`)', context: { id, jobKind: checked.kind } });
  }
  const capture = await writer.captureById(id);
  if (!capture) throw new NotFoundError('CAPTURE_NOT_FOUND', `no captured receipt ${id} on record`, { hint: 'look it up with `reissue find` (by time and amount, or --text)', context: { id } });
  const terminalId = captureChain(capture.source);
  const given = request.terminalId?.trim() || undefined;
  if (given !== undefined && given !== terminalId) {
    throw new InputError('TERMINAL_MISMATCH', `${id} belongs to terminal ${terminalId}, not ${given}`, { hint: 'leave terminalId out; it is taken from the sale', context: { id, terminalId, given } });
  }
  refuseDouble(checked, await writer.jobsOfTransaction(id));
  return { transactionId: id, terminalId };
}

/**
 * Which piece of paper an original is: its template and copy (a receipt and the bank slips
 * printed with it are separate originals). A job that names no template is the sale's whole
 * original, as jobs were before pieces: it stands in the way of every other original.
 */
function pieceOf({ template, copy }: ReceiptJobOptions, paidByCard: boolean): string | undefined {
  if (template === undefined) return undefined;
  // Only a card payment's block differs between the shop receipt's copies (the copy label, the
  // signature): without one, a "merchant copy" is the same paper again — a second unmarked original.
  return template === 'retail' && !paidByCard ? template : `${template}/${copy ?? ''}`;
}

/** No second original of a piece (or second DUPLICATE n) while one is printed, in flight, queued or of unknown outcome. */
function refuseDouble(checked: CheckedRequest, jobs: readonly PrintJobRow[], paidByCard = true): void {
  if (checked.kind === 'original') {
    // Checked against the original's schema in checkRequest; the stored ones are parsed again.
    const piece = pieceOf(JSON.parse(checked.options) as ReceiptJobOptions, paidByCard);
    const originals = jobs.filter((j) => {
      if (j.kind !== 'original') return false;
      const other = pieceOf(receiptOptionsOf(j), paidByCard);
      return piece === undefined || other === undefined || other === piece;
    });
    const printed = originals.find((j) => j.state === 'printed');
    if (printed) throw new PrintConflictError('ALREADY_PRINTED', printed);
    const unknown = originals.find((j) => j.state === 'unknown');
    if (unknown) throw new PrintConflictError('PRINT_OUTCOME_UNKNOWN', unknown);
    const open = originals.find((j) => OPEN_STATES.includes(j.state));
    if (open) throw new PrintConflictError('ALREADY_QUEUED', open);
  }
  if (checked.kind === 'duplicate') {
    const same = jobs.find((j) => j.kind === 'duplicate' && j.copy === checked.copy && LIVE_STATES.includes(j.state));
    if (same) throw new PrintConflictError('COPY_ALREADY_USED', same);
  }
}
